//! Who is asking, and how to call Alexa's APIs on their behalf.

use std::fmt;

use crate::{AccessToken, ApiAccessToken, Error, RequestEnvelope, System};

/// The endpoint and token for one call of Alexa's APIs, taken from one request.
///
/// Build it per request (from [`System::api_context`] or [`RequestEnvelope::api_context`]); never
/// store it: the token expires and encodes the permissions granted at the time of the request.
/// The endpoint is whatever the request says, so a client must check it before sending the token
/// there (`alexa-profile-api` does).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiContext {
    endpoint: String,
    token: ApiAccessToken,
}

impl ApiContext {
    /// A context for `endpoint` (such as `https://api.amazonalexa.com`) and `token`.
    pub fn new(endpoint: impl Into<String>, token: ApiAccessToken) -> Self {
        ApiContext { endpoint: endpoint.into(), token }
    }

    /// The base URL, as the request gave it.
    #[must_use]
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The bearer token.
    #[must_use]
    pub fn token(&self) -> &ApiAccessToken {
        &self.token
    }
}

impl fmt::Debug for ApiContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiContext")
            .field("endpoint", &self.endpoint)
            .field("token", &self.token)
            .finish()
    }
}

/// Whose account-linking token [`System::account_linking_token`] picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenSource {
    /// `context.System.person.accessToken`: the recognized speaker linked their own account.
    Person,
    /// `context.System.user.accessToken`: the account the skill is enabled on.
    User,
}

impl TokenSource {
    /// `"person"` or `"user"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TokenSource::Person => "person",
            TokenSource::User => "user",
        }
    }
}

impl System {
    /// The endpoint and token for Alexa's APIs in this request.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Missing`](crate::ErrorKind::Missing) when `apiEndpoint` or `apiAccessToken` is
    /// absent or empty.
    pub fn api_context(&self) -> Result<ApiContext, Error> {
        let endpoint = self
            .api_endpoint
            .as_deref()
            .filter(|e| !e.is_empty())
            .ok_or_else(|| Error::missing("context.System.apiEndpoint"))?;
        let token = self
            .api_access_token
            .as_ref()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::missing("context.System.apiAccessToken"))?;
        Ok(ApiContext::new(endpoint, token.clone()))
    }

    /// The account-linking token to use for this request, as Amazon recommends: the recognized
    /// speaker's `person.accessToken` when the person object has one (the speaker linked their own
    /// account), else the account's `user.accessToken`. `None` when neither is linked.
    #[must_use]
    pub fn account_linking_token(&self) -> Option<(&AccessToken, TokenSource)> {
        self.person
            .as_ref()
            .and_then(|p| p.access_token.as_ref())
            .map(|t| (t, TokenSource::Person))
            .or_else(|| self.user.access_token.as_ref().map(|t| (t, TokenSource::User)))
    }
}

impl RequestEnvelope {
    /// [`System::account_linking_token`] of this request.
    #[must_use]
    pub fn account_linking_token(&self) -> Option<(&AccessToken, TokenSource)> {
        self.system().and_then(System::account_linking_token)
    }
}
