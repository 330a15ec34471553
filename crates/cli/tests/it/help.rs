//! Every subcommand explains itself with an example; usage errors are one line and exit 2.

use crate::support::run;

const SUBCOMMANDS: &[&[&str]] = &[
    &[],
    &["demo"],
    &["emulate"],
    &["fetch"],
    &["phone"],
    &["envelope"],
    &["envelope", "inspect"],
    &["envelope", "new"],
    &["envelope", "new", "launch"],
    &["envelope", "new", "intent"],
    &["envelope", "new", "permission-accepted"],
    &["envelope", "new", "permission-changed"],
    &["check-manifest"],
];

#[test]
fn every_subcommand_has_help_with_an_example() {
    for path in SUBCOMMANDS {
        let mut args = path.to_vec();
        args.push("--help");
        let r = run(&args);
        r.succeeds();
        assert!(r.stdout.contains("Example"), "{path:?} --help has no example:\n{}", r.stdout);
        assert!(r.stdout.contains("alexa-profile "), "{path:?}:\n{}", r.stdout);
    }
}

#[test]
fn the_top_level_help_lists_the_subcommands_and_the_exit_codes() {
    let r = run(&["--help"]);
    r.succeeds();
    for name in ["demo", "emulate", "fetch", "phone", "envelope", "check-manifest"] {
        assert!(r.stdout.contains(name), "{name}:\n{}", r.stdout);
    }
    assert!(
        r.stdout.contains(
            "Exit codes: 0 success, 1 failure or findings, 2 usage error, 3 consent needed (fetch)."
        ),
        "{}",
        r.stdout
    );
    let r = run(&["--version"]);
    r.succeeds();
    assert_eq!(r.stdout, format!("alexa-profile {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_are_one_line_and_exit_2() {
    run(&[]).fails(2, "requires a subcommand");
    run(&["envelope"]).fails(2, "requires a subcommand");
    run(&["frobnicate"]).fails(2, "unrecognized subcommand 'frobnicate'");
    run(&["demo", "--no-such-flag"]).fails(2, "unexpected argument '--no-such-flag'");
    run(&["fetch"]).fails(2, "--envelope <FILE>");
    run(&["check-manifest"]).fails(2, "FILE|-");
    // Arguments that are not UTF-8 are refused, not a panic.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let out = crate::support::bin()
            .arg("envelope")
            .arg("inspect")
            .arg(std::ffi::OsStr::from_bytes(b"\xff\xfe.json"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}
