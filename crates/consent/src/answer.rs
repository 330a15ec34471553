//! The answer to voice-forward consent, read from a `Connections.Response` (older form) or a
//! `SessionResumedRequest` (current form).

use std::fmt;

use alexa_model::{ConnectionStatus, RawJson, Request, RequestEnvelope};
use serde::Deserialize;

use crate::{ASK_FOR, Scope, VoiceForm};

/// What the customer answered, or the error status Alexa reported instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsentAnswer {
    /// `ACCEPTED`: the scopes are granted; call the API again.
    Accepted,
    /// `DENIED`: the customer said no.
    Denied,
    /// `NOT_ANSWERED`: the customer did not answer.
    NotAnswered,
    /// The connection failed: `status.code` is not `200` (for example `403` with "Developer
    /// didn't configure ..." when the skill did not declare the scope).
    Error {
        /// The status code, such as `"403"`.
        code: String,
        /// The status message, when Alexa sent one.
        message: Option<String>,
    },
    /// A status this version does not know, kept as received.
    Unknown(String),
}

impl ConsentAnswer {
    fn from_status(status: &str) -> Self {
        match status {
            "ACCEPTED" => ConsentAnswer::Accepted,
            "DENIED" => ConsentAnswer::Denied,
            "NOT_ANSWERED" => ConsentAnswer::NotAnswered,
            other => ConsentAnswer::Unknown(other.to_owned()),
        }
    }
}

/// A request that carries no answer to voice-forward consent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnswerError {
    /// The request is neither a `Connections.Response` to `AskFor` nor a `SessionResumedRequest`
    /// whose cause is `ConnectionCompleted`.
    NotAnAnswer,
    /// The status is `200`, but `payload.status` (or `cause.result.status`) is missing or not a
    /// string.
    MissingStatus,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::NotAnAnswer => {
                f.write_str("the request is not an answer to voice-forward consent")
            }
            AnswerError::MissingStatus => f.write_str("the consent answer carries no status"),
        }
    }
}

impl std::error::Error for AnswerError {}

/// The answer to voice-forward consent, with the token the skill sent and the wire form it came
/// in.
///
/// A `SessionResumedRequest` completes any connection the skill started (a purchase, a PIN
/// confirmation, ...): compare [`token`](ConsentReply::token) with the token of the
/// [`VoiceConsent`](crate::VoiceConsent) to know that this one answers consent.
///
/// ```
/// use alexa_consent::{ConsentAnswer, ConsentReply, VoiceForm};
/// use alexa_model::RequestEnvelope;
///
/// let envelope: RequestEnvelope = r#"{"version": "1.0", "request": {
///     "type": "SessionResumedRequest", "requestId": "r2", "timestamp": "2024-08-01T12:03:00Z",
///     "cause": {"type": "ConnectionCompleted", "token": "order-1042",
///               "status": {"code": "200", "message": "OK"}, "result": {"status": "ACCEPTED"}}
/// }}"#.parse()?;
/// let reply = ConsentReply::from_envelope(&envelope)?;
/// assert_eq!(reply.answer(), &ConsentAnswer::Accepted);
/// assert_eq!(reply.token(), Some("order-1042"));
/// assert_eq!(reply.form(), VoiceForm::StartConnection);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentReply {
    answer: ConsentAnswer,
    token: Option<String>,
    form: VoiceForm,
    permission_scope: Option<Scope>,
    is_card_thrown: Option<bool>,
}

/// `payload` of a `Connections.Response` and `result` of a `SessionResumedRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Outcome {
    #[serde(default)]
    status: Option<serde_json::Value>,
    #[serde(default)]
    permission_scope: Option<serde_json::Value>,
    #[serde(default)]
    is_card_thrown: Option<serde_json::Value>,
}

impl ConsentReply {
    /// Reads the answer from a request.
    ///
    /// # Errors
    ///
    /// [`AnswerError::NotAnAnswer`] for any other request (a `Connections.Response` with another
    /// `name`, a `SessionResumedRequest` with another cause, ...); [`AnswerError::MissingStatus`]
    /// when the status is `200` but the answer's status is missing.
    pub fn from_request(request: &Request) -> Result<Self, AnswerError> {
        match request {
            Request::ConnectionsResponse(r) => {
                if r.name.as_deref().is_some_and(|n| n != ASK_FOR) {
                    return Err(AnswerError::NotAnAnswer);
                }
                read(VoiceForm::SendRequest, r.status.as_ref(), r.payload.as_ref(), r.token.clone())
            }
            Request::SessionResumed(r) => {
                let cause = r.cause.as_ref().ok_or(AnswerError::NotAnAnswer)?;
                if cause.cause_type != "ConnectionCompleted" {
                    return Err(AnswerError::NotAnAnswer);
                }
                read(
                    VoiceForm::StartConnection,
                    cause.status.as_ref(),
                    cause.result.as_ref(),
                    cause.token.clone(),
                )
            }
            _ => Err(AnswerError::NotAnAnswer),
        }
    }

    /// Reads the answer from an envelope's request.
    ///
    /// # Errors
    ///
    /// As [`ConsentReply::from_request`].
    pub fn from_envelope(envelope: &RequestEnvelope) -> Result<Self, AnswerError> {
        ConsentReply::from_request(&envelope.request)
    }

    /// The answer.
    #[must_use]
    pub fn answer(&self) -> &ConsentAnswer {
        &self.answer
    }

    /// Whether the customer accepted.
    #[must_use]
    pub fn is_accepted(&self) -> bool {
        self.answer == ConsentAnswer::Accepted
    }

    /// The token the skill put on its directive.
    #[must_use]
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The wire form the answer came in.
    #[must_use]
    pub fn form(&self) -> VoiceForm {
        self.form
    }

    /// `payload.permissionScope`, which the older form's answer may carry.
    #[must_use]
    pub fn permission_scope(&self) -> Option<&Scope> {
        self.permission_scope.as_ref()
    }

    /// `payload.isCardThrown`, which the older form's answer may carry: whether Alexa also sent a
    /// consent card to the Alexa app.
    #[must_use]
    pub fn is_card_thrown(&self) -> Option<bool> {
        self.is_card_thrown
    }
}

fn read(
    form: VoiceForm,
    status: Option<&ConnectionStatus>,
    outcome: Option<&RawJson>,
    token: Option<String>,
) -> Result<ConsentReply, AnswerError> {
    let outcome: Option<Outcome> = outcome.and_then(|raw| raw.deserialize().ok());
    let permission_scope = outcome
        .as_ref()
        .and_then(|o| o.permission_scope.as_ref())
        .and_then(serde_json::Value::as_str)
        .map(Scope::from_amazon);
    let is_card_thrown = outcome
        .as_ref()
        .and_then(|o| o.is_card_thrown.as_ref())
        .and_then(serde_json::Value::as_bool);
    let answer = match status {
        Some(status) if !status.is_ok() => {
            ConsentAnswer::Error { code: status.code.clone(), message: status.message.clone() }
        }
        _ => outcome
            .as_ref()
            .and_then(|o| o.status.as_ref())
            .and_then(serde_json::Value::as_str)
            .map(ConsentAnswer::from_status)
            .ok_or(AnswerError::MissingStatus)?,
    };
    Ok(ConsentReply { answer, token, form, permission_scope, is_card_thrown })
}
