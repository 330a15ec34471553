//! The `SignatureCertChainUrl` table (REFERENCE section 5 and Amazon's own list).

use alexa_skill_hosting::{CertChainUrl, CertUrlRefusal, VerifyErrorKind};

#[test]
fn valid_urls_normalize() {
    let table = [
        (
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        (
            "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        (
            "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        // Scheme and host are case-insensitive.
        (
            "HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        (
            "https://s3.amazonaws.com/echo.api/./x/../echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        (
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem?versionId=3",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem?versionId=3",
        ),
    ];
    for (input, normalized) in table {
        let url = CertChainUrl::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(url.as_str(), normalized, "{input}");
        assert_eq!(url.to_string(), normalized);
        assert_eq!(input.parse::<CertChainUrl>().unwrap(), url);
    }
}

#[test]
fn invalid_urls_are_refused_with_the_reason() {
    use CertUrlRefusal::{Host, Malformed, NotHttps, Path, Port};
    let table = [
        ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", NotHttps),
        ("https://notamazon.com/echo.api/echo-api-cert.pem", Host),
        ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", Path),
        ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", Port),
        ("https://s3.amazonaws.com/echo.api/../evil/echo-api-cert.pem", Path),
        // More ways in.
        ("ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem", NotHttps),
        ("https://s3.amazonaws.com.evil.com/echo.api/cert.pem", Host),
        ("https://evil.com/s3.amazonaws.com/echo.api/cert.pem", Host),
        ("https://s3.amazonaws.com@evil.com/echo.api/cert.pem", Malformed),
        ("https://user@s3.amazonaws.com/echo.api/cert.pem", Malformed),
        ("https://s3.amazonaws.com:/echo.api/cert.pem", Port),
        ("https://s3.amazonaws.com:443x/echo.api/cert.pem", Port),
        ("https://s3.amazonaws.com:65979/echo.api/cert.pem", Port),
        ("https://s3.amazonaws.com/echo.api", Path),
        ("https://s3.amazonaws.com/", Path),
        ("https://s3.amazonaws.com", Path),
        ("https://s3.amazonaws.com/x/echo.api/cert.pem", Path),
        ("https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem", Path),
        ("https://s3.amazonaws.com/echo.api/..%2Fevil/cert.pem", Path),
        ("https://s3.amazonaws.com/echo.api/..\\evil/cert.pem", Path),
        ("https://s3.amazonaws.com/echo.api/cert.pem#x", Malformed),
        ("https://s3.amazonaws.com/echo.api/cert .pem", Malformed),
        ("https://s3.amazonaws.com/echo.api/c\u{e9}rt.pem", Malformed),
        ("s3.amazonaws.com/echo.api/cert.pem", Malformed),
        ("", Malformed),
    ];
    for (input, reason) in table {
        let error = CertChainUrl::parse(input).unwrap_err();
        assert_eq!(error.cert_url_refusal(), Some(reason), "{input}");
        assert_eq!(error.kind(), &VerifyErrorKind::CertUrlRefused { reason });
    }
}

#[test]
fn the_refusal_message_does_not_quote_the_url() {
    let error = CertChainUrl::parse("https://evil.example/echo.api/x.pem").unwrap_err();
    assert_eq!(error.to_string(), "certificate chain url refused: host is not s3.amazonaws.com");
}
