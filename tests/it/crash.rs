//! Nothing acknowledged is lost when the server is killed: the real binary takes concurrent
//! submissions, approvals, edits and withdrawals over HTTP and is killed with `kill -9` at
//! random moments (sometimes during its own start-up). After every restart the database passes
//! `PRAGMA integrity_check`, every acknowledged receipt answers, every acknowledged approval is
//! published and searchable, every acknowledged withdrawal is gone from the database, the index
//! and every file, and `chorus check` passes.
//!
//! 20 cycles in CI; more on demand, e.g.
//! `CHORUS_CRASH_CYCLES=200 cargo test --release --test it crash -- --nocapture`
//! (`CHORUS_CRASH_SEED=N` repeats a run).

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::binary::{request, Dirs, Server, Session};

/// Limits are per client, and the harness is one client.
const UNLIMITED: &[(&str, &str)] = &[
    ("CHORUS_SUBMISSIONS_PER_HOUR", "1000000"),
    ("CHORUS_RECEIPTS_PER_MINUTE", "1000000"),
];
const WORKERS: usize = 4;
/// Stories re-checked per restart besides those touched since the last one (all are checked
/// every tenth cycle and at the end).
const SAMPLE: usize = 40;

/// What the harness was told about a story, by answers it received.
#[derive(Debug, Clone, PartialEq)]
enum Known {
    Pending,
    Published(String),
    Withdrawn {
        story: Option<String>,
        /// Whether the withdrawal was answered, or found done after one cut off.
        acknowledged: bool,
    },
    /// An action was in flight when the server died: it may or may not have happened.
    Uncertain {
        story: Option<String>,
    },
    /// Being sent, with no answer yet.
    Sending,
    /// Sent, and the server died before it answered: it may be stored, but nobody was told.
    Unacknowledged,
}

#[derive(Debug)]
struct Story {
    marker: String,
    receipt: String,
    known: Known,
    busy: bool,
    touched: bool,
}

#[derive(Default)]
struct Tally {
    submissions: AtomicUsize,
    approvals: AtomicUsize,
    edits: AtomicUsize,
    withdrawals: AtomicUsize,
    /// Withdrawals answered "recorded, still finishing" (503); checked like the others.
    withdrawals_finishing: AtomicUsize,
    /// Requests that got no answer because the server died under them.
    unanswered: AtomicUsize,
    /// Submissions stored but never acknowledged, approved when they reached the queue.
    strays_approved: AtomicUsize,
}

struct Ledger {
    stories: Mutex<Vec<Story>>,
    tally: Tally,
    /// Answers no request should get (a 5xx, or a refusal of something valid).
    unexpected: Mutex<Vec<String>>,
}

/// A small deterministic generator, so a failing run can be repeated with its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Letters only (no digits a detector might take for a number), ending in `q` so no stemmer
/// trims it: the same bytes in the database, the index's terms and a search.
fn marker(n: usize) -> String {
    let letters: String = (0..7)
        .rev()
        .map(|i| (b'a' + ((n >> (4 * i)) & 0xf) as u8) as char)
        .collect();
    format!("zqvmark{letters}q")
}

fn story_text(marker: &str, edit: usize) -> (String, String) {
    (
        format!("Crash story {marker}"),
        format!(
            "We waited on the ward for a bed, {marker}, and a nurse listened.\n\nVersion {edit} of this account: the night was long and the tea was cold."
        ),
    )
}

impl Ledger {
    /// A random story in a state `want` accepts, marked busy so no other worker acts on it.
    fn take(&self, rng: &mut Rng, want: impl Fn(&Known) -> bool) -> Option<(usize, String, Known)> {
        let mut stories = self.stories.lock().unwrap();
        let candidates: Vec<usize> = (0..stories.len())
            .filter(|&i| !stories[i].busy && want(&stories[i].known))
            .collect();
        let &i = candidates.get(rng.below(candidates.len() as u64) as usize)?;
        stories[i].busy = true;
        Some((i, stories[i].receipt.clone(), stories[i].known.clone()))
    }

    fn release(&self, i: usize, known: Known) {
        let mut stories = self.stories.lock().unwrap();
        stories[i].busy = false;
        stories[i].touched = true;
        stories[i].known = known;
    }

    fn unexpected(&self, what: String) {
        self.unexpected.lock().unwrap().push(what);
    }
}

fn uncertain(known: &Known) -> Known {
    let story = match known {
        Known::Published(id) => Some(id.clone()),
        Known::Withdrawn { story, .. } | Known::Uncertain { story } => story.clone(),
        Known::Pending | Known::Sending | Known::Unacknowledged => None,
    };
    Known::Uncertain { story }
}

/// One worker: random actions until `stop`, or until the server stops answering.
fn work(addr: SocketAddr, session: Session, ledger: Arc<Ledger>, stop: Arc<AtomicBool>, seed: u64) {
    let mut rng = Rng(seed | 1);
    let t = &ledger.tally;
    while !stop.load(Ordering::SeqCst) {
        let alive = match rng.below(100) {
            0..45 => {
                // In the ledger before it is sent, so that a moderator seeing it queued before
                // its answer arrives does not take it for a stray.
                let i = {
                    let mut stories = ledger.stories.lock().unwrap();
                    let n = stories.len();
                    stories.push(Story {
                        marker: marker(n),
                        receipt: String::new(),
                        known: Known::Sending,
                        busy: true,
                        touched: false,
                    });
                    stories.len() - 1
                };
                let marker = ledger.stories.lock().unwrap()[i].marker.clone();
                let (title, body) = story_text(&marker, 0);
                let sent = request(
                    addr,
                    "POST",
                    "/api/v1/submissions",
                    None,
                    Some("application/json"),
                    json!({"title": title, "body": body, "consent_publish": true,
                           "first_hand": true, "roles": ["inpatient"]})
                    .to_string()
                    .as_bytes(),
                );
                match sent {
                    Ok(r) if r.status == 201 => {
                        let receipt = r.json()["receipt"].as_str().unwrap().to_owned();
                        ledger.stories.lock().unwrap()[i].receipt = receipt;
                        ledger.release(i, Known::Pending);
                        t.submissions.fetch_add(1, Ordering::SeqCst);
                        true
                    }
                    Ok(r) => {
                        ledger.unexpected(format!("submission answered {}: {}", r.status, r.body));
                        ledger.release(i, Known::Unacknowledged);
                        true
                    }
                    Err(_) => {
                        ledger.release(i, Known::Unacknowledged);
                        false
                    }
                }
            }
            45..70 => approve_one(addr, &session, &ledger, &mut rng),
            70..80 => match ledger.take(&mut rng, |k| *k == Known::Pending) {
                None => true,
                Some((i, receipt, known)) => {
                    let marker = ledger.stories.lock().unwrap()[i].marker.clone();
                    let (title, body) = story_text(&marker, 1 + rng.below(9) as usize);
                    let sent = request(
                        addr,
                        "POST",
                        "/receipt/edit",
                        None,
                        Some("application/x-www-form-urlencoded"),
                        crate::support::encode(&[
                            ("receipt", &receipt),
                            ("title", &title),
                            ("body", &body),
                            ("consent_publish", "on"),
                            ("first_hand", "on"),
                        ])
                        .as_bytes(),
                    );
                    match sent {
                        Ok(r) => {
                            if r.status == 200 {
                                t.edits.fetch_add(1, Ordering::SeqCst);
                            } else {
                                ledger.unexpected(format!("edit answered {}", r.status));
                            }
                            ledger.release(i, known);
                            true
                        }
                        // Edited or not, it is still pending.
                        Err(_) => {
                            ledger.release(i, known);
                            false
                        }
                    }
                }
            },
            80..95 => match ledger.take(&mut rng, |k| {
                matches!(k, Known::Pending | Known::Published(_))
            }) {
                None => true,
                Some((i, receipt, known)) => {
                    let sent = request(
                        addr,
                        "POST",
                        "/receipt/withdraw",
                        None,
                        Some("application/x-www-form-urlencoded"),
                        crate::support::encode(&[("receipt", &receipt), ("confirm", "yes")])
                            .as_bytes(),
                    );
                    let story = match &known {
                        Known::Published(id) => Some(id.clone()),
                        _ => None,
                    };
                    match sent {
                        Ok(r) if r.status == 200 || r.status == 503 => {
                            if r.status == 503 {
                                t.withdrawals_finishing.fetch_add(1, Ordering::SeqCst);
                            }
                            t.withdrawals.fetch_add(1, Ordering::SeqCst);
                            ledger.release(
                                i,
                                Known::Withdrawn {
                                    story,
                                    acknowledged: true,
                                },
                            );
                            true
                        }
                        Ok(r) => {
                            ledger.unexpected(format!("withdrawal answered {}", r.status));
                            ledger.release(i, uncertain(&known));
                            true
                        }
                        Err(_) => {
                            ledger.release(i, uncertain(&known));
                            false
                        }
                    }
                }
            },
            _ => request(addr, "GET", "/api/v1/search?q=ward", None, None, b"").is_ok(),
        };
        if !alive {
            t.unanswered.fetch_add(1, Ordering::SeqCst);
            return;
        }
    }
}

/// Approves a random queued submission of ours (or a stray, so strays never fill the page).
fn approve_one(addr: SocketAddr, session: &Session, ledger: &Ledger, rng: &mut Rng) -> bool {
    let Ok(queue) = request(addr, "GET", "/moderate", Some(&session.cookie), None, b"") else {
        return false;
    };
    if queue.status != 200 {
        ledger.unexpected(format!("the queue answered {}", queue.status));
        return true;
    }
    let items = queue.queued_items();
    if items.is_empty() {
        return true;
    }
    let (id, title) = &items[rng.below(items.len() as u64) as usize];
    let marker = title.rsplit(' ').next().unwrap_or_default().to_owned();
    let mine = {
        let mut stories = ledger.stories.lock().unwrap();
        match stories.iter().position(|s| s.marker == marker) {
            Some(i) if stories[i].known == Known::Unacknowledged => None,
            Some(i) if stories[i].busy || stories[i].known != Known::Pending => return true,
            Some(i) => {
                stories[i].busy = true;
                Some(i)
            }
            None => None,
        }
    };
    let sent = request(
        addr,
        "POST",
        &format!("/moderate/submissions/{id}/approve"),
        Some(&session.cookie),
        Some("application/x-www-form-urlencoded"),
        crate::support::encode(&[("csrf", &session.csrf), ("themes", "hope")]).as_bytes(),
    );
    let t = &ledger.tally;
    let (alive, known) = match sent {
        Ok(r) if r.status == 200 => {
            let v = r.json();
            match (v["status"].as_str(), v["story_id"].as_str()) {
                (Some("published"), Some(story)) => {
                    if mine.is_some() {
                        t.approvals.fetch_add(1, Ordering::SeqCst);
                    } else {
                        t.strays_approved.fetch_add(1, Ordering::SeqCst);
                    }
                    (true, Known::Published(story.to_owned()))
                }
                _ => {
                    ledger.unexpected(format!("approval answered {}", r.body));
                    (true, Known::Uncertain { story: None })
                }
            }
        }
        // Someone else's state changed first (a stray edited elsewhere is not possible, but a
        // page read before an approval that just happened is).
        Ok(r) if r.status == 409 || r.status == 404 => (true, Known::Pending),
        Ok(r) => {
            ledger.unexpected(format!("approval answered {}: {}", r.status, r.body));
            (true, Known::Uncertain { story: None })
        }
        Err(_) => (false, Known::Uncertain { story: None }),
    };
    if let Some(i) = mine {
        ledger.release(i, known);
    }
    alive
}

fn receipt_status(server: &Server, receipt: &str) -> Result<serde_json::Value, String> {
    let r = server.post_json("/api/v1/receipt", &json!({ "receipt": receipt }));
    if r.status == 200 {
        Ok(r.json())
    } else {
        Err(format!("answered {}", r.status))
    }
}

fn search_ids(server: &Server, marker: &str) -> Vec<String> {
    let r = server.get(&format!("/api/v1/search?q={marker}"), None);
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["id"].as_str().map(str::to_owned))
        .collect()
}

/// Markers found in any file under the data and index directories: where, with the bytes
/// around them (for a failure message).
fn markers_in_files(dirs: &Dirs) -> HashMap<String, Vec<String>> {
    let prefix = b"zqvmark";
    let mut found: HashMap<String, Vec<String>> = HashMap::new();
    for path in dirs.files() {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let mut at = 0;
        while let Some(p) = bytes[at..].windows(prefix.len()).position(|w| w == prefix) {
            let start = at + p;
            let end = (start + 15).min(bytes.len());
            let around = &bytes[start.saturating_sub(40)..(start + 60).min(bytes.len())];
            found
                .entry(String::from_utf8_lossy(&bytes[start..end]).into_owned())
                .or_default()
                .push(format!(
                    "{} at byte {start} of {}: {:?}",
                    path.strip_prefix(dirs.root.path())
                        .unwrap_or(&path)
                        .display(),
                    bytes.len(),
                    String::from_utf8_lossy(around)
                ));
            at = start + prefix.len();
        }
    }
    found
}

/// Checks every story it is asked to against what the harness was told; the problems found.
fn verify(
    server: &Server,
    dirs: &Dirs,
    ledger: &Ledger,
    everything: bool,
    rng: &mut Rng,
) -> Vec<String> {
    let mut problems = Vec::new();
    let snapshot: Vec<(usize, String, String, Known, bool)> = ledger
        .stories
        .lock()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                i,
                s.marker.clone(),
                s.receipt.clone(),
                s.known.clone(),
                s.touched,
            )
        })
        .collect();
    let mut sample: HashSet<usize> = HashSet::new();
    if !snapshot.is_empty() {
        for _ in 0..SAMPLE {
            sample.insert(rng.below(snapshot.len() as u64) as usize);
        }
    }
    let mut resolved: HashMap<usize, Known> = HashMap::new();
    for (i, marker, receipt, known, touched) in &snapshot {
        let uncertain = matches!(known, Known::Uncertain { .. });
        if matches!(known, Known::Sending | Known::Unacknowledged) {
            continue;
        }
        if !(everything || *touched || uncertain || sample.contains(i)) {
            continue;
        }
        let status = match receipt_status(server, receipt) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{marker}: acknowledged receipt {e}"));
                continue;
            }
        };
        let said = status["status"].as_str().unwrap_or_default().to_owned();
        let story = status["story_id"].as_str().map(str::to_owned);
        let now = match (known, said.as_str()) {
            (Known::Pending, "pending") => Known::Pending,
            (Known::Published(id), "published") if story.as_ref() == Some(id) => {
                Known::Published(id.clone())
            }
            (Known::Withdrawn { .. }, "withdrawn") => known.clone(),
            (Known::Uncertain { .. }, "pending") => Known::Pending,
            (Known::Uncertain { .. }, "published") if story.is_some() => {
                Known::Published(story.clone().unwrap())
            }
            (Known::Uncertain { story: was }, "withdrawn") => Known::Withdrawn {
                story: was.clone(),
                acknowledged: false,
            },
            _ => {
                problems.push(format!(
                    "{marker}: known {known:?}, but the receipt says {said} ({story:?})"
                ));
                continue;
            }
        };
        match &now {
            Known::Published(id) => {
                let page = server.get(&format!("/api/v1/stories/{id}"), None);
                if page.status != 200 {
                    problems.push(format!(
                        "{marker}: approved story {id} answers {}",
                        page.status
                    ));
                }
                if !search_ids(server, marker).contains(id) {
                    problems.push(format!(
                        "{marker}: approved story {id} is not found by search"
                    ));
                }
            }
            Known::Withdrawn { story, .. } => {
                if !search_ids(server, marker).is_empty() {
                    problems.push(format!("{marker}: withdrawn, but search still finds it"));
                }
                if let Some(id) = story {
                    let page = server.get(&format!("/api/v1/stories/{id}"), None);
                    if page.status == 200 {
                        problems.push(format!("{marker}: withdrawn story {id} is still served"));
                    }
                }
            }
            _ => {}
        }
        resolved.insert(*i, now);
    }
    // Withdrawn words must be in no file at all: the database, its log, the index.
    let in_files = markers_in_files(dirs);
    {
        let mut stories = ledger.stories.lock().unwrap();
        for (i, now) in resolved {
            stories[i].known = now;
            stories[i].touched = false;
        }
        for s in stories.iter() {
            if let (Known::Withdrawn { .. }, Some(places)) = (&s.known, in_files.get(&s.marker)) {
                problems.push(format!(
                    "{}: {:?}, but its text is still in a file: {places:#?}",
                    s.marker, s.known
                ));
            }
        }
    }
    problems
}

fn cycles() -> usize {
    std::env::var("CHORUS_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

// 20 cycles in `cargo test`; `CHORUS_CRASH_CYCLES=200 cargo test --release --test it crash::
// -- --nocapture` runs 200 (and `CHORUS_CRASH_SEED` repeats a run).
#[test]
fn nothing_acknowledged_is_lost_when_the_server_is_killed() {
    let started = Instant::now();
    let seed = std::env::var("CHORUS_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let mut rng = Rng(seed | 1);
    let dirs = Dirs::new();
    dirs.add_admin("crash");
    let ledger = Arc::new(Ledger {
        stories: Mutex::default(),
        tally: Tally::default(),
        unexpected: Mutex::default(),
    });
    let cycles = cycles();
    let mut session: Option<Session> = None;
    let mut startup_kills = 0;
    let mut losses = Vec::new();
    for cycle in 1..=cycles + 1 {
        let last = cycle == cycles + 1;
        let integrity = dirs.integrity();
        if integrity != "ok" {
            losses.push(format!("cycle {cycle}: integrity_check says {integrity}"));
        }
        // Now and then the kill comes while the server is still opening the archive.
        if !last && cycle > 1 && rng.below(4) == 0 {
            let mut early = dirs.spawn(UNLIMITED);
            std::thread::sleep(Duration::from_millis(rng.below(250)));
            crate::binary::signal(early.child.id(), "KILL");
            let _ = early.child.wait();
            startup_kills += 1;
            let integrity = dirs.integrity();
            if integrity != "ok" {
                losses.push(format!("cycle {cycle}, after a start-up kill: {integrity}"));
            }
        }
        let mut server = dirs.start(UNLIMITED);
        let everything = last || cycle % 10 == 0;
        for p in verify(&server, &dirs, &ledger, everything, &mut rng) {
            losses.push(format!("cycle {cycle}: {p}"));
        }
        let check = dirs.chorus(&["check"], "");
        if !check.status.success() {
            losses.push(format!(
                "cycle {cycle}: chorus check: {}",
                crate::binary::text(&check)
            ));
        }
        assert!(losses.is_empty(), "seed {seed}: {losses:#?}");
        if last {
            server.signal("TERM");
            assert!(server.wait(Duration::from_secs(60)).success());
            break;
        }
        // A session lives in the database, so it outlives a crash unless its sign-in did not.
        let signed_in = session
            .as_ref()
            .is_some_and(|s| server.get("/moderate", Some(&s.cookie)).status == 200);
        if !signed_in {
            session = Some(server.login("crash"));
        }
        let stop = Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let (addr, session, ledger, stop) = (
                    server.addr,
                    session.clone().unwrap(),
                    ledger.clone(),
                    stop.clone(),
                );
                let seed = rng.next();
                std::thread::spawn(move || work(addr, session, ledger, stop, seed))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(150 + rng.below(1100)));
        server.crash();
        stop.store(true, Ordering::SeqCst);
        for w in workers {
            w.join().expect("a worker panicked");
        }
    }
    let t = &ledger.tally;
    let unexpected = ledger.unexpected.lock().unwrap().clone();
    println!(
        "crash harness (seed {seed}): {cycles} kill -9 cycles ({startup_kills} more during start-up) in {:.1}s; acknowledged: {} submissions, {} approvals, {} edits, {} withdrawals ({} answered as still finishing); {} requests cut off unanswered; {} stray submissions approved; losses: {}; unexpected answers: {}",
        started.elapsed().as_secs_f64(),
        t.submissions.load(Ordering::SeqCst),
        t.approvals.load(Ordering::SeqCst),
        t.edits.load(Ordering::SeqCst),
        t.withdrawals.load(Ordering::SeqCst),
        t.withdrawals_finishing.load(Ordering::SeqCst),
        t.unanswered.load(Ordering::SeqCst),
        t.strays_approved.load(Ordering::SeqCst),
        losses.len(),
        unexpected.len(),
    );
    assert!(unexpected.is_empty(), "seed {seed}: {unexpected:#?}");
    assert!(
        t.submissions.load(Ordering::SeqCst) > 0 && t.approvals.load(Ordering::SeqCst) > 0,
        "the load did nothing"
    );
}
