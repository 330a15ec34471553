//! The JSON fixture file: profiles and tokens, validated with errors that name the file, the field
//! and what is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use alexa_consent::Scope;
use serde_json::{Map, Value};

use crate::data::{Grant, MobileNumber, Profile};
use crate::error::FixtureError;
use alexa_model::parse_timestamp as parse_rfc3339;

/// Profiles and tokens loaded from a JSON fixture file (the format is in `docs/emulator.md`).
///
/// ```
/// use alexa_profile_emulator::Fixture;
///
/// let fixture = Fixture::from_json("inline.json", r#"{
///   "profiles": {"alice": {"name": "Alice Example", "email": "alice@example.com"}},
///   "tokens": {"tok-alice": {"account": "alice", "scopes": ["alexa::profile:email:read"]}}
/// }"#)?;
/// assert_eq!(fixture.tokens().count(), 1);
///
/// let bad = Fixture::from_json("bad.json", r#"{"profiles": {}, "tokens": {"t": {"account": "carol"}}}"#)
///     .unwrap_err();
/// assert_eq!(bad.to_string(), "bad.json: tokens.t.account: no profile named `carol`");
/// # Ok::<(), alexa_profile_emulator::FixtureError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Fixture {
    profiles: BTreeMap<String, Profile>,
    tokens: Vec<FixtureToken>,
}

/// A token declared in a fixture: its name, its bearer value and its grant.
#[derive(Clone)]
pub(crate) struct FixtureToken {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) grant: Grant,
}

impl std::fmt::Debug for FixtureToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixtureToken")
            .field("name", &self.name)
            .field("value", &alexa_model::REDACTED)
            .field("grant", &self.grant)
            .finish()
    }
}

const ROOT_FIELDS: &[&str] = &["profiles", "tokens"];
const PROFILE_FIELDS: &[&str] = &["name", "givenName", "email", "mobileNumber"];
const PHONE_FIELDS: &[&str] = &["countryCode", "phoneNumber"];
const TOKEN_FIELDS: &[&str] =
    &["value", "account", "person", "scopes", "personScopes", "declaredScopes", "expiresAt"];

impl Fixture {
    /// Reads and validates a fixture file.
    ///
    /// # Errors
    ///
    /// A [`FixtureError`] when the file cannot be read, is not JSON, or is not a valid fixture.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Fixture, FixtureError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| FixtureError::read(path, e))?;
        Fixture::from_json(path, &text)
    }

    /// Validates fixture JSON; `file` is the name errors give it.
    ///
    /// # Errors
    ///
    /// A [`FixtureError`] when `json` is not JSON or not a valid fixture.
    pub fn from_json(file: impl AsRef<Path>, json: &str) -> Result<Fixture, FixtureError> {
        let file = file.as_ref();
        let root: Value = serde_json::from_str(json).map_err(|e| FixtureError::syntax(file, &e))?;
        Parser { file }.fixture(&root)
    }

    /// The profiles, by name.
    #[must_use]
    pub fn profiles(&self) -> &BTreeMap<String, Profile> {
        &self.profiles
    }

    /// The tokens: each one's name and grant (the bearer values stay inside).
    pub fn tokens(&self) -> impl Iterator<Item = (&str, &Grant)> {
        self.tokens.iter().map(|t| (t.name.as_str(), &t.grant))
    }

    pub(crate) fn into_parts(self) -> (BTreeMap<String, Profile>, Vec<FixtureToken>) {
        (self.profiles, self.tokens)
    }
}

/// A JSON path segment for a map key: `.key` when the key is a plain word, else `["key"]`.
fn key_path(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '~');
    match (parent.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => format!("{parent}.{key}"),
        (_, false) => format!("{parent}[{}]", Value::String(key.to_owned())),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

struct Parser<'a> {
    file: &'a Path,
}

impl Parser<'_> {
    fn err(&self, field: &str, message: impl Into<String>) -> FixtureError {
        FixtureError::invalid(self.file, field, message)
    }

    fn object<'v>(
        &self,
        v: &'v Value,
        field: &str,
    ) -> Result<&'v Map<String, Value>, FixtureError> {
        v.as_object().ok_or_else(|| {
            let shown = if field.is_empty() { "(root)" } else { field };
            self.err(shown, format!("expected an object, found {}", json_type(v)))
        })
    }

    fn known_fields(
        &self,
        map: &Map<String, Value>,
        field: &str,
        known: &[&str],
    ) -> Result<(), FixtureError> {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                return Err(self.err(
                    &key_path(field, key),
                    format!("unknown field (expected one of {})", expected.join(", ")),
                ));
            }
        }
        Ok(())
    }

    fn string(&self, v: &Value, field: &str) -> Result<String, FixtureError> {
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.err(field, format!("expected a string, found {}", json_type(v))))
    }

    /// An optional member: absent and `null` are both "not set".
    fn member<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        map.get(key).filter(|v| !v.is_null())
    }

    fn fixture(&self, root: &Value) -> Result<Fixture, FixtureError> {
        let root = self.object(root, "")?;
        self.known_fields(root, "", ROOT_FIELDS)?;
        let mut fixture = Fixture::default();
        if let Some(profiles) = Self::member(root, "profiles") {
            for (name, v) in self.object(profiles, "profiles")? {
                let field = key_path("profiles", name);
                fixture.profiles.insert(name.clone(), self.profile(v, &field)?);
            }
        }
        let mut values = BTreeSet::new();
        if let Some(tokens) = Self::member(root, "tokens") {
            for (name, v) in self.object(tokens, "tokens")? {
                let field = key_path("tokens", name);
                let token = self.token(name, v, &field, &fixture.profiles)?;
                if !values.insert(token.value.clone()) {
                    return Err(
                        self.err(&key_path(&field, "value"), "another token has the same value")
                    );
                }
                fixture.tokens.push(token);
            }
        }
        Ok(fixture)
    }

    fn profile(&self, v: &Value, field: &str) -> Result<Profile, FixtureError> {
        let map = self.object(v, field)?;
        self.known_fields(map, field, PROFILE_FIELDS)?;
        let mut profile = Profile::new();
        if let Some(v) = Self::member(map, "name") {
            profile = profile.with_name(self.string(v, &key_path(field, "name"))?);
        }
        if let Some(v) = Self::member(map, "givenName") {
            profile = profile.with_given_name(self.string(v, &key_path(field, "givenName"))?);
        }
        if let Some(v) = Self::member(map, "email") {
            profile = profile.with_email(self.string(v, &key_path(field, "email"))?);
        }
        if let Some(v) = Self::member(map, "mobileNumber") {
            let field = key_path(field, "mobileNumber");
            let phone = self.object(v, &field)?;
            self.known_fields(phone, &field, PHONE_FIELDS)?;
            let part = |key: &str| -> Result<String, FixtureError> {
                let path = key_path(&field, key);
                let v = Self::member(phone, key).ok_or_else(|| self.err(&path, "missing"))?;
                self.string(v, &path)
            };
            profile = profile
                .with_mobile_number(MobileNumber::new(part("countryCode")?, part("phoneNumber")?));
        }
        Ok(profile)
    }

    fn scopes(
        &self,
        map: &Map<String, Value>,
        field: &str,
        key: &str,
    ) -> Result<Option<Vec<Scope>>, FixtureError> {
        let Some(v) = Self::member(map, key) else { return Ok(None) };
        let field = key_path(field, key);
        let items = v.as_array().ok_or_else(|| {
            self.err(&field, format!("expected an array of scope strings, found {}", json_type(v)))
        })?;
        let mut scopes = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{field}[{i}]");
            let s = self.string(item, &path)?;
            scopes.push(s.parse::<Scope>().map_err(|e| self.err(&path, e.to_string()))?);
        }
        Ok(Some(scopes))
    }

    fn token(
        &self,
        name: &str,
        v: &Value,
        field: &str,
        profiles: &BTreeMap<String, Profile>,
    ) -> Result<FixtureToken, FixtureError> {
        let map = self.object(v, field)?;
        self.known_fields(map, field, TOKEN_FIELDS)?;
        let profile = |key: &str| -> Result<Option<String>, FixtureError> {
            let Some(v) = Self::member(map, key) else { return Ok(None) };
            let path = key_path(field, key);
            let name = self.string(v, &path)?;
            if profiles.contains_key(&name) {
                Ok(Some(name))
            } else {
                Err(self.err(&path, format!("no profile named `{name}`")))
            }
        };
        let account =
            profile("account")?.ok_or_else(|| self.err(&key_path(field, "account"), "missing"))?;
        let mut grant = Grant::new(account);
        if let Some(person) = profile("person")? {
            grant = grant.with_person(person);
        }
        if let Some(scopes) = self.scopes(map, field, "scopes")? {
            grant = grant.with_scopes(scopes);
        }
        if let Some(scopes) = self.scopes(map, field, "personScopes")? {
            if grant.person().is_none() && !scopes.is_empty() {
                return Err(self.err(
                    &key_path(field, "personScopes"),
                    "person scopes need a recognized speaker (`person`)",
                ));
            }
            grant = grant.with_person_scopes(scopes);
        }
        if let Some(scopes) = self.scopes(map, field, "declaredScopes")? {
            grant = grant.with_declared_scopes(scopes);
        }
        if let Some(v) = Self::member(map, "expiresAt") {
            let path = key_path(field, "expiresAt");
            let s = self.string(v, &path)?;
            let at = parse_rfc3339(&s).ok_or_else(|| {
                self.err(&path, "expected an RFC 3339 timestamp such as `2030-01-01T00:00:00Z`")
            })?;
            grant = grant.with_expires_at(at);
        }
        let (value, path) = match Self::member(map, "value") {
            Some(v) => {
                let path = key_path(field, "value");
                (self.string(v, &path)?, path)
            }
            None => (name.to_owned(), field.to_owned()),
        };
        if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(self.err(
                &path,
                "a bearer token is not empty and has no whitespace (without `value`, the name is the token)",
            ));
        }
        Ok(FixtureToken { name: name.to_owned(), value, grant })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_keys_that_are_not_plain_words() {
        assert_eq!(key_path("tokens", "tok-alice"), "tokens.tok-alice");
        assert_eq!(key_path("tokens", "a.b"), r#"tokens["a.b"]"#);
        assert_eq!(key_path("", "profiles"), "profiles");
    }
}
