//! The `contact-skill` example's handler end to end against the emulator: real client, real
//! sockets, envelopes minted by the emulator; then through the web service and the Lambda adapter.

use std::sync::Arc;

use alexa_model::{Card, Intent, OutputSpeech, RequestEnvelope, ResponseEnvelope};
use alexa_profile_api::ProfileClient;
use alexa_profile_emulator::{Emulator, Grant, MobileNumber, Profile, Scope};
use alexa_skill_hosting::SkillHandler;

#[path = "../../examples/contact-skill/skill.rs"]
#[allow(dead_code, reason = "the example's module, compiled here for its handler")]
mod skill;

use skill::{ContactSkill, ORDER_INTENT};

async fn setup() -> (Emulator, ContactSkill) {
    let emulator = Emulator::builder()
        .with_profile(
            "alice",
            Profile::new()
                .with_given_name("Alice")
                .with_email("alice@example.com")
                .with_mobile_number(MobileNumber::new("+1", "(415) 555-2671")),
        )
        .with_profile("bob", Profile::new().with_given_name("Bob"))
        .with_profile(
            "carol",
            Profile::new().with_given_name("Carol").with_email("carol@example.com"),
        )
        .start_local()
        .await
        .unwrap();
    let client =
        ProfileClient::builder().allow_endpoint(emulator.base_url()).unwrap().build().unwrap();
    (emulator, ContactSkill::new(Arc::new(client)))
}

fn speech(response: &ResponseEnvelope) -> String {
    match response.response.output_speech.as_ref().unwrap() {
        OutputSpeech::PlainText { text, .. } => text.clone(),
        OutputSpeech::Ssml { ssml, .. } => ssml.clone(),
        other => panic!("{other:?}"),
    }
}

fn order(emulator: &Emulator, grant: Grant) -> RequestEnvelope {
    let token = emulator.mint(grant).unwrap();
    emulator.envelope(&token).without_person().intent(Intent::new(ORDER_INTENT))
}

#[tokio::test]
async fn launch_greets_by_the_speakers_given_name_when_consent_allows() {
    let (emulator, skill) = setup().await;
    let token = emulator.mint(Grant::new("alice").with_scopes([Scope::GivenName])).unwrap();
    let response = skill.handle(emulator.envelope(&token).without_person().launch()).await.unwrap();
    assert_eq!(
        speech(&response),
        "<speak>Welcome back, Alice. What would you like to order?</speak>"
    );
    // Bob is the recognized speaker on Alice's account: his name, from the Person Profile API.
    let token = emulator
        .mint(
            Grant::new("alice")
                .with_scopes([Scope::GivenName])
                .with_person("bob")
                .with_person_scopes([Scope::GivenName]),
        )
        .unwrap();
    let response = skill.handle(emulator.envelope(&token).launch()).await.unwrap();
    assert!(speech(&response).contains("Welcome back, Bob."));
    // No consent: a plain welcome, no card at launch.
    let token = emulator.mint(Grant::new("alice")).unwrap();
    let response = skill.handle(emulator.envelope(&token).without_person().launch()).await.unwrap();
    assert_eq!(speech(&response), "<speak>Welcome. What would you like to order?</speak>");
    assert!(response.response.card.is_none());
}

#[tokio::test]
async fn an_order_is_confirmed_by_email_and_by_sms_in_e164() {
    let (emulator, skill) = setup().await;
    let envelope =
        order(&emulator, Grant::new("alice").with_scopes([Scope::Email, Scope::MobileNumber]));
    let response = skill.handle(envelope).await.unwrap();
    assert_eq!(
        speech(&response),
        "<speak>Your order is placed. I&apos;ll send the confirmation to alice@example.com and a text to +14155552671.</speak>"
    );
    assert_eq!(response.response.should_end_session, Some(true));
}

#[tokio::test]
async fn without_consent_the_answer_is_the_localized_prompt_and_the_card() {
    let (emulator, skill) = setup().await;
    let token = emulator.mint(Grant::new("alice")).unwrap();
    let envelope = emulator
        .envelope(&token)
        .without_person()
        .with_locale("de-DE")
        .intent(Intent::new(ORDER_INTENT));
    let response = skill.handle(envelope).await.unwrap();
    assert_eq!(
        response.response.card,
        Some(Card::ask_for_permissions_consent([
            "alexa::profile:email:read",
            "alexa::profile:mobile_number:read"
        ]))
    );
    assert!(
        speech(&response).starts_with(
            "<speak>Um diese Anfrage abzuschließen, benötigt Contact Skill Zugriff auf"
        )
    );
}

#[tokio::test]
async fn a_value_not_set_is_said_and_the_rest_still_works() {
    let (emulator, skill) = setup().await;
    let envelope =
        order(&emulator, Grant::new("carol").with_scopes([Scope::Email, Scope::MobileNumber]));
    let response = skill.handle(envelope).await.unwrap();
    let text = speech(&response);
    assert!(text.contains("I&apos;ll send the confirmation to carol@example.com."), "{text}");
    assert!(text.contains("Your phone number was not set."), "{text}");
    assert!(response.response.card.is_none());
}

#[tokio::test]
async fn permission_events_are_acknowledged_with_an_empty_response() {
    let (emulator, skill) = setup().await;
    let token = emulator.mint(Grant::new("alice").with_scopes([Scope::Email])).unwrap();
    let response = skill.handle(emulator.envelope(&token).permission_changed()).await.unwrap();
    assert_eq!(response.to_json().unwrap(), r#"{"version":"1.0","response":{}}"#);
}

#[cfg(feature = "web")]
#[tokio::test]
async fn through_the_web_service_unsigned_requests_get_400() {
    use alexa_skill_hosting::{SkillService, Verifier};
    use http_body_util::{BodyExt, Full};

    let (emulator, skill) = setup().await;
    let envelope =
        order(&emulator, Grant::new("alice").with_scopes([Scope::Email, Scope::MobileNumber]));
    let body = bytes::Bytes::from(envelope.to_json().unwrap());
    let request = || {
        http::Request::post("/")
            .header("content-type", "application/json")
            .body(Full::new(body.clone()))
            .unwrap()
    };
    let skill = Arc::new(skill);
    let verifying = SkillService::new(skill.clone(), Verifier::new().unwrap());
    assert_eq!(verifying.respond(request()).await.status(), 400);
    let open = SkillService::without_verification(skill);
    let response = open.respond(request()).await;
    assert_eq!(response.status(), 200);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer = ResponseEnvelope::from_json(std::str::from_utf8(&bytes).unwrap()).unwrap();
    assert!(speech(&answer).contains("+14155552671"));
}

#[cfg(feature = "lambda")]
#[tokio::test]
async fn through_the_lambda_adapter() {
    let (emulator, skill) = setup().await;
    let envelope =
        order(&emulator, Grant::new("alice").with_scopes([Scope::Email, Scope::MobileNumber]));
    let adapter = alexa_skill_hosting::LambdaAdapter::new(skill);
    let answer = adapter.invoke(envelope.to_json().unwrap().as_bytes()).await.unwrap();
    assert!(speech(&answer).contains("alice@example.com"));
}
