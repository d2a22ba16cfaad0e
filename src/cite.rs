//! Citations of a story, a version or a single paragraph: APA 7, Harvard, Vancouver, MLA,
//! BibTeX, RIS and CSL-JSON. Pure: it formats what it is given. Authors are always anonymous.

use serde::Serialize;
use serde_json::json;

use crate::dates::{Day, Month};
use crate::ids::StoryId;

/// The author line of every citation: testimony is anonymous.
pub const AUTHOR: &str = "Anonymous contributor";
/// The publisher / container.
pub const ARCHIVE: &str = "Chorus";

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

/// Every format at once.
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
    /// APA 7.
    pub apa: String,
    /// Harvard (Cite Them Right).
    pub harvard: String,
    /// Vancouver.
    pub vancouver: String,
    /// MLA 9.
    pub mla: String,
    /// BibTeX entry.
    pub bibtex: String,
    /// RIS record.
    pub ris: String,
    /// CSL-JSON (one item).
    pub csl: serde_json::Value,
}

fn braces_stripped(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\\'))
        .collect()
}

/// Builds every format for `s`.
pub fn citation(s: &Source<'_>) -> Citation {
    // Stored months are always well formed; the day of `month`, if any, is never shown.
    let month = Month::of_date_text(s.month).unwrap_or_default();
    let accessed_day = s.accessed;
    let (year, month_name, month_number) = (month.year(), month.name(), month.number());
    let short_month = month.short_name();
    let title = s.title.trim();
    let para = s
        .paragraph
        .map(|p| format!(", para. {p}"))
        .unwrap_or_default();
    let accessed = accessed_day.label();
    let apa = format!(
        "{AUTHOR}. ({year}, {month_name}). {title} (Version {}{para}) [Testimony]. {ARCHIVE}. {}",
        s.version, s.url
    );
    let harvard = format!(
        "{AUTHOR} ({year}) {title}, version {}{para} [Testimony]. {ARCHIVE}. Available at: {} (Accessed: {accessed}).",
        s.version, s.url
    );
    let (ay, am, ad) = (
        accessed_day.month().year(),
        accessed_day.month().short_name(),
        accessed_day.day(),
    );
    let vancouver = format!(
        "{AUTHOR}. {title} [Internet]. Version {}{para}. {ARCHIVE}; {year} {short_month} [cited {ay} {am} {ad}]. Available from: {}",
        s.version, s.url
    );
    let mla = format!(
        "{AUTHOR}. \"{title}.\" {ARCHIVE}, version {}{}, {} {year}, {}. Accessed {accessed}.",
        s.version,
        s.paragraph
            .map(|p| format!(", par. {p}"))
            .unwrap_or_default(),
        if month_name.len() > 4 {
            format!("{short_month}.")
        } else {
            month_name.to_owned()
        },
        s.url
    );
    let key = match s.paragraph {
        Some(p) => format!("chorus_{}_v{}_p{p}", s.story_id, s.version),
        None => format!("chorus_{}_v{}", s.story_id, s.version),
    };
    let note = format!(
        "Testimony, version {}{}",
        s.version,
        s.paragraph
            .map(|p| format!(", paragraph {p}"))
            .unwrap_or_default()
    );
    let bibtex = format!(
        "@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{}}},\n  year = {{{year}}},\n  month = {{{}}},\n  publisher = {{{ARCHIVE}}},\n  howpublished = {{\\url{{{}}}}},\n  note = {{{note}. Accessed {}}},\n  url = {{{}}}\n}}\n",
        braces_stripped(title),
        short_month.to_lowercase(),
        s.url,
        accessed_day,
        s.url
    );
    let ris = format!(
        "TY  - ELEC\r\nAU  - {AUTHOR}\r\nTI  - {}\r\nPY  - {year}\r\nDA  - {year}/{month_number:02}\r\nPB  - {ARCHIVE}\r\nET  - Version {}\r\nN1  - {note}\r\nUR  - {}\r\nY2  - {}\r\nER  - \r\n",
        title.replace(['\r', '\n'], " "),
        s.version,
        s.url,
        accessed_day.slashed()
    );
    let csl = json!({
        "id": key,
        "type": "webpage",
        "title": title,
        "author": [{"literal": AUTHOR}],
        "container-title": ARCHIVE,
        "publisher": ARCHIVE,
        "genre": "Testimony",
        "version": s.version.to_string(),
        "issued": {"date-parts": [[year, month_number]]},
        "accessed": {"date-parts": [[ay, accessed_day.month().number(), ad]]},
        "URL": s.url,
        "note": note,
    });
    Citation {
        title: title.to_owned(),
        version: s.version,
        paragraph: s.paragraph,
        published: s.month.to_owned(),
        url: s.url.to_owned(),
        apa,
        harvard,
        vancouver,
        mla,
        bibtex,
        ris,
        csl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(story_id: &StoryId, paragraph: Option<u32>) -> Source<'_> {
        Source {
            story_id,
            title: "The {night} ward",
            version: 2,
            month: "2026-11",
            paragraph,
            url: "https://chorus.example/stories/k3mv9xq2dr/v/2",
            accessed: Day::parse("2026-12-03").unwrap(),
        }
    }

    #[test]
    fn every_format_names_the_anonymous_author_title_version_and_address() {
        let id = StoryId::parse("k3mv9xq2dr").unwrap();
        let c = citation(&source(&id, None));
        for text in [&c.apa, &c.harvard, &c.vancouver, &c.mla, &c.bibtex, &c.ris] {
            assert!(text.contains(AUTHOR), "{text}");
            assert!(text.contains("ward"), "{text}");
            assert!(
                text.contains("https://chorus.example/stories/k3mv9xq2dr/v/2"),
                "{text}"
            );
        }
        assert!(c
            .apa
            .starts_with("Anonymous contributor. (2026, November)."));
        assert!(
            c.bibtex.contains("title = {The night ward}"),
            "braces cannot break BibTeX"
        );
        assert!(c.ris.starts_with("TY  - ELEC\r\n") && c.ris.ends_with("ER  - \r\n"));
        assert_eq!(c.csl["issued"]["date-parts"][0][1], 11);
        assert_eq!(c.csl["accessed"]["date-parts"][0][2], 3);
    }

    #[test]
    fn a_paragraph_citation_says_which_paragraph() {
        let id = StoryId::parse("k3mv9xq2dr").unwrap();
        let c = citation(&source(&id, Some(4)));
        assert!(c.apa.contains("para. 4"));
        assert!(c.mla.contains("par. 4"));
        assert!(c.mla.contains("Nov. 2026,"), "{}", c.mla);
        assert!(c.bibtex.starts_with("@misc{chorus_k3mv9xq2dr_v2_p4,"));
        assert!(c.ris.contains("paragraph 4"));
    }
}
