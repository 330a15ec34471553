//! HTTPS with an injected root: the rustls path, ALPN, and a certificate that is not trusted.

use alexa_consent::ProfileField;
use alexa_profile_api::{ContactRequest, ErrorKind, ProfileApi, ProfileClient};
use alexa_profile_emulator::{Emulator, Grant, Profile, Scope};

#[tokio::test]
async fn https_with_the_emulators_root() {
    let emulator = Emulator::builder()
        .with_profile(
            "alice",
            Profile::new().with_email("alice@example.com").with_given_name("Alice"),
        )
        .with_tls()
        .start_local()
        .await
        .unwrap();
    assert!(emulator.base_url().starts_with("https://"));
    let ca = emulator.ca_certificate_pem().unwrap();
    let client = ProfileClient::builder()
        .allow_endpoint(emulator.base_url())
        .unwrap()
        .root_certificates_pem(ca.as_bytes())
        .unwrap()
        .build()
        .unwrap();
    let token =
        emulator.mint(Grant::new("alice").with_scopes([Scope::Email, Scope::GivenName])).unwrap();
    let ctx = emulator.envelope(&token).launch().api_context().unwrap();
    let contact = client
        .fetch_contact(
            &ctx,
            &ContactRequest::account([ProfileField::Email, ProfileField::GivenName]),
        )
        .await;
    assert_eq!(contact.email_value().unwrap().expose(), "alice@example.com");
    assert_eq!(contact.given_name_value().unwrap().expose(), "Alice");

    // The webpki roots do not trust the emulator's generated CA.
    let untrusting =
        ProfileClient::builder().allow_endpoint(emulator.base_url()).unwrap().build().unwrap();
    let err = untrusting.email(&ctx).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Connect, "{err}");
}

#[test]
fn unreadable_roots_are_configuration_errors() {
    let err = ProfileClient::builder().root_certificates_pem(b"not a certificate").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Config);
}
