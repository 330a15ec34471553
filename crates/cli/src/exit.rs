//! Exit codes, and the failure a command ends with: one line for stderr and its exit code.

use std::fmt;
use std::process::ExitCode;

/// How a command ends (the documented exit codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: success.
    Success,
    /// 1: failure, or findings (`check-manifest`), or a field that failed (`fetch`).
    Failure,
    /// 2: usage error (bad arguments).
    Usage,
    /// 3: consent needed (`fetch`: the skill should answer with the consent card).
    ConsentNeeded,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::ConsentNeeded => 3,
        })
    }
}

/// Why a command stopped: a message for stderr (none when stdout was closed under us, as in
/// `alexa-profile demo | head -1`) and the exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    exit: Exit,
    message: Option<String>,
}

impl Failure {
    /// A failure (exit 1).
    pub(crate) fn failed(message: impl fmt::Display) -> Self {
        Failure { exit: Exit::Failure, message: Some(message.to_string()) }
    }

    /// A usage error (exit 2) that clap could not catch.
    pub(crate) fn usage(message: impl fmt::Display) -> Self {
        Failure { exit: Exit::Usage, message: Some(message.to_string()) }
    }

    pub(crate) fn exit(&self) -> Exit {
        self.exit
    }

    pub(crate) fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl From<std::io::Error> for Failure {
    /// Writing to stdout failed. A reader that went away (`| head`) ends the command quietly, as
    /// ripgrep does; anything else is a failure.
    fn from(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            Failure { exit: Exit::Success, message: None }
        } else {
            Failure::failed(format_args!("cannot write the output: {err}"))
        }
    }
}

/// What commands return.
pub(crate) type Outcome = Result<Exit, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_stdout_ends_quietly_and_other_write_errors_fail() {
        let quiet = Failure::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!((quiet.exit(), quiet.message()), (Exit::Success, None));
        let full = Failure::from(std::io::Error::other("disk full"));
        assert_eq!(full.exit(), Exit::Failure);
        assert_eq!(full.message(), Some("cannot write the output: disk full"));
    }
}
