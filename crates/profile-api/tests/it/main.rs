//! Integration tests of `alexa-profile-api`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod hostile_endpoints;
