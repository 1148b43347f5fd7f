//! What the workspace's tests share (a dev-dependency only): the repeatable generator that the
//! fuzz targets' stand-in tests draw their inputs from, so that every `cargo test` runs each
//! target on the same thousands of inputs, and the ways those tests damage a valid input; and
//! the test-vector pages of the token specifications ([`vectors`]); and QR codes drawn as
//! images ([`qr_image`]), as a screen or a print shows them to a camera.

pub mod vectors;

/// The code for `text` at `module` pixels per module with a four-module quiet zone, near-black
/// on near-white (as a screen or paper shows it).
pub fn qr_image(text: &str, module: u32) -> image::GrayImage {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .expect("payload fits a QR code");
    let width = u32::try_from(code.width()).expect("a QR code is small");
    let colors = code.to_colors();
    let size = (width + 8) * module;
    image::GrayImage::from_fn(size, size, |x, y| {
        let (mx, my) = (x / module, y / module);
        let inside = (4..width + 4).contains(&mx) && (4..width + 4).contains(&my);
        let dark = inside
            && colors[usize::try_from((my - 4) * width + (mx - 4)).unwrap_or(usize::MAX)]
                == qrcode::Color::Dark;
        image::Luma([if dark { 20 } else { 235 }])
    })
}

/// The characters of Base45 (RFC 9285), in which the signed tokens are written.
pub const BASE45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// One damage [`damage`] may do to an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// A byte becomes one of the alphabet.
    Replace,
    /// One of the alphabet is inserted.
    Insert,
    /// A byte is removed.
    Remove,
    /// The input is cut short.
    Truncate,
}

/// Damages `input` in place: 1 to `most` edits, each one of `edits`, with new bytes from
/// `alphabet`. An edit that needs a byte to work on leaves an empty input alone.
pub fn damage(rng: &mut Rng, input: &mut Vec<u8>, alphabet: &[u8], edits: &[Edit], most: usize) {
    for _ in 0..1 + rng.below(most) {
        let edit = edits[rng.below(edits.len())];
        let letter = alphabet[rng.below(alphabet.len())];
        match edit {
            Edit::Insert => input.insert(rng.below(input.len() + 1), letter),
            _ if input.is_empty() => {}
            Edit::Replace => {
                let at = rng.below(input.len());
                input[at] = letter;
            }
            Edit::Remove => {
                input.remove(rng.below(input.len()));
            }
            Edit::Truncate => input.truncate(rng.below(input.len())),
        }
    }
}

/// How a signed token looks, for [`token_inputs`].
#[derive(Debug, Clone, Copy)]
pub struct TokenShape<'a> {
    /// A valid token (prefix, Base45 text).
    pub token: &'a [u8],
    /// The prefix with its version, such as `KD1:`.
    pub prefix: &'a [u8],
    /// About how long the Base45 text behind the prefix is.
    pub text_len: usize,
    /// The length of the shortest signed body (the target also signs and verifies raw bytes).
    pub body_len: usize,
}

/// `rounds` inputs for a token parser's fuzz target, four kinds in turn: arbitrary bytes;
/// Base45 text of about the token's length, behind the prefix or not; the valid token with a
/// few characters changed, inserted or removed; raw bytes of about a signed body's length.
pub fn token_inputs(rng: &mut Rng, shape: TokenShape<'_>, rounds: usize) -> Vec<Vec<u8>> {
    (0..rounds)
        .map(|round| match round % 4 {
            0 => {
                let len = rng.below(400);
                random_bytes(rng, len)
            }
            1 => {
                let mut text = if rng.below(2) == 0 {
                    shape.prefix.to_vec()
                } else {
                    Vec::new()
                };
                let len = shape.text_len + rng.below(5) - 2;
                text.extend((0..len).map(|_| BASE45[rng.below(BASE45.len())]));
                text
            }
            2 => {
                let mut text = shape.token.to_vec();
                let edits = [Edit::Replace, Edit::Insert, Edit::Remove];
                damage(rng, &mut text, BASE45, &edits, 3);
                text
            }
            _ => {
                let len = shape.body_len + rng.below(80);
                random_bytes(rng, len)
            }
        })
        .collect()
}

/// `len` bytes from `rng`.
pub fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| rng.byte()).collect()
}

/// xorshift64*: repeatable from its seed, no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a non-zero seed (zero would repeat zeros for ever).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform enough in `0..n` (`n` > 0; 0 for `n` = 0).
    pub fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).unwrap_or(u64::MAX).max(1);
        usize::try_from(self.next_u64() % n).unwrap_or(0)
    }

    pub fn byte(&mut self) -> u8 {
        self.next_u64().to_le_bytes()[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_the_one_the_stand_in_tests_were_written_with() {
        // xorshift64* from the letter test's seed, as the copies it replaced computed it.
        let mut rng = Rng::new(0x5eed_1e77);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                0x11aa_7ae5_189f_1ef4,
                0x8f65_f74b_cdee_bc5d,
                0x36b1_18ab_4c5e_c83e
            ]
        );
        assert!((0..1000).all(|_| rng.below(7) < 7));
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn damage_does_only_the_edits_it_is_given() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let mut input = b"ABCDEF".to_vec();
            damage(&mut rng, &mut input, b"x", &[Edit::Insert], 3);
            assert!((7..=9).contains(&input.len()), "{input:?}");
            assert_eq!(input.iter().filter(|&&b| b != b'x').count(), 6);

            let mut input = b"ABCDEF".to_vec();
            damage(&mut rng, &mut input, b"x", &[Edit::Replace], 3);
            assert_eq!(input.len(), 6);
            assert!(input.contains(&b'x'), "{input:?}");

            let mut input = b"ABCDEF".to_vec();
            damage(
                &mut rng,
                &mut input,
                b"x",
                &[Edit::Remove, Edit::Truncate],
                3,
            );
            assert!(input.len() < 6, "{input:?}");
            assert!(!input.contains(&b'x'), "{input:?}");

            let mut empty = Vec::new();
            damage(
                &mut rng,
                &mut empty,
                b"x",
                &[Edit::Remove, Edit::Replace],
                4,
            );
            assert!(empty.is_empty());
        }
    }

    #[test]
    fn token_inputs_come_in_their_four_kinds() {
        let token = b"KD1:ABCDEFGHIJ";
        let shape = TokenShape {
            token,
            prefix: b"KD1:",
            text_len: 10,
            body_len: 36,
        };
        let inputs = token_inputs(&mut Rng::new(9), shape, 400);
        assert_eq!(inputs.len(), 400);
        for (round, input) in inputs.iter().enumerate() {
            match round % 4 {
                0 => assert!(input.len() < 400),
                1 => {
                    let text = input.strip_prefix(b"KD1:").unwrap_or(input);
                    assert!((8..=12).contains(&text.len()), "{input:?}");
                    assert!(text.iter().all(|b| BASE45.contains(b)));
                }
                2 => {
                    assert_ne!(input.as_slice(), token.as_slice());
                    assert!(input.len().abs_diff(token.len()) <= 3);
                }
                _ => assert!((36..116).contains(&input.len())),
            }
        }
    }
}
