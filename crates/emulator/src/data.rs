//! What the emulator serves: profiles, grants (what a token may read) and the endpoints.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use alexa_consent::{ConsentLevel, ProfileField, Scope};
use alexa_model::REDACTED;

/// A customer profile: the contact information the API serves. Any field may be absent, and the
/// API then answers `204 No Content`.
///
/// `Debug` shows which fields are set, never their values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Profile {
    name: Option<String>,
    given_name: Option<String>,
    email: Option<String>,
    mobile_number: Option<MobileNumber>,
}

impl Profile {
    /// A profile with no field set.
    #[must_use]
    pub fn new() -> Self {
        Profile::default()
    }

    /// Sets the full name (`Profile.name`).
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the given name (`Profile.givenName`).
    #[must_use]
    pub fn with_given_name(mut self, given_name: impl Into<String>) -> Self {
        self.given_name = Some(given_name.into());
        self
    }

    /// Sets the email address (`Profile.email`).
    #[must_use]
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the mobile number (`Profile.mobileNumber`).
    #[must_use]
    pub fn with_mobile_number(mut self, mobile_number: MobileNumber) -> Self {
        self.mobile_number = Some(mobile_number);
        self
    }

    /// The full name.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The given name.
    #[must_use]
    pub fn given_name(&self) -> Option<&str> {
        self.given_name.as_deref()
    }

    /// The email address.
    #[must_use]
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The mobile number.
    #[must_use]
    pub fn mobile_number(&self) -> Option<&MobileNumber> {
        self.mobile_number.as_ref()
    }

    /// Whether `field` is set.
    #[must_use]
    pub fn has(&self, field: ProfileField) -> bool {
        match field {
            ProfileField::Name => self.name.is_some(),
            ProfileField::GivenName => self.given_name.is_some(),
            ProfileField::Email => self.email.is_some(),
            ProfileField::MobileNumber => self.mobile_number.is_some(),
            _ => false,
        }
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |set: bool| if set { Some(REDACTED) } else { None };
        f.debug_struct("Profile")
            .field("name", &shown(self.name.is_some()))
            .field("given_name", &shown(self.given_name.is_some()))
            .field("email", &shown(self.email.is_some()))
            .field("mobile_number", &shown(self.mobile_number.is_some()))
            .finish()
    }
}

/// A mobile number as the API serves it: `{"countryCode": "+1", "phoneNumber": "415-555-2671"}`,
/// both strings in whatever format the customer typed (seed 004).
#[derive(Clone, PartialEq, Eq)]
pub struct MobileNumber {
    country_code: String,
    phone_number: String,
}

impl MobileNumber {
    /// A mobile number from its two parts, kept as given.
    pub fn new(country_code: impl Into<String>, phone_number: impl Into<String>) -> Self {
        MobileNumber { country_code: country_code.into(), phone_number: phone_number.into() }
    }

    /// `countryCode`, such as `+1`, `1` or `001`.
    #[must_use]
    pub fn country_code(&self) -> &str {
        &self.country_code
    }

    /// `phoneNumber`, such as `415-555-2671` or `+1 415 555 2671`.
    #[must_use]
    pub fn phone_number(&self) -> &str {
        &self.phone_number
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MobileNumber(")?;
        f.write_str(REDACTED)?;
        f.write_str(")")
    }
}

/// What a token may read: the account it belongs to, the recognized speaker (if any), the scopes
/// granted at each level, the scopes the skill declared, and when it expires.
///
/// Account endpoints are checked against [`scopes`](Grant::scopes), person endpoints against
/// [`person_scopes`](Grant::person_scopes). A grant that lists no declared scopes counts every
/// scope as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    account: String,
    person: Option<String>,
    scopes: BTreeSet<Scope>,
    person_scopes: BTreeSet<Scope>,
    declared: Option<BTreeSet<Scope>>,
    expires_at: Option<SystemTime>,
}

impl Grant {
    /// A grant on the account whose profile is named `account`, with no scope granted, no
    /// recognized speaker, every scope declared and no expiry.
    pub fn new(account: impl Into<String>) -> Self {
        Grant {
            account: account.into(),
            person: None,
            scopes: BTreeSet::new(),
            person_scopes: BTreeSet::new(),
            declared: None,
            expires_at: None,
        }
    }

    /// Grants `scopes` at account level (adds to those already granted).
    #[must_use]
    pub fn with_scopes(mut self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        self.scopes.extend(scopes);
        self
    }

    /// Makes the profile named `person` the recognized speaker.
    #[must_use]
    pub fn with_person(mut self, person: impl Into<String>) -> Self {
        self.person = Some(person.into());
        self
    }

    /// Grants `scopes` at person level, by the recognized speaker (adds to those already granted).
    #[must_use]
    pub fn with_person_scopes(mut self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        self.person_scopes.extend(scopes);
        self
    }

    /// The scopes the skill declared in its manifest; any other scope is answered with the
    /// "cannot be requested" 403. Without this call every scope counts as declared.
    #[must_use]
    pub fn with_declared_scopes(mut self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        self.declared.get_or_insert_with(BTreeSet::new).extend(scopes);
        self
    }

    /// The token expires at `at`: from then on it is answered with 401.
    #[must_use]
    pub fn with_expires_at(mut self, at: SystemTime) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The name of the account's profile.
    #[must_use]
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The name of the recognized speaker's profile.
    #[must_use]
    pub fn person(&self) -> Option<&str> {
        self.person.as_deref()
    }

    /// The scopes granted at account level.
    #[must_use]
    pub fn scopes(&self) -> &BTreeSet<Scope> {
        &self.scopes
    }

    /// The scopes granted at person level.
    #[must_use]
    pub fn person_scopes(&self) -> &BTreeSet<Scope> {
        &self.person_scopes
    }

    /// The scopes the skill declared, or `None` when every scope counts as declared.
    #[must_use]
    pub fn declared_scopes(&self) -> Option<&BTreeSet<Scope>> {
        self.declared.as_ref()
    }

    /// When the token expires.
    #[must_use]
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Whether the skill declared `scope`.
    #[must_use]
    pub fn is_declared(&self, scope: &Scope) -> bool {
        self.declared.as_ref().is_none_or(|d| d.contains(scope))
    }

    /// Whether the token has expired at `now`.
    #[must_use]
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// The scopes granted at `level`.
    #[must_use]
    pub fn scopes_at(&self, level: ConsentLevel) -> &BTreeSet<Scope> {
        match level {
            ConsentLevel::Person => &self.person_scopes,
            _ => &self.scopes,
        }
    }
}

/// One of the seven profile endpoints: a [`ProfileField`] at a [`ConsentLevel`] (the Customer
/// Profile API for the account, the Person Profile API for the recognized speaker, which has no
/// email). Paths come from `alexa-consent`'s scope table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    field: ProfileField,
    level: ConsentLevel,
}

static ENDPOINTS: LazyLock<Vec<Endpoint>> = LazyLock::new(|| {
    let mut all: Vec<Endpoint> = ProfileField::ALL.iter().map(|&f| Endpoint::account(f)).collect();
    all.extend(ProfileField::ALL.iter().filter_map(|&f| Endpoint::person(f)));
    all
});

impl Endpoint {
    /// The Customer Profile API endpoint of `field` (`/v2/accounts/~current/settings/...`).
    #[must_use]
    pub fn account(field: ProfileField) -> Endpoint {
        Endpoint { field, level: ConsentLevel::Account }
    }

    /// The Person Profile API endpoint of `field` (`/v2/persons/~current/profile/...`), when the
    /// API has one (it has none for the email address).
    #[must_use]
    pub fn person(field: ProfileField) -> Option<Endpoint> {
        field.person_path().map(|_| Endpoint { field, level: ConsentLevel::Person })
    }

    /// Every endpoint: the four account ones, then the three person ones.
    #[must_use]
    pub fn all() -> &'static [Endpoint] {
        &ENDPOINTS
    }

    /// The endpoint whose path is exactly `path` (paths are case-sensitive).
    #[must_use]
    pub fn from_path(path: &str) -> Option<Endpoint> {
        Endpoint::all().iter().copied().find(|e| e.path() == path)
    }

    /// The path, such as `/v2/accounts/~current/settings/Profile.email`.
    #[must_use]
    pub fn path(self) -> &'static str {
        self.field.path(self.level).unwrap_or_else(|| self.field.account_path())
    }

    /// The field served.
    #[must_use]
    pub fn field(self) -> ProfileField {
        self.field
    }

    /// Whose profile: the account's or the recognized speaker's.
    #[must_use]
    pub fn level(self) -> ConsentLevel {
        self.level
    }

    /// The scope that unlocks the endpoint.
    #[must_use]
    pub fn scope(self) -> Scope {
        self.field.scope()
    }

    /// The position of the endpoint in [`Endpoint::all`].
    pub(crate) fn index(self) -> usize {
        Endpoint::all().iter().position(|e| *e == self).unwrap_or(0)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// How the name, given name and email are served with a 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyForm {
    /// Bare JSON strings, `"Alice Example"`: what the official SDK models (and seed 002) expect.
    /// The default.
    #[default]
    Bare,
    /// Seed 004's objects: `{"name": ...}` for the full and the given name, `{"email": ...}`.
    Object,
}

/// What the emulator does with a GET request that carries a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyOnGet {
    /// Answer 403 with an HTML page and `Content-Type: text/html`, as the `CloudFront`
    /// distribution in front of the real API does (the Python SDK once sent the body `null` and
    /// got exactly that). The default.
    #[default]
    Reject,
    /// Ignore the body and answer as if there were none.
    Ignore,
}

/// Which `code` strings error bodies use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ErrorCodes {
    /// The codes seen from the real API in public client code: `ACCESS_NOT_REQUESTED` and
    /// `FORBIDDEN` for the two 403s, `ACCESS_DENIED`, `TOO_MANY_REQUESTS`, `METHOD_NOT_ALLOWED`,
    /// `SERVICE_UNAVAILABLE`, and the SDK model's own. The default.
    #[default]
    Observed,
    /// Only the six codes of the official SDKs' `Error` model (`INVALID_KEY`, `INVALID_VALUE`,
    /// `INVALID_TOKEN`, `INVALID_URI`, `DEVICE_UNREACHABLE`, `UNKNOWN_ERROR`); every other code
    /// becomes `UNKNOWN_ERROR`, and the messages stay as they are (so the two 403s remain
    /// distinguishable). The official Python client fails to decode an error body whose code is
    /// outside its enum (a `SerializationException` instead of a `ServiceException`); use this
    /// for it.
    SdkModel,
}

/// A per-token rate limit: at most `requests` requests in any window of `per`, with bursts up to
/// `requests` (a generic cell rate algorithm). Requests over the limit are answered 429 with
/// `Retry-After` in whole seconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: u32,
    per: Duration,
}

impl RateLimit {
    /// At most `requests` (at least 1) requests per `per` (at least 1 ms) for each token.
    #[must_use]
    pub fn new(requests: u32, per: Duration) -> Self {
        RateLimit { requests: requests.max(1), per: per.max(Duration::from_millis(1)) }
    }

    /// At most `requests` requests per second for each token.
    #[must_use]
    pub fn per_second(requests: u32) -> Self {
        RateLimit::new(requests, Duration::from_secs(1))
    }

    /// The number of requests allowed per window.
    #[must_use]
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// The window.
    #[must_use]
    pub fn per(&self) -> Duration {
        self.per
    }
}
