//! `alexa-profile fetch`: read a request envelope and call the profile API as a skill would, under
//! the endpoint policy, fetching the fields concurrently; report each field and the response the
//! skill should answer with.

use std::io::Write;

use alexa_consent::{AskWith, ConsentDecision, FieldOutcome, Language, ProfileField};
use alexa_model::ResponseEnvelope;
use alexa_profile_api::{
    Contact, ContactRequest, ErrorKind, FieldStatus, ProfileApi, ProfileClient,
};
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::args::FetchArgs;
use crate::exit::{Exit, Failure, Outcome};

/// One field of the `--json` report.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct FieldReport {
    /// `ok`, `missing`, `permission-required`, `permission-not-declared` or `error`.
    pub(crate) status: &'static str,
    /// The value (`ok`): a string, or `{"countryCode", "phoneNumber"}` for the mobile number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<serde_json::Value>,
    /// The mobile number in E.164 (`ok`, mobile only), with `;ext=N` when it has an extension;
    /// null when `alexa-phone` cannot normalize it, and then `e164Error` says why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) e164: Option<Option<String>>,
    /// Why the mobile number has no E.164 form: `alexa-phone`'s error kind, such as
    /// `invalid_character`.
    #[serde(rename = "e164Error", skip_serializing_if = "Option::is_none")]
    pub(crate) e164_error: Option<String>,
    /// The scope to ask for (`permission-required`) or to declare (`permission-not-declared`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) scope: Option<String>,
    /// The error kind (`error`), such as `throttled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<&'static str>,
    /// The error message (`error`); never a token or a profile value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<String>,
}

impl FieldReport {
    fn status(status: &'static str) -> Self {
        FieldReport {
            status,
            value: None,
            e164: None,
            e164_error: None,
            scope: None,
            error: None,
            message: None,
        }
    }
}

/// The `--json` report: the fields in table order, and the response (or null).
pub(crate) struct Report {
    pub(crate) fields: Vec<(ProfileField, FieldReport)>,
    pub(crate) response: Option<ResponseEnvelope>,
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Fields<'a>(&'a [(ProfileField, FieldReport)]);
        impl Serialize for Fields<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (field, report) in self.0 {
                    map.serialize_entry(field.as_str(), report)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("fields", &Fields(&self.fields))?;
        map.serialize_entry("response", &self.response)?;
        map.end()
    }
}

/// The stable name of an error kind in the report.
pub(crate) fn error_kind(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::PermissionRequired { .. } => "permission-required",
        ErrorKind::PermissionNotDeclared { .. } => "permission-not-declared",
        ErrorKind::Unauthorized => "unauthorized",
        ErrorKind::Throttled { .. } => "throttled",
        ErrorKind::ServerError { .. } => "server-error",
        ErrorKind::UnexpectedStatus { .. } => "unexpected-status",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Connect => "connect",
        ErrorKind::InvalidResponse => "invalid-response",
        ErrorKind::BodyTooLarge { .. } => "body-too-large",
        ErrorKind::EndpointRefused { .. } => "endpoint-refused",
        ErrorKind::Unsupported => "unsupported",
        ErrorKind::Config => "config",
        _ => "other",
    }
}

/// The report of one fetched field.
pub(crate) fn field_report(contact: &Contact, field: ProfileField) -> Option<FieldReport> {
    let report = match contact.status(field)? {
        FieldStatus::Value => {
            let mut report = FieldReport::status("ok");
            report.value = match field {
                ProfileField::Name => contact.name_value().map(|v| v.expose().into()),
                ProfileField::GivenName => contact.given_name_value().map(|v| v.expose().into()),
                ProfileField::Email => contact.email_value().map(|v| v.expose().into()),
                _ => None,
            };
            if let (ProfileField::MobileNumber, Some(m)) = (field, contact.mobile_number_value()) {
                report.value = Some(serde_json::json!({
                    "countryCode": m.country_code(),
                    "phoneNumber": m.phone_number(),
                }));
                match crate::phone::e164(m.country_code(), m.phone_number()) {
                    Ok(e164) => report.e164 = Some(Some(e164)),
                    Err(e) => {
                        report.e164 = Some(None);
                        report.e164_error = Some(e.kind().to_string());
                    }
                }
            }
            report
        }
        FieldStatus::NotSet => FieldReport::status("missing"),
        FieldStatus::Failed(error) => match error.kind() {
            ErrorKind::PermissionRequired { scope, .. } => FieldReport {
                scope: Some(scope.to_string()),
                ..FieldReport::status("permission-required")
            },
            ErrorKind::PermissionNotDeclared { scope, .. } => FieldReport {
                scope: Some(scope.to_string()),
                ..FieldReport::status("permission-not-declared")
            },
            kind => FieldReport {
                error: Some(error_kind(kind)),
                message: Some(error.to_string()),
                ..FieldReport::status("error")
            },
        },
        _ => FieldReport {
            error: Some("other"),
            message: Some("an outcome this version does not know".to_owned()),
            ..FieldReport::status("error")
        },
    };
    Some(report)
}

/// The decision a skill makes from `contact`. Full name and given name are never asked for
/// together (Amazon refuses such a card): when both are missing, the card asks for the full name.
pub(crate) fn decision(contact: &Contact, language: Language, skill_name: &str) -> ConsentDecision {
    let name_missing = contact.outcomes().any(|(field, outcome)| {
        field == ProfileField::Name && matches!(outcome, FieldOutcome::NotGranted(_))
    });
    contact
        .outcomes()
        .filter(|(field, outcome)| {
            !(name_missing
                && *field == ProfileField::GivenName
                && matches!(outcome, FieldOutcome::NotGranted(_)))
        })
        .fold(ConsentDecision::new(language, skill_name), |d, (field, outcome)| {
            d.outcome(field, outcome)
        })
}

pub(crate) fn run(args: &FetchArgs) -> Outcome {
    let envelope = crate::envelope::read_envelope(&args.envelope)?;
    let ctx = envelope
        .api_context()
        .map_err(|e| Failure::failed(format_args!("{}: {e}", args.envelope.display())))?;
    if args.person && envelope.person().is_none() {
        return Err(Failure::failed(format_args!(
            "{}: no recognized speaker (context.System.person), so there is no person to fetch",
            args.envelope.display()
        )));
    }
    let mut builder = ProfileClient::builder();
    for endpoint in &args.allow_endpoint {
        builder = builder
            .allow_endpoint(endpoint)
            .map_err(|e| Failure::usage(format_args!("--allow-endpoint: {e}")))?;
    }
    let client = builder.build().map_err(Failure::failed)?;
    let fields =
        if args.fields.is_empty() { ProfileField::ALL.to_vec() } else { args.fields.clone() };
    let request =
        if args.person { ContactRequest::person(fields) } else { ContactRequest::account(fields) };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(format_args!("cannot start the runtime: {e}")))?;
    let contact = runtime.block_on(client.fetch_contact(&ctx, &request));

    let locale = envelope.locale().unwrap_or("en-US");
    let decision = decision(&contact, Language::from_locale(locale), &args.skill_name);
    let response = decision
        .respond(&AskWith::Card, true)
        .map_err(|e| Failure::failed(format_args!("cannot build the response: {e}")))?
        .map(alexa_model::ResponseBuilder::build);
    let report = Report {
        fields: ProfileField::ALL
            .into_iter()
            .filter_map(|f| field_report(&contact, f).map(|r| (f, r)))
            .collect(),
        response,
    };

    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(Failure::failed)?;
        writeln!(out, "{json}")?;
    } else {
        write_text(&mut out, &report, &contact, locale, args.person)?;
    }
    let consent_needed = !decision.missing_consent().is_empty();
    let failed =
        report.fields.iter().any(|(_, r)| matches!(r.status, "error" | "permission-not-declared"));
    Ok(if consent_needed {
        Exit::ConsentNeeded
    } else if failed {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn write_text(
    out: &mut impl Write,
    report: &Report,
    contact: &Contact,
    locale: &str,
    person: bool,
) -> std::io::Result<()> {
    let whose = if person { "recognized speaker" } else { "account holder" };
    writeln!(out, "the {whose}'s contact information (locale {locale}):")?;
    for (field, r) in &report.fields {
        let detail = match r.status {
            "ok" => match (field, contact.mobile_number_value()) {
                (ProfileField::MobileNumber, Some(m)) => match (&r.e164, &r.e164_error) {
                    (Some(Some(e164)), _) => {
                        format!("{} {} (E.164 {e164})", m.country_code(), m.phone_number())
                    }
                    (_, error) => format!(
                        "{} {} (no E.164 form: {})",
                        m.country_code(),
                        m.phone_number(),
                        error.as_deref().unwrap_or("unknown")
                    ),
                },
                _ => r.value.as_ref().and_then(|v| v.as_str()).unwrap_or_default().to_owned(),
            },
            "missing" => "not set in the Amazon account (204)".to_owned(),
            "permission-required" => {
                format!("not granted: ask for {}", r.scope.as_deref().unwrap_or_default())
            }
            "permission-not-declared" => format!(
                "the skill manifest does not declare {}",
                r.scope.as_deref().unwrap_or_default()
            ),
            _ => r.message.clone().unwrap_or_default(),
        };
        writeln!(out, "  {:<11} {:<24} {detail}", field.as_str(), r.status)?;
    }
    if report.fields.iter().any(|(_, r)| r.error == Some("endpoint-refused")) {
        writeln!(
            out,
            "hint: only https and Amazon's API hosts are called; --allow-endpoint URL opts in to \
             another endpoint, such as the emulator's"
        )?;
    }
    if let Some(response) = &report.response {
        let json = serde_json::to_string_pretty(response).map_err(std::io::Error::other)?;
        writeln!(out, "the skill should answer with:\n{json}")?;
    }
    Ok(())
}
