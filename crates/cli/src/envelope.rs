//! `alexa-profile envelope inspect` (what `alexa-model`'s `inspect` example prints) and
//! `alexa-profile envelope new` (request envelopes for tests, built from `alexa-model` types).

use std::io::{Read, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use alexa_model::{
    AcceptedPermission, ApiAccessToken, Application, Context, Intent, IntentRequest, LaunchRequest,
    PermissionEvent, Person, Request, RequestEnvelope, Session, System, User,
};

use crate::args::{InspectArgs, NewArgs, NewEnvelope};
use crate::exit::{Exit, Failure, Outcome};

/// The largest input read (an envelope is a few kilobytes; Alexa's limit is far lower).
const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// The skill ID of the envelopes `envelope new` writes.
const APPLICATION_ID: &str = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000";

/// How messages name an input: its path, or "standard input" for `-`.
pub(crate) fn input_name(path: &Path) -> String {
    if path == Path::new("-") { "standard input".to_owned() } else { path.display().to_string() }
}

/// Reads a file, or standard input for `-`, naming `what` in the error.
pub(crate) fn read_input(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin().lock().take(MAX_INPUT + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes))
    };
    let name = input_name(path);
    if let Err(e) = result {
        return Err(Failure::failed(format_args!("{name}: cannot read the {what}: {e}")));
    }
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Failure::failed(format_args!(
            "{name}: the {what} is larger than {} MiB",
            MAX_INPUT / 1024 / 1024
        )));
    }
    Ok(bytes)
}

/// Reads and decodes a request envelope.
pub(crate) fn read_envelope(path: &Path) -> Result<RequestEnvelope, Failure> {
    let bytes = read_input(path, "request envelope")?;
    RequestEnvelope::from_slice(&bytes)
        .map_err(|e| Failure::failed(format_args!("{}: {e}", input_name(path))))
}

pub(crate) fn inspect(args: &InspectArgs) -> Outcome {
    let envelope = read_envelope(&args.file)?;
    let out = if args.debug {
        format!("{envelope:#?}")
    } else {
        serde_json::to_string(&envelope.summary()).map_err(Failure::failed)?
    };
    writeln!(std::io::stdout().lock(), "{out}")?;
    Ok(Exit::Success)
}

pub(crate) fn new(kind: &NewEnvelope) -> Outcome {
    let envelope = build(kind, SystemTime::now())?;
    let json = serde_json::to_string_pretty(&envelope).map_err(Failure::failed)?;
    writeln!(std::io::stdout().lock(), "{json}")?;
    Ok(Exit::Success)
}

fn build(kind: &NewEnvelope, now: SystemTime) -> Result<RequestEnvelope, Failure> {
    let (args, permission) = match kind {
        NewEnvelope::Launch(a) | NewEnvelope::Intent { common: a, .. } => (a, false),
        NewEnvelope::PermissionAccepted(a) | NewEnvelope::PermissionChanged(a) => (a, true),
    };
    let any_scope = !args.scopes.is_empty() || !args.person_scopes.is_empty();
    if any_scope && !permission {
        return Err(Failure::usage(
            "--scope and --person-scope apply to permission-accepted and permission-changed only",
        ));
    }
    if args.endpoint.is_empty() || args.token.is_empty() {
        return Err(Failure::usage("--endpoint and --token must not be empty"));
    }
    let timestamp = crate::timestamp::rfc3339(now);
    let request_id = format!("amzn1.echo-api.request.{}", unique(now, 1));
    let request = match kind {
        NewEnvelope::Launch(_) => {
            Request::Launch(LaunchRequest::new(request_id, timestamp, args.locale.clone()))
        }
        NewEnvelope::Intent { name, .. } => Request::Intent(IntentRequest::new(
            request_id,
            timestamp,
            args.locale.clone(),
            Intent::new(name.clone()),
        )),
        NewEnvelope::PermissionAccepted(_) | NewEnvelope::PermissionChanged(_) => {
            let mut event = PermissionEvent::default();
            event.request_id = request_id;
            event.timestamp.clone_from(&timestamp);
            event.event_creation_time = Some(timestamp.clone());
            event.event_publishing_time = Some(timestamp);
            event.body.accepted_permissions =
                args.scopes.iter().map(|s| AcceptedPermission::new(s.as_str())).collect();
            event.body.accepted_person_permissions =
                args.person_scopes.iter().map(|s| AcceptedPermission::new(s.as_str())).collect();
            if matches!(kind, NewEnvelope::PermissionAccepted(_)) {
                Request::SkillPermissionAccepted(event)
            } else {
                Request::SkillPermissionChanged(event)
            }
        }
    };
    let mut envelope = RequestEnvelope::new(request).with_context(Context::new(system(args)));
    if !permission {
        // Skill events have no session; launch starts one, an intent continues one.
        let mut session = Session::default();
        session.new = matches!(kind, NewEnvelope::Launch(_));
        session.session_id = format!("amzn1.echo-api.session.{}", unique(now, 2));
        session.application = Some(Application::new(APPLICATION_ID));
        session.user = Some(User::new(args.user.clone()));
        envelope = envelope.with_session(session);
    }
    Ok(envelope)
}

fn system(args: &NewArgs) -> System {
    let mut system = System::default();
    system.application = Application::new(APPLICATION_ID);
    system.user = User::new(args.user.clone());
    system.person = args.person.clone().map(Person::new);
    system.api_endpoint = Some(args.endpoint.clone());
    system.api_access_token = Some(ApiAccessToken::new(args.token.clone()));
    system
}

/// A UUID-shaped identifier that differs from one run to the next (the time and the process) and
/// from one `salt` to another.
fn unique(now: SystemTime, salt: u8) -> String {
    let nanos = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mixed = nanos ^ (u128::from(std::process::id()) << 64) ^ (u128::from(salt) << 120);
    let h = format!("{mixed:032x}");
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(scopes: &[&str]) -> NewArgs {
        NewArgs {
            endpoint: "http://127.0.0.1:8080".into(),
            token: "tok-alice".into(),
            person: Some("amzn1.ask.person.BOB".into()),
            user: "amzn1.ask.account.TEST".into(),
            locale: "de-DE".into(),
            scopes: scopes.iter().map(|s| s.parse().unwrap()).collect(),
            person_scopes: Vec::new(),
        }
    }

    #[test]
    fn a_built_envelope_decodes_to_what_was_asked() {
        let now = UNIX_EPOCH + std::time::Duration::from_secs(1_722_513_600);
        let kind = NewEnvelope::PermissionChanged(args(&["alexa::profile:email:read"]));
        let envelope = build(&kind, now).unwrap();
        let again = RequestEnvelope::from_slice(&serde_json::to_vec(&envelope).unwrap()).unwrap();
        let summary = again.summary();
        assert_eq!(summary.request_type, "AlexaSkillEvent.SkillPermissionChanged");
        assert_eq!(summary.accepted_permissions, ["alexa::profile:email:read"]);
        assert_eq!(summary.person_id, Some("amzn1.ask.person.BOB"));
        assert_eq!(again.request.timestamp(), Some("2024-08-01T12:00:00Z"));
        assert!(again.session.is_none());

        let kind = NewEnvelope::Intent { name: "OrderIntent".into(), common: args(&[]) };
        let envelope = build(&kind, now).unwrap();
        assert_eq!(envelope.locale(), Some("de-DE"));
        assert_eq!(envelope.api_context().unwrap().endpoint(), "http://127.0.0.1:8080");
        assert!(!envelope.session.as_ref().unwrap().new);
    }

    #[test]
    fn scopes_on_a_launch_are_a_usage_error() {
        let kind = NewEnvelope::Launch(args(&["alexa::profile:email:read"]));
        let err = build(&kind, SystemTime::now()).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
    }
}
