//! Test helpers: a certificate authority made at test time, a loopback server for certificate
//! chains, a clock the test moves, and signed requests.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use alexa_skill_hosting::{SIGNATURE_256, SIGNATURE_CERT_CHAIN_URL, Verifier, VerifierBuilder};
use base64::Engine as _;
use http::HeaderMap;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SigningKey, date_time_ymd,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The RSA key of the signing certificates. ring (rcgen's backend here) cannot generate RSA keys,
/// so this one test-only key was made once with `openssl genpkey -algorithm RSA`; every
/// certificate is still made at test time.
const SIGNING_KEY_PEM: &str = include_str!("../data/test-signing-key.pk8.pem");

/// The test's "now": 2030-06-01T00:00:00Z, inside the default leaf's validity.
pub(crate) const NOW: &str = "2030-06-01T00:00:00Z";
pub(crate) const NOW_UNIX: u64 = 1_906_502_400;

/// The default certificate URL of the tests.
pub(crate) const CERT_URL: &str = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem";

/// How to make the signing certificate.
pub(crate) struct LeafOptions {
    pub(crate) sans: Vec<&'static str>,
    pub(crate) not_before: (i32, u8, u8),
    pub(crate) not_after: (i32, u8, u8),
    /// Put the intermediate in the served chain (without it the chain cannot be built).
    pub(crate) with_intermediate: bool,
}

impl Default for LeafOptions {
    fn default() -> Self {
        LeafOptions {
            sans: vec!["echo-api.amazon.com"],
            not_before: (2030, 1, 1),
            not_after: (2031, 1, 1),
            with_intermediate: true,
        }
    }
}

/// A root CA, an intermediate and a signing certificate, all made now.
pub(crate) struct Pki {
    pub(crate) root_pem: String,
    pub(crate) chain_pem: String,
    leaf_key: KeyPair,
}

impl Pki {
    pub(crate) fn new() -> Pki {
        Pki::with(LeafOptions::default())
    }

    pub(crate) fn with(options: LeafOptions) -> Pki {
        let root_key = KeyPair::generate().unwrap();
        let mut root_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        root_params.distinguished_name.push(DnType::CommonName, "Test Root CA");
        root_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        root_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        root_params.not_before = date_time_ymd(2020, 1, 1);
        root_params.not_after = date_time_ymd(2040, 1, 1);
        let root = root_params.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::new(root_params, root_key);

        let inter_key = KeyPair::generate().unwrap();
        let mut inter_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        inter_params.distinguished_name.push(DnType::CommonName, "Test Intermediate CA");
        inter_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        inter_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        inter_params.not_before = date_time_ymd(2020, 1, 1);
        inter_params.not_after = date_time_ymd(2040, 1, 1);
        let inter = inter_params.signed_by(&inter_key, &root_issuer).unwrap();
        let inter_issuer = Issuer::new(inter_params, inter_key);

        let leaf_key = KeyPair::from_pem(SIGNING_KEY_PEM).unwrap();
        let sans: Vec<String> = options.sans.into_iter().map(str::to_owned).collect();
        let mut leaf_params = CertificateParams::new(sans).unwrap();
        leaf_params.distinguished_name.push(DnType::CommonName, "echo-api.amazon.com");
        leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf_params.extended_key_usages =
            vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth];
        let (y, m, d) = options.not_before;
        leaf_params.not_before = date_time_ymd(y, m, d);
        let (y, m, d) = options.not_after;
        leaf_params.not_after = date_time_ymd(y, m, d);
        let leaf = leaf_params.signed_by(&leaf_key, &inter_issuer).unwrap();

        let mut chain_pem = leaf.pem();
        if options.with_intermediate {
            chain_pem.push_str(&inter.pem());
        }
        Pki { root_pem: root.pem(), chain_pem, leaf_key }
    }

    /// The base64 RSA-SHA256 signature of `body` by the signing certificate's key.
    pub(crate) fn sign(&self, body: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.leaf_key.sign(body).unwrap())
    }

    /// The signature headers of `body`, pointing at `CERT_URL`.
    pub(crate) fn headers(&self, body: &[u8]) -> HeaderMap {
        signed_headers(CERT_URL, &self.sign(body))
    }
}

pub(crate) fn signed_headers(cert_url: &str, signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_CERT_CHAIN_URL, cert_url.parse().unwrap());
    headers.insert(SIGNATURE_256, signature.parse().unwrap());
    headers
}

/// A clock the test sets, in seconds since the epoch.
#[derive(Clone)]
pub(crate) struct TestClock(Arc<AtomicU64>);

impl TestClock {
    pub(crate) fn at(unix: u64) -> TestClock {
        TestClock(Arc::new(AtomicU64::new(unix)))
    }

    pub(crate) fn set(&self, unix: u64) {
        self.0.store(unix, Ordering::SeqCst);
    }

    pub(crate) fn advance(&self, by: Duration) {
        self.0.fetch_add(by.as_secs(), Ordering::SeqCst);
    }

    pub(crate) fn clock(&self) -> Arc<dyn alexa_skill_hosting::Clock> {
        let secs = Arc::clone(&self.0);
        Arc::new(move || UNIX_EPOCH + Duration::from_secs(secs.load(Ordering::SeqCst)))
    }
}

/// What the chain server answers for a path.
#[derive(Clone)]
pub(crate) enum Reply {
    Ok(String),
    Status(u16),
    /// 200 with a body of this many bytes and no `Content-Length` (the end is the close).
    Unsized(usize),
    /// Accepts, reads the request, and never answers.
    Stall,
}

/// A loopback HTTP/1.1 server for certificate chains. Counts the requests it served.
pub(crate) struct ChainServer {
    origin: String,
    hits: Arc<AtomicUsize>,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
}

impl ChainServer {
    pub(crate) async fn start() -> ChainServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let (h, r) = (Arc::clone(&hits), Arc::clone(&routes));
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else { return };
                let (hits, routes) = (Arc::clone(&h), Arc::clone(&r));
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    hits.fetch_add(1, Ordering::SeqCst);
                    let line = String::from_utf8_lossy(&request);
                    let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                    let reply =
                        routes.lock().unwrap().get(&path).cloned().unwrap_or(Reply::Status(404));
                    let response = match reply {
                        Reply::Ok(body) => format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        )
                        .into_bytes(),
                        Reply::Status(status) => format!(
                            "HTTP/1.1 {status} Whatever\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        )
                        .into_bytes(),
                        Reply::Unsized(n) => {
                            let mut r = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
                            r.resize(r.len() + n, b'A');
                            r
                        }
                        Reply::Stall => {
                            tokio::time::sleep(Duration::from_secs(30)).await;
                            return;
                        }
                    };
                    let _ = stream.write_all(&response).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        ChainServer { origin, hits, routes }
    }

    /// Serves `reply` at the path of `cert_url` (after `https://s3.amazonaws.com`).
    pub(crate) fn route(&self, cert_url: &str, reply: Reply) {
        let path = cert_url.strip_prefix("https://s3.amazonaws.com").unwrap().to_owned();
        self.routes.lock().unwrap().insert(path, reply);
    }

    pub(crate) fn origin(&self) -> &str {
        &self.origin
    }

    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// A verifier that trusts `pki`'s root, fetches from `server`, and reads `clock`.
pub(crate) fn builder(pki: &Pki, server: &ChainServer, clock: &TestClock) -> VerifierBuilder {
    Verifier::builder()
        .trust_roots_pem(pki.root_pem.as_bytes())
        .unwrap()
        .fetch_origin_override(server.origin())
        .unwrap()
        .clock(clock.clock())
}

/// A PKI, a server serving its chain at `CERT_URL`, a clock at `NOW` and a verifier of them.
pub(crate) struct Setup {
    pub(crate) pki: Pki,
    pub(crate) server: ChainServer,
    pub(crate) clock: TestClock,
    pub(crate) verifier: Verifier,
}

impl Setup {
    pub(crate) async fn new() -> Setup {
        Setup::with(Pki::new()).await
    }

    pub(crate) async fn with(pki: Pki) -> Setup {
        let server = ChainServer::start().await;
        server.route(CERT_URL, Reply::Ok(pki.chain_pem.clone()));
        let clock = TestClock::at(NOW_UNIX);
        let verifier = builder(&pki, &server, &clock).build().unwrap();
        Setup { pki, server, clock, verifier }
    }
}

/// A request envelope of `request_type` with `timestamp`.
pub(crate) fn envelope(request_type: &str, timestamp: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "version": "1.0",
        "context": {"System": {
            "application": {"applicationId": "amzn1.ask.skill.test"},
            "user": {"userId": "amzn1.ask.account.TEST"},
            "apiEndpoint": "https://api.amazonalexa.com",
            "apiAccessToken": "secret-token-never-logged"
        }},
        "request": {"type": request_type, "requestId": "amzn1.echo-api.request.1", "timestamp": timestamp, "locale": "en-US"}
    });
    serde_json::to_vec(&body).unwrap()
}

/// A launch request at `NOW`.
pub(crate) fn launch() -> Vec<u8> {
    envelope("LaunchRequest", NOW)
}
