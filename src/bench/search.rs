//! `chorus bench search`: the same corpus and the same queries through three engines, in one
//! run, side by side: Chorus as a user gets it (top 10 with snippets and facet counts, through
//! `Archive::search`), SQLite FTS5 doing the same job its best way (bm25 order, `snippet()`,
//! counts by theme, role and setting in SQL), and bare tantivy done the straightforward way
//! (`TopDocs`, `Count`, `SnippetGenerator`, one `FacetCollector` per field). Indexing throughput
//! is measured for all three.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use rusqlite::{params, Connection};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, TantivyDocument, Term};

use super::{ms, rss_mib, Latency};
use crate::archive::{parse_story_file, story_files, Archive, SearchRequest};
use crate::config::Config;

/// What to measure and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// A directory written by `chorus bench gen`.
    pub corpus: PathBuf,
    /// Where the three engines keep their files (created; reused with `reuse`).
    pub work: PathBuf,
    /// Timed runs of each query on each engine.
    pub runs: usize,
    /// Keep what an earlier run built in `work` rather than importing and indexing again.
    pub reuse: bool,
}

/// One query class, as each engine is asked it.
struct Case {
    class: &'static str,
    /// What a person types into Chorus.
    q: &'static str,
    theme: Option<&'static str>,
    exclude_cw: Option<&'static str>,
    /// The same question as an FTS5 MATCH expression.
    fts: &'static str,
    /// And for tantivy's query parser (AND by default, as Chorus).
    tantivy: &'static str,
}

const CASES: &[Case] = &[
    Case {
        class: "common word",
        q: "ward",
        theme: None,
        exclude_cw: None,
        fts: "ward",
        tantivy: "ward",
    },
    Case {
        class: "rare word",
        q: "marmalade",
        theme: None,
        exclude_cw: None,
        fts: "marmalade",
        tantivy: "marmalade",
    },
    Case {
        class: "two words (AND)",
        q: "crisis team",
        theme: None,
        exclude_cw: None,
        fts: "crisis team",
        tantivy: "crisis team",
    },
    Case {
        class: "phrase",
        q: "\"ward round\"",
        theme: None,
        exclude_cw: None,
        fts: "\"ward round\"",
        tantivy: "\"ward round\"",
    },
    Case {
        class: "+ theme filter",
        q: "ward",
        theme: Some("restraint"),
        exclude_cw: None,
        fts: "ward",
        tantivy: "ward",
    },
    Case {
        class: "+ warning excluded",
        q: "ward",
        theme: None,
        exclude_cw: Some("self-harm"),
        fts: "ward",
        tantivy: "ward",
    },
    Case {
        class: "synonyms",
        q: "sectioned",
        theme: None,
        exclude_cw: None,
        fts: "sectioned OR detained OR detention",
        tantivy: "sectioned OR detained OR detention",
    },
    // FTS5 refuses this outright; its best way is to search the words, as Chorus reads it.
    Case {
        class: "malformed",
        q: "ward AND (round",
        theme: None,
        exclude_cw: None,
        fts: "ward round",
        tantivy: "ward AND (round",
    },
];

/// A story as the baselines index it.
struct Doc {
    title: String,
    body: String,
    themes: Vec<String>,
    roles: Vec<String>,
    settings: Vec<String>,
    warnings: Vec<String>,
}

fn load_corpus(dir: &Path) -> anyhow::Result<Vec<Doc>> {
    let files = story_files(dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut docs = Vec::with_capacity(files.len());
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        let (front, body) =
            parse_story_file(&text).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        docs.push(Doc {
            title: front.title,
            body,
            themes: front.themes,
            roles: front.roles,
            settings: front.settings,
            warnings: front.content_warnings,
        });
    }
    Ok(docs)
}

/// What one engine returned for a query: matches in all and the first hit's snippet length, so
/// the answers can be compared for sense as well as speed.
struct Answer {
    total: usize,
    hits: usize,
}

/// Runs `f` a few times to warm caches, then `runs` times timed.
fn measure(
    runs: usize,
    mut f: impl FnMut() -> anyhow::Result<Answer>,
) -> anyhow::Result<(Latency, Answer)> {
    for _ in 0..3 {
        f()?;
    }
    let mut samples = Vec::with_capacity(runs);
    let mut last = Answer { total: 0, hits: 0 };
    for _ in 0..runs {
        let started = Instant::now();
        last = f()?;
        samples.push(started.elapsed());
    }
    Ok((Latency::of(&mut samples), last))
}

/// Runs the whole comparison and prints the tables.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    std::fs::create_dir_all(&opts.work)?;
    let docs = load_corpus(&opts.corpus)?;
    let n = docs.len();
    println!("corpus: {} ({n} stories)", opts.corpus.display());
    println!();

    // ------------------------------------------------------------------ indexing
    let chorus_data = opts.work.join("chorus-data");
    let chorus_index = opts.work.join("chorus-index");
    let fresh = !opts.reuse || !chorus_data.join("chorus.sqlite3").exists();
    if fresh {
        for d in [&chorus_data, &chorus_index] {
            if d.exists() {
                std::fs::remove_dir_all(d)?;
            }
        }
    }
    let config = Config {
        data_dir: chorus_data.clone(),
        index_dir: chorus_index.clone(),
        ..Config::default()
    };
    let archive = Archive::open(config)?;
    let mut indexing: Vec<(&str, Option<Duration>)> = Vec::new();
    if fresh {
        let started = Instant::now();
        let tally = archive.import_dir(&opts.corpus, true, |_| {})?;
        anyhow::ensure!(tally.refused == 0, "{} stories were refused", tally.refused);
        indexing.push((
            "Chorus: import --publish (SQLite + index)",
            Some(started.elapsed()),
        ));
    } else {
        indexing.push(("Chorus: import --publish (SQLite + index)", None));
    }
    let started = Instant::now();
    archive.rebuild_index(|_, _| {})?;
    indexing.push(("Chorus: reindex (index only)", Some(started.elapsed())));

    let fts_path = opts.work.join("fts5.db");
    let fts_fresh = !opts.reuse || !fts_path.exists();
    let started = Instant::now();
    let fts = fts5_build(&fts_path, &docs, fts_fresh)?;
    indexing.push(("SQLite FTS5: build", fts_fresh.then(|| started.elapsed())));

    let tantivy_dir = opts.work.join("tantivy");
    let started = Instant::now();
    let bare = Bare::build(&tantivy_dir, &docs)?;
    indexing.push(("bare tantivy: build", Some(started.elapsed())));
    drop(docs);

    println!("## Indexing {n} stories\n");
    println!("| engine | seconds | stories/s |");
    println!("| --- | ---: | ---: |");
    for (name, took) in &indexing {
        match took {
            Some(t) => println!(
                "| {name} | {:.1} | {:.0} |",
                t.as_secs_f64(),
                n as f64 / t.as_secs_f64().max(1e-9)
            ),
            None => println!("| {name} | (reused) | |"),
        }
    }
    println!();

    // ------------------------------------------------------------------ queries
    println!(
        "## Searches: top 10 + snippets + facet counts ({} runs each; ms)\n",
        opts.runs
    );
    println!("Chorus computes every answer afresh in the first two columns (`search_fresh`); the third is what a");
    println!("repeated search costs (answers are kept until the index next changes). Ratios compare the fresh figures.\n");
    println!("| query | matches | Chorus p50 | p99 | Chorus repeated p50 | FTS5 p50 | p99 | tantivy p50 | p99 | FTS5 ÷ Chorus | tantivy ÷ Chorus |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for case in CASES {
        let req = SearchRequest {
            q: case.q.to_owned(),
            themes: case.theme.map(|t| vec![t.to_owned()]).unwrap_or_default(),
            exclude_cw: case
                .exclude_cw
                .map(|t| vec![t.to_owned()])
                .unwrap_or_default(),
            page: 1,
            per_page: 10,
            ..Default::default()
        };
        let (c, ca) = measure(opts.runs, || {
            let r = archive.search_fresh(&req)?;
            Ok(Answer {
                total: r.total,
                hits: r.hits.len(),
            })
        })?;
        let (cached, _) = measure(opts.runs, || {
            let r = archive.search(&req)?;
            Ok(Answer {
                total: r.total,
                hits: r.hits.len(),
            })
        })?;
        let (f, fa) = measure(opts.runs, || fts5_search(&fts, case))?;
        let (t, ta) = measure(opts.runs, || bare.search(case))?;
        let ratio = |other: Duration| other.as_secs_f64() / c.p50.as_secs_f64().max(1e-9);
        println!(
            "| {} `{}` | {} / {} / {} | {} | {} | {} | {} | {} | {} | {} | {:.1}× | {:.1}× |",
            case.class,
            describe(case),
            ca.total,
            fa.total,
            ta.total,
            ms(c.p50),
            ms(c.p99),
            ms(cached.p50),
            ms(f.p50),
            ms(f.p99),
            ms(t.p50),
            ms(t.p99),
            ratio(f.p50),
            ratio(t.p50),
        );
        debug_assert!(ca.hits <= 10 && fa.hits <= 10 && ta.hits <= 10);
    }
    println!();
    println!("matches: Chorus / FTS5 / tantivy (Chorus widens words to their families and stems, FTS5 uses the porter stemmer, so counts differ a little)");
    if let Some((now, peak)) = rss_mib(None) {
        println!("benchmark process RSS: {now:.0} MiB now, {peak:.0} MiB at peak (all three engines in one process)");
    }
    Ok(())
}

fn describe(case: &Case) -> String {
    let mut s = case.q.to_owned();
    if let Some(t) = case.theme {
        s.push_str(&format!(" theme={t}"));
    }
    if let Some(w) = case.exclude_cw {
        s.push_str(&format!(" exclude_cw={w}"));
    }
    s.replace('|', "\\|")
}

// ---------------------------------------------------------------------- SQLite FTS5

fn fts5_build(path: &Path, docs: &[Doc], fresh: bool) -> anyhow::Result<Connection> {
    if fresh && path.exists() {
        std::fs::remove_file(path)?;
    }
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "wal")?;
    conn.pragma_update(None, "synchronous", "normal")?;
    if !fresh {
        return Ok(conn);
    }
    conn.execute_batch(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61');
         CREATE TABLE facets (doc INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);",
    )?;
    let tx = conn.transaction()?;
    {
        let mut put = tx.prepare("INSERT INTO docs (rowid, title, body) VALUES (?1, ?2, ?3)")?;
        let mut facet = tx.prepare("INSERT INTO facets (doc, kind, value) VALUES (?1, ?2, ?3)")?;
        for (i, d) in docs.iter().enumerate() {
            let id = i as i64 + 1;
            put.execute(params![id, d.title, d.body])?;
            for (kind, values) in [
                ("theme", &d.themes),
                ("role", &d.roles),
                ("setting", &d.settings),
                ("warning", &d.warnings),
            ] {
                for v in values {
                    facet.execute(params![id, kind, v])?;
                }
            }
        }
    }
    tx.execute_batch(
        "CREATE INDEX facets_by_doc ON facets (doc, kind, value);
         CREATE INDEX facets_by_value ON facets (kind, value, doc);",
    )?;
    tx.commit()?;
    Ok(conn)
}

fn fts5_search(conn: &Connection, case: &Case) -> anyhow::Result<Answer> {
    // The matching rows once, as a set every other part of the answer joins against.
    let mut filter = String::new();
    if case.theme.is_some() {
        filter.push_str(
            " AND +rowid IN (SELECT doc FROM facets WHERE kind = 'theme' AND value = ?2)",
        );
    }
    if case.exclude_cw.is_some() {
        filter.push_str(
            " AND +rowid NOT IN (SELECT doc FROM facets WHERE kind = 'warning' AND value = ?3)",
        );
    }
    let args = params![
        case.fts,
        case.theme.unwrap_or(""),
        case.exclude_cw.unwrap_or("")
    ];
    let used = |sql: &str| {
        // rusqlite refuses parameters a statement does not use: give it the ones it names.
        let mut p: Vec<&dyn rusqlite::ToSql> = vec![&args[0]];
        if sql.contains("?2") {
            p.push(&args[1]);
        }
        if sql.contains("?3") {
            p.push(&args[2]);
        }
        p
    };
    let top_sql = format!(
        "SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 40) FROM docs
         WHERE docs MATCH ?1{filter} ORDER BY rank LIMIT 10"
    );
    let mut top = conn.prepare_cached(&renumber(&top_sql))?;
    let hits: Vec<(i64, String, String)> = top
        .query_map(used(&top_sql).as_slice(), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let count_sql = format!("SELECT count(*) FROM docs WHERE docs MATCH ?1{filter}");
    let total: i64 = conn
        .prepare_cached(&renumber(&count_sql))?
        .query_row(used(&count_sql).as_slice(), |r| r.get(0))?;
    let facet_sql = format!(
        "SELECT kind, value, count(*) FROM facets WHERE kind <> 'warning' AND doc IN
           (SELECT rowid FROM docs WHERE docs MATCH ?1{filter}) GROUP BY kind, value"
    );
    let mut facets = conn.prepare_cached(&renumber(&facet_sql))?;
    let counted = facets
        .query_map(used(&facet_sql).as_slice(), |r| r.get::<_, i64>(2))?
        .count();
    debug_assert!(counted <= 200);
    Ok(Answer {
        total: total as usize,
        hits: hits.len(),
    })
}

/// Numbers a statement's parameters 1, 2, … in the order they are used, since only some of
/// `?2` and `?3` appear in it.
fn renumber(sql: &str) -> String {
    let mut next = 2;
    let mut out = sql.to_owned();
    for p in ["?2", "?3"] {
        if out.contains(p) {
            out = out.replace(p, &format!("?{next}"));
            next += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------- bare tantivy

struct Bare {
    index: Index,
    reader: tantivy::IndexReader,
    title: tantivy::schema::Field,
    body: tantivy::schema::Field,
    theme: tantivy::schema::Field,
    warning: tantivy::schema::Field,
}

impl Bare {
    fn build(dir: &Path, docs: &[Doc]) -> anyhow::Result<Self> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        let mut b = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("en_stem")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let theme = b.add_facet_field("theme", FacetOptions::default());
        let role = b.add_facet_field("role", FacetOptions::default());
        let setting = b.add_facet_field("setting", FacetOptions::default());
        let warning = b.add_facet_field("warning", FacetOptions::default());
        let index = Index::create_in_dir(dir, b.build())?;
        // The straightforward way: the default number of threads, a generous memory budget.
        let mut writer: tantivy::IndexWriter = index.writer(200_000_000)?;
        for d in docs {
            let mut doc = TantivyDocument::default();
            doc.add_text(title, &d.title);
            doc.add_text(body, &d.body);
            for (field, values) in [
                (theme, &d.themes),
                (role, &d.roles),
                (setting, &d.settings),
                (warning, &d.warnings),
            ] {
                for v in values {
                    doc.add_facet(field, Facet::from_path([v.as_str()]));
                }
            }
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index.reader()?;
        Ok(Self {
            index,
            reader,
            title,
            body,
            theme,
            warning,
        })
    }

    fn search(&self, case: &Case) -> anyhow::Result<Answer> {
        let searcher = self.reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![self.title, self.body]);
        parser.set_conjunction_by_default();
        let (text, _) = parser.parse_query_lenient(case.tantivy);
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
        if let Some(t) = case.theme {
            let term = Term::from_facet(self.theme, &Facet::from_path([t]));
            parts.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if let Some(w) = case.exclude_cw {
            let term = Term::from_facet(self.warning, &Facet::from_path([w]));
            parts.push((
                Occur::MustNot,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        let query = BooleanQuery::new(parts);
        let facet = |name: &str| {
            let mut c = FacetCollector::for_field(name);
            c.add_facet(Facet::root());
            c
        };
        let (top, (total, (themes, (roles, settings)))) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(10),
                (Count, (facet("theme"), (facet("role"), facet("setting")))),
            ),
        )?;
        let counted = themes.get("/").count() + roles.get("/").count() + settings.get("/").count();
        debug_assert!(counted < 500);
        let snippets = SnippetGenerator::create(&searcher, &*text, self.body)?;
        let mut hits = 0;
        for (_, addr) in &top {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let _title = doc
                .get_first(self.title)
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            let snippet = snippets.snippet_from_doc(&doc);
            hits += usize::from(!snippet.fragment().is_empty() || _title.is_some());
        }
        Ok(Answer { total, hits })
    }
}
