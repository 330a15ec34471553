//! The differential corpus: Alexa-shaped `countryCode` / `phoneNumber` pairs built from the
//! example numbers of every region and non-geographic entity in libphonenumber's metadata (through
//! `rlibphonenumber`), in every input shape the crate promises to handle. Deterministic: a fixed
//! seed drives every random choice, and regions are visited in sorted order.
//!
//! Shared by the differential test and the benchmark (`benches/normalize.rs` includes this file).

use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumber, PhoneNumberFormat, PhoneNumberType};

/// One input: the two fields of the Customer Profile API, the calling code whose main region the
/// oracle gets as its default region, and the name of the shape.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) country_code: String,
    pub(crate) phone_number: String,
    pub(crate) default_code: i32,
    pub(crate) shape: &'static str,
}

/// `SplitMix64`: small, seeded, good enough to pick shapes.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Separators Alexa users and apps put between digits.
pub(crate) const SEPARATORS: &[&str] =
    &["", " ", "-", ".", "\u{a0}", "\u{2010}", "\u{2013}", "/", " - ", "\u{3000}", "\u{ff0d}"];

/// First code points of some scripts' digits: fullwidth, Arabic-Indic, extended Arabic-Indic,
/// Devanagari, Bengali, Thai, mathematical monospace.
pub(crate) const DIGIT_ZEROS: &[u32] = &[0xff10, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0x1d7f6];

/// `digits` with a random separator after each digit (the same separator throughout or a mix).
pub(crate) fn separate(rng: &mut Rng, digits: &str) -> String {
    let mixed = rng.below(2) == 0;
    let mut sep = *rng.pick(SEPARATORS);
    let mut out = String::new();
    let n = digits.chars().count();
    for (i, c) in digits.chars().enumerate() {
        out.push(c);
        if i + 1 < n && rng.below(3) == 0 {
            if mixed {
                sep = *rng.pick(SEPARATORS);
            }
            out.push_str(sep);
        }
    }
    out
}

/// Every ASCII digit of `s` in the script whose zero is `zero`.
pub(crate) fn to_script(s: &str, zero: u32) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(zero + d).unwrap(),
            _ => c,
        })
        .collect()
}

const TYPES: &[PhoneNumberType] = &[
    PhoneNumberType::FixedLine,
    PhoneNumberType::Mobile,
    PhoneNumberType::TollFree,
    PhoneNumberType::PremiumRate,
    PhoneNumberType::SharedCost,
    PhoneNumberType::VoIP,
    PhoneNumberType::PersonalNumber,
    PhoneNumberType::Pager,
    PhoneNumberType::UAN,
    PhoneNumberType::VoiceMail,
];

/// Every example number of libphonenumber's metadata, with the region it belongs to (`None` for
/// non-geographic entities), sorted.
pub(crate) fn examples() -> Vec<(Option<String>, PhoneNumber)> {
    let util = &*PHONE_NUMBER_UTIL;
    let mut regions: Vec<_> = util.get_supported_regions().collect();
    regions.sort_by_key(ToString::to_string);
    let mut out = Vec::new();
    for region in regions {
        let mut seen = Vec::new();
        for &t in TYPES {
            if let Ok(n) = util.get_example_number_for_type_and_region(region, t)
                && !seen.contains(&n.national_number)
            {
                seen.push(n.national_number);
                out.push((Some(region.to_string()), n));
            }
        }
    }
    let mut codes: Vec<i32> = util.get_supported_global_network_calling_codes().collect();
    codes.sort_unstable();
    for code in codes {
        if let Ok(n) = util.get_example_number_for_non_geo_entity(code) {
            out.push((None, n));
        }
    }
    out
}

fn format(n: &PhoneNumber, f: PhoneNumberFormat) -> String {
    PHONE_NUMBER_UTIL.format(n, f).into_owned()
}

/// The national (trunk) prefix of each calling code that has one, from the crate's country table
/// (the main region's, which is what parsing with that calling code uses).
pub(crate) fn trunk_prefixes() -> Vec<(i32, String)> {
    let tsv = include_str!("../../data/countries.tsv");
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code"))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[3] != "-").then(|| (cols[0].parse().unwrap(), cols[3].to_owned()))
        })
        .collect()
}

/// The corpus, at least 10,000 cases.
pub(crate) fn corpus() -> Vec<Case> {
    let mut rng = Rng::new(0x00a1_e8a0_0003);
    let examples = examples();
    let trunk_prefixes = trunk_prefixes();
    let codes: Vec<i32> = examples.iter().map(|(_, n)| n.country_code).collect();
    let mut cases = Vec::new();
    for (_region, n) in &examples {
        let cc = n.country_code;
        let nsn = rlibphonenumber::get_national_significant_number_owned(n);
        let e164 = format(n, PhoneNumberFormat::E164);
        let international = format(n, PhoneNumberFormat::International);
        let national = format(n, PhoneNumberFormat::National);
        let rfc3966 = format(n, PhoneNumberFormat::RFC3966);
        let trunk = trunk_prefixes.iter().find(|(c, _)| *c == cc).map(|(_, p)| p.clone());
        let cc_forms = [format!("+{cc}"), format!("{cc}"), format!("00{cc}"), format!("011{cc}")];
        let mut push = |country_code: String, phone_number: String, shape: &'static str| {
            cases.push(Case { country_code, phone_number, default_code: cc, shape });
        };
        // The country code in each of its forms, with the plain national number.
        for form in &cc_forms {
            push(form.clone(), nsn.clone(), "national number");
        }
        let form = || cc_forms[0].clone();
        let any_form = |rng: &mut Rng| rng.pick(&cc_forms).clone();
        push(any_form(&mut rng), international.clone(), "international format");
        push(any_form(&mut rng), e164.clone(), "e164");
        push(any_form(&mut rng), national.clone(), "national format");
        push(any_form(&mut rng), separate(&mut rng, &nsn), "separators");
        push(
            any_form(&mut rng),
            format!("  {}\u{a0}", separate(&mut rng, &nsn)),
            "surrounding spaces",
        );
        push(
            any_form(&mut rng),
            format!(" {international} "),
            "surrounding spaces (international)",
        );
        if let Some(trunk) = &trunk {
            push(any_form(&mut rng), format!("{trunk}{nsn}"), "trunk prefix");
            push(
                any_form(&mut rng),
                separate(&mut rng, &format!("{trunk}{nsn}")),
                "trunk prefix, separators",
            );
        }
        push(any_form(&mut rng), rfc3966.clone(), "rfc3966");
        let ext: String =
            (0..1 + rng.below(5)).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
        push(any_form(&mut rng), format!("{rfc3966};ext={ext}"), "rfc3966 extension");
        let marker =
            *rng.pick(&[" ext. ", " ext ", " x", " x ", " #", " extension ", "ext:", ";ext="]);
        let base = (*rng.pick(&[&international, &national, &e164])).clone();
        push(any_form(&mut rng), format!("{base}{marker}{ext}"), "extension");
        push(form(), format!("{cc}{nsn}"), "repeated country code");
        push(
            format!("{cc}"),
            format!("{cc} {}", separate(&mut rng, &nsn)),
            "repeated country code, separators",
        );
        push(format!("00{cc}"), format!("00{cc}{nsn}"), "international prefix in number");
        let other = *rng.pick(&codes);
        push(format!("+{other}"), international.clone(), "plus contradicts countryCode");
        push(format!("{other}"), e164.clone(), "plus contradicts countryCode");
        let zero = *rng.pick(DIGIT_ZEROS);
        push(
            to_script(&form(), zero),
            to_script(&separate(&mut rng, &nsn), zero),
            "unicode digits",
        );
        push(any_form(&mut rng), to_script(&international, zero), "unicode digits (international)");
        if let Some(trunk) = &trunk {
            push(
                to_script(&form(), zero),
                to_script(&format!("{trunk} {nsn}"), zero),
                "unicode digits, trunk prefix",
            );
        }
    }
    assert!(cases.len() >= 10_000, "corpus has only {} cases", cases.len());
    cases
}
