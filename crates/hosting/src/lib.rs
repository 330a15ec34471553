//! Host an Alexa skill written in Rust: on AWS Lambda, or as an HTTPS web service that verifies
//! every request as Amazon requires.
//!
//! - [`SkillHandler`]: the one async trait a skill implements (object safe; [`handler_fn`] for a
//!   closure). Both adapters call it, so a skill is written once and hosted either way.
//! - [`Verifier`] (feature `verify`): the checks a web-service skill must make on each request:
//!   the `SignatureCertChainUrl` ([`CertChainUrl`]: https, `s3.amazonaws.com`, port 443,
//!   `/echo.api/` after dot-segment normalization); the certificate chain, fetched with a timeout
//!   and a size limit into a bounded cache, validated to a trusted root with
//!   `echo-api.amazon.com` in its subject alternative names and valid dates; `Signature-256`, an
//!   RSA-SHA256 signature of the raw body; `request.timestamp` within 150 s (one hour for
//!   `AlexaSkillEvent.*`). Every failure is a [`VerifyError`] by meaning. The trust roots and the
//!   clock are injectable for tests.
//! - [`SkillService`] and [`serve`] (feature `web`): a hyper 1.x service that reads the body
//!   with a size limit, verifies it (400 on failure), calls the handler (500 on failure) and writes
//!   the response envelope.
//! - [`LambdaAdapter`] and [`run_lambda`] (feature `lambda`): a Lambda function on
//!   `lambda_runtime` whose invocations are request envelopes.
//!
//! See `docs/hosting.md` for deploying to Lambda or as a web service.
//!
//! # Example
//!
//! A skill served over HTTP with verification, answering a request it was given in-process
//! (a real deployment calls [`serve`] with a `TcpListener` instead):
//!
//! ```
//! use alexa_model::{Request, RequestEnvelope, ResponseEnvelope};
//! use alexa_skill_hosting::{SkillHandler, SkillService, Verifier};
//!
//! struct Hello;
//!
//! #[async_trait::async_trait]
//! impl SkillHandler for Hello {
//!     type Error = std::convert::Infallible;
//!
//!     async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, Self::Error> {
//!         let text = match request.request {
//!             Request::Launch(_) => "Hello!",
//!             _ => "Goodbye.",
//!         };
//!         Ok(ResponseEnvelope::builder().speak_text(text).build())
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let service = SkillService::new(Hello, Verifier::new()?);
//!
//! // A request without Alexa's signature headers is refused before the handler runs.
//! let forged = http::Request::post("/")
//!     .body(http_body_util::Full::new(bytes::Bytes::from_static(b"{}")))?;
//! let response = service.respond(forged).await;
//! assert_eq!(response.status(), 400);
//!
//! // Serving for real (HTTP/1.1 behind a TLS-terminating proxy):
//! // let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! // alexa_skill_hosting::serve(listener, service, std::future::pending()).await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Optional features
//!
//! - `web` (default): [`SkillService`] and [`serve`], on hyper 1.x (server, HTTP/1.1), hyper-util
//!   and tokio (net). Implies `verify`.
//! - `verify`: [`Verifier`] and its types, on rustls-webpki (chain, dates, name and RSA checks)
//!   and webpki-roots, base64, and a hyper 1.x + hyper-util + hyper-rustls client with rustls's
//!   `ring` provider and tokio (time) to fetch certificate chains.
//! - `lambda`: [`LambdaAdapter`] and [`run_lambda`], on `lambda_runtime` (with its default
//!   features off: this crate sets up no tracing subscriber) and so tokio and hyper's client.
//!
//! Without any feature the crate is [`SkillHandler`] alone, with no I/O dependency: for a
//! library of handlers that does not choose how it is hosted.
//!
//! **Why `web` is the default.** A skill hosted as a web service must verify every request, and
//! the default should be the safe way to do that: `cargo add alexa-skill-hosting` gives a
//! verifying server and nothing else. A Lambda function needs no verification and no server, so a
//! Lambda user writes `default-features = false, features = ["lambda"]` and gets neither hyper's
//! server nor the verifier's TLS client; a web-service user never gets the Lambda runtime.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod handler;
#[cfg(feature = "lambda")]
mod lambda;
#[cfg(feature = "verify")]
mod verify;
#[cfg(feature = "web")]
mod web;

pub use crate::handler::{HandlerFn, SkillHandler, handler_fn};
#[cfg(feature = "lambda")]
pub use crate::lambda::{LambdaAdapter, LambdaError, LambdaErrorKind, run_lambda};
#[cfg(feature = "verify")]
pub use crate::verify::{
    CERT_CHAIN_HOST, CERT_CHAIN_PATH_PREFIX, CertChainUrl, CertUrlRefusal, Clock,
    DEFAULT_CACHE_CAPACITY, DEFAULT_CACHE_TTL, DEFAULT_FETCH_TIMEOUT, DEFAULT_MAX_CHAIN_BYTES,
    SIGNATURE_256, SIGNATURE_CERT_CHAIN_URL, SIGNING_CERT_NAME, SKILL_EVENT_TIMESTAMP_TOLERANCE,
    SystemClock, TIMESTAMP_TOLERANCE, Verifier, VerifierBuilder, VerifyError, VerifyErrorKind,
};
#[cfg(feature = "web")]
pub use crate::web::{
    DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_REQUEST_BYTES, ResponseBody, SkillService, serve,
};
