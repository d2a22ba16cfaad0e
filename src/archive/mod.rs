//! The use-cases: what contributors, moderators and readers can do, in terms of the two stores.
//!
//! Every function here blocks (SQLite, tantivy, argon2); the web layer calls them on blocking
//! threads. A change to what is published is written to SQLite with an outbox row in the same
//! transaction; the indexer thread applies the outbox to tantivy, so a crash loses nothing.

mod accounts;
mod citing;
mod contributor;
mod counts;
mod erasure;
mod export;
mod import;
mod indexer;
mod memo;
mod moderation;
mod operations;
mod pack_export;
mod pack_reading;
mod packs;
mod preview;
mod published;
mod qdpx;
mod queue;
mod reading;
mod snapshot;
mod xml;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

pub use accounts::*;
pub use citing::*;
pub use contributor::*;
pub use counts::*;
pub use erasure::WITHDRAWAL_PENDING;
pub use export::*;
pub use import::*;
pub use moderation::*;
pub use operations::*;
pub use pack_export::{
    Excerpt, PackDocument, PackEntry, RefStyle, ILLUSTRATIVE_ITEM, WITHDRAWN_ITEM,
};
pub use pack_reading::*;
pub use packs::*;
pub use preview::*;
use published::valid_report;
pub use published::{EditOutcome, EditView};
pub use queue::*;
pub use reading::*;
pub use snapshot::*;

// The vocabulary of the stores that callers need, named through the archive, so that `web` and
// `cli` depend on the use-cases alone.
pub use crate::search::{
    Facets, Fragment, Hit, RelatedStory, SearchRequest, SearchResults, Snippet, Sort, MAX_PER_PAGE,
};
pub use crate::store::{
    AuditEntry, ContributorAction, Message, PackReport, Report, Role, Sender, Status, StoryEdit,
    StoryRecord, StoryState, StoryVersion, Submission,
};

use crate::auth::{HashGate, LoginThrottle};
use crate::config::Config;
use crate::ids::ServerSecret;
use crate::search::{Opened, SearchError, SearchIndex};
use crate::store::{Store, StoreError};

/// What a use-case can refuse or fail with.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Nothing by that id (or receipt).
    #[error("not found")]
    NotFound,
    /// The input was wrong; the messages say how, in plain words.
    #[error("{}", .0.join(" "))]
    Invalid(Vec<String>),
    /// The text is longer than we accept.
    #[error("{0}")]
    TooLarge(String),
    /// The action does not fit the current state (e.g. approving something already published).
    #[error("{0}")]
    Conflict(String),
    /// Not allowed for this moderator.
    #[error("{0}")]
    Forbidden(String),
    /// Too many attempts; try again later.
    #[error("{0}")]
    Throttled(String),
    /// The archive cannot do this just now (e.g. the index is being rebuilt); try again later.
    #[error("{0}")]
    Unavailable(String),
    /// Something failed that no input could have caused (a panic on a blocking thread); the
    /// message is for the log and never holds testimony.
    #[error("{0}")]
    Internal(String),
    /// The database failed.
    #[error(transparent)]
    Store(StoreError),
    /// The index failed.
    #[error(transparent)]
    Search(SearchError),
}

/// What a person is told when the database cannot take a write (read-only or full disk, an I/O
/// failure, locked for longer than the busy timeout).
pub const CANNOT_SAVE: &str =
    "Chorus cannot save anything just now; nothing you sent was stored; please try again later.";
/// Stories a rebuild reads before working out their index documents together, on every core.
const REBUILD_BATCH: usize = 256;
/// What a person is told while the search index is rebuilt from the database.
pub const INDEX_REBUILDING: &str =
    "The search index is being rebuilt; try again in a minute. Stories can still be read by their address.";

// The one place where store and index failures are sorted into "try again later" (503) and
// "something is broken" (500). Everything reaches `ArchiveError` through these three, whether
// by `?` or by `Store::write`/`Store::read`'s `E: From<StoreError>`.
impl From<StoreError> for ArchiveError {
    fn from(e: StoreError) -> Self {
        if e.is_temporary() {
            tracing::error!(error = %e, "the database cannot be used just now");
            ArchiveError::Unavailable(CANNOT_SAVE.to_owned())
        } else {
            ArchiveError::Store(e)
        }
    }
}

impl From<rusqlite::Error> for ArchiveError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e).into()
    }
}

impl From<SearchError> for ArchiveError {
    fn from(e: SearchError) -> Self {
        if e.is_temporary() {
            if !matches!(e, SearchError::Rebuilding) {
                tracing::error!(error = %e, "the search index failed; it will be checked and rebuilt");
            }
            ArchiveError::Unavailable(INDEX_REBUILDING.to_owned())
        } else {
            ArchiveError::Search(e)
        }
    }
}

/// Result alias for use-cases.
pub type Result<T> = std::result::Result<T, ArchiveError>;

/// The archive: configuration, the two stores, the secret, and the indexer. Its fields are
/// private: `web` and `cli` reach SQLite and tantivy only through the use-cases below.
pub struct Archive {
    config: Config,
    store: Store,
    search: SearchIndex,
    /// Key for receipt hashes.
    secret: ServerSecret,
    /// Sign-in throttling (memory only).
    throttle: LoginThrottle,
    /// How many password hashes may run at once.
    hash_gate: HashGate,
    indexer: indexer::Indexer,
    /// A withdrawal answered before its erasure was complete in the files (index purge, log
    /// truncation); the indexer keeps finishing it.
    erasure_unfinished: AtomicBool,
    /// Figures kept until what they count changes.
    figures: memo::Figures,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("store", &self.store)
            .finish()
    }
}

impl Archive {
    /// Opens the data and index directories (creating them), checks the database
    /// (`PRAGMA quick_check`: a damaged one is refused) and applies migrations, checks every
    /// index file, applies any pending index changes, and starts the indexer thread.
    ///
    /// An index that is missing, unusable or damaged is replaced by an empty one and rebuilt
    /// from SQLite: at once when nothing is published, otherwise on the indexer thread, so the
    /// site starts at once and searches answer "being rebuilt" (503) until it is done, while
    /// stories stay readable by their address ([`wait_for_rebuild`](Self::wait_for_rebuild)).
    pub fn open(config: Config) -> anyhow::Result<Arc<Self>> {
        use anyhow::Context;
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data directory {}", config.data_dir.display()))?;
        restrict_permissions(&config.data_dir);
        let secret = ServerSecret::load_or_create(&config.secret_path())
            .context("loading the server secret")?;
        let store = Store::open(&config.database_path()).with_context(|| {
            format!("opening the database {}", config.database_path().display())
        })?;
        let (search, opened) = SearchIndex::open(&config.index_dir).with_context(|| {
            format!("opening the search index in {}", config.index_dir.display())
        })?;
        let archive = Arc::new_cyclic(|weak| Self {
            config,
            store,
            search,
            secret,
            throttle: LoginThrottle::default(),
            hash_gate: HashGate::default(),
            indexer: indexer::Indexer::start(weak.clone()),
            erasure_unfinished: AtomicBool::new(false),
            figures: memo::Figures::default(),
        });
        if opened != Opened::Existing && archive.search.writable() {
            if archive.published_count()? == 0 {
                archive
                    .rebuild_index(|_, _| {})
                    .context("rebuilding the search index")?;
            } else {
                archive.indexer.rebuild_in_background();
            }
        }
        // The index is derived: if the pending changes cannot be applied to it (files an earlier
        // crash left half-written), it is rebuilt from the database rather than keeping the
        // archive from starting.
        if let Err(e) = archive.drain_outbox() {
            tracing::warn!(error = %e, "pending index changes could not be applied; rebuilding the index from the database");
            if archive.search.writable() {
                archive.indexer.rebuild_in_background();
            }
        }
        // Finishes any erasure an earlier run could not (a purge in the outbox is applied just
        // above; the log may still hold erased pages). Nobody else reads yet, so this is quick.
        if !archive.finish_erasure(Duration::from_secs(1)) {
            archive
                .erasure_unfinished
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        archive
            .analyse_unanalysed()
            .context("analysing texts stored before analyses were kept")?;
        Ok(archive)
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Rebuilds the index from SQLite; `progress(done, total)` is called as it goes.
    pub fn rebuild_index(&self, mut progress: impl FnMut(usize, usize)) -> Result<usize> {
        // Everything queued up to now is covered by the rebuild. The stories are read one at a
        // time inside one read snapshot and handed straight to the index writer, so memory stays
        // flat however large the archive (holding them all first cost 1 GB at 100 000).
        let started = std::time::Instant::now();
        let (upto, total) = self.store.read(|c| {
            let upto = crate::store::outbox_max_id(c)?;
            let total = crate::store::published_count(c)?.max(0) as usize;
            let mut rebuild = self.search.begin_rebuild()?;
            let mut done = 0;
            // A few hundred at a time, so that every core works out documents.
            let mut batch = Vec::with_capacity(REBUILD_BATCH);
            let mut add = |batch: &mut Vec<crate::store::StoryVersion>, done: &mut usize| {
                rebuild.add_all(batch, |v: &crate::store::StoryVersion| {
                    indexer::index_doc(v.clone())
                })?;
                *done += batch.len();
                batch.clear();
                progress(*done, total);
                Ok::<_, ArchiveError>(())
            };
            crate::store::for_each_published_latest(c, |v| {
                batch.push(v);
                if batch.len() == REBUILD_BATCH {
                    add(&mut batch, &mut done)?;
                }
                Ok::<_, ArchiveError>(())
            })?;
            add(&mut batch, &mut done)?;
            rebuild.finish()?;
            Ok::<_, ArchiveError>((upto, done))
        })?;
        tracing::info!(
            stories = total,
            seconds = started.elapsed().as_secs_f64(),
            "search index rebuilt"
        );
        self.store
            .write(|tx| Ok::<_, ArchiveError>(crate::store::outbox_clear(tx, upto)?))?;
        self.indexer.note_applied(upto);
        Ok(total)
    }

    /// Waits up to `patience` for a rebuild of the index in progress (after start-up found it
    /// missing or damaged); whether searches can be answered now.
    pub fn wait_for_rebuild(&self, patience: Duration) -> bool {
        self.search.wait_ready(patience)
    }

    /// Test hook: reopens the database connections, the writer read-only when `read_only` (see
    /// `Store::reopen_for_tests`).
    #[doc(hidden)]
    pub fn reopen_database_for_tests(&self, read_only: bool) -> Result<()> {
        Ok(self.store.reopen_for_tests(read_only)?)
    }

    /// Applies pending index changes now, on this thread.
    pub fn drain_outbox(&self) -> Result<()> {
        self.indexer.drain(self)
    }

    /// Asks the indexer to apply everything written so far and waits (up to a few seconds) until
    /// it has, so that a story is searchable when the approval answers.
    pub fn wait_for_index(&self) {
        self.indexer.wait_caught_up(self);
    }
}

/// SHA-256 of a version's title and body, so a citation can be checked against the text.
pub fn content_hash(title: &str, body: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update(b"\n\n");
    h.update(body.as_bytes());
    crate::ids::hex(&h.finalize())
}

/// Why an approval of words that changed since they were shown is refused.
pub(super) const TEXT_CHANGED: &str = "The text has changed since you opened it (the contributor edited it, or a colleague redacted it), so your approval was not recorded. Please open it again, read the current text, and approve that if it is ready.";

/// Appends a line to the audit log, stamped now.
pub(super) fn audit(
    tx: &rusqlite::Transaction<'_>,
    who: &crate::store::Moderator,
    action: crate::store::AuditAction,
    target: impl std::fmt::Display,
    reason: Option<&str>,
) -> Result<()> {
    crate::store::audit(
        tx,
        &crate::store::AuditEntry {
            at: crate::dates::now_unix(),
            moderator: who.name.clone(),
            action,
            target: Some(target.to_string()),
            reason: reason.map(str::to_owned),
        },
    )?;
    Ok(())
}

#[cfg(unix)]
fn restrict_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // The data directory holds testimony and the secret: owner only.
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
fn restrict_permissions(_dir: &Path) {}
