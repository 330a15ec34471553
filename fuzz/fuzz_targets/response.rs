//! The client's response decoding, through the whole client on a scripted transport.
//! The properties are in `alexa_reliability_tests::properties::response`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    alexa_reliability_tests::properties::response(data);
});
