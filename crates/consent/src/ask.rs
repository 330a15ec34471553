//! Asking for consent: the `AskForPermissionsConsent` card and voice-forward consent (both wire
//! forms of REFERENCE section 3), checked against Amazon's rules before anything is sent.

use std::fmt;

use alexa_model::{Card, Directive};
use serde::{Deserialize, Serialize};

use crate::{ConsentLevel, ProfileField, Scope};

/// The URI of voice-forward consent's current form (`Connections.StartConnection`).
pub const ASK_FOR_PERMISSIONS_CONSENT_URI: &str = "connection://AMAZON.AskForPermissionsConsent/2";

/// The `name` of voice-forward consent's older form (`Connections.SendRequest`).
pub const ASK_FOR: &str = "AskFor";

/// A consent request that breaks one of Amazon's rules, found before it reaches Alexa (where it
/// would end the session with an invalid-response error).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentError {
    /// The request lists no scope.
    Empty,
    /// A scope is listed twice.
    Duplicate {
        /// The scope.
        scope: Scope,
    },
    /// Full name and given name are both requested: a skill may declare one or the other, never
    /// both (seed 001).
    FullNameWithGivenName,
    /// A scope is not in the set the skill declared in its manifest. Amazon rejects a card that
    /// asks for a scope the skill did not declare.
    NotDeclared {
        /// The scope.
        scope: Scope,
    },
    /// Voice-forward consent at [`ConsentLevel::Person`] for a profile field the Person Profile
    /// API does not serve (the email address).
    NoPersonLevel {
        /// The scope.
        scope: Scope,
    },
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentError::Empty => f.write_str("a consent request needs at least one scope"),
            ConsentError::Duplicate { scope } => write!(f, "scope `{scope}` is requested twice"),
            ConsentError::FullNameWithGivenName => {
                f.write_str("full name and given name cannot be requested together")
            }
            ConsentError::NotDeclared { scope } => {
                write!(f, "scope `{scope}` is not declared in the skill manifest")
            }
            ConsentError::NoPersonLevel { scope } => {
                write!(f, "scope `{scope}` cannot be granted at person level")
            }
        }
    }
}

impl std::error::Error for ConsentError {}

/// Checks a list of scopes against the rules every consent request follows.
fn check_scopes<'a>(
    scopes: impl IntoIterator<Item = &'a Scope>,
    declared: Option<&[Scope]>,
) -> Result<(), ConsentError> {
    let mut seen: Vec<&Scope> = Vec::new();
    for scope in scopes {
        if seen.contains(&scope) {
            return Err(ConsentError::Duplicate { scope: scope.clone() });
        }
        if let Some(declared) = declared
            && !declared.contains(scope)
        {
            return Err(ConsentError::NotDeclared { scope: scope.clone() });
        }
        seen.push(scope);
    }
    if seen.is_empty() {
        return Err(ConsentError::Empty);
    }
    if seen.contains(&&Scope::FullName) && seen.contains(&&Scope::GivenName) {
        return Err(ConsentError::FullNameWithGivenName);
    }
    Ok(())
}

/// An `AskForPermissionsConsent` card that follows Amazon's rules: at least one scope, no
/// duplicate, never full name together with given name, and (when the declared scopes are given)
/// only declared scopes.
///
/// Its JSON is what the official Node.js SDK's `withAskForPermissionsConsentCard` writes: the
/// scopes in the order they were added.
///
/// ```
/// use alexa_consent::{ConsentCard, ProfileField, Scope};
///
/// let card = ConsentCard::builder()
///     .field(ProfileField::Name)
///     .scope(Scope::MobileNumber)
///     .declared([Scope::FullName, Scope::MobileNumber, Scope::Email])
///     .build()?;
/// assert_eq!(
///     serde_json::to_string(&card.to_card()).unwrap(),
///     r#"{"type":"AskForPermissionsConsent","permissions":["alexa::profile:name:read","alexa::profile:mobile_number:read"]}"#
/// );
/// # Ok::<(), alexa_consent::ConsentError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentCard {
    scopes: Vec<Scope>,
}

impl ConsentCard {
    /// A card for `scopes`, in order.
    ///
    /// # Errors
    ///
    /// [`ConsentError::Empty`], [`ConsentError::Duplicate`] or
    /// [`ConsentError::FullNameWithGivenName`].
    pub fn new(scopes: impl IntoIterator<Item = Scope>) -> Result<Self, ConsentError> {
        ConsentCardBuilder::default().scopes(scopes).build()
    }

    /// A builder, to add scopes or profile fields one by one and to check them against the
    /// declared set.
    pub fn builder() -> ConsentCardBuilder {
        ConsentCardBuilder::default()
    }

    /// The scopes, in order.
    #[must_use]
    pub fn scopes(&self) -> &[Scope] {
        &self.scopes
    }

    /// The `alexa-model` card.
    #[must_use]
    pub fn to_card(&self) -> Card {
        Card::ask_for_permissions_consent(self.scopes.iter().map(Scope::as_str))
    }
}

impl From<ConsentCard> for Card {
    fn from(card: ConsentCard) -> Card {
        card.to_card()
    }
}

/// Builds a [`ConsentCard`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ConsentCardBuilder {
    scopes: Vec<Scope>,
    declared: Option<Vec<Scope>>,
}

impl ConsentCardBuilder {
    /// Adds a scope.
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scopes.push(scope);
        self
    }

    /// Adds scopes, in order.
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        self.scopes.extend(scopes);
        self
    }

    /// Adds the scope of a profile field.
    pub fn field(self, field: ProfileField) -> Self {
        self.scope(field.scope())
    }

    /// The scopes the skill declares in its manifest (such as
    /// [`SkillManifest::scopes`](crate::SkillManifest::scopes)): any other scope is refused.
    pub fn declared(mut self, declared: impl IntoIterator<Item = Scope>) -> Self {
        self.declared = Some(declared.into_iter().collect());
        self
    }

    /// The card.
    ///
    /// # Errors
    ///
    /// When the scopes break one of the rules of [`ConsentCard`].
    pub fn build(self) -> Result<ConsentCard, ConsentError> {
        check_scopes(&self.scopes, self.declared.as_deref())?;
        Ok(ConsentCard { scopes: self.scopes })
    }
}

/// One entry of `permissionScopes`: `{"permissionScope": "...", "consentLevel": "ACCOUNT"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionScope {
    /// The scope.
    pub permission_scope: Scope,
    /// Whose consent is asked for: the account holder's or the recognized speaker's.
    pub consent_level: ConsentLevel,
}

impl PermissionScope {
    /// `scope` at `level`.
    #[must_use]
    pub fn new(scope: Scope, level: ConsentLevel) -> Self {
        PermissionScope { permission_scope: scope, consent_level: level }
    }
}

/// Which wire form of voice-forward consent to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VoiceForm {
    /// The current form: `Connections.StartConnection` to
    /// `connection://AMAZON.AskForPermissionsConsent/2`, answered by a `SessionResumedRequest`.
    StartConnection,
    /// The older form: `Connections.SendRequest` named `AskFor`, answered by a
    /// `Connections.Response`.
    SendRequest,
}

/// `AskForPermissionsConsentRequest` version 2: voice-forward consent for one or more scopes,
/// each at a consent level, with the same rules as [`ConsentCard`] plus one: the email address
/// cannot be asked for at [`ConsentLevel::Person`] (the Person Profile API has no email).
///
/// ```
/// use alexa_consent::{ConsentLevel, Scope, VoiceConsent, VoiceForm};
///
/// let consent = VoiceConsent::builder()
///     .scope(Scope::Email, ConsentLevel::Account)
///     .token("order-1042")
///     .build()?;
/// let directive = consent.directive(VoiceForm::StartConnection);
/// assert_eq!(
///     serde_json::to_value(&directive).unwrap(),
///     serde_json::json!({
///         "type": "Connections.StartConnection",
///         "uri": "connection://AMAZON.AskForPermissionsConsent/2",
///         "input": {
///             "@type": "AskForPermissionsConsentRequest",
///             "@version": "2",
///             "permissionScopes": [
///                 {"permissionScope": "alexa::profile:email:read", "consentLevel": "ACCOUNT"}
///             ]
///         },
///         "token": "order-1042"
///     })
/// );
/// # Ok::<(), alexa_consent::ConsentError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceConsent {
    scopes: Vec<PermissionScope>,
    token: Option<String>,
}

impl VoiceConsent {
    /// Voice-forward consent for these scopes and levels, without a token.
    ///
    /// # Errors
    ///
    /// When the scopes break one of the rules of [`VoiceConsent`].
    pub fn new(scopes: impl IntoIterator<Item = PermissionScope>) -> Result<Self, ConsentError> {
        VoiceConsentBuilder::default().permission_scopes(scopes).build()
    }

    /// A builder.
    pub fn builder() -> VoiceConsentBuilder {
        VoiceConsentBuilder::default()
    }

    /// The scopes and their levels, in order.
    #[must_use]
    pub fn scopes(&self) -> &[PermissionScope] {
        &self.scopes
    }

    /// The token that comes back with the answer.
    #[must_use]
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The `AskForPermissionsConsentRequest` object: the `input` of the current form and the
    /// `payload` of the older one.
    #[must_use]
    pub fn input(&self) -> serde_json::Value {
        use serde_json::{Map, Value};
        let scopes = self
            .scopes
            .iter()
            .map(|s| {
                let mut entry = Map::new();
                entry.insert("permissionScope".into(), Value::from(s.permission_scope.as_str()));
                entry.insert("consentLevel".into(), Value::from(s.consent_level.as_str()));
                Value::Object(entry)
            })
            .collect();
        let mut input = Map::new();
        input.insert("@type".into(), Value::from("AskForPermissionsConsentRequest"));
        input.insert("@version".into(), Value::from("2"));
        input.insert("permissionScopes".into(), Value::Array(scopes));
        Value::Object(input)
    }

    /// The directive of the chosen wire form.
    #[must_use]
    pub fn directive(&self, form: VoiceForm) -> Directive {
        match form {
            VoiceForm::StartConnection => Directive::StartConnection {
                uri: ASK_FOR_PERMISSIONS_CONSENT_URI.to_owned(),
                input: self.input(),
                token: self.token.clone(),
                on_completion: None,
            },
            VoiceForm::SendRequest => Directive::SendRequest {
                name: ASK_FOR.to_owned(),
                payload: self.input(),
                token: self.token.clone(),
            },
        }
    }
}

/// Builds a [`VoiceConsent`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct VoiceConsentBuilder {
    scopes: Vec<PermissionScope>,
    declared: Option<Vec<Scope>>,
    token: Option<String>,
}

impl VoiceConsentBuilder {
    /// Adds a scope at a level.
    pub fn scope(mut self, scope: Scope, level: ConsentLevel) -> Self {
        self.scopes.push(PermissionScope::new(scope, level));
        self
    }

    /// Adds the scope of a profile field at a level.
    pub fn field(self, field: ProfileField, level: ConsentLevel) -> Self {
        self.scope(field.scope(), level)
    }

    /// Adds scopes with their levels, in order.
    pub fn permission_scopes(mut self, scopes: impl IntoIterator<Item = PermissionScope>) -> Self {
        self.scopes.extend(scopes);
        self
    }

    /// The scopes the skill declares in its manifest: any other scope is refused.
    pub fn declared(mut self, declared: impl IntoIterator<Item = Scope>) -> Self {
        self.declared = Some(declared.into_iter().collect());
        self
    }

    /// The token that comes back with the answer (on the `Connections.Response` or in the
    /// `SessionResumedRequest`'s `cause`), to tell which request it answers.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The request.
    ///
    /// # Errors
    ///
    /// When the scopes break one of the rules of [`VoiceConsent`].
    pub fn build(self) -> Result<VoiceConsent, ConsentError> {
        check_scopes(self.scopes.iter().map(|s| &s.permission_scope), self.declared.as_deref())?;
        for s in &self.scopes {
            let no_person_path =
                s.permission_scope.field().is_some_and(|f| f.person_path().is_none());
            if s.consent_level == ConsentLevel::Person && no_person_path {
                return Err(ConsentError::NoPersonLevel { scope: s.permission_scope.clone() });
            }
        }
        Ok(VoiceConsent { scopes: self.scopes, token: self.token })
    }
}
