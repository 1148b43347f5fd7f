//! When to try again after a failure: exponential backoff with full jitter, never earlier than
//! the central system's `Retry-After`. A fleet that lost the central system at the same moment
//! thus spreads its retries instead of returning all at once.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffPolicy {
    /// The ceiling after the first failure; it doubles with each further one.
    pub base: Duration,
    /// The ceiling never grows beyond this.
    pub cap: Duration,
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        BackoffPolicy {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(300),
        }
    }
}

impl BackoffPolicy {
    /// The longest pause after `failures` consecutive failures: `min(cap, base · 2^(failures-1))`.
    pub fn ceiling(&self, failures: u32) -> Duration {
        let mut ceiling = self.base.min(self.cap);
        // At most 128 doublings reach any cap from any non-zero base; a zero base stays zero.
        for _ in 0..failures.saturating_sub(1).min(128) {
            if ceiling >= self.cap {
                break;
            }
            ceiling = ceiling.saturating_mul(2).min(self.cap);
        }
        ceiling
    }

    /// The pause before the next attempt: `unit` (a random draw from [0, 1)) of the ceiling,
    /// but at least `retry_after`. A `unit` outside [0, 1] is clamped (NaN counts as 1).
    pub fn delay(&self, failures: u32, unit: f64, retry_after: Option<Duration>) -> Duration {
        let unit = if unit.is_nan() {
            1.0
        } else {
            unit.clamp(0.0, 1.0)
        };
        let jittered = self.ceiling(failures).mul_f64(unit);
        jittered.max(retry_after.unwrap_or(Duration::ZERO))
    }
}

/// A uniform draw from [0, 1) from the operating system's random source (0.5 if it fails,
/// which only makes the jitter less random).
pub fn random_unit() -> f64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    // The top 53 bits make an evenly spaced double below 1.
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn the_ceiling_doubles_up_to_the_cap() {
        let policy = BackoffPolicy::default();
        let ceilings: Vec<u64> = (1..=11).map(|n| policy.ceiling(n).as_secs()).collect();
        assert_eq!(ceilings, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(policy.ceiling(0), S(1));
        assert_eq!(policy.ceiling(u32::MAX), S(300));
        let tiny = BackoffPolicy {
            base: Duration::from_millis(10),
            cap: Duration::MAX,
        };
        assert_eq!(tiny.ceiling(40), Duration::from_millis(10 << 39));
        assert_eq!(
            tiny.ceiling(u32::MAX),
            Duration::MAX,
            "saturates, no overflow"
        );
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        let policy = BackoffPolicy::default();
        assert_eq!(policy.delay(4, 0.0, None), Duration::ZERO);
        assert_eq!(policy.delay(4, 0.5, None), S(4));
        assert_eq!(policy.delay(4, 0.999_999, None), S(8).mul_f64(0.999_999));
        assert_eq!(policy.delay(20, 0.25, None), S(75));
        assert_eq!(policy.delay(4, 7.0, None), S(8), "clamped");
        assert_eq!(policy.delay(4, -1.0, None), Duration::ZERO, "clamped");
        assert_eq!(policy.delay(4, f64::NAN, None), S(8));
    }

    #[test]
    fn retry_after_is_a_floor_not_a_ceiling() {
        let policy = BackoffPolicy::default();
        assert_eq!(policy.delay(1, 0.0, Some(S(30))), S(30));
        assert_eq!(policy.delay(1, 0.9, Some(S(30))), S(30));
        // A jittered pause longer than Retry-After stands.
        assert_eq!(policy.delay(10, 0.5, Some(S(30))), S(150));
    }

    #[test]
    fn random_units_are_in_range_and_vary() {
        let draws: Vec<f64> = (0..100).map(|_| random_unit()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        assert!(draws.windows(2).any(|w| w[0] != w[1]));
    }
}
