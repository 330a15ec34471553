//! Phone normalization: `PhoneNumber::from_alexa` and `PhoneNumber::parse` never panic; what
//! they accept is E.164, idempotent, and never shown by `Debug`; errors never quote the digits.
//! The properties are in `alexa_reliability_tests::properties::phone`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    alexa_reliability_tests::properties::phone(data);
});
