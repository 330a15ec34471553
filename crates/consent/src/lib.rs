//! Consent for Alexa skills that use the customer's contact information.
//!
//! - [`Scope`]: the permission scopes with their exact Amazon strings, the [`ProfileField`] each
//!   profile scope unlocks, the API paths (generated from one table that the client and the
//!   emulator share), and [`ConsentLevel`].
//!
//! # Example
//!
//! ```
//! use alexa_consent::{ConsentLevel, ProfileField, Scope};
//!
//! let scope: Scope = "alexa::profile:email:read".parse()?;
//! assert_eq!(scope.field(), Some(ProfileField::Email));
//! assert_eq!(
//!     ProfileField::MobileNumber.path(ConsentLevel::Person),
//!     Some("/v2/persons/~current/profile/mobileNumber")
//! );
//!
//! // A typo is an error that says what was meant.
//! let typo = "alexa::profileemailread".parse::<Scope>().unwrap_err();
//! assert_eq!(typo.to_string(), "unknown permission scope (did you mean `alexa::profile:email:read`?)");
//! # Ok::<(), alexa_consent::UnknownScope>(())
//! ```
//!
//! # Optional features
//!
//! None.

mod answer;
mod ask;
mod events;
mod manifest;
mod prompts;
mod scope;

pub use crate::answer::{AnswerError, ConsentAnswer, ConsentReply};
pub use crate::ask::{
    ASK_FOR, ASK_FOR_PERMISSIONS_CONSENT_URI, ConsentCard, ConsentCardBuilder, ConsentError,
    PermissionScope, VoiceConsent, VoiceConsentBuilder, VoiceForm,
};
pub use crate::events::{GrantedScopes, PermissionDiff, ScopeStatuses, diff};
pub use crate::manifest::{
    Finding, FindingCode, ManifestError, ManifestErrorKind, SKILL_PERMISSION_ACCEPTED,
    SKILL_PERMISSION_CHANGED, Severity, SkillManifest, check_manifest,
};
pub use crate::prompts::{Language, Prompt};
pub use crate::scope::{ConsentLevel, ProfileField, Scope, ScopeKind, UnknownField, UnknownScope};
