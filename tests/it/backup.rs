//! `chorus backup` under write load and `chorus restore`: the restored archive holds every story
//! acknowledged before the backup began, with the secret that makes old receipt codes work; a
//! restore refuses a data directory that is not empty and a backup that is damaged.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::binary::{chorus_in, request, text, Dirs, Server, Session};

const UNLIMITED: &[(&str, &str)] = &[
    ("CHORUS_SUBMISSIONS_PER_HOUR", "1000000"),
    ("CHORUS_RECEIPTS_PER_MINUTE", "1000000"),
];

fn submit(addr: SocketAddr, title: &str) -> Option<String> {
    let r = request(
        addr,
        "POST",
        "/api/v1/submissions",
        None,
        Some("application/json"),
        json!({"title": title, "body": format!("An account called {title}, about a long wait for a bed."), "consent_publish": true})
            .to_string()
            .as_bytes(),
    )
    .ok()?;
    assert_eq!(r.status, 201, "{}", r.body);
    Some(r.json()["receipt"].as_str()?.to_owned())
}

/// Approves the queued submission titled `title`; the published story's id.
fn approve(server: &Server, session: &Session, title: &str) -> String {
    let queue = server.get("/moderate", Some(&session.cookie));
    let (id, _) = queue
        .queued_items()
        .into_iter()
        .find(|(_, t)| t == title)
        .unwrap_or_else(|| panic!("{title} is not queued"));
    let r = server
        .try_post_form(
            &format!("/moderate/submissions/{id}/approve"),
            &[("csrf", &session.csrf), ("themes", "hope")],
            Some(&session.cookie),
        )
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["story_id"].as_str().unwrap().to_owned()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_backup_under_load_restores_every_story_acknowledged_before_it_began() {
    let dirs = Dirs::new();
    dirs.add_admin("keeper");
    let server = dirs.start(UNLIMITED);
    let session = server.login("keeper");
    let mut published = Vec::new();
    for n in 0..4 {
        let title = format!("Published before the backup {n}");
        let receipt = submit(server.addr, &title).unwrap();
        published.push((receipt, approve(&server, &session, &title)));
    }

    // Submissions keep arriving while the backup runs.
    let acknowledged: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let load: Vec<_> = (0..2)
        .map(|w| {
            let (addr, acknowledged, stop) = (server.addr, acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    if let Some(receipt) = submit(addr, &format!("Under load {w}-{n}")) {
                        acknowledged.lock().unwrap().push((Instant::now(), receipt));
                    }
                    n += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let began = Instant::now();
    let file = dirs.root.path().join("chorus.backup");
    let out = dirs.chorus(&["backup", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::SeqCst);
    for l in load {
        l.join().unwrap();
    }
    let before: Vec<String> = acknowledged
        .lock()
        .unwrap()
        .iter()
        .filter(|(at, _)| *at < began)
        .map(|(_, r)| r.clone())
        .collect();
    let during = acknowledged.lock().unwrap().len() - before.len();
    assert!(
        !before.is_empty() && during > 0,
        "the backup ran under load"
    );

    let key = dirs.root.path().join("chorus.backup.key");
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600, "the copy is the owner's only");
        assert_eq!(mode(&key), 0o600, "the secret is the owner's only");
    }

    let restored = Dirs::new();
    let out = restored.chorus(&["restore", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(restored.integrity(), "ok");
    restored.assert_check_passes();
    let server = restored.start(UNLIMITED);
    // Receipt codes are recognised only with the original secret.
    for receipt in before.iter().chain(published.iter().map(|(r, _)| r)) {
        let r = server.post_json("/api/v1/receipt", &json!({ "receipt": receipt }));
        assert_eq!(
            r.status, 200,
            "a story acknowledged before the backup is missing"
        );
    }
    for (_, story) in &published {
        assert_eq!(
            server.get(&format!("/api/v1/stories/{story}"), None).status,
            200
        );
    }
    let found = server
        .get("/api/v1/search?q=%22published+before+the+backup%22", None)
        .json();
    assert_eq!(
        crate::support::total(&found),
        4,
        "the index is rebuilt from the backup: {found}"
    );
}

/// An archive with one published story, backed up (without a server) to `file`.
fn backed_up(dirs: &Dirs, file: &Path) {
    let stories = dirs.root.path().join("stories");
    std::fs::create_dir(&stories).unwrap();
    std::fs::write(
        stories.join("one.md"),
        "+++\ntitle = \"Kept in a backup\"\nroles = [\"carer\"]\nsettings = [\"acute-ward\"]\nthemes = [\"hope\"]\ncontent_warnings = []\nfirst_hand = true\n+++\nA short account of a long afternoon in the waiting room.\n",
    )
    .unwrap();
    let out = dirs.chorus(&["import", stories.to_str().unwrap(), "--publish"], "");
    assert!(out.status.success(), "{}", text(&out));
    let out = dirs.chorus(&["backup", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn restore_refuses_a_data_dir_that_is_not_empty() {
    let dirs = Dirs::new();
    let file = dirs.root.path().join("b.sqlite3");
    backed_up(&dirs, &file);
    let (data, index) = dirs.sibling("target");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("notes.txt"), "an operator's file").unwrap();
    let out = chorus_in(&data, &index, &["restore", file.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not empty"),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read_dir(&data).unwrap().count(),
        1,
        "nothing was added"
    );
    assert!(
        !dirs
            .chorus(&["backup", file.to_str().unwrap()], "")
            .status
            .success(),
        "a backup never overwrites one"
    );
}

#[test]
fn restore_checks_the_backup_first_and_leaves_nothing_behind_when_it_is_damaged() {
    let dirs = Dirs::new();
    let file = dirs.root.path().join("b.sqlite3");
    backed_up(&dirs, &file);
    let damaged = dirs.root.path().join("damaged.sqlite3");
    let mut bytes = std::fs::read(&file).unwrap();
    let page = 4096.min(bytes.len() / 2);
    for b in &mut bytes[page..] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, bytes).unwrap();
    std::fs::copy(
        dirs.root.path().join("b.sqlite3.key"),
        dirs.root.path().join("damaged.sqlite3.key"),
    )
    .unwrap();
    let (data, index) = dirs.sibling("target");
    let out = chorus_in(&data, &index, &["restore", damaged.to_str().unwrap()], "");
    assert!(!out.status.success(), "{}", text(&out));
    let left = std::fs::read_dir(&data).map_or(0, |d| d.count());
    assert_eq!(left, 0, "nothing restored from a damaged backup");
}

#[test]
fn restore_without_the_secret_needs_to_be_told_that_old_receipt_codes_will_stop_working() {
    let dirs = Dirs::new();
    let file = dirs.root.path().join("b.sqlite3");
    backed_up(&dirs, &file);
    std::fs::remove_file(dirs.root.path().join("b.sqlite3.key")).unwrap();
    let (data, index) = dirs.sibling("target");
    let out = chorus_in(&data, &index, &["restore", file.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--new-secret"),
        "{}",
        text(&out)
    );
    let out = chorus_in(
        &data,
        &index,
        &["restore", file.to_str().unwrap(), "--new-secret"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no longer work"));
    let check = chorus_in(&data, &index, &["check"], "");
    assert!(check.status.success(), "{}", text(&check));
}
