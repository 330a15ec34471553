//! End-to-end tests of the `alexa-profile` binary: each runs the built binary, as a user would,
//! against an emulator on loopback where one is needed.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod check_manifest;
mod demo;
mod emulate;
mod envelope;
mod fetch;
mod help;
mod hostile;
mod phone;
mod support;
