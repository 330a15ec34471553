//! [`Summary`]: the identity-relevant facts of an envelope on one line, for tools and logs.

use serde::Serialize;

use crate::{RequestEnvelope, TokenSource};

/// The facts of an envelope that decide how a skill treats identity and consent, with no token or
/// profile value among them. It serializes to one JSON object with exactly these keys, in this
/// order; absent values are `null`:
///
/// `type`, `requestId`, `locale`, `userId`, `personId`, `apiEndpoint`, `accountTokenSource`
/// (`"person"`, `"user"` or `null`: whose `accessToken` [`RequestEnvelope::account_linking_token`]
/// picks), `acceptedPermissions` and `acceptedPersonPermissions` (the scope strings of a permission
/// event, in order; empty for other requests).
///
/// ```
/// use alexa_model::RequestEnvelope;
///
/// let envelope: RequestEnvelope = r#"{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r1","timestamp":"2024-08-01T12:00:00Z","locale":"en-US"}}"#.parse()?;
/// let line = serde_json::to_string(&envelope.summary()).expect("serializable");
/// assert_eq!(line, r#"{"type":"LaunchRequest","requestId":"r1","locale":"en-US","userId":null,"personId":null,"apiEndpoint":null,"accountTokenSource":null,"acceptedPermissions":[],"acceptedPersonPermissions":[]}"#);
/// # Ok::<(), alexa_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Summary<'a> {
    /// `request.type`.
    #[serde(rename = "type")]
    pub request_type: &'a str,
    /// `request.requestId`.
    pub request_id: Option<&'a str>,
    /// `request.locale`.
    pub locale: Option<&'a str>,
    /// `context.System.user.userId` (else `session.user.userId`).
    pub user_id: Option<&'a str>,
    /// `context.System.person.personId`.
    pub person_id: Option<&'a str>,
    /// `context.System.apiEndpoint`.
    pub api_endpoint: Option<&'a str>,
    /// Whose account-linking token applies.
    pub account_token_source: Option<&'static str>,
    /// `request.body.acceptedPermissions[].scope`.
    pub accepted_permissions: Vec<&'a str>,
    /// `request.body.acceptedPersonPermissions[].scope`.
    pub accepted_person_permissions: Vec<&'a str>,
}

impl RequestEnvelope {
    /// The [`Summary`] of this envelope.
    #[must_use]
    pub fn summary(&self) -> Summary<'_> {
        let event = self.request.permission_event();
        Summary {
            request_type: self.request.request_type(),
            request_id: self.request.request_id(),
            locale: self.request.locale(),
            user_id: self.user().map(|u| u.user_id.as_str()).filter(|s| !s.is_empty()),
            person_id: self.person().map(|p| p.person_id.as_str()).filter(|s| !s.is_empty()),
            api_endpoint: self.system().and_then(|s| s.api_endpoint.as_deref()),
            account_token_source: self.account_linking_token().map(|(_, s)| TokenSource::as_str(s)),
            accepted_permissions: scopes(event.map(|e| e.body.accepted_permissions.as_slice())),
            accepted_person_permissions: scopes(
                event.map(|e| e.body.accepted_person_permissions.as_slice()),
            ),
        }
    }
}

fn scopes(list: Option<&[crate::AcceptedPermission]>) -> Vec<&str> {
    list.map(|l| l.iter().map(|p| p.scope.as_str()).collect()).unwrap_or_default()
}
