//! The tantivy index: derived from SQLite, rebuildable at any time, never the source of truth.
//!
//! One `IndexWriter` and one `IndexReader` for the process, a fresh searcher per request. Stories
//! come in as `IndexDoc`s and results go out as data (`SearchResults`); nothing here knows the
//! database or HTML.

mod cache;
#[cfg(test)]
mod concept_tests;
mod expand;
mod facets;
mod feedback;
mod health;
mod occurs;
mod pieces;
mod query;
mod related;
mod results;
mod schema;
mod stopwords;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::AllQuery;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

pub use query::{SearchRequest, Sort, MAX_PER_PAGE, MAX_QUERY_CHARS};
pub use related::RelatedStory;
pub use results::{Facets, Fragment, Hit, SearchResults, Snippet};
pub use schema::{period_years, IndexDoc};

use results::{facet_collectors, Snippets};
use schema::{build_schema, stored_text, Fields, SCHEMA_MARKER, SCHEMA_VERSION};

/// The index writer's memory budget, shared by its threads. Measured at 10 000 stories, one
/// thread with 40 MB spent four fifths of a rebuild waiting for that thread; two threads (one
/// per core) with 50 MB each halve it, and the arena is only filled while indexing.
const WRITER_MEMORY: usize = 100_000_000;
/// Indexing threads: one per core of the small server Chorus is sized for.
const WRITER_THREADS: usize = 2;
/// How long `open` waits for the writer's lock before reading without it.
const LOCK_PATIENCE: Duration = Duration::from_secs(1);
/// How long `chorus check` waits for a rebuild in progress.
const REBUILD_PATIENCE: Duration = Duration::from_secs(600);

/// Index errors.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be used.
    #[error("search index directory error: {0}")]
    Io(#[from] std::io::Error),
    /// Another process (usually the running server) is writing the index.
    #[error("the search index is being written by another process (is `chorus serve` running?)")]
    Locked,
    /// The index was missing or damaged and is being rebuilt from the database.
    #[error("the search index is being rebuilt")]
    Rebuilding,
    /// A search met a damaged index file; the files are checked and rebuilt on the indexer's
    /// next turn.
    #[error("the search index is damaged: {0}")]
    Damaged(String),
}

impl SearchError {
    /// Whether the index cannot answer just now but will once it is rebuilt (as opposed to a
    /// mistake in how it was asked).
    pub fn is_temporary(&self) -> bool {
        match self {
            SearchError::Rebuilding | SearchError::Damaged(_) => true,
            SearchError::Tantivy(e) => health::means_damage(e),
            SearchError::Io(_) | SearchError::Locked => false,
        }
    }
}

type Result<T> = std::result::Result<T, SearchError>;

/// The search index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// `None` when another process (a running server) holds the index's writer lock.
    writer: Option<Mutex<IndexWriter>>,
    fields: Fields,
    dir: PathBuf,
    /// `false` from the moment a missing or damaged index is replaced by an empty one until the
    /// rebuild from SQLite has committed: searches then answer `Rebuilding` rather than results
    /// that are silently incomplete.
    ready: Mutex<bool>,
    ready_changed: Condvar,
    /// Set when a search met damage, so the indexer checks the files on its next turn.
    suspect: AtomicBool,
    /// Recent answers, until the next commit.
    recent: cache::ResultsCache,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

/// What `open` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The existing index opened fine (and, when this process writes it, passed every check).
    Existing,
    /// There was no usable index (missing, of another schema version, or damaged: the problems
    /// are listed); an empty one was created, and it answers `Rebuilding` until it is filled
    /// from SQLite with [`SearchIndex::rebuild`].
    Fresh(Vec<String>),
}

impl SearchIndex {
    /// Opens the index in `dir`, or creates an empty one when it is missing, unreadable, damaged
    /// or of another schema version (the caller then rebuilds it from SQLite).
    ///
    /// Damage is looked for only while holding the writer's lock, so that a command run beside a
    /// live server never judges (or deletes) files the server is in the middle of writing.
    pub fn open(dir: &Path) -> Result<(Self, Opened)> {
        // The thesaurus is checked and stemmed now, so a broken data file stops start-up.
        expand::lexicon();
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = build_schema();
        let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let lock = writer_lock(&directory)?;
        let marker = dir.join(SCHEMA_MARKER);
        let current = std::fs::read_to_string(&marker).ok();
        let existing = if current.as_deref() == Some(SCHEMA_VERSION.as_str()) {
            catch_unwind(|| Index::open_in_dir(dir))
                .ok()
                .and_then(|opened| opened.ok())
                .filter(|i| i.schema() == schema)
        } else {
            None
        };
        let (index, opened) = match (existing, &lock) {
            (Some(index), None) => (index, Opened::Existing),
            (None, None) => return Err(SearchError::Locked),
            (Some(index), Some(_)) => {
                let started = std::time::Instant::now();
                let problems = health::damage(&index, &fields);
                tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    "search index checksums and segments checked"
                );
                if problems.is_empty() {
                    (index, Opened::Existing)
                } else {
                    drop(index);
                    (recreate(dir, schema)?, Opened::Fresh(problems))
                }
            }
            (None, Some(_)) => {
                let why = if current.is_some() {
                    "the index metadata could not be read"
                } else {
                    "there was no index"
                };
                (recreate(dir, schema)?, Opened::Fresh(vec![why.to_owned()]))
            }
        };
        if let Opened::Fresh(problems) = &opened {
            tracing::warn!(dir = %dir.display(), ?problems, "search index missing or unusable; recreated it empty, to be rebuilt from the database");
        }
        drop(lock);
        // Only one process may write the index. Command-line tools run beside a live server
        // read it and leave the writing to the server's indexer (via the outbox).
        let writer = match index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY) {
            Ok(w) => {
                // A process killed mid-commit or mid-merge leaves files that no commit names
                // (segments, `.del` files). Their names can come round again, and tantivy then
                // refuses to write over them: clear them before the first write.
                if let Err(e) = w.garbage_collect_files().wait() {
                    tracing::warn!(error = %e, "could not clear files left by an earlier run");
                }
                Some(Mutex::new(w))
            }
            Err(tantivy::TantivyError::LockFailure(..)) => None,
            Err(e) => return Err(e.into()),
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok((
            Self {
                index,
                reader,
                writer,
                fields,
                dir: dir.to_owned(),
                ready: Mutex::new(opened == Opened::Existing),
                ready_changed: Condvar::new(),
                suspect: AtomicBool::new(false),
                recent: cache::ResultsCache::default(),
            },
            opened,
        ))
    }

    /// Whether searches can be answered (the index is not waiting for a rebuild).
    pub fn is_ready(&self) -> bool {
        *self.ready.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits up to `patience` for a rebuild in progress to commit; whether the index is ready.
    pub fn wait_ready(&self, patience: Duration) -> bool {
        let ready = self.ready.lock().unwrap_or_else(|p| p.into_inner());
        let (ready, _) = self
            .ready_changed
            .wait_timeout_while(ready, patience, |r| !*r)
            .unwrap_or_else(|p| p.into_inner());
        *ready
    }

    fn set_ready(&self, value: bool) {
        *self.ready.lock().unwrap_or_else(|p| p.into_inner()) = value;
        self.ready_changed.notify_all();
    }

    /// Whether a search met damage since the last call (and clears the mark).
    pub fn take_suspicion(&self) -> bool {
        self.suspect.swap(false, Ordering::SeqCst)
    }

    /// Checks the live index's files as at start-up. When they are damaged, searches answer
    /// `Rebuilding` from now until the caller's [`rebuild`](Self::rebuild) commits; the problems
    /// are returned.
    pub fn check_files(&self) -> Vec<String> {
        let mut problems = health::damage(&self.index, &self.fields);
        if !problems.is_empty() {
            // A merge that commits while the files are being read replaces some of them, and
            // what vanished mid-check is not damage: look again before rebuilding anything.
            std::thread::sleep(Duration::from_millis(200));
            problems = health::damage(&self.index, &self.fields);
        }
        if !problems.is_empty() {
            tracing::error!(
                ?problems,
                "the search index is damaged; rebuilding it from the database"
            );
            self.set_ready(false);
        }
        problems
    }

    /// A tantivy failure met while answering: damage is marked for the indexer to check and
    /// reported as `Damaged`, anything else passed on as it is.
    fn failed(&self, e: tantivy::TantivyError) -> SearchError {
        if health::means_damage(&e) {
            self.suspect.store(true, Ordering::SeqCst);
            SearchError::Damaged(e.to_string())
        } else {
            e.into()
        }
    }

    /// Whether this process may write the index.
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        match &self.writer {
            Some(w) => Ok(w.lock().unwrap_or_else(|p| p.into_inner())),
            None => Err(SearchError::Locked),
        }
    }

    /// Applies a batch of changes and commits them: `(id, Some(doc))` (re)indexes a story,
    /// `(id, None)` removes it. With `purge`, every segment is then merged and unused files
    /// deleted, so removed text leaves the index directory entirely.
    pub fn apply(&self, changes: &[(String, Option<IndexDoc>)], purge: bool) -> Result<()> {
        let mut writer = self.writer()?;
        for (id, doc) in changes {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
            if let Some(d) = doc {
                writer.add_document(self.fields.document(d))?;
            }
        }
        writer.commit()?;
        if purge {
            // Even a single segment is rewritten: that is what drops the removed text.
            self.merge_all(&mut writer, 1)?;
            self.reader.reload()?;
            writer.garbage_collect_files().wait()?;
        }
        self.reader.reload()?;
        // Kept answers would be recomputed anyway (the generation moved), but they may quote a
        // story just removed: they go now, not at the next search.
        self.recent.clear();
        Ok(())
    }

    /// Replaces the whole index with `docs`, calling `progress` after each one.
    pub fn rebuild(
        &self,
        docs: impl IntoIterator<Item = IndexDoc>,
        mut progress: impl FnMut(usize),
    ) -> Result<()> {
        let mut rebuild = self.begin_rebuild()?;
        for (i, d) in docs.into_iter().enumerate() {
            rebuild.add(&d)?;
            progress(i + 1);
        }
        rebuild.finish()
    }

    /// Starts replacing the whole index: documents are added one at a time with
    /// [`Rebuild::add`], so a caller streaming them from the database never holds them all, and
    /// nothing is visible to searches until [`Rebuild::finish`] commits. Dropped unfinished, it
    /// changes nothing: its uncommitted work is rolled back.
    pub fn begin_rebuild(&self) -> Result<Rebuild<'_>> {
        let writer = self.writer()?;
        writer.delete_all_documents()?;
        Ok(Rebuild {
            index: self,
            writer,
            finished: false,
        })
    }
    /// Merges every segment into one when there are at least `min` of them, so deleted
    /// documents leave the files. tantivy's merge policy may be merging some of the same
    /// segments in the background; when it finishes first, this merge finds its inputs gone and
    /// is refused, so it is asked again with the segments as they are then. (Found by the kill -9
    /// harness: a purge at start-up failed this way, and the server would not start.)
    fn merge_all(&self, writer: &mut IndexWriter, min: usize) -> Result<()> {
        const ATTEMPTS: u32 = 20;
        for attempt in 1.. {
            let segments = self.index.searchable_segment_ids()?;
            if segments.len() < min {
                return Ok(());
            }
            match writer.merge(&segments).wait() {
                Ok(_) => return Ok(()),
                Err(tantivy::TantivyError::InvalidArgument(_)) if attempt < ATTEMPTS => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(e.into()),
            }
        }
        unreachable!("the loop returns")
    }

    /// `(id, content_sha256)` of every indexed story, for `chorus check`. A rebuild in progress
    /// is waited for (up to a few minutes): the comparison means nothing until it is done.
    pub fn fingerprints(&self) -> Result<Vec<(String, String)>> {
        if !self.wait_ready(REBUILD_PATIENCE) {
            return Err(SearchError::Rebuilding);
        }
        let searcher = self.reader.searcher();
        let addresses = searcher.search(&AllQuery, &TopDocs::with_limit(1_000_000))?;
        let mut out = Vec::with_capacity(addresses.len());
        for (_, addr) in addresses {
            let doc: TantivyDocument = searcher.doc(addr)?;
            out.push((
                stored_text(&doc, self.fields.id),
                stored_text(&doc, self.fields.sha),
            ));
        }
        Ok(out)
    }

    /// A number that changes whenever what searches see changes (each reload of the reader), for
    /// figures kept until then.
    pub fn generation(&self) -> i64 {
        self.reader.searcher().generation().generation_id() as i64
    }

    /// Number of searchable documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search; `Rebuilding` while the index waits for a rebuild, `Damaged` when it met a
    /// damaged file (tantivy may panic on some garbage: that is damage too).
    ///
    /// Answers are kept until the next commit (see `cache`); [`search_fresh`](Self::search_fresh)
    /// always computes.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        if !self.is_ready() {
            return Err(SearchError::Rebuilding);
        }
        let generation = self.reader.searcher().generation().generation_id();
        let key = cache::key(req);
        if let Some(kept) = self.recent.get(generation, &key) {
            return Ok((*kept).clone());
        }
        let (generation, answer) = self.search_guarded(req)?;
        self.recent.put(generation, key, Arc::new(answer.clone()));
        Ok(answer)
    }

    /// Runs a search without the cache of recent answers (benchmarks measure both).
    pub fn search_fresh(&self, req: &SearchRequest) -> Result<SearchResults> {
        if !self.is_ready() {
            return Err(SearchError::Rebuilding);
        }
        Ok(self.search_guarded(req)?.1)
    }

    /// A search and the reader generation it read, with damage and panics caught.
    fn search_guarded(&self, req: &SearchRequest) -> Result<(u64, SearchResults)> {
        match catch_unwind(AssertUnwindSafe(|| self.search_now(req))) {
            Ok(Err(SearchError::Tantivy(e))) => Err(self.failed(e)),
            Ok(result) => result,
            Err(_) => {
                self.suspect.store(true, Ordering::SeqCst);
                Err(SearchError::Damaged("a search panicked".into()))
            }
        }
    }

    /// A search; when quoted phrases find nothing, the same words unquoted, saying so. A phrase
    /// remembered a little differently ("big black and dangerous" for "big, black and
    /// dangerous-looking") should not end in an empty page. `exact=on` means exactly that.
    fn search_now(&self, req: &SearchRequest) -> Result<(u64, SearchResults)> {
        let (generation, results) = self.search_once(req)?;
        let quotes = |c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}');
        if results.total > 0 || req.exact || !req.q.contains(quotes) {
            return Ok((generation, results));
        }
        let unquoted = SearchRequest {
            q: req.q.replace(quotes, " "),
            ..req.clone()
        };
        let (generation, mut loose) = self.search_once(&unquoted)?;
        if loose.total == 0 {
            return Ok((generation, results));
        }
        let said = "No story has those exact words in that order, so these are the stories with the words in them anywhere.";
        loose.note = Some(match loose.note {
            Some(n) => format!("{said} {n}"),
            None => said.to_owned(),
        });
        Ok((generation, loose))
    }

    fn search_once(&self, req: &SearchRequest) -> Result<(u64, SearchResults)> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let parsed = query::parse(&self.index, &self.fields, req);

        let per_page = req.per_page.clamp(1, MAX_PER_PAGE);
        let page = req.page.max(1);
        let offset = (page - 1).saturating_mul(per_page).min(100_000);

        let (theme_levels, facet_collectors) = facet_collectors();
        let sort = req.sort.unwrap_or(if req.q.trim().is_empty() {
            Sort::Newest
        } else {
            Sort::Relevance
        });
        let mut query = parsed.query();
        if sort == Sort::Relevance && parsed.describes {
            let best: Vec<DocAddress> = searcher
                .search(&query, &TopDocs::with_limit(feedback::FEEDBACK_STORIES))?
                .into_iter()
                .map(|(_, a)| a)
                .collect();
            if let Some(words) = feedback::feedback(&searcher, &self.fields, &best, &req.q)? {
                query = parsed.with_bonus(words);
            }
        }
        let (addresses, (total, (themes, roles, settings))): (Vec<DocAddress>, _) = match sort {
            Sort::Relevance => {
                let top = TopDocs::with_limit(per_page).and_offset(offset);
                let (docs, rest) = searcher.search(&query, &(top, (Count, facet_collectors)))?;
                (docs.into_iter().map(|(_, a)| a).collect(), rest)
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let top = TopDocs::with_limit(per_page)
                    .and_offset(offset)
                    .order_by_fast_field::<u64>("published", order);
                let (docs, rest) = searcher.search(&query, &(top, (Count, facet_collectors)))?;
                (docs.into_iter().map(|(_, a)| a).collect(), rest)
            }
        };

        let snippets = Snippets::new(&searcher, &*parsed.text, &self.fields, &req.q)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for addr in addresses {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let mut hit = snippets.hit(&doc, &self.fields);
            if !parsed.groups.is_empty() {
                let told = doc
                    .get_all(self.fields.told)
                    .filter_map(|v| tantivy::schema::Value::as_str(&v))
                    .collect();
                let tags: Vec<&str> = doc
                    .get_all(self.fields.tag_match)
                    .filter_map(|v| tantivy::schema::Value::as_str(&v))
                    .collect();
                hit.also_matched =
                    expand::lexicon().also_matched_told(&parsed.groups, &told, &hit.themes, &tags);
            }
            hits.push(hit);
        }
        Ok((
            generation,
            SearchResults {
                total,
                page,
                per_page,
                hits,
                facets: theme_levels.facets(themes, roles, settings),
                note: parsed.note,
            },
        ))
    }
}

/// A rebuild of the whole index under way (see [`SearchIndex::begin_rebuild`]).
pub struct Rebuild<'a> {
    index: &'a SearchIndex,
    writer: std::sync::MutexGuard<'a, IndexWriter>,
    finished: bool,
}

impl Drop for Rebuild<'_> {
    fn drop(&mut self) {
        // A rebuild abandoned half-way (the database read failed) must not leave its "delete
        // everything" for the next ordinary commit to make real.
        if !self.finished {
            if let Err(e) = self.writer.rollback() {
                tracing::error!(error = %e, "could not roll back an unfinished index rebuild");
            }
        }
    }
}

impl Rebuild<'_> {
    /// Adds one story.
    pub fn add(&mut self, d: &IndexDoc) -> Result<()> {
        self.writer.add_document(self.index.fields.document(d))?;
        Ok(())
    }

    /// Adds many stories, in order, working out their documents (the thesaurus's concepts, the
    /// suggested themes) on every core: that, not the index writer, is most of a rebuild's work.
    pub fn add_all<T: Sync>(
        &mut self,
        items: &[T],
        to_doc: impl Fn(&T) -> IndexDoc + Sync,
    ) -> Result<()> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let part = items.len().div_ceil(threads).max(1);
        let fields = &self.index.fields;
        let to_doc = &to_doc;
        let docs: Vec<Vec<TantivyDocument>> = std::thread::scope(|s| {
            let workers: Vec<_> = items
                .chunks(part)
                .map(|chunk| {
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|it| fields.document(&to_doc(it)))
                            .collect()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for doc in docs.into_iter().flatten() {
            self.writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Commits the new index, merges it, and makes it the one searches read.
    pub fn finish(mut self) -> Result<()> {
        let started = std::time::Instant::now();
        self.writer.commit()?;
        self.finished = true;
        let committed = started.elapsed();
        self.index.merge_all(&mut self.writer, 2)?;
        self.index.reader.reload()?;
        self.index.recent.clear();
        self.index.set_ready(true);
        self.writer.garbage_collect_files().wait()?;
        tracing::info!(
            commit_seconds = committed.as_secs_f64(),
            merge_seconds = (started.elapsed() - committed).as_secs_f64(),
            "index rebuild committed and merged"
        );
        Ok(())
    }
}

/// The writer's lock, or `None` when another holder keeps it for longer than `LOCK_PATIENCE`: a
/// live server (then we only read), or an archive in this process that is still letting go
/// (its indexer thread finishing a turn after the last other owner dropped it).
fn writer_lock(directory: &MmapDirectory) -> Result<Option<tantivy::directory::DirectoryLock>> {
    let deadline = std::time::Instant::now() + LOCK_PATIENCE;
    loop {
        match directory.acquire_lock(&INDEX_WRITER_LOCK) {
            Ok(lock) => return Ok(Some(lock)),
            Err(tantivy::directory::error::LockError::LockBusy)
                if std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(tantivy::directory::error::LockError::LockBusy) => return Ok(None),
            Err(e) => return Err(tantivy::TantivyError::LockFailure(e, None).into()),
        }
    }
}

/// Replaces whatever index `dir` holds with an empty one of the current schema.
fn recreate(dir: &Path, schema: tantivy::schema::Schema) -> Result<Index> {
    remove_index_files(dir)?;
    let index = Index::create_in_dir(dir, schema)?;
    std::fs::write(dir.join(SCHEMA_MARKER), SCHEMA_VERSION.as_str())?;
    Ok(index)
}

/// Deletes what tantivy (and this module) wrote in `dir`, and nothing else: an index directory
/// given by mistake (say, a home directory) keeps its other files.
fn remove_index_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let segment_file = name
            .split('.')
            .next()
            .is_some_and(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()));
        // Lock files stay: the caller holds the writer's lock while it recreates the index.
        let ours =
            segment_file || matches!(name.as_str(), "meta.json" | ".managed.json" | SCHEMA_MARKER);
        if ours && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
