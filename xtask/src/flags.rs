//! Command-line parsing for `cargo xtask`, by hand to keep the build fast.

use crate::util::{Result, err};

pub(crate) const HELP: &str = "\
cargo xtask <command>

commands:
  ci                 everything CI checks: lint, tests (nextest when installed), doc tests, docs
  lint               cargo fmt --check, codegen --check, tidy checks, clippy with warnings denied
  codegen [--check]  regenerate the generated sources; --check fails when one is stale
  bench [--quick] [FILTER]
                     run the benchmarks (all, or the suites whose name contains FILTER) and
                     rewrite docs/benchmarks.md; --quick takes fewer samples
  fuzz [--seconds N] [TARGET]
                     coverage-guided fuzzing (cargo-fuzz, installed when missing), each target
                     (or TARGET) for N seconds (default 600), one at a time at low priority;
                     writes the figures into docs/reliability.md (not part of ci)
  interop            run the official Node.js SDK client against a freshly started emulator
                     (needs node and npm; not part of ci)
  phone-metadata FILE VERSION
                     rewrite crates/phone/data/countries.tsv from libphonenumber's metadata
                     of version VERSION: FILE is PhoneNumberMetadata.xml or its compiled form
                     (e.g. rlibphonenumber's src/generated/metadata/metadata.bin); then codegen
  help               this text";

/// A parsed `cargo xtask` command line.
#[derive(Debug)]
pub(crate) enum Cmd {
    Help,
    Ci,
    Lint,
    Codegen { check: bool },
    Bench { filter: Option<String>, quick: bool },
    Fuzz { seconds: u64, target: Option<String> },
    Interop,
    PhoneMetadata { file: String, version: String },
}

pub(crate) fn parse(args: &[String]) -> Result<Cmd> {
    let mut args = args.iter().map(String::as_str);
    let cmd = match args.next() {
        None | Some("help" | "-h" | "--help") => Cmd::Help,
        Some("ci") => Cmd::Ci,
        Some("lint") => Cmd::Lint,
        Some("interop") => Cmd::Interop,
        Some("codegen") => {
            let mut check = false;
            for arg in args.by_ref() {
                match arg {
                    "--check" => check = true,
                    other => return Err(err(format!("codegen: unexpected argument `{other}`"))),
                }
            }
            Cmd::Codegen { check }
        }
        Some("bench") => {
            let mut filter = None;
            let mut quick = false;
            for arg in args.by_ref() {
                match arg {
                    "--quick" => quick = true,
                    flag if flag.starts_with('-') => {
                        return Err(err(format!("bench: unknown flag `{flag}`")));
                    }
                    name if filter.is_none() => filter = Some(name.to_owned()),
                    other => return Err(err(format!("bench: unexpected argument `{other}`"))),
                }
            }
            Cmd::Bench { filter, quick }
        }
        Some("fuzz") => {
            let mut seconds = 600;
            let mut target = None;
            while let Some(arg) = args.next() {
                match arg {
                    "--seconds" => {
                        let value =
                            args.next().ok_or_else(|| err("fuzz: --seconds needs a number"))?;
                        seconds = value.parse().map_err(|_| {
                            err(format!("fuzz: `{value}` is not a number of seconds"))
                        })?;
                    }
                    flag if flag.starts_with('-') => {
                        return Err(err(format!("fuzz: unknown flag `{flag}`")));
                    }
                    name if target.is_none() => target = Some(name.to_owned()),
                    other => return Err(err(format!("fuzz: unexpected argument `{other}`"))),
                }
            }
            Cmd::Fuzz { seconds, target }
        }
        Some("phone-metadata") => match (args.next(), args.next()) {
            (Some(file), Some(version)) => {
                Cmd::PhoneMetadata { file: file.to_owned(), version: version.to_owned() }
            }
            _ => return Err(err("phone-metadata: expected FILE VERSION")),
        },
        Some(other) => {
            return Err(err(format!("unknown command `{other}`; try `cargo xtask help`")));
        }
    };
    if let Some(extra) = args.next() {
        return Err(err(format!("unexpected argument `{extra}`")));
    }
    Ok(cmd)
}
