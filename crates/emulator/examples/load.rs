//! The emulator's load benchmark (`cargo xtask bench emulator-load`): closed-loop clients on
//! loopback, each sending its next request as soon as the previous answer is read, measuring
//! throughput and latency percentiles.
//!
//! ```text
//! cargo run --release -p alexa-profile-emulator --example load -- [--markdown FILE] [--quick]
//! ```
//!
//! The server runs on a 2-worker tokio runtime and the load generator on another 2-worker
//! runtime in the same process, so both share the machine's cores (two on CI). Each scenario
//! warms up, then measures for a fixed time; every request is a GET of one of the four account
//! endpoints (rotating) with a token granted all four scopes, and must answer 200.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use alexa_profile_emulator::{
    Emulator, Endpoint, Grant, MobileNumber, Profile, ProfileField, Scope,
};
use bytes::Bytes;
use http::Request;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Http1,
    Http2,
    Http1Tls,
}

#[derive(Debug, Clone, Copy)]
struct Scenario {
    name: &'static str,
    protocol: Protocol,
    connections: usize,
    /// Requests in flight per connection (HTTP/2 streams; 1 for HTTP/1.1).
    streams: usize,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "HTTP/1.1 keep-alive",
        protocol: Protocol::Http1,
        connections: 32,
        streams: 1,
    },
    Scenario {
        name: "HTTP/2 prior knowledge",
        protocol: Protocol::Http2,
        connections: 4,
        streams: 8,
    },
    Scenario {
        name: "HTTPS HTTP/1.1 keep-alive",
        protocol: Protocol::Http1Tls,
        connections: 32,
        streams: 1,
    },
];

#[derive(Debug, Default)]
struct Measured {
    latencies_us: Vec<u32>,
    errors: u64,
}

struct Target {
    addr: SocketAddr,
    token: String,
    root: Option<CertificateDer<'static>>,
}

fn request(token: &str, n: usize) -> Result<Request<Empty<Bytes>>, Error> {
    let endpoints = Endpoint::all();
    let path = endpoints[n % 4].path();
    Ok(Request::get(path)
        .header("host", "127.0.0.1")
        .header("authorization", format!("Bearer {token}"))
        .header("accept", "application/json")
        .body(Empty::new())?)
}

/// One client loop: requests until `until`, recording the latency of those that start after
/// `measure_from` (requests/s is the number of those over the measured time).
async fn run_http1(
    mut sender: hyper::client::conn::http1::SendRequest<Empty<Bytes>>,
    token: Arc<str>,
    measure_from: Instant,
    until: Instant,
) -> Result<Measured, Error> {
    let mut out = Measured::default();
    let mut n = 0usize;
    while Instant::now() < until {
        sender.ready().await?;
        let started = Instant::now();
        let response = sender.send_request(request(&token, n)?).await?;
        let ok = response.status() == 200;
        response.into_body().collect().await?;
        if started >= measure_from {
            out.latencies_us.push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
            out.errors += u64::from(!ok);
        }
        n += 1;
    }
    Ok(out)
}

async fn run_http2(
    sender: hyper::client::conn::http2::SendRequest<Empty<Bytes>>,
    token: Arc<str>,
    measure_from: Instant,
    until: Instant,
) -> Result<Measured, Error> {
    let mut out = Measured::default();
    let mut n = 0usize;
    let mut sender = sender;
    while Instant::now() < until {
        sender.ready().await?;
        let started = Instant::now();
        let response = sender.send_request(request(&token, n)?).await?;
        let ok = response.status() == 200;
        response.into_body().collect().await?;
        if started >= measure_from {
            out.latencies_us.push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
            out.errors += u64::from(!ok);
        }
        n += 1;
    }
    Ok(out)
}

async fn tls_connect(
    addr: SocketAddr,
    root: CertificateDer<'static>,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    Ok(connector.connect(ServerName::try_from("localhost")?, stream).await?)
}

async fn scenario(
    target: &Target,
    s: Scenario,
    warm_up: Duration,
    measure: Duration,
) -> Result<(Measured, Duration), Error> {
    let token: Arc<str> = Arc::from(target.token.as_str());
    let mut tasks = Vec::new();
    // Connect everything first, then start the clock.
    let mut senders1 = Vec::new();
    let mut senders2 = Vec::new();
    for _ in 0..s.connections {
        match s.protocol {
            Protocol::Http1 => {
                let stream = TcpStream::connect(target.addr).await?;
                stream.set_nodelay(true)?;
                let (sender, conn) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
                tokio::spawn(conn);
                senders1.push(sender);
            }
            Protocol::Http1Tls => {
                let root = target.root.clone().ok_or("no root")?;
                let stream = tls_connect(target.addr, root).await?;
                let (sender, conn) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
                tokio::spawn(conn);
                senders1.push(sender);
            }
            Protocol::Http2 => {
                let stream = TcpStream::connect(target.addr).await?;
                stream.set_nodelay(true)?;
                let (sender, conn) = hyper::client::conn::http2::handshake(
                    TokioExecutor::new(),
                    TokioIo::new(stream),
                )
                .await?;
                tokio::spawn(conn);
                senders2.push(sender);
            }
        }
    }
    let start = Instant::now();
    let measure_from = start + warm_up;
    let until = measure_from + measure;
    for sender in senders1 {
        tasks.push(tokio::spawn(run_http1(sender, token.clone(), measure_from, until)));
    }
    for sender in senders2 {
        for _ in 0..s.streams {
            tasks.push(tokio::spawn(run_http2(sender.clone(), token.clone(), measure_from, until)));
        }
    }
    let mut all = Measured::default();
    for task in tasks {
        let m = task.await??;
        all.latencies_us.extend(m.latencies_us);
        all.errors += m.errors;
    }
    Ok((all, measure))
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64)).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0
}

fn main() -> Result<(), Error> {
    let mut markdown = None;
    let mut quick = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--markdown" => markdown = Some(args.next().ok_or("--markdown needs a file")?),
            "--quick" => quick = true,
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let (warm_up, measure) = if quick {
        (Duration::from_millis(500), Duration::from_secs(2))
    } else {
        (Duration::from_secs(1), Duration::from_secs(5))
    };

    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("emulator")
        .enable_all()
        .build()?;
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("load")
        .enable_all()
        .build()?;
    let profile = Profile::new()
        .with_name("Alice Example")
        .with_given_name("Alice")
        .with_email("alice@example.com")
        .with_mobile_number(MobileNumber::new("+1", "415-555-2671"));
    let grant = Grant::new("alice").with_scopes([
        Scope::FullName,
        Scope::GivenName,
        Scope::Email,
        Scope::MobileNumber,
    ]);

    let mut rows = Vec::new();
    for s in SCENARIOS {
        // A fresh emulator per scenario (with TLS for the HTTPS one); the log keeps nothing.
        let (emulator, target) = server_rt.block_on(async {
            let mut builder =
                Emulator::builder().with_profile("alice", profile.clone()).with_log_capacity(0);
            if s.protocol == Protocol::Http1Tls {
                builder = builder.with_tls();
            }
            let emulator = builder.start_local().await?;
            let token = emulator.mint(grant.clone())?;
            let target = Target {
                addr: emulator.local_addr(),
                token: token.value().expose_secret().to_owned(),
                root: emulator.ca_certificate_der().map(|d| CertificateDer::from(d.to_vec())),
            };
            Ok::<_, Error>((emulator, target))
        })?;
        let (measured, window) = client_rt.block_on(scenario(&target, *s, warm_up, measure))?;
        let served = emulator.counts();
        let email = served.get(Endpoint::account(ProfileField::Email));
        server_rt.block_on(emulator.shutdown());
        let mut lat = measured.latencies_us;
        lat.sort_unstable();
        let n = lat.len();
        let rps = n as f64 / window.as_secs_f64();
        let row = (
            s,
            n,
            rps,
            percentile(&lat, 50.0),
            percentile(&lat, 99.0),
            percentile(&lat, 99.9),
            measured.errors,
        );
        println!(
            "{:<28} {:>3} conns x {:>2} in flight: {:>8} requests, {:>9.0} req/s, p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms, {} non-200 (email served {email})",
            s.name, s.connections, s.streams, n, rps, row.3, row.4, row.5, row.6
        );
        rows.push(row);
    }

    let mut md = String::new();
    let _ = writeln!(
        md,
        "Warm-up {warm_up:?}, then {measure:?} measured per scenario{}.",
        if quick { " (`--quick`)" } else { "" }
    );
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "| scenario | connections | in flight | requests | requests/s | p50 | p99 | p99.9 | non-200 |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (s, n, rps, p50, p99, p999, errors) in &rows {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {n} | {rps:.0} | {p50:.2} ms | {p99:.2} ms | {p999:.2} ms | {errors} |",
            s.name,
            s.connections,
            s.connections * s.streams
        );
    }
    if let Some(path) = markdown {
        std::fs::write(&path, md)?;
        println!("wrote {path}");
    } else {
        print!("{md}");
    }
    Ok(())
}
