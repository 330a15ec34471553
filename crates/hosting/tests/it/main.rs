//! Integration tests of `alexa-skill-hosting`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod contact_skill;
mod handler;
#[cfg(feature = "lambda")]
mod lambda;

#[cfg(feature = "verify")]
mod cert_url;
#[cfg(feature = "verify")]
mod errors;
#[cfg(feature = "verify")]
mod support;
#[cfg(feature = "verify")]
mod verifier;
#[cfg(feature = "web")]
mod web;
