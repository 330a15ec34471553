//! What the emulator records about each request: counts per endpoint and a bounded request log.
//! Neither ever holds a token value or a profile value.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::data::Endpoint;

/// How a request's token is named in the log: never by its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenLabel {
    /// No `Authorization: Bearer` header.
    Missing,
    /// A bearer token the emulator does not know (its value is not recorded).
    Unknown,
    /// A known token, by name: the fixture key or builder name, or `minted-N` for a minted token.
    Named(String),
}

impl fmt::Display for TokenLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenLabel::Missing => f.write_str("(none)"),
            TokenLabel::Unknown => f.write_str("(unknown)"),
            TokenLabel::Named(name) => f.write_str(name),
        }
    }
}

/// One request as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The status answered, or `None` when the connection was reset or the request stalled.
    pub status: Option<u16>,
    /// The token, by name.
    pub token: TokenLabel,
    /// The fault applied ([`Fault::name`](crate::Fault::name)), when a script gave one.
    pub fault: Option<&'static str>,
    /// The `X-Amzn-RequestId` sent (or that would have been sent).
    pub request_id: String,
}

impl fmt::Display for LoggedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(s) => write!(f, "{} {} {s} token={}", self.method, self.path, self.token)?,
            None => write!(f, "{} {} - token={}", self.method, self.path, self.token)?,
        }
        if let Some(fault) = self.fault {
            write!(f, " fault={fault}")?;
        }
        write!(f, " id={}", self.request_id)
    }
}

/// The requests received per endpoint (whatever the answer), and to other paths.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts {
    per_endpoint: Vec<(Endpoint, u64)>,
    other: u64,
}

impl Counts {
    /// Requests to `endpoint`.
    #[must_use]
    pub fn get(&self, endpoint: Endpoint) -> u64 {
        self.per_endpoint.iter().find(|(e, _)| *e == endpoint).map_or(0, |(_, n)| *n)
    }

    /// Requests to paths that are not profile endpoints.
    #[must_use]
    pub fn other(&self) -> u64 {
        self.other
    }

    /// Every request.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.per_endpoint.iter().map(|(_, n)| n).sum::<u64>() + self.other
    }

    /// Each endpoint with its count, in [`Endpoint::all`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Endpoint, u64)> + '_ {
        self.per_endpoint.iter().copied()
    }
}

/// The live counters and log.
#[derive(Debug)]
pub(crate) struct Recorder {
    counts: Vec<AtomicU64>,
    log: Mutex<VecDeque<LoggedRequest>>,
    capacity: usize,
}

impl Recorder {
    pub(crate) fn new(capacity: usize) -> Self {
        Recorder {
            counts: (0..=Endpoint::all().len()).map(|_| AtomicU64::new(0)).collect(),
            log: Mutex::new(VecDeque::with_capacity(capacity.min(1024))),
            capacity,
        }
    }

    pub(crate) fn count(&self, endpoint: Option<Endpoint>) {
        let i = endpoint.map_or(Endpoint::all().len(), Endpoint::index);
        if let Some(c) = self.counts.get(i) {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn counts(&self) -> Counts {
        let n = |i: usize| self.counts.get(i).map_or(0, |c| c.load(Ordering::Relaxed));
        Counts {
            per_endpoint: Endpoint::all().iter().enumerate().map(|(i, e)| (*e, n(i))).collect(),
            other: n(Endpoint::all().len()),
        }
    }

    pub(crate) fn log(&self, entry: LoggedRequest) {
        if self.capacity == 0 {
            return;
        }
        let mut log = self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if log.len() >= self.capacity {
            log.pop_front();
        }
        log.push_back(entry);
    }

    pub(crate) fn entries(&self) -> Vec<LoggedRequest> {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
        for c in &self.counts {
            c.store(0, Ordering::Relaxed);
        }
    }
}
