//! Profile values: newtypes whose `Debug` never shows the value, and their decoding from either
//! body form the API is known to send.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// What `Debug` prints in place of a profile value.
pub const REDACTED: &str = "<redacted>";

macro_rules! profile_string {
    ($(#[$meta:meta])* $name:ident, $keys:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value (for tests and fakes).
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The value itself. Reading it is deliberate: never log what this returns.
            #[must_use]
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// Consumes the wrapper and returns the value.
            #[must_use]
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&format_args!("{}", REDACTED)).finish()
            }
        }

        impl<'de> Deserialize<'de> for $name {
            /// Accepts a bare JSON string (`"John Smith"`, what the official SDKs model) or an
            /// object holding it (`{"name": "John Smith"}`, what seed 004 shows).
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(StringOrObject { keys: $keys }).map($name)
            }
        }
    };
}

profile_string! {
    /// The customer's full name (`Profile.name`).
    FullName, &["name"]
}

profile_string! {
    /// The customer's given (first) name (`Profile.givenName`).
    GivenName, &["givenName", "name"]
}

profile_string! {
    /// The customer's email address (`Profile.email`).
    Email, &["email"]
}

/// Decodes a string that may come bare or inside an object under one of `keys`.
struct StringOrObject {
    keys: &'static [&'static str],
}

impl<'de> Visitor<'de> for StringOrObject {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string, or an object with a string member `{}`", self.keys.join("` or `"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if found.is_none() && self.keys.contains(&key.as_str()) {
                found = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        found.ok_or_else(|| de::Error::custom(format_args!("no `{}` member", self.keys[0])))
    }
}

/// The customer's mobile number as the API returns it: a country code (`+1`, `001`, `1`) and a
/// loosely formatted number that may repeat it (`+1 999-999-9999`, `999-999-9999`).
///
/// Neither part is shown by `Debug`. [`MobileNumber::to_phone_number`] turns it into one
/// dialable E.164 number for an SMS gateway.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MobileNumber {
    #[serde(default)]
    country_code: String,
    /// `phoneNumber`; one public client reads it as `mobileNumber`, accepted as an alias.
    #[serde(alias = "mobileNumber")]
    phone_number: String,
}

impl MobileNumber {
    /// A mobile number from its two parts (for tests and fakes).
    pub fn new(country_code: impl Into<String>, phone_number: impl Into<String>) -> Self {
        MobileNumber { country_code: country_code.into(), phone_number: phone_number.into() }
    }

    /// `countryCode`, as the API returned it. Reading it is deliberate: never log it.
    #[must_use]
    pub fn country_code(&self) -> &str {
        &self.country_code
    }

    /// `phoneNumber`, as the API returned it. Reading it is deliberate: never log it.
    #[must_use]
    pub fn phone_number(&self) -> &str {
        &self.phone_number
    }

    /// The number normalized to E.164 by `alexa-phone` (`+917799827711`): a `+` in
    /// `phoneNumber` wins over `countryCode`, separators and trunk prefixes go, an extension is
    /// split off.
    ///
    /// ```
    /// use alexa_profile_api::MobileNumber;
    ///
    /// let number = MobileNumber::new("+91", "7799-82-77-11").to_phone_number()?;
    /// assert_eq!(number.e164(), "+917799827711");
    /// # Ok::<(), alexa_phone::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the pair is not a possible phone number (too short, too long, an unknown country
    /// code, ...); the error never quotes the number.
    pub fn to_phone_number(&self) -> Result<alexa_phone::PhoneNumber, alexa_phone::Error> {
        alexa_phone::PhoneNumber::from_alexa(&self.country_code, &self.phone_number)
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MobileNumber")
            .field("country_code", &format_args!("{REDACTED}"))
            .field("phone_number", &format_args!("{REDACTED}"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_body_forms_decode() {
        let bare: FullName = serde_json::from_str("\"John Smith\"").unwrap();
        let object: FullName = serde_json::from_str(r#"{"name": "John Smith"}"#).unwrap();
        assert_eq!(bare, object);
        assert_eq!(bare.expose(), "John Smith");
        let given: GivenName = serde_json::from_str(r#"{"name": "John"}"#).unwrap();
        assert_eq!(given.expose(), "John");
        let given: GivenName = serde_json::from_str(r#"{"givenName": "John"}"#).unwrap();
        assert_eq!(given.expose(), "John");
        let email: Email = serde_json::from_str(r#"{"email": "jsmith@example.com"}"#).unwrap();
        assert_eq!(email.expose(), "jsmith@example.com");
        assert!(serde_json::from_str::<Email>(r#"{"mail": "x"}"#).is_err());
        assert!(serde_json::from_str::<Email>("42").is_err());
        let phone: MobileNumber =
            serde_json::from_str(r#"{"countryCode": "+91", "phoneNumber": "7799-82-77-11"}"#)
                .unwrap();
        assert_eq!((phone.country_code(), phone.phone_number()), ("+91", "7799-82-77-11"));
        let alias: MobileNumber =
            serde_json::from_str(r#"{"countryCode": "+91", "mobileNumber": "7799-82-77-11"}"#)
                .unwrap();
        assert_eq!(alias, phone);
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", FullName::new("John Smith")), "FullName(<redacted>)");
        assert_eq!(format!("{:?}", Email::new("j@example.com")), "Email(<redacted>)");
        assert_eq!(
            format!("{:?}", MobileNumber::new("+1", "999-999-9999")),
            "MobileNumber { country_code: <redacted>, phone_number: <redacted> }"
        );
    }
}
