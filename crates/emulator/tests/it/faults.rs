//! Every fault, scripted per endpoint, per token or for everything.

use std::io::ErrorKind;
use std::time::Duration;

use alexa_profile_emulator::{
    Emulator, Endpoint, Fault, FaultScript, Grant, Profile, ProfileField, Scope, StatusCode, Target,
};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::support::{get, http1, read, request};

const EMAIL: &str = "/v2/accounts/~current/settings/Profile.email";
const NAME: &str = "/v2/accounts/~current/settings/Profile.name";

fn email() -> Endpoint {
    Endpoint::account(ProfileField::Email)
}

async fn emulator() -> Emulator {
    Emulator::builder()
        .with_profile(
            "alice",
            Profile::new().with_name("Alice Example").with_email("alice@example.com"),
        )
        .with_token("tok", Grant::new("alice").with_scopes([Scope::Email, Scope::FullName]))
        .with_token("tok-2", Grant::new("alice").with_scopes([Scope::Email, Scope::FullName]))
        .start_local()
        .await
        .unwrap()
}

/// The raw bytes of an HTTP/1.1 GET of the email with `tok`.
fn raw_get() -> &'static [u8] {
    b"GET /v2/accounts/~current/settings/Profile.email HTTP/1.1\r\nHost: e\r\nAuthorization: Bearer tok\r\n\r\n"
}

#[tokio::test]
async fn a_status_sequence_then_normal_answers() {
    let emulator = emulator().await;
    emulator.set_fault(
        Target::Endpoint(email()),
        FaultScript::new([
            Fault::status(StatusCode::SERVICE_UNAVAILABLE),
            Fault::status(StatusCode::SERVICE_UNAVAILABLE),
        ]),
    );
    let first = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!(first.status, 503);
    assert_eq!(first.error().0, "SERVICE_UNAVAILABLE");
    assert_eq!(first.header("retry-after"), None);
    // Other endpoints are untouched and do not advance the script.
    assert_eq!(get(&emulator, NAME, Some("tok")).await.status, 200);
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 503);
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 200);
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 200);
    let faults: Vec<_> = emulator.request_log().iter().map(|r| r.fault).collect();
    assert_eq!(faults, [Some("status"), None, Some("status"), None, None]);
}

#[tokio::test]
async fn scripted_429_and_retry_after() {
    let emulator = emulator().await;
    emulator.set_fault(
        Target::Everything,
        FaultScript::new([
            Fault::status(StatusCode::TOO_MANY_REQUESTS),
            Fault::status(StatusCode::TOO_MANY_REQUESTS)
                .with_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Fault::status(StatusCode::INTERNAL_SERVER_ERROR).with_retry_after("3"),
            Fault::status(StatusCode::BAD_GATEWAY),
            Fault::status(StatusCode::NO_CONTENT),
        ]),
    );
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!((reply.status, reply.header("retry-after")), (429, Some("1")));
    assert_eq!(reply.error().0, "TOO_MANY_REQUESTS");
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!(reply.header("retry-after"), Some("Wed, 21 Oct 2015 07:28:00 GMT"));
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!((reply.status, reply.header("retry-after")), (500, Some("3")));
    assert_eq!(reply.error().0, "UNKNOWN_ERROR");
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 502);
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!((reply.status, reply.text()), (204, ""));
}

#[tokio::test(start_paused = true)]
async fn fixed_and_per_request_latency() {
    let emulator = emulator().await;
    emulator.set_fault(Target::token("tok"), FaultScript::fixed_latency(Duration::from_secs(2)));
    for _ in 0..2 {
        let started = Instant::now();
        let reply = get(&emulator, EMAIL, Some("tok")).await;
        assert_eq!(reply.status, 200);
        assert!(started.elapsed() >= Duration::from_secs(2));
    }
    emulator.set_fault(
        Target::token("tok"),
        FaultScript::latencies([Duration::from_millis(300), Duration::from_secs(3)]),
    );
    let mut took = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 200);
        took.push(started.elapsed());
    }
    assert!(took[0] >= Duration::from_millis(300) && took[0] < Duration::from_secs(3));
    assert!(took[1] >= Duration::from_secs(3));
    assert!(took[2] < Duration::from_millis(300));
    // A delayed fault: the status comes after the delay.
    emulator.set_fault(
        Target::token("tok"),
        FaultScript::always(
            Fault::status(StatusCode::GATEWAY_TIMEOUT).with_delay(Duration::from_secs(1)),
        ),
    );
    let started = Instant::now();
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 504);
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn reset_sends_a_tcp_rst_before_any_byte() {
    let emulator = emulator().await;
    emulator.set_fault(Target::token("tok"), FaultScript::new([Fault::reset()]));
    let mut stream = TcpStream::connect(emulator.local_addr()).await.unwrap();
    stream.write_all(raw_get()).await.unwrap();
    let mut buf = Vec::new();
    let err = stream.read_to_end(&mut buf).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectionReset);
    assert!(buf.is_empty());
    // The script is used up: a new connection gets the normal answer.
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 200);
    let log = emulator.request_log();
    assert_eq!((log[0].status, log[0].fault), (None, Some("reset")));
}

#[tokio::test]
async fn reset_through_hyper_is_a_connection_error() {
    let emulator = emulator().await;
    emulator.set_fault(Target::Everything, FaultScript::always(Fault::reset()));
    let mut sender = http1(emulator.local_addr()).await;
    let err = sender.send_request(request(http::Method::GET, EMAIL, Some("tok"), "")).await;
    assert!(err.is_err());
}

#[tokio::test(start_paused = true)]
async fn stall_accepts_and_never_answers_until_shutdown() {
    let emulator = emulator().await;
    emulator.set_fault(Target::Endpoint(email()), FaultScript::always(Fault::stall()));
    let mut stream = TcpStream::connect(emulator.local_addr()).await.unwrap();
    stream.write_all(raw_get()).await.unwrap();
    let mut buf = [0u8; 64];
    let waited = tokio::time::timeout(Duration::from_secs(3600), stream.read(&mut buf)).await;
    assert!(waited.is_err(), "no byte within an hour");
    assert_eq!(emulator.count(email()), 1);
    // Shutdown releases the stalled request at once: the connection closes without an answer.
    emulator.shutdown().await;
    let n = stream.read(&mut buf).await.unwrap_or(0);
    assert_eq!(n, 0);
}

#[tokio::test(start_paused = true)]
async fn a_trickled_body_arrives_in_pieces() {
    let emulator = emulator().await;
    emulator.set_fault(
        Target::token("tok"),
        FaultScript::always(Fault::trickle(4, Duration::from_millis(500))),
    );
    let mut sender = http1(emulator.local_addr()).await;
    let started = Instant::now();
    let response =
        sender.send_request(request(http::Method::GET, EMAIL, Some("tok"), "")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-length"], "19");
    let mut body = response.into_body();
    let mut pieces = Vec::new();
    while let Some(frame) = body.frame().await {
        pieces.push(frame.unwrap().into_data().unwrap());
    }
    assert_eq!(pieces.concat(), br#""alice@example.com""#);
    assert_eq!(pieces.len(), 5);
    assert!(started.elapsed() >= Duration::from_secs(2));
}

#[tokio::test]
async fn oversized_bodies_with_and_without_content_length() {
    let emulator = emulator().await;
    let size = 3 * 1024 * 1024;
    emulator.set_fault(
        Target::token("tok"),
        FaultScript::new([Fault::oversized(size), Fault::oversized_chunked(size)]),
    );
    let mut sender = http1(emulator.local_addr()).await;
    let exact = read(
        sender.send_request(request(http::Method::GET, EMAIL, Some("tok"), "")).await.unwrap(),
    )
    .await;
    assert_eq!(exact.status, 200);
    assert_eq!(exact.header("content-length"), Some(size.to_string().as_str()));
    assert_eq!(exact.body.len(), size);
    assert!(exact.json().is_string());
    let chunked = read(
        sender.send_request(request(http::Method::GET, EMAIL, Some("tok"), "")).await.unwrap(),
    )
    .await;
    assert_eq!(chunked.header("content-length"), None);
    assert_eq!(chunked.header("transfer-encoding"), Some("chunked"));
    assert_eq!(chunked.body.len(), size);
}

#[tokio::test]
async fn malformed_json_wrong_content_type_redirect_and_custom() {
    let emulator = emulator().await;
    emulator.set_fault(
        Target::token("tok"),
        FaultScript::new([
            Fault::malformed_json(),
            Fault::wrong_content_type(),
            Fault::redirect("http://169.254.169.254/latest/meta-data/"),
            Fault::redirect_with(StatusCode::MOVED_PERMANENTLY, "https://api.amazonalexa.com/"),
            Fault::custom(StatusCode::BAD_GATEWAY, "text/html", "<html>502 Bad Gateway</html>"),
        ]),
    );
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!((reply.status, reply.header("content-type")), (200, Some("application/json")));
    assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_err());
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!((reply.status, reply.text()), (200, r#""alice@example.com""#));
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!(reply.status, 307);
    assert_eq!(reply.header("location"), Some("http://169.254.169.254/latest/meta-data/"));
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!(
        (reply.status, reply.header("location")),
        (301, Some("https://api.amazonalexa.com/"))
    );
    let reply = get(&emulator, EMAIL, Some("tok")).await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert_eq!(reply.text(), "<html>502 Bad Gateway</html>");
    let names: Vec<_> = emulator.request_log().iter().map(|r| r.fault.unwrap()).collect();
    assert_eq!(names, ["malformed-json", "wrong-content-type", "redirect", "redirect", "custom"]);
}

#[tokio::test]
async fn a_token_script_affects_that_token_only_and_wins_over_an_endpoint_script() {
    let emulator = emulator().await;
    emulator.set_fault(
        Target::token("tok"),
        FaultScript::always(Fault::status(StatusCode::SERVICE_UNAVAILABLE)),
    );
    emulator.set_fault(
        Target::Endpoint(email()),
        FaultScript::always(Fault::status(StatusCode::INTERNAL_SERVER_ERROR)),
    );
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 503);
    assert_eq!(get(&emulator, NAME, Some("tok")).await.status, 503);
    assert_eq!(get(&emulator, EMAIL, Some("tok-2")).await.status, 500);
    assert_eq!(get(&emulator, NAME, Some("tok-2")).await.status, 200);
    emulator.clear_faults();
    assert_eq!(get(&emulator, EMAIL, Some("tok")).await.status, 200);
}

#[tokio::test]
async fn cycling_scripts_repeat_deterministically() {
    let emulator = Emulator::builder()
        .with_profile("alice", Profile::new().with_email("alice@example.com"))
        .with_token("tok", Grant::new("alice").with_scopes([Scope::Email]))
        .with_fault(
            Target::Everything,
            FaultScript::new([Fault::status(StatusCode::SERVICE_UNAVAILABLE), Fault::pass()])
                .cycle(),
        )
        .start_local()
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(get(&emulator, EMAIL, Some("tok")).await.status);
    }
    assert_eq!(statuses, [503, 200, 503, 200, 503]);
}
