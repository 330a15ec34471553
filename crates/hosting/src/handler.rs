//! [`SkillHandler`]: what a skill implements, and what every adapter calls.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use alexa_model::{RequestEnvelope, ResponseEnvelope};
use async_trait::async_trait;

/// A skill: turns one request envelope into one response envelope.
///
/// The web service ([`SkillService`](crate::SkillService), feature `web`) calls it after the
/// request has been verified; the Lambda adapter ([`LambdaAdapter`](crate::LambdaAdapter),
/// feature `lambda`) calls it for every invocation. The same value serves both, so a skill is
/// written once and hosted either way.
///
/// The trait is object safe: `Arc<dyn SkillHandler<Error = MyError>>` is a handler too, as are
/// `Arc<H>` and `Box<H>` of any handler. For a closure, use [`handler_fn`].
///
/// An `Err` is a failure of the skill (a bug, a dependency down): the web service answers it with
/// HTTP 500 and the Lambda adapter with an invocation error, and both log its `Display` (so keep
/// tokens and profile values out of it). An answer to the customer, even "I could not reach the
/// service", is an `Ok` response.
///
/// # Example
///
/// ```
/// use alexa_model::{Request, RequestEnvelope, ResponseEnvelope};
/// use alexa_skill_hosting::SkillHandler;
///
/// struct Hello;
///
/// #[async_trait::async_trait]
/// impl SkillHandler for Hello {
///     type Error = std::convert::Infallible;
///
///     async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, Self::Error> {
///         let text = match request.request {
///             Request::Launch(_) => "Hello!",
///             _ => "Goodbye.",
///         };
///         Ok(ResponseEnvelope::builder().speak_text(text).build())
///     }
/// }
/// ```
#[async_trait]
pub trait SkillHandler: Send + Sync {
    /// Why the handler failed (answered with HTTP 500 or a Lambda invocation error).
    type Error: std::error::Error + Send + Sync + 'static;

    /// Answers one request.
    ///
    /// # Errors
    ///
    /// When the skill failed and has no answer for the customer.
    async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, Self::Error>;
}

#[async_trait]
impl<T: SkillHandler + ?Sized> SkillHandler for Arc<T> {
    type Error = T::Error;

    async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, Self::Error> {
        (**self).handle(request).await
    }
}

#[async_trait]
impl<T: SkillHandler + ?Sized> SkillHandler for Box<T> {
    type Error = T::Error;

    async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, Self::Error> {
        (**self).handle(request).await
    }
}

/// A [`SkillHandler`] made of an async closure; see [`handler_fn`].
#[derive(Clone, Copy)]
pub struct HandlerFn<F> {
    f: F,
}

impl<F> fmt::Debug for HandlerFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandlerFn").finish_non_exhaustive()
    }
}

/// Makes a [`SkillHandler`] of a closure that returns a future.
///
/// ```
/// use alexa_model::{RequestEnvelope, ResponseEnvelope};
/// use alexa_skill_hosting::{SkillHandler, handler_fn};
///
/// let skill = handler_fn(|_request: RequestEnvelope| async {
///     Ok::<_, std::convert::Infallible>(ResponseEnvelope::builder().speak_text("Hi.").build())
/// });
/// # fn assert_handler<H: SkillHandler>(_: &H) {}
/// # assert_handler(&skill);
/// ```
pub fn handler_fn<F, Fut, E>(f: F) -> HandlerFn<F>
where
    F: Fn(RequestEnvelope) -> Fut + Send + Sync,
    Fut: Future<Output = Result<ResponseEnvelope, E>> + Send,
    E: std::error::Error + Send + Sync + 'static,
{
    HandlerFn { f }
}

#[async_trait]
impl<F, Fut, E> SkillHandler for HandlerFn<F>
where
    F: Fn(RequestEnvelope) -> Fut + Send + Sync,
    Fut: Future<Output = Result<ResponseEnvelope, E>> + Send,
    E: std::error::Error + Send + Sync + 'static,
{
    type Error = E;

    async fn handle(&self, request: RequestEnvelope) -> Result<ResponseEnvelope, E> {
        (self.f)(request).await
    }
}

/// The skill ID a request is for: `context.System.application.applicationId`, else
/// `session.application.applicationId`.
#[cfg(any(feature = "web", feature = "lambda"))]
fn skill_id(envelope: &RequestEnvelope) -> Option<&str> {
    envelope
        .system()
        .map(|s| s.application.application_id.as_str())
        .filter(|id| !id.is_empty())
        .or_else(|| {
            let application = envelope.session.as_ref()?.application.as_ref()?;
            Some(application.application_id.as_str())
        })
}

/// Whether an adapter that accepts `allowed` skill IDs (none: any) takes `envelope`.
#[cfg(any(feature = "web", feature = "lambda"))]
pub(crate) fn skill_allowed(allowed: &[String], envelope: &RequestEnvelope) -> bool {
    allowed.is_empty() || skill_id(envelope).is_some_and(|id| allowed.iter().any(|a| a == id))
}
