use std::{collections::BTreeMap, time::Duration};

use super::{DecodeOutcome, Variant};

/// Counts over all frames a decoder saw. Numbers only: safe to log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecoderStats {
    pub frames: u64,
    pub decoded: u64,
    /// Frames where a code was seen but not read.
    pub seen_unread: u64,
    /// rqrr panics caught (never propagated).
    pub panics: u64,
    /// rqrr runs in all.
    pub attempts: u64,
    pub busy: Duration,
    /// Which variant read how many frames.
    pub hits: BTreeMap<Variant, u64>,
}

impl DecoderStats {
    pub(crate) fn record(&mut self, outcome: &DecodeOutcome) {
        self.frames += 1;
        self.attempts += u64::from(outcome.attempts);
        self.panics += u64::from(outcome.panics);
        self.busy += outcome.elapsed;
        match &outcome.decoded {
            Some(decoded) => {
                self.decoded += 1;
                *self.hits.entry(decoded.variant).or_default() += 1;
            }
            None if outcome.code_seen => self.seen_unread += 1,
            None => {}
        }
    }
}
