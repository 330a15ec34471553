//! Typed Alexa Skills Kit envelopes: what Alexa sends a skill, and what the skill answers.
//!
//! `alexa-model` covers the parts of the envelope that a skill using the customer's contact
//! information needs, precisely: `context.System` with `user`, `person`, `device`, `apiEndpoint`
//! and `apiAccessToken`; `user.permissions`; the request types a consent flow meets (launch,
//! intent, session ended and resumed, `Connections.Response`, the skill events with the permission
//! events among them); the response with its cards (the `AskForPermissionsConsent` card included)
//! and directives. Everything else is kept verbatim as [`RawJson`], so a request type or a field
//! that Amazon adds tomorrow never fails a decode.
//!
//! - Tokens ([`ApiAccessToken`], [`AccessToken`], [`ConsentToken`]) serialize as they are, but
//!   `Debug` prints `<redacted>`; reading one is an explicit [`expose_secret`](ApiAccessToken::expose_secret).
//! - Bad input gives an [`Error`] that says what is wrong and where (JSON path, line, column),
//!   never a panic. `serde_json`'s recursion limit stays on.
//! - Decoding reads the request in one pass (no buffering of the tagged `request` object) and keeps
//!   unmodelled subtrees as raw text; see `docs/benchmarks.md` for what that costs next to plain
//!   JSON validation.
//!
//! # Who is who
//!
//! `context.System.user.userId` identifies the Amazon **account** the skill is enabled on, not the
//! person speaking. `context.System.person.personId`, present only when Alexa recognizes the
//! speaker, identifies the **speaker**. The Customer Profile API returns the account holder's
//! contact information; the Person Profile API returns the recognized speaker's.
//!
//! # Example
//!
//! ```
//! use alexa_model::{Request, RequestEnvelope, TokenSource};
//!
//! let json = r#"{
//!   "version": "1.0",
//!   "context": {
//!     "System": {
//!       "application": {"applicationId": "amzn1.ask.skill.1"},
//!       "user": {"userId": "amzn1.ask.account.A", "accessToken": "Atza|account"},
//!       "person": {"personId": "amzn1.ask.person.B", "accessToken": "Atza|speaker"},
//!       "apiEndpoint": "https://api.amazonalexa.com",
//!       "apiAccessToken": "eyJ0eXAiOiJKV1Qi"
//!     }
//!   },
//!   "request": {"type": "LaunchRequest", "requestId": "r1", "timestamp": "2024-08-01T12:00:00Z", "locale": "en-US"}
//! }"#;
//!
//! let envelope: RequestEnvelope = json.parse()?;
//! assert!(matches!(envelope.request, Request::Launch(_)));
//! assert_eq!(envelope.person().map(|p| p.person_id.as_str()), Some("amzn1.ask.person.B"));
//!
//! // The API context: endpoint and token for the Customer Profile API.
//! let api = envelope.api_context()?;
//! assert_eq!(api.endpoint(), "https://api.amazonalexa.com");
//!
//! // The account-linking token: the speaker's own when they linked one.
//! let (_token, source) = envelope.account_linking_token().expect("linked");
//! assert_eq!(source, TokenSource::Person);
//!
//! // Debug output never shows a token.
//! assert!(!format!("{envelope:?}").contains("eyJ0eXAiOiJKV1Qi"));
//! # Ok::<(), alexa_model::Error>(())
//! ```
//!
//! # Optional features
//!
//! None: the crate depends on `serde` and `serde_json` only (and `serde_path_to_error`, used only
//! to locate a fault once decoding has failed).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod decode;
mod envelope;
mod error;
mod identity;
mod raw;
mod request;
mod response;
mod secret;
mod string_enum;
mod summary;

pub use crate::envelope::{
    Application, Context, Device, PermissionStatus, Permissions, Person, RequestEnvelope,
    ScopeGrant, Session, System, User,
};
pub use crate::error::{Error, ErrorKind};
pub use crate::identity::{ApiContext, TokenSource};
pub use crate::raw::RawJson;
pub use crate::request::{
    AcceptedPermission, AccountLinkedBody, AccountLinkedEvent, CONNECTIONS_RESPONSE, Cause,
    ConfirmationStatus, ConnectionStatus, ConnectionsResponse, DialogState, INTENT_REQUEST, Intent,
    IntentRequest, LAUNCH_REQUEST, LaunchRequest, OtherRequest, PermissionBody, PermissionEvent,
    Request, Resolution, ResolutionStatus, ResolutionStatusCode, ResolutionValue,
    ResolutionValueWrapper, Resolutions, SESSION_ENDED_REQUEST, SESSION_RESUMED_REQUEST,
    SKILL_ACCOUNT_LINKED, SKILL_DISABLED, SKILL_ENABLED, SKILL_PERMISSION_ACCEPTED,
    SKILL_PERMISSION_CHANGED, SessionEndedError, SessionEndedReason, SessionEndedRequest,
    SessionResumedRequest, SkillEvent, Slot,
};
pub use crate::response::{
    Card, CardImage, Directive, OutputSpeech, PlayBehavior, Reprompt, Response, ResponseBuilder,
    ResponseEnvelope, escape_ssml,
};
pub use crate::secret::{AccessToken, ApiAccessToken, ConsentToken, REDACTED};
pub use crate::summary::Summary;
