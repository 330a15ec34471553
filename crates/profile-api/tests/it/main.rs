//! Integration tests of `alexa-profile-api`: against the emulator over real sockets, a raw
//! loopback server, and a counting listener for the endpoint policy.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod faults;
mod hostile_endpoints;
mod raw;
mod statuses;
mod support;
mod tls;
