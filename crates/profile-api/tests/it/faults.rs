//! Retries, timeouts and hostile answers, against the emulator's scripted faults (real time, short
//! timeouts; the exact schedules are pinned on tokio's paused clock in the unit tests of `retry`).

use std::time::{Duration, Instant};

use alexa_consent::ProfileField;
use alexa_profile_api::{ContactRequest, ErrorKind, ProfileApi, RetryPolicy};
use alexa_profile_emulator::{Endpoint, Fault, FaultScript, Grant, StatusCode, Target};

use crate::support::{ALL_PROFILE_SCOPES, client, client_with, context, emulator, fast_policy};

fn email() -> Target {
    Target::Endpoint(Endpoint::account(ProfileField::Email))
}

#[tokio::test]
async fn two_503_then_200_succeeds_on_the_third_attempt() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(
        email(),
        FaultScript::new([
            Fault::status(StatusCode::SERVICE_UNAVAILABLE),
            Fault::status(StatusCode::SERVICE_UNAVAILABLE),
        ]),
    );
    assert_eq!(client.email(&ctx).await.unwrap().unwrap().expose(), "alice@example.com");
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 3);
}

#[tokio::test]
async fn persistent_5xx_gives_a_server_error_after_three_attempts() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(email(), FaultScript::always(Fault::status(StatusCode::BAD_GATEWAY)));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::ServerError { status: 502 });
    assert_eq!(err.attempts(), 3);
    assert!(err.request_id().is_some());
    // 501 is a server error that retrying does not fix.
    emulator.set_fault(email(), FaultScript::always(Fault::status(StatusCode::NOT_IMPLEMENTED)));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!((err.kind(), err.attempts()), (&ErrorKind::ServerError { status: 501 }, 1));
}

#[tokio::test]
async fn retry_after_inside_the_deadline_is_honoured() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(
        email(),
        FaultScript::new([Fault::status(StatusCode::TOO_MANY_REQUESTS).with_retry_after("1")]),
    );
    let policy = fast_policy().with_deadline(Duration::from_millis(2500));
    let client_long = client_with(&emulator, policy);
    let started = Instant::now();
    assert!(client_long.email(&ctx).await.unwrap().is_some());
    assert!(started.elapsed() >= Duration::from_secs(1), "slept the Retry-After");
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 2);
    drop(client);
}

#[tokio::test]
async fn retry_after_beyond_the_deadline_fails_fast_as_throttled() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(
        email(),
        FaultScript::always(Fault::status(StatusCode::TOO_MANY_REQUESTS).with_retry_after("120")),
    );
    let started = Instant::now();
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Throttled { retry_after: Some(Duration::from_secs(120)) });
    assert_eq!(err.attempts(), 1);
    assert!(started.elapsed() < Duration::from_millis(500), "failed fast");
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 1);
}

#[tokio::test]
async fn a_stalled_server_times_out_within_the_deadline() {
    let emulator = emulator().await;
    let policy = fast_policy()
        .with_attempt_timeout(Duration::from_millis(150))
        .with_deadline(Duration::from_millis(400));
    let client = client_with(&emulator, policy);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(email(), FaultScript::always(Fault::stall()));
    let started = Instant::now();
    let err = client.email(&ctx).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.kind(), &ErrorKind::Timeout);
    assert!(took < Duration::from_millis(400 + 50), "deadline held: {took:?}");
    assert!(err.attempts() >= 2, "timed-out attempts are retried while time is left");
}

#[tokio::test]
async fn a_trickled_body_hits_the_attempt_timeout() {
    let emulator = emulator().await;
    let policy = RetryPolicy::disabled().with_attempt_timeout(Duration::from_millis(200));
    let client = client_with(&emulator, policy);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(email(), FaultScript::always(Fault::trickle(1, Duration::from_millis(100))));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Timeout);
}

#[tokio::test]
async fn a_reset_before_the_response_is_retried() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(email(), FaultScript::new([Fault::reset()]));
    assert!(client.email(&ctx).await.unwrap().is_some());
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 2);
    emulator.set_fault(email(), FaultScript::always(Fault::reset()));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Connect);
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn oversized_bodies_are_refused_announced_or_not() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    for fault in [Fault::oversized(4 << 20), Fault::oversized_chunked(4 << 20)] {
        emulator.set_fault(email(), FaultScript::always(fault));
        let err = client.email(&ctx).await.unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::BodyTooLarge { limit: 64 * 1024 });
        assert_eq!(err.attempts(), 1);
    }
}

#[tokio::test]
async fn malformed_json_wrong_content_type_and_html_are_invalid_responses() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    for fault in [
        Fault::malformed_json(),
        Fault::wrong_content_type(),
        Fault::custom(StatusCode::OK, "text/html", "<html><body>Welcome</body></html>"),
    ] {
        emulator.set_fault(email(), FaultScript::always(fault));
        let err = client.email(&ctx).await.unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidResponse, "{err}");
        assert!(!err.to_string().contains("alice"), "{err}");
    }
}

#[tokio::test]
async fn redirects_are_never_followed() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    let target = format!("{}/v2/accounts/~current/settings/Profile.name", emulator.base_url());
    emulator.set_fault(email(), FaultScript::always(Fault::redirect(target)));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::UnexpectedStatus { status: 307 });
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Name)), 0);
}

#[tokio::test]
async fn a_403_html_page_counts_as_permission_required() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    emulator.set_fault(
        email(),
        FaultScript::always(Fault::custom(
            StatusCode::FORBIDDEN,
            "text/html",
            "<html>403 Forbidden</html>",
        )),
    );
    let err = client.email(&ctx).await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::PermissionRequired { .. }));
}

#[tokio::test]
async fn fetch_contact_is_concurrent() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    // Every answer takes 300 ms; three fields fetched one after another would take 900 ms.
    emulator.set_fault(Target::Everything, FaultScript::fixed_latency(Duration::from_millis(300)));
    let started = Instant::now();
    let contact = client
        .fetch_contact(
            &ctx,
            &ContactRequest::account([
                ProfileField::Name,
                ProfileField::Email,
                ProfileField::MobileNumber,
            ]),
        )
        .await;
    let took = started.elapsed();
    assert!(
        contact.name_value().is_some()
            && contact.email_value().is_some()
            && contact.mobile_number_value().is_some()
    );
    assert!(took < Duration::from_millis(600), "not concurrent: {took:?}");
}
