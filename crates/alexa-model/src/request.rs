//! `request`: one enum over the request types, decoded in a single pass.
//!
//! serde's internally tagged enums buffer the whole object before they look at `type`. This module
//! reads the object's keys until it meets `type` (Amazon sends it first), then hands the rest of
//! the same map straight to the variant's derived decoder. Keys met before `type` are buffered and
//! replayed, so any key order decodes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::{MapAccessDeserializer, StringDeserializer};
use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::string_enum::string_enum;
use crate::{AccessToken, RawJson};

/// `LaunchRequest`.
pub const LAUNCH_REQUEST: &str = "LaunchRequest";
/// `IntentRequest`.
pub const INTENT_REQUEST: &str = "IntentRequest";
/// `SessionEndedRequest`.
pub const SESSION_ENDED_REQUEST: &str = "SessionEndedRequest";
/// `SessionResumedRequest`.
pub const SESSION_RESUMED_REQUEST: &str = "SessionResumedRequest";
/// `Connections.Response`.
pub const CONNECTIONS_RESPONSE: &str = "Connections.Response";
/// `AlexaSkillEvent.SkillPermissionAccepted`.
pub const SKILL_PERMISSION_ACCEPTED: &str = "AlexaSkillEvent.SkillPermissionAccepted";
/// `AlexaSkillEvent.SkillPermissionChanged`.
pub const SKILL_PERMISSION_CHANGED: &str = "AlexaSkillEvent.SkillPermissionChanged";
/// `AlexaSkillEvent.SkillEnabled`.
pub const SKILL_ENABLED: &str = "AlexaSkillEvent.SkillEnabled";
/// `AlexaSkillEvent.SkillDisabled`.
pub const SKILL_DISABLED: &str = "AlexaSkillEvent.SkillDisabled";
/// `AlexaSkillEvent.SkillAccountLinked`.
pub const SKILL_ACCOUNT_LINKED: &str = "AlexaSkillEvent.SkillAccountLinked";

/// The `request` member of an envelope, by its `type`.
///
/// Every variant carries `requestId`, `timestamp` and (except skill events) `locale`, reachable
/// through [`Request::request_id`], [`Request::timestamp`] and [`Request::locale`]. A type this
/// crate does not model decodes as [`Request::Other`] with its JSON kept.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Request {
    /// `LaunchRequest`: the skill was opened without a specific intent.
    Launch(LaunchRequest),
    /// `IntentRequest`: the user said something that maps to an intent.
    Intent(IntentRequest),
    /// `SessionEndedRequest`: the session ended.
    SessionEnded(SessionEndedRequest),
    /// `SessionResumedRequest`: a connection the skill started (such as voice-forward consent)
    /// completed.
    SessionResumed(SessionResumedRequest),
    /// `Connections.Response`: the answer to a `Connections.SendRequest` directive.
    ConnectionsResponse(ConnectionsResponse),
    /// `AlexaSkillEvent.SkillPermissionAccepted`: the customer granted permissions for the first
    /// time (or again after revoking all of them).
    SkillPermissionAccepted(PermissionEvent),
    /// `AlexaSkillEvent.SkillPermissionChanged`: the customer granted more, or revoked some.
    SkillPermissionChanged(PermissionEvent),
    /// `AlexaSkillEvent.SkillEnabled`.
    SkillEnabled(SkillEvent),
    /// `AlexaSkillEvent.SkillDisabled`.
    SkillDisabled(SkillEvent),
    /// `AlexaSkillEvent.SkillAccountLinked`.
    SkillAccountLinked(AccountLinkedEvent),
    /// Any other request type, with its JSON kept.
    Other(OtherRequest),
}

impl Request {
    /// The `type` string, such as `IntentRequest`.
    #[must_use]
    pub fn request_type(&self) -> &str {
        match self {
            Request::Launch(_) => LAUNCH_REQUEST,
            Request::Intent(_) => INTENT_REQUEST,
            Request::SessionEnded(_) => SESSION_ENDED_REQUEST,
            Request::SessionResumed(_) => SESSION_RESUMED_REQUEST,
            Request::ConnectionsResponse(_) => CONNECTIONS_RESPONSE,
            Request::SkillPermissionAccepted(_) => SKILL_PERMISSION_ACCEPTED,
            Request::SkillPermissionChanged(_) => SKILL_PERMISSION_CHANGED,
            Request::SkillEnabled(_) => SKILL_ENABLED,
            Request::SkillDisabled(_) => SKILL_DISABLED,
            Request::SkillAccountLinked(_) => SKILL_ACCOUNT_LINKED,
            Request::Other(o) => &o.request_type,
        }
    }

    fn common(&self) -> (&str, &str, Option<&str>) {
        match self {
            Request::Launch(r) => (&r.request_id, &r.timestamp, r.locale.as_deref()),
            Request::Intent(r) => (&r.request_id, &r.timestamp, r.locale.as_deref()),
            Request::SessionEnded(r) => (&r.request_id, &r.timestamp, r.locale.as_deref()),
            Request::SessionResumed(r) => (&r.request_id, &r.timestamp, r.locale.as_deref()),
            Request::ConnectionsResponse(r) => (&r.request_id, &r.timestamp, r.locale.as_deref()),
            Request::SkillPermissionAccepted(r) | Request::SkillPermissionChanged(r) => {
                (&r.request_id, &r.timestamp, r.locale.as_deref())
            }
            Request::SkillEnabled(r) | Request::SkillDisabled(r) => {
                (&r.request_id, &r.timestamp, r.locale.as_deref())
            }
            Request::SkillAccountLinked(r) => (&r.request_id, &r.timestamp, r.locale.as_deref()),
            Request::Other(o) => {
                let field = |name: &str| o.fields.get(name).and_then(serde_json::Value::as_str);
                (
                    field("requestId").unwrap_or(""),
                    field("timestamp").unwrap_or(""),
                    field("locale"),
                )
            }
        }
    }

    /// `requestId`, when the request has one.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        Some(self.common().0).filter(|s| !s.is_empty())
    }

    /// `timestamp` (ISO 8601, UTC), when the request has one.
    #[must_use]
    pub fn timestamp(&self) -> Option<&str> {
        Some(self.common().1).filter(|s| !s.is_empty())
    }

    /// `locale`, such as `en-US`, when the request has one (skill events usually do not).
    #[must_use]
    pub fn locale(&self) -> Option<&str> {
        self.common().2
    }

    /// The permission event carried by `SkillPermissionAccepted` or `SkillPermissionChanged`.
    #[must_use]
    pub fn permission_event(&self) -> Option<&PermissionEvent> {
        match self {
            Request::SkillPermissionAccepted(e) | Request::SkillPermissionChanged(e) => Some(e),
            _ => None,
        }
    }
}

/// `LaunchRequest`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LaunchRequest {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl LaunchRequest {
    /// A launch request with the given id, timestamp and locale.
    pub fn new(
        request_id: impl Into<String>,
        timestamp: impl Into<String>,
        locale: impl Into<String>,
    ) -> Self {
        LaunchRequest {
            request_id: request_id.into(),
            timestamp: timestamp.into(),
            locale: Some(locale.into()),
        }
    }
}

/// `IntentRequest`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IntentRequest {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// `dialogState`, for multi-turn dialogs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_state: Option<DialogState>,
    /// The intent.
    #[serde(default)]
    pub intent: Intent,
}

impl IntentRequest {
    /// An intent request with the given id, timestamp, locale and intent.
    pub fn new(
        request_id: impl Into<String>,
        timestamp: impl Into<String>,
        locale: impl Into<String>,
        intent: Intent,
    ) -> Self {
        IntentRequest {
            request_id: request_id.into(),
            timestamp: timestamp.into(),
            locale: Some(locale.into()),
            dialog_state: None,
            intent,
        }
    }
}

/// An intent and its slots.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Intent {
    /// The intent's name, such as `OrderIntent` or `AMAZON.HelpIntent`.
    #[serde(default)]
    pub name: String,
    /// `confirmationStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_status: Option<ConfirmationStatus>,
    /// The slots, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub slots: BTreeMap<String, Slot>,
}

impl Intent {
    /// An intent with the given name and no slot.
    pub fn new(name: impl Into<String>) -> Self {
        Intent { name: name.into(), confirmation_status: None, slots: BTreeMap::new() }
    }

    /// The value of the slot `name`, when it has one.
    #[must_use]
    pub fn slot_value(&self, name: &str) -> Option<&str> {
        self.slots.get(name).and_then(|s| s.value.as_deref())
    }
}

/// A slot of an intent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Slot {
    /// The slot's name.
    #[serde(default)]
    pub name: String,
    /// What the user said, when the slot is filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `confirmationStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_status: Option<ConfirmationStatus>,
    /// `source`, such as `USER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Entity resolution results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolutions: Option<Resolutions>,
    /// `slotValue` (the newer, multi-value form), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_value: Option<RawJson>,
}

/// Entity resolution results of a slot.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Resolutions {
    /// One entry per authority (custom slot type, dynamic entities, ...).
    #[serde(default)]
    pub resolutions_per_authority: Vec<Resolution>,
}

/// The resolution of a slot by one authority.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Resolution {
    /// The authority, `amzn1.er-authority.echo-sdk.<skill-id>.<slot-type>`.
    #[serde(default)]
    pub authority: String,
    /// Whether it matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ResolutionStatus>,
    /// The matched values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ResolutionValueWrapper>,
}

/// `status` of a resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResolutionStatus {
    /// `ER_SUCCESS_MATCH`, `ER_SUCCESS_NO_MATCH`, ...
    pub code: ResolutionStatusCode,
}

/// `{"value": {...}}` around each resolved value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResolutionValueWrapper {
    /// The resolved value.
    #[serde(default)]
    pub value: ResolutionValue,
}

/// A resolved slot value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResolutionValue {
    /// The canonical name.
    #[serde(default)]
    pub name: String,
    /// The ID given in the interaction model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

string_enum! {
    /// `confirmationStatus` of an intent or slot.
    pub enum ConfirmationStatus {
        /// `NONE`.
        None => "NONE",
        /// `CONFIRMED`.
        Confirmed => "CONFIRMED",
        /// `DENIED`.
        Denied => "DENIED",
    }
}

string_enum! {
    /// `dialogState` of an intent request.
    pub enum DialogState {
        /// `STARTED`.
        Started => "STARTED",
        /// `IN_PROGRESS`.
        InProgress => "IN_PROGRESS",
        /// `COMPLETED`.
        Completed => "COMPLETED",
    }
}

string_enum! {
    /// `status.code` of an entity resolution.
    pub enum ResolutionStatusCode {
        /// `ER_SUCCESS_MATCH`.
        SuccessMatch => "ER_SUCCESS_MATCH",
        /// `ER_SUCCESS_NO_MATCH`.
        SuccessNoMatch => "ER_SUCCESS_NO_MATCH",
        /// `ER_ERROR_TIMEOUT`.
        ErrorTimeout => "ER_ERROR_TIMEOUT",
        /// `ER_ERROR_EXCEPTION`.
        ErrorException => "ER_ERROR_EXCEPTION",
    }
}

string_enum! {
    /// `reason` of a `SessionEndedRequest`.
    pub enum SessionEndedReason {
        /// `USER_INITIATED`.
        UserInitiated => "USER_INITIATED",
        /// `ERROR`.
        Error => "ERROR",
        /// `EXCEEDED_MAX_REPROMPTS`.
        ExceededMaxReprompts => "EXCEEDED_MAX_REPROMPTS",
    }
}

/// `SessionEndedRequest`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SessionEndedRequest {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Why the session ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<SessionEndedReason>,
    /// The error, when `reason` is `ERROR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SessionEndedError>,
}

/// `error` of a `SessionEndedRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionEndedError {
    /// `type`, such as `INVALID_RESPONSE`.
    #[serde(rename = "type", default)]
    pub error_type: String,
    /// A description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// `SessionResumedRequest`: sent when a connection started with `Connections.StartConnection`
/// (such as voice-forward consent) completes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SessionResumedRequest {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Why the session resumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
}

/// `cause` of a `SessionResumedRequest`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cause {
    /// `type`, such as `ConnectionCompleted`.
    #[serde(rename = "type", default)]
    pub cause_type: String,
    /// The token the skill put on its `Connections.StartConnection` directive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The connection's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConnectionStatus>,
    /// The connection's result, verbatim (for consent: `{"status": "ACCEPTED"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<RawJson>,
}

/// `status` of a connection: an HTTP-like code, as a string (`"200"`), and a message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConnectionStatus {
    /// The code, such as `"200"`; a number is accepted and kept as its decimal text.
    #[serde(default, deserialize_with = "string_or_number")]
    pub code: String,
    /// The message, such as `OK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ConnectionStatus {
    /// Whether the code is `200`.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.code == "200"
    }
}

/// `Connections.Response`: the answer to a `Connections.SendRequest` directive.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConnectionsResponse {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The name of the request answered, such as `AskFor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The status of the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConnectionStatus>,
    /// The payload, verbatim (for consent: `{"status": "ACCEPTED", ...}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<RawJson>,
    /// The token the skill put on its directive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `AlexaSkillEvent.SkillPermissionAccepted` and `AlexaSkillEvent.SkillPermissionChanged`.
///
/// The body always lists the permissions accepted *now* (not a delta).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionEvent {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`, rarely present on events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// When the event was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_creation_time: Option<String>,
    /// When the event was published to the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_publishing_time: Option<String>,
    /// The accepted permissions.
    #[serde(default)]
    pub body: PermissionBody,
}

/// `body` of a permission event.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionBody {
    /// Scopes accepted at account level.
    #[serde(default)]
    pub accepted_permissions: Vec<AcceptedPermission>,
    /// Scopes accepted by the recognized speaker (person level), when a person is recognized.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_person_permissions: Vec<AcceptedPermission>,
}

/// `{"scope": "alexa::profile:email:read"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AcceptedPermission {
    /// The scope string.
    #[serde(default)]
    pub scope: String,
}

impl AcceptedPermission {
    /// A permission for `scope`.
    pub fn new(scope: impl Into<String>) -> Self {
        AcceptedPermission { scope: scope.into() }
    }
}

/// `AlexaSkillEvent.SkillEnabled` and `AlexaSkillEvent.SkillDisabled`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SkillEvent {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`, rarely present on events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// When the event was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_creation_time: Option<String>,
    /// When the event was published to the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_publishing_time: Option<String>,
    /// The body, verbatim (`SkillDisabled` carries `userInformationPersistenceStatus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<RawJson>,
}

/// `AlexaSkillEvent.SkillAccountLinked`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccountLinkedEvent {
    /// `requestId`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    /// `timestamp`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timestamp: String,
    /// `locale`, rarely present on events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// When the event was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_creation_time: Option<String>,
    /// When the event was published to the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_publishing_time: Option<String>,
    /// The body, with the new account-linking token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<AccountLinkedBody>,
}

/// `body` of `AlexaSkillEvent.SkillAccountLinked`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccountLinkedBody {
    /// The account-linking token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<AccessToken>,
}

/// A request of a type this crate does not model.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct OtherRequest {
    /// The `type` string.
    pub request_type: String,
    /// Every other member of the request object.
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl OtherRequest {
    /// A request of type `request_type` with the given members.
    pub fn new(
        request_type: impl Into<String>,
        fields: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        OtherRequest { request_type: request_type.into(), fields }
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct CodeVisitor;
    impl Visitor<'_> for CodeVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a status code as a string or a number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_any(CodeVisitor)
}

// ---------------------------------------------------------------------------------------------
// Serialization: `type` first, then the variant's own fields.

#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(flatten)]
    inner: &'a T,
}

impl Serialize for Request {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kind = self.request_type();
        match self {
            Request::Launch(r) => Tagged { kind, inner: r }.serialize(serializer),
            Request::Intent(r) => Tagged { kind, inner: r }.serialize(serializer),
            Request::SessionEnded(r) => Tagged { kind, inner: r }.serialize(serializer),
            Request::SessionResumed(r) => Tagged { kind, inner: r }.serialize(serializer),
            Request::ConnectionsResponse(r) => Tagged { kind, inner: r }.serialize(serializer),
            Request::SkillPermissionAccepted(r) | Request::SkillPermissionChanged(r) => {
                Tagged { kind, inner: r }.serialize(serializer)
            }
            Request::SkillEnabled(r) | Request::SkillDisabled(r) => {
                Tagged { kind, inner: r }.serialize(serializer)
            }
            Request::SkillAccountLinked(r) => Tagged { kind, inner: r }.serialize(serializer),
            Request::Other(o) => {
                let mut map = serializer.serialize_map(Some(o.fields.len() + 1))?;
                map.serialize_entry("type", &o.request_type)?;
                for (k, v) in &o.fields {
                    if k != "type" {
                        map.serialize_entry(k, v)?;
                    }
                }
                map.end()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deserialization.

/// A map key or short string, borrowed from the input when `serde_json` can.
#[derive(Debug)]
pub(crate) struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Request {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RequestVisitor)
    }
}

struct RequestVisitor;

impl<'de> Visitor<'de> for RequestVisitor {
    type Value = Request;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a request object with a `type`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Request, A::Error> {
        let mut before = Vec::new();
        let kind = loop {
            match map.next_key::<Key<'de>>()? {
                Some(key) if key.as_str() == "type" => break map.next_value::<Key<'de>>()?,
                Some(key) => {
                    before.push((key.into_owned(), map.next_value::<serde_json::Value>()?));
                }
                None => return Err(A::Error::missing_field("type")),
            }
        };
        let rest =
            MapAccessDeserializer::new(Replay { before: before.into_iter(), pending: None, map });
        Ok(match kind.as_str() {
            LAUNCH_REQUEST => Request::Launch(Deserialize::deserialize(rest)?),
            INTENT_REQUEST => Request::Intent(Deserialize::deserialize(rest)?),
            SESSION_ENDED_REQUEST => Request::SessionEnded(Deserialize::deserialize(rest)?),
            SESSION_RESUMED_REQUEST => Request::SessionResumed(Deserialize::deserialize(rest)?),
            CONNECTIONS_RESPONSE => Request::ConnectionsResponse(Deserialize::deserialize(rest)?),
            SKILL_PERMISSION_ACCEPTED => {
                Request::SkillPermissionAccepted(Deserialize::deserialize(rest)?)
            }
            SKILL_PERMISSION_CHANGED => {
                Request::SkillPermissionChanged(Deserialize::deserialize(rest)?)
            }
            SKILL_ENABLED => Request::SkillEnabled(Deserialize::deserialize(rest)?),
            SKILL_DISABLED => Request::SkillDisabled(Deserialize::deserialize(rest)?),
            SKILL_ACCOUNT_LINKED => Request::SkillAccountLinked(Deserialize::deserialize(rest)?),
            _ => {
                let fields: serde_json::Map<String, serde_json::Value> =
                    Deserialize::deserialize(rest)?;
                // A second `type` would be dropped when the request is encoded again (and other
                // JSON parsers keep the last one, not the first): refuse it, as serde does a
                // duplicate field.
                if fields.contains_key("type") {
                    return Err(A::Error::duplicate_field("type"));
                }
                Request::Other(OtherRequest { request_type: kind.into_owned(), fields })
            }
        })
    }
}

/// The members read before `type` (replayed first), then the rest of the live map.
struct Replay<A> {
    before: std::vec::IntoIter<(String, serde_json::Value)>,
    pending: Option<(String, serde_json::Value)>,
    map: A,
}

/// Marks, in an error message, the path inside a replayed member; `Error` moves it into the path.
pub(crate) const MEMBER_PATH_MARK: &str = "\u{1f}member-path:";

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before.next() {
            self.pending = Some((key.clone(), value));
            return seed.deserialize(StringDeserializer::<A::Error>::new(key)).map(Some);
        }
        self.map.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some((key, value)) => {
                // A replayed value is decoded from a `Value`, outside serde_path_to_error's view:
                // track the path inside it here and hand it to `Error` in the message.
                let mut track = serde_path_to_error::Track::new();
                seed.deserialize(serde_path_to_error::Deserializer::new(value, &mut track)).map_err(
                    |e| {
                        let inner = track.path().to_string();
                        let path = if inner.is_empty() || inner == "." {
                            key
                        } else {
                            format!("{key}.{inner}")
                        };
                        A::Error::custom(format_args!("{e}{MEMBER_PATH_MARK}{path}"))
                    },
                )
            }
            None => self.map.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint().map(|n| n + self.before.len())
    }
}
