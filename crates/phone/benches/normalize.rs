//! `PhoneNumber::from_alexa` over the differential corpus (more than 24,000 Alexa-shaped
//! `countryCode` / `phoneNumber` pairs built from every example number of libphonenumber's
//! metadata), side by side with the libphonenumber port `rlibphonenumber` doing the same job:
//! `parse` with the country code's main region, then `format` as E.164. One iteration normalizes
//! one pair; successive iterations walk the corpus, so a sample's mean is the mean over the corpus.
//! The inputs are packed into one buffer, as a decoded response would hold them, so that both
//! rows measure parsing rather than cache misses on 50,000 scattered small allocations.
//! Run through `cargo xtask bench phone`.

#![allow(clippy::unwrap_used, unreachable_pub, dead_code, reason = "benchmark harness")]

use std::hint::black_box;

use alexa_phone::PhoneNumber;
use criterion::{Criterion, criterion_group, criterion_main};
use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat};

#[path = "../tests/it/corpus.rs"]
mod corpus;

/// All the inputs in one buffer, and where each pair is.
struct Packed {
    text: String,
    pairs: Vec<(usize, usize, usize)>,
}

impl Packed {
    fn new(pairs: impl Iterator<Item = (String, String)>) -> Packed {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (a, b) in pairs {
            let start = text.len();
            text.push_str(&a);
            let mid = text.len();
            text.push_str(&b);
            spans.push((start, mid, text.len()));
        }
        Packed { text, pairs: spans }
    }

    fn get(&self, i: usize) -> (&str, &str) {
        let (start, mid, end) = self.pairs[i];
        (&self.text[start..mid], &self.text[mid..end])
    }
}

fn normalize(c: &mut Criterion) {
    let cases = corpus::corpus();
    let util = &*PHONE_NUMBER_UTIL;
    let ours = Packed::new(cases.iter().map(|c| (c.country_code.clone(), c.phone_number.clone())));
    let port = Packed::new(cases.iter().map(|c| (String::new(), c.phone_number.clone())));
    let regions: Vec<_> =
        cases.iter().map(|case| util.get_region_for_country_code(case.default_code)).collect();
    // Warm the port's lazily built regex caches for every region before measuring.
    for (i, region) in regions.iter().enumerate() {
        let _ = util
            .parse(port.get(i).1, *region)
            .map(|n| util.format(&n, PhoneNumberFormat::E164).len());
    }
    let n = cases.len();
    let mut group = c.benchmark_group("phone_normalize");
    let mut i = 0;
    group.bench_function("alexa_phone_from_alexa", |b| {
        b.iter(|| {
            i = if i + 1 == n { 0 } else { i + 1 };
            let (country_code, phone_number) = ours.get(i);
            PhoneNumber::from_alexa(black_box(country_code), black_box(phone_number))
                .map(|n| n.e164().len())
        });
    });
    let mut i = 0;
    group.bench_function("rlibphonenumber_parse_format_e164", |b| {
        b.iter(|| {
            i = if i + 1 == n { 0 } else { i + 1 };
            let (_, phone_number) = port.get(i);
            util.parse(black_box(phone_number), regions[i])
                .map(|n| util.format(&n, PhoneNumberFormat::E164).len())
        });
    });
    group.finish();
}

criterion_group!(benches, normalize);
criterion_main!(benches);
