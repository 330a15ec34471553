//! The scope table: exact strings, fields, paths (REFERENCE section 1), parsing and serde.

use alexa_consent::{ConsentLevel, ProfileField, Scope, ScopeKind};

#[test]
fn table_matches_amazon() {
    let rows: Vec<_> = Scope::KNOWN
        .iter()
        .map(|s| {
            let field = s.field();
            (
                s.as_str(),
                s.kind(),
                field.map(ProfileField::as_str),
                field.map(ProfileField::account_path),
                field.and_then(ProfileField::person_path),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "alexa::profile:name:read",
                ScopeKind::Profile,
                Some("name"),
                Some("/v2/accounts/~current/settings/Profile.name"),
                Some("/v2/persons/~current/profile/name"),
            ),
            (
                "alexa::profile:given_name:read",
                ScopeKind::Profile,
                Some("given-name"),
                Some("/v2/accounts/~current/settings/Profile.givenName"),
                Some("/v2/persons/~current/profile/givenName"),
            ),
            (
                "alexa::profile:email:read",
                ScopeKind::Profile,
                Some("email"),
                Some("/v2/accounts/~current/settings/Profile.email"),
                None,
            ),
            (
                "alexa::profile:mobile_number:read",
                ScopeKind::Profile,
                Some("mobile"),
                Some("/v2/accounts/~current/settings/Profile.mobileNumber"),
                Some("/v2/persons/~current/profile/mobileNumber"),
            ),
            ("alexa::person_id:read", ScopeKind::Personalization, None, None, None),
            ("read::alexa:device:all:address", ScopeKind::Address, None, None, None),
            (
                "read::alexa:device:all:address:country_and_postal_code",
                ScopeKind::Address,
                None,
                None,
                None,
            ),
        ]
    );
}

#[test]
fn every_known_scope_round_trips_through_its_string() {
    for scope in Scope::KNOWN {
        assert_eq!(scope.as_str().parse::<Scope>().unwrap(), scope);
        assert_eq!(scope.to_string(), scope.as_str());
        assert!(!scope.description().is_empty());
        let json = serde_json::to_string(&scope).unwrap();
        assert_eq!(serde_json::from_str::<Scope>(&json).unwrap(), scope);
        if let Some(field) = scope.field() {
            assert_eq!(field.scope(), scope);
            assert_eq!(field.as_str().parse::<ProfileField>().unwrap(), field);
        }
    }
}

#[test]
fn fields_and_levels() {
    assert_eq!(ProfileField::ALL.len(), 4);
    assert_eq!(ProfileField::Email.path(ConsentLevel::Person), None);
    assert_eq!(
        ProfileField::Email.path(ConsentLevel::Account),
        Some("/v2/accounts/~current/settings/Profile.email")
    );
    assert_eq!(ConsentLevel::Person.as_str(), "PERSON");
    assert_eq!(serde_json::to_string(&ConsentLevel::Account).unwrap(), "\"ACCOUNT\"");
    assert_eq!(serde_json::from_str::<ConsentLevel>("\"PERSON\"").unwrap(), ConsentLevel::Person);
    assert!(serde_json::from_str::<ConsentLevel>("\"person\"").is_err());
    assert_eq!(
        "phone".parse::<ProfileField>().unwrap_err().to_string(),
        "unknown profile field (expected name, given-name, email or mobile)"
    );
}

#[test]
fn typos_are_errors_with_a_suggestion_and_unknown_strings_deserialize_leniently() {
    let err = "alexa::profileemailread".parse::<Scope>().unwrap_err();
    assert_eq!(err.suggestion(), Some(&Scope::Email));
    let err = "alexa::profile:mobile:read".parse::<Scope>().unwrap_err();
    assert_eq!(err.suggestion(), Some(&Scope::MobileNumber));
    let err = "something else entirely".parse::<Scope>().unwrap_err();
    assert_eq!(err.suggestion(), None);
    assert_eq!(err.to_string(), "unknown permission scope");
    // From Amazon, a new scope is kept.
    let scope: Scope = serde_json::from_str("\"alexa::household:lists:read\"").unwrap();
    assert_eq!(scope, Scope::Other("alexa::household:lists:read".into()));
    assert_eq!(scope.kind(), ScopeKind::Other);
    assert!(!scope.is_known());
    assert_eq!(Scope::from_amazon("alexa::profile:name:read"), Scope::FullName);
}

#[test]
fn manifest_names_differ_from_card_scopes_only_for_the_address() {
    for scope in Scope::KNOWN {
        assert_eq!(Scope::from_manifest_name(scope.manifest_name()), Some(scope.clone()));
        assert!(Scope::MANIFEST_PERMISSIONS.contains(&scope.manifest_name()));
        if scope.kind() != ScopeKind::Address {
            assert_eq!(scope.manifest_name(), scope.as_str());
        }
    }
    assert_eq!(Scope::DeviceAddress.manifest_name(), "alexa::devices:all:address:full:read");
    assert_eq!(
        Scope::CountryAndPostalCode.manifest_name(),
        "alexa:devices:all:address:country_and_postal_code:read"
    );
    // The card scope of the address is not a manifest permission name.
    assert_eq!(Scope::from_manifest_name("read::alexa:device:all:address"), None);
    assert!(Scope::MANIFEST_PERMISSIONS.contains(&"alexa::alerts:reminders:skill:readwrite"));
    assert_eq!(Scope::MANIFEST_PERMISSIONS.len(), 31);
}
