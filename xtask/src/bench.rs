//! `cargo xtask bench`: runs the benchmarks and rewrites their sections of `docs/benchmarks.md`.
//!
//! Each suite owns one section of the document, between `<!-- bench:NAME -->` and
//! `<!-- /bench:NAME -->`. Criterion suites are summarised from criterion's own estimates (the
//! median of each benchmark, and its ratio to the group's baseline measured in the same run);
//! custom suites write their own Markdown table to `target/xtask-bench/NAME.md`. Text outside the
//! markers is left alone, so the document can explain what the figures mean.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{self, Result, err};

const DOC: &str = "docs/benchmarks.md";

/// How a suite is run.
#[derive(Debug)]
enum Runner {
    /// `cargo bench -p PACKAGE --bench TARGET`; the listed criterion groups are summarised, each
    /// against its baseline benchmark.
    Criterion { package: &'static str, target: &'static str, groups: &'static [Group] },
    /// `cargo run --release -p PACKAGE --example TARGET -- --markdown FILE`; the example writes
    /// the section itself.
    Custom { package: &'static str, target: &'static str },
}

/// A criterion group, the benchmark in it that ratios are taken against, and the order its rows
/// are shown in (benchmarks not listed come after, by name).
#[derive(Debug)]
struct Group {
    id: &'static str,
    baseline: &'static str,
    order: &'static [&'static str],
}

#[derive(Debug)]
struct Suite {
    name: &'static str,
    runner: Runner,
    /// The document whose section the suite rewrites.
    doc: &'static str,
}

const SUITES: &[Suite] = &[
    Suite {
        name: "envelope-decode",
        runner: Runner::Criterion {
            package: "alexa-model",
            target: "decode",
            groups: &[Group {
                id: "decode_intent_3kb",
                baseline: "ignored_any",
                order: &["ignored_any", "ignored_any_utf8", "typed", "borrowed_mirror", "value"],
            }],
        },
        doc: DOC,
    },
    Suite {
        name: "profile-api",
        runner: Runner::Criterion {
            package: "alexa-profile-api",
            target: "fetch",
            groups: &[
                Group {
                    id: "fetch_contact_20ms",
                    baseline: "single_call",
                    order: &["single_call", "fetch_contact_3", "sequential_3"],
                },
                Group {
                    id: "client_overhead_0ms",
                    baseline: "raw_hyper_get",
                    order: &["raw_hyper_get", "profile_client"],
                },
            ],
        },
        doc: DOC,
    },
    Suite {
        name: "phone-normalize",
        runner: Runner::Criterion {
            package: "alexa-phone",
            target: "normalize",
            groups: &[Group {
                id: "phone_normalize",
                baseline: "alexa_phone_from_alexa",
                order: &[
                    "alexa_phone_from_alexa",
                    "rlibphonenumber_parse_format_e164",
                    "harness_only",
                ],
            }],
        },
        doc: DOC,
    },
    Suite {
        name: "emulator-load",
        runner: Runner::Custom { package: "alexa-profile-emulator", target: "load" },
        doc: DOC,
    },
    Suite {
        name: "client-load",
        runner: Runner::Custom { package: "alexa-reliability-tests", target: "client_load" },
        doc: "docs/reliability.md",
    },
];

pub(crate) fn run(filter: Option<&str>, quick: bool) -> Result<()> {
    let suites: Vec<&Suite> =
        SUITES.iter().filter(|s| filter.is_none_or(|f| s.name.contains(f))).collect();
    if suites.is_empty() {
        let names: Vec<_> = SUITES.iter().map(|s| s.name).collect();
        return Err(err(format!("no benchmark suite matches; suites: {}", names.join(", "))));
    }
    let env = environment();
    for suite in suites {
        let mut doc =
            std::fs::read_to_string(suite.doc).map_err(|e| err(format!("{}: {e}", suite.doc)))?;
        let table = util::step(&format!("bench {}", suite.name), || run_suite(suite, quick))
            .and_then(|()| summarize(suite))?;
        let section = format!("{env}\n\n{table}");
        doc = replace_section(&doc, suite.name, &section)?;
        std::fs::write(suite.doc, doc)?;
        println!("updated {}", suite.doc);
    }
    Ok(())
}

fn run_suite(suite: &Suite, quick: bool) -> Result<()> {
    match &suite.runner {
        Runner::Criterion { package, target, .. } => {
            let mut args = vec!["bench", "--locked", "-p", package, "--bench", target, "--"];
            if quick {
                args.extend(["--warm-up-time", "1", "--measurement-time", "2"]);
            }
            util::cargo(&args)
        }
        Runner::Custom { package, target } => {
            let out = custom_output(suite.name);
            if let Some(dir) = out.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let out = out.to_string_lossy().into_owned();
            let mut args =
                vec!["run", "--locked", "--release", "-p", package, "--example", target, "--"];
            args.extend(["--markdown", &out]);
            if quick {
                args.push("--quick");
            }
            util::cargo(&args)
        }
    }
}

fn custom_output(name: &str) -> PathBuf {
    util::target_dir().join("xtask-bench").join(format!("{name}.md"))
}

fn summarize(suite: &Suite) -> Result<String> {
    match &suite.runner {
        Runner::Custom { .. } => {
            let path = custom_output(suite.name);
            std::fs::read_to_string(&path)
                .map(|s| s.trim_end().to_owned())
                .map_err(|e| err(format!("{}: {e}", path.display())))
        }
        Runner::Criterion { groups, .. } => {
            let mut out =
                String::from("| group | benchmark | median | vs baseline |\n|---|---|---:|---:|\n");
            for group in *groups {
                let mut results = read_group(group.id)?;
                results.sort_by_key(|r| {
                    let rank =
                        group.order.iter().position(|o| *o == r.function).unwrap_or(usize::MAX);
                    (rank, r.function.clone())
                });
                let base = results
                    .iter()
                    .find(|r| r.function == group.baseline)
                    .map(|r| r.median_ns)
                    .ok_or_else(|| {
                        err(format!("group {}: no baseline `{}` result", group.id, group.baseline))
                    })?;
                for r in &results {
                    let _ = writeln!(
                        out,
                        "| `{}` | `{}` | {} | {:.2}x |",
                        group.id,
                        r.function,
                        format_ns(r.median_ns),
                        r.median_ns / base
                    );
                }
            }
            Ok(out.trim_end().to_owned())
        }
    }
}

#[derive(Debug)]
struct Measured {
    function: String,
    median_ns: f64,
}

/// Reads criterion's `new` estimates of every benchmark in a group, in directory order.
fn read_group(group: &str) -> Result<Vec<Measured>> {
    let dir = util::target_dir().join("criterion");
    let mut found = Vec::new();
    for bench_json in util::files_with_ext(&dir, "benchmark.json") {
        if bench_json.parent().and_then(Path::file_name).is_none_or(|n| n != "new") {
            continue;
        }
        let meta: Value = serde_json::from_str(&std::fs::read_to_string(&bench_json)?)?;
        if meta["group_id"].as_str() != Some(group) {
            continue;
        }
        let function = match (meta["function_id"].as_str(), meta["value_str"].as_str()) {
            (Some(f), Some(v)) => format!("{f}/{v}"),
            (Some(f), None) => f.to_owned(),
            (None, Some(v)) => v.to_owned(),
            (None, None) => continue,
        };
        let estimates_path = bench_json.with_file_name("estimates.json");
        let estimates: Value = serde_json::from_str(&std::fs::read_to_string(&estimates_path)?)?;
        let median_ns = estimates["median"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| err(format!("{}: no median", estimates_path.display())))?;
        found.push(Measured { function, median_ns });
    }
    if found.is_empty() {
        return Err(err(format!(
            "no criterion results for group `{group}` under {}",
            dir.display()
        )));
    }
    Ok(found)
}

fn format_ns(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.1} ns")
    }
}

/// One line describing where and when the figures were measured.
fn environment() -> String {
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or_else(|| "rustc (unknown)".to_owned(), |s| s.trim().to_owned());
    let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or_else(String::new, |s| s.trim().to_owned());
    format!("Measured {date} with {rustc} on {cpus} CPUs ({cpu_model}).")
}

/// Replaces the text between a suite's markers, adding the section at the end if it is missing.
fn replace_section(doc: &str, name: &str, body: &str) -> Result<String> {
    let start = format!("<!-- bench:{name} -->");
    let end = format!("<!-- /bench:{name} -->");
    let block = format!("{start}\n{body}\n{end}");
    match (doc.find(&start), doc.find(&end)) {
        (Some(s), Some(e)) if s < e => Ok(format!("{}{block}{}", &doc[..s], &doc[e + end.len()..])),
        (None, None) => Ok(format!("{}\n\n{block}\n", doc.trim_end())),
        _ => Err(err(format!("{DOC}: the markers of `{name}` are broken"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_named_section() {
        let doc = "intro\n<!-- bench:a -->\nold\n<!-- /bench:a -->\nmiddle\n<!-- bench:b -->\nkeep\n<!-- /bench:b -->\n";
        let new = replace_section(doc, "a", "new").unwrap();
        assert_eq!(
            new,
            "intro\n<!-- bench:a -->\nnew\n<!-- /bench:a -->\nmiddle\n<!-- bench:b -->\nkeep\n<!-- /bench:b -->\n"
        );
    }

    #[test]
    fn appends_a_missing_section() {
        let new = replace_section("intro\n", "c", "x").unwrap();
        assert_eq!(new, "intro\n\n<!-- bench:c -->\nx\n<!-- /bench:c -->\n");
    }

    #[test]
    fn formats_durations() {
        assert_eq!(format_ns(12.34), "12.3 ns");
        assert_eq!(format_ns(2_500.0), "2.50 µs");
        assert_eq!(format_ns(3_000_000.0), "3.00 ms");
    }
}
