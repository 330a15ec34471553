//! The `SignatureCertChainUrl` check: which URLs a certificate chain may be fetched from.

use std::fmt;
use std::str::FromStr;

use super::error::{VerifyError, VerifyErrorKind};

/// The only host certificate chains are fetched from (compared case-insensitively).
pub const CERT_CHAIN_HOST: &str = "s3.amazonaws.com";

/// The path prefix of a certificate chain URL (compared case-sensitively, after dot-segment
/// normalization).
pub const CERT_CHAIN_PATH_PREFIX: &str = "/echo.api/";

/// A `SignatureCertChainUrl` that passed the checks, in normal form.
///
/// Accepted: scheme `https` (any case), host `s3.amazonaws.com` (any case), no port or port 443,
/// no user information, no fragment, and a path that starts with `/echo.api/` (case-sensitive)
/// once its dot segments are removed as RFC 3986 section 5.2.4 says. A path with a backslash or a
/// percent-encoded dot, slash or backslash is refused, so that no server can read the path
/// differently from this check.
///
/// The normal form ([`as_str`](Self::as_str)) is `https://s3.amazonaws.com` + the normalized path
/// (+ the query, if any): it is what is fetched and the key of the certificate cache.
///
/// ```
/// use alexa_skill_hosting::{CertChainUrl, CertUrlRefusal};
///
/// let url: CertChainUrl = "https://S3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert.pem".parse()?;
/// assert_eq!(url.as_str(), "https://s3.amazonaws.com/echo.api/echo-api-cert.pem");
///
/// let refused = CertChainUrl::parse("https://s3.amazonaws.com/echo.api/../evil/cert.pem").unwrap_err();
/// assert_eq!(refused.cert_url_refusal(), Some(CertUrlRefusal::Path));
/// # Ok::<(), alexa_skill_hosting::VerifyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertChainUrl {
    normalized: String,
}

/// Why a `SignatureCertChainUrl` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertUrlRefusal {
    /// Not an absolute URL of the accepted shape (no `://`, characters outside printable ASCII,
    /// user information, a fragment).
    Malformed,
    /// A scheme other than `https`.
    NotHttps,
    /// A host other than `s3.amazonaws.com`.
    Host,
    /// A port other than 443.
    Port,
    /// A path that does not start with `/echo.api/` after normalization, or that holds a
    /// backslash or a percent-encoded dot, slash or backslash.
    Path,
}

impl CertUrlRefusal {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CertUrlRefusal::Malformed => "not a well-formed absolute URL",
            CertUrlRefusal::NotHttps => "not https",
            CertUrlRefusal::Host => "host is not s3.amazonaws.com",
            CertUrlRefusal::Port => "port is not 443",
            CertUrlRefusal::Path => "path does not start with /echo.api/",
        }
    }
}

impl fmt::Display for CertUrlRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl CertChainUrl {
    /// Checks a `SignatureCertChainUrl` value and returns it in normal form.
    ///
    /// # Errors
    ///
    /// [`VerifyErrorKind::CertUrlRefused`] with the reason.
    pub fn parse(input: &str) -> Result<CertChainUrl, VerifyError> {
        check(input).map_err(|reason| VerifyError::new(VerifyErrorKind::CertUrlRefused { reason }))
    }

    /// The URL in normal form: `https://s3.amazonaws.com/echo.api/...`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.normalized
    }

    /// The normalized path and the query: what follows the host.
    #[must_use]
    pub fn path_and_query(&self) -> &str {
        &self.normalized["https://".len() + CERT_CHAIN_HOST.len()..]
    }
}

impl fmt::Display for CertChainUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized)
    }
}

impl FromStr for CertChainUrl {
    type Err = VerifyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CertChainUrl::parse(s)
    }
}

impl TryFrom<&str> for CertChainUrl {
    type Error = VerifyError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        CertChainUrl::parse(s)
    }
}

fn check(input: &str) -> Result<CertChainUrl, CertUrlRefusal> {
    if input.is_empty() || !input.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(CertUrlRefusal::Malformed);
    }
    let (scheme, rest) = input.split_once("://").ok_or(CertUrlRefusal::Malformed)?;
    if scheme.is_empty()
        || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return Err(CertUrlRefusal::Malformed);
    }
    if !scheme.eq_ignore_ascii_case("https") {
        return Err(CertUrlRefusal::NotHttps);
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(CertUrlRefusal::Malformed);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if !host.eq_ignore_ascii_case(CERT_CHAIN_HOST) {
        return Err(CertUrlRefusal::Host);
    }
    if let Some(port) = port
        && !(port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) && port.parse() == Ok(443))
    {
        return Err(CertUrlRefusal::Port);
    }
    if rest.contains('#') {
        return Err(CertUrlRefusal::Malformed);
    }
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let lower = path.to_ascii_lowercase();
    if path.contains('\\') || ["%2e", "%2f", "%5c"].iter().any(|bad| lower.contains(bad)) {
        return Err(CertUrlRefusal::Path);
    }
    let path = remove_dot_segments(path);
    if !path.starts_with(CERT_CHAIN_PATH_PREFIX) {
        return Err(CertUrlRefusal::Path);
    }
    let mut normalized = format!("https://{CERT_CHAIN_HOST}{path}");
    if let Some(query) = query {
        normalized.push('?');
        normalized.push_str(query);
    }
    Ok(CertChainUrl { normalized })
}

/// RFC 3986 section 5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output = String::with_capacity(path.len());
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../") {
            input = rest;
        } else if let Some(rest) = input.strip_prefix("./") {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") || input == "/.." {
            input = if input == "/.." { "/" } else { &input[3..] };
            let cut = output.rfind('/').unwrap_or(0);
            output.truncate(cut);
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            output.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_as_rfc_3986_says() {
        // The examples of RFC 3986 section 5.2.4.
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
        assert_eq!(remove_dot_segments("/echo.api/../echo.api/x"), "/echo.api/x");
        assert_eq!(remove_dot_segments("/../../echo.api/x"), "/echo.api/x");
        assert_eq!(remove_dot_segments("/echo.api/.."), "/");
        assert_eq!(remove_dot_segments("/echo.api/."), "/echo.api/");
        assert_eq!(remove_dot_segments("/echo.api/..x/"), "/echo.api/..x/");
    }
}
