//! A `tracing` layer that keeps the profile client's own events (attempts, statuses, waits), so
//! that the demo can show a retry as the client lived it. The client never puts a token or a
//! profile value in an event; this layer records only the fields it knows.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

/// The target prefix of the client's spans and events.
const CLIENT: &str = "alexa_profile_api";

/// One event of the client: which call (the span's `operation` and `level`), what happened (the
/// event's message) and its numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ClientEvent {
    pub(crate) operation: String,
    pub(crate) level: String,
    pub(crate) message: String,
    pub(crate) attempt: Option<u64>,
    pub(crate) status: Option<u64>,
    pub(crate) delay_ms: Option<u64>,
    pub(crate) timeout_ms: Option<u64>,
    pub(crate) error: Option<String>,
}

impl fmt::Display for ClientEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}) ", self.operation, self.level.to_ascii_lowercase())?;
        match (self.message.as_str(), self.attempt) {
            ("answer", Some(n)) => write!(f, "attempt {n}: status {}", self.status.unwrap_or(0)),
            ("retrying", Some(n)) => {
                write!(f, "attempt {n} failed: waiting {} ms", self.delay_ms.unwrap_or(0))
            }
            ("attempt timed out", Some(n)) => {
                write!(f, "attempt {n} timed out after {} ms", self.timeout_ms.unwrap_or(0))
            }
            (message, Some(n)) => write!(f, "attempt {n}: {message}"),
            (message, None) => f.write_str(message),
        }?;
        if let Some(error) = &self.error {
            write!(f, " ({error})")?;
        }
        Ok(())
    }
}

/// The layer, and the handle to read what it kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Capture {
    events: Arc<Mutex<Vec<ClientEvent>>>,
}

impl Capture {
    /// The events kept since the last call, oldest first.
    pub(crate) fn take(&self) -> Vec<ClientEvent> {
        std::mem::take(&mut *self.events.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The `operation` and `level` of a client span, kept in the span's extensions.
#[derive(Debug, Clone, Default)]
struct CallFields {
    operation: String,
    level: String,
}

/// Reads the fields this layer knows; ignores every other.
#[derive(Default)]
struct Fields {
    call: CallFields,
    event: ClientEvent,
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "attempt" => self.event.attempt = Some(value),
            "status" => self.event.status = Some(value),
            "delay_ms" => self.event.delay_ms = Some(value),
            "timeout_ms" => self.event.timeout_ms = Some(value),
            _ => {}
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if let Ok(value) = u64::try_from(value) {
            self.record_u64(field, value);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "operation" => value.clone_into(&mut self.call.operation),
            "level" => value.clone_into(&mut self.call.level),
            "message" => value.clone_into(&mut self.event.message),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        match field.name() {
            "message" => self.event.message = format!("{value:?}"),
            "error" => self.event.error = Some(format!("{value:?}")),
            _ => {}
        }
    }
}

fn is_client(metadata: &Metadata<'_>) -> bool {
    metadata.target().starts_with(CLIENT)
}

impl<S> Layer<S> for Capture
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn register_callsite(
        &self,
        metadata: &'static Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        if is_client(metadata) {
            tracing::subscriber::Interest::always()
        } else {
            tracing::subscriber::Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        is_client(metadata)
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields.call);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut record = fields.event;
        if let Some(scope) = ctx.event_scope(event) {
            for span in scope {
                if let Some(call) = span.extensions().get::<CallFields>() {
                    record.operation.clone_from(&call.operation);
                    record.level.clone_from(&call.level);
                    break;
                }
            }
        }
        self.events.lock().unwrap_or_else(PoisonError::into_inner).push(record);
    }
}

#[cfg(test)]
mod tests {
    use tracing_subscriber::layer::SubscriberExt;

    use super::*;

    #[test]
    fn keeps_the_client_events_with_their_call() {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::registry().with(capture.clone());
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::debug_span!(
                target: "alexa_profile_api::client",
                "profile_api",
                operation = "given-name",
                level = "ACCOUNT"
            );
            let _entered = span.enter();
            tracing::debug!(target: "alexa_profile_api::client", attempt = 1u32, status = 429u16, "answer");
            tracing::debug!(target: "alexa_profile_api::retry", attempt = 1u32, delay_ms = 100u64, "retrying");
            tracing::debug!(target: "hyper::proto", "not the client's");
        });
        let events = capture.take();
        let lines: Vec<String> = events.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "given-name (account) attempt 1: status 429",
                "given-name (account) attempt 1 failed: waiting 100 ms",
            ]
        );
        assert!(capture.take().is_empty());
    }
}
