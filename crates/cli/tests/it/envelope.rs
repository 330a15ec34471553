//! `alexa-profile envelope inspect` prints what `alexa-model`'s `inspect` example prints;
//! `alexa-profile envelope new` writes envelopes that decode to what was asked.

use alexa_model::RequestEnvelope;

use crate::support::{path_str, root, run, run_with_stdin, temp_file};

/// Every request envelope among `alexa-model`'s test data.
fn data_files() -> Vec<std::path::PathBuf> {
    let dir = root().join("crates/alexa-model/tests/data");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() > 10);
    files
}

#[test]
fn inspect_prints_the_summary_line_of_every_data_file() {
    for file in data_files() {
        let bytes = std::fs::read(&file).unwrap();
        // What the example prints: the summary, serialized, and a newline.
        let expected = format!(
            "{}\n",
            serde_json::to_string(&RequestEnvelope::from_slice(&bytes).unwrap().summary()).unwrap()
        );
        let r = run(&["envelope", "inspect", path_str(&file)]);
        r.succeeds();
        assert_eq!(r.stdout, expected, "{}", file.display());
        let r = run_with_stdin(&["envelope", "inspect", "-"], &bytes);
        r.succeeds();
        assert_eq!(r.stdout, expected, "{} on stdin", file.display());
    }
}

#[test]
fn inspect_debug_redacts_tokens() {
    let file =
        root().join("crates/alexa-model/tests/data/seed003_person_with_account_linking.json");
    let bytes = std::fs::read(&file).unwrap();
    let envelope = RequestEnvelope::from_slice(&bytes).unwrap();
    let r = run(&["envelope", "inspect", "--debug", path_str(&file)]);
    r.succeeds();
    assert_eq!(r.stdout, format!("{envelope:#?}\n"));
    assert!(r.stdout.contains("<redacted>"));
    let token = envelope.api_context().unwrap().token().expose_secret().to_owned();
    assert!(!r.stdout.contains(&token));
}

#[test]
fn inspect_bad_input() {
    run(&["envelope", "inspect", "/no/such.json"])
        .fails(1, "/no/such.json: cannot read the request envelope");
    let not_json = temp_file("inspect-bad.json", b"{\"version\": \"1.0\", ");
    run(&["envelope", "inspect", path_str(&not_json)]).fails(1, "JSON");
    let no_request = temp_file("inspect-no-request.json", b"{\"version\": \"1.0\"}");
    run(&["envelope", "inspect", path_str(&no_request)]).fails(1, "request");
    run_with_stdin(&["envelope", "inspect", "-"], b"").fails(1, "standard input: ");
    // Nesting deeper than serde_json's limit is an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    run_with_stdin(&["envelope", "inspect", "-"], deep.as_bytes()).fails(1, "standard input: ");
    run(&["envelope", "inspect"]).fails(2, "FILE|-");
}

/// `envelope new ...`, decoded.
fn new(args: &[&str]) -> RequestEnvelope {
    let mut all = vec!["envelope", "new"];
    all.extend_from_slice(args);
    let r = run(&all);
    r.succeeds();
    RequestEnvelope::from_slice(r.stdout.as_bytes()).unwrap()
}

#[test]
fn new_envelopes() {
    let common = ["--endpoint", "http://127.0.0.1:8080", "--token", "tok-alice"];

    let launch = new(&[&["launch"][..], &common].concat());
    let s = launch.summary();
    assert_eq!(s.request_type, "LaunchRequest");
    assert_eq!(s.locale, Some("en-US"));
    assert_eq!(s.api_endpoint, Some("http://127.0.0.1:8080"));
    assert_eq!(s.person_id, None);
    assert_eq!(launch.api_context().unwrap().token().expose_secret(), "tok-alice");
    assert!(launch.session.as_ref().unwrap().new);

    let intent = new(&[
        &["intent", "OrderIntent"][..],
        &common,
        &["--person", "amzn1.ask.person.BOB", "--locale", "fr-CA", "--user", "amzn1.ask.account.A"],
    ]
    .concat());
    let s = intent.summary();
    assert_eq!(s.request_type, "IntentRequest");
    assert_eq!(
        (s.locale, s.person_id, s.user_id),
        (Some("fr-CA"), Some("amzn1.ask.person.BOB"), Some("amzn1.ask.account.A"))
    );
    let alexa_model::Request::Intent(request) = &intent.request else { panic!("not an intent") };
    assert_eq!(request.intent.name, "OrderIntent");

    let accepted = new(&[
        &["permission-accepted"][..],
        &common,
        &["--scope", "alexa::profile:email:read", "--scope", "alexa::profile:mobile_number:read"],
        &["--person", "amzn1.ask.person.BOB", "--person-scope", "alexa::profile:given_name:read"],
    ]
    .concat());
    let s = accepted.summary();
    assert_eq!(s.request_type, "AlexaSkillEvent.SkillPermissionAccepted");
    assert_eq!(
        s.accepted_permissions,
        ["alexa::profile:email:read", "alexa::profile:mobile_number:read"]
    );
    assert_eq!(s.accepted_person_permissions, ["alexa::profile:given_name:read"]);
    assert!(accepted.session.is_none());

    let changed = new(&[&["permission-changed"][..], &common].concat());
    assert_eq!(changed.summary().request_type, "AlexaSkillEvent.SkillPermissionChanged");
    assert!(changed.summary().accepted_permissions.is_empty());
}

#[test]
fn new_bad_input() {
    let common = ["--endpoint", "http://127.0.0.1:8080", "--token", "tok-alice"];
    let args = |extra: &[&'static str]| -> Vec<&'static str> {
        [&["envelope", "new"][..], extra, &common].concat()
    };
    run(&args(&["permission-accepted", "--scope", "alexa::profileemailread"]))
        .fails(2, "unknown permission scope (did you mean `alexa::profile:email:read`?)");
    run(&args(&["permission-accepted", "--scope", "email"])).fails(2, "unknown permission scope");
    run(&args(&["launch", "--scope", "alexa::profile:email:read"])).fails(
        2,
        "--scope and --person-scope apply to permission-accepted and permission-changed only",
    );
    run(&args(&["permission-changed", "--person-scope", "alexa::profile:email:read"]))
        .fails(2, "--person");
    run(&args(&["launch", "--locale", "english"])).fails(2, "not a locale of the form ll-CC");
    run(&args(&["intent"])).fails(2, "<NAME>");
    run(&["envelope", "new", "launch", "--endpoint", "http://x"]).fails(2, "--token");
    run(&args(&["launch", "--token", ""])).fails(2, "");
    run(&["envelope", "new", "resumed"]).fails(2, "unrecognized subcommand 'resumed'");
}
