//! [`RawJson`]: a JSON subtree kept as its text, decoded only when someone asks.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept verbatim: the parts of an envelope this crate does not model (the
/// `AudioPlayer` or `Viewport` interfaces of `context`, a `Connections.Response` payload, ...).
///
/// Decoding an envelope only validates these subtrees and copies their text, which is much
/// cheaper than building a [`serde_json::Value`]; encoding writes the text back unchanged.
/// Equality is equality of the JSON values: identical text compares equal at once, and text that
/// differs (in whitespace or key order, say) is compared as parsed values.
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Parses `json` and keeps it verbatim.
    ///
    /// # Errors
    ///
    /// When `json` is not one valid JSON value.
    pub fn from_string(json: String) -> Result<Self, crate::Error> {
        RawValue::from_string(json).map(RawJson).map_err(|e| crate::Error::from_json(e, None))
    }

    /// Serializes `value` into a new raw JSON value.
    ///
    /// # Errors
    ///
    /// When `value` cannot be represented as JSON (a map with non-string keys, for example).
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, crate::Error> {
        serde_json::value::to_raw_value(value)
            .map(RawJson)
            .map_err(|e| crate::Error::from_json(e, None))
    }

    /// The JSON text, exactly as it was received.
    #[must_use]
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Decodes the value into `T`.
    ///
    /// # Errors
    ///
    /// When the JSON does not have the shape of `T`.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, crate::Error> {
        crate::decode::from_str_with_path(self.0.get())
    }

    /// Decodes the value into a [`serde_json::Value`].
    ///
    /// # Errors
    ///
    /// Never in practice: the text was validated when it was read.
    pub fn to_value(&self) -> Result<serde_json::Value, crate::Error> {
        self.deserialize()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawJson").field(&self.0.get()).finish()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        if self.get() == other.get() {
            return true;
        }
        match (self.to_value(), other.to_value()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for RawJson {}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(RawJson)
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        RawJson(raw)
    }
}

impl From<RawJson> for Box<RawValue> {
    fn from(raw: RawJson) -> Self {
        raw.0
    }
}
