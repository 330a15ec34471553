//! Prints the identity-relevant facts of a request envelope read on stdin, as one line of JSON.
//!
//! ```text
//! cargo run -q -p alexa-model --example inspect < envelope.json
//! cargo run -q -p alexa-model --example inspect -- --debug < envelope.json
//! ```
//!
//! The keys are those of `alexa_model::Summary`. With `--debug` it prints the envelope's `{:#?}`
//! (tokens redacted) instead. Bad input: the error on stderr and exit code 1.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a command-line example")]

use std::io::Write;
use std::process::ExitCode;

use alexa_model::RequestEnvelope;

fn main() -> ExitCode {
    let mut debug = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--debug" => debug = true,
            "-h" | "--help" => {
                println!("usage: inspect [--debug] < envelope.json");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!(
                    "inspect: unexpected argument `{other}` (usage: inspect [--debug] < envelope.json)"
                );
                return ExitCode::from(2);
            }
        }
    }
    let envelope = match RequestEnvelope::from_reader(std::io::stdin().lock()) {
        Ok(envelope) => envelope,
        Err(err) => {
            eprintln!("inspect: {err}");
            return ExitCode::FAILURE;
        }
    };
    let out = if debug {
        format!("{envelope:#?}")
    } else {
        match serde_json::to_string(&envelope.summary()) {
            Ok(line) => line,
            Err(err) => {
                eprintln!("inspect: {err}");
                return ExitCode::FAILURE;
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{out}").is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
