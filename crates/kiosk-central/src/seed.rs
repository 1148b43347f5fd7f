//! Realistic demo data: members with German names and addresses, valid KVNRs, family
//! members, membership, and sickness and hospital periods (kept centrally, never synced).
//! Deterministic for a given seed, so tests and benchmarks are repeatable.

use kiosk_domain::Kvnr;
use kiosk_protocol::{FamilyMember, InsuranceStatus, MemberSnapshot};

use crate::db::{Db, DbError, NewMember};

const FIRST: &[&str] = &[
    "Anna",
    "Lukas",
    "Marie",
    "Jonas",
    "Sophie",
    "Leon",
    "Emilia",
    "Paul",
    "Hannah",
    "Felix",
    "Mia",
    "Ben",
    "Lea",
    "Elias",
    "Lena",
    "Noah",
    "Jürgen",
    "Sabine",
    "Uwe",
    "Gisela",
    "Özlem",
    "Mehmet",
    "Agnieszka",
    "Olena",
    "Dmitri",
    "Ioana",
    "Karl-Heinz",
    "Anneliese",
    "Björn",
    "Käthe",
];
const LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Yılmaz",
    "Kowalski",
    "Schulze-Großmann",
    "Weiß",
    "Jäger",
    "Öztürk",
];
const STREETS: &[&str] = &[
    "Hauptstraße",
    "Schulstraße",
    "Gartenweg",
    "Bahnhofstraße",
    "Lindenallee",
    "Am Mühlbach",
    "Goethestraße",
    "Kirchplatz",
    "Rosenweg",
    "Friedrich-Ebert-Straße",
];
const CITIES: &[(&str, &str)] = &[
    ("20095", "Hamburg"),
    ("28195", "Bremen"),
    ("30159", "Hannover"),
    ("24103", "Kiel"),
    ("23552", "Lübeck"),
    ("26122", "Oldenburg"),
    ("38100", "Braunschweig"),
    ("21335", "Lüneburg"),
];
pub const INSURER: &str = "Gesundheitskasse Nord (Demo)";

/// A small deterministic generator (xorshift64*): demo data need no cryptographic quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn date(&mut self, from_year: u32, to_year: u32) -> String {
        let year =
            from_year + u32::try_from(self.below((to_year - from_year + 1) as usize)).unwrap_or(0);
        format!("{year}-{:02}-{:02}", 1 + self.below(12), 1 + self.below(28))
    }

    fn kvnr(&mut self) -> String {
        let letter = b'A' + u8::try_from(self.below(26)).unwrap_or(0);
        let digits = u32::try_from(self.next() % 100_000_000).unwrap_or(0);
        Kvnr::with_check_digit(letter, digits)
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default()
    }
}

/// `count` members for each branch.
pub fn members(branches: &[String], count: usize, seed: u64) -> Vec<NewMember> {
    let mut rng = Rng(seed.max(1));
    let mut out = Vec::with_capacity(branches.len() * count);
    for branch in branches {
        for _ in 0..count {
            let last = rng.pick(LAST).to_owned();
            let first = rng.pick(FIRST).to_owned();
            let status = [
                InsuranceStatus::Mandatory,
                InsuranceStatus::Mandatory,
                InsuranceStatus::Voluntary,
                InsuranceStatus::Pensioner,
                InsuranceStatus::Student,
            ][rng.below(5)];
            let birth = match status {
                InsuranceStatus::Pensioner => rng.date(1938, 1960),
                InsuranceStatus::Student => rng.date(1998, 2006),
                _ => rng.date(1961, 2004),
            };
            let family = (0..[0, 0, 1, 2, 3][rng.below(5)])
                .map(|_| FamilyMember {
                    kvnr: rng.kvnr(),
                    first_name: rng.pick(FIRST).to_owned(),
                    last_name: last.clone(),
                    birth_date: rng.date(2008, 2025),
                })
                .collect();
            let (zip, city) = CITIES[rng.below(CITIES.len())];
            let snapshot = MemberSnapshot {
                kvnr: rng.kvnr(),
                first_name: first.clone(),
                last_name: last.clone(),
                birth_date: birth,
                insurer: INSURER.to_owned(),
                member_since: rng.date(2005, 2025),
                status,
                family,
                version: 1,
            };
            let mail_name = format!("{}.{}", first, last)
                .to_lowercase()
                .replace(['ä', 'ö', 'ü', 'ß', 'ı', 'Ö'], "x");
            out.push(NewMember {
                branch_id: branch.clone(),
                phone: Some(format!(
                    "+49 17{} {:07}",
                    rng.below(10),
                    rng.below(10_000_000)
                )),
                email: Some(format!("{mail_name}@example.org")),
                postal_address: Some(format!(
                    "{} {}, {zip} {city}",
                    rng.pick(STREETS),
                    1 + rng.below(120)
                )),
                snapshot,
            });
        }
    }
    out
}

/// Inserts the members in batches, with a few sickness and hospital periods each.
pub async fn seed(db: &Db, branches: &[String], count: usize, seed: u64) -> Result<usize, DbError> {
    let all = members(branches, count, seed);
    for batch in all.chunks(2000) {
        db.insert_members(batch).await?;
    }
    let mut rng = Rng(seed.wrapping_add(7).max(1));
    let periods: Vec<(String, &str, String, Option<String>)> = all
        .iter()
        .flat_map(|m| {
            let n = rng.below(3);
            (0..n)
                .map(|_| {
                    let kind = if rng.below(4) == 0 {
                        "hospital"
                    } else {
                        "sickness"
                    };
                    let start = rng.date(2022, 2026);
                    (m.snapshot.kvnr.clone(), kind, start, None)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    db.insert_health_periods(&periods).await?;
    Ok(all.len())
}
