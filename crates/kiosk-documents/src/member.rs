//! The member's data as the documents print it, checked: dates parse, KVNRs have their check
//! digit. A snapshot that fails is refused rather than printed wrong; errors name the field,
//! never its value.

use kiosk_domain::Kvnr;
use kiosk_protocol::{InsuranceStatus, MemberSnapshot};
use time::{Date, Month};

use crate::DocumentError;

pub(crate) struct Person {
    pub(crate) name: String,
    pub(crate) birth_date: Date,
    pub(crate) kvnr: Kvnr,
}

pub(crate) struct Member {
    pub(crate) person: Person,
    pub(crate) insurer: String,
    pub(crate) member_since: Date,
    pub(crate) status: InsuranceStatus,
    pub(crate) family: Vec<Person>,
}

/// YYYY-MM-DD, strictly.
fn date(text: &str, field: &'static str) -> Result<Date, DocumentError> {
    let bad = || DocumentError::Snapshot { field };
    let bytes = text.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then_some(())?;
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(bad());
    }
    let (year, month, day) = (digits(0..4), digits(5..7), digits(8..10));
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(bad());
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(bad)?;
    let year = i32::try_from(year).map_err(|_| bad())?;
    let day = u8::try_from(day).map_err(|_| bad())?;
    Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

fn kvnr(text: &str, field: &'static str) -> Result<Kvnr, DocumentError> {
    text.trim()
        .parse()
        .map_err(|_| DocumentError::Snapshot { field })
}

fn name(first: &str, last: &str, field: &'static str) -> Result<String, DocumentError> {
    let name = format!("{} {}", first.trim(), last.trim());
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(DocumentError::Snapshot { field });
    }
    Ok(name)
}

impl Member {
    pub(crate) fn from_snapshot(snapshot: &MemberSnapshot) -> Result<Member, DocumentError> {
        let insurer = snapshot.insurer.trim().to_owned();
        if insurer.is_empty() || insurer.chars().any(char::is_control) {
            return Err(DocumentError::Snapshot { field: "insurer" });
        }
        let family = snapshot
            .family
            .iter()
            .map(|f| {
                Ok(Person {
                    name: name(&f.first_name, &f.last_name, "family.name")?,
                    birth_date: date(&f.birth_date, "family.birthDate")?,
                    kvnr: kvnr(&f.kvnr, "family.kvnr")?,
                })
            })
            .collect::<Result<Vec<_>, DocumentError>>()?;
        Ok(Member {
            person: Person {
                name: name(&snapshot.first_name, &snapshot.last_name, "name")?,
                birth_date: date(&snapshot.birth_date, "birthDate")?,
                kvnr: kvnr(&snapshot.kvnr, "kvnr")?,
            },
            insurer,
            member_since: date(&snapshot.member_since, "memberSince")?,
            status: snapshot.status,
            family,
        })
    }
}
