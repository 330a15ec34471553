//! The manifest policy check over the fixtures of `tests/data/manifests/` (skill.json as the ASK
//! CLI writes it), and its typed errors on malformed manifests.

use alexa_consent::{FindingCode, ManifestErrorKind, Severity, SkillManifest, check_manifest};
use expect_test::{Expect, expect};

fn findings(file: &str) -> Vec<alexa_consent::Finding> {
    check_manifest(&crate::data(&format!("manifests/{file}"))).unwrap()
}

fn check(file: &str, expected: &Expect) {
    let lines: Vec<String> = findings(file).iter().map(ToString::to_string).collect();
    expected.assert_eq(&lines.join("\n"));
}

#[test]
fn clean_manifests_give_no_finding() {
    for file in ["clean.json", "clean_person_level.json", "clean_child_directed_reminders.json"] {
        assert_eq!(findings(file), [], "{file}");
    }
}

#[test]
fn every_breach_is_reported_with_code_severity_message_and_path() {
    check(
        "everything_wrong.json",
        &expect![[r#"
            error[unknown-scope] manifest.permissions[1].name: `alexa::profileemailread` is not a permission Amazon knows (did you mean `alexa::profile:email:read`?)
            error[unknown-scope] manifest.permissions[2].name: `read::alexa:device:all:address` is not a permission Amazon knows (did you mean `alexa::devices:all:address:full:read`?)
            error[full-name-with-given-name] manifest.permissions[3].name: full name (`alexa::profile:name:read`) and given name (`alexa::profile:given_name:read`) are both declared; declare one or the other
            error[child-directed] manifest.permissions[0].name: the profile scope `alexa::profile:name:read` is declared, and the skill is child-directed (`manifest.privacyAndCompliance.isChildDirected`): a child-directed skill may not use customer contact information or personalization
            error[child-directed] manifest.permissions[3].name: the profile scope `alexa::profile:given_name:read` is declared, and the skill is child-directed (`manifest.privacyAndCompliance.isChildDirected`): a child-directed skill may not use customer contact information or personalization
            error[child-directed] manifest.permissions[4].name: the personalization scope `alexa::person_id:read` is declared, and the skill is child-directed (`manifest.privacyAndCompliance.isChildDirected`): a child-directed skill may not use customer contact information or personalization
            error[missing-privacy-policy] manifest.privacyAndCompliance.locales.de-DE.privacyPolicyUrl: the profile scope `alexa::profile:name:read` is declared, and the published locale `de-DE` has no privacy policy URL (an http or https URL)
            error[missing-privacy-policy] manifest.privacyAndCompliance.locales.fr-FR.privacyPolicyUrl: the profile scope `alexa::profile:name:read` is declared, and the published locale `fr-FR` has no privacy policy URL (an http or https URL)
            error[missing-privacy-policy] manifest.privacyAndCompliance.locales.ja-JP.privacyPolicyUrl: the profile scope `alexa::profile:name:read` is declared, and the published locale `ja-JP` has no privacy policy URL (an http or https URL)
            warning[permission-events-not-subscribed] manifest.events.subscriptions: the profile scope `alexa::profile:name:read` is declared, and `SKILL_PERMISSION_ACCEPTED` is not subscribed: the skill will not hear when the customer grants permissions outside a session
            warning[permission-events-not-subscribed] manifest.events.subscriptions: the profile scope `alexa::profile:name:read` is declared, and `SKILL_PERMISSION_CHANGED` is not subscribed: the skill will not hear when the customer grants more permissions or revokes one"#]],
    );
    let all = findings("everything_wrong.json");
    let codes: Vec<&str> = all.iter().map(|f| f.code().as_str()).collect();
    assert_eq!(
        codes,
        [
            "unknown-scope",
            "unknown-scope",
            "full-name-with-given-name",
            "child-directed",
            "child-directed",
            "child-directed",
            "missing-privacy-policy",
            "missing-privacy-policy",
            "missing-privacy-policy",
            "permission-events-not-subscribed",
            "permission-events-not-subscribed",
        ]
    );
    assert_eq!(all[0].severity(), Severity::Error);
    assert_eq!(all[10].severity(), Severity::Warning);
    assert_eq!(all[0].path(), "manifest.permissions[1].name");
    assert!(all[0].message().starts_with("`alexa::profileemailread` is not"));
}

#[test]
fn one_missing_permission_event_and_a_manifest_without_locales() {
    check(
        "one_event.json",
        &expect![[
            r#"warning[permission-events-not-subscribed] manifest.events.subscriptions: the profile scope `alexa::profile:mobile_number:read` is declared, and `SKILL_PERMISSION_CHANGED` is not subscribed: the skill will not hear when the customer grants more permissions or revokes one"#
        ]],
    );
    check(
        "no_locales.json",
        &expect![[
            r#"error[missing-privacy-policy] manifest.privacyAndCompliance.locales: the personalization scope `alexa::person_id:read` is declared, and no locale has a privacy policy URL"#
        ]],
    );
}

#[test]
fn the_manifest_is_read_typed() {
    let manifest =
        SkillManifest::from_json(&crate::data("manifests/clean_person_level.json")).unwrap();
    assert_eq!(
        manifest.permissions(),
        [
            "alexa::person_id:read",
            "alexa::profile:name:read",
            "alexa::devices:all:address:full:read",
            "alexa::alerts:reminders:skill:readwrite"
        ]
    );
    assert_eq!(
        manifest.scopes(),
        [
            alexa_consent::Scope::PersonId,
            alexa_consent::Scope::FullName,
            alexa_consent::Scope::DeviceAddress
        ]
    );
    assert!(!manifest.is_child_directed());
    assert_eq!(manifest.published_locales(), ["en-US"]);
    assert_eq!(manifest.subscriptions(), ["SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED"]);
    assert_eq!(FindingCode::ChildDirected.to_string(), "child-directed");
    assert_eq!(Severity::Warning.to_string(), "warning");
}

#[test]
fn malformed_manifests_are_typed_errors() {
    let cases: [(&str, ManifestErrorKind, Option<&str>, &str); 10] = [
        (
            "not json",
            ManifestErrorKind::Syntax,
            None,
            "skill manifest is not valid JSON (line 1, column 2)",
        ),
        (
            "",
            ManifestErrorKind::Syntax,
            None,
            "skill manifest is not valid JSON (line 1, column 0)",
        ),
        (
            "[1, 2]",
            ManifestErrorKind::NoManifest,
            Some("manifest"),
            "skill manifest has no `manifest` object at the top level",
        ),
        (
            r#"{"manifest": "x"}"#,
            ManifestErrorKind::NoManifest,
            Some("manifest"),
            "skill manifest has no `manifest` object at the top level",
        ),
        (
            r#"{"manifest": {"permissions": {"name": "alexa::profile:email:read"}}}"#,
            ManifestErrorKind::WrongType,
            Some("manifest.permissions"),
            "skill manifest member `manifest.permissions` has the wrong type",
        ),
        (
            r#"{"manifest": {"permissions": [{"name": 7}]}}"#,
            ManifestErrorKind::WrongType,
            Some("manifest.permissions[0].name"),
            "skill manifest member `manifest.permissions[0].name` has the wrong type",
        ),
        (
            r#"{"manifest": {"permissions": ["alexa::profile:email:read"]}}"#,
            ManifestErrorKind::WrongType,
            Some("manifest.permissions[0]"),
            "skill manifest member `manifest.permissions[0]` has the wrong type",
        ),
        (
            r#"{"manifest": {"privacyAndCompliance": {"isChildDirected": "false"}}}"#,
            ManifestErrorKind::WrongType,
            Some("manifest.privacyAndCompliance.isChildDirected"),
            "skill manifest member `manifest.privacyAndCompliance.isChildDirected` has the wrong type",
        ),
        (
            r#"{"manifest": {"privacyAndCompliance": {"locales": {"en-US": {"privacyPolicyUrl": true}}}}}"#,
            ManifestErrorKind::WrongType,
            Some("manifest.privacyAndCompliance.locales.en-US.privacyPolicyUrl"),
            "skill manifest member `manifest.privacyAndCompliance.locales.en-US.privacyPolicyUrl` has the wrong type",
        ),
        (
            r#"{"manifest": {"events": {"subscriptions": [{"eventName": ["SKILL_ENABLED"]}]}}}"#,
            ManifestErrorKind::WrongType,
            Some("manifest.events.subscriptions[0].eventName"),
            "skill manifest member `manifest.events.subscriptions[0].eventName` has the wrong type",
        ),
    ];
    for (text, kind, path, message) in cases {
        let err = check_manifest(text).unwrap_err();
        assert_eq!(
            (err.kind(), err.path(), err.to_string().as_str()),
            (kind, path, message),
            "{text}"
        );
    }
    let err = check_manifest("{\n  \"manifest\": {,}\n}").unwrap_err();
    assert_eq!((err.line(), err.column()), (2, 16));
    // Absent sections and nulls are simply empty.
    assert_eq!(
        check_manifest(r#"{"manifest": {"permissions": null, "events": null}}"#).unwrap(),
        []
    );
}

#[test]
fn mutated_manifests_never_panic() {
    // A cheap deterministic fuzz over ASCII mutations of a real manifest: every outcome is a list
    // of findings or a typed error.
    let base = crate::data("manifests/everything_wrong.json").into_bytes();
    let (mut checked, mut rejected) = (0, 0);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2_000 {
        let mut input = base.clone();
        for _ in 0..(next() % 6 + 1) {
            let at = usize::try_from(next() % input.len() as u64).unwrap();
            let byte = b"{}[]\",:0tfn-x "[usize::try_from(next() % 14).unwrap()];
            match next() % 3 {
                0 => input[at] = byte,
                1 => {
                    input.remove(at);
                }
                _ => input.insert(at, byte),
            }
        }
        match check_manifest(std::str::from_utf8(&input).unwrap()) {
            Ok(findings) => {
                assert!(findings.iter().all(|f| f.path().starts_with("manifest.")));
                checked += 1;
            }
            Err(err) => {
                assert!(!err.to_string().is_empty());
                rejected += 1;
            }
        }
    }
    assert!(checked > 100 && rejected > 100, "{checked} checked, {rejected} rejected");
}
