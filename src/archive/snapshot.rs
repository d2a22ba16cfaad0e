//! A versioned snapshot of the whole published corpus (`chorus export --snapshot DIR`), for
//! preservation and for research that must be replicated: every published story's latest
//! version as JSON Lines, the taxonomy it is tagged with, and a manifest with counts and the
//! SHA-256 of each file, so that a copy can be checked years later.
//!
//! Every published story is included (each is public on the site), each saying whether its
//! author consented to research use; research exports (`--format`) include only those who did.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Archive, ArchiveError, Result};
use crate::store;
use crate::taxonomy::taxonomy;

/// The version of the snapshot's layout; raised whenever a file or field changes meaning.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 1;

/// One file of a snapshot, as the manifest lists it.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotFile {
    /// Its name inside the directory.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// Lines (records) in it.
    pub records: u64,
    /// SHA-256 of its bytes, in hex.
    pub sha256: String,
}

/// What `manifest.json` says.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotManifest {
    /// Always `chorus-snapshot`.
    pub format: &'static str,
    /// [`SNAPSHOT_FORMAT_VERSION`].
    pub format_version: u32,
    /// The day it was taken (the archive's, not anyone's).
    pub created: String,
    /// The archive's public address.
    pub source: String,
    /// Published stories.
    pub stories: u64,
    /// Of which the authors consented to research use.
    pub research_consent: u64,
    /// Published stories per theme slug.
    pub themes: BTreeMap<String, u64>,
    /// The files, with their checksums.
    pub files: Vec<SnapshotFile>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Archive {
    /// Writes a snapshot into `dir`, which must not exist or be empty.
    pub fn snapshot(&self, dir: &Path) -> Result<SnapshotManifest> {
        let occupied = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
        if occupied {
            return Err(ArchiveError::Invalid(vec![format!(
                "{} is not empty; a snapshot is written into a new or empty directory.",
                dir.display()
            )]));
        }
        let io = |e: std::io::Error| {
            ArchiveError::Invalid(vec![format!(
                "writing the snapshot in {}: {e}",
                dir.display()
            )])
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let stories = self.store.read(|c| {
            let mut out = Vec::new();
            for v in store::published_latest(c, None)? {
                let research = match store::story(c, &v.story_id)?.and_then(|r| r.submission_id) {
                    Some(sid) => store::submission(c, &sid)?.is_some_and(|s| s.consent.research),
                    None => false,
                };
                out.push((v, research));
            }
            Ok::<_, ArchiveError>(out)
        })?;
        let base = &self.config.public_url;
        let mut lines = Vec::new();
        let mut themes: BTreeMap<String, u64> = BTreeMap::new();
        let mut research_consent = 0;
        for (v, research) in &stories {
            for t in &v.themes {
                *themes.entry(t.clone()).or_default() += 1;
            }
            research_consent += u64::from(*research);
            let record = json!({
                "id": v.story_id, "version": v.version, "title": v.title,
                "published": v.published_month, "themes": v.themes, "roles": v.roles,
                "settings": v.settings, "period": v.period,
                "content_warnings": v.content_warnings, "licence": v.licence,
                "first_hand": v.first_hand, "research_consent": research,
                "url": format!("{base}/stories/{}/v/{}", v.story_id, v.version),
                "content_sha256": v.content_sha256, "body_markdown": v.body,
            });
            lines.push(record.to_string());
        }
        let mut files = Vec::new();
        let mut write = |name: &str, text: String, records: u64| -> Result<()> {
            let mut f = std::fs::File::create(dir.join(name)).map_err(io)?;
            f.write_all(text.as_bytes()).map_err(io)?;
            f.sync_all().map_err(io)?;
            files.push(SnapshotFile {
                name: name.to_owned(),
                bytes: text.len() as u64,
                records,
                sha256: hex(&Sha256::digest(text.as_bytes())),
            });
            Ok(())
        };
        let count = lines.len() as u64;
        let mut jsonl = lines.join("\n");
        if !jsonl.is_empty() {
            jsonl.push('\n');
        }
        write("stories.jsonl", jsonl, count)?;
        let t = taxonomy();
        let tax = serde_json::to_string_pretty(&json!({
            "themes": t.themes, "roles": t.roles, "settings": t.settings,
            "content_warnings": t.content_warnings,
        }))
        .expect("the taxonomy serialises");
        write("taxonomy.json", tax, 1)?;
        let manifest = SnapshotManifest {
            format: "chorus-snapshot",
            format_version: SNAPSHOT_FORMAT_VERSION,
            created: crate::dates::Day::today().to_string(),
            source: base.clone(),
            stories: count,
            research_consent,
            themes,
            files,
        };
        let text = serde_json::to_string_pretty(&manifest).expect("the manifest serialises");
        std::fs::write(dir.join("manifest.json"), text + "\n").map_err(io)?;
        Ok(manifest)
    }
}
