//! The relevance set (`tests/data/relevance/`: stories in the `stories/` format and judged
//! queries) and its measures: recall@20, P@10 and nDCG@10 for Chorus as users get it and for
//! SQLite FTS5 (porter stemmer, bm25) beside it; and how well theme suggestions match the themes
//! moderators assign. Shared by `cargo bench --bench relevance` and the floor in `tests/it`.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chorus::archive::{parse_story_file, story_files, Archive, SearchRequest};
use chorus::config::Config;

/// One judged query.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Judged {
    pub id: String,
    pub query: String,
    #[serde(default)]
    pub need: String,
    /// Story file stem → grade (1 relevant, 2 highly relevant).
    pub relevant: BTreeMap<String, u8>,
    /// The relevant stories that tell it in other words than the query.
    #[serde(default)]
    pub other_words: Vec<String>,
}

/// The set: story files (stem, text) and the queries.
pub struct Set {
    pub stories: Vec<(String, String)>,
    pub queries: Vec<Judged>,
}

/// Where the set lives in the repository.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/relevance")
}

/// Reads the set in `dir`.
pub fn load(dir: &Path) -> Set {
    let stories = story_files(&dir.join("stories"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("stories").display()))
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let queries = serde_json::from_str(
        &std::fs::read_to_string(dir.join("queries.json")).expect("queries.json"),
    )
    .expect("queries.json in the documented shape");
    Set { stories, queries }
}

/// The set's stories published in a fresh archive, `copies` times each (copies beyond the first
/// get a marker in the title, and only the first counts as the story); returns the archive and
/// story id → stem.
pub fn chorus_archive(
    set: &Set,
    copies: usize,
) -> (tempfile::TempDir, Arc<Archive>, HashMap<String, String>) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let archive = Archive::open(Config {
        data_dir: dir.path().join("data"),
        index_dir: dir.path().join("index"),
        ..Config::default()
    })
    .expect("open archive");
    let mut stems = HashMap::new();
    for copy in 0..copies.max(1) {
        for (stem, text) in &set.stories {
            let text = if copy == 0 {
                text.clone()
            } else {
                text.replacen("title = \"", &format!("title = \"copy {copy}: "), 1)
            };
            let id = archive
                .import_story(&text, true)
                .unwrap_or_else(|e| panic!("{stem}: {e}"))
                .expect("published");
            if copy == 0 {
                stems.insert(id.to_string(), stem.clone());
            }
        }
    }
    archive.drain_outbox().expect("index");
    (dir, archive, stems)
}

/// Chorus's first `k` results for `q`, as a user gets them, as story stems.
pub fn chorus_ranking(
    archive: &Archive,
    stems: &HashMap<String, String>,
    q: &str,
    k: usize,
    exact: bool,
) -> Vec<String> {
    let results = archive
        .search(&SearchRequest {
            q: q.to_owned(),
            page: 1,
            per_page: k,
            exact,
            ..Default::default()
        })
        .expect("search");
    results
        .hits
        .into_iter()
        .map(|h| stems.get(&h.id).cloned().unwrap_or_default())
        .collect()
}

/// An FTS5 table (porter stemmer over unicode61) holding the set's stories.
pub fn fts_table(set: &Set) -> rusqlite::Connection {
    let db = rusqlite::Connection::open_in_memory().expect("sqlite");
    db.execute_batch(
        "CREATE VIRTUAL TABLE stories USING fts5(stem UNINDEXED, title, body, tokenize = 'porter unicode61');",
    )
    .expect("fts5");
    for (stem, text) in &set.stories {
        let (front, body) = parse_story_file(text).expect("story file");
        db.execute(
            "INSERT INTO stories (stem, title, body) VALUES (?1, ?2, ?3)",
            (stem, &front.title, chorus::markdown::plain_text(&body)),
        )
        .expect("insert");
    }
    db
}

/// `q` as FTS5 reads it from a search box: quoted phrases kept, every other word required
/// (FTS5's default), operators and punctuation dropped.
pub fn fts_query(q: &str) -> String {
    let mut parts = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        let words: Vec<String> = chunk
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT"))
            .map(|w| w.to_lowercase())
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(format!("\"{}\"", words.join(" ")));
        } else {
            parts.extend(words.into_iter().map(|w| format!("\"{w}\"")));
        }
    }
    parts.join(" ")
}

/// FTS5's first `k` results for `q` by bm25 (title weighted 2, as Chorus weights it).
pub fn fts_ranking(db: &rusqlite::Connection, q: &str, k: usize) -> Vec<String> {
    let query = fts_query(q);
    if query.is_empty() {
        return Vec::new();
    }
    let mut stmt = db
        .prepare("SELECT stem FROM stories WHERE stories MATCH ?1 ORDER BY bm25(stories, 0.0, 2.0, 1.0) LIMIT ?2")
        .expect("prepare");
    stmt.query_map((query, k as i64), |r| r.get::<_, String>(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

/// Mean scores over the queries.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    pub recall_20: f64,
    pub p_10: f64,
    pub ndcg_10: f64,
    /// Recall@20 over only the relevant stories told in other words.
    pub recall_20_other_words: f64,
}

fn dcg(gains: impl Iterator<Item = u8>) -> f64 {
    gains
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(g)) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

/// Scores for one query's ranking.
pub fn score_one(j: &Judged, ranking: &[String]) -> Scores {
    let grade = |s: &String| j.relevant.get(s).copied().unwrap_or(0);
    let top = |k: usize| ranking.iter().take(k);
    let found_20 = top(20).filter(|s| grade(s) > 0).count();
    let recall_20 = found_20 as f64 / j.relevant.len().max(1) as f64;
    let p_10 = top(10).filter(|s| grade(s) > 0).count() as f64 / 10.0;
    let mut ideal: Vec<u8> = j.relevant.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg = dcg(ideal.into_iter().take(10));
    let ndcg_10 = if idcg > 0.0 {
        dcg(top(10).map(grade)) / idcg
    } else {
        0.0
    };
    let other: Vec<&String> = j
        .other_words
        .iter()
        .filter(|s| j.relevant.contains_key(*s))
        .collect();
    let recall_20_other_words = if other.is_empty() {
        f64::NAN
    } else {
        other.iter().filter(|s| top(20).any(|r| r == **s)).count() as f64 / other.len() as f64
    };
    Scores {
        recall_20,
        p_10,
        ndcg_10,
        recall_20_other_words,
    }
}

/// Mean scores over every query, ranking each with `rank`.
pub fn score_all(set: &Set, mut rank: impl FnMut(&str) -> Vec<String>) -> Scores {
    let mut sum = Scores::default();
    let mut other_n = 0usize;
    for j in &set.queries {
        let s = score_one(j, &rank(&j.query));
        sum.recall_20 += s.recall_20;
        sum.p_10 += s.p_10;
        sum.ndcg_10 += s.ndcg_10;
        if !s.recall_20_other_words.is_nan() {
            sum.recall_20_other_words += s.recall_20_other_words;
            other_n += 1;
        }
    }
    let n = set.queries.len().max(1) as f64;
    Scores {
        recall_20: sum.recall_20 / n,
        p_10: sum.p_10 / n,
        ndcg_10: sum.ndcg_10 / n,
        recall_20_other_words: sum.recall_20_other_words / other_n.max(1) as f64,
    }
}

/// Micro-averaged precision and recall of `suggest_themes` against the themes in the front
/// matter of `stories` (stem, text), and how many stories had themes.
pub fn theme_suggestions(stories: &[(String, String)]) -> (f64, f64, usize) {
    let (mut hit, mut suggested, mut assigned, mut n) = (0usize, 0usize, 0usize, 0usize);
    for (_, text) in stories {
        let (front, body) = parse_story_file(text).expect("story file");
        if front.themes.is_empty() {
            continue;
        }
        n += 1;
        let s = chorus::taxonomy::suggest_themes(&format!(
            "{}\n{}",
            front.title,
            chorus::markdown::plain_text(&body)
        ));
        hit += s.iter().filter(|t| front.themes.contains(t)).count();
        suggested += s.len();
        assigned += front.themes.len();
    }
    (
        hit as f64 / suggested.max(1) as f64,
        hit as f64 / assigned.max(1) as f64,
        n,
    )
}

/// Story files of a directory as (stem, text).
pub fn read_stories(dir: &Path) -> Vec<(String, String)> {
    story_files(dir)
        .expect("story directory")
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}
