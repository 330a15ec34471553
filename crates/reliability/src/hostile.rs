//! A small hostile HTTP/1.1 server on raw tokio TCP: every misbehaviour that a library server
//! such as hyper refuses to produce (a lying `Content-Length`, a 2 MB header, a reset in the
//! middle of a body) or that is easier to prove at the byte level.
//!
//! Each accepted connection reads one request head (at most 64 KiB), then does what its
//! [`Behavior`] says; behaviours that answer completely keep the connection open for the next
//! request, as a keep-alive server would. [`HostileServer::accepted`] counts connections.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does once it has read a request head.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Behavior {
    /// Accept the connection, read the request, and never send a byte.
    Silence,
    /// Send a complete `200` head (`Content-Length: 20`), then nothing.
    HeadThenStall,
    /// Send a `200` head with `Content-Length`, then the body one byte every `every`.
    Trickle {
        /// The interval between bytes.
        every: Duration,
    },
    /// Close the connection with a TCP reset before any response byte.
    ResetBeforeResponse,
    /// Send the head and part of the body, then reset.
    ResetMidBody,
    /// Announce more body than is sent (`Content-Length: 100`, 10 bytes), then close.
    ContentLengthTooBig,
    /// Announce less body than is sent (`Content-Length: 10` for a 25-byte JSON object), and keep
    /// the connection open.
    ContentLengthTooSmall,
    /// A chunked body that never ends (16 KiB chunks, as fast as the client reads).
    EndlessChunked,
    /// A body of this many bytes with a truthful `Content-Length`.
    LargeBody(usize),
    /// A `200` head with one header whose value is this many bytes.
    LargeHeader(usize),
    /// Exactly these bytes as the response, then keep the connection open.
    Raw(&'static [u8]),
}

/// A running hostile server; dropping it stops accepting.
#[derive(Debug)]
pub struct HostileServer {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl HostileServer {
    /// Binds on `127.0.0.1`, a free port, on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound.
    pub async fn start(behavior: Behavior) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let behavior = behavior.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, &behavior).await;
                });
            }
        });
        Ok(HostileServer { addr, accepted, task })
    }

    /// `http://127.0.0.1:PORT`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many connections were accepted.
    #[must_use]
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

static FILL: [u8; 16 * 1024] = [b'a'; 16 * 1024];

/// Reads one request head; `false` when the peer closed first.
async fn read_head(stream: &mut TcpStream) -> io::Result<bool> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(false);
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > 64 * 1024 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "request head too large"));
        }
    }
    Ok(true)
}

fn reset(stream: TcpStream) {
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}

async fn serve(mut stream: TcpStream, behavior: &Behavior) -> io::Result<()> {
    const JSON_HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n";
    loop {
        if !read_head(&mut stream).await? {
            return Ok(());
        }
        match behavior {
            Behavior::Silence => return park(stream).await,
            Behavior::HeadThenStall => {
                stream
                    .write_all(format!("{JSON_HEAD}content-length: 20\r\n\r\n").as_bytes())
                    .await?;
                return park(stream).await;
            }
            Behavior::Trickle { every } => {
                let body = b"\"a trickled answer\"";
                let head = format!("{JSON_HEAD}content-length: {}\r\n\r\n", body.len());
                stream.write_all(head.as_bytes()).await?;
                for byte in body {
                    tokio::time::sleep(*every).await;
                    stream.write_all(&[*byte]).await?;
                }
            }
            Behavior::ResetBeforeResponse => {
                reset(stream);
                return Ok(());
            }
            Behavior::ResetMidBody => {
                let head = format!("{JSON_HEAD}content-length: 40\r\n\r\n\"half of the");
                stream.write_all(head.as_bytes()).await?;
                stream.flush().await?;
                tokio::time::sleep(Duration::from_millis(20)).await;
                reset(stream);
                return Ok(());
            }
            Behavior::ContentLengthTooBig => {
                let answer = format!("{JSON_HEAD}content-length: 100\r\n\r\n\"ten bytes\"");
                stream.write_all(answer.as_bytes()).await?;
                stream.shutdown().await?;
                return Ok(());
            }
            Behavior::ContentLengthTooSmall => {
                let answer =
                    format!("{JSON_HEAD}content-length: 10\r\n\r\n{{\"name\": \"Alice Example\"}}");
                stream.write_all(answer.as_bytes()).await?;
            }
            Behavior::EndlessChunked => {
                let head = format!("{JSON_HEAD}transfer-encoding: chunked\r\n\r\n1\r\n\"\r\n");
                stream.write_all(head.as_bytes()).await?;
                loop {
                    stream.write_all(b"4000\r\n").await?;
                    stream.write_all(&FILL).await?;
                    stream.write_all(b"\r\n").await?;
                }
            }
            Behavior::LargeBody(bytes) => {
                let bytes = (*bytes).max(2);
                let head = format!("{JSON_HEAD}content-length: {bytes}\r\n\r\n\"");
                stream.write_all(head.as_bytes()).await?;
                let mut left = bytes - 2;
                while left > 0 {
                    let n = left.min(FILL.len());
                    stream.write_all(&FILL[..n]).await?;
                    left -= n;
                }
                stream.write_all(b"\"").await?;
            }
            Behavior::LargeHeader(bytes) => {
                stream.write_all(format!("{JSON_HEAD}x-large: ").as_bytes()).await?;
                let mut left = *bytes;
                while left > 0 {
                    let n = left.min(FILL.len());
                    stream.write_all(&FILL[..n]).await?;
                    left -= n;
                }
                stream.write_all(b"\r\ncontent-length: 2\r\n\r\n\"\"").await?;
            }
            Behavior::Raw(bytes) => stream.write_all(bytes).await?,
        }
    }
}

/// Holds the connection open, reading and discarding, until the peer goes away.
async fn park(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = [0u8; 1024];
    while stream.read(&mut buf).await? > 0 {}
    Ok(())
}
