//! Tokens: newtypes that serialize as they are but never show in `Debug` output.

/// What `Debug` prints in place of a secret value.
pub const REDACTED: &str = "<redacted>";

macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a token value.
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The token value itself. Reading it is deliberate: never log what this returns.
            #[must_use]
            pub fn expose_secret(&self) -> &str {
                &self.0
            }

            /// Consumes the wrapper and returns the token value.
            #[must_use]
            pub fn into_secret(self) -> String {
                self.0
            }

            /// Whether the token is the empty string.
            #[must_use]
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&format_args!("{}", REDACTED)).finish()
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_owned())
            }
        }
    };
}

secret_string! {
    /// `context.System.apiAccessToken`: the bearer token for Alexa's APIs (Customer Profile,
    /// Person Profile, ...). It encapsulates the permissions the customer granted, is present on
    /// every request whether or not any were granted, and expires: take it fresh from each request.
    ApiAccessToken
}

secret_string! {
    /// An account-linking token (`user.accessToken` or `person.accessToken`), or the access token of
    /// an `AlexaSkillEvent.SkillAccountLinked` event.
    AccessToken
}

secret_string! {
    /// The deprecated `user.permissions.consentToken`. Use the [`ApiAccessToken`] instead.
    ConsentToken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let t = ApiAccessToken::new("eyJ0eXAi.secret");
        assert_eq!(format!("{t:?}"), "ApiAccessToken(<redacted>)");
        assert_eq!(format!("{t:#?}"), "ApiAccessToken(\n    <redacted>,\n)");
        assert_eq!(t.expose_secret(), "eyJ0eXAi.secret");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"eyJ0eXAi.secret\"");
    }
}
