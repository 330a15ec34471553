//! Every status the API answers, through the real client over a real socket.

use alexa_consent::{ConsentLevel, ProfileField};
use alexa_model::{ApiAccessToken, ApiContext};
use alexa_profile_api::{ContactRequest, ErrorKind, FieldStatus, ProfileApi};
use alexa_profile_emulator::{BodyForm, Emulator, Endpoint, Grant, Scope};

use crate::support::{ALL_PROFILE_SCOPES, client, context, emulator};

#[tokio::test]
async fn granted_values_come_back_typed_in_both_body_forms() {
    for form in [BodyForm::Bare, BodyForm::Object] {
        let emulator = Emulator::builder()
            .with_profile(
                "alice",
                alexa_profile_emulator::Profile::new()
                    .with_name("Alice Example")
                    .with_given_name("Alice")
                    .with_email("alice@example.com")
                    .with_mobile_number(alexa_profile_emulator::MobileNumber::new(
                        "+1",
                        "415-555-2671",
                    )),
            )
            .with_body_form(form)
            .start_local()
            .await
            .unwrap();
        let client = client(&emulator);
        let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
        assert_eq!(client.full_name(&ctx).await.unwrap().unwrap().expose(), "Alice Example");
        assert_eq!(client.given_name(&ctx).await.unwrap().unwrap().expose(), "Alice");
        assert_eq!(client.email(&ctx).await.unwrap().unwrap().expose(), "alice@example.com");
        let mobile = client.mobile_number(&ctx).await.unwrap().unwrap();
        assert_eq!((mobile.country_code(), mobile.phone_number()), ("+1", "415-555-2671"));
        assert_eq!(mobile.to_phone_number().unwrap().e164(), "+14155552671");
        emulator.shutdown().await;
    }
}

#[tokio::test]
async fn value_not_set_is_none() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("carol").with_scopes(ALL_PROFILE_SCOPES));
    assert!(client.email(&ctx).await.unwrap().is_none());
    assert!(client.mobile_number(&ctx).await.unwrap().is_none());
    assert_eq!(client.given_name(&ctx).await.unwrap().unwrap().expose(), "Carol");
}

#[tokio::test]
async fn not_granted_is_permission_required_with_scope_and_level() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes([Scope::GivenName]));
    let err = client.email(&ctx).await.unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::PermissionRequired { scope: Scope::Email, level: ConsentLevel::Account }
    );
    assert_eq!(err.attempts(), 1);
    assert!(err.request_id().is_some(), "the emulator sends X-Amzn-RequestId");
    assert_eq!(err.missing_scope(), Some((&Scope::Email, ConsentLevel::Account)));
}

#[tokio::test]
async fn not_declared_is_the_other_403() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(
        &emulator,
        Grant::new("alice").with_scopes([Scope::Email]).with_declared_scopes([Scope::Email]),
    );
    let err = client.mobile_number(&ctx).await.unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::PermissionNotDeclared {
            scope: Scope::MobileNumber,
            level: ConsentLevel::Account
        }
    );
    assert!(client.email(&ctx).await.unwrap().is_some());
}

#[tokio::test]
async fn unknown_and_expired_tokens_are_unauthorized() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let unknown = ApiContext::new(emulator.base_url(), ApiAccessToken::new("no-such-token"));
    let err = client.email(&unknown).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Unauthorized);
    assert_eq!(err.attempts(), 1, "401 is never retried");
    let expired = context(
        &emulator,
        Grant::new("alice").with_scopes([Scope::Email]).with_expires_at(std::time::UNIX_EPOCH),
    );
    assert_eq!(client.email(&expired).await.unwrap_err().kind(), &ErrorKind::Unauthorized);
}

#[tokio::test]
async fn the_recognized_speaker_gets_the_person_profile() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(
        &emulator,
        Grant::new("alice")
            .with_scopes([Scope::GivenName])
            .with_person("bob")
            .with_person_scopes([Scope::GivenName, Scope::MobileNumber]),
    );
    assert_eq!(client.given_name(&ctx).await.unwrap().unwrap().expose(), "Alice");
    assert_eq!(client.person_given_name(&ctx).await.unwrap().unwrap().expose(), "Bob");
    let mobile = client.person_mobile_number(&ctx).await.unwrap().unwrap();
    assert_eq!(mobile.country_code(), "+44");
    assert_eq!(mobile.to_phone_number().unwrap().e164(), "+447700900123");
    let err = client.person_full_name(&ctx).await.unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::PermissionRequired { scope: Scope::FullName, level: ConsentLevel::Person }
    );
    // With no recognized speaker on the token, the person endpoints refuse.
    let nobody = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    assert_eq!(client.person_given_name(&nobody).await.unwrap_err().status(), Some(403));
}

#[tokio::test]
async fn fetch_contact_returns_each_fields_own_outcome() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("carol").with_scopes([Scope::GivenName, Scope::Email]));
    let contact = client.fetch_contact(&ctx, &ContactRequest::account(ProfileField::ALL)).await;
    assert_eq!(contact.given_name_value().unwrap().expose(), "Carol");
    assert!(matches!(contact.status(ProfileField::Email), Some(FieldStatus::NotSet)));
    assert_eq!(contact.missing_scopes(), [Scope::FullName, Scope::MobileNumber]);
    // Person level has no email.
    let contact = client.fetch_contact(&ctx, &ContactRequest::person([ProfileField::Email])).await;
    assert_eq!(contact.email.unwrap().unwrap_err().kind(), &ErrorKind::Unsupported);
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 1);
}

#[tokio::test]
async fn nothing_is_cached_every_call_is_a_request() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    for _ in 0..25 {
        assert!(client.email(&ctx).await.unwrap().is_some());
    }
    for _ in 0..5 {
        client.fetch_contact(&ctx, &ContactRequest::account(ProfileField::ALL)).await;
    }
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 30);
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Name)), 5);
    assert_eq!(emulator.counts().total(), 45);
}

#[tokio::test]
async fn requests_carry_the_documented_headers_and_no_token_in_the_log() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let ctx = context(&emulator, Grant::new("alice").with_scopes(ALL_PROFILE_SCOPES));
    client.email(&ctx).await.unwrap();
    let log = emulator.request_log();
    assert_eq!(log.len(), 1);
    let rendered = format!("{log:?}");
    assert!(!rendered.contains(ctx.token().expose_secret()));
}
