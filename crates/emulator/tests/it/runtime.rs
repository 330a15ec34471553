//! Changing the emulator while it runs, throttling, start-up errors and shutdown.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use alexa_profile_emulator::{
    Emulator, Error, Fault, FaultScript, Grant, Profile, RateLimit, Scope, Target,
};
use tokio::time::Instant;

use crate::support::get;

const EMAIL: &str = "/v2/accounts/~current/settings/Profile.email";

fn builder() -> alexa_profile_emulator::EmulatorBuilder {
    Emulator::builder().with_profile("alice", Profile::new().with_email("alice@example.com"))
}

#[tokio::test]
async fn minted_tokens_grants_and_profiles_change_at_run_time() {
    let emulator = builder().start_local().await.unwrap();
    let token = emulator.mint(Grant::new("alice")).unwrap();
    let value = token.value().expose_secret();
    assert!(value.starts_with("Atza|emu.") && value.len() > 40);
    assert_ne!(value, emulator.mint(Grant::new("alice")).unwrap().value().expose_secret());
    assert_eq!(get(&emulator, EMAIL, Some(value)).await.status, 403);
    // The customer grants the scope.
    emulator.set_grant(token.name(), Grant::new("alice").with_scopes([Scope::Email])).unwrap();
    assert_eq!(get(&emulator, EMAIL, Some(value)).await.status, 200);
    assert_eq!(emulator.token(token.name()).unwrap().grant().scopes().len(), 1);
    // The customer removes the email from their profile.
    emulator.set_profile("alice", Profile::new());
    assert_eq!(get(&emulator, EMAIL, Some(value)).await.status, 204);
    // The token expires, then is revoked.
    emulator
        .set_grant(
            token.name(),
            Grant::new("alice").with_expires_at(SystemTime::now() - Duration::from_secs(1)),
        )
        .unwrap();
    assert_eq!(get(&emulator, EMAIL, Some(value)).await.status, 401);
    assert!(emulator.revoke(token.name()));
    assert!(!emulator.revoke(token.name()));
    assert_eq!(get(&emulator, EMAIL, Some(value)).await.status, 401);
    assert!(emulator.token(token.name()).is_none());
}

#[tokio::test]
async fn unknown_names_are_errors() {
    let emulator = builder().start_local().await.unwrap();
    let err = emulator.mint(Grant::new("carol")).unwrap_err();
    assert!(matches!(err, Error::UnknownProfile { ref profile } if profile == "carol"));
    assert_eq!(err.to_string(), "no profile named `carol`");
    let err = emulator.set_grant("nope", Grant::new("alice")).unwrap_err();
    assert_eq!(err.to_string(), "no token named `nope`");
    let err = builder()
        .with_token("t", Grant::new("alice").with_person("bob"))
        .start_local()
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "no profile named `bob`");
    let err = builder()
        .with_token("t", Grant::new("alice"))
        .with_token_value("u", "t", Grant::new("alice"))
        .start_local()
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "token `u` has the name or the value of another token");
}

#[tokio::test]
async fn a_busy_port_is_a_bind_error() {
    let first = builder().start_local().await.unwrap();
    let err = builder().start(first.local_addr()).await.unwrap_err();
    assert_eq!(err.to_string(), format!("cannot listen on {}", first.local_addr()));
    let io = std::error::Error::source(&err).unwrap().downcast_ref::<std::io::Error>().unwrap();
    assert_eq!(io.kind(), std::io::ErrorKind::AddrInUse);
}

#[tokio::test]
async fn a_given_address_and_ipv6_loopback() {
    let emulator = builder().start("[::1]:0".parse::<SocketAddr>().unwrap()).await;
    // Some sandboxes have no IPv6 loopback; where there is one, the URL brackets the address.
    if let Ok(emulator) = emulator {
        assert!(emulator.base_url().starts_with("http://[::1]:"));
        assert_eq!(get(&emulator, EMAIL, None).await.status, 401);
    } else {
        assert!(matches!(emulator, Err(Error::Bind { .. })));
    }
}

#[tokio::test(start_paused = true)]
async fn throttling_is_per_token_with_retry_after() {
    let emulator = builder()
        .with_token("a", Grant::new("alice").with_scopes([Scope::Email]))
        .with_token("b", Grant::new("alice").with_scopes([Scope::Email]))
        .with_rate_limit(RateLimit::new(2, Duration::from_secs(4)))
        .start_local()
        .await
        .unwrap();
    assert_eq!(get(&emulator, EMAIL, Some("a")).await.status, 200);
    assert_eq!(get(&emulator, EMAIL, Some("a")).await.status, 200);
    let throttled = get(&emulator, EMAIL, Some("a")).await;
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.header("retry-after"), Some("2"));
    assert_eq!(
        throttled.error(),
        (
            "TOO_MANY_REQUESTS".to_owned(),
            "The skill has been throttled due to an excessive number of requests.".to_owned()
        )
    );
    // Another token has its own budget.
    assert_eq!(get(&emulator, EMAIL, Some("b")).await.status, 200);
    tokio::time::advance(Duration::from_secs(2)).await;
    assert_eq!(get(&emulator, EMAIL, Some("a")).await.status, 200);
    assert_eq!(get(&emulator, EMAIL, Some("a")).await.status, 429);
}

#[tokio::test(start_paused = true)]
async fn shutdown_lets_open_requests_finish() {
    let emulator = builder()
        .with_token("t", Grant::new("alice").with_scopes([Scope::Email]))
        .with_fault(Target::Everything, FaultScript::fixed_latency(Duration::from_secs(1)))
        .start_local()
        .await
        .unwrap();
    let addr = emulator.local_addr();
    let pending = tokio::spawn(async move {
        let mut sender = crate::support::http1(addr).await;
        let response = sender
            .send_request(crate::support::request(http::Method::GET, EMAIL, Some("t"), ""))
            .await
            .unwrap();
        crate::support::read(response).await.status
    });
    // Let the request reach the server, then shut down while it waits.
    while emulator.counts().total() == 0 {
        tokio::task::yield_now().await;
    }
    let started = Instant::now();
    emulator.shutdown().await;
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(pending.await.unwrap(), 200);
    // Nothing listens any more.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test(start_paused = true)]
async fn shutdown_grace_bounds_the_wait() {
    let emulator = builder()
        .with_token("t", Grant::new("alice").with_scopes([Scope::Email]))
        .with_fault(
            Target::Everything,
            FaultScript::always(Fault::latency(Duration::from_secs(3600))),
        )
        .with_shutdown_grace(Duration::from_secs(2))
        .start_local()
        .await
        .unwrap();
    let addr = emulator.local_addr();
    let pending = tokio::spawn(async move {
        let mut sender = crate::support::http1(addr).await;
        sender
            .send_request(crate::support::request(http::Method::GET, EMAIL, Some("t"), ""))
            .await
            .is_err()
    });
    while emulator.counts().total() == 0 {
        tokio::task::yield_now().await;
    }
    let started = Instant::now();
    emulator.shutdown().await;
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(2) && took < Duration::from_secs(3600), "{took:?}");
    assert!(pending.await.unwrap(), "the request was cut off");
}
