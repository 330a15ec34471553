//! Integration tests of `alexa-model`: fixtures, round trips, errors, redaction, responses.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod errors;
mod fixtures;
mod inspect;
mod redaction;
mod requests;
mod responses;

use std::path::{Path, PathBuf};

/// Every request fixture: (file stem, contents).
pub(crate) fn request_fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((stem, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    assert!(out.len() >= 20, "fixtures missing from {}", dir.display());
    out
}

/// One request fixture by stem.
pub(crate) fn fixture(stem: &str) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(format!("{stem}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
