//! Activation letters on SQLite and PostgreSQL: issuing (the token verifies with the key a
//! kiosk pulls, endorsed by the letter root it pins), revoking letters and letter keys
//! (reaches every kiosk's pull), key rotation, and the commands.

mod common;

use std::process::Command;

use common::{TestCentral, TestKiosk, backends};
use kiosk_central::{
    db::{NewMember, Revocation},
    letters::{self, IssueError, key_file, root_file},
};
use kiosk_domain::Kvnr;
use kiosk_letter::{LetterError, TrustedKeys, verify};
use kiosk_protocol::{ChangeItem, InsuranceStatus, MemberSnapshot};
use time::{Date, macros::date};

const TODAY: Date = date!(2026 - 11 - 02);

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn member(kvnr: &str, branch: &str) -> NewMember {
    NewMember {
        branch_id: branch.into(),
        snapshot: MemberSnapshot {
            kvnr: kvnr.into(),
            first_name: "Käthe".into(),
            last_name: "Müller".into(),
            birth_date: "1964-08-12".into(),
            insurer: "Gesundheitskasse Nord (Demo)".into(),
            member_since: "2001-01-01".into(),
            status: InsuranceStatus::Mandatory,
            family: vec![],
            version: 1,
        },
        phone: None,
        email: None,
        postal_address: Some("Lindenallee 7, 20095 Hamburg".into()),
    }
}

fn kvnr(text: &str) -> Kvnr {
    text.parse().expect("kvnr")
}

/// Everything the kiosk would pull from the start.
async fn pull_all(kiosk: &TestKiosk) -> Vec<ChangeItem> {
    let mut cursor = 0;
    let mut items = Vec::new();
    loop {
        let page = kiosk.pull(cursor, 1000).await;
        items.extend(page.changes.into_iter().map(|c| c.item));
        cursor = page.next_cursor;
        if !page.more {
            return items;
        }
    }
}

/// A central system with one member's letter issued, and two kiosks in different branches.
async fn letter_and_two_kiosks(backend: &str) -> (TestCentral, String, TestKiosk, TestKiosk) {
    let central = TestCentral::start(backend).await;
    central
        .db
        .insert_members(&[member("A123456780", "DEMO-01")])
        .await
        .expect("member");
    let signer = key_file::load(&central.config.pki_dir).expect("key");
    // Issued today: the central system checks a reported use against its own calendar.
    let today = kiosk_domain::berlin::date(time::OffsetDateTime::now_utc());
    let letter = letters::issue(&central.db, &signer, &kvnr("A123456780"), 30, today)
        .await
        .expect("issued");
    let here = central.enroll("K-1", "DEMO-01").await;
    let there = central.enroll("K-9", "DEMO-03").await;
    (central, letter.letter_id.to_string(), here, there)
}

/// The letter keys in pulled items, as a kiosk pinning the central system's letter root
/// would trust them.
fn trusted_keys(central: &TestCentral, items: &[ChangeItem]) -> TrustedKeys {
    let root = root_file::load_public(&central.config.pki_dir).expect("init-pki made a root");
    let mut keys = TrustedKeys::new();
    for item in items {
        if let ChangeItem::LetterKey {
            key_id,
            public_key,
            endorsement,
        } = item
        {
            keys.insert_endorsed(&root, key_id, public_key, endorsement.as_deref())
                .expect("pulled keys are endorsed");
        }
    }
    keys
}

#[test]
fn a_letter_is_issued_only_for_a_member_and_verifies_with_the_pulled_key() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            central
                .db
                .insert_members(&[member("A123456780", "DEMO-01")])
                .await
                .expect("member");
            let signer = key_file::load(&central.config.pki_dir).expect("init-pki made a key");

            let unknown =
                letters::issue(&central.db, &signer, &kvnr("M000000007"), 60, TODAY).await;
            assert!(
                matches!(unknown, Err(IssueError::UnknownMember)),
                "{backend}: {unknown:?}"
            );
            let too_long =
                letters::issue(&central.db, &signer, &kvnr("A123456780"), 61, TODAY).await;
            assert!(matches!(too_long, Err(IssueError::Days)), "{backend}");

            let letter = letters::issue(&central.db, &signer, &kvnr("A123456780"), 60, TODAY)
                .await
                .expect("issued");
            assert_eq!(letter.expires, date!(2027 - 01 - 01));
            assert_eq!(letter.token.len(), kiosk_letter::TOKEN_LEN);
            assert_eq!(letter.pdf.qr_version, 6);
            assert!(letter.pdf.pdf.starts_with(b"%PDF-"));
            let record = central
                .db
                .letter(&letter.letter_id.to_string())
                .await
                .expect("query")
                .expect("recorded");
            assert_eq!(record.kvnr, "A123456780");
            assert_eq!(record.key_id, signer.key_id().to_string());
            assert_eq!(
                (record.issued.as_str(), record.expires.as_str()),
                ("2026-11-02", "2027-01-01")
            );
            assert_eq!(record.revoked_at, None);

            // A kiosk of another branch gets the key (fleet-wide) and verifies the letter.
            let kiosk = central.enroll("K-2", "DEMO-02").await;
            let items = pull_all(&kiosk).await;
            let keys = trusted_keys(&central, &items);
            assert_eq!(keys.len(), 1, "{backend}: announced once");
            let verified = verify(&letter.token, &keys, date!(2026 - 11 - 20)).expect("verifies");
            assert_eq!(verified.kvnr().as_str(), "A123456780");
            assert_eq!(verified.letter_id(), &letter.letter_id);
            assert_eq!(
                verify(&letter.token, &keys, date!(2027 - 01 - 02)).map(drop),
                Err(LetterError::Expired {
                    letter_id: letter.letter_id,
                    expires: date!(2027 - 01 - 01)
                })
            );
        }
    });
}

#[test]
fn a_revoked_letter_reaches_every_kiosk_and_is_revoked_once() {
    rt().block_on(async {
        for backend in backends() {
            let (central, id, here, there) = letter_and_two_kiosks(backend).await;
            let before = here.pull(0, 1000).await.next_cursor;

            assert_eq!(
                central.db.revoke_letter(&id).await.expect("revoke"),
                Revocation::Revoked
            );
            assert_eq!(
                central.db.revoke_letter(&id).await.expect("revoke"),
                Revocation::AlreadyRevoked
            );
            assert_eq!(
                central
                    .db
                    .revoke_letter("00000000000000000000000000000000")
                    .await
                    .expect("revoke"),
                Revocation::Unknown
            );

            let after = here.pull(before, 1000).await;
            assert_eq!(
                after.changes.iter().map(|c| &c.item).collect::<Vec<_>>(),
                vec![&ChangeItem::LetterRevoked {
                    letter_id: id.clone()
                }],
                "{backend}: one revocation, once"
            );
            assert!(
                pull_all(&there).await.contains(&ChangeItem::LetterRevoked {
                    letter_id: id.clone()
                }),
                "{backend}: fleet-wide"
            );
            let record = central.db.letter(&id).await.expect("query").expect("there");
            assert!(record.revoked_at.is_some());
        }
    });
}

#[test]
fn a_letter_used_at_one_kiosk_is_used_for_every_kiosk_once() {
    rt().block_on(async {
        for backend in backends() {
            let (central, id, here, there) = letter_and_two_kiosks(backend).await;
            let before = there.pull(0, 1000).await.next_cursor;

            let used = |kiosk: &common::TestKiosk| kiosk_protocol::OutboundEvent {
                idempotency_key: uuid::Uuid::new_v4(),
                occurred_at: "2026-11-29T10:00:00Z".into(),
                payload: kiosk_protocol::EventPayload::IdentificationSucceeded(
                    kiosk_protocol::IdentificationSucceeded {
                        session_id: uuid::Uuid::new_v4(),
                        branch_id: kiosk.branch_id.clone(),
                        kiosk_id: kiosk.kiosk_id.clone(),
                        method: kiosk_domain::IdentificationMethod::Letter,
                        trust_level: "substantial".into(),
                        letter_id: Some(id.clone()),
                        staff: None,
                    },
                ),
            };
            let first = here.push(&[used(&here)]).await;
            assert_eq!(
                first.results[0].outcome,
                kiosk_protocol::EventOutcome::Applied
            );
            // A second use (another kiosk, offline at the time) changes nothing more, and is
            // flagged: nothing can rest on it.
            let second = there.push(&[used(&there)]).await;
            assert_eq!(
                second.results[0].outcome,
                kiosk_protocol::EventOutcome::Rejected {
                    reason: "letterAlreadyUsed".into()
                },
                "{backend}"
            );

            let after = there.pull(before, 1000).await;
            let items: Vec<&ChangeItem> = after.changes.iter().map(|c| &c.item).collect();
            assert_eq!(
                items,
                vec![&ChangeItem::LetterUsed {
                    letter_id: id.clone()
                }],
                "{backend}: every kiosk learns it, once"
            );
            let record = central.db.letter(&id).await.expect("query").expect("there");
            assert!(record.used_at.is_some(), "{backend}");
        }
    });
}

#[test]
fn a_letter_locked_at_one_kiosk_is_locked_at_every_kiosk_until_staff_unlock_it() {
    rt().block_on(async {
        for backend in backends() {
            let (central, id, here, there) = letter_and_two_kiosks(backend).await;
            let before = there.pull(0, 1000).await.next_cursor;

            let event = |payload| kiosk_protocol::OutboundEvent {
                idempotency_key: uuid::Uuid::new_v4(),
                occurred_at: "2026-11-29T10:00:00Z".into(),
                payload,
            };
            let refused = |reason: &str, attempts_left| {
                event(kiosk_protocol::EventPayload::IdentificationRefused(
                    kiosk_protocol::IdentificationRefused {
                        session_id: uuid::Uuid::new_v4(),
                        branch_id: here.branch_id.clone(),
                        kiosk_id: here.kiosk_id.clone(),
                        reason: reason.into(),
                        letter_id: Some(id.clone()),
                        attempts_left,
                    },
                ))
            };
            // Two wrong dates of birth change nothing elsewhere; the third locks it everywhere.
            here.push(&[
                refused("birthDateMismatch", Some(2)),
                refused("birthDateMismatch", Some(1)),
                refused("lockedNow", Some(0)),
            ])
            .await;
            // Reported again (after a restore, say): no second lock.
            here.push(&[refused("lockedNow", Some(0))]).await;
            let locked = there.pull(before, 1000).await;
            let items: Vec<&ChangeItem> = locked.changes.iter().map(|c| &c.item).collect();
            assert_eq!(
                items,
                vec![&ChangeItem::LetterLocked {
                    letter_id: id.clone()
                }],
                "{backend}"
            );

            let unlocked =
                kiosk_protocol::EventPayload::LetterUnlocked(kiosk_protocol::LetterUnlocked {
                    branch_id: here.branch_id.clone(),
                    kiosk_id: here.kiosk_id.clone(),
                    letter_id: id.clone(),
                    staff_id: "S-1234".into(),
                    session_id: None,
                });
            // A kiosk's word is not enough: the central system cannot check a staff sign-in.
            let answer = here.push(&[event(unlocked)]).await;
            assert_eq!(
                answer.results[0].outcome,
                kiosk_protocol::EventOutcome::Rejected {
                    reason: "staffAuthenticationRequired".into()
                }
            );
            assert!(
                there
                    .pull(locked.next_cursor, 1000)
                    .await
                    .changes
                    .is_empty()
            );
            assert_eq!(
                central.db.unlock_letter(&id).await.expect("unlock"),
                kiosk_central::db::Unlock::Unlocked
            );
            let after = there.pull(locked.next_cursor, 1000).await;
            let items: Vec<&ChangeItem> = after.changes.iter().map(|c| &c.item).collect();
            assert_eq!(
                items,
                vec![&ChangeItem::LetterUnlocked {
                    letter_id: id.clone()
                }],
                "{backend}"
            );
        }
    });
}

#[test]
fn after_a_rotation_kiosks_hold_both_keys_and_old_letters_stay_valid() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            central
                .db
                .insert_members(&[member("A123456780", "DEMO-01")])
                .await
                .expect("member");
            let dir = &central.config.pki_dir;
            let old = key_file::load(dir).expect("key");
            let old_letter = letters::issue(&central.db, &old, &kvnr("A123456780"), 60, TODAY)
                .await
                .expect("issued");

            let retired = key_file::retire(dir).expect("retired");
            assert_eq!(retired, Some(old.key_id()));
            let taken = vec![old.key_id().to_string()];
            let root = root_file::load(dir).expect("root");
            let new_id = key_file::next_key_id(2026, &taken).expect("id");
            let new = key_file::create(dir, new_id, &root).expect("new key");
            assert_ne!(new.key_id(), old.key_id());
            letters::register_key(&central.db, &new)
                .await
                .expect("announced");
            let new_letter = letters::issue(&central.db, &new, &kvnr("A123456780"), 60, TODAY)
                .await
                .expect("issued");

            let kiosk = central.enroll("K-1", "DEMO-01").await;
            let keys = trusted_keys(&central, &pull_all(&kiosk).await);
            assert_eq!(keys.len(), 2, "{backend}");
            for token in [&old_letter.token, &new_letter.token] {
                assert!(verify(token, &keys, TODAY).is_ok(), "{backend}");
            }
            // Announcing a key id again with another key is refused.
            let elsewhere = tempfile::tempdir().expect("tempdir");
            let clash = key_file::create(elsewhere.path(), new_id, &root).expect("key");
            assert!(matches!(
                letters::register_key(&central.db, &clash).await,
                Err(IssueError::KeyConflict(_))
            ));
        }
    });
}

#[test]
fn a_revoked_letter_key_reaches_every_kiosk_and_its_letters_identify_no_one() {
    rt().block_on(async {
        for backend in backends() {
            let (central, letter_id, here, there) = letter_and_two_kiosks(backend).await;
            let signer = key_file::load(&central.config.pki_dir).expect("key");
            let key_id = signer.key_id().to_string();
            let before = there.pull(0, 1000).await.next_cursor;

            let revoked = central.db.revoke_letter_key(&key_id).await.expect("revoke");
            assert_eq!(revoked, Revocation::Revoked, "{backend}");
            let again = central.db.revoke_letter_key(&key_id).await.expect("revoke");
            assert_eq!(again, Revocation::AlreadyRevoked, "{backend}");
            let unknown = central.db.revoke_letter_key("Z99Z").await.expect("revoke");
            assert_eq!(unknown, Revocation::Unknown, "{backend}");

            let items: Vec<ChangeItem> = there
                .pull(before, 1000)
                .await
                .changes
                .into_iter()
                .map(|c| c.item)
                .collect();
            assert_eq!(
                items,
                vec![ChangeItem::LetterKeyRevoked { key_id }],
                "{backend}: every kiosk learns it, once"
            );

            // A kiosk that had not heard yet reports the letter used: refused, nothing rests on it.
            let identified = kiosk_protocol::OutboundEvent {
                idempotency_key: uuid::Uuid::new_v4(),
                occurred_at: time::OffsetDateTime::now_utc()
                    .format(&time::format_description::well_known::Rfc3339)
                    .expect("now"),
                payload: kiosk_protocol::EventPayload::IdentificationSucceeded(
                    kiosk_protocol::IdentificationSucceeded {
                        session_id: uuid::Uuid::new_v4(),
                        branch_id: here.branch_id.clone(),
                        kiosk_id: here.kiosk_id.clone(),
                        method: kiosk_domain::IdentificationMethod::Letter,
                        trust_level: "substantial".into(),
                        letter_id: Some(letter_id),
                        staff: None,
                    },
                ),
            };
            assert_eq!(
                here.push(&[identified]).await.results[0].outcome,
                kiosk_protocol::EventOutcome::Rejected {
                    reason: "letterRevoked".into()
                },
                "{backend}"
            );
            // And nothing more is signed with it.
            let issued = letters::issue(&central.db, &signer, &kvnr("A123456780"), 30, TODAY).await;
            assert!(
                matches!(issued, Err(IssueError::KeyRevoked(_))),
                "{backend}: {issued:?}"
            );
        }
    });
}

/// The commands as IT runs them, against the same database the service uses.
#[test]
fn the_letter_commands() {
    let binary = env!("CARGO_BIN_EXE_kiosk-central");
    rt().block_on(async {
        for backend in backends() {
            let dir = tempfile::tempdir().expect("tempdir");
            let pki = dir.path().join("pki");
            let run = |args: &[&str]| {
                let output = Command::new(binary)
                    .args(args)
                    .env("CENTRAL_LOG", "warn")
                    .output()
                    .expect("runs");
                (
                    output.status.code(),
                    String::from_utf8_lossy(&output.stdout).into_owned(),
                    String::from_utf8_lossy(&output.stderr).into_owned(),
                )
            };
            let pki_arg = pki.to_string_lossy().into_owned();
            assert_eq!(
                run(&["init-pki", "--dir", &pki_arg, "--host", "127.0.0.1"]).0,
                Some(0)
            );
            let url = common::fresh_database(backend, dir.path()).await;
            let config = dir.path().join("central.toml");
            std::fs::write(
                &config,
                format!("listen = \"127.0.0.1:0\"\ndatabase_url = \"{url}\"\npki_dir = \"pki\"\n"),
            )
            .expect("config");
            let config_arg = config.to_string_lossy().into_owned();
            let seeded = kiosk_central::seed::members(&["DEMO-01".into()], 3, 2026);
            let (code, _, _) = run(&[
                "seed-demo",
                "--config",
                &config_arg,
                "--branches",
                "DEMO-01",
                "--members-per-branch",
                "3",
            ]);
            assert_eq!(code, Some(0));

            let out = dir.path().join("letters/first.pdf");
            let out_arg = out.to_string_lossy().into_owned();
            let member_kvnr = seeded[0].snapshot.kvnr.as_str();
            let issue = |kvnr: &str| {
                run(&[
                    "issue-letter",
                    "--config",
                    &config_arg,
                    "--kvnr",
                    kvnr,
                    "--out",
                    &out_arg,
                ])
            };
            let (code, stdout, stderr) = issue(member_kvnr);
            assert_eq!(code, Some(0), "{backend}: {stderr}");
            assert!(stdout.contains("QR version 6"), "{stdout}");
            assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF-"));
            let letter_id = stdout.split(' ').nth(1).expect("letter id").to_owned();
            assert_eq!(letter_id.len(), 32);
            pdf_text_check(&out, &seeded[0].snapshot.first_name);

            // The letter run: one letter per request members made at a kiosk, then none.
            let db = kiosk_central::db::Db::connect(&url).await.expect("db");
            let kiosk = kiosk_central::db::EnrolledKiosk {
                kiosk_id: "K-1".into(),
                branch_id: "DEMO-01".into(),
            };
            db.request_letter(
                &kiosk,
                member_kvnr,
                &seeded[0].snapshot.birth_date,
                &"ab".repeat(16),
            )
            .await
            .expect("request");
            assert_eq!(
                db.queued_letter_requests().await.expect("db").len(),
                1,
                "{backend}"
            );
            let run_dir = dir.path().join("run");
            let run_arg = run_dir.to_string_lossy().into_owned();
            let letter_run = || {
                run(&[
                    "issue-requested-letters",
                    "--config",
                    &config_arg,
                    "--out",
                    &run_arg,
                ])
            };
            let (code, stdout, stderr) = letter_run();
            assert_eq!(code, Some(0), "{backend}: {stderr}");
            assert!(stdout.contains("1 requested letter(s) issued"), "{stdout}");
            assert!(
                !stdout.contains(member_kvnr),
                "no KVNR in the output: {stdout}"
            );
            let printed = run_dir.join(format!("letter-request-{}.pdf", "ab".repeat(16)));
            pdf_text_check(&printed, &seeded[0].snapshot.first_name);
            assert!(db.queued_letter_requests().await.expect("db").is_empty());
            let (code, stdout, _) = letter_run();
            assert_eq!(
                (code, stdout.trim()),
                (Some(0), "0 requested letter(s) issued")
            );

            // Refusals say why and never echo the number.
            let (code, _, stderr) = issue("A123456780");
            assert_eq!(code, Some(2));
            assert!(stderr.contains("no member"), "{stderr}");
            assert!(!stderr.contains("A123456780"), "{stderr}");
            let (code, _, stderr) = issue("A123456781");
            assert_eq!(code, Some(2));
            assert!(
                stderr.contains("check digit") && !stderr.contains("A123456781"),
                "{stderr}"
            );
            let (code, _, _) = run(&[
                "issue-letter",
                "--config",
                &config_arg,
                "--kvnr",
                member_kvnr,
                "--out",
                &out_arg,
                "--days",
                "61",
            ]);
            assert_eq!(code, Some(2));

            // Revoking takes the id as printed (grouped).
            let grouped: String = letter_id
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" ");
            let (code, stdout, _) = run(&[
                "revoke-letter",
                "--config",
                &config_arg,
                "--letter-id",
                &grouped,
            ]);
            assert_eq!(code, Some(0));
            assert_eq!(stdout.trim(), format!("letter {letter_id}: revoked"));
            let (code, stdout, _) = run(&[
                "revoke-letter",
                "--config",
                &config_arg,
                "--letter-id",
                &letter_id,
            ]);
            assert_eq!((code, stdout.contains("already")), (Some(0), true));
            let (code, _, _) = run(&[
                "revoke-letter",
                "--config",
                &config_arg,
                "--letter-id",
                "ffffffffffffffffffffffffffffffff",
            ]);
            assert_eq!(code, Some(2));

            // Rotation: a new key; the old file is kept aside.
            let (code, stdout, stderr) = run(&["rotate-letter-key", "--config", &config_arg]);
            assert_eq!(code, Some(0), "{stderr}");
            assert!(stdout.contains("replaces"), "{stdout}");
            assert_eq!(
                std::fs::read_dir(&pki)
                    .expect("pki")
                    .filter_map(Result::ok)
                    .filter(|e| e
                        .file_name()
                        .to_string_lossy()
                        .starts_with("letter-signing"))
                    .count(),
                2
            );
            let (code, stdout, stderr) = issue(member_kvnr);
            assert_eq!(code, Some(0), "{stderr}");
            let new_key = key_file::load(&pki).expect("new key").key_id().to_string();
            assert!(stdout.contains(&format!("key {new_key}")), "{stdout}");

            // Revoking the current key: done, and IT is told to rotate before issuing again.
            let (code, stdout, stderr) = run(&[
                "revoke-letter-key",
                "--config",
                &config_arg,
                "--key-id",
                &new_key,
            ]);
            assert_eq!(code, Some(0), "{stderr}");
            assert!(
                stdout.contains("revoked") && stdout.contains("rotate-letter-key"),
                "{stdout}"
            );
            let (code, _, stderr) = issue(member_kvnr);
            assert_eq!(code, Some(2));
            assert!(stderr.contains("is revoked"), "{stderr}");
            let (code, _, stderr) = run(&[
                "revoke-letter-key",
                "--config",
                &config_arg,
                "--key-id",
                "l26a",
            ]);
            assert_eq!(code, Some(2));
            assert!(stderr.contains("--key-id"), "{stderr}");

            // The root is made once: init-pki made it, init-letter-root never overwrites it.
            let (code, _, stderr) = run(&["init-letter-root", "--dir", &pki_arg]);
            assert_eq!(code, Some(2));
            assert!(stderr.contains("never overwritten"), "{stderr}");
        }
    });
}

/// With poppler's pdftotext (scripts/install-deps installs it) the text extracts as Unicode.
fn pdf_text_check(pdf: &std::path::Path, first_name: &str) {
    let Ok(output) = Command::new("pdftotext").arg(pdf).arg("-").output() else {
        eprintln!("note: pdftotext not installed: the letter's text extraction is not checked");
        return;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains(&format!("Guten Tag {first_name}")), "{text}");
    assert!(text.contains("Gültig bis einschließlich"), "{text}");
    assert!(text.contains("„Mit Aktivierungsbrief"), "{text}");
}
