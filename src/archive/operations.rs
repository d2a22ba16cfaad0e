//! Operators' use-cases: counts for the pages and metrics, health, `chorus check`, backups and
//! restores, and what a stopping server owes the files.
//! The web layer and the CLI ask these questions; only here are they put to SQLite and tantivy.

use std::path::Path;

use super::{Archive, ArchiveError, Result};
use crate::config::Config;
use crate::store::{self, Store};

/// What `/healthz` reports.
#[derive(Debug, Clone, Copy)]
pub struct Health {
    /// Index changes written to SQLite but not yet applied to the index.
    pub index_lag: i64,
    /// Documents the index holds.
    pub indexed: u64,
}

impl Archive {
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

    /// Writes a consistent copy of the database to `dest` and the server secret to
    /// [`backup_key_path`]`(dest)`, both new files readable by the owner only; safe while the
    /// server runs. Neither file may exist already.
    ///
    /// The secret goes with the copy because receipt codes are stored only as keyed hashes: a
    /// database restored without its secret could no longer recognise any contributor's code.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        let key = backup_key_path(dest);
        for path in [dest, key.as_path()] {
            if path.exists() {
                return Err(ArchiveError::Conflict(format!(
                    "{} already exists",
                    path.display()
                )));
            }
        }
        let written = (|| -> Result<()> {
            let secret = std::fs::read(self.config.secret_path()).map_err(io_error)?;
            crate::ids::write_private(&key, &secret).map_err(io_error)?;
            crate::ids::write_private(dest, &[]).map_err(io_error)?;
            self.store.backup_to(dest)?;
            std::fs::File::open(dest)
                .and_then(|f| f.sync_all())
                .map_err(io_error)?;
            Ok(())
        })();
        if written.is_err() {
            // Half a backup is worse than none: it looks like one.
            let _ = std::fs::remove_file(dest);
            let _ = std::fs::remove_file(&key);
        }
        written
    }

    /// Restores the backup at `backup` (with its secret beside it, see [`Archive::backup`]) into
    /// `config`'s data directory, which must be missing or empty, then rebuilds the index from
    /// it (`progress(done, total)` as it goes). The backup's integrity is checked before
    /// anything is written; on any failure the data directory is left empty again.
    ///
    /// With `new_secret`, a backup whose secret is lost is restored with a fresh one; every
    /// receipt code given out before then stops working, which the caller must say.
    pub fn restore(
        config: Config,
        backup: &Path,
        new_secret: bool,
        progress: impl FnMut(usize, usize),
    ) -> anyhow::Result<Restored> {
        use anyhow::{bail, Context};
        let data_dir = config.data_dir.clone();
        if let Ok(mut entries) = std::fs::read_dir(&data_dir) {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty; a backup is restored only into an empty data directory, so that nothing there is overwritten (move it aside, or pass another --data-dir)",
                    data_dir.display()
                );
            }
        }
        let problems = Store::open_unchanged(backup)
            .and_then(|s| s.integrity_problems())
            .with_context(|| format!("{} is not a readable Chorus backup", backup.display()))?;
        if !problems.is_empty() {
            bail!(
                "{} is damaged, so nothing was restored: {}",
                backup.display(),
                problems.join("; ")
            );
        }
        let key_file = backup_key_path(backup);
        let secret = match std::fs::read(&key_file) {
            Ok(bytes) if bytes.len() == SECRET_BYTES => Some(bytes),
            Ok(_) => bail!("{} is not a server secret", key_file.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && new_secret => None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
                "{} is missing: without the server secret no receipt code given out before the backup can be recognised. Find it, or pass --new-secret to restore with a new secret and accept that those codes stop working",
                key_file.display()
            ),
            Err(e) => {
                return Err(e).with_context(|| format!("reading {}", key_file.display()));
            }
        };
        let restored = (|| -> anyhow::Result<Restored> {
            std::fs::create_dir_all(&data_dir)
                .with_context(|| format!("creating {}", data_dir.display()))?;
            copy_private(backup, &config.database_path())
                .with_context(|| format!("copying {}", backup.display()))?;
            if let Some(secret) = &secret {
                crate::ids::write_private(&config.secret_path(), secret)
                    .context("writing the server secret")?;
            }
            // Opening migrates an older backup and creates the secret when a new one was asked
            // for; the index is rebuilt whatever the index directory held before.
            let archive = Archive::open(config)?;
            let published = archive.rebuild_index(progress)?;
            let pending = archive.queue_length()?;
            Ok(Restored {
                published,
                pending,
                new_secret: secret.is_none(),
            })
        })();
        if restored.is_err() {
            for name in [
                "chorus.sqlite3",
                "chorus.sqlite3-wal",
                "chorus.sqlite3-shm",
                "secret.key",
            ] {
                let _ = std::fs::remove_file(data_dir.join(name));
            }
        }
        restored
    }

    /// Finishes what a stopping server owes the files: applies every pending index change and
    /// completes any erasure still under way, waiting up to `patience` for the latter. Called
    /// after the last request has been answered.
    pub fn shut_down(&self, patience: std::time::Duration) -> Result<()> {
        self.drain_outbox()?;
        if self
            .erasure_unfinished
            .load(std::sync::atomic::Ordering::SeqCst)
            && !self.finish_erasure(patience)
        {
            tracing::warn!(
                "a withdrawal's erasure is still unfinished; it completes at the next start-up"
            );
        }
        Ok(())
    }
}

/// What `chorus restore` restored.
#[derive(Debug, Clone, Copy)]
pub struct Restored {
    /// Published stories, now indexed.
    pub published: usize,
    /// Submissions waiting for a moderator (their texts are in the backup too).
    pub pending: i64,
    /// Whether a new server secret was made, so that older receipt codes no longer work.
    pub new_secret: bool,
}

/// Where the server secret of the backup at `backup` is kept: beside it, with `.key` added.
pub fn backup_key_path(backup: &Path) -> std::path::PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".key");
    name.into()
}

const SECRET_BYTES: usize = 32;

fn io_error(e: std::io::Error) -> ArchiveError {
    ArchiveError::Internal(format!("backup file error: {e}"))
}

/// Copies `from` to a new owner-only file `to`, flushed to disk.
fn copy_private(from: &Path, to: &Path) -> std::io::Result<()> {
    crate::ids::write_private(to, &[])?;
    let mut out = std::fs::OpenOptions::new().write(true).open(to)?;
    std::io::copy(&mut std::fs::File::open(from)?, &mut out)?;
    out.sync_all()
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
        let day = crate::dates::Day::today().to_string();
        // The index is brought up to date once, at the end (below), even if this stops early.
        struct Resume<'a>(&'a super::indexer::Indexer);
        impl Drop for Resume<'_> {
            fn drop(&mut self) {
                self.0.pause(false);
            }
        }
        self.indexer.pause(true);
        let _resume = Resume(&self.indexer);
        for chunk in files.chunks(super::import::IMPORT_BATCH) {
            let mut texts = Vec::with_capacity(chunk.len());
            for file in chunk {
                texts.push(
                    std::fs::read_to_string(file)
                        .with_context(|| format!("reading {}", file.display()))?,
                );
            }
            // Parsing, validation and the identifier analysis are most of the work and need no
            // database: both cores share them.
            let half = texts.len().div_ceil(2);
            let prepared: Vec<Result<super::import::PreparedImport>> =
                std::thread::scope(|scope| {
                    let (a, b) = texts.split_at(half);
                    let other = scope
                        .spawn(|| b.iter().map(|t| self.prepare_import(t)).collect::<Vec<_>>());
                    let mut mine: Vec<_> = a.iter().map(|t| self.prepare_import(t)).collect();
                    match other.join() {
                        Ok(rest) => mine.extend(rest),
                        Err(_) => mine.extend(b.iter().map(|t| self.prepare_import(t))),
                    }
                    mine
                });
            let ready: Vec<(&Path, super::import::PreparedImport)> = chunk
                .iter()
                .zip(prepared)
                .filter_map(|(file, p)| match p {
                    Ok(p) => Some((file.as_path(), p)),
                    Err(e) => {
                        tally.refused += 1;
                        on_file(ImportEvent::Refused(file, e));
                        None
                    }
                })
                .collect();
            // One transaction for the batch; if it fails, each story is tried alone, so one
            // bad file is refused by itself and the rest still go in.
            let together = self.store.write(|tx| {
                for (_, p) in &ready {
                    super::import::write_import(tx, p, publish, &day)?;
                }
                Ok::<_, ArchiveError>(())
            });
            match together {
                Ok(()) => {
                    for (file, _) in &ready {
                        tally.imported += 1;
                        on_file(ImportEvent::Imported(file));
                    }
                }
                Err(_) => {
                    for (file, p) in &ready {
                        match self
                            .store
                            .write(|tx| super::import::write_import(tx, p, publish, &day))
                        {
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
                }
            }
        }
        // When the import is most of the archive, one rebuild (one commit, one merge) is quicker
        // than applying its outbox rows in batches; otherwise the rows are applied.
        let published = self.published_count()?.max(1) as usize;
        if publish && tally.imported * 2 >= published && self.search.writable() {
            self.rebuild_index(|_, _| {})?;
        }
        self.drain_outbox()?;
        Ok(tally)
    }

    /// How long a sign-in as `name` must wait after repeated failures, if at all.
    pub fn sign_in_wait(&self, name: &str) -> Option<std::time::Duration> {
        self.throttle.wait_needed(name)
    }
}
