//! `alexa-profile emulate` as a child process: started, queried over loopback, stopped with
//! Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::{bin, path_str, run, temp_file};

/// A running `alexa-profile emulate`, killed by a watchdog should a test hang.
struct Running {
    child: Child,
    stdout: BufReader<ChildStdout>,
    done: Arc<AtomicBool>,
    /// What it printed before "press Ctrl-C to stop".
    banner: Vec<String>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = bin()
            .arg("emulate")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let done = Arc::new(AtomicBool::new(false));
        let (pid, flag) = (child.id(), Arc::clone(&done));
        std::thread::spawn(move || {
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(30) {
                if flag.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut banner = Vec::new();
        loop {
            let mut line = String::new();
            assert_ne!(stdout.read_line(&mut line).unwrap(), 0, "emulate ended early: {banner:?}");
            let line = line.trim_end().to_owned();
            if line == "press Ctrl-C to stop" {
                break;
            }
            banner.push(line);
        }
        Running { child, stdout, done, banner }
    }

    fn base_url(&self) -> &str {
        self.banner[0].strip_prefix("listening on ").unwrap()
    }

    fn next_line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        line.trim_end().to_owned()
    }

    /// Ctrl-C; returns the exit code and the rest of stdout.
    fn interrupt(mut self) -> (i32, String) {
        let status = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        assert!(status.unwrap().success());
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).unwrap();
        let code = self.child.wait().unwrap().code().unwrap_or(-1);
        self.done.store(true, Ordering::Relaxed);
        let mut stderr = String::new();
        self.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert_eq!(stderr, "");
        (code, rest)
    }
}

/// A GET over plain HTTP/1.1 with a bearer token: the status line and the body.
fn get(base_url: &str, path: &str, token: &str) -> (String, String) {
    let addr = base_url.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap().to_owned();
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    (status, body)
}

#[cfg(unix)]
#[test]
fn serves_the_sample_until_ctrl_c() {
    let mut emulate = Running::start(&[]);
    assert!(emulate.base_url().starts_with("http://127.0.0.1:"), "{:?}", emulate.banner);
    assert_eq!(
        emulate.banner[1],
        "tokens: tok-alice, tok-alice-email-only, tok-alice-no-consent, tok-bob-speaking, \
         tok-carol, tok-expired, tok-undeclared"
    );
    let url = emulate.base_url().to_owned();
    let (status, body) = get(&url, "/v2/accounts/~current/settings/Profile.email", "tok-alice");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, "\"alice@example.com\"");
    let (status, _) =
        get(&url, "/v2/accounts/~current/settings/Profile.email", "tok-alice-no-consent");
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    // One line per request, token by name.
    let line = emulate.next_line();
    assert!(
        line.starts_with(
            "GET /v2/accounts/~current/settings/Profile.email 200 token=tok-alice id="
        ),
        "{line}"
    );
    let line = emulate.next_line();
    assert!(line.contains(" 403 token=tok-alice-no-consent "), "{line}");
    let (code, rest) = emulate.interrupt();
    assert_eq!(code, 0);
    assert_eq!(rest, "stopped after 2 request(s)\n");
}

#[cfg(unix)]
#[test]
fn latency_and_a_fixture_file() {
    let fixture = temp_file(
        "fixture.json",
        br#"{"profiles": {"dana": {"givenName": "Dana"}},
            "tokens": {"tok-dana": {"account": "dana", "scopes": ["alexa::profile:given_name:read"]}}}"#,
    );
    let emulate = Running::start(&["--fixtures", path_str(&fixture), "--latency", "0.2s"]);
    assert_eq!(emulate.banner[1], "tokens: tok-dana");
    assert_eq!(emulate.banner[2], "latency: 200ms on every answer");
    let started = Instant::now();
    let (status, body) =
        get(emulate.base_url(), "/v2/accounts/~current/settings/Profile.givenName", "tok-dana");
    assert!(started.elapsed() >= Duration::from_millis(200), "answered before the latency");
    assert_eq!((status.as_str(), body.as_str()), ("HTTP/1.1 200 OK", "\"Dana\""));
    let (code, _) = emulate.interrupt();
    assert_eq!(code, 0);
}

#[cfg(unix)]
#[test]
fn tls_writes_the_ca_certificate() {
    let ca = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-{}-emulate-ca.pem", std::process::id()));
    let emulate = Running::start(&["--tls", "--ca-out", path_str(&ca)]);
    assert!(emulate.base_url().starts_with("https://127.0.0.1:"), "{:?}", emulate.banner);
    assert_eq!(
        emulate.banner.last().unwrap(),
        &format!("CA certificate (trust it as a root): {}", ca.display())
    );
    let pem = std::fs::read_to_string(&ca).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let (code, _) = emulate.interrupt();
    assert_eq!(code, 0);

    // Without --ca-out, the certificate goes to the temporary directory, and its path is printed.
    let emulate = Running::start(&["--tls"]);
    let line = emulate.banner.last().unwrap().clone();
    let path = line.strip_prefix("CA certificate (trust it as a root): ").unwrap();
    assert!(std::fs::read_to_string(path).unwrap().contains("BEGIN CERTIFICATE"));
    let (code, _) = emulate.interrupt();
    assert_eq!(code, 0);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn bad_input() {
    run(&["emulate", "--latency", "5"]).fails(2, "expected a number and a unit, such as 100ms");
    run(&["emulate", "--latency", "fast"]).fails(2, "--latency");
    run(&["emulate", "--listen", "localhost"]).fails(2, "--listen");
    run(&["emulate", "--ca-out", "ca.pem"]).fails(2, "--tls");
    run(&["emulate", "--fixtures", "/no/such/fixture.json"])
        .fails(1, "/no/such/fixture.json: cannot read the file: No such file or directory");
    let bad = temp_file("bad-fixture.json", b"{\"tokens\": {\"t\": {}}}");
    run(&["emulate", "--fixtures", path_str(&bad)]).fails(1, "account");
    let not_json = temp_file("not-json-fixture.json", b"{");
    run(&["emulate", "--fixtures", path_str(&not_json)]).fails(1, "invalid JSON");
    // An address already in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    run(&["emulate", "--listen", &addr]).fails(1, "cannot start the emulator on");
}
