//! [`LambdaAdapter`]: a skill as an AWS Lambda function, on `lambda_runtime`.

use std::fmt;
use std::sync::Arc;

use alexa_model::{RequestEnvelope, ResponseEnvelope};
use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use serde_json::value::RawValue;

use crate::handler::SkillHandler;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A skill as a Lambda function: every invocation's payload is the request envelope Alexa sent,
/// and the function's result is the response envelope.
///
/// No signature check is needed (or possible) here: Lambda invokes the function only for the
/// triggers it is configured with; restrict the Alexa Skills Kit trigger to your skill ID (see
/// `docs/hosting.md`).
///
/// [`invoke`](Self::invoke) is the whole adapter without the runtime, for tests;
/// [`run`](Self::run) connects to the Lambda Runtime API (from `AWS_LAMBDA_RUNTIME_API`) and
/// serves invocations until the process is stopped.
///
/// ```
/// use alexa_model::{RequestEnvelope, ResponseEnvelope};
/// use alexa_skill_hosting::{LambdaAdapter, handler_fn};
///
/// # futures_executor::block_on(async {
/// let adapter = LambdaAdapter::new(handler_fn(|_: RequestEnvelope| async {
///     Ok::<_, std::convert::Infallible>(ResponseEnvelope::builder().speak_text("Hi.").build())
/// }));
/// let event = br#"{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r","timestamp":"2024-08-01T12:00:00Z"}}"#;
/// let response = adapter.invoke(event).await?;
/// assert!(response.to_json()?.contains("Hi."));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
pub struct LambdaAdapter<H> {
    handler: Arc<H>,
    skill_ids: Arc<Vec<String>>,
}

impl<H> Clone for LambdaAdapter<H> {
    fn clone(&self) -> Self {
        LambdaAdapter { handler: Arc::clone(&self.handler), skill_ids: Arc::clone(&self.skill_ids) }
    }
}

impl<H> fmt::Debug for LambdaAdapter<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LambdaAdapter").field("skill_ids", &self.skill_ids).finish_non_exhaustive()
    }
}

impl<H: SkillHandler + 'static> LambdaAdapter<H> {
    /// An adapter calling `handler`.
    pub fn new(handler: H) -> Self {
        LambdaAdapter { handler: Arc::new(handler), skill_ids: Arc::new(Vec::new()) }
    }

    /// Accepts only invocations for this skill ID (`amzn1.ask.skill....`, from
    /// `context.System.application.applicationId` or `session.application.applicationId`);
    /// others fail with [`LambdaErrorKind::WrongSkill`] before the handler runs. Call again to
    /// accept several. A second line of defence behind the trigger's Skill ID verification.
    #[must_use]
    pub fn with_skill_id(mut self, skill_id: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.skill_ids).push(skill_id.into());
        self
    }

    /// Handles one invocation: decodes `event` (the raw payload JSON) as a request envelope and
    /// calls the handler.
    ///
    /// # Errors
    ///
    /// [`LambdaErrorKind::InvalidEvent`] when the payload is not a request envelope,
    /// [`LambdaErrorKind::WrongSkill`] when skill IDs are set and it is for another skill,
    /// [`LambdaErrorKind::Handler`] when the handler failed (its error is the source).
    pub async fn invoke(&self, event: &[u8]) -> Result<ResponseEnvelope, LambdaError> {
        let envelope = RequestEnvelope::from_slice(event).map_err(|e| LambdaError {
            kind: LambdaErrorKind::InvalidEvent,
            source: Some(Box::new(e)),
        })?;
        if !crate::handler::skill_allowed(&self.skill_ids, &envelope) {
            tracing::warn!("invocation refused: it is for another skill");
            return Err(LambdaError { kind: LambdaErrorKind::WrongSkill, source: None });
        }
        let request_type = envelope.request.request_type().to_owned();
        self.handler.handle(envelope).await.map_err(|e| {
            tracing::error!(request_type, error = %e, "the skill handler failed");
            LambdaError { kind: LambdaErrorKind::Handler, source: Some(Box::new(e)) }
        })
    }

    /// Serves invocations from the Lambda Runtime API until the process is stopped.
    ///
    /// # Errors
    ///
    /// [`LambdaErrorKind::NotInLambda`] when the environment variables Lambda sets are missing
    /// (checked first: `lambda_runtime` would panic), [`LambdaErrorKind::Runtime`] when the
    /// Runtime API fails.
    pub async fn run(self) -> Result<(), LambdaError> {
        check_environment()?;
        let adapter = self;
        let service = service_fn(move |event: LambdaEvent<Box<RawValue>>| {
            let adapter = adapter.clone();
            async move {
                adapter.invoke(event.payload.get().as_bytes()).await.map_err(|e| Diagnostic {
                    error_type: e.kind.error_type().to_owned(),
                    error_message: e.to_string(),
                })
            }
        });
        lambda_runtime::run(service)
            .await
            .map_err(|e| LambdaError { kind: LambdaErrorKind::Runtime, source: Some(e) })
    }
}

/// The variables Lambda sets that `lambda_runtime` reads (and panics without).
const LAMBDA_ENVIRONMENT: [&str; 4] = [
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
];

fn check_environment() -> Result<(), LambdaError> {
    let present = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    let memory_ok =
        std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").is_ok_and(|v| v.parse::<i32>().is_ok());
    if LAMBDA_ENVIRONMENT.iter().all(|name| present(name)) && memory_ok {
        Ok(())
    } else {
        Err(LambdaError { kind: LambdaErrorKind::NotInLambda, source: None })
    }
}

/// Runs `handler` as a Lambda function: [`LambdaAdapter::new`] then [`LambdaAdapter::run`].
///
/// # Errors
///
/// As [`LambdaAdapter::run`].
pub async fn run_lambda<H: SkillHandler + 'static>(handler: H) -> Result<(), LambdaError> {
    LambdaAdapter::new(handler).run().await
}

/// Why an invocation failed, or why the runtime stopped.
pub struct LambdaError {
    kind: LambdaErrorKind,
    source: Option<BoxError>,
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LambdaErrorKind {
    /// The invocation's payload is not a request envelope.
    InvalidEvent,
    /// The invocation is for a skill other than the ones set with
    /// [`LambdaAdapter::with_skill_id`].
    WrongSkill,
    /// The skill handler returned an error.
    Handler,
    /// The process is not running in Lambda: a variable Lambda sets (`AWS_LAMBDA_RUNTIME_API`,
    /// `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`,
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`) is missing or invalid.
    NotInLambda,
    /// The Lambda runtime failed.
    Runtime,
}

impl LambdaErrorKind {
    /// The `errorType` reported to Lambda.
    fn error_type(self) -> &'static str {
        match self {
            LambdaErrorKind::InvalidEvent => "InvalidEvent",
            LambdaErrorKind::WrongSkill => "WrongSkill",
            LambdaErrorKind::Handler => "HandlerError",
            LambdaErrorKind::NotInLambda => "NotInLambda",
            LambdaErrorKind::Runtime => "RuntimeError",
        }
    }
}

impl LambdaError {
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> LambdaErrorKind {
        self.kind
    }
}

impl fmt::Display for LambdaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            LambdaErrorKind::InvalidEvent => "the invocation payload is not a request envelope",
            LambdaErrorKind::WrongSkill => "the invocation is for another skill",
            LambdaErrorKind::Handler => "the skill handler failed",
            LambdaErrorKind::NotInLambda => {
                "not running in aws lambda (its environment variables are missing)"
            }
            LambdaErrorKind::Runtime => "the lambda runtime failed",
        })
    }
}

impl fmt::Debug for LambdaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LambdaError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for LambdaError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}
