//! The Lambda adapter, invoked in-process with fixture events (no Lambda Runtime API).

use std::sync::Mutex;

use alexa_model::{Request, RequestEnvelope, ResponseEnvelope};
use alexa_skill_hosting::{LambdaAdapter, LambdaErrorKind, SkillHandler, handler_fn};

const LAUNCH: &[u8] = include_bytes!("../data/events/launch_request.json");
const INTENT: &[u8] = include_bytes!("../data/events/intent_request_typical.json");
const PERMISSION_ACCEPTED: &[u8] = include_bytes!("../data/events/skill_permission_accepted.json");
const SESSION_ENDED: &[u8] = include_bytes!("../data/events/session_ended_request.json");

/// Records the request types it saw and answers with the intent name, or the type.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl SkillHandler for Recorder {
    type Error = std::convert::Infallible;

    async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, Self::Error> {
        let kind = request.request.request_type().to_owned();
        self.seen.lock().unwrap().push(kind.clone());
        let text = match &request.request {
            Request::Intent(intent) => intent.intent.name.clone(),
            _ => kind,
        };
        Ok(ResponseEnvelope::builder().speak_text(text).build())
    }
}

fn spoken(response: &ResponseEnvelope) -> String {
    let json: serde_json::Value = serde_json::from_str(&response.to_json().unwrap()).unwrap();
    json["response"]["outputSpeech"]["text"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn fixture_events_reach_the_handler() {
    let recorder = std::sync::Arc::new(Recorder::default());
    let adapter = LambdaAdapter::new(std::sync::Arc::clone(&recorder));
    assert_eq!(spoken(&adapter.invoke(LAUNCH).await.unwrap()), "LaunchRequest");
    assert_eq!(spoken(&adapter.invoke(INTENT).await.unwrap()), "OrderIntent");
    assert_eq!(
        spoken(&adapter.invoke(PERMISSION_ACCEPTED).await.unwrap()),
        "AlexaSkillEvent.SkillPermissionAccepted"
    );
    assert_eq!(spoken(&adapter.invoke(SESSION_ENDED).await.unwrap()), "SessionEndedRequest");
    assert_eq!(
        *recorder.seen.lock().unwrap(),
        [
            "LaunchRequest",
            "IntentRequest",
            "AlexaSkillEvent.SkillPermissionAccepted",
            "SessionEndedRequest"
        ]
    );
}

#[tokio::test]
async fn a_payload_that_is_not_an_envelope_is_an_invalid_event() {
    let adapter = LambdaAdapter::new(Recorder::default());
    for payload in [&b"{}"[..], b"[]", b"", br#"{"key1": "value1"}"#] {
        let error = adapter.invoke(payload).await.unwrap_err();
        assert_eq!(error.kind(), LambdaErrorKind::InvalidEvent);
        assert_eq!(error.to_string(), "the invocation payload is not a request envelope");
        assert!(std::error::Error::source(&error).is_some());
    }
}

#[tokio::test]
async fn a_handler_error_is_a_handler_failure_with_its_source() {
    #[derive(Debug)]
    struct Down;
    impl std::fmt::Display for Down {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("down")
        }
    }
    impl std::error::Error for Down {}

    let adapter = LambdaAdapter::new(handler_fn(|_: RequestEnvelope| async {
        Err::<ResponseEnvelope, _>(Down)
    }));
    let error = adapter.invoke(LAUNCH).await.unwrap_err();
    assert_eq!(error.kind(), LambdaErrorKind::Handler);
    assert_eq!(error.to_string(), "the skill handler failed");
    assert_eq!(std::error::Error::source(&error).unwrap().to_string(), "down");
}

#[tokio::test]
async fn run_outside_lambda_is_an_error_not_a_panic() {
    // The test process has none of the variables Lambda sets.
    assert!(std::env::var("AWS_LAMBDA_RUNTIME_API").is_err());
    let error = LambdaAdapter::new(Recorder::default()).run().await.unwrap_err();
    assert_eq!(error.kind(), LambdaErrorKind::NotInLambda);
}

#[tokio::test]
async fn the_response_is_the_json_lambda_returns_to_alexa() {
    let adapter = LambdaAdapter::new(Recorder::default());
    let response = adapter.invoke(LAUNCH).await.unwrap();
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"version":"1.0","response":{"outputSpeech":{"type":"PlainText","text":"LaunchRequest"}}}"#
    );
}

#[tokio::test]
async fn with_a_skill_id_only_that_skill_is_served() {
    const SKILL: &str = "amzn1.ask.skill.5f6c2f0e-1c4e-4b7a-9d3e-8e2a7b1c9d10";
    let recorder = std::sync::Arc::new(Recorder::default());
    let mine = LambdaAdapter::new(std::sync::Arc::clone(&recorder)).with_skill_id(SKILL);
    for event in [LAUNCH, INTENT, PERMISSION_ACCEPTED, SESSION_ENDED] {
        mine.invoke(event).await.unwrap();
    }
    let theirs = LambdaAdapter::new(std::sync::Arc::clone(&recorder))
        .with_skill_id("amzn1.ask.skill.other")
        .with_skill_id("amzn1.ask.skill.another");
    let error = theirs.invoke(LAUNCH).await.unwrap_err();
    assert_eq!(error.kind(), LambdaErrorKind::WrongSkill);
    assert_eq!(error.to_string(), "the invocation is for another skill");
    assert_eq!(recorder.seen.lock().unwrap().len(), 4, "the handler did not run for another skill");
}
