//! Generated request envelopes: their shape, and that a skill using them reaches the emulator.

use alexa_model::{Intent, Request, RequestEnvelope};
use alexa_profile_emulator::{Emulator, Grant, Profile, Scope};

use crate::support::get;

async fn emulator() -> Emulator {
    Emulator::builder()
        .with_profile("alice", Profile::new().with_email("alice@example.com"))
        .with_profile("bob", Profile::new().with_given_name("Bob"))
        .with_application_id("amzn1.ask.skill.test")
        .start_local()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_launch_request_points_at_the_emulator_with_a_minted_token() {
    let emulator = emulator().await;
    let token = emulator.mint(Grant::new("alice").with_scopes([Scope::Email])).unwrap();
    let envelope = emulator.envelope(&token).with_locale("de-DE").launch();
    assert!(matches!(envelope.request, Request::Launch(_)));
    assert_eq!(envelope.locale(), Some("de-DE"));
    assert!(envelope.session.as_ref().unwrap().new);
    assert!(envelope.person().is_none());
    let system = envelope.system().unwrap();
    assert_eq!(system.application.application_id, "amzn1.ask.skill.test");
    assert!(system.user.user_id.starts_with("amzn1.ask.account."));
    assert!(system.device.is_some());
    // Through the wire format and back, as a skill would see it.
    let decoded = RequestEnvelope::from_slice(envelope.to_json().unwrap().as_bytes()).unwrap();
    let api = decoded.api_context().unwrap();
    assert_eq!(api.endpoint(), emulator.base_url());
    assert_eq!(api.token().expose_secret(), token.value().expose_secret());
    let reply = get(
        &emulator,
        "/v2/accounts/~current/settings/Profile.email",
        Some(api.token().expose_secret()),
    )
    .await;
    assert_eq!((reply.status, reply.text()), (200, r#""alice@example.com""#));
    // Debug output of the envelope never shows the token.
    assert!(!format!("{envelope:?}").contains(token.value().expose_secret()));
}

#[tokio::test]
async fn an_intent_request_with_a_recognized_speaker() {
    let emulator = emulator().await;
    let token = emulator
        .mint(Grant::new("alice").with_person("bob").with_person_scopes([Scope::GivenName]))
        .unwrap();
    let builder = emulator.envelope(&token);
    let envelope = builder.intent(Intent::new("OrderIntent"));
    let Request::Intent(intent) = &envelope.request else { panic!("not an intent") };
    assert_eq!(intent.intent.name, "OrderIntent");
    assert!(!envelope.session.as_ref().unwrap().new);
    let person = envelope.person().unwrap();
    assert_eq!(Some(person.person_id.clone()), builder.person_id());
    assert!(person.person_id.starts_with("amzn1.ask.person."));
    // Stable per profile name.
    let again = emulator.envelope(&token).launch();
    assert_eq!(again.person().unwrap().person_id, person.person_id);
    assert_eq!(again.user().unwrap().user_id, envelope.user().unwrap().user_id);
    let reply = get(
        &emulator,
        "/v2/persons/~current/profile/givenName",
        Some(token.value().expose_secret()),
    )
    .await;
    assert_eq!(reply.text(), r#""Bob""#);
    // Without the person.
    assert!(emulator.envelope(&token).without_person().launch().person().is_none());
}

#[tokio::test]
async fn permission_events_list_the_grant() {
    let emulator = emulator().await;
    let token = emulator
        .mint(
            Grant::new("alice")
                .with_scopes([Scope::Email, Scope::MobileNumber])
                .with_person("bob")
                .with_person_scopes([Scope::GivenName]),
        )
        .unwrap();
    let accepted = emulator.envelope(&token).permission_accepted();
    let Request::SkillPermissionAccepted(event) = &accepted.request else { panic!("wrong type") };
    let scopes: Vec<_> = event.body.accepted_permissions.iter().map(|p| p.scope.as_str()).collect();
    assert_eq!(scopes, ["alexa::profile:email:read", "alexa::profile:mobile_number:read"]);
    let person: Vec<_> =
        event.body.accepted_person_permissions.iter().map(|p| p.scope.as_str()).collect();
    assert_eq!(person, ["alexa::profile:given_name:read"]);
    assert!(accepted.session.is_none());
    assert!(event.event_creation_time.is_some());
    assert_eq!(accepted.api_context().unwrap().endpoint(), emulator.base_url());

    let changed = emulator.envelope(&token).without_person().permission_changed();
    let json = changed.to_json().unwrap();
    assert!(json.contains(r#""type":"AlexaSkillEvent.SkillPermissionChanged""#));
    let decoded = RequestEnvelope::from_slice(json.as_bytes()).unwrap();
    let event = decoded.request.permission_event().unwrap();
    assert!(event.body.accepted_person_permissions.is_empty());
    assert_eq!(event.body.accepted_permissions.len(), 2);
}
