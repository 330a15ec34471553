//! Deadlines and retries: [`RetryPolicy`], and the [`Clock`] and [`Jitter`] it runs on.

use std::fmt;
use std::future::Future;

use crate::error::{Error, ErrorKind};
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
/// any response byte. Never retried: 400, 401, 403, 404, redirects, a body that broke mid-way, an
/// answer that is not a valid HTTP response head.
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

/// What one attempt came to, as the retry loop sees it.
pub(crate) enum Step<T> {
    /// Final: a value or an error that retrying cannot help.
    Done(Result<T, Error>),
    /// Worth another attempt if the policy and the deadline allow.
    Retry {
        /// The error to return if no attempt is left.
        error: Error,
        /// The server's `Retry-After`, when it gave one.
        retry_after: Option<Duration>,
        /// Whether the failure was a 429 (the backoff base differs).
        throttled: bool,
    },
}

/// Runs `attempt` until it is done, the attempts run out, or the deadline would be passed.
///
/// Each attempt gets `min(attempt timeout, time left)`; an attempt that runs out of time is a
/// retryable [`ErrorKind::Timeout`]. Between attempts it sleeps `Retry-After` when it fits in the
/// time left (else it returns the throttled error at once) or the jittered backoff (when that does
/// not fit either, it returns the last error). It never sleeps or waits past the deadline.
pub(crate) async fn execute<T, F, Fut>(
    policy: &RetryPolicy,
    clock: &dyn Clock,
    mut attempt: F,
) -> Result<T, Error>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Step<T>>,
{
    let deadline = clock.now() + policy.deadline;
    let mut number: u32 = 0;
    loop {
        number += 1;
        let remaining = deadline.saturating_duration_since(clock.now());
        if remaining.is_zero() {
            return Err(Error::new(ErrorKind::Timeout).with_attempts(number - 1));
        }
        let budget = remaining.min(policy.attempt_timeout);
        let step = {
            let run = std::pin::pin!(attempt(number));
            let timer = std::pin::pin!(clock.sleep(budget));
            match futures_util::future::select(run, timer).await {
                futures_util::future::Either::Left((step, _)) => step,
                futures_util::future::Either::Right(((), _)) => {
                    tracing::debug!(
                        attempt = number,
                        timeout_ms = budget.as_millis() as u64,
                        "attempt timed out"
                    );
                    Step::Retry {
                        error: Error::new(ErrorKind::Timeout),
                        retry_after: None,
                        throttled: false,
                    }
                }
            }
        };
        let (error, retry_after, throttled) = match step {
            Step::Done(result) => return result.map_err(|e| e.with_attempts(number)),
            Step::Retry { error, retry_after, throttled } => {
                (error.with_attempts(number), retry_after, throttled)
            }
        };
        if number >= policy.max_attempts {
            return Err(error);
        }
        let remaining = deadline.saturating_duration_since(clock.now());
        let delay = match retry_after {
            Some(after) if after < remaining => after,
            Some(_) => {
                tracing::debug!(attempt = number, "Retry-After does not fit in the time left");
                return Err(error);
            }
            None => policy.backoff(number - 1, throttled),
        };
        if delay >= remaining {
            return Err(error);
        }
        tracing::debug!(attempt = number, delay_ms = delay.as_millis() as u64, "retrying");
        clock.sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// tokio's clock, recording every sleep requested.
    #[derive(Debug, Default)]
    struct Recording(Mutex<Vec<Duration>>);

    impl Clock for Recording {
        fn now(&self) -> Instant {
            TokioClock.now()
        }
        fn sleep(&self, duration: Duration) -> Sleep {
            self.0.lock().unwrap().push(duration);
            TokioClock.sleep(duration)
        }
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn server_error() -> Step<&'static str> {
        Step::Retry {
            error: Error::new(ErrorKind::ServerError { status: 503 }),
            retry_after: None,
            throttled: false,
        }
    }

    fn throttled(after: Option<Duration>) -> Step<&'static str> {
        Step::Retry {
            error: Error::new(ErrorKind::Throttled { retry_after: after }),
            retry_after: after,
            throttled: true,
        }
    }

    /// Runs `script` (one step per attempt; `None` never answers) and returns the result, the
    /// sleeps requested (attempt timers included) and the virtual time it took.
    async fn run(
        policy: RetryPolicy,
        script: Vec<Option<Step<&'static str>>>,
    ) -> (Result<&'static str, Error>, Vec<Duration>, Duration) {
        let clock = Recording::default();
        let started = tokio::time::Instant::now();
        let mut steps = script.into_iter();
        let result = execute(&policy, &clock, |_| {
            let step = steps.next().flatten();
            async move {
                match step {
                    Some(step) => step,
                    None => std::future::pending().await,
                }
            }
        })
        .await;
        let sleeps = clock.0.lock().unwrap().clone();
        (result, sleeps, started.elapsed())
    }

    #[tokio::test(start_paused = true)]
    async fn server_errors_then_success_sleep_the_exact_backoffs() {
        let policy = RetryPolicy::standard().with_jitter(NoJitter);
        let (result, sleeps, took) = run(
            policy,
            vec![Some(server_error()), Some(server_error()), Some(Step::Done(Ok("value")))],
        )
        .await;
        assert_eq!(result.unwrap(), "value");
        // Each attempt arms its 1 s timer; between them, 50 ms then 100 ms.
        assert_eq!(sleeps, [ms(1000), ms(50), ms(1000), ms(100), ms(1000)]);
        assert_eq!(took, ms(150));
    }

    #[tokio::test(start_paused = true)]
    async fn three_server_errors_give_up_after_three_attempts() {
        let policy = RetryPolicy::standard().with_jitter(NoJitter);
        let (result, sleeps, took) =
            run(policy, vec![Some(server_error()), Some(server_error()), Some(server_error())])
                .await;
        let err = result.unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::ServerError { status: 503 });
        assert_eq!(err.attempts(), 3);
        assert_eq!(sleeps, [ms(1000), ms(50), ms(1000), ms(100), ms(1000)]);
        assert_eq!(took, ms(150));
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_that_fits_is_honoured() {
        let policy = RetryPolicy::standard().with_jitter(NoJitter);
        let (result, sleeps, took) =
            run(policy, vec![Some(throttled(Some(ms(1000)))), Some(Step::Done(Ok("value")))]).await;
        assert_eq!(result.unwrap(), "value");
        assert_eq!(sleeps, [ms(1000), ms(1000), ms(1000)]);
        assert_eq!(took, ms(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_beyond_the_deadline_fails_fast() {
        let policy = RetryPolicy::standard().with_jitter(NoJitter);
        let (result, sleeps, took) =
            run(policy, vec![Some(throttled(Some(Duration::from_secs(120))))]).await;
        let err = result.unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Throttled { retry_after: Some(Duration::from_secs(120)) }
        );
        assert_eq!(err.attempts(), 1);
        assert_eq!(sleeps, [ms(1000)]);
        assert_eq!(took, Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_without_retry_after_uses_the_throttle_base() {
        let policy = RetryPolicy::standard().with_jitter(NoJitter);
        let (result, sleeps, _) = run(
            policy,
            vec![Some(throttled(None)), Some(throttled(None)), Some(Step::Done(Ok("v")))],
        )
        .await;
        assert_eq!(result.unwrap(), "v");
        assert_eq!(sleeps, [ms(1000), ms(250), ms(1000), ms(500), ms(1000)]);
    }

    #[tokio::test(start_paused = true)]
    async fn stalled_attempts_time_out_and_the_deadline_holds() {
        let policy = RetryPolicy::standard().with_jitter(NoJitter);
        let (result, sleeps, took) = run(policy, vec![None, None, None]).await;
        let err = result.unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Timeout);
        // 1 s, backoff 50 ms, 1 s, backoff 100 ms, then only 350 ms are left of the 2.5 s.
        assert_eq!(sleeps, [ms(1000), ms(50), ms(1000), ms(100), ms(350)]);
        assert_eq!(took, ms(2500));
        assert_eq!(err.attempts(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_backoff_that_does_not_fit_ends_the_call_before_the_deadline() {
        let policy = RetryPolicy::standard()
            .with_jitter(NoJitter)
            .with_deadline(ms(1040))
            .with_max_attempts(5);
        let (result, sleeps, took) = run(policy, vec![None, Some(server_error())]).await;
        // First attempt times out at 1 s; the 50 ms backoff would end past 1.04 s: give up.
        assert_eq!(result.unwrap_err().kind(), &ErrorKind::Timeout);
        assert_eq!(sleeps, [ms(1000)]);
        assert_eq!(took, ms(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn final_errors_are_not_retried() {
        let policy = RetryPolicy::standard();
        let (result, sleeps, _) =
            run(policy, vec![Some(Step::Done(Err(Error::new(ErrorKind::Unauthorized))))]).await;
        let err = result.unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Unauthorized);
        assert_eq!(err.attempts(), 1);
        assert_eq!(sleeps, [ms(1000)]);
    }

    #[tokio::test(start_paused = true)]
    async fn disabled_makes_one_attempt() {
        let (result, sleeps, _) =
            run(RetryPolicy::disabled(), vec![Some(server_error()), Some(Step::Done(Ok("v")))])
                .await;
        assert_eq!(result.unwrap_err().attempts(), 1);
        assert_eq!(sleeps, [ms(1000)]);
    }

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
