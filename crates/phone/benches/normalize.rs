//! `PhoneNumber::from_alexa` over the differential corpus (more than 24,000 Alexa-shaped
//! `countryCode` / `phoneNumber` pairs built from every example number of libphonenumber's
//! metadata), side by side with the libphonenumber port `rlibphonenumber` doing the same job:
//! `parse` with the country code's main region, then `format` as E.164. One iteration normalizes
//! one pair; successive iterations walk the corpus, so a sample's mean is the mean over the corpus.
//! The inputs are packed into one buffer, as a decoded response would hold them, so that both
//! rows measure parsing rather than cache misses on 50,000 scattered small allocations, and
//! sliced before measuring, so that an iteration costs little besides the call: the third row,
//! `harness_only`, is that cost (the next pair and its lengths, through `black_box`), which both
//! rows above it include. Run through `cargo xtask bench phone-normalize`.

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

    /// Every pair, as slices of the buffer.
    fn slices(&self) -> Vec<(&str, &str)> {
        self.pairs
            .iter()
            .map(|&(start, mid, end)| (&self.text[start..mid], &self.text[mid..end]))
            .collect()
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
    for (&(_, phone_number), region) in port.slices().iter().zip(&regions) {
        let _ = util
            .parse(phone_number, *region)
            .map(|n| util.format(&n, PhoneNumberFormat::E164).len());
    }
    let (ours, port) = (ours.slices(), port.slices());
    let mut group = c.benchmark_group("phone_normalize");
    let mut next = ours.iter().cycle();
    group.bench_function("alexa_phone_from_alexa", |b| {
        b.iter(|| {
            let &(country_code, phone_number) = next.next().unwrap();
            PhoneNumber::from_alexa(black_box(country_code), black_box(phone_number))
                .map(|n| n.e164().len())
        });
    });
    let mut next = port.iter().zip(&regions).cycle();
    group.bench_function("rlibphonenumber_parse_format_e164", |b| {
        b.iter(|| {
            let (&(_, phone_number), region) = next.next().unwrap();
            util.parse(black_box(phone_number), *region)
                .map(|n| util.format(&n, PhoneNumberFormat::E164).len())
        });
    });
    let mut next = ours.iter().cycle();
    group.bench_function("harness_only", |b| {
        b.iter(|| {
            let &(country_code, phone_number) = next.next().unwrap();
            black_box(country_code).len() + black_box(phone_number).len()
        });
    });
    group.finish();
}

criterion_group!(benches, normalize);
criterion_main!(benches);
