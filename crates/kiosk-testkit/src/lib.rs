//! What the workspace's tests share (a dev-dependency only): the repeatable generator that the
//! fuzz targets' stand-in tests draw their inputs from, so that every `cargo test` runs each
//! target on the same thousands of inputs.

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
}
