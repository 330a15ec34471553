//! Error types: thread-safe, lowercase, no trailing period.

use std::time::Duration;

use alexa_skill_hosting::{CertUrlRefusal, VerifyError, VerifyErrorKind};

#[test]
fn errors_are_send_sync_static() {
    fn assert_impls<T: std::error::Error + Send + Sync + 'static>() {}
    assert_impls::<VerifyError>();
    #[cfg(feature = "lambda")]
    assert_impls::<alexa_skill_hosting::LambdaError>();
    // Usable in a boxed error chain.
    let boxed: Box<dyn std::error::Error + Send + Sync> =
        Box::new(alexa_skill_hosting::CertChainUrl::parse("http://x").unwrap_err());
    assert_eq!(boxed.to_string(), "certificate chain url refused: not https");
}

#[test]
fn every_kind_displays_in_lowercase_without_a_period() {
    let kinds = [
        VerifyErrorKind::MissingHeader { name: "Signature-256" },
        VerifyErrorKind::InvalidHeader { name: "SignatureCertChainUrl" },
        VerifyErrorKind::CertUrlRefused { reason: CertUrlRefusal::Path },
        VerifyErrorKind::CertFetch,
        VerifyErrorKind::CertFetchTimeout { timeout: Duration::from_secs(2) },
        VerifyErrorKind::CertFetchStatus { status: 403 },
        VerifyErrorKind::CertTooLarge { limit: 65536 },
        VerifyErrorKind::CertChainMalformed,
        VerifyErrorKind::CertUntrusted,
        VerifyErrorKind::CertExpired,
        VerifyErrorKind::CertNotYetValid,
        VerifyErrorKind::CertNameMismatch,
        VerifyErrorKind::CertInvalid,
        VerifyErrorKind::SignatureMismatch,
        VerifyErrorKind::InvalidBody,
        VerifyErrorKind::MissingTimestamp,
        VerifyErrorKind::InvalidTimestamp,
        VerifyErrorKind::TimestampOutOfRange { tolerance: Duration::from_secs(150) },
        VerifyErrorKind::Config,
    ];
    for kind in kinds {
        let text = kind.to_string();
        let first = text.chars().next().unwrap();
        assert!(first.is_lowercase(), "{text}");
        assert!(!text.ends_with('.'), "{text}");
    }
    assert_eq!(
        VerifyErrorKind::TimestampOutOfRange { tolerance: Duration::from_secs(150) }.to_string(),
        "the request timestamp is more than 150s from now"
    );
}
