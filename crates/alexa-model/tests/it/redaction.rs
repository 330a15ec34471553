//! `Debug` output never shows a token.

use alexa_model::{ApiAccessToken, ApiContext, RequestEnvelope};

/// Every token value in a fixture: apiAccessToken, accessToken (user, person, event body) and
/// consentToken.
fn tokens_of(json: &str) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    if matches!(k.as_str(), "apiAccessToken" | "accessToken" | "consentToken") {
                        out.push(v.as_str().unwrap().to_owned());
                    }
                    walk(v, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::from_str(json).unwrap(), &mut out);
    out
}

#[test]
fn debug_of_every_fixture_hides_every_token() {
    let mut checked = 0;
    for (name, json) in crate::request_fixtures() {
        let tokens = tokens_of(&json);
        let env: RequestEnvelope = json.parse().unwrap();
        for output in [format!("{env:?}"), format!("{env:#?}")] {
            assert!(output.contains("<redacted>") || tokens.is_empty(), "{name}");
            for token in &tokens {
                // Tokens are long and distinctive; none may appear, nor a long prefix of one.
                let probe: String = token.chars().take(16).collect();
                assert!(!output.contains(&probe), "{name}: Debug shows a token: {probe}");
            }
        }
        checked += tokens.len();
    }
    assert!(checked >= 30, "only {checked} tokens checked");
}

#[test]
fn redacted_debug_is_pinned() {
    let api = ApiContext::new("https://api.amazonalexa.com", ApiAccessToken::new("eyJsecret"));
    assert_eq!(
        format!("{api:?}"),
        r#"ApiContext { endpoint: "https://api.amazonalexa.com", token: ApiAccessToken(<redacted>) }"#
    );
    let env: RequestEnvelope =
        crate::fixture("seed003_person_with_account_linking").parse().unwrap();
    let person = format!("{:?}", env.person().unwrap());
    assert_eq!(
        person,
        r#"Person { person_id: "amzn1.ask.person.AFPEXAMPLE7JBN2LJQW5UZ4QJOBWBZS6BUJ4UYN4V5N7GWQCEXAMPLE", access_token: Some(AccessToken(<redacted>)) }"#
    );
}

#[test]
fn public_types_are_send_sync() {
    fn assert_impls<T: Send + Sync + 'static>() {}
    assert_impls::<RequestEnvelope>();
    assert_impls::<alexa_model::ResponseEnvelope>();
    assert_impls::<alexa_model::Error>();
    assert_impls::<ApiContext>();
}
