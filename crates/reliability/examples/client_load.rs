//! The client's load figures (`cargo xtask bench client-load`): 10,000 email calls at concurrency
//! 64 from one `ProfileClient` (standard policy, connection pool) to the emulator on loopback,
//! over plain HTTP/1.1 and over HTTPS (HTTP/2 by ALPN). Every call must return the value, and the
//! emulator must count exactly 10,000 requests per scenario (the client caches nothing).
//!
//! ```text
//! cargo run --release -p alexa-reliability-tests --example client_load -- [--markdown FILE] [--quick]
//! ```
//!
//! The emulator runs on a 2-worker tokio runtime and the client on another 2-worker runtime in the
//! same process, so both share the machine's cores (two on CI). `--quick` makes 2,000 calls.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::fmt::Write as _;
use std::time::Duration;

use alexa_consent::ProfileField;
use alexa_model::{ApiAccessToken, ApiContext};
use alexa_profile_api::{ProfileClient, RetryPolicy};
use alexa_profile_emulator::{Emulator, Endpoint, Grant, Profile, Scope};
use alexa_reliability_tests::load;

type Error = Box<dyn std::error::Error + Send + Sync>;

const CONCURRENCY: usize = 64;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Error> {
    let mut markdown = None;
    let mut quick = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--markdown" => markdown = Some(args.next().ok_or("--markdown needs a file")?),
            "--quick" => quick = true,
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let total = if quick { 2_000 } else { 10_000 };
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("emulator")
        .enable_all()
        .build()?;
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("client")
        .enable_all()
        .build()?;

    let mut rows = Vec::new();
    for tls in [false, true] {
        let (emulator, token) = server_rt.block_on(async {
            let mut builder = Emulator::builder()
                .with_profile("alice", Profile::new().with_email("alice@example.com"))
                .with_log_capacity(0);
            if tls {
                builder = builder.with_tls();
            }
            let emulator = builder.start_local().await?;
            let token = emulator.mint(Grant::new("alice").with_scopes([Scope::Email]))?;
            Ok::<_, Error>((emulator, token.value().expose_secret().to_owned()))
        })?;
        let mut builder = ProfileClient::builder()
            .allow_endpoint(emulator.base_url())?
            .retry_policy(RetryPolicy::standard());
        if let Some(ca) = emulator.ca_certificate_pem() {
            builder = builder.root_certificates_pem(ca.as_bytes())?;
        }
        let client = builder.build()?;
        let ctx = ApiContext::new(emulator.base_url(), ApiAccessToken::new(token));
        let report = client_rt.block_on(async {
            // Warm the pool (and the TLS session) before the clock starts.
            let _ = load::run(&client, &ctx, CONCURRENCY * 4, CONCURRENCY).await;
            load::run(&client, &ctx, total, CONCURRENCY).await
        });
        let counted = usize::try_from(emulator.count(Endpoint::account(ProfileField::Email)))?
            - CONCURRENCY * 4;
        server_rt.block_on(emulator.shutdown());
        let name = if tls { "HTTPS (HTTP/2 by ALPN)" } else { "HTTP/1.1" };
        println!(
            "{name:<24} {total} calls at {CONCURRENCY}: {:.0} calls/s, p50 {:.2} ms, p99 {:.2} ms, {} failed, {counted} counted",
            report.throughput(),
            ms(report.percentile(50.0)),
            ms(report.percentile(99.0)),
            report.failures,
        );
        if report.failures != 0 || counted != total {
            return Err(format!(
                "{name}: {} failures, {counted} requests counted",
                report.failures
            )
            .into());
        }
        rows.push((name, report, counted));
    }

    let mut md = String::new();
    let _ = writeln!(
        md,
        "{total} calls per scenario at concurrency {CONCURRENCY}, after a warm-up of {} calls{}.",
        CONCURRENCY * 4,
        if quick { " (`--quick`)" } else { "" }
    );
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "| scenario | calls | calls/s | p50 | p99 | failed | counted at the emulator |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
    for (name, report, counted) in &rows {
        let _ = writeln!(
            md,
            "| {name} | {} | {:.0} | {:.2} ms | {:.2} ms | {} | {counted} |",
            report.latencies.len() + report.failures,
            report.throughput(),
            ms(report.percentile(50.0)),
            ms(report.percentile(99.0)),
            report.failures,
        );
    }
    if let Some(path) = markdown {
        std::fs::write(&path, md)?;
    } else {
        print!("{md}");
    }
    Ok(())
}
