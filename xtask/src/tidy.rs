//! Tidy checks: the rules of `STYLE`-level hygiene that clippy cannot enforce.
//!
//! - every Rust file starts with `//!` module docs;
//! - library code has no `unwrap()`, `expect(`, `dbg!`, `todo!`, `unimplemented!` or printing
//!   outside its `#[cfg(test)]` part;
//! - no trailing whitespace, tab or carriage return in source, docs and data;
//! - every member manifest inherits the workspace lints and takes every external dependency from
//!   `[workspace.dependencies]` (each version is pinned once);
//! - the crate layering of `docs/architecture.md`: which workspace crate may depend on which, and
//!   that no I/O crate (tokio, hyper, rustls, ...) reaches a crate that does no I/O;
//! - every package is named in `docs/architecture.md` and the README, and `CHANGELOG.md` has an
//!   `## Unreleased` section;
//! - no banned crate (aws-lc-sys, openssl-sys) in `Cargo.lock`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{self, Result, err};

/// Library crates (their `src/` is held to the no-panic, no-print rules) and the workspace crates
/// each may depend on (normal dependencies).
const LAYERS: &[(&str, &[&str])] = &[
    ("alexa-phone", &[]),
    ("alexa-model", &[]),
    ("alexa-consent", &["alexa-model"]),
    ("alexa-profile-api", &["alexa-model", "alexa-consent", "alexa-phone"]),
    ("alexa-profile-emulator", &["alexa-model", "alexa-consent"]),
    ("alexa-skill-hosting", &["alexa-model", "alexa-consent", "alexa-phone", "alexa-profile-api"]),
];

/// Crates (and feature flags) that do no I/O: none of `IO_CRATES` may appear in their normal
/// dependency tree. `alexa-profile-api` without its `hyper` feature is the trait alone, and so is
/// `alexa-skill-hosting` without features (the `SkillHandler` trait).
const NO_IO: &[(&str, &[&str])] = &[
    ("alexa-phone", &[]),
    ("alexa-model", &[]),
    ("alexa-consent", &[]),
    ("alexa-profile-api", &["--no-default-features"]),
    ("alexa-skill-hosting", &["--no-default-features"]),
];
const IO_CRATES: &[&str] =
    &["tokio", "hyper", "hyper-util", "hyper-rustls", "rustls", "h2", "mio", "socket2", "reqwest"];

/// Library sources may not contain these outside `#[cfg(test)]`.
const FORBIDDEN_IN_LIBS: &[&str] = &[
    ".unwrap()",
    ".expect(",
    "dbg!(",
    "todo!(",
    "unimplemented!(",
    "println!(",
    "eprintln!(",
    "print!(",
];

pub(crate) fn run() -> Result<()> {
    let mut problems = Vec::new();
    let metadata = cargo_metadata()?;
    let packages = workspace_packages(&metadata);

    for path in source_files() {
        check_text(&path, &mut problems);
        if path.extension().is_some_and(|e| e == "rs") {
            check_module_docs(&path, &mut problems);
        }
    }
    for (name, dir) in &packages {
        check_manifest(&dir.join("Cargo.toml"), &mut problems);
        if LAYERS.iter().any(|(lib, _)| lib == name) {
            for path in util::files_with_ext(&dir.join("src"), ".rs") {
                check_library_source(&path, &mut problems);
            }
        }
    }
    check_layers(&metadata, &mut problems);
    for (krate, flags) in NO_IO {
        if packages.iter().any(|(n, _)| n == krate) {
            check_no_io(krate, flags, &mut problems)?;
        }
    }
    check_docs(&packages, &mut problems);
    check_lockfile(&mut problems);

    if problems.is_empty() {
        Ok(())
    } else {
        for p in &problems {
            eprintln!("tidy: {p}");
        }
        Err(err(format!("{} tidy problem(s)", problems.len())))
    }
}

fn cargo_metadata() -> Result<Value> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--locked"])
        .output()?;
    if !out.status.success() {
        return Err(err(format!("cargo metadata: {}", String::from_utf8_lossy(&out.stderr))));
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// (package name, directory relative to the root) of every workspace member.
fn workspace_packages(metadata: &Value) -> Vec<(String, PathBuf)> {
    let root = util::project_root();
    let mut out = Vec::new();
    for pkg in metadata["packages"].as_array().into_iter().flatten() {
        let (Some(name), Some(manifest)) = (pkg["name"].as_str(), pkg["manifest_path"].as_str())
        else {
            continue;
        };
        let dir = Path::new(manifest).parent().unwrap_or(Path::new("."));
        let dir = dir.strip_prefix(&root).unwrap_or(dir).to_path_buf();
        out.push((name.to_owned(), dir));
    }
    out.sort();
    out
}

fn source_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["crates", "xtask", "docs", "fuzz"] {
        for ext in [".rs", ".md", ".toml", ".json", ".txt", ".tsv"] {
            files.extend(util::files_with_ext(Path::new(dir), ext));
        }
    }
    for top in ["README.md", "CHANGELOG.md", "Cargo.toml"] {
        files.push(PathBuf::from(top));
    }
    files.retain(|p| !p.components().any(|c| c.as_os_str() == "target"));
    files
}

fn check_text(path: &Path, problems: &mut Vec<String>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        problems.push(format!("{}: not UTF-8 text", path.display()));
        return;
    };
    // Fixtures may hold whatever JSON Amazon sends; only their line endings are checked.
    let is_fixture = path.components().any(|c| c.as_os_str() == "data");
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        if line.ends_with('\r') {
            problems.push(format!("{}:{n}: carriage return", path.display()));
        } else if !is_fixture && (line.ends_with(' ') || line.ends_with('\t')) {
            problems.push(format!("{}:{n}: trailing whitespace", path.display()));
        }
        if !is_fixture && line.contains('\t') && path.extension().is_some_and(|e| e == "rs") {
            problems.push(format!("{}:{n}: tab character", path.display()));
        }
    }
}

fn check_module_docs(path: &Path, problems: &mut Vec<String>) {
    let Ok(text) = std::fs::read_to_string(path) else { return };
    if !text.trim_start().starts_with("//!") {
        problems.push(format!("{}: a module starts with `//!` docs", path.display()));
    }
}

fn check_library_source(path: &Path, problems: &mut Vec<String>) {
    let Ok(text) = std::fs::read_to_string(path) else { return };
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        for bad in FORBIDDEN_IN_LIBS {
            if line.contains(bad) {
                problems.push(format!(
                    "{}:{}: `{bad}` in library code (return an error instead)",
                    path.display(),
                    i + 1
                ));
            }
        }
    }
}

fn check_manifest(path: &Path, problems: &mut Vec<String>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        problems.push(format!("{}: unreadable", path.display()));
        return;
    };
    if !text.contains("[lints]\nworkspace = true") {
        problems.push(format!("{}: needs `[lints] workspace = true`", path.display()));
    }
    let mut in_deps = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]");
            continue;
        }
        if !in_deps || line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.contains("workspace = true") {
            problems.push(format!(
                "{}:{}: dependency not taken from [workspace.dependencies]: `{line}`",
                path.display(),
                i + 1
            ));
        }
    }
}

fn check_layers(metadata: &Value, problems: &mut Vec<String>) {
    let members: BTreeSet<&str> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for pkg in metadata["packages"].as_array().into_iter().flatten() {
        let Some(name) = pkg["name"].as_str() else { continue };
        let allowed = LAYERS.iter().find(|(n, _)| *n == name).map(|(_, deps)| *deps);
        for dep in pkg["dependencies"].as_array().into_iter().flatten() {
            let Some(dep_name) = dep["name"].as_str() else { continue };
            if !members.contains(dep_name) || !dep["kind"].is_null() {
                continue; // external, or a dev/build dependency
            }
            if dep_name == "alexa-profile" || dep_name == "alexa-profile-emulator" {
                if !(name == "alexa-profile" && dep_name == "alexa-profile-emulator") {
                    problems.push(format!(
                        "{name} depends on {dep_name}: nothing depends on the CLI or the emulator"
                    ));
                }
                continue;
            }
            if let Some(allowed) = allowed
                && !allowed.contains(&dep_name)
            {
                problems.push(format!(
                    "{name} depends on {dep_name}, which docs/architecture.md does not allow"
                ));
            }
        }
    }
}

fn check_no_io(krate: &str, flags: &[&str], problems: &mut Vec<String>) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["tree", "--locked", "-p", krate, "-e", "normal", "--prefix", "none", "-f", "{p}"])
        .args(flags)
        .output()?;
    if !out.status.success() {
        return Err(err(format!(
            "cargo tree -p {krate}: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let tree = String::from_utf8_lossy(&out.stdout);
    for line in tree.lines() {
        let dep = line.split_whitespace().next().unwrap_or("");
        if IO_CRATES.contains(&dep) {
            problems
                .push(format!("{krate} pulls in {dep}: only the client and the emulator do I/O"));
        }
    }
    Ok(())
}

/// Crates that must not be in the dependency graph at all, with the reason.
const BANNED: &[(&str, &str)] = &[
    (
        "aws-lc-sys",
        "rustls uses the ring provider: aws-lc-sys needs cmake and minutes of C on two cores",
    ),
    ("openssl-sys", "TLS is rustls"),
];

fn check_lockfile(problems: &mut Vec<String>) {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    for (krate, why) in BANNED {
        if lock.contains(&format!("name = \"{krate}\"\n")) {
            problems.push(format!("Cargo.lock contains {krate}: {why}"));
        }
    }
}

fn check_docs(packages: &[(String, PathBuf)], problems: &mut Vec<String>) {
    let architecture = std::fs::read_to_string("docs/architecture.md").unwrap_or_default();
    let readme = std::fs::read_to_string("README.md").unwrap_or_default();
    for (name, _) in packages {
        if name == "xtask" {
            continue;
        }
        if !architecture.contains(&format!("`{name}`")) {
            problems.push(format!("docs/architecture.md does not describe `{name}`"));
        }
        if !readme.contains(&format!("`{name}`")) {
            problems.push(format!("README.md does not list `{name}`"));
        }
    }
    let changelog = std::fs::read_to_string("CHANGELOG.md").unwrap_or_default();
    if !changelog.contains("## Unreleased") {
        problems.push("CHANGELOG.md needs an `## Unreleased` section".to_owned());
    }
}
