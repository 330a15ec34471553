//! Permission events, their diff, and `user.permissions.scopes`.

use alexa_consent::{ConsentLevel, GrantedScopes, Scope, ScopeStatuses, diff};
use alexa_model::{PermissionStatus, RequestEnvelope};

fn envelope(file: &str) -> RequestEnvelope {
    crate::data(&format!("requests/{file}")).parse().unwrap()
}

fn granted(file: &str) -> GrantedScopes {
    GrantedScopes::from_request(&envelope(file).request).unwrap()
}

#[test]
fn events_give_the_scopes_at_both_levels() {
    let accepted = granted("permission_accepted.json");
    assert_eq!(accepted.account().iter().collect::<Vec<_>>(), [&Scope::GivenName, &Scope::Email]);
    assert!(accepted.person().is_empty());
    let changed = granted("permission_changed.json");
    assert_eq!(
        changed.account().iter().cloned().collect::<Vec<_>>(),
        [Scope::GivenName, Scope::MobileNumber, Scope::Other("alexa::household:lists:read".into())]
    );
    assert_eq!(
        changed.at(ConsentLevel::Person).iter().cloned().collect::<Vec<_>>(),
        [Scope::GivenName, Scope::PersonId]
    );
    assert!(changed.is_granted(&Scope::PersonId, ConsentLevel::Person));
    assert!(!changed.is_granted(&Scope::PersonId, ConsentLevel::Account));
    assert_eq!(GrantedScopes::from_request(&envelope("launch.json").request), None);
}

#[test]
fn diff_says_what_was_granted_and_revoked_per_level() {
    let change = diff(&granted("permission_accepted.json"), &granted("permission_changed.json"));
    let list = |g: &GrantedScopes, level| g.at(level).iter().cloned().collect::<Vec<_>>();
    assert_eq!(
        list(change.granted(), ConsentLevel::Account),
        [Scope::MobileNumber, Scope::Other("alexa::household:lists:read".into())]
    );
    assert_eq!(list(change.revoked(), ConsentLevel::Account), [Scope::Email]);
    assert_eq!(list(change.granted(), ConsentLevel::Person), [Scope::GivenName, Scope::PersonId]);
    assert!(change.revoked().person().is_empty());
    assert!(!change.is_empty());

    let same = granted("permission_changed.json");
    assert!(diff(&same, &same).is_empty());
    // From nothing, everything is granted.
    let first = diff(&GrantedScopes::new(), &same);
    assert_eq!(first.granted(), &same);
    assert!(first.revoked().is_empty());
}

#[test]
fn granted_scopes_serialize_for_storage() {
    let mut g = GrantedScopes::new();
    assert!(g.insert(Scope::Email, ConsentLevel::Account));
    assert!(!g.insert(Scope::Email, ConsentLevel::Account));
    g.insert(Scope::MobileNumber, ConsentLevel::Person);
    let text = serde_json::to_string(&g).unwrap();
    assert_eq!(
        text,
        r#"{"account":["alexa::profile:email:read"],"person":["alexa::profile:mobile_number:read"]}"#
    );
    assert_eq!(serde_json::from_str::<GrantedScopes>(&text).unwrap(), g);
    assert_eq!(serde_json::from_str::<GrantedScopes>("{}").unwrap(), GrantedScopes::new());
}

#[test]
fn user_permissions_scopes_are_typed() {
    let statuses = ScopeStatuses::from_envelope(&envelope("intent_with_permissions.json"));
    assert_eq!(statuses.status(&Scope::Email), Some(&PermissionStatus::Granted));
    assert_eq!(statuses.status(&Scope::MobileNumber), Some(&PermissionStatus::Denied));
    assert_eq!(
        statuses.status(&Scope::FullName),
        Some(&PermissionStatus::Unknown("REVOKED_SOMEHOW".into()))
    );
    assert_eq!(statuses.status(&Scope::GivenName), None);
    assert!(statuses.is_granted(&Scope::Email));
    assert!(!statuses.is_granted(&Scope::MobileNumber));
    assert_eq!(
        statuses.granted().cloned().collect::<Vec<_>>(),
        [Scope::Email, Scope::Other("alexa::devices:all:geolocation:read".into())]
    );
    assert_eq!(statuses.denied().cloned().collect::<Vec<_>>(), [Scope::MobileNumber]);
    assert_eq!(statuses.iter().count(), 4);
    assert!(ScopeStatuses::from_envelope(&envelope("launch.json")).is_empty());
}
