//! Errors: [`Error`] for starting and driving the emulator, [`FixtureError`] for fixture files.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong starting or driving the emulator.
///
/// Messages name profiles and tokens by their names (fixture keys, or `minted-N` labels), never by
/// a token value or a profile value.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The listening socket could not be bound.
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The TLS certificate or configuration could not be made.
    Tls {
        /// Why (an `rcgen` or `rustls` error).
        source: BoxError,
    },
    /// A grant names a profile that does not exist.
    UnknownProfile {
        /// The profile name.
        profile: String,
    },
    /// No token has this name.
    UnknownToken {
        /// The token name asked for.
        name: String,
    },
    /// Two tokens have the same name or the same value.
    DuplicateToken {
        /// The name of the second one.
        name: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Bind { addr, .. } => write!(f, "cannot listen on {addr}"),
            Error::Tls { .. } => f.write_str("cannot set up tls"),
            Error::UnknownProfile { profile } => write!(f, "no profile named `{profile}`"),
            Error::UnknownToken { name } => write!(f, "no token named `{name}`"),
            Error::DuplicateToken { name } => {
                write!(f, "token `{name}` has the name or the value of another token")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Bind { source, .. } => Some(source),
            Error::Tls { source } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// A fixture file that could not be read, is not JSON, or does not describe profiles and tokens.
///
/// `Display` names the file, then the JSON field (such as `tokens.tok-alice.expiresAt`) or the line
/// and column, then what is wrong. Values are never quoted.
#[derive(Debug)]
pub struct FixtureError {
    file: PathBuf,
    kind: FixtureErrorKind,
    field: Option<String>,
    message: String,
    location: Option<(usize, usize)>,
    source: Option<BoxError>,
}

/// The kind of a [`FixtureError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FixtureErrorKind {
    /// The file could not be read.
    Read,
    /// The file is not valid JSON.
    Syntax,
    /// The JSON does not describe profiles and tokens as `docs/emulator.md` says.
    Invalid,
}

impl FixtureError {
    pub(crate) fn read(file: &Path, source: std::io::Error) -> Self {
        FixtureError {
            file: file.to_path_buf(),
            kind: FixtureErrorKind::Read,
            field: None,
            message: "cannot read the file".to_owned(),
            location: None,
            source: Some(Box::new(source)),
        }
    }

    /// `serde_json`'s own words (without its location, which is kept apart) say what is wrong; the
    /// message replaces the source, so that `Display` does not say it twice.
    pub(crate) fn syntax(file: &Path, error: &serde_json::Error) -> Self {
        let text = error.to_string();
        let what = text.split(" at line ").next().unwrap_or("");
        FixtureError {
            file: file.to_path_buf(),
            kind: FixtureErrorKind::Syntax,
            field: None,
            message: format!("invalid JSON: {what}"),
            location: Some((error.line(), error.column())),
            source: None,
        }
    }

    pub(crate) fn invalid(file: &Path, field: &str, message: impl Into<String>) -> Self {
        FixtureError {
            file: file.to_path_buf(),
            kind: FixtureErrorKind::Invalid,
            field: Some(field.to_owned()),
            message: message.into(),
            location: None,
            source: None,
        }
    }

    /// What kind of error this is.
    #[must_use]
    pub fn kind(&self) -> FixtureErrorKind {
        self.kind
    }

    /// The file, as it was named when loading it.
    #[must_use]
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The JSON field at fault, such as `tokens.tok-old.expiresAt` or `profiles.bob.email`.
    #[must_use]
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The line and column (from 1) of a syntax error.
    #[must_use]
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.location
    }

    /// What is wrong, without the file and the field.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file.display())?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some((line, column)) = self.location {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FixtureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}
