//! Alexa's Customer Profile and Person Profile APIs: a transport-agnostic trait, and a strict
//! hyper + rustls client.
//!
//! - [`ProfileApi`]: the seven operations (account: full name, given name, email, mobile number;
//!   person: full name, given name, mobile number) and [`fetch_contact`](ProfileApi::fetch_contact),
//!   which fetches several fields concurrently. Object safe: take an `Arc<dyn ProfileApi>`.
//! - Outcomes are `Ok(Some(value))` (200), `Ok(None)` (204: consent given, value not set) or an
//!   [`Error`] whose [`ErrorKind`] says what to do: [`PermissionRequired`](ErrorKind::PermissionRequired)
//!   carries the scope and consent level for the consent card; the other 403,
//!   [`PermissionNotDeclared`](ErrorKind::PermissionNotDeclared), is a manifest bug; then
//!   unauthorized, throttled, server error, timeout, connect, invalid response, body too large,
//!   endpoint refused.
//! - Values are newtypes ([`FullName`], [`GivenName`], [`Email`], [`MobileNumber`]) whose `Debug`
//!   never shows them.
//! - [`ProfileClient`] (feature `hyper`, on by default): endpoint allowlist ([`EndpointPolicy`]),
//!   deadlines and retries ([`RetryPolicy`]), bounded bodies, pooled HTTP/1.1 and HTTP/2, no
//!   caching.
//!
//! # Example
//!
//! Decode the request, fetch the email address and the mobile number concurrently, and answer a
//! 403 with a consent card (the localized prompt and the card come from `alexa-consent`). The
//! handler is written against the trait; here it runs with an in-memory fake (the `mock` feature's
//! `MockProfileApi` works the same way, and [`ProfileClient`] is the real thing).
//!
//! ```
//! use std::sync::Arc;
//!
//! use alexa_consent::{AskWith, Language, ProfileField};
//! use alexa_model::{ApiContext, RequestEnvelope, ResponseEnvelope};
//! use alexa_profile_api::testing::permission_required;
//! use alexa_profile_api::{ContactRequest, Email, Fetched, FullName, GivenName, MobileNumber, ProfileApi};
//!
//! async fn confirm_order(
//!     api: &dyn ProfileApi,
//!     body: &[u8],
//! ) -> Result<ResponseEnvelope, Box<dyn std::error::Error>> {
//!     let envelope = RequestEnvelope::from_slice(body)?;
//!     let ctx = envelope.api_context()?; // taken fresh from this request, never stored
//!     let wanted = ContactRequest::account([ProfileField::Email, ProfileField::MobileNumber]);
//!     let contact = api.fetch_contact(&ctx, &wanted).await; // one round trip, not two
//!     let language = Language::from_locale(envelope.locale().unwrap_or("en-US"));
//!     let decision = contact.decision(language, "Bigg Basket");
//!     if let Some(answer) = decision.respond(&AskWith::Card, true)? {
//!         return Ok(answer.build()); // consent card (or "not set" message)
//!     }
//!     Ok(ResponseEnvelope::builder().speak_text("Your confirmation is on its way.").build())
//! }
//!
//! // A fake API on which the customer has granted nothing yet: every call answers 403.
//! struct NothingGranted;
//! #[async_trait::async_trait]
//! impl ProfileApi for NothingGranted {
//!     async fn full_name(&self, _: &ApiContext) -> Fetched<FullName> { Err(permission_required(ProfileField::Name)) }
//!     async fn given_name(&self, _: &ApiContext) -> Fetched<GivenName> { Err(permission_required(ProfileField::GivenName)) }
//!     async fn email(&self, _: &ApiContext) -> Fetched<Email> { Err(permission_required(ProfileField::Email)) }
//!     async fn mobile_number(&self, _: &ApiContext) -> Fetched<MobileNumber> { Err(permission_required(ProfileField::MobileNumber)) }
//!     async fn person_full_name(&self, _: &ApiContext) -> Fetched<FullName> { Ok(None) }
//!     async fn person_given_name(&self, _: &ApiContext) -> Fetched<GivenName> { Ok(None) }
//!     async fn person_mobile_number(&self, _: &ApiContext) -> Fetched<MobileNumber> { Ok(None) }
//! }
//!
//! # futures_executor::block_on(async {
//! let body = br#"{"version":"1.0","context":{"System":{"apiEndpoint":"https://api.amazonalexa.com",
//!   "apiAccessToken":"eyJ0eXAi"}},"request":{"type":"IntentRequest","requestId":"r","timestamp":
//!   "2024-08-01T12:00:00Z","locale":"en-US","intent":{"name":"OrderIntent"}}}"#;
//! let response = confirm_order(&NothingGranted, body).await?;
//! assert_eq!(
//!     serde_json::to_value(&response.response.card)?,
//!     serde_json::json!({"type": "AskForPermissionsConsent",
//!         "permissions": ["alexa::profile:email:read", "alexa::profile:mobile_number:read"]})
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! # Optional features
//!
//! - `hyper` (default): [`ProfileClient`], on hyper 1.x, hyper-util, hyper-rustls and rustls with
//!   the `ring` provider, and tokio. Without it the crate is the trait, the types and the
//!   endpoint policy, with no HTTP stack.
//! - `mock`: `MockProfileApi`, mockall's mock of [`ProfileApi`], for your own tests. Not for
//!   production.
//! - `test-util` (implies `hyper`): a hidden, unstable hook (`ProfileClientBuilder::transport` and
//!   the `transport` module) that sends the client's requests through a scripted transport
//!   instead of hyper, so that the workspace's reliability tests can run the real client on
//!   tokio's paused clock and its fuzz targets can feed it arbitrary answers. Not part of the
//!   public API, not for production; see `docs/reliability.md`.

mod api;
#[cfg(feature = "hyper")]
mod client;
mod error;
mod policy;
#[cfg(feature = "hyper")]
mod retry;
pub mod testing;
#[cfg(feature = "test-util")]
#[doc(hidden)]
pub mod transport;
mod values;

#[cfg(feature = "mock")]
pub use crate::api::MockProfileApi;
pub use crate::api::{Contact, ContactRequest, Fetched, FieldStatus, ProfileApi};
#[cfg(feature = "hyper")]
pub use crate::client::{
    DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT, ProfileClient, ProfileClientBuilder, USER_AGENT,
};
pub use crate::error::{EndpointRefusal, Error, ErrorKind};
pub use crate::policy::{AMAZON_API_HOSTS, Endpoint, EndpointPolicy};
#[cfg(feature = "hyper")]
pub use crate::retry::{Clock, FullJitter, Jitter, NoJitter, RetryPolicy, Sleep, TokioClock};
pub use crate::values::{Email, FullName, GivenName, MobileNumber, REDACTED};

/// The README's Rust examples, compiled and run as doc tests (this crate sees `alexa-model`,
/// `alexa-consent` and `alexa-phone`, which they use).
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
