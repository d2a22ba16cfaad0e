//! Operators' use-cases: counts for the pages and metrics, health, `chorus check` and backups.
//! The web layer and the CLI ask these questions; only here are they put to SQLite and tantivy.

use std::path::Path;

use super::{Archive, ArchiveError, Result};
use crate::store;

/// What `/healthz` reports.
#[derive(Debug, Clone, Copy)]
pub struct Health {
    /// Index changes written to SQLite but not yet applied to the index.
    pub index_lag: i64,
    /// Documents the index holds.
    pub indexed: u64,
}

impl Archive {
    /// Published stories (latest versions only).
    pub fn published_count(&self) -> Result<i64> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::published_count(c)?))
    }

    /// Submissions waiting for a moderator.
    pub fn queue_length(&self) -> Result<i64> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::queue_length(c)?))
    }

    /// Index changes not yet applied (for `/metrics` and `/healthz`).
    pub fn index_lag(&self) -> Result<i64> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::outbox_len(c)?))
    }

    /// Whether the database answers and the index can be read.
    pub fn health(&self) -> Result<Health> {
        Ok(Health {
            index_lag: self.index_lag()?,
            indexed: self.search.num_docs(),
        })
    }

    /// Whether nothing was ever submitted or published (so a demo may import examples).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.read(store::archive_is_empty)?)
    }

    /// Problems found by `chorus check`: SQLite's integrity and foreign-key checks, then every
    /// published story compared by id and content hash between the database and the index.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = self.store.integrity_problems()?;
        let mut in_db: Vec<(String, String)> = self
            .store
            .read(store::published_fingerprints)?
            .into_iter()
            .map(|(id, sha)| (id.to_string(), sha))
            .collect();
        let mut in_index = self.search.fingerprints()?;
        in_db.sort();
        in_index.sort();
        // Both lists are sorted by id: walk them together.
        let (mut i, mut j) = (0, 0);
        while i < in_db.len() || j < in_index.len() {
            match (in_db.get(i), in_index.get(j)) {
                (Some((a, sha_a)), Some((b, sha_b))) if a == b => {
                    if sha_a != sha_b {
                        problems.push(format!("story {a} is indexed at an old version"));
                    }
                    i += 1;
                    j += 1;
                }
                (Some((a, _)), Some((b, _))) if a < b => {
                    problems.push(format!("story {a} is published but not in the index"));
                    i += 1;
                }
                (Some((a, _)), None) => {
                    problems.push(format!("story {a} is published but not in the index"));
                    i += 1;
                }
                (_, Some((b, _))) => {
                    problems.push(format!("story {b} is in the index but not published"));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        Ok(problems)
    }

    /// Writes a consistent copy of the database to `dest` (which must not exist), safe while
    /// the server runs.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(ArchiveError::Conflict(format!(
                "{} already exists",
                dest.display()
            )));
        }
        Ok(self.store.backup_to(dest)?)
    }
}

/// What happened to one file of an import.
#[derive(Debug)]
pub enum ImportEvent<'a> {
    /// The file was imported.
    Imported(&'a Path),
    /// The file was refused, and why.
    Refused(&'a Path, ArchiveError),
}

/// How an import went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportTally {
    /// Files imported.
    pub imported: usize,
    /// Files refused.
    pub refused: usize,
}

impl Archive {
    /// Imports every `.md` file in `dir` (the `stories/` format), telling `on_file` how each
    /// went, then brings the index up to date. A file that cannot be read stops the import.
    pub fn import_dir(
        &self,
        dir: &Path,
        publish: bool,
        mut on_file: impl FnMut(ImportEvent<'_>),
    ) -> anyhow::Result<ImportTally> {
        use anyhow::Context;
        let files =
            super::story_files(dir).with_context(|| format!("reading {}", dir.display()))?;
        let mut tally = ImportTally::default();
        for file in &files {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            match self.import_story(&text, publish) {
                Ok(_) => {
                    tally.imported += 1;
                    on_file(ImportEvent::Imported(file));
                }
                Err(e) => {
                    tally.refused += 1;
                    on_file(ImportEvent::Refused(file, e));
                }
            }
        }
        self.drain_outbox()?;
        Ok(tally)
    }

    /// How long a sign-in as `name` must wait after repeated failures, if at all.
    pub fn sign_in_wait(&self, name: &str) -> Option<std::time::Duration> {
        self.throttle.wait_needed(name)
    }
}
