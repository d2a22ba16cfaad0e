//! The prose styles, each by its own manual: APA 7, Harvard (Cite Them Right), Vancouver (NLM's
//! Citing Medicine), MLA 9 and Chicago 17 (notes and bibliography), for a page of a website.

use super::{Parts, ARCHIVE, AUTHOR, GENRE};

/// Text with italic runs, written out plain or as escaped HTML.
pub(super) struct Styled(Vec<(bool, String)>);

impl Styled {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn text(mut self, s: impl Into<String>) -> Self {
        self.0.push((false, s.into()));
        self
    }

    fn italic(mut self, s: impl Into<String>) -> Self {
        self.0.push((true, s.into()));
        self
    }

    pub(super) fn plain(&self) -> String {
        self.0.iter().map(|(_, s)| s.as_str()).collect()
    }

    pub(super) fn html(&self) -> String {
        self.0
            .iter()
            .map(|(italic, s)| {
                if *italic {
                    format!("<i>{}</i>", escape(s))
                } else {
                    escape(s)
                }
            })
            .collect()
    }
}

/// Escapes text for HTML (element content and quoted attributes).
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a title already ends with its own closing punctuation.
fn ends_closed(title: &str) -> bool {
    title.ends_with(['.', '?', '!'])
}

/// `title` followed by `mark`, unless the title already ends a sentence.
fn closed(title: &str, mark: char) -> String {
    if ends_closed(title) {
        title.to_owned()
    } else {
        format!("{title}{mark}")
    }
}

/// A title inside double quotation marks (MLA, Chicago): its own double quotes become single.
fn quoted(title: &str, mark: char) -> String {
    let inner = title.replace('“', "‘").replace('”', "’").replace('"', "'");
    format!("“{}”", closed(&inner, mark))
}

/// Words MLA and Chicago leave in lower case inside a title (articles, coordinating
/// conjunctions, short prepositions, and `to`), unless first or last.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "off", "on", "per", "to", "up", "via", "vs",
];

/// Headline-style capitalisation (MLA 9, Chicago 8.159): the first letter of each word up, minor
/// words down unless first or last or after a colon. Letters already in capitals stay (NHS,
/// A&E); nothing else is lowered, so names and acronyms survive.
pub(super) fn headline_case(title: &str) -> String {
    let words: Vec<&str> = title.split(' ').collect();
    let last = words.len().saturating_sub(1);
    let mut after_colon = false;
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let bare: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let minor = MINOR_WORDS.contains(&bare.as_str()) && i != 0 && i != last && !after_colon;
        let lowered = word.chars().all(|c| !c.is_uppercase());
        out.push(if minor && lowered {
            (*word).to_owned()
        } else {
            capitalise_first_letter(word)
        });
        after_colon = word.ends_with(':');
    }
    out.join(" ")
}

fn capitalise_first_letter(word: &str) -> String {
    let mut done = false;
    word.chars()
        .flat_map(|c| {
            if !done && c.is_alphabetic() {
                done = true;
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// MLA 9's month abbreviations (months of four letters or fewer are written in full).
fn mla_month(number: u8) -> &'static str {
    match number {
        1 => "Jan.",
        2 => "Feb.",
        3 => "Mar.",
        4 => "Apr.",
        5 => "May",
        6 => "June",
        7 => "July",
        8 => "Aug.",
        9 => "Sept.",
        10 => "Oct.",
        11 => "Nov.",
        _ => "Dec.",
    }
}

/// APA 7, a page on a website: Author. (Year, Month). *Title* [Description]. Site name. URL.
/// No retrieval date: the cited version never changes. The version is in the permanent
/// address, not the text: APA's own CSL style prints no version for a web page, and this is
/// kept identical to what Zotero or Pandoc print from the CSL-JSON (checked in the browser suite
/// with citeproc-js).
pub(super) fn apa(p: &Parts<'_>) -> Styled {
    Styled::new()
        .text(format!(
            "{AUTHOR}. ({}, {}). ",
            p.month.year(),
            p.month.name()
        ))
        .italic(p.title.clone())
        .text(format!(" [{GENRE}]. {ARCHIVE}. {}", p.s.url))
}

/// APA 7 (and Harvard) in-text: (Anonymous, 2026), or (Anonymous, 2026, para. 4).
pub(super) fn apa_in_text(p: &Parts<'_>) -> String {
    match p.s.paragraph {
        Some(n) => format!("({AUTHOR}, {}, para. {n})", p.month.year()),
        None => format!("({AUTHOR}, {})", p.month.year()),
    }
}

/// Harvard, Cite Them Right: Author (Year) *Title* (version n). Site. Available at: URL
/// (Accessed: day month year).
pub(super) fn harvard(p: &Parts<'_>) -> Styled {
    Styled::new()
        .text(format!("{AUTHOR} ({}) ", p.month.year()))
        .italic(p.title.clone())
        .text(format!(
            " (version {}). {ARCHIVE}. Available at: {} (Accessed: {}).",
            p.s.version,
            p.s.url,
            p.s.accessed.label()
        ))
}

/// Vancouver (Citing Medicine, a web document with no author): Title [Internet]. Version n.
/// [place unknown]: Publisher; year month [cited year month day]. Available from: URL
pub(super) fn vancouver(p: &Parts<'_>) -> String {
    let a = p.s.accessed;
    let paragraph =
        p.s.paragraph
            .map(|n| format!(" Paragraph {n}."))
            .unwrap_or_default();
    format!(
        "{} [Internet]. Version {}. [place unknown]: {ARCHIVE}; {} {} [cited {} {} {}].{paragraph} Available from: {}",
        p.title.trim_end_matches('.'),
        p.s.version,
        p.month.year(),
        p.month.short_name(),
        a.month().year(),
        a.month().short_name(),
        a.day(),
        p.s.url
    )
}

/// The address as MLA 9 prints it: without `http://` or `https://`.
fn mla_location(url: &str) -> &str {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url)
}

/// MLA 9, a page on a website with no author: “Title.” *Website*, version n, Mon. Year,
/// location. Accessed day Mon. year.
pub(super) fn mla(p: &Parts<'_>) -> Styled {
    let a = p.s.accessed;
    Styled::new()
        .text(format!("{} ", quoted(&headline_case(&p.title), '.')))
        .italic(ARCHIVE)
        .text(format!(
            ", version {}, {} {}, {}. Accessed {} {} {}.",
            p.s.version,
            mla_month(p.month.number()),
            p.month.year(),
            mla_location(p.s.url),
            a.day(),
            mla_month(a.month().number()),
            a.month().year()
        ))
}

/// MLA 9 in-text: the title stands for the missing author, with `par.` for a paragraph.
pub(super) fn mla_in_text(p: &Parts<'_>) -> String {
    // MLA puts the comma inside the closing quotation mark.
    let title = headline_case(&p.title);
    match p.s.paragraph {
        Some(n) => format!("(“{},” par. {n})", title.trim_end_matches(['.', ','])),
        None => format!("(“{title}”)"),
    }
}

/// Chicago 17 bibliography, website content with no author: “Title.” Website. Version n,
/// Month Year. URL.
pub(super) fn chicago(p: &Parts<'_>) -> String {
    format!(
        "{} {ARCHIVE}. Version {}, {} {}. {}.",
        quoted(&headline_case(&p.title), '.'),
        p.s.version,
        p.month.name(),
        p.month.year(),
        p.s.url
    )
}

/// Chicago 17 footnote: “Title,” Website, version n, Month Year, para. k, URL.
pub(super) fn chicago_note(p: &Parts<'_>) -> String {
    let paragraph =
        p.s.paragraph
            .map(|n| format!(", para. {n}"))
            .unwrap_or_default();
    format!(
        "{} {ARCHIVE}, version {}, {} {}{paragraph}, {}.",
        quoted(&headline_case(&p.title), ','),
        p.s.version,
        p.month.name(),
        p.month.year(),
        p.s.url
    )
}
