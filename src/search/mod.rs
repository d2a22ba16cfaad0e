//! The tantivy index: derived from SQLite, rebuildable at any time, never the source of truth.
//!
//! One `IndexWriter` and one `IndexReader` for the process, a fresh searcher per request. Stories
//! come in as `IndexDoc`s and results go out as data (`SearchResults`); nothing here knows the
//! database or HTML.

mod query;
mod results;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::AllQuery;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

pub use query::{SearchRequest, Sort, MAX_PER_PAGE, MAX_QUERY_CHARS};
pub use results::{Facets, Fragment, Hit, SearchResults, Snippet};
pub use schema::{period_years, IndexDoc};

use results::{facet_collectors, Snippets};
use schema::{build_schema, stored_text, Fields, SCHEMA_MARKER, SCHEMA_VERSION};

const WRITER_MEMORY: usize = 40_000_000;

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
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

/// What `open` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The existing index opened fine.
    Existing,
    /// There was no usable index; an empty one was created and must be filled from SQLite.
    Fresh,
}

impl SearchIndex {
    /// Opens the index in `dir`, or creates an empty one when it is missing, unreadable or of
    /// another schema version (the caller then rebuilds it from SQLite).
    pub fn open(dir: &Path) -> Result<(Self, Opened)> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = build_schema();
        let marker = dir.join(SCHEMA_MARKER);
        let current = std::fs::read_to_string(&marker).ok();
        let existing = if current.as_deref() == Some(SCHEMA_VERSION) {
            Index::open_in_dir(dir)
                .ok()
                .filter(|i| i.schema() == schema)
        } else {
            None
        };
        let (index, opened) = match existing {
            Some(index) => (index, Opened::Existing),
            None => {
                tracing::warn!(dir = %dir.display(), "search index missing or unusable; recreating it");
                remove_index_files(dir)?;
                let index = Index::create_in_dir(dir, schema)?;
                std::fs::write(&marker, SCHEMA_VERSION)?;
                (index, Opened::Fresh)
            }
        };
        // Only one process may write the index. Command-line tools run beside a live server
        // read it and leave the writing to the server's indexer (via the outbox).
        let writer = match index.writer_with_num_threads(1, WRITER_MEMORY) {
            Ok(w) => {
                // A process killed mid-commit leaves files the last commit does not name (a
                // segment, a `.del` file). They may hold removed text, and a `.del` file blocks
                // the next commit that reaches the same opstamp, so they go before any writing.
                // (Found by the kill -9 harness.)
                w.garbage_collect_files().wait()?;
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
            },
            opened,
        ))
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
        Ok(())
    }

    /// Replaces the whole index with `docs`, calling `progress` after each one.
    pub fn rebuild(
        &self,
        docs: impl IntoIterator<Item = IndexDoc>,
        mut progress: impl FnMut(usize),
    ) -> Result<()> {
        let mut writer = self.writer()?;
        writer.delete_all_documents()?;
        for (i, d) in docs.into_iter().enumerate() {
            writer.add_document(self.fields.document(&d))?;
            progress(i + 1);
        }
        writer.commit()?;
        self.merge_all(&mut writer, 2)?;
        self.reader.reload()?;
        writer.garbage_collect_files().wait()?;
        Ok(())
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

    /// `(id, content_sha256)` of every indexed story, for `chorus check`.
    pub fn fingerprints(&self) -> Result<Vec<(String, String)>> {
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

    /// Number of searchable documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
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
        let (addresses, (total, (themes, roles, settings))): (Vec<DocAddress>, _) = match sort {
            Sort::Relevance => {
                let top = TopDocs::with_limit(per_page).and_offset(offset);
                let (docs, rest) =
                    searcher.search(&parsed.query, &(top, (Count, facet_collectors)))?;
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
                let (docs, rest) =
                    searcher.search(&parsed.query, &(top, (Count, facet_collectors)))?;
                (docs.into_iter().map(|(_, a)| a).collect(), rest)
            }
        };

        let snippets = Snippets::new(&searcher, &*parsed.text, &self.fields, &req.q)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for addr in addresses {
            let doc: TantivyDocument = searcher.doc(addr)?;
            hits.push(snippets.hit(&doc, &self.fields));
        }
        Ok(SearchResults {
            total,
            page,
            per_page,
            hits,
            facets: theme_levels.facets(themes, roles, settings),
            note: parsed.note,
        })
    }
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
        let ours = segment_file
            || matches!(name.as_str(), "meta.json" | ".managed.json" | SCHEMA_MARKER)
            || (name.starts_with(".tantivy-") && name.ends_with(".lock"));
        if ours && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
