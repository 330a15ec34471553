//! [`ProfileClient`]: the hyper 1.x + rustls implementation of [`ProfileApi`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use alexa_consent::{ConsentLevel, ProfileField};
use alexa_model::ApiContext;
use async_trait::async_trait;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode, Uri, header};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::api::{Fetched, ProfileApi};
use crate::error::{Error, ErrorKind};
use crate::policy::EndpointPolicy;
use crate::retry::{Clock, RetryPolicy, Step, TokioClock};
use crate::values::{Email, FullName, GivenName, MobileNumber};

/// The most of a response body the client reads by default: 64 KiB. The largest real answer (a
/// mobile number object) is well under 200 bytes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

/// How many requests a client has on the wire at once by default; see
/// [`ProfileClientBuilder::max_in_flight`].
pub const DEFAULT_MAX_IN_FLIGHT: usize = 16;

/// The `User-Agent` the client sends.
pub const USER_AGENT: &str = concat!("alexa-profile-api/", env!("CARGO_PKG_VERSION"));

type HttpClient = Client<HttpsConnector<HttpConnector>, Empty<Bytes>>;

/// What carries the requests: hyper, or (feature `test-util`) a scripted transport.
#[cfg_attr(
    feature = "test-util",
    allow(clippy::large_enum_variant, reason = "built once per client; boxing buys nothing")
)]
enum Transport {
    Hyper(HttpClient),
    #[cfg(feature = "test-util")]
    Scripted(Arc<dyn crate::transport::Transport>),
}

/// A client of the Customer Profile and Person Profile APIs over hyper 1.x and rustls.
///
/// Build it once ([`ProfileClient::new`] or [`ProfileClient::builder`]) and share it: it is cheap
/// to clone (an `Arc`), and its connection pool keeps connections alive across requests (HTTP/2
/// or HTTP/1.1, chosen by ALPN). Every call takes the [`ApiContext`] of the current request and:
///
/// - checks the endpoint against the [`EndpointPolicy`] before any connection is opened (by
///   default: `https://` and one of Amazon's three API hosts, nothing else);
/// - verifies the server with the webpki root certificates (or the roots you inject for tests),
///   over TLS 1.2 or 1.3 with rustls's `ring` provider;
/// - sends `Authorization: Bearer <token>` (marked sensitive, so HTTP/2 never indexes it), `Accept:
///   application/json`, a `User-Agent`, and no body;
/// - follows no redirect, and reads at most 64 KiB of body (checked against `Content-Length`
///   first);
/// - retries within a whole-call deadline as its [`RetryPolicy`] says;
/// - returns `Ok(Some(value))` for 200, `Ok(None)` for 204, and an [`Error`] by meaning otherwise;
/// - caches nothing: N calls make N requests (Amazon's policy).
///
/// It emits `tracing` spans and events (operation, level, attempt, status, elapsed, request id),
/// never a token or a profile value.
///
/// # Why `ring`
///
/// rustls needs a crypto provider. `ring` builds in a fraction of the time of `aws-lc-rs` on a
/// small machine (no cmake, no large C build) and is all a client of three HTTPS hosts needs.
#[derive(Clone)]
pub struct ProfileClient {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    policy: EndpointPolicy,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    user_agent: HeaderValue,
    max_body: usize,
    in_flight: tokio::sync::Semaphore,
    max_in_flight: usize,
}

impl fmt::Debug for ProfileClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileClient")
            .field("policy", &self.inner.policy)
            .field("retry", &self.inner.retry)
            .field("max_body", &self.inner.max_body)
            .field("max_in_flight", &self.inner.max_in_flight)
            .finish_non_exhaustive()
    }
}

/// Builds a [`ProfileClient`].
#[derive(Debug)]
#[must_use]
pub struct ProfileClientBuilder {
    policy: EndpointPolicy,
    retry: RetryPolicy,
    extra_roots: Vec<CertificateDer<'static>>,
    webpki_roots: bool,
    user_agent: String,
    max_body: usize,
    clock: Arc<dyn Clock>,
    pool_idle_timeout: Duration,
    max_in_flight: usize,
    #[cfg(feature = "test-util")]
    scripted: Option<Arc<dyn crate::transport::Transport>>,
}

impl Default for ProfileClientBuilder {
    fn default() -> Self {
        ProfileClientBuilder {
            policy: EndpointPolicy::amazon(),
            retry: RetryPolicy::standard(),
            extra_roots: Vec::new(),
            webpki_roots: true,
            user_agent: USER_AGENT.to_owned(),
            max_body: DEFAULT_MAX_BODY_BYTES,
            clock: Arc::new(TokioClock),
            pool_idle_timeout: Duration::from_secs(30),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            #[cfg(feature = "test-util")]
            scripted: None,
        }
    }
}

impl ProfileClientBuilder {
    /// Sets the endpoint policy (default: [`EndpointPolicy::amazon`]).
    pub fn endpoint_policy(mut self, policy: EndpointPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Allows one more endpoint exactly, such as the emulator's `http://127.0.0.1:8080`.
    ///
    /// # Errors
    ///
    /// As [`EndpointPolicy::allow`].
    pub fn allow_endpoint(mut self, endpoint: &str) -> Result<Self, Error> {
        self.policy = self.policy.allow(endpoint)?;
        Ok(self)
    }

    /// Sets the retry policy (default: [`RetryPolicy::standard`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Trusts only the certificates in `pem` (no webpki roots): for tests against a server with a
    /// self-signed certificate, such as the emulator with TLS.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when `pem` holds no certificate or cannot be read.
    pub fn root_certificates_pem(mut self, pem: &[u8]) -> Result<Self, Error> {
        self.extra_roots = parse_pem(pem)?;
        self.webpki_roots = false;
        Ok(self)
    }

    /// Trusts the certificates in `pem` in addition to the webpki roots.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when `pem` holds no certificate or cannot be read.
    pub fn add_root_certificates_pem(mut self, pem: &[u8]) -> Result<Self, Error> {
        self.extra_roots.extend(parse_pem(pem)?);
        Ok(self)
    }

    /// Sets the `User-Agent` (default: [`USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the most of a response body the client reads (default: 64 KiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// Sets how many requests the client has on the wire at once (default: 16). Calls beyond it
    /// wait for a place, and the wait counts against their attempt timeout and deadline. This
    /// bounds the memory a storm of calls against a hostile endpoint can take (each request in
    /// flight holds a connection's buffers and up to the body limit); a skill makes a handful of
    /// calls per request, so the limit only matters to a process serving many requests at once.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = requests.clamp(1, tokio::sync::Semaphore::MAX_PERMITS);
        self
    }

    /// Sets the clock (default: [`TokioClock`]); see [`Clock`].
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Sets how long an idle pooled connection is kept (default: 30 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Sends every request through `transport` instead of hyper (feature `test-util`): the
    /// endpoint policy, deadlines, retries, body limit and decoding still run. Hidden and unstable;
    /// for the workspace's reliability tests and fuzz targets, not for production.
    #[cfg(feature = "test-util")]
    #[doc(hidden)]
    pub fn transport(mut self, transport: Arc<dyn crate::transport::Transport>) -> Self {
        self.scripted = Some(transport);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when the TLS configuration or the `User-Agent` is invalid.
    pub fn build(self) -> Result<ProfileClient, Error> {
        let config = |detail: &'static str| {
            move |e: rustls::Error| Error::new(ErrorKind::Config).with_detail(detail).with_source(e)
        };
        let mut roots = rustls::RootCertStore::empty();
        if self.webpki_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for cert in self.extra_roots {
            roots.add(cert).map_err(config("unusable root certificate"))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(config("no usable TLS protocol version"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(self.retry.connect_timeout()));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .build(https);
        let user_agent = HeaderValue::try_from(self.user_agent).map_err(|e| {
            Error::new(ErrorKind::Config).with_detail("invalid User-Agent").with_source(e)
        })?;
        #[cfg(feature = "test-util")]
        let transport = match self.scripted {
            Some(scripted) => Transport::Scripted(scripted),
            None => Transport::Hyper(client),
        };
        #[cfg(not(feature = "test-util"))]
        let transport = Transport::Hyper(client);
        Ok(ProfileClient {
            inner: Arc::new(Inner {
                transport,
                policy: self.policy,
                retry: self.retry,
                clock: self.clock,
                user_agent,
                max_body: self.max_body,
                in_flight: tokio::sync::Semaphore::new(self.max_in_flight),
                max_in_flight: self.max_in_flight,
            }),
        })
    }
}

fn parse_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem).collect();
    let certs = certs.map_err(|e| {
        Error::new(ErrorKind::Config).with_detail("unreadable PEM").with_source(format!("{e:?}"))
    })?;
    if certs.is_empty() {
        return Err(Error::new(ErrorKind::Config).with_detail("no certificate in the PEM"));
    }
    Ok(certs)
}

impl ProfileClient {
    /// A client with the defaults: Amazon's hosts only, webpki roots, [`RetryPolicy::standard`].
    ///
    /// # Errors
    ///
    /// As [`ProfileClientBuilder::build`].
    pub fn new() -> Result<Self, Error> {
        ProfileClient::builder().build()
    }

    /// A builder.
    pub fn builder() -> ProfileClientBuilder {
        ProfileClientBuilder::default()
    }

    /// The endpoint policy.
    #[must_use]
    pub fn endpoint_policy(&self) -> &EndpointPolicy {
        &self.inner.policy
    }

    /// The retry policy.
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    async fn fetch<T: DeserializeOwned>(
        &self,
        ctx: &ApiContext,
        field: ProfileField,
        level: ConsentLevel,
    ) -> Fetched<T> {
        let span = tracing::debug_span!(
            "profile_api",
            operation = field.as_str(),
            level = level.as_str(),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = self.inner.clock.now();
        let result = self.fetch_in_span(ctx, field, level).instrument(span.clone()).await;
        let elapsed = self.inner.clock.now().saturating_duration_since(started);
        span.record("elapsed_ms", elapsed.as_millis() as u64);
        match &result {
            Ok(Some(_)) => tracing::debug!(parent: &span, outcome = "value", "profile call done"),
            Ok(None) => tracing::debug!(parent: &span, outcome = "not set", "profile call done"),
            Err(e) => {
                tracing::debug!(parent: &span, outcome = "error", error = %e, "profile call failed");
            }
        }
        result
    }

    async fn fetch_in_span<T: DeserializeOwned>(
        &self,
        ctx: &ApiContext,
        field: ProfileField,
        level: ConsentLevel,
    ) -> Fetched<T> {
        let inner = &*self.inner;
        let path = field.path(level).ok_or_else(|| Error::new(ErrorKind::Unsupported))?;
        let endpoint = inner.policy.check(ctx.endpoint())?;
        let uri: Uri = format!("{}{path}", endpoint.base()).parse().map_err(|_| {
            Error::new(ErrorKind::EndpointRefused { reason: crate::EndpointRefusal::Malformed })
        })?;
        let mut auth = HeaderValue::try_from(format!("Bearer {}", ctx.token().expose_secret()))
            .map_err(|_| {
                Error::new(ErrorKind::Unauthorized)
                    .with_detail("the token is not a valid header value")
            })?;
        auth.set_sensitive(true);

        crate::retry::execute(&inner.retry, &*inner.clock, |number| {
            let span = tracing::Span::current();
            span.record("attempts", number);
            let (uri, auth) = (&uri, &auth);
            async move {
                match self.attempt(uri, auth).await {
                    Outcome::Answer(answer) => {
                        span.record("status", answer.status.as_u16());
                        if let Some(id) = &answer.request_id {
                            span.record("request_id", id.as_str());
                        }
                        tracing::debug!(attempt = number, status = answer.status.as_u16(), "answer");
                        classify::<T>(answer, field, level)
                    }
                    Outcome::Failed(error) => {
                        tracing::debug!(attempt = number, error = %error, "attempt failed before any response");
                        Step::Retry { error, retry_after: None, throttled: false }
                    }
                    Outcome::Broken(error) => Step::Done(Err(error)),
                }
            }
        })
        .await
    }

    /// One request: send, then read the body (bounded).
    async fn attempt(&self, uri: &Uri, auth: &HeaderValue) -> Outcome {
        let inner = &*self.inner;
        // A place on the wire; held until the body is read. The semaphore is never closed.
        let Ok(_place) = inner.in_flight.acquire().await else {
            return Outcome::Failed(
                Error::new(ErrorKind::Connect).with_detail("the client is shut down"),
            );
        };
        let mut request = Request::new(Empty::<Bytes>::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = uri.clone();
        let headers = request.headers_mut();
        headers.insert(header::AUTHORIZATION, auth.clone());
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        match &inner.transport {
            Transport::Hyper(http) => match http.request(request).await {
                Ok(response) => self.read(response).await,
                Err(e) => Outcome::failed(classify_hyper_error(&e), e),
            },
            #[cfg(feature = "test-util")]
            Transport::Scripted(transport) => {
                let (parts, _) = request.into_parts();
                match transport.send(Request::from_parts(parts, ())).await {
                    Ok(response) => self.read(response).await,
                    Err(e) => Outcome::failed(e.failure(), e),
                }
            }
        }
    }

    /// Reads the answer: the `Content-Length` against the limit first, then at most the limit.
    async fn read<B>(&self, response: http::Response<B>) -> Outcome
    where
        B: hyper::body::Body<Data = Bytes>,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
        let inner = &*self.inner;
        let (parts, body) = response.into_parts();
        let request_id = request_id(&parts.headers);
        let too_large = || {
            Error::new(ErrorKind::BodyTooLarge { limit: inner.max_body })
                .with_request_id(request_id.clone())
        };
        if content_length(&parts.headers).is_some_and(|n| n > inner.max_body as u64) {
            return Outcome::Broken(too_large());
        }
        let body = match Limited::new(body, inner.max_body).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                return Outcome::Broken(too_large());
            }
            Err(e) => {
                return Outcome::Broken(
                    Error::new(ErrorKind::InvalidResponse)
                        .with_detail("the body broke off")
                        .with_request_id(request_id)
                        .with_source(e),
                );
            }
        };
        Outcome::Answer(Answer {
            status: parts.status,
            json: is_json(&parts.headers),
            retry_after: retry_after(&parts.headers),
            request_id,
            body,
        })
    }
}

/// How a request failed before the body: what the retry loop and the caller need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No connection could be made.
    Connect,
    /// The connection broke before any response byte: may be retried.
    Closed,
    /// The server answered something that is not an HTTP response head (garbage, a head larger
    /// than hyper's limit): the server did answer, so retrying would only ask for more of it.
    InvalidHead,
}

fn classify_hyper_error(e: &hyper_util::client::legacy::Error) -> Failure {
    if e.is_connect() {
        return Failure::Connect;
    }
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(hyper_error) = cause.downcast_ref::<hyper::Error>() {
            if hyper_error.is_parse() || hyper_error.is_parse_status() {
                return Failure::InvalidHead;
            }
            break;
        }
        source = cause.source();
    }
    Failure::Closed
}

enum Outcome {
    /// A complete answer.
    Answer(Answer),
    /// Failed before any response byte: may be retried.
    Failed(Error),
    /// Failed after the response started: never retried.
    Broken(Error),
}

impl Outcome {
    fn failed(
        failure: Failure,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        match failure {
            Failure::Connect => Outcome::Failed(
                Error::new(ErrorKind::Connect).with_detail("could not connect").with_source(source),
            ),
            Failure::Closed => Outcome::Failed(
                Error::new(ErrorKind::Connect)
                    .with_detail("the connection broke before the response")
                    .with_source(source),
            ),
            Failure::InvalidHead => Outcome::Broken(
                Error::new(ErrorKind::InvalidResponse)
                    .with_detail("not a valid HTTP response head")
                    .with_source(source),
            ),
        }
    }
}

struct Answer {
    status: StatusCode,
    json: bool,
    retry_after: Option<Duration>,
    request_id: Option<String>,
    body: Bytes,
}

fn classify<T: DeserializeOwned>(
    answer: Answer,
    field: ProfileField,
    level: ConsentLevel,
) -> Step<Option<T>> {
    let id = answer.request_id;
    let fail = |kind: ErrorKind| Error::new(kind).with_request_id(id.clone());
    match answer.status.as_u16() {
        200 => {
            if !answer.json {
                return Step::Done(Err(
                    fail(ErrorKind::InvalidResponse).with_detail("not application/json")
                ));
            }
            // The error of serde_json may quote the value, so it is not kept as the source.
            Step::Done(
                serde_json::from_slice::<Option<T>>(&answer.body)
                    .map_err(|_| fail(ErrorKind::InvalidResponse).with_detail("unexpected body")),
            )
        }
        204 => Step::Done(Ok(None)),
        401 => Step::Done(Err(fail(ErrorKind::Unauthorized))),
        403 => {
            let scope = field.scope();
            let kind = if not_declared(&answer.body) {
                ErrorKind::PermissionNotDeclared { scope, level }
            } else {
                ErrorKind::PermissionRequired { scope, level }
            };
            Step::Done(Err(fail(kind)))
        }
        429 => Step::Retry {
            error: fail(ErrorKind::Throttled { retry_after: answer.retry_after }),
            retry_after: answer.retry_after,
            throttled: true,
        },
        status @ (500 | 502 | 503 | 504) => Step::Retry {
            error: fail(ErrorKind::ServerError { status }),
            retry_after: None,
            throttled: false,
        },
        status @ 500..=599 => Step::Done(Err(fail(ErrorKind::ServerError { status }))),
        status => Step::Done(Err(fail(ErrorKind::UnexpectedStatus { status }))),
    }
}

/// Whether a 403 body says the skill never declared the permission ("Access to this resource
/// cannot be requested." / `FORBIDDEN`), rather than that the customer has not granted it. A body
/// that is not JSON (a `CloudFront` page, say) counts as "not granted", as the seeds say of 403.
fn not_declared(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct ApiError {
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        message: Option<String>,
    }
    serde_json::from_slice::<ApiError>(body).is_ok_and(|e| {
        e.code.as_deref() == Some("FORBIDDEN")
            || e.message.is_some_and(|m| m.to_ascii_lowercase().contains("cannot be requested"))
    })
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-amzn-requestid")?.to_str().ok()?;
    let value = value.trim();
    (!value.is_empty() && value.len() <= 128).then(|| value.to_owned())
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        let essence = v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        essence == "application/json"
            || (essence.starts_with("application/") && essence.ends_with("+json"))
    })
}

/// `Retry-After` as seconds or an HTTP date (RFC 9110 section 10.2.3).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds.min(86_400)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[async_trait]
impl ProfileApi for ProfileClient {
    async fn full_name(&self, ctx: &ApiContext) -> Fetched<FullName> {
        self.fetch(ctx, ProfileField::Name, ConsentLevel::Account).await
    }

    async fn given_name(&self, ctx: &ApiContext) -> Fetched<GivenName> {
        self.fetch(ctx, ProfileField::GivenName, ConsentLevel::Account).await
    }

    async fn email(&self, ctx: &ApiContext) -> Fetched<Email> {
        self.fetch(ctx, ProfileField::Email, ConsentLevel::Account).await
    }

    async fn mobile_number(&self, ctx: &ApiContext) -> Fetched<MobileNumber> {
        self.fetch(ctx, ProfileField::MobileNumber, ConsentLevel::Account).await
    }

    async fn person_full_name(&self, ctx: &ApiContext) -> Fetched<FullName> {
        self.fetch(ctx, ProfileField::Name, ConsentLevel::Person).await
    }

    async fn person_given_name(&self, ctx: &ApiContext) -> Fetched<GivenName> {
        self.fetch(ctx, ProfileField::GivenName, ConsentLevel::Person).await
    }

    async fn person_mobile_number(&self, ctx: &ApiContext) -> Fetched<MobileNumber> {
        self.fetch(ctx, ProfileField::MobileNumber, ConsentLevel::Person).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn header_helpers() {
        assert!(is_json(&headers(&[("content-type", "application/json; charset=utf-8")])));
        assert!(is_json(&headers(&[("content-type", "application/problem+json")])));
        assert!(!is_json(&headers(&[("content-type", "text/html")])));
        assert!(!is_json(&headers(&[])));
        assert_eq!(retry_after(&headers(&[("retry-after", "3")])), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")])),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")])), None);
        assert_eq!(
            request_id(&headers(&[("X-Amzn-RequestId", "abc-123")])).as_deref(),
            Some("abc-123")
        );
        assert_eq!(content_length(&headers(&[("content-length", "10")])), Some(10));
    }

    #[test]
    fn forbidden_bodies() {
        assert!(not_declared(
            br#"{"code":"FORBIDDEN","message":"Access to this resource cannot be requested."}"#
        ));
        assert!(not_declared(br#"{"message":"Access to this resource cannot be requested."}"#));
        assert!(!not_declared(br#"{"code":"ACCESS_NOT_REQUESTED","message":"Access to this resource has not yet been requested."}"#));
        assert!(!not_declared(b"<html>403 Forbidden</html>"));
    }
}
