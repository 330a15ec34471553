//! Fetching a certificate chain: hyper-util's client over hyper-rustls (ring), with a timeout and
//! a size limit, following no redirect.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, StatusCode, Uri, header};
use http_body_util::{BodyExt, Empty, LengthLimitError, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::error::{VerifyError, VerifyErrorKind};
use super::url::CertChainUrl;

type HttpClient = Client<HttpsConnector<HttpConnector>, Empty<Bytes>>;

pub(crate) struct Fetcher {
    http: HttpClient,
    timeout: Duration,
    max_bytes: usize,
    /// `scheme://authority` to fetch from instead of `https://s3.amazonaws.com`.
    origin: Option<String>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("timeout", &self.timeout)
            .field("max_bytes", &self.max_bytes)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    pub(crate) fn new(
        timeout: Duration,
        max_bytes: usize,
        origin: Option<String>,
    ) -> Result<Fetcher, VerifyError> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| VerifyError::new(VerifyErrorKind::Config).with_source(e))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let mut http = HttpConnector::new();
        // Only an explicit origin override may be plain http (tests, a local mirror); the URL
        // check admits https only.
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(https);
        Ok(Fetcher { http: client, timeout, max_bytes, origin })
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Fetches the document at `url` (or at the same path under the origin override).
    pub(crate) async fn fetch(&self, url: &CertChainUrl) -> Result<Bytes, VerifyError> {
        let target = match &self.origin {
            Some(origin) => format!("{origin}{}", url.path_and_query()),
            None => url.as_str().to_owned(),
        };
        let uri: Uri = target
            .parse()
            .map_err(|e| VerifyError::new(VerifyErrorKind::CertFetch).with_source(e))?;
        match tokio::time::timeout(self.timeout, self.fetch_uri(uri)).await {
            Ok(result) => result,
            Err(_) => {
                Err(VerifyError::new(VerifyErrorKind::CertFetchTimeout { timeout: self.timeout }))
            }
        }
    }

    async fn fetch_uri(&self, uri: Uri) -> Result<Bytes, VerifyError> {
        let mut request = Request::new(Empty::<Bytes>::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = uri;
        let response = self
            .http
            .request(request)
            .await
            .map_err(|e| VerifyError::new(VerifyErrorKind::CertFetch).with_source(e))?;
        let (parts, body) = response.into_parts();
        if parts.status != StatusCode::OK {
            return Err(VerifyError::new(VerifyErrorKind::CertFetchStatus {
                status: parts.status.as_u16(),
            }));
        }
        let too_large =
            || VerifyError::new(VerifyErrorKind::CertTooLarge { limit: self.max_bytes });
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_bytes as u64) {
            return Err(too_large());
        }
        match Limited::new(body, self.max_bytes).collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(e) if e.is::<LengthLimitError>() => Err(too_large()),
            Err(e) => Err(VerifyError::new(VerifyErrorKind::CertFetch).with_source(e)),
        }
    }
}
