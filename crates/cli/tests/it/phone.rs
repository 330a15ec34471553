//! `alexa-profile phone`: one pair, or the `normalize` example's TSV protocol.

use crate::support::{run, run_with_stdin};

#[test]
fn one_pair() {
    for (country_code, phone_number, e164) in [
        ("+91", "7799-82-77-11", "+917799827711"),
        ("001", "999-999-9999", "+19999999999"),
        ("+1", "415-555-2671", "+14155552671"),
        ("+44", "07700 900123", "+447700900123"),
        ("91", "+91 7799 82 77 11", "+917799827711"),
        ("+44", "020 7946 0958 ext. 12", "+442079460958;ext=12"),
        ("+1", "-415-555-2671", "+14155552671"),
    ] {
        let r = run(&["phone", country_code, phone_number]);
        r.succeeds();
        assert_eq!(r.stdout, format!("{e164}\n"), "{country_code} {phone_number}");
    }
}

#[test]
fn malformed_numbers_fail_without_quoting_the_number() {
    let r = run(&["phone", "+1", "555-CALL"]);
    r.fails(1, "cannot normalize: invalid character in the phone number at byte 4");
    assert!(!r.stderr.contains("555"), "{r:#?}");
    run(&["phone", "+1", ""]).fails(1, "cannot normalize: empty phone number");
    run(&["phone", "+999", "1234567"]).fails(1, "unknown country calling code in the country code");
    run(&["phone", "+1", "12"]).fails(1, "too short");
    run(&["phone", "+1"]).fails(2, "<PHONE_NUMBER>");
    run(&["phone"]).fails(2, "<COUNTRY_CODE>");
    run(&["phone", "--tsv", "+1", "415"]).fails(2, "cannot be used with");
}

#[test]
fn tsv_lines() {
    let input = "+91\t7799-82-77-11\n001\t999-999-9999\r\n+1\t555-CALL\n\
                 +44 20 7946 0958\n\t\n+44\t020 7946 0958 ext. 12\n";
    let r = run_with_stdin(&["phone", "--tsv"], input.as_bytes());
    r.succeeds();
    assert_eq!(
        r.stdout,
        "+917799827711\n+19999999999\n! invalid_character\n+442079460958\n! empty\n\
         +442079460958;ext=12\n"
    );
    let r = run_with_stdin(&["phone", "--tsv"], b"");
    r.succeeds();
    assert_eq!(r.stdout, "");
    // Invalid UTF-8 is read lossily, one line out per line in.
    let r = run_with_stdin(&["phone", "--tsv"], b"+1\t\xff\xfe\n+1\t415-555-2671");
    r.succeeds();
    assert_eq!(r.stdout.lines().count(), 2, "{r:#?}");
    assert!(r.stdout.starts_with("! "), "{r:#?}");
    assert!(r.stdout.ends_with("+14155552671\n"), "{r:#?}");
}

/// The input and output of `alexa-phone`'s test of its `normalize` example
/// (`crates/phone/tests/it/normalize.rs`), byte for byte: the same protocol.
#[test]
fn the_normalize_example_protocol() {
    let input = "+91\t7799-82-77-11\n\
                 001\t999-999-9999\n\
                 +1\t555-CALL\n\
                 \t+44 20 7946 0958 ext. 12\n\
                 +44\t\n\
                 \n\
                 +49\t030 123456\r\n\
                 +999\t12345678\n\
                 tel:+1-415-555-2671;ext=7\n\
                 +1\t415-555-26";
    let r = run_with_stdin(&["phone", "--tsv"], input.as_bytes());
    r.succeeds();
    assert_eq!(
        r.stdout,
        "+917799827711\n\
         +19999999999\n\
         ! invalid_character\n\
         +442079460958;ext=12\n\
         ! empty\n\
         ! empty\n\
         +4930123456\n\
         ! unknown_country_code\n\
         +14155552671;ext=7\n\
         ! too_short\n"
    );
}
