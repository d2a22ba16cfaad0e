//! Citation data for a story version: the object the API returns and the formats pages offer.
//! Pure: it formats what it is given.

use serde::Serialize;

/// What a citation needs.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// Story title.
    pub title: String,
    /// Version cited.
    pub version: i64,
    /// Month published, `YYYY-MM`.
    pub published: String,
    /// Permanent address of this version.
    pub url: String,
    /// APA 7 reference.
    pub apa: String,
    /// BibTeX entry.
    pub bibtex: String,
}

/// Builds the citation for a version at `url`.
pub fn citation(title: &str, story_id: &str, version: i64, month: &str, url: &str) -> Citation {
    let (year, month_name) = year_and_month(month);
    let apa = format!(
        "Anonymous contributor. ({year}, {month_name}). {title} (Version {version}) [Testimony]. Chorus. {url}"
    );
    let bibtex = format!(
        "@misc{{chorus_{story_id}_v{version},\n  author = {{{{Anonymous contributor}}}},\n  title = {{{}}},\n  year = {{{year}}},\n  month = {{{}}},\n  howpublished = {{Chorus archive of lived experience, version {version}}},\n  url = {{{url}}}\n}}\n",
        bibtex_escape(title),
        month_name.to_lowercase().get(..3).unwrap_or("jan"),
    );
    Citation {
        title: title.to_owned(),
        version,
        published: month.to_owned(),
        url: url.to_owned(),
        apa,
        bibtex,
    }
}

fn bibtex_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\\'))
        .collect()
}

/// `2026-11` → (`2026`, `November`).
pub fn year_and_month(month: &str) -> (String, &'static str) {
    const NAMES: [&str; 12] = [
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
    // Accepts `YYYY-MM` and `YYYY-MM-DD`; the day, if any, is never shown.
    let mut parts = month.split('-');
    let y = parts.next().unwrap_or(month);
    let m = parts.next().unwrap_or("1");
    let idx = m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    (y.to_owned(), NAMES[idx])
}

/// `2026-11` (or `2026-11-22`) → `November 2026`.
pub fn month_label(month: &str) -> String {
    let (y, m) = year_and_month(month);
    format!("{m} {y}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_never_show_the_day() {
        assert_eq!(month_label("2026-11"), "November 2026");
        assert_eq!(month_label("2026-03-22"), "March 2026");
    }
}
