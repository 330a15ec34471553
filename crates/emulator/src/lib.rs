//! A faithful local Alexa Customer Profile and Person Profile API server, for tests, demos and
//! skills written in any language.
//!
//! The emulator is a real HTTP server (hyper on tokio) on a socket you choose. It serves the seven
//! profile endpoints of `alexa-consent`'s scope table (`/v2/accounts/~current/settings/Profile.*`
//! for the account holder, `/v2/persons/~current/profile/*` for the recognized speaker) with the
//! statuses, bodies and headers of seed 004 and `REFERENCE.md`:
//!
//! | situation | answer |
//! |---|---|
//! | value set | 200, a bare JSON string (or seed 004's object with [`BodyForm::Object`]); the phone as `{"countryCode", "phoneNumber"}` |
//! | value not set | 204, empty body |
//! | no, unknown or expired bearer token | 401 `INVALID_TOKEN` |
//! | over the per-token [`RateLimit`] | 429 `TOO_MANY_REQUESTS` with `Retry-After` |
//! | person endpoint, no recognized speaker | 403 `ACCESS_DENIED` |
//! | scope the skill did not declare | 403 `FORBIDDEN`, "Access to this resource cannot be requested." |
//! | scope not granted (at the endpoint's level) | 403 `ACCESS_NOT_REQUESTED`, "Access to this resource has not yet been requested." |
//! | method other than GET | 405 with `Allow: GET` |
//! | GET with a body | 403 HTML page, as `CloudFront` answers ([`BodyOnGet`]) |
//! | any other path | 404 `INVALID_URI` |
//!
//! Every response carries `X-Amzn-RequestId` and `Content-Type: application/json` (except the
//! HTML page above and the faults that change it on purpose).
//!
//! - Data: [`Profile`]s and [`Grant`]s, given to the [`EmulatorBuilder`], loaded from a JSON
//!   [`Fixture`] file, or changed at run time ([`Emulator::mint`], [`Emulator::set_grant`],
//!   [`Emulator::set_profile`]).
//! - Faults: [`FaultScript`]s of [`Fault`]s (latency, status sequences, TCP reset, stall, trickled
//!   body, oversized body, malformed JSON, wrong content type, redirect), per endpoint, per token
//!   or for everything, consumed one step per request, deterministically.
//! - Observation: [`Emulator::counts`] per endpoint and [`Emulator::request_log`]; neither holds a
//!   token value or a profile value (tokens appear by name, minted ones as `minted-N`).
//! - Envelopes: [`Emulator::envelope`] builds `alexa_model::RequestEnvelope`s (launch, intent,
//!   permission accepted and changed) whose `apiEndpoint` is the emulator.
//! - HTTPS: [`EmulatorBuilder::with_tls`] generates a CA and a server certificate at start;
//!   [`Emulator::ca_certificate_pem`] is the root to trust. HTTP/2 and HTTP/1.1 are offered by
//!   ALPN; plain HTTP serves HTTP/1.1 (keep-alive) and HTTP/2 with prior knowledge.
//!
//! `docs/emulator.md` describes the fixture format, every option and fault, and how to point the
//! official Node.js and Python SDK clients at the emulator.
//!
//! # Example
//!
//! ```
//! use alexa_profile_emulator::{Emulator, Grant, Profile, Scope};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let emulator = Emulator::builder()
//!         .with_profile("alice", Profile::new().with_email("alice@example.com"))
//!         .start_local()
//!         .await?;
//!     let token = emulator.mint(Grant::new("alice").with_scopes([Scope::Email]))?;
//!
//!     // What a skill receives: apiEndpoint is the emulator, apiAccessToken the minted token.
//!     let envelope = emulator.envelope(&token).launch();
//!     assert_eq!(envelope.api_context()?.endpoint(), emulator.base_url());
//!
//!     // What the skill then sends.
//!     let mut stream = tokio::net::TcpStream::connect(emulator.local_addr()).await?;
//!     let request = format!(
//!         "GET /v2/accounts/~current/settings/Profile.email HTTP/1.1\r\nHost: emulator\r\n\
//!          Authorization: Bearer {}\r\nConnection: close\r\n\r\n",
//!         token.value().expose_secret()
//!     );
//!     stream.write_all(request.as_bytes()).await?;
//!     let mut response = String::new();
//!     stream.read_to_string(&mut response).await?;
//!     assert!(response.starts_with("HTTP/1.1 200 OK"));
//!     assert!(response.ends_with("\"alice@example.com\""));
//!
//!     emulator.shutdown().await;
//!     Ok(())
//! })
//! # }
//! ```
//!
//! # Optional features
//!
//! None. The crate always includes TLS (rustls with the ring provider, certificates by rcgen),
//! HTTP/1.1 and HTTP/2.

mod body;
mod conn;
mod data;
mod envelope;
mod error;
mod fault;
mod fixture;
mod log;
mod server;
mod service;
mod tls;

pub use alexa_consent::{ConsentLevel, ProfileField, Scope};
pub use http::StatusCode;

pub use crate::data::{
    BodyForm, BodyOnGet, Endpoint, ErrorCodes, Grant, MobileNumber, Profile, RateLimit,
};
pub use crate::envelope::EnvelopeBuilder;
pub use crate::error::{Error, FixtureError, FixtureErrorKind};
pub use crate::fault::{Fault, FaultScript, Target};
pub use crate::fixture::Fixture;
pub use crate::log::{Counts, LoggedRequest, TokenLabel};
pub use crate::server::{Emulator, EmulatorBuilder, Token};
