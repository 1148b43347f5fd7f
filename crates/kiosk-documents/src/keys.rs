//! Who signs and whom a verifier trusts. The kiosk signs with its document key; verifiers
//! (kioskctl, the central system) bring their own key sources through [`KeyLookup`].

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt,
};

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::claims::{DocumentClaims, DocumentId, KeyId};

/// The key a kiosk signs its documents with.
pub struct DocumentSigner {
    key: SigningKey,
}

impl DocumentSigner {
    pub fn new(key: SigningKey) -> DocumentSigner {
        DocumentSigner { key }
    }

    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.key.verifying_key())
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The token for these claims. Documents get theirs from [`crate::render`], which signs
    /// over the content digest; this is for test vectors and tools.
    pub fn sign_claims(&self, claims: &DocumentClaims) -> String {
        crate::token::sign(claims, &self.key)
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.key
    }
}

/// Redacted: only the key id.
impl fmt::Debug for DocumentSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentSigner({})", self.key_id())
    }
}

/// What a verifier knows about a signer key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStatus {
    Unknown,
    /// The key was withdrawn (e.g. a stolen kiosk): nothing it signed is trusted.
    Revoked,
    Active(VerifyingKey),
}

/// A verifier's key source: a list given on the command line, the central system's registry.
pub trait KeyLookup {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus;

    /// Whether this one document was withdrawn (e.g. issued in error). None by default.
    fn is_document_revoked(&self, _document_id: &[u8; 16]) -> bool {
        false
    }
}

impl<T: KeyLookup + ?Sized> KeyLookup for &T {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        (**self).lookup(key_id)
    }

    fn is_document_revoked(&self, document_id: &[u8; 16]) -> bool {
        (**self).is_document_revoked(document_id)
    }
}

impl<T: KeyLookup + ?Sized> KeyLookup for Box<T> {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        (**self).lookup(key_id)
    }

    fn is_document_revoked(&self, document_id: &[u8; 16]) -> bool {
        (**self).is_document_revoked(document_id)
    }
}

/// Keys and revocations held in memory: for tests, tools and small verifiers.
#[derive(Debug, Clone, Default)]
pub struct DocumentKeys {
    active: BTreeMap<KeyId, VerifyingKey>,
    revoked: BTreeSet<KeyId>,
    revoked_documents: BTreeSet<DocumentId>,
}

impl DocumentKeys {
    pub fn new() -> DocumentKeys {
        DocumentKeys::default()
    }

    /// Trusts a key under its id; returns the id.
    pub fn insert(&mut self, key: VerifyingKey) -> KeyId {
        let id = KeyId::of(&key);
        self.active.insert(id, key);
        id
    }

    /// Withdraws a key: a revocation wins over an active entry.
    pub fn revoke_key(&mut self, id: KeyId) {
        self.revoked.insert(id);
    }

    pub fn revoke_document(&mut self, id: DocumentId) {
        self.revoked_documents.insert(id);
    }
}

impl KeyLookup for DocumentKeys {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        let id = KeyId::from_bytes(*key_id);
        if self.revoked.contains(&id) {
            return KeyStatus::Revoked;
        }
        self.active
            .get(&id)
            .map_or(KeyStatus::Unknown, |key| KeyStatus::Active(*key))
    }

    fn is_document_revoked(&self, document_id: &[u8; 16]) -> bool {
        self.revoked_documents
            .contains(&DocumentId::from_bytes(*document_id))
    }
}
