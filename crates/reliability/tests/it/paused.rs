//! The timing cases of the fault matrix, 1,000 runs each on tokio's paused clock: the real client
//! (standard policy, full jitter on) over the scripted transport, so every sleep and timeout is
//! exact virtual time. A run must end within the 2.5 s deadline, exactly where the schedule says,
//! with the kind of error the matrix decides.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use alexa_model::{ApiAccessToken, ApiContext};
use alexa_profile_api::transport::TransportError;
use alexa_profile_api::{Error, ErrorKind, ProfileApi, ProfileClient, RetryPolicy};
use alexa_reliability_tests::canary;
use alexa_reliability_tests::scripted::{Plan, Script, Scripted, Step};
use bytes::Bytes;

/// Paused-clock runs of every timing case.
const RUNS: usize = 1_000;

const DEADLINE: Duration = Duration::from_millis(2500);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

struct Run {
    outcome: Result<bool, Error>,
    took: Duration,
    requests: usize,
}

/// Runs the steps `RUNS` times (a fresh script each time) and checks every run with `check`.
async fn repeat(steps: impl Fn() -> Vec<Step>, check: impl Fn(&Run)) {
    let script = Script::new([Step::Silence]);
    let client = ProfileClient::builder()
        .retry_policy(RetryPolicy::standard())
        .transport(Arc::new(Scripted(script.clone())))
        .build()
        .unwrap();
    let ctx = ApiContext::new("https://api.amazonalexa.com", ApiAccessToken::new(canary::TOKEN));
    let mut longest = Duration::ZERO;
    for _ in 0..RUNS {
        script.set(steps());
        let before = script.requests();
        let started = tokio::time::Instant::now();
        let outcome = client.email(&ctx).await.map(|v| v.is_some());
        let run = Run { outcome, took: started.elapsed(), requests: script.requests() - before };
        assert!(run.took <= DEADLINE, "past the deadline: {:?}", run.took);
        if let Err(error) = &run.outcome {
            assert_eq!(error.attempts() as usize, run.requests, "{error}");
        }
        longest = longest.max(run.took);
        check(&run);
    }
    assert!(longest <= DEADLINE);
}

fn kind(run: &Run) -> &ErrorKind {
    run.outcome.as_ref().map_err(Error::kind).unwrap_err()
}

#[tokio::test(start_paused = true)]
async fn silence_times_out_exactly_at_the_deadline() {
    repeat(
        || vec![Step::Silence],
        |run| {
            assert_eq!(kind(run), &ErrorKind::Timeout);
            assert_eq!((run.requests, run.took), (3, DEADLINE));
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_head_then_a_stall_times_out_exactly_at_the_deadline() {
    repeat(
        || vec![Step::ok_with(Plan::Stall)],
        |run| {
            assert_eq!(kind(run), &ErrorKind::Timeout);
            assert_eq!((run.requests, run.took), (3, DEADLINE));
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_body_at_one_byte_per_second_times_out_exactly_at_the_deadline() {
    repeat(
        || {
            let data = Bytes::from_static(b"\"zelda.canary@example.org\"");
            vec![Step::ok_with(Plan::Trickle { data, every: Duration::from_secs(1) })]
        },
        |run| {
            assert_eq!(kind(run), &ErrorKind::Timeout);
            assert_eq!((run.requests, run.took), (3, DEADLINE));
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn resets_before_the_response_are_retried_within_the_jittered_backoff() {
    repeat(
        || vec![Step::Fail(TransportError::Closed)],
        |run| {
            assert_eq!(kind(run), &ErrorKind::Connect);
            assert_eq!(run.requests, 3);
            // Full jitter: at most 50 ms, then at most 100 ms.
            assert!(run.took <= ms(150), "{:?}", run.took);
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_reset_mid_body_is_final() {
    repeat(
        || vec![Step::ok_with(Plan::BreakAfter(Bytes::from_static(b"\"half")))],
        |run| {
            assert_eq!(kind(run), &ErrorKind::InvalidResponse);
            assert_eq!((run.requests, run.took), (1, Duration::ZERO));
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn an_endless_body_is_cut_at_the_limit_at_once() {
    repeat(
        || vec![Step::ok_with(Plan::Endless)],
        |run| {
            assert_eq!(kind(run), &ErrorKind::BodyTooLarge { limit: 65_536 });
            assert_eq!((run.requests, run.took), (1, Duration::ZERO));
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn retry_after_one_second_is_slept_exactly() {
    repeat(
        || vec![Step::retry_after(429, "1"), Step::json(200, r#""zelda.canary@example.org""#)],
        |run| {
            assert!(matches!(run.outcome, Ok(true)));
            assert_eq!((run.requests, run.took), (2, ms(1000)));
        },
    )
    .await;
    repeat(
        || vec![Step::retry_after(429, "1")],
        |run| {
            assert_eq!(kind(run), &ErrorKind::Throttled { retry_after: Some(ms(1000)) });
            assert_eq!((run.requests, run.took), (3, ms(2000)));
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_the_deadline_fails_at_once() {
    let an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    for value in ["120", an_hour.as_str()] {
        repeat(
            || vec![Step::retry_after(429, value)],
            |run| {
                let ErrorKind::Throttled { retry_after: Some(after) } = kind(run) else {
                    panic!("{value}: {:?}", run.outcome)
                };
                assert!(*after >= Duration::from_secs(120), "{after:?}");
                assert_eq!((run.requests, run.took), (1, Duration::ZERO));
            },
        )
        .await;
    }
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_a_past_http_date_retries_at_once() {
    repeat(
        || vec![Step::retry_after(429, "Sun, 06 Nov 1994 08:49:37 GMT")],
        |run| {
            assert_eq!(kind(run), &ErrorKind::Throttled { retry_after: Some(Duration::ZERO) });
            assert_eq!((run.requests, run.took), (3, Duration::ZERO));
        },
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn five_503_then_200_fails_after_three_and_the_next_call_gets_through() {
    let five_then_ok = || {
        let mut steps = vec![Step::json(503, r#"{"code":"SERVICE_UNAVAILABLE"}"#); 5];
        steps.push(Step::json(200, r#""zelda.canary@example.org""#));
        steps
    };
    let script = Script::new([Step::Silence]);
    let client =
        ProfileClient::builder().transport(Arc::new(Scripted(script.clone()))).build().unwrap();
    let ctx = ApiContext::new("https://api.amazonalexa.com", ApiAccessToken::new(canary::TOKEN));
    for _ in 0..RUNS {
        script.set(five_then_ok());
        let started = tokio::time::Instant::now();
        let error = client.email(&ctx).await.unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::ServerError { status: 503 });
        assert_eq!(error.attempts(), 3);
        assert!(started.elapsed() <= ms(150), "{:?}", started.elapsed());
        let started = tokio::time::Instant::now();
        assert!(client.email(&ctx).await.unwrap().is_some(), "503, 503, then the answer");
        assert!(started.elapsed() <= ms(150));
        assert_eq!(script.requests() % 6, 0);
    }
}
