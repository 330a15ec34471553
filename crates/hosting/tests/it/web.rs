//! The web service: in-process through `respond`, and over loopback TCP through `serve`.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use alexa_model::{Request, RequestEnvelope, ResponseEnvelope};
use alexa_skill_hosting::{SkillHandler, SkillService, serve};
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt, Full, StreamBody};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{Setup, launch};

/// Answers with the request type; fails on `IntentRequest`. Counts its calls.
#[derive(Default)]
struct Echo {
    calls: AtomicUsize,
}

#[derive(Debug)]
struct Broken;

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the order service is down")
    }
}

impl std::error::Error for Broken {}

#[async_trait::async_trait]
impl SkillHandler for Echo {
    type Error = Broken;

    async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, Broken> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if matches!(request.request, Request::Intent(_)) {
            return Err(Broken);
        }
        Ok(ResponseEnvelope::builder().speak_text(request.request.request_type()).build())
    }
}

fn post(headers: HeaderMap, body: Vec<u8>) -> http::Request<Full<Bytes>> {
    let mut request = http::Request::post("/").body(Full::new(Bytes::from(body))).unwrap();
    *request.headers_mut() = headers;
    request
}

async fn text(response: http::Response<alexa_skill_hosting::ResponseBody>) -> (StatusCode, String) {
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn a_signed_request_reaches_the_handler() {
    let s = Setup::new().await;
    let handler = Arc::new(Echo::default());
    let service = SkillService::new(Arc::clone(&handler), s.verifier.clone());
    assert!(service.verifies());
    let body = launch();
    let response = service.respond(post(s.pki.headers(&body), body)).await;
    assert_eq!(response.headers()["content-type"], "application/json;charset=UTF-8");
    let (status, text) = text(response).await;
    assert_eq!(status, StatusCode::OK);
    let envelope = ResponseEnvelope::from_json(&text).unwrap();
    let expected = ResponseEnvelope::builder().speak_text("LaunchRequest").build();
    assert_eq!(envelope, expected);
    assert_eq!(handler.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_unsigned_or_wrongly_signed_request_gets_400() {
    let s = Setup::new().await;
    let handler = Arc::new(Echo::default());
    let service = SkillService::new(Arc::clone(&handler), s.verifier.clone());
    let body = launch();

    let (status, text) = text(service.respond(post(HeaderMap::new(), body.clone())).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(text, "request verification failed", "the reason is logged, not sent");

    let mut tampered = body.clone();
    tampered[5] ^= 1;
    let response = service.respond(post(s.pki.headers(&body), tampered)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let other_signature =
        crate::support::signed_headers(crate::support::CERT_URL, &s.pki.sign(b"{}"));
    let response = service.respond(post(other_signature, body)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    assert_eq!(handler.calls.load(Ordering::SeqCst), 0, "the handler never ran");
}

#[tokio::test]
async fn a_handler_failure_is_500() {
    let s = Setup::new().await;
    let service = SkillService::new(Echo::default(), s.verifier.clone());
    let body = crate::support::envelope("IntentRequest", crate::support::NOW);
    let (status, text) = text(service.respond(post(s.pki.headers(&body), body)).await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(text, "internal server error", "the handler's error is not sent");
}

#[tokio::test]
async fn only_post_to_the_path() {
    let s = Setup::new().await;
    let service = SkillService::new(Echo::default(), s.verifier.clone());
    let get = http::Request::get("/").body(Full::new(Bytes::new())).unwrap();
    let response = service.respond(get).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "POST");

    let elsewhere = http::Request::post("/other").body(Full::new(Bytes::new())).unwrap();
    assert_eq!(service.respond(elsewhere).await.status(), StatusCode::NOT_FOUND);

    let service = service.with_path("/alexa");
    let mut request = http::Request::post("/alexa").body(Full::new(Bytes::from(launch()))).unwrap();
    *request.method_mut() = Method::POST;
    assert_eq!(service.respond(request).await.status(), StatusCode::BAD_REQUEST, "unsigned");
}

#[tokio::test]
async fn the_body_is_read_with_a_limit() {
    let s = Setup::new().await;
    let handler = Arc::new(Echo::default());
    let service =
        SkillService::new(Arc::clone(&handler), s.verifier.clone()).with_max_body_bytes(1024);
    let big = vec![b' '; 2048];

    // Declared too large.
    let mut request = post(HeaderMap::new(), big.clone());
    request.headers_mut().insert("content-length", "2048".parse().unwrap());
    assert_eq!(service.respond(request).await.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Streamed without a length.
    let chunks = big
        .chunks(256)
        .map(|c| Ok::<_, Infallible>(http_body::Frame::data(Bytes::copy_from_slice(c))));
    let body = StreamBody::new(futures_util::stream::iter(chunks.collect::<Vec<_>>()));
    let request = http::Request::post("/").body(body).unwrap();
    assert_eq!(service.respond(request).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(handler.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn without_verification_any_envelope_is_handled() {
    let service = SkillService::without_verification(Echo::default());
    assert!(!service.verifies());
    let (status, text) = text(service.respond(post(HeaderMap::new(), launch())).await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("LaunchRequest"));
    let response = service.respond(post(HeaderMap::new(), b"not json".to_vec())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn serve_answers_over_tcp_and_shuts_down() {
    let s = Setup::new().await;
    let service = SkillService::new(Echo::default(), s.verifier.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, service, async {
        let _ = stopped.await;
    }));

    let exchange = |request: Vec<u8>| async move {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(&request).await.unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.unwrap();
        String::from_utf8(response).unwrap()
    };
    let http_post = |extra: String, body: &[u8]| {
        let mut r = format!(
            "POST / HTTP/1.1\r\nHost: skill\r\nConnection: close\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    };

    let body = launch();
    let unsigned = exchange(http_post(String::new(), &body)).await;
    assert!(unsigned.starts_with("HTTP/1.1 400"), "{unsigned}");

    let headers = s.pki.headers(&body);
    let extra = headers
        .iter()
        .map(|(k, v)| format!("{k}: {}\r\n", v.to_str().unwrap()))
        .collect::<String>();
    let signed = exchange(http_post(extra, &body)).await;
    assert!(signed.starts_with("HTTP/1.1 200"), "{signed}");
    assert!(signed.contains(r#""text":"LaunchRequest""#));

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "the listener is closed");
}

#[tokio::test]
async fn with_a_skill_id_requests_for_other_skills_get_400() {
    let s = Setup::new().await;
    let handler = Arc::new(Echo::default());
    let body = launch(); // for amzn1.ask.skill.test
    let mine = SkillService::new(Arc::clone(&handler), s.verifier.clone())
        .with_skill_id("amzn1.ask.skill.test");
    let response = mine.respond(post(s.pki.headers(&body), body.clone())).await;
    assert_eq!(response.status(), StatusCode::OK);

    let theirs = SkillService::new(Arc::clone(&handler), s.verifier.clone())
        .with_skill_id("amzn1.ask.skill.other");
    let (status, text) = text(theirs.respond(post(s.pki.headers(&body), body)).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(text, "request for another skill");
    assert_eq!(handler.calls.load(Ordering::SeqCst), 1);
}
