//! `alexa-profile emulate`: the profile API emulator until Ctrl-C, as the emulator's `serve`
//! example runs it, with `--latency`.

use std::io::Write;
use std::time::Duration;

use alexa_profile_emulator::{Emulator, FaultScript, Fixture, Target};

use crate::args::EmulateArgs;
use crate::exit::{Exit, Failure, Outcome};

/// The built-in sample: the emulator's demo fixture (documented in `docs/emulator.md` and in
/// `alexa-profile emulate --help`).
pub(crate) const SAMPLE: &str = include_str!("../../emulator/fixtures/demo.json");

/// The name the built-in sample goes by in messages.
pub(crate) const SAMPLE_NAME: &str = "crates/emulator/fixtures/demo.json (built in)";

/// The built-in sample, parsed.
pub(crate) fn sample() -> Result<Fixture, Failure> {
    Fixture::from_json(SAMPLE_NAME, SAMPLE).map_err(Failure::failed)
}

pub(crate) fn run(args: &EmulateArgs) -> Outcome {
    let fixture = match &args.fixtures {
        Some(path) => Fixture::from_file(path).map_err(|e| Failure::failed(with_source(&e)))?,
        None => sample()?,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(format_args!("cannot start the runtime: {e}")))?;
    runtime.block_on(serve(args, fixture))
}

async fn serve(args: &EmulateArgs, fixture: Fixture) -> Outcome {
    let names: Vec<String> = fixture.tokens().map(|(name, _)| name.to_owned()).collect();
    let mut builder = Emulator::builder().with_fixture(fixture);
    if args.tls {
        builder = builder.with_tls();
    }
    if let Some(latency) = args.latency {
        builder = builder.with_fault(Target::Everything, FaultScript::fixed_latency(latency));
    }
    let emulator = builder.start(args.listen).await.map_err(|e| {
        Failure::failed(format_args!("cannot start the emulator on {}: {e}", args.listen))
    })?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {}", emulator.base_url())?;
    writeln!(out, "tokens: {}", names.join(", "))?;
    if let Some(latency) = args.latency {
        writeln!(out, "latency: {latency:?} on every answer")?;
    }
    if let Some(pem) = emulator.ca_certificate_pem() {
        let path = args.ca_out.clone().unwrap_or_else(|| {
            std::env::temp_dir()
                .join(format!("alexa-profile-emulator-{}-ca.pem", emulator.local_addr().port()))
        });
        std::fs::write(&path, pem).map_err(|e| {
            Failure::failed(format_args!(
                "cannot write the CA certificate to {}: {e}",
                path.display()
            ))
        })?;
        writeln!(out, "CA certificate (trust it as a root): {}", path.display())?;
    }
    let stopped = stop_signal()
        .map_err(|e| Failure::failed(format_args!("cannot listen for Ctrl-C: {e}")))?;
    writeln!(out, "press Ctrl-C to stop")?;
    out.flush()?;
    drop(out);

    tokio::pin!(stopped);
    let mut printed = 0usize;
    let mut last: Option<String> = None;
    loop {
        tokio::select! {
            () = &mut stopped => break,
            () = tokio::time::sleep(Duration::from_millis(100)) => {
                let log = emulator.request_log();
                // The log is bounded: find where we stopped by request id, not by index.
                let start = last
                    .as_ref()
                    .and_then(|id| log.iter().rposition(|r| &r.request_id == id))
                    .map_or(0, |i| i + 1);
                let mut out = std::io::stdout().lock();
                for entry in &log[start..] {
                    // A reader that went away is no reason to stop serving.
                    let _ = writeln!(out, "{entry}");
                    printed += 1;
                }
                let _ = out.flush();
                if let Some(entry) = log.last() {
                    last = Some(entry.request_id.clone());
                }
            }
        }
    }
    emulator.shutdown().await;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "stopped after {printed} request(s)");
    Ok(Exit::Success)
}

/// An error's message, followed by its source's when the message does not already say it (a
/// fixture file that cannot be read says why).
fn with_source(err: &dyn std::error::Error) -> String {
    let message = err.to_string();
    match err.source().map(ToString::to_string) {
        Some(source) if !message.contains(&source) => format!("{message}: {source}"),
        _ => message,
    }
}

/// Ctrl-C, or (on Unix) SIGTERM, as a container runtime sends it. The handlers are installed
/// when this is called, not when the future is first polled: a Ctrl-C right after the banner
/// stops the emulator gracefully rather than killing the process.
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Ctrl-C.
#[cfg(windows)]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
    Ok(async move {
        ctrl_c.recv().await;
    })
}
