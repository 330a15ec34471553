//! The skill-manifest policy check: `skill.json`, as the ASK CLI writes it, against the seeds'
//! rules for skills that use contact information or personalization.

use std::fmt;

use serde_json::{Map, Value};

use crate::scope::suggest_among;
use crate::{Scope, ScopeKind};

/// `manifest.events.subscriptions[].eventName` of the permission-accepted event.
pub const SKILL_PERMISSION_ACCEPTED: &str = "SKILL_PERMISSION_ACCEPTED";
/// `manifest.events.subscriptions[].eventName` of the permission-changed event.
pub const SKILL_PERMISSION_CHANGED: &str = "SKILL_PERMISSION_CHANGED";

/// A skill manifest that cannot be checked: not JSON, or a member of the wrong type.
///
/// The message names the JSON path (and, for a syntax error, the line and column); it never quotes
/// a value of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    kind: ManifestErrorKind,
    path: Option<String>,
    line: usize,
    column: usize,
}

/// What is wrong with a manifest that cannot be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ManifestErrorKind {
    /// The text is not JSON.
    Syntax,
    /// There is no `manifest` object at the top level.
    NoManifest,
    /// A member has the wrong type (a string where a list belongs, ...).
    WrongType,
}

impl ManifestError {
    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> ManifestErrorKind {
        self.kind
    }

    /// The JSON path of the member at fault, such as `manifest.permissions[0].name`.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The line (1-based) of a syntax error, or 0.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (1-based) of a syntax error, or 0.
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    fn wrong_type(path: String) -> Self {
        ManifestError { kind: ManifestErrorKind::WrongType, path: Some(path), line: 0, column: 0 }
    }
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ManifestErrorKind::Syntax => write!(
                f,
                "skill manifest is not valid JSON (line {}, column {})",
                self.line, self.column
            ),
            ManifestErrorKind::NoManifest => {
                f.write_str("skill manifest has no `manifest` object at the top level")
            }
            ManifestErrorKind::WrongType => {
                write!(
                    f,
                    "skill manifest member `{}` has the wrong type",
                    self.path().unwrap_or("?")
                )
            }
        }
    }
}

impl std::error::Error for ManifestError {}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// Amazon rejects or suspends the skill, or the skill cannot work.
    Error,
    /// The skill works, but misses something the seeds recommend.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rule a finding breaks. [`as_str`](FindingCode::as_str) is stable: tools may match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FindingCode {
    /// `unknown-scope`: a permission name Amazon does not know (a typo such as
    /// `alexa::profileemailread`, or a consent-card scope such as `read::alexa:device:all:address`
    /// where the manifest names it differently).
    UnknownScope,
    /// `full-name-with-given-name`: full name and given name are both declared (seed 001: "You can
    /// select Full Name or Given Name, but not both").
    FullNameWithGivenName,
    /// `child-directed`: a profile or personalization scope on a child-directed skill (seed 001's
    /// prerequisites; seed 003).
    ChildDirected,
    /// `missing-privacy-policy`: profile or personalization scopes, and a published locale without
    /// a privacy policy URL (seed 001's prerequisites).
    MissingPrivacyPolicy,
    /// `permission-events-not-subscribed`: profile or personalization scopes, and the permission
    /// events not subscribed, so the skill never hears of a grant or a revocation outside a
    /// session.
    PermissionEventsNotSubscribed,
}

impl FindingCode {
    /// The stable code, such as `unknown-scope`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::UnknownScope => "unknown-scope",
            FindingCode::FullNameWithGivenName => "full-name-with-given-name",
            FindingCode::ChildDirected => "child-directed",
            FindingCode::MissingPrivacyPolicy => "missing-privacy-policy",
            FindingCode::PermissionEventsNotSubscribed => "permission-events-not-subscribed",
        }
    }

    /// The severity of the rule.
    #[must_use]
    pub fn severity(self) -> Severity {
        match self {
            FindingCode::PermissionEventsNotSubscribed => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One breach of a rule: code, severity, message and the JSON path of the member at fault.
///
/// `Display` writes `error[unknown-scope] manifest.permissions[0].name: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    code: FindingCode,
    message: String,
    path: String,
}

impl Finding {
    fn new(code: FindingCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Finding { code, message: message.into(), path: path.into() }
    }

    /// The rule.
    #[must_use]
    pub fn code(&self) -> FindingCode {
        self.code
    }

    /// How bad it is.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// What is wrong and how to fix it.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The JSON path of the member at fault, such as `manifest.permissions[2].name`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}: {}", self.severity(), self.code, self.path, self.message)
    }
}

/// The parts of `skill.json` the policy check reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SkillManifest {
    /// `manifest.permissions[].name`, in order.
    permissions: Vec<String>,
    /// `manifest.privacyAndCompliance.isChildDirected`.
    child_directed: bool,
    /// `manifest.privacyAndCompliance.locales.<locale>.privacyPolicyUrl`, by locale.
    privacy_policy_urls: Vec<(String, Option<String>)>,
    /// The keys of `manifest.publishingInformation.locales`.
    published_locales: Vec<String>,
    /// `manifest.events.subscriptions[].eventName`.
    subscriptions: Vec<String>,
}

/// Reads typed members, naming the path of the first one of the wrong type.
struct Reader<'a> {
    path: String,
    value: Option<&'a Value>,
}

impl<'a> Reader<'a> {
    fn member(&self, key: &str) -> Reader<'a> {
        Reader {
            path: format!("{}.{key}", self.path),
            value: self.value.and_then(|v| v.as_object()).and_then(|o| o.get(key)),
        }
    }

    /// `None` when absent or `null`.
    fn present(&self) -> Option<&'a Value> {
        self.value.filter(|v| !v.is_null())
    }

    fn object(&self) -> Result<Option<&'a Map<String, Value>>, ManifestError> {
        match self.present() {
            None => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(ManifestError::wrong_type(self.path.clone())),
        }
    }

    fn array(&self) -> Result<Vec<Reader<'a>>, ManifestError> {
        match self.present() {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, v)| Reader { path: format!("{}[{i}]", self.path), value: Some(v) })
                .collect()),
            Some(_) => Err(ManifestError::wrong_type(self.path.clone())),
        }
    }

    fn string(&self) -> Result<Option<&'a str>, ManifestError> {
        match self.present() {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ManifestError::wrong_type(self.path.clone())),
        }
    }

    fn bool(&self) -> Result<Option<bool>, ManifestError> {
        match self.present() {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ManifestError::wrong_type(self.path.clone())),
        }
    }
}

impl SkillManifest {
    /// Reads `skill.json`. Absent members are empty; members of the wrong type are an error.
    ///
    /// # Errors
    ///
    /// A [`ManifestError`] when the text is not JSON, has no `manifest` object, or a member the
    /// check reads has the wrong type.
    pub fn from_json(text: &str) -> Result<Self, ManifestError> {
        let root: Value = serde_json::from_str(text).map_err(|e| ManifestError {
            kind: ManifestErrorKind::Syntax,
            path: None,
            line: e.line(),
            column: e.column(),
        })?;
        let manifest = Reader { path: "manifest".to_owned(), value: root.get("manifest") };
        if !manifest.value.is_some_and(Value::is_object) {
            return Err(ManifestError {
                kind: ManifestErrorKind::NoManifest,
                path: Some("manifest".to_owned()),
                line: 0,
                column: 0,
            });
        }

        let mut permissions = Vec::new();
        for item in manifest.member("permissions").array()? {
            item.object()?;
            let name = item.member("name");
            permissions.push(name.string()?.unwrap_or_default().to_owned());
        }

        let privacy = manifest.member("privacyAndCompliance");
        privacy.object()?;
        let child_directed = privacy.member("isChildDirected").bool()?.unwrap_or(false);
        let mut privacy_policy_urls = Vec::new();
        let privacy_locales = privacy.member("locales");
        for locale in privacy_locales.object()?.into_iter().flat_map(Map::keys) {
            let entry = privacy_locales.member(locale);
            entry.object()?;
            let url = entry.member("privacyPolicyUrl").string()?.map(str::to_owned);
            privacy_policy_urls.push((locale.clone(), url));
        }

        let publishing = manifest.member("publishingInformation");
        publishing.object()?;
        let published_locales = publishing
            .member("locales")
            .object()?
            .into_iter()
            .flat_map(Map::keys)
            .cloned()
            .collect();

        let events = manifest.member("events");
        events.object()?;
        let mut subscriptions = Vec::new();
        for item in events.member("subscriptions").array()? {
            item.object()?;
            if let Some(name) = item.member("eventName").string()? {
                subscriptions.push(name.to_owned());
            }
        }

        Ok(SkillManifest {
            permissions,
            child_directed,
            privacy_policy_urls,
            published_locales,
            subscriptions,
        })
    }

    /// The declared permission names, in order.
    #[must_use]
    pub fn permissions(&self) -> &[String] {
        &self.permissions
    }

    /// The known scopes the manifest declares, in order.
    #[must_use]
    pub fn scopes(&self) -> Vec<Scope> {
        self.permissions.iter().filter_map(|p| Scope::from_manifest_name(p)).collect()
    }

    /// Whether the skill is child-directed.
    #[must_use]
    pub fn is_child_directed(&self) -> bool {
        self.child_directed
    }

    /// The locales the skill is published in.
    #[must_use]
    pub fn published_locales(&self) -> &[String] {
        &self.published_locales
    }

    /// The subscribed event names.
    #[must_use]
    pub fn subscriptions(&self) -> &[String] {
        &self.subscriptions
    }

    /// Every breach of the rules, in this order: unknown scopes, full name with given name,
    /// child-directed, privacy policy, permission events. Empty for a clean manifest.
    #[must_use]
    pub fn check(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        let path = |i: usize| format!("manifest.permissions[{i}].name");

        for (i, name) in self.permissions.iter().enumerate() {
            if Scope::MANIFEST_PERMISSIONS.contains(&name.as_str()) {
                continue;
            }
            let mut message = format!("`{name}` is not a permission Amazon knows");
            if let Some(meant) = suggest_among(name, Scope::MANIFEST_PERMISSIONS) {
                message.push_str(&format!(" (did you mean `{meant}`?)"));
            }
            findings.push(Finding::new(FindingCode::UnknownScope, path(i), message));
        }

        let position = |scope: &Scope| {
            self.permissions
                .iter()
                .position(|p| Scope::from_manifest_name(p).as_ref() == Some(scope))
        };
        if let (Some(_), Some(given)) = (position(&Scope::FullName), position(&Scope::GivenName)) {
            findings.push(Finding::new(
                FindingCode::FullNameWithGivenName,
                path(given),
                "full name (`alexa::profile:name:read`) and given name \
                 (`alexa::profile:given_name:read`) are both declared; declare one or the other",
            ));
        }

        let sensitive: Vec<(usize, Scope)> = self
            .permissions
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Scope::from_manifest_name(p).map(|s| (i, s)))
            .filter(|(_, s)| matches!(s.kind(), ScopeKind::Profile | ScopeKind::Personalization))
            .collect();
        if sensitive.is_empty() {
            return findings;
        }
        let what = |s: &Scope| {
            if s.kind() == ScopeKind::Personalization {
                "the personalization scope"
            } else {
                "the profile scope"
            }
        };

        if self.child_directed {
            for (i, scope) in &sensitive {
                findings.push(Finding::new(
                    FindingCode::ChildDirected,
                    path(*i),
                    format!(
                        "{} `{scope}` is declared, and the skill is child-directed \
                         (`manifest.privacyAndCompliance.isChildDirected`): a child-directed skill \
                         may not use customer contact information or personalization",
                        what(scope)
                    ),
                ));
            }
        }

        let has_url = |locale: &str| {
            self.privacy_policy_urls
                .iter()
                .any(|(l, url)| l == locale && url.as_deref().is_some_and(is_http_url))
        };
        let first = &sensitive[0].1;
        if self.published_locales.is_empty() {
            if !self.privacy_policy_urls.iter().any(|(l, _)| has_url(l)) {
                findings.push(Finding::new(
                    FindingCode::MissingPrivacyPolicy,
                    "manifest.privacyAndCompliance.locales",
                    format!(
                        "{} `{first}` is declared, and no locale has a privacy policy URL",
                        what(first)
                    ),
                ));
            }
        } else {
            for locale in &self.published_locales {
                if !has_url(locale) {
                    findings.push(Finding::new(
                        FindingCode::MissingPrivacyPolicy,
                        format!("manifest.privacyAndCompliance.locales.{locale}.privacyPolicyUrl"),
                        format!(
                            "{} `{first}` is declared, and the published locale `{locale}` has no \
                             privacy policy URL (an http or https URL)",
                            what(first)
                        ),
                    ));
                }
            }
        }

        let subscribed = |event: &str| self.subscriptions.iter().any(|s| s == event);
        for (event, consequence) in [
            (
                SKILL_PERMISSION_ACCEPTED,
                "the skill will not hear when the customer grants permissions outside a session",
            ),
            (
                SKILL_PERMISSION_CHANGED,
                "the skill will not hear when the customer grants more permissions or revokes one",
            ),
        ] {
            if !subscribed(event) {
                findings.push(Finding::new(
                    FindingCode::PermissionEventsNotSubscribed,
                    "manifest.events.subscriptions",
                    format!(
                        "{} `{first}` is declared, and `{event}` is not subscribed: {consequence}",
                        what(first)
                    ),
                ));
            }
        }
        findings
    }
}

/// Checks `skill.json` text: [`SkillManifest::from_json`], then [`SkillManifest::check`].
///
/// ```
/// use alexa_consent::{FindingCode, check_manifest};
///
/// let findings = check_manifest(r#"{"manifest": {
///     "permissions": [{"name": "alexa::profileemailread"}]
/// }}"#)?;
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].code(), FindingCode::UnknownScope);
/// assert_eq!(findings[0].path(), "manifest.permissions[0].name");
/// assert_eq!(
///     findings[0].message(),
///     "`alexa::profileemailread` is not a permission Amazon knows (did you mean `alexa::profile:email:read`?)"
/// );
/// # Ok::<(), alexa_consent::ManifestError>(())
/// ```
///
/// # Errors
///
/// As [`SkillManifest::from_json`].
pub fn check_manifest(text: &str) -> Result<Vec<Finding>, ManifestError> {
    Ok(SkillManifest::from_json(text)?.check())
}

/// Whether `url` is an absolute http or https URL with a host.
fn is_http_url(url: &str) -> bool {
    let url = url.trim();
    ["https://", "http://"].iter().any(|scheme| {
        let (Some(head), Some(rest)) = (url.get(..scheme.len()), url.get(scheme.len()..)) else {
            return false;
        };
        head.eq_ignore_ascii_case(scheme) && !rest.is_empty() && !rest.starts_with(['/', '?', '#'])
    })
}

#[cfg(test)]
mod tests {
    use super::is_http_url;

    #[test]
    fn privacy_policy_urls_must_be_absolute_http_urls() {
        for good in ["https://example.com/privacy", "HTTP://example.com", " https://x.y "] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in
            ["", "https://", "https:///path", "example.com/privacy", "ftp://example.com", "hé"]
        {
            assert!(!is_http_url(bad), "{bad}");
        }
    }
}
