//! [`Verifier`]: the checks Alexa's requests to a web-service skill must pass.

mod cache;
mod chain;
mod error;
mod fetch;
mod timestamp;
mod url;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alexa_model::RequestEnvelope;
use base64::Engine as _;
use http::HeaderMap;
use rustls_pki_types::{CertificateDer, TrustAnchor, UnixTime};

pub use self::chain::SIGNING_CERT_NAME;
pub use self::error::{VerifyError, VerifyErrorKind};
pub use self::timestamp::{SKILL_EVENT_TIMESTAMP_TOLERANCE, TIMESTAMP_TOLERANCE};
pub use self::url::{CERT_CHAIN_HOST, CERT_CHAIN_PATH_PREFIX, CertChainUrl, CertUrlRefusal};

use self::cache::ChainCache;
use self::chain::CertChain;
use self::fetch::Fetcher;

/// The header that carries the certificate chain URL.
pub const SIGNATURE_CERT_CHAIN_URL: &str = "SignatureCertChainUrl";

/// The header that carries the base64 RSA-SHA256 signature of the body.
pub const SIGNATURE_256: &str = "Signature-256";

/// How long fetching a certificate chain may take by default (connect, TLS, headers and body):
/// 2 s, well inside the 8 s Alexa waits for an answer.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(2);

/// The largest certificate chain fetched by default: 64 KiB (Amazon's is about 6 KiB).
pub const DEFAULT_MAX_CHAIN_BYTES: usize = 64 * 1024;

/// How many certificate chains are cached by default: 16 (Amazon uses one or two at a time).
pub const DEFAULT_CACHE_CAPACITY: usize = 16;

/// How long a cached chain is kept by default: one hour. It is re-validated (dates and trust) on
/// every use anyway.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(3600);

/// The time, for certificate dates, the request timestamp and the cache. Any
/// `Fn() -> SystemTime` is a clock, so a test can stop or move time.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> SystemTime;
}

impl<F: Fn() -> SystemTime + Send + Sync> Clock for F {
    fn now(&self) -> SystemTime {
        self()
    }
}

/// The system clock ([`SystemTime::now`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Verifies that a request comes from Alexa, as Amazon requires of web-service skills.
///
/// [`verify`](Self::verify) checks, in this order, and stops at the first failure:
///
/// 1. `SignatureCertChainUrl` and `Signature-256` are present, non-empty, single, and visible
///    ASCII; the signature is base64;
/// 2. the certificate chain URL is one Amazon serves chains from ([`CertChainUrl`]: `https`,
///    host `s3.amazonaws.com`, port 443 if any, path under `/echo.api/` after dot-segment
///    normalization);
/// 3. the chain (from the cache, or fetched with a timeout and a size limit, following no
///    redirect) leads to a trusted root (the webpki roots, Mozilla's, unless others are set),
///    every certificate is within its dates *now*, and the signing certificate holds
///    `echo-api.amazon.com` in its subject alternative names;
/// 4. `Signature-256` is the RSA-SHA256 (PKCS #1 v1.5) signature of the raw body by the signing
///    certificate's key;
/// 5. the body is a request envelope, and its `request.timestamp` is within 150 s of now (one
///    hour for `AlexaSkillEvent.*` requests).
///
/// # Cache
///
/// At most [`DEFAULT_CACHE_CAPACITY`] chains (settable), each kept for at most
/// [`DEFAULT_CACHE_TTL`] (settable) after it was fetched, so at most capacity × the size limit
/// in memory (1 MiB with the defaults). Only chains that passed validation are cached; a cached
/// chain is validated again (trust and dates, with the clock) on every use, so an expired
/// certificate is refused even from the cache. When the cache is full, expired entries go first,
/// then the oldest. Failures are not cached.
///
/// Cheap to clone (an `Arc`); build one and share it. Fetching needs a tokio runtime.
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    anchors: Vec<TrustAnchor<'static>>,
    clock: Arc<dyn Clock>,
    cache: ChainCache,
    fetcher: Fetcher,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("trust_anchors", &self.inner.anchors.len())
            .field("cache", &self.inner.cache)
            .field("fetcher", &self.inner.fetcher)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Verifier`].
#[must_use]
pub struct VerifierBuilder {
    roots: Option<Vec<CertificateDer<'static>>>,
    clock: Arc<dyn Clock>,
    fetch_timeout: Duration,
    max_chain_bytes: usize,
    cache_capacity: usize,
    cache_ttl: Duration,
    origin: Option<String>,
}

impl fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("custom_roots", &self.roots.as_ref().map(Vec::len))
            .field("fetch_timeout", &self.fetch_timeout)
            .field("max_chain_bytes", &self.max_chain_bytes)
            .field("cache_capacity", &self.cache_capacity)
            .field("cache_ttl", &self.cache_ttl)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Default for VerifierBuilder {
    fn default() -> Self {
        VerifierBuilder {
            roots: None,
            clock: Arc::new(SystemClock),
            fetch_timeout: DEFAULT_FETCH_TIMEOUT,
            max_chain_bytes: DEFAULT_MAX_CHAIN_BYTES,
            cache_capacity: DEFAULT_CACHE_CAPACITY,
            cache_ttl: DEFAULT_CACHE_TTL,
            origin: None,
        }
    }
}

impl VerifierBuilder {
    /// Trusts only the certificates in `pem` as roots of the signing chain, instead of the
    /// webpki roots: for tests with a generated CA.
    ///
    /// # Errors
    ///
    /// [`VerifyErrorKind::Config`] when `pem` holds no certificate or cannot be read.
    pub fn trust_roots_pem(mut self, pem: &[u8]) -> Result<Self, VerifyError> {
        self.roots = Some(chain::certs_from_pem(pem)?);
        Ok(self)
    }

    /// Trusts only these DER certificates as roots of the signing chain.
    pub fn trust_roots_der<I, C>(mut self, roots: I) -> Self
    where
        I: IntoIterator<Item = C>,
        C: Into<Vec<u8>>,
    {
        self.roots = Some(roots.into_iter().map(|c| CertificateDer::from(c.into())).collect());
        self
    }

    /// Sets the clock (default: [`SystemClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Sets the certificate chain fetch timeout (default: [`DEFAULT_FETCH_TIMEOUT`]).
    pub fn fetch_timeout(mut self, timeout: Duration) -> Self {
        self.fetch_timeout = timeout;
        self
    }

    /// Sets the largest certificate chain fetched (default: [`DEFAULT_MAX_CHAIN_BYTES`]).
    pub fn max_chain_bytes(mut self, limit: usize) -> Self {
        self.max_chain_bytes = limit;
        self
    }

    /// Sets how many chains the cache holds (default: [`DEFAULT_CACHE_CAPACITY`]; 0 disables
    /// the cache).
    pub fn cache_capacity(mut self, capacity: usize) -> Self {
        self.cache_capacity = capacity;
        self
    }

    /// Sets how long a cached chain is kept (default: [`DEFAULT_CACHE_TTL`]).
    pub fn cache_ttl(mut self, ttl: Duration) -> Self {
        self.cache_ttl = ttl;
        self
    }

    /// Fetches certificate chains from `origin` (such as `http://127.0.0.1:8443`) at the same
    /// path, instead of from `https://s3.amazonaws.com`: for tests and local mirrors. The
    /// `SignatureCertChainUrl` is still checked as always, and the fetched chain is validated
    /// to the trust roots as always, so the override cannot make a forged chain pass.
    ///
    /// # Errors
    ///
    /// [`VerifyErrorKind::Config`] when `origin` is not `http://` or `https://` followed by a
    /// host and an optional port, with no path.
    pub fn fetch_origin_override(mut self, origin: &str) -> Result<Self, VerifyError> {
        let config = || VerifyError::new(VerifyErrorKind::Config);
        let origin = origin.trim_end_matches('/');
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .ok_or_else(config)?;
        if authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
            return Err(config());
        }
        self.origin = Some(origin.to_owned());
        Ok(self)
    }

    /// Builds the verifier.
    ///
    /// # Errors
    ///
    /// [`VerifyErrorKind::Config`] when a trust root is unusable or the TLS configuration
    /// cannot be built.
    pub fn build(self) -> Result<Verifier, VerifyError> {
        let anchors = match &self.roots {
            Some(roots) => chain::anchors_from_der(roots)?,
            None => webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let fetcher = Fetcher::new(self.fetch_timeout, self.max_chain_bytes, self.origin)?;
        Ok(Verifier {
            inner: Arc::new(Inner {
                anchors,
                clock: self.clock,
                cache: ChainCache::new(self.cache_capacity, self.cache_ttl),
                fetcher,
            }),
        })
    }
}

impl Verifier {
    /// A verifier with the defaults: webpki roots, the system clock, a 2 s fetch timeout, 64 KiB
    /// chains, 16 cached chains for one hour.
    ///
    /// # Errors
    ///
    /// As [`VerifierBuilder::build`].
    pub fn new() -> Result<Self, VerifyError> {
        Verifier::builder().build()
    }

    /// A builder.
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::default()
    }

    /// Verifies a request from its headers and raw body, and returns the decoded envelope.
    ///
    /// # Errors
    ///
    /// The first check that failed, as [`Verifier`] lists them.
    pub async fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<RequestEnvelope, VerifyError> {
        let cert_url = header(headers, SIGNATURE_CERT_CHAIN_URL)?;
        let signature = header(headers, SIGNATURE_256)?;
        self.verify_parts(cert_url, signature, body).await
    }

    /// [`verify`](Self::verify) for a server whose headers are not an `http::HeaderMap`: pass
    /// the values of `SignatureCertChainUrl` and `Signature-256` (`None` when absent).
    ///
    /// # Errors
    ///
    /// The first check that failed, as [`Verifier`] lists them.
    pub async fn verify_parts(
        &self,
        cert_chain_url: Option<&str>,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<RequestEnvelope, VerifyError> {
        self.verify_signature(cert_chain_url, signature, body).await?;
        let envelope = RequestEnvelope::from_slice(body)
            .map_err(|e| VerifyError::new(VerifyErrorKind::InvalidBody).with_source(e))?;
        self.check_timestamp(&envelope)?;
        Ok(envelope)
    }

    /// Checks steps 1 to 4 of [`Verifier`]: the headers, the certificate chain and the
    /// signature of `body`.
    ///
    /// # Errors
    ///
    /// The first check that failed.
    pub async fn verify_signature(
        &self,
        cert_chain_url: Option<&str>,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<(), VerifyError> {
        let cert_url = non_empty(cert_chain_url, SIGNATURE_CERT_CHAIN_URL)?;
        let signature = non_empty(signature, SIGNATURE_256)?;
        let signature =
            base64::engine::general_purpose::STANDARD.decode(signature).map_err(|e| {
                VerifyError::new(VerifyErrorKind::InvalidHeader { name: SIGNATURE_256 })
                    .with_source(e)
            })?;
        let url = CertChainUrl::parse(cert_url)?;
        let chain = self.chain(&url).await?;
        chain.verify_signature(body, &signature)
    }

    /// Checks step 5 of [`Verifier`]: `request.timestamp` is within [`TIMESTAMP_TOLERANCE`] of
    /// the clock's now, or [`SKILL_EVENT_TIMESTAMP_TOLERANCE`] for `AlexaSkillEvent.*`
    /// requests. Exactly the tolerance passes.
    ///
    /// # Errors
    ///
    /// [`VerifyErrorKind::MissingTimestamp`], [`VerifyErrorKind::InvalidTimestamp`] or
    /// [`VerifyErrorKind::TimestampOutOfRange`].
    pub fn check_timestamp(&self, envelope: &RequestEnvelope) -> Result<(), VerifyError> {
        timestamp::check(envelope, self.inner.clock.now())
    }

    /// How many certificate chains the cache holds now.
    #[must_use]
    pub fn cached_chains(&self) -> usize {
        self.inner.cache.len()
    }

    async fn chain(&self, url: &CertChainUrl) -> Result<Arc<CertChain>, VerifyError> {
        let inner = &*self.inner;
        let now = inner.clock.now();
        let unix_now =
            UnixTime::since_unix_epoch(now.duration_since(UNIX_EPOCH).unwrap_or_default());
        if let Some(chain) = inner.cache.get(url.as_str(), now) {
            chain.validate(&inner.anchors, unix_now)?;
            return Ok(chain);
        }
        tracing::debug!(url = url.as_str(), "fetching the certificate chain");
        let pem = inner.fetcher.fetch(url).await.inspect_err(|e| {
            tracing::warn!(url = url.as_str(), error = %e, timeout_ms = inner.fetcher.timeout().as_millis() as u64, "certificate chain fetch failed");
        })?;
        let chain = Arc::new(CertChain::from_pem(&pem)?);
        chain.validate(&inner.anchors, unix_now)?;
        inner.cache.insert(url.as_str(), Arc::clone(&chain), now);
        Ok(chain)
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<Option<&'a str>, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else { return Ok(None) };
    if values.next().is_some() {
        return Err(VerifyError::new(VerifyErrorKind::InvalidHeader { name }));
    }
    value
        .to_str()
        .map(Some)
        .map_err(|e| VerifyError::new(VerifyErrorKind::InvalidHeader { name }).with_source(e))
}

fn non_empty<'a>(value: Option<&'a str>, name: &'static str) -> Result<&'a str, VerifyError> {
    match value.map(str::trim) {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(VerifyError::new(VerifyErrorKind::MissingHeader { name })),
    }
}
