//! `alexa-profile demo`: the whole consent flow, played as a skill would play it, against the
//! emulator started in this process, with the real client over loopback.
//!
//! The emulator serves the built-in sample's profiles (Alice, the account holder; Bob, who speaks
//! on Alice's account; Carol, who set no phone number) under the sample's token names, but with
//! bearer values made up at start, so that no token value can reach the transcript.

use std::collections::hash_map::RandomState;
use std::fmt::Display;
use std::hash::BuildHasher;
use std::io::Write;
use std::time::{Duration, Instant};

use alexa_consent::{AskWith, ConsentReply, Language, ProfileField, Scope, VoiceForm};
use alexa_model::{
    ConnectionStatus, Intent, RawJson, Request, RequestEnvelope, ResponseEnvelope,
    SessionResumedRequest,
};
use alexa_profile_api::{
    Contact, ContactRequest, NoJitter, ProfileApi, ProfileClient, RetryPolicy,
};
use alexa_profile_emulator::{Emulator, Endpoint, Fault, FaultScript, StatusCode, Target};
use tracing_subscriber::layer::SubscriberExt;

use crate::args::DemoArgs;
use crate::capture::Capture;
use crate::exit::{Exit, Failure, Outcome};

/// The skill of the demo, as the prompts name it.
const SKILL: &str = "Pizza Pronto";

/// The intent the user's words map to.
const INTENT: &str = "ConfirmOrderIntent";

/// The token of the voice-forward consent request, which comes back with the answer.
const CONSENT_TOKEN: &str = "pizza-order-1042";

/// The back-off after a 429 in the demo (the standard policy: full jitter up to 250 ms).
const DEMO_THROTTLE_BACKOFF: Duration = Duration::from_millis(100);

/// The demo's retry policy: the standard deadlines and attempts, shorter back-offs and no jitter,
/// so the transcript is short and the same every time.
fn demo_retry_policy() -> RetryPolicy {
    RetryPolicy::standard()
        .with_base_delay(Duration::from_millis(50))
        .with_throttle_base_delay(DEMO_THROTTLE_BACKOFF)
        .with_jitter(NoJitter)
}

pub(crate) fn run(args: &DemoArgs) -> Outcome {
    let capture = Capture::default();
    // The demo owns the process: its subscriber is the only one. Should one already be set (it
    // cannot be, in this binary), the retry scenario still shows the emulator's side.
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(capture.clone()),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(format_args!("cannot start the runtime: {e}")))?;
    let mut out = std::io::stdout().lock();
    runtime.block_on(play(&mut out, &args.locale, capture))
}

/// Plays the seven scenarios, writing the transcript to `out`.
pub(crate) async fn play(out: &mut dyn Write, locale: &str, capture: Capture) -> Outcome {
    let started = Instant::now();
    let fixture = crate::emulate::sample()?;
    let secret = RandomState::new();
    let mut builder = Emulator::builder();
    for (name, profile) in fixture.profiles() {
        builder = builder.with_profile(name.clone(), profile.clone());
    }
    for (name, grant) in fixture.tokens() {
        let value = format!(
            "Atza|demo.{:016x}{:016x}",
            secret.hash_one((name, 1)),
            secret.hash_one((name, 2))
        );
        builder = builder.with_token_value(name, value, grant.clone());
    }
    let emulator = builder
        .start_local()
        .await
        .map_err(|e| Failure::failed(format_args!("cannot start the emulator: {e}")))?;
    let client = ProfileClient::builder()
        .allow_endpoint(emulator.base_url())
        .and_then(|b| b.retry_policy(demo_retry_policy()).build())
        .map_err(|e| Failure::failed(format_args!("cannot build the client: {e}")))?;
    let mut demo = Demo {
        out,
        emulator,
        client,
        locale: locale.to_owned(),
        language: Language::from_locale(locale),
        capture,
        log_mark: 0,
    };
    demo.intro()?;
    demo.consent_granted().await?;
    demo.consent_not_granted().await?;
    demo.not_set().await?;
    demo.throttled().await?;
    demo.recognized_speaker().await?;
    demo.voice_forward_consent().await?;
    demo.forged_endpoint().await?;
    let total = demo.emulator.counts().total();
    demo.blank()?;
    demo.line(
        "done",
        format_args!(
            "7 scenarios, {total} requests to the emulator, {} ms",
            started.elapsed().as_millis()
        ),
    )?;
    demo.emulator.shutdown().await;
    Ok(Exit::Success)
}

struct Demo<'a> {
    out: &'a mut dyn Write,
    emulator: Emulator,
    client: ProfileClient,
    locale: String,
    language: Language,
    capture: Capture,
    log_mark: usize,
}

impl Demo<'_> {
    fn line(&mut self, who: &str, text: impl Display) -> Result<(), Failure> {
        writeln!(self.out, "{who:<9} {text}")?;
        Ok(())
    }

    fn blank(&mut self) -> Result<(), Failure> {
        writeln!(self.out)?;
        Ok(())
    }

    fn heading(&mut self, title: &str) -> Result<(), Failure> {
        writeln!(self.out, "\n== {title} ==")?;
        Ok(())
    }

    fn intro(&mut self) -> Result<(), Failure> {
        let base = self.emulator.base_url().to_owned();
        writeln!(
            self.out,
            "alexa-profile demo: the skill \"{SKILL}\" uses the customer's contact information, \
             end to end."
        )?;
        self.line(
            "emulator",
            format_args!("{base} (in this process; the built-in sample's profiles)"),
        )?;
        self.line(
            "client",
            format_args!(
                "alexa-profile-api over loopback; besides Amazon's hosts it calls {base} only"
            ),
        )?;
        let locale = format!(
            "{} (prompts in {}; what the user says and the skill's own sentences are English)",
            self.locale,
            self.language.name()
        );
        self.line("locale", locale)?;
        self.line(
            "retries",
            format_args!(
                "demo policy: {} ms back-off after a 429, no jitter, to keep this short \
                 (standard: full jitter up to 250 ms, or what Retry-After asks)",
                DEMO_THROTTLE_BACKOFF.as_millis()
            ),
        )?;
        self.line("tokens", "shown by name; their values never leave the emulator and the client")?;
        Ok(())
    }

    /// An intent request (or a launch request) for the token named `token`, as Alexa would send
    /// it.
    fn request(&self, token: &str, person: bool) -> Result<RequestEnvelope, Failure> {
        self.envelope(token, person, false)
    }

    fn envelope(
        &self,
        token: &str,
        person: bool,
        launch: bool,
    ) -> Result<RequestEnvelope, Failure> {
        let token = self
            .emulator
            .token(token)
            .ok_or_else(|| Failure::failed(format_args!("the sample has no token {token}")))?;
        let builder = self.emulator.envelope(&token).with_locale(self.locale.clone());
        let builder = if person { builder } else { builder.without_person() };
        Ok(if launch { builder.launch() } else { builder.intent(Intent::new(INTENT)) })
    }

    fn say(&mut self, words: &str) -> Result<(), Failure> {
        self.line("user", format_args!("\"{words}\""))
    }

    fn alexa_sends(&mut self, envelope: &RequestEnvelope, token: &str) -> Result<(), Failure> {
        let speaker = match envelope.person() {
            Some(p) => format!("recognized speaker {}", p.person_id),
            None => "no recognized speaker".to_owned(),
        };
        let request = match &envelope.request {
            Request::Intent(r) => format!("IntentRequest {}", r.intent.name),
            other => other.request_type().to_owned(),
        };
        self.line(
            "alexa",
            format_args!(
                "{request} ({}), {speaker}, apiAccessToken {token} (value not shown)",
                envelope.locale().unwrap_or_default(),
            ),
        )
    }

    /// The skill's call: the API context taken fresh from this request, the fields concurrently.
    async fn fetch(
        &mut self,
        envelope: &RequestEnvelope,
        request: &ContactRequest,
    ) -> Result<Contact, Failure> {
        let api = match request.level() {
            alexa_consent::ConsentLevel::Person => "Person Profile API (the speaker)",
            _ => "Customer Profile API (the account holder)",
        };
        let fields: Vec<&str> = request.fields().iter().map(|f| f.as_str()).collect();
        self.line(
            "skill",
            format_args!(
                "asks the {api} for {}{}",
                fields.join(" and "),
                if fields.len() > 1 { ", concurrently" } else { "" }
            ),
        )?;
        let ctx = envelope
            .api_context()
            .map_err(|e| Failure::failed(format_args!("the emulator's envelope: {e}")))?;
        let contact = self.client.fetch_contact(&ctx, request).await;
        self.emulator_log()?;
        Ok(contact)
    }

    /// The requests the emulator received since the last call, as its log records them.
    fn emulator_log(&mut self) -> Result<(), Failure> {
        let log = self.emulator.request_log();
        let new: Vec<String> = log
            .iter()
            .skip(self.log_mark)
            .map(|r| {
                let status = r.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
                let fault = r.fault.map(|f| format!(", fault {f}")).unwrap_or_default();
                format!("{} {} -> {status} ({}{fault})", r.method, r.path, r.token)
            })
            .collect();
        self.log_mark = log.len();
        for line in new {
            self.line("emulator", line)?;
        }
        Ok(())
    }

    /// The response's JSON, with the speech cut short (the transcript shows it above).
    fn answer(&mut self, response: &ResponseEnvelope) -> Result<(), Failure> {
        let mut excerpt = response.response.clone();
        excerpt.output_speech = match excerpt.output_speech {
            Some(alexa_model::OutputSpeech::PlainText { .. }) => {
                Some(alexa_model::OutputSpeech::plain_text("…"))
            }
            Some(alexa_model::OutputSpeech::Ssml { .. }) => {
                Some(alexa_model::OutputSpeech::ssml("…"))
            }
            other => other,
        };
        let json = serde_json::to_string(&excerpt).map_err(Failure::failed)?;
        self.line("json", format_args!("\"response\": {json}"))
    }

    /// The skill answers with `response`: what Alexa says (`speech`, the plain text of the
    /// response's speech), then the JSON excerpt.
    fn respond(
        &mut self,
        response: &ResponseEnvelope,
        speech: Option<&str>,
    ) -> Result<(), Failure> {
        let plain = match &response.response.output_speech {
            Some(alexa_model::OutputSpeech::PlainText { text, .. }) => Some(text.as_str()),
            _ => None,
        };
        if let Some(speech) = speech.or(plain) {
            self.line("alexa", format_args!("says \"{speech}\""))?;
        }
        self.answer(response)
    }

    /// What the API's answers call for (consent card or directive, "not set" message), when
    /// anything: the response, and the plain text of its speech.
    fn decide(
        &self,
        contact: &Contact,
        ask: &AskWith,
    ) -> Result<Option<(ResponseEnvelope, Option<String>)>, Failure> {
        let decision = crate::fetch::decision(contact, self.language, SKILL);
        let speech = decision.speech(ask).map(|p| p.text().to_owned());
        let response =
            decision.respond(ask, !matches!(ask, AskWith::Voice { .. })).map_err(|e| {
                Failure::failed(format_args!("the consent rules refused the answer: {e}"))
            })?;
        Ok(response.map(|r| (r.build(), speech)))
    }

    /// The mobile number as the skill hands it to the SMS gateway: in E.164.
    fn mobile_line(&mut self, contact: &Contact) -> Result<(), Failure> {
        if let Some(m) = contact.mobile_number_value() {
            let e164 = match crate::phone::e164(m.country_code(), m.phone_number()) {
                Ok(e164) => format!("E.164 {e164}, ready for the SMS gateway"),
                Err(e) => format!("no E.164 form ({e}): no text message"),
            };
            self.line(
                "skill",
                format_args!("mobile number {} {} -> {e164}", m.country_code(), m.phone_number()),
            )?;
        }
        Ok(())
    }

    fn thanks(name: &str) -> ResponseEnvelope {
        ResponseEnvelope::builder()
            .speak_text(format!(
                "Thanks, {name}. Your order is confirmed; the confirmation is on its way to your \
                 phone by text message."
            ))
            .should_end_session(true)
            .build()
    }

    async fn consent_granted(&mut self) -> Result<(), Failure> {
        self.heading("1. Consent granted: a personalized answer and the mobile number")?;
        self.say("Alexa, ask Pizza Pronto to confirm my order.")?;
        let envelope = self.request("tok-alice", false)?;
        self.alexa_sends(&envelope, "tok-alice")?;
        let request =
            ContactRequest::account([ProfileField::GivenName, ProfileField::MobileNumber]);
        let contact = self.fetch(&envelope, &request).await?;
        self.mobile_line(&contact)?;
        let name = contact.given_name_value().map(|n| n.expose().to_owned()).unwrap_or_default();
        self.respond(&Self::thanks(&name), None)
    }

    async fn consent_not_granted(&mut self) -> Result<(), Failure> {
        self.heading("2. Consent not granted: the localized prompt and the consent card")?;
        self.say("Alexa, ask Pizza Pronto to confirm my order.")?;
        let envelope = self.request("tok-alice-no-consent", false)?;
        self.alexa_sends(&envelope, "tok-alice-no-consent")?;
        let request =
            ContactRequest::account([ProfileField::GivenName, ProfileField::MobileNumber]);
        let contact = self.fetch(&envelope, &request).await?;
        let missing: Vec<String> =
            contact.missing_scopes().iter().map(ToString::to_string).collect();
        self.line(
            "skill",
            format_args!("403 not granted: asks for {} on a card", missing.join(" and ")),
        )?;
        match self.decide(&contact, &AskWith::Card)? {
            Some((response, speech)) => self.respond(&response, speech.as_deref()),
            None => self.line("skill", "nothing to ask (unexpected)"),
        }
    }

    async fn not_set(&mut self) -> Result<(), Failure> {
        self.heading("3. Consent granted, mobile number not set (204)")?;
        self.say("Alexa, ask Pizza Pronto to confirm my order.")?;
        let envelope = self.request("tok-carol", false)?;
        self.alexa_sends(&envelope, "tok-carol")?;
        let request =
            ContactRequest::account([ProfileField::GivenName, ProfileField::MobileNumber]);
        let contact = self.fetch(&envelope, &request).await?;
        self.line("skill", "the given name is there; the mobile number is not set: says so")?;
        match self.decide(&contact, &AskWith::Card)? {
            Some((response, speech)) => self.respond(&response, speech.as_deref()),
            None => self.line("skill", "nothing to say (unexpected)"),
        }
    }

    async fn throttled(&mut self) -> Result<(), Failure> {
        self.heading("4. Throttled (429), then success: the client retries")?;
        self.say("Alexa, open Pizza Pronto.")?;
        // One 429 without Retry-After on the given-name endpoint, then normal answers.
        let body = r#"{"code":"TOO_MANY_REQUESTS","message":"The skill has been throttled due to an excessive number of requests."}"#;
        self.emulator.set_fault(
            Target::Endpoint(Endpoint::account(ProfileField::GivenName)),
            FaultScript::new([Fault::custom(
                StatusCode::TOO_MANY_REQUESTS,
                "application/json",
                body,
            )]),
        );
        let envelope = self.envelope("tok-alice", false, true)?;
        self.alexa_sends(&envelope, "tok-alice")?;
        self.capture.take();
        let started = Instant::now();
        let request = ContactRequest::account([ProfileField::GivenName]);
        let contact = self.fetch(&envelope, &request).await?;
        let elapsed = started.elapsed();
        self.emulator.clear_faults();
        for event in self.capture.take() {
            if matches!(event.message.as_str(), "answer" | "retrying" | "attempt timed out")
                || event.message.starts_with("attempt failed")
            {
                self.line("client", event)?;
            }
        }
        self.line(
            "skill",
            format_args!(
                "got the given name after the retry, {} ms in all (the deadline is 2500 ms)",
                elapsed.as_millis()
            ),
        )?;
        let name = contact.given_name_value().map(|n| n.expose().to_owned()).unwrap_or_default();
        let response = ResponseEnvelope::builder()
            .speak_text(format!("Welcome back, {name}. What would you like to order?"))
            .reprompt_text("What would you like to order?")
            .build();
        self.respond(&response, None)
    }

    async fn recognized_speaker(&mut self) -> Result<(), Failure> {
        self.heading("5. A recognized speaker: the person's profile, not the account holder's")?;
        self.say("Alexa, ask Pizza Pronto to confirm my order.")?;
        let envelope = self.request("tok-bob-speaking", true)?;
        self.alexa_sends(&envelope, "tok-bob-speaking")?;
        let user = envelope.user().map(|u| u.user_id.clone()).unwrap_or_default();
        self.line(
            "skill",
            format_args!(
                "context.System.person is there: the speaker is not necessarily the account \
                 holder ({user})"
            ),
        )?;
        let request = ContactRequest::person([ProfileField::GivenName, ProfileField::MobileNumber]);
        let contact = self.fetch(&envelope, &request).await?;
        self.mobile_line(&contact)?;
        let name = contact.given_name_value().map(|n| n.expose().to_owned()).unwrap_or_default();
        self.respond(&Self::thanks(&name), None)
    }

    async fn voice_forward_consent(&mut self) -> Result<(), Failure> {
        self.heading("6. Voice-forward consent: the request, the spoken yes, the answer")?;
        self.say("Alexa, ask Pizza Pronto to text me the confirmation.")?;
        let envelope = self.request("tok-alice-email-only", false)?;
        self.alexa_sends(&envelope, "tok-alice-email-only")?;
        let request = ContactRequest::account([ProfileField::MobileNumber]);
        let contact = self.fetch(&envelope, &request).await?;
        self.line("skill", "403 not granted: asks by voice (Connections.StartConnection)")?;
        let ask = AskWith::Voice {
            form: VoiceForm::StartConnection,
            token: Some(CONSENT_TOKEN.to_owned()),
        };
        let Some((response, _)) = self.decide(&contact, &ask)? else {
            return self.line("skill", "nothing to ask (unexpected)");
        };
        for directive in &response.response.directives {
            let json = serde_json::to_string(directive).map_err(Failure::failed)?;
            self.line("json", format_args!("directive {json}"))?;
        }
        self.line("alexa", "asks the customer whether Pizza Pronto may use their phone number")?;
        self.say("Yes.")?;

        // Alexa records the consent and resumes the session with the answer.
        let grant = self
            .emulator
            .token("tok-alice-email-only")
            .map(|t| t.grant().clone().with_scopes([Scope::Email, Scope::MobileNumber]))
            .ok_or_else(|| Failure::failed("the sample has no token tok-alice-email-only"))?;
        self.emulator
            .set_grant("tok-alice-email-only", grant)
            .map_err(|e| Failure::failed(format_args!("the emulator refused the grant: {e}")))?;
        let resumed = resumed(envelope, &self.locale)?;
        if let Request::SessionResumed(r) = &resumed.request {
            let cause = serde_json::to_string(&r.cause).map_err(Failure::failed)?;
            self.line("alexa", format_args!("SessionResumedRequest, \"cause\": {cause}"))?;
        }
        let reply = ConsentReply::from_envelope(&resumed)
            .map_err(|e| Failure::failed(format_args!("the answer to consent: {e}")))?;
        self.line(
            "skill",
            format_args!(
                "ConsentReply: {:?}, token {} (its own request), so it calls the API again",
                reply.answer(),
                reply.token().unwrap_or("none")
            ),
        )?;
        let contact = self.fetch(&resumed, &request).await?;
        self.mobile_line(&contact)?;
        let response = ResponseEnvelope::builder()
            .speak_text("Thanks. The confirmation is on its way to your phone.")
            .should_end_session(true)
            .build();
        self.respond(&response, None)
    }

    async fn forged_endpoint(&mut self) -> Result<(), Failure> {
        self.heading("7. A forged apiEndpoint: refused before any connection")?;
        self.say("Alexa, ask Pizza Pronto to confirm my order.")?;
        let addr = self.emulator.local_addr();
        let allowed = format!(
            "the client allows Amazon's hosts and exactly {} (the emulator)",
            self.emulator.base_url()
        );
        self.line("skill", allowed)?;
        // Both point at the emulator: had the client connected, its count would have moved.
        let forged = [
            format!("https://api.amazonalexa.com@{addr}"),
            format!("http://localhost:{}", addr.port()),
        ];
        for endpoint in forged {
            let mut envelope = self.request("tok-alice", false)?;
            if let Some(context) = envelope.context.as_mut() {
                context.system.api_endpoint = Some(endpoint.clone());
            }
            self.line(
                "alexa",
                format_args!("{INTENT}, but apiEndpoint is {endpoint} (tampered with)"),
            )?;
            let before = self.emulator.counts().total();
            let ctx = envelope
                .api_context()
                .map_err(|e| Failure::failed(format_args!("the forged envelope: {e}")))?;
            let result = self.client.email(&ctx).await;
            let after = self.emulator.counts().total();
            match result {
                Err(e) => self.line(
                    "client",
                    format_args!(
                        "refused: {e} ({} attempts; the token was not sent)",
                        e.attempts()
                    ),
                )?,
                Ok(_) => self.line("client", "called it (this must never happen)")?,
            }
            self.line(
                "emulator",
                format_args!("requests received: {before} before, {after} after"),
            )?;
        }
        let response = ResponseEnvelope::builder()
            .speak_text("Sorry, something went wrong. Please try again later.")
            .should_end_session(true)
            .build();
        self.respond(&response, None)
    }
}

/// The `SessionResumedRequest` Alexa sends once the customer accepted: same session and context
/// (`apiEndpoint`, a token that now carries the grant), the consent token, `ACCEPTED`.
fn resumed(mut envelope: RequestEnvelope, locale: &str) -> Result<RequestEnvelope, Failure> {
    let mut status = ConnectionStatus::default();
    status.code = "200".to_owned();
    status.message = Some("OK".to_owned());
    let mut cause = alexa_model::Cause::default();
    cause.cause_type = "ConnectionCompleted".to_owned();
    cause.token = Some(CONSENT_TOKEN.to_owned());
    cause.status = Some(status);
    cause.result = Some(
        RawJson::from_serialize(&serde_json::json!({"status": "ACCEPTED"}))
            .map_err(Failure::failed)?,
    );
    let mut request = SessionResumedRequest::default();
    request.request_id =
        envelope.request.request_id().map(|id| format!("{id}.resumed")).unwrap_or_default();
    request.timestamp = crate::timestamp::rfc3339(std::time::SystemTime::now());
    request.locale = Some(locale.to_owned());
    request.cause = Some(cause);
    envelope.request = Request::SessionResumed(request);
    Ok(envelope)
}
