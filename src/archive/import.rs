//! Importing Markdown stories with TOML front matter (the `stories/` format) as submissions or
//! as published stories.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::contributor::{validate, SubmissionInput};
use super::{Archive, ArchiveError, Result};
use crate::dates::Day;
use crate::ids::{ReceiptCode, StoryId, SubmissionId};
use crate::store::{self, Approval, NewSubmission};

/// Front matter of a story file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title.
    pub title: String,
    /// An example written for the project.
    #[serde(default)]
    pub illustrative: bool,
    /// Role slugs.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Setting slugs.
    #[serde(default)]
    pub settings: Vec<String>,
    /// Roughly when.
    #[serde(default)]
    pub period: Option<String>,
    /// Theme slugs.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Content warning slugs.
    #[serde(default)]
    pub content_warnings: Vec<String>,
    /// Own account.
    #[serde(default = "yes")]
    pub first_hand: bool,
    /// Licence code.
    #[serde(default)]
    pub licence: Option<String>,
}

fn yes() -> bool {
    true
}

/// Splits a story file into front matter and body.
pub fn parse_story_file(text: &str) -> std::result::Result<(FrontMatter, String), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or("the file must start with a +++ line (TOML front matter)")?;
    let end = rest
        .find("\n+++")
        .ok_or("the front matter has no closing +++ line")?;
    let front: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| e.to_string())?;
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']).to_owned();
    Ok((front, body))
}

/// Markdown files in a directory, sorted by name.
pub fn story_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    Ok(files)
}

/// A story file read, checked and analysed, ready to be written.
pub(super) struct PreparedImport {
    valid: super::contributor::ValidSubmission,
    illustrative: bool,
    hash: Vec<u8>,
    id: SubmissionId,
    analysis: String,
}

/// Stories written in one transaction by `import_dir`: one commit (and one fsync) per batch
/// rather than per story was most of the import's speed-up at 100 000 stories.
pub(super) const IMPORT_BATCH: usize = 500;

impl Archive {
    /// Imports one story file; with `publish` it is published at once, as by a moderator
    /// named `import`. Returns the story id when published.
    pub fn import_story(&self, text: &str, publish: bool) -> Result<Option<StoryId>> {
        let prepared = self.prepare_import(text)?;
        let day = Day::today().to_string();
        self.store
            .write(|tx| write_import(tx, &prepared, publish, &day))
    }

    /// Everything about importing a file that needs no database: parsing, validation, the
    /// identifier analysis, the forgotten receipt code's hash.
    pub(super) fn prepare_import(&self, text: &str) -> Result<PreparedImport> {
        let (front, body) = parse_story_file(text).map_err(|e| ArchiveError::Invalid(vec![e]))?;
        let input = SubmissionInput {
            title: front.title,
            body,
            roles: front.roles,
            settings: front.settings,
            period: front.period.unwrap_or_default(),
            themes: front.themes,
            content_warnings: front.content_warnings,
            first_hand: front.first_hand,
            consent_publish: true,
            consent_quote: true,
            consent_research: true,
            licence: front.licence.unwrap_or_default(),
        };
        let valid = validate(&input, true)?;
        // Imported stories have no author holding a receipt: the code is made and forgotten.
        let hash = ReceiptCode::generate().hash(&self.secret);
        let analysis = super::queue::analyse(&valid.body);
        Ok(PreparedImport {
            valid,
            illustrative: front.illustrative,
            hash,
            id: SubmissionId::generate(),
            analysis,
        })
    }
}

/// Writes one prepared story inside the caller's transaction.
pub(super) fn write_import(
    tx: &rusqlite::Transaction<'_>,
    p: &PreparedImport,
    publish: bool,
    day: &str,
) -> Result<Option<StoryId>> {
    let valid = &p.valid;
    store::insert_submission(
        tx,
        &NewSubmission {
            id: &p.id,
            receipt_hash: &p.hash,
            title: &valid.title,
            body: &valid.body,
            facts: &valid.facts,
            consent: valid.consent,
            licence: &valid.licence,
            submitted_on: day,
            urgent: false,
            illustrative: p.illustrative,
            analysis: &p.analysis,
            // The receipt code was made and forgotten: nobody can sign off a change.
            contributor_reachable: false,
        },
    )?;
    if !publish {
        return Ok(None);
    }
    let importer = match store::moderator_by_name(tx, "import")? {
        Some(m) => m.id,
        None => {
            // A disabled system account that owns imports; nobody can sign in as it.
            store::insert_moderator(tx, "import", "!", store::Role::Moderator)?;
            store::disable_moderator(tx, "import")?;
            store::moderator_by_name(tx, "import")?
                .map(|m| m.id)
                .ok_or(ArchiveError::NotFound)?
        }
    };
    store::add_approval(
        tx,
        &p.id,
        &Approval {
            moderator_id: importer,
            themes: valid.facts.themes.clone(),
            content_warnings: valid.facts.content_warnings.clone(),
            change_note: None,
        },
    )?;
    super::moderation::publish_if_ready(tx, &p.id, 1)
}
