//! Each request type decodes into its variant with its values; unknown types and fields decode.

use alexa_model::{
    ConfirmationStatus, DialogState, ErrorKind, PermissionStatus, Request, RequestEnvelope,
    ResolutionStatusCode, SessionEndedReason, TokenSource,
};

use crate::fixture;

fn decode(stem: &str) -> RequestEnvelope {
    fixture(stem).parse().unwrap()
}

#[test]
fn intent_request_with_slots_and_resolutions() {
    let env = decode("intent_request_typical");
    let Request::Intent(req) = &env.request else { panic!("not an intent: {:?}", env.request) };
    assert_eq!(req.locale.as_deref(), Some("en-US"));
    assert_eq!(req.dialog_state, Some(DialogState::Completed));
    assert_eq!(req.intent.name, "OrderIntent");
    assert_eq!(req.intent.confirmation_status, Some(ConfirmationStatus::Confirmed));
    assert_eq!(req.intent.slot_value("item"), Some("basmati rice"));
    assert_eq!(req.intent.slot_value("quantity"), Some("2"));
    assert_eq!(req.intent.slot_value("deliveryDate"), None);
    let item = &req.intent.slots["item"];
    let resolution = &item.resolutions.as_ref().unwrap().resolutions_per_authority[0];
    assert_eq!(resolution.status.as_ref().unwrap().code, ResolutionStatusCode::SuccessMatch);
    assert_eq!(resolution.values[0].value.name, "Basmati Rice");
    assert_eq!(resolution.values[0].value.id.as_deref(), Some("RICE_BASMATI"));
    assert_eq!(item.slot_value.as_ref().unwrap().to_value().unwrap()["type"], "Simple");
    // Session attributes are arbitrary JSON.
    let session = env.session.as_ref().unwrap();
    assert_eq!(session.attributes["orderId"], "A-1042");
    assert_eq!(session.attributes["step"], 2);
    // user.permissions
    let system = env.system().unwrap();
    let perms = system.user.permissions.as_ref().unwrap();
    assert_eq!(perms.scopes["alexa::profile:email:read"].status, PermissionStatus::Granted);
    assert_eq!(perms.scopes["alexa::profile:mobile_number:read"].status, PermissionStatus::Denied);
    assert!(perms.consent_token.is_some());
    // Other interfaces are kept verbatim.
    let context = env.context.as_ref().unwrap();
    let viewport: serde_json::Value = context.interface("Viewport").unwrap().deserialize().unwrap();
    assert_eq!(viewport["pixelWidth"], 1024);
    let audio: serde_json::Value = context.interface("AudioPlayer").unwrap().to_value().unwrap();
    assert_eq!(audio, serde_json::json!({"playerActivity": "IDLE"}));
    let device = system.device.as_ref().unwrap();
    assert!(device.supports("Alexa.Presentation.APL"));
    assert!(!device.supports("VideoApp"));
}

#[test]
fn launch_and_session_ended() {
    let env = decode("launch_request");
    assert!(matches!(env.request, Request::Launch(_)));
    assert_eq!(env.request.request_type(), "LaunchRequest");
    assert_eq!(env.request.timestamp(), Some("2024-08-01T12:00:00Z"));

    let env = decode("session_ended_request");
    let Request::SessionEnded(req) = &env.request else { panic!() };
    assert_eq!(req.reason, Some(SessionEndedReason::Error));
    let error = req.error.as_ref().unwrap();
    assert_eq!(error.error_type, "INVALID_RESPONSE");
    assert!(error.message.starts_with("An exception occurred"));
    assert_eq!(env.locale(), Some("en-GB"));
}

#[test]
fn session_resumed_and_connections_response() {
    let env = decode("session_resumed_request");
    let Request::SessionResumed(req) = &env.request else { panic!() };
    let cause = req.cause.as_ref().unwrap();
    assert_eq!(cause.cause_type, "ConnectionCompleted");
    assert_eq!(cause.token.as_deref(), Some("consent-order-1042"));
    assert!(cause.status.as_ref().unwrap().is_ok());
    assert_eq!(
        cause.result.as_ref().unwrap().to_value().unwrap(),
        serde_json::json!({"status": "ACCEPTED"})
    );

    let env = decode("connections_response");
    let Request::ConnectionsResponse(req) = &env.request else { panic!() };
    assert_eq!(req.name.as_deref(), Some("AskFor"));
    assert_eq!(req.status.as_ref().unwrap().code, "200");
    assert_eq!(req.token.as_deref(), Some("consent-email"));
    let payload: serde_json::Value = req.payload.as_ref().unwrap().deserialize().unwrap();
    assert_eq!(payload["status"], "DENIED");
}

#[test]
fn connection_status_code_may_be_a_number() {
    let json = r#"{"version":"1.0","request":{"type":"Connections.Response","requestId":"r","timestamp":"t","status":{"code":200,"message":"OK"}}}"#;
    let env: RequestEnvelope = json.parse().unwrap();
    let Request::ConnectionsResponse(req) = &env.request else { panic!() };
    assert!(req.status.as_ref().unwrap().is_ok());
}

#[test]
fn permission_events() {
    let env = decode("skill_permission_accepted");
    let Request::SkillPermissionAccepted(event) = &env.request else { panic!() };
    let scopes: Vec<_> = event.body.accepted_permissions.iter().map(|p| p.scope.as_str()).collect();
    assert_eq!(scopes, ["alexa::profile:email:read", "alexa::profile:mobile_number:read"]);
    assert!(event.body.accepted_person_permissions.is_empty());
    assert_eq!(event.event_creation_time.as_deref(), Some("2024-08-01T12:04:58Z"));
    assert_eq!(event.event_publishing_time.as_deref(), Some("2024-08-01T12:04:59Z"));
    assert!(env.session.is_none());

    let env = decode("skill_permission_changed");
    let event = env.request.permission_event().unwrap();
    assert!(matches!(env.request, Request::SkillPermissionChanged(_)));
    let person: Vec<_> =
        event.body.accepted_person_permissions.iter().map(|p| p.scope.as_str()).collect();
    assert_eq!(person, ["alexa::profile:given_name:read", "alexa::person_id:read"]);
}

#[test]
fn skill_lifecycle_events() {
    assert!(matches!(decode("skill_enabled").request, Request::SkillEnabled(_)));
    let env = decode("skill_disabled");
    let Request::SkillDisabled(event) = &env.request else { panic!() };
    assert!(event.body.as_ref().unwrap().get().contains("NOT_PERSISTED"));
    let env = decode("skill_account_linked");
    let Request::SkillAccountLinked(event) = &env.request else { panic!() };
    let token = event.body.as_ref().unwrap().access_token.as_ref().unwrap();
    assert_eq!(token.expose_secret(), "Atza|account-linked-event-canary");
}

#[test]
fn unknown_request_type_keeps_its_json() {
    let env = decode("unknown_request_type");
    let Request::Other(other) = &env.request else { panic!() };
    assert_eq!(other.request_type, "Alexa.Presentation.APL.UserEvent");
    assert_eq!(other.fields["arguments"], serde_json::json!(["buy", 2]));
    assert_eq!(
        env.request.request_id(),
        Some("amzn1.echo-api.request.00000020-1b2c-4d3e-9f4a-5b6c7d8e9f0a")
    );
    assert_eq!(env.request.locale(), Some("fr-FR"));
    let encoded: serde_json::Value = serde_json::from_str(&env.to_json().unwrap()).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&fixture("unknown_request_type")).unwrap();
    assert_eq!(encoded["request"], original["request"]);
}

#[test]
fn type_after_other_keys_and_unknown_fields_decode() {
    let env = decode("type_not_first_unknown_fields");
    let Request::Intent(req) = &env.request else { panic!("{:?}", env.request) };
    assert_eq!(req.intent.name, "AMAZON.HelpIntent");
    assert_eq!(req.locale.as_deref(), Some("ja-JP"));
    assert_eq!(env.request.request_type(), "IntentRequest");
    // The same request with `type` first decodes to the same value.
    let mut value: serde_json::Value =
        serde_json::from_str(&fixture("type_not_first_unknown_fields")).unwrap();
    let request = value["request"].take();
    let mut reordered = serde_json::Map::new();
    reordered.insert("type".into(), request["type"].clone());
    for (k, v) in request.as_object().unwrap() {
        reordered.insert(k.clone(), v.clone());
    }
    value["request"] = serde_json::Value::Object(reordered);
    let again: RequestEnvelope = serde_json::from_value(value).unwrap();
    assert_eq!(again.request, env.request);
}

#[test]
fn new_enum_values_decode_as_unknown() {
    let json = r#"{"version":"1.0","request":{"type":"IntentRequest","requestId":"r","timestamp":"t","dialogState":"PAUSED","intent":{"name":"X","confirmationStatus":"MAYBE"}}}"#;
    let env: RequestEnvelope = json.parse().unwrap();
    let Request::Intent(req) = &env.request else { panic!() };
    assert_eq!(req.dialog_state, Some(DialogState::Unknown("PAUSED".into())));
    assert_eq!(req.intent.confirmation_status.as_ref().unwrap().as_str(), "MAYBE");
    assert!(env.to_json().unwrap().contains(r#""dialogState":"PAUSED""#));
}

#[test]
fn identity_helpers_follow_seed_003() {
    // Recognized speaker with their own linked account: the person's token.
    let env = decode("seed003_person_with_account_linking");
    let (token, source) = env.account_linking_token().unwrap();
    assert_eq!(source, TokenSource::Person);
    assert_eq!(token.expose_secret(), "Atza|DSBFHSVDFUSUFEDAANYQWTSA-person-canary");
    // Recognized speaker, no linking at all: no token.
    let env = decode("seed003_person_no_account_linking");
    assert!(env.account_linking_token().is_none());
    assert!(env.person().is_some());
    // Unrecognized guest: the account's token.
    let env = decode("seed003_ride_mary_unrecognized");
    assert!(env.person().is_none());
    assert_eq!(env.account_linking_token().unwrap().1, TokenSource::User);
    // API context: endpoint and token of the request, per region.
    let env = decode("seed002_base_uri_eu");
    let api = env.api_context().unwrap();
    assert_eq!(api.endpoint(), "https://api.eu.amazonalexa.com");
    assert!(!api.token().expose_secret().is_empty());
}

#[test]
fn api_context_says_what_is_missing() {
    let env: RequestEnvelope =
        r#"{"version":"1.0","request":{"type":"LaunchRequest"}}"#.parse().unwrap();
    let err = env.api_context().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Missing);
    assert_eq!(err.to_string(), "missing context.System");

    let env: RequestEnvelope = r#"{"version":"1.0","context":{"System":{"apiAccessToken":"t"}},"request":{"type":"LaunchRequest"}}"#.parse().unwrap();
    assert_eq!(env.api_context().unwrap_err().to_string(), "missing context.System.apiEndpoint");

    let env: RequestEnvelope = r#"{"version":"1.0","context":{"System":{"apiEndpoint":"https://api.amazonalexa.com","apiAccessToken":""}},"request":{"type":"LaunchRequest"}}"#.parse().unwrap();
    assert_eq!(env.api_context().unwrap_err().to_string(), "missing context.System.apiAccessToken");
}

#[test]
fn envelopes_built_in_code_encode_as_alexa_sends_them() {
    use alexa_model::{Application, Context, Intent, IntentRequest, Person, System, User};
    let mut system = System::default();
    system.application = Application::new("amzn1.ask.skill.1");
    system.user = User::new("amzn1.ask.account.A");
    system.person = Some(Person::new("amzn1.ask.person.B"));
    system.api_endpoint = Some("http://127.0.0.1:8080".into());
    system.api_access_token = Some("tok".into());
    let env = RequestEnvelope::new(Request::Intent(IntentRequest::new(
        "r1",
        "2024-08-01T12:00:00Z",
        "en-US",
        Intent::new("OrderIntent"),
    )))
    .with_context(Context::new(system));
    assert_eq!(
        env.to_json().unwrap(),
        r#"{"version":"1.0","context":{"System":{"application":{"applicationId":"amzn1.ask.skill.1"},"user":{"userId":"amzn1.ask.account.A"},"person":{"personId":"amzn1.ask.person.B"},"apiEndpoint":"http://127.0.0.1:8080","apiAccessToken":"tok"}},"request":{"type":"IntentRequest","requestId":"r1","timestamp":"2024-08-01T12:00:00Z","locale":"en-US","intent":{"name":"OrderIntent"}}}"#
    );
}
