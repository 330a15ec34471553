//! `alexa-profile demo`: the seven scenarios, in two languages.

use crate::support::{Run, run};

/// The lines of the transcript that every locale shares.
fn assert_common(r: &Run) {
    r.succeeds();
    let t = &r.stdout;
    for n in 1..=7 {
        assert!(t.contains(&format!("\n== {n}. ")), "scenario {n} missing:\n{t}");
    }
    // 1: the account holder's profile, fetched concurrently.
    assert!(
        t.contains(
            "emulator  GET /v2/accounts/~current/settings/Profile.mobileNumber -> 200 (tok-alice)"
        ),
        "{t}"
    );
    assert!(t.contains("says \"Thanks, Alice."), "{t}");
    assert!(
        t.contains("skill     mobile number +1 415-555-2671 -> E.164 +14155552671, ready for the SMS gateway\n"),
        "{t}"
    );
    // 2: the consent card lists both missing scopes.
    assert!(
        t.contains(r#""card":{"type":"AskForPermissionsConsent","permissions":["alexa::profile:given_name:read","alexa::profile:mobile_number:read"]}"#),
        "{t}"
    );
    // 3: 204.
    assert!(t.contains("Profile.mobileNumber -> 204 (tok-carol)"), "{t}");
    // 4: the retry, from both sides.
    assert!(t.contains("Profile.givenName -> 429 (tok-alice, fault custom)"), "{t}");
    assert!(t.contains("client    given-name (account) attempt 1: status 429\n"), "{t}");
    assert!(t.contains("client    given-name (account) attempt 1 failed: waiting 100 ms\n"), "{t}");
    assert!(t.contains("client    given-name (account) attempt 2: status 200\n"), "{t}");
    // 5: the person's profile, not the account holder's.
    assert!(
        t.contains("GET /v2/persons/~current/profile/givenName -> 200 (tok-bob-speaking)"),
        "{t}"
    );
    assert!(t.contains("says \"Thanks, Bob."), "{t}");
    assert!(t.contains("mobile number +44 07700 900123 -> E.164 +447700900123"), "{t}");
    // 6: the directive and the typed answer.
    assert!(t.contains(r#"directive {"type":"Connections.StartConnection","uri":"connection://AMAZON.AskForPermissionsConsent/2""#), "{t}");
    assert!(t.contains(r#""token":"pizza-order-1042""#), "{t}");
    assert!(t.contains("ConsentReply: Accepted, token pizza-order-1042"), "{t}");
    // 7: refused before any connection, and the emulator's count did not move.
    assert!(t.contains("refused: endpoint refused: carries user information (0 attempts"), "{t}");
    let counts: Vec<&str> =
        t.lines().filter(|l| l.starts_with("emulator  requests received: ")).collect();
    assert_eq!(counts.len(), 2, "{t}");
    for line in counts {
        let numbers: Vec<&str> = line
            .split(' ')
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty())
            .collect();
        assert_eq!(numbers.len(), 2, "{line}");
        assert_eq!(numbers[0], numbers[1], "the count moved: {line}");
    }
    assert!(t.contains("\ndone      7 scenarios, 12 requests to the emulator"), "{t}");
    // No token value: the demo's values all start with `Atza|`.
    assert!(!t.contains("Atza|"), "{t}");
}

#[test]
fn english() {
    let r = run(&["demo"]);
    assert_common(&r);
    let t = &r.stdout;
    assert!(t.contains("locale    en-US (prompts in English;"), "{t}");
    assert!(
        t.contains("says \"In order to complete this request, Pizza Pronto needs access to your given name and phone number. Go to the home screen in your Alexa app and grant the permissions to continue.\""),
        "{t}"
    );
    assert!(
        t.contains("says \"Your phone number was not set. You can enter these details in your Amazon account, and then invoke the skill again.\""),
        "{t}"
    );
}

#[test]
fn german() {
    let r = run(&["demo", "--locale", "de-DE"]);
    assert_common(&r);
    let t = &r.stdout;
    assert!(t.contains("IntentRequest ConfirmOrderIntent (de-DE)"), "{t}");
    assert!(
        t.contains("says \"Um diese Anfrage abzuschließen, benötigt Pizza Pronto Zugriff auf deinen Vornamen und deine Telefonnummer."),
        "{t}"
    );
    assert!(t.contains("says \"Deine Telefonnummer wurde nicht festgelegt."), "{t}");
    assert!(!t.contains("In order to complete this request"), "{t}");
}

#[test]
fn bad_locales_are_usage_errors() {
    run(&["demo", "--locale", "sv-SE"])
        .fails(2, "the prompts are written in nl, en, fr, de, hi, it, ja, pt, es only");
    run(&["demo", "--locale", "german"]).fails(2, "not a locale of the form ll-CC");
    run(&["demo", "--locale", ""]).fails(2, "not a locale of the form ll-CC");
}
