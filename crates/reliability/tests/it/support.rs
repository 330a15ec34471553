//! Shared set-up: an emulator holding the canary profile, clients, and the fault matrix's cases.

use std::time::{Duration, Instant};

use alexa_model::{ApiAccessToken, ApiContext};
use alexa_profile_api::{ErrorKind, ProfileApi, ProfileClient, RetryPolicy};
use alexa_profile_emulator::{
    Emulator, Fault, FaultScript, Grant, MobileNumber, Profile, Scope, Target,
};
use alexa_reliability_tests::canary;
use alexa_reliability_tests::hostile::{Behavior, HostileServer};

pub(crate) const ALL_SCOPES: [Scope; 4] =
    [Scope::FullName, Scope::GivenName, Scope::Email, Scope::MobileNumber];

/// The canary's profile: every value is one the secret-hygiene suite looks for.
pub(crate) fn canary_profile() -> Profile {
    Profile::new()
        .with_name(canary::NAME)
        .with_given_name(canary::GIVEN_NAME)
        .with_email(canary::EMAIL)
        .with_mobile_number(MobileNumber::new(canary::PHONE.0, canary::PHONE.1))
}

/// An emulator with the canary profile (`zelda`) and the canary token (`tok-canary`, whose value
/// is [`canary::TOKEN`]) granted every profile scope.
pub(crate) async fn emulator() -> Emulator {
    emulator_with(Emulator::builder()).await
}

pub(crate) async fn emulator_with(builder: alexa_profile_emulator::EmulatorBuilder) -> Emulator {
    builder
        .with_profile("zelda", canary_profile())
        .with_token_value("tok-canary", canary::TOKEN, Grant::new("zelda").with_scopes(ALL_SCOPES))
        .start_local()
        .await
        .unwrap()
}

/// The policy of the real-time matrix: the standard shape with a short deadline, so 20 runs of
/// every case stay cheap. Full jitter stays on.
pub(crate) fn short_policy() -> RetryPolicy {
    RetryPolicy::standard()
        .with_deadline(Duration::from_millis(600))
        .with_attempt_timeout(Duration::from_millis(200))
        .with_connect_timeout(Duration::from_millis(100))
        .with_base_delay(Duration::from_millis(10))
        .with_throttle_base_delay(Duration::from_millis(20))
}

pub(crate) fn client(base_url: &str, policy: RetryPolicy) -> ProfileClient {
    ProfileClient::builder().allow_endpoint(base_url).unwrap().retry_policy(policy).build().unwrap()
}

pub(crate) fn context(base_url: &str, token: &str) -> ApiContext {
    ApiContext::new(base_url, ApiAccessToken::new(token))
}

/// Where a case's misbehaviour comes from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// The hostile socket server.
    Hostile(Behavior),
    /// The emulator, with this script on the run's own token (so concurrent runs do not share
    /// steps).
    Emulator(fn() -> FaultScript),
}

/// What a case must end with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expect {
    /// The email address.
    Value,
    /// An error of this kind after this many attempts (`None`: any number).
    Error(ErrorKind, Option<u32>),
}

/// One row of the fault matrix.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) source: Source,
    pub(crate) policy: fn() -> RetryPolicy,
    pub(crate) expect: Expect,
}

/// What one run gave.
#[derive(Debug)]
pub(crate) struct Ran {
    /// The bearer token the run used (the secret-hygiene suite looks for it).
    pub(crate) token: String,
    pub(crate) took: Duration,
    pub(crate) outcome: Result<bool, alexa_profile_api::Error>,
}

/// Runs `case` `runs` times concurrently (each run with its own client and, on the emulator, its
/// own token) and returns what each run gave.
pub(crate) async fn run_case(case: &Case, runs: usize) -> Vec<Ran> {
    let policy = (case.policy)();
    match &case.source {
        Source::Hostile(behavior) => {
            let server = HostileServer::start(behavior.clone()).await.unwrap();
            let base = server.base_url();
            let calls = (0..runs).map(|_| {
                let client = client(&base, policy.clone());
                let ctx = context(&base, canary::TOKEN);
                async move { timed(&client, &ctx).await }
            });
            futures_util::future::join_all(calls).await
        }
        Source::Emulator(script) => {
            let emulator = emulator().await;
            let base = emulator.base_url().to_owned();
            let mut calls = Vec::new();
            for _ in 0..runs {
                let token = emulator.mint(Grant::new("zelda").with_scopes(ALL_SCOPES)).unwrap();
                emulator.set_fault(Target::token(token.name()), script());
                let client = client(&base, policy.clone());
                let ctx = context(&base, token.value().expose_secret());
                calls.push(async move { timed(&client, &ctx).await });
            }
            let ran = futures_util::future::join_all(calls).await;
            emulator.shutdown().await;
            ran
        }
    }
}

async fn timed(client: &ProfileClient, ctx: &ApiContext) -> Ran {
    let started = Instant::now();
    let outcome = client.email(ctx).await.map(|v| v.is_some());
    Ran { token: ctx.token().expose_secret().to_owned(), took: started.elapsed(), outcome }
}

/// Every run ended within the deadline plus 50 ms, with the expected outcome.
pub(crate) fn assert_runs(case: &Case, runs: &[Ran]) {
    let deadline = (case.policy)().deadline();
    for (i, ran) in runs.iter().enumerate() {
        assert!(
            ran.took <= deadline + Duration::from_millis(50),
            "{}: run {i} took {:?}, past the deadline {deadline:?} + 50 ms",
            case.name,
            ran.took
        );
        match (&case.expect, &ran.outcome) {
            (Expect::Value, Ok(true)) => {}
            (Expect::Error(kind, attempts), Err(error)) => {
                assert_eq!(error.kind(), kind, "{}: run {i}: {error}", case.name);
                if let Some(attempts) = attempts {
                    assert_eq!(error.attempts(), *attempts, "{}: run {i}: {error}", case.name);
                }
            }
            (expect, outcome) => {
                panic!("{}: run {i}: expected {expect:?}, got {outcome:?}", case.name)
            }
        }
    }
}

/// `FaultScript::always(fault)`.
pub(crate) fn always(fault: Fault) -> FaultScript {
    FaultScript::always(fault)
}
