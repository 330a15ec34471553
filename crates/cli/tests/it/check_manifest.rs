//! `alexa-profile check-manifest`: `alexa-consent`'s policy check, exit 1 on findings.

use crate::support::{path_str, root, run, run_with_stdin, temp_file};

#[test]
fn every_test_manifest() {
    let dir = root().join("crates/consent/tests/data/manifests");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let findings =
            alexa_consent::check_manifest(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let r = run(&["check-manifest", path_str(&path)]);
        assert_eq!(r.stderr, "");
        if findings.is_empty() {
            assert_eq!(r.code, 0, "{r:#?}");
            assert_eq!(r.stdout, format!("{}: no findings\n", path.display()));
        } else {
            assert_eq!(r.code, 1, "{r:#?}");
            for finding in &findings {
                assert!(r.stdout.contains(&format!("{finding}\n")), "{r:#?}");
            }
        }
        let r = run(&["check-manifest", path_str(&path), "--json"]);
        assert_eq!(r.code, i32::from(!findings.is_empty()), "{r:#?}");
        let json = r.json();
        let listed = json["findings"].as_array().unwrap();
        assert_eq!(listed.len(), findings.len());
        for (listed, finding) in listed.iter().zip(&findings) {
            assert_eq!(
                listed,
                &serde_json::json!({
                    "code": finding.code().as_str(),
                    "severity": finding.severity().as_str(),
                    "path": finding.path(),
                    "message": finding.message(),
                })
            );
        }
        checked += 1;
    }
    assert!(checked >= 5);
}

#[test]
fn a_typo_names_the_scope_it_meant() {
    let manifest = br#"{"manifest": {"permissions": [{"name": "alexa::profileemailread"}]}}"#;
    let r = run_with_stdin(&["check-manifest", "-"], manifest);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(
            "error[unknown-scope] manifest.permissions[0].name: `alexa::profileemailread` is not a \
             permission Amazon knows (did you mean `alexa::profile:email:read`?)\n"
        ),
        "{r:#?}"
    );
    assert!(r.stdout.ends_with("standard input: 1 finding\n"), "{r:#?}");
}

#[test]
fn bad_input() {
    run(&["check-manifest", "/no/such/skill.json"])
        .fails(1, "/no/such/skill.json: cannot read the skill manifest");
    let not_json = temp_file("skill-not-json.json", b"{\"manifest\": ");
    run(&["check-manifest", path_str(&not_json)]).fails(1, "skill-not-json.json: ");
    let wrong = temp_file("skill-wrong.json", b"{\"manifest\": {\"permissions\": \"all\"}}");
    run(&["check-manifest", path_str(&wrong), "--json"]).fails(1, "manifest.permissions");
    let binary = temp_file("skill-binary.json", &[0xff, 0xfe]);
    run(&["check-manifest", path_str(&binary)]).fails(1, "not UTF-8");
}
