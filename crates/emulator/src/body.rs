//! The response body: whole, trickled, or a generated oversized JSON string.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// The filler of oversized bodies, sent in pieces of this size.
static FILL: [u8; 64 * 1024] = [b'a'; 64 * 1024];

/// A response body. Never fails.
#[derive(Debug)]
pub(crate) struct ResponseBody(Kind);

#[derive(Debug)]
enum Kind {
    Full(Option<Bytes>),
    Trickle {
        data: Bytes,
        chunk: usize,
        interval: Duration,
        sleep: Option<Pin<Box<Sleep>>>,
    },
    /// `"aaaa...a"`: `total` bytes, of which `sent` are sent; the first and the last are quotes.
    Oversized {
        total: usize,
        sent: usize,
        exact: bool,
    },
}

impl ResponseBody {
    pub(crate) fn full(data: impl Into<Bytes>) -> Self {
        let data = data.into();
        ResponseBody(Kind::Full((!data.is_empty()).then_some(data)))
    }

    pub(crate) fn empty() -> Self {
        ResponseBody(Kind::Full(None))
    }

    pub(crate) fn oversized(total: usize, exact: bool) -> Self {
        ResponseBody(Kind::Oversized { total: total.max(2), sent: 0, exact })
    }

    /// The same bytes, `chunk` at a time, `interval` apart (the first chunk goes at once).
    pub(crate) fn into_trickle(self, chunk: usize, interval: Duration) -> Self {
        match self.0 {
            Kind::Full(data) => ResponseBody(Kind::Trickle {
                data: data.unwrap_or_default(),
                chunk: chunk.max(1),
                interval,
                sleep: None,
            }),
            other => ResponseBody(other),
        }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match &mut self.0 {
            Kind::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            Kind::Trickle { data, chunk, interval, sleep } => {
                if data.is_empty() {
                    return Poll::Ready(None);
                }
                if let Some(s) = sleep
                    && s.as_mut().poll(cx).is_pending()
                {
                    return Poll::Pending;
                }
                let piece = data.split_to((*chunk).min(data.len()));
                *sleep = Some(Box::pin(tokio::time::sleep(*interval)));
                Poll::Ready(Some(Ok(Frame::data(piece))))
            }
            Kind::Oversized { total, sent, .. } => {
                if *sent >= *total {
                    return Poll::Ready(None);
                }
                let left = *total - *sent;
                let piece = if *sent == 0 || left == 1 {
                    Bytes::from_static(b"\"")
                } else {
                    Bytes::from_static(&FILL[..(left - 1).min(FILL.len())])
                };
                *sent += piece.len();
                Poll::Ready(Some(Ok(Frame::data(piece))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Kind::Full(data) => data.is_none(),
            Kind::Trickle { data, .. } => data.is_empty(),
            Kind::Oversized { total, sent, .. } => sent >= total,
        }
    }

    fn size_hint(&self) -> SizeHint {
        let exact = |n: usize| SizeHint::with_exact(u64::try_from(n).unwrap_or(u64::MAX));
        match &self.0 {
            Kind::Full(data) => exact(data.as_ref().map_or(0, Bytes::len)),
            Kind::Trickle { data, .. } => exact(data.len()),
            Kind::Oversized { total, sent, exact: true } => exact(total - sent),
            Kind::Oversized { .. } => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn oversized_bodies_are_json_strings_of_the_asked_size() {
        for (n, exact) in [(2, true), (3, false), (200_000, true), (65_538, false)] {
            let body = ResponseBody::oversized(n, exact);
            assert_eq!(body.size_hint().exact(), exact.then_some(n as u64));
            let bytes = body.collect().await.unwrap().to_bytes();
            assert_eq!(bytes.len(), n);
            let s: String = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(s.len(), n - 2);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn trickled_bodies_keep_their_bytes() {
        let mut body = ResponseBody::full("\"Alice\"").into_trickle(3, Duration::from_millis(100));
        let started = tokio::time::Instant::now();
        let mut pieces = Vec::new();
        while let Some(frame) = body.frame().await {
            pieces.push(frame.unwrap().into_data().unwrap());
        }
        assert_eq!(pieces, ["\"Al", "ice", "\""]);
        assert!(started.elapsed() >= Duration::from_millis(200));
    }
}
