//! Integration tests of `alexa-phone`: the differential test against libphonenumber, properties,
//! behaviour, redaction, the `normalize` example.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod behaviour;
mod corpus;
mod differential;
mod normalize;
mod properties;
