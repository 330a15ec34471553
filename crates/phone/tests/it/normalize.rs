//! The `normalize` example, run as a program: one output line per input line.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// `target/<profile>/examples/normalize`, which `cargo test` builds beside the test binaries.
fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path =
        profile_dir.join("examples").join(format!("normalize{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is not built (cargo test builds examples)", path.display());
    path
}

fn run(stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(binary())
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
fn one_line_out_per_line_in() {
    let input = "+91\t7799-82-77-11\n\
                 001\t999-999-9999\n\
                 +1\t555-CALL\n\
                 \t+44 20 7946 0958 ext. 12\n\
                 +44\t\n\
                 \n\
                 +49\t030 123456\r\n\
                 +999\t12345678\n\
                 tel:+1-415-555-2671;ext=7\n\
                 +1\t415-555-26";
    let (code, stdout, stderr) = run(input.as_bytes());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "+917799827711\n\
         +19999999999\n\
         ! invalid_character\n\
         +442079460958;ext=12\n\
         ! empty\n\
         ! empty\n\
         +4930123456\n\
         ! unknown_country_code\n\
         +14155552671;ext=7\n\
         ! too_short\n"
    );
    assert!(stderr.is_empty());
}

#[test]
fn empty_input_gives_empty_output_and_bad_utf8_is_a_line_too() {
    let (code, stdout, _) = run(b"");
    assert_eq!((code, stdout.as_str()), (0, ""));
    let (code, stdout, _) = run(b"+1\t\xff415\n+1\t4155552671\n");
    assert_eq!((code, stdout.as_str()), (0, "! invalid_character\n+14155552671\n"));
}
