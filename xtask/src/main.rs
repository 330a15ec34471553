//! `cargo xtask`: the workspace's automation, in Rust so that it runs wherever cargo does.
//!
//! ```text
//! cargo xtask ci               everything CI checks: lint, tests, docs
//! cargo xtask lint             fmt, clippy, codegen --check and the tidy checks
//! cargo xtask codegen [--check]  regenerate (or verify) the generated sources
//! cargo xtask bench [FILTER]   run the benchmarks and rewrite docs/benchmarks.md
//! cargo xtask fuzz [--seconds N] [TARGET]  coverage-guided fuzzing, figures in docs/reliability.md
//! cargo xtask interop          the official Node.js client against a fresh emulator
//! cargo xtask phone-metadata FILE VERSION  refresh alexa-phone's country table
//! ```
//!
//! It keeps its dependencies to `serde_json` so that it builds in seconds.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool reports on the terminal"
)]

mod bench;
mod codegen;
mod digit_regex;
mod flags;
mod fuzz;
mod interop;
mod phone;
mod tidy;
mod util;

use std::process::ExitCode;

use crate::util::Result;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let root = util::project_root();
    std::env::set_current_dir(&root)?;
    let cmd = flags::parse(args)?;
    match cmd {
        flags::Cmd::Help => {
            println!("{}", flags::HELP);
            Ok(())
        }
        flags::Cmd::Ci => ci(),
        flags::Cmd::Lint => lint(),
        flags::Cmd::Codegen { check } => codegen::run(check),
        flags::Cmd::Bench { filter, quick } => bench::run(filter.as_deref(), quick),
        flags::Cmd::Fuzz { seconds, target } => fuzz::run(seconds, target.as_deref()),
        flags::Cmd::Interop => interop::run(),
        flags::Cmd::PhoneMetadata { file, version } => phone::refresh(&file, &version),
    }
}

/// The static checks: formatting, clippy, generated files and the tidy rules.
fn lint() -> Result<()> {
    util::step("cargo fmt --check", || util::cargo(&["fmt", "--all", "--", "--check"]))?;
    util::step("codegen --check", || codegen::run(true))?;
    util::step("tidy", tidy::run)?;
    util::step("cargo clippy (alexa-profile-api without its HTTP stack)", || {
        util::cargo(&[
            "clippy",
            "--locked",
            "-p",
            "alexa-profile-api",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ])
    })?;
    util::step("cargo clippy", || {
        util::cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--locked",
            "--",
            "-D",
            "warnings",
        ])
    })?;
    Ok(())
}

/// Everything CI runs: the static checks, the tests (nextest when installed), the doc tests
/// and the API docs with warnings denied.
fn ci() -> Result<()> {
    let started = std::time::Instant::now();
    lint()?;
    if util::has_nextest() {
        util::step("cargo nextest run", || {
            util::cargo(&[
                "nextest",
                "run",
                "--workspace",
                "--all-features",
                "--locked",
                "--no-fail-fast",
                "--failure-output",
                "final",
            ])
        })?;
    } else {
        util::step("cargo test", || {
            util::cargo(&[
                "test",
                "--workspace",
                "--all-features",
                "--locked",
                "--lib",
                "--bins",
                "--tests",
                "--examples",
            ])
        })?;
    }
    util::step("cargo test --doc", || {
        util::cargo(&["test", "--workspace", "--all-features", "--locked", "--doc"])
    })?;
    util::step("cargo doc", || {
        util::cargo_env(
            &["doc", "--workspace", "--all-features", "--no-deps", "--locked"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        )
    })?;
    println!("xtask ci: all green in {:.0?}", started.elapsed());
    Ok(())
}
