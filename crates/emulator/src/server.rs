//! Starting, driving and stopping the emulator: [`EmulatorBuilder`] and the [`Emulator`] handle.

use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use alexa_model::ApiAccessToken;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::conn::{ResetSwitch, ResettableStream};
use crate::data::{BodyForm, BodyOnGet, Endpoint, ErrorCodes, Grant, Profile, RateLimit};
use crate::envelope::EnvelopeBuilder;
use crate::error::Error;
use crate::fault::{FaultScript, Faults, Target};
use crate::fixture::Fixture;
use crate::log::{Counts, LoggedRequest, Recorder};
use crate::service::{self, Config, Data, Shared, TokenEntry};
use crate::tls;

/// Configures and starts an [`Emulator`]. Get one from [`Emulator::builder`].
///
/// `Debug` shows profile and token names, never values.
#[derive(Clone)]
pub struct EmulatorBuilder {
    profiles: BTreeMap<String, Profile>,
    tokens: Vec<(String, String, Grant)>,
    config: Config,
    tls: Option<Vec<String>>,
    faults: Vec<(Target, FaultScript)>,
    log_capacity: usize,
    shutdown_grace: Duration,
    application_id: String,
}

/// The default skill ID of generated envelopes.
pub(crate) const DEFAULT_APPLICATION_ID: &str =
    "amzn1.ask.skill.00000000-0000-4000-8000-0000000e0001";

impl std::fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("profiles", &self.profiles.keys().collect::<Vec<_>>())
            .field("tokens", &self.tokens.iter().map(|(name, _, _)| name).collect::<Vec<_>>())
            .field("config", &self.config)
            .field("tls", &self.tls)
            .field("faults", &self.faults)
            .field("log_capacity", &self.log_capacity)
            .field("shutdown_grace", &self.shutdown_grace)
            .field("application_id", &self.application_id)
            .finish()
    }
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            profiles: BTreeMap::new(),
            tokens: Vec::new(),
            config: Config {
                body_form: BodyForm::Bare,
                rate_limit: None,
                body_on_get: BodyOnGet::Reject,
                error_codes: ErrorCodes::Observed,
            },
            tls: None,
            faults: Vec::new(),
            log_capacity: 10_000,
            shutdown_grace: Duration::from_secs(5),
            application_id: DEFAULT_APPLICATION_ID.to_owned(),
        }
    }
}

impl EmulatorBuilder {
    /// Adds (or replaces) the profile named `name`.
    #[must_use]
    pub fn with_profile(mut self, name: impl Into<String>, profile: Profile) -> Self {
        self.profiles.insert(name.into(), profile);
        self
    }

    /// Adds a token named `name` whose bearer value is the name itself (handy for `curl` and
    /// fixtures; use [`with_token_value`](Self::with_token_value) or
    /// [`Emulator::mint`] to keep the value out of the log).
    #[must_use]
    pub fn with_token(self, name: impl Into<String>, grant: Grant) -> Self {
        let name = name.into();
        self.with_token_value(name.clone(), name, grant)
    }

    /// Adds a token named `name` with the bearer value `value`. The log shows the name only.
    #[must_use]
    pub fn with_token_value(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        grant: Grant,
    ) -> Self {
        self.tokens.push((name.into(), value.into(), grant));
        self
    }

    /// Adds the profiles and tokens of a fixture file.
    #[must_use]
    pub fn with_fixture(mut self, fixture: Fixture) -> Self {
        let (profiles, tokens) = fixture.into_parts();
        self.profiles.extend(profiles);
        self.tokens.extend(tokens.into_iter().map(|t| (t.name, t.value, t.grant)));
        self
    }

    /// How names and emails are served (bare strings by default).
    #[must_use]
    pub fn with_body_form(mut self, form: BodyForm) -> Self {
        self.config.body_form = form;
        self
    }

    /// Which `code` strings error bodies use ([`ErrorCodes::Observed`] by default).
    #[must_use]
    pub fn with_error_codes(mut self, codes: ErrorCodes) -> Self {
        self.config.error_codes = codes;
        self
    }

    /// Throttles each token to `limit`, answering 429 with `Retry-After` beyond it.
    #[must_use]
    pub fn with_rate_limit(mut self, limit: RateLimit) -> Self {
        self.config.rate_limit = Some(limit);
        self
    }

    /// What to do with a GET that carries a body ([`BodyOnGet::Reject`] by default).
    #[must_use]
    pub fn with_body_on_get(mut self, policy: BodyOnGet) -> Self {
        self.config.body_on_get = policy;
        self
    }

    /// Serves HTTPS with a certificate generated at start, for `localhost`, `127.0.0.1` and
    /// `::1`, signed by a fresh CA whose certificate [`Emulator::ca_certificate_pem`] gives.
    #[must_use]
    pub fn with_tls(self) -> Self {
        self.with_tls_names(["localhost", "127.0.0.1", "::1"])
    }

    /// As [`with_tls`](Self::with_tls), for these DNS names and IP addresses.
    #[must_use]
    pub fn with_tls_names(mut self, names: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tls = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Installs a fault script from the start (see [`Emulator::set_fault`]).
    #[must_use]
    pub fn with_fault(mut self, target: Target, script: FaultScript) -> Self {
        self.faults.push((target, script));
        self
    }

    /// Keeps the last `capacity` requests in the request log (10,000 by default; 0 keeps none).
    #[must_use]
    pub fn with_log_capacity(mut self, capacity: usize) -> Self {
        self.log_capacity = capacity;
        self
    }

    /// How long [`Emulator::shutdown`] lets open requests finish before dropping their
    /// connections (5 s by default).
    #[must_use]
    pub fn with_shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// The skill ID of generated envelopes.
    #[must_use]
    pub fn with_application_id(mut self, application_id: impl Into<String>) -> Self {
        self.application_id = application_id.into();
        self
    }

    /// Starts on `127.0.0.1` on a free port.
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start).
    pub async fn start_local(self) -> Result<Emulator, Error> {
        self.start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Starts listening on `addr` (port 0 picks a free port) on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// [`Error::Bind`] when the address cannot be bound, [`Error::Tls`] when the certificate
    /// cannot be made, [`Error::UnknownProfile`] when a token's grant names a profile that does
    /// not exist, [`Error::DuplicateToken`] when two tokens share a name or a value.
    pub async fn start(self, addr: SocketAddr) -> Result<Emulator, Error> {
        let mut data = Data {
            profiles: self.profiles.into_iter().map(|(k, v)| (k, Arc::new(v))).collect(),
            ..Data::default()
        };
        for (name, value, grant) in self.tokens {
            check_profiles(&data.profiles, &grant)?;
            if data.names.contains_key(&name) || data.tokens.contains_key(&value) {
                return Err(Error::DuplicateToken { name });
            }
            data.names.insert(name.clone(), value.clone());
            data.tokens.insert(value, Arc::new(TokenEntry::new(name, grant)));
        }
        let tls = self.tls.as_deref().map(tls::generate).transpose()?;
        let listener =
            TcpListener::bind(addr).await.map_err(|source| Error::Bind { addr, source })?;
        let local_addr = listener.local_addr().map_err(|source| Error::Bind { addr, source })?;
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let faults = Faults::default();
        for (target, script) in self.faults {
            faults.set(target, script);
        }
        let shared = Arc::new(Shared {
            data: RwLock::new(data),
            config: self.config,
            faults,
            recorder: Recorder::new(self.log_capacity),
            minted: AtomicU64::new(0),
            shutdown: shutdown_rx.clone(),
        });
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base_url = format!("{scheme}://{local_addr}");
        let acceptor = tls.as_ref().map(|t| tokio_rustls::TlsAcceptor::from(t.config.clone()));
        let task = tokio::spawn(accept_loop(
            listener,
            acceptor,
            shared.clone(),
            shutdown_rx,
            self.shutdown_grace,
        ));
        tracing::debug!(%base_url, "alexa-profile-emulator listening");
        Ok(Emulator {
            shared,
            local_addr,
            base_url,
            ca: tls.map(|t| (t.ca_pem, t.ca_der)),
            application_id: self.application_id,
            shutdown: shutdown_tx,
            task: Some(task),
        })
    }
}

fn check_profiles(profiles: &HashMap<String, Arc<Profile>>, grant: &Grant) -> Result<(), Error> {
    for name in std::iter::once(grant.account()).chain(grant.person()) {
        if !profiles.contains_key(name) {
            return Err(Error::UnknownProfile { profile: name.to_owned() });
        }
    }
    Ok(())
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
    grace: Duration,
) {
    let builder = Arc::new(auto::Builder::new(TokioExecutor::new()));
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(
                        stream,
                        acceptor.clone(),
                        builder.clone(),
                        shared.clone(),
                        shutdown.clone(),
                    ));
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = async { let _ = shutdown.wait_for(|down| *down).await; } => break,
        }
    }
    drop(listener);
    let drained =
        tokio::time::timeout(grace, async { while connections.join_next().await.is_some() {} });
    if drained.await.is_err() {
        connections.abort_all();
    }
}

async fn serve_connection(
    stream: TcpStream,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    builder: Arc<auto::Builder<TokioExecutor>>,
    shared: Arc<Shared>,
    shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let (stream, reset) = ResettableStream::new(stream);
    match acceptor {
        None => drive(&builder, TokioIo::new(stream), shared, reset, shutdown).await,
        Some(acceptor) => match acceptor.accept(stream).await {
            Ok(tls) => drive(&builder, TokioIo::new(tls), shared, reset, shutdown).await,
            Err(e) => tracing::debug!(error = %e, "tls handshake failed"),
        },
    }
}

async fn drive<I>(
    builder: &auto::Builder<TokioExecutor>,
    io: I,
    shared: Arc<Shared>,
    reset: ResetSwitch,
    mut shutdown: watch::Receiver<bool>,
) where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let service =
        service_fn(move |request| service::handle(shared.clone(), reset.clone(), request));
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let finished = tokio::select! {
        result = connection.as_mut() => Some(result),
        () = async { let _ = shutdown.wait_for(|down| *down).await; } => None,
    };
    let result = match finished {
        Some(result) => result,
        None => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "connection ended with an error");
    }
}

/// A token the emulator knows: its name (what the log shows), its bearer value and its grant.
///
/// `Debug` shows the name and the grant, never the value.
#[derive(Debug, Clone)]
pub struct Token {
    name: String,
    value: ApiAccessToken,
    grant: Grant,
}

impl Token {
    /// The name: a fixture key, a builder name, or `minted-N`.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The bearer value, to put in `context.System.apiAccessToken` or an `Authorization` header.
    #[must_use]
    pub fn value(&self) -> &ApiAccessToken {
        &self.value
    }

    /// What the token may read (as it was when this `Token` was made).
    #[must_use]
    pub fn grant(&self) -> &Grant {
        &self.grant
    }
}

/// A running emulator. Dropping it stops the server at once; [`shutdown`](Emulator::shutdown)
/// stops it gracefully.
///
/// Every method that reads or changes state takes effect for the next request, from any task.
/// `Debug` shows the address and the token names, never token values.
pub struct Emulator {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    base_url: String,
    ca: Option<(String, Vec<u8>)>,
    application_id: String,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

/// Alphabet of minted token values (URL-safe, like a JWT's).
const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

impl Emulator {
    /// A builder with no profile, no token and the defaults.
    #[must_use]
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The base URL, such as `http://127.0.0.1:41234` (no trailing slash): what an envelope's
    /// `apiEndpoint` holds.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the emulator listens on.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The PEM of the CA that signed the server certificate, when TLS is on: the root a client
    /// must trust.
    #[must_use]
    pub fn ca_certificate_pem(&self) -> Option<&str> {
        self.ca.as_ref().map(|(pem, _)| pem.as_str())
    }

    /// The DER of the CA certificate, when TLS is on.
    #[must_use]
    pub fn ca_certificate_der(&self) -> Option<&[u8]> {
        self.ca.as_ref().map(|(_, der)| der.as_slice())
    }

    /// Requests received so far, per endpoint.
    #[must_use]
    pub fn counts(&self) -> Counts {
        self.shared.recorder.counts()
    }

    /// Requests received so far by `endpoint`.
    #[must_use]
    pub fn count(&self, endpoint: Endpoint) -> u64 {
        self.counts().get(endpoint)
    }

    /// The request log, oldest first (the last 10,000 requests unless configured otherwise).
    #[must_use]
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.recorder.entries()
    }

    /// Empties the request log and sets every count to zero.
    pub fn reset_log(&self) {
        self.shared.recorder.clear();
    }

    /// Mints a token with a random value for `grant`, named `minted-N`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownProfile`] when the grant names a profile that does not exist.
    pub fn mint(&self, grant: Grant) -> Result<Token, Error> {
        let n = self.shared.minted.fetch_add(1, Ordering::Relaxed) + 1;
        let name = format!("minted-{n}");
        let mut value = String::from("Atza|emu.");
        value.extend(
            (0..43).map(|_| char::from(TOKEN_ALPHABET[fastrand::usize(..TOKEN_ALPHABET.len())])),
        );
        let mut data = self.shared.data.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        check_profiles(&data.profiles, &grant)?;
        data.names.insert(name.clone(), value.clone());
        data.tokens.insert(value.clone(), Arc::new(TokenEntry::new(name.clone(), grant.clone())));
        Ok(Token { name, value: ApiAccessToken::new(value), grant })
    }

    /// The token named `name`, as it is now.
    #[must_use]
    pub fn token(&self, name: &str) -> Option<Token> {
        let data = self.shared.data.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let value = data.names.get(name)?;
        let entry = data.tokens.get(value)?;
        Some(Token {
            name: name.to_owned(),
            value: ApiAccessToken::new(value.clone()),
            grant: entry.grant.clone(),
        })
    }

    /// Replaces the grant of the token named `name` (the customer granted or revoked a scope).
    /// Its rate-limit state starts afresh.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownToken`] or [`Error::UnknownProfile`].
    pub fn set_grant(&self, name: &str, grant: Grant) -> Result<(), Error> {
        let mut data = self.shared.data.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        check_profiles(&data.profiles, &grant)?;
        let value = data
            .names
            .get(name)
            .cloned()
            .ok_or_else(|| Error::UnknownToken { name: name.to_owned() })?;
        data.tokens.insert(value, Arc::new(TokenEntry::new(name.to_owned(), grant)));
        Ok(())
    }

    /// Forgets the token named `name`: it is answered 401 from now on. Returns whether it existed.
    pub fn revoke(&self, name: &str) -> bool {
        let mut data = self.shared.data.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        match data.names.remove(name) {
            Some(value) => data.tokens.remove(&value).is_some(),
            None => false,
        }
    }

    /// Adds or replaces the profile named `name` (the customer edited their contact information).
    pub fn set_profile(&self, name: impl Into<String>, profile: Profile) {
        let mut data = self.shared.data.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        data.profiles.insert(name.into(), Arc::new(profile));
    }

    /// Installs `script` for `target`, replacing the script that target had; its steps start from
    /// the first.
    pub fn set_fault(&self, target: Target, script: FaultScript) {
        self.shared.faults.set(target, script);
    }

    /// Removes every fault script.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Generates request envelopes for `token`, whose `apiEndpoint` is this emulator.
    #[must_use]
    pub fn envelope<'a>(&'a self, token: &'a Token) -> EnvelopeBuilder<'a> {
        EnvelopeBuilder::new(&self.base_url, &self.application_id, token)
    }

    /// Stops accepting connections, lets open requests finish (up to the shutdown grace, 5 s by
    /// default; stalled requests are released at once), then returns.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .field("tls", &self.ca.is_some())
            .field("data", &self.shared.data)
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
