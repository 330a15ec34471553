//! Memory under hostile bodies: 1,000 concurrent calls against a 10 MB body and an endless
//! chunked body grow the peak heap by less than 4 MiB, with the client's defaults (at most
//! `DEFAULT_MAX_IN_FLIGHT` requests on the wire; the others wait for a place), and nothing stays
//! behind. The same 1,000 calls against ordinary answers are measured too, for comparison.
//! `docs/reliability.md` records the figures.
//!
//! The heap is counted by a global allocator (`peak_alloc`, which needs no `unsafe` in this
//! workspace, where `unsafe_code` is forbidden). It counts the whole process, so this binary holds
//! this one test and nothing else; the servers stream from static buffers.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
#![allow(clippy::print_stderr, reason = "the measured figures are reported")]

use std::time::Duration;

use alexa_model::{ApiAccessToken, ApiContext};
use alexa_profile_api::{ErrorKind, ProfileApi, ProfileClient, RetryPolicy};
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const CALLS: usize = 1_000;
const BUDGET: usize = 4 << 20;
const LIMIT: usize = alexa_profile_api::DEFAULT_MAX_BODY_BYTES;

/// The hostile server in its own process, so that only the client's heap is counted.
struct Server {
    child: std::process::Child,
    base_url: String,
}

impl Server {
    fn start(behavior: &str) -> Self {
        use std::io::BufRead as _;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hostile-server"))
            .arg(behavior)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        Server { child, base_url: line.trim().to_owned() }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `CALLS` concurrent calls against `behavior` cost: the peak heap growth while they run,
/// and what is still allocated once they are done and the client is dropped.
async fn measure(behavior: &str) -> (usize, usize) {
    let server = Server::start(behavior);
    let client = ProfileClient::builder()
        .allow_endpoint(&server.base_url)
        .unwrap()
        // One attempt each, and time enough for 1,000 connections to be accepted on two cores:
        // what is measured is the memory, not the deadline (the fault matrix proves that).
        .retry_policy(
            RetryPolicy::disabled()
                .with_deadline(Duration::from_secs(20))
                .with_attempt_timeout(Duration::from_secs(20))
                .with_connect_timeout(Duration::from_secs(10)),
        )
        .build()
        .unwrap();
    let ctx = ApiContext::new(server.base_url.clone(), ApiAccessToken::new("t"));
    // Warm-up: the runtime and the client allocate what they keep once.
    for _ in 0..8 {
        let _ = client.email(&ctx).await;
    }
    let calls: Vec<_> = (0..CALLS).map(|_| (client.clone(), ctx.clone())).collect();
    let baseline = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|(client, ctx)| tokio::spawn(async move { client.email(&ctx).await }))
        .collect();
    for task in tasks {
        match task.await.unwrap() {
            Ok(value) => assert!(value.is_some()),
            Err(error) => {
                assert_eq!(error.kind(), &ErrorKind::BodyTooLarge { limit: LIMIT }, "{error}");
            }
        }
    }
    let peak = HEAP.peak_usage().saturating_sub(baseline);
    drop((client, ctx));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let retained = HEAP.current_usage().saturating_sub(baseline);
    (peak, retained)
}

#[test]
fn a_thousand_concurrent_calls_against_huge_and_endless_bodies_stay_bounded() {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (normal, _) = runtime.block_on(measure("normal"));
    let (huge, huge_retained) = runtime.block_on(measure("10mb"));
    let (endless, endless_retained) = runtime.block_on(measure("endless"));
    let kib = |n: usize| n >> 10;
    eprintln!(
        "peak heap growth for {CALLS} concurrent calls: normal answers {} KiB, 10 MB bodies {} KiB \
         (retained after {} KiB), endless bodies {} KiB (retained after {} KiB)",
        kib(normal),
        kib(huge),
        kib(huge_retained),
        kib(endless),
        kib(endless_retained),
    );
    // 1,000 concurrent calls against 10 MB and endless bodies: less than 4 MiB of peak growth.
    // An announced 10 MB body is refused before any of it is read; an endless one is read up to
    // the 64 KiB limit and no further; and only `DEFAULT_MAX_IN_FLIGHT` requests are on the wire
    // at once.
    assert!(huge < BUDGET, "10 MB bodies: {huge} bytes of peak growth");
    assert!(endless < BUDGET, "endless bodies: {endless} bytes of peak growth");
    assert!(normal < BUDGET, "ordinary answers: {normal} bytes of peak growth");
    // Nothing stays behind: once the calls are done, the heap is back within 4 MiB.
    assert!(huge_retained < BUDGET, "10 MB bodies left {huge_retained} bytes behind");
    assert!(endless_retained < BUDGET, "endless bodies left {endless_retained} bytes behind");
}
