//! Every format read back by its own rules: the prose styles against their manuals' patterns,
//! BibTeX with a small parser and biblatex's `@online` data model, RIS with its tag list, and
//! CSL-JSON against the shapes of the CSL data schema.

use std::collections::BTreeMap;

use super::*;
use crate::dates::Day;

const URL: &str = "https://chorus.example/stories/k3mv9xq2dr/v/2";

fn cite(title: &str, paragraph: Option<u32>) -> Citation {
    let id = StoryId::parse("k3mv9xq2dr").unwrap();
    let url = match paragraph {
        Some(p) => format!("{URL}#p{p}"),
        None => URL.to_owned(),
    };
    citation(&Source {
        story_id: &id,
        title,
        version: 2,
        month: "2026-11",
        paragraph,
        url: &url,
        accessed: Day::parse("2026-12-03").unwrap(),
    })
}

#[test]
fn apa_names_the_author_anonymous_and_italicises_the_title() {
    let c = cite("The night ward", None);
    assert_eq!(
        c.apa,
        format!("Anonymous. (2026, November). The night ward [Testimony]. Chorus. {URL}")
    );
    assert_eq!(
        c.apa_html,
        format!("Anonymous. (2026, November). <i>The night ward</i> [Testimony]. Chorus. {URL}")
    );
    assert_eq!(c.apa_in_text, "(Anonymous, 2026)");
    assert_eq!(
        cite("The night ward", Some(4)).apa_in_text,
        "(Anonymous, 2026, para. 4)"
    );
}

#[test]
fn harvard_follows_cite_them_right_for_a_web_page() {
    let c = cite("The night ward", None);
    assert_eq!(
        c.harvard,
        format!("Anonymous (2026) The night ward (version 2). Chorus. Available at: {URL} (Accessed: 3 December 2026).")
    );
    assert!(c.harvard_html.contains("<i>The night ward</i>"));
}

#[test]
fn vancouver_starts_with_the_title_and_says_when_it_was_cited() {
    let c = cite("The night ward", None);
    assert_eq!(
        c.vancouver,
        format!("The night ward [Internet]. Version 2. [place unknown]: Chorus; 2026 Nov [cited 2026 Dec 3]. Available from: {URL}")
    );
    assert!(
        !c.vancouver.contains(AUTHOR),
        "Citing Medicine never uses 'Anonymous'"
    );
}

#[test]
fn mla_starts_with_the_title_in_headline_case_and_drops_the_scheme() {
    let c = cite("The night ward: a stay on the unit", Some(3));
    assert_eq!(
        c.mla,
        "“The Night Ward: A Stay on the Unit.” Chorus, version 2, Nov. 2026, chorus.example/stories/k3mv9xq2dr/v/2#p3. Accessed 3 Dec. 2026."
    );
    assert!(c.mla_html.contains("<i>Chorus</i>"));
    assert_eq!(
        c.mla_in_text,
        "(“The Night Ward: A Stay on the Unit,” par. 3)"
    );
    assert!(
        !c.mla.contains(AUTHOR),
        "MLA never lists an author as 'Anonymous'"
    );
}

#[test]
fn chicago_bibliography_and_note_start_with_the_title() {
    let c = cite("Was I heard?", Some(2));
    assert_eq!(
        c.chicago,
        format!("“Was I Heard?” Chorus. Version 2, November 2026. {URL}#p2.")
    );
    assert_eq!(
        c.chicago_note,
        format!("“Was I Heard?” Chorus, version 2, November 2026, para. 2, {URL}#p2.")
    );
}

#[test]
fn headline_case_keeps_acronyms_and_lowers_only_minor_words() {
    assert_eq!(
        styles::headline_case("sectioned in A&E at night"),
        "Sectioned in A&E at Night"
    );
    assert_eq!(
        styles::headline_case("what the NHS got right"),
        "What the NHS Got Right"
    );
    assert_eq!(styles::headline_case("the end of it"), "The End of It");
}

// ---- BibTeX --------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum BibValue {
    Braced(String),
    Bare(String),
}

/// A small BibTeX reader: one entry, `name = {balanced braces}` or `name = bare`.
fn parse_bibtex(text: &str) -> (String, String, Vec<(String, BibValue)>) {
    let text = text.trim();
    let rest = text.strip_prefix('@').expect("starts with @");
    let open = rest.find('{').expect("entry opens with {");
    let kind = rest[..open].to_lowercase();
    let body = rest[open + 1..]
        .strip_suffix('}')
        .expect("entry closes with }");
    let comma = body.find(',').expect("key ends with a comma");
    let key = body[..comma].trim().to_owned();
    let mut fields = Vec::new();
    let mut chars = body[comma + 1..].chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let value = if chars.peek() == Some(&'{') {
            chars.next();
            let mut depth = 1;
            let mut v = String::new();
            for c in chars.by_ref() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                v.push(c);
            }
            assert_eq!(depth, 0, "unbalanced braces in {name}");
            BibValue::Braced(v)
        } else {
            let v: String = chars
                .by_ref()
                .take_while(|c| *c != ',' && *c != '\n')
                .collect();
            BibValue::Bare(v.trim().to_owned())
        };
        fields.push((name.trim().to_lowercase(), value));
    }
    (kind, key, fields)
}

/// The fields biblatex's data model allows for `@online` (its manual, section 2.1.2 and the
/// default data model's constraints).
const ONLINE_FIELDS: &[&str] = &[
    "author",
    "editor",
    "title",
    "subtitle",
    "titleaddon",
    "date",
    "year",
    "month",
    "version",
    "note",
    "organization",
    "language",
    "addendum",
    "pubstate",
    "doi",
    "eprint",
    "eprintclass",
    "eprinttype",
    "url",
    "urldate",
    "eventdate",
    "origdate",
];

#[test]
fn bibtex_is_an_online_entry_with_only_data_model_fields_and_a_month_macro() {
    let c = cite("The night ward", Some(4));
    let (kind, key, fields) = parse_bibtex(&c.bibtex);
    assert_eq!(kind, "online");
    assert_eq!(key, "chorus_k3mv9xq2dr_v2_p4");
    let map: BTreeMap<_, _> = fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
    assert_eq!(map.len(), fields.len(), "no field twice");
    for (name, _) in &fields {
        assert!(
            ONLINE_FIELDS.contains(&name.as_str()),
            "{name} is not an @online field"
        );
    }
    assert_eq!(
        map["month"],
        &BibValue::Bare("nov".into()),
        "a macro, not {{nov}}"
    );
    assert_eq!(map["year"], &BibValue::Bare("2026".into()));
    assert_eq!(map["author"], &BibValue::Braced("Anonymous".into()));
    assert_eq!(map["organization"], &BibValue::Braced("Chorus".into()));
    assert_eq!(map["version"], &BibValue::Braced("2".into()));
    assert_eq!(map["url"], &BibValue::Braced(format!("{URL}#p4")));
    assert_eq!(map["urldate"], &BibValue::Braced("2026-12-03".into()));
    assert!(!map.contains_key("publisher") && !map.contains_key("howpublished"));
}

#[test]
fn a_hostile_title_cannot_break_the_bibtex_entry() {
    let c = cite("The {night} ward}} & 50% of $ #1_~^\\end\nnext", None);
    let (_, _, fields) = parse_bibtex(&c.bibtex);
    let title = fields.iter().find(|(k, _)| k == "title").unwrap();
    assert_eq!(
        title.1,
        BibValue::Braced(
            "The night ward \\& 50\\% of \\$ \\#1\\_\\textasciitilde{}\\textasciicircum{}\\textbackslash{}end next"
                .into()
        )
    );
    assert_eq!(fields.len(), 9, "every field still read: {fields:?}");
}

// ---- RIS -----------------------------------------------------------------------------------

/// RIS tags (the format's specification); a reader ignores or misfiles any other.
const RIS_TAGS: &[&str] = &[
    "TY", "AU", "A2", "A3", "A4", "AB", "AD", "AN", "C1", "C2", "C3", "CA", "CN", "CY", "DA", "DB",
    "DO", "DP", "ET", "J2", "KW", "L1", "L4", "LA", "LB", "M1", "M3", "N1", "NV", "OP", "PB", "PY",
    "RN", "SE", "SN", "SP", "ST", "T2", "T3", "TI", "TT", "UR", "VL", "Y2", "ER",
];

fn parse_ris(text: &str) -> Vec<(String, String)> {
    assert!(text.ends_with("\r\n"), "lines end with CR LF");
    text.trim_end_matches("\r\n")
        .split("\r\n")
        .map(|line| {
            assert!(!line.contains('\n'), "a bare line feed inside {line:?}");
            let (tag, value) = line.split_at(2);
            assert!(
                value.starts_with("  - ") || value == "  -" || value == "  - ",
                "{line:?}"
            );
            (tag.to_owned(), value.get(4..).unwrap_or("").to_owned())
        })
        .collect()
}

fn ris_date(value: &str) -> bool {
    // YYYY/MM/DD/other, each part but the year optional.
    let parts: Vec<&str> = value.split('/').collect();
    parts.len() == 4
        && parts[0].len() == 4
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && parts[1..3]
            .iter()
            .all(|p| p.is_empty() || (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())))
}

#[test]
fn ris_is_a_web_page_record_with_known_tags_and_ris_dates() {
    let c = cite("The night\r\nward", Some(4));
    let lines = parse_ris(&c.ris);
    assert_eq!(lines.first().unwrap(), &("TY".into(), "ELEC".into()));
    assert_eq!(lines.last().unwrap().0, "ER");
    for (tag, _) in &lines {
        assert!(RIS_TAGS.contains(&tag.as_str()), "unknown tag {tag}");
    }
    let get = |t: &str| lines.iter().find(|(k, _)| k == t).map(|(_, v)| v.as_str());
    assert_eq!(get("AU"), Some("Anonymous"));
    assert_eq!(get("TI"), Some("The night ward"), "lines joined");
    assert_eq!(get("T2"), Some("Chorus"));
    assert_eq!(
        get("PB"),
        None,
        "the site is the container, not also the publisher"
    );
    assert_eq!(get("DA"), Some("2026/11//"));
    assert_eq!(get("Y2"), Some("2026/12/03/"));
    assert!(ris_date(get("DA").unwrap()) && ris_date(get("Y2").unwrap()));
    assert_eq!(get("UR"), Some(format!("{URL}#p4").as_str()));
    assert_eq!(get("N1"), Some("Version 2, paragraph 4"));
}

// ---- CSL-JSON ------------------------------------------------------------------------------

/// The CSL data schema's item types (csl-data.json, CSL 1.0.2).
const CSL_TYPES: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];
const CSL_NAME_VARIABLES: &[&str] = &["author", "editor", "translator", "container-author"];
const CSL_DATE_VARIABLES: &[&str] = &["accessed", "issued", "original-date", "submitted"];
const CSL_STRING_VARIABLES: &[&str] = &[
    "title",
    "container-title",
    "publisher",
    "publisher-place",
    "genre",
    "version",
    "URL",
    "note",
    "medium",
    "language",
    "abstract",
    "DOI",
];

/// Checks an item against the schema's shapes: `id` and `type` required, names as objects of
/// name parts, dates as `date-parts` of one or two arrays of one to three numbers.
fn check_csl_item(item: &serde_json::Value) -> Result<(), String> {
    let obj = item.as_object().ok_or("an item is an object")?;
    let id = obj.get("id").ok_or("id is required")?;
    if !(id.is_string() || id.is_number()) {
        return Err("id is a string or number".into());
    }
    let ty = obj
        .get("type")
        .and_then(|t| t.as_str())
        .ok_or("type is required")?;
    if !CSL_TYPES.contains(&ty) {
        return Err(format!("unknown type {ty}"));
    }
    for (key, value) in obj {
        let key = key.as_str();
        if key == "id" || key == "type" {
            continue;
        } else if CSL_NAME_VARIABLES.contains(&key) {
            for name in value.as_array().ok_or(format!("{key} is an array"))? {
                let parts = name.as_object().ok_or("a name is an object")?;
                for (part, v) in parts {
                    let ok = [
                        "family",
                        "given",
                        "literal",
                        "suffix",
                        "dropping-particle",
                        "non-dropping-particle",
                    ]
                    .contains(&part.as_str());
                    if !ok || !v.is_string() {
                        return Err(format!("bad name part {part}"));
                    }
                }
            }
        } else if CSL_DATE_VARIABLES.contains(&key) {
            let parts = value["date-parts"]
                .as_array()
                .ok_or(format!("{key} has date-parts"))?;
            if parts.is_empty() || parts.len() > 2 {
                return Err(format!("{key}: one or two dates"));
            }
            for date in parts {
                let date = date.as_array().ok_or("a date is an array")?;
                if date.is_empty() || date.len() > 3 || !date.iter().all(|n| n.is_i64()) {
                    return Err(format!("{key}: one to three numbers"));
                }
            }
        } else if CSL_STRING_VARIABLES.contains(&key) {
            if !value.is_string() {
                return Err(format!("{key} is a string"));
            }
        } else {
            return Err(format!("{key} is not a CSL variable"));
        }
    }
    Ok(())
}

#[test]
fn csl_json_is_schema_valid_with_the_site_once() {
    let c = cite("The night ward", Some(4));
    check_csl_item(&c.csl).unwrap();
    assert_eq!(c.csl["type"], "webpage");
    assert_eq!(c.csl["container-title"], "Chorus");
    assert!(
        c.csl.get("publisher").is_none(),
        "publisher would print Chorus twice"
    );
    assert_eq!(c.csl["author"][0]["literal"], "Anonymous");
    assert_eq!(
        c.csl["issued"]["date-parts"][0],
        serde_json::json!([2026, 11])
    );
    assert_eq!(
        c.csl["accessed"]["date-parts"][0],
        serde_json::json!([2026, 12, 3])
    );
    assert_eq!(c.csl["version"], "2");
}

#[test]
fn the_schema_check_can_fail() {
    assert!(check_csl_item(&serde_json::json!({"type": "webpage"})).is_err());
    assert!(check_csl_item(&serde_json::json!({"id": "a", "type": "web page"})).is_err());
    assert!(check_csl_item(
        &serde_json::json!({"id": "a", "type": "webpage", "author": "Anonymous"})
    )
    .is_err());
    assert!(check_csl_item(
        &serde_json::json!({"id": "a", "type": "webpage", "issued": {"date-parts": [["2026-11"]]}})
    )
    .is_err());
}

/// APA 7's CSL style, for a `webpage`: author. (issued year, month). *title* [genre].
/// container-title. URL — where a publisher equal to the site would be printed again. (No CSL
/// processor crate is light enough to add for this one check; this follows the style's webpage
/// layout for the variables Chorus sets. The browser suite renders the served CSL-JSON with
/// citeproc-js and APA's own style file too.)
fn apa_from_csl(item: &serde_json::Value) -> String {
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
    let issued = &item["issued"]["date-parts"][0];
    let month = MONTHS[issued[1].as_u64().unwrap() as usize - 1];
    let publisher = item["publisher"]
        .as_str()
        .map(|p| format!(" {p}."))
        .unwrap_or_default();
    format!(
        "{}. ({}, {month}). {} [{}]. {}.{publisher} {}",
        item["author"][0]["literal"].as_str().unwrap(),
        issued[0],
        item["title"].as_str().unwrap(),
        item["genre"].as_str().unwrap(),
        item["container-title"].as_str().unwrap(),
        item["URL"].as_str().unwrap(),
    )
}

#[test]
fn csl_json_rendered_in_apa_matches_the_apa_on_the_page() {
    let c = cite("The night ward", None);
    assert_eq!(apa_from_csl(&c.csl), c.apa);
}

// ---- JSON-LD -------------------------------------------------------------------------------

fn work<'a>(title: &'a str, themes: &'a [String]) -> Work<'a> {
    Work {
        title,
        url: URL,
        site_url: "https://chorus.example",
        version: 2,
        published: "2026-11",
        first_published: "2026-10",
        licence: "CC-BY-NC-ND-4.0",
        themes,
        sha256: "ab12",
    }
}

#[test]
fn json_ld_describes_a_creative_work_that_is_part_of_the_site() {
    let themes = vec!["Hope and optimism".to_owned()];
    let v: serde_json::Value =
        serde_json::from_str(&json_ld(&work("The night ward", &themes))).unwrap();
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "CreativeWork");
    assert_eq!(v["isPartOf"]["@type"], "WebSite");
    assert_eq!(v["isPartOf"]["name"], "Chorus");
    assert_eq!(v["version"], "2");
    assert_eq!(
        v["license"],
        "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    );
    assert_eq!(v["datePublished"], "2026-10");
    assert_eq!(v["url"], URL);
    assert_eq!(v["author"]["name"], "Anonymous");
    assert_eq!(v["keywords"][0], "Hope and optimism");
}

#[test]
fn json_ld_cannot_close_its_script_element() {
    let title = "</script><script>alert(1)</script><!-- & \u{2028}\u{2029}";
    let text = json_ld(&work(title, &[]));
    for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!text.contains(bad), "{bad:?} left in {text}");
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["name"], title, "the same JSON once parsed");
}

#[test]
fn licence_codes_map_to_creative_commons_deeds() {
    assert_eq!(
        licence_url("CC-BY-4.0").as_deref(),
        Some("https://creativecommons.org/licenses/by/4.0/")
    );
    assert_eq!(licence_url("CC-XX-4.0"), None);
    assert_eq!(licence_url("All rights reserved"), None);
}
