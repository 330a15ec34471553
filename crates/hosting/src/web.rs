//! [`SkillService`]: a skill as a hyper 1.x service, and [`serve`] to run it on a listener.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use alexa_model::{RequestEnvelope, ResponseEnvelope};
use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

use crate::handler::SkillHandler;
use crate::verify::Verifier;

/// The largest request body read by default: 128 KiB (Alexa's requests are a few KiB).
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 128 * 1024;

/// How long reading a request body may take by default: 10 s.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A skill as an HTTP service: `POST /` with a request envelope, answered with the response
/// envelope.
///
/// For each request it:
///
/// 1. answers 404 to a path other than its own (`/` by default) and 405 to a method other than
///    `POST`;
/// 2. reads the raw body, at most [`DEFAULT_MAX_REQUEST_BYTES`] (413 beyond), within
///    [`DEFAULT_BODY_TIMEOUT`] (408 beyond);
/// 3. verifies the request with its [`Verifier`] (signature, certificate chain, timestamp) and
///    answers **400** to any failure, with a generic body (the reason is logged, not sent);
/// 4. when skill IDs are set ([`with_skill_id`](Self::with_skill_id)), answers 400 to a request
///    for another skill;
/// 5. calls the [`SkillHandler`] with the decoded envelope: `Ok` is 200 with the response
///    envelope as JSON, `Err` is **500** (logged).
///
/// It implements hyper's `Service` for any request body; [`serve`] runs it on a TCP listener
/// (HTTP/1.1; terminate TLS in front of it, as Alexa requires HTTPS on port 443). Cheap to clone.
///
/// [`SkillService::without_verification`] skips step 3: only for local testing, never where
/// Alexa (or anyone else) can reach it.
pub struct SkillService<H> {
    handler: Arc<H>,
    verifier: Option<Verifier>,
    skill_ids: Arc<Vec<String>>,
    path: Arc<str>,
    max_body: usize,
    body_timeout: Duration,
}

impl<H> Clone for SkillService<H> {
    fn clone(&self) -> Self {
        SkillService {
            handler: Arc::clone(&self.handler),
            verifier: self.verifier.clone(),
            skill_ids: Arc::clone(&self.skill_ids),
            path: Arc::clone(&self.path),
            max_body: self.max_body,
            body_timeout: self.body_timeout,
        }
    }
}

impl<H> fmt::Debug for SkillService<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SkillService")
            .field("verifier", &self.verifier)
            .field("skill_ids", &self.skill_ids)
            .field("path", &self.path)
            .field("max_body", &self.max_body)
            .field("body_timeout", &self.body_timeout)
            .finish_non_exhaustive()
    }
}

impl<H: SkillHandler + 'static> SkillService<H> {
    /// A service that verifies every request with `verifier` before calling `handler`.
    pub fn new(handler: H, verifier: Verifier) -> Self {
        SkillService::with_verifier(handler, Some(verifier))
    }

    /// A service that does **not** verify requests: anyone who can reach it can send forged
    /// requests (and forged `apiEndpoint`s). Only for local testing; it logs a warning.
    pub fn without_verification(handler: H) -> Self {
        tracing::warn!(
            "request signature verification is off: never expose this service to the internet"
        );
        SkillService::with_verifier(handler, None)
    }

    fn with_verifier(handler: H, verifier: Option<Verifier>) -> Self {
        SkillService {
            handler: Arc::new(handler),
            verifier,
            skill_ids: Arc::new(Vec::new()),
            path: Arc::from("/"),
            max_body: DEFAULT_MAX_REQUEST_BYTES,
            body_timeout: DEFAULT_BODY_TIMEOUT,
        }
    }

    /// Accepts only requests for this skill ID (`amzn1.ask.skill....`, from
    /// `context.System.application.applicationId` or `session.application.applicationId`);
    /// others get 400 before the handler runs. Call again to accept several. By default any
    /// skill's requests are accepted: they are all signed by Alexa, but a request for another
    /// skill is not meant for this service.
    #[must_use]
    pub fn with_skill_id(mut self, skill_id: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.skill_ids).push(skill_id.into());
        self
    }

    /// Serves the skill at `path` instead of `/`.
    #[must_use]
    pub fn with_path(mut self, path: &str) -> Self {
        self.path = Arc::from(path);
        self
    }

    /// Sets the largest request body read (default: [`DEFAULT_MAX_REQUEST_BYTES`]).
    #[must_use]
    pub fn with_max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// Sets how long reading a request body may take (default: [`DEFAULT_BODY_TIMEOUT`]).
    #[must_use]
    pub fn with_body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// Whether requests are verified.
    #[must_use]
    pub fn verifies(&self) -> bool {
        self.verifier.is_some()
    }

    /// Answers one HTTP request; see [`SkillService`].
    pub async fn respond<B>(&self, request: Request<B>) -> Response<ResponseBody>
    where
        B: Body<Data = Bytes> + Send,
        B::Error: Into<BoxError>,
    {
        if request.uri().path() != &*self.path {
            return plain(StatusCode::NOT_FOUND, "not found");
        }
        if request.method() != Method::POST {
            let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
        let (parts, body) = request.into_parts();
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_body as u64) {
            return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
        }
        let body = match tokio::time::timeout(
            self.body_timeout,
            Limited::new(body, self.max_body).collect(),
        )
        .await
        {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(e)) if e.is::<LengthLimitError>() => {
                return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
            }
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "could not read the request body");
                return plain(StatusCode::BAD_REQUEST, "could not read the request body");
            }
            Err(_) => return plain(StatusCode::REQUEST_TIMEOUT, "request body timeout"),
        };
        let envelope = match &self.verifier {
            Some(verifier) => match verifier.verify(&parts.headers, &body).await {
                Ok(envelope) => envelope,
                Err(e) => {
                    tracing::warn!(error = %e, "request refused: verification failed");
                    return plain(StatusCode::BAD_REQUEST, "request verification failed");
                }
            },
            None => match RequestEnvelope::from_slice(&body) {
                Ok(envelope) => envelope,
                Err(e) => {
                    tracing::warn!(error = %e, "request refused: not a request envelope");
                    return plain(StatusCode::BAD_REQUEST, "not a request envelope");
                }
            },
        };
        if !crate::handler::skill_allowed(&self.skill_ids, &envelope) {
            tracing::warn!("request refused: it is for another skill");
            return plain(StatusCode::BAD_REQUEST, "request for another skill");
        }
        let request_type = envelope.request.request_type().to_owned();
        match self.handler.handle(envelope).await {
            Ok(response) => json(&response),
            Err(e) => {
                tracing::error!(request_type, error = %e, "the skill handler failed");
                plain(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
            }
        }
    }
}

fn json(envelope: &ResponseEnvelope) -> Response<ResponseBody> {
    match envelope.to_json() {
        Ok(text) => {
            let mut response = Response::new(ResponseBody::new(text));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=UTF-8"),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "could not encode the response envelope");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
        }
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response<ResponseBody> {
    let mut response = Response::new(ResponseBody::new(text));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain;charset=UTF-8"));
    response
}

impl<H, B> hyper::service::Service<Request<B>> for SkillService<H>
where
    H: SkillHandler + 'static,
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response<ResponseBody>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn call(&self, request: Request<B>) -> Self::Future {
        let service = self.clone();
        Box::pin(async move { Ok(service.respond(request).await) })
    }
}

/// The body of the service's responses: the whole answer, in one frame.
#[derive(Debug)]
pub struct ResponseBody {
    inner: Full<Bytes>,
}

impl ResponseBody {
    fn new(data: impl Into<Bytes>) -> Self {
        ResponseBody { inner: Full::new(data.into()) }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// How long a connection may take to send a request's headers: 10 s.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `service` on `listener` (HTTP/1.1, keep-alive) until `shutdown` completes, then stops
/// accepting and lets the open connections finish their current request.
///
/// Each connection is served on its own tokio task; a client gets 10 s to send its headers.
/// Terminate TLS in front (a load balancer or reverse proxy): Alexa calls HTTPS on port 443
/// only.
///
/// # Errors
///
/// When accepting a connection fails with an error other than a transient one (too many open
/// files, a connection reset before it was accepted).
pub async fn serve<H, F>(
    listener: TcpListener,
    service: SkillService<H>,
    shutdown: F,
) -> io::Result<()>
where
    H: SkillHandler + 'static,
    F: Future<Output = ()>,
{
    let mut shutdown = pin!(shutdown);
    let (closing_tx, closing_rx) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) if is_transient(&e) => {
                tracing::debug!(error = %e, "accept failed; going on");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            Err(e) => return Err(e),
        };
        let service = service.clone();
        let mut closing = closing_rx.clone();
        connections.spawn(async move {
            let mut builder = http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = closing.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = result {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        });
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    let _ = closing_tx.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

fn is_transient(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    ) || e.raw_os_error().is_some_and(|code| code == 23 || code == 24) // ENFILE, EMFILE
}
