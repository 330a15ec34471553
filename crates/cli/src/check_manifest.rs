//! `alexa-profile check-manifest`: `alexa-consent`'s policy check of a `skill.json`.

use std::io::Write;

use serde::Serialize;

use crate::args::CheckManifestArgs;
use crate::exit::{Exit, Failure, Outcome};

#[derive(Serialize)]
struct Report<'a> {
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'static str,
    severity: &'static str,
    path: &'a str,
    message: &'a str,
}

pub(crate) fn run(args: &CheckManifestArgs) -> Outcome {
    let text = crate::envelope::read_input(&args.file, "skill manifest")?;
    let name = crate::envelope::input_name(&args.file);
    let text = String::from_utf8(text)
        .map_err(|_| Failure::failed(format_args!("{name}: the skill manifest is not UTF-8")))?;
    let findings = alexa_consent::check_manifest(&text)
        .map_err(|e| Failure::failed(format_args!("{name}: {e}")))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let report = Report {
            findings: findings
                .iter()
                .map(|f| FindingJson {
                    code: f.code().as_str(),
                    severity: f.severity().as_str(),
                    path: f.path(),
                    message: f.message(),
                })
                .collect(),
        };
        let line = serde_json::to_string(&report).map_err(Failure::failed)?;
        writeln!(out, "{line}")?;
    } else if findings.is_empty() {
        writeln!(out, "{name}: no findings")?;
    } else {
        for finding in &findings {
            writeln!(out, "{finding}")?;
        }
        let n = findings.len();
        writeln!(out, "{name}: {n} finding{}", if n == 1 { "" } else { "s" })?;
    }
    Ok(if findings.is_empty() { Exit::Success } else { Exit::Failure })
}
