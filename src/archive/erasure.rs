//! Withdrawal, and making its erasure complete in every file: the index purge, the scrub of the
//! database file, and the truncation of the write-ahead log.
//!
//! A withdrawal is acknowledged only once no copy of the story's words is left: not in a row,
//! not in the index, not in the log, and not in the unused space inside the database's pages
//! (see [`crate::store::Store::scrub`]). When that takes longer than [`WITHDRAWAL_PATIENCE`],
//! the contributor is told it is still finishing; the indexer's next turn, the shutdown and the
//! next start-up each carry it on, guided by the scrub mark that survives a crash.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Archive, ArchiveError, Result};
use crate::dates::Month;
use crate::ids::StoryId;
use crate::store::{self, AuditAction, ContributorAction, Decision, DecisionKind, Status};

/// How long a withdrawal keeps trying to finish its erasure before answering.
const WITHDRAWAL_PATIENCE: Duration = Duration::from_secs(5);
/// The wait for readers in one truncation attempt, and the pause between attempts.
const ERASURE_STEP: Duration = Duration::from_millis(100);

/// What a contributor is told when the erasure could not be finished in time.
pub const WITHDRAWAL_PENDING: &str = "Your withdrawal is recorded and cannot be undone: your story is no longer published and its text has been deleted from our database. Removing the last copies from our files is taking longer than usual; it will complete automatically within minutes, without anything more from you.";

impl Archive {
    /// Withdraws and erases: every version, message and fact goes from the database (securely
    /// deleted, then the WAL truncated) and from the index (segments merged away). A published
    /// story's address keeps a tombstone with the month only.
    pub fn withdraw(&self, code: &str) -> Result<()> {
        let s = self.by_receipt(code)?;
        if s.status == Status::Withdrawn {
            // Asked again after an answer that the erasure was still finishing: finish it now.
            if self.erasure_unfinished.load(Ordering::SeqCst)
                && !self.finish_erasure(WITHDRAWAL_PATIENCE)
            {
                return Err(ArchiveError::Unavailable(WITHDRAWAL_PENDING.into()));
            }
            return Ok(());
        }
        let month = Month::current();
        // Before anything is deleted: should the process die after the commit, the next
        // start-up still knows the file must be scrubbed.
        self.store.mark_scrub_needed()?;
        self.store.write(|tx| {
            if let Some(story) = store::story_for_submission(tx, &s.id)? {
                store::erase_story(tx, &story.id, month)?;
                store::enqueue_index(tx, &story.id, store::IndexOp::Purge)?;
            }
            store::erase_submission(tx, &s.id)?;
            store::record_decision(
                tx,
                &Decision::today(DecisionKind::Withdrawn, None, Some(&s.submitted_on), false),
            )?;
            store::contributor_action(
                tx,
                &ContributorAction {
                    month,
                    action: AuditAction::Withdraw,
                    target: Some(
                        s.story_id
                            .as_ref()
                            .map_or(s.id.to_string(), StoryId::to_string),
                    ),
                    reason: None,
                },
            )?;
            Ok::<_, ArchiveError>(())
        })?;
        if self.finish_erasure(WITHDRAWAL_PATIENCE) {
            return Ok(());
        }
        // The erasure is committed and the receipt already says `withdrawn`; what is left (the
        // index purge, the scrub, the log truncation) is retried by the indexer and at the next start-up.
        self.erasure_unfinished.store(true, Ordering::SeqCst);
        tracing::warn!("withdrawal recorded, but the index or the write-ahead log still held old content; retrying in the background");
        Err(ArchiveError::Unavailable(WITHDRAWAL_PENDING.into()))
    }

    /// Makes an erasure complete in the files: applies the index purge, scrubs the database
    /// file when the mark asks for it, then truncates the write-ahead log, retrying (with short
    /// sleeps) for up to `patience` while a reader or the index holds on. `true` once all are
    /// done. The scrub itself is not cut short by `patience`: it runs once per call.
    pub(super) fn finish_erasure(&self, patience: Duration) -> bool {
        let deadline = Instant::now() + patience;
        let mut scrubbed = !self.store.scrub_needed();
        loop {
            let indexed = match self.drain_outbox() {
                Ok(()) => self.index_lag().is_ok_and(|lag| lag == 0),
                Err(e) => {
                    tracing::warn!(error = %e, "index purge failed; retrying");
                    false
                }
            };
            if indexed && !scrubbed {
                let started = Instant::now();
                match self.store.scrub() {
                    Ok(()) => {
                        scrubbed = true;
                        tracing::info!(
                            ms = started.elapsed().as_millis() as u64,
                            "database file scrubbed after an erasure"
                        );
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "scrubbing the database file failed; retrying")
                    }
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if indexed && scrubbed {
                // Each attempt waits a little for readers, without holding the writer long.
                match self.store.checkpoint_truncate(left.min(ERASURE_STEP)) {
                    Ok(true) => match self.store.scrub_done() {
                        Ok(()) => {
                            self.erasure_unfinished.store(false, Ordering::SeqCst);
                            return true;
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "clearing the scrub mark failed; retrying")
                        }
                    },
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "log truncation failed; retrying"),
                }
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(
                ERASURE_STEP.min(deadline.saturating_duration_since(Instant::now())),
            );
        }
    }
}
