//! Fixture files: the issue's shape, the demo file, and bad files with their exact messages.

use std::time::{Duration, UNIX_EPOCH};

use alexa_profile_emulator::{Fixture, FixtureErrorKind, Scope};

fn data(name: &str) -> String {
    format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_issue_fixture_loads() {
    let fixture = Fixture::from_file(data("tests/data/issue.json")).unwrap();
    let alice = &fixture.profiles()["alice"];
    assert_eq!(alice.email(), Some("alice@example.com"));
    assert_eq!(
        alice.mobile_number().map(|m| (m.country_code(), m.phone_number())),
        Some(("+1", "415-555-2671"))
    );
    assert_eq!(fixture.profiles()["bob"].name(), None);
    let tokens: Vec<_> = fixture.tokens().collect();
    let names: Vec<_> = tokens.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["tok-alice", "tok-bob-speaking", "tok-old"]);
    let bob = tokens[1].1;
    assert_eq!((bob.account(), bob.person()), ("alice", Some("bob")));
    assert!(bob.person_scopes().contains(&Scope::GivenName));
    assert_eq!(bob.declared_scopes(), None);
    assert_eq!(tokens[2].1.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_577_836_800)));
}

#[test]
fn the_demo_fixture_loads() {
    let fixture = Fixture::from_file(data("fixtures/demo.json")).unwrap();
    assert_eq!(fixture.profiles().len(), 3);
    assert_eq!(fixture.tokens().count(), 7);
}

#[test]
fn bad_fixtures_name_the_file_the_field_and_the_fault() {
    let cases: &[(&str, &str)] = &[
        ("[]", "f.json: (root): expected an object, found an array"),
        (
            r#"{"profile": {}}"#,
            "f.json: profile: unknown field (expected one of `profiles`, `tokens`)",
        ),
        (r#"{"profiles": []}"#, "f.json: profiles: expected an object, found an array"),
        (
            r#"{"profiles": {"a": {"email": 5}}}"#,
            "f.json: profiles.a.email: expected a string, found a number",
        ),
        (
            r#"{"profiles": {"a": {"mail": "x"}}}"#,
            "f.json: profiles.a.mail: unknown field (expected one of `name`, `givenName`, `email`, `mobileNumber`)",
        ),
        (
            r#"{"profiles": {"a": {"mobileNumber": {"countryCode": "+1"}}}}"#,
            "f.json: profiles.a.mobileNumber.phoneNumber: missing",
        ),
        (
            r#"{"profiles": {"a": {"mobileNumber": "+1 415"}}}"#,
            "f.json: profiles.a.mobileNumber: expected an object, found a string",
        ),
        (r#"{"tokens": {"t": {}}}"#, "f.json: tokens.t.account: missing"),
        (
            r#"{"tokens": {"t": {"account": "carol"}}}"#,
            "f.json: tokens.t.account: no profile named `carol`",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a", "person": "b"}}}"#,
            "f.json: tokens.t.person: no profile named `b`",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a", "scopes": ["alexa::profile:email:reed"]}}}"#,
            "f.json: tokens.t.scopes[0]: unknown permission scope (did you mean `alexa::profile:email:read`?)",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a", "scopes": "alexa::profile:email:read"}}}"#,
            "f.json: tokens.t.scopes: expected an array of scope strings, found a string",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a", "personScopes": ["alexa::profile:name:read"]}}}"#,
            "f.json: tokens.t.personScopes: person scopes need a recognized speaker (`person`)",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a", "expiresAt": "2020-01-01"}}}"#,
            "f.json: tokens.t.expiresAt: expected an RFC 3339 timestamp such as `2030-01-01T00:00:00Z`",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a", "expiresat": "2020-01-01"}}}"#,
            "f.json: tokens.t.expiresat: unknown field (expected one of `value`, `account`, `person`, `scopes`, `personScopes`, `declaredScopes`, `expiresAt`)",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a"}, "u": {"account": "a", "value": "t"}}}"#,
            "f.json: tokens.u.value: another token has the same value",
        ),
        (
            r#"{"profiles": {"a": {}}, "tokens": {"my token": {"account": "a"}}}"#,
            "f.json: tokens[\"my token\"]: a bearer token is not empty and has no whitespace (without `value`, the name is the token)",
        ),
        (
            "{\"profiles\": {\n  \"a\": {},\n}}",
            "f.json: invalid JSON: trailing comma at line 3 column 1",
        ),
        ("", "f.json: invalid JSON: EOF while parsing a value at line 1 column 0"),
    ];
    for (json, expected) in cases {
        let err = Fixture::from_json("f.json", json).unwrap_err();
        assert_eq!(err.to_string(), *expected, "{json}");
    }
}

#[test]
fn errors_expose_their_parts() {
    let err = Fixture::from_json("f.json", r#"{"profiles": {"a": {"email": 5}}}"#).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Invalid);
    assert_eq!(err.field(), Some("profiles.a.email"));
    assert_eq!(err.message(), "expected a string, found a number");
    let syntax = Fixture::from_json("f.json", "{\n  x").unwrap_err();
    assert_eq!(syntax.kind(), FixtureErrorKind::Syntax);
    assert_eq!(syntax.line_column(), Some((2, 3)));
}

#[test]
fn values_never_appear_in_fixture_errors() {
    let err = Fixture::from_json(
        "f.json",
        r#"{"profiles": {"a": {"mobileNumber": {"countryCode": 1, "phoneNumber": "555-0100-secret"}}}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "f.json: profiles.a.mobileNumber.countryCode: expected a string, found a number"
    );
    let err = Fixture::from_json(
        "f.json",
        r#"{"profiles": {"a": {}}, "tokens": {"t": {"account": "a", "value": "s3cret value"}}}"#,
    )
    .unwrap_err();
    assert!(!err.to_string().contains("s3cret"));
    assert_eq!(err.field(), Some("tokens.t.value"));
}

#[test]
fn an_unreadable_file_is_named() {
    let err = Fixture::from_file("/nonexistent/fixtures.json").unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Read);
    assert_eq!(err.to_string(), "/nonexistent/fixtures.json: cannot read the file");
    let source = std::error::Error::source(&err).unwrap().downcast_ref::<std::io::Error>().unwrap();
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn a_file_with_an_error_names_the_file() {
    let dir = std::env::temp_dir().join(format!("emulator-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(&path, r#"{"tokens": {"t": {"account": "nobody"}}}"#).unwrap();
    let err = Fixture::from_file(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: tokens.t.account: no profile named `nobody`", path.display())
    );
    assert_eq!(err.file(), path);
    std::fs::remove_dir_all(&dir).unwrap();
}
