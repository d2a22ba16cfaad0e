//! What a story page tells machines about itself: schema.org JSON-LD (a `CreativeWork` that is
//! part of the Chorus website), written so that it is safe inside a `<script>` element.

use serde_json::json;

use super::{ARCHIVE, AUTHOR, GENRE};

/// A published version, as the JSON-LD describes it.
#[derive(Debug, Clone)]
pub struct Work<'a> {
    /// Title.
    pub title: &'a str,
    /// Permanent address of the version.
    pub url: &'a str,
    /// The site's own address (the `WebSite` it is part of).
    pub site_url: &'a str,
    /// Version number.
    pub version: i64,
    /// Month the version was published, `YYYY-MM`.
    pub published: &'a str,
    /// Month the story was first published, `YYYY-MM`.
    pub first_published: &'a str,
    /// Licence code, e.g. `CC-BY-NC-ND-4.0`.
    pub licence: &'a str,
    /// Theme names.
    pub themes: &'a [String],
    /// SHA-256 of the version's title and body.
    pub sha256: &'a str,
}

/// The Creative Commons deed for a licence code (`CC-BY-NC-ND-4.0` →
/// `https://creativecommons.org/licenses/by-nc-nd/4.0/`); `None` for anything else.
pub fn licence_url(code: &str) -> Option<String> {
    let rest = code.strip_prefix("CC-")?;
    let (terms, version) = rest.rsplit_once('-')?;
    let known = ["BY", "NC", "ND", "SA"];
    let valid = !terms.is_empty()
        && terms.split('-').all(|t| known.contains(&t))
        && version
            .split('.')
            .all(|n| n.bytes().all(|b| b.is_ascii_digit()));
    valid.then(|| {
        format!(
            "https://creativecommons.org/licenses/{}/{version}/",
            terms.to_lowercase()
        )
    })
}

/// schema.org JSON-LD for a story version, ready to place inside
/// `<script type="application/ld+json">` (see [`script_safe_json`]).
pub fn json_ld(w: &Work<'_>) -> String {
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": w.title,
        "headline": w.title,
        "author": {"@type": "Person", "name": AUTHOR},
        "genre": GENRE,
        "version": w.version.to_string(),
        "datePublished": w.first_published,
        "dateModified": w.published,
        "url": w.url,
        "isPartOf": {"@type": "WebSite", "name": ARCHIVE, "url": w.site_url},
        "identifier": {"@type": "PropertyValue", "propertyID": "SHA-256", "value": w.sha256},
        "isAccessibleForFree": true,
    });
    if !w.themes.is_empty() {
        doc["keywords"] = json!(w.themes);
    }
    doc["license"] = match licence_url(w.licence) {
        Some(url) => json!(url),
        None => json!(w.licence),
    };
    script_safe_json(&doc)
}

/// JSON that cannot end or confuse the `<script>` element holding it: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e`, `\u0026` (so no `</script>` or `<!--` can appear), and U+2028
/// and U+2029 as escapes too (JavaScript once treated them as line ends). Still the same JSON.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}
