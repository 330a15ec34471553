//! Every fixture decodes, and decode -> encode -> decode keeps every modelled value.

use alexa_model::RequestEnvelope;
use expect_test::expect;

use crate::request_fixtures;

#[test]
fn every_fixture_round_trips() {
    for (name, json) in request_fixtures() {
        let first: RequestEnvelope =
            json.parse().unwrap_or_else(|e| panic!("{name}: does not decode: {e}"));
        let encoded = first.to_json().unwrap();
        let second: RequestEnvelope = encoded
            .parse()
            .unwrap_or_else(|e| panic!("{name}: re-encoded form does not decode: {e}"));
        assert_eq!(first, second, "{name}: the round trip changed a modelled value");
        // Encoding is stable: a second round trip gives the same bytes.
        assert_eq!(second.to_json().unwrap(), encoded, "{name}: encoding is not stable");
    }
}

#[test]
fn decoding_from_str_slice_and_reader_agree() {
    for (name, json) in request_fixtures() {
        let a: RequestEnvelope = json.parse().unwrap();
        let b = RequestEnvelope::from_slice(json.as_bytes()).unwrap();
        let c = RequestEnvelope::from_reader(json.as_bytes()).unwrap();
        let d: RequestEnvelope = serde_json::from_str(&json).unwrap();
        let e: RequestEnvelope =
            serde_json::from_value(serde_json::from_str(&json).unwrap()).unwrap();
        assert_eq!(a, b, "{name}");
        assert_eq!(a, c, "{name}");
        assert_eq!(a, d, "{name}");
        assert_eq!(a, e, "{name}: decoding through serde_json::Value differs");
    }
}

#[test]
fn modelled_values_survive_and_unmodelled_interfaces_stay_verbatim() {
    let json = crate::fixture("intent_request_typical");
    let env: RequestEnvelope = json.parse().unwrap();
    let encoded: serde_json::Value = serde_json::from_str(&env.to_json().unwrap()).unwrap();
    let original: serde_json::Value = serde_json::from_str(&json).unwrap();
    // context.Viewport, Viewports, Extensions and AudioPlayer come back exactly.
    for interface in ["Viewport", "Viewports", "Extensions", "AudioPlayer"] {
        assert_eq!(encoded["context"][interface], original["context"][interface], "{interface}");
    }
    assert_eq!(encoded["context"]["System"], original["context"]["System"]);
    assert_eq!(encoded["session"], original["session"]);
    assert_eq!(encoded["request"], original["request"]);
}

#[test]
fn summaries_of_every_fixture() {
    let mut lines = String::new();
    for (name, json) in request_fixtures() {
        let env: RequestEnvelope = json.parse().unwrap();
        let summary = serde_json::to_value(env.summary()).unwrap();
        let short = |key: &str| match &summary[key] {
            serde_json::Value::String(s) => {
                s.rsplit('.').next().unwrap_or(s).chars().take(12).collect()
            }
            other => other.to_string(),
        };
        lines.push_str(&format!(
            "{name}: type={} locale={} person={} source={} accepted={} person_accepted={}\n",
            summary["type"].as_str().unwrap(),
            short("locale"),
            short("personId"),
            short("accountTokenSource"),
            summary["acceptedPermissions"],
            summary["acceptedPersonPermissions"],
        ));
    }
    expect![[r#"
        connections_response: type=Connections.Response locale=en-US person=null source=null accepted=[] person_accepted=[]
        intent_request_typical: type=IntentRequest locale=en-US person=null source=null accepted=[] person_accepted=[]
        launch_request: type=LaunchRequest locale=en-US person=null source=null accepted=[] person_accepted=[]
        seed002_base_uri_eu: type=LaunchRequest locale=de-DE person=null source=null accepted=[] person_accepted=[]
        seed002_context_api_token: type=LaunchRequest locale=en-US person=null source=null accepted=[] person_accepted=[]
        seed003_person_no_account_linking: type=LaunchRequest locale=en-US person=AFPEXAMPLE7J source=null accepted=[] person_accepted=[]
        seed003_person_with_account_linking: type=LaunchRequest locale=en-US person=AFPEXAMPLE7J source=person accepted=[] person_accepted=[]
        seed003_ride_jane_own_account: type=IntentRequest locale=en-US person=JANEEXAMPLEX source=person accepted=[] person_accepted=[]
        seed003_ride_john_linked_both: type=IntentRequest locale=en-US person=JOHNEXAMPLE7 source=person accepted=[] person_accepted=[]
        seed003_ride_mary_unrecognized: type=IntentRequest locale=en-US person=null source=user accepted=[] person_accepted=[]
        seed003_two_speakers_jane_turn: type=IntentRequest locale=en-US person=JANEEXAMPLEX source=person accepted=[] person_accepted=[]
        seed003_two_speakers_john_turn: type=IntentRequest locale=en-US person=JOHNEXAMPLE7 source=person accepted=[] person_accepted=[]
        session_ended_request: type=SessionEndedRequest locale=en-GB person=null source=null accepted=[] person_accepted=[]
        session_resumed_request: type=SessionResumedRequest locale=en-US person=null source=null accepted=[] person_accepted=[]
        skill_account_linked: type=AlexaSkillEvent.SkillAccountLinked locale=null person=null source=null accepted=[] person_accepted=[]
        skill_disabled: type=AlexaSkillEvent.SkillDisabled locale=null person=null source=null accepted=[] person_accepted=[]
        skill_enabled: type=AlexaSkillEvent.SkillEnabled locale=null person=null source=null accepted=[] person_accepted=[]
        skill_permission_accepted: type=AlexaSkillEvent.SkillPermissionAccepted locale=null person=null source=null accepted=["alexa::profile:email:read","alexa::profile:mobile_number:read"] person_accepted=[]
        skill_permission_changed: type=AlexaSkillEvent.SkillPermissionChanged locale=null person=AFPEXAMPLE7J source=null accepted=["alexa::profile:given_name:read","alexa::profile:email:read"] person_accepted=["alexa::profile:given_name:read","alexa::person_id:read"]
        type_not_first_unknown_fields: type=IntentRequest locale=ja-JP person=null source=null accepted=[] person_accepted=[]
        unknown_request_type: type=Alexa.Presentation.APL.UserEvent locale=fr-FR person=null source=null accepted=[] person_accepted=[]
    "#]]
    .assert_eq(&lines);
}

#[test]
fn numbers_in_unmodelled_members_round_trip_exactly() {
    // Found by the envelope fuzz target: without serde_json's exact float parsing, a large number
    // kept as JSON came back as a different f64 after encode -> decode.
    let json = r#"{"version": "1.0", "request": {"type": "Some.Future.Request", "requestId": "r",
        "step": 233333333333333333333333333333333333333333, "ratio": 0.30000000000000004,
        "tiny": 2.2250738585072014e-308}}"#;
    let first: RequestEnvelope = json.parse().unwrap();
    let second: RequestEnvelope = first.to_json().unwrap().parse().unwrap();
    assert_eq!(first, second);
    assert_eq!(second.to_json().unwrap(), first.to_json().unwrap());
}

#[test]
fn an_unknown_request_with_two_types_is_refused() {
    // Found by the envelope fuzz target: the second `type` of an unknown request was kept as a
    // member, then dropped when the request was encoded again, so decode -> encode -> decode
    // changed the request (and parsers that keep the last duplicate would see another type).
    let json = r#"{"version": "1.0", "request": {"type": "Some.Future.Request", "requestId": "r",
        "type": "Another.Type"}}"#;
    let err = json.parse::<RequestEnvelope>().unwrap_err();
    assert!(err.to_string().contains("duplicate field `type`"), "{err}");
}
