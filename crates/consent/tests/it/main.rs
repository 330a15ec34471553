//! Integration tests of `alexa-consent`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod card;
mod decide;
mod errors;
mod events;
mod manifest;
mod prompts;
mod scopes;
mod voice;

use std::path::Path;

/// A file of `tests/data`, as text.
pub(crate) fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
