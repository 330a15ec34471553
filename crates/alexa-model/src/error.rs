//! The error of decoding an envelope or reading a value that a request lacks.

use std::fmt;

/// Why an envelope could not be decoded, or why a value the caller asked for is not there.
///
/// The message says what is wrong and where (a JSON path such as `context.System.user.userId`,
/// and the line and column). It never quotes a string value of the input, neither in `Display`,
/// nor in `Debug`, nor through `source()`, so a token that lands in the wrong field does not reach a
/// log through this error. (`serde_json`'s own error quotes values, so it is not kept as the source.)
pub struct Error {
    kind: ErrorKind,
    path: Option<String>,
    line: usize,
    column: usize,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// What went wrong, as a caller can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not valid JSON (including nesting beyond `serde_json`'s recursion limit).
    Syntax,
    /// The input is JSON, but a value has the wrong type or a required field is missing.
    Data,
    /// The input ended before the JSON value did (or was empty).
    Eof,
    /// Reading the input failed.
    Io,
    /// A value the caller asked for is absent from the request, such as `context.System.apiEndpoint`
    /// for the API context.
    Missing,
}

impl Error {
    /// What kind of error this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The JSON path of the value at fault (`request.intent.slots`), when known.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The line (1-based) where the error was found, or 0 when it has no position.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (1-based) where the error was found, or 0 when it has no position.
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    pub(crate) fn missing(path: &'static str) -> Self {
        Error {
            kind: ErrorKind::Missing,
            path: Some(path.to_owned()),
            line: 0,
            column: 0,
            message: "the request does not carry this value".to_owned(),
            source: None,
        }
    }

    pub(crate) fn from_json(err: serde_json::Error, path: Option<String>) -> Self {
        use serde_json::error::Category;
        let kind = match err.classify() {
            Category::Io => ErrorKind::Io,
            Category::Syntax => ErrorKind::Syntax,
            Category::Data => ErrorKind::Data,
            Category::Eof => ErrorKind::Eof,
        };
        let mut message = redact_message(&err.to_string());
        let (line, column) = (err.line(), err.column());
        let mut path = path.filter(|p| !p.is_empty() && p != "." && p != "?");
        if let Some(at) = message.find(crate::request::MEMBER_PATH_MARK) {
            let member = message[at + crate::request::MEMBER_PATH_MARK.len()..].to_owned();
            message.truncate(at);
            path = Some(match path {
                Some(outer) => format!("{outer}.{member}"),
                None => member,
            });
        }
        // An I/O error carries no input value; serde_json's other errors may quote one.
        let source = err
            .io_error_kind()
            .is_some()
            .then(|| Box::new(err) as Box<dyn std::error::Error + Send + Sync>);
        Error { kind, path, line, column, message, source }
    }

    /// The input nests arrays and objects too deep at byte `offset`.
    pub(crate) fn too_deep(input: &[u8], offset: usize) -> Self {
        let before = &input[..offset.min(input.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        Error {
            kind: ErrorKind::Syntax,
            path: None,
            line,
            column: offset - line_start + 1,
            message: "recursion limit exceeded".to_owned(),
            source: None,
        }
    }

    pub(crate) fn from_io(err: std::io::Error) -> Self {
        Error {
            kind: ErrorKind::Io,
            path: None,
            line: 0,
            column: 0,
            message: "cannot read the input".to_owned(),
            source: Some(Box::new(err)),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind).field("message", &self.message);
        if let Some(path) = &self.path {
            d.field("path", path);
        }
        if self.line > 0 {
            d.field("line", &self.line).field("column", &self.column);
        }
        if let Some(source) = &self.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Missing => {
                write!(f, "missing {}", self.path.as_deref().unwrap_or("value"))?;
                return Ok(());
            }
            ErrorKind::Syntax => f.write_str("invalid JSON: ")?,
            ErrorKind::Data => f.write_str("invalid envelope: ")?,
            ErrorKind::Eof => f.write_str("truncated JSON: ")?,
            ErrorKind::Io => f.write_str("i/o error: ")?,
        }
        f.write_str(&self.message)?;
        if let Some(path) = &self.path {
            write!(f, " at `{path}`")?;
        }
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Keeps `serde_json`'s description but drops its position (reported separately) and any quoted
/// string value of the input: `invalid type: string "Atza|...", expected a boolean` becomes
/// `invalid type: string, expected a boolean`.
fn redact_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    };
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find("string \"") {
        out.push_str(&rest[..start + "string".len()]);
        let after = &rest[start + "string \"".len()..];
        // serde formats the value with `{:?}`, so an embedded quote is escaped as `\"`.
        let mut end = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        match end {
            Some(end) => rest = &after[end + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    // Unknown field and variant names are quoted in backticks; they are keys, not values.
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_quoted_strings() {
        assert_eq!(
            redact_message(
                "invalid type: string \"Atza|secret\", expected a boolean at line 3 column 9"
            ),
            "invalid type: string, expected a boolean"
        );
        assert_eq!(
            redact_message("invalid value: string \"a\\\"b\", expected x"),
            "invalid value: string, expected x"
        );
        assert_eq!(redact_message("missing field `request`"), "missing field `request`");
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_impls<T: Send + Sync + 'static + std::error::Error>() {}
        assert_impls::<Error>();
    }
}
