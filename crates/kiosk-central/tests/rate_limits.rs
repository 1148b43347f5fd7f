//! Per-caller request limits through the real server: a kiosk by its certificate, callers
//! without one by address; beyond the limit 429 with Retry-After and the protocol's error.

mod common;

use common::TestCentral;
use kiosk_protocol::{ApiError, ApiErrorCode};

#[test]
fn a_caller_beyond_its_limit_gets_429_with_retry_after_and_others_go_on() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let central = TestCentral::start_with("sqlite", |config| {
                config.kiosk_requests_per_minute = 5;
                config.anonymous_requests_per_minute = 4;
            })
            .await;
            // Enrolling takes one anonymous request per kiosk.
            let busy = central.enroll("K-1", "DEMO-01").await;
            let calm = central.enroll("K-2", "DEMO-01").await;
            let pull = |kiosk: &common::TestKiosk| {
                kiosk
                    .client
                    .get(format!("{}/v1/changes?cursor=0&limit=10", kiosk.url))
                    .send()
            };
            for _ in 0..5 {
                let answer = pull(&busy).await.expect("answers");
                assert_eq!(answer.status(), 200);
            }
            let refused = pull(&busy).await.expect("answers");
            assert_eq!(refused.status(), 429);
            let retry_after: u32 = refused
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok())
                .expect("Retry-After in seconds");
            // One request comes back every 12 s at 5 a minute.
            assert!((1..=12).contains(&retry_after), "{retry_after}");
            let body: ApiError = refused.json().await.expect("the protocol's error");
            assert_eq!(body.code, ApiErrorCode::RateLimited);
            // Another kiosk, behind the same address, has its own limit.
            assert_eq!(pull(&calm).await.expect("answers").status(), 200);

            // Without a certificate, by address: two enrollments spent two of four.
            let health = || {
                central
                    .client(None)
                    .get(format!("{}/v1/health", central.url()))
                    .send()
            };
            assert_eq!(health().await.expect("answers").status(), 200);
            assert_eq!(health().await.expect("answers").status(), 200);
            assert_eq!(health().await.expect("answers").status(), 429);
            // The kiosks are not counted against the address.
            assert_eq!(pull(&calm).await.expect("answers").status(), 200);
        });
}
