//! `alexa-profile`: the consent flow of an Alexa skill that uses the customer's contact
//! information, end to end on an embedded emulator (`demo`), and the tools people who test skills
//! run: the profile API emulator (`emulate`), a fetcher that calls the API as a skill would
//! (`fetch`), the E.164 normalizer (`phone`), request envelopes (`envelope inspect|new`) and the
//! skill-manifest policy check (`check-manifest`).
//!
//! Exit codes: 0 success, 1 failure or findings, 2 usage error, 3 consent needed (`fetch`).
//! Errors are one line on stderr. No token value is ever printed; profile values are printed only
//! where they are the point (`fetch`, and the demo's fake data).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool reports on the terminal (with writeln!: println! panics on a closed pipe)"
)]

mod args;
mod capture;
mod check_manifest;
mod demo;
mod duration;
mod emulate;
mod envelope;
mod exit;
mod fetch;
mod locale;
mod phone;
mod timestamp;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, EnvelopeCommand};
use crate::exit::Exit;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    let result = match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Emulate(args) => emulate::run(&args),
        Command::Fetch(args) => fetch::run(&args),
        Command::Phone(args) => phone::run(&args),
        Command::Envelope { command: EnvelopeCommand::Inspect(args) } => envelope::inspect(&args),
        Command::Envelope { command: EnvelopeCommand::New { kind } } => envelope::new(&kind),
        Command::CheckManifest(args) => check_manifest::run(&args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(failure) => {
            if let Some(message) = failure.message() {
                // Not eprintln!, which panics when stderr is closed.
                let _ = writeln!(std::io::stderr(), "alexa-profile: {}", one_line(message));
            }
            failure.exit().into()
        }
    }
}

/// Help and version go to stdout with exit 0; any other parse error is one line on stderr, exit 2.
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut out = std::io::stdout().lock();
            // A closed stdout is not worth a panic.
            let _ = write!(out, "{}", err.render());
            Exit::Success.into()
        }
        _ => {
            // The message, with the lines that continue it ("the following required arguments
            // were not provided:\n  --envelope <FILE>"), up to the first blank line.
            let rendered = err.render().to_string();
            let message = rendered
                .lines()
                .map(str::trim)
                .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
                .collect::<Vec<_>>()
                .join(" ");
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            let message = if message.is_empty() { "invalid arguments" } else { message };
            let _ = writeln!(std::io::stderr(), "alexa-profile: {message} (see --help)");
            Exit::Usage.into()
        }
    }
}

/// Folds a message onto one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
