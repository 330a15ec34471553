//! The fuzz targets' properties, as proptests cheap enough for CI: the same functions
//! (`alexa_reliability_tests::properties`) on generated inputs, plus every committed seed and
//! every input a fuzzer once found (`fuzz/seeds/`). `cargo xtask fuzz` runs the coverage-guided
//! campaigns; this is their smoke test.

use std::path::{Path, PathBuf};

use alexa_reliability_tests::properties;
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(std::fs::read(&path).unwrap());
            }
        }
    }
    assert!(!out.is_empty(), "no files in {dir}");
    out
}

/// Up to `n` byte edits (replace, insert, delete) drawn from JSON's punctuation and a few more.
fn mutated(seeds: Vec<Vec<u8>>, n: usize) -> impl Strategy<Value = Vec<u8>> {
    let edit = (
        any::<u16>(),
        0u8..3,
        prop::sample::select(b"{}[]\",:0123456789tfnuel-.\\ xE\xff".to_vec()),
    );
    (prop::sample::select(seeds), prop::collection::vec(edit, 0..=n)).prop_map(
        |(mut input, edits)| {
            for (at, op, byte) in edits {
                if input.is_empty() {
                    input.push(byte);
                    continue;
                }
                let at = usize::from(at) % input.len();
                match op {
                    0 => input[at] = byte,
                    1 => input.insert(at, byte),
                    _ => {
                        input.remove(at);
                    }
                }
            }
            input
        },
    )
}

#[test]
fn every_seed_and_past_finding_holds() {
    for input in
        files("crates/alexa-model/tests/data").into_iter().chain(files("fuzz/seeds/envelope"))
    {
        properties::envelope(&input);
    }
    for input in files("fuzz/seeds/endpoint") {
        properties::endpoint(&input);
    }
    for input in files("crates/consent/tests/data/manifests") {
        properties::manifest(&input);
    }
    for input in files("fuzz/seeds/response") {
        properties::response(&input);
    }
    for input in files("fuzz/seeds/phone") {
        properties::phone(&input);
    }
}

fn endpoint_input() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec![
        "https://",
        "HTTPS://",
        "http://",
        "ftp://",
        "",
        "https:/",
        "https:///",
    ]);
    let userinfo = prop::sample::select(vec!["", "", "", "user@", "api.amazonalexa.com@", "a:b@"]);
    let host = prop::sample::select(vec![
        "api.amazonalexa.com",
        "API.EU.AmazonAlexa.com",
        "api.fe.amazonalexa.com",
        "api.amazonalexa.com.",
        "api.amazonalexa.com.evil.example",
        "evil-api.amazonalexa.com",
        "127.0.0.1",
        "[::1]",
        "169.254.169.254",
        "localhost",
        "api%2eamazonalexa.com",
    ]);
    let port = prop::sample::select(vec!["", "", ":443", ":0443", ":8443", ":", ":9", ":65536"]);
    let tail = prop::sample::select(vec!["", "", "/", "/v2", "?x=1", "#f", "\\@127.0.0.1", " "]);
    let allowed = prop::sample::select(vec![
        "",
        "http://127.0.0.1:9\n",
        "https://[::1]:9443\n",
        "http://localhost\n",
        "https://api.amazonalexa.com\n",
    ]);
    let structured = (allowed, scheme, userinfo, host, port, tail)
        .prop_map(|(a, s, u, h, p, t)| format!("{a}{s}{u}{h}{p}{t}"));
    prop_oneof![3 => structured, 1 => "[ -~\n]{0,48}"]
}

fn response_input() -> impl Strategy<Value = Vec<u8>> {
    let body = prop_oneof![
        Just(br#""CANARY-BODY-93d0@example.org""#.to_vec()),
        Just(br#"{"name": "CANARY-BODY-93d0"}"#.to_vec()),
        Just(br#"{"countryCode": "+1", "phoneNumber": "CANARY-BODY-93d0"}"#.to_vec()),
        Just(
            br#"{"code":"FORBIDDEN","message":"Access to this resource cannot be requested."}"#
                .to_vec()
        ),
        Just(b"null".to_vec()),
        Just(b"<html>CANARY-BODY-93d0</html>".to_vec()),
        prop::collection::vec(any::<u8>(), 0..64),
    ];
    (any::<[u8; 3]>(), body).prop_map(|(head, body)| [head.to_vec(), body].concat())
}

fn phone_input() -> impl Strategy<Value = Vec<u8>> {
    let country_code = prop::sample::select(vec![
        "+1", "1", "001", "+91", "0091", "91", "+44", "+39", "+7", "011 49", "+999", "", "+",
    ]);
    let number = "[0-9 +()./#x-]{0,24}(ext\\.? ?[0-9]{1,4})?";
    let alexa = (country_code, number).prop_map(|(cc, n)| format!("\0{cc}\n{n}").into_bytes());
    let parsed = (any::<[u8; 3]>(), "[0-9 +()./a-z:;=-]{0,32}")
        .prop_map(|(head, text)| [&[head[0] | 1, head[1], head[2]][..], text.as_bytes()].concat());
    prop_oneof![alexa, parsed, prop::collection::vec(any::<u8>(), 0..40)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn envelopes(input in mutated(files("crates/alexa-model/tests/data"), 6)) {
        properties::envelope(&input);
    }

    #[test]
    fn endpoints(input in endpoint_input()) {
        properties::endpoint(input.as_bytes());
    }

    #[test]
    fn manifests(input in mutated(files("crates/consent/tests/data/manifests"), 6)) {
        properties::manifest(&input);
    }

    #[test]
    fn responses(input in response_input()) {
        properties::response(&input);
    }

    #[test]
    fn phones(input in phone_input()) {
        properties::phone(&input);
    }
}
