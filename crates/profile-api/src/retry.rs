//! Deadlines and retries: [`RetryPolicy`], and the [`Clock`] and [`Jitter`] it runs on.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// When to give up and when to try again. The defaults ([`RetryPolicy::standard`]) are sized for
/// Alexa's answer window of about 8 seconds (REFERENCE section 4):
///
/// | setting | standard |
/// |---|---|
/// | whole-call deadline | 2.5 s |
/// | attempt timeout | 1 s |
/// | connect timeout | 500 ms |
/// | attempts | 3 |
/// | backoff | full jitter: `random(0, min(cap, base * 2^n))`, base 50 ms, cap 1 s |
/// | backoff after 429 | base 250 ms, unless `Retry-After` says otherwise |
///
/// Retried: 429, 500, 502, 503, 504, attempts that timed out, and connections that failed before
/// any response byte. Never retried: 400, 401, 403, 404, redirects, a body that broke mid-way.
/// `Retry-After` (seconds or an HTTP date) is honoured when it fits in the time left; otherwise
/// the call fails at once as throttled. No sleep and no attempt ever reaches past the deadline.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RetryPolicy {
    deadline: Duration,
    attempt_timeout: Duration,
    connect_timeout: Duration,
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    throttle_base_delay: Duration,
    jitter: Arc<dyn Jitter>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::standard()
    }
}

impl RetryPolicy {
    /// The defaults above.
    #[must_use]
    pub fn standard() -> Self {
        RetryPolicy {
            deadline: Duration::from_millis(2500),
            attempt_timeout: Duration::from_secs(1),
            connect_timeout: Duration::from_millis(500),
            max_attempts: 3,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(1),
            throttle_base_delay: Duration::from_millis(250),
            jitter: Arc::new(FullJitter),
        }
    }

    /// One attempt, no retry; the deadlines and timeouts of [`RetryPolicy::standard`] still apply.
    #[must_use]
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::standard() }
    }

    /// The whole-call deadline, retries and sleeps included.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The timeout of one attempt (connect, request, and reading the body).
    #[must_use]
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The TCP connect timeout.
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The maximum number of attempts (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff base after a failure.
    #[must_use]
    pub fn with_base_delay(mut self, base: Duration) -> Self {
        self.base_delay = base;
        self
    }

    /// The backoff cap.
    #[must_use]
    pub fn with_max_delay(mut self, cap: Duration) -> Self {
        self.max_delay = cap;
        self
    }

    /// The backoff base after a 429 without a usable `Retry-After`.
    #[must_use]
    pub fn with_throttle_base_delay(mut self, base: Duration) -> Self {
        self.throttle_base_delay = base;
        self
    }

    /// The source of randomness of the backoff (for deterministic tests).
    #[must_use]
    pub fn with_jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Arc::new(jitter);
        self
    }

    /// The whole-call deadline.
    #[must_use]
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// The timeout of one attempt.
    #[must_use]
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// The TCP connect timeout.
    #[must_use]
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The maximum number of attempts.
    #[must_use]
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The sleep before retry number `retry` (0 for the first retry): full jitter over
    /// `min(cap, base * 2^retry)`, with the throttle base after a 429.
    #[must_use]
    pub fn backoff(&self, retry: u32, throttled: bool) -> Duration {
        let base = if throttled { self.throttle_base_delay } else { self.base_delay };
        let exp = base.saturating_mul(2u32.saturating_pow(retry.min(30)));
        let ceiling = exp.min(self.max_delay);
        self.jitter.jitter(ceiling).min(ceiling)
    }
}

/// Picks the actual backoff in `[0, ceiling]`.
pub trait Jitter: Send + Sync + fmt::Debug {
    /// A duration between zero and `ceiling`, inclusive.
    fn jitter(&self, ceiling: Duration) -> Duration;
}

/// Full jitter: uniform in `[0, ceiling]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct FullJitter;

impl Jitter for FullJitter {
    fn jitter(&self, ceiling: Duration) -> Duration {
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// No jitter: always the ceiling (deterministic; for tests and for reasoning about worst cases).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoJitter;

impl Jitter for NoJitter {
    fn jitter(&self, ceiling: Duration) -> Duration {
        ceiling
    }
}

/// A boxed sleep.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Time, as the client sees it: now, and sleeping. The default, [`TokioClock`], follows tokio's
/// clock, so a test on tokio's paused clock runs the whole retry schedule instantly and exactly;
/// wrap it to record the sleeps.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> Instant;
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// tokio's clock (`tokio::time`), paused and advanced in tests by `tokio::time::pause`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        let p = RetryPolicy::standard().with_jitter(NoJitter);
        let ms = |d: Duration| d.as_millis();
        assert_eq!(
            [0, 1, 2, 3, 4, 5].map(|n| ms(p.backoff(n, false))),
            [50, 100, 200, 400, 800, 1000]
        );
        assert_eq!([0, 1, 2].map(|n| ms(p.backoff(n, true))), [250, 500, 1000]);
        assert_eq!(ms(p.backoff(u32::MAX, false)), 1000);
    }

    #[test]
    fn full_jitter_stays_in_range() {
        let p = RetryPolicy::standard();
        for n in 0..200 {
            let d = p.backoff(n % 6, n % 2 == 0);
            assert!(d <= Duration::from_secs(1));
        }
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(RetryPolicy::standard().with_max_attempts(0).max_attempts(), 1);
    }
}
