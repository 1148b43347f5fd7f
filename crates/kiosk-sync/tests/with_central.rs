//! The kiosk's sync worker against the real central system over mutual TLS on loopback, on
//! SQLite and on PostgreSQL (when the test command started one), through a TCP proxy that
//! can take the central system away or swallow its answers.

mod common;

use std::{path::Path, sync::atomic::Ordering, time::Duration};

use common::{DOWN, PASS, SWALLOW_ANSWER, Setup, backends, runtime, setup};
use kiosk_protocol::{EventPayload, SessionEnded};
use kiosk_store::{NewOutboxEvent, Store, StoreKey};
use kiosk_sync::{CentralClient, Credential, CredentialPaths, SyncConfig, SyncError, SyncWorker};

/// Queues `n` session events the way the kiosk does: each in its own transaction.
fn queue(store_path: &Path, key: &Path, kiosk_id: &str, n: usize) -> Vec<uuid::Uuid> {
    let key = StoreKey::from_file(key).expect("key");
    let mut store = Store::open(store_path, &key).expect("store");
    (0..n)
        .map(|i| {
            let payload = EventPayload::SessionEnded(SessionEnded {
                session_id: uuid::Uuid::new_v4(),
                branch_id: "DEMO-01".into(),
                kiosk_id: kiosk_id.into(),
                reason: kiosk_domain::EndReason::IdleTimeout,
                duration_seconds: i as u64,
            });
            let event = NewOutboxEvent::new(payload.kind(), &payload).expect("encodes");
            store
                .transaction(|tx| tx.enqueue(&event).map(drop))
                .expect("queued");
            event.idempotency_key
        })
        .collect()
}

/// Runs cycles until the outbox is empty; returns how many events the central system
/// reported as redeliveries.
async fn drain(worker: &mut SyncWorker) -> usize {
    let mut repeated = 0;
    for _ in 0..200 {
        if let Ok(report) = worker.run_once().await {
            repeated += report.push.repeated;
        }
        if worker.store().outbox_depth().expect("depth") == 0 {
            return repeated;
        }
    }
    panic!("the outbox did not drain");
}

#[test]
fn a_backlog_queued_offline_drains_with_nothing_lost_or_doubled() {
    runtime().block_on(async {
        for backend in backends() {
            let Setup {
                _dir: dir,
                central,
                proxy,
                mut worker,
            } = setup(backend, "K-OFF").await;
            proxy.set(DOWN);
            let keys = queue(
                &Store::file_in(&dir.path().join("kiosk")),
                &dir.path().join("store.key"),
                "K-OFF",
                3000,
            );
            let offline = worker.run_once().await;
            assert!(
                matches!(offline, Err(SyncError::Offline(_))),
                "{backend}: {offline:?}"
            );
            assert!(!worker.handle().status().online);
            assert_eq!(worker.handle().status().outbox_depth, 3000);

            proxy.set(PASS);
            drain(&mut worker).await;
            assert_eq!(
                central.db.event_count().await.expect("count"),
                3000,
                "{backend}: no duplicates"
            );
            assert_eq!(
                central.db.count_known(&keys).await.expect("known"),
                3000,
                "{backend}: nothing lost"
            );
            assert!(worker.handle().status().online);
            central.stop();
        }
    });
}

#[test]
fn an_answer_lost_after_the_commit_does_not_duplicate() {
    runtime().block_on(async {
        for backend in backends() {
            let Setup {
                _dir: dir,
                central,
                proxy,
                mut worker,
            } = setup(backend, "K-CUT").await;
            let keys = queue(
                &Store::file_in(&dir.path().join("kiosk")),
                &dir.path().join("store.key"),
                "K-CUT",
                1200,
            );
            proxy.set(SWALLOW_ANSWER);
            let cut = worker.run_once().await;
            assert!(
                cut.is_err(),
                "{backend}: the first push loses its answer: {cut:?}"
            );
            assert_eq!(proxy.swallowed.load(Ordering::SeqCst), 1);
            let committed = central.db.event_count().await.expect("count");
            assert!(
                committed > 0,
                "{backend}: the central system committed before the cut"
            );
            assert_eq!(
                worker.store().outbox_depth().expect("depth"),
                1200,
                "{backend}: the kiosk still holds them all"
            );

            let repeated = drain(&mut worker).await;
            assert_eq!(
                repeated as i64, committed,
                "{backend}: the lost batch came again and was recognised"
            );
            assert_eq!(
                central.db.event_count().await.expect("count"),
                1200,
                "{backend}: redelivery added nothing twice"
            );
            assert_eq!(
                central.db.count_known(&keys).await.expect("known"),
                1200,
                "{backend}"
            );
            central.stop();
        }
    });
}

#[test]
fn a_letter_key_and_a_revoked_letter_reach_the_kiosk_store() {
    runtime().block_on(async {
        for backend in backends() {
            let Setup {
                _dir: dir,
                central,
                proxy: _proxy,
                mut worker,
            } = setup(backend, "K-LET").await;
            let member = &kiosk_central::seed::members(&["DEMO-01".into()], 1, 5)[0];
            central
                .db
                .insert_members(std::slice::from_ref(member))
                .await
                .expect("member");
            let signer =
                kiosk_central::letters::key_file::load(&dir.path().join("pki")).expect("key");
            let today = time::macros::date!(2026 - 11 - 02);
            let kvnr = member.snapshot.kvnr.parse().expect("kvnr");
            let letter = kiosk_central::letters::issue(&central.db, &signer, &kvnr, 60, today)
                .await
                .expect("issued");

            worker.run_once().await.expect("synced");
            let stored = worker.store().letter_keys().expect("keys");
            assert_eq!(stored.len(), 1, "{backend}");
            let keys = kiosk_letter::TrustedKeys::from_base64(
                stored.iter().map(|k| (&k.key_id, &k.public_key)),
            )
            .expect("usable");
            let verified = kiosk_letter::verify(&letter.token, &keys, today).expect("verifies");
            let id = verified.letter_id().to_string();
            assert!(
                !worker
                    .store()
                    .is_revoked(kiosk_sync::REVOKED_LETTER, &id)
                    .expect("query")
            );

            central.db.revoke_letter(&id).await.expect("revoked");
            worker.run_once().await.expect("synced");
            assert!(
                worker
                    .store()
                    .is_revoked(kiosk_sync::REVOKED_LETTER, &id)
                    .expect("query"),
                "{backend}"
            );
            central.stop();
        }
    });
}

#[test]
fn a_certificate_near_its_end_is_renewed_and_the_old_one_retired_on_first_use() {
    runtime().block_on(async {
        for backend in backends() {
            let Setup {
                _dir: dir,
                central,
                proxy,
                worker,
            } = setup(backend, "K-REN").await;
            drop(worker);
            let url = format!("https://127.0.0.1:{}", proxy.port);
            let ca = dir.path().join("pki/ca.pem");
            let paths = CredentialPaths::in_data_dir(&dir.path().join("kiosk"));
            let old = Credential::load(&paths).expect("enrolled");
            // The central system issues for 397 days: renewing 400 days ahead renews now.
            let root = kiosk_central::letters::root_file::load_public(&dir.path().join("pki"))
                .expect("root");
            let mut config = SyncConfig::new(&url, ca.clone(), paths.clone(), "K-REN", root);
            let store_path = Store::file_in(&dir.path().join("kiosk"));
            let key_file = dir.path().join("store.key");
            let key = StoreKey::from_file(&key_file).expect("key");
            let open = || Store::open(&store_path, &key).expect("store");
            // A fresh certificate is no cause for a warning; one inside `warn_before` is.
            let fresh = SyncWorker::new(config.clone(), open()).expect("worker");
            assert!(!fresh.handle().status().credential_expiring);
            drop(fresh);
            config.warn_before = Duration::from_secs(400 * 24 * 3600);
            let warned = SyncWorker::new(config.clone(), open()).expect("worker");
            assert!(warned.handle().status().credential_expiring, "{backend}");
            drop(warned);
            config.warn_before = Duration::ZERO;
            config.renew_before = Duration::from_secs(400 * 24 * 3600);
            let mut worker = SyncWorker::new(config, open()).expect("worker");

            queue(&store_path, &key_file, "K-REN", 2);
            worker.run_once().await.expect("a cycle, then the renewal");
            let renewed = Credential::load(&paths).expect("renewed");
            assert_ne!(renewed.fingerprint(), old.fingerprint(), "{backend}");
            assert!(renewed.not_after() >= old.not_after());
            let previous = dir.path().join("kiosk/credential.previous");
            assert!(
                previous.join("kiosk.key").exists(),
                "the old one is kept aside"
            );
            assert!(!dir.path().join("kiosk/credential.renewed").exists());

            // Until the new certificate is used the old one still works: an answer lost on the
            // way would cost nothing.
            let old_client = CentralClient::new(&url, &ca, Some(&old)).expect("client");
            old_client
                .pull(0, 1)
                .await
                .expect("the old one is still accepted");

            // The worker goes on with the new one; from then on the old one is refused.
            queue(&store_path, &key_file, "K-REN", 1);
            let report = worker
                .run_once()
                .await
                .expect("a cycle with the renewed one");
            assert_eq!(report.push.applied, 1, "{backend}");
            assert!(
                matches!(old_client.pull(0, 1).await, Err(SyncError::Unauthenticated)),
                "{backend}: the old certificate is retired"
            );
            assert_eq!(worker.store().outbox_depth().expect("depth"), 0);

            // A revoked kiosk gets no new certificate.
            central.db.revoke_kiosk("K-REN").await.expect("revoked");
            let current = Credential::load(&paths).expect("current");
            let client = CentralClient::new(&url, &ca, Some(&current)).expect("client");
            let refused = kiosk_sync::renew(&client, &paths, "K-REN").await;
            assert!(
                matches!(refused, Err(SyncError::Revoked)),
                "{backend}: {refused:?}"
            );
            assert_eq!(
                Credential::load(&paths).expect("kept").fingerprint(),
                current.fingerprint(),
                "a refused renewal changes nothing"
            );
            central.stop();
        }
    });
}

#[test]
fn delivered_waits_for_the_outbox_and_gives_up_while_the_central_is_gone() {
    runtime().block_on(async {
        for backend in backends() {
            let Setup {
                _dir: dir,
                central,
                proxy,
                worker,
            } = setup(backend, "K-DEL").await;
            let store_path = Store::file_in(&dir.path().join("kiosk"));
            let key = dir.path().join("store.key");
            proxy.set(DOWN);
            let thread = worker.spawn().expect("thread");
            let handle = thread.handle();
            let keys = queue(&store_path, &key, "K-DEL", 5);
            assert!(
                !handle.delivered(Duration::from_secs(2)).await,
                "{backend}: the central system is gone"
            );
            proxy.set(PASS);
            // The worker may be backing off (a wake does not shorten that): a generous bound.
            assert!(
                handle.delivered(Duration::from_secs(60)).await,
                "{backend}: delivered once it is back"
            );
            assert_eq!(central.db.count_known(&keys).await.expect("known"), 5);
            // Already empty: one more cycle confirms it.
            assert!(handle.delivered(Duration::from_secs(60)).await);
            thread.stop();
            central.stop();
        }
    });
}
