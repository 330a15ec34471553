//! [`VerifyError`]: why a request was refused, by meaning.

use std::fmt;
use std::time::Duration;

use super::url::CertUrlRefusal;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a request did not pass verification. The web service answers every one of them with
/// HTTP 400.
///
/// Match on [`VerifyError::kind`]. Errors of the underlying libraries (the TLS stack, the
/// certificate validator, the envelope decoder) are reachable only through
/// [`std::error::Error::source`]. No message quotes a header value or the body.
pub struct VerifyError {
    kind: VerifyErrorKind,
    source: Option<BoxError>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyErrorKind {
    /// A signature header is missing or empty.
    MissingHeader {
        /// `SignatureCertChainUrl` or `Signature-256`.
        name: &'static str,
    },
    /// A signature header is present more than once, is not visible ASCII, or (`Signature-256`)
    /// is not base64.
    InvalidHeader {
        /// `SignatureCertChainUrl` or `Signature-256`.
        name: &'static str,
    },
    /// The `SignatureCertChainUrl` is not one certificates may be fetched from.
    CertUrlRefused {
        /// Why.
        reason: CertUrlRefusal,
    },
    /// The certificate chain could not be fetched (connection, TLS or protocol failure).
    CertFetch,
    /// Fetching the certificate chain took longer than the fetch timeout.
    CertFetchTimeout {
        /// The timeout.
        timeout: Duration,
    },
    /// The certificate chain URL answered with a status other than 200.
    CertFetchStatus {
        /// The status.
        status: u16,
    },
    /// The certificate chain is larger than the limit.
    CertTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The fetched document holds no PEM certificate, or one that cannot be parsed.
    CertChainMalformed,
    /// The chain does not lead to a trusted root.
    CertUntrusted,
    /// A certificate of the chain has expired.
    CertExpired,
    /// A certificate of the chain is not valid yet.
    CertNotYetValid,
    /// The signing certificate's subject alternative names do not hold `echo-api.amazon.com`.
    CertNameMismatch,
    /// The chain is invalid for another reason (extended key usage, CA constraints, signature
    /// algorithm).
    CertInvalid,
    /// `Signature-256` is not an RSA-SHA256 signature of the body by the certificate's key.
    SignatureMismatch,
    /// The body is not a request envelope.
    InvalidBody,
    /// The request has no `request.timestamp`.
    MissingTimestamp,
    /// `request.timestamp` is not an ISO 8601 date and time.
    InvalidTimestamp,
    /// `request.timestamp` is further from now than the tolerance.
    TimestampOutOfRange {
        /// The tolerance that applied: 150 s, or one hour for `AlexaSkillEvent.*` requests.
        tolerance: Duration,
    },
    /// The verifier could not be built (an unusable trust root, say).
    Config,
}

impl VerifyError {
    pub(crate) fn new(kind: VerifyErrorKind) -> Self {
        VerifyError { kind, source: None }
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &VerifyErrorKind {
        &self.kind
    }

    /// Why the certificate URL was refused, when that is the error.
    #[must_use]
    pub fn cert_url_refusal(&self) -> Option<CertUrlRefusal> {
        match self.kind {
            VerifyErrorKind::CertUrlRefused { reason } => Some(reason),
            _ => None,
        }
    }
}

impl fmt::Display for VerifyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyErrorKind::MissingHeader { name } => write!(f, "missing or empty {name} header"),
            VerifyErrorKind::InvalidHeader { name } => write!(f, "invalid {name} header"),
            VerifyErrorKind::CertUrlRefused { reason } => {
                write!(f, "certificate chain url refused: {reason}")
            }
            VerifyErrorKind::CertFetch => f.write_str("could not fetch the certificate chain"),
            VerifyErrorKind::CertFetchTimeout { timeout } => {
                write!(f, "fetching the certificate chain took longer than {timeout:?}")
            }
            VerifyErrorKind::CertFetchStatus { status } => {
                write!(f, "the certificate chain url answered with status {status}")
            }
            VerifyErrorKind::CertTooLarge { limit } => {
                write!(f, "the certificate chain is larger than {limit} bytes")
            }
            VerifyErrorKind::CertChainMalformed => f.write_str("malformed certificate chain"),
            VerifyErrorKind::CertUntrusted => {
                f.write_str("the certificate chain does not lead to a trusted root")
            }
            VerifyErrorKind::CertExpired => f.write_str("the signing certificate has expired"),
            VerifyErrorKind::CertNotYetValid => {
                f.write_str("the signing certificate is not valid yet")
            }
            VerifyErrorKind::CertNameMismatch => {
                f.write_str("the signing certificate is not valid for echo-api.amazon.com")
            }
            VerifyErrorKind::CertInvalid => f.write_str("invalid certificate chain"),
            VerifyErrorKind::SignatureMismatch => {
                f.write_str("the signature does not match the body")
            }
            VerifyErrorKind::InvalidBody => f.write_str("the body is not a request envelope"),
            VerifyErrorKind::MissingTimestamp => f.write_str("the request has no timestamp"),
            VerifyErrorKind::InvalidTimestamp => f.write_str("the request timestamp is invalid"),
            VerifyErrorKind::TimestampOutOfRange { tolerance } => {
                write!(f, "the request timestamp is more than {}s from now", tolerance.as_secs())
            }
            VerifyErrorKind::Config => f.write_str("invalid verifier configuration"),
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl fmt::Debug for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}
