//! Envelope decoding: `RequestEnvelope::from_slice` never panics; what decodes round-trips.
//! The properties are in `alexa_reliability_tests::properties::envelope`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    alexa_reliability_tests::properties::envelope(data);
});
