//! Slow clients: a connection whose request headers do not arrive in time is closed, and a
//! request whose body trickles in is answered 503 when the request timeout runs out. A real
//! server on port 0, driven over a socket.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::TestApp;

/// Starts a server with one-second timeouts; its address and the app (kept alive).
async fn server() -> (
    std::net::SocketAddr,
    TestApp,
    tokio::sync::oneshot::Sender<()>,
) {
    let app = TestApp::with_config(|c| {
        c.header_timeout_seconds = 1;
        c.request_timeout_seconds = 1;
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let archive = app.archive.clone();
    tokio::spawn(async move {
        chorus::web::serve(listener, archive, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (addr, app, stop)
}

/// Reads for up to `limit`, until the server closes the connection or `enough` says so; what it
/// sent, and whether it closed.
async fn read_for(
    socket: &mut TcpStream,
    limit: Duration,
    enough: impl Fn(&str) -> bool,
) -> (String, bool) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, socket.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), false),
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
        let text = String::from_utf8_lossy(&got).into_owned();
        if enough(&text) {
            return (text, false);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn half_a_request_line_is_closed_after_the_header_timeout() {
    let (addr, _app, _stop) = server().await;
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket.write_all(b"GET /stories HT").await.unwrap();
    let started = Instant::now();
    let (_, closed) = read_for(&mut socket, Duration::from_secs(5), |_| false).await;
    assert!(closed, "the connection was still open after 5 s");
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "closed before the timeout: {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_request_is_answered_on_the_same_server() {
    let (addr, _app, _stop) = server().await;
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_for(&mut socket, Duration::from_secs(5), |_| false).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trickling_body_is_answered_503_when_the_request_timeout_runs_out() {
    let (addr, _app, _stop) = server().await;
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket
        .write_all(
            b"POST /share HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ntitle=slow",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let (answer, _) = read_for(&mut socket, Duration::from_secs(5), |t| {
        t.contains("took too long")
    })
    .await;
    assert!(started.elapsed() < Duration::from_secs(4), "answered late");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("took too long"), "{answer}");
}
