//! Research exports read back the way the software receiving them reads them: the REFI-QDA
//! project (unzipped, its XML parsed, every reference followed), and the corpus snapshot (its
//! manifest's counts and checksums recomputed).

use std::collections::{HashMap, HashSet};
use std::io::Read;

use axum::http::StatusCode;
use quick_xml::events::Event;
use sha2::{Digest, Sha256};

use crate::support::TestApp;

fn demo() -> TestApp {
    let app = TestApp::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stories");
    let tally = app.archive.import_dir(&dir, true, |_| {}).unwrap();
    assert!(tally.imported >= 24);
    app
}

/// What a `project.qde` holds, as far as the references between its parts go.
#[derive(Default, Debug)]
struct Project {
    root_namespace: String,
    top_level: Vec<String>,
    codes: HashMap<String, bool>,
    variables: HashSet<String>,
    sources: HashMap<String, (String, String)>,
    /// (source guid, start, end, codes coded there)
    selections: Vec<(String, usize, usize, Vec<String>)>,
    case_sources: Vec<String>,
    variable_refs: Vec<String>,
    guids: Vec<String>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap()
                .into_owned()
        })
}

fn parse(xml: &str) -> Project {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut p = Project::default();
    let mut depth = 0;
    let mut source = String::new();
    let mut open: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().expect("project.qde is well-formed XML");
        let (e, empty) = match &event {
            Event::Start(e) => (e.clone(), false),
            Event::Empty(e) => (e.clone(), true),
            Event::End(_) => {
                depth -= 1;
                open.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.local_name().as_ref().to_owned();
        if depth == 0 {
            assert_eq!(name, "Project");
            p.root_namespace = attr(&e, "xmlns").unwrap_or_default();
            assert!(attr(&e, "name").is_some(), "a project has a name");
        }
        if depth == 1 {
            p.top_level.push(name.clone());
        }
        if let Some(g) = attr(&e, "guid") {
            p.guids.push(g);
        }
        match name.as_str() {
            "Code" => {
                p.codes.insert(
                    attr(&e, "guid").unwrap(),
                    attr(&e, "isCodable").unwrap() == "true",
                );
            }
            "Variable" => {
                p.variables.insert(attr(&e, "guid").unwrap());
            }
            "TextSource" => {
                source = attr(&e, "guid").unwrap();
                p.sources.insert(
                    source.clone(),
                    (
                        attr(&e, "name").unwrap_or_default(),
                        attr(&e, "plainTextPath").unwrap(),
                    ),
                );
            }
            "PlainTextSelection" => p.selections.push((
                source.clone(),
                attr(&e, "startPosition").unwrap().parse().unwrap(),
                attr(&e, "endPosition").unwrap().parse().unwrap(),
                Vec::new(),
            )),
            "CodeRef" => {
                assert_eq!(open.last().map(String::as_str), Some("Coding"));
                p.selections
                    .last_mut()
                    .expect("a coding inside a selection")
                    .3
                    .push(attr(&e, "targetGUID").unwrap());
            }
            "SourceRef" => p.case_sources.push(attr(&e, "targetGUID").unwrap()),
            "VariableRef" => p.variable_refs.push(attr(&e, "targetGUID").unwrap()),
            _ => {}
        }
        if !empty {
            depth += 1;
            open.push(name);
        }
    }
    p
}

#[tokio::test]
async fn the_qdpx_export_is_a_refi_qda_project_whose_every_reference_resolves() {
    let app = demo();
    let r = app.get("/api/v1/export?format=qdpx&theme=coercion").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.raw.clone())).unwrap();
    let mut files: HashMap<String, String> = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        files.insert(f.name().unwrap().into_owned(), text);
    }
    let p = parse(&files["project.qde"]);
    assert_eq!(p.root_namespace, "urn:QDA-XML:project:1.0");
    // The schema's sequence: Users, CodeBook, Variables, Cases, Sources, …, Description.
    let order = [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Notes",
        "Links",
        "Sets",
        "Graphs",
        "Description",
    ];
    let positions: Vec<usize> = p
        .top_level
        .iter()
        .map(|n| order.iter().position(|o| o == n).expect("a schema element"))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{:?}",
        p.top_level
    );
    let uuid = regex::Regex::new(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        .unwrap();
    assert!(p.guids.iter().all(|g| uuid.is_match(g)));
    let unique: HashSet<&String> = p.guids.iter().collect();
    assert_eq!(unique.len(), p.guids.len(), "every guid names one thing");

    // The codebook is the taxonomy.
    assert!(p.codes.values().filter(|&&c| c).count() >= chorus::taxonomy::taxonomy().themes.len());

    // The same stories as the JSON Lines export of that search: consent is respected alike.
    let jsonl = app.get("/api/v1/export?format=jsonl&theme=coercion").await;
    let stories: Vec<serde_json::Value> = jsonl
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!stories.is_empty());
    assert_eq!(p.sources.len(), stories.len());
    assert_eq!(
        files.len(),
        stories.len() + 1,
        "project.qde and one file per source"
    );
    let mut titles: Vec<&str> = p.sources.values().map(|(n, _)| n.as_str()).collect();
    let mut expected: Vec<&str> = stories
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    expected.sort_unstable();
    assert_eq!(titles, expected);

    for (guid, (title, path)) in &p.sources {
        let file = path.strip_prefix("internal://").expect("an internal path");
        let text = &files[&format!("sources/{file}")];
        assert!(
            text.starts_with(title.as_str()),
            "the source file begins with its title"
        );
        assert!(!text.contains("**"), "plain text, not Markdown");
        assert!(p.case_sources.contains(guid), "a case refers to {title}");
        let story = stories
            .iter()
            .find(|s| s["title"] == title.as_str())
            .unwrap();
        let themes = story["themes"].as_array().unwrap();
        let selection = p.selections.iter().find(|s| &s.0 == guid).unwrap();
        assert!(selection.1 < selection.2 && selection.2 <= text.chars().count());
        assert_eq!(
            selection.3.len(),
            themes.len(),
            "a coding per assigned theme"
        );
        for code in &selection.3 {
            assert_eq!(
                p.codes.get(code),
                Some(&true),
                "codings point at codable codes"
            );
        }
    }
    assert!(p.variable_refs.iter().all(|v| p.variables.contains(v)));
    assert_eq!(
        p.variable_refs.len(),
        stories.len() * 5,
        "five variables per case"
    );
}

#[tokio::test]
async fn an_export_too_large_for_one_download_is_refused_with_a_way_forward() {
    let app = demo();
    let req = chorus::archive::SearchRequest {
        per_page: 10,
        page: 1,
        ..Default::default()
    };
    let err = app
        .archive
        .export_at_most(&req, chorus::archive::ExportFormat::Jsonl, 3)
        .unwrap_err();
    assert!(err.to_string().contains("narrow"), "{err}");
    assert!(app
        .archive
        .export_at_most(&req, chorus::archive::ExportFormat::Jsonl, 1000)
        .is_ok());
    let r = app.get("/api/v1/export?format=docx").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("qdpx"));
}

#[test]
fn a_snapshot_holds_every_published_story_with_counts_and_checksums() {
    let dirs = crate::binary::Dirs::new();
    let stories = concat!(env!("CARGO_MANIFEST_DIR"), "/stories");
    let out = dirs.chorus(&["import", stories, "--publish"], "");
    assert!(out.status.success(), "{}", crate::binary::text(&out));
    let dir = dirs.root.path().join("snapshot");
    let out = dirs.chorus(&["export", "--snapshot", dir.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", crate::binary::text(&out));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "chorus-snapshot");
    assert_eq!(manifest["format_version"], 1);
    let count = std::fs::read_dir(stories).unwrap().count() as u64;
    assert_eq!(manifest["stories"], count);
    for file in manifest["files"].as_array().unwrap() {
        let bytes = std::fs::read(dir.join(file["name"].as_str().unwrap())).unwrap();
        assert_eq!(file["bytes"], bytes.len() as u64);
        let sum: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(file["sha256"], sum);
    }
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("stories.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len() as u64, count);
    assert!(lines.iter().all(|l| l["research_consent"].is_boolean()
        && l["content_sha256"].as_str().is_some_and(|s| s.len() == 64)));
    // A directory with something in it is refused, and left alone.
    let again = dirs.chorus(&["export", "--snapshot", dir.to_str().unwrap()], "");
    assert!(!again.status.success());
    assert!(crate::binary::text(&again).contains("not empty"));
    // The CLI writes the REFI-QDA file too.
    let qdpx = dirs.root.path().join("all.qdpx");
    let out = dirs.chorus(
        &[
            "export",
            "--format",
            "qdpx",
            "--out",
            qdpx.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", crate::binary::text(&out));
    let zip = zip::ZipArchive::new(std::fs::File::open(&qdpx).unwrap()).unwrap();
    assert!(zip
        .file_names()
        .any(|n| n.is_ok_and(|n| n == "project.qde")));
}
