//! Every error type: `Send + Sync + 'static`, and its lowercase `Display`.

use alexa_consent::{AnswerError, ConsentError, ManifestError, Scope, UnknownField, UnknownScope};

#[test]
fn errors_are_send_sync_static() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<ConsentError>();
    assert_error::<AnswerError>();
    assert_error::<ManifestError>();
    assert_error::<UnknownScope>();
    assert_error::<UnknownField>();
}

#[test]
fn consent_errors_read_well() {
    let cases = [
        (ConsentError::Empty, "a consent request needs at least one scope"),
        (
            ConsentError::Duplicate { scope: Scope::Email },
            "scope `alexa::profile:email:read` is requested twice",
        ),
        (
            ConsentError::FullNameWithGivenName,
            "full name and given name cannot be requested together",
        ),
        (
            ConsentError::NotDeclared { scope: Scope::MobileNumber },
            "scope `alexa::profile:mobile_number:read` is not declared in the skill manifest",
        ),
        (
            ConsentError::NoPersonLevel { scope: Scope::Email },
            "scope `alexa::profile:email:read` cannot be granted at person level",
        ),
    ];
    for (error, text) in cases {
        assert_eq!(error.to_string(), text);
    }
}
