//! The endpoint policy: where the bearer token may be sent.
//!
//! `context.System.apiEndpoint` comes from the request body. A web-service skill whose request
//! verification is skipped or broken receives whatever an attacker posts, so the client checks
//! the endpoint before it opens any connection: `https://` and one of Amazon's three API hosts,
//! exactly, with nothing else in the URL. Anything else (the local emulator, say) must be allowed
//! explicitly.

use std::fmt;

use crate::error::{EndpointRefusal, Error, ErrorKind};

/// Amazon's API hosts: North America, Europe, Far East (REFERENCE section 1; seed 004's Far East
/// host is a garbled copy of `api.fe.amazonalexa.com`).
pub const AMAZON_API_HOSTS: [&str; 3] =
    ["api.amazonalexa.com", "api.eu.amazonalexa.com", "api.fe.amazonalexa.com"];

/// Which endpoints the client will send a token to.
///
/// [`EndpointPolicy::amazon`] (the default) accepts exactly `https://` + one of
/// [`AMAZON_API_HOSTS`] (case-insensitive), with no user information, no port other than 443, no
/// path beyond `/`, and no query or fragment. [`EndpointPolicy::allow`] adds an exact endpoint
/// such as `http://127.0.0.1:8080`, for the emulator.
///
/// ```
/// use alexa_profile_api::EndpointPolicy;
///
/// let policy = EndpointPolicy::amazon();
/// assert!(policy.check("https://api.eu.amazonalexa.com").is_ok());
/// assert!(policy.check("https://api.amazonalexa.com.evil.example").is_err());
/// assert!(policy.check("http://127.0.0.1:8080").is_err());
///
/// let policy = policy.allow("http://127.0.0.1:8080")?;
/// assert!(policy.check("http://127.0.0.1:8080/").is_ok());
/// # Ok::<(), alexa_profile_api::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct EndpointPolicy {
    allowed: Vec<Parsed>,
}

/// An endpoint that passed the policy: the base URL to put paths after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    base: String,
    tls: bool,
}

impl Endpoint {
    /// The normalized base URL, without a trailing slash: `https://api.amazonalexa.com`.
    #[must_use]
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether the endpoint is `https`.
    #[must_use]
    pub fn is_https(&self) -> bool {
        self.tls
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

impl Default for EndpointPolicy {
    fn default() -> Self {
        EndpointPolicy::amazon()
    }
}

impl fmt::Debug for EndpointPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let allowed: Vec<String> = self.allowed.iter().map(Parsed::base).collect();
        f.debug_struct("EndpointPolicy")
            .field("amazon_hosts", &AMAZON_API_HOSTS)
            .field("allowed", &allowed)
            .finish()
    }
}

impl EndpointPolicy {
    /// Amazon's three API hosts over https, and nothing else.
    #[must_use]
    pub fn amazon() -> Self {
        EndpointPolicy { allowed: Vec::new() }
    }

    /// Also accepts `endpoint` exactly (scheme, host and port; a trailing `/` is ignored). This is
    /// the explicit opt-in for a non-Amazon endpoint such as the emulator on loopback; `http` is
    /// accepted here.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EndpointRefused`] when `endpoint` is not a well-formed `http` or `https` URL
    /// with a host and nothing beyond `/`.
    pub fn allow(mut self, endpoint: &str) -> Result<Self, Error> {
        let parsed = parse(endpoint).map_err(refused)?;
        if parsed.userinfo {
            return Err(refused(EndpointRefusal::UserInfo));
        }
        if !parsed.bare_path {
            return Err(refused(EndpointRefusal::Path));
        }
        if !self.allowed.contains(&parsed) {
            self.allowed.push(parsed);
        }
        Ok(self)
    }

    /// Checks `endpoint` (as a request's `apiEndpoint` gives it).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EndpointRefused`] with the reason, before anything touches the network.
    pub fn check(&self, endpoint: &str) -> Result<Endpoint, Error> {
        let parsed = parse(endpoint).map_err(refused)?;
        if !parsed.userinfo && parsed.bare_path && self.allowed.contains(&parsed) {
            return Ok(Endpoint { base: parsed.base(), tls: parsed.https });
        }
        if !parsed.https {
            return Err(refused(EndpointRefusal::NotHttps));
        }
        if parsed.userinfo {
            return Err(refused(EndpointRefusal::UserInfo));
        }
        if parsed.port != 443 {
            return Err(refused(EndpointRefusal::Port));
        }
        if !AMAZON_API_HOSTS.contains(&parsed.host.as_str()) {
            return Err(refused(EndpointRefusal::Host));
        }
        if !parsed.bare_path {
            return Err(refused(EndpointRefusal::Path));
        }
        Ok(Endpoint { base: parsed.base(), tls: true })
    }
}

fn refused(reason: EndpointRefusal) -> Error {
    Error::new(ErrorKind::EndpointRefused { reason })
}

/// A URL taken apart just enough to judge it. Equality is what `allow` matches on.
#[derive(Debug, Clone)]
struct Parsed {
    https: bool,
    /// Lowercase host; IPv6 literals keep their brackets.
    host: String,
    /// Explicit or default port.
    port: u16,
    userinfo: bool,
    /// Nothing after the authority but an optional single `/`.
    bare_path: bool,
}

impl PartialEq for Parsed {
    fn eq(&self, other: &Self) -> bool {
        self.https == other.https && self.host == other.host && self.port == other.port
    }
}

impl Eq for Parsed {}

impl Parsed {
    fn base(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let default_port = if self.https { 443 } else { 80 };
        if self.port == default_port {
            format!("{scheme}://{}", self.host)
        } else {
            format!("{scheme}://{}:{}", self.host, self.port)
        }
    }
}

/// Parses `scheme://[userinfo@]host[:port][rest]` strictly: ASCII only, no whitespace or control
/// characters, host made of letters, digits, `.` and `-` (or a bracketed IPv6 literal), a decimal
/// port. Anything odd is `Malformed` rather than guessed at.
fn parse(url: &str) -> Result<Parsed, EndpointRefusal> {
    if url.is_empty() || url.len() > 2048 || !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(EndpointRefusal::Malformed);
    }
    let (scheme, rest) = url.split_once("://").ok_or(EndpointRefusal::Malformed)?;
    let https = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else if !scheme.is_empty()
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return Err(EndpointRefusal::NotHttps);
    } else {
        return Err(EndpointRefusal::Malformed);
    };
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((_, hostport)) => (true, hostport),
        None => (false, authority),
    };
    let (host, port) = split_host_port(hostport)?;
    let port = match port {
        None => {
            if https {
                443
            } else {
                80
            }
        }
        Some(p) => p,
    };
    let bare_path = tail.is_empty() || tail == "/";
    Ok(Parsed { https, host, port, userinfo, bare_path })
}

fn split_host_port(hostport: &str) -> Result<(String, Option<u16>), EndpointRefusal> {
    let (host, port) = if let Some(after_bracket) = hostport.strip_prefix('[') {
        let close = after_bracket.find(']').ok_or(EndpointRefusal::Malformed)?;
        let literal = &after_bracket[..close];
        if literal.is_empty()
            || !literal.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(EndpointRefusal::Malformed);
        }
        let after = &after_bracket[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(EndpointRefusal::Malformed),
        };
        (hostport[..close + 2].to_ascii_lowercase(), port)
    } else {
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        };
        if host.is_empty()
            || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            || host.starts_with('.')
            || host.contains("..")
        {
            return Err(EndpointRefusal::Malformed);
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => None,
        // Decimal, canonical (no leading zero: `0443` is not quietly 443).
        Some(p)
            if !p.is_empty()
                && p.len() <= 5
                && p.bytes().all(|b| b.is_ascii_digit())
                && !(p.len() > 1 && p.starts_with('0')) =>
        {
            Some(p.parse::<u16>().map_err(|_| EndpointRefusal::Malformed)?)
        }
        Some(_) => return Err(EndpointRefusal::Malformed),
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(policy: &EndpointPolicy, endpoint: &str) -> Option<EndpointRefusal> {
        match policy.check(endpoint) {
            Ok(_) => None,
            Err(e) => match e.kind() {
                ErrorKind::EndpointRefused { reason } => Some(*reason),
                other => panic!("unexpected {other:?}"),
            },
        }
    }

    #[test]
    fn amazon_hosts_pass_and_normalize() {
        let p = EndpointPolicy::amazon();
        for ok in [
            "https://api.amazonalexa.com",
            "https://api.amazonalexa.com/",
            "https://API.EU.AmazonAlexa.com",
            "HTTPS://api.fe.amazonalexa.com:443",
        ] {
            let endpoint = p.check(ok).unwrap();
            assert!(endpoint.base().starts_with("https://api."), "{ok}");
            assert!(!endpoint.base().ends_with('/'));
        }
        assert_eq!(
            p.check("https://API.amazonalexa.com:443/").unwrap().base(),
            "https://api.amazonalexa.com"
        );
    }

    #[test]
    fn refusals_say_why() {
        let p = EndpointPolicy::amazon();
        assert_eq!(reason(&p, "http://api.amazonalexa.com"), Some(EndpointRefusal::NotHttps));
        assert_eq!(reason(&p, "ftp://api.amazonalexa.com"), Some(EndpointRefusal::NotHttps));
        assert_eq!(reason(&p, "https://user@api.amazonalexa.com"), Some(EndpointRefusal::UserInfo));
        assert_eq!(reason(&p, "https://api.amazonalexa.com:8443"), Some(EndpointRefusal::Port));
        assert_eq!(reason(&p, "https://api.amazonalexa.com."), Some(EndpointRefusal::Host));
        assert_eq!(reason(&p, "https://evil.example"), Some(EndpointRefusal::Host));
        assert_eq!(reason(&p, "https://api.amazonalexa.com/v2"), Some(EndpointRefusal::Path));
        assert_eq!(reason(&p, "https://api.amazonalexa.com?x=1"), Some(EndpointRefusal::Path));
        assert_eq!(reason(&p, "https://api.amazonalexa.com#f"), Some(EndpointRefusal::Path));
        assert_eq!(reason(&p, "https://api%2eamazonalexa.com"), Some(EndpointRefusal::Malformed));
        assert_eq!(reason(&p, " https://api.amazonalexa.com"), Some(EndpointRefusal::Malformed));
        assert_eq!(reason(&p, "https://api.amazonalexa.com:"), Some(EndpointRefusal::Malformed));
        assert_eq!(reason(&p, ""), Some(EndpointRefusal::Malformed));
    }

    #[test]
    fn allowed_endpoints_match_exactly() {
        let p = EndpointPolicy::amazon().allow("http://127.0.0.1:8080").unwrap();
        assert_eq!(p.check("http://127.0.0.1:8080/").unwrap().base(), "http://127.0.0.1:8080");
        assert!(!p.check("http://127.0.0.1:8080").unwrap().is_https());
        assert_eq!(reason(&p, "http://127.0.0.1:8081"), Some(EndpointRefusal::NotHttps));
        assert_eq!(reason(&p, "https://127.0.0.1:8080"), Some(EndpointRefusal::Port));
        assert_eq!(reason(&p, "http://127.0.0.1:8080/x"), Some(EndpointRefusal::NotHttps));
        assert_eq!(reason(&p, "http://u@127.0.0.1:8080"), Some(EndpointRefusal::NotHttps));
        assert!(EndpointPolicy::amazon().allow("http://127.0.0.1:8080/path").is_err());
        assert!(EndpointPolicy::amazon().allow("not a url").is_err());
        let v6 = EndpointPolicy::amazon().allow("https://[::1]:9443").unwrap();
        assert_eq!(v6.check("https://[::1]:9443").unwrap().base(), "https://[::1]:9443");
    }
}
