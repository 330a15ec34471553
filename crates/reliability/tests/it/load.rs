//! Load, small enough for CI: 1,000 calls at concurrency 64 from the client to the emulator, with
//! no unexpected error and exactly 1,000 requests counted at the emulator (nothing is cached).
//! The 10,000-call figures of `docs/reliability.md` come from `examples/client_load.rs`.

use alexa_consent::ProfileField;
use alexa_profile_api::RetryPolicy;
use alexa_profile_emulator::Endpoint;
use alexa_reliability_tests::{canary, load};

use crate::support::{client, context, emulator_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_calls_at_concurrency_64_all_succeed_and_all_reach_the_server() {
    let emulator =
        emulator_with(alexa_profile_emulator::Emulator::builder().with_log_capacity(0)).await;
    let client = client(emulator.base_url(), RetryPolicy::standard());
    let ctx = context(emulator.base_url(), canary::TOKEN);
    let report = load::run(&client, &ctx, 1_000, 64).await;
    assert_eq!(report.failures, 0);
    assert_eq!(report.latencies.len(), 1_000);
    assert_eq!(emulator.count(Endpoint::account(ProfileField::Email)), 1_000);
    assert_eq!(emulator.counts().total(), 1_000);
    assert!(report.percentile(50.0) <= report.percentile(99.0));
}
