//! Certificates' records at the central system, on SQLite and PostgreSQL: document keys are
//! bound to the kiosk that registered them, prints are recorded without personal data, and
//! university (M10) reports are queued for known members, and any kiosk's document tokens
//! are verified.

mod common;

use base64::Engine;
use common::{TestCentral, TestKiosk, backends};
use kiosk_central::db::{NewMember, document_key_id};
use kiosk_documents::{DocumentClaims, DocumentId, DocumentKind, DocumentSigner, SigningKey};
use kiosk_protocol::{
    DocumentKeyInfo, DocumentKeyRegistered, DocumentPrinted, EventOutcome, EventPayload,
    InsuranceStatus, MemberSnapshot, OutboundEvent, PrintOutcome, UniversityReportRequested,
    VerifyRequest, VerifyResponse, VerifyVerdict,
};
use uuid::Uuid;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn event(payload: EventPayload) -> OutboundEvent {
    OutboundEvent {
        idempotency_key: Uuid::new_v4(),
        occurred_at: "2026-11-29T08:00:00Z".into(),
        payload,
    }
}

fn key_event(kiosk: &TestKiosk, public_key: [u8; 32]) -> EventPayload {
    EventPayload::DocumentKeyRegistered(DocumentKeyRegistered {
        branch_id: kiosk.branch_id.clone(),
        kiosk_id: kiosk.kiosk_id.clone(),
        key_id: document_key_id(&public_key),
        public_key: base64::engine::general_purpose::STANDARD.encode(public_key),
    })
}

fn printed(kiosk: &TestKiosk, key_id: &str, document_id: &str, digest: &str) -> EventPayload {
    EventPayload::DocumentPrinted(DocumentPrinted {
        session_id: Some(Uuid::new_v4()),
        branch_id: kiosk.branch_id.clone(),
        kiosk_id: kiosk.kiosk_id.clone(),
        document_id: document_id.into(),
        document_kind: "membership".into(),
        key_id: key_id.into(),
        content_digest: digest.into(),
        valid_from: "2026-11-29".into(),
        valid_until: "2026-11-29".into(),
        outcome: PrintOutcome::Completed,
        problem: None,
    })
}

async fn outcome(kiosk: &TestKiosk, payload: EventPayload) -> EventOutcome {
    kiosk.push(&[event(payload)]).await.results[0]
        .outcome
        .clone()
}

fn rejected(outcome: &EventOutcome) -> bool {
    matches!(outcome, EventOutcome::Rejected { .. })
}

#[test]
fn a_document_key_belongs_to_the_kiosk_that_registered_it() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            let first = central.enroll("K-1", "DEMO-01").await;
            let second = central.enroll("K-2", "DEMO-01").await;
            let public_key = [7u8; 32];
            let key_id = document_key_id(&public_key);

            assert_eq!(
                outcome(&first, key_event(&first, public_key)).await,
                EventOutcome::Applied,
                "{backend}"
            );
            // Registering it again is harmless; another kiosk cannot take it over.
            assert_eq!(
                outcome(&first, key_event(&first, public_key)).await,
                EventOutcome::Applied
            );
            assert!(rejected(
                &outcome(&second, key_event(&second, public_key)).await
            ));
            // A key id that is not the public key's is refused.
            let EventPayload::DocumentKeyRegistered(mut wrong) = key_event(&first, [8u8; 32])
            else {
                unreachable!()
            };
            wrong.key_id = key_id.clone();
            assert!(rejected(
                &outcome(&first, EventPayload::DocumentKeyRegistered(wrong)).await
            ));

            let record = central
                .db
                .document_key(&key_id)
                .await
                .expect("read")
                .expect("registered");
            assert_eq!(record.kiosk_id, "K-1");
            assert!(!record.kiosk_revoked);
            central.db.revoke_kiosk("K-1").await.expect("revoke");
            let record = central.db.document_key(&key_id).await.expect("read");
            assert!(record.is_some_and(|r| r.kiosk_revoked), "{backend}");
        }
    });
}

#[test]
fn prints_are_recorded_under_their_document_id_and_only_with_the_kiosks_own_key() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            let first = central.enroll("K-1", "DEMO-01").await;
            let second = central.enroll("K-2", "DEMO-01").await;
            let public_key = [9u8; 32];
            let key_id = document_key_id(&public_key);
            outcome(&first, key_event(&first, public_key)).await;
            let document_id = "ab".repeat(16);
            let digest = "cd".repeat(32);

            assert_eq!(
                outcome(&first, printed(&first, &key_id, &document_id, &digest)).await,
                EventOutcome::Applied,
                "{backend}"
            );
            let record = central
                .db
                .document(&document_id)
                .await
                .expect("read")
                .expect("recorded");
            assert_eq!(
                (record.kiosk_id.as_str(), record.content_digest.as_str()),
                ("K-1", digest.as_str())
            );
            assert_eq!(record.outcome, "completed");

            // Another kiosk cannot record prints under this kiosk's key, and a document id
            // cannot be reused for other content.
            assert!(rejected(
                &outcome(&second, printed(&second, &key_id, &document_id, &digest)).await
            ));
            assert!(rejected(
                &outcome(
                    &first,
                    printed(&first, &key_id, &document_id, &"ee".repeat(32))
                )
                .await
            ));
            assert!(
                central
                    .db
                    .revoke_document(&document_id)
                    .await
                    .expect("revoke")
            );
            assert!(
                central
                    .db
                    .document(&document_id)
                    .await
                    .expect("read")
                    .is_some_and(|r| r.revoked)
            );
        }
    });
}

#[test]
fn a_university_report_is_queued_for_a_known_member_only() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            central
                .db
                .insert_members(&[NewMember {
                    branch_id: "DEMO-01".into(),
                    snapshot: MemberSnapshot {
                        kvnr: "A123456780".into(),
                        first_name: "Jonas".into(),
                        last_name: "Weiß".into(),
                        birth_date: "2003-04-05".into(),
                        insurer: "Gesundheitskasse Nord (Demo)".into(),
                        member_since: "2021-10-01".into(),
                        status: InsuranceStatus::Student,
                        family: vec![],
                        version: 1,
                    },
                    phone: None,
                    email: None,
                    postal_address: None,
                }])
                .await
                .expect("member");
            let kiosk = central.enroll("K-1", "DEMO-01").await;
            let session_id = kiosk.identify(&central, "A123456780").await;
            let report = |kvnr: &str| {
                EventPayload::UniversityReportRequested(UniversityReportRequested {
                    session_id,
                    branch_id: kiosk.branch_id.clone(),
                    kiosk_id: kiosk.kiosk_id.clone(),
                    request_id: Uuid::new_v4(),
                    kvnr: kvnr.into(),
                    sender_number: "H0000719".into(),
                })
            };
            assert_eq!(
                outcome(&kiosk, report("A123456780")).await,
                EventOutcome::Applied,
                "{backend}"
            );
            assert!(rejected(&outcome(&kiosk, report("Z987654321")).await));
            // Asked again while the first waits: still one report for the university.
            assert_eq!(
                outcome(&kiosk, report("A123456780")).await,
                EventOutcome::Applied
            );
            let queued = central.db.university_reports().await.expect("reports");
            assert_eq!(queued.len(), 1);
            assert_eq!(
                (queued[0].sender_number.as_str(), queued[0].state.as_str()),
                ("H0000719", "queued")
            );
        }
    });
}

fn signed_token(signer: &DocumentSigner, document_id: [u8; 16], digest: [u8; 32]) -> String {
    let day = time::Date::from_calendar_date(2026, time::Month::November, 29).expect("date");
    let claims = DocumentClaims::new(
        DocumentId::from_bytes(document_id),
        DocumentKind::Membership,
        "A123456780".parse().expect("kvnr"),
        time::OffsetDateTime::from_unix_timestamp(1_795_000_000).expect("time"),
        day,
        day,
        signer.key_id(),
        digest,
    )
    .expect("claims");
    signer.sign_claims(&claims)
}

async fn verify(kiosk: &TestKiosk, token: &str) -> VerifyResponse {
    let response = kiosk
        .client
        .post(format!("{}/v1/documents/verify", kiosk.url))
        .json(&VerifyRequest {
            token: token.into(),
        })
        .send()
        .await
        .expect("verify request");
    assert_eq!(response.status(), 200);
    response.json().await.expect("verify body")
}

#[test]
fn the_central_system_verifies_tokens_of_any_kiosk() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            let issuer = central.enroll("K-1", "DEMO-01").await;
            let verifier = central.enroll("K-2", "DEMO-01").await;
            let signer = DocumentSigner::new(SigningKey::from_bytes(&[3; 32]));
            let public_key = signer.verifying_key().to_bytes();
            let token = signed_token(&signer, [1; 16], [2; 32]);

            // Before the kiosk registered its key, nobody can vouch for the token.
            assert_eq!(
                verify(&verifier, &token).await.verdict,
                VerifyVerdict::UnknownKey
            );
            outcome(&issuer, key_event(&issuer, public_key)).await;
            let valid = verify(&verifier, &token).await;
            assert_eq!(valid.verdict, VerifyVerdict::Valid, "{backend}");
            assert_eq!(valid.kiosk_id.as_deref(), Some("K-1"));
            assert_eq!(valid.document_kind.as_deref(), Some("membership"));
            assert_eq!(valid.print_outcome, None, "not reported printed yet");

            // One changed character of the token: tampered (or no token at all).
            let mut chars: Vec<char> = token.chars().collect();
            let i = chars.len() - 10;
            chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
            let changed: String = chars.into_iter().collect();
            assert!(matches!(
                verify(&verifier, &changed).await.verdict,
                VerifyVerdict::Tampered | VerifyVerdict::NotADocument
            ));
            assert_eq!(
                verify(&verifier, "hello").await.verdict,
                VerifyVerdict::NotADocument
            );

            // Printed and reported: the record must match the signed digest.
            let document_id = hex::encode([1u8; 16]);
            let key_id = document_key_id(&public_key);
            outcome(
                &issuer,
                printed(&issuer, &key_id, &document_id, &hex::encode([2u8; 32])),
            )
            .await;
            assert_eq!(
                verify(&verifier, &token).await.print_outcome.as_deref(),
                Some("completed")
            );
            // A second token under the same document id with other content: tampered.
            let forged = signed_token(&signer, [1; 16], [9; 32]);
            assert_eq!(
                verify(&verifier, &forged).await.verdict,
                VerifyVerdict::Tampered
            );

            // The key and the record, for verifiers of whole files.
            let key: DocumentKeyInfo = issuer
                .client
                .get(format!("{}/v1/document-keys/{key_id}", issuer.url))
                .send()
                .await
                .expect("key")
                .json()
                .await
                .expect("key body");
            assert_eq!(key.kiosk_id, "K-1");
            assert!(!key.revoked);
            let missing = issuer
                .client
                .get(format!("{}/v1/documents/{}", issuer.url, "0".repeat(32)))
                .send()
                .await
                .expect("answers");
            assert_eq!(missing.status(), 404);

            // Withdrawn document, then a revoked kiosk: revoked.
            central
                .db
                .revoke_document(&document_id)
                .await
                .expect("revoke");
            assert_eq!(
                verify(&verifier, &token).await.verdict,
                VerifyVerdict::Revoked
            );
            let other = signed_token(&signer, [5; 16], [6; 32]);
            assert_eq!(
                verify(&verifier, &other).await.verdict,
                VerifyVerdict::Valid
            );
            central.db.revoke_kiosk("K-1").await.expect("revoke kiosk");
            assert_eq!(
                verify(&verifier, &other).await.verdict,
                VerifyVerdict::Revoked
            );
            // The (stolen) kiosk's id enrolled again for a new unit: what the old unit signed
            // stays revoked.
            central.enroll("K-1", "DEMO-01").await;
            assert_eq!(
                verify(&verifier, &other).await.verdict,
                VerifyVerdict::Revoked,
                "{backend}"
            );
        }
    });
}
