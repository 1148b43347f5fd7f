//! Where the member travels decides what the kiosk offers (DESIGN.md, "Auslandskrankenschein"):
//! a treaty form for the three countries whose bilateral agreements with Germany use one, the
//! EHIC on the back of the card where EU rules apply, staff for the agreements whose forms
//! only the counter issues, and an explanation (private travel insurance) everywhere else.

use thiserror::Error;

/// A country whose agreement's entitlement form the kiosk prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreatyCountry {
    Turkey,
    Tunisia,
    BosniaHerzegovina,
}

impl TreatyCountry {
    pub const ALL: [TreatyCountry; 3] = [
        TreatyCountry::Turkey,
        TreatyCountry::Tunisia,
        TreatyCountry::BosniaHerzegovina,
    ];

    /// The agreement's form, printed in the title.
    pub fn form_code(self) -> &'static str {
        match self {
            TreatyCountry::Turkey => "T/A 11",
            TreatyCountry::Tunisia => "TN/A 11",
            TreatyCountry::BosniaHerzegovina => "BH 6",
        }
    }

    pub fn alpha2(self) -> &'static str {
        match self {
            TreatyCountry::Turkey => "TR",
            TreatyCountry::Tunisia => "TN",
            TreatyCountry::BosniaHerzegovina => "BA",
        }
    }

    pub fn from_alpha2(code: &str) -> Option<TreatyCountry> {
        TreatyCountry::ALL.into_iter().find(|c| c.alpha2() == code)
    }
}

/// What the kiosk does for a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// Print the treaty form.
    Form(TreatyCountry),
    /// The European Health Insurance Card on the back of the member's card applies; nothing
    /// to print.
    Ehic,
    /// A bilateral agreement exists, but its form is issued at the counter.
    AskStaff,
    /// No agreement: statutory insurance does not cover treatment there.
    NoAgreement,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DestinationError {
    #[error("not a country code: expected two letters (ISO 3166-1 alpha-2), e.g. TR")]
    Unknown,
    #[error("Germany is not a travel destination abroad")]
    HomeCountry,
}

impl DestinationError {
    pub fn code(&self) -> &'static str {
        match self {
            DestinationError::Unknown => "unknownCountry",
            DestinationError::HomeCountry => "homeCountry",
        }
    }
}

/// The treaty countries whose form the kiosk prints.
pub const TREATY_FORM_COUNTRIES: &[&str] = &["TR", "TN", "BA"];

/// Where the EHIC applies: the EU-27 without Germany, the EEA (IS, LI, NO), Switzerland and the
/// United Kingdom (under the withdrawal and trade agreements). EU territory with its own code
/// is listed too: Åland (AX), the French outermost regions (GF, GP, MQ, RE, YT, MF).
pub const EHIC_COUNTRIES: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", // EU without DE
    "IS", "LI", "NO", // EEA
    "CH", "GB", // by agreement with the EU
    "AX", "GF", "GP", "MQ", "RE", "YT", "MF", // EU territory with a code of its own
];

/// Agreements (Serbia, Montenegro, North Macedonia) whose forms staff issue at the counter.
pub const ASK_STAFF_COUNTRIES: &[&str] = &["RS", "ME", "MK"];

/// How the UI groups its country choice: the groups in the order shown, each with the codes
/// offered as buttons (the UI names them from its catalogue); any other country is picked
/// through a search and classified with [`TravelDestination::classify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryGroup {
    TreatyForm,
    AskStaff,
    Ehic,
    /// Frequent destinations without an agreement, so the member learns that before travel.
    Other,
}

pub const OFFERED_COUNTRIES: &[(CountryGroup, &[&str])] = &[
    (CountryGroup::TreatyForm, TREATY_FORM_COUNTRIES),
    (CountryGroup::AskStaff, ASK_STAFF_COUNTRIES),
    (CountryGroup::Ehic, EHIC_COUNTRIES),
    (
        CountryGroup::Other,
        &["XK", "EG", "MA", "US", "TH", "AE", "CA", "DO", "MX", "AU"],
    ),
];

/// Every assigned ISO 3166-1 alpha-2 code (Debian's iso-codes 4.15) and XK, the code the EU
/// and Germany use for Kosovo. A code outside this list is a typo, not a country.
const KNOWN_CODES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// The member's destination, as a country code from the UI.
#[derive(Debug, Clone, Copy)]
pub struct TravelDestination;

impl TravelDestination {
    /// Classifies an ISO 3166-1 alpha-2 code (surrounding spaces and case are forgiven).
    pub fn classify(iso_alpha2: &str) -> Result<Advice, DestinationError> {
        let code = iso_alpha2.trim().to_ascii_uppercase();
        if KNOWN_CODES.binary_search(&code.as_str()).is_err() {
            return Err(DestinationError::Unknown);
        }
        if code == "DE" {
            return Err(DestinationError::HomeCountry);
        }
        if let Some(country) = TreatyCountry::from_alpha2(&code) {
            return Ok(Advice::Form(country));
        }
        if EHIC_COUNTRIES.contains(&code.as_str()) {
            return Ok(Advice::Ehic);
        }
        if ASK_STAFF_COUNTRIES.contains(&code.as_str()) {
            return Ok(Advice::AskStaff);
        }
        Ok(Advice::NoAgreement)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_get_their_advice() {
        let cases = [
            ("TR", Ok(Advice::Form(TreatyCountry::Turkey))),
            ("tn", Ok(Advice::Form(TreatyCountry::Tunisia))),
            (" BA ", Ok(Advice::Form(TreatyCountry::BosniaHerzegovina))),
            ("FR", Ok(Advice::Ehic)),
            ("CH", Ok(Advice::Ehic)),
            ("GB", Ok(Advice::Ehic)),
            ("NO", Ok(Advice::Ehic)),
            ("RE", Ok(Advice::Ehic)),
            ("RS", Ok(Advice::AskStaff)),
            ("MK", Ok(Advice::AskStaff)),
            ("ME", Ok(Advice::AskStaff)),
            ("XK", Ok(Advice::NoAgreement)),
            ("US", Ok(Advice::NoAgreement)),
            ("TH", Ok(Advice::NoAgreement)),
            ("ZZ", Err(DestinationError::Unknown)),
            ("", Err(DestinationError::Unknown)),
            ("TUR", Err(DestinationError::Unknown)),
            ("DE", Err(DestinationError::HomeCountry)),
        ];
        for (code, expected) in cases {
            assert_eq!(TravelDestination::classify(code), expected, "{code:?}");
        }
    }

    #[test]
    fn the_lists_are_consistent() {
        assert!(
            KNOWN_CODES.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        let mut eu = EHIC_COUNTRIES[..26].to_vec();
        eu.push("DE");
        assert_eq!(eu.len(), 27, "EU-27");
        for (group, codes) in OFFERED_COUNTRIES {
            for code in *codes {
                let advice = TravelDestination::classify(code).expect("offered codes are known");
                let expected = match group {
                    CountryGroup::TreatyForm => matches!(advice, Advice::Form(_)),
                    CountryGroup::AskStaff => advice == Advice::AskStaff,
                    CountryGroup::Ehic => advice == Advice::Ehic,
                    CountryGroup::Other => advice == Advice::NoAgreement,
                };
                assert!(expected, "{code} in {group:?} classifies as {advice:?}");
            }
        }
        for country in TreatyCountry::ALL {
            assert_eq!(TreatyCountry::from_alpha2(country.alpha2()), Some(country));
        }
    }
}
