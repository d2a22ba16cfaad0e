//! Search and identifier-detection speed, with SQLite FTS5 on the same corpus as the peer.
//!
//! `cargo bench --bench search` builds a corpus from `stories/` (each story repeated with a
//! varied title and a distinct marker word, to the size given by `CHORUS_BENCH_DOCS`, default
//! 2700), indexes it in tantivy through the archive and in an FTS5 table, then times the same
//! queries in both and prints medians, 95th percentiles and the ratio. No timing is asserted.

use std::time::{Duration, Instant};

use chorus::archive::Archive;
use chorus::config::Config;
use chorus::search::SearchRequest;

const QUERIES: &[(&str, &str)] = &[
    ("one word", "ward"),
    ("two words (AND)", "crisis team"),
    ("phrase", "\"ward round\""),
    ("rare word", "marmalade"),
    ("stemmed", "restraining"),
];

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> (Duration, Duration) {
    for _ in 0..runs / 10 {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    (percentile(&mut times, 0.5), percentile(&mut times, 0.95))
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let docs: usize = std::env::var("CHORUS_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2700);
    let dir = tempfile::tempdir().expect("temporary directory");
    let archive = Archive::open(Config {
        data_dir: dir.path().join("data"),
        index_dir: dir.path().join("index"),
        ..Config::default()
    })
    .expect("open archive");
    let stories_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stories");
    let sources: Vec<String> = chorus::archive::story_files(&stories_dir)
        .expect("stories/")
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read story"))
        .collect();

    let fts = rusqlite::Connection::open(dir.path().join("fts.sqlite3")).expect("fts db");
    fts.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE VIRTUAL TABLE stories USING fts5(id UNINDEXED, title, body, tokenize = 'porter');",
    )
    .expect("fts5 table");

    let start = Instant::now();
    let mut bodies = Vec::with_capacity(docs);
    for i in 0..docs {
        let source = &sources[i % sources.len()];
        let text = source.replacen("title = \"", &format!("title = \"{i} "), 1)
            + &format!("\n\nMarker word{i}.\n");
        archive.import_story(&text, true).expect("import");
        bodies.push(text);
    }
    archive.drain_outbox().expect("index");
    let tantivy_index = start.elapsed();

    let start = Instant::now();
    {
        let tx = fts.unchecked_transaction().expect("tx");
        for (i, text) in bodies.iter().enumerate() {
            let (front, body) = chorus::archive::parse_story_file(text).expect("story file");
            tx.execute(
                "INSERT INTO stories (id, title, body) VALUES (?1, ?2, ?3)",
                (
                    i.to_string(),
                    front.title,
                    chorus::markdown::plain_text(&body),
                ),
            )
            .expect("insert");
        }
        tx.commit().expect("commit");
    }
    let fts_index = start.elapsed();

    let words: usize = bodies.iter().map(|b| b.split_whitespace().count()).sum();
    println!("corpus: {docs} stories, {words} words");
    println!(
        "publish+index (SQLite+outbox+tantivy, one transaction per story): {:.2} s; FTS5 bulk insert alone: {:.2} s",
        tantivy_index.as_secs_f64(),
        fts_index.as_secs_f64()
    );
    println!();
    println!(
        "{:<18} {:>14} {:>14} {:>14} {:>14} {:>8}",
        "query", "chorus p50 µs", "chorus p95 µs", "fts5 p50 µs", "fts5 p95 µs", "ratio"
    );
    let mut stmt = fts
        .prepare(
            "SELECT id, title, snippet(stories, 2, '<mark>', '</mark>', '…', 24) FROM stories
             WHERE stories MATCH ?1 ORDER BY bm25(stories, 0, 2.0, 1.0) LIMIT 20",
        )
        .expect("prepare");
    let count_stmt = "SELECT count(*) FROM stories WHERE stories MATCH ?1";
    for (name, q) in QUERIES {
        let req = SearchRequest {
            q: (*q).into(),
            page: 1,
            per_page: 20,
            ..Default::default()
        };
        let (c50, c95) = time(300, || {
            let r = archive.search(&req).expect("search");
            std::hint::black_box(r);
        });
        let fts_q = (*q).to_owned();
        let (f50, f95) = time(300, || {
            let rows: Vec<(String, String, String)> = stmt
                .query_map([&fts_q], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .expect("query")
                .map(Result::unwrap)
                .collect();
            let n: i64 = fts
                .query_row(count_stmt, [&fts_q], |r| r.get(0))
                .expect("count");
            std::hint::black_box((rows, n));
        });
        println!(
            "{name:<18} {:>14.0} {:>14.0} {:>14.0} {:>14.0} {:>7.2}x",
            us(c50),
            us(c95),
            us(f50),
            us(f95),
            us(c50) / us(f50)
        );
    }
    println!("(chorus: top 20 with snippets, total count and three facet counts; fts5: top 20 with snippets and total count)");

    let text: String = bodies.iter().take(100).cloned().collect();
    let (p50, _) = time(30, || {
        std::hint::black_box(chorus::pii::find_identifiers(&text));
    });
    println!();
    println!(
        "identifier detection: {:.1} MB/s ({} KB in {:.2} ms)",
        text.len() as f64 / p50.as_secs_f64() / 1e6,
        text.len() / 1000,
        p50.as_secs_f64() * 1e3
    );
}
