//! Bad input gives a typed error that says what and where, never a panic.

use alexa_model::{ErrorKind, RequestEnvelope};

fn decode_err(input: &[u8]) -> alexa_model::Error {
    RequestEnvelope::from_slice(input).expect_err("bad input must not decode")
}

#[test]
fn not_json() {
    let err = decode_err(b"hello");
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(err.to_string(), "invalid JSON: expected value (line 1, column 1)");
}

#[test]
fn empty_and_truncated_input() {
    assert_eq!(decode_err(b"").kind(), ErrorKind::Eof);
    let err = decode_err(br#"{"version":"1.0","request":{"type":"Launch"#);
    assert_eq!(err.kind(), ErrorKind::Eof);
    assert!(err.to_string().starts_with("truncated JSON: "), "{err}");
}

#[test]
fn trailing_garbage() {
    let err = decode_err(br#"{"version":"1.0","request":{"type":"LaunchRequest"}} x"#);
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(err.to_string(), "invalid JSON: trailing characters (line 1, column 54)");
}

#[test]
fn missing_request() {
    let err = decode_err(br#"{"version":"1.0","context":{"System":{}}}"#);
    assert_eq!(err.kind(), ErrorKind::Data);
    assert_eq!(err.to_string(), "invalid envelope: missing field `request` (line 1, column 41)");
}

#[test]
fn missing_request_type() {
    let err = decode_err(br#"{"version":"1.0","request":{"requestId":"r"}}"#);
    assert_eq!(err.kind(), ErrorKind::Data);
    assert_eq!(err.path(), Some("request"));
    assert_eq!(
        err.to_string(),
        "invalid envelope: missing field `type` at `request` (line 1, column 44)"
    );
}

#[test]
fn wrong_types_name_the_path() {
    let err = decode_err(
        br#"{"version":"1.0","session":{"new":"yes"},"request":{"type":"LaunchRequest"}}"#,
    );
    assert_eq!(err.kind(), ErrorKind::Data);
    assert_eq!(err.path(), Some("session.new"));
    assert_eq!(
        err.to_string(),
        "invalid envelope: invalid type: string, expected a boolean at `session.new` (line 1, column 39)"
    );

    let err = decode_err(
        br#"{"version":"1.0","context":{"System":{"user":{"userId":42}}},"request":{"type":"LaunchRequest"}}"#,
    );
    assert_eq!(err.path(), Some("context.System.user.userId"));

    let err = decode_err(
        br#"{"version":"1.0","request":{"type":"IntentRequest","intent":{"name":"X","slots":{"a":{"name":"a","value":7}}}}}"#,
    );
    assert_eq!(err.path(), Some("request.intent.slots.a.value"), "{err}");

    // `type` after the other members: the path is still found.
    let err = decode_err(
        br#"{"version":"1.0","request":{"intent":{"name":false},"type":"IntentRequest"}}"#,
    );
    assert_eq!(err.kind(), ErrorKind::Data);
    assert_eq!(err.path(), Some("request.intent.name"), "{err}");
}

#[test]
fn error_text_never_quotes_a_value() {
    let err = decode_err(
        br#"{"version":"1.0","session":{"new":"Atza|secret-in-the-wrong-place"},"request":{"type":"LaunchRequest"}}"#,
    );
    assert!(!err.to_string().contains("secret"), "{err}");
    assert!(!format!("{err:?}").contains("secret"), "{err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        assert!(!s.to_string().contains("secret"), "source: {s}");
        source = s.source();
    }
}

#[test]
fn request_that_is_not_an_object() {
    let err = decode_err(br#"{"version":"1.0","request":[1,2]}"#);
    assert_eq!(err.kind(), ErrorKind::Data);
    assert_eq!(err.path(), Some("request"));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let arrays = deep("[", "]", 5_000);
    let objects = deep(r#"{"a":"#, "}", 5_000);
    let cases = [
        arrays.clone(),
        format!(r#"{{"version":"1.0","request":{{"type":"LaunchRequest","x":{arrays}}}}}"#),
        format!(r#"{{"version":"1.0","request":{{"type":"LaunchRequest"}},"unknown":{arrays}}}"#),
        format!(
            r#"{{"version":"1.0","context":{{"System":{{}},"Viewport":{arrays}}},"request":{{"type":"LaunchRequest"}}}}"#
        ),
        format!(r#"{{"version":"1.0","request":{{"type":"Future.Request","x":{arrays}}}}}"#),
        format!(r#"{{"version":"1.0","request":{{"x":{arrays},"type":"LaunchRequest"}}}}"#),
        format!(
            r#"{{"version":"1.0","session":{{"attributes":{{"a":{arrays}}}}},"request":{{"type":"LaunchRequest"}}}}"#
        ),
        objects,
    ];
    for (i, case) in cases.iter().enumerate() {
        let err = RequestEnvelope::from_slice(case.as_bytes()).expect_err("too deep");
        assert!(matches!(err.kind(), ErrorKind::Syntax | ErrorKind::Data), "case {i}: {err}");
        assert_eq!(err.kind(), ErrorKind::Syntax, "case {i}: {err}");
        assert!(err.to_string().contains("recursion limit exceeded"), "case {i}: {err}");
    }
}

#[test]
fn invalid_utf8() {
    let err = decode_err(b"{\"version\":\"1.0\xff\",\"request\":{\"type\":\"LaunchRequest\"}}");
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert!(err.to_string().contains("invalid unicode"), "{err}");
}

#[test]
fn reader_errors_are_io_errors() {
    struct Broken;
    impl std::io::Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let err = RequestEnvelope::from_reader(Broken).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert_eq!(err.to_string(), "i/o error: cannot read the input");
    assert!(std::error::Error::source(&err).unwrap().to_string().contains("disk on fire"));
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap deterministic fuzz over mutations of a real envelope (the `xtask fuzz` target goes
    // further): every outcome is Ok or a typed error.
    let base = crate::fixture("intent_request_typical").into_bytes();
    let (mut decoded, mut rejected) = (0, 0);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3_000 {
        let mut input = base.clone();
        for _ in 0..(next() % 8 + 1) {
            let at = (next() as usize) % input.len();
            match next() % 3 {
                0 => input[at] = (next() % 256) as u8,
                1 => {
                    input.remove(at);
                }
                _ => input.insert(at, b"{}[]\",:0-e\\"[(next() % 11) as usize]),
            }
        }
        match RequestEnvelope::from_slice(&input) {
            Ok(env) => {
                decoded += 1;
                let again: RequestEnvelope = env.to_json().unwrap().parse().unwrap();
                assert_eq!(again, env);
            }
            Err(err) => {
                rejected += 1;
                assert!(!err.to_string().is_empty());
            }
        }
    }
    assert_eq!(decoded + rejected, 3_000);
    assert!(rejected > 0 && decoded > 0, "decoded {decoded}, rejected {rejected}");
}
