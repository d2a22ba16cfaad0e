//! Real browsers and hostile strangers: whatever text arrives, the preview answers (never a 500),
//! marks each identifier exactly where it is, replaces only what was asked, and refuses what is
//! too long in plain words; searches too intricate to parse are read as words, with a note.
//! Property tests run on arbitrary Unicode with the line endings and control characters that
//! browsers and pasted documents send. No test here measures time (`benches/hostile.rs` does).

use axum::http::StatusCode;
use chorus::archive::{clean_text, Archive, Fix, MAX_BODY_BYTES, MAX_TITLE_CHARS};
use chorus::markdown;
use chorus::pii;
use chorus::search::SearchRequest;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};

use crate::support::TestApp;

/// Characters that browsers, word processors and attackers send, and Markdown's own syntax.
const AWKWARD: &[char] = &[
    '\r',
    '\n',
    '\t',
    '\0',
    '\u{1}',
    '\u{8}',
    '\u{b}',
    '\u{c}',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9f}',
    '\u{a0}',
    '\u{200b}',
    '\u{200d}',
    '\u{2028}',
    '\u{202e}',
    '\u{feff}',
    '\u{301}',
    '\u{e000}',
    '\u{fdd0}',
    '\u{fdd1}',
    '\u{fffe}',
    '\u{10ffff}',
    '\u{fffd}',
    '“',
    '”',
    '‘',
    '’',
    '—',
    '😀',
    'é',
    'ß',
    '*',
    '_',
    '~',
    '>',
    '#',
    '[',
    ']',
    '(',
    ')',
    '!',
    '`',
    '|',
    '\\',
    '&',
    '<',
    '-',
    '+',
    '=',
    ':',
    '.',
    ' ',
    '"',
    '\'',
    '@',
    '/',
    '1',
];

/// Pieces that look like identifiers, so that findings are common enough to test.
const IDENTIFIERS: &[&str] = &[
    "07700 900123",
    "+44 7700 900123",
    "sam.jones@example.org",
    "Dr Patel",
    "Nurse Okafor",
    "SW1A 1AA",
    "12 High Street",
    "943 476 5919",
    "QQ 12 34 56 C",
    "@sam_j",
    "https://example.org/a?b=c&d=e",
    "12 March 2019",
    "St Mary's Hospital",
    "&amp;",
    "\r\n\r\n",
    "\r\n> ",
    "\r\n- ",
    "**",
    "[Dr Patel]",
    "<sam.jones@example.org>",
    "[link](https://example.org/07700900123)",
    "`07700 900123`",
];

fn awkward_text(max_pieces: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::collection::vec(any::<char>(), 0..8).prop_map(String::from_iter),
        4 => prop::collection::vec(prop::sample::select(AWKWARD), 0..8).prop_map(String::from_iter),
        2 => "[a-zA-Z ]{0,12}",
        3 => prop::sample::select(IDENTIFIERS).prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..max_pieces).prop_map(|pieces| pieces.concat())
}

/// The text of HTML as the serialiser escapes it.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Every `<mark>` of a marked preview: (finding number, the HTML it covers).
fn marks(marked: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = marked;
    while let Some(at) = rest.find("<mark id=\"finding-") {
        rest = &rest[at + "<mark id=\"finding-".len()..];
        let (number, after) = rest.split_once("\">").expect("mark tag closed");
        let (inner, after) = after.split_once("</mark>").expect("mark closed");
        let sup = format!("<sup class=\"finding-number\">{number}</sup>");
        let inner = inner.strip_suffix(&sup).expect("mark ends with its number");
        out.push((number.parse().expect("numbered"), inner.to_owned()));
        rest = after;
    }
    out
}

/// The marked preview with its marks taken out again.
fn unmarked(marked: &str) -> String {
    let mut out = String::new();
    let mut rest = marked;
    while let Some(at) = rest.find("<mark id=\"finding-") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let open_end = after.find("\">").unwrap() + 2;
        let inner_and_rest = &after[open_end..];
        let sup = inner_and_rest
            .find("<sup class=\"finding-number\">")
            .unwrap();
        out.push_str(&inner_and_rest[..sup]);
        let close = inner_and_rest.find("</mark>").unwrap() + "</mark>".len();
        rest = &inner_and_rest[close..];
    }
    out.push_str(rest);
    out
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

fn check_preview(archive: &Archive, title: &str, body: &str) -> Result<(), TestCaseError> {
    let p = archive
        .preview(title, body, Fix::Nothing)
        .map_err(|e| TestCaseError::fail(format!("preview refused: {e}")))?;
    prop_assert_eq!(&p.body, &clean_text(body));
    prop_assert!(
        !p.body
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control character left in {:?}",
        p.body
    );
    for f in p.findings.iter().chain(&p.title_findings) {
        prop_assert!(f.start < f.end);
    }
    for f in &p.findings {
        prop_assert_eq!(&p.body[f.start..f.end], f.text.as_str());
    }
    for f in &p.title_findings {
        prop_assert_eq!(&p.title[f.start..f.end], f.text.as_str());
    }
    let mut last = 0;
    for (n, inner) in marks(&p.marked_html) {
        prop_assert!(n > last, "marks out of order in {}", p.marked_html);
        last = n;
        let f = p
            .findings
            .get(n - 1)
            .ok_or_else(|| TestCaseError::fail(format!("mark {n} has no finding")))?;
        prop_assert!(
            !inner.contains('<'),
            "markup inside mark {}: {:?}",
            n,
            inner
        );
        prop_assert_eq!(unescape(&inner), &p.body[f.start..f.end]);
    }
    prop_assert_eq!(unmarked(&p.marked_html), p.html);
    Ok(())
}

#[test]
fn any_draft_previews_with_every_mark_exactly_on_its_finding() {
    let app = TestApp::new();
    let strategy = (awkward_text(12), awkward_text(40));
    let mut runner = runner(3000);
    runner
        .run(&strategy, |(title, body)| {
            let title: String = title.chars().take(MAX_TITLE_CHARS).collect();
            check_preview(&app.archive, &title, &body)
        })
        .unwrap();
}

#[test]
fn replacing_one_finding_changes_only_its_bytes() {
    let app = TestApp::new();
    let mut runner = runner(600);
    runner
        .run(&awkward_text(40), |body| {
            let p = app.archive.preview("", &body, Fix::Nothing).unwrap();
            for (i, f) in p.findings.iter().enumerate() {
                let fixed = app.archive.preview("", &body, Fix::One(i + 1)).unwrap();
                let expected = pii::redact(&p.body, std::slice::from_ref(f));
                prop_assert_eq!(&fixed.body, &expected);
                prop_assert!(fixed.body.starts_with(&p.body[..f.start]));
                prop_assert!(fixed.body.ends_with(&p.body[f.end..]));
                prop_assert_eq!(
                    &fixed.body[f.start..fixed.body.len() - (p.body.len() - f.end)],
                    f.kind.replacement()
                );
            }
            // A number past the last finding changes nothing.
            let beyond = app
                .archive
                .preview("", &body, Fix::One(p.findings.len() + 1))
                .unwrap();
            prop_assert_eq!(&beyond.body, &p.body);
            Ok(())
        })
        .unwrap();
}

#[test]
fn cleaning_is_idempotent_and_leaves_no_control_characters_but_tab_and_newline() {
    let mut runner = runner(2000);
    runner
        .run(&awkward_text(30), |s| {
            let once = clean_text(&s);
            prop_assert_eq!(&clean_text(&once), &once);
            prop_assert!(!once.contains('\r'));
            prop_assert!(!once
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'));
            let reserved = ['\u{fdd0}', '\u{fdd1}', '\u{fffe}', '\u{10ffff}'];
            prop_assert!(!once.contains(reserved), "noncharacter left in {:?}", once);
            prop_assert!(once.len() <= s.len());
            Ok(())
        })
        .unwrap();
}

/// The deepest nesting of `tags` in `html` (well-formed, as the sanitiser writes it).
fn depth_of(html: &str, tags: &[&str]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if tags.contains(&name.as_str()) {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

#[test]
fn rendered_nesting_never_exceeds_the_bounds() {
    let nesting = prop::collection::vec(
        prop::sample::select(
            &[
                ">",
                "> ",
                "- ",
                "* ",
                "1. ",
                "  ",
                "\n",
                "*",
                "**",
                "_",
                "~~",
                "[",
                "](https://example.org)",
                "a",
                " ",
            ][..],
        ),
        0..400,
    )
    .prop_map(|p| p.concat());
    let mut runner = runner(400);
    runner
        .run(&nesting, |src| {
            let html = markdown::render(&src);
            prop_assert!(
                depth_of(&html, &["blockquote", "ul", "ol"]) <= markdown::MAX_BLOCK_NESTING,
                "{}",
                html
            );
            prop_assert!(
                depth_of(&html, &["em", "strong", "del", "a"]) <= markdown::MAX_INLINE_NESTING,
                "{}",
                html
            );
            let joined: String = markdown::render_blocks(&src)
                .into_iter()
                .map(|b| b.html)
                .collect();
            prop_assert!(html.split_whitespace().eq(joined.split_whitespace()));
            Ok(())
        })
        .unwrap();
}

#[test]
fn any_search_text_is_answered() {
    let app = TestApp::new();
    // A new archive builds its index in the background; on a loaded machine the first search
    // can come before it is ready, and would be told so, which is not what this test asks.
    assert!(app
        .archive
        .wait_for_rebuild(std::time::Duration::from_secs(60)));
    let query = prop::collection::vec(
        prop_oneof![
            prop::sample::select(
                &[
                    "AND ", "OR ", "NOT ", "(", ")", "\"", "'", "title:", "*", "~2", "^3",
                    "[a TO z]", "-", "+", "ward ", "meds ", "\\"
                ][..]
            )
            .prop_map(str::to_owned),
            awkward_text(3),
        ],
        0..60,
    )
    .prop_map(|p| p.concat());
    let mut runner = runner(300);
    runner
        .run(&query, |q| {
            let req = SearchRequest {
                q,
                page: 1,
                per_page: 10,
                ..Default::default()
            };
            prop_assert!(app.archive.search(&req).is_ok());
            Ok(())
        })
        .unwrap();
}

/// Bodies built to make a Markdown renderer or an HTML parser do superlinear work.
fn hostile_bodies() -> Vec<(&'static str, String)> {
    vec![
        ("60 000 '>'", ">".repeat(60_000)),
        ("nested lists", "- ".repeat(MAX_BODY_BYTES / 2)),
        ("emphasis run", "*".repeat(MAX_BODY_BYTES)),
        ("brackets", "[".repeat(MAX_BODY_BYTES)),
        ("HTML-ish", "<a".repeat(MAX_BODY_BYTES / 2)),
    ]
}

#[tokio::test]
async fn hostile_bodies_preview_through_the_api_without_a_server_error() {
    let app = TestApp::new();
    for (name, body) in hostile_bodies() {
        let r = app
            .post_json(
                "/api/v1/preview",
                &serde_json::json!({"title": "A title", "body": body}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
        assert!(r.json()["html"].is_string(), "{name}");
    }
}

#[tokio::test]
async fn hostile_bodies_preview_through_the_form_without_a_server_error() {
    let app = TestApp::new();
    for (name, body) in hostile_bodies() {
        let r = app
            .post_form(
                "/share/preview",
                &[
                    ("title", "A title"),
                    ("body", &body),
                    ("consent_publish", "on"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
    }
}

#[tokio::test]
async fn an_overlong_title_in_the_preview_api_is_refused_in_plain_words() {
    let app = TestApp::new();
    let title = "he hits me, ".repeat(25_000);
    let r = app
        .post_json(
            "/api/v1/preview",
            &serde_json::json!({"title": title, "body": "A short story."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains(&format!("{MAX_TITLE_CHARS} characters")),
        "{message}"
    );
}

#[tokio::test]
async fn an_overlong_title_in_the_preview_form_is_refused_in_plain_words() {
    let app = TestApp::new();
    let title = "he hits me, ".repeat(25_000);
    let r = app
        .post_form(
            "/share/preview",
            &[("title", &title), ("body", "A short story.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(&format!("{MAX_TITLE_CHARS} characters or fewer")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn pathological_queries_are_answered_with_a_note() {
    let app = TestApp::new();
    let or_chain = "a OR ".repeat(100);
    let parens = format!("{}ward{}", "(".repeat(200), ")".repeat(200));
    let phrase = format!("\"{}\"", "a ".repeat(200));
    let boosts = "ward^1000000 ".repeat(20);
    let ranges = "body:[a TO z] ".repeat(20);
    for q in [&or_chain, &parens, &phrase, &boosts, &ranges] {
        let enc = percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        let r = app.get(&format!("/api/v1/search?q={enc}")).await;
        assert_eq!(r.status, StatusCode::OK, "query {q:?}: {}", r.body);
        let v = r.json();
        assert!(v["note"].is_string(), "query {q:?}: {v}");
        let page = app.get(&format!("/stories?q={enc}")).await;
        assert_eq!(page.status, StatusCode::OK, "query {q:?}");
    }
}

#[test]
fn the_example_stories_nest_far_below_the_bounds_so_they_render_as_before() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stories");
    for path in chorus::archive::story_files(&dir).unwrap() {
        let text = std::fs::read_to_string(&path).unwrap();
        let (_, body) = chorus::archive::parse_story_file(&text).unwrap();
        let html = markdown::render(&body);
        assert!(depth_of(&html, &["blockquote", "ul", "ol"]) < markdown::MAX_BLOCK_NESTING / 2);
        assert!(depth_of(&html, &["em", "strong", "del", "a"]) < markdown::MAX_INLINE_NESTING / 2);
    }
}
