//! The content digest the token signs (`docs/document-token.md`, "Content digest"): SHA-256
//! over the decoded page content streams in page order, then the embedded font programs, then
//! the fonts' encodings (which glyph each code shows), each part tagged and length-prefixed so
//! that no bytes can move from one part to the next. It covers everything drawn except the QR
//! code, which is made from the token afterwards (and checked against it on verification).
//! Decoded bytes: recompressing a file does not break it.

use sha2::{Digest, Sha256};

const CONTEXT: &[u8] = b"kiosk-document-content-v1\0";
const PAGE_CONTENT: u8 = 1;
const FONT_PROGRAM: u8 = 2;
const FONT_ENCODING: u8 = 3;

pub(crate) struct ContentDigest {
    hash: Sha256,
}

impl ContentDigest {
    pub(crate) fn new() -> ContentDigest {
        let mut hash = Sha256::new();
        hash.update(CONTEXT);
        ContentDigest { hash }
    }

    fn part(&mut self, tag: u8, bytes: &[u8]) {
        self.hash.update([tag]);
        self.hash.update((bytes.len() as u64).to_be_bytes());
        self.hash.update(bytes);
    }

    /// One content stream of a page (pages in order, a page's streams in `/Contents` order).
    pub(crate) fn page_content(&mut self, decoded: &[u8]) {
        self.part(PAGE_CONTENT, decoded);
    }

    /// One font program, after all page contents.
    pub(crate) fn font_program(&mut self, decoded: &[u8]) {
        self.part(FONT_PROGRAM, decoded);
    }

    /// One font dictionary's encoding, after all font programs: its `/Differences` as code and
    /// glyph name pairs in ascending code order, each written as the code, the name's length
    /// and the name (None if a name is longer than 255 bytes: the kiosk writes none).
    pub(crate) fn font_encoding<'a>(
        &mut self,
        names: impl IntoIterator<Item = (u8, &'a [u8])>,
    ) -> Option<()> {
        let mut bytes = Vec::new();
        for (code, name) in names {
            bytes.push(code);
            bytes.push(u8::try_from(name.len()).ok()?);
            bytes.extend_from_slice(name);
        }
        self.part(FONT_ENCODING, &bytes);
        Some(())
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        self.hash.finalize().into()
    }
}
