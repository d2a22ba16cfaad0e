//! Evidence packs: made without an account, a private edit link whose secret is stored only as
//! a hash, items pinned to the version they cite, withdrawal inside a pack, every export parsed
//! back, reports and unpublishing, and no cookie anywhere.

use std::io::Read;

use axum::http::{header, StatusCode};
use chorus::store::Role;

use crate::support::{published_id, Reply, TestApp};

const BODY: &str = "They held me down on the floor of the ward.\n\nNobody told me why, and nobody wrote it down.\n\nLater a peer worker sat with me.";

/// Publishes a story; its id and receipt code.
async fn publish(app: &TestApp, title: &str, body: &str) -> (String, String) {
    let code = app.submit(title, body).await;
    let m = app.login("ana").await;
    let id = app.queued_id(&m, title).await;
    let story = published_id(&app.approve(&m, &id, &["coercion"]).await);
    (story, code)
}

fn no_cookie(r: &Reply) {
    assert!(
        r.headers.get(header::SET_COOKIE).is_none(),
        "a pack page set a cookie: {:?}",
        r.headers
    );
}

/// A made pack: read path, edit path, secret.
struct Made {
    read: String,
    edit: String,
    id: String,
    secret: String,
}

async fn make_pack(app: &TestApp, title: &str, intro: &str, first: &[(&str, &str)]) -> Made {
    let mut pairs = vec![("title", title), ("intro", intro)];
    pairs.extend_from_slice(first);
    let r = app.post_form("/packs", &pairs).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    no_cookie(&r);
    assert_eq!(
        r.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store",
        "the page showing the edit secret is not cached"
    );
    let read = r.attr("#read-link", "href").expect("read link");
    let edit = r.attr("#edit-link", "href").expect("edit link");
    let id = read.strip_prefix("/packs/").unwrap().to_owned();
    let secret = edit
        .strip_prefix(&format!("/packs/{id}/edit/"))
        .unwrap()
        .to_owned();
    Made {
        read,
        edit,
        id,
        secret,
    }
}

fn excerpts(page: &Reply) -> Vec<String> {
    page.texts(".pack-item blockquote.excerpt")
        .into_iter()
        .map(|t| t.trim().to_owned())
        .collect()
}

#[tokio::test]
async fn a_pack_is_made_without_an_account_and_answers_with_both_links() {
    let app = TestApp::new();
    let made = make_pack(
        &app,
        "Restraint on wards",
        "Accounts of *restraint*. <script>alert(1)</script>",
        &[],
    )
    .await;
    assert_eq!(made.secret.len(), 26, "130 bits in Crockford base32");
    let page = app.get(&made.read).await;
    assert_eq!(page.status, StatusCode::OK);
    no_cookie(&page);
    assert_eq!(page.text("h1"), "Restraint on wards");
    assert_eq!(page.text(".pack-intro em"), "restraint");
    assert!(page.texts(".pack-intro script").is_empty());
    assert!(
        page.text(".pack-intro").contains("<script>"),
        "raw HTML is shown as text"
    );
    let edit = app.get(&made.edit).await;
    assert_eq!(edit.status, StatusCode::OK);
    no_cookie(&edit);
    assert_eq!(edit.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let form = app.get("/packs").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form
        .attr("form[action='/packs'] input[name=title]", "name")
        .is_some());
}

#[tokio::test]
async fn the_edit_secret_is_required_and_only_its_keyed_hash_is_stored() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let (story, _) = publish(&app, "Secret test", BODY).await;
    let made = make_pack(&app, "Mine", "", &[]).await;
    let wrong = "0123456789abcdefghjkmnpqrs";
    assert_ne!(wrong, made.secret);
    let r = app.get(&format!("/packs/{}/edit/{wrong}", made.id)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .post_form(
            &format!("/packs/{}/items", made.id),
            &[("secret", wrong), ("address", &format!("/stories/{story}"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text("main").contains("edit link does not belong"));
    let r = app
        .post_form(
            &format!("/packs/{}/items", made.id),
            &[("address", &format!("/stories/{story}"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no secret at all");
    assert!(
        excerpts(&app.get(&made.read).await).is_empty(),
        "nothing added"
    );

    // The secret appears in no file; the database holds a 32-byte keyed hash in its place.
    app.archive.drain_outbox().unwrap();
    assert!(app.files_containing(made.secret.as_bytes()).is_empty());
    assert!(app
        .files_containing(made.secret.to_uppercase().as_bytes())
        .is_empty());
    let conn = rusqlite::Connection::open(app.archive.config().database_path()).unwrap();
    let hash: Vec<u8> = conn
        .query_row(
            "SELECT edit_hash FROM packs WHERE id = ?1",
            [&made.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hash.len(), 32);
    let plain: Vec<u8> = {
        use sha2::Digest;
        sha2::Sha256::digest(made.secret.as_bytes()).to_vec()
    };
    assert_ne!(hash, plain, "keyed, not a bare hash");
    // Used, the link still leaves no trace in the logs.
    assert_eq!(app.get(&made.edit).await.status, StatusCode::OK);
    let r = app
        .post_form(
            &format!("/packs/{}/items", made.id),
            &[
                ("secret", &made.secret),
                ("address", &format!("/stories/{story}")),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !crate::support::captured_logs().contains(&made.secret),
        "the edit secret reached the logs"
    );
}

#[tokio::test]
async fn items_are_added_from_story_pages_and_reordered_and_removed_without_javascript() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let (story, _) = publish(&app, "Floor", BODY).await;
    let page = app.get(&format!("/stories/{story}")).await;
    // Every paragraph carries a form posting to /packs/add.
    let forms = page.texts("#p2 form.pack-add button");
    assert_eq!(forms.len(), 1, "{}", page.body);
    assert_eq!(
        page.attr("#p2 form.pack-add", "action").as_deref(),
        Some("/packs/add")
    );
    // So does every search result.
    app.archive.wait_for_index();
    let results = app.get("/stories?q=floor").await;
    assert_eq!(
        results.attr(".hit form.pack-add input[name=story]", "value"),
        Some(story.clone()),
        "{}",
        results.body
    );
    // Without an edit link, the reader is asked which pack (or a new one) …
    let choose = app
        .post_form("/packs/add", &[("story", &story), ("v", "1"), ("p", "2")])
        .await;
    assert_eq!(choose.status, StatusCode::OK, "{}", choose.body);
    no_cookie(&choose);
    assert_eq!(
        choose
            .attr("form[action='/packs'] input[name=p]", "value")
            .as_deref(),
        Some("2")
    );
    // … and a new pack can start with it.
    let made = make_pack(
        &app,
        "Two passages",
        "",
        &[("story", &story), ("v", "1"), ("p", "2")],
    )
    .await;
    // Adding with the pasted edit link goes to the edit page.
    let full_link = format!("http://127.0.0.1:8080{}", made.edit);
    let added = app
        .post_form(
            "/packs/add",
            &[
                ("story", &story),
                ("v", "1"),
                ("p", "3"),
                ("edit", &full_link),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(added.headers.get(header::LOCATION).unwrap(), &made.edit);
    let texts = excerpts(&app.get(&made.read).await);
    assert_eq!(
        texts,
        vec![
            "Nobody told me why, and nobody wrote it down.",
            "Later a peer worker sat with me."
        ]
    );
    // Reorder: move the first down.
    let edit = app.get(&made.edit).await;
    let first_item = edit.attr("li.pack-item", "data-item").unwrap();
    let r = app
        .post_form(
            &format!("/packs/{}/items/{first_item}/move", made.id),
            &[("secret", &made.secret), ("direction", "down")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let texts = excerpts(&app.get(&made.read).await);
    assert_eq!(texts[0], "Later a peer worker sat with me.");
    // Remove it.
    let r = app
        .post_form(
            &format!("/packs/{}/items/{first_item}/remove", made.id),
            &[("secret", &made.secret)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        excerpts(&app.get(&made.read).await),
        vec!["Later a peer worker sat with me."]
    );
    // The whole story by its address, on the edit page.
    let r = app
        .post_form(
            &format!("/packs/{}/items", made.id),
            &[
                ("secret", &made.secret),
                ("address", &format!("/stories/{story}")),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&made.read).await;
    assert!(excerpts(&page)[1].contains("They held me down"));
    assert!(
        page.text(".pack-summary").contains("Coercion"),
        "{}",
        page.text(".pack-summary")
    );
    assert!(page.text(".pack-summary").contains("2019"));
}

#[tokio::test]
async fn an_item_keeps_the_version_it_cites_when_the_story_is_edited() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let (story, code) = publish(&app, "Pinned", BODY).await;
    let made = make_pack(&app, "Pinned pack", "", &[("story", &story), ("p", "1")]).await;
    let m = app.login("ana").await;
    let r = app
        .act(
            &m,
            &format!("/moderate/stories/{story}/edit"),
            &[
                ("title", "Pinned"),
                ("body", "Entirely new words.\n\nSecond."),
                ("note", "Removed a detail"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let accepted = app
        .post_form("/receipt/accept", &[("receipt", &code)])
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert!(app
        .get(&format!("/stories/{story}"))
        .await
        .text(".story-body")
        .contains("Entirely new words."));
    let page = app.get(&made.read).await;
    assert_eq!(
        excerpts(&page),
        vec!["They held me down on the floor of the ward."]
    );
    assert!(page
        .text(".pack-item .citation")
        .contains(&format!("/stories/{story}/v/1#p1")));
    // A new item added now pins version 2.
    app.post_form(
        &format!("/packs/{}/items", made.id),
        &[
            ("secret", &made.secret),
            ("address", &format!("/stories/{story}#p1")),
        ],
    )
    .await;
    assert_eq!(
        excerpts(&app.get(&made.read).await),
        vec![
            "They held me down on the floor of the ward.",
            "Entirely new words."
        ]
    );
}

#[tokio::test]
async fn a_withdrawn_story_shows_as_withdrawn_with_no_text_and_the_pack_says_so() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let (gone, code) = publish(
        &app,
        "Going",
        "Words that will be withdrawn.\n\nMore of them.",
    )
    .await;
    let (kept, _) = publish(&app, "Staying", BODY).await;
    let made = make_pack(&app, "Mixed", "", &[("story", &gone)]).await;
    app.post_form(
        &format!("/packs/{}/items", made.id),
        &[
            ("secret", &made.secret),
            ("address", &format!("/stories/{kept}/v/1#p1")),
        ],
    )
    .await;
    assert!(app
        .get(&made.read)
        .await
        .texts(".pack-withdrawn")
        .is_empty());
    let done = app.withdraw(&code).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let page = app.get(&made.read).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text(".pack-withdrawn").contains("One item"),
        "the pack says so at the top"
    );
    assert!(!page.body.contains("will be withdrawn"), "no text of it");
    assert!(!page.body.contains("Going"), "not even its title");
    assert_eq!(page.texts(".pack-item h3")[0], "Withdrawn");
    assert_eq!(
        excerpts(&page),
        vec!["They held me down on the floor of the ward."]
    );
    for ext in ["docx", "md", "bib", "ris", "json", "csv"] {
        let r = app.get(&format!("{}.{ext}", made.read)).await;
        assert_eq!(r.status, StatusCode::OK, "{ext}");
        let text = if ext == "docx" {
            document_xml(&r)
        } else {
            r.body.clone()
        };
        assert!(
            !text.contains("will be withdrawn"),
            "{ext} holds withdrawn text"
        );
    }
    assert!(app
        .get(&format!("{}.md", made.read))
        .await
        .body
        .contains("[Withdrawn"));
}

#[tokio::test]
async fn a_story_taken_down_by_moderators_shows_as_withdrawn_inside_a_pack() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let (story, _) = publish(&app, "Taken down", "Text a moderator removed.").await;
    let made = make_pack(&app, "With a takedown", "", &[("story", &story)]).await;
    assert_eq!(
        excerpts(&app.get(&made.read).await),
        vec!["Text a moderator removed."]
    );
    let m = app.login("ana").await;
    let reason = chorus::policy::reasons()[0].code.clone();
    let r = app
        .act(
            &m,
            &format!("/moderate/stories/{story}/unpublish"),
            &[("reason", &reason)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = app.get(&made.read).await;
    assert!(page.text(".pack-withdrawn").contains("One item"));
    assert!(!page.body.contains("a moderator removed"));
    assert!(excerpts(&page).is_empty());
    let csv = app.get(&format!("{}.csv", made.read)).await;
    assert_eq!(parse_csv(&csv.body)[1][4], "withdrawn");
}

/// `word/document.xml` from a `.docx` reply.
fn document_xml(r: &Reply) -> String {
    let bytes = r.raw.clone();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    for name in ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"] {
        assert!(zip.by_name(name).is_ok(), "{name} missing");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The paragraphs of a WordprocessingML document, in order: (style, text).
fn docx_paragraphs(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut style, mut text, mut in_text) = (String::new(), String::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().0 == "w:p" => {
                style.clear();
                text.clear();
            }
            Event::Empty(e) if e.name().0 == "w:pStyle" => {
                let val = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.0 == "w:val")
                    .unwrap();
                style = val.value.into_owned();
            }
            Event::Start(e) if e.name().0 == "w:t" => in_text = true,
            Event::End(e) if e.name().0 == "w:t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.into_inner().into_owned();
                text.push(match name.as_str() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::End(e) if e.name().0 == "w:p" => {
                out.push((style.clone(), text.clone()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A CSV parser for the test: quoted fields with doubled quotes, CRLF rows.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[tokio::test]
async fn every_export_parses_back_with_every_excerpt_and_citation() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let (a, _) = publish(&app, "Held & hurt", BODY).await;
    let (b, _) = publish(&app, "Crisis team", "They came at night.\n\nThey listened.").await;
    let made = make_pack(
        &app,
        "Restraint <evidence>",
        "Twelve accounts, *cited*.",
        &[("story", &a), ("p", "1")],
    )
    .await;
    for address in [format!("/stories/{a}/v/1#p3"), format!("/stories/{b}")] {
        let r = app
            .post_form(
                &format!("/packs/{}/items", made.id),
                &[("secret", &made.secret), ("address", &address)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let expected_quotes = [
        "They held me down on the floor of the ward.",
        "Later a peer worker sat with me.",
        "They came at night.",
        "They listened.",
    ];
    let urls = [
        format!("/stories/{a}/v/1#p1"),
        format!("/stories/{a}/v/1#p3"),
        format!("/stories/{b}/v/1"),
    ];

    for (style, marker) in [
        ("apa", "[Testimony]. Chorus."),
        ("harvard", "Available at:"),
        ("vancouver", "[Internet]"),
    ] {
        let r = app.get(&format!("{}.docx?style={style}", made.read)).await;
        assert_eq!(r.status, StatusCode::OK);
        no_cookie(&r);
        assert_eq!(
            r.headers.get(header::CONTENT_TYPE).unwrap(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        let paragraphs = docx_paragraphs(&document_xml(&r));
        if style == "apa" {
            println!("--- word/document.xml paragraphs ({style}) ---");
            for (s, t) in &paragraphs {
                println!("[{}] {t}", if s.is_empty() { "Normal" } else { s });
            }
        }
        assert_eq!(
            paragraphs[0],
            ("Title".into(), "Restraint <evidence>".into())
        );
        let quotes: Vec<&str> = paragraphs
            .iter()
            .filter(|(s, _)| s == "Quote")
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(quotes, expected_quotes, "{style}");
        // After each item's last quotation comes its citation, with its address.
        let citations: Vec<&str> = paragraphs
            .windows(2)
            .filter(|w| w[0].0 == "Quote" && w[1].0 == "QuoteCitation")
            .map(|w| w[1].1.as_str())
            .collect();
        assert_eq!(citations.len(), 3, "{style}: {paragraphs:?}");
        for (c, url) in citations.iter().zip(&urls) {
            assert!(c.contains(url.as_str()), "{style}: {c} lacks {url}");
            assert!(c.contains(marker), "{style}: {c}");
        }
        let heading = paragraphs
            .iter()
            .position(|(s, t)| s == "Heading1" && t.starts_with("References"))
            .expect("a reference list");
        let refs: Vec<&str> = paragraphs[heading + 1..]
            .iter()
            .filter(|(s, _)| s == "Bibliography")
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(refs.len(), 2, "one per cited version: {refs:?}");
        assert!(refs.iter().all(|r| r.contains(marker)));
        if style == "vancouver" {
            assert!(refs[0].starts_with("1. ") && refs[1].starts_with("2. "));
        }
    }

    let md = app.get(&format!("{}.md?style=harvard", made.read)).await;
    assert_eq!(md.status, StatusCode::OK);
    assert!(md.body.starts_with("# Restraint <evidence>\n"));
    for q in expected_quotes {
        assert!(md.body.contains(&format!("> {q}")), "{q}");
    }
    assert_eq!(md.body.matches("\n— Anonymous (").count(), 3);
    assert!(md.body.contains("## References (Harvard)"));

    let bib = app.get(&format!("{}.bib", made.read)).await;
    assert_eq!(bib.body.matches("@online{").count(), 3);
    assert!(bib.body.contains(&format!("@online{{chorus_{a}_v1_p1,")));
    assert!(bib.body.contains(&format!("@online{{chorus_{b}_v1,")));
    assert_eq!(bib.body.matches('{').count(), bib.body.matches('}').count());

    let ris = app.get(&format!("{}.ris", made.read)).await;
    let records: Vec<&str> = ris
        .body
        .split("ER  - \r\n")
        .filter(|r| !r.trim().is_empty())
        .collect();
    assert_eq!(records.len(), 3);
    for (rec, url) in records.iter().zip(&urls) {
        assert!(rec.starts_with("TY  - ELEC\r\n"));
        assert!(
            rec.contains(&format!("UR  - http://127.0.0.1:8080{url}")),
            "{rec}"
        );
    }

    let json = app.get(&format!("{}.json", made.read)).await;
    let items = json.json();
    let items = items.as_array().expect("a CSL-JSON array");
    assert_eq!(items.len(), 3);
    for (item, url) in items.iter().zip(&urls) {
        assert!(item["URL"].as_str().unwrap().ends_with(url.as_str()));
        assert_eq!(item["author"][0]["literal"], "Anonymous");
    }

    let csv = app.get(&format!("{}.csv", made.read)).await;
    assert!(csv
        .headers
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let rows = parse_csv(&csv.body);
    assert_eq!(rows.len(), 4, "a header and three items");
    assert_eq!(rows[0][0], "position");
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("excerpt")], expected_quotes[0]);
    assert_eq!(
        rows[3][col("excerpt")],
        "They came at night.\n\nThey listened."
    );
    assert_eq!(rows[2][col("paragraph")], "3");
    assert!(rows[1][col("citation")].contains(&urls[0]));

    let bad = app.get(&format!("{}.docx?style=chicago", made.read)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get(&format!("{}.pdf", made.read)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_a_clear_4xx() {
    let app = TestApp::with_config(|c| c.rate_limits.packs_per_hour = 100);
    app.add_moderator("ana", Role::Moderator);
    let (story, _) = publish(&app, "Short", "One.\n\nTwo.").await;
    let long_title = "t".repeat(201);
    let r = app.post_form("/packs", &[("title", &long_title)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text("main").contains("200 characters"));
    let r = app.post_form("/packs", &[("title", "  ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text("main").contains("title"));
    let long_intro = "x".repeat(20_001);
    let r = app
        .post_form("/packs", &[("title", "T"), ("intro", &long_intro)])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = app
        .post_form("/packs", &[("title", "T"), ("story", &story), ("p", "3")])
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no third paragraph"
    );
    let r = app
        .post_form("/packs", &[("title", "T"), ("story", &story), ("v", "9")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no version 9");
    let r = app
        .post_form("/packs", &[("title", "T"), ("story", "../etc"), ("p", "1")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/packs/zzzzzzzzzzzz").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/packs/nonsense").await.status,
        StatusCode::NOT_FOUND
    );
    let made = make_pack(&app, "Full", "", &[]).await;
    let r = app
        .post_form(
            &format!("/packs/{}/items", made.id),
            &[("secret", &made.secret), ("address", "not an address")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_form(
            &format!("/packs/{}/items/1/move", made.id),
            &[("secret", &made.secret), ("direction", "sideways")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Too many items: the limit is 200; reach it with the paragraphs of one long story.
    let limit = chorus::archive::MAX_PACK_ITEMS;
    let long: Vec<String> = (1..=limit).map(|n| format!("Paragraph {n}.")).collect();
    let (many, _) = publish(&app, "Many paragraphs", &long.join("\n\n")).await;
    for p in 1..=limit {
        let r = app
            .post_form(
                &format!("/packs/{}/items", made.id),
                &[
                    ("secret", &made.secret),
                    ("story", &many),
                    ("p", &p.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = app
        .post_form(
            &format!("/packs/{}/items", made.id),
            &[("secret", &made.secret), ("story", &story), ("p", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text("main").contains("at most 200 items"));
}

#[tokio::test]
async fn making_packs_is_rate_limited_per_client() {
    let app = TestApp::with_config(|c| c.rate_limits.packs_per_hour = 2);
    make_pack(&app, "One", "", &[]).await;
    make_pack(&app, "Two", "", &[]).await;
    let r = app.post_form("/packs", &[("title", "Three")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_reported_pack_can_be_unpublished_by_a_moderator_and_is_audited_and_counted() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Admin);
    let (story, _) = publish(&app, "Quoted", BODY).await;
    let made = make_pack(
        &app,
        "Bad intro",
        "Names the nurse on ward 7.",
        &[("story", &story)],
    )
    .await;
    for n in 0..4 {
        make_pack(&app, &format!("Fine {n}"), "", &[]).await;
    }
    let figures = app.get("/transparency").await;
    assert_eq!(figures.text("#packs-public"), "5");
    assert_eq!(figures.text("#packs-unpublished"), "0");

    let bad = app
        .post_form(&format!("{}/report", made.read), &[("reason", "nonsense")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_form(
            &format!("{}/report", made.read),
            &[
                ("reason", "identifies-someone"),
                ("details", "Names a nurse."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    no_cookie(&r);

    let m = app.login("ana").await;
    let reports = app.get_with_cookie("/moderate/packs", &m.cookie).await;
    assert!(
        reports.text(".reports").contains("Bad intro"),
        "{}",
        reports.body
    );
    assert!(reports.text(".reports").contains("Names a nurse."));
    let action = format!("/moderate/packs/{}/unpublish", made.id);
    let reason = chorus::policy::reasons()[0].code.clone();
    // Without the CSRF token it is refused.
    let forged = app
        .post_raw(
            &action,
            crate::support::encode(&[("reason", &reason)]).into_bytes(),
            Some(&m.cookie),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&made.read).await.status, StatusCode::OK);
    let r = app.act(&m, &action, &[("reason", &reason)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let page = app.get(&made.read).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(!page.body.contains("Names the nurse"));
    assert!(!page.body.contains("They held me down"));
    assert_eq!(
        app.get(&format!("{}.docx", made.read)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&made.edit).await.status, StatusCode::CONFLICT);
    assert!(app
        .get_with_cookie("/moderate/packs", &m.cookie)
        .await
        .text(".reports")
        .trim()
        .is_empty());
    let audit = app.get_with_cookie("/moderate/audit", &m.cookie).await;
    assert!(audit.body.contains("unpublish_pack"), "{}", audit.body);
    assert!(audit.body.contains(&made.id));
    let figures = app.get("/transparency").await;
    assert_eq!(figures.text("#packs-public"), "fewer than 5");
    assert_eq!(figures.text("#packs-unpublished"), "fewer than 5");
    // The story it quoted is untouched.
    assert_eq!(
        app.get(&format!("/stories/{story}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_pack_addresses_are_in_the_openapi_description() {
    let app = TestApp::new();
    let spec = app.get("/api/v1/openapi.json").await.json();
    for path in [
        "/packs",
        "/packs/add",
        "/packs/{id}",
        "/packs/{id}.docx",
        "/packs/{id}.csv",
        "/packs/{id}/report",
        "/moderate/packs/{id}/unpublish",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} missing");
    }
    assert!(spec["paths"]["/packs"]["post"]["responses"]["201"].is_object());
}

/// A measurement, not a check: how long a full pack (200 paragraphs from 20 stories) takes to
/// show and to export. Run by hand:
/// `cargo test --test it packs::measure_a_full_pack -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement, run by hand"]
async fn measure_a_full_pack() {
    let app = TestApp::with_config(|c| c.rate_limits.submissions_per_hour = 1000);
    app.add_moderator("ana", Role::Moderator);
    let paragraph = "On the ward they held me down for what felt like an hour, and afterwards nobody asked me how I was or wrote down what had happened, so I wrote it here instead.";
    let body: Vec<String> = (1..=10)
        .map(|n| format!("Paragraph {n}: {paragraph}"))
        .collect();
    let made = make_pack(&app, "Measured", "An *introduction*.", &[]).await;
    for s in 0..20 {
        let (story, _) = publish(&app, &format!("Story {s}"), &body.join("\n\n")).await;
        for p in 1..=10 {
            let r = app
                .post_form(
                    &format!("/packs/{}/items", made.id),
                    &[
                        ("secret", &made.secret),
                        ("story", &story),
                        ("p", &p.to_string()),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
        }
    }
    for path in ["", ".docx", ".md", ".bib", ".ris", ".json", ".csv"] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..15 {
            let started = std::time::Instant::now();
            let r = app.get(&format!("{}{path}", made.read)).await;
            times.push(started.elapsed());
            assert_eq!(r.status, StatusCode::OK);
            size = r.raw.len();
        }
        times.sort();
        println!(
            "GET /packs/{{id}}{path:<6} 200 items: median {:>7.2} ms, max {:>7.2} ms, {size} bytes",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
}

#[tokio::test]
async fn an_illustrative_story_is_never_passed_off_as_testimony_in_a_pack() {
    let app = TestApp::new();
    let text = std::fs::read_to_string("stories/01-the-door-has-a-keypad.md").unwrap();
    let story = app
        .archive
        .import_story(&text, true)
        .unwrap()
        .expect("published")
        .to_string();
    let made = make_pack(&app, "Examples", "", &[("story", &story), ("p", "1")]).await;
    let page = app.get(&made.read).await;
    assert!(page
        .text(".pack-item .illustrative")
        .contains("not real testimony"));
    let md = app.get(&format!("{}.md", made.read)).await.body;
    assert!(md.contains(chorus::archive::ILLUSTRATIVE_ITEM));
    let paragraphs = docx_paragraphs(&document_xml(
        &app.get(&format!("{}.docx", made.read)).await,
    ));
    let heading = paragraphs
        .iter()
        .position(|(s, _)| s == "Heading2")
        .unwrap();
    assert_eq!(
        paragraphs[heading + 1].1,
        chorus::archive::ILLUSTRATIVE_ITEM
    );
    let csv = parse_csv(&app.get(&format!("{}.csv", made.read)).await.body);
    assert_eq!(csv[1].last().unwrap(), "true");
}
