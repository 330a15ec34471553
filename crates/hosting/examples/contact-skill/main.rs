//! `contact-skill`: a complete skill that uses the customer's contact information.
//!
//! ```text
//! cargo run -p alexa-skill-hosting --example contact-skill -- --listen 127.0.0.1:3000
//!     [--no-verify] [--allow-endpoint URL] [--skill-id ID]
//! ```
//!
//! As a web service it answers `POST /`, verifying every request's signature (certificate chain,
//! `Signature-256`, timestamp); `--no-verify` turns that off for local testing and prints a
//! warning. `--allow-endpoint` lets the profile client call a non-Amazon `apiEndpoint` such as the
//! emulator (`alexa-profile emulate`). Built with the `lambda` feature, the same handler runs as an
//! AWS Lambda function when `AWS_LAMBDA_RUNTIME_API` is set (or with `--lambda`); see
//! `docs/hosting.md`.

#![allow(clippy::print_stderr, reason = "a command-line example reports on the terminal")]

mod skill;

use std::process::ExitCode;
use std::sync::Arc;

use alexa_profile_api::ProfileClient;

use crate::skill::ContactSkill;

#[derive(Debug, Default)]
struct Args {
    listen: Option<String>,
    no_verify: bool,
    allow_endpoint: Vec<String>,
    skill_id: Option<String>,
    lambda: bool,
}

const USAGE: &str = "usage: contact-skill [--listen ADDR] [--no-verify] [--allow-endpoint URL]... [--skill-id ID] [--lambda]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => args.listen = Some(value("--listen")?),
            "--no-verify" => args.no_verify = true,
            "--allow-endpoint" => args.allow_endpoint.push(value("--allow-endpoint")?),
            "--skill-id" => args.skill_id = Some(value("--skill-id")?),
            "--lambda" => args.lambda = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("contact-skill: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("contact-skill: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("contact-skill: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let mut builder = ProfileClient::builder();
    for endpoint in &args.allow_endpoint {
        builder = builder
            .allow_endpoint(endpoint)
            .map_err(|e| format!("--allow-endpoint {endpoint}: {e}"))?;
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let skill = ContactSkill::new(Arc::new(client));

    if args.lambda || std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        return run_lambda(skill, args.skill_id).await;
    }
    serve(skill, &args).await
}

#[cfg(feature = "lambda")]
async fn run_lambda(skill: ContactSkill, skill_id: Option<String>) -> Result<(), String> {
    let mut adapter = alexa_skill_hosting::LambdaAdapter::new(skill);
    if let Some(id) = skill_id {
        adapter = adapter.with_skill_id(id);
    }
    adapter.run().await.map_err(|e| e.to_string())
}

#[cfg(not(feature = "lambda"))]
async fn run_lambda(_: ContactSkill, _: Option<String>) -> Result<(), String> {
    Err("built without the `lambda` feature (add `--features lambda`)".to_owned())
}

#[cfg(feature = "web")]
async fn serve(skill: ContactSkill, args: &Args) -> Result<(), String> {
    use alexa_skill_hosting::{SkillService, Verifier};

    let listen = args.listen.as_deref().unwrap_or("127.0.0.1:3000");
    let mut service = if args.no_verify {
        eprintln!(
            "WARNING: request signature verification is OFF (--no-verify). Anyone who can reach \
             this port can post forged requests. Use it only for local testing."
        );
        SkillService::without_verification(skill)
    } else {
        SkillService::new(skill, Verifier::new().map_err(|e| e.to_string())?)
    };
    if let Some(id) = &args.skill_id {
        service = service.with_skill_id(id.clone());
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!(
        "contact-skill listening on http://{addr}/ (signature verification {})",
        if args.no_verify { "off" } else { "on" }
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    alexa_skill_hosting::serve(listener, service, shutdown).await.map_err(|e| e.to_string())
}

#[cfg(not(feature = "web"))]
async fn serve(_: ContactSkill, _: &Args) -> Result<(), String> {
    Err("built without the `web` feature: run it on AWS Lambda (`--lambda`)".to_owned())
}
