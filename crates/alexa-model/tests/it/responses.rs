//! Response envelopes: exact JSON, the seeds' examples, round trips.

use alexa_model::{Card, Directive, OutputSpeech, ResponseEnvelope};
use serde_json::json;

#[test]
fn seed_response_examples_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/responses");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let parsed = ResponseEnvelope::from_json(&text).unwrap();
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        let encoded: serde_json::Value = serde_json::from_str(&parsed.to_json().unwrap()).unwrap();
        assert_eq!(encoded, original);
        n += 1;
    }
    assert_eq!(n, 2);
}

#[test]
fn seed_001_card_example_is_what_the_builder_writes() {
    let built = ResponseEnvelope::builder()
        .card(Card::ask_for_permissions_consent([
            "alexa::profile:name:read",
            "alexa::profile:mobile_number:read",
        ]))
        .build();
    let seed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/responses/seed001_permissions_card_response.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(serde_json::to_value(&built).unwrap(), seed);
}

#[test]
fn builder_writes_exactly_alexa_json() {
    let response = ResponseEnvelope::builder()
        .speak_ssml("Hello <break time=\"1s\"/> there")
        .reprompt_text("Still there?")
        .card(Card::simple("Order", "2 x rice"))
        .directive(Directive::StartConnection {
            uri: "connection://AMAZON.AskForPermissionsConsent/2".into(),
            input: json!({"@type": "AskForPermissionsConsentRequest", "@version": "2"}),
            token: Some("t1".into()),
            on_completion: None,
        })
        .directive(Directive::Other(json!({"type": "Dialog.Delegate"})))
        .session_attribute("step", json!(3))
        .should_end_session(false)
        .build();
    assert_eq!(
        response.to_json().unwrap(),
        concat!(
            r#"{"version":"1.0","sessionAttributes":{"step":3},"response":{"#,
            r#""outputSpeech":{"type":"SSML","ssml":"<speak>Hello <break time=\"1s\"/> there</speak>"},"#,
            r#""card":{"type":"Simple","title":"Order","content":"2 x rice"},"#,
            r#""reprompt":{"outputSpeech":{"type":"PlainText","text":"Still there?"}},"#,
            r#""directives":[{"type":"Connections.StartConnection","uri":"connection://AMAZON.AskForPermissionsConsent/2","input":{"@type":"AskForPermissionsConsentRequest","@version":"2"},"token":"t1"},{"type":"Dialog.Delegate"}],"#,
            r#""shouldEndSession":false}}"#
        )
    );
    let again = ResponseEnvelope::from_json(&response.to_json().unwrap()).unwrap();
    assert_eq!(again, response);
}

#[test]
fn empty_response_omits_everything() {
    assert_eq!(
        ResponseEnvelope::builder().build().to_json().unwrap(),
        r#"{"version":"1.0","response":{}}"#
    );
}

#[test]
fn unknown_cards_and_link_account() {
    let text = r#"{"version":"1.0","response":{"card":{"type":"FutureCard","x":1},"directives":[{"type":"Connections.SendRequest","name":"AskFor","payload":{"a":1},"token":"k"}]}}"#;
    let parsed = ResponseEnvelope::from_json(text).unwrap();
    assert!(matches!(parsed.response.card, Some(Card::Other(_))));
    assert!(matches!(parsed.response.directives[0], Directive::SendRequest { .. }));
    assert_eq!(parsed.to_json().unwrap(), text);
    let link = ResponseEnvelope::builder().card(Card::LinkAccount).build();
    assert_eq!(
        link.to_json().unwrap(),
        r#"{"version":"1.0","response":{"card":{"type":"LinkAccount"}}}"#
    );
    assert_eq!(
        serde_json::to_string(&OutputSpeech::plain_text("hi")).unwrap(),
        r#"{"type":"PlainText","text":"hi"}"#
    );
}
