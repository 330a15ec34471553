//! The response envelope a skill answers with, and a builder for it.

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::string_enum::string_enum;

/// What a skill answers: `{"version": "1.0", "sessionAttributes": ..., "response": {...}}`.
///
/// The JSON is exactly what Alexa expects: Amazon's field names, and members that are `None` (or
/// empty lists) omitted. Build one with [`ResponseEnvelope::builder`].
///
/// ```
/// use alexa_model::{Card, ResponseEnvelope};
///
/// let response = ResponseEnvelope::builder()
///     .speak_text("To send the confirmation, I need your email address.")
///     .card(Card::ask_for_permissions_consent(["alexa::profile:email:read"]))
///     .should_end_session(true)
///     .build();
/// assert_eq!(
///     response.to_json()?,
///     r#"{"version":"1.0","response":{"outputSpeech":{"type":"PlainText","text":"To send the confirmation, I need your email address."},"card":{"type":"AskForPermissionsConsent","permissions":["alexa::profile:email:read"]},"shouldEndSession":true}}"#
/// );
/// # Ok::<(), alexa_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponseEnvelope {
    /// `"1.0"`.
    pub version: String,
    /// Attributes Alexa sends back on the next request of the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_attributes: Option<serde_json::Map<String, serde_json::Value>>,
    /// `userAgent`, informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The response.
    pub response: Response,
}

impl ResponseEnvelope {
    /// A builder for a response envelope.
    pub fn builder() -> ResponseBuilder {
        ResponseBuilder::default()
    }

    /// Encodes the envelope as compact JSON.
    ///
    /// # Errors
    ///
    /// Never in practice: every part of the envelope is representable as JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::from_json(e, None))
    }

    /// Decodes a response envelope (for tests and tools that read what a skill answered).
    ///
    /// # Errors
    ///
    /// When the text is not a response envelope; the error names the JSON path of the fault.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        crate::decode::from_str_with_path(text)
    }
}

impl Default for ResponseEnvelope {
    fn default() -> Self {
        ResponseEnvelope {
            version: "1.0".to_owned(),
            session_attributes: None,
            user_agent: None,
            response: Response::default(),
        }
    }
}

/// The `response` member.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Response {
    /// What Alexa says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_speech: Option<OutputSpeech>,
    /// The card shown in the Alexa app or on a screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// What Alexa says when the user does not answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reprompt: Option<Reprompt>,
    /// Directives, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub directives: Vec<Directive>,
    /// Whether the session ends after this response; omitted lets Alexa decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub should_end_session: Option<bool>,
}

/// `outputSpeech`: plain text or SSML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum OutputSpeech {
    /// `{"type": "PlainText", "text": ...}`.
    PlainText {
        /// The text.
        text: String,
        /// How it is queued.
        #[serde(rename = "playBehavior", default, skip_serializing_if = "Option::is_none")]
        play_behavior: Option<PlayBehavior>,
    },
    /// `{"type": "SSML", "ssml": "<speak>...</speak>"}`.
    #[serde(rename = "SSML")]
    Ssml {
        /// The SSML document, `<speak>...</speak>`.
        ssml: String,
        /// How it is queued.
        #[serde(rename = "playBehavior", default, skip_serializing_if = "Option::is_none")]
        play_behavior: Option<PlayBehavior>,
    },
}

impl OutputSpeech {
    /// Plain text speech.
    pub fn plain_text(text: impl Into<String>) -> Self {
        OutputSpeech::PlainText { text: text.into(), play_behavior: None }
    }

    /// SSML speech. `ssml` is wrapped in `<speak>...</speak>` unless it already is. Text that comes
    /// from elsewhere must be escaped first ([`escape_ssml`]).
    pub fn ssml(ssml: impl Into<String>) -> Self {
        let ssml = ssml.into();
        let trimmed = ssml.trim();
        let ssml = if trimmed.starts_with("<speak>") && trimmed.ends_with("</speak>") {
            ssml
        } else {
            format!("<speak>{ssml}</speak>")
        };
        OutputSpeech::Ssml { ssml, play_behavior: None }
    }
}

string_enum! {
    /// `playBehavior` of output speech.
    pub enum PlayBehavior {
        /// `ENQUEUE`.
        Enqueue => "ENQUEUE",
        /// `REPLACE_ALL`.
        ReplaceAll => "REPLACE_ALL",
        /// `REPLACE_ENQUEUED`.
        ReplaceEnqueued => "REPLACE_ENQUEUED",
    }
}

/// Escapes text for use inside SSML: `&`, `<`, `>`, `"` and `'`.
#[must_use]
pub fn escape_ssml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `reprompt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Reprompt {
    /// What Alexa says.
    pub output_speech: OutputSpeech,
}

/// `card`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum Card {
    /// `{"type": "Simple", "title", "content"}`.
    Simple {
        /// The title.
        title: String,
        /// The text.
        content: String,
    },
    /// `{"type": "Standard", "title", "text", "image"}`.
    Standard {
        /// The title.
        title: String,
        /// The text.
        text: String,
        /// The image, when there is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        image: Option<CardImage>,
    },
    /// `{"type": "LinkAccount"}`: asks the customer to link their account.
    LinkAccount,
    /// `{"type": "AskForPermissionsConsent", "permissions": [...]}`: asks the customer to grant
    /// the listed scopes in the Alexa app. Every scope must be declared in the skill's manifest.
    AskForPermissionsConsent {
        /// The scope strings, such as `alexa::profile:email:read`.
        permissions: Vec<String>,
    },
    /// Any other card, verbatim.
    #[serde(untagged)]
    Other(serde_json::Value),
}

impl Card {
    /// A simple card.
    pub fn simple(title: impl Into<String>, content: impl Into<String>) -> Self {
        Card::Simple { title: title.into(), content: content.into() }
    }

    /// An `AskForPermissionsConsent` card for these scope strings, in order. (`alexa-consent`
    /// builds one that is checked against Amazon's rules.)
    pub fn ask_for_permissions_consent<I, S>(permissions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Card::AskForPermissionsConsent {
            permissions: permissions.into_iter().map(Into::into).collect(),
        }
    }
}

/// `image` of a standard card.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CardImage {
    /// 720 x 480 pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_image_url: Option<String>,
    /// 1200 x 800 pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_image_url: Option<String>,
}

/// A directive. The two that voice-forward consent needs are typed; any other is kept as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum Directive {
    /// `Connections.SendRequest` (the older form of a connection, such as `AskFor`).
    #[serde(rename = "Connections.SendRequest")]
    SendRequest {
        /// The request's name, such as `AskFor`.
        name: String,
        /// The payload.
        payload: serde_json::Value,
        /// A token that comes back on the `Connections.Response`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
    /// `Connections.StartConnection` (the current form, such as
    /// `connection://AMAZON.AskForPermissionsConsent/2`).
    #[serde(rename = "Connections.StartConnection")]
    StartConnection {
        /// The connection URI.
        uri: String,
        /// The input.
        input: serde_json::Value,
        /// A token that comes back on the `SessionResumedRequest`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
        /// `onCompletion`: `RESUME_SESSION` (the default) or `SEND_ERRORS_ONLY`.
        #[serde(rename = "onCompletion", default, skip_serializing_if = "Option::is_none")]
        on_completion: Option<String>,
    },
    /// Any other directive, verbatim.
    #[serde(untagged)]
    Other(serde_json::Value),
}

/// Builds a [`ResponseEnvelope`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ResponseBuilder {
    envelope: ResponseEnvelope,
}

impl ResponseBuilder {
    /// Sets the output speech.
    pub fn speak(mut self, speech: OutputSpeech) -> Self {
        self.envelope.response.output_speech = Some(speech);
        self
    }

    /// Sets plain text output speech.
    pub fn speak_text(self, text: impl Into<String>) -> Self {
        self.speak(OutputSpeech::plain_text(text))
    }

    /// Sets SSML output speech (wrapped in `<speak>` unless it already is).
    pub fn speak_ssml(self, ssml: impl Into<String>) -> Self {
        self.speak(OutputSpeech::ssml(ssml))
    }

    /// Sets the reprompt. A reprompt keeps the session open unless told otherwise.
    pub fn reprompt(mut self, speech: OutputSpeech) -> Self {
        self.envelope.response.reprompt = Some(Reprompt { output_speech: speech });
        self
    }

    /// Sets a plain text reprompt.
    pub fn reprompt_text(self, text: impl Into<String>) -> Self {
        self.reprompt(OutputSpeech::plain_text(text))
    }

    /// Sets the card.
    pub fn card(mut self, card: Card) -> Self {
        self.envelope.response.card = Some(card);
        self
    }

    /// Appends a directive.
    pub fn directive(mut self, directive: Directive) -> Self {
        self.envelope.response.directives.push(directive);
        self
    }

    /// Sets `shouldEndSession`.
    pub fn should_end_session(mut self, end: bool) -> Self {
        self.envelope.response.should_end_session = Some(end);
        self
    }

    /// Sets one session attribute.
    pub fn session_attribute(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.envelope
            .session_attributes
            .get_or_insert_with(Default::default)
            .insert(key.into(), value);
        self
    }

    /// Replaces the session attributes.
    pub fn session_attributes(
        mut self,
        attributes: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        self.envelope.session_attributes = Some(attributes);
        self
    }

    /// The envelope.
    #[must_use]
    pub fn build(self) -> ResponseEnvelope {
        self.envelope
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssml_is_wrapped_once_and_escaping_covers_the_five_characters() {
        assert_eq!(
            OutputSpeech::ssml("Hi"),
            OutputSpeech::Ssml { ssml: "<speak>Hi</speak>".into(), play_behavior: None }
        );
        assert_eq!(
            OutputSpeech::ssml("<speak>Hi</speak>"),
            OutputSpeech::Ssml { ssml: "<speak>Hi</speak>".into(), play_behavior: None }
        );
        assert_eq!(
            escape_ssml(r#"Tom & "Jerry" <x> 's"#),
            "Tom &amp; &quot;Jerry&quot; &lt;x&gt; &apos;s"
        );
    }
}
