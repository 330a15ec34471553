//! The client against the emulator on loopback (`cargo xtask bench profile-api`):
//!
//! - `fetch_contact_20ms`: every answer delayed 20 ms. One call (the floor: one round trip),
//!   `fetch_contact` of name, email and mobile number (concurrent), and the same three calls awaited
//!   one after another (what users of the official SDKs write).
//! - `client_overhead_0ms`: no delay. A bare hyper-util GET with the same headers (the floor: HTTP
//!   on loopback) against `ProfileClient::email` (policy check, retry machinery, tracing span,
//!   bounded body, JSON decoding); the difference is the client's own overhead per call.

use std::hint::black_box;
use std::time::Duration;

use alexa_consent::ProfileField;
use alexa_model::ApiContext;
use alexa_profile_api::{ContactRequest, ProfileApi, ProfileClient};
use alexa_profile_emulator::{Emulator, FaultScript, Grant, MobileNumber, Profile, Scope, Target};
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::{BodyExt, Empty};

const SCOPES: [Scope; 4] = [Scope::FullName, Scope::GivenName, Scope::Email, Scope::MobileNumber];

async fn start(latency: Option<Duration>) -> (Emulator, ProfileClient, ApiContext) {
    let mut builder = Emulator::builder().with_profile(
        "alice",
        Profile::new()
            .with_name("Alice Example")
            .with_given_name("Alice")
            .with_email("alice@example.com")
            .with_mobile_number(MobileNumber::new("+1", "415-555-2671")),
    );
    if let Some(latency) = latency {
        builder = builder.with_fault(Target::Everything, FaultScript::fixed_latency(latency));
    }
    let emulator = builder.start_local().await.expect("emulator starts");
    let client = ProfileClient::builder()
        .allow_endpoint(emulator.base_url())
        .expect("loopback URL")
        .build()
        .expect("client builds");
    let token = emulator.mint(Grant::new("alice").with_scopes(SCOPES)).expect("grant");
    let ctx = emulator.envelope(&token).launch().api_context().expect("context");
    (emulator, client, ctx)
}

fn fetch(c: &mut Criterion) {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let (_emulator, client, ctx) = runtime.block_on(start(Some(Duration::from_millis(20))));
    let three = ContactRequest::account([
        ProfileField::Name,
        ProfileField::Email,
        ProfileField::MobileNumber,
    ]);
    let mut group = c.benchmark_group("fetch_contact_20ms");
    group.sample_size(30).measurement_time(Duration::from_secs(4));
    group.bench_function("single_call", |b| {
        b.to_async(&runtime).iter(|| async { black_box(client.email(&ctx).await.expect("email")) });
    });
    group.bench_function("fetch_contact_3", |b| {
        b.to_async(&runtime).iter(|| async {
            let contact = client.fetch_contact(&ctx, &three).await;
            assert!(contact.email_value().is_some());
            black_box(contact)
        });
    });
    group.bench_function("sequential_3", |b| {
        b.to_async(&runtime).iter(|| async {
            let name = client.full_name(&ctx).await.expect("name");
            let email = client.email(&ctx).await.expect("email");
            let mobile = client.mobile_number(&ctx).await.expect("mobile");
            black_box((name, email, mobile))
        });
    });
    group.finish();
}

fn overhead(c: &mut Criterion) {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let (emulator, client, ctx) = runtime.block_on(start(None));
    let raw = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Empty<Bytes>>();
    let uri: http::Uri =
        format!("{}/v2/accounts/~current/settings/Profile.email", emulator.base_url())
            .parse()
            .expect("uri");
    let auth = format!("Bearer {}", ctx.token().expose_secret());
    let mut group = c.benchmark_group("client_overhead_0ms");
    group.bench_function("raw_hyper_get", |b| {
        b.to_async(&runtime).iter(|| async {
            let request = http::Request::get(uri.clone())
                .header(http::header::AUTHORIZATION, auth.as_str())
                .header(http::header::ACCEPT, "application/json")
                .body(Empty::<Bytes>::new())
                .expect("request");
            let response = raw.request(request).await.expect("response");
            black_box(response.into_body().collect().await.expect("body").to_bytes())
        });
    });
    group.bench_function("profile_client", |b| {
        b.to_async(&runtime).iter(|| async { black_box(client.email(&ctx).await.expect("email")) });
    });
    group.finish();
}

criterion_group!(benches, fetch, overhead);
criterion_main!(benches);
