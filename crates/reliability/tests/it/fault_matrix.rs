//! The fault matrix, in real time: every misbehaviour of `docs/reliability.md`, 20 runs each,
//! concurrently. Every call must end within its policy's deadline plus 50 ms, with the kind of
//! error the table decides (or the value, where the client should get through), never a panic.
//! The short policy (600 ms deadline) keeps the suite cheap; the standard policy is used where
//! its figures matter (`Retry-After` of 1 s needs its 2.5 s deadline).

use std::time::{Duration, SystemTime};

use alexa_profile_api::{ErrorKind, RetryPolicy};
use alexa_profile_emulator::{Fault, FaultScript, StatusCode};
use alexa_reliability_tests::hostile::Behavior;

use crate::support::{Case, Expect, Source, always, assert_runs, run_case, short_policy};

/// Real-time runs of every case.
pub(crate) const RUNS: usize = 20;

const HTML_PAGE: &str = "<html><head><title>502 Bad Gateway</title></head><body>\
    <h1>502 Bad Gateway</h1><p>The proxy could not reach the upstream.</p></body></html>";

fn in_secs(seconds: u64) -> String {
    httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(seconds))
}

fn error(kind: ErrorKind, attempts: u32) -> Expect {
    Expect::Error(kind, Some(attempts))
}

/// The whole matrix. `docs/reliability.md` has the same table, with the reasons.
pub(crate) fn cases() -> Vec<Case> {
    let short = short_policy as fn() -> RetryPolicy;
    let standard = RetryPolicy::standard as fn() -> RetryPolicy;
    // The short policy only where the outcome is a timeout: anywhere else a 200 ms attempt could
    // run out on a loaded machine (a debug build, the other tests beside it) and turn the case's
    // single attempt into a retry.
    let hostile = |name, behavior, expect: Expect| Case {
        name,
        source: Source::Hostile(behavior),
        policy: if matches!(expect, Expect::Error(ErrorKind::Timeout, _)) {
            short
        } else {
            standard
        },
        expect,
    };
    let emulated = |name, script: fn() -> FaultScript, policy, expect| Case {
        name,
        source: Source::Emulator(script),
        policy,
        expect,
    };
    vec![
        hostile("accept then silence", Behavior::Silence, Expect::Error(ErrorKind::Timeout, None)),
        hostile(
            "headers then a stall",
            Behavior::HeadThenStall,
            Expect::Error(ErrorKind::Timeout, None),
        ),
        hostile(
            "a body trickled at 1 byte per second",
            Behavior::Trickle { every: Duration::from_secs(1) },
            Expect::Error(ErrorKind::Timeout, None),
        ),
        hostile(
            "reset before the response (raw socket)",
            Behavior::ResetBeforeResponse,
            error(ErrorKind::Connect, 3),
        ),
        emulated(
            "reset before the response (emulator)",
            || always(Fault::reset()),
            standard,
            error(ErrorKind::Connect, 3),
        ),
        emulated(
            "one reset, then the answer",
            || FaultScript::new([Fault::reset()]),
            standard,
            Expect::Value,
        ),
        hostile("reset mid-body", Behavior::ResetMidBody, error(ErrorKind::InvalidResponse, 1)),
        hostile(
            "Content-Length larger than the body",
            Behavior::ContentLengthTooBig,
            error(ErrorKind::InvalidResponse, 1),
        ),
        hostile(
            "Content-Length smaller than the body",
            Behavior::ContentLengthTooSmall,
            error(ErrorKind::InvalidResponse, 1),
        ),
        hostile(
            "a 10 MB body (raw socket)",
            Behavior::LargeBody(10 << 20),
            error(ErrorKind::BodyTooLarge { limit: 65_536 }, 1),
        ),
        emulated(
            "a 10 MB body (emulator, Content-Length)",
            || always(Fault::oversized(10 << 20)),
            standard,
            error(ErrorKind::BodyTooLarge { limit: 65_536 }, 1),
        ),
        emulated(
            "a 10 MB body (emulator, chunked)",
            || always(Fault::oversized_chunked(10 << 20)),
            standard,
            error(ErrorKind::BodyTooLarge { limit: 65_536 }, 1),
        ),
        hostile(
            "an endless chunked body",
            Behavior::EndlessChunked,
            error(ErrorKind::BodyTooLarge { limit: 65_536 }, 1),
        ),
        emulated(
            "malformed JSON",
            || always(Fault::malformed_json()),
            standard,
            error(ErrorKind::InvalidResponse, 1),
        ),
        emulated(
            "a wrong content type",
            || always(Fault::wrong_content_type()),
            standard,
            error(ErrorKind::InvalidResponse, 1),
        ),
        emulated(
            "an HTML error page (502 from a proxy)",
            || always(Fault::custom(StatusCode::BAD_GATEWAY, "text/html", HTML_PAGE)),
            standard,
            error(ErrorKind::ServerError { status: 502 }, 3),
        ),
        emulated(
            "an HTML page with 200",
            || always(Fault::custom(StatusCode::OK, "text/html", HTML_PAGE)),
            standard,
            error(ErrorKind::InvalidResponse, 1),
        ),
        emulated(
            "429 with Retry-After: 1, then the answer",
            || {
                FaultScript::new([
                    Fault::status(StatusCode::TOO_MANY_REQUESTS).with_retry_after("1")
                ])
            },
            standard,
            Expect::Value,
        ),
        emulated(
            "429 with Retry-After: 1, always",
            || always(Fault::status(StatusCode::TOO_MANY_REQUESTS).with_retry_after("1")),
            standard,
            error(ErrorKind::Throttled { retry_after: Some(Duration::from_secs(1)) }, 3),
        ),
        emulated(
            "429 with Retry-After: 120",
            || always(Fault::status(StatusCode::TOO_MANY_REQUESTS).with_retry_after("120")),
            standard,
            error(ErrorKind::Throttled { retry_after: Some(Duration::from_secs(120)) }, 1),
        ),
        emulated(
            "429 with Retry-After: an HTTP date 2 s ahead, then the answer",
            || {
                FaultScript::new([
                    Fault::status(StatusCode::TOO_MANY_REQUESTS).with_retry_after(in_secs(2))
                ])
            },
            standard,
            Expect::Value,
        ),
        emulated(
            "429 with Retry-After: an HTTP date an hour ahead",
            || always(Fault::status(StatusCode::TOO_MANY_REQUESTS).with_retry_after(in_secs(3600))),
            standard,
            Expect::Error(ErrorKind::Throttled { retry_after: None }, Some(1)),
        ),
        emulated(
            "503 five times, then 200",
            || {
                FaultScript::new(std::iter::repeat_n(
                    Fault::status(StatusCode::SERVICE_UNAVAILABLE),
                    5,
                ))
            },
            standard,
            error(ErrorKind::ServerError { status: 503 }, 3),
        ),
        emulated(
            "a redirect to 169.254.169.254",
            || always(Fault::redirect("http://169.254.169.254/latest/meta-data/")),
            standard,
            error(ErrorKind::UnexpectedStatus { status: 307 }, 1),
        ),
        hostile(
            "a 2 MB header",
            Behavior::LargeHeader(2 << 20),
            error(ErrorKind::InvalidResponse, 1),
        ),
    ]
}

fn case(name: &str) -> Case {
    cases().into_iter().find(|c| c.name == name).unwrap()
}

async fn check(name: &str) {
    let case = case(name);
    let runs = run_case(&case, RUNS).await;
    assert_eq!(runs.len(), RUNS);
    if let Expect::Error(ErrorKind::Throttled { retry_after: None }, _) = case.expect {
        // An HTTP date: the duration depends on the second it is read in.
        for ran in &runs {
            let error = ran.outcome.as_ref().unwrap_err();
            let ErrorKind::Throttled { retry_after: Some(after) } = error.kind() else {
                panic!("{}: {error}", case.name)
            };
            assert!(*after > Duration::from_secs(3500), "{after:?}");
            assert_eq!(error.attempts(), 1);
            assert!(ran.took < Duration::from_millis(500), "fails fast: {:?}", ran.took);
        }
        return;
    }
    assert_runs(&case, &runs);
}

macro_rules! matrix {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $test() {
                check($name).await;
            }
        )*

        #[test]
        fn every_case_has_a_test() {
            let tested = [$($name),*];
            for case in cases() {
                assert!(tested.contains(&case.name), "no test for {}", case.name);
            }
            assert_eq!(tested.len(), cases().len());
        }
    };
}

matrix! {
    accept_then_silence => "accept then silence",
    headers_then_a_stall => "headers then a stall",
    a_body_trickled_at_one_byte_per_second => "a body trickled at 1 byte per second",
    reset_before_the_response_raw => "reset before the response (raw socket)",
    reset_before_the_response_emulator => "reset before the response (emulator)",
    one_reset_then_the_answer => "one reset, then the answer",
    reset_mid_body => "reset mid-body",
    content_length_larger_than_the_body => "Content-Length larger than the body",
    content_length_smaller_than_the_body => "Content-Length smaller than the body",
    a_10_mb_body_raw => "a 10 MB body (raw socket)",
    a_10_mb_body_emulator => "a 10 MB body (emulator, Content-Length)",
    a_10_mb_body_emulator_chunked => "a 10 MB body (emulator, chunked)",
    an_endless_chunked_body => "an endless chunked body",
    malformed_json => "malformed JSON",
    a_wrong_content_type => "a wrong content type",
    an_html_error_page => "an HTML error page (502 from a proxy)",
    an_html_page_with_200 => "an HTML page with 200",
    retry_after_1s_then_the_answer => "429 with Retry-After: 1, then the answer",
    retry_after_1s_always => "429 with Retry-After: 1, always",
    retry_after_120s => "429 with Retry-After: 120",
    retry_after_http_date_then_the_answer => "429 with Retry-After: an HTTP date 2 s ahead, then the answer",
    retry_after_http_date_an_hour_ahead => "429 with Retry-After: an HTTP date an hour ahead",
    five_503_then_200 => "503 five times, then 200",
    a_redirect_to_the_metadata_address => "a redirect to 169.254.169.254",
    a_2_mb_header => "a 2 MB header",
}
