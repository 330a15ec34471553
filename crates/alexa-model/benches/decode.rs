//! Decoding a typical 3 KB `IntentRequest` envelope (compact JSON, as Alexa sends it) into the
//! typed model, side by side with the floor (`IgnoredAny`: JSON validation alone) and with
//! `serde_json::Value`. Run through `cargo xtask bench envelope`.

use std::hint::black_box;

use alexa_model::RequestEnvelope;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The fixture with its whitespace removed and its key order kept (Alexa sends `type` first).
fn typical_intent() -> Vec<u8> {
    let pretty = include_str!("../tests/data/intent_request_typical.json");
    let mut out = Vec::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    for b in pretty.bytes() {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
            out.push(b);
        } else if !b.is_ascii_whitespace() {
            out.push(b);
        }
    }
    out
}

fn decode(c: &mut Criterion) {
    let bytes = typical_intent();
    let mut group = c.benchmark_group("decode_intent_3kb");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("ignored_any", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&bytes)).expect("valid")
        });
    });
    group.bench_function("ignored_any_utf8", |b| {
        b.iter(|| {
            std::str::from_utf8(black_box(&bytes)).expect("UTF-8");
            serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&bytes)).expect("valid")
        });
    });
    group.bench_function("borrowed_mirror", |b| {
        b.iter(|| {
            serde_json::from_slice::<borrowed::Envelope<'_>>(black_box(&bytes)).expect("valid")
        });
    });
    group.bench_function("typed", |b| {
        b.iter(|| RequestEnvelope::from_slice(black_box(&bytes)).expect("valid"));
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("valid"));
    });
    group.finish();
}

criterion_group!(benches, decode);

/// The experiment: the same envelope shape with borrowed strings and raw subtrees. Not a public
/// type; it exists to measure what a borrowing model would buy (see `docs/benchmarks.md`).
#[allow(
    dead_code,
    unreachable_pub,
    reason = "the fields exist to be decoded, as in the real model"
)]
mod borrowed {
    use serde::Deserialize;
    use serde_json::value::RawValue;
    use std::borrow::Cow;
    use std::collections::BTreeMap;
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Envelope<'a> {
        #[serde(borrow)]
        pub version: Cow<'a, str>,
        #[serde(borrow)]
        pub session: Option<Session<'a>>,
        #[serde(borrow)]
        pub context: Option<Context<'a>>,
        #[serde(borrow)]
        pub request: Req<'a>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Session<'a> {
        #[serde(default)]
        pub new: bool,
        #[serde(borrow)]
        pub session_id: Cow<'a, str>,
        #[serde(borrow)]
        pub application: Option<App<'a>>,
        #[serde(borrow)]
        pub user: Option<User<'a>>,
        #[serde(borrow)]
        pub attributes: Option<&'a RawValue>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct App<'a> {
        #[serde(borrow)]
        pub application_id: Cow<'a, str>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct User<'a> {
        #[serde(borrow)]
        pub user_id: Cow<'a, str>,
        #[serde(borrow)]
        pub access_token: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub permissions: Option<Perms<'a>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Perms<'a> {
        #[serde(borrow)]
        pub consent_token: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub scopes: Option<BTreeMap<Cow<'a, str>, Grant<'a>>>,
    }
    #[derive(Deserialize)]
    pub struct Grant<'a> {
        #[serde(borrow)]
        pub status: Cow<'a, str>,
    }
    #[derive(Deserialize)]
    pub struct Context<'a> {
        #[serde(rename = "System", borrow)]
        pub system: System<'a>,
        #[serde(rename = "Viewport", borrow)]
        pub viewport: Option<&'a RawValue>,
        #[serde(rename = "Viewports", borrow)]
        pub viewports: Option<&'a RawValue>,
        #[serde(rename = "Extensions", borrow)]
        pub ext: Option<&'a RawValue>,
        #[serde(rename = "AudioPlayer", borrow)]
        pub ap: Option<&'a RawValue>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct System<'a> {
        #[serde(borrow)]
        pub application: App<'a>,
        #[serde(borrow)]
        pub user: User<'a>,
        #[serde(borrow)]
        pub device: Option<Device<'a>>,
        #[serde(borrow)]
        pub api_endpoint: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub api_access_token: Option<Cow<'a, str>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Device<'a> {
        #[serde(borrow)]
        pub device_id: Cow<'a, str>,
        #[serde(borrow)]
        pub supported_interfaces: &'a RawValue,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Req<'a> {
        #[serde(rename = "type", borrow)]
        pub kind: Cow<'a, str>,
        #[serde(borrow)]
        pub request_id: Cow<'a, str>,
        #[serde(borrow)]
        pub timestamp: Cow<'a, str>,
        #[serde(borrow)]
        pub locale: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub dialog_state: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub intent: Option<Intent<'a>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Intent<'a> {
        #[serde(borrow)]
        pub name: Cow<'a, str>,
        #[serde(borrow)]
        pub confirmation_status: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub slots: Option<BTreeMap<Cow<'a, str>, Slot<'a>>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Slot<'a> {
        #[serde(borrow)]
        pub name: Cow<'a, str>,
        #[serde(borrow)]
        pub value: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub confirmation_status: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub source: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub resolutions: Option<&'a RawValue>,
        #[serde(borrow)]
        pub slot_value: Option<&'a RawValue>,
    }
}

criterion_main!(benches);
