//! Helpers that take a token apart and put it together again, by the spec
//! (`docs/letter-token.md`) rather than through the crate's private code.
#![allow(dead_code)] // each test file uses part of this

use kiosk_letter::{PREFIX, SigningKey};

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

pub fn decode(text: &str) -> Vec<u8> {
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).expect("base45") as u32;
    let mut out = Vec::new();
    for group in text.as_bytes()[PREFIX.len()..].chunks(3) {
        let n = group.iter().rev().fold(0u32, |acc, &c| acc * 45 + value(c));
        if group.len() == 3 {
            out.extend_from_slice(&u16::try_from(n).expect("u16").to_be_bytes());
        } else {
            out.push(u8::try_from(n).expect("u8"));
        }
    }
    out
}

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::from(PREFIX);
    for pair in bytes.chunks(2) {
        let (mut n, digits) = match pair {
            [a, b] => (usize::from(*a) * 256 + usize::from(*b), 3),
            [a] => (usize::from(*a), 2),
            _ => unreachable!(),
        };
        for _ in 0..digits {
            out.push(char::from(ALPHABET[n % 45]));
            n /= 45;
        }
    }
    out
}

/// Signs a hand-made body (the first 36 bytes) as the spec says.
pub fn resign(bytes: &[u8], key: &SigningKey) -> String {
    use ed25519_dalek::Signer;
    let body = &bytes[..36];
    let signature = key.sign(&[&b"kiosk-letter-v1\0"[..], body].concat());
    let mut token = body.to_vec();
    token.extend_from_slice(&signature.to_bytes());
    encode(&token)
}
