//! The indexer: one thread that applies the SQLite outbox to tantivy, commits, reloads the
//! reader, then clears the applied rows. Re-applying a row is harmless (delete, then add).
//! It also rebuilds the index from SQLite when start-up found it missing or damaged, or when a
//! search met damage and the files fail their checks. Here a stored version becomes the
//! `IndexDoc` search indexes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Condvar, Mutex, Weak};
use std::time::Duration;

use super::{Archive, ArchiveError, Result};
use crate::markdown;
use crate::search::IndexDoc;
use crate::store::{self, IndexOp, StoryState, StoryVersion};

/// Outbox rows applied per index commit. Each commit writes a segment and reloads the reader,
/// so a large backlog (an import of 100 000 stories) is applied in few of them.
const BATCH: i64 = 2048;

pub(super) struct Indexer {
    wake: Mutex<Sender<()>>,
    /// Highest outbox id applied so far, and the lock that serialises draining.
    applied: Mutex<i64>,
    caught_up: Condvar,
    /// The index must be rebuilt from SQLite on the thread's next turn.
    rebuild_wanted: AtomicBool,
    /// A bulk import is under way and will bring the index up to date itself when it ends:
    /// the thread leaves the outbox alone meanwhile, rather than committing a few hundred
    /// stories every turn (measured at 100 000 stories: two hundred small commits and their
    /// merges were most of the import's time).
    paused: AtomicBool,
}

impl Indexer {
    pub(super) fn start(archive: Weak<Archive>) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("chorus-indexer".into())
            .spawn(move || run(archive, rx))
            .expect("spawning the indexer thread");
        Self {
            wake: Mutex::new(tx),
            applied: Mutex::new(0),
            caught_up: Condvar::new(),
            rebuild_wanted: AtomicBool::new(false),
            paused: AtomicBool::new(false),
        }
    }

    /// Holds the thread off the outbox (`true`) or lets it go back to it.
    pub(super) fn pause(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
    }

    /// Asks the thread to rebuild the index from SQLite now.
    pub(super) fn rebuild_in_background(&self) {
        self.rebuild_wanted.store(true, Ordering::SeqCst);
        let _ = self.wake.lock().unwrap_or_else(|p| p.into_inner()).send(());
    }

    /// Records that a rebuild covered the outbox up to `upto`.
    pub(super) fn note_applied(&self, upto: i64) {
        let mut applied = self.applied.lock().unwrap_or_else(|p| p.into_inner());
        *applied = (*applied).max(upto);
        self.caught_up.notify_all();
    }

    /// Rebuilds the index if asked to, or if a search met damage and the files fail their
    /// checks. A failed rebuild is tried again on the next turn; searches answer "being
    /// rebuilt" meanwhile.
    fn keep_index_sound(&self, archive: &Archive) {
        if archive.search.take_suspicion() && !archive.search.check_files().is_empty() {
            self.rebuild_wanted.store(true, Ordering::SeqCst);
        }
        if !self.rebuild_wanted.load(Ordering::SeqCst) {
            return;
        }
        let started = std::time::Instant::now();
        match archive.rebuild_index(|_, _| {}) {
            Ok(stories) => {
                self.rebuild_wanted.store(false, Ordering::SeqCst);
                tracing::info!(
                    stories,
                    seconds = started.elapsed().as_secs_f64(),
                    "search index rebuilt from the database"
                );
            }
            // Committed to the index but the outbox could not be cleared (say, a read-only
            // disk): the index is whole, and re-applying the outbox later is harmless.
            Err(e) if archive.search.is_ready() => {
                self.rebuild_wanted.store(false, Ordering::SeqCst);
                tracing::warn!(error = %e, "search index rebuilt; its outbox will be cleared later");
            }
            Err(e) => {
                tracing::error!(error = %e, "rebuilding the search index failed; will retry")
            }
        }
    }

    pub(super) fn drain(&self, archive: &Archive) -> Result<()> {
        if !archive.search.writable() {
            // Another process owns the index; its indexer applies the outbox.
            return Ok(());
        }
        let mut applied = self.applied.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let batch = archive
                .store
                .read(|c| Ok::<_, ArchiveError>(store::outbox_batch(c, BATCH)?))?;
            let Some(&(last_id, _, _)) = batch.last() else {
                break;
            };
            let purge = batch.iter().any(|(_, _, op)| *op == IndexOp::Purge);
            // The whole batch's versions in one read snapshot.
            let changes = archive.store.read(|c| {
                let mut changes = Vec::with_capacity(batch.len());
                for (_, story_id, op) in &batch {
                    let version = match op {
                        IndexOp::Upsert => {
                            let published = store::story(c, story_id)?
                                .is_some_and(|s| s.state == StoryState::Published);
                            if published {
                                store::version(c, story_id, None)?
                            } else {
                                None
                            }
                        }
                        IndexOp::Delete | IndexOp::Purge => None,
                    };
                    changes.push((story_id.to_string(), version.map(index_doc)));
                }
                Ok::<_, ArchiveError>(changes)
            })?;
            archive.search.apply(&changes, purge)?;
            archive
                .store
                .write(|tx| Ok::<_, ArchiveError>(store::outbox_clear(tx, last_id)?))?;
            *applied = (*applied).max(last_id);
        }
        self.caught_up.notify_all();
        Ok(())
    }

    pub(super) fn wait_caught_up(&self, archive: &Archive) {
        if !archive.search.is_ready() {
            // A rebuild is under way; searches cannot show anything until it is done, and it
            // may take longer than anyone should wait for an answer.
            return;
        }
        let Ok(target) = archive
            .store
            .read(|c| Ok::<_, ArchiveError>(store::outbox_max_id(c)?))
        else {
            return;
        };
        let _ = self.wake.lock().unwrap_or_else(|p| p.into_inner()).send(());
        let applied = self.applied.lock().unwrap_or_else(|p| p.into_inner());
        let _ = self
            .caught_up
            .wait_timeout_while(applied, Duration::from_secs(10), |a| *a < target);
    }
}

/// What search indexes of a published version: the body as plain text, the labels as slugs.
pub(super) fn index_doc(v: StoryVersion) -> IndexDoc {
    let text = markdown::plain_text(&v.body);
    IndexDoc {
        // Suggested from the text as at publication: a weaker signal beside the moderator's.
        suggested_themes: crate::taxonomy::suggest_themes(&format!("{}\n{text}", v.title)),
        text,
        id: v.story_id.to_string(),
        version: v.version as u64,
        title: v.title,
        themes: v.themes,
        roles: v.roles,
        settings: v.settings,
        content_warnings: v.content_warnings,
        published_month: v.published_month,
        period: v.period,
        content_sha256: v.content_sha256,
    }
}

fn run(archive: Weak<Archive>, wake: Receiver<()>) {
    loop {
        // Wake on request, or every few seconds to catch anything written by another process.
        match wake.recv_timeout(Duration::from_secs(5)) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
        let Some(archive) = archive.upgrade() else {
            return;
        };
        archive.indexer.keep_index_sound(&archive);
        if archive.indexer.paused.load(Ordering::SeqCst) {
            continue;
        }
        if let Err(e) = archive.drain_outbox() {
            tracing::error!(error = %e, "indexer could not apply pending changes; will retry");
        }
        // A withdrawal that answered "still finishing" is finished here, as soon as it can be.
        if archive
            .erasure_unfinished
            .load(std::sync::atomic::Ordering::SeqCst)
            && archive.finish_erasure(Duration::from_millis(500))
        {
            tracing::info!("a withdrawal's erasure is now complete");
        }
    }
}
