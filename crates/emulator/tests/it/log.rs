//! Counts and the request log: what they hold, and that no token or profile value reaches them,
//! `Debug` or error text.

use alexa_profile_emulator::{
    Emulator, Endpoint, Error, FixtureError, Grant, LoggedRequest, MobileNumber, Profile,
    ProfileField, Scope, TokenLabel,
};

use crate::support::get;

const EMAIL: &str = "/v2/accounts/~current/settings/Profile.email";
const PHONE: &str = "/v2/accounts/~current/settings/Profile.mobileNumber";

#[test]
fn errors_are_send_sync_static() {
    fn assert_impls<E: std::error::Error + Send + Sync + 'static>() {}
    assert_impls::<Error>();
    assert_impls::<FixtureError>();
}

#[tokio::test]
async fn counts_are_per_endpoint_whatever_the_answer() {
    let emulator = Emulator::builder()
        .with_profile("alice", Profile::new().with_email("alice@example.com"))
        .with_token("tok", Grant::new("alice").with_scopes([Scope::Email]))
        .start_local()
        .await
        .unwrap();
    get(&emulator, EMAIL, Some("tok")).await;
    get(&emulator, EMAIL, None).await;
    get(&emulator, PHONE, Some("tok")).await;
    get(&emulator, "/nope", Some("tok")).await;
    let counts = emulator.counts();
    assert_eq!(counts.get(Endpoint::account(ProfileField::Email)), 2);
    assert_eq!(emulator.count(Endpoint::account(ProfileField::MobileNumber)), 1);
    assert_eq!(counts.get(Endpoint::account(ProfileField::Name)), 0);
    assert_eq!((counts.other(), counts.total()), (1, 4));
    assert_eq!(counts.iter().count(), 7);
    let statuses: Vec<_> = emulator.request_log().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(200), Some(401), Some(403), Some(404)]);
    emulator.reset_log();
    assert_eq!((emulator.counts().total(), emulator.request_log().len()), (0, 0));
}

#[tokio::test]
async fn the_log_names_tokens_and_never_holds_their_values() {
    let emulator = Emulator::builder()
        .with_profile(
            "alice",
            Profile::new()
                .with_name("Alice Secretname")
                .with_email("alice.secret@example.com")
                .with_mobile_number(MobileNumber::new("+1", "415-555-0199")),
        )
        .with_token_value(
            "named",
            "Atza|named-secret-value",
            Grant::new("alice").with_scopes([Scope::Email]),
        )
        .with_log_capacity(3)
        .start_local()
        .await
        .unwrap();
    let minted = emulator.mint(Grant::new("alice").with_scopes([Scope::Email])).unwrap();
    let value = minted.value().expose_secret().to_owned();
    assert_eq!(minted.name(), "minted-1");
    get(&emulator, EMAIL, Some("unknown-secret-value")).await;
    get(&emulator, EMAIL, Some("Atza|named-secret-value")).await;
    get(&emulator, &format!("{EMAIL}?token={value}"), Some(&value)).await;
    get(&emulator, PHONE, Some(&value)).await;
    let log = emulator.request_log();
    // The capacity keeps the last three.
    let labels: Vec<_> = log.iter().map(|r| r.token.clone()).collect();
    assert_eq!(
        labels,
        [
            TokenLabel::Named("named".to_owned()),
            TokenLabel::Named("minted-1".to_owned()),
            TokenLabel::Named("minted-1".to_owned())
        ]
    );
    assert_eq!(log[1].path, EMAIL);
    assert_eq!(log[1].method, "GET");
    let everything = format!(
        "{log:?} {} {emulator:?} {minted:?} {:?}",
        log.iter().map(LoggedRequest::to_string).collect::<Vec<_>>().join("\n"),
        emulator.token("named").unwrap()
    );
    for secret in [
        value.as_str(),
        "named-secret-value",
        "unknown-secret-value",
        "Secretname",
        "alice.secret",
        "555-0199",
    ] {
        assert!(!everything.contains(secret), "{secret} leaked into {everything}");
    }
    assert!(log[2].to_string().starts_with(
        "GET /v2/accounts/~current/settings/Profile.mobileNumber 403 token=minted-1 id="
    ));
}

#[test]
fn profiles_and_numbers_debug_without_values() {
    let profile = Profile::new()
        .with_email("alice@example.com")
        .with_mobile_number(MobileNumber::new("+1", "415-555-2671"));
    assert_eq!(
        format!("{profile:?}"),
        r#"Profile { name: None, given_name: None, email: Some("<redacted>"), mobile_number: Some("<redacted>") }"#
    );
    assert_eq!(format!("{:?}", MobileNumber::new("+1", "415")), "MobileNumber(<redacted>)");
}

#[tokio::test]
async fn unknown_and_missing_tokens_are_labelled_without_values() {
    let emulator = Emulator::builder().start_local().await.unwrap();
    get(&emulator, EMAIL, Some("whatever-value")).await;
    get(&emulator, EMAIL, None).await;
    let log = emulator.request_log();
    assert_eq!(log[0].token, TokenLabel::Unknown);
    assert_eq!(log[1].token, TokenLabel::Missing);
    assert_eq!(log[0].token.to_string(), "(unknown)");
    assert_eq!(log[1].token.to_string(), "(none)");
}
