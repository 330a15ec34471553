//! HTTP/1.1 keep-alive, HTTP/2 (prior knowledge and ALPN), TLS with the generated root, and many
//! connections at once.

use alexa_profile_emulator::{
    Emulator, Endpoint, Fault, FaultScript, Grant, Profile, ProfileField, Scope, Target,
};
use http::Method;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::support::{http1, http2, read, request, tls_connect};

const EMAIL: &str = "/v2/accounts/~current/settings/Profile.email";

fn builder() -> alexa_profile_emulator::EmulatorBuilder {
    Emulator::builder()
        .with_profile("alice", Profile::new().with_email("alice@example.com"))
        .with_token("tok", Grant::new("alice").with_scopes([Scope::Email]))
}

#[tokio::test]
async fn http1_keep_alive_serves_many_requests_on_one_connection() {
    let emulator = builder().start_local().await.unwrap();
    let mut sender = http1(emulator.local_addr()).await;
    for _ in 0..20 {
        sender.ready().await.unwrap();
        let reply =
            read(sender.send_request(request(Method::GET, EMAIL, Some("tok"), "")).await.unwrap())
                .await;
        assert_eq!(reply.status, 200);
    }
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 20);
}

#[tokio::test]
async fn http2_prior_knowledge_multiplexes_streams() {
    let emulator = builder().start_local().await.unwrap();
    let sender = http2(emulator.local_addr()).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let mut sender = sender.clone();
        tasks.push(tokio::spawn(async move {
            let response =
                sender.send_request(request(Method::GET, EMAIL, Some("tok"), "")).await.unwrap();
            assert_eq!(response.version(), http::Version::HTTP_2);
            read(response).await
        }));
    }
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!((reply.status, reply.text()), (200, r#""alice@example.com""#));
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
    assert_eq!(emulator.counts().total(), 50);
}

#[tokio::test]
async fn many_connections_at_once() {
    let emulator = builder().start_local().await.unwrap();
    let addr = emulator.local_addr();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            tokio::spawn(async move {
                let mut sender = http1(addr).await;
                let mut ok = 0;
                for _ in 0..5 {
                    sender.ready().await.unwrap();
                    let response = sender
                        .send_request(request(Method::GET, EMAIL, Some("tok"), ""))
                        .await
                        .unwrap();
                    ok += usize::from(read(response).await.status == 200);
                }
                ok
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        ok += task.await.unwrap();
    }
    assert_eq!(ok, 320);
    assert_eq!(emulator.counts().total(), 320);
}

#[tokio::test]
async fn https_with_the_injected_root_over_http1_and_http2() {
    let emulator = builder().with_tls().start_local().await.unwrap();
    assert!(emulator.base_url().starts_with("https://127.0.0.1:"));
    let pem = emulator.ca_certificate_pem().unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    let root = CertificateDer::from_pem_slice(pem.as_bytes()).unwrap();
    assert_eq!(root.as_ref(), emulator.ca_certificate_der().unwrap());

    for (alpn, name) in [(&b"h2"[..], "localhost"), (&b"http/1.1"[..], "127.0.0.1")] {
        let tls = tls_connect(emulator.local_addr(), root.clone(), &[alpn], name).await.unwrap();
        assert_eq!(tls.get_ref().1.alpn_protocol(), Some(alpn));
        let reply = if alpn == b"h2" {
            let (mut sender, conn) =
                hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tls))
                    .await
                    .unwrap();
            tokio::spawn(conn);
            let response =
                sender.send_request(request(Method::GET, EMAIL, Some("tok"), "")).await.unwrap();
            assert_eq!(response.version(), http::Version::HTTP_2);
            read(response).await
        } else {
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake(TokioIo::new(tls)).await.unwrap();
            tokio::spawn(conn);
            read(sender.send_request(request(Method::GET, EMAIL, Some("tok"), "")).await.unwrap())
                .await
        };
        assert_eq!((reply.status, reply.text()), (200, r#""alice@example.com""#));
    }
}

#[tokio::test]
async fn https_without_the_root_fails_the_handshake() {
    let emulator = builder().with_tls().start_local().await.unwrap();
    let other = builder().with_tls().start_local().await.unwrap();
    let wrong_root = CertificateDer::from(other.ca_certificate_der().unwrap().to_vec());
    let err =
        tls_connect(emulator.local_addr(), wrong_root, &[b"h2"], "localhost").await.unwrap_err();
    // Both CAs have the same name: the signature check is what fails.
    assert!(err.to_string().starts_with("invalid peer certificate"), "{err}");
    let root = CertificateDer::from(emulator.ca_certificate_der().unwrap().to_vec());
    let err = tls_connect(emulator.local_addr(), root, &[b"h2"], "api.amazonalexa.com")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("certificate not valid for name"), "{err}");
}

#[tokio::test]
async fn a_reset_over_tls_is_a_reset() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let emulator = builder().with_tls().start_local().await.unwrap();
    emulator.set_fault(Target::Everything, FaultScript::always(Fault::reset()));
    let root = CertificateDer::from(emulator.ca_certificate_der().unwrap().to_vec());
    let mut tls =
        tls_connect(emulator.local_addr(), root, &[b"http/1.1"], "localhost").await.unwrap();
    tls.write_all(b"GET /v2/accounts/~current/settings/Profile.email HTTP/1.1\r\nHost: e\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let err = tls.read_to_end(&mut buf).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset, "{err}");
    assert!(buf.is_empty());
}
