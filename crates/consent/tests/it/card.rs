//! The consent card: Amazon's rules, and JSON identical to the official Node.js SDK's.
//!
//! The expected JSON in `tests/data/ask-sdk/` was printed by ask-sdk-core 2.14.0 (with
//! ask-sdk-model 1.86.0) running `tests/data/ask-sdk/generate.js`: a real `CustomSkill` answering a
//! `LaunchRequest` with `withAskForPermissionsConsentCard`, its `userAgent` removed. Nothing from
//! npm is needed to run these tests.

use alexa_consent::{ConsentCard, ConsentError, ProfileField, Scope};
use alexa_model::{Card, ResponseEnvelope};

fn envelope_with(card: &ConsentCard) -> String {
    ResponseEnvelope::builder().card(card.to_card()).build().to_json().unwrap()
}

#[test]
fn seed_001_card_is_byte_for_byte_the_official_sdk_json() {
    let card = ConsentCard::new([Scope::FullName, Scope::MobileNumber]).unwrap();
    assert_eq!(envelope_with(&card), crate::data("ask-sdk/card_name_mobile.json").trim_end());
    // And the seed's own example, as JSON values.
    let seed = serde_json::json!({"version": "1.0", "response": {"card": {
        "type": "AskForPermissionsConsent",
        "permissions": ["alexa::profile:name:read", "alexa::profile:mobile_number:read"]
    }}});
    assert_eq!(serde_json::from_str::<serde_json::Value>(&envelope_with(&card)).unwrap(), seed);
}

#[test]
fn four_scopes_in_order_are_the_official_sdk_json() {
    let card = ConsentCard::builder()
        .field(ProfileField::GivenName)
        .field(ProfileField::Email)
        .scope(Scope::MobileNumber)
        .scope(Scope::DeviceAddress)
        .build()
        .unwrap();
    assert_eq!(
        envelope_with(&card),
        crate::data("ask-sdk/card_given_name_email_mobile_address.json").trim_end()
    );
    assert_eq!(card.scopes().len(), 4);
    assert_eq!(Card::from(card.clone()), card.to_card());
}

#[test]
fn the_rules_are_typed_errors() {
    assert_eq!(ConsentCard::new([]), Err(ConsentError::Empty));
    assert_eq!(
        ConsentCard::new([Scope::Email, Scope::MobileNumber, Scope::Email]),
        Err(ConsentError::Duplicate { scope: Scope::Email })
    );
    assert_eq!(
        ConsentCard::new([Scope::GivenName, Scope::Email, Scope::FullName]),
        Err(ConsentError::FullNameWithGivenName)
    );
    assert_eq!(
        ConsentCard::builder()
            .scope(Scope::Email)
            .scope(Scope::MobileNumber)
            .declared([Scope::Email, Scope::GivenName])
            .build(),
        Err(ConsentError::NotDeclared { scope: Scope::MobileNumber })
    );
    // Declared scopes pass; a scope Amazon adds later goes on the card as it is.
    let card = ConsentCard::builder()
        .scope(Scope::Email)
        .scope(Scope::Other("alexa::household:lists:read".into()))
        .declared([Scope::Email, Scope::Other("alexa::household:lists:read".into())])
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&card.to_card()).unwrap(),
        r#"{"type":"AskForPermissionsConsent","permissions":["alexa::profile:email:read","alexa::household:lists:read"]}"#
    );
}
