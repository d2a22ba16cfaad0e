//! Search text, as typed, parsed and run on a tiny index made once: every query is answered.
#![no_main]

use std::sync::{Arc, LazyLock};

use chorus::archive::Archive;
use chorus::config::Config;
use chorus::search::SearchRequest;
use libfuzzer_sys::fuzz_target;

static ARCHIVE: LazyLock<(tempfile::TempDir, Arc<Archive>)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temporary directory");
    let archive = Archive::open(Config {
        data_dir: dir.path().join("data"),
        index_dir: dir.path().join("index"),
        ..Config::default()
    })
    .expect("open archive");
    for (title, body) in [
        ("The ward round", "Twelve people in a small room, and the meds were changed."),
        ("Restrained", "They restrained me on the floor. The crisis team came later."),
    ] {
        let story = format!("+++\ntitle = \"{title}\"\n+++\n\n{body}\n");
        archive.import_story(&story, true).expect("import");
    }
    archive.drain_outbox().expect("index");
    (dir, archive)
});

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    let req = SearchRequest {
        q: q.to_owned(),
        page: 1,
        per_page: 10,
        ..Default::default()
    };
    ARCHIVE.1.search(&req).expect("every query is answered");
});
