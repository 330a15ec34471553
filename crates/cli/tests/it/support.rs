//! Running the binary, temporary files, and an emulator for the tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use alexa_profile_emulator::{Emulator, Fixture};

/// What a run of the binary gave.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Asserts a failure: the exit code, and one line on stderr (no panic, no backtrace) that
    /// contains `needle`.
    #[track_caller]
    pub(crate) fn fails(&self, code: i32, needle: &str) -> &Self {
        assert_eq!(self.code, code, "{self:#?}");
        assert_eq!(self.stderr.lines().count(), 1, "one line on stderr: {self:#?}");
        assert!(self.stderr.starts_with("alexa-profile: "), "{self:#?}");
        assert!(self.stderr.contains(needle), "{needle:?} not in {self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        self
    }

    /// Asserts success with nothing on stderr.
    #[track_caller]
    pub(crate) fn succeeds(&self) -> &Self {
        assert_eq!(self.code, 0, "{self:#?}");
        assert_eq!(self.stderr, "", "{self:#?}");
        self
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

pub(crate) fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_alexa-profile"))
}

/// Runs the binary with `args` and `stdin`.
pub(crate) fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // The binary may exit before reading its input (a usage error): a broken pipe is fine.
    let _ = input.write_all(stdin);
    drop(input);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Runs the binary with `args` and an empty stdin.
pub(crate) fn run(args: &[&str]) -> Run {
    run_with_stdin(args, b"")
}

/// A file with `contents` under cargo's temporary directory for integration tests, with a name no
/// other test uses.
pub(crate) fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-{}-{n}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

pub(crate) fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An emulator serving the sample fixture, on its own runtime, for as long as this lives.
pub(crate) struct TestEmulator {
    pub(crate) emulator: Emulator,
    // Dropped after the emulator (fields drop in order).
    _runtime: tokio::runtime::Runtime,
}

impl TestEmulator {
    pub(crate) fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let fixture =
            Fixture::from_file(root().join("crates/emulator/fixtures/demo.json")).unwrap();
        let emulator =
            runtime.block_on(Emulator::builder().with_fixture(fixture).start_local()).unwrap();
        TestEmulator { emulator, _runtime: runtime }
    }

    pub(crate) fn url(&self) -> &str {
        self.emulator.base_url()
    }

    /// An intent request for the token named `token`, written to a file.
    pub(crate) fn envelope_file(&self, token: &str, locale: &str) -> PathBuf {
        let token = self.emulator.token(token).unwrap();
        let envelope = self
            .emulator
            .envelope(&token)
            .with_locale(locale)
            .intent(alexa_model::Intent::new("OrderIntent"));
        temp_file("envelope.json", envelope.to_json().unwrap().as_bytes())
    }
}
