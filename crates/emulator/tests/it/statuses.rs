//! Every status the emulator answers on its own, with its exact body and headers.

use alexa_profile_emulator::{
    BodyForm, BodyOnGet, Emulator, EmulatorBuilder, Endpoint, ErrorCodes, Fixture, Grant,
    MobileNumber, Profile, ProfileField, Scope,
};
use http::Method;

use crate::support::{get, request, send};

const NAME: &str = "/v2/accounts/~current/settings/Profile.name";
const GIVEN_NAME: &str = "/v2/accounts/~current/settings/Profile.givenName";
const EMAIL: &str = "/v2/accounts/~current/settings/Profile.email";
const MOBILE: &str = "/v2/accounts/~current/settings/Profile.mobileNumber";
const PERSON_NAME: &str = "/v2/persons/~current/profile/name";
const PERSON_GIVEN_NAME: &str = "/v2/persons/~current/profile/givenName";
const PERSON_MOBILE: &str = "/v2/persons/~current/profile/mobileNumber";

const NOT_REQUESTED: (&str, &str) =
    ("ACCESS_NOT_REQUESTED", "Access to this resource has not yet been requested.");
const CANNOT_BE_REQUESTED: (&str, &str) =
    ("FORBIDDEN", "Access to this resource cannot be requested.");

fn alice() -> Profile {
    Profile::new()
        .with_name("Alice Example")
        .with_given_name("Alice")
        .with_email("alice@example.com")
        .with_mobile_number(MobileNumber::new("+1", "415-555-2671"))
}

fn all_scopes() -> [Scope; 4] {
    [Scope::FullName, Scope::GivenName, Scope::Email, Scope::MobileNumber]
}

fn builder() -> EmulatorBuilder {
    let issue =
        Fixture::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/issue.json")).unwrap();
    Emulator::builder()
        .with_fixture(issue)
        .with_profile("alice", alice())
        .with_token("tok-all", Grant::new("alice").with_scopes(all_scopes()))
        .with_token(
            "tok-person-all",
            Grant::new("alice").with_person("alice").with_person_scopes(all_scopes()),
        )
}

fn owned((code, message): (&str, &str)) -> (String, String) {
    (code.to_owned(), message.to_owned())
}

#[test]
fn the_endpoint_table_comes_from_the_scope_table() {
    let paths: Vec<&str> = Endpoint::all().iter().map(|e| e.path()).collect();
    assert_eq!(
        paths,
        [NAME, GIVEN_NAME, EMAIL, MOBILE, PERSON_NAME, PERSON_GIVEN_NAME, PERSON_MOBILE]
    );
    assert_eq!(Endpoint::person(ProfileField::Email), None);
    assert_eq!(Endpoint::from_path(EMAIL).map(Endpoint::scope), Some(Scope::Email));
    assert_eq!(Endpoint::from_path("/v2/accounts/~current/settings/profile.email"), None);
}

#[tokio::test]
async fn granted_values_are_bare_json_by_default() {
    let emulator = builder().start_local().await.unwrap();
    for (path, body) in [
        (NAME, r#""Alice Example""#),
        (GIVEN_NAME, r#""Alice""#),
        (EMAIL, r#""alice@example.com""#),
        (MOBILE, r#"{"countryCode":"+1","phoneNumber":"415-555-2671"}"#),
    ] {
        let reply = get(&emulator, path, Some("tok-all")).await;
        assert_eq!((reply.status, reply.text()), (200, body), "{path}");
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn the_object_form_follows_seed_004() {
    let emulator = builder().with_body_form(BodyForm::Object).start_local().await.unwrap();
    for (path, body) in [
        (NAME, r#"{"name":"Alice Example"}"#),
        (GIVEN_NAME, r#"{"name":"Alice"}"#),
        (EMAIL, r#"{"email":"alice@example.com"}"#),
        (MOBILE, r#"{"countryCode":"+1","phoneNumber":"415-555-2671"}"#),
    ] {
        let reply = get(&emulator, path, Some("tok-all")).await;
        assert_eq!((reply.status, reply.text()), (200, body), "{path}");
    }
}

#[tokio::test]
async fn person_endpoints_serve_the_recognized_speaker() {
    let emulator = builder().start_local().await.unwrap();
    for (path, body) in [
        (PERSON_NAME, r#""Alice Example""#),
        (PERSON_GIVEN_NAME, r#""Alice""#),
        (PERSON_MOBILE, r#"{"countryCode":"+1","phoneNumber":"415-555-2671"}"#),
    ] {
        let reply = get(&emulator, path, Some("tok-person-all")).await;
        assert_eq!((reply.status, reply.text()), (200, body), "{path}");
    }
    // Bob speaks on Alice's account: the account endpoint is Alice's, the person one Bob's.
    let reply = get(&emulator, EMAIL, Some("tok-bob-speaking")).await;
    assert_eq!((reply.status, reply.text()), (200, r#""alice@example.com""#));
    let reply = get(&emulator, PERSON_GIVEN_NAME, Some("tok-bob-speaking")).await;
    assert_eq!((reply.status, reply.text()), (200, r#""Bob""#));
}

#[tokio::test]
async fn an_unset_value_is_204_with_an_empty_body() {
    let emulator = builder()
        .with_profile("empty", Profile::new())
        .with_token("tok-empty", Grant::new("empty").with_scopes(all_scopes()))
        .start_local()
        .await
        .unwrap();
    for path in [NAME, GIVEN_NAME, EMAIL, MOBILE] {
        let reply = get(&emulator, path, Some("tok-empty")).await;
        assert_eq!((reply.status, reply.text()), (204, ""), "{path}");
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn tokens_missing_unknown_malformed_or_expired_are_401() {
    let emulator = builder().start_local().await.unwrap();
    let missing = get(&emulator, EMAIL, None).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.error(), owned(("INVALID_TOKEN", "The authentication token is missing.")));
    let unknown = get(&emulator, EMAIL, Some("no-such-token")).await;
    assert_eq!(unknown.status, 401);
    assert_eq!(
        unknown.error(),
        owned(("INVALID_TOKEN", "The authentication token is malformed or invalid."))
    );
    let expired = get(&emulator, EMAIL, Some("tok-old")).await;
    assert_eq!(expired.status, 401);
    assert_eq!(expired.error(), owned(("INVALID_TOKEN", "The authentication token has expired.")));
    let mut basic = request(Method::GET, EMAIL, None, "");
    basic.headers_mut().insert("authorization", "Basic dG9rLWFsaWNl".parse().unwrap());
    assert_eq!(send(&emulator, basic).await.status, 401);
    // The scheme is case-insensitive, the token is not.
    let mut lower = request(Method::GET, EMAIL, None, "");
    lower.headers_mut().insert("authorization", "bearer tok-alice".parse().unwrap());
    assert_eq!(send(&emulator, lower).await.status, 200);
    assert_eq!(get(&emulator, EMAIL, Some("TOK-ALICE")).await.status, 401);
}

#[tokio::test]
async fn a_scope_not_granted_is_the_not_yet_requested_403() {
    let emulator = builder().start_local().await.unwrap();
    for path in [NAME, GIVEN_NAME, MOBILE] {
        let reply = get(&emulator, path, Some("tok-alice")).await;
        assert_eq!(reply.status, 403, "{path}");
        assert_eq!(reply.error(), owned(NOT_REQUESTED));
    }
}

#[tokio::test]
async fn a_scope_not_declared_is_the_cannot_be_requested_403() {
    let emulator = builder()
        .with_token(
            "tok-declared-email",
            Grant::new("alice").with_scopes([Scope::Email]).with_declared_scopes([Scope::Email]),
        )
        .start_local()
        .await
        .unwrap();
    let reply = get(&emulator, MOBILE, Some("tok-declared-email")).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error(), owned(CANNOT_BE_REQUESTED));
    assert_eq!(get(&emulator, EMAIL, Some("tok-declared-email")).await.status, 200);
    // No declared list: every scope counts as declared, so the answer is "not yet requested".
    assert_eq!(get(&emulator, MOBILE, Some("tok-alice")).await.error(), owned(NOT_REQUESTED));
}

#[tokio::test]
async fn person_and_account_scopes_are_checked_separately() {
    let emulator = builder().start_local().await.unwrap();
    // tok-bob-speaking: email at account level, given name at person level only.
    let reply = get(&emulator, GIVEN_NAME, Some("tok-bob-speaking")).await;
    assert_eq!((reply.status, reply.error()), (403, owned(NOT_REQUESTED)));
    let reply = get(&emulator, PERSON_NAME, Some("tok-bob-speaking")).await;
    assert_eq!((reply.status, reply.error()), (403, owned(NOT_REQUESTED)));
    // The account grant says nothing about the person endpoints.
    let reply = get(&emulator, PERSON_MOBILE, Some("tok-person-all")).await;
    assert_eq!(reply.status, 200);
    let reply = get(&emulator, MOBILE, Some("tok-person-all")).await;
    assert_eq!((reply.status, reply.error()), (403, owned(NOT_REQUESTED)));
}

#[tokio::test]
async fn a_person_endpoint_without_a_recognized_speaker_is_403() {
    let emulator = builder().start_local().await.unwrap();
    let reply = get(&emulator, PERSON_GIVEN_NAME, Some("tok-all")).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error(), owned(("ACCESS_DENIED", "The request has no recognized speaker.")));
}

#[tokio::test]
async fn unknown_and_miscased_paths_are_404() {
    let emulator = builder().start_local().await.unwrap();
    for path in [
        "/",
        "/v2/accounts/~current/settings/Profile.address",
        "/v2/accounts/~current/settings/profile.email",
        "/V2/accounts/~current/settings/Profile.email",
        "/v2/accounts/~current/settings/Profile.email/",
        "/v2/persons/~current/profile/email",
    ] {
        let reply = get(&emulator, path, Some("tok-all")).await;
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.error(), owned(("INVALID_URI", "The requested resource was not found.")));
    }
    // The query string is not part of the path.
    assert_eq!(get(&emulator, &format!("{EMAIL}?x=1"), Some("tok-all")).await.status, 200);
}

#[tokio::test]
async fn methods_other_than_get_are_405() {
    let emulator = builder().start_local().await.unwrap();
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH, Method::OPTIONS] {
        let reply = send(&emulator, request(method.clone(), EMAIL, Some("tok-all"), "")).await;
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET"));
        assert_eq!(reply.error().0, "METHOD_NOT_ALLOWED");
    }
    let head = send(&emulator, request(Method::HEAD, EMAIL, Some("tok-all"), "")).await;
    assert_eq!((head.status, head.text()), (405, ""));
}

#[tokio::test]
async fn a_get_with_a_body_is_refused_like_cloudfront_or_ignored_by_option() {
    let emulator = builder().start_local().await.unwrap();
    let reply = send(&emulator, request(Method::GET, EMAIL, Some("tok-all"), "null")).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert!(reply.text().contains("The request could not be satisfied."));
    // An empty body is no body.
    let mut empty = request(Method::GET, EMAIL, Some("tok-all"), "");
    empty.headers_mut().insert("content-length", "0".parse().unwrap());
    assert_eq!(send(&emulator, empty).await.status, 200);

    let lenient = builder().with_body_on_get(BodyOnGet::Ignore).start_local().await.unwrap();
    let reply = send(&lenient, request(Method::GET, EMAIL, Some("tok-all"), "null")).await;
    assert_eq!((reply.status, reply.text()), (200, r#""alice@example.com""#));
}

#[tokio::test]
async fn request_ids_differ_from_request_to_request() {
    let emulator = builder().start_local().await.unwrap();
    let a = get(&emulator, EMAIL, Some("tok-all")).await;
    let b = get(&emulator, EMAIL, Some("tok-all")).await;
    assert_ne!(a.header("x-amzn-requestid"), b.header("x-amzn-requestid"));
}

#[tokio::test]
async fn sdk_model_codes_keep_the_messages_and_use_only_the_six_codes() {
    let emulator = builder().with_error_codes(ErrorCodes::SdkModel).start_local().await.unwrap();
    let reply = get(&emulator, NAME, Some("tok-alice")).await;
    assert_eq!((reply.status, reply.error()), (403, owned(("UNKNOWN_ERROR", NOT_REQUESTED.1))));
    let reply = get(&emulator, PERSON_NAME, Some("tok-alice")).await;
    assert_eq!(reply.error().0, "UNKNOWN_ERROR");
    // Codes of the model stay.
    assert_eq!(get(&emulator, EMAIL, Some("nope")).await.error().0, "INVALID_TOKEN");
    assert_eq!(get(&emulator, "/nope", None).await.error().0, "INVALID_URI");
}
