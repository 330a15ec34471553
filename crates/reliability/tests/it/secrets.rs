//! Secret hygiene: the demo's scenarios (every answer of the API, over HTTPS with HTTP/2, where
//! rustls and h2 log the most) and the whole fault matrix run with `tracing` at TRACE for every
//! crate, `log` records (rustls) bridged in, into a buffer; then `Debug` and `Display` of every
//! public type and error that can hold a token or a profile value. Not one canary value may
//! appear anywhere.
//!
//! hyper 1.x emits its own trace events only when built with `--cfg hyper_unstable_tracing`;
//! `docs/reliability.md` gives the command that runs this suite that way too.

use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use alexa_consent::{ConsentCard, ConsentDecision, ConsentLevel, Language, ProfileField};
use alexa_model::{AccessToken, ApiAccessToken, ApiContext, ConsentToken, RequestEnvelope};
use alexa_profile_api::{
    Contact, ContactRequest, Email, EndpointPolicy, ErrorKind, FullName, GivenName, MobileNumber,
    ProfileApi, ProfileClient, RetryPolicy,
};
use alexa_profile_emulator::{Emulator, Fixture, Grant, Profile, Scope};
use alexa_reliability_tests::canary;

use crate::fault_matrix::cases;
use crate::support::{ALL_SCOPES, canary_profile, run_case};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Runs `scenario` on a current-thread runtime (so every task, the emulator's and hyper's
/// included, logs into this thread's subscriber) with TRACE for everything, and returns the log.
fn captured(scenario: impl AsyncFnOnce()) -> String {
    static LOG_BRIDGE: Once = Once::new();
    LOG_BRIDGE.call_once(|| {
        tracing_log::LogTracer::init().unwrap();
    });
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_target(true)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(scenario());
    });
    buffer.text()
}

fn assert_clean(what: &str, text: &str) {
    let found = canary::found_in(text);
    assert!(found.is_empty(), "{what} shows {found:?}");
}

#[test]
fn the_demo_scenarios_at_trace_leak_nothing() {
    let log = captured(async || {
        let emulator = Emulator::builder()
            .with_profile("zelda", canary_profile())
            .with_profile("nobody", Profile::new().with_given_name("Nobody"))
            .with_token_value(
                "tok-canary",
                canary::TOKEN,
                Grant::new("zelda").with_scopes(ALL_SCOPES),
            )
            .with_tls()
            .start_local()
            .await
            .unwrap();
        let ca = emulator.ca_certificate_pem().unwrap().to_owned();
        let client = ProfileClient::builder()
            .allow_endpoint(emulator.base_url())
            .unwrap()
            .root_certificates_pem(ca.as_bytes())
            .unwrap()
            .build()
            .unwrap();
        let token = emulator.token("tok-canary").unwrap();
        let envelope = emulator.envelope(&token).launch();
        let ctx = envelope.api_context().unwrap();
        tracing::info!(?envelope, ?ctx, "the skill received a request");

        // Every value, at once (HTTP/2 over TLS 1.3: h2 and rustls log at TRACE).
        let contact = client.fetch_contact(&ctx, &ContactRequest::account(ProfileField::ALL)).await;
        assert_eq!(contact.email_value().unwrap().expose(), canary::EMAIL);
        assert_eq!(contact.name_value().unwrap().expose(), canary::NAME);
        tracing::info!(?contact, "fetched");
        let decision = contact.decision(Language::from_locale("en-US"), "Canary Shop");
        tracing::info!(?decision, "decided");

        // Not granted (403), not declared (the other 403), not set (204), revoked (401).
        let narrow = emulator
            .mint(
                Grant::new("zelda")
                    .with_scopes([Scope::GivenName])
                    .with_declared_scopes([Scope::GivenName, Scope::Email]),
            )
            .unwrap();
        let ctx_narrow = emulator.envelope(&narrow).launch().api_context().unwrap();
        let contact =
            client.fetch_contact(&ctx_narrow, &ContactRequest::account(ProfileField::ALL)).await;
        assert!(!contact.missing_scopes().is_empty());
        tracing::info!(?contact, "partly granted");
        let unset = emulator.mint(Grant::new("nobody").with_scopes(ALL_SCOPES)).unwrap();
        let ctx_unset = emulator.envelope(&unset).launch().api_context().unwrap();
        assert!(client.email(&ctx_unset).await.unwrap().is_none());
        assert!(emulator.revoke("tok-canary"));
        let error = client.email(&ctx).await.unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::Unauthorized);
        tracing::error!(%error, ?error, "unauthorized");

        // A forged envelope pointing elsewhere: refused before any connection.
        let forged = ApiContext::new(
            "https://api.amazonalexa.com.evil.example",
            ApiAccessToken::new(canary::TOKEN),
        );
        let error = client.email(&forged).await.unwrap_err();
        tracing::error!(%error, ?error, "refused");
        tracing::info!(log = ?emulator.request_log(), counts = ?emulator.counts(), "emulator");
        emulator.shutdown().await;
    });
    assert!(log.contains("profile_api"), "the client's spans are captured");
    assert!(log.contains(r#"log.target="rustls::"#), "rustls's log records are captured");
    assert!(log.contains(" h2::"), "h2's events are captured");
    assert!(log.contains(" hyper_util::"), "hyper-util's events are captured");
    if cfg!(hyper_unstable_tracing) {
        assert!(log.contains(" hyper::"), "hyper's own events are captured");
    }
    assert!(log.lines().count() > 100, "a TRACE log has lines: {}", log.lines().count());
    assert_clean("the TRACE log of the demo scenarios", &log);
}

#[test]
fn the_fault_matrix_at_trace_leaks_nothing() {
    let tokens = Arc::new(Mutex::new(Vec::new()));
    let seen = tokens.clone();
    let log = captured(async move || {
        for case in cases() {
            for ran in run_case(&case, 1).await {
                if let Err(error) = &ran.outcome {
                    tracing::error!(case = case.name, %error, ?error, "failed as expected");
                }
                seen.lock().unwrap().push(ran.token);
            }
        }
    });
    assert!(log.contains("profile_api"));
    assert_clean("the TRACE log of the fault matrix", &log);
    let tokens = tokens.lock().unwrap();
    assert_eq!(tokens.len(), cases().len());
    for token in tokens.iter() {
        assert!(!log.contains(token.as_str()), "a token of the matrix is in the log");
    }
}

/// `Debug` and, where there is one, `Display`.
macro_rules! rendered {
    ($($value:expr),* $(,)?) => {{
        let mut out = String::new();
        $( out.push_str(&format!("{:?}\n{:#?}\n", $value, $value)); )*
        out
    }};
}

macro_rules! displayed {
    ($($value:expr),* $(,)?) => {{
        let mut out = String::new();
        $( out.push_str(&format!("{}\n", $value)); )*
        out
    }};
}

#[tokio::test]
async fn every_public_type_and_error_formats_without_a_value() {
    // alexa-model: tokens, contexts, envelopes, and decoding errors around secret values.
    let token = ApiAccessToken::new(canary::TOKEN);
    let json = format!(
        r#"{{"version":"1.0","context":{{"System":{{"apiEndpoint":"https://api.amazonalexa.com",
        "apiAccessToken":"{}","user":{{"userId":"u","accessToken":"{}",
        "permissions":{{"consentToken":"{}"}}}},"person":{{"personId":"p","accessToken":"{}"}}}}}},
        "request":{{"type":"LaunchRequest","requestId":"r","timestamp":"2024-08-01T12:00:00Z",
        "locale":"en-US"}}}}"#,
        canary::TOKEN,
        canary::TOKEN,
        canary::TOKEN,
        canary::TOKEN
    );
    let envelope = RequestEnvelope::from_slice(json.as_bytes()).unwrap();
    let bad_type =
        json.replace(r#""locale":"en-US""#, &format!(r#""locale":["{}"]"#, canary::EMAIL));
    let model_errors = [
        RequestEnvelope::from_slice(bad_type.as_bytes()).unwrap_err(),
        RequestEnvelope::from_slice(format!(r#"{{"version": {}"#, canary::TOKEN).as_bytes())
            .unwrap_err(),
        RequestEnvelope::from_slice(format!(r#""{}""#, canary::NAME).as_bytes()).unwrap_err(),
    ];
    let mut text = rendered!(
        token,
        AccessToken::new(canary::TOKEN),
        ConsentToken::new(canary::TOKEN),
        ApiContext::new("https://api.amazonalexa.com", token.clone()),
        envelope,
        envelope.context.as_ref().unwrap().system,
        envelope.summary(),
        envelope.api_context().unwrap(),
        model_errors,
    );
    text.push_str(&displayed!(model_errors[0], model_errors[1], model_errors[2]));

    // alexa-profile-api: values, outcomes, errors of every kind, the client and its policies.
    let values = (
        FullName::new(canary::NAME),
        GivenName::new(canary::GIVEN_NAME),
        Email::new(canary::EMAIL),
        MobileNumber::new(canary::PHONE.0, canary::PHONE.1),
    );
    let mut contact = Contact::empty(ConsentLevel::Account);
    contact.name = Some(Ok(Some(values.0.clone())));
    contact.given_name = Some(Ok(Some(values.1.clone())));
    contact.email = Some(Ok(Some(values.2.clone())));
    contact.mobile_number = Some(Ok(Some(values.3.clone())));
    let statuses: Vec<_> = contact.statuses().collect();
    let client = ProfileClient::builder()
        .allow_endpoint("http://127.0.0.1:9")
        .unwrap()
        .retry_policy(RetryPolicy::standard().with_deadline(std::time::Duration::from_millis(300)))
        .build()
        .unwrap();
    // Real errors with sources: a refused connection, a refused endpoint, an invalid token value.
    let refused =
        client.email(&ApiContext::new("http://127.0.0.1:9", token.clone())).await.unwrap_err();
    let forged = client
        .email(&ApiContext::new(
            format!("https://{}@api.amazonalexa.com", canary::TOKEN),
            token.clone(),
        ))
        .await
        .unwrap_err();
    let bad_token = client
        .email(&ApiContext::new(
            "http://127.0.0.1:9",
            ApiAccessToken::new(format!("{}\n", canary::TOKEN)),
        ))
        .await
        .unwrap_err();
    let kinds: Vec<_> = [
        ErrorKind::Unauthorized,
        ErrorKind::Throttled { retry_after: None },
        ErrorKind::Timeout,
        ErrorKind::InvalidResponse,
        ErrorKind::BodyTooLarge { limit: 1 },
        ErrorKind::Config,
    ]
    .into_iter()
    .map(alexa_profile_api::testing::error)
    .collect();
    text.push_str(&rendered!(
        values,
        contact,
        statuses,
        client,
        EndpointPolicy::amazon().allow("http://127.0.0.1:9").unwrap(),
        RetryPolicy::standard(),
        ContactRequest::account(ProfileField::ALL),
        refused,
        forged,
        bad_token,
        kinds,
    ));
    text.push_str(&displayed!(refused, forged, bad_token));
    for error in [&refused, &forged, &bad_token] {
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(&format!("{cause} {cause:?}\n"));
            source = cause.source();
        }
    }

    // alexa-phone: the normalized number (its `Display` is the number, by design: it is how a
    // number is sent) and errors about a canary number.
    let phone = values.3.to_phone_number().unwrap();
    let phone_errors = [
        alexa_phone::PhoneNumber::from_alexa(canary::PHONE.0, "415-555-0199-5550199").unwrap_err(),
        alexa_phone::PhoneNumber::from_alexa("+999", canary::PHONE.1).unwrap_err(),
        alexa_phone::PhoneNumber::parse("415-555-0199 x 5550199555", Some(1)).unwrap_err(),
    ];
    text.push_str(&rendered!(phone, phone_errors));
    text.push_str(&displayed!(phone_errors[0], phone_errors[1], phone_errors[2]));

    // alexa-consent: cards, decisions, manifest errors around a value.
    let card = ConsentCard::new([Scope::Email, Scope::MobileNumber]).unwrap();
    let decision = ConsentDecision::new(Language::from_locale("en-US"), "Canary Shop");
    let manifest_error = alexa_consent::check_manifest(&format!(
        r#"{{"manifest": {{"permissions": "{}"}}}}"#,
        canary::EMAIL
    ))
    .unwrap_err();
    let unknown_scope =
        format!("alexa::profile:{}:read", canary::EMAIL).parse::<Scope>().unwrap_err();
    text.push_str(&rendered!(card, manifest_error, unknown_scope));
    text.push_str(&displayed!(manifest_error, unknown_scope));
    text.push_str(&rendered!(decision));

    // alexa-profile-emulator: profiles, grants, tokens, fixtures and their errors, the handle.
    let emulator = Emulator::builder()
        .with_profile("zelda", canary_profile())
        .with_token_value("tok-canary", canary::TOKEN, Grant::new("zelda").with_scopes(ALL_SCOPES))
        .start_local()
        .await
        .unwrap();
    let emulator_token = emulator.token("tok-canary").unwrap();
    let fixture_json = format!(
        r#"{{"profiles": {{"zelda": {{"name": "{}", "email": "{}",
        "mobileNumber": {{"countryCode": "+1", "phoneNumber": "{}"}}}}}},
        "tokens": {{"t": {{"value": "{}", "account": "zelda"}}}}}}"#,
        canary::NAME,
        canary::EMAIL,
        canary::PHONE.1,
        canary::TOKEN
    );
    let fixture = Fixture::from_json("canary.json", &fixture_json).unwrap();
    let fixture_errors = [
        Fixture::from_json(
            "bad.json",
            &fixture_json.replace(
                r#""account": "zelda""#,
                &format!(r#""account": "zelda", "expiresAt": "{}""#, canary::EMAIL),
            ),
        )
        .unwrap_err(),
        Fixture::from_json(
            "bad.json",
            &fixture_json.replace(r#""account": "zelda""#, r#""account": "carol""#),
        )
        .unwrap_err(),
        Fixture::from_json("bad.json", &fixture_json.replace(r#""email": ""#, r#""email": ["#))
            .unwrap_err(),
    ];
    let client = crate::support::client(emulator.base_url(), RetryPolicy::standard());
    let ctx = emulator.envelope(&emulator_token).launch().api_context().unwrap();
    assert!(client.email(&ctx).await.unwrap().is_some());
    text.push_str(&rendered!(
        canary_profile(),
        Grant::new("zelda").with_scopes(ALL_SCOPES),
        emulator_token,
        fixture,
        fixture_errors,
        emulator.request_log(),
        emulator.counts(),
        emulator,
    ));
    text.push_str(&displayed!(fixture_errors[0], fixture_errors[1], fixture_errors[2]));
    for entry in emulator.request_log() {
        text.push_str(&format!("{entry}\n"));
    }
    assert!(text.lines().count() > 200, "{} lines rendered", text.lines().count());
    assert_clean("Debug and Display", &text);
}
