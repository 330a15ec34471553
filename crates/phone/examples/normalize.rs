//! Normalizes `countryCode<TAB>phoneNumber` lines from standard input: one output line per input
//! line, the E.164 number (with `;ext=N` when there is an extension) or `! ` and the error kind.
//!
//! ```text
//! $ printf '+91\t7799-82-77-11\n001\t999-999-9999\n+1\t555-CALL\n' |
//!     cargo run -q --release -p alexa-phone --example normalize
//! +917799827711
//! +19999999999
//! ! invalid_character
//! ```
//!
//! A line without a tab is a phone number without a country code. Invalid UTF-8 is read lossily.

#![allow(clippy::print_stderr, reason = "a command-line example reports on the terminal")]

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use alexa_phone::PhoneNumber;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("normalize: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> std::io::Result<()> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.split(b'\n') {
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let (country_code, phone_number) = line.split_once('\t').unwrap_or(("", line));
        match PhoneNumber::from_alexa(country_code, phone_number) {
            Ok(n) => match n.extension() {
                Some(ext) => writeln!(out, "{};ext={ext}", n.e164())?,
                None => writeln!(out, "{}", n.e164())?,
            },
            Err(e) => writeln!(out, "! {}", e.kind())?,
        }
    }
    out.flush()
}
