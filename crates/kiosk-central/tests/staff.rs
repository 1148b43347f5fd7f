//! Staff assist at the central system: accounts reach the kiosks of their branches (and a
//! revocation or a branch removed withdraws them); a staff-assisted identification is
//! recorded at level high only for an account that may assist at the kiosk's branch; staff
//! unlock only the letter of the member they checked; locks and lookups. SQLite and PostgreSQL.

mod common;

use common::{TestCentral, TestKiosk, backends, event, rt};
use kiosk_domain::{
    IdentificationMethod,
    staff::{IdDocumentKind, Pin, PinVerifier, StaffAccount, StaffId, StaffRole},
};
use kiosk_protocol::{
    ChangeItem, EventOutcome, EventPayload, FieldChange, IdDocumentRecord, IdentificationRefused,
    IdentificationSucceeded, LetterUnlocked, MemberDataChange, MemberField, MemberLookupRequest,
    MemberLookupResponse, MemberQuery, OutboundEvent, StaffAssistance, StaffLocked,
};
use uuid::Uuid;

fn id(text: &str) -> StaffId {
    text.parse().expect("staff id")
}

async fn add(central: &TestCentral, staff: &str, branches: &[&str]) {
    let pin = Pin::new_pin("482913").expect("pin");
    let verifier = PinVerifier::create(&pin, &[9; 16]).expect("hash");
    let account = StaffAccount {
        staff_id: id(staff),
        role: StaffRole::Assist,
        branches: branches.iter().map(|b| (*b).to_owned()).collect(),
    };
    assert_eq!(
        central
            .db
            .add_staff(&account, &verifier)
            .await
            .expect("add"),
        kiosk_central::db::StaffChange::Done
    );
}

fn staff_items(changes: &[kiosk_protocol::Change]) -> Vec<(String, bool)> {
    changes
        .iter()
        .filter_map(|c| match &c.item {
            ChangeItem::StaffAccount(item) => Some((item.staff_id.to_string(), true)),
            ChangeItem::StaffWithdrawn { staff_id } => Some((staff_id.to_string(), false)),
            _ => None,
        })
        .collect()
}

fn checked_by(kiosk: &TestKiosk, session_id: Uuid, staff: &str, kvnr: &str) -> OutboundEvent {
    event(EventPayload::IdentificationSucceeded(
        IdentificationSucceeded {
            session_id,
            branch_id: kiosk.branch_id.clone(),
            kiosk_id: kiosk.kiosk_id.clone(),
            method: IdentificationMethod::StaffAssist,
            trust_level: "high".into(),
            letter_id: None,
            staff: Some(StaffAssistance {
                staff_id: id(staff),
                kvnr: kvnr.into(),
                document: IdDocumentRecord {
                    kind: IdDocumentKind::Personalausweis,
                    expires_on: "2030-01-01".into(),
                    number_end: "L01X".into(),
                    country: None,
                },
            }),
        },
    ))
}

async fn outcome(kiosk: &TestKiosk, event: OutboundEvent) -> EventOutcome {
    kiosk.push(&[event]).await.results.remove(0).outcome
}

fn rejected(reason: &str) -> EventOutcome {
    EventOutcome::Rejected {
        reason: reason.into(),
    }
}

/// Members of DEMO-01, a kiosk there and one in DEMO-02.
async fn setup(backend: &str) -> (TestCentral, Vec<String>, TestKiosk, TestKiosk) {
    let central = TestCentral::start(backend).await;
    kiosk_central::seed::seed(&central.db, &["DEMO-01".to_string()], 2, 5)
        .await
        .expect("seed");
    let a = central.enroll("K-A", "DEMO-01").await;
    let x = central.enroll("K-X", "DEMO-02").await;
    let members = a
        .pull(0, 100)
        .await
        .changes
        .into_iter()
        .filter_map(|c| match c.item {
            ChangeItem::Member(m) => Some(m.kvnr.clone()),
            _ => None,
        })
        .collect();
    (central, members, a, x)
}

#[test]
fn accounts_reach_the_kiosks_of_their_branches_and_a_revocation_withdraws_them() {
    rt().block_on(async {
        for backend in backends() {
            let (central, _, a, x) = setup(backend).await;
            let start_a = a.pull(0, 1000).await.next_cursor;
            let start_x = x.pull(0, 1000).await.next_cursor;
            add(&central, "S-1001", &["DEMO-01"]).await;
            let page = a.pull(start_a, 1000).await;
            assert_eq!(
                staff_items(&page.changes),
                [("S-1001".into(), true)],
                "{backend}"
            );
            match &page.changes[0].item {
                ChangeItem::StaffAccount(item) => {
                    assert_eq!(item.validate(), Ok(()));
                    let verifier = PinVerifier::parse(&item.pin_verifier).expect("verifier");
                    assert!(verifier.matches(&Pin::entered("482913").expect("pin")));
                }
                other => panic!("{other:?}"),
            }
            assert!(staff_items(&x.pull(start_x, 1000).await.changes).is_empty());

            // Moved to DEMO-02: withdrawn at A, known at X.
            central
                .db
                .set_staff_role(&id("S-1001"), StaffRole::BranchLead, &["DEMO-02".into()])
                .await
                .expect("role");
            let moved = a.pull(page.next_cursor, 1000).await;
            assert_eq!(staff_items(&moved.changes), [("S-1001".into(), false)]);
            let at_x = x.pull(start_x, 1000).await;
            assert_eq!(staff_items(&at_x.changes), [("S-1001".into(), true)]);

            assert_eq!(
                central
                    .db
                    .revoke_staff(&id("S-1001"))
                    .await
                    .expect("revoke"),
                kiosk_central::db::StaffChange::Done
            );
            let revoked = x.pull(at_x.next_cursor, 1000).await;
            assert_eq!(staff_items(&revoked.changes), [("S-1001".into(), false)]);
            assert_eq!(
                central
                    .db
                    .set_staff_pin(
                        &id("S-1001"),
                        &PinVerifier::create(&Pin::new_pin("918273").expect("pin"), &[1; 16])
                            .expect("hash")
                    )
                    .await
                    .expect("pin"),
                kiosk_central::db::StaffChange::Revoked,
                "a revoked account stays revoked"
            );
            let list = central.db.staff_list().await.expect("list");
            assert!(list[0].revoked_at.is_some());
        }
    });
}

#[test]
fn a_staff_assisted_identification_needs_an_account_of_the_branch_and_opens_level_high() {
    rt().block_on(async {
        for backend in backends() {
            let (central, members, a, _) = setup(backend).await;
            add(&central, "S-1001", &["DEMO-01"]).await;
            add(&central, "S-2002", &["DEMO-02"]).await;

            assert_eq!(
                outcome(&a, checked_by(&a, Uuid::new_v4(), "S-2002", &members[0])).await,
                rejected("staffOtherBranch"),
                "{backend}"
            );
            assert_eq!(
                outcome(&a, checked_by(&a, Uuid::new_v4(), "S-9999", &members[0])).await,
                rejected("unknownStaff")
            );
            assert_eq!(
                outcome(&a, checked_by(&a, Uuid::new_v4(), "S-1001", "A123456780")).await,
                rejected("unknownMember")
            );
            let session = Uuid::new_v4();
            assert_eq!(
                outcome(&a, checked_by(&a, session, "S-1001", &members[0])).await,
                EventOutcome::Applied
            );
            // Level high: the postal address may be changed in that session.
            let change = event(EventPayload::MemberDataChanged(MemberDataChange {
                session_id: session,
                kvnr: members[0].clone(),
                base_version: 1,
                changes: vec![FieldChange {
                    field: MemberField::PostalAddress,
                    value: "Hauptstr. 1, 10115 Berlin".into(),
                }],
            }));
            assert_eq!(outcome(&a, change).await, EventOutcome::Applied);

            // Without the staff record, or claiming it for a letter: refused.
            let mut bare = checked_by(&a, Uuid::new_v4(), "S-1001", &members[0]);
            if let EventPayload::IdentificationSucceeded(e) = &mut bare.payload {
                e.staff = None;
            }
            assert_eq!(
                outcome(&a, bare).await,
                rejected("staffAuthenticationRequired")
            );

            // Revoked: refused from then on.
            central
                .db
                .revoke_staff(&id("S-1001"))
                .await
                .expect("revoke");
            assert_eq!(
                outcome(&a, checked_by(&a, Uuid::new_v4(), "S-1001", &members[0])).await,
                rejected("staffRevoked")
            );
        }
    });
}

#[test]
fn staff_unlock_only_the_letter_of_the_member_they_checked() {
    rt().block_on(async {
        for backend in backends() {
            let (central, members, a, _) = setup(backend).await;
            add(&central, "S-1001", &["DEMO-01"]).await;
            let letter = central.letter_for(&members[0]).await;
            for _ in 0..3 {
                a.push(&[event(EventPayload::IdentificationRefused(
                    IdentificationRefused {
                        session_id: Uuid::new_v4(),
                        branch_id: a.branch_id.clone(),
                        kiosk_id: a.kiosk_id.clone(),
                        reason: "birthDateMismatch".into(),
                        letter_id: Some(letter.clone()),
                        attempts_left: Some(0),
                    },
                ))])
                .await;
            }
            let cursor = a.pull(0, 1000).await.next_cursor;
            let unlock = |session_id| {
                event(EventPayload::LetterUnlocked(LetterUnlocked {
                    branch_id: a.branch_id.clone(),
                    kiosk_id: a.kiosk_id.clone(),
                    letter_id: letter.clone(),
                    staff_id: "S-1001".into(),
                    session_id: Some(session_id),
                }))
            };
            // Staff checked the other member: refused.
            let other = Uuid::new_v4();
            a.push(&[checked_by(&a, other, "S-1001", &members[1])])
                .await;
            assert_eq!(
                outcome(&a, unlock(other)).await,
                rejected("otherMember"),
                "{backend}"
            );
            // A letter session is not a staff check.
            let by_letter = a.identify(&central, &members[0]).await;
            assert_eq!(
                outcome(&a, unlock(by_letter)).await,
                rejected("notStaffAssisted")
            );
            assert_eq!(
                outcome(&a, unlock(Uuid::new_v4())).await,
                rejected("noIdentification")
            );

            let checked = Uuid::new_v4();
            a.push(&[checked_by(&a, checked, "S-1001", &members[0])])
                .await;
            assert_eq!(outcome(&a, unlock(checked)).await, EventOutcome::Applied);
            let items: Vec<ChangeItem> = a
                .pull(cursor, 1000)
                .await
                .changes
                .into_iter()
                .map(|c| c.item)
                .filter(|i| matches!(i, ChangeItem::LetterUnlocked { .. }))
                .collect();
            assert_eq!(
                items,
                [ChangeItem::LetterUnlocked {
                    letter_id: letter.clone()
                }]
            );
        }
    });
}

#[test]
fn a_lock_reaches_the_central_system_and_lookups_need_a_staff_account_of_the_branch() {
    rt().block_on(async {
        for backend in backends() {
            let (central, members, a, x) = setup(backend).await;
            add(&central, "S-1001", &["DEMO-01"]).await;
            let locked = event(EventPayload::StaffLocked(StaffLocked {
                branch_id: a.branch_id.clone(),
                kiosk_id: a.kiosk_id.clone(),
                staff_id: id("S-1001"),
                until: "2099-01-01T00:15:00Z".into(),
            }));
            assert_eq!(
                outcome(&a, locked).await,
                EventOutcome::Applied,
                "{backend}"
            );
            let list = central.db.staff_list().await.expect("list");
            assert_eq!(
                list[0].locks,
                [("K-A".to_owned(), "2099-01-01T00:15:00Z".to_owned())]
            );

            let lookup = |kiosk: &TestKiosk, query| {
                let kiosk = kiosk.clone();
                async move {
                    kiosk
                        .client
                        .post(format!("{}/v1/staff/member-lookup", kiosk.url))
                        .json(&MemberLookupRequest {
                            staff_id: id("S-1001"),
                            query,
                        })
                        .send()
                        .await
                        .expect("lookup")
                }
            };
            let found = lookup(
                &a,
                MemberQuery::Kvnr {
                    kvnr: members[0].clone(),
                },
            )
            .await;
            assert_eq!(found.status(), 200);
            let found: MemberLookupResponse = found.json().await.expect("body");
            assert_eq!(found.members.len(), 1);
            let member = found.members[0].clone();
            let by_name = lookup(
                &a,
                MemberQuery::NameAndBirthDate {
                    last_name: member.last_name.to_uppercase(),
                    first_name: format!(" {}", member.first_name),
                    birth_date: member.birth_date.clone(),
                },
            )
            .await;
            let by_name: MemberLookupResponse = by_name.json().await.expect("body");
            assert!(by_name.members.iter().any(|m| m.kvnr == member.kvnr));
            // At a kiosk of another branch the account may not assist.
            let refused = lookup(
                &x,
                MemberQuery::Kvnr {
                    kvnr: members[0].clone(),
                },
            )
            .await;
            assert_eq!(refused.status(), 403);
        }
    });
}
