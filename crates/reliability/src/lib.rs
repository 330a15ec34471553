//! The workspace's reliability proofs (not published): what `docs/reliability.md` promises, and
//! the machinery that proves it.
//!
//! - [`properties`]: the properties the fuzz targets (`fuzz/`) check on every input, shared with
//!   the proptest equivalents that `cargo xtask ci` runs (`tests/it/properties.rs`), so the fuzzer
//!   and CI check the same thing.
//! - [`hostile`]: a small hostile HTTP/1.1 server on raw tokio TCP: silence, a head then a stall,
//!   a trickled body, resets before and during the body, lying `Content-Length`s, endless bodies,
//!   a 2 MB header.
//! - [`scripted`]: a scripted transport for `alexa-profile-api`'s hidden `test-util` hook, so the
//!   real client runs on tokio's paused clock (the timing proofs, 1,000 runs each) and under the
//!   fuzzer without sockets.
//!
//! The suites are in `tests/it` (fault matrix, paused clock, secrets, load, properties) and
//! `tests/memory` (a counting global allocator, alone in its process).

pub mod hostile;
pub mod load;
pub mod properties;
pub mod scripted;

/// The values the suites plant and then look for in logs, `Debug` and `Display` output: none may
/// ever appear there.
pub mod canary {
    /// A bearer token.
    pub const TOKEN: &str = "Atza|CANARY-TOKEN-4c1e9b27";
    /// A full name.
    pub const NAME: &str = "Zelda Canaryfield";
    /// A given name.
    pub const GIVEN_NAME: &str = "Zelda";
    /// An email address.
    pub const EMAIL: &str = "zelda.canary@example.org";
    /// A mobile number's country code and number.
    pub const PHONE: (&str, &str) = ("+1", "415-555-0199");
    /// A string planted in response bodies (errors must never quote a body).
    pub const BODY: &str = "CANARY-BODY-93d0";

    /// Every needle to search for: the values and their distinctive parts.
    #[must_use]
    pub fn needles() -> Vec<&'static str> {
        vec![
            TOKEN,
            "CANARY-TOKEN",
            NAME,
            "Canaryfield",
            GIVEN_NAME,
            EMAIL,
            "zelda.canary",
            PHONE.1,
            "555-0199",
            "5550199",
            BODY,
        ]
    }

    /// The needles found in `haystack`.
    #[must_use]
    pub fn found_in(haystack: &str) -> Vec<&'static str> {
        needles().into_iter().filter(|n| haystack.contains(n)).collect()
    }
}
