//! Runs the emulator until Ctrl-C, printing each request as the request log records it (token
//! names only, never values).
//!
//! ```text
//! cargo run -p alexa-profile-emulator --example serve -- [--listen 127.0.0.1:8080]
//!     [--fixtures FILE] [--tls] [--ca-out FILE] [--object-bodies] [--rate-limit N]
//!     [--lenient-get] [--sdk-error-codes]
//! ```
//!
//! Without `--fixtures` it serves `crates/emulator/fixtures/demo.json`. The first line printed is
//! `listening on <base URL>`.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a command-line example")]

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use alexa_profile_emulator::{BodyForm, BodyOnGet, Emulator, ErrorCodes, Fixture, RateLimit};

const DEMO: &str = include_str!("../fixtures/demo.json");

const USAGE: &str = "usage: serve [--listen ADDR] [--fixtures FILE] [--tls] [--ca-out FILE] \
                     [--object-bodies] [--rate-limit N] [--lenient-get] [--sdk-error-codes]";

struct Args {
    listen: SocketAddr,
    fixtures: Option<String>,
    tls: bool,
    ca_out: Option<String>,
    object_bodies: bool,
    rate_limit: Option<u32>,
    lenient_get: bool,
    sdk_error_codes: bool,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
        fixtures: None,
        tls: false,
        ca_out: None,
        object_bodies: false,
        rate_limit: None,
        lenient_get: false,
        sdk_error_codes: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => {
                args.listen = value("--listen")?.parse().map_err(|e| format!("--listen: {e}"))?;
            }
            "--fixtures" => args.fixtures = Some(value("--fixtures")?),
            "--tls" => args.tls = true,
            "--ca-out" => args.ca_out = Some(value("--ca-out")?),
            "--object-bodies" => args.object_bodies = true,
            "--rate-limit" => {
                let n = value("--rate-limit")?;
                args.rate_limit = Some(n.parse().map_err(|e| format!("--rate-limit: {e}"))?);
            }
            "--lenient-get" => args.lenient_get = true,
            "--sdk-error-codes" => args.sdk_error_codes = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(args)
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let fixture = match &args.fixtures {
        Some(path) => Fixture::from_file(path)?,
        None => Fixture::from_json("crates/emulator/fixtures/demo.json", DEMO)?,
    };
    let names: Vec<String> = fixture.tokens().map(|(name, _)| name.to_owned()).collect();
    let mut builder = Emulator::builder().with_fixture(fixture);
    if args.tls {
        builder = builder.with_tls();
    }
    if args.object_bodies {
        builder = builder.with_body_form(BodyForm::Object);
    }
    if let Some(n) = args.rate_limit {
        builder = builder.with_rate_limit(RateLimit::per_second(n));
    }
    if args.lenient_get {
        builder = builder.with_body_on_get(BodyOnGet::Ignore);
    }
    if args.sdk_error_codes {
        builder = builder.with_error_codes(ErrorCodes::SdkModel);
    }
    let emulator = builder.start(args.listen).await?;
    println!("listening on {}", emulator.base_url());
    println!("tokens: {}", names.join(", "));
    if let (Some(pem), Some(path)) = (emulator.ca_certificate_pem(), &args.ca_out) {
        std::fs::write(path, pem)?;
        println!("CA certificate written to {path}");
    } else if let Some(pem) = emulator.ca_certificate_pem() {
        println!("CA certificate (trust it as a root):\n{pem}");
    }
    let mut last: Option<String> = None;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            _ = &mut ctrl_c => break,
            () = tokio::time::sleep(Duration::from_millis(200)) => {
                let log = emulator.request_log();
                let start = last
                    .as_ref()
                    .and_then(|id| log.iter().position(|r| &r.request_id == id))
                    .map_or(0, |i| i + 1);
                let mut out = std::io::stdout().lock();
                for entry in &log[start..] {
                    // A closed stdout (the reader went away) is not a reason to stop serving.
                    let _ = writeln!(out, "{entry}");
                }
                if let Some(entry) = log.last() {
                    last = Some(entry.request_id.clone());
                }
            }
        }
    }
    emulator.shutdown().await;
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("serve: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve: {e}");
            ExitCode::FAILURE
        }
    }
}
