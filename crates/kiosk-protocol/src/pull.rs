//! Pull: cursor-based deltas of what a kiosk needs offline.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::StaffAccountItem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Pass this as `cursor` next time; the kiosk stores it with the changes it applied.
    pub next_cursor: i64,
    /// More changes are waiting: pull again at once.
    pub more: bool,
    /// The central system's time when it answered (RFC 3339, UTC). Kiosks check their own
    /// clock against it: letters and certificates depend on the date.
    pub server_time: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    pub seq: i64,
    pub item: ChangeItem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ChangeItem {
    /// The member's current certificate data (replaces what the kiosk had).
    Member(MemberSnapshot),
    /// The member is no longer served at this branch: drop the snapshot.
    MemberRemoved {
        kvnr: String,
    },
    LetterRevoked {
        letter_id: String,
    },
    /// The letter was used to identify at some kiosk: no kiosk accepts it again.
    #[serde(rename_all = "camelCase")]
    LetterUsed {
        letter_id: String,
    },
    /// Wrong dates of birth locked the letter at some kiosk: every kiosk refuses it until staff
    /// unlock it (the tries do not add up kiosk by kiosk).
    #[serde(rename_all = "camelCase")]
    LetterLocked {
        letter_id: String,
    },
    /// Staff checked the member's ID at some kiosk and unlocked the letter: every kiosk takes it
    /// again, with its tries reset.
    #[serde(rename_all = "camelCase")]
    LetterUnlocked {
        letter_id: String,
    },
    KioskRevoked {
        kiosk_id: String,
    },
    DeviceRevoked {
        device_id: String,
    },
    /// A public key the central system signs activation letters with (fleet-wide). Kiosks keep
    /// every key they receive, so letters signed before a key rotation stay valid until they
    /// expire. A key id never names another key.
    #[serde(rename_all = "camelCase")]
    LetterKey {
        /// 4 characters A-Z, 0-9, e.g. `L26A` (the token's key id).
        key_id: String,
        /// Base64 of the 32-byte Ed25519 public key.
        public_key: String,
        /// The letter root's signature over the key id and key (base64; `docs/letter-token.md`).
        /// Kiosks trust no key without a valid one; keys announced before endorsements existed
        /// have none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        endorsement: Option<String>,
    },
    /// A staff account that may work in this kiosk's branch, new or changed (its PIN, role or
    /// branches): replaces what the kiosk had.
    StaffAccount(StaffAccountItem),
    /// The account was revoked, or no longer works in this branch: the kiosk forgets it and
    /// ends its staff session.
    #[serde(rename_all = "camelCase")]
    StaffWithdrawn {
        #[schema(value_type = String)]
        staff_id: kiosk_domain::staff::StaffId,
    },
    /// A letter key withdrawn (fleet-wide): letters it signed identify no one any more.
    #[serde(rename_all = "camelCase")]
    LetterKeyRevoked {
        key_id: String,
    },
}

/// Only what the certificates need, never health data. Personal data: wiped from memory when
/// dropped (a kiosk parses one per certificate and session).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "camelCase")]
pub struct MemberSnapshot {
    pub kvnr: String,
    pub first_name: String,
    pub last_name: String,
    /// YYYY-MM-DD
    pub birth_date: String,
    pub insurer: String,
    /// YYYY-MM-DD
    pub member_since: String,
    #[zeroize(skip)]
    pub status: InsuranceStatus,
    pub family: Vec<FamilyMember>,
    /// The record's version; data changes from the kiosk refer to it.
    pub version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum InsuranceStatus {
    /// Pflichtmitglied
    Mandatory,
    /// Freiwilliges Mitglied
    Voluntary,
    /// Rentner (KVdR)
    Pensioner,
    /// Studierende (KVdS)
    Student,
}

/// A family member covered through the member (Familienversicherung).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "camelCase")]
pub struct FamilyMember {
    pub kvnr: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
}
