//! Fault injection: scripts of [`Fault`]s, attached to every request, an endpoint or a token, and
//! consumed one step per matching request, deterministically.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;

use crate::data::Endpoint;

/// What the emulator does with one request: answer normally or misbehave, after an optional delay.
///
/// ```
/// use std::time::Duration;
/// use alexa_profile_emulator::{Fault, StatusCode};
///
/// let slow = Fault::latency(Duration::from_millis(300));
/// let unavailable = Fault::status(StatusCode::SERVICE_UNAVAILABLE).with_retry_after("2");
/// let slow_reset = Fault::reset().with_delay(Duration::from_millis(50));
/// assert_eq!(slow.name(), "pass");
/// assert_eq!(unavailable.name(), "status");
/// assert_eq!(slow_reset.delay(), Duration::from_millis(50));
/// ```
#[derive(Clone)]
pub struct Fault {
    pub(crate) delay: Duration,
    pub(crate) action: Action,
    pub(crate) retry_after: Option<String>,
}

#[derive(Clone)]
pub(crate) enum Action {
    Pass,
    Status(StatusCode),
    Reset,
    Stall,
    Trickle { chunk: usize, interval: Duration },
    Oversized { bytes: usize, content_length: bool },
    MalformedJson,
    WrongContentType,
    Redirect { status: StatusCode, location: String },
    Custom { status: StatusCode, content_type: String, body: Bytes },
}

impl Fault {
    fn new(action: Action) -> Self {
        Fault { delay: Duration::ZERO, action, retry_after: None }
    }

    /// Answer normally (a step that lets one request through, as in "503, 503, then 200").
    #[must_use]
    pub fn pass() -> Self {
        Fault::new(Action::Pass)
    }

    /// Answer normally after `delay`.
    #[must_use]
    pub fn latency(delay: Duration) -> Self {
        Fault::pass().with_delay(delay)
    }

    /// Answer with `status` and the `{"code", "message"}` body the API gives for it (a 429 carries
    /// `Retry-After: 1` unless [`with_retry_after`](Fault::with_retry_after) says otherwise).
    /// A status below 400 is answered with an empty body; a status below 200 is answered as 500.
    #[must_use]
    pub fn status(status: StatusCode) -> Self {
        Fault::new(Action::Status(status))
    }

    /// Reset the connection before any byte of the response: the socket is closed with
    /// `SO_LINGER` zero, so the client sees a TCP RST (`ECONNRESET`). On HTTP/2 the whole
    /// connection is reset, with every stream on it.
    #[must_use]
    pub fn reset() -> Self {
        Fault::new(Action::Reset)
    }

    /// Accept the request and never answer (until the emulator shuts down).
    #[must_use]
    pub fn stall() -> Self {
        Fault::new(Action::Stall)
    }

    /// Answer normally, but send the body `chunk` bytes (at least 1) at a time, `interval` apart.
    /// The headers (with a truthful `Content-Length`) go out at once.
    #[must_use]
    pub fn trickle(chunk: usize, interval: Duration) -> Self {
        Fault::new(Action::Trickle { chunk: chunk.max(1), interval })
    }

    /// Answer 200 with a valid JSON string body of `bytes` bytes (at least 2: the quotes), with a
    /// truthful `Content-Length`.
    #[must_use]
    pub fn oversized(bytes: usize) -> Self {
        Fault::new(Action::Oversized { bytes: bytes.max(2), content_length: true })
    }

    /// As [`Fault::oversized`], without `Content-Length` (chunked on HTTP/1.1), so the client
    /// learns the size only by reading.
    #[must_use]
    pub fn oversized_chunked(bytes: usize) -> Self {
        Fault::new(Action::Oversized { bytes: bytes.max(2), content_length: false })
    }

    /// Answer 200, `Content-Type: application/json`, with a body that is not JSON
    /// (`{"name": "unterminated`).
    #[must_use]
    pub fn malformed_json() -> Self {
        Fault::new(Action::MalformedJson)
    }

    /// Answer normally but with `Content-Type: text/html; charset=utf-8`.
    #[must_use]
    pub fn wrong_content_type() -> Self {
        Fault::new(Action::WrongContentType)
    }

    /// Answer `307 Temporary Redirect` with `Location: location` (such as
    /// `http://169.254.169.254/latest/meta-data/`). A client must not follow it.
    #[must_use]
    pub fn redirect(location: impl Into<String>) -> Self {
        Fault::redirect_with(StatusCode::TEMPORARY_REDIRECT, location)
    }

    /// Answer `status` (meant to be a 3xx) with `Location: location`.
    #[must_use]
    pub fn redirect_with(status: StatusCode, location: impl Into<String>) -> Self {
        Fault::new(Action::Redirect { status, location: location.into() })
    }

    /// Answer `status` with exactly this content type and body (an HTML error page from a proxy,
    /// say). A status below 200 is answered as 500.
    #[must_use]
    pub fn custom(
        status: StatusCode,
        content_type: impl Into<String>,
        body: impl Into<Bytes>,
    ) -> Self {
        Fault::new(Action::Custom { status, content_type: content_type.into(), body: body.into() })
    }

    /// Waits `delay` before doing what the fault does.
    #[must_use]
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Adds `Retry-After: value` (seconds, or an HTTP date) to the answer.
    #[must_use]
    pub fn with_retry_after(mut self, value: impl Into<String>) -> Self {
        self.retry_after = Some(value.into());
        self
    }

    /// The delay before the fault acts.
    #[must_use]
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// A short name for what the fault does: `pass`, `status`, `reset`, `stall`, `trickle`,
    /// `oversized`, `malformed-json`, `wrong-content-type`, `redirect` or `custom`. The request
    /// log records it.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match &self.action {
            Action::Pass => "pass",
            Action::Status(_) => "status",
            Action::Reset => "reset",
            Action::Stall => "stall",
            Action::Trickle { .. } => "trickle",
            Action::Oversized { .. } => "oversized",
            Action::MalformedJson => "malformed-json",
            Action::WrongContentType => "wrong-content-type",
            Action::Redirect { .. } => "redirect",
            Action::Custom { .. } => "custom",
        }
    }
}

impl fmt::Debug for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Fault");
        d.field("action", &self.name());
        match &self.action {
            Action::Status(s) => {
                d.field("status", &s.as_u16());
            }
            Action::Trickle { chunk, interval } => {
                d.field("chunk", chunk).field("interval", interval);
            }
            Action::Oversized { bytes, content_length } => {
                d.field("bytes", bytes).field("content_length", content_length);
            }
            Action::Redirect { status, location } => {
                d.field("status", &status.as_u16()).field("location", location);
            }
            Action::Custom { status, content_type, body } => {
                d.field("status", &status.as_u16())
                    .field("content_type", content_type)
                    .field("body_len", &body.len());
            }
            Action::Pass
            | Action::Reset
            | Action::Stall
            | Action::MalformedJson
            | Action::WrongContentType => {}
        }
        d.field("delay", &self.delay).field("retry_after", &self.retry_after).finish()
    }
}

/// What a script does once its steps are used up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    /// Answer normally.
    Pass,
    /// Repeat the last step forever.
    Hold,
    /// Start again from the first step.
    Cycle,
}

/// A sequence of [`Fault`]s: each request the script applies to takes the next step.
///
/// ```
/// use std::time::Duration;
/// use alexa_profile_emulator::{Fault, FaultScript, StatusCode};
///
/// // 503, 503, then normal answers.
/// let flaky = FaultScript::new([
///     Fault::status(StatusCode::SERVICE_UNAVAILABLE),
///     Fault::status(StatusCode::SERVICE_UNAVAILABLE),
/// ]);
/// // Every request stalls.
/// let down = FaultScript::always(Fault::stall());
/// // Per-request latency: 10 ms, 200 ms, 10 ms, 200 ms, ...
/// let jittery = FaultScript::latencies([Duration::from_millis(10), Duration::from_millis(200)]).cycle();
/// assert_eq!(flaky.len(), 2);
/// # let _ = (down, jittery);
/// ```
#[derive(Debug, Clone)]
pub struct FaultScript {
    steps: Vec<Fault>,
    then: Then,
}

impl FaultScript {
    /// These steps, one per request, then normal answers.
    #[must_use]
    pub fn new(steps: impl IntoIterator<Item = Fault>) -> Self {
        FaultScript { steps: steps.into_iter().collect(), then: Then::Pass }
    }

    /// `fault` for every request.
    #[must_use]
    pub fn always(fault: Fault) -> Self {
        FaultScript { steps: vec![fault], then: Then::Hold }
    }

    /// A fixed latency on every request.
    #[must_use]
    pub fn fixed_latency(delay: Duration) -> Self {
        FaultScript::always(Fault::latency(delay))
    }

    /// One latency per request, then normal answers without delay.
    #[must_use]
    pub fn latencies(delays: impl IntoIterator<Item = Duration>) -> Self {
        FaultScript::new(delays.into_iter().map(Fault::latency))
    }

    /// Once the steps are used up, start again from the first.
    #[must_use]
    pub fn cycle(mut self) -> Self {
        self.then = Then::Cycle;
        self
    }

    /// Once the steps are used up, repeat the last one forever.
    #[must_use]
    pub fn hold(mut self) -> Self {
        self.then = Then::Hold;
        self
    }

    /// The number of steps.
    #[must_use]
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the script has no step (it then answers normally).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    fn step(&self, n: usize) -> Option<&Fault> {
        match self.steps.get(n) {
            Some(step) => Some(step),
            None => match self.then {
                Then::Pass => None,
                Then::Hold => self.steps.last(),
                Then::Cycle => self.steps.get(n.checked_rem(self.steps.len())?),
            },
        }
    }
}

/// Which requests a [`FaultScript`] applies to. When several scripts could apply, the most
/// specific one takes the request: a token's, then an endpoint's, then the one for everything.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// Every request (unknown paths included).
    Everything,
    /// Requests to one endpoint.
    Endpoint(Endpoint),
    /// Requests that carry the token with this name (a fixture key, a builder name, or a minted
    /// token's `minted-N` label).
    Token(String),
}

impl Target {
    /// [`Target::Token`] for the token named `name`.
    pub fn token(name: impl Into<String>) -> Self {
        Target::Token(name.into())
    }
}

#[derive(Debug)]
struct Running {
    script: FaultScript,
    taken: usize,
}

impl Running {
    fn next(&mut self) -> Option<Fault> {
        let step = self.script.step(self.taken).cloned();
        self.taken = self.taken.saturating_add(1);
        step
    }
}

/// The scripts in force, and how many steps each has handed out.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    any: AtomicBool,
    scripts: Mutex<Scripts>,
}

#[derive(Debug, Default)]
struct Scripts {
    everything: Option<Running>,
    endpoints: HashMap<Endpoint, Running>,
    tokens: HashMap<String, Running>,
}

impl Faults {
    pub(crate) fn set(&self, target: Target, script: FaultScript) {
        let running = Running { script, taken: 0 };
        let mut scripts = self.scripts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match target {
            Target::Everything => scripts.everything = Some(running),
            Target::Endpoint(e) => {
                scripts.endpoints.insert(e, running);
            }
            Target::Token(name) => {
                scripts.tokens.insert(name, running);
            }
        }
        self.any.store(true, Ordering::Release);
    }

    pub(crate) fn clear(&self) {
        let mut scripts = self.scripts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *scripts = Scripts::default();
        self.any.store(false, Ordering::Release);
    }

    /// The next step for a request, from the most specific script that applies; `None` for a
    /// normal answer.
    pub(crate) fn next(&self, token: Option<&str>, endpoint: Option<Endpoint>) -> Option<Fault> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let mut scripts = self.scripts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let scripts = &mut *scripts;
        if let Some(running) = token.and_then(|t| scripts.tokens.get_mut(t)) {
            return running.next();
        }
        if let Some(running) = endpoint.and_then(|e| scripts.endpoints.get_mut(&e)) {
            return running.next();
        }
        scripts.everything.as_mut().and_then(Running::next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(script: &FaultScript, n: usize) -> Vec<&'static str> {
        (0..n).map(|i| script.step(i).map_or("normal", Fault::name)).collect()
    }

    #[test]
    fn scripts_end_as_told() {
        let steps = [Fault::status(StatusCode::SERVICE_UNAVAILABLE), Fault::reset()];
        assert_eq!(
            names(&FaultScript::new(steps.clone()), 4),
            ["status", "reset", "normal", "normal"]
        );
        assert_eq!(
            names(&FaultScript::new(steps.clone()).hold(), 4),
            ["status", "reset", "reset", "reset"]
        );
        assert_eq!(
            names(&FaultScript::new(steps).cycle(), 4),
            ["status", "reset", "status", "reset"]
        );
        assert_eq!(names(&FaultScript::new([]).cycle(), 2), ["normal", "normal"]);
    }

    #[test]
    fn the_most_specific_script_takes_the_request() {
        let faults = Faults::default();
        let email = Endpoint::account(alexa_consent::ProfileField::Email);
        faults.set(Target::Everything, FaultScript::always(Fault::stall()));
        faults.set(Target::Endpoint(email), FaultScript::always(Fault::reset()));
        faults.set(Target::token("t"), FaultScript::new([Fault::malformed_json()]));
        let name = |f: Option<Fault>| f.map_or("normal", |f| f.name());
        assert_eq!(name(faults.next(Some("t"), Some(email))), "malformed-json");
        assert_eq!(name(faults.next(Some("t"), Some(email))), "normal");
        assert_eq!(name(faults.next(Some("u"), Some(email))), "reset");
        assert_eq!(name(faults.next(None, None)), "stall");
        faults.clear();
        assert_eq!(name(faults.next(None, None)), "normal");
    }
}
