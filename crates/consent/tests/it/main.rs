//! Integration tests of `alexa-consent`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod scopes;
