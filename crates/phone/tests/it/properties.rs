//! Properties: no panic on any input, the output's shape, idempotence, and invariance under the
//! forms the same number can take.

use std::sync::LazyLock;

use alexa_phone::{CountryCodeSource, PhoneNumber};
use proptest::prelude::*;
use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat};

use crate::corpus::{DIGIT_ZEROS, SEPARATORS, to_script, trunk_prefixes};

/// Every example number that normalizes: (calling code, national significant number).
static EXAMPLES: LazyLock<Vec<(i32, String)>> = LazyLock::new(|| {
    crate::corpus::examples()
        .into_iter()
        .map(|(_, n)| (n.country_code, rlibphonenumber::get_national_significant_number_owned(&n)))
        .filter(|(cc, nsn)| PhoneNumber::from_alexa(&cc.to_string(), nsn).is_ok())
        .collect()
});

/// The example numbers that their country dials nationally with its trunk prefix (libphonenumber's
/// national format starts with it: `020 7946 0958`, but not Colombia's mobiles, `321 1234567`):
/// (calling code, trunk prefix, national significant number).
static TRUNK_EXAMPLES: LazyLock<Vec<(i32, String, String)>> = LazyLock::new(|| {
    let trunks = trunk_prefixes();
    crate::corpus::examples()
        .into_iter()
        .filter_map(|(_, n)| {
            let (_, trunk) = trunks.iter().find(|(c, _)| *c == n.country_code)?;
            let national = PHONE_NUMBER_UTIL.format(&n, PhoneNumberFormat::National);
            let digits: String = national.chars().filter(char::is_ascii_digit).collect();
            let nsn = rlibphonenumber::get_national_significant_number_owned(&n);
            (digits.starts_with(trunk.as_str()) && !nsn.starts_with(trunk.as_str()))
                .then(|| (n.country_code, trunk.clone(), nsn))
        })
        .filter(|(cc, _, nsn)| PhoneNumber::from_alexa(&cc.to_string(), nsn).is_ok())
        .collect()
});

/// `^\+[1-9][0-9]{1,14}$`
fn is_e164(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b.len() <= 16
        && b[0] == b'+'
        && (b'1'..=b'9').contains(&b[1])
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// Text that looks like a phone number often enough to normalize.
fn phone_like() -> impl Strategy<Value = String> {
    "[ ]?(\\+|00|011)?[0-9]{1,3}[ .\\-()\u{a0}]?[0-9 .\\-()]{0,16}( ?(ext\\.? ?|x|#|;ext=)[0-9]{1,4})?"
}

fn country_code_like() -> impl Strategy<Value = String> {
    "(\\+|00|011)?[0-9]{1,3}"
}

/// An example number and a random separator after each digit.
fn example() -> impl Strategy<Value = (i32, String)> {
    (0..EXAMPLES.len()).prop_map(|i| EXAMPLES[i].clone())
}

fn with_separators(nsn: &str, seps: &[usize]) -> String {
    let mut out = String::new();
    for (i, c) in nsn.chars().enumerate() {
        out.push(c);
        out.push_str(SEPARATORS[seps[i % seps.len()] % SEPARATORS.len()]);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_string(cc in any::<String>(), pn in any::<String>(), code in any::<u16>()) {
        let a = PhoneNumber::from_alexa(&cc, &pn);
        let b = PhoneNumber::parse(&pn, Some(code));
        let c = pn.parse::<PhoneNumber>();
        for n in [a, b, c].into_iter().flatten() {
            prop_assert!(is_e164(n.e164()));
        }
    }

    #[test]
    fn never_panics_on_phone_like_unicode(cc in "\\PC{0,6}", pn in "[+0-9\u{ff10}-\u{ff19}\u{660}-\u{669} \\-.()x#;=a-z\\PC]{0,40}") {
        if let Ok(n) = PhoneNumber::from_alexa(&cc, &pn) {
            prop_assert!(is_e164(n.e164()));
        }
    }

    #[test]
    fn output_is_e164_and_idempotent(cc in country_code_like(), pn in phone_like()) {
        if let Ok(n) = PhoneNumber::from_alexa(&cc, &pn) {
            prop_assert!(is_e164(n.e164()), "{}", n.e164());
            prop_assert!(n.e164().ends_with(n.national_number()));
            prop_assert_eq!(format!("+{}{}", n.country_code(), n.national_number()), n.e164());
            // Normalizing the output again gives the same number, whatever the country code.
            let again = PhoneNumber::from_alexa(&cc, n.e164()).unwrap();
            prop_assert_eq!(again.e164(), n.e164());
            prop_assert_eq!(again.country_code_source(), CountryCodeSource::PlusSign);
            let again = PhoneNumber::from_alexa("", n.e164()).unwrap();
            prop_assert_eq!(again.e164(), n.e164());
            // And the RFC 3966 form gives the number with its extension.
            let uri: PhoneNumber = n.rfc3966().parse().unwrap();
            prop_assert_eq!((uri.e164(), uri.extension()), (n.e164(), n.extension()));
        }
    }

    #[test]
    fn invariant_under_separators_whitespace_and_digits(
        (cc, nsn) in example(),
        seps in prop::collection::vec(any::<usize>(), 1..4),
        zero in prop::sample::select(DIGIT_ZEROS),
        lead in "[ \t\u{a0}\u{3000}]{0,3}",
        trail in "[ \t\u{a0}\u{3000}]{0,3}",
    ) {
        let base = PhoneNumber::from_alexa(&cc.to_string(), &nsn).unwrap();
        let separated = with_separators(&nsn, &seps);
        for pn in [
            separated.clone(),
            format!("{lead}{nsn}{trail}"),
            format!("{lead}{separated}{trail}"),
            to_script(&nsn, zero),
            to_script(&separated, zero),
        ] {
            let n = PhoneNumber::from_alexa(&cc.to_string(), &pn).unwrap();
            prop_assert_eq!(n.e164(), base.e164(), "{:?}", pn);
        }
    }

    #[test]
    fn invariant_under_country_code_forms((cc, nsn) in example(), other in example(), zero in prop::sample::select(DIGIT_ZEROS)) {
        let base = PhoneNumber::from_alexa(&format!("+{cc}"), &nsn).unwrap();
        for (field, pn) in [
            (format!("{cc}"), nsn.clone()),
            (format!("00{cc}"), nsn.clone()),
            (format!("011{cc}"), nsn.clone()),
            (to_script(&format!("+{cc}"), zero), nsn.clone()),
            (format!("+{}", other.0), format!("+{cc} {nsn}")),
            (String::new(), format!("+{cc}{nsn}")),
        ] {
            let n = PhoneNumber::from_alexa(&field, &pn).unwrap();
            prop_assert_eq!(n.e164(), base.e164(), "{:?} {:?}", field, pn);
        }
        if cc == 1 {
            prop_assert_eq!(PhoneNumber::from_alexa("001", &nsn).unwrap(), base);
        }
    }

    #[test]
    fn invariant_under_the_trunk_prefix(
        i in 0..TRUNK_EXAMPLES.len(),
        sep in prop::sample::select(SEPARATORS),
    ) {
        let (cc, trunk, nsn) = &TRUNK_EXAMPLES[i];
        let base = PhoneNumber::from_alexa(&cc.to_string(), nsn).unwrap();
        let n = PhoneNumber::from_alexa(&cc.to_string(), &format!("{trunk}{sep}{nsn}")).unwrap();
        prop_assert_eq!(n.e164(), base.e164());
        // After a + as well: `+44 (0)20 ...`.
        let n = PhoneNumber::from_alexa("", &format!("+{cc} ({trunk}) {nsn}")).unwrap();
        prop_assert_eq!(n.e164(), base.e164());
    }

    #[test]
    fn extensions_are_separated(
        (cc, nsn) in example(),
        marker in prop::sample::select(&[" ext. ", " ext ", "ext", " x", "x", " #", " extension ", ";ext=", " EXT: "][..]),
        ext in "[0-9]{1,9}",
    ) {
        let base = PhoneNumber::from_alexa(&cc.to_string(), &nsn).unwrap();
        prop_assert_eq!(base.extension(), None);
        let n = PhoneNumber::from_alexa(&cc.to_string(), &format!("{nsn}{marker}{ext}")).unwrap();
        prop_assert_eq!(n.e164(), base.e164());
        prop_assert_eq!(n.extension(), Some(ext.as_str()));
        prop_assert_eq!(n.rfc3966(), format!("tel:{};ext={ext}", base.e164()));
        prop_assert_ne!(n, base);
    }
}

#[test]
fn examples_cover_every_calling_code_that_normalizes() {
    assert!(EXAMPLES.len() > 1000, "{}", EXAMPLES.len());
    let mut codes: Vec<i32> = EXAMPLES.iter().map(|(cc, _)| *cc).collect();
    codes.dedup();
    assert!(codes.len() > 200, "{}", codes.len());
    assert!(TRUNK_EXAMPLES.len() > 400, "{}", TRUNK_EXAMPLES.len());
}

#[test]
fn every_trunk_prefix_is_removed_however_many_so_normalizing_stays_idempotent() {
    // Found by the reliability fuzz target (`fuzz/seeds/phone/many-trunk-prefixes`): with more
    // than eight leading trunk prefixes, stripping stopped at a budget of eight, and the E.164
    // output normalized to a different number (+440000048190, then +44000048190).
    let number = PhoneNumber::parse("000000000000048190", Some(44)).unwrap();
    assert_eq!(number.e164(), "+44000048190");
    assert_eq!(PhoneNumber::parse(number.e164(), None).unwrap().e164(), number.e164());
    assert_eq!(PhoneNumber::from_alexa("+44", "000000000000048190").unwrap(), number);
}
