//! The decision helper: from what the profile APIs answered for each field a feature needs, the
//! parts of the response a skill should answer with (seed 001's "best practices when contact
//! information is unavailable").

use alexa_model::ResponseBuilder;

use crate::{
    ConsentCard, ConsentError, ConsentLevel, Language, PermissionScope, ProfileField, Prompt,
    VoiceConsent, VoiceForm,
};

/// What asking the Customer Profile API (account) or the Person Profile API (recognized speaker)
/// gave for one field.
///
/// This crate does not depend on the client: map the client's result to one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldOutcome {
    /// 200: the value is there (this crate never sees it).
    Value,
    /// 403 "Access to this resource has not yet been requested": the customer has not granted the
    /// scope at this level. A consent card or voice-forward consent can help.
    NotGranted(ConsentLevel),
    /// 204: consent is given, but the customer has not set the value in their Amazon account.
    NotSet,
    /// 403 "Access to this resource cannot be requested": the skill did not declare the scope in
    /// its manifest. A developer error: no prompt can help, and a card that asks for the scope
    /// would be refused.
    NotDeclared,
    /// Any other failure (throttled, 5xx, timeout, malformed answer).
    Failed,
}

/// How to ask for the missing consent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AskWith {
    /// Seed 001's "permission needed" message and an `AskForPermissionsConsent` card.
    Card,
    /// Voice-forward consent: Alexa asks the customer and answers the skill with the result.
    Voice {
        /// The wire form.
        form: VoiceForm,
        /// The token that comes back with the answer.
        token: Option<String>,
    },
}

/// The decision helper: record what the API gave for each field a feature needs, then build the
/// answer.
///
/// - Fields with a value are [`usable`](ConsentDecision::usable): the feature goes on with them.
/// - Fields not granted are asked for: with [`AskWith::Card`], seed 001's localized "permission
///   needed" message and a consent card listing every missing scope; with [`AskWith::Voice`], the
///   voice-forward directive (each scope at the level the API refused it) and no speech of its
///   own (Alexa asks; the seed's message sends the customer to the app, which is the card's flow).
/// - Fields not set give seed 001's localized "not set" message (after the "permission needed"
///   message when both apply, with the card).
/// - Fields not declared, and failures, are reported ([`not_declared`](ConsentDecision::not_declared),
///   [`failed`](ConsentDecision::failed)); no seed message fits them, so they add nothing to the
///   response.
///
/// The card rules apply: full name and given name are never asked for together.
///
/// ```
/// use alexa_consent::{AskWith, ConsentDecision, ConsentLevel, FieldOutcome, Language, ProfileField};
///
/// let decision = ConsentDecision::new(Language::from_locale("de-DE"), "Pizza Pronto")
///     .outcome(ProfileField::GivenName, FieldOutcome::Value)
///     .outcome(ProfileField::MobileNumber, FieldOutcome::NotGranted(ConsentLevel::Account));
/// assert_eq!(decision.usable(), [ProfileField::GivenName]);
///
/// let response = decision.respond(&AskWith::Card, true)?.expect("something to say").build();
/// assert_eq!(
///     response.to_json()?,
///     concat!(
///         r#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>"#,
///         "Um diese Anfrage abzuschließen, benötigt Pizza Pronto Zugriff auf deine Telefonnummer. ",
///         "Um fortzufahren, gehe zum Startbildschirm deiner Alexa-App und gewähre die Berechtigungen.",
///         r#"</speak>"},"card":{"type":"AskForPermissionsConsent","#,
///         r#""permissions":["alexa::profile:mobile_number:read"]},"shouldEndSession":true}}"#
///     )
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDecision {
    language: Language,
    skill_name: String,
    outcomes: Vec<(ProfileField, FieldOutcome)>,
}

impl ConsentDecision {
    /// A decision for a skill named `skill_name` (spoken in the prompt; escaped for SSML),
    /// answering in `language`.
    pub fn new(language: Language, skill_name: impl Into<String>) -> Self {
        ConsentDecision { language, skill_name: skill_name.into(), outcomes: Vec::new() }
    }

    /// Records what the API gave for `field` (a later record for the same field replaces it).
    #[must_use]
    pub fn outcome(mut self, field: ProfileField, outcome: FieldOutcome) -> Self {
        self.record(field, outcome);
        self
    }

    /// Records what the API gave for `field` (a later record for the same field replaces it).
    pub fn record(&mut self, field: ProfileField, outcome: FieldOutcome) {
        match self.outcomes.iter_mut().find(|(f, _)| *f == field) {
            Some(entry) => entry.1 = outcome,
            None => self.outcomes.push((field, outcome)),
        }
        self.outcomes.sort_by_key(|(f, _)| *f);
    }

    /// The language of the prompts.
    #[must_use]
    pub fn language(&self) -> Language {
        self.language
    }

    fn fields(&self, keep: impl Fn(FieldOutcome) -> bool) -> Vec<ProfileField> {
        self.outcomes.iter().filter(|(_, o)| keep(*o)).map(|(f, _)| *f).collect()
    }

    /// The fields whose value is there: what the feature can go on with.
    #[must_use]
    pub fn usable(&self) -> Vec<ProfileField> {
        self.fields(|o| o == FieldOutcome::Value)
    }

    /// The scopes to ask for, each at the level the API refused it.
    #[must_use]
    pub fn missing_consent(&self) -> Vec<PermissionScope> {
        self.outcomes
            .iter()
            .filter_map(|(f, o)| match o {
                FieldOutcome::NotGranted(level) => Some(PermissionScope::new(f.scope(), *level)),
                _ => None,
            })
            .collect()
    }

    /// The fields the customer has not set.
    #[must_use]
    pub fn not_set(&self) -> Vec<ProfileField> {
        self.fields(|o| o == FieldOutcome::NotSet)
    }

    /// The fields whose scope the skill did not declare.
    #[must_use]
    pub fn not_declared(&self) -> Vec<ProfileField> {
        self.fields(|o| o == FieldOutcome::NotDeclared)
    }

    /// The fields whose call failed.
    #[must_use]
    pub fn failed(&self) -> Vec<ProfileField> {
        self.fields(|o| o == FieldOutcome::Failed)
    }

    /// Whether every recorded field has its value.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.outcomes.iter().all(|(_, o)| *o == FieldOutcome::Value)
    }

    /// What to say, when there is something to say: see [`ConsentDecision`].
    #[must_use]
    pub fn speech(&self, ask: &AskWith) -> Option<Prompt> {
        let missing = self.fields(|o| matches!(o, FieldOutcome::NotGranted(_)));
        let not_set = Prompt::not_set(self.language, self.not_set());
        match ask {
            AskWith::Voice { .. } if !missing.is_empty() => None,
            _ => {
                match (Prompt::permission_needed(self.language, &self.skill_name, missing), not_set)
                {
                    (Some(needed), Some(not_set)) => Some(needed.then(self.language, &not_set)),
                    (needed, not_set) => needed.or(not_set),
                }
            }
        }
    }

    /// The parts of the response: speech, and the consent card or the voice-forward directive,
    /// with `shouldEndSession` set to `end_session`. Add to the builder what else the skill says.
    ///
    /// `None` when there is nothing to ask and nothing to tell: every field is usable, or the
    /// rest are [`not_declared`](ConsentDecision::not_declared) or
    /// [`failed`](ConsentDecision::failed), which the skill answers in its own words.
    ///
    /// # Errors
    ///
    /// A [`ConsentError`] when the missing scopes break a consent rule (full name with given
    /// name; email at person level for voice-forward consent).
    pub fn respond(
        &self,
        ask: &AskWith,
        end_session: bool,
    ) -> Result<Option<ResponseBuilder>, ConsentError> {
        let missing = self.missing_consent();
        let mut builder = alexa_model::ResponseEnvelope::builder();
        let mut something = false;
        if let Some(prompt) = self.speech(ask) {
            builder = builder.speak(prompt.to_speech());
            something = true;
        }
        if !missing.is_empty() {
            builder = match ask {
                AskWith::Card => builder.card(
                    ConsentCard::new(missing.into_iter().map(|s| s.permission_scope))?.to_card(),
                ),
                AskWith::Voice { form, token } => {
                    let mut consent = VoiceConsent::builder().permission_scopes(missing);
                    if let Some(token) = token {
                        consent = consent.token(token.clone());
                    }
                    builder.directive(consent.build()?.directive(*form))
                }
            };
            something = true;
        }
        Ok(something.then(|| builder.should_end_session(end_session)))
    }
}
