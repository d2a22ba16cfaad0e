//! The contributor's preview: the draft rendered exactly as it would be published, with each
//! possible identifier marked in place, one-click replacements, and the safeguarding check.
//! Nothing is stored. Every offset refers to the cleaned text, the only text that is rendered.

use super::{
    clean_text, clean_title, title_too_long, Archive, ArchiveError, Result, MAX_BODY_BYTES,
};
use crate::pii::{self, Finding};
use crate::{markdown, safeguarding};

/// Which identifiers to replace with neutral placeholders before previewing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Replace nothing.
    Nothing,
    /// Replace the n-th finding (numbered from 1, as the page shows them).
    One(usize),
    /// Replace the n-th finding in the title (numbered from 1; the form sends `t1`, `t2`, …).
    Title(usize),
    /// Replace every finding, in the title and the body.
    All,
}

impl Fix {
    /// Reads the form's `fix` value: empty, a finding number, or `all`. Anything else fixes
    /// nothing, as a stale page's button should not change the text.
    pub fn parse(value: &str) -> Self {
        match value.trim() {
            "all" => Fix::All,
            v if v.starts_with('t') => v[1..]
                .parse()
                .ok()
                .filter(|n| *n >= 1)
                .map_or(Fix::Nothing, Fix::Title),
            v => v
                .parse()
                .ok()
                .filter(|n| *n >= 1)
                .map_or(Fix::Nothing, Fix::One),
        }
    }
}

/// A rendered draft.
#[derive(Debug, Clone)]
pub struct DraftPreview {
    /// The text previewed: line breaks normalised and any replacements applied. The form is
    /// filled in again with this, so that offsets and text always agree.
    pub body: String,
    /// Sanitised HTML, as it would be published.
    pub html: String,
    /// The same HTML with each finding wrapped in `<mark id="finding-N">`.
    pub marked_html: String,
    /// Possible identifiers in the body, in order (byte offsets into `body`).
    pub findings: Vec<Finding>,
    /// The title previewed, cleaned as it would be stored.
    pub title: String,
    /// Possible identifiers in the title (byte offsets into `title`).
    pub title_findings: Vec<Finding>,
    /// The text suggests immediate risk.
    pub safeguarding: bool,
    /// Theme slugs the text suggests.
    pub suggested_themes: Vec<String>,
}

impl Archive {
    /// Previews a draft after applying `fix`. Refuses a body over the size limit and a title
    /// over the length limit, as sending them would.
    pub fn preview(&self, title: &str, body: &str, fix: Fix) -> Result<DraftPreview> {
        preview(title, body, fix)
    }
}

fn preview(title: &str, body: &str, fix: Fix) -> Result<DraftPreview> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ArchiveError::TooLarge(format!(
            "Your story is longer than {} KB, the most we can take. Please shorten it before sending.",
            MAX_BODY_BYTES / 1000
        )));
    }
    let mut title = clean_title(title);
    if let Some(refusal) = title_too_long(&title) {
        return Err(ArchiveError::Invalid(vec![refusal]));
    }
    let mut title_findings = pii::find_identifiers(&title);
    let chosen_in_title: Vec<Finding> = match fix {
        Fix::All => title_findings.clone(),
        Fix::Title(n) => title_findings.get(n - 1).cloned().into_iter().collect(),
        Fix::Nothing | Fix::One(_) => Vec::new(),
    };
    if !chosen_in_title.is_empty() {
        let fixed = pii::redact(&title, &chosen_in_title);
        // A placeholder longer than the name could push a title over the limit: then the
        // title is left for the contributor to shorten, and the finding stays listed.
        if title_too_long(&fixed).is_none() {
            title = fixed;
            title_findings = pii::find_identifiers(&title);
        }
    }
    let mut body = clean_text(body);
    let mut findings = pii::find_identifiers(&body);
    let chosen: Vec<Finding> = match fix {
        Fix::Nothing | Fix::Title(_) => Vec::new(),
        Fix::All => findings.clone(),
        Fix::One(n) => findings.get(n - 1).cloned().into_iter().collect(),
    };
    if !chosen.is_empty() {
        body = pii::redact(&body, &chosen);
        findings = pii::find_identifiers(&body);
    }
    Ok(DraftPreview {
        html: markdown::render(&body),
        marked_html: highlighted_html(&body, &findings),
        title_findings,
        safeguarding: safeguarding::is_urgent(&body) || safeguarding::is_urgent(&title),
        suggested_themes: crate::taxonomy::suggest_themes(&format!("{title}\n{body}")),
        title,
        findings,
        body,
    })
}

/// Marks each finding in the rendered text as `<mark id="finding-N">`, N being its place in
/// `findings` (offsets into `body`). Markers (Unicode noncharacters, which are reserved for a
/// program's internal use and which `clean_text` removes from every text) are placed around each
/// span in the Markdown, survive rendering and sanitising as text, and then become the marks.
/// A finding is marked only where the Markdown shows it exactly as written (not across markup,
/// an escape or a line break, nor inside a link's address), so that each mark covers exactly its
/// finding's text and the page around it renders as it would unmarked; the others are still
/// listed beside the preview.
pub fn highlighted_html(body: &str, findings: &[Finding]) -> String {
    const OPEN: char = '\u{FDD0}';
    const CLOSE: char = '\u{FDD1}';
    // Text stored before cleaning removed noncharacters may still hold the markers: it is
    // scanned again without them, so that they cannot be forged and the offsets still hold.
    let clean: String = body.chars().filter(|c| *c != OPEN && *c != CLOSE).collect();
    let findings = if clean.len() == body.len() {
        findings.to_vec()
    } else {
        pii::find_identifiers(&clean)
    };
    let runs = markdown::verbatim_text_ranges(&clean);
    let mut run = runs.iter().peekable();
    let mut marked = String::with_capacity(clean.len() + findings.len() * 8);
    // The finding number of each marker placed, in order.
    let mut numbers = Vec::new();
    let mut at = 0;
    for (i, f) in findings.iter().enumerate() {
        // Overlapping or out-of-range spans (never expected) are skipped rather than sliced.
        let in_bounds = f.start >= at
            && f.start < f.end
            && f.end <= clean.len()
            && clean.is_char_boundary(f.start)
            && clean.is_char_boundary(f.end);
        if !in_bounds {
            continue;
        }
        while run.next_if(|r| r.end <= f.start).is_some() {}
        let shown_as_written = run
            .peek()
            .is_some_and(|r| r.start <= f.start && f.end <= r.end)
            && markers_fit(&clean, f.start, f.end);
        if !shown_as_written {
            continue;
        }
        marked.push_str(&clean[at..f.start]);
        marked.push(OPEN);
        marked.push_str(&clean[f.start..f.end]);
        marked.push(CLOSE);
        numbers.push(i + 1);
        at = f.end;
    }
    marked.push_str(&clean[at..]);
    let rendered = markdown::render(&marked);
    let mut out = String::with_capacity(rendered.len() + numbers.len() * 48);
    let mut in_tag = false;
    let mut number = numbers.iter();
    let mut open = None;
    for c in rendered.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            OPEN if !in_tag => {
                open = number.next();
                if let Some(n) = open {
                    out.push_str(&format!("<mark id=\"finding-{n}\">"));
                }
            }
            CLOSE if !in_tag => {
                if let Some(n) = open.take() {
                    out.push_str(&format!("<sup class=\"finding-number\">{n}</sup></mark>"));
                }
            }
            OPEN | CLOSE => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether markers around `text[start..end]` leave the Markdown's meaning as it was. A marker
/// after a backslash would take the place of the character it escapes, and one beside `*`, `_`
/// or `~` can turn a run of them into emphasis (or stop it being one) where the character it
/// displaces was a space or punctuation. Nor may one follow the start of raw HTML.
fn markers_fit(text: &str, start: usize, end: usize) -> bool {
    let delimiter = |c: char| matches!(c, '*' | '_' | '~');
    let (Some(first), Some(last)) = (text[start..end].chars().next(), text[..end].chars().last())
    else {
        return false;
    };
    let before = text[..start].chars().last();
    let after = text[end..].chars().next();
    // After "<", "</" or "<!" a letter starts raw HTML (a tag or a declaration); a marker in
    // between would turn it into text and change how the lines around it render.
    let opens_html = ["<", "</", "<!", "<?"]
        .iter()
        .any(|o| text[..start].ends_with(o));
    !opens_html
        && before != Some('\\')
        && last != '\\'
        && !delimiter(first)
        && !delimiter(last)
        && (first.is_alphanumeric() || !before.is_some_and(delimiter))
        && (last.is_alphanumeric() || !after.is_some_and(delimiter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_drafts_are_marked_at_the_right_place() {
        let body = "First paragraph.\r\n\r\nRing me on 07700 900123 \u{2014} \u{201c}any time\u{201d}.\r\n";
        let p = preview("A title", body, Fix::Nothing).expect("preview");
        assert!(!p.body.contains('\r'));
        let phone = p
            .findings
            .iter()
            .find(|f| f.kind == pii::Kind::Phone)
            .expect("the phone number is found");
        assert_eq!(&p.body[phone.start..phone.end], phone.text);
        assert!(p
            .marked_html
            .contains("<mark id=\"finding-1\">07700 900123"));
    }

    #[test]
    fn one_click_replacement_changes_only_the_chosen_finding() {
        let body = "Call 07700 900123.\r\n\r\nOr write to someone@example.org.";
        let p = preview("", body, Fix::One(1)).expect("preview");
        assert!(!p.body.contains("07700 900123"));
        assert!(p.body.contains("someone@example.org"));
        assert!(p.body.starts_with("Call "));
    }

    #[test]
    fn bodies_over_the_limit_are_refused() {
        let body = "a".repeat(MAX_BODY_BYTES + 1);
        assert!(matches!(
            preview("", &body, Fix::Nothing),
            Err(ArchiveError::TooLarge(_))
        ));
    }

    #[test]
    fn fix_values_are_read_strictly() {
        assert_eq!(Fix::parse(""), Fix::Nothing);
        assert_eq!(Fix::parse("all"), Fix::All);
        assert_eq!(Fix::parse("3"), Fix::One(3));
        assert_eq!(Fix::parse("0"), Fix::Nothing);
        assert_eq!(Fix::parse("x"), Fix::Nothing);
        assert_eq!(Fix::parse("t2"), Fix::Title(2));
        assert_eq!(Fix::parse("t0"), Fix::Nothing);
        assert_eq!(Fix::parse("t"), Fix::Nothing);
    }

    #[test]
    fn a_finding_just_after_the_start_of_raw_html_is_listed_but_not_marked() {
        // Found by the hostile preview test: a marker between "<!" and "St" stopped the line
        // being an HTML declaration, so the marked page rendered differently from the plain one.
        let p = preview("", "\u{a0}\u{85}<!St Mary's Hospital", Fix::Nothing).expect("preview");
        assert_eq!(p.findings.len(), 1);
        assert_eq!(p.marked_html, p.html);
    }

    #[test]
    fn the_title_is_checked_and_fixed_like_the_body() {
        let title = "What Dr Okafor did on Willow Ward";
        let p = preview(title, "Nothing here.", Fix::Nothing).expect("preview");
        let found: Vec<&str> = p.title_findings.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(found, ["Dr Okafor", "Willow Ward"]);
        let one = preview(title, "Nothing here.", Fix::Title(2)).expect("preview");
        assert_eq!(one.title, "What Dr Okafor did on [place removed]");
        assert_eq!(one.title_findings.len(), 1);
        let all = preview(title, "Ring 07700 900123.", Fix::All).expect("preview");
        assert_eq!(all.title, "What [name removed] did on [place removed]");
        assert!(all.title_findings.is_empty() && all.findings.is_empty());
        // Fixing a body finding leaves the title as written.
        let body_only = preview(title, "Ring 07700 900123.", Fix::One(1)).expect("preview");
        assert_eq!(body_only.title, title);
    }
}
