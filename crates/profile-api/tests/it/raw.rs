//! What goes on the wire, seen by a raw loopback server: headers, no body, the token only where it
//! belongs.

use std::time::Duration;

use alexa_model::{ApiAccessToken, ApiContext};
use alexa_profile_api::{ProfileApi, ProfileClient, RetryPolicy, USER_AGENT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Accepts one connection, reads the request head, answers `answer`, returns the head.
async fn one_request(answer: &'static [u8]) -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "client closed before sending the head");
            head.extend_from_slice(&buf[..n]);
        }
        stream.write_all(answer).await.unwrap();
        stream.shutdown().await.unwrap();
        String::from_utf8(head).unwrap()
    });
    (base, handle)
}

#[tokio::test]
async fn a_get_with_the_bearer_token_accept_and_user_agent_and_no_body() {
    let (base, server) = one_request(
        b"HTTP/1.1 204 No Content\r\nx-amzn-requestid: r-1\r\ncontent-length: 0\r\n\r\n",
    )
    .await;
    let client = ProfileClient::builder()
        .allow_endpoint(&base)
        .unwrap()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let ctx = ApiContext::new(base, ApiAccessToken::new("tok-canary-123"));
    assert!(client.mobile_number(&ctx).await.unwrap().is_none());
    let head = tokio::time::timeout(Duration::from_secs(5), server).await.unwrap().unwrap();
    let lower = head.to_ascii_lowercase();
    assert!(
        head.starts_with("GET /v2/accounts/~current/settings/Profile.mobileNumber HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("authorization: Bearer tok-canary-123\r\n"), "{head}");
    assert!(lower.contains("accept: application/json\r\n"), "{head}");
    assert!(
        lower.contains(&format!("user-agent: {}\r\n", USER_AGENT.to_ascii_lowercase())),
        "{head}"
    );
    assert!(!lower.contains("content-length") && !lower.contains("transfer-encoding"), "{head}");
}

#[tokio::test]
async fn a_lying_content_length_is_refused_before_reading() {
    let (base, _server) = one_request(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10485760\r\n\r\n\"x\"",
    )
    .await;
    let client = ProfileClient::builder()
        .allow_endpoint(&base)
        .unwrap()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let ctx = ApiContext::new(base, ApiAccessToken::new("t"));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &alexa_profile_api::ErrorKind::BodyTooLarge { limit: 64 * 1024 });
}

#[tokio::test]
async fn an_invalid_response_head_is_an_invalid_response_and_is_not_retried() {
    // A head hyper cannot parse: the server did answer, so retrying only asks for more of it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nbroken header line\r\n\r\n").await;
            });
        }
    });
    let client = ProfileClient::builder().allow_endpoint(&base).unwrap().build().unwrap();
    let ctx = ApiContext::new(base, ApiAccessToken::new("t"));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &alexa_profile_api::ErrorKind::InvalidResponse, "{err}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
}
