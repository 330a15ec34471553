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
//! A skill handler written against the trait, answering a 403 with a consent card; the test below
//! runs it with an in-memory fake (with the `mock` feature, `MockProfileApi` does the same).
//!
//! ```
//! use std::sync::Arc;
//!
//! use alexa_model::{ApiContext, Card, RequestEnvelope, ResponseEnvelope};
//! use alexa_profile_api::{
//!     ContactRequest, Email, ErrorKind, Fetched, FullName, GivenName, MobileNumber, ProfileApi,
//! };
//! use alexa_consent::ProfileField;
//!
//! async fn order_confirmation(api: Arc<dyn ProfileApi>, envelope: &RequestEnvelope) -> Result<ResponseEnvelope, alexa_model::Error> {
//!     let ctx = envelope.api_context()?; // fresh from this request, never stored
//!     let contact = api.fetch_contact(&ctx, &ContactRequest::account([ProfileField::Email, ProfileField::MobileNumber])).await;
//!     let missing = contact.missing_scopes();
//!     if !missing.is_empty() {
//!         return Ok(ResponseEnvelope::builder()
//!             .speak_text("To send your confirmation, I need your email address and phone number. Go to the home screen in your Alexa app and grant the permissions.")
//!             .card(Card::ask_for_permissions_consent(missing.iter().map(|s| s.as_str())))
//!             .should_end_session(true)
//!             .build());
//!     }
//!     Ok(ResponseEnvelope::builder().speak_text("I sent the confirmation.").build())
//! }
//!
//! // A fake that answers 403 (not granted) for everything.
//! struct NotGranted;
//! #[async_trait::async_trait]
//! impl ProfileApi for NotGranted {
//!     async fn full_name(&self, _: &ApiContext) -> Fetched<FullName> { Err(alexa_profile_api::testing::permission_required(ProfileField::Name)) }
//!     async fn given_name(&self, _: &ApiContext) -> Fetched<GivenName> { Err(alexa_profile_api::testing::permission_required(ProfileField::GivenName)) }
//!     async fn email(&self, _: &ApiContext) -> Fetched<Email> { Err(alexa_profile_api::testing::permission_required(ProfileField::Email)) }
//!     async fn mobile_number(&self, _: &ApiContext) -> Fetched<MobileNumber> { Err(alexa_profile_api::testing::permission_required(ProfileField::MobileNumber)) }
//!     async fn person_full_name(&self, _: &ApiContext) -> Fetched<FullName> { Ok(None) }
//!     async fn person_given_name(&self, _: &ApiContext) -> Fetched<GivenName> { Ok(None) }
//!     async fn person_mobile_number(&self, _: &ApiContext) -> Fetched<MobileNumber> { Ok(None) }
//! }
//!
//! # futures_executor::block_on(async {
//! let envelope: RequestEnvelope = r#"{"version":"1.0","context":{"System":{"apiEndpoint":"https://api.amazonalexa.com","apiAccessToken":"t"}},"request":{"type":"IntentRequest","requestId":"r","timestamp":"t","intent":{"name":"OrderIntent"}}}"#.parse()?;
//! let response = order_confirmation(Arc::new(NotGranted), &envelope).await?;
//! assert_eq!(
//!     response.response.card,
//!     Some(Card::ask_for_permissions_consent(["alexa::profile:email:read", "alexa::profile:mobile_number:read"]))
//! );
//! # Ok::<(), alexa_model::Error>(())
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

mod api;
#[cfg(feature = "hyper")]
mod client;
mod error;
mod policy;
#[cfg(feature = "hyper")]
mod retry;
pub mod testing;
mod values;

#[cfg(feature = "mock")]
pub use crate::api::MockProfileApi;
pub use crate::api::{Contact, ContactRequest, Fetched, FieldStatus, ProfileApi};
#[cfg(feature = "hyper")]
pub use crate::client::{DEFAULT_MAX_BODY_BYTES, ProfileClient, ProfileClientBuilder, USER_AGENT};
pub use crate::error::{EndpointRefusal, Error, ErrorKind};
pub use crate::policy::{AMAZON_API_HOSTS, Endpoint, EndpointPolicy};
#[cfg(feature = "hyper")]
pub use crate::retry::{Clock, FullJitter, Jitter, NoJitter, RetryPolicy, Sleep, TokioClock};
pub use crate::values::{Email, FullName, GivenName, MobileNumber, REDACTED};
