//! The contact skill's handler: greets by given name, confirms an order by email and SMS, asks for
//! consent when it lacks it, and copes with missing values. Shared by the example's web service and
//! Lambda modes and by the crate's end-to-end test.

use std::sync::Arc;

use alexa_consent::{AskWith, GrantedScopes, Language, ProfileField};
use alexa_model::{Request, RequestEnvelope, ResponseEnvelope, escape_ssml};
use alexa_profile_api::{ContactRequest, ProfileApi};
use alexa_skill_hosting::SkillHandler;

/// The skill's name, as the consent prompt says it.
pub(crate) const SKILL_NAME: &str = "Contact Skill";

/// The order intent's name in the interaction model.
pub(crate) const ORDER_INTENT: &str = "OrderIntent";

/// The handler: stateless, with the profile API behind the trait (the real client in production,
/// any `ProfileApi` in tests).
pub(crate) struct ContactSkill {
    api: Arc<dyn ProfileApi>,
}

impl ContactSkill {
    /// A skill calling `api`.
    pub(crate) fn new(api: Arc<dyn ProfileApi>) -> Self {
        ContactSkill { api }
    }

    async fn launch(&self, envelope: &RequestEnvelope) -> ResponseEnvelope {
        let welcome = "What would you like to order?";
        let Ok(ctx) = envelope.api_context() else {
            return ResponseEnvelope::builder().speak_text(format!("Welcome. {welcome}")).build();
        };
        // The recognized speaker's own name when Alexa knows who speaks, else the account holder's.
        let name = if envelope.person().is_some() {
            self.api.person_given_name(&ctx).await
        } else {
            self.api.given_name(&ctx).await
        };
        let greeting = match name {
            Ok(Some(name)) => format!("Welcome back, {}.", name.expose()),
            // Not granted, not set, or unreachable: greet without a name; ask for nothing yet.
            Ok(None) | Err(_) => "Welcome.".to_owned(),
        };
        ResponseEnvelope::builder()
            .speak_ssml(escape_ssml(&format!("{greeting} {welcome}")))
            .reprompt_text(welcome)
            .build()
    }

    async fn order(&self, envelope: &RequestEnvelope) -> ResponseEnvelope {
        let language = Language::from_locale(envelope.locale().unwrap_or("en-US"));
        let Ok(ctx) = envelope.api_context() else {
            return sorry();
        };
        let wanted = ContactRequest::account([ProfileField::Email, ProfileField::MobileNumber]);
        let contact = self.api.fetch_contact(&ctx, &wanted).await;
        let decision = contact.decision(language, SKILL_NAME);
        // Consent missing for anything: the localized prompt and the card listing every scope.
        if !decision.missing_consent().is_empty() {
            if let Ok(Some(answer)) = decision.respond(&AskWith::Card, true) {
                return answer.build();
            }
            return sorry();
        }
        let email = contact.email_value().map(|e| e.expose().to_owned());
        let phone = contact.mobile_number_value().and_then(|m| m.to_phone_number().ok());
        let mut parts = Vec::new();
        match (&email, &phone) {
            (Some(email), Some(phone)) => parts.push(format!(
                "Your order is placed. I'll send the confirmation to {email} and a text to {}.",
                phone.e164()
            )),
            (Some(email), None) => {
                parts.push(format!("Your order is placed. I'll send the confirmation to {email}."));
            }
            (None, Some(phone)) => {
                parts.push(format!(
                    "Your order is placed. I'll text the confirmation to {}.",
                    phone.e164()
                ));
            }
            (None, None) if decision.not_set().is_empty() => return sorry(),
            (None, None) => parts.push(
                "Your order is placed, but I have nowhere to send the confirmation.".to_owned(),
            ),
        }
        // A value consent allows but the customer never set: say where to set it (seed 001).
        if let Some(prompt) = decision.speech(&AskWith::Card) {
            parts.push(prompt.text().to_owned());
        }
        ResponseEnvelope::builder()
            .speak_ssml(escape_ssml(&parts.join(" ")))
            .should_end_session(true)
            .build()
    }
}

fn sorry() -> ResponseEnvelope {
    ResponseEnvelope::builder()
        .speak_text("Sorry, I can't reach your contact details right now. Please try again later.")
        .should_end_session(true)
        .build()
}

#[async_trait::async_trait]
impl SkillHandler for ContactSkill {
    type Error = std::convert::Infallible;

    async fn handle(&self, envelope: RequestEnvelope) -> Result<ResponseEnvelope, Self::Error> {
        let response = match &envelope.request {
            Request::Launch(_) => self.launch(&envelope).await,
            Request::Intent(intent) if intent.intent.name == ORDER_INTENT => {
                self.order(&envelope).await
            }
            Request::Intent(intent)
                if intent.intent.name == "AMAZON.StopIntent"
                    || intent.intent.name == "AMAZON.CancelIntent" =>
            {
                ResponseEnvelope::builder().speak_text("Goodbye.").should_end_session(true).build()
            }
            Request::Intent(_) => ResponseEnvelope::builder()
                .speak_text("You can say: order rice. I'll confirm by email and text message.")
                .reprompt_text("What would you like to order?")
                .build(),
            Request::SkillPermissionAccepted(_) | Request::SkillPermissionChanged(_) => {
                // Scope strings are not personal data; the values are never logged.
                if let Some(granted) = GrantedScopes::from_request(&envelope.request) {
                    let account: Vec<_> =
                        granted.account().iter().map(ToString::to_string).collect();
                    let person: Vec<_> = granted.person().iter().map(ToString::to_string).collect();
                    tracing::info!(
                        event = envelope.request.request_type(),
                        ?account,
                        ?person,
                        "permissions now granted"
                    );
                }
                ResponseEnvelope::builder().build()
            }
            _ => ResponseEnvelope::builder().build(),
        };
        Ok(response)
    }
}
