//! The command line inherits the client's promises: `alexa-profile fetch` against the hostile
//! socket server of `alexa-reliability-tests` ends with an error within the default deadline
//! (2.5 s, plus the process's own start) and without unbounded memory (its peak resident set,
//! read from `/proc`, stays small while it is sent an endless body, 10 MB bodies or a 2 MB
//! header).

use std::time::{Duration, Instant};

use alexa_reliability_tests::hostile::{Behavior, HostileServer};

use crate::support::{bin, path_str, temp_file};

/// The default deadline, and what the process needs to start and print.
const DEADLINE: Duration = Duration::from_millis(2500);
const MARGIN: Duration = Duration::from_millis(700);
/// Far below what reading any of these bodies would take, far above the binary's own needs.
const MAX_RSS_KIB: u64 = 64 * 1024;

/// Peak resident set size of a running process, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn fetch_against(behavior: Behavior) -> (i32, String, Duration, u64) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(HostileServer::start(behavior)).unwrap();
    let url = server.base_url();
    let envelope = format!(
        r#"{{"version": "1.0", "context": {{"System": {{"apiEndpoint": "{url}",
        "apiAccessToken": "Atza|CANARY-TOKEN-cli"}}}}, "request": {{"type": "LaunchRequest",
        "requestId": "r", "timestamp": "2024-08-01T12:00:00Z", "locale": "en-US"}}}}"#
    );
    let file = temp_file("hostile-envelope.json", envelope.as_bytes());
    let started = Instant::now();
    let mut child = bin()
        .args(["fetch", "--envelope", path_str(&file), "--allow-endpoint", &url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_rss_kib(pid) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "fetch never ended");
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    drop(server);
    (status.code().unwrap_or(-1), format!("{stdout}{stderr}"), took, peak)
}

#[test]
fn fetch_against_a_hostile_server_ends_in_time_with_bounded_memory() {
    for (name, behavior) in [
        ("accept then silence", Behavior::Silence),
        ("headers then a stall", Behavior::HeadThenStall),
        ("1 byte per second", Behavior::Trickle { every: Duration::from_secs(1) }),
        ("an endless chunked body", Behavior::EndlessChunked),
        ("a 10 MB body", Behavior::LargeBody(10 << 20)),
        ("a 2 MB header", Behavior::LargeHeader(2 << 20)),
        ("a reset mid-body", Behavior::ResetMidBody),
    ] {
        let (code, output, took, peak) = fetch_against(behavior);
        #[allow(clippy::print_stderr, reason = "docs/reliability.md quotes these figures")]
        {
            eprintln!("{name}: exit {code} after {took:?}, peak RSS {peak} KiB");
        }
        assert_eq!(code, 1, "{name}: a field failed, exit 1: {output}");
        assert!(took <= DEADLINE + MARGIN, "{name}: took {took:?}");
        assert!(peak > 0 && peak < MAX_RSS_KIB, "{name}: peak RSS {peak} KiB");
        assert!(!output.contains("panicked"), "{name}: {output}");
        assert!(!output.contains("CANARY-TOKEN"), "{name}: the token is shown: {output}");
    }
}
