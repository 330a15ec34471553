//! The properties checked on every input, by the fuzz targets (`fuzz/fuzz_targets/*.rs` call
//! these functions) and by the proptest equivalents in CI (`tests/it/properties.rs`). Each one
//! panics, with a message that names the property, when the input breaks it.

use std::sync::{Arc, LazyLock};
use std::time::{Duration, SystemTime};

use alexa_consent::{ConsentLevel, ProfileField, check_manifest};
use alexa_model::{ApiAccessToken, ApiContext, RequestEnvelope};
use alexa_phone::PhoneNumber;
use alexa_profile_api::transport::TransportError;
use alexa_profile_api::{
    AMAZON_API_HOSTS, EndpointPolicy, Error, ErrorKind, Fetched, ProfileApi, ProfileClient,
    RetryPolicy,
};
use bytes::Bytes;

use crate::scripted::{Plan, Script, Scripted, Step};

/// Envelope decoding: any input decodes or fails with an error; what decodes is JSON (UTF-8 is
/// not checked inside skipped members, as `serde_json` does not), survives
/// encode -> decode unchanged, encodes to the same bytes twice, and its `Debug` output does not
/// depend on the value of the API access token.
pub fn envelope(data: &[u8]) {
    let envelope = match RequestEnvelope::from_slice(data) {
        Ok(envelope) => envelope,
        Err(error) => {
            assert!(!error.to_string().is_empty(), "an error says something");
            return;
        }
    };
    // `IgnoredAny`, not `Value`: serde_json does not check UTF-8 inside the members it skips
    // (an unknown top-level member, say), and neither does the envelope, which keeps nothing of
    // them; everything it keeps is a Rust `String`, valid UTF-8 by construction.
    assert!(
        serde_json::from_slice::<serde::de::IgnoredAny>(data).is_ok(),
        "only JSON decodes as an envelope"
    );
    let encoded = match envelope.to_json() {
        Ok(encoded) => encoded,
        Err(error) => panic!("a decoded envelope encodes: {error}"),
    };
    let again = match RequestEnvelope::from_slice(encoded.as_bytes()) {
        Ok(again) => again,
        Err(error) => panic!("the encoded form decodes: {error}\n{encoded}"),
    };
    assert_eq!(envelope, again, "decode -> encode -> decode keeps every modelled value");
    match again.to_json() {
        Ok(twice) => assert_eq!(twice, encoded, "encoding is stable"),
        Err(error) => panic!("a decoded envelope encodes: {error}"),
    }
    let _ = envelope.summary();
    let _ = envelope.api_context();
    let debug = format!("{envelope:?}");
    let mut other = envelope.clone();
    if let Some(context) = other.context.as_mut()
        && context.system.api_access_token.is_some()
    {
        context.system.api_access_token = Some(ApiAccessToken::new("a different token"));
        assert_eq!(debug, format!("{other:?}"), "Debug never depends on the token's value");
    }
}

/// The accepted forms of Amazon's endpoints: exactly these, in any ASCII case.
fn amazon_oracle(candidate: &str) -> bool {
    let lower = candidate.to_ascii_lowercase();
    AMAZON_API_HOSTS.iter().any(|host| {
        [
            format!("https://{host}"),
            format!("https://{host}/"),
            format!("https://{host}:443"),
            format!("https://{host}:443/"),
        ]
        .contains(&lower)
    })
}

fn amazon_bases() -> Vec<String> {
    AMAZON_API_HOSTS.iter().map(|h| format!("https://{h}")).collect()
}

fn refusal_is_clean(error: &Error) {
    let ErrorKind::EndpointRefused { reason } = error.kind() else {
        panic!("a refused endpoint is EndpointRefused, not {:?}", error.kind());
    };
    assert_eq!(error.attempts(), 0, "a refused endpoint makes no attempt");
    assert_eq!(error.to_string(), format!("endpoint refused: {reason}"), "a fixed message");
}

/// The endpoint policy. The input is `allowed\ncandidate` (or just the candidate). Amazon's
/// policy accepts exactly the oracle's forms and normalizes them to one of the three bases; a
/// policy with one allowed endpoint accepts exactly those and the allowed one; refusals are
/// `EndpointRefused` with a fixed message and no attempt.
pub fn endpoint(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (allowed, candidate) = text.split_once('\n').unwrap_or(("", &text));
    let amazon = EndpointPolicy::amazon();
    let verdict = amazon.check(candidate);
    assert_eq!(verdict.is_ok(), amazon_oracle(candidate), "Amazon's policy: {candidate:?}");
    let amazon_base = match &verdict {
        Ok(endpoint) => {
            assert!(endpoint.is_https());
            assert!(amazon_bases().iter().any(|b| b == endpoint.base()), "{}", endpoint.base());
            Some(endpoint.base().to_owned())
        }
        Err(error) => {
            refusal_is_clean(error);
            None
        }
    };
    let Ok(policy) = EndpointPolicy::amazon().allow(allowed) else { return };
    let allowed_base = match policy.check(allowed) {
        Ok(endpoint) => endpoint.base().to_owned(),
        Err(error) => panic!("an allowed endpoint passes its own policy: {allowed:?}: {error}"),
    };
    match policy.check(candidate) {
        Ok(endpoint) => {
            let base = endpoint.base();
            assert!(
                base == allowed_base || amazon_bases().iter().any(|b| b == base),
                "accepted {candidate:?} as {base}: neither Amazon nor {allowed_base}"
            );
            if base == allowed_base && amazon_base.is_none() {
                // Allowing the candidate itself gives the same endpoint: matching is symmetric.
                let mirror =
                    EndpointPolicy::amazon().allow(candidate).and_then(|p| p.check(allowed));
                assert!(mirror.is_ok(), "{candidate:?} matches {allowed:?} but not the reverse");
            }
        }
        Err(error) => {
            refusal_is_clean(&error);
            assert!(amazon_base.is_none(), "allowing more never refuses an Amazon endpoint");
        }
    }
}

/// The manifest check: never a panic; the same verdict twice; only JSON is checked; findings
/// name a path under `manifest` and say something; syntax errors point at a line.
pub fn manifest(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let first = check_manifest(text);
    assert_eq!(first, check_manifest(text), "the check is deterministic");
    match first {
        Ok(findings) => {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_ok(), "only JSON passes");
            for finding in &findings {
                assert!(finding.path().starts_with("manifest"), "{}", finding.path());
                assert!(!finding.message().is_empty());
                assert_eq!(finding.severity(), finding.code().severity());
                assert!(!finding.to_string().is_empty());
            }
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            if error.kind() == alexa_consent::ManifestErrorKind::Syntax {
                assert!(error.line() >= 1, "a syntax error has a line");
            }
        }
    }
}

/// Phone normalization. The first byte picks the entry point: `from_alexa` (the rest is
/// `countryCode\nphoneNumber`) or `parse` (with a default country calling code from the next two
/// bytes, or none). Properties: never a panic; a number is `+` and at most 15 digits, its country code
/// and national number put together, shown by `Display` and `e164` alike; normalizing its own
/// E.164 form (or its RFC 3966 URI, with an extension) gives it back (idempotence); `Debug` never
/// shows the national number; an error's `Display` and `Debug` never quote the input's digits.
pub fn phone(data: &[u8]) {
    let [mode, rest @ ..] = data else { return };
    let (default, body) = match rest {
        [a, b, body @ ..] if mode & 3 == 1 => (Some(u16::from_le_bytes([*a, *b]) % 1000), body),
        _ => (None, rest),
    };
    let text = String::from_utf8_lossy(body);
    let (outcome, inputs): (Result<PhoneNumber, alexa_phone::Error>, Vec<&str>) = if mode & 1 == 0 {
        let (country_code, number) = text.split_once('\n').unwrap_or(("", &text));
        (PhoneNumber::from_alexa(country_code, number), vec![country_code, number])
    } else {
        (PhoneNumber::parse(&text, default), vec![&*text])
    };
    match outcome {
        Ok(number) => {
            let e164 = number.e164();
            let digits = &e164[1..];
            assert!(e164.starts_with('+'), "{e164}");
            assert!(digits.bytes().all(|b| b.is_ascii_digit()), "only digits after +");
            assert!((2..=15).contains(&digits.len()), "E.164 has at most 15 digits");
            assert_eq!(digits, format!("{}{}", number.country_code(), number.national_number()));
            assert_eq!(number.to_string(), e164, "Display writes the E.164 form");
            let again = match number.extension() {
                None => PhoneNumber::parse(e164, None),
                Some(_) => PhoneNumber::parse(&number.rfc3966(), None),
            };
            match again {
                Ok(again) => {
                    assert_eq!(again.e164(), e164, "normalizing is idempotent");
                    assert_eq!(again.extension(), number.extension());
                }
                Err(error) => panic!("its own form does not parse again: {error}"),
            }
            match PhoneNumber::from_alexa("", e164) {
                Ok(again) => assert_eq!(again.e164(), e164, "from_alexa of the E.164 form"),
                Err(error) => panic!("from_alexa of its own E.164 form: {error}"),
            }
            if number.national_number().len() >= 4 {
                assert!(!format!("{number:?}").contains(number.national_number()), "Debug");
            }
        }
        Err(error) => {
            let rendered = format!("{error} {error:?}");
            for input in inputs {
                for run in input.split(|c: char| !c.is_ascii_digit()).filter(|r| r.len() >= 6) {
                    assert!(!rendered.contains(run), "an error quotes the digits: {rendered}");
                }
            }
        }
    }
}

/// A runtime on tokio's paused clock (sleeps complete at once, in virtual time) and a client with
/// the standard policy whose requests go to a scripted transport.
struct Harness {
    runtime: tokio::runtime::Runtime,
    client: ProfileClient,
    script: Arc<Script>,
}

static HARNESS: LazyLock<Harness> = LazyLock::new(|| {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => panic!("a runtime: {error}"),
    };
    let script = Script::new([Step::Silence]);
    let client = match ProfileClient::builder()
        .retry_policy(RetryPolicy::standard())
        .transport(Arc::new(Scripted(script.clone())))
        .build()
    {
        Ok(client) => client,
        Err(error) => panic!("a client: {error}"),
    };
    Harness { runtime, client, script }
});

const STATUSES: [u16; 20] = [
    200, 200, 200, 200, 204, 400, 401, 403, 403, 404, 429, 429, 500, 501, 502, 503, 504, 301, 307,
    206,
];
const CONTENT_TYPES: [Option<&str>; 6] = [
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("application/problem+json"),
    Some("text/html"),
    None,
    Some("APPLICATION/JSON"),
];

fn retry_after_value(choice: u8) -> Option<String> {
    let in_secs = |s: u64| httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(s));
    match choice % 8 {
        0 => None,
        1 => Some("0".into()),
        2 => Some("1".into()),
        3 => Some("120".into()),
        4 => Some(in_secs(3600)),
        5 => Some("Sun, 06 Nov 1994 08:49:37 GMT".into()),
        6 => Some("soon".into()),
        _ => Some("99999999999999999999".into()),
    }
}

/// The client's response decoding, through the whole client: the input picks a status, a content
/// type, a `Content-Length`, a `Retry-After`, the operation, sometimes a failure before the
/// response, and the body (the rest). The same answer is given to every attempt. Properties: the
/// call ends within the standard deadline (virtual time), makes 1 to 3 attempts, sends exactly
/// one GET with the bearer token marked sensitive, returns the outcome the status calls for, and
/// no error's `Display` or `Debug` quotes the body.
pub fn response(data: &[u8]) {
    let [a, b, c, body @ ..] = data else { return };
    let status = STATUSES[usize::from(*a) % STATUSES.len()];
    let content_type = CONTENT_TYPES[usize::from(*b) % CONTENT_TYPES.len()];
    let length_mode = (b >> 3) % 3;
    let retry_after = retry_after_value(b >> 5);
    let field = [
        ProfileField::Name,
        ProfileField::GivenName,
        ProfileField::Email,
        ProfileField::MobileNumber,
    ][usize::from(*c & 3)];
    let level = if c & 4 == 0 { ConsentLevel::Account } else { ConsentLevel::Person };
    let failure = match c >> 3 {
        29 => Some(TransportError::Closed),
        30 => Some(TransportError::Connect),
        31 => Some(TransportError::InvalidHead),
        _ => None,
    };

    let mut headers = Vec::new();
    if let Some(ct) = content_type {
        headers.push(("content-type".to_owned(), ct.to_owned()));
    }
    match length_mode {
        1 => headers.push(("content-length".to_owned(), body.len().to_string())),
        2 => headers.push(("content-length".to_owned(), "10485760".to_owned())),
        _ => {}
    }
    if let Some(value) = &retry_after {
        headers.push(("retry-after".to_owned(), value.clone()));
    }
    headers.push(("x-amzn-requestid".to_owned(), "req-fuzz".to_owned()));
    let step = match failure {
        Some(error) => Step::Fail(error),
        None => Step::Answer { status, headers, body: Plan::Full(Bytes::copy_from_slice(body)) },
    };

    let harness = &*HARNESS;
    harness.script.set([step]);
    let before = harness.script.requests();
    let ctx =
        ApiContext::new("https://api.amazonalexa.com", ApiAccessToken::new(crate::canary::TOKEN));
    let (outcome, took) = harness.runtime.block_on(async {
        let started = tokio::time::Instant::now();
        let outcome = call(&harness.client, &ctx, field, level).await;
        (outcome, started.elapsed())
    });
    let requests = harness.script.requests() - before;

    if field == ProfileField::Email && level == ConsentLevel::Person {
        assert!(matches!(&outcome, Err(e) if e.kind() == &ErrorKind::Unsupported && requests == 0));
        return;
    }
    assert!(took <= RetryPolicy::standard().deadline(), "the deadline holds: {took:?}");
    assert!((1..=3).contains(&requests), "1 to 3 attempts, made {requests}");
    check_request(&harness.script, field, level);

    let error = match outcome {
        Ok(value) => {
            assert!(failure.is_none() && length_mode != 2, "a value only from a whole answer");
            assert_eq!(requests, 1, "a value is never retried");
            let json = content_type.is_some_and(|ct| {
                let ct = ct.to_ascii_lowercase();
                ct.starts_with("application/json") || ct.ends_with("+json")
            });
            match value {
                Some(()) => assert!(status == 200 && json, "a value only from a JSON 200"),
                None => assert!(
                    status == 204 || (status == 200 && json && is_json_null(body)),
                    "'not set' only from 204 (or a JSON null), not {status}"
                ),
            }
            return;
        }
        Err(error) => error,
    };
    let rendered = format!("{error} {error:?} {}", sources(&error));
    assert!(!rendered.contains(crate::canary::BODY), "an error quotes the body: {rendered}");
    assert!(!rendered.contains(crate::canary::TOKEN), "an error shows the token: {rendered}");
    assert_eq!(error.attempts() as usize, requests, "attempts are counted");
    let kind = error.kind().clone();
    match failure {
        Some(TransportError::InvalidHead) => assert_eq!(kind, ErrorKind::InvalidResponse),
        Some(_) => assert_eq!(kind, ErrorKind::Connect),
        None if length_mode == 2 => assert_eq!(kind, ErrorKind::BodyTooLarge { limit: 65536 }),
        None => expected_kind(status, &kind, field, level, retry_after.as_deref(), requests),
    }
}

fn expected_kind(
    status: u16,
    kind: &ErrorKind,
    field: ProfileField,
    level: ConsentLevel,
    retry_after: Option<&str>,
    requests: usize,
) {
    match status {
        200 => assert_eq!(kind, &ErrorKind::InvalidResponse),
        401 => assert_eq!(kind, &ErrorKind::Unauthorized),
        403 => assert!(
            matches!(kind, ErrorKind::PermissionRequired { scope, level: l }
                | ErrorKind::PermissionNotDeclared { scope, level: l }
                if *scope == field.scope() && *l == level),
            "{kind:?}"
        ),
        429 => {
            let ErrorKind::Throttled { retry_after: parsed } = kind else {
                panic!("429 is Throttled, not {kind:?}")
            };
            let numeric = retry_after.and_then(|v| v.parse::<u64>().ok());
            if let Some(seconds) = numeric {
                assert_eq!(*parsed, Some(Duration::from_secs(seconds.min(86_400))));
            }
            if parsed.is_some_and(|d| d >= Duration::from_millis(2500)) {
                assert_eq!(requests, 1, "a Retry-After beyond the deadline fails fast");
            }
        }
        500 | 502 | 503 | 504 => assert_eq!(kind, &ErrorKind::ServerError { status }),
        501 => {
            assert_eq!(kind, &ErrorKind::ServerError { status });
            assert_eq!(requests, 1, "501 is not retried");
        }
        _ => {
            assert_eq!(kind, &ErrorKind::UnexpectedStatus { status });
            assert_eq!(requests, 1, "{status} is not retried");
        }
    }
}

fn is_json_null(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v.is_null())
}

fn sources(error: &Error) -> String {
    let mut out = String::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        out.push_str(&format!("{cause} {cause:?} "));
        source = cause.source();
    }
    out
}

fn check_request(script: &Script, field: ProfileField, level: ConsentLevel) {
    let Some(request) = script.last_request() else { panic!("a request was sent") };
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(Some(request.uri().path()), field.path(level), "the operation's path");
    let Some(auth) = request.headers().get(http::header::AUTHORIZATION) else {
        panic!("the request carries the token")
    };
    assert!(auth.is_sensitive(), "the Authorization header is marked sensitive");
    assert_eq!(auth.as_bytes(), format!("Bearer {}", crate::canary::TOKEN).as_bytes());
}

/// One call of the operation, with the value dropped (its type differs per operation).
async fn call(
    client: &ProfileClient,
    ctx: &ApiContext,
    field: ProfileField,
    level: ConsentLevel,
) -> Fetched<()> {
    fn unit<T>(fetched: Fetched<T>) -> Fetched<()> {
        fetched.map(|v| v.map(|_| ()))
    }
    match (field, level) {
        (ProfileField::Name, ConsentLevel::Person) => unit(client.person_full_name(ctx).await),
        (ProfileField::Name, _) => unit(client.full_name(ctx).await),
        (ProfileField::GivenName, ConsentLevel::Person) => {
            unit(client.person_given_name(ctx).await)
        }
        (ProfileField::GivenName, _) => unit(client.given_name(ctx).await),
        (ProfileField::Email, ConsentLevel::Person) => {
            let request = alexa_profile_api::ContactRequest::person([ProfileField::Email]);
            let contact = client.fetch_contact(ctx, &request).await;
            match contact.email {
                Some(outcome) => unit(outcome),
                None => panic!("the email was requested"),
            }
        }
        (ProfileField::Email, _) => unit(client.email(ctx).await),
        (ProfileField::MobileNumber, ConsentLevel::Person) => {
            unit(client.person_mobile_number(ctx).await)
        }
        (ProfileField::MobileNumber, _) => unit(client.mobile_number(ctx).await),
        (other, _) => panic!("not a profile field: {other:?}"),
    }
}
