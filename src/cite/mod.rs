//! Citations of a story, a version or a single paragraph: APA 7, Harvard (Cite Them Right),
//! Vancouver, MLA 9, Chicago, BibTeX (biblatex `@online`), RIS and CSL-JSON, plus the schema.org
//! JSON-LD a story page carries. Pure: it formats what it is given.
//!
//! The anonymous author, decided once here: testimony is published as the work of an anonymous
//! author, and the page says so. APA 7 (section 9.12) names such a work's author "Anonymous",
//! so APA, Harvard, BibTeX, RIS, CSL-JSON and the page's metadata all say `Anonymous` (one word:
//! Zotero's Embedded Metadata translator and CSL processors then keep it as a single-field name
//! instead of splitting it into a given and a family name, as they did "Anonymous contributor").
//! MLA 9, Chicago and Vancouver (NLM's Citing Medicine) each tell writers never to put
//! "Anonymous" in the author position of a work with no named author: their references start
//! with the title instead.

mod machine;
mod styles;
#[cfg(test)]
mod tests;
mod web;

use serde::Serialize;

use crate::dates::{Day, Month};
use crate::ids::StoryId;

pub use web::{json_ld, licence_url, script_safe_json, Work};

/// The author of every citation: testimony is anonymous (see the module's note).
pub const AUTHOR: &str = "Anonymous";
/// The website every story is part of: the container (site name), never also the publisher.
pub const ARCHIVE: &str = "Chorus";
/// What kind of work a story is, where a format has a place for it.
pub const GENRE: &str = "Testimony";

/// What is being cited.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// Story id.
    pub story_id: &'a StoryId,
    /// Title.
    pub title: &'a str,
    /// Version cited.
    pub version: i64,
    /// Month that version was published, `YYYY-MM`.
    pub month: &'a str,
    /// Paragraph cited, if one.
    pub paragraph: Option<u32>,
    /// Permanent address of the version (with `#pN` when a paragraph is cited).
    pub url: &'a str,
    /// The day the reader accessed it (the reader's date, not the author's).
    pub accessed: Day,
}

/// Every format at once. The `_html` forms carry the italics each style asks for (escaped
/// HTML, for the cite page); the plain forms are the same text without them.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// Story title.
    pub title: String,
    /// Version cited.
    pub version: i64,
    /// Paragraph cited, if any.
    pub paragraph: Option<u32>,
    /// Month published, `YYYY-MM`.
    pub published: String,
    /// Permanent address.
    pub url: String,
    /// APA 7 reference.
    pub apa: String,
    /// APA 7 reference, with its italics.
    pub apa_html: String,
    /// APA 7 in-text citation, with the paragraph when one is cited.
    pub apa_in_text: String,
    /// Harvard (Cite Them Right) reference.
    pub harvard: String,
    /// Harvard reference, with its italics.
    pub harvard_html: String,
    /// Harvard in-text citation.
    pub harvard_in_text: String,
    /// Vancouver (Citing Medicine) reference; Vancouver uses no italics.
    pub vancouver: String,
    /// MLA 9 works-cited entry.
    pub mla: String,
    /// MLA 9 entry, with its italics.
    pub mla_html: String,
    /// MLA 9 in-text citation.
    pub mla_in_text: String,
    /// Chicago (17th, notes and bibliography) bibliography entry.
    pub chicago: String,
    /// Chicago footnote.
    pub chicago_note: String,
    /// BibTeX entry (biblatex `@online`).
    pub bibtex: String,
    /// RIS record.
    pub ris: String,
    /// CSL-JSON (one item).
    pub csl: serde_json::Value,
}

/// The parts every format is built from, worked out once.
struct Parts<'a> {
    s: &'a Source<'a>,
    title: String,
    month: Month,
    key: String,
}

/// Builds every format for `s`.
pub fn citation(s: &Source<'_>) -> Citation {
    // Stored months are always well formed; the day of `month`, if any, is never shown.
    let month = Month::of_date_text(s.month).unwrap_or_default();
    let title = s.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = match s.paragraph {
        Some(p) => format!("chorus_{}_v{}_p{p}", s.story_id, s.version),
        None => format!("chorus_{}_v{}", s.story_id, s.version),
    };
    let parts = Parts {
        s,
        title,
        month,
        key,
    };
    let apa = styles::apa(&parts);
    let harvard = styles::harvard(&parts);
    let mla = styles::mla(&parts);
    Citation {
        title: parts.title.clone(),
        version: s.version,
        paragraph: s.paragraph,
        published: s.month.to_owned(),
        url: s.url.to_owned(),
        apa: apa.plain(),
        apa_html: apa.html(),
        apa_in_text: styles::apa_in_text(&parts),
        harvard: harvard.plain(),
        harvard_html: harvard.html(),
        harvard_in_text: styles::apa_in_text(&parts),
        vancouver: styles::vancouver(&parts),
        mla: mla.plain(),
        mla_html: mla.html(),
        mla_in_text: styles::mla_in_text(&parts),
        chicago: styles::chicago(&parts),
        chicago_note: styles::chicago_note(&parts),
        bibtex: machine::bibtex(&parts),
        ris: machine::ris(&parts),
        csl: machine::csl(&parts),
    }
}
