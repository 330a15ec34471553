//! The verifier against a CA made at test time and a loopback chain server.

use std::time::Duration;

use alexa_model::Request;
use alexa_skill_hosting::{
    SIGNATURE_256, SIGNATURE_CERT_CHAIN_URL, SKILL_EVENT_TIMESTAMP_TOLERANCE, TIMESTAMP_TOLERANCE,
    VerifyError, VerifyErrorKind,
};
use http::HeaderMap;

use crate::support::{
    CERT_URL, LeafOptions, NOW, NOW_UNIX, Pki, Reply, Setup, builder, envelope, launch,
    signed_headers,
};

fn kind(result: Result<impl std::fmt::Debug, VerifyError>) -> VerifyErrorKind {
    result.unwrap_err().kind().clone()
}

#[tokio::test]
async fn a_signed_request_passes_and_decodes() {
    let s = Setup::new().await;
    let body = launch();
    let envelope = s.verifier.verify(&s.pki.headers(&body), &body).await.unwrap();
    assert!(matches!(envelope.request, Request::Launch(_)));
    assert_eq!(s.server.hits(), 1);
}

#[tokio::test]
async fn the_header_names_are_case_insensitive_and_values_trimmed() {
    let s = Setup::new().await;
    let body = launch();
    let mut headers = HeaderMap::new();
    headers.insert("signaturecertchainurl", format!(" {CERT_URL} ").parse().unwrap());
    headers.insert("SIGNATURE-256", s.pki.sign(&body).parse().unwrap());
    s.verifier.verify(&headers, &body).await.unwrap();
}

#[tokio::test]
async fn one_flipped_body_byte_is_rejected() {
    let s = Setup::new().await;
    let body = launch();
    let headers = s.pki.headers(&body);
    for i in [0, body.len() / 2, body.len() - 1] {
        let mut tampered = body.clone();
        tampered[i] ^= 0x01;
        let error = s.verifier.verify(&headers, &tampered).await.unwrap_err();
        assert_eq!(error.kind(), &VerifyErrorKind::SignatureMismatch, "byte {i}");
    }
    // The original still passes.
    s.verifier.verify(&headers, &body).await.unwrap();
}

#[tokio::test]
async fn a_signature_of_another_body_or_a_damaged_signature_is_rejected() {
    let s = Setup::new().await;
    let body = launch();
    let other = envelope("IntentRequest", NOW);
    let headers = signed_headers(CERT_URL, &s.pki.sign(&other));
    assert_eq!(kind(s.verifier.verify(&headers, &body).await), VerifyErrorKind::SignatureMismatch);

    let mut signature = s.pki.sign(&body).into_bytes();
    signature[10] = if signature[10] == b'A' { b'B' } else { b'A' };
    let headers = signed_headers(CERT_URL, std::str::from_utf8(&signature).unwrap());
    assert_eq!(kind(s.verifier.verify(&headers, &body).await), VerifyErrorKind::SignatureMismatch);

    // Valid base64, but far too short for an RSA signature.
    let headers = signed_headers(CERT_URL, "AAAA");
    assert_eq!(kind(s.verifier.verify(&headers, &body).await), VerifyErrorKind::SignatureMismatch);
}

#[tokio::test]
async fn a_signature_that_is_not_base64_is_an_invalid_header() {
    let s = Setup::new().await;
    let body = launch();
    let headers = signed_headers(CERT_URL, "not*base64!");
    assert_eq!(
        kind(s.verifier.verify(&headers, &body).await),
        VerifyErrorKind::InvalidHeader { name: SIGNATURE_256 }
    );
    assert_eq!(s.server.hits(), 0, "nothing is fetched for a malformed request");
}

#[tokio::test]
async fn missing_or_empty_headers_are_rejected_before_any_fetch() {
    let s = Setup::new().await;
    let body = launch();
    let signature = s.pki.sign(&body);

    let mut only_signature = HeaderMap::new();
    only_signature.insert(SIGNATURE_256, signature.parse().unwrap());
    let mut only_url = HeaderMap::new();
    only_url.insert(SIGNATURE_CERT_CHAIN_URL, CERT_URL.parse().unwrap());
    let cases = [
        (HeaderMap::new(), SIGNATURE_CERT_CHAIN_URL),
        (only_signature, SIGNATURE_CERT_CHAIN_URL),
        (only_url, SIGNATURE_256),
        (signed_headers("", &signature), SIGNATURE_CERT_CHAIN_URL),
        (signed_headers("   ", &signature), SIGNATURE_CERT_CHAIN_URL),
        (signed_headers(CERT_URL, ""), SIGNATURE_256),
    ];
    for (headers, name) in cases {
        let error = s.verifier.verify(&headers, &body).await.unwrap_err();
        assert_eq!(error.kind(), &VerifyErrorKind::MissingHeader { name });
        assert_eq!(error.to_string(), format!("missing or empty {name} header"));
    }
    // The transport-agnostic entry point says the same.
    let error = s.verifier.verify_parts(None, Some(&signature), &body).await.unwrap_err();
    assert_eq!(error.kind(), &VerifyErrorKind::MissingHeader { name: SIGNATURE_CERT_CHAIN_URL });
    assert_eq!(s.server.hits(), 0);
}

#[tokio::test]
async fn a_repeated_header_is_rejected() {
    let s = Setup::new().await;
    let body = launch();
    let mut headers = s.pki.headers(&body);
    headers.append(SIGNATURE_CERT_CHAIN_URL, CERT_URL.parse().unwrap());
    assert_eq!(
        kind(s.verifier.verify(&headers, &body).await),
        VerifyErrorKind::InvalidHeader { name: SIGNATURE_CERT_CHAIN_URL }
    );
}

#[tokio::test]
async fn a_refused_certificate_url_is_never_fetched() {
    let s = Setup::new().await;
    let body = launch();
    for url in [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert-test.pem",
        "https://evil.example/echo.api/echo-api-cert-test.pem",
    ] {
        let headers = signed_headers(url, &s.pki.sign(&body));
        let error = s.verifier.verify(&headers, &body).await.unwrap_err();
        assert!(error.cert_url_refusal().is_some(), "{url}");
    }
    assert_eq!(s.server.hits(), 0);
}

#[tokio::test]
async fn a_dot_segment_url_fetches_the_normalized_path() {
    let s = Setup::new().await;
    let body = launch();
    let url = "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem";
    s.verifier.verify(&signed_headers(url, &s.pki.sign(&body)), &body).await.unwrap();
    // The same chain, by its plain URL, comes from the cache.
    s.verifier.verify(&s.pki.headers(&body), &body).await.unwrap();
    assert_eq!(s.server.hits(), 1);
    assert_eq!(s.verifier.cached_chains(), 1);
}

#[tokio::test]
async fn a_leaf_without_echo_api_in_its_san_is_rejected() {
    let pki = Pki::with(LeafOptions { sans: vec!["example.com"], ..LeafOptions::default() });
    let s = Setup::with(pki).await;
    let body = launch();
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertNameMismatch
    );
    // A near miss is no better.
    let pki = Pki::with(LeafOptions {
        sans: vec!["echo-api.amazon.com.evil.com"],
        ..LeafOptions::default()
    });
    let s = Setup::with(pki).await;
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertNameMismatch
    );
    // Among other names, it passes.
    let pki = Pki::with(LeafOptions {
        sans: vec!["example.com", "echo-api.amazon.com"],
        ..LeafOptions::default()
    });
    let s = Setup::with(pki).await;
    s.verifier.verify(&s.pki.headers(&body), &body).await.unwrap();
}

#[tokio::test]
async fn an_expired_or_not_yet_valid_leaf_is_rejected() {
    let body = launch();
    let expired = Pki::with(LeafOptions {
        not_before: (2029, 1, 1),
        not_after: (2030, 5, 1),
        ..LeafOptions::default()
    });
    let s = Setup::with(expired).await;
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertExpired
    );

    let future = Pki::with(LeafOptions {
        not_before: (2030, 7, 1),
        not_after: (2031, 1, 1),
        ..LeafOptions::default()
    });
    let s = Setup::with(future).await;
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertNotYetValid
    );
    assert_eq!(s.verifier.cached_chains(), 0, "a chain that failed is not cached");
}

#[tokio::test]
async fn a_cached_chain_is_validated_again_when_it_expires() {
    let s = Setup::new().await;
    let verifier = builder(&s.pki, &s.server, &s.clock)
        .cache_ttl(Duration::from_secs(400 * 86_400))
        .build()
        .unwrap();
    let body = launch();
    verifier.verify(&s.pki.headers(&body), &body).await.unwrap();
    // A minute after the leaf's notAfter (2031-01-01), with the chain still in the cache.
    s.clock.set(1_924_992_000 + 60);
    assert_eq!(
        kind(verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertExpired
    );
    assert_eq!(s.server.hits(), 1, "the expired chain came from the cache");
}

#[tokio::test]
async fn a_chain_from_an_untrusted_root_is_rejected() {
    let s = Setup::new().await;
    // Another CA with the same name as the trusted one: a forged chain that names the trusted
    // root but was not signed by its key.
    let stranger = Pki::new();
    s.server.route(CERT_URL, Reply::Ok(stranger.chain_pem.clone()));
    let body = launch();
    assert_eq!(
        kind(s.verifier.verify(&stranger.headers(&body), &body).await),
        VerifyErrorKind::CertUntrusted
    );
}

#[tokio::test]
async fn a_chain_without_its_intermediate_does_not_reach_the_root() {
    let pki = Pki::with(LeafOptions { with_intermediate: false, ..LeafOptions::default() });
    let s = Setup::with(pki).await;
    let body = launch();
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertUntrusted
    );
}

#[tokio::test]
async fn the_default_roots_do_not_trust_a_test_ca() {
    let s = Setup::new().await;
    let verifier = alexa_skill_hosting::Verifier::builder()
        .fetch_origin_override(s.server.origin())
        .unwrap()
        .clock(s.clock.clock())
        .build()
        .unwrap();
    let body = launch();
    assert_eq!(
        kind(verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertUntrusted
    );
}

#[tokio::test]
async fn timestamps_within_150_seconds_pass_and_151_fails() {
    let s = Setup::new().await;
    let body = launch();
    let headers = s.pki.headers(&body);
    for (offset, ok) in
        [(149i64, true), (150, true), (151, false), (-149, true), (-150, true), (-151, false)]
    {
        s.clock.set(NOW_UNIX.checked_add_signed(offset).unwrap());
        let result = s.verifier.verify(&headers, &body).await;
        assert_eq!(result.is_ok(), ok, "clock at timestamp + {offset}s");
        if !ok {
            assert_eq!(
                kind(result),
                VerifyErrorKind::TimestampOutOfRange { tolerance: TIMESTAMP_TOLERANCE }
            );
        }
    }
}

#[tokio::test]
async fn a_skill_event_may_be_an_hour_old() {
    let s = Setup::new().await;
    let body = envelope("AlexaSkillEvent.SkillPermissionChanged", NOW);
    let headers = s.pki.headers(&body);
    for (offset, ok) in [(151, true), (3_600, true), (3_601, false)] {
        s.clock.set(NOW_UNIX + offset);
        let result = s.verifier.verify(&headers, &body).await;
        assert_eq!(result.is_ok(), ok, "clock at timestamp + {offset}s");
        if !ok {
            assert_eq!(
                kind(result),
                VerifyErrorKind::TimestampOutOfRange { tolerance: SKILL_EVENT_TIMESTAMP_TOLERANCE }
            );
        }
    }
    // Other request types do not get the hour.
    let intent = envelope("IntentRequest", NOW);
    s.clock.set(NOW_UNIX + 3_600);
    assert!(s.verifier.verify(&s.pki.headers(&intent), &intent).await.is_err());
}

#[tokio::test]
async fn a_missing_or_malformed_timestamp_is_rejected() {
    let s = Setup::new().await;
    let no_timestamp = br#"{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r"}}"#;
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(no_timestamp), no_timestamp).await),
        VerifyErrorKind::MissingTimestamp
    );
    let bad = envelope("LaunchRequest", "yesterday");
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(&bad), &bad).await),
        VerifyErrorKind::InvalidTimestamp
    );
}

#[tokio::test]
async fn a_signed_body_that_is_not_an_envelope_is_rejected() {
    let s = Setup::new().await;
    let body = b"[1, 2, 3]";
    assert_eq!(
        kind(s.verifier.verify(&s.pki.headers(body), body).await),
        VerifyErrorKind::InvalidBody
    );
}

#[tokio::test]
async fn fetch_failures_are_typed() {
    let s = Setup::new().await;
    let body = launch();
    let at = |path: &str| format!("https://s3.amazonaws.com/echo.api/{path}");
    let verify = |url: String| {
        let headers = signed_headers(&url, &s.pki.sign(&body));
        let verifier = s.verifier.clone();
        let body = body.clone();
        async move { verifier.verify(&headers, &body).await }
    };

    assert_eq!(
        kind(verify(at("absent.pem")).await),
        VerifyErrorKind::CertFetchStatus { status: 404 }
    );
    s.server.route(&at("redirect.pem"), Reply::Status(301));
    assert_eq!(
        kind(verify(at("redirect.pem")).await),
        VerifyErrorKind::CertFetchStatus { status: 301 },
        "redirects are not followed"
    );
    s.server.route(&at("garbage.pem"), Reply::Ok("hello".into()));
    assert_eq!(kind(verify(at("garbage.pem")).await), VerifyErrorKind::CertChainMalformed);
    s.server.route(&at("huge.pem"), Reply::Ok("A".repeat(70 * 1024)));
    assert_eq!(
        kind(verify(at("huge.pem")).await),
        VerifyErrorKind::CertTooLarge { limit: 64 * 1024 }
    );
    s.server.route(&at("unsized.pem"), Reply::Unsized(70 * 1024));
    assert_eq!(
        kind(verify(at("unsized.pem")).await),
        VerifyErrorKind::CertTooLarge { limit: 64 * 1024 }
    );
    assert_eq!(s.verifier.cached_chains(), 0);
}

#[tokio::test]
async fn a_stalled_fetch_times_out() {
    let s = Setup::new().await;
    let timeout = Duration::from_millis(200);
    let verifier = builder(&s.pki, &s.server, &s.clock).fetch_timeout(timeout).build().unwrap();
    s.server.route(CERT_URL, Reply::Stall);
    let body = launch();
    assert_eq!(
        kind(verifier.verify(&s.pki.headers(&body), &body).await),
        VerifyErrorKind::CertFetchTimeout { timeout }
    );
}

#[tokio::test]
async fn a_connection_failure_is_a_fetch_error() {
    let s = Setup::new().await;
    // A port nothing listens on: bind one, then close it.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let verifier = alexa_skill_hosting::Verifier::builder()
        .trust_roots_pem(s.pki.root_pem.as_bytes())
        .unwrap()
        .fetch_origin_override(&format!("http://{closed}"))
        .unwrap()
        .clock(s.clock.clock())
        .build()
        .unwrap();
    let body = launch();
    let error = verifier.verify(&s.pki.headers(&body), &body).await.unwrap_err();
    assert_eq!(error.kind(), &VerifyErrorKind::CertFetch);
    assert!(std::error::Error::source(&error).is_some(), "the cause is kept as the source");
}

#[tokio::test]
async fn the_cache_serves_repeats_until_its_ttl() {
    let s = Setup::new().await;
    let verifier =
        builder(&s.pki, &s.server, &s.clock).cache_ttl(Duration::from_secs(600)).build().unwrap();
    let body = launch();
    for _ in 0..3 {
        verifier.verify(&s.pki.headers(&body), &body).await.unwrap();
    }
    assert_eq!(s.server.hits(), 1);
    // 100 s later (the timestamp still passes): still cached.
    s.clock.advance(Duration::from_secs(100));
    verifier.verify(&s.pki.headers(&body), &body).await.unwrap();
    assert_eq!(s.server.hits(), 1);
    // After the TTL: fetched again (with a fresh timestamp).
    s.clock.advance(Duration::from_secs(600));
    let later = envelope("LaunchRequest", "2030-06-01T00:11:40Z");
    verifier.verify(&s.pki.headers(&later), &later).await.unwrap();
    assert_eq!(s.server.hits(), 2);
}

#[tokio::test]
async fn the_cache_holds_at_most_its_capacity() {
    let s = Setup::new().await;
    let verifier = builder(&s.pki, &s.server, &s.clock).cache_capacity(2).build().unwrap();
    let body = launch();
    for i in 0..5 {
        let url = format!("https://s3.amazonaws.com/echo.api/cert-{i}.pem");
        s.server.route(&url, Reply::Ok(s.pki.chain_pem.clone()));
        verifier.verify(&signed_headers(&url, &s.pki.sign(&body)), &body).await.unwrap();
        assert!(verifier.cached_chains() <= 2);
    }
    assert_eq!(verifier.cached_chains(), 2);
    assert_eq!(s.server.hits(), 5);

    let uncached = builder(&s.pki, &s.server, &s.clock).cache_capacity(0).build().unwrap();
    uncached.verify(&s.pki.headers(&body), &body).await.unwrap();
    uncached.verify(&s.pki.headers(&body), &body).await.unwrap();
    assert_eq!(uncached.cached_chains(), 0);
}

#[test]
fn builder_refuses_bad_configuration() {
    let config = |r: Result<alexa_skill_hosting::VerifierBuilder, VerifyError>| {
        r.unwrap_err().kind().clone()
    };
    let b = alexa_skill_hosting::Verifier::builder;
    assert_eq!(config(b().trust_roots_pem(b"no pem here")), VerifyErrorKind::Config);
    assert_eq!(config(b().fetch_origin_override("ftp://127.0.0.1")), VerifyErrorKind::Config);
    assert_eq!(config(b().fetch_origin_override("http://127.0.0.1/path")), VerifyErrorKind::Config);
    assert_eq!(config(b().fetch_origin_override("http://")), VerifyErrorKind::Config);
}
