//! Voice-forward consent: both wire forms exactly as REFERENCE section 3, and the typed answers.

use alexa_consent::{
    AnswerError, ConsentAnswer, ConsentError, ConsentLevel, ConsentReply, PermissionScope,
    ProfileField, Scope, VoiceConsent, VoiceForm,
};
use alexa_model::RequestEnvelope;
use serde_json::json;

fn consent() -> VoiceConsent {
    VoiceConsent::builder()
        .scope(Scope::Email, ConsentLevel::Account)
        .field(ProfileField::MobileNumber, ConsentLevel::Person)
        .token("consent-order-1042")
        .build()
        .unwrap()
}

fn input() -> serde_json::Value {
    json!({
        "@type": "AskForPermissionsConsentRequest",
        "@version": "2",
        "permissionScopes": [
            {"permissionScope": "alexa::profile:email:read", "consentLevel": "ACCOUNT"},
            {"permissionScope": "alexa::profile:mobile_number:read", "consentLevel": "PERSON"}
        ]
    })
}

#[test]
fn current_form_is_a_start_connection_to_ask_for_permissions_consent_2() {
    let directive = consent().directive(VoiceForm::StartConnection);
    assert_eq!(
        serde_json::to_value(&directive).unwrap(),
        json!({
            "type": "Connections.StartConnection",
            "uri": "connection://AMAZON.AskForPermissionsConsent/2",
            "input": input(),
            "token": "consent-order-1042"
        })
    );
}

#[test]
fn older_form_is_a_send_request_named_ask_for() {
    let directive = consent().directive(VoiceForm::SendRequest);
    assert_eq!(
        serde_json::to_value(&directive).unwrap(),
        json!({
            "type": "Connections.SendRequest",
            "name": "AskFor",
            "payload": input(),
            "token": "consent-order-1042"
        })
    );
    // Without a token, none is sent.
    let bare =
        VoiceConsent::new([PermissionScope::new(Scope::GivenName, ConsentLevel::Person)]).unwrap();
    assert_eq!(bare.token(), None);
    assert_eq!(
        serde_json::to_string(&bare.directive(VoiceForm::SendRequest)).unwrap(),
        concat!(
            r#"{"type":"Connections.SendRequest","name":"AskFor","payload":{"@type":"AskForPermissionsConsentRequest","#,
            r#""@version":"2","permissionScopes":[{"consentLevel":"PERSON","permissionScope":"alexa::profile:given_name:read"}]}}"#
        )
    );
}

#[test]
fn permission_scopes_round_trip_through_serde() {
    let scope = PermissionScope::new(Scope::Email, ConsentLevel::Account);
    let text = serde_json::to_string(&scope).unwrap();
    assert_eq!(text, r#"{"permissionScope":"alexa::profile:email:read","consentLevel":"ACCOUNT"}"#);
    assert_eq!(serde_json::from_str::<PermissionScope>(&text).unwrap(), scope);
}

#[test]
fn the_card_rules_apply_and_email_has_no_person_level() {
    assert_eq!(VoiceConsent::new([]), Err(ConsentError::Empty));
    assert_eq!(
        VoiceConsent::builder()
            .scope(Scope::MobileNumber, ConsentLevel::Account)
            .scope(Scope::MobileNumber, ConsentLevel::Person)
            .build(),
        Err(ConsentError::Duplicate { scope: Scope::MobileNumber })
    );
    assert_eq!(
        VoiceConsent::builder()
            .scope(Scope::FullName, ConsentLevel::Account)
            .scope(Scope::GivenName, ConsentLevel::Account)
            .build(),
        Err(ConsentError::FullNameWithGivenName)
    );
    assert_eq!(
        VoiceConsent::builder().scope(Scope::Email, ConsentLevel::Person).build(),
        Err(ConsentError::NoPersonLevel { scope: Scope::Email })
    );
    assert_eq!(
        VoiceConsent::builder()
            .scope(Scope::Email, ConsentLevel::Account)
            .declared([Scope::MobileNumber])
            .build(),
        Err(ConsentError::NotDeclared { scope: Scope::Email })
    );
}

fn reply(file: &str) -> Result<ConsentReply, AnswerError> {
    let envelope: RequestEnvelope = crate::data(&format!("requests/{file}")).parse().unwrap();
    ConsentReply::from_envelope(&envelope)
}

#[test]
fn answers_of_the_current_form() {
    let accepted = reply("session_resumed_accepted.json").unwrap();
    assert_eq!(accepted.answer(), &ConsentAnswer::Accepted);
    assert!(accepted.is_accepted());
    assert_eq!(accepted.token(), Some("consent-order-1042"));
    assert_eq!(accepted.form(), VoiceForm::StartConnection);
    assert_eq!(accepted.permission_scope(), None);
    assert_eq!(reply("session_resumed_denied.json").unwrap().answer(), &ConsentAnswer::Denied);
    assert_eq!(
        reply("session_resumed_not_answered.json").unwrap().answer(),
        &ConsentAnswer::NotAnswered
    );
    assert_eq!(
        reply("session_resumed_error_403.json").unwrap().answer(),
        &ConsentAnswer::Error {
            code: "403".into(),
            message: Some("Developer didn't configure skill personalization for the skill.".into()),
        }
    );
    // Another connection's result: the token tells; the status is kept.
    let other = reply("session_resumed_other_connection.json").unwrap();
    assert_eq!(other.answer(), &ConsentAnswer::Unknown("NOT_ENABLED".into()));
    assert_eq!(other.token(), Some("confirm-pin"));
    assert_eq!(reply("session_resumed_no_status.json"), Err(AnswerError::MissingStatus));
}

#[test]
fn answers_of_the_older_form() {
    let accepted = reply("connections_response_accepted.json").unwrap();
    assert_eq!(accepted.answer(), &ConsentAnswer::Accepted);
    assert_eq!(accepted.form(), VoiceForm::SendRequest);
    assert_eq!(accepted.token(), Some("consent-email"));
    assert_eq!(accepted.permission_scope(), Some(&Scope::Email));
    assert_eq!(accepted.is_card_thrown(), Some(false));
    assert_eq!(reply("connections_response_denied.json").unwrap().answer(), &ConsentAnswer::Denied);
    let not_answered = reply("connections_response_not_answered.json").unwrap();
    assert_eq!(not_answered.answer(), &ConsentAnswer::NotAnswered);
    assert_eq!(not_answered.is_card_thrown(), Some(true));
    // A numeric code is read as its text.
    assert_eq!(
        reply("connections_response_error_500.json").unwrap().answer(),
        &ConsentAnswer::Error { code: "500".into(), message: Some("Internal Server Error".into()) }
    );
}

#[test]
fn other_requests_are_not_answers() {
    assert_eq!(reply("connections_response_buy.json"), Err(AnswerError::NotAnAnswer));
    assert_eq!(reply("launch.json"), Err(AnswerError::NotAnAnswer));
    assert_eq!(reply("permission_accepted.json"), Err(AnswerError::NotAnAnswer));
    assert_eq!(
        AnswerError::NotAnAnswer.to_string(),
        "the request is not an answer to voice-forward consent"
    );
    assert_eq!(AnswerError::MissingStatus.to_string(), "the consent answer carries no status");
}
