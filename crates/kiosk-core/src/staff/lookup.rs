//! Staff look a member up for the ID check: through the central system when it answers, else
//! from the member snapshots this kiosk holds, and the answer says which. The query's rules
//! are the protocol's (`MemberLookupRequest::validate`).

use std::{fmt, future::Future, time::Duration};

use kiosk_protocol::{MAX_LOOKUP_RESULTS, MemberLookupRequest, MemberQuery, MemberSnapshot};

use super::StaffProblem;
use crate::{CentralProblem, CoreError, Kiosk, SharedKiosk};

/// Whom staff look for.
#[derive(Clone, PartialEq, Eq)]
pub enum LookupQuery {
    Kvnr(String),
    /// The date as YYYY-MM-DD.
    NameAndBirthDate {
        last_name: String,
        first_name: String,
        birth_date: String,
    },
}

impl fmt::Debug for LookupQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LookupQuery(<redacted>)")
    }
}

impl LookupQuery {
    fn wire(&self) -> MemberQuery {
        match self.clone() {
            LookupQuery::Kvnr(kvnr) => MemberQuery::Kvnr {
                kvnr: kvnr.trim().to_ascii_uppercase(),
            },
            LookupQuery::NameAndBirthDate {
                last_name,
                first_name,
                birth_date,
            } => MemberQuery::NameAndBirthDate {
                last_name: last_name.trim().to_owned(),
                first_name: first_name.trim().to_owned(),
                birth_date,
            },
        }
    }
}

/// A member a lookup found.
#[derive(Clone, PartialEq, Eq)]
pub struct MemberFound {
    pub kvnr: String,
    pub first_name: String,
    pub last_name: String,
    /// YYYY-MM-DD
    pub birth_date: String,
    /// Letters of this member locked at this kiosk (staff may unlock them after the check).
    pub locked_letters: usize,
}

impl fmt::Debug for MemberFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemberFound(<redacted>)")
    }
}

/// A lookup's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLookup {
    pub members: Vec<MemberFound>,
    /// From this kiosk's snapshots: the central system did not answer.
    pub offline: bool,
}

/// What the staff desk needs from the central system (the shell implements it over the sync
/// worker's client).
pub trait StaffCentral: Send + Sync + 'static {
    fn member_lookup(
        &self,
        request: &MemberLookupRequest,
    ) -> impl Future<Output = Result<Vec<MemberSnapshot>, CentralProblem>> + Send;
}

/// The staff steps that need the central system; the kiosk lock is never held across a call.
pub struct StaffDesk<C> {
    kiosk: SharedKiosk,
    central: C,
}

impl<C> fmt::Debug for StaffDesk<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaffDesk").finish_non_exhaustive()
    }
}

impl<C: StaffCentral> StaffDesk<C> {
    pub fn new(kiosk: SharedKiosk, central: C) -> Self {
        StaffDesk { kiosk, central }
    }

    /// Looks a member up for the signed-in staff member: online, or offline from this
    /// kiosk's snapshots when the central system does not answer (or refuses, say with an
    /// account revoked since the last pull: then nothing is found).
    pub async fn lookup(
        &self,
        query: &LookupQuery,
        snapshot_max_age: Duration,
    ) -> Result<MemberLookup, CoreError> {
        let staff_id = {
            let kiosk = self.kiosk.lock();
            kiosk
                .staff
                .machine
                .current()
                .ok_or(StaffProblem::NotSignedIn)?
                .staff_id()
                .clone()
        };
        let request = MemberLookupRequest {
            staff_id,
            query: query.wire(),
        };
        request
            .validate()
            .map_err(|_| CoreError::Staff(StaffProblem::NotLookedUp))?;
        let online = self.central.member_lookup(&request).await;
        let mut kiosk = self.kiosk.lock();
        let (members, offline) = match online {
            Ok(members) => (members, false),
            Err(CentralProblem::Offline) | Err(CentralProblem::Failed(_)) => {
                (kiosk.members_here(&request.query, snapshot_max_age)?, true)
            }
            Err(CentralProblem::Refused(code)) => {
                tracing::warn!(?code, "the central system refused a staff lookup");
                (Vec::new(), false)
            }
        };
        kiosk.found_members(members, offline)
    }
}

impl Kiosk {
    /// The members this kiosk holds that match (offline lookup).
    fn members_here(
        &self,
        query: &MemberQuery,
        max_age: Duration,
    ) -> Result<Vec<MemberSnapshot>, CoreError> {
        let stored = match query {
            MemberQuery::Kvnr { kvnr } => self
                .store
                .member_snapshot(kvnr, max_age)?
                .into_iter()
                .collect(),
            MemberQuery::NameAndBirthDate { birth_date, .. } => {
                self.store.member_snapshots_born(birth_date, max_age)?
            }
        };
        Ok(stored
            .iter()
            .filter_map(|s| serde_json::from_str::<MemberSnapshot>(&s.snapshot).ok())
            .filter(|m| query.matches(m))
            .take(MAX_LOOKUP_RESULTS)
            .collect())
    }

    /// Keeps a lookup's members for the ID check (while the same staff member is signed in).
    fn found_members(
        &mut self,
        members: Vec<MemberSnapshot>,
        offline: bool,
    ) -> Result<MemberLookup, CoreError> {
        let staff_id = self
            .staff
            .machine
            .current()
            .ok_or(StaffProblem::NotSignedIn)?
            .staff_id()
            .clone();
        let mut found = Vec::with_capacity(members.len());
        for m in &members {
            found.push(MemberFound {
                kvnr: m.kvnr.clone(),
                first_name: m.first_name.clone(),
                last_name: m.last_name.clone(),
                birth_date: m.birth_date.clone(),
                locked_letters: self.store.locked_letters_of(&m.kvnr)?.len(),
            });
        }
        self.staff_audit(
            "staff.memberLookup",
            &staff_id,
            super::desk::Detail {
                found: Some(found.len()),
                offline: Some(offline),
                ..Default::default()
            },
        )?;
        self.staff.found = members;
        Ok(MemberLookup {
            members: found,
            offline,
        })
    }
}
