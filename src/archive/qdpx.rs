//! The REFI-QDA project exchange file (`.qdpx`) that QualCoder, NVivo, ATLAS.ti and MAXQDA
//! import: a ZIP holding `project.qde` (XML in the `urn:QDA-XML:project:1.0` namespace, elements
//! in the order the 2019 Project schema's sequences require) and each story as a plain-text
//! file under `sources/`, referred to as `internal://…`.
//!
//! What maps to what:
//! - the taxonomy is the codebook: a code per theme, nested by its facet path; path segments
//!   that are not themes themselves ("chime", "services") become codes that cannot be coded;
//! - each story is a text source (its title, a blank line, then its text without Markdown), with
//!   one selection over the whole text carrying a coding for each theme moderators assigned
//!   (themes are assigned to a story as a whole, so that is the honest extent);
//! - each story is also a case, holding the variables role, setting, period, first hand and
//!   published month, and referring to its source.
//!
//! Identifiers are UUID-shaped and derived from what they stand for (the story id, the theme
//! slug), so two exports of the same stories agree and can be merged. Positions count Unicode
//! characters, as the standard's plain-text positions do.

use std::collections::BTreeSet;
use std::io::Write;

use sha2::{Digest, Sha256};

use super::xml::escape;
use crate::markdown;
use crate::store::StoryVersion;
use crate::taxonomy::{taxonomy, Taxonomy};

/// The text a story's source file holds.
pub(super) fn source_text(v: &StoryVersion) -> String {
    format!("{}\n\n{}\n", v.title, markdown::plain_text(&v.body))
}

/// A UUID-shaped identifier for `what`, stable across exports.
fn guid(what: &str) -> String {
    let h = Sha256::digest(format!("chorus-qdpx:{what}").as_bytes());
    let hex: String = h.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The variables every case carries: (name, type).
const VARIABLES: &[(&str, &str)] = &[
    ("role", "Text"),
    ("setting", "Text"),
    ("period", "Text"),
    ("first hand", "Boolean"),
    ("published", "Text"),
];

/// The codebook: themes nested by facet path.
fn codebook(t: &Taxonomy, out: &mut String) {
    // Every path prefix, in order, so parents come before children.
    let mut paths = BTreeSet::new();
    for theme in &t.themes {
        let mut prefix = String::new();
        for segment in theme.path.split('/').filter(|s| !s.is_empty()) {
            prefix.push('/');
            prefix.push_str(segment);
            paths.insert(prefix.clone());
        }
    }
    fn write(t: &Taxonomy, paths: &BTreeSet<String>, path: &str, out: &mut String) {
        let theme = t.themes.iter().find(|th| th.path == path);
        let segment = path.rsplit('/').next().unwrap_or(path);
        let name = theme.map_or_else(|| group_name(segment), |th| th.name.clone());
        out.push_str(&format!(
            "<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\">",
            guid(&format!("code:{path}")),
            escape(&name),
            theme.is_some()
        ));
        if let Some(th) = theme {
            out.push_str(&format!(
                "<Description>{} (Chorus theme `{}`)</Description>",
                escape(&th.description),
                escape(&th.slug)
            ));
        }
        let depth = path.matches('/').count();
        for child in paths
            .iter()
            .filter(|p| p.starts_with(&format!("{path}/")) && p.matches('/').count() == depth + 1)
        {
            write(t, paths, child, out);
        }
        out.push_str("</Code>");
    }
    out.push_str("<CodeBook><Codes>");
    for top in paths.iter().filter(|p| p.matches('/').count() == 1) {
        write(t, &paths, top, out);
    }
    out.push_str("</Codes></CodeBook>");
}

/// A group of themes that is not a theme itself, named from its path segment.
fn group_name(segment: &str) -> String {
    match segment {
        "chime" => "Recovery (CHIME)".to_owned(),
        "services" => "Services".to_owned(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

fn code_guid(t: &Taxonomy, slug: &str) -> Option<String> {
    t.themes
        .iter()
        .find(|th| th.slug == slug)
        .map(|th| guid(&format!("code:{}", th.path)))
}

fn text_value(variable: &str, value: &str) -> String {
    format!(
        "<VariableValue><VariableRef targetGUID=\"{}\"/><TextValue>{}</TextValue></VariableValue>",
        guid(&format!("variable:{variable}")),
        escape(value)
    )
}

/// `project.qde` for these stories.
pub(super) fn project_xml(stories: &[StoryVersion], base_url: &str, created: &str) -> String {
    let t = taxonomy();
    let user = guid("user:chorus");
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"Chorus export\" origin=\"Chorus ({})\" creatingUserGUID=\"{user}\" creationDateTime=\"{created}\">",
        escape(base_url)
    ));
    x.push_str(&format!(
        "<Users><User guid=\"{user}\" name=\"Chorus\"/></Users>"
    ));
    codebook(t, &mut x);
    x.push_str("<Variables>");
    for (name, kind) in VARIABLES {
        x.push_str(&format!(
            "<Variable guid=\"{}\" name=\"{name}\" typeOfVariable=\"{kind}\"/>",
            guid(&format!("variable:{name}"))
        ));
    }
    x.push_str("</Variables>");
    if !stories.is_empty() {
        x.push_str("<Cases>");
        for v in stories {
            x.push_str(&format!(
                "<Case guid=\"{}\" name=\"{}\"><Description>{}</Description>",
                guid(&format!("case:{}", v.story_id)),
                escape(&v.story_id.to_string()),
                escape(&format!(
                    "{base_url}/stories/{}/v/{}",
                    v.story_id, v.version
                ))
            ));
            x.push_str(&text_value("role", &v.roles.join("; ")));
            x.push_str(&text_value("setting", &v.settings.join("; ")));
            x.push_str(&text_value("period", v.period.as_deref().unwrap_or("")));
            x.push_str(&format!(
                "<VariableValue><VariableRef targetGUID=\"{}\"/><BooleanValue>{}</BooleanValue></VariableValue>",
                guid("variable:first hand"),
                v.first_hand
            ));
            x.push_str(&text_value("published", &v.published_month));
            x.push_str(&format!(
                "<SourceRef targetGUID=\"{}\"/></Case>",
                guid(&format!("source:{}", v.story_id))
            ));
        }
        x.push_str("</Cases><Sources>");
        for v in stories {
            let source = guid(&format!("source:{}", v.story_id));
            let length = source_text(v).chars().count();
            x.push_str(&format!(
                "<TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source}.txt\" creatingUser=\"{user}\">",
                escape(&v.title)
            ));
            x.push_str(&format!(
                "<Description>{}</Description>",
                escape(&format!(
                    "Chorus story {} version {} ({}), licence {}, SHA-256 {}",
                    v.story_id, v.version, v.published_month, v.licence, v.content_sha256
                ))
            ));
            let codes: Vec<String> = v.themes.iter().filter_map(|s| code_guid(t, s)).collect();
            if !codes.is_empty() {
                x.push_str(&format!(
                    "<PlainTextSelection guid=\"{}\" name=\"Themes assigned by moderators\" startPosition=\"0\" endPosition=\"{length}\" creatingUser=\"{user}\">",
                    guid(&format!("selection:{}", v.story_id))
                ));
                for (code, slug) in codes.iter().zip(&v.themes) {
                    x.push_str(&format!(
                        "<Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{code}\"/></Coding>",
                        guid(&format!("coding:{}:{slug}", v.story_id))
                    ));
                }
                x.push_str("</PlainTextSelection>");
            }
            x.push_str("</TextSource>");
        }
        x.push_str("</Sources>");
    }
    x.push_str("<Description>Published testimony from Chorus whose authors consented to research use. Every account is anonymous; cite each by its address.</Description>");
    x.push_str("</Project>\n");
    x
}

/// The `.qdpx` file: `project.qde` and a plain-text file per story.
pub(super) fn package(stories: &[StoryVersion], base_url: &str, created: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    // Writing into memory cannot fail for want of space or permission; an error here would be
    // a bug in the ZIP writer, so it is reported as such rather than handled.
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(bytes).map_err(Into::into))
            .expect("writing a ZIP into memory");
    };
    add(
        "project.qde",
        project_xml(stories, base_url, created).as_bytes(),
    );
    for v in stories {
        let source = guid(&format!("source:{}", v.story_id));
        add(&format!("sources/{source}.txt"), source_text(v).as_bytes());
    }
    zip.finish()
        .expect("finishing a ZIP in memory")
        .into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_and_shaped_like_uuids() {
        let a = guid("case:abc");
        assert_eq!(a, guid("case:abc"));
        assert_ne!(a, guid("case:abd"));
        let shape =
            regex::Regex::new(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
                .unwrap();
        assert!(shape.is_match(&a), "{a}");
    }

    #[test]
    fn text_that_xml_cannot_hold_is_escaped_or_dropped() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}'"),
            "a&lt;b &amp; &quot;c&quot;&apos;"
        );
    }

    #[test]
    fn every_theme_is_a_codable_code_and_groups_are_not() {
        let mut x = String::new();
        codebook(taxonomy(), &mut x);
        for th in &taxonomy().themes {
            assert!(
                x.contains(&format!(
                    "guid=\"{}\" name=\"{}\" isCodable=\"true\"",
                    guid(&format!("code:{}", th.path)),
                    escape(&th.name)
                )),
                "{}",
                th.slug
            );
        }
        assert!(x.contains("name=\"Services\" isCodable=\"false\""));
    }
}
