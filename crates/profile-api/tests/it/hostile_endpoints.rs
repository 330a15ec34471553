//! The endpoint policy against hostile `apiEndpoint` strings: every one is refused before a
//! connection is opened, proved by a listening socket that counts accepts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use alexa_model::{ApiAccessToken, ApiContext};
use alexa_profile_api::{ErrorKind, ProfileApi, ProfileClient};

/// A loopback listener that counts the connections it accepts.
async fn counting_listener() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((_stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    (port, accepted)
}

fn hostile(p: u16, allowed: u16) -> Vec<String> {
    let list = [
        // Loopback and private targets, plain and TLS.
        format!("http://127.0.0.1:{p}"),
        format!("https://127.0.0.1:{p}"),
        format!("http://localhost:{p}"),
        format!("https://localhost:{p}/"),
        "https://169.254.169.254".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        // IP literals in other notations.
        format!("https://2130706433:{p}"),
        format!("https://0x7f000001:{p}"),
        format!("https://0177.0.0.1:{p}"),
        format!("https://127.1:{p}"),
        format!("https://[::1]:{p}"),
        format!("https://[::ffff:127.0.0.1]:{p}"),
        // User information that smuggles another host.
        format!("https://api.amazonalexa.com@127.0.0.1:{p}"),
        format!("https://api.amazonalexa.com:443@127.0.0.1:{p}"),
        format!("https://127.0.0.1:{p}@api.amazonalexa.com"),
        format!("https://api.amazonalexa.com\\@127.0.0.1:{p}"),
        format!("https://api.amazonalexa.com#@127.0.0.1:{p}"),
        // Look-alike hosts.
        "https://api.amazonalexa.com.evil.example".to_owned(),
        format!("https://api.amazonalexa.com.127.0.0.1.nip.io:{p}"),
        "https://evil-api.amazonalexa.com".to_owned(),
        "https://apiamazonalexa.com".to_owned(),
        "https://api.amazonalexa.co".to_owned(),
        "https://xn--pi-7kc.amazonalexa.com".to_owned(),
        "https://\u{0430}pi.amazonalexa.com".to_owned(),
        "HTTPS://API.AMAZONALEXA.COM.evil.example".to_owned(),
        "https://[api.amazonalexa.com]".to_owned(),
        // Trailing dots and percent-encoding.
        "https://api.amazonalexa.com.".to_owned(),
        "https://api.eu.amazonalexa.com.:443".to_owned(),
        "https://api.amazonalexa.com..".to_owned(),
        "https://api%2eamazonalexa.com".to_owned(),
        "https://%61pi.amazonalexa.com".to_owned(),
        // Ports.
        format!("https://api.amazonalexa.com:{p}"),
        "https://api.amazonalexa.com:0443".to_owned(),
        "https://api.amazonalexa.com:443:443".to_owned(),
        "https://api.amazonalexa.com:".to_owned(),
        // Paths, queries, fragments.
        "https://api.amazonalexa.com/v2/../../".to_owned(),
        format!("https://api.amazonalexa.com/?next=http://127.0.0.1:{p}"),
        "https://api.amazonalexa.com#fragment".to_owned(),
        // Schemes and shapes.
        "http://api.amazonalexa.com".to_owned(),
        "//api.amazonalexa.com".to_owned(),
        "api.amazonalexa.com".to_owned(),
        "https:/api.amazonalexa.com".to_owned(),
        "https:///api.amazonalexa.com".to_owned(),
        format!("ws://127.0.0.1:{p}"),
        "file:///etc/passwd".to_owned(),
        String::new(),
        // Whitespace and control characters.
        " https://api.amazonalexa.com".to_owned(),
        "https://api.amazonalexa.com\t".to_owned(),
        "https://api.amazonalexa.com\r\nHost: evil.example".to_owned(),
        // Near misses of the one allowed non-Amazon endpoint.
        format!("http://127.0.0.1:{p}@127.0.0.1:{allowed}"),
        format!("https://127.0.0.1:{allowed}"),
        format!("http://127.0.0.1:{allowed}/v2/accounts"),
        format!("http://127.0.0.1:{allowed}?x"),
        format!("http://127.0.0.2:{allowed}"),
    ];
    list.to_vec()
}

#[tokio::test]
async fn every_hostile_endpoint_is_refused_before_any_connection() {
    let (port, accepted) = counting_listener().await;
    // Another port is explicitly allowed (as the emulator would be); near misses of it must fail.
    let allowed = port.wrapping_add(1).max(1);
    let client = ProfileClient::builder()
        .allow_endpoint(&format!("http://127.0.0.1:{allowed}"))
        .unwrap()
        .build()
        .unwrap();
    let endpoints = hostile(port, allowed);
    assert!(endpoints.len() >= 40, "{} hostile endpoints", endpoints.len());
    for endpoint in &endpoints {
        let ctx = ApiContext::new(endpoint.clone(), ApiAccessToken::new("canary-token"));
        let err = client.email(&ctx).await.expect_err(endpoint);
        assert!(matches!(err.kind(), ErrorKind::EndpointRefused { .. }), "{endpoint:?}: {err}");
        assert_eq!(err.attempts(), 0, "{endpoint:?}");
        assert!(!err.to_string().contains("canary-token"));
        let contact = client
            .fetch_contact(
                &ctx,
                &alexa_profile_api::ContactRequest::account(alexa_consent::ProfileField::ALL),
            )
            .await;
        assert_eq!(contact.missing_scopes(), Vec::new(), "{endpoint:?}");
    }
    // Give the accept loop a chance to run: nothing may have connected.
    tokio::task::yield_now().await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(accepted.load(Ordering::SeqCst), 0);
}
