//! What `from_alexa`, `parse` and `FromStr` make of each input shape, and of bad input.

use alexa_phone::{CountryCodeSource, ErrorKind, Input, PhoneNumber};

fn e164(cc: &str, pn: &str) -> String {
    match PhoneNumber::from_alexa(cc, pn) {
        Ok(n) => n.e164().to_owned(),
        Err(e) => panic!("{cc:?} {pn:?}: {e}"),
    }
}

fn kind(cc: &str, pn: &str) -> ErrorKind {
    PhoneNumber::from_alexa(cc, pn).unwrap_err().kind()
}

#[test]
fn amazons_examples() {
    // Seed 004: phone number values and country code values.
    for pn in ["+917799827710", "7799827710", "+91 7799 82 77 10", "+91 7799-82-77-10"] {
        assert_eq!(e164("+91", pn), "+917799827710", "{pn}");
    }
    assert_eq!(e164("+91", "7799-82-77-11"), "+917799827711");
    // Seed 002's response example is not a valid NANP number; it normalizes all the same.
    assert_eq!(e164("+1", "999-999-9999"), "+19999999999");
    assert_eq!(e164("+1", "+1 999-999-9999"), "+19999999999");
    for cc in ["+1", "001", "1", "011 1", "0111"] {
        assert_eq!(e164(cc, "(415) 555-2671"), "+14155552671", "{cc}");
    }
}

#[test]
fn country_code_sources() {
    let source =
        |cc: &str, pn: &str| PhoneNumber::from_alexa(cc, pn).unwrap().country_code_source();
    assert_eq!(source("+1", "+91 7799827710"), CountryCodeSource::PlusSign);
    assert_eq!(source("+91", "7799827710"), CountryCodeSource::DefaultCountryCode);
    assert_eq!(source("+91", "917799827710"), CountryCodeSource::RepeatedCountryCode);
    assert_eq!(source("+1", "011 44 20 7946 0958"), CountryCodeSource::InternationalPrefix);
    assert_eq!(source("+44", "00 91 7799827710"), CountryCodeSource::InternationalPrefix);
}

#[test]
fn a_plus_wins_over_the_country_code() {
    assert_eq!(e164("+1", "+44 20 7946 0958"), "+442079460958");
    // Even a country code that is no country code at all is not looked at.
    assert_eq!(e164("abc", "+44 20 7946 0958"), "+442079460958");
    assert_eq!(e164("", "+44 20 7946 0958"), "+442079460958");
}

#[test]
fn trunk_prefixes_per_country() {
    assert_eq!(e164("+44", "020 7946 0958"), "+442079460958"); // 0
    assert_eq!(e164("+44", "+44 (0)20 7946 0958"), "+442079460958");
    assert_eq!(e164("+1", "1 (415) 555-2671"), "+14155552671"); // 1 in NANP
    assert_eq!(e164("+7", "8 (912) 345-67-89"), "+79123456789"); // 8 in Russia
    assert_eq!(e164("+375", "8 029 491-19-11"), "+375294911911"); // 8 (0) in Belarus
    assert_eq!(e164("+36", "06 1 234 5678"), "+3612345678"); // 06 in Hungary
    assert_eq!(e164("+49", "030 123456"), "+4930123456");
    // No trunk prefix: a leading digit stays.
    assert_eq!(e164("+34", "912 345 678"), "+34912345678");
    // Italy and the other keep-zero countries keep the 0 in E.164.
    assert_eq!(e164("+39", "06 6982 1234"), "+390669821234");
    assert_eq!(
        PhoneNumber::from_alexa("39", "06 6982 1234").unwrap().national_number(),
        "0669821234"
    );
    assert_eq!(e164("+378", "0549 886377"), "+3780549886377"); // San Marino
    assert_eq!(e164("+225", "01 23 45 6789"), "+2250123456789"); // Côte d'Ivoire
    // Argentina's mobile token: 0 11 15 ... is +54 9 11 ...
    assert_eq!(e164("+54", "011 15-2345-6789"), "+5491123456789");
    // Brazil's carrier code: 0 15 11 ... drops the carrier.
    assert_eq!(e164("+55", "0 15 11 96123-4567"), "+5511961234567");
}

#[test]
fn international_prefix_or_trunk_prefix() {
    // Israel's 015 is an international prefix, but 0 1599 ... is a national number with its trunk
    // prefix: when no country code follows the prefix, the number is read as national
    // (libphonenumber gives up). Found by the trunk-prefix property.
    assert_eq!(e164("972", "0 1599 123 456"), "+9721599123456");
    // When the international reading works, it wins, as in libphonenumber.
    assert_eq!(e164("+972", "015 44 20 7946 0958"), "+442079460958");
    // Colombia's mobiles are dialled without the trunk prefix; 03 is a carrier prefix whose
    // removal would leave 9 digits, so libphonenumber (and this crate) keeps the digits whole.
    assert_eq!(e164("+57", "321 1234567"), "+573211234567");
    assert_eq!(e164("+57", "0 321 1234567"), "+5703211234567");
}

#[test]
fn repeated_country_code_is_removed_only_when_the_rest_fits() {
    assert_eq!(e164("+91", "917799827710"), "+917799827710");
    assert_eq!(e164("91", "91 77998 27710"), "+917799827710");
    assert_eq!(e164("+1", "1 999 999 9999"), "+19999999999");
    // 1 + 10 digits is a possible NANP number only with the 1 removed, as a trunk prefix.
    assert_eq!(e164("+1", "14155552671"), "+14155552671");
    // Indian numbers that start with 91: kept whole when the rest would not fit.
    assert_eq!(e164("+91", "9198765432"), "+919198765432");
}

#[test]
fn separators_and_unicode_digits() {
    assert_eq!(e164("+49", "(030)\u{a0}123\u{2010}456"), "+4930123456");
    assert_eq!(e164("+49", " 030 / 123.456 "), "+4930123456");
    assert_eq!(e164("+49", "[030] 123\u{2014}456"), "+4930123456");
    assert_eq!(
        e164(
            "\u{ff0b}\u{ff14}\u{ff19}",
            "\u{ff10}\u{ff13}\u{ff10} \u{ff11}\u{ff12}\u{ff13}\u{ff14}\u{ff15}\u{ff16}"
        ),
        "+4930123456"
    );
    assert_eq!(
        e164(
            "+91",
            "\u{0967}\u{0966}\u{0967}\u{0968}\u{0969}\u{096a}\u{096b}\u{096c}\u{096d}\u{096e}"
        ),
        "+911012345678"
    );
    assert_eq!(
        e164(
            "+20",
            "\u{0661}\u{0660}\u{0660}\u{0661}\u{0662}\u{0663}\u{0664}\u{0665}\u{0666}\u{0667}"
        ),
        "+201001234567"
    );
}

#[test]
fn rfc3966_uris() {
    assert_eq!(e164("", "tel:+1-415-555-2671"), "+14155552671");
    assert_eq!(e164("", "TEL:+1-415-555-2671"), "+14155552671");
    let n = PhoneNumber::from_alexa("", "tel:+1-415-555-2671;ext=12").unwrap();
    assert_eq!((n.e164(), n.extension()), ("+14155552671", Some("12")));
    assert_eq!(n.rfc3966(), "tel:+14155552671;ext=12");
    assert_eq!(e164("", "tel:555-2671;phone-context=+1-415"), "+14155552671");
    assert_eq!(e164("+1", "tel:415-555-2671;phone-context=example.com"), "+14155552671");
    assert_eq!(e164("", "tel:+1-415-555-2671;isub=1234"), "+14155552671");
    let e = PhoneNumber::from_alexa("", "tel:+1-415-555-2671;foo=1").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, Some(19)));
}

#[test]
fn extensions_are_split_off() {
    for (pn, ext) in [
        ("+1 415-555-2671 ext. 12", "12"),
        ("+1 415-555-2671 ext 12", "12"),
        ("+1 415-555-2671 EXT:12", "12"),
        ("+1 415-555-2671 extension 1234", "1234"),
        ("+1 415-555-2671 x12", "12"),
        ("+1 415-555-2671x 12#", "12"),
        ("+1 415-555-2671 #12", "12"),
        ("+1 415-555-2671;ext=12", "12"),
        ("+1 415-555-2671 ext. \u{ff11}\u{ff12}", "12"),
    ] {
        let n = PhoneNumber::from_alexa("", pn).unwrap();
        assert_eq!((n.e164(), n.extension()), ("+14155552671", Some(ext)), "{pn}");
    }
    assert_eq!(PhoneNumber::from_alexa("", "+14155552671").unwrap().extension(), None);
    // Nine digits at most after x or #, twenty after ext.
    assert_eq!(kind("", "+1 415-555-2671 x1234567890"), ErrorKind::InvalidExtension);
    assert!(PhoneNumber::from_alexa("", "+1 415-555-2671 ext 12345678901234567890").is_ok());
    assert_eq!(kind("", "+1 415-555-2671 ext 123456789012345678901"), ErrorKind::InvalidExtension);
    let e = PhoneNumber::from_alexa("", "+1 415-555-2671 ext").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidExtension, Some(16)));
    assert_eq!(kind("", "+1 415-555-2671 x12 call me"), ErrorKind::InvalidExtension);
}

#[test]
fn errors_say_what_and_where_but_not_the_number() {
    assert_eq!(kind("+1", ""), ErrorKind::Empty);
    assert_eq!(kind("+1", " \u{a0}\t"), ErrorKind::Empty);
    assert_eq!(kind("+1", "( )-"), ErrorKind::NoDigits);
    assert_eq!(kind("+1", "+"), ErrorKind::NoDigits);
    let e = PhoneNumber::from_alexa("+1", "415-555-CALL").unwrap_err();
    assert_eq!(
        (e.kind(), e.input(), e.offset()),
        (ErrorKind::InvalidCharacter, Input::PhoneNumber, Some(8))
    );
    assert_eq!(e.to_string(), "invalid character in the phone number at byte 8");
    let e = PhoneNumber::from_alexa("+1", "415+5552671").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, Some(3)));
    assert_eq!(kind("", "4155552671"), ErrorKind::MissingCountryCode);
    let e = PhoneNumber::from_alexa("+999", "4155552671").unwrap_err();
    assert_eq!((e.kind(), e.input()), (ErrorKind::UnknownCountryCode, Input::CountryCode));
    let e = PhoneNumber::from_alexa("+9x", "4155552671").unwrap_err();
    assert_eq!(
        (e.kind(), e.input(), e.offset()),
        (ErrorKind::InvalidCharacter, Input::CountryCode, Some(2))
    );
    assert_eq!(kind("+1", "+999 1234 5678"), ErrorKind::UnknownCountryCode);
    assert_eq!(kind("+1", "+0 1234 5678"), ErrorKind::UnknownCountryCode);
    assert_eq!(kind("+1", "555-2671"), ErrorKind::TooShort); // local only: no area code
    assert_eq!(kind("+1", "415-555-26"), ErrorKind::TooShort);
    assert_eq!(kind("+1", "415-555-267122"), ErrorKind::TooLong);
    assert_eq!(kind("+7", "912 345 67 89 12"), ErrorKind::InvalidLength); // 10 or 14 digits
    assert_eq!(kind("+1", "+1"), ErrorKind::TooShort);
    // More than E.164's 15 digits, although libphonenumber allows Indonesia 17.
    assert_eq!(kind("+62", "8123 4567 8901 23"), ErrorKind::TooLong);
    assert_eq!(kind("+1", &"1".repeat(40)), ErrorKind::TooLong);
    for (cc, pn) in [("+1", "415-555-CALL"), ("+1", "415-555-26"), ("+9x", "4155552671")] {
        let e = PhoneNumber::from_alexa(cc, pn).unwrap_err();
        for text in [e.to_string(), format!("{e:?}")] {
            assert!(!text.contains("415") && !text.contains("555"), "{text}");
        }
    }
}

#[test]
fn parse_and_from_str() {
    let n = PhoneNumber::parse("020 7946 0958", Some(44)).unwrap();
    assert_eq!(n.e164(), "+442079460958");
    assert_eq!(
        PhoneNumber::parse("020 7946 0958", None).unwrap_err().kind(),
        ErrorKind::MissingCountryCode
    );
    let e = PhoneNumber::parse("020 7946 0958", Some(999)).unwrap_err();
    assert_eq!((e.kind(), e.input()), (ErrorKind::UnknownCountryCode, Input::CountryCode));
    let n: PhoneNumber = "+44 20 7946 0958".parse().unwrap();
    assert_eq!(n.to_string(), "+442079460958");
    assert_eq!(PhoneNumber::try_from("tel:+44-20-7946-0958").unwrap(), n);
    assert_eq!(
        "020 7946 0958".parse::<PhoneNumber>().unwrap_err().kind(),
        ErrorKind::MissingCountryCode
    );
    // Non-geographic calling codes.
    assert_eq!(PhoneNumber::parse("+800 1234 5678", None).unwrap().e164(), "+80012345678");
    assert_eq!(PhoneNumber::parse("1234 5678", Some(800)).unwrap().e164(), "+80012345678");
}

#[test]
fn accessors() {
    let n = PhoneNumber::from_alexa("+91", "7799-82-77-11 ext. 12").unwrap();
    assert_eq!(n.country_code(), 91);
    assert_eq!(n.national_number(), "7799827711");
    assert_eq!(n.extension(), Some("12"));
    assert_eq!(n.e164(), "+917799827711");
    assert_eq!(n.as_str(), "+917799827711");
    assert_eq!(n.rfc3966(), "tel:+917799827711;ext=12");
    assert_eq!(n.to_string(), "+917799827711");
    let n = PhoneNumber::from_alexa("+880", "01812-345678").unwrap();
    assert_eq!((n.country_code(), n.national_number()), (880, "1812345678"));
}

#[test]
fn equality_hashing_and_order_ignore_the_source() {
    use std::collections::HashSet;
    let a = PhoneNumber::from_alexa("+91", "7799827711").unwrap();
    let b = PhoneNumber::from_alexa("+1", "+91 77998 27711").unwrap();
    let c = PhoneNumber::from_alexa("+91", "7799827711 x1").unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let set: HashSet<_> = [a, b, c].into_iter().collect();
    assert_eq!(set.len(), 2);
    let mut v = [c, PhoneNumber::from_alexa("+1", "4155552671").unwrap(), a];
    v.sort();
    let sorted: Vec<_> = v.iter().map(|n| (n.e164(), n.extension())).collect();
    assert_eq!(
        sorted,
        [("+14155552671", None), ("+917799827711", None), ("+917799827711", Some("1"))]
    );
}

#[test]
fn debug_is_redacted() {
    let n = PhoneNumber::from_alexa("+91", "7799827711 ext. 12").unwrap();
    assert_eq!(format!("{n:?}"), "PhoneNumber(+91 <redacted>)");
    assert_eq!(format!("{n:#?}"), "PhoneNumber(+91 <redacted>)");
    let debug = format!("{:?}", Some(n));
    assert!(!debug.contains("7799") && !debug.contains("12"), "{debug}");
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip() {
    let n = PhoneNumber::from_alexa("+91", "7799827711").unwrap();
    assert_eq!(serde_json::to_string(&n).unwrap(), r#""+917799827711""#);
    let with_ext = PhoneNumber::from_alexa("+91", "7799827711 x12").unwrap();
    let json = serde_json::to_string(&with_ext).unwrap();
    assert_eq!(json, r#""tel:+917799827711;ext=12""#);
    let back: PhoneNumber = serde_json::from_str(&json).unwrap();
    assert_eq!((back, back.extension()), (with_ext, Some("12")));
    let err = serde_json::from_str::<PhoneNumber>(r#""+1 415""#).unwrap_err().to_string();
    assert!(err.contains("too short") && !err.contains("415"), "{err}");
}
