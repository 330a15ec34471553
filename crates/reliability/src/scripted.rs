//! A scripted transport for `alexa-profile-api`'s hidden `test-util` hook: each request takes the
//! next [`Step`] of a script (the last step repeats), without any socket, so the real client runs
//! on tokio's paused clock and under the fuzzer.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use alexa_profile_api::transport::{
    BodyError, Transport, TransportBody, TransportError, TransportFuture,
};
use bytes::Bytes;
use http_body::{Body, Frame};

/// What one request gets.
#[derive(Debug, Clone)]
pub enum Step {
    /// A response head, then a body.
    Answer {
        /// The status.
        status: u16,
        /// The headers, in order.
        headers: Vec<(String, String)>,
        /// How the body comes.
        body: Plan,
    },
    /// The request fails before any response byte.
    Fail(TransportError),
    /// The request is never answered.
    Silence,
}

impl Step {
    /// `status` with `content-type: application/json` and `body`.
    #[must_use]
    pub fn json(status: u16, body: &str) -> Self {
        Step::Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Plan::Full(Bytes::copy_from_slice(body.as_bytes())),
        }
    }

    /// `status` with an empty JSON answer and `Retry-After: value`.
    #[must_use]
    pub fn retry_after(status: u16, value: &str) -> Self {
        Step::Answer {
            status,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("retry-after".into(), value.into()),
            ],
            body: Plan::Full(Bytes::from_static(b"{}")),
        }
    }

    /// A 200 head whose body is `plan`.
    #[must_use]
    pub fn ok_with(plan: Plan) -> Self {
        Step::Answer {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: plan,
        }
    }
}

/// How a body comes.
#[derive(Debug, Clone)]
pub enum Plan {
    /// All at once.
    Full(Bytes),
    /// Never: the head arrives, then nothing.
    Stall,
    /// One byte every `every`.
    Trickle {
        /// The bytes.
        data: Bytes,
        /// The interval.
        every: Duration,
    },
    /// 16 KiB at a time, forever.
    Endless,
    /// `data`, then an error (a reset mid-body).
    BreakAfter(Bytes),
}

/// A script of steps, shared by the transport and the test.
#[derive(Debug)]
pub struct Script {
    steps: Mutex<VecDeque<Step>>,
    requests: AtomicUsize,
    last_request: Mutex<Option<http::Request<()>>>,
}

impl Script {
    /// Steps taken one per request; the last one repeats.
    #[must_use]
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Arc<Self> {
        Arc::new(Script {
            steps: Mutex::new(steps.into_iter().collect()),
            requests: AtomicUsize::new(0),
            last_request: Mutex::new(None),
        })
    }

    /// Replaces the steps.
    pub fn set(&self, steps: impl IntoIterator<Item = Step>) {
        *self.steps.lock().unwrap_or_else(PoisonError::into_inner) = steps.into_iter().collect();
    }

    /// How many requests were sent.
    #[must_use]
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The last request sent, if any.
    #[must_use]
    pub fn last_request(&self) -> Option<http::Request<()>> {
        let guard = self.last_request.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref().map(|r| {
            let mut copy = http::Request::new(());
            *copy.method_mut() = r.method().clone();
            *copy.uri_mut() = r.uri().clone();
            *copy.headers_mut() = r.headers().clone();
            copy
        })
    }

    fn next(&self) -> Option<Step> {
        let mut steps = self.steps.lock().unwrap_or_else(PoisonError::into_inner);
        if steps.len() > 1 { steps.pop_front() } else { steps.front().cloned() }
    }
}

/// The transport: hand it to `ProfileClientBuilder::transport`.
#[derive(Clone)]
pub struct Scripted(pub Arc<Script>);

impl fmt::Debug for Scripted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scripted").field("requests", &self.0.requests()).finish_non_exhaustive()
    }
}

impl Transport for Scripted {
    fn send(&self, request: http::Request<()>) -> TransportFuture {
        self.0.requests.fetch_add(1, Ordering::SeqCst);
        *self.0.last_request.lock().unwrap_or_else(PoisonError::into_inner) = Some(request);
        let step = self.0.next();
        Box::pin(async move {
            match step {
                None | Some(Step::Silence) => std::future::pending().await,
                Some(Step::Fail(error)) => Err(error),
                Some(Step::Answer { status, headers, body }) => {
                    let mut response = http::Response::new(planned(body));
                    *response.status_mut() =
                        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
                    for (name, value) in headers {
                        if let (Ok(name), Ok(value)) = (
                            http::HeaderName::from_bytes(name.as_bytes()),
                            http::HeaderValue::from_bytes(value.as_bytes()),
                        ) {
                            response.headers_mut().append(name, value);
                        }
                    }
                    Ok(response)
                }
            }
        })
    }
}

fn planned(plan: Plan) -> TransportBody {
    Box::pin(PlannedBody { plan, sleep: None, done: false })
}

static FILL: [u8; 16 * 1024] = [b'a'; 16 * 1024];

struct PlannedBody {
    plan: Plan,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    done: bool,
}

impl Body for PlannedBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        match &mut this.plan {
            Plan::Full(data) => {
                this.done = true;
                let data = std::mem::take(data);
                Poll::Ready((!data.is_empty()).then(|| Ok(Frame::data(data))))
            }
            Plan::Stall => Poll::Pending,
            Plan::Endless => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&FILL))))),
            Plan::BreakAfter(data) => {
                if data.is_empty() {
                    this.done = true;
                    Poll::Ready(Some(Err(BodyError)))
                } else {
                    Poll::Ready(Some(Ok(Frame::data(std::mem::take(data)))))
                }
            }
            Plan::Trickle { data, every } => {
                if data.is_empty() {
                    this.done = true;
                    return Poll::Ready(None);
                }
                let every = *every;
                let sleep = this.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(every)));
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.sleep = None;
                Poll::Ready(Some(Ok(Frame::data(data.split_to(1)))))
            }
        }
    }
}
