//! The endpoint policy: accepts exactly Amazon's three hosts (or the one allowed endpoint).
//! The properties are in `alexa_reliability_tests::properties::endpoint`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    alexa_reliability_tests::properties::endpoint(data);
});
