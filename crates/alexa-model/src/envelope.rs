//! The request envelope: `version`, `session`, `context` (with `System` typed) and `request`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::str::FromStr;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::string_enum::string_enum;
use crate::{AccessToken, ApiAccessToken, ConsentToken, Error, RawJson, Request, decode};

/// Everything Alexa sends a skill in one request.
///
/// Decode it with [`RequestEnvelope::from_slice`], [`str::parse`] or
/// [`from_reader`](RequestEnvelope::from_reader) (they report the JSON path of a fault), or through
/// serde. Unknown fields and request types never fail a decode.
///
/// Identity, in short (see [`System`]): `context.System.user` is the Amazon *account* the skill is
/// enabled on; `context.System.person`, present only when Alexa recognizes the speaker's voice, is
/// the *speaker*. The Customer Profile API describes the account holder, not the speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestEnvelope {
    /// The envelope format version, `"1.0"`.
    pub version: String,
    /// The session, for requests that belong to one (absent from skill events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The state of Alexa and the device: the typed `System` object and the other interfaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// The request itself.
    pub request: Request,
}

impl RequestEnvelope {
    /// An envelope of version `"1.0"` with no session and no context around `request`.
    #[must_use]
    pub fn new(request: Request) -> Self {
        RequestEnvelope { version: "1.0".to_owned(), session: None, context: None, request }
    }

    /// Sets the session.
    #[must_use]
    pub fn with_session(mut self, session: Session) -> Self {
        self.session = Some(session);
        self
    }

    /// Sets the context.
    #[must_use]
    pub fn with_context(mut self, context: Context) -> Self {
        self.context = Some(context);
        self
    }

    /// Decodes an envelope from JSON bytes.
    ///
    /// # Errors
    ///
    /// When the bytes are not JSON, or not an envelope: the [`Error`] names the JSON path, line and
    /// column of the fault.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        decode::from_slice_with_path(bytes)
    }

    /// Decodes an envelope from a reader, which is read to its end first.
    ///
    /// # Errors
    ///
    /// When reading fails, or as [`RequestEnvelope::from_slice`].
    pub fn from_reader(reader: impl Read) -> Result<Self, Error> {
        decode::from_reader_with_path(reader)
    }

    /// Encodes the envelope as compact JSON.
    ///
    /// # Errors
    ///
    /// Never in practice: every part of the envelope is representable as JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::from_json(e, None))
    }

    /// `context.System`, when the envelope has a context.
    #[must_use]
    pub fn system(&self) -> Option<&System> {
        self.context.as_ref().map(|c| &c.system)
    }

    /// The Amazon account the skill is enabled on: `context.System.user`, else `session.user`.
    #[must_use]
    pub fn user(&self) -> Option<&User> {
        self.system()
            .map(|s| &s.user)
            .or_else(|| self.session.as_ref().and_then(|s| s.user.as_ref()))
    }

    /// The recognized speaker (`context.System.person`), present only when Alexa recognized the
    /// voice of a speaker who allows personalization. See [`System::person`].
    #[must_use]
    pub fn person(&self) -> Option<&Person> {
        self.system().and_then(|s| s.person.as_ref())
    }

    /// The locale of the request (`request.locale`), such as `en-US`.
    #[must_use]
    pub fn locale(&self) -> Option<&str> {
        self.request.locale()
    }

    /// The endpoint and token for Alexa's APIs, taken from this request. See
    /// [`System::api_context`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Missing`](crate::ErrorKind::Missing) when the request has no context, no
    /// `apiEndpoint` or no `apiAccessToken`.
    pub fn api_context(&self) -> Result<crate::ApiContext, Error> {
        self.system().ok_or_else(|| Error::missing("context.System"))?.api_context()
    }
}

impl FromStr for RequestEnvelope {
    type Err = Error;

    /// Decodes an envelope from JSON text.
    fn from_str(s: &str) -> Result<Self, Error> {
        decode::from_str_with_path(s)
    }
}

/// The session a request belongs to.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Session {
    /// Whether this is the first request of the session.
    #[serde(default)]
    pub new: bool,
    /// The session identifier.
    #[serde(default)]
    pub session_id: String,
    /// The skill the session belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Application>,
    /// The account (same as `context.System.user`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The attributes the skill set on its previous response, as arbitrary JSON values.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub attributes: serde_json::Map<String, serde_json::Value>,
}

/// Identifies the skill.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Application {
    /// The skill ID, `amzn1.ask.skill.<uuid>`.
    pub application_id: String,
}

impl Application {
    /// An application with the given skill ID.
    pub fn new(application_id: impl Into<String>) -> Self {
        Application { application_id: application_id.into() }
    }
}

/// `context`: the typed `System` object and every other interface kept as raw JSON.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Context {
    /// `context.System`.
    pub system: System,
    /// Every other member of `context` (`AudioPlayer`, `Viewport`, `Viewports`, `Extensions`,
    /// `Alexa.Presentation.APL`, ...), by name, verbatim.
    pub interfaces: BTreeMap<String, RawJson>,
}

impl Context {
    /// A context holding `system` and no other interface.
    #[must_use]
    pub fn new(system: System) -> Self {
        Context { system, interfaces: BTreeMap::new() }
    }

    /// The raw JSON of an interface such as `Viewport`.
    #[must_use]
    pub fn interface(&self, name: &str) -> Option<&RawJson> {
        self.interfaces.get(name)
    }
}

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1 + self.interfaces.len()))?;
        map.serialize_entry("System", &self.system)?;
        for (name, value) in &self.interfaces {
            if name != "System" {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ContextVisitor;

        impl<'de> Visitor<'de> for ContextVisitor {
            type Value = Context;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the context object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Context, A::Error> {
                let mut system = None;
                let mut interfaces = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::request::Key<'de>>()? {
                    if key.as_str() == "System" {
                        system = Some(map.next_value::<System>()?);
                    } else {
                        interfaces.insert(key.into_owned(), map.next_value::<RawJson>()?);
                    }
                }
                let system = system.ok_or_else(|| serde::de::Error::missing_field("System"))?;
                Ok(Context { system, interfaces })
            }
        }

        deserializer.deserialize_map(ContextVisitor)
    }
}

/// `context.System`: who is asking, on which device, and how to call Alexa's APIs.
///
/// - [`user`](System::user) identifies the Amazon **account** the skill is enabled on (`userId`).
///   It is not necessarily the person speaking.
/// - [`person`](System::person) identifies the **recognized speaker** (`personId`), and is present
///   only when Alexa recognized the voice and the speaker allows personalization.
/// - The Customer Profile API (`/v2/accounts/~current/...`) describes the account holder, never
///   the speaker; use the Person Profile API (`/v2/persons/~current/...`) for the speaker.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct System {
    /// The skill.
    #[serde(default)]
    pub application: Application,
    /// The Amazon account the skill is enabled on.
    #[serde(default)]
    pub user: User,
    /// The recognized speaker, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
    /// The device the request came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    /// The base URL of Alexa's APIs for this customer's region, such as
    /// `https://api.amazonalexa.com`. Always take it from the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_endpoint: Option<String>,
    /// The bearer token for Alexa's APIs. Present whether or not the customer granted any
    /// permission: only the API's answer tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_access_token: Option<ApiAccessToken>,
}

/// The Amazon account the skill is enabled on (`context.System.user`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct User {
    /// `amzn1.ask.account.<...>`: stable for the account while the skill stays enabled; changes
    /// when the skill is disabled and enabled again. It says nothing about who is speaking.
    #[serde(default)]
    pub user_id: String,
    /// The account-linking token of the account, when the account is linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<AccessToken>,
    /// The permissions the account granted (deprecated by Amazon in favour of calling the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
}

impl User {
    /// A user with the given `userId`.
    pub fn new(user_id: impl Into<String>) -> Self {
        User { user_id: user_id.into(), access_token: None, permissions: None }
    }
}

/// `user.permissions`: a deprecated consent token and per-scope statuses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Permissions {
    /// The deprecated consent token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_token: Option<ConsentToken>,
    /// Scope string (`alexa::profile:email:read`) to its status.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scopes: BTreeMap<String, ScopeGrant>,
}

/// The status of one scope in `user.permissions.scopes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScopeGrant {
    /// `GRANTED` or `DENIED`.
    pub status: PermissionStatus,
}

impl ScopeGrant {
    /// A grant with the given status.
    #[must_use]
    pub fn new(status: PermissionStatus) -> Self {
        ScopeGrant { status }
    }
}

string_enum! {
    /// Whether a scope is granted, in `user.permissions.scopes`.
    pub enum PermissionStatus {
        /// `GRANTED`.
        Granted => "GRANTED",
        /// `DENIED`.
        Denied => "DENIED",
    }
}

/// The recognized speaker (`context.System.person`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Person {
    /// `amzn1.ask.person.<...>`: the speaker's Alexa profile, distinct per skill and per account.
    #[serde(default)]
    pub person_id: String,
    /// The account-linking token of the speaker's own linked account, when there is one. Prefer it
    /// to `user.accessToken` (see [`System::account_linking_token`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<AccessToken>,
}

impl Person {
    /// A person with the given `personId`.
    pub fn new(person_id: impl Into<String>) -> Self {
        Person { person_id: person_id.into(), access_token: None }
    }
}

/// The device the request came from (`context.System.device`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Device {
    /// `amzn1.ask.device.<...>`.
    #[serde(default)]
    pub device_id: String,
    /// The interfaces the device supports (`AudioPlayer`, `Alexa.Presentation.APL`, ...), each
    /// with its raw JSON description.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub supported_interfaces: BTreeMap<String, RawJson>,
}

impl Device {
    /// A device with the given `deviceId` and no supported interface.
    pub fn new(device_id: impl Into<String>) -> Self {
        Device { device_id: device_id.into(), supported_interfaces: BTreeMap::new() }
    }

    /// Whether the device declares the interface `name`.
    #[must_use]
    pub fn supports(&self, name: &str) -> bool {
        self.supported_interfaces.contains_key(name)
    }
}
