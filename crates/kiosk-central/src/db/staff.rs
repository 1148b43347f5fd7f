//! Staff accounts (migration 14): a staff number, a role, the branches the account works in and
//! its PIN's Argon2id verifier, managed by IT (`kiosk-central staff …`). Every change goes to
//! the kiosks of the branches concerned: the account to those it works in, a withdrawal to
//! those it no longer does, so a revoked account stops working at a kiosk's next pull. Locks
//! kiosks report (five wrong PINs) are kept for IT.

use kiosk_domain::staff::{PinVerifier, StaffAccount, StaffId, StaffRole};
use kiosk_protocol::{ChangeItem, StaffAccountItem, StaffLocked};
use sqlx::{Any, Row, Transaction};

use super::{Db, DbError, EnrolledKiosk, changes, now_millis};

type Tx = Transaction<'static, Any>;

/// A staff account as IT lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub account: StaffAccount,
    pub revoked_at: Option<i64>,
    /// Locks kiosks reported that have not ended yet: (kiosk id, until, RFC 3339).
    pub locks: Vec<(String, String)>,
}

/// What became of an admin command on an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffChange {
    Done,
    Unknown,
    AlreadyExists,
    Revoked,
}

enum Update {
    Role(StaffRole, String),
    Pin(String),
    Revoke,
}

/// Why the central system does not accept an act as a staff member's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffRefusal {
    UnknownStaff,
    StaffRevoked,
    RoleMayNotAssist,
    OtherBranch,
}

impl StaffRefusal {
    pub fn code(self) -> &'static str {
        match self {
            StaffRefusal::UnknownStaff => "unknownStaff",
            StaffRefusal::StaffRevoked => "staffRevoked",
            StaffRefusal::RoleMayNotAssist => "staffRoleMayNotAssist",
            StaffRefusal::OtherBranch => "staffOtherBranch",
        }
    }
}

fn split_branches(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|b| !b.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The account, if it may open assist mode at a kiosk of `branch_id` now.
pub(crate) async fn may_assist(
    tx: &mut Tx,
    staff_id: &str,
    branch_id: &str,
) -> Result<Result<StaffRole, StaffRefusal>, DbError> {
    let Some(row) =
        sqlx::query("SELECT role, branches, revoked_at FROM staff_accounts WHERE staff_id = $1")
            .bind(staff_id)
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Ok(Err(StaffRefusal::UnknownStaff));
    };
    if row.try_get::<Option<i64>, _>("revoked_at")?.is_some() {
        return Ok(Err(StaffRefusal::StaffRevoked));
    }
    let role: String = row.try_get("role")?;
    let Some(role) = StaffRole::parse(&role).filter(|r| r.may_assist()) else {
        return Ok(Err(StaffRefusal::RoleMayNotAssist));
    };
    let branches: String = row.try_get("branches")?;
    if !split_branches(&branches).iter().any(|b| b == branch_id) {
        return Ok(Err(StaffRefusal::OtherBranch));
    }
    Ok(Ok(role))
}

/// Announces the account's current state: the account to each branch it works in, a
/// withdrawal to each of `former` it no longer does (all of them once revoked).
async fn announce(tx: &mut Tx, staff_id: &StaffId, former: &[String]) -> Result<(), DbError> {
    let row = sqlx::query(
        "SELECT role, branches, pin_verifier, revoked_at FROM staff_accounts WHERE staff_id = $1",
    )
    .bind(staff_id.as_str())
    .fetch_one(&mut **tx)
    .await?;
    let revoked = row.try_get::<Option<i64>, _>("revoked_at")?.is_some();
    let branches = if revoked {
        Vec::new()
    } else {
        split_branches(&row.try_get::<String, _>("branches")?)
    };
    let role: String = row.try_get("role")?;
    let role = StaffRole::parse(&role)
        .ok_or_else(|| DbError::Corrupt(format!("staff {staff_id}: role {role:?}")))?;
    let item = ChangeItem::StaffAccount(StaffAccountItem {
        staff_id: staff_id.clone(),
        role,
        branches: branches.clone(),
        pin_verifier: row.try_get("pin_verifier")?,
    });
    for branch in &branches {
        changes::append(tx, Some(branch), std::slice::from_ref(&item)).await?;
    }
    let withdrawn = ChangeItem::StaffWithdrawn {
        staff_id: staff_id.clone(),
    };
    for branch in former.iter().filter(|b| !branches.contains(b)) {
        changes::append(tx, Some(branch), std::slice::from_ref(&withdrawn)).await?;
    }
    Ok(())
}

async fn branches_of(
    tx: &mut Tx,
    staff_id: &StaffId,
) -> Result<Option<(Vec<String>, bool)>, DbError> {
    let row = sqlx::query("SELECT branches, revoked_at FROM staff_accounts WHERE staff_id = $1")
        .bind(staff_id.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|row| -> Result<_, DbError> {
        Ok((
            split_branches(&row.try_get::<String, _>("branches")?),
            row.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
        ))
    })
    .transpose()
}

impl Db {
    /// A new account; its number is never used again for another.
    pub async fn add_staff(
        &self,
        account: &StaffAccount,
        verifier: &PinVerifier,
    ) -> Result<StaffChange, DbError> {
        let mut tx = self.pool().begin().await?;
        if branches_of(&mut tx, &account.staff_id).await?.is_some() {
            return Ok(StaffChange::AlreadyExists);
        }
        let now = now_millis();
        sqlx::query(
            "INSERT INTO staff_accounts (staff_id, role, branches, pin_verifier, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(account.staff_id.as_str())
        .bind(account.role.as_str())
        .bind(account.branches.join(","))
        .bind(verifier.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        announce(&mut tx, &account.staff_id, &[]).await?;
        tx.commit().await?;
        Ok(StaffChange::Done)
    }

    /// Changes the role and branches of an account that is not revoked.
    pub async fn set_staff_role(
        &self,
        staff_id: &StaffId,
        role: StaffRole,
        branches: &[String],
    ) -> Result<StaffChange, DbError> {
        self.change_staff(staff_id, Update::Role(role, branches.join(",")))
            .await
    }

    /// A new PIN for an account that is not revoked; each kiosk forgets the account's wrong
    /// PINs when it receives the new verifier.
    pub async fn set_staff_pin(
        &self,
        staff_id: &StaffId,
        verifier: &PinVerifier,
    ) -> Result<StaffChange, DbError> {
        self.change_staff(staff_id, Update::Pin(verifier.as_str().to_owned()))
            .await
    }

    /// Revokes an account for good: every kiosk forgets it at its next pull.
    pub async fn revoke_staff(&self, staff_id: &StaffId) -> Result<StaffChange, DbError> {
        self.change_staff(staff_id, Update::Revoke).await
    }

    async fn change_staff(
        &self,
        staff_id: &StaffId,
        update: Update,
    ) -> Result<StaffChange, DbError> {
        let mut tx = self.pool().begin().await?;
        let Some((former, revoked)) = branches_of(&mut tx, staff_id).await? else {
            return Ok(StaffChange::Unknown);
        };
        if revoked {
            return Ok(StaffChange::Revoked);
        }
        let now = now_millis();
        let query = match &update {
            Update::Role(role, branches) => sqlx::query(
                "UPDATE staff_accounts SET role = $2, branches = $3, updated_at = $4 WHERE staff_id = $1",
            )
            .bind(staff_id.as_str())
            .bind(role.as_str())
            .bind(branches.as_str())
            .bind(now),
            Update::Pin(verifier) => sqlx::query(
                "UPDATE staff_accounts SET pin_verifier = $2, updated_at = $3 WHERE staff_id = $1",
            )
            .bind(staff_id.as_str())
            .bind(verifier.as_str())
            .bind(now),
            Update::Revoke => sqlx::query(
                "UPDATE staff_accounts SET revoked_at = $2, updated_at = $2 WHERE staff_id = $1",
            )
            .bind(staff_id.as_str())
            .bind(now),
        };
        query.execute(&mut *tx).await?;
        announce(&mut tx, staff_id, &former).await?;
        tx.commit().await?;
        Ok(StaffChange::Done)
    }

    /// Every account, with the locks kiosks reported that still last.
    pub async fn staff_list(&self) -> Result<Vec<StaffRecord>, DbError> {
        let now = now_millis();
        let rows = sqlx::query(
            "SELECT staff_id, role, branches, revoked_at FROM staff_accounts ORDER BY staff_id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut list = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get("staff_id")?;
            let role: String = row.try_get("role")?;
            let locks = sqlx::query(
                "SELECT kiosk_id, until_text FROM staff_locks WHERE staff_id = $1 AND until_millis > $2 ORDER BY kiosk_id",
            )
            .bind(&id)
            .bind(now)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("kiosk_id")?, r.try_get("until_text")?)))
            .collect::<Result<_, sqlx::Error>>()?;
            list.push(StaffRecord {
                account: StaffAccount {
                    staff_id: id
                        .parse()
                        .map_err(|_| DbError::Corrupt(format!("staff id {id:?}")))?,
                    role: StaffRole::parse(&role)
                        .ok_or_else(|| DbError::Corrupt(format!("staff {id}: role {role:?}")))?,
                    branches: split_branches(&row.try_get::<String, _>("branches")?),
                },
                revoked_at: row.try_get("revoked_at")?,
                locks,
            });
        }
        Ok(list)
    }
}

impl Db {
    /// The members matching a staff lookup at `kiosk`, if the account may assist there: by
    /// KVNR, or by name (case and surrounding spaces ignored) and date of birth. At most
    /// [`kiosk_protocol::MAX_LOOKUP_RESULTS`].
    pub async fn staff_member_lookup(
        &self,
        kiosk: &EnrolledKiosk,
        request: &kiosk_protocol::MemberLookupRequest,
    ) -> Result<Result<Vec<kiosk_protocol::MemberSnapshot>, StaffRefusal>, DbError> {
        use kiosk_protocol::MemberQuery;
        let mut tx = self.pool().begin().await?;
        if let Err(refusal) =
            may_assist(&mut tx, request.staff_id.as_str(), &kiosk.branch_id).await?
        {
            return Ok(Err(refusal));
        }
        let rows = match &request.query {
            MemberQuery::Kvnr { kvnr } => {
                sqlx::query("SELECT snapshot FROM members WHERE kvnr = $1")
                    .bind(kvnr)
                    .fetch_all(&mut *tx)
                    .await?
            }
            // The reference implementation narrows by the date in the stored JSON and compares
            // names here; the insurer's system has its own member index.
            MemberQuery::NameAndBirthDate { birth_date, .. } => {
                sqlx::query("SELECT snapshot FROM members WHERE snapshot LIKE $1 ORDER BY kvnr")
                    .bind(format!("%\"birthDate\":\"{birth_date}\"%"))
                    .fetch_all(&mut *tx)
                    .await?
            }
        };
        tx.commit().await?;
        let mut found = Vec::new();
        for row in rows {
            let text: String = row.try_get("snapshot")?;
            let snapshot: kiosk_protocol::MemberSnapshot =
                serde_json::from_str(&text).map_err(|e| DbError::Corrupt(e.to_string()))?;
            let matches = request.query.matches(&snapshot);
            if matches && found.len() < kiosk_protocol::MAX_LOOKUP_RESULTS {
                found.push(snapshot);
            }
        }
        Ok(Ok(found))
    }
}

/// A kiosk reports that five wrong PINs locked an account there.
pub(crate) async fn record_lock(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    locked: &StaffLocked,
) -> Result<(), DbError> {
    let until = time::OffsetDateTime::parse(
        &locked.until,
        &time::format_description::well_known::Rfc3339,
    )
    .map(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX))
    .unwrap_or_else(|_| now_millis() + 15 * 60 * 1000);
    sqlx::query(
        "INSERT INTO staff_locks (staff_id, kiosk_id, until_text, until_millis, reported_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(locked.staff_id.as_str())
    .bind(&kiosk.kiosk_id)
    .bind(&locked.until)
    .bind(until)
    .bind(now_millis())
    .execute(&mut **tx)
    .await?;
    tracing::warn!(staff = %locked.staff_id, kiosk = kiosk.kiosk_id, "staff account locked at a kiosk after wrong PINs");
    Ok(())
}
