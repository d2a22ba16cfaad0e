//! Damaged files: any damaged index file is found at start-up and the index rebuilt from SQLite
//! (searches answer 503 or correct results meanwhile, never 500; stories stay readable); a
//! damaged database is refused with a clear message and a non-zero exit.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use chorus::archive::{Archive, ArchiveError, INDEX_REBUILDING};
use chorus::config::Config;
use chorus::search::{Opened, SearchError, SearchIndex, SearchRequest};

use crate::support::{total, TestApp};

const STORIES: [&str; 4] = [
    "01-the-door-has-a-keypad.md",
    "03-it-says-eupd-at-the-top.md",
    "05-which-side-of-the-lanyard.md",
    "08-the-dog-came-first.md",
];

fn config(dir: &Path) -> Config {
    Config {
        data_dir: dir.join("data"),
        index_dir: dir.join("index"),
        ..Config::default()
    }
}

/// An archive with a few published stories; their ids.
fn published_archive() -> (TestApp, Vec<String>) {
    let app = TestApp::new();
    let mut ids = Vec::new();
    for name in STORIES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("stories")
            .join(name);
        let text = std::fs::read_to_string(path).unwrap();
        let id = app.archive.import_story(&text, true).unwrap().unwrap();
        ids.push(id.to_string());
    }
    app.archive.drain_outbox().unwrap();
    ids.sort();
    (app, ids)
}

/// Closes the archive, waiting until its index writer has let go; its directory.
fn close(app: TestApp) -> tempfile::TempDir {
    let TestApp {
        dir,
        archive,
        router,
    } = app;
    drop(router);
    drop(archive);
    wait_until_released(&dir.path().join("index"));
    dir
}

/// Opens the archive in `dir` again, as a restart does.
fn open_again(dir: tempfile::TempDir) -> TestApp {
    let archive = Archive::open(config(dir.path())).unwrap();
    let router = chorus::web::app(archive.clone());
    TestApp {
        dir,
        archive,
        router,
    }
}

/// The indexer thread may hold the archive a moment after the test lets go of it.
fn wait_until_released(index_dir: &Path) {
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(index_dir.join(".tantivy-writer.lock"))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while lock.try_lock().is_err() {
        assert!(
            Instant::now() < deadline,
            "the index writer was never released"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    lock.unlock().unwrap();
}

/// Files of the index whose names end with `suffix`.
fn index_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect()
}

/// Overwrites `len` bytes at `at` with a pattern, keeping the file's length.
fn overwrite(path: &Path, at: u64, len: usize) {
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&vec![0xA5; len]).unwrap();
    f.sync_all().unwrap();
}

/// Ids of every story an empty search finds, or the status if it did not answer 200.
async fn all_hits(app: &TestApp) -> Result<Vec<String>, StatusCode> {
    let reply = app.get("/api/v1/search?per_page=50").await;
    if reply.status != StatusCode::OK {
        return Err(reply.status);
    }
    let mut ids: Vec<String> = reply.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    Ok(ids)
}

/// Damages every index file ending in `suffix`, restarts, and checks the whole promise.
async fn survives_damage_to(suffix: &str) {
    let (app, ids) = published_archive();
    assert!(
        !index_files(app.dir.path(), suffix).is_empty(),
        "no index file ends in {suffix}"
    );
    let dir = close(app);
    let damaged = index_files(dir.path(), suffix);
    for path in &damaged {
        overwrite(path, 0, 64);
    }
    let app = open_again(dir);

    // Straight after the restart: a 503 saying why, or the right answer; never a 500.
    for path in ["/stories", "/api/v1/search", "/stories?q=keypad"] {
        let reply = app.get(path).await;
        match reply.status {
            StatusCode::OK => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(reply.body.contains("being rebuilt"), "{}", reply.body)
            }
            other => panic!(
                "{path} answered {other} with a damaged {suffix}: {}",
                reply.body
            ),
        }
    }
    if let Ok(found) = all_hits(&app).await {
        assert_eq!(found, ids, "answered from an incomplete index");
    }
    // Reading a story needs only SQLite.
    let story = app.get(&format!("/stories/{}", ids[0])).await;
    assert_eq!(story.status, StatusCode::OK, "{}", story.body);

    assert!(app.archive.wait_for_rebuild(Duration::from_secs(60)));
    assert_eq!(all_hits(&app).await, Ok(ids));
    // Found at start-up and replaced, not merely survived: no damaged byte is left.
    for path in &damaged {
        let bytes = std::fs::read(path).unwrap_or_default();
        assert!(
            !bytes.starts_with(&[0xA5; 64]),
            "{} is still damaged",
            path.display()
        );
    }
    let keypad = app.get("/api/v1/search?q=keypad").await;
    assert_eq!(keypad.status, StatusCode::OK);
    assert!(total(&keypad.json()) >= 1);
    assert_eq!(app.archive.check().unwrap(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_postings_file_is_rebuilt_at_start_up() {
    survives_damage_to(".idx").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_positions_file_is_rebuilt_at_start_up() {
    survives_damage_to(".pos").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_term_dictionary_is_rebuilt_at_start_up() {
    survives_damage_to(".term").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_document_store_is_rebuilt_at_start_up() {
    survives_damage_to(".store").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_fast_field_file_is_rebuilt_at_start_up() {
    survives_damage_to(".fast").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_field_norms_file_is_rebuilt_at_start_up() {
    survives_damage_to(".fieldnorm").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_index_metadata_file_is_rebuilt_at_start_up() {
    survives_damage_to("meta.json").await;
}

#[test]
fn a_replaced_index_answers_rebuilding_until_it_is_filled() {
    let dir = tempfile::tempdir().unwrap();
    let (index, opened) = SearchIndex::open(dir.path()).unwrap();
    assert!(matches!(opened, Opened::Fresh(_)), "{opened:?}");
    let err = index.search(&SearchRequest::default()).unwrap_err();
    assert!(matches!(err, SearchError::Rebuilding), "{err}");
    // The archive tells people in plain words, as a 503.
    match ArchiveError::from(err) {
        ArchiveError::Unavailable(m) => assert_eq!(m, INDEX_REBUILDING),
        other => panic!("{other:?}"),
    }
    index.rebuild(Vec::new(), |_| {}).unwrap();
    assert_eq!(index.search(&SearchRequest::default()).unwrap().total, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn damage_met_while_running_answers_503_or_results_never_500() {
    let (app, ids) = published_archive();
    // The server keeps its files open (mapped): damage them under it.
    for suffix in [".idx", ".store", ".term", ".fast"] {
        for path in index_files(app.dir.path(), suffix) {
            let len = std::fs::metadata(&path).unwrap().len();
            overwrite(&path, 0, len.min(4096) as usize);
        }
    }
    for path in ["/stories?q=keypad", "/api/v1/search?q=ward", "/stories"] {
        let reply = app.get(path).await;
        assert!(
            matches!(
                reply.status,
                StatusCode::OK | StatusCode::SERVICE_UNAVAILABLE
            ),
            "{path}: {} {}",
            reply.status,
            reply.body
        );
    }
    // Whatever the searches met, a restart finds the damage and rebuilds.
    let app = open_again(close(app));
    assert!(app.archive.wait_for_rebuild(Duration::from_secs(60)));
    assert_eq!(all_hits(&app).await, Ok(ids));
    assert!(app.archive.check().unwrap().is_empty());
}

/// Closes an archive with published stories and overwrites the middle third of its database.
fn damaged_database() -> tempfile::TempDir {
    let dir = close(published_archive().0);
    let db = config(dir.path()).database_path();
    assert!(
        !db.with_extension("sqlite3-wal").exists(),
        "the log should have been checkpointed into the database at close"
    );
    let len = std::fs::metadata(&db).unwrap().len();
    overwrite(&db, len / 3, (len / 3) as usize);
    dir
}

#[test]
fn a_damaged_database_is_refused_at_open_with_a_clear_message() {
    let dir = damaged_database();
    let err = Archive::open(config(dir.path())).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("is damaged"), "{message}");
    assert!(message.contains("restore it from a backup"), "{message}");
}

#[test]
fn chorus_check_and_serve_exit_non_zero_on_a_damaged_database() {
    let dir = damaged_database();
    for args in [&["check"][..], &["serve", "--bind", "127.0.0.1:0"][..]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_chorus"))
            .args(args)
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .arg("--index-dir")
            .arg(dir.path().join("index"))
            .env("CHORUS_LOG", "off")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded: {stderr}");
        assert!(stderr.contains("is damaged"), "{args:?}: {stderr}");
    }
}
