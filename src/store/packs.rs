//! Evidence packs in SQLite: the pack (title, introduction, state, edit-secret hash), its items
//! (each a pinned story version, perhaps one paragraph, in order) and readers' reports of packs.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{text_enum, Result};
use crate::dates::{Day, Month};
use crate::ids::{PackId, StoryId};

text_enum!(
    /// Whether a pack can be read.
    PackState {
        /// Readable by anyone with its address.
        Public = "public",
        /// Taken down by moderators, with a reason.
        Unpublished = "unpublished",
    }
);

/// A pack's own row.
#[derive(Debug, Clone)]
pub struct PackRecord {
    /// Public id.
    pub id: PackId,
    /// Title, one line.
    pub title: String,
    /// Introduction, Markdown.
    pub intro: String,
    /// Readable or taken down.
    pub state: PackState,
    /// Month made, `YYYY-MM`.
    pub created_month: String,
    /// Month unpublished.
    pub ended_month: Option<String>,
    /// Reason code from the moderation policy, when unpublished.
    pub ended_reason: Option<String>,
}

/// One item: a story's version, and perhaps one paragraph of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackItem {
    /// Row id, used by the edit forms.
    pub id: i64,
    /// The story.
    pub story_id: StoryId,
    /// The version pinned when it was added.
    pub version: i64,
    /// The paragraph (¶, from 1), or the whole story.
    pub paragraph: Option<u32>,
}

/// Creates a pack.
pub fn insert_pack(
    conn: &Connection,
    id: &PackId,
    edit_hash: &[u8],
    title: &str,
    intro: &str,
    month: Month,
) -> Result<()> {
    conn.execute(
        "INSERT INTO packs (id, edit_hash, title, intro, state, created_month)
         VALUES (?1, ?2, ?3, ?4, 'public', ?5)",
        params![id, edit_hash, title, intro, month],
    )?;
    Ok(())
}

/// A pack by id.
pub fn pack(conn: &Connection, id: &PackId) -> Result<Option<PackRecord>> {
    Ok(conn
        .query_row(
            "SELECT id, title, intro, state, created_month, ended_month, ended_reason
             FROM packs WHERE id = ?1",
            [id],
            |r| {
                Ok(PackRecord {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    intro: r.get(2)?,
                    state: r.get(3)?,
                    created_month: r.get(4)?,
                    ended_month: r.get(5)?,
                    ended_reason: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// The stored keyed hash of a pack's edit secret.
pub fn pack_edit_hash(conn: &Connection, id: &PackId) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT edit_hash FROM packs WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Replaces a pack's title and introduction.
pub fn update_pack_text(conn: &Connection, id: &PackId, title: &str, intro: &str) -> Result<()> {
    conn.execute(
        "UPDATE packs SET title = ?2, intro = ?3 WHERE id = ?1",
        params![id, title, intro],
    )?;
    Ok(())
}

/// A pack's items in their order.
pub fn pack_items(conn: &Connection, id: &PackId) -> Result<Vec<PackItem>> {
    let mut stmt = conn.prepare(
        "SELECT id, story_id, version, paragraph FROM pack_items WHERE pack_id = ?1
         ORDER BY position, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(PackItem {
            id: r.get(0)?,
            story_id: r.get(1)?,
            version: r.get(2)?,
            paragraph: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds an item at the end.
pub fn add_pack_item(
    conn: &Connection,
    id: &PackId,
    story_id: &StoryId,
    version: i64,
    paragraph: Option<u32>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO pack_items (pack_id, position, story_id, version, paragraph)
         VALUES (?1, coalesce((SELECT max(position) FROM pack_items WHERE pack_id = ?1), 0) + 1,
                 ?2, ?3, ?4)",
        params![id, story_id, version, paragraph],
    )?;
    Ok(())
}

/// Removes an item; whether it was there.
pub fn remove_pack_item(conn: &Connection, id: &PackId, item: i64) -> Result<bool> {
    let n = conn.execute(
        "DELETE FROM pack_items WHERE pack_id = ?1 AND id = ?2",
        params![id, item],
    )?;
    Ok(n == 1)
}

/// Stores the order given (item ids, first to last), numbering positions from 1.
pub fn reorder_pack_items(conn: &Connection, id: &PackId, order: &[i64]) -> Result<()> {
    let mut stmt =
        conn.prepare("UPDATE pack_items SET position = ?3 WHERE pack_id = ?1 AND id = ?2")?;
    for (i, item) in order.iter().enumerate() {
        stmt.execute(params![id, item, i as i64 + 1])?;
    }
    Ok(())
}

/// Takes a pack down with a reason; whether it was public.
pub fn unpublish_pack(conn: &Connection, id: &PackId, month: Month, reason: &str) -> Result<bool> {
    let n = conn.execute(
        "UPDATE packs SET state = 'unpublished', ended_month = ?2, ended_reason = ?3
         WHERE id = ?1 AND state = 'public'",
        params![id, month, reason],
    )?;
    Ok(n == 1)
}

/// A reader's report about a pack.
#[derive(Debug, Clone, Serialize)]
pub struct PackReport {
    /// Row id.
    pub id: i64,
    /// The pack.
    pub pack_id: PackId,
    /// Its title now, so the moderator knows what it is.
    pub pack_title: String,
    /// Category chosen by the reader.
    pub reason: String,
    /// What they said.
    pub details: String,
    /// Day made.
    pub made_on: String,
}

/// Files a report about a pack.
pub fn add_pack_report(
    conn: &Connection,
    id: &PackId,
    reason: &str,
    details: &str,
    day: Day,
) -> Result<()> {
    conn.execute(
        "INSERT INTO pack_reports (pack_id, reason, details, made_on) VALUES (?1, ?2, ?3, ?4)",
        params![id, reason, details, day],
    )?;
    Ok(())
}

/// Open reports about packs, oldest first.
pub fn open_pack_reports(conn: &Connection) -> Result<Vec<PackReport>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.pack_id, p.title, r.reason, r.details, r.made_on
         FROM pack_reports r JOIN packs p ON p.id = r.pack_id
         WHERE r.resolved = 0 ORDER BY r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PackReport {
            id: r.get(0)?,
            pack_id: r.get(1)?,
            pack_title: r.get(2)?,
            reason: r.get(3)?,
            details: r.get(4)?,
            made_on: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a pack's reports as dealt with.
pub fn resolve_pack_reports(conn: &Connection, id: &PackId) -> Result<()> {
    conn.execute(
        "UPDATE pack_reports SET resolved = 1 WHERE pack_id = ?1",
        [id],
    )?;
    Ok(())
}

/// Packs by state: (public, unpublished).
pub fn pack_counts(conn: &Connection) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(state = 'public'), 0), coalesce(sum(state = 'unpublished'), 0)
         FROM packs",
        [],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}
