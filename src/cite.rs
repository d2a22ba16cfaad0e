//! Citations of a story, a version or a single paragraph: APA 7, Harvard, Vancouver, MLA,
//! BibTeX, RIS and CSL-JSON. Pure: it formats what it is given. Authors are always anonymous.

use serde::Serialize;
use serde_json::json;

/// The author line of every citation: testimony is anonymous.
pub const AUTHOR: &str = "Anonymous contributor";
/// The publisher / container.
pub const ARCHIVE: &str = "Chorus";

/// What is being cited.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// Story id.
    pub story_id: &'a str,
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
    /// The day the reader accessed it, `YYYY-MM-DD` (the reader's date, not the author's).
    pub accessed: &'a str,
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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-11` (or `2026-11-22`) → (`2026`, `November`).
pub fn year_and_month(month: &str) -> (String, &'static str) {
    // The day, if any, is never shown.
    let mut parts = month.split('-');
    let y = parts.next().unwrap_or(month);
    let m = parts.next().unwrap_or("1");
    let idx = m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    (y.to_owned(), MONTHS[idx])
}

/// `2026-11` (or `2026-11-22`) → `November 2026`.
pub fn month_label(month: &str) -> String {
    let (y, m) = year_and_month(month);
    format!("{m} {y}")
}

fn day_label(day: &str) -> String {
    let (y, m) = year_and_month(day);
    let d: u32 = day
        .split('-')
        .nth(2)
        .and_then(|d| d.parse().ok())
        .unwrap_or(1);
    format!("{d} {m} {y}")
}

fn braces_stripped(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\\'))
        .collect()
}

/// Builds every format for `s`.
pub fn citation(s: &Source<'_>) -> Citation {
    let (year, month_name) = year_and_month(s.month);
    let month_number = s
        .month
        .get(5..7)
        .and_then(|m| m.parse::<u32>().ok())
        .unwrap_or(1);
    let short_month = &month_name[..3];
    let title = s.title.trim();
    let para = s
        .paragraph
        .map(|p| format!(", para. {p}"))
        .unwrap_or_default();
    let accessed = day_label(s.accessed);
    let apa = format!(
        "{AUTHOR}. ({year}, {month_name}). {title} (Version {}{para}) [Testimony]. {ARCHIVE}. {}",
        s.version, s.url
    );
    let harvard = format!(
        "{AUTHOR} ({year}) {title}, version {}{para} [Testimony]. {ARCHIVE}. Available at: {} (Accessed: {accessed}).",
        s.version, s.url
    );
    let (ay, am) = year_and_month(s.accessed);
    let ad: u32 = s
        .accessed
        .split('-')
        .nth(2)
        .and_then(|d| d.parse().ok())
        .unwrap_or(1);
    let vancouver = format!(
        "{AUTHOR}. {title} [Internet]. Version {}{para}. {ARCHIVE}; {year} {short_month} [cited {ay} {} {ad}]. Available from: {}",
        s.version,
        &am[..3],
        s.url
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
        s.accessed,
        s.url
    );
    let ris = format!(
        "TY  - ELEC\r\nAU  - {AUTHOR}\r\nTI  - {}\r\nPY  - {year}\r\nDA  - {year}/{month_number:02}\r\nPB  - {ARCHIVE}\r\nET  - Version {}\r\nN1  - {note}\r\nUR  - {}\r\nY2  - {}\r\nER  - \r\n",
        title.replace(['\r', '\n'], " "),
        s.version,
        s.url,
        s.accessed.replace('-', "/")
    );
    let accessed_parts: Vec<u32> = s
        .accessed
        .split('-')
        .filter_map(|p| p.parse().ok())
        .collect();
    let csl = json!({
        "id": key,
        "type": "webpage",
        "title": title,
        "author": [{"literal": AUTHOR}],
        "container-title": ARCHIVE,
        "publisher": ARCHIVE,
        "genre": "Testimony",
        "version": s.version.to_string(),
        "issued": {"date-parts": [[year.parse::<i64>().unwrap_or(0), month_number]]},
        "accessed": {"date-parts": [accessed_parts]},
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

    fn source(paragraph: Option<u32>) -> Source<'static> {
        Source {
            story_id: "k3mv9xq2dr",
            title: "The {night} ward",
            version: 2,
            month: "2026-11",
            paragraph,
            url: "https://chorus.example/stories/k3mv9xq2dr/v/2",
            accessed: "2026-12-03",
        }
    }

    #[test]
    fn month_labels_never_show_the_day() {
        assert_eq!(month_label("2026-11"), "November 2026");
        assert_eq!(month_label("2026-03-22"), "March 2026");
    }

    #[test]
    fn every_format_names_the_anonymous_author_title_version_and_address() {
        let c = citation(&source(None));
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
        let c = citation(&source(Some(4)));
        assert!(c.apa.contains("para. 4"));
        assert!(c.mla.contains("par. 4"));
        assert!(c.mla.contains("Nov. 2026,"), "{}", c.mla);
        assert!(c.bibtex.starts_with("@misc{chorus_k3mv9xq2dr_v2_p4,"));
        assert!(c.ris.contains("paragraph 4"));
    }
}
