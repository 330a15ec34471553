//! The client's error: what happened, by meaning, with the API's request id.

use std::fmt;
use std::time::Duration;

use alexa_consent::{ConsentLevel, Scope};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a profile call did not return a value or "not set".
///
/// Match on [`Error::kind`]. The `X-Amzn-RequestId` of the answer, when there was one, is in
/// [`Error::request_id`] (quote it to Amazon when a problem persists). Errors of the underlying
/// libraries are reachable only through [`std::error::Error::source`]. No message ever contains a
/// token or a profile value.
pub struct Error {
    kind: ErrorKind,
    detail: Option<&'static str>,
    request_id: Option<String>,
    attempts: u32,
    source: Option<BoxError>,
}

/// What went wrong, as a skill acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 403: the customer has not granted `scope` (at `level`). Answer with a consent card or
    /// voice-forward consent for it (`alexa-consent` builds both).
    PermissionRequired {
        /// The scope to ask for.
        scope: Scope,
        /// Account (Customer Profile API) or person (Person Profile API).
        level: ConsentLevel,
    },
    /// 403 "Access to this resource cannot be requested": the skill's manifest does not declare
    /// `scope`. A developer error: no consent card can help.
    PermissionNotDeclared {
        /// The undeclared scope.
        scope: Scope,
        /// Account or person.
        level: ConsentLevel,
    },
    /// 401: the token is malformed, expired or invalid.
    Unauthorized,
    /// 429, after the retries the deadline allowed.
    Throttled {
        /// The `Retry-After` the API asked for, when it gave one.
        retry_after: Option<Duration>,
    },
    /// 5xx, after the retries the deadline allowed.
    ServerError {
        /// The last status.
        status: u16,
    },
    /// Another status the API should not answer with: 3xx (redirects are never followed), 400,
    /// 404, other 4xx.
    UnexpectedStatus {
        /// The status.
        status: u16,
    },
    /// The whole-call deadline (or an attempt's timeout, on the last attempt) passed.
    Timeout,
    /// The connection could not be made, or broke before any response byte, after the retries the
    /// deadline allowed.
    Connect,
    /// The answer could not be understood: not JSON, not the expected shape, not
    /// `application/json`, a body that broke off, or not a valid HTTP response head at all (a
    /// head larger than hyper's limit of about 400 KB, say). Never retried: the server answered.
    InvalidResponse,
    /// The body was larger than the limit (64 KiB by default).
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The endpoint was refused by the endpoint policy before any connection was opened.
    EndpointRefused {
        /// Why.
        reason: EndpointRefusal,
    },
    /// The operation does not exist at this level (the Person Profile API has no email).
    Unsupported,
    /// The client could not be built (an unreadable root certificate, say).
    Config,
}

/// Why the endpoint policy refused an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EndpointRefusal {
    /// Not a well-formed absolute URL of the accepted shape.
    Malformed,
    /// Not `https` (and not an explicitly allowed endpoint).
    NotHttps,
    /// Carries user information (`user@`).
    UserInfo,
    /// A port other than 443.
    Port,
    /// A host other than Amazon's three API hosts.
    Host,
    /// A path other than `/`, or a query or fragment.
    Path,
}

impl EndpointRefusal {
    fn as_str(self) -> &'static str {
        match self {
            EndpointRefusal::Malformed => "not a well-formed https URL",
            EndpointRefusal::NotHttps => "not https",
            EndpointRefusal::UserInfo => "carries user information",
            EndpointRefusal::Port => "port other than 443",
            EndpointRefusal::Host => "not one of Amazon's API hosts",
            EndpointRefusal::Path => "has a path, query or fragment",
        }
    }
}

impl fmt::Display for EndpointRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error { kind, detail: None, request_id: None, attempts: 0, source: None }
    }

    /// A fixed phrase that says more about the error (never an input value).
    #[cfg_attr(not(feature = "hyper"), allow(dead_code, reason = "used by the hyper client"))]
    pub(crate) fn with_detail(mut self, detail: &'static str) -> Self {
        self.detail = Some(detail);
        self
    }

    #[cfg_attr(not(feature = "hyper"), allow(dead_code, reason = "used by the hyper client"))]
    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    #[cfg_attr(not(feature = "hyper"), allow(dead_code, reason = "used by the hyper client"))]
    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    #[cfg_attr(not(feature = "hyper"), allow(dead_code, reason = "used by the hyper client"))]
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The `X-Amzn-RequestId` of the answer, when there was one.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How many attempts were made (0 when none was: a refused endpoint).
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP status of the answer, when the error comes from one.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match &self.kind {
            ErrorKind::PermissionRequired { .. } | ErrorKind::PermissionNotDeclared { .. } => {
                Some(403)
            }
            ErrorKind::Unauthorized => Some(401),
            ErrorKind::Throttled { .. } => Some(429),
            ErrorKind::ServerError { status } | ErrorKind::UnexpectedStatus { status } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The scope to ask consent for, when the customer has not granted it.
    #[must_use]
    pub fn missing_scope(&self) -> Option<(&Scope, ConsentLevel)> {
        match &self.kind {
            ErrorKind::PermissionRequired { scope, level } => Some((scope, *level)),
            _ => None,
        }
    }

    /// Whether another call later might succeed (throttling, server errors, timeouts, connection
    /// failures).
    #[must_use]
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Throttled { .. }
                | ErrorKind::ServerError { .. }
                | ErrorKind::Timeout
                | ErrorKind::Connect
        )
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind);
        if let Some(detail) = self.detail {
            d.field("detail", &detail);
        }
        if let Some(id) = &self.request_id {
            d.field("request_id", id);
        }
        if self.attempts > 0 {
            d.field("attempts", &self.attempts);
        }
        if let Some(source) = &self.source {
            d.field("source", &format_args!("{source}"));
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::PermissionRequired { scope, level } => {
                write!(f, "permission required: {scope} ({level} consent)")?;
            }
            ErrorKind::PermissionNotDeclared { scope, level } => {
                write!(f, "permission not declared in the skill manifest: {scope} ({level})")?;
            }
            ErrorKind::Unauthorized => {
                f.write_str("unauthorized: the token is malformed, expired or invalid")?;
            }
            ErrorKind::Throttled { retry_after: Some(after) } => {
                write!(f, "throttled (retry after {}s)", after.as_secs_f64())?;
            }
            ErrorKind::Throttled { retry_after: None } => f.write_str("throttled")?,
            ErrorKind::ServerError { status } => write!(f, "server error (status {status})")?,
            ErrorKind::UnexpectedStatus { status } => write!(f, "unexpected status {status}")?,
            ErrorKind::Timeout => f.write_str("timed out")?,
            ErrorKind::Connect => f.write_str("connection failed")?,
            ErrorKind::InvalidResponse => f.write_str("invalid response")?,
            ErrorKind::BodyTooLarge { limit } => {
                write!(f, "response body larger than {limit} bytes")?;
            }
            ErrorKind::EndpointRefused { reason } => write!(f, "endpoint refused: {reason}")?,
            ErrorKind::Unsupported => f.write_str("not supported at this consent level")?,
            ErrorKind::Config => f.write_str("invalid client configuration")?,
        }
        if let Some(detail) = self.detail {
            write!(f, ": {detail}")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_impls<T: Send + Sync + 'static + std::error::Error>() {}
        assert_impls::<Error>();
    }

    #[test]
    fn display_is_lowercase_and_names_the_request_id() {
        let err = Error::new(ErrorKind::PermissionRequired {
            scope: Scope::Email,
            level: ConsentLevel::Account,
        })
        .with_request_id(Some("req-1".into()));
        assert_eq!(
            err.to_string(),
            "permission required: alexa::profile:email:read (ACCOUNT consent) (request id req-1)"
        );
        let err = Error::new(ErrorKind::ServerError { status: 503 }).with_attempts(3);
        assert_eq!(err.to_string(), "server error (status 503) after 3 attempts");
        assert!(err.is_transient());
        assert_eq!(err.status(), Some(503));
    }
}
