//! `kioskctl verify`: checks a kiosk document (a PDF file, or the token scanned from its QR
//! code) against the document keys given, the kiosk's own and the central system's, and
//! prints one line. The full KVNR is never printed:
//! this runs on IT's consoles and ends up in tickets.

use std::{cell::Cell, path::Path, process::ExitCode};

use base64::{Engine, engine::general_purpose::STANDARD};
use kiosk_config::KioskConfig;
use kiosk_documents::{
    DocumentClaims, DocumentKeys, KeyId, KeyLookup, KeyStatus, SigningKey, Verdict, VerifyingKey,
};
use kiosk_sync::{CentralClient, Credential, CredentialPaths};

/// Public keys given on the command line (`--key BASE64`, the 32-byte Ed25519 key).
#[derive(Debug, Default)]
pub struct KeyList {
    keys: Vec<VerifyingKey>,
}

impl KeyList {
    pub fn from_base64<'a>(keys: impl IntoIterator<Item = &'a str>) -> Result<KeyList, String> {
        let keys = keys
            .into_iter()
            .map(|text| {
                let bytes = STANDARD
                    .decode(text.trim())
                    .map_err(|_| format!("--key {text}: not base64"))?;
                let bytes: [u8; 32] = bytes
                    .try_into()
                    .map_err(|_| format!("--key {text}: not 32 bytes (an Ed25519 public key)"))?;
                VerifyingKey::from_bytes(&bytes)
                    .map_err(|_| format!("--key {text}: not an Ed25519 public key"))
            })
            .collect::<Result<_, _>>()?;
        Ok(KeyList { keys })
    }
}

impl KeyLookup for KeyList {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        self.keys
            .iter()
            .find(|key| KeyId::of(key).as_bytes() == key_id)
            .map_or(KeyStatus::Unknown, |key| KeyStatus::Active(*key))
    }
}

/// Several key sources as one: a revocation in any of them wins, else the first that knows the
/// key. The seam where the central system's key registry (and its document revocations) joins
/// the command-line keys.
#[derive(Default)]
pub struct KeySources {
    sources: Vec<Box<dyn KeyLookup>>,
}

impl KeySources {
    pub fn push(&mut self, source: impl KeyLookup + 'static) {
        self.sources.push(Box::new(source));
    }
}

impl KeyLookup for KeySources {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        let answers: Vec<KeyStatus> = self.sources.iter().map(|s| s.lookup(key_id)).collect();
        if answers.contains(&KeyStatus::Revoked) {
            return KeyStatus::Revoked;
        }
        answers
            .into_iter()
            .find(|status| matches!(status, KeyStatus::Active(_)))
            .unwrap_or(KeyStatus::Unknown)
    }

    fn is_document_revoked(&self, document_id: &[u8; 16]) -> bool {
        self.sources
            .iter()
            .any(|s| s.is_document_revoked(document_id))
    }
}

/// The one line `kioskctl verify` prints.
pub fn line(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Valid(claims) => format!(
            "valid: {} {} valid {}..{} kvnr {}",
            claims.kind(),
            claims.document_id(),
            claims.valid_from(),
            claims.valid_until(),
            claims.masked_kvnr()
        ),
        Verdict::Tampered => "tampered".to_owned(),
        Verdict::UnknownKey => "unknown key".to_owned(),
        Verdict::Revoked => "revoked".to_owned(),
        Verdict::NotADocument(reason) => format!("not a document: {reason}"),
    }
}

/// A usage error: exit code 2, like clap's.
fn usage(message: &str) -> ExitCode {
    eprintln!("kioskctl verify: {message}");
    ExitCode::from(2)
}

/// Remembers which key a verification asked for (the central system is then asked for it).
struct Asking<'a> {
    inner: &'a KeySources,
    asked: Cell<Option<[u8; 8]>>,
}

impl KeyLookup for Asking<'_> {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        self.asked.set(Some(*key_id));
        self.inner.lookup(key_id)
    }

    fn is_document_revoked(&self, document_id: &[u8; 16]) -> bool {
        self.inner.is_document_revoked(document_id)
    }
}

/// The kiosk's own document key, read from its store (`--config`).
fn own_key(config: &KioskConfig) -> anyhow::Result<Option<VerifyingKey>> {
    let store = crate::store::open_existing(config)?;
    Ok(store
        .document_key()?
        .map(|stored| SigningKey::from_bytes(&stored.secret).verifying_key()))
}

/// The central system, when this kiosk is enrolled with it.
struct Central {
    client: CentralClient,
    runtime: tokio::runtime::Runtime,
}

impl Central {
    fn connect(config: &KioskConfig) -> anyhow::Result<Option<Central>> {
        let paths = CredentialPaths::in_data_dir(&config.data_dir);
        if !paths.exists() {
            return Ok(None);
        }
        let credential = Credential::load(&paths)?;
        let client = CentralClient::new(
            &config.central_url,
            &config.central_ca_file,
            Some(&credential),
        )?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Some(Central { client, runtime }))
    }

    /// The key as the central system knows it (revoked with its kiosk).
    fn key(&self, key_id: &[u8; 8]) -> anyhow::Result<DocumentKeys> {
        let mut keys = DocumentKeys::new();
        let info = self
            .runtime
            .block_on(self.client.document_key(&hex::encode(key_id)))?;
        if let Some(info) = info {
            let list =
                KeyList::from_base64([info.public_key.as_str()]).map_err(anyhow::Error::msg)?;
            for key in list.keys {
                let id = keys.insert(key);
                if info.revoked {
                    keys.revoke_key(id);
                }
            }
        }
        Ok(keys)
    }

    /// A valid document is still checked against what its kiosk reported printing.
    fn check(&self, claims: &DocumentClaims) -> anyhow::Result<Option<Verdict>> {
        let record = self
            .runtime
            .block_on(self.client.document(&claims.document_id().to_string()))?;
        Ok(record.and_then(|record| {
            if record.revoked {
                Some(Verdict::Revoked)
            } else if record.content_digest != hex::encode(claims.content_digest()) {
                Some(Verdict::Tampered)
            } else {
                None
            }
        }))
    }
}

/// Verifies `input` (a token if it starts with `KD`, else a PDF file) with the keys given,
/// the kiosk's own key and, when the kiosk is enrolled, the central system's key registry and
/// document records (`--config`). Exit code 0 only for a valid document, 1 for any other
/// verdict, 2 for usage errors.
#[allow(clippy::print_stdout)] // the verdict is the command's answer
pub fn run(input: &str, keys: &[String], config: Option<&Path>) -> ExitCode {
    let list = match KeyList::from_base64(keys.iter().map(String::as_str)) {
        Ok(list) => list,
        Err(message) => return usage(&message),
    };
    let mut sources = KeySources::default();
    let mut central = None;
    if let Some(path) = config {
        let config = match kiosk_config::load(path) {
            Ok(config) => config,
            Err(error) => return usage(&error.to_string()),
        };
        match own_key(&config) {
            Ok(Some(key)) => sources.push(KeyList { keys: vec![key] }),
            Ok(None) => {}
            Err(error) => {
                eprintln!("kioskctl verify: the kiosk's own key is not readable: {error:#}")
            }
        }
        match Central::connect(&config) {
            Ok(found) => central = found,
            Err(error) => {
                eprintln!("kioskctl verify: the central system cannot be asked: {error:#}")
            }
        }
    } else if list.keys.is_empty() {
        return usage(
            "no document keys: pass --key BASE64 (repeatable) or --config of an enrolled kiosk",
        );
    }
    sources.push(list);

    let trimmed = input.trim();
    let bytes = if trimmed.starts_with("KD") {
        None
    } else {
        match std::fs::read(input) {
            Ok(bytes) => Some(bytes),
            Err(error) => return usage(&format!("{input}: {error}")),
        }
    };
    let check = |keys: &dyn KeyLookup| match &bytes {
        None => kiosk_documents::verify_token(trimmed, keys),
        Some(bytes) => kiosk_documents::verify_pdf(bytes, keys),
    };
    let asking = Asking {
        inner: &sources,
        asked: Cell::new(None),
    };
    let mut verdict = check(&asking);
    if let Some(central) = &central {
        let asked = asking.asked.get();
        let outcome = (|| -> anyhow::Result<Option<Verdict>> {
            if let (Verdict::UnknownKey, Some(key_id)) = (&verdict, asked) {
                let keys = central.key(&key_id)?;
                let mut with_central = KeySources::default();
                with_central.push(keys);
                return Ok(Some(check(&with_central)));
            }
            Ok(None)
        })();
        match outcome {
            Ok(Some(again)) => verdict = again,
            Ok(None) => {}
            Err(error) => {
                eprintln!("kioskctl verify: the central system was not reached: {error:#}")
            }
        }
        if let Verdict::Valid(claims) = &verdict {
            match central.check(claims) {
                Ok(Some(worse)) => verdict = worse,
                Ok(None) => {}
                Err(error) => eprintln!(
                    "kioskctl verify: the central system was not reached, so a withdrawal is not checked: {error:#}"
                ),
            }
        }
    }
    println!("{}", line(&verdict));
    if matches!(verdict, Verdict::Valid(_)) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use kiosk_documents::{DocumentKeys, SigningKey};

    use super::*;

    fn key(seed: u8) -> VerifyingKey {
        SigningKey::from_bytes(&[seed; 32]).verifying_key()
    }

    #[test]
    fn keys_are_read_from_base64_and_found_by_id() {
        let text = STANDARD.encode(key(1).as_bytes());
        let list = KeyList::from_base64([text.as_str()]).expect("key");
        let id = KeyId::of(&key(1));
        assert_eq!(list.lookup(id.as_bytes()), KeyStatus::Active(key(1)));
        assert_eq!(
            list.lookup(KeyId::of(&key(2)).as_bytes()),
            KeyStatus::Unknown
        );
        assert!(KeyList::from_base64(["not base64!"]).is_err());
        assert!(KeyList::from_base64(["AAAA"]).is_err());
    }

    #[test]
    fn a_revocation_in_any_source_wins() {
        let mut revoked = DocumentKeys::new();
        revoked.revoke_key(KeyId::of(&key(1)));
        let mut sources = KeySources::default();
        sources.push(KeyList { keys: vec![key(1)] });
        let id = KeyId::of(&key(1));
        assert_eq!(sources.lookup(id.as_bytes()), KeyStatus::Active(key(1)));
        sources.push(revoked);
        assert_eq!(sources.lookup(id.as_bytes()), KeyStatus::Revoked);
    }

    #[test]
    fn the_line_names_no_full_kvnr() {
        assert_eq!(line(&Verdict::Tampered), "tampered");
        assert_eq!(line(&Verdict::UnknownKey), "unknown key");
        assert_eq!(line(&Verdict::Revoked), "revoked");
        assert_eq!(
            line(&Verdict::NotADocument(
                kiosk_documents::NotADocument::NoTokenInPdf
            )),
            "not a document: a PDF without a kiosk document token in its metadata"
        );
    }
}
