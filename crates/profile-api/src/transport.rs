//! A scripted transport (feature `test-util`, hidden): the workspace's reliability tests and fuzz
//! targets use it to run the real [`ProfileClient`](crate::ProfileClient) (endpoint policy,
//! deadlines, retries, body limit, decoding) without sockets, on tokio's paused clock.
//!
//! Not a stable API and not for production: it exists so that timing can be proved exactly on a
//! virtual clock, which cannot drive real sockets reliably, and so that a fuzzer can feed the
//! client arbitrary answers quickly.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

use crate::client::Failure;

/// A response body the scripted transport returns.
pub type TransportBody = Pin<Box<dyn hyper::body::Body<Data = Bytes, Error = BodyError> + Send>>;

/// What [`Transport::send`] returns.
pub type TransportFuture =
    Pin<Box<dyn Future<Output = Result<http::Response<TransportBody>, TransportError>> + Send>>;

/// Carries one request and returns the response head with a body to read.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` (a GET with no body; its `Authorization` value is marked sensitive).
    fn send(&self, request: http::Request<()>) -> TransportFuture;
}

/// How a scripted request fails before its body, as the hyper transport would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportError {
    /// No connection could be made (refused, unreachable).
    Connect,
    /// The connection broke before any response byte (a reset, say).
    Closed,
    /// The server sent something that is not a valid HTTP response head.
    InvalidHead,
}

impl TransportError {
    pub(crate) fn failure(self) -> Failure {
        match self {
            TransportError::Connect => Failure::Connect,
            TransportError::Closed => Failure::Closed,
            TransportError::InvalidHead => Failure::InvalidHead,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportError::Connect => "scripted connect failure",
            TransportError::Closed => "scripted connection closed before the response",
            TransportError::InvalidHead => "scripted invalid response head",
        })
    }
}

impl std::error::Error for TransportError {}

/// The error of a scripted body: it broke off (a reset in the middle of the body, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyError;

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("scripted body broke off")
    }
}

impl std::error::Error for BodyError {}
