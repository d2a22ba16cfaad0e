//! The formats reference managers import: BibTeX for biblatex (`@online`, only fields of that
//! entry type in biblatex's data model), RIS (`ELEC`, a web page) and CSL-JSON (`webpage`, the
//! site name as `container-title` and no publisher, so APA prints "Chorus." once).

use serde_json::json;

use super::{Parts, ARCHIVE, AUTHOR, GENRE};

/// Text for a BibTeX field in braces: LaTeX's special characters escaped, braces dropped (a
/// stray one would end the field), and lines joined.
fn latex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' => {}
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The month macros BibTeX and biber both define (`month = nov`, not `{nov}`, which prints
/// "nov" literally).
const MONTH_MACROS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// biblatex `@online`. Every field is in that entry type's data model: `author`, `title`,
/// `organization` (the site), `version`, `year`, `month`, `url`, `urldate`, `note`.
/// (`publisher` and `howpublished` are not, and biber drops or warns about them.)
pub(super) fn bibtex(p: &Parts<'_>) -> String {
    let month = MONTH_MACROS[usize::from(p.month.number().clamp(1, 12) - 1)];
    let note =
        p.s.paragraph
            .map(|n| format!("  note = {{{GENRE}, paragraph {n}}},\n"))
            .unwrap_or_else(|| format!("  note = {{{GENRE}}},\n"));
    format!(
        "@online{{{key},\n  author = {{{AUTHOR}}},\n  title = {{{title}}},\n  organization = {{{ARCHIVE}}},\n  version = {{{version}}},\n  year = {year},\n  month = {month},\n{note}  url = {{{url}}},\n  urldate = {{{accessed}}}\n}}\n",
        key = p.key,
        title = latex(&p.title),
        version = p.s.version,
        year = p.month.year(),
        url = p.s.url,
        accessed = p.s.accessed,
    )
}

/// One RIS line's value: RIS records are line-based, so line breaks become spaces.
fn ris_value(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// RIS, type `ELEC` (web page): `T2` is the website's name; dates as `YYYY/MM/DD/`.
pub(super) fn ris(p: &Parts<'_>) -> String {
    let a = p.s.accessed;
    let note = match p.s.paragraph {
        Some(n) => format!("Version {}, paragraph {n}", p.s.version),
        None => format!("Version {}", p.s.version),
    };
    let lines = [
        ("TY", "ELEC".to_owned()),
        ("AU", AUTHOR.to_owned()),
        ("TI", ris_value(&p.title)),
        ("T2", ARCHIVE.to_owned()),
        ("PY", p.month.year().to_string()),
        (
            "DA",
            format!("{}/{:02}//", p.month.year(), p.month.number()),
        ),
        ("M3", GENRE.to_owned()),
        ("N1", note),
        ("UR", ris_value(p.s.url)),
        (
            "Y2",
            format!(
                "{}/{:02}/{:02}/",
                a.month().year(),
                a.month().number(),
                a.day()
            ),
        ),
    ];
    let mut out = String::new();
    for (tag, value) in lines {
        out.push_str(&format!("{tag}  - {value}\r\n"));
    }
    out.push_str("ER  - \r\n");
    out
}

/// CSL-JSON, one `webpage` item, valid against the CSL data schema.
pub(super) fn csl(p: &Parts<'_>) -> serde_json::Value {
    let a = p.s.accessed;
    let mut item = json!({
        "id": p.key,
        "type": "webpage",
        "title": p.title,
        "author": [{"literal": AUTHOR}],
        "container-title": ARCHIVE,
        "genre": GENRE,
        "version": p.s.version.to_string(),
        "issued": {"date-parts": [[p.month.year(), p.month.number()]]},
        "accessed": {"date-parts": [[a.month().year(), a.month().number(), a.day()]]},
        "URL": p.s.url,
    });
    if let Some(n) = p.s.paragraph {
        item["note"] = json!(format!("Paragraph {n}"));
    }
    item
}
