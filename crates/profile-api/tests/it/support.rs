//! Shared set-up: an emulator with two accounts, and a client allowed to reach it.

use std::time::Duration;

use alexa_model::ApiContext;
use alexa_profile_api::{NoJitter, ProfileClient, RetryPolicy};
use alexa_profile_emulator::{Emulator, Grant, MobileNumber, Profile, Scope};

pub(crate) const ALL_PROFILE_SCOPES: [Scope; 4] =
    [Scope::FullName, Scope::GivenName, Scope::Email, Scope::MobileNumber];

/// Alice has everything set; Bob (a recognized speaker on Alice's account) has a name and a
/// number; Carol has only a given name.
pub(crate) async fn emulator() -> Emulator {
    Emulator::builder()
        .with_profile(
            "alice",
            Profile::new()
                .with_name("Alice Example")
                .with_given_name("Alice")
                .with_email("alice@example.com")
                .with_mobile_number(MobileNumber::new("+1", "415-555-2671")),
        )
        .with_profile(
            "bob",
            Profile::new()
                .with_name("Bob Example")
                .with_given_name("Bob")
                .with_mobile_number(MobileNumber::new("+44", "07700 900123")),
        )
        .with_profile("carol", Profile::new().with_given_name("Carol"))
        .start_local()
        .await
        .unwrap()
}

/// A client allowed to reach `emulator`, with deterministic backoff and short timeouts.
pub(crate) fn client(emulator: &Emulator) -> ProfileClient {
    client_with(emulator, fast_policy())
}

pub(crate) fn fast_policy() -> RetryPolicy {
    RetryPolicy::standard()
        .with_jitter(NoJitter)
        .with_base_delay(Duration::from_millis(5))
        .with_throttle_base_delay(Duration::from_millis(10))
        .with_attempt_timeout(Duration::from_millis(400))
        .with_deadline(Duration::from_millis(1500))
}

pub(crate) fn client_with(emulator: &Emulator, policy: RetryPolicy) -> ProfileClient {
    ProfileClient::builder()
        .allow_endpoint(emulator.base_url())
        .unwrap()
        .retry_policy(policy)
        .build()
        .unwrap()
}

/// The API context a skill would take from an envelope minted for `grant`.
pub(crate) fn context(emulator: &Emulator, grant: Grant) -> ApiContext {
    let token = emulator.mint(grant).unwrap();
    emulator.envelope(&token).launch().api_context().unwrap()
}
