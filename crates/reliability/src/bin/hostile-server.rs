//! The hostile server as a process, for tests that must not count its memory or that drive
//! another program (the command line) against it.
//!
//! ```text
//! hostile-server BEHAVIOR
//! ```
//!
//! `BEHAVIOR` is one of `silence`, `head-then-stall`, `trickle`, `reset`, `reset-mid-body`,
//! `length-too-big`, `length-too-small`, `endless`, `10mb`, `2mb-header`, `normal`. It prints its base URL
//! (`http://127.0.0.1:PORT`) on the first line of stdout, then serves until stdin closes.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a tool reports on the terminal")]

use std::io::Write as _;
use std::time::Duration;

use alexa_reliability_tests::hostile::{Behavior, HostileServer};
use tokio::io::AsyncReadExt;

/// An ordinary answer, for comparison.
const NORMAL: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n\"a@b.org\"";

fn behavior(name: &str) -> Option<Behavior> {
    Some(match name {
        "silence" => Behavior::Silence,
        "head-then-stall" => Behavior::HeadThenStall,
        "trickle" => Behavior::Trickle { every: Duration::from_secs(1) },
        "reset" => Behavior::ResetBeforeResponse,
        "reset-mid-body" => Behavior::ResetMidBody,
        "length-too-big" => Behavior::ContentLengthTooBig,
        "length-too-small" => Behavior::ContentLengthTooSmall,
        "endless" => Behavior::EndlessChunked,
        "10mb" => Behavior::LargeBody(10 << 20),
        "2mb-header" => Behavior::LargeHeader(2 << 20),
        "normal" => Behavior::Raw(NORMAL),
        _ => return None,
    })
}

fn main() -> std::process::ExitCode {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(behavior) = behavior(&name) else {
        eprintln!("usage: hostile-server BEHAVIOR (unknown `{name}`)");
        return std::process::ExitCode::FAILURE;
    };
    let runtime =
        match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
            Ok(runtime) => runtime,
            Err(error) => {
                eprintln!("hostile-server: {error}");
                return std::process::ExitCode::FAILURE;
            }
        };
    runtime.block_on(async {
        let server = match HostileServer::start(behavior).await {
            Ok(server) => server,
            Err(error) => {
                eprintln!("hostile-server: {error}");
                return std::process::ExitCode::FAILURE;
            }
        };
        println!("{}", server.base_url());
        let _ = std::io::stdout().flush();
        // Serve until whoever started us closes our stdin.
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 64];
        while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
        std::process::ExitCode::SUCCESS
    })
}
