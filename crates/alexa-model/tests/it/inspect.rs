//! The `inspect` example, run as a program: one JSON line per envelope, `--debug`, bad input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// `target/<profile>/examples/inspect`, which `cargo test` builds beside the test binaries.
fn inspect_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path =
        profile_dir.join("examples").join(format!("inspect{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is not built (cargo test builds examples)", path.display());
    path
}

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(inspect_binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn prints_one_line_with_exactly_the_documented_keys() {
    let (code, stdout, stderr) = run(&[], crate::fixture("skill_permission_changed").as_bytes());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 1);
    let line: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let keys: Vec<_> = line.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "type",
        "requestId",
        "locale",
        "userId",
        "personId",
        "apiEndpoint",
        "accountTokenSource",
        "acceptedPermissions",
        "acceptedPersonPermissions",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(line["type"], "AlexaSkillEvent.SkillPermissionChanged");
    assert_eq!(line["locale"], serde_json::Value::Null);
    assert_eq!(line["accountTokenSource"], serde_json::Value::Null);
    assert_eq!(
        line["acceptedPersonPermissions"],
        serde_json::json!(["alexa::profile:given_name:read", "alexa::person_id:read"])
    );
    let (_, stdout, _) = run(&[], crate::fixture("seed003_person_with_account_linking").as_bytes());
    let line: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(line["accountTokenSource"], "person");
    assert_eq!(line["acceptedPermissions"], serde_json::json!([]));
}

#[test]
fn debug_prints_the_envelope_without_tokens() {
    let (code, stdout, _) =
        run(&["--debug"], crate::fixture("seed003_person_with_account_linking").as_bytes());
    assert_eq!(code, 0);
    assert!(stdout.contains("RequestEnvelope {"));
    assert!(stdout.contains("AccessToken(\n"));
    assert!(!stdout.contains("Atza|"));
}

#[test]
fn bad_input_exits_1_with_the_error_on_stderr() {
    let (code, stdout, stderr) = run(&[], b"{\"version\": \"1.0\"");
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "inspect: truncated JSON: EOF while parsing an object (line 1, column 17)\n"
    );
    let (code, _, stderr) = run(&[], br#"{"version":"1.0"}"#);
    assert_eq!(code, 1);
    assert!(stderr.contains("missing field `request`"), "{stderr}");
}
