//! The skill-manifest check: never panics, deterministic, findings under `manifest`.
//! The properties are in `alexa_reliability_tests::properties::manifest`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    alexa_reliability_tests::properties::manifest(data);
});
