//! Feeds as a feed reader sees them: each summary is unescaped once, then shown as text
//! (`type="text"`) or as HTML (`type="html"`). Neither may turn a story's words into markup.

use chorus::store::Role;

use crate::support::TestApp;

/// Every `<summary>` of a feed: its `type` and its content unescaped once, as a reader does.
fn summaries(feed: &str) -> Vec<(String, String)> {
    feed.split("<summary type=\"")
        .skip(1)
        .map(|rest| {
            let (kind, rest) = rest.split_once("\">").expect("a summary type");
            let (content, _) = rest.split_once("</summary>").expect("a closed summary");
            (kind.to_owned(), unescape(content))
        })
        .collect()
}

/// XML's five named entities and numeric references, decoded once.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(';') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let entity = &rest[at + 1..at + end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&rest[at..=at + end]),
        }
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn a_feed_reader_cannot_turn_a_story_into_markup() {
    let app = TestApp::new();
    let hostile =
        "Before <img src=x onerror=alert(1)> and <script>alert(2)</script> after; ward words.";
    app.submit("Markup in words", hostile).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Markup in words").await;
    app.approve(&m, &id, &["hope"]).await;

    let feed = app.get("/feed.atom").await;
    assert!(feed
        .body
        .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    let latest = summaries(&feed.body);
    assert_eq!(latest.len(), 1, "{}", feed.body);
    let (kind, text) = &latest[0];
    assert_eq!(kind, "text", "plain-text summaries say so");
    // Shown as text, the reader prints the words exactly as the story has them.
    assert!(text.contains("<img src=x onerror=alert(1)>"), "{text}");

    let saved = app.get("/stories/feed.atom?q=ward").await;
    let found = summaries(&saved.body);
    assert_eq!(found.len(), 1, "{}", saved.body);
    let (kind, html) = &found[0];
    assert_eq!(kind, "html");
    // Rendered as HTML, the snippet has marks and nothing else.
    let doc = scraper::Html::parse_fragment(html);
    let any = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&any) {
        let name = el.value().name();
        assert!(
            matches!(name, "html" | "mark"),
            "a feed reader would render <{name}> from {html}"
        );
        assert!(el.value().attrs().all(|(a, _)| !a.starts_with("on")));
    }
    assert!(
        html.contains("&lt;img"),
        "the story's markup stays text: {html}"
    );
}
