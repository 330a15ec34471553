//! Integration tests of the emulator, over real loopback sockets.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod envelopes;
mod faults;
mod fixtures;
mod log;
mod protocols;
mod runtime;
mod statuses;
mod support;
