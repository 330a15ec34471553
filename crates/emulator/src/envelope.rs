//! Realistic request envelopes whose `apiEndpoint` is the emulator and whose `apiAccessToken` is
//! one of its tokens, built from `alexa-model` types.

use std::time::SystemTime;

use alexa_model::{
    AcceptedPermission, Application, Context, Device, Intent, IntentRequest, LaunchRequest,
    PermissionEvent, Person, Request, RequestEnvelope, Session, System, User,
};

use crate::server::Token;
use alexa_model::format_timestamp as format_rfc3339;

/// Builds request envelopes for one token. Get one from
/// [`Emulator::envelope`](crate::Emulator::envelope).
///
/// The envelope carries `context.System.person` when the token's grant has a recognized speaker
/// (unless [`without_person`](Self::without_person)). IDs are stable per profile name
/// (`amzn1.ask.account.…`, `amzn1.ask.person.…`); request and session IDs are random.
#[derive(Debug, Clone)]
pub struct EnvelopeBuilder<'a> {
    base_url: &'a str,
    application_id: &'a str,
    token: &'a Token,
    locale: String,
    person: bool,
}

/// A short, stable, non-reversible tag for a name (FNV-1a, 64 bits, upper-case hex).
fn tag(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016X}")
}

fn uuid() -> String {
    let h = format!("{:032x}", fastrand::u128(..));
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

impl<'a> EnvelopeBuilder<'a> {
    pub(crate) fn new(base_url: &'a str, application_id: &'a str, token: &'a Token) -> Self {
        EnvelopeBuilder {
            base_url,
            application_id,
            token,
            locale: "en-US".to_owned(),
            person: token.grant().person().is_some(),
        }
    }

    /// The request's locale (`en-US` by default).
    #[must_use]
    pub fn with_locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = locale.into();
        self
    }

    /// Leaves `context.System.person` out even when the grant has a recognized speaker.
    #[must_use]
    pub fn without_person(mut self) -> Self {
        self.person = false;
        self
    }

    /// The `userId` of the token's account.
    #[must_use]
    pub fn user_id(&self) -> String {
        format!("amzn1.ask.account.EMU{}", tag(self.token.grant().account()))
    }

    /// The `personId` of the token's recognized speaker, when it has one.
    #[must_use]
    pub fn person_id(&self) -> Option<String> {
        self.token.grant().person().map(|p| format!("amzn1.ask.person.EMU{}", tag(p)))
    }

    fn system(&self) -> System {
        let mut system = System::default();
        system.application = Application::new(self.application_id);
        system.user = User::new(self.user_id());
        if self.person {
            system.person = self.person_id().map(Person::new);
        }
        system.device = Some(Device::new(format!(
            "amzn1.ask.device.EMU{}",
            tag(&format!("device:{}", self.token.grant().account()))
        )));
        system.api_endpoint = Some(self.base_url.to_owned());
        system.api_access_token = Some(self.token.value().clone());
        system
    }

    fn session(&self, new: bool) -> Session {
        let mut session = Session::default();
        session.new = new;
        session.session_id = format!("amzn1.echo-api.session.{}", uuid());
        session.application = Some(Application::new(self.application_id));
        session.user = Some(User::new(self.user_id()));
        session
    }

    fn request_id() -> String {
        format!("amzn1.echo-api.request.{}", uuid())
    }

    /// A `LaunchRequest`, with a new session.
    #[must_use]
    pub fn launch(&self) -> RequestEnvelope {
        let request = LaunchRequest::new(
            Self::request_id(),
            format_rfc3339(SystemTime::now()),
            self.locale.clone(),
        );
        RequestEnvelope::new(Request::Launch(request))
            .with_session(self.session(true))
            .with_context(Context::new(self.system()))
    }

    /// An `IntentRequest` for `intent`, in an ongoing session.
    #[must_use]
    pub fn intent(&self, intent: Intent) -> RequestEnvelope {
        let request = IntentRequest::new(
            Self::request_id(),
            format_rfc3339(SystemTime::now()),
            self.locale.clone(),
            intent,
        );
        RequestEnvelope::new(Request::Intent(request))
            .with_session(self.session(false))
            .with_context(Context::new(self.system()))
    }

    fn permission_event(&self) -> PermissionEvent {
        let now = format_rfc3339(SystemTime::now());
        let grant = self.token.grant();
        let mut event = PermissionEvent::default();
        event.request_id = Self::request_id();
        event.timestamp = now.clone();
        event.event_creation_time = Some(now.clone());
        event.event_publishing_time = Some(now);
        event.body.accepted_permissions =
            grant.scopes().iter().map(|s| AcceptedPermission::new(s.as_str())).collect();
        if self.person {
            event.body.accepted_person_permissions =
                grant.person_scopes().iter().map(|s| AcceptedPermission::new(s.as_str())).collect();
        }
        event
    }

    /// `AlexaSkillEvent.SkillPermissionAccepted`, listing the grant's scopes (and its person
    /// scopes when a speaker is recognized). Skill events have no session.
    #[must_use]
    pub fn permission_accepted(&self) -> RequestEnvelope {
        RequestEnvelope::new(Request::SkillPermissionAccepted(self.permission_event()))
            .with_context(Context::new(self.system()))
    }

    /// `AlexaSkillEvent.SkillPermissionChanged`, listing the scopes granted now.
    #[must_use]
    pub fn permission_changed(&self) -> RequestEnvelope {
        RequestEnvelope::new(Request::SkillPermissionChanged(self.permission_event()))
            .with_context(Context::new(self.system()))
    }
}
