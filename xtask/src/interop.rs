//! `cargo xtask interop`: starts the emulator's `serve` example on a free loopback port and runs
//! `../shared/interop/official-node-client.sh` (the official Node.js SDK client) against it for a
//! few tokens of the demo fixture, checking a line of each output. Needs node and npm; it is not
//! part of `cargo xtask ci`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::{self, Result, err};

const SCRIPT: &str = "../shared/interop/official-node-client.sh";

/// (token, a line its output must contain).
const CHECKS: &[(&str, &str)] = &[
    ("tok-alice", r#"getProfileEmail: "alice@example.com""#),
    ("tok-bob-speaking", r#"getPersonsProfileGivenName: "Bob""#),
    ("tok-carol", "getProfileEmail: undefined (no content)"),
    ("tok-alice-no-consent", "getProfileEmail: error status 403"),
    ("tok-expired", "getProfileEmail: error status 401"),
];

pub(crate) fn run() -> Result<()> {
    if !Path::new(SCRIPT).exists() {
        return Err(err(format!(
            "{SCRIPT} not found (it lives in the shared folder beside the repository)"
        )));
    }
    util::step("build the serve example", || {
        util::cargo(&[
            "build",
            "--locked",
            "-q",
            "-p",
            "alexa-profile-emulator",
            "--example",
            "serve",
        ])
    })?;
    let serve = util::target_dir().join("debug").join("examples").join("serve");
    let mut child = Command::new(&serve)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| err(format!("cannot start {}: {e}", serve.display())))?;
    let result = check(&mut child);
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn check(child: &mut std::process::Child) -> Result<()> {
    let stdout = child.stdout.take().ok_or_else(|| err("no stdout from serve"))?;
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    // Keep reading the request log it prints, so that its stdout never fills or breaks.
    std::thread::spawn(move || for _ in reader.lines().map_while(std::result::Result::ok) {});
    let base = first
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| err(format!("unexpected first line from serve: {first:?}")))?
        .to_owned();
    println!("emulator at {base}");
    for (token, expected) in CHECKS {
        let out = Command::new("bash").args([SCRIPT, &base, token]).output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        println!("== {token}\n{}", text.trim_end());
        if !out.status.success() {
            return Err(err(format!(
                "the Node client failed for {token}: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        if !text.lines().any(|l| l.starts_with(expected)) {
            return Err(err(format!("{token}: expected a line starting with `{expected}`")));
        }
    }
    println!("interop: the official Node.js client works against the emulator");
    Ok(())
}
