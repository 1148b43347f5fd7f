//! Test-vector pages: a specification in `docs/` holds, between two markers, the vectors its
//! crate's code generates, as `name: value` lines in text blocks. A test compares the page with
//! the code (or rewrites it when asked), and another reads the page back as an implementer
//! would and checks every vector.

use std::{collections::BTreeMap, path::PathBuf};

const BEGIN: &str = "<!-- vectors:begin -->\n";
const END: &str = "<!-- vectors:end -->";

/// `"00ff"` → `[0x00, 0xff]` (a test's own constants and the page's values).
pub fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Lower-case hex, as the pages write bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One block on the page: its lines as `name: value`.
pub type Lines = Vec<(&'static str, String)>;

/// A specification page with its vectors.
#[derive(Debug)]
pub struct VectorPage {
    /// The page, such as `docs/letter-token.md`.
    pub path: PathBuf,
    /// The variable that makes [`VectorPage::check_or_update`] rewrite the page.
    pub update_var: &'static str,
    /// The command that rewrites it, for the message when the page is stale.
    pub update_command: &'static str,
}

impl VectorPage {
    /// The header block (the key) and one block per vector, as the page writes them.
    pub fn render(header: Lines, vectors: Vec<Lines>) -> String {
        let block = |lines: Lines| {
            let mut text = String::from("```text\n");
            for (name, value) in lines {
                text.push_str(&format!("{name}: {value}\n"));
            }
            text + "```\n"
        };
        let mut out = block(header);
        for vector in vectors {
            out.push('\n');
            out.push_str(&block(vector));
        }
        out
    }

    /// The page's text.
    pub fn read(&self) -> String {
        std::fs::read_to_string(&self.path)
            .unwrap_or_else(|e| panic!("{}: {e}", self.path.display()))
    }

    /// Fails unless the page's vectors are `generated`; with `update_var` set, writes them.
    pub fn check_or_update(&self, generated: &str) {
        let doc = self.read();
        if std::env::var_os(self.update_var).is_some() {
            let (start, end) = bounds(&doc);
            let updated = format!("{}{generated}{}", &doc[..start], &doc[end..]);
            std::fs::write(&self.path, updated)
                .unwrap_or_else(|e| panic!("{}: {e}", self.path.display()));
            return;
        }
        assert!(
            section(&doc) == generated,
            "{}'s vectors are stale: run `{}`",
            self.path.display(),
            self.update_command
        );
    }
}

/// The blocks between the markers, each as its `name: value` lines (the header first).
pub fn blocks(doc: &str) -> Vec<BTreeMap<&str, &str>> {
    section(doc)
        .split("```")
        .map(|block| {
            block
                .lines()
                .filter_map(|line| line.split_once(": "))
                .collect::<BTreeMap<_, _>>()
        })
        .filter(|fields| !fields.is_empty())
        .collect()
}

fn section(doc: &str) -> &str {
    let (start, end) = bounds(doc);
    &doc[start..end]
}

fn bounds(doc: &str) -> (usize, usize) {
    let start = doc.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = doc.find(END).expect("end marker");
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_page_reads_back_as_its_lines() {
        let text = VectorPage::render(
            vec![("key id", "T26A".into())],
            vec![
                vec![("vector", "1, valid".into()), ("token", "\"A: B\"".into())],
                vec![("vector", "2".into())],
            ],
        );
        assert_eq!(
            text,
            "```text\nkey id: T26A\n```\n\n```text\nvector: 1, valid\ntoken: \"A: B\"\n```\n\n\
             ```text\nvector: 2\n```\n"
        );
        let doc = format!("# Spec\n{BEGIN}{text}{END}\nmore");
        let blocks = blocks(&doc);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0]["key id"], "T26A");
        assert_eq!(blocks[1]["token"], "\"A: B\"");
        assert_eq!(section(&doc), text);
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex("00ff10"), [0, 255, 16]);
        assert_eq!(to_hex(&[0, 255, 16]), "00ff10");
    }
}
