//! Exports of published stories (all, or a search) as CSV, JSON Lines or a REFI-QDA project,
//! for research. Only stories whose authors consented to research use are included. And the
//! snapshot of the whole published corpus, for preservation and replication.

use serde_json::json;

use super::{Archive, ArchiveError, Result};
use crate::ids::StoryId;
use crate::search::{SearchRequest, MAX_PER_PAGE};
use crate::store::{self, StoryVersion};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values, one row per story.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// A REFI-QDA project (`.qdpx`), for qualitative analysis software.
    Qdpx,
}

impl ExportFormat {
    /// Parses `csv` or `jsonl`; anything else is refused with a message.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "csv" => Ok(Self::Csv),
            "jsonl" => Ok(Self::Jsonl),
            "qdpx" => Ok(Self::Qdpx),
            _ => Err(ArchiveError::Invalid(vec![
                "The export format must be csv, jsonl or qdpx.".into(),
            ])),
        }
    }

    /// MIME type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Jsonl => "application/x-ndjson; charset=utf-8",
            Self::Qdpx => "application/zip",
        }
    }

    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Qdpx => "qdpx",
        }
    }
}

const CSV_COLUMNS: &[&str] = &[
    "id",
    "version",
    "title",
    "published",
    "themes",
    "roles",
    "settings",
    "period",
    "content_warnings",
    "licence",
    "first_hand",
    "url",
    "content_sha256",
    "body_markdown",
];

pub(super) fn csv_field(s: &str) -> String {
    // Quote every field; a leading =, +, - or @ is prefixed so spreadsheets do not run it.
    let guarded = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// The most stories one export over HTTP may hold; more is a request to narrow the search (or
/// for `chorus export` on the server), so that one anonymous request cannot tie up the
/// machine building a file of the whole archive.
pub const MAX_EXPORTED_OVER_HTTP: usize = 5_000;

impl Archive {
    /// The latest versions of the published stories matching `req` whose authors consented to
    /// research use, best match first; refused when there are more than `limit`.
    fn consented(&self, req: &SearchRequest, limit: Option<usize>) -> Result<Vec<StoryVersion>> {
        let mut ids = Vec::new();
        let mut page = 1;
        loop {
            let results = self.search.search(&SearchRequest {
                page,
                per_page: MAX_PER_PAGE,
                ..req.clone()
            })?;
            if let Some(limit) = limit.filter(|&l| results.total > l) {
                return Err(ArchiveError::Invalid(vec![format!(
                    "This search matches more than {limit} stories, the most one download can hold. Please narrow it (a theme, a role, a period), or ask the archive's operators for a full export."
                )]));
            }
            let done = results.hits.len() < MAX_PER_PAGE;
            ids.extend(results.hits.into_iter().map(|h| h.id));
            if done || page >= 10_000 {
                break;
            }
            page += 1;
        }
        self.store.read(|c| {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids.iter().filter_map(|id| StoryId::parse(id)) {
                let Some(record) = store::story(c, &id)? else {
                    continue;
                };
                let consented = match &record.submission_id {
                    Some(sid) => store::submission(c, sid)?.is_some_and(|s| s.consent.research),
                    None => false,
                };
                if consented {
                    if let Some(v) = store::version(c, &id, None)? {
                        out.push(v);
                    }
                }
            }
            Ok::<_, ArchiveError>(out)
        })
    }

    /// Exports the stories matching `req` (every page of results) in `format`.
    pub fn export(&self, req: &SearchRequest, format: ExportFormat) -> Result<Vec<u8>> {
        let stories = self.consented(req, None)?;
        Ok(self.render_export(&stories, format))
    }

    /// [`Archive::export`], refused with a message when the search matches more than `limit`
    /// stories (over HTTP, [`MAX_EXPORTED_OVER_HTTP`]).
    pub fn export_at_most(
        &self,
        req: &SearchRequest,
        format: ExportFormat,
        limit: usize,
    ) -> Result<Vec<u8>> {
        let stories = self.consented(req, Some(limit))?;
        Ok(self.render_export(&stories, format))
    }

    fn render_export(&self, stories: &[StoryVersion], format: ExportFormat) -> Vec<u8> {
        let base = &self.config.public_url;
        if format == ExportFormat::Qdpx {
            let created = format!("{}-01T00:00:00Z", crate::dates::Month::current());
            return super::qdpx::package(stories, base, &created);
        }
        let mut out = String::new();
        if format == ExportFormat::Csv {
            out.push_str(&CSV_COLUMNS.join(","));
            out.push_str("\r\n");
        }
        for v in stories {
            let url = format!("{base}/stories/{}/v/{}", v.story_id, v.version);
            match format {
                ExportFormat::Csv => {
                    let fields = [
                        v.story_id.to_string(),
                        v.version.to_string(),
                        v.title.clone(),
                        v.published_month.clone(),
                        v.themes.join(";"),
                        v.roles.join(";"),
                        v.settings.join(";"),
                        v.period.clone().unwrap_or_default(),
                        v.content_warnings.join(";"),
                        v.licence.clone(),
                        v.first_hand.to_string(),
                        url,
                        v.content_sha256.clone(),
                        v.body.clone(),
                    ];
                    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                    out.push_str(&row.join(","));
                    out.push_str("\r\n");
                }
                ExportFormat::Jsonl | ExportFormat::Qdpx => {
                    out.push_str(&story_json(v, &url).to_string());
                    out.push('\n');
                }
            }
        }
        out.into_bytes()
    }
}

/// One story as an export or snapshot record.
fn story_json(v: &StoryVersion, url: &str) -> serde_json::Value {
    json!({
        "id": v.story_id, "version": v.version, "title": v.title,
        "published": v.published_month, "themes": v.themes, "roles": v.roles,
        "settings": v.settings, "period": v.period,
        "content_warnings": v.content_warnings, "licence": v.licence,
        "first_hand": v.first_hand, "url": url,
        "content_sha256": v.content_sha256, "body_markdown": v.body,
    })
}
