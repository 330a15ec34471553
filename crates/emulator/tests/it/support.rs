//! A small hyper client for the tests: one connection per call unless a sender is reused.

use std::net::SocketAddr;
use std::sync::Arc;

use alexa_profile_emulator::Emulator;
use bytes::Bytes;
use http::{HeaderMap, Method, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;

/// A whole response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    /// The `{"code", "message"}` of an error body.
    pub(crate) fn error(&self) -> (String, String) {
        let v = self.json();
        (v["code"].as_str().unwrap().to_owned(), v["message"].as_str().unwrap().to_owned())
    }
}

pub(crate) fn request(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: &'static str,
) -> Request<Full<Bytes>> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "emulator.test")
        .header("accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    builder.body(Full::new(Bytes::from_static(body.as_bytes()))).unwrap()
}

/// An HTTP/1.1 connection.
pub(crate) async fn http1(
    addr: SocketAddr,
) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.unwrap();
    tokio::spawn(conn);
    sender
}

/// An HTTP/2 connection with prior knowledge.
pub(crate) async fn http2(
    addr: SocketAddr,
) -> hyper::client::conn::http2::SendRequest<Full<Bytes>> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (sender, conn) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(conn);
    sender
}

pub(crate) async fn read(response: http::Response<hyper::body::Incoming>) -> Reply {
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let reply = Reply { status: parts.status.as_u16(), headers: parts.headers, body };
    // Every answer carries a request id.
    assert!(reply.header("x-amzn-requestid").is_some_and(|id| id.len() == 36), "{reply:?}");
    reply
}

/// Sends one request on a fresh HTTP/1.1 connection.
pub(crate) async fn send(emulator: &Emulator, req: Request<Full<Bytes>>) -> Reply {
    let mut sender = http1(emulator.local_addr()).await;
    read(sender.send_request(req).await.unwrap()).await
}

/// GET `path` with `token`.
pub(crate) async fn get(emulator: &Emulator, path: &str, token: Option<&str>) -> Reply {
    send(emulator, request(Method::GET, path, token, "")).await
}

/// A TLS client trusting `root`, offering `alpn`.
pub(crate) async fn tls_connect(
    addr: SocketAddr,
    root: CertificateDer<'static>,
    alpn: &[&[u8]],
    server_name: &str,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, std::io::Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let stream = TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from(server_name.to_owned()).unwrap();
    connector.connect(name, stream).await
}
