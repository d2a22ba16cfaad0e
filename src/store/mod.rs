//! SQLite, the single source of truth: connections, pragmas, embedded migrations, transactions.
//!
//! One writer connection behind a mutex (SQLite allows one writer anyway) and a small pool of
//! readers; callers run on blocking threads. Nothing outside this module writes SQL.

mod moderators;
mod packs;
mod records;
mod review;
mod schema;
mod stories;
mod submissions;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use moderators::*;
pub use packs::*;
pub use records::*;
pub use review::*;
pub use stories::*;
pub use submissions::*;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused or failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer Chorus; opening it could corrupt it.
    #[error("the database is at schema version {found}, newer than this program's {supported}; upgrade Chorus")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// Stored JSON could not be read.
    #[error("stored data is malformed: {0}")]
    Json(#[from] serde_json::Error),
    /// The database file is damaged; Chorus refuses to run on it.
    #[error("the database file {} is damaged ({}); restore it from a backup with `chorus restore`", .path.display(), .problems.join("; "))]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite found (the first few problems).
        problems: Vec<String>,
    },
    /// A file beside the database (the scrub mark) could not be written or removed.
    #[error("file error beside the database: {0}")]
    File(#[from] std::io::Error),
}

impl StoreError {
    /// Whether the database cannot be used just now but nothing is wrong with what was asked
    /// or with the data: a read-only or full disk, an I/O failure, a file that cannot be
    /// opened, or a lock still held after the busy timeout. Callers answer "try again later".
    pub fn is_temporary(&self) -> bool {
        use rusqlite::ErrorCode::*;
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                ReadOnly
                    | DiskFull
                    | SystemIoFailure
                    | CannotOpen
                    | DatabaseBusy
                    | DatabaseLocked
                    | PermissionDenied
            ),
            StoreError::File(_) => true,
            _ => false,
        }
    }

    /// Whether SQLite said the file is damaged or is not a database at all.
    fn is_corruption(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        )
    }
}

/// Declares an enum stored as text: `as_str` and `parse` are each other's inverse, and the same
/// text is what SQLite holds, what `Display` prints and what serde writes.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The text stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// The value for stored text; `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                v: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = v.as_str()?;
                Self::parse(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(
                        format!("unknown {} {text:?}", stringify!($name)).into(),
                    )
                })
            }
        }
    };
}
pub(crate) use text_enum;

/// Result alias for the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The database: one writer, pooled readers.
pub struct Store {
    path: PathBuf,
    // Readers are declared (so dropped) before the writer: the last connection to close
    // checkpoints the write-ahead log into the database and deletes it, and only the writer can.
    readers: Mutex<Vec<Connection>>,
    writer: Mutex<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_IDLE_READERS: usize = 8;

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets readers run beside the writer; FULL makes each commit durable across power loss;
    // secure_delete overwrites deleted content so withdrawn text does not linger in free pages;
    // journal_size_limit = 0 shrinks the write-ahead log to nothing whenever it is reset, so old
    // frames (which may hold erased text) are not left in the file to be overwritten "later".
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA journal_size_limit = 0;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(())
}

/// Problems `quick_check` lists before we stop reading them.
const DAMAGE_SHOWN: usize = 5;

/// `PRAGMA quick_check`: the structure of every page (not the agreement of indexes with their
/// tables, which `integrity_check` adds at several times the cost). Empty when sound.
fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let mut problems = Vec::new();
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let row = row?;
        if row != "ok" && problems.len() < DAMAGE_SHOWN {
            problems.push(row);
        }
    }
    Ok(problems)
}

impl Store {
    /// Opens (creating if needed) the database at `path`, refuses it if it is damaged, and
    /// applies pending migrations.
    ///
    /// A damaged file is refused rather than served: every write to it could spread the damage,
    /// and what it holds is testimony. `quick_check` reads the whole file once: measured (warm
    /// page cache, a shared 2-core machine) at ~0-10 ms for the demo corpus, ~55 ms for 5,000
    /// stories (63 MB) and 250-400 ms for 25,000 (314 MB).
    pub fn open(path: &Path) -> Result<Self> {
        let damaged = |problems: Vec<String>| StoreError::Damaged {
            path: path.to_owned(),
            problems,
        };
        let opened = Connection::open(path)
            .map_err(StoreError::from)
            .and_then(|c| configure(&c).map(|()| c));
        let mut writer = match opened {
            Ok(c) => c,
            Err(e) if e.is_corruption() => return Err(damaged(vec![e.to_string()])),
            Err(e) => return Err(e),
        };
        let started = std::time::Instant::now();
        let checked = quick_check(&writer);
        tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            "database quick_check done"
        );
        match checked {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => return Err(damaged(problems)),
            Err(e) if e.is_corruption() => return Err(damaged(vec![e.to_string()])),
            Err(e) => return Err(e),
        }
        schema::migrate(&mut writer)?;
        // Only speed depends on these: a database that cannot take them now (a read-only disk)
        // is still served, more slowly.
        if let Err(e) = schema::ensure_read_indexes(&writer) {
            tracing::warn!(error = %e, "could not create the read indexes; pages will be slower");
        }
        Ok(Self {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Test hook: replaces the writer connection by a new one (read-only when `read_only`) and
    /// drops the pooled readers, as a restart would after the disk became read-only. Tests of a
    /// read-only data directory need it: a connection opened before a `chmod` keeps writing, and
    /// as root file modes stop nothing, so the test asks SQLite for a read-only connection.
    #[doc(hidden)]
    pub fn reopen_for_tests(&self, read_only: bool) -> Result<()> {
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::default()
        };
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        *self.writer.lock().unwrap_or_else(|p| p.into_inner()) = conn;
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        Ok(())
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in an immediate write transaction, committed if `f` succeeds.
    pub fn write<T, E>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Runs `f` on a read-only connection from the pool.
    pub fn read<T, E>(
        &self,
        f: impl FnOnce(&Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>,
    {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(StoreError::from)?;
                c.busy_timeout(BUSY_TIMEOUT).map_err(StoreError::from)?;
                c
            }
        };
        // A read transaction gives `f` one consistent snapshot across its queries.
        conn.execute_batch("BEGIN").map_err(StoreError::from)?;
        let value = f(&conn);
        let _ = conn.execute_batch("COMMIT");
        let mut pool = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < MAX_IDLE_READERS {
            pool.push(conn);
        }
        value
    }

    /// Drops pooled readers and truncates the write-ahead log, so that content deleted with
    /// `secure_delete` leaves no copy in the WAL file. Waits up to `patience` for readers holding
    /// older snapshots; `false` if one still held on. The writer is held only for one attempt.
    pub fn checkpoint_truncate(&self, patience: Duration) -> Result<bool> {
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        // A TRUNCATE checkpoint waits for readers through the busy handler, so the handler's
        // timeout is the patience; the usual one is put back whatever happened.
        conn.busy_timeout(patience)?;
        let busy = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            r.get::<_, i64>(0)
        });
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(busy? == 0)
    }

    /// The mark left beside the database while erased content may still be recoverable from
    /// the unused space inside its pages. A file, not a row, so that it is on disk before the
    /// erasure commits and survives a crash between the two.
    fn scrub_mark(&self) -> PathBuf {
        let mut mark = self.path.clone().into_os_string();
        mark.push("-scrub");
        mark.into()
    }

    /// Records, durably, that the file must be scrubbed; called before an erasure commits.
    pub fn mark_scrub_needed(&self) -> Result<()> {
        let mark = self.scrub_mark();
        std::fs::File::create(&mark)?.sync_all()?;
        if let Some(dir) = mark.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    }

    /// Whether an erasure is waiting for [`Store::scrub`].
    pub fn scrub_needed(&self) -> bool {
        self.scrub_mark().exists()
    }

    /// Rewrites the whole database (`VACUUM`), so that no copy of deleted content survives in
    /// the file. `secure_delete` zeroes a deleted row and freed pages, but SQLite leaves stale
    /// bytes in the unused middle of pages it rebalances or defragments (`rebuildPage` and
    /// `defragmentPage` move cells without clearing where they were), so a row moved once can
    /// leave a copy behind that its later deletion never touches. The rewritten pages reach the
    /// file through the write-ahead log, so the mark is cleared only by
    /// [`Store::scrub_done`] once the log has been truncated.
    ///
    /// Measured on this 2-core machine: 3.6 s for a 410 MB file (100 000 stories of ~700
    /// words); writers wait meanwhile, readers do not. The rebuilt copy is held in memory
    /// (`temp_store = MEMORY`), never in a temporary file that would outlive it on disk.
    pub fn scrub(&self) -> Result<()> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        conn.execute_batch("VACUUM")?;
        Ok(())
    }

    /// Clears the mark once a scrub and a log truncation after it have both succeeded.
    pub fn scrub_done(&self) -> Result<()> {
        match std::fs::remove_file(self.scrub_mark()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// `PRAGMA integrity_check` and foreign key check; the problems found, if any.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut problems = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let fk: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "foreign key violation in {}",
                    r.get::<_, String>(0)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        problems.extend(fk);
        Ok(problems)
    }

    /// A consistent copy of the live database at `dest`, safe while the server runs. `dest` must
    /// not exist or must be an empty file; SQLite writes into an empty file and keeps its
    /// permissions, so a caller that creates it owner-only first never exposes the copy.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        conn.execute("VACUUM INTO ?1", [dest.to_string_lossy()])?;
        Ok(())
    }

    /// Opens a database file read-only, without migrating it, so that a backup can be checked
    /// (with [`Store::integrity_problems`]) before anything is restored from it.
    pub fn open_unchanged(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Something that is not a database at all only fails at its first read.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(Self {
            path: path.to_owned(),
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
        })
    }
}

pub(crate) fn to_json(list: &[String]) -> String {
    serde_json::to_string(list).expect("a list of strings always serialises")
}

pub(crate) fn from_json(text: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}
