//! The handler trait: object safety, blanket impls, closures.

use std::sync::Arc;

use alexa_model::{RequestEnvelope, ResponseEnvelope};
use alexa_skill_hosting::{SkillHandler, handler_fn};

#[derive(Debug)]
struct Oops;

impl std::fmt::Display for Oops {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("oops")
    }
}

impl std::error::Error for Oops {}

struct Fixed(&'static str);

#[async_trait::async_trait]
impl SkillHandler for Fixed {
    type Error = Oops;

    async fn handle(&self, _: RequestEnvelope) -> Result<ResponseEnvelope, Oops> {
        Ok(ResponseEnvelope::builder().speak_text(self.0).build())
    }
}

fn launch() -> RequestEnvelope {
    r#"{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r","timestamp":"2030-06-01T00:00:00Z"}}"#
        .parse()
        .unwrap()
}

#[test]
fn handlers_are_object_safe_and_wrap() {
    let handlers: Vec<Arc<dyn SkillHandler<Error = Oops>>> = vec![
        Arc::new(Fixed("a")),
        Arc::new(Box::new(Fixed("b"))),
        Arc::new(Arc::new(Fixed("c"))),
        Arc::new(handler_fn(|_: RequestEnvelope| async { Err::<ResponseEnvelope, _>(Oops) })),
    ];
    let answers: Vec<Result<ResponseEnvelope, Oops>> = futures_executor::block_on(async {
        let mut out = Vec::new();
        for h in &handlers {
            out.push(h.handle(launch()).await);
        }
        out
    });
    let expected = |t: &str| ResponseEnvelope::builder().speak_text(t).build();
    assert_eq!(answers[0].as_ref().unwrap(), &expected("a"));
    assert_eq!(answers[1].as_ref().unwrap(), &expected("b"));
    assert_eq!(answers[2].as_ref().unwrap(), &expected("c"));
    assert_eq!(answers[3].as_ref().unwrap_err().to_string(), "oops");
    assert_eq!(
        format!("{:?}", handler_fn(|_: RequestEnvelope| async { Ok::<_, Oops>(expected("x")) })),
        "HandlerFn { .. }"
    );
}
