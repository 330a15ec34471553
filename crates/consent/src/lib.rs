//! Consent for Alexa skills that use the customer's contact information.
//!
//! - [`Scope`]: the permission scopes with their exact Amazon strings (strict parsing that
//!   suggests what a typo meant), the [`ProfileField`] each profile scope unlocks, the API paths
//!   (generated from one table that the client and the emulator share), and [`ConsentLevel`].
//! - Asking: [`ConsentCard`] (the `AskForPermissionsConsent` card, checked against Amazon's rules,
//!   with the JSON of the official SDK) and [`VoiceConsent`] (voice-forward consent in both wire
//!   forms, [`VoiceForm`]); the typed answer, [`ConsentReply`].
//! - Knowing: [`GrantedScopes`] from permission events, [`diff`] between two of them, and
//!   [`ScopeStatuses`] from `user.permissions.scopes`.
//! - Saying: [`Prompt`], seed 001's "permission needed" and "not set" messages in its nine
//!   [`Language`]s.
//! - Deciding: [`ConsentDecision`] turns what the profile API answered for each field into the
//!   parts of the response (speech, card or directive), and says which fields are usable.
//! - Checking: [`check_manifest`] reports every breach of the seeds' rules in a `skill.json`.
//!
//! The crate does no I/O and depends on `alexa-model`, `serde` and `serde_json` only.
//!
//! # Example: from a 403 to a consent card
//!
//! The skill asked the Customer Profile API for the email address and the mobile number (with
//! `alexa-profile-api` or any client). The email call answered 403 "Access to this resource has not
//! yet been requested"; the mobile number call answered 200. The skill goes on with the number and
//! asks for the email:
//!
//! ```
//! use alexa_consent::{AskWith, ConsentDecision, ConsentLevel, FieldOutcome, Language, ProfileField};
//! use alexa_model::RequestEnvelope;
//!
//! let envelope: RequestEnvelope = r#"{"version": "1.0",
//!   "context": {"System": {"application": {"applicationId": "amzn1.ask.skill.1"},
//!     "user": {"userId": "amzn1.ask.account.A"},
//!     "apiEndpoint": "https://api.amazonalexa.com", "apiAccessToken": "eyJ0eXAi"}},
//!   "request": {"type": "IntentRequest", "requestId": "r1", "timestamp": "2024-08-01T12:00:00Z",
//!     "locale": "en-US", "intent": {"name": "OrderIntent"}}}"#.parse()?;
//!
//! // What the profile API answered, field by field (403 not yet requested, 200).
//! let decision = ConsentDecision::new(Language::from_locale(envelope.locale().unwrap_or("")), "Bigg Basket")
//!     .outcome(ProfileField::Email, FieldOutcome::NotGranted(ConsentLevel::Account))
//!     .outcome(ProfileField::MobileNumber, FieldOutcome::Value);
//! assert_eq!(decision.usable(), [ProfileField::MobileNumber]);
//!
//! if let Some(builder) = decision.respond(&AskWith::Card, true)? {
//!     let response = builder.build();
//!     assert_eq!(
//!         response.to_json()?,
//!         concat!(
//!             r#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>"#,
//!             "In order to complete this request, Bigg Basket needs access to your email address. ",
//!             "Go to the home screen in your Alexa app and grant the permissions to continue.",
//!             r#"</speak>"},"card":{"type":"AskForPermissionsConsent","#,
//!             r#""permissions":["alexa::profile:email:read"]},"shouldEndSession":true}}"#,
//!         )
//!     );
//! }
//!
//! // A scope string with a typo is an error that says what was meant.
//! let typo = "alexa::profileemailread".parse::<alexa_consent::Scope>().unwrap_err();
//! assert_eq!(typo.to_string(), "unknown permission scope (did you mean `alexa::profile:email:read`?)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Optional features
//!
//! None.

mod answer;
mod ask;
mod decide;
mod events;
mod manifest;
mod prompts;
mod scope;

pub use crate::answer::{AnswerError, ConsentAnswer, ConsentReply};
pub use crate::ask::{
    ASK_FOR, ASK_FOR_PERMISSIONS_CONSENT_URI, ConsentCard, ConsentCardBuilder, ConsentError,
    PermissionScope, VoiceConsent, VoiceConsentBuilder, VoiceForm,
};
pub use crate::decide::{AskWith, ConsentDecision, FieldOutcome};
pub use crate::events::{GrantedScopes, PermissionDiff, ScopeStatuses, diff};
pub use crate::manifest::{
    Finding, FindingCode, ManifestError, ManifestErrorKind, SKILL_PERMISSION_ACCEPTED,
    SKILL_PERMISSION_CHANGED, Severity, SkillManifest, check_manifest,
};
pub use crate::prompts::{Language, Prompt};
pub use crate::scope::{ConsentLevel, ProfileField, Scope, ScopeKind, UnknownField, UnknownScope};
