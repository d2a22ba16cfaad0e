//! Reading an evidence pack: every item resolved to the text of the version it pins (or to
//! nothing, once its story is withdrawn or taken down), the summary of what the pack covers,
//! and the pack as a file in each export format.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;

use super::pack_export::{self, Excerpt, PackDocument, PackEntry, RefStyle};
use super::{Archive, ArchiveError, Result};
use crate::ids::{PackId, PackSecret, StoryId};
use crate::store::{self, PackRecord, PackState, StoryState, StoryVersion};
use crate::taxonomy::{taxonomy, Taxonomy};

/// What a pack's address shows.
#[derive(Debug, Clone)]
pub enum PackLookup {
    /// A public pack.
    Public(Box<PackView>),
    /// Taken down by moderators: the month and the policy reason's code, nothing else.
    Unpublished {
        /// Month taken down.
        month: String,
        /// Reason code from the moderation policy.
        reason: String,
    },
}

/// A pack with its items resolved.
#[derive(Debug, Clone)]
pub struct PackView {
    /// Public id.
    pub id: PackId,
    /// Month made.
    pub created_month: String,
    /// The introduction rendered and sanitised, like a story.
    pub intro_html: String,
    /// Title, introduction and items, as the exports take them.
    pub document: PackDocument,
    /// What the pack covers.
    pub summary: PackSummary,
}

/// What the readable items cover, each story counted once.
#[derive(Debug, Clone, Default)]
pub struct PackSummary {
    /// Theme name → stories.
    pub themes: Vec<(String, u64)>,
    /// Setting name → stories.
    pub settings: Vec<(String, u64)>,
    /// Role name → stories.
    pub roles: Vec<(String, u64)>,
    /// Periods given, in order.
    pub periods: Vec<String>,
    /// Different stories quoted.
    pub stories: u64,
}

/// The files a pack exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFormat {
    /// Word.
    Docx,
    /// Markdown.
    Markdown,
    /// BibTeX.
    Bibtex,
    /// RIS.
    Ris,
    /// CSL-JSON.
    Json,
    /// CSV, one row per item.
    Csv,
}

impl PackFormat {
    /// The format for an address's extension (`docx`, `md`, `bib`, `ris`, `json`, `csv`).
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext {
            "docx" => Self::Docx,
            "md" => Self::Markdown,
            "bib" => Self::Bibtex,
            "ris" => Self::Ris,
            "json" => Self::Json,
            "csv" => Self::Csv,
            _ => return None,
        })
    }

    /// The extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Markdown => "md",
            Self::Bibtex => "bib",
            Self::Ris => "ris",
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Bibtex => "application/x-bibtex; charset=utf-8",
            Self::Ris => "application/x-research-info-systems; charset=utf-8",
            Self::Json => "application/vnd.citationstyles.csl+json; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl Archive {
    /// A pack as the public sees it.
    pub fn pack(&self, id: &PackId) -> Result<PackLookup> {
        self.store.read(|c| {
            let record = store::pack(c, id)?.ok_or(ArchiveError::NotFound)?;
            if record.state == PackState::Unpublished {
                return Ok(PackLookup::Unpublished {
                    month: record.ended_month.unwrap_or_default(),
                    reason: record.ended_reason.unwrap_or_default(),
                });
            }
            Ok(PackLookup::Public(Box::new(self.view(c, record)?)))
        })
    }

    /// A pack for its maker, who holds the edit secret. A pack taken down cannot be edited.
    pub fn pack_to_edit(&self, id: &PackId, secret: &PackSecret) -> Result<PackView> {
        self.store.read(|c| {
            let record = self.editable(c, id, secret)?;
            self.view(c, record)
        })
    }

    /// A public pack as a file.
    pub fn pack_export(&self, id: &PackId, format: PackFormat, style: RefStyle) -> Result<Vec<u8>> {
        let PackLookup::Public(view) = self.pack(id)? else {
            return Err(ArchiveError::NotFound);
        };
        let doc = &view.document;
        Ok(match format {
            PackFormat::Docx => pack_export::docx(doc, style)
                .map_err(|e| ArchiveError::Internal(format!("writing a docx: {e}")))?,
            PackFormat::Markdown => pack_export::markdown(doc, style).into_bytes(),
            PackFormat::Bibtex => pack_export::bibtex(doc).into_bytes(),
            PackFormat::Ris => pack_export::ris(doc).into_bytes(),
            PackFormat::Json => pack_export::csl_json(doc).into_bytes(),
            PackFormat::Csv => pack_export::csv(doc, style).into_bytes(),
        })
    }

    /// Resolves every item: the pinned version's text and citations, or nothing when its story
    /// can no longer be read.
    pub(super) fn view(&self, c: &Connection, record: PackRecord) -> Result<PackView> {
        let mut entries = Vec::new();
        let mut read: HashMap<(StoryId, i64), Option<Pinned>> = HashMap::new();
        for item in store::pack_items(c, &record.id)? {
            let address = format!(
                "{}/stories/{}/v/{}{}",
                self.config.public_url,
                item.story_id,
                item.version,
                item.paragraph.map(|p| format!("#p{p}")).unwrap_or_default()
            );
            let key = (item.story_id.clone(), item.version);
            if !read.contains_key(&key) {
                let pinned = self.pinned(c, &item.story_id, item.version)?;
                read.insert(key.clone(), pinned);
            }
            let excerpt = read[&key]
                .as_ref()
                .map(|pinned| self.excerpt(pinned, item.paragraph));
            entries.push(PackEntry {
                item_id: item.id,
                story_id: item.story_id,
                version: item.version,
                paragraph: item.paragraph,
                address,
                excerpt,
            });
        }
        let document = PackDocument {
            address: format!("{}/packs/{}", self.config.public_url, record.id),
            title: record.title,
            intro: record.intro,
            entries,
        };
        Ok(PackView {
            intro_html: crate::markdown::render(&document.intro),
            summary: summary(&document),
            id: record.id,
            created_month: record.created_month,
            document,
        })
    }

    /// A pinned version read and rendered once, however many of its paragraphs the pack quotes;
    /// `None` when its story can no longer be read.
    fn pinned(&self, c: &Connection, story_id: &StoryId, version: i64) -> Result<Option<Pinned>> {
        let Some(record) = store::story(c, story_id)? else {
            return Ok(None);
        };
        if record.state != StoryState::Published {
            return Ok(None);
        }
        let Some(v) = store::version(c, story_id, Some(version))? else {
            return Ok(None);
        };
        let consent_quote = match &record.submission_id {
            Some(sid) => store::submission(c, sid)?.is_some_and(|s| s.consent.quote),
            None => false,
        };
        Ok(Some(Pinned {
            texts: crate::markdown::paragraph_texts(&v.body),
            blocks: crate::markdown::render_blocks(&v.body),
            work: self.citation_of(&v, None),
            version: v,
            consent_quote,
            illustrative: record.illustrative,
        }))
    }

    fn excerpt(&self, pinned: &Pinned, paragraph: Option<u32>) -> Excerpt {
        let (paragraphs, html) = match paragraph {
            Some(p) => (
                (p as usize)
                    .checked_sub(1)
                    .and_then(|i| pinned.texts.get(i).cloned())
                    .into_iter()
                    .collect(),
                pinned
                    .blocks
                    .iter()
                    .filter(|b| b.number == Some(p))
                    .map(|b| b.html.clone())
                    .collect(),
            ),
            None => (
                pinned.texts.clone(),
                pinned.blocks.iter().map(|b| b.html.clone()).collect(),
            ),
        };
        let v = &pinned.version;
        Excerpt {
            title: v.title.clone(),
            paragraphs,
            html,
            citation: match paragraph {
                Some(_) => self.citation_of(v, paragraph),
                None => pinned.work.clone(),
            },
            work: pinned.work.clone(),
            themes: v.themes.clone(),
            roles: v.roles.clone(),
            settings: v.settings.clone(),
            period: v.period.clone(),
            consent_quote: pinned.consent_quote,
            illustrative: pinned.illustrative,
        }
    }
}

/// One story version as a pack reads it.
struct Pinned {
    version: StoryVersion,
    texts: Vec<String>,
    blocks: Vec<crate::markdown::Block>,
    work: crate::cite::Citation,
    consent_quote: bool,
    illustrative: bool,
}

/// Themes, settings, roles and periods of the readable items, each story counted once.
fn summary(doc: &PackDocument) -> PackSummary {
    let t = taxonomy();
    let mut seen = BTreeSet::new();
    let (mut themes, mut settings, mut roles) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut periods = BTreeSet::new();
    for e in &doc.entries {
        let Some(x) = &e.excerpt else { continue };
        if !seen.insert(e.story_id.clone()) {
            continue;
        }
        for slug in &x.themes {
            let name = t.theme(slug).map_or(slug.clone(), |th| th.name.clone());
            *themes.entry(name).or_insert(0u64) += 1;
        }
        for slug in &x.settings {
            *settings
                .entry(Taxonomy::term_name(&t.settings, slug).to_owned())
                .or_insert(0u64) += 1;
        }
        for slug in &x.roles {
            *roles
                .entry(Taxonomy::term_name(&t.roles, slug).to_owned())
                .or_insert(0u64) += 1;
        }
        periods.extend(x.period.clone());
    }
    let sorted = |m: BTreeMap<String, u64>| {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    PackSummary {
        themes: sorted(themes),
        settings: sorted(settings),
        roles: sorted(roles),
        periods: periods.into_iter().collect(),
        stories: seen.len() as u64,
    }
}
