//! The decision helper: exact responses for every kind of outcome.

use alexa_consent::{
    AskWith, ConsentDecision, ConsentError, ConsentLevel, FieldOutcome, Language, PermissionScope,
    ProfileField, Scope, VoiceForm,
};
use serde_json::json;

const ACCOUNT: FieldOutcome = FieldOutcome::NotGranted(ConsentLevel::Account);
const PERSON: FieldOutcome = FieldOutcome::NotGranted(ConsentLevel::Person);

fn json_of(decision: &ConsentDecision, ask: &AskWith, end: bool) -> Option<String> {
    decision.respond(ask, end).unwrap().map(|b| b.build().to_json().unwrap())
}

#[test]
fn missing_email_and_phone_is_byte_for_byte_what_the_official_sdk_writes() {
    // tests/data/ask-sdk/decision_en_email_mobile.json was printed by ask-sdk-core 2.14.0 with
    // speak(...).withAskForPermissionsConsentCard([...]).withShouldEndSession(true); see card.rs.
    let decision = ConsentDecision::new(Language::from_locale("en-US"), "Bigg Basket")
        .outcome(ProfileField::MobileNumber, ACCOUNT)
        .outcome(ProfileField::Email, ACCOUNT);
    assert_eq!(
        json_of(&decision, &AskWith::Card, true).unwrap(),
        crate::data("ask-sdk/decision_en_email_mobile.json").trim_end()
    );
    assert!(decision.usable().is_empty());
    assert!(!decision.is_complete());
}

#[test]
fn card_with_the_not_set_message_and_the_usable_fields() {
    let decision = ConsentDecision::new(Language::En, "Tom & Jerry's")
        .outcome(ProfileField::GivenName, FieldOutcome::Value)
        .outcome(ProfileField::Email, ACCOUNT)
        .outcome(ProfileField::MobileNumber, FieldOutcome::NotSet);
    assert_eq!(decision.usable(), [ProfileField::GivenName]);
    assert_eq!(decision.not_set(), [ProfileField::MobileNumber]);
    assert_eq!(
        decision.missing_consent(),
        [PermissionScope::new(Scope::Email, ConsentLevel::Account)]
    );
    assert_eq!(
        json_of(&decision, &AskWith::Card, false).unwrap(),
        concat!(
            r#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>"#,
            "In order to complete this request, Tom &amp; Jerry&apos;s needs access to your email address. ",
            "Go to the home screen in your Alexa app and grant the permissions to continue. ",
            "Your phone number was not set. You can enter these details in your Amazon account, and then invoke the skill again.",
            r#"</speak>"},"card":{"type":"AskForPermissionsConsent","permissions":["alexa::profile:email:read"]},"#,
            r#""shouldEndSession":false}}"#
        )
    );
}

#[test]
fn voice_forward_consent_in_both_forms_with_each_scope_at_its_level() {
    let decision = ConsentDecision::new(Language::De, "Pizza Pronto")
        .outcome(ProfileField::Email, ACCOUNT)
        .outcome(ProfileField::MobileNumber, PERSON)
        .outcome(ProfileField::GivenName, FieldOutcome::NotSet);
    let ask = AskWith::Voice { form: VoiceForm::StartConnection, token: Some("order-7".into()) };
    // Alexa asks the customer: no speech of the crate's own (the seed's message is the card's).
    assert_eq!(decision.speech(&ask), None);
    let response: serde_json::Value =
        serde_json::from_str(&json_of(&decision, &ask, false).unwrap()).unwrap();
    let scopes = json!([
        {"permissionScope": "alexa::profile:email:read", "consentLevel": "ACCOUNT"},
        {"permissionScope": "alexa::profile:mobile_number:read", "consentLevel": "PERSON"}
    ]);
    assert_eq!(
        response,
        json!({"version": "1.0", "response": {
            "directives": [{
                "type": "Connections.StartConnection",
                "uri": "connection://AMAZON.AskForPermissionsConsent/2",
                "input": {"@type": "AskForPermissionsConsentRequest", "@version": "2", "permissionScopes": scopes},
                "token": "order-7"
            }],
            "shouldEndSession": false
        }})
    );

    let ask = AskWith::Voice { form: VoiceForm::SendRequest, token: None };
    let response: serde_json::Value =
        serde_json::from_str(&json_of(&decision, &ask, true).unwrap()).unwrap();
    assert_eq!(
        response,
        json!({"version": "1.0", "response": {
            "directives": [{
                "type": "Connections.SendRequest",
                "name": "AskFor",
                "payload": {"@type": "AskForPermissionsConsentRequest", "@version": "2", "permissionScopes": scopes}
            }],
            "shouldEndSession": true
        }})
    );
}

#[test]
fn only_not_set_gives_the_localized_not_set_message() {
    let decision = ConsentDecision::new(Language::from_locale("ja-JP"), "ビッグバスケット")
        .outcome(ProfileField::Email, FieldOutcome::NotSet)
        .outcome(ProfileField::Name, FieldOutcome::Value);
    let voice = AskWith::Voice { form: VoiceForm::StartConnection, token: None };
    for ask in [AskWith::Card, voice] {
        assert_eq!(
            json_of(&decision, &ask, true).unwrap(),
            concat!(
                r#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>"#,
                "Eメールアドレスが設定されていません。Amazonアカウントでこれらの詳細を入力してから、スキルをもう一度呼び出してください",
                r#"</speak>"},"shouldEndSession":true}}"#
            )
        );
    }
}

#[test]
fn nothing_to_say_when_complete_or_when_no_prompt_can_help() {
    let complete = ConsentDecision::new(Language::En, "X")
        .outcome(ProfileField::Email, FieldOutcome::Value)
        .outcome(ProfileField::MobileNumber, FieldOutcome::Value);
    assert!(complete.is_complete());
    assert_eq!(json_of(&complete, &AskWith::Card, true), None);

    let stuck = ConsentDecision::new(Language::En, "X")
        .outcome(ProfileField::Email, FieldOutcome::NotDeclared)
        .outcome(ProfileField::MobileNumber, FieldOutcome::Failed)
        .outcome(ProfileField::GivenName, FieldOutcome::Value);
    assert_eq!(json_of(&stuck, &AskWith::Card, true), None);
    assert_eq!(stuck.not_declared(), [ProfileField::Email]);
    assert_eq!(stuck.failed(), [ProfileField::MobileNumber]);
    assert_eq!(stuck.usable(), [ProfileField::GivenName]);
    // An undeclared scope never goes on a card (Amazon would refuse the response).
    let mixed = stuck.clone().outcome(ProfileField::MobileNumber, ACCOUNT);
    let response = mixed.respond(&AskWith::Card, true).unwrap().unwrap().build();
    assert_eq!(
        serde_json::to_value(response.response.card.unwrap()).unwrap(),
        json!({"type": "AskForPermissionsConsent", "permissions": ["alexa::profile:mobile_number:read"]})
    );
}

#[test]
fn card_rules_apply_and_a_later_record_replaces_an_earlier_one() {
    let both = ConsentDecision::new(Language::En, "X")
        .outcome(ProfileField::Name, ACCOUNT)
        .outcome(ProfileField::GivenName, ACCOUNT);
    assert_eq!(
        both.respond(&AskWith::Card, true).unwrap_err(),
        ConsentError::FullNameWithGivenName
    );
    let person_email = ConsentDecision::new(Language::En, "X").outcome(ProfileField::Email, PERSON);
    let voice = AskWith::Voice { form: VoiceForm::StartConnection, token: None };
    assert_eq!(
        person_email.respond(&voice, true).unwrap_err(),
        ConsentError::NoPersonLevel { scope: Scope::Email }
    );

    let mut decision = ConsentDecision::new(Language::Es, "X");
    decision.record(ProfileField::Email, ACCOUNT);
    decision.record(ProfileField::Email, FieldOutcome::Value);
    assert!(decision.is_complete());
    assert_eq!(decision.usable(), [ProfileField::Email]);
    assert_eq!(decision.language(), Language::Es);
}
