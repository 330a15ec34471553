//! `cargo xtask fuzz [--seconds N] [TARGET]`: coverage-guided fuzzing with cargo-fuzz, one target
//! at a time, at low priority, and the figures in `docs/reliability.md`.
//!
//! Installs cargo-fuzz when it is missing (`cargo install cargo-fuzz --locked`). Targets are
//! built with `--sanitizer none`, which works on the stable toolchain (libFuzzer's coverage
//! instrumentation only needs `-C` flags). Each target's corpus grows in `fuzz/corpus/TARGET`
//! (ignored by git), seeded from the fixtures named below and `fuzz/seeds/TARGET`; a crash is
//! written to `fuzz/artifacts/TARGET` and fails the command. Each run's executions, corpus size
//! and result replace that target's row of the table between `<!-- fuzz:results -->` markers.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::util::{self, Result, err};

const DOC: &str = "docs/reliability.md";

/// Each target, and the directories its corpus is seeded from.
const TARGETS: &[(&str, &[&str])] = &[
    ("envelope", &["crates/alexa-model/tests/data", "fuzz/seeds/envelope"]),
    ("endpoint", &["fuzz/seeds/endpoint"]),
    ("manifest", &["crates/consent/tests/data/manifests"]),
    ("response", &["fuzz/seeds/response"]),
    ("phone", &["fuzz/seeds/phone"]),
];

pub(crate) fn run(seconds: u64, only: Option<&str>) -> Result<()> {
    let targets: Vec<_> = TARGETS.iter().filter(|(t, _)| only.is_none_or(|o| o == *t)).collect();
    if targets.is_empty() {
        let names: Vec<_> = TARGETS.iter().map(|(t, _)| *t).collect();
        return Err(err(format!("no fuzz target named that; targets: {}", names.join(", "))));
    }
    ensure_cargo_fuzz()?;
    util::step("cargo fuzz build", || {
        util::cargo(&["fuzz", "build", "--fuzz-dir", "fuzz", "--sanitizer", "none"])
    })?;
    let mut doc = std::fs::read_to_string(DOC).map_err(|e| err(format!("{DOC}: {e}")))?;
    let mut failed = Vec::new();
    for (target, seeds) in targets {
        let corpus = format!("fuzz/corpus/{target}");
        let artifacts = format!("fuzz/artifacts/{target}/");
        std::fs::create_dir_all(&corpus)?;
        std::fs::create_dir_all(&artifacts)?;
        println!("==> fuzz {target} for {seconds} s");
        let started = Instant::now();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut cmd = Command::new("nice");
        cmd.args(["-n", "10", &cargo, "fuzz", "run", "--fuzz-dir", "fuzz", "--sanitizer", "none"])
            .arg(target)
            .arg(&corpus)
            .args(seeds.iter().filter(|s| Path::new(s).is_dir()))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-artifact_prefix={artifacts}"))
            .arg("-print_final_stats=1")
            .stderr(Stdio::piped());
        let output = cmd.output().map_err(|e| err(format!("cannot run cargo fuzz: {e}")))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let executions = stat(&log, "stat::number_of_executed_units:").unwrap_or(0);
        let corpus_size = std::fs::read_dir(&corpus).map_or(0, Iterator::count);
        let ok = output.status.success();
        let result = if ok { "no crash".to_owned() } else { format!("FAILED (see {artifacts})") };
        println!(
            "    {target}: {executions} executions in {:.0?}, corpus {corpus_size}, {result}",
            started.elapsed()
        );
        if !ok {
            eprintln!(
                "{}",
                log.lines()
                    .rev()
                    .take(40)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            failed.push(*target);
        }
        let row = format!(
            "| `{target}` | {seconds} s | {} | {corpus_size} | {result} | {} |",
            thousands(executions),
            today()
        );
        doc = replace_row(&doc, target, &row)?;
    }
    std::fs::write(DOC, doc)?;
    println!("updated {DOC}");
    if failed.is_empty() {
        Ok(())
    } else {
        Err(err(format!("fuzz targets failed: {}", failed.join(", "))))
    }
}

fn ensure_cargo_fuzz() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let installed = Command::new(&cargo)
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if installed {
        return Ok(());
    }
    util::step("cargo install cargo-fuzz --locked", || {
        util::cargo(&["install", "cargo-fuzz", "--locked"])
    })
}

/// The number after `key` in libFuzzer's final statistics.
fn stat(log: &str, key: &str) -> Option<u64> {
    log.lines().find_map(|l| l.strip_prefix(key)).and_then(|v| v.trim().parse().ok())
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or_else(String::new, |s| s.trim().to_owned())
}

/// Replaces the row of `target` in the results table (between the markers), or adds it.
fn replace_row(doc: &str, target: &str, row: &str) -> Result<String> {
    let (start, end) = ("<!-- fuzz:results -->", "<!-- /fuzz:results -->");
    let (Some(s), Some(e)) = (doc.find(start), doc.find(end)) else {
        return Err(err(format!("{DOC}: the fuzz results markers are missing")));
    };
    let body = &doc[s + start.len()..e];
    let prefix = format!("| `{target}` |");
    let mut lines: Vec<String> =
        body.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect();
    match lines.iter_mut().find(|l| l.starts_with(&prefix)) {
        Some(line) => line.clone_from(&row.to_owned()),
        None => lines.push(row.to_owned()),
    }
    let mut table = String::new();
    for line in lines {
        let _ = writeln!(table, "{line}");
    }
    Ok(format!("{}{start}\n{table}{}", &doc[..s], &doc[e..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_replaced_or_added() {
        let doc = "x\n<!-- fuzz:results -->\n| target | time |\n|---|---|\n| `a` | 1 s |\n<!-- /fuzz:results -->\ny\n";
        let new = replace_row(doc, "a", "| `a` | 2 s |").unwrap();
        assert!(new.contains("| `a` | 2 s |\n<!-- /fuzz:results -->"));
        let new = replace_row(&new, "b", "| `b` | 3 s |").unwrap();
        assert!(new.contains("| `a` | 2 s |\n| `b` | 3 s |\n<!-- /fuzz:results -->\ny\n"));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(
            stat("stat::number_of_executed_units: 42\n", "stat::number_of_executed_units:"),
            Some(42)
        );
    }
}
