//! A closed-loop load driver for the client: `concurrency` workers share `total` calls, each
//! worker starting its next call when the previous one has returned.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alexa_model::ApiContext;
use alexa_profile_api::{ProfileApi, ProfileClient};

/// What a load run measured.
#[derive(Debug, Default)]
pub struct Report {
    /// The latency of every call that returned a value.
    pub latencies: Vec<Duration>,
    /// Calls that did not return a value (errors and "not set").
    pub failures: usize,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Report {
    /// Calls per second.
    #[must_use]
    pub fn throughput(&self) -> f64 {
        (self.latencies.len() + self.failures) as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `p`-th percentile latency (0 to 100), nearest rank.
    #[must_use]
    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }
}

/// Runs `total` email calls with `concurrency` workers on the current runtime (spawned, so a
/// multi-thread runtime uses its workers).
pub async fn run(
    client: &ProfileClient,
    ctx: &ApiContext,
    total: usize,
    concurrency: usize,
) -> Report {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency.max(1))
        .map(|_| {
            let (client, ctx, next) = (client.clone(), ctx.clone(), next.clone());
            tokio::spawn(async move {
                let mut report = Report::default();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let began = Instant::now();
                    match client.email(&ctx).await {
                        Ok(Some(_)) => report.latencies.push(began.elapsed()),
                        _ => report.failures += 1,
                    }
                }
                report
            })
        })
        .collect();
    let mut all = Report::default();
    for worker in workers {
        match worker.await {
            Ok(report) => {
                all.latencies.extend(report.latencies);
                all.failures += report.failures;
            }
            Err(_) => all.failures += 1,
        }
    }
    all.elapsed = started.elapsed();
    all
}
