//! Per-caller request limits: each kiosk (by its client certificate, which only the central
//! system's CA can issue) and each caller without one (by IP address) has a token bucket that
//! refills evenly over a minute; beyond it the answer is 429 with `Retry-After`, which kiosks
//! obey like an overload. Limits are per instance (instances behind a balancer each count on
//! their own): they bound what one stolen credential or one address can make an instance do,
//! they do not meter the fleet.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::Instant,
};

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{HttpError, PeerCertificate};

/// Set per connection by the acceptor: the caller's address.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

/// Requests per minute, each also the burst a caller may spend at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub kiosk_per_minute: u32,
    pub anonymous_per_minute: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Caller {
    Kiosk(String),
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets full again are forgotten (a full bucket is what a new caller gets), once there are
/// this many callers, and at most once a minute: a fleet larger than this must not pay for
/// a sweep on every request.
const PRUNE_ABOVE: usize = 4096;
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug)]
pub struct RateLimiter {
    limits: RateLimits,
    buckets: Mutex<Buckets>,
}

#[derive(Debug, Default)]
struct Buckets {
    by_caller: HashMap<Caller, Bucket>,
    pruned: Option<Instant>,
}

impl RateLimiter {
    pub fn new(limits: RateLimits) -> RateLimiter {
        RateLimiter {
            limits,
            buckets: Mutex::new(Buckets::default()),
        }
    }

    fn per_minute(&self, caller: &Caller) -> f64 {
        f64::from(match caller {
            Caller::Kiosk(_) => self.limits.kiosk_per_minute,
            Caller::Address(_) => self.limits.anonymous_per_minute,
        })
    }

    /// Takes one request from the caller's bucket, or says how many seconds until one is
    /// there again.
    fn take(&self, caller: Caller, now: Instant) -> Result<(), u32> {
        let capacity = self.per_minute(&caller);
        let per_second = capacity / 60.0;
        // A poisoned lock only means another request panicked mid-update: the counts are
        // still usable.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let due = buckets
            .pruned
            .is_none_or(|last| now.saturating_duration_since(last) >= PRUNE_EVERY);
        if buckets.by_caller.len() > PRUNE_ABOVE && due {
            buckets.pruned = Some(now);
            buckets.by_caller.retain(|caller, bucket| {
                let refilled = refill(*bucket, now, self.per_minute(caller) / 60.0);
                refilled < self.per_minute(caller)
            });
        }
        let bucket = buckets.by_caller.entry(caller).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        bucket.tokens = refill(*bucket, now, per_second).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / per_second).ceil();
            // At most a minute by construction; `as` saturates.
            Err((wait as u32).max(1))
        }
    }
}

fn refill(bucket: Bucket, now: Instant, per_second: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    bucket.tokens + elapsed * per_second
}

/// The middleware: counts the request against its caller, or answers 429.
pub(crate) async fn limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    let caller = match (
        request.extensions().get::<PeerCertificate>(),
        request.extensions().get::<ClientAddress>(),
    ) {
        (Some(PeerCertificate(Some(fingerprint))), _) => Some(Caller::Kiosk(fingerprint.clone())),
        (_, Some(ClientAddress(address))) => Some(Caller::Address(*address)),
        // Not through the acceptor (router tests): nothing to count by.
        _ => None,
    };
    if let Some(caller) = caller
        && let Err(retry_after) = limiter.take(caller.clone(), Instant::now())
    {
        match caller {
            Caller::Kiosk(_) => tracing::warn!(retry_after, "a kiosk exceeds its request limit"),
            Caller::Address(_) => {
                tracing::warn!(retry_after, "an unauthenticated caller exceeds its limit");
            }
        }
        return HttpError::too_many_requests(retry_after).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn each_caller_has_its_own_bucket_that_refills_over_a_minute() {
        let limiter = RateLimiter::new(RateLimits {
            kiosk_per_minute: 120,
            anonymous_per_minute: 6,
        });
        let t0 = Instant::now();
        let here = || Caller::Address("192.0.2.1".parse().expect("ip"));
        for _ in 0..6 {
            assert_eq!(limiter.take(here(), t0), Ok(()));
        }
        // Empty: one request comes back every 10 s.
        assert_eq!(limiter.take(here(), t0), Err(10));
        assert_eq!(limiter.take(here(), t0 + Duration::from_secs(4)), Err(6));
        assert_eq!(limiter.take(here(), t0 + Duration::from_secs(10)), Ok(()));
        // Others are not affected; kiosks have their own limit.
        let there = Caller::Address("192.0.2.2".parse().expect("ip"));
        assert_eq!(limiter.take(there, t0), Ok(()));
        let kiosk = || Caller::Kiosk("ab".repeat(32));
        for _ in 0..120 {
            assert_eq!(limiter.take(kiosk(), t0), Ok(()));
        }
        assert_eq!(limiter.take(kiosk(), t0), Err(1));
        // A full minute refills a bucket completely, and no further.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..6 {
            assert_eq!(limiter.take(here(), later), Ok(()));
        }
        assert!(limiter.take(here(), later).is_err());
    }

    #[test]
    fn full_buckets_are_forgotten_when_there_are_many() {
        let limiter = RateLimiter::new(RateLimits {
            kiosk_per_minute: 60,
            anonymous_per_minute: 60,
        });
        let t0 = Instant::now();
        for i in 0..=PRUNE_ABOVE {
            let address = IpAddr::from(std::net::Ipv4Addr::from(u32::try_from(i).expect("small")));
            assert_eq!(limiter.take(Caller::Address(address), t0), Ok(()));
        }
        let later = t0 + Duration::from_secs(120);
        assert_eq!(limiter.take(Caller::Kiosk("k".into()), later), Ok(()));
        let count = || limiter.buckets.lock().expect("lock").by_caller.len();
        assert_eq!(count(), 1, "only the caller just seen is kept");
        // Many callers again at once: no second sweep within the minute, one after it.
        for i in 0..=PRUNE_ABOVE {
            let address = IpAddr::from(std::net::Ipv4Addr::from(u32::try_from(i).expect("small")));
            assert_eq!(limiter.take(Caller::Address(address), later), Ok(()));
        }
        let soon = later + Duration::from_secs(30);
        assert_eq!(limiter.take(Caller::Kiosk("k".into()), soon), Ok(()));
        assert_eq!(
            count(),
            PRUNE_ABOVE + 2,
            "not swept again within the minute"
        );
        let after = later + Duration::from_secs(180);
        assert_eq!(limiter.take(Caller::Kiosk("k".into()), after), Ok(()));
        assert_eq!(count(), 1);
    }
}
