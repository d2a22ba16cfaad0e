//! An evidence pack as files: Word (`docx`), Markdown, BibTeX, RIS, CSL-JSON and CSV. Pure: it
//! formats a [`PackDocument`] the archive has put together (texts read, citations made) and
//! does no I/O. Every bibliographic format comes from `crate::cite`, never made up here.

mod docx;

use crate::cite::Citation;
use crate::ids::StoryId;

pub use docx::docx;

/// The reference styles a pack's documents can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefStyle {
    /// APA 7 (the default).
    #[default]
    Apa,
    /// Harvard (Cite Them Right).
    Harvard,
    /// Vancouver, numbered in order of first citation.
    Vancouver,
}

impl RefStyle {
    /// Every style, in the order offered.
    pub const ALL: [RefStyle; 3] = [RefStyle::Apa, RefStyle::Harvard, RefStyle::Vancouver];

    /// Reads `apa`, `harvard` or `vancouver` (any case); empty means APA.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "apa" | "apa7" => Some(RefStyle::Apa),
            "harvard" => Some(RefStyle::Harvard),
            "vancouver" => Some(RefStyle::Vancouver),
            _ => None,
        }
    }

    /// The value of the `style` parameter.
    pub fn code(self) -> &'static str {
        match self {
            RefStyle::Apa => "apa",
            RefStyle::Harvard => "harvard",
            RefStyle::Vancouver => "vancouver",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            RefStyle::Apa => "APA 7",
            RefStyle::Harvard => "Harvard",
            RefStyle::Vancouver => "Vancouver",
        }
    }

    /// The citation in this style.
    pub fn of(self, c: &Citation) -> &str {
        match self {
            RefStyle::Apa => &c.apa,
            RefStyle::Harvard => &c.harvard,
            RefStyle::Vancouver => &c.vancouver,
        }
    }
}

/// A pack ready to be written out.
#[derive(Debug, Clone)]
pub struct PackDocument {
    /// Title.
    pub title: String,
    /// Introduction, Markdown.
    pub intro: String,
    /// The pack's public address.
    pub address: String,
    /// Items in the pack's order.
    pub entries: Vec<PackEntry>,
}

/// One item of a pack.
#[derive(Debug, Clone)]
pub struct PackEntry {
    /// Row id (for the edit forms).
    pub item_id: i64,
    /// The story.
    pub story_id: StoryId,
    /// The version pinned.
    pub version: i64,
    /// The paragraph cited, or the whole story.
    pub paragraph: Option<u32>,
    /// The permanent address of what is cited (with `#pN` for a paragraph).
    pub address: String,
    /// The text and citations; `None` when the story was withdrawn or taken down, so that none
    /// of its text is shown or exported.
    pub excerpt: Option<Excerpt>,
}

/// What a readable item quotes, and how to cite it.
#[derive(Debug, Clone)]
pub struct Excerpt {
    /// The story's title at that version.
    pub title: String,
    /// The quoted paragraphs as plain text (one for a paragraph item, all for a story).
    pub paragraphs: Vec<String>,
    /// The same paragraphs as sanitised HTML, for the pack's page.
    pub html: Vec<String>,
    /// Citation of this item (with its paragraph, when it is one).
    pub citation: Citation,
    /// Citation of the version as a whole, for the reference list.
    pub work: Citation,
    /// Theme slugs of that version.
    pub themes: Vec<String>,
    /// Role slugs.
    pub roles: Vec<String>,
    /// Setting slugs.
    pub settings: Vec<String>,
    /// Roughly when.
    pub period: Option<String>,
    /// Whether the author agreed to quotation.
    pub consent_quote: bool,
    /// An example written for the project, never to be passed off as testimony.
    pub illustrative: bool,
}

/// What an illustrative item says about itself, wherever it is quoted.
pub const ILLUSTRATIVE_ITEM: &str =
    "Illustrative example: written for the Chorus project to show how the archive works; not real testimony.";

impl PackDocument {
    /// How many items can no longer be read.
    pub fn withdrawn(&self) -> usize {
        self.entries.iter().filter(|e| e.excerpt.is_none()).count()
    }

    fn readable(&self) -> impl Iterator<Item = &Excerpt> {
        self.entries.iter().filter_map(|e| e.excerpt.as_ref())
    }

    /// The reference list: each cited version once. APA and Harvard sort it by its text (all
    /// authors are the same anonymous one, so by year and title); Vancouver numbers it in the
    /// order of first citation.
    pub fn references(&self, style: RefStyle) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut refs: Vec<String> = self
            .readable()
            .filter(|x| seen.insert(x.work.url.clone()))
            .map(|x| style.of(&x.work).to_owned())
            .collect();
        match style {
            RefStyle::Vancouver => refs
                .into_iter()
                .enumerate()
                .map(|(i, r)| format!("{}. {r}", i + 1))
                .collect(),
            RefStyle::Apa | RefStyle::Harvard => {
                refs.sort();
                refs
            }
        }
    }

    /// The note for withdrawn items, when there are any.
    pub fn withdrawn_note(&self) -> Option<String> {
        match self.withdrawn() {
            0 => None,
            1 => Some("One item in this pack has been withdrawn by its author or taken down since it was added. Its text is no longer available and is not shown.".into()),
            n => Some(format!("{n} items in this pack have been withdrawn by their authors or taken down since they were added. Their text is no longer available and is not shown.")),
        }
    }
}

/// What a withdrawn item says in place of its text.
pub const WITHDRAWN_ITEM: &str =
    "[Withdrawn: this story is no longer available; none of its text is shown.]";

/// The pack as Markdown: the introduction, each excerpt as a block quotation followed by its
/// citation, then the references.
pub fn markdown(doc: &PackDocument, style: RefStyle) -> String {
    let mut out = format!("# {}\n\n", doc.title);
    out.push_str(&format!("Evidence pack: <{}>\n\n", doc.address));
    if let Some(note) = doc.withdrawn_note() {
        out.push_str(&format!("**Note:** {note}\n\n"));
    }
    if !doc.intro.trim().is_empty() {
        out.push_str(doc.intro.trim());
        out.push_str("\n\n");
    }
    for (i, e) in doc.entries.iter().enumerate() {
        out.push_str(&format!("## {}. ", i + 1));
        match &e.excerpt {
            Some(x) => {
                out.push_str(&format!("{}\n\n", x.title));
                if x.illustrative {
                    out.push_str(&format!("*{ILLUSTRATIVE_ITEM}*\n\n"));
                }
                for p in &x.paragraphs {
                    out.push_str(&format!("> {}\n>\n", escape_markdown_quote(p)));
                }
                out.truncate(out.len() - 2);
                out.push_str(&format!("\n— {}\n\n", style.of(&x.citation)));
            }
            None => out.push_str(&format!("{WITHDRAWN_ITEM}\n\n<{}>\n\n", e.address)),
        }
    }
    out.push_str(&format!("## References ({})\n\n", style.label()));
    for r in doc.references(style) {
        out.push_str(&format!("- {r}\n"));
    }
    out
}

/// Quoted text must not turn into Markdown structure (a heading, a list) inside the quotation.
fn escape_markdown_quote(p: &str) -> String {
    match p.chars().next() {
        Some('#' | '-' | '+' | '*' | '>' | '=' | '|') => format!("\\{p}"),
        _ => p.to_owned(),
    }
}

/// Every readable item's BibTeX entry, each key once.
pub fn bibtex(doc: &PackDocument) -> String {
    unique(doc, |c| c.bibtex.clone()).join("\n")
}

/// Every readable item's RIS record, each once.
pub fn ris(doc: &PackDocument) -> String {
    unique(doc, |c| c.ris.clone()).concat()
}

/// Every readable item as one CSL-JSON array.
pub fn csl_json(doc: &PackDocument) -> String {
    let items: Vec<serde_json::Value> = unique(doc, |c| c.csl.clone());
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

fn unique<T>(doc: &PackDocument, f: impl Fn(&Citation) -> T) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    doc.readable()
        .filter(|x| seen.insert(x.citation.url.clone()))
        .map(|x| f(&x.citation))
        .collect()
}

/// One row per item, withdrawn ones included (marked, without text).
pub fn csv(doc: &PackDocument, style: RefStyle) -> String {
    let field = super::export::csv_field;
    let mut out = String::from(
        "position,story_id,version,paragraph,status,title,published,url,themes,roles,settings,period,excerpt,citation,illustrative\r\n",
    );
    for (i, e) in doc.entries.iter().enumerate() {
        let para = e.paragraph.map(|p| p.to_string()).unwrap_or_default();
        let mut row = vec![
            (i + 1).to_string(),
            e.story_id.to_string(),
            e.version.to_string(),
            para,
        ];
        match &e.excerpt {
            Some(x) => row.extend([
                "published".to_owned(),
                x.title.clone(),
                x.citation.published.clone(),
                e.address.clone(),
                x.themes.join(";"),
                x.roles.join(";"),
                x.settings.join(";"),
                x.period.clone().unwrap_or_default(),
                x.paragraphs.join("\n\n"),
                style.of(&x.citation).to_owned(),
                x.illustrative.to_string(),
            ]),
            None => row.extend(
                ["withdrawn", "", "", &e.address, "", "", "", "", "", "", ""].map(str::to_owned),
            ),
        }
        out.push_str(&row.iter().map(|s| field(s)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::cite::{citation, Source};
    use crate::dates::Day;

    pub(crate) fn sample() -> PackDocument {
        let id = StoryId::parse("k3mv9xq2dr").unwrap();
        let cite = |p: Option<u32>| {
            let url = format!(
                "https://chorus.example/stories/k3mv9xq2dr/v/2{}",
                p.map(|n| format!("#p{n}")).unwrap_or_default()
            );
            citation(&Source {
                story_id: &id,
                title: "Held down on the ward",
                version: 2,
                month: "2025-03",
                paragraph: p,
                url: &url,
                accessed: Day::parse("2026-12-01").unwrap(),
            })
        };
        let excerpt = |p: Option<u32>, texts: &[&str]| Excerpt {
            title: "Held down on the ward".into(),
            paragraphs: texts.iter().map(|s| s.to_string()).collect(),
            html: texts.iter().map(|s| format!("<p>{s}</p>")).collect(),
            citation: cite(p),
            work: cite(None),
            themes: vec!["coercion-and-restraint".into()],
            roles: vec!["inpatient".into()],
            settings: vec!["acute-ward".into()],
            period: Some("2019".into()),
            consent_quote: true,
            illustrative: p.is_none(),
        };
        PackDocument {
            title: "Restraint <on> wards & after".into(),
            intro: "Why these *accounts* matter.".into(),
            address: "https://chorus.example/packs/q7k2m9x4d3ra".into(),
            entries: vec![
                PackEntry {
                    item_id: 1,
                    story_id: id.clone(),
                    version: 2,
                    paragraph: Some(3),
                    address: "https://chorus.example/stories/k3mv9xq2dr/v/2#p3".into(),
                    excerpt: Some(excerpt(Some(3), &["Four of them held me down."])),
                },
                PackEntry {
                    item_id: 2,
                    story_id: StoryId::parse("a1b2c3d4e5").unwrap(),
                    version: 1,
                    paragraph: None,
                    address: "https://chorus.example/stories/a1b2c3d4e5/v/1".into(),
                    excerpt: None,
                },
                PackEntry {
                    item_id: 3,
                    story_id: id.clone(),
                    version: 2,
                    paragraph: None,
                    address: "https://chorus.example/stories/k3mv9xq2dr/v/2".into(),
                    excerpt: Some(excerpt(None, &["=Nobody asked.", "Then it was over."])),
                },
            ],
        }
    }

    #[test]
    fn the_reference_list_names_each_version_once_in_the_chosen_style() {
        let doc = sample();
        let apa = doc.references(RefStyle::Apa);
        assert_eq!(apa.len(), 1, "{apa:?}");
        assert!(apa[0].starts_with("Anonymous. (2025, March)."));
        let van = doc.references(RefStyle::Vancouver);
        assert!(van[0].starts_with("1. Held down on the ward [Internet]"));
        assert!(doc.references(RefStyle::Harvard)[0].contains("Available at:"));
    }

    #[test]
    fn markdown_quotes_each_excerpt_cites_it_and_hides_withdrawn_text() {
        let md = markdown(&sample(), RefStyle::Harvard);
        assert!(md.contains("> Four of them held me down.\n\n— Anonymous (2025)"));
        assert!(
            md.contains("> \\=Nobody asked.\n>\n> Then it was over."),
            "{md}"
        );
        assert!(md.contains(WITHDRAWN_ITEM));
        assert!(md.contains("**Note:** One item"));
        assert!(md.contains("## References (Harvard)"));
        assert_eq!(
            md.matches(ILLUSTRATIVE_ITEM).count(),
            1,
            "only the illustrative item"
        );
    }

    #[test]
    fn csv_has_a_row_per_item_and_guards_formulas() {
        let csv = csv(&sample(), RefStyle::Apa);
        assert_eq!(csv.matches("\r\n").count(), 4, "{csv}");
        assert!(csv.contains("\"withdrawn\""));
        assert!(csv.contains("\"'=Nobody asked."));
    }

    #[test]
    fn bibliographic_files_hold_each_readable_item_once() {
        let doc = sample();
        assert_eq!(bibtex(&doc).matches("@online{").count(), 2);
        assert_eq!(ris(&doc).matches("TY  - ").count(), 2);
        let json: serde_json::Value = serde_json::from_str(&csl_json(&doc)).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);
    }
}
