//! A stop signal (SIGTERM from a service manager, SIGINT from Ctrl-C) is a clean stop: no new
//! connections, the request in flight answered, every pending index change applied, exit 0.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;

use crate::binary::{read_reply, Dirs};

const UNLIMITED: &[(&str, &str)] = &[
    ("CHORUS_SUBMISSIONS_PER_HOUR", "1000000"),
    ("CHORUS_RECEIPTS_PER_MINUTE", "1000000"),
];

fn stops_cleanly_on(signal: &str) {
    let dirs = Dirs::new();
    let mut server = dirs.start(UNLIMITED);

    // A submission in flight when the signal comes: its head and half its body are sent.
    let body = json!({"title": "Sent as the server stopped", "body": "The words of a story that was half sent when the stop came.", "consent_publish": true})
        .to_string();
    let addr = server.addr;
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    write!(
        stream,
        "POST /api/v1/submissions HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(first).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    // A change the server still owes its index: a story published by another process, which
    // leaves the index to the running server (whose indexer looks only every few seconds; if
    // it looked just now, another story is published).
    let stories = dirs.root.path().join("stories");
    std::fs::create_dir(&stories).unwrap();
    for n in 0..3 {
        std::fs::write(
            stories.join(format!("late-{n}.md")),
            format!("+++\ntitle = \"Published just before the stop {n}\"\nroles = [\"carer\"]\nsettings = [\"acute-ward\"]\nthemes = [\"hope\"]\ncontent_warnings = []\nfirst_hand = true\n+++\nThe visiting hours were posted on a laminated card beside the quinceward door.\n"),
        )
        .unwrap();
        let import = dirs.chorus(&["import", stories.to_str().unwrap(), "--publish"], "");
        assert!(import.status.success(), "{}", crate::binary::text(&import));
        std::fs::remove_file(stories.join(format!("late-{n}.md"))).unwrap();
        if dirs.pending_index_changes() > 0 {
            break;
        }
    }
    assert!(
        dirs.pending_index_changes() > 0,
        "the test has a change pending"
    );
    server.signal(signal);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        TcpStream::connect(addr).is_err(),
        "after the signal no new connection is accepted"
    );
    stream.write_all(rest).unwrap();
    let reply = read_reply(&mut stream).expect("the request in flight is answered");
    assert_eq!(reply.status, 201, "{}", reply.body);
    let receipt = reply.json()["receipt"].as_str().unwrap().to_owned();

    let status = server.wait(Duration::from_secs(30));
    assert!(status.success(), "exit status {status:?} after SIG{signal}");
    assert_eq!(
        dirs.pending_index_changes(),
        0,
        "every index change is applied before exit"
    );
    assert_eq!(dirs.integrity(), "ok");
    dirs.assert_check_passes();

    // Reopened, everything answered before the stop is there.
    let server = dirs.start(UNLIMITED);
    let r = server.post_json("/api/v1/receipt", &json!({ "receipt": receipt }));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["status"], "pending");
    let found = server.get("/api/v1/search?q=quinceward", None).json();
    assert!(crate::support::total(&found) >= 1, "{found}");
}

#[test]
fn sigterm_finishes_the_request_in_flight_applies_the_outbox_and_exits_0() {
    stops_cleanly_on("TERM");
}

#[test]
fn sigint_finishes_the_request_in_flight_applies_the_outbox_and_exits_0() {
    stops_cleanly_on("INT");
}
