//! `alexa-profile fetch` against an emulator on loopback (the emulator library, started by the
//! test), with the exact JSON asserted.

use serde_json::json;

use crate::support::{TestEmulator, path_str, run, temp_file};

fn fetch_json(
    emu: &TestEmulator,
    token: &str,
    locale: &str,
    extra: &[&str],
) -> crate::support::Run {
    let envelope = emu.envelope_file(token, locale);
    let mut args = vec![
        "fetch",
        "--envelope",
        path_str(&envelope),
        "--allow-endpoint",
        emu.url(),
        "--skill-name",
        "Pizza Pronto",
        "--json",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn everything_granted() {
    let emu = TestEmulator::start();
    let r = fetch_json(&emu, "tok-alice", "en-US", &[]);
    r.succeeds();
    assert_eq!(
        r.json(),
        json!({
            "fields": {
                "name": {"status": "ok", "value": "Alice Example"},
                "given-name": {"status": "ok", "value": "Alice"},
                "email": {"status": "ok", "value": "alice@example.com"},
                "mobile": {
                    "status": "ok",
                    "value": {"countryCode": "+1", "phoneNumber": "415-555-2671"},
                    "e164": "+14155552671"
                }
            },
            "response": null
        })
    );
    // The exact text: the issue's shape, pretty-printed, keys in this order.
    let r = fetch_json(&emu, "tok-alice", "en-US", &["--field", "mobile"]);
    assert_eq!(
        r.stdout,
        r#"{
  "fields": {
    "mobile": {
      "status": "ok",
      "value": {
        "countryCode": "+1",
        "phoneNumber": "415-555-2671"
      },
      "e164": "+14155552671"
    }
  },
  "response": null
}
"#
    );
    // The fields come in table order, whatever the order of --field.
    let r = fetch_json(&emu, "tok-alice", "en-US", &["--field", "mobile", "--field", "name"]);
    r.succeeds();
    let name = r.stdout.find("\"name\"").unwrap();
    let mobile = r.stdout.find("\"mobile\"").unwrap();
    assert!(name < mobile, "{}", r.stdout);
    assert_eq!(r.json()["fields"].as_object().unwrap().len(), 2);
    // Four concurrent calls, then one, then two: seven requests, no more.
    assert_eq!(emu.emulator.counts().total(), 7);
}

#[test]
fn consent_needed_exits_3_with_the_card() {
    let emu = TestEmulator::start();
    let r = fetch_json(
        &emu,
        "tok-alice-email-only",
        "en-US",
        &["--field", "email", "--field", "mobile"],
    );
    assert_eq!(r.code, 3, "{r:#?}");
    assert_eq!(r.stderr, "");
    assert_eq!(
        r.json(),
        json!({
            "fields": {
                "email": {"status": "ok", "value": "alice@example.com"},
                "mobile": {"status": "permission-required", "scope": "alexa::profile:mobile_number:read"}
            },
            "response": {
                "version": "1.0",
                "response": {
                    "outputSpeech": {
                        "type": "SSML",
                        "ssml": "<speak>In order to complete this request, Pizza Pronto needs access to your phone number. Go to the home screen in your Alexa app and grant the permissions to continue.</speak>"
                    },
                    "card": {"type": "AskForPermissionsConsent", "permissions": ["alexa::profile:mobile_number:read"]},
                    "shouldEndSession": true
                }
            }
        })
    );
}

#[test]
fn nothing_granted_in_german_asks_for_every_scope_but_never_both_names() {
    let emu = TestEmulator::start();
    let r = fetch_json(&emu, "tok-alice-no-consent", "de-DE", &[]);
    assert_eq!(r.code, 3, "{r:#?}");
    let v = r.json();
    for (field, scope) in [
        ("name", "alexa::profile:name:read"),
        ("given-name", "alexa::profile:given_name:read"),
        ("email", "alexa::profile:email:read"),
        ("mobile", "alexa::profile:mobile_number:read"),
    ] {
        assert_eq!(v["fields"][field], json!({"status": "permission-required", "scope": scope}));
    }
    // Amazon refuses a card with full name and given name: it asks for the full name.
    assert_eq!(
        v["response"]["response"]["card"],
        json!({"type": "AskForPermissionsConsent", "permissions": [
            "alexa::profile:name:read", "alexa::profile:email:read", "alexa::profile:mobile_number:read"
        ]})
    );
    let ssml = v["response"]["response"]["outputSpeech"]["ssml"].as_str().unwrap();
    assert!(
        ssml.starts_with(
            "<speak>Um diese Anfrage abzuschließen, benötigt Pizza Pronto Zugriff auf"
        ),
        "{ssml}"
    );
}

#[test]
fn values_not_set() {
    let emu = TestEmulator::start();
    let r = fetch_json(&emu, "tok-carol", "en-US", &[]);
    r.succeeds();
    assert_eq!(
        r.json(),
        json!({
            "fields": {
                "name": {"status": "missing"},
                "given-name": {"status": "ok", "value": "Carol"},
                "email": {"status": "missing"},
                "mobile": {"status": "missing"}
            },
            "response": {
                "version": "1.0",
                "response": {
                    "outputSpeech": {
                        "type": "SSML",
                        "ssml": "<speak>Your full name, your email address and your phone number were not set. You can enter these details in your Amazon account, and then invoke the skill again.</speak>"
                    },
                    "shouldEndSession": true
                }
            }
        })
    );
}

#[test]
fn scopes_not_declared_and_expired_tokens_are_failures() {
    let emu = TestEmulator::start();
    let r = fetch_json(&emu, "tok-undeclared", "en-US", &[]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert_eq!(
        r.json(),
        json!({
            "fields": {
                "name": {"status": "permission-not-declared", "scope": "alexa::profile:name:read"},
                "given-name": {"status": "permission-not-declared", "scope": "alexa::profile:given_name:read"},
                "email": {"status": "ok", "value": "alice@example.com"},
                "mobile": {"status": "permission-not-declared", "scope": "alexa::profile:mobile_number:read"}
            },
            "response": null
        })
    );
    let r = fetch_json(&emu, "tok-expired", "en-US", &["--field", "email"]);
    assert_eq!(r.code, 1, "{r:#?}");
    let email = &r.json()["fields"]["email"];
    assert_eq!(email["status"], "error");
    assert_eq!(email["error"], "unauthorized");
    assert!(
        email["message"]
            .as_str()
            .unwrap()
            .starts_with("unauthorized: the token is malformed, expired or invalid"),
        "{email}"
    );
}

#[test]
fn the_recognized_speaker() {
    let emu = TestEmulator::start();
    let r = fetch_json(&emu, "tok-bob-speaking", "en-US", &["--person"]);
    // The Person Profile API has no email: an error for that field, so exit 1.
    assert_eq!(r.code, 1, "{r:#?}");
    assert_eq!(
        r.json(),
        json!({
            "fields": {
                "name": {"status": "ok", "value": "Bob Example"},
                "given-name": {"status": "ok", "value": "Bob"},
                "email": {"status": "error", "error": "unsupported", "message": "not supported at this consent level"},
                "mobile": {
                    "status": "ok",
                    "value": {"countryCode": "+44", "phoneNumber": "07700 900123"},
                    "e164": "+447700900123"
                }
            },
            "response": null
        })
    );
    let r = fetch_json(&emu, "tok-bob-speaking", "en-US", &["--person", "--field", "given-name"]);
    r.succeeds();
    assert_eq!(r.json()["fields"], json!({"given-name": {"status": "ok", "value": "Bob"}}));
    // Without --person, the same request reads the account holder, Alice.
    let r = fetch_json(&emu, "tok-bob-speaking", "en-US", &["--field", "email"]);
    r.succeeds();
    assert_eq!(r.json()["fields"]["email"]["value"], "alice@example.com");
    // A request without a recognized speaker has no person to fetch.
    fetch_json(&emu, "tok-alice", "en-US", &["--person"]).fails(1, "no recognized speaker");
}

#[test]
fn a_mobile_number_without_an_e164_form() {
    let emu = TestEmulator::start();
    emu.emulator.set_profile(
        "alice",
        alexa_profile_emulator::Profile::new()
            .with_mobile_number(alexa_profile_emulator::MobileNumber::new("+1", "555-CALL")),
    );
    let r = fetch_json(&emu, "tok-alice", "en-US", &["--field", "mobile"]);
    r.succeeds();
    assert_eq!(
        r.json()["fields"]["mobile"],
        json!({
            "status": "ok",
            "value": {"countryCode": "+1", "phoneNumber": "555-CALL"},
            "e164": null,
            "e164Error": "invalid_character"
        })
    );
    let envelope = emu.envelope_file("tok-alice", "en-US");
    let r = run(&[
        "fetch",
        "--envelope",
        path_str(&envelope),
        "--allow-endpoint",
        emu.url(),
        "--field",
        "mobile",
    ]);
    r.succeeds();
    assert!(
        r.stdout.contains("  mobile      ok                       +1 555-CALL (no E.164 form: invalid_character)\n"),
        "{r:#?}"
    );
}

#[test]
fn the_endpoint_policy_refuses_the_emulator_unless_allowed() {
    let emu = TestEmulator::start();
    let envelope = emu.envelope_file("tok-alice", "en-US");
    let r = run(&["fetch", "--envelope", path_str(&envelope), "--json", "--field", "email"]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert_eq!(
        r.json()["fields"]["email"],
        json!({"status": "error", "error": "endpoint-refused", "message": "endpoint refused: not https"})
    );
    assert_eq!(emu.emulator.counts().total(), 0, "no connection was made");
    let r = run(&["fetch", "--envelope", path_str(&envelope)]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert!(
        r.stdout.contains("  email       error                    endpoint refused: not https\n"),
        "{r:#?}"
    );
    assert!(
        r.stdout
            .contains("hint: only https and Amazon's API hosts are called; --allow-endpoint URL"),
        "{r:#?}"
    );
    run(&["fetch", "--envelope", path_str(&envelope), "--allow-endpoint", "ftp://127.0.0.1"])
        .fails(2, "--allow-endpoint: endpoint refused");
}

#[test]
fn readable_text() {
    let emu = TestEmulator::start();
    let envelope = emu.envelope_file("tok-alice-email-only", "en-US");
    let r = run(&["fetch", "--envelope", path_str(&envelope), "--allow-endpoint", emu.url()]);
    assert_eq!(r.code, 3, "{r:#?}");
    let envelope_all = emu.envelope_file("tok-alice", "en-US");
    let all = run(&["fetch", "--envelope", path_str(&envelope_all), "--allow-endpoint", emu.url()]);
    all.succeeds();
    assert_eq!(
        all.stdout,
        "the account holder's contact information (locale en-US):\n\
         \x20 name        ok                       Alice Example\n\
         \x20 given-name  ok                       Alice\n\
         \x20 email       ok                       alice@example.com\n\
         \x20 mobile      ok                       +1 415-555-2671 (E.164 +14155552671)\n"
    );
    let t = &r.stdout;
    assert!(t.starts_with("the account holder's contact information (locale en-US):\n"), "{t}");
    assert!(t.contains("  email       ok                       alice@example.com\n"), "{t}");
    assert!(
        t.contains("  mobile      permission-required      not granted: ask for alexa::profile:mobile_number:read\n"),
        "{t}"
    );
    assert!(t.contains("the skill should answer with:\n{"), "{t}");
    assert!(t.contains("\"AskForPermissionsConsent\""), "{t}");
}

#[test]
fn bad_input() {
    run(&["fetch", "--envelope", "/no/such/envelope.json"])
        .fails(1, "/no/such/envelope.json: cannot read the request envelope");
    let not_json = temp_file("not.json", b"{\"version\": ");
    run(&["fetch", "--envelope", path_str(&not_json)]).fails(1, "JSON");
    let no_api = temp_file(
        "no-api.json",
        br#"{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r","timestamp":"2024-08-01T12:00:00Z","locale":"en-US"}}"#,
    );
    run(&["fetch", "--envelope", path_str(&no_api)]).fails(1, "missing context.System");
    run(&["fetch", "--envelope", path_str(&no_api), "--field", "phone"])
        .fails(2, "unknown profile field (expected name, given-name, email or mobile)");
    let binary = temp_file("binary.json", &[0xff, 0x00, 0xfe, b'{']);
    run(&["fetch", "--envelope", path_str(&binary)]).fails(1, "");
    // From standard input.
    let r = crate::support::run_with_stdin(&["fetch", "--envelope", "-"], b"[]");
    r.fails(1, "standard input: ");
}
