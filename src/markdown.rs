//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitises last, from an empty allow-list.
//!
//! Raw HTML in a submission is shown as text, images become their alt text, and only the tags the
//! renderer itself produces survive. Top-level blocks are numbered so passages can be cited (¶).

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Tags the renderer produces for the Markdown we accept; nothing else may reach a page.
const ALLOWED_TAGS: &[&str] = &[
    "p",
    "br",
    "em",
    "strong",
    "del",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// Links carry this `rel`: no ranking credit, no opener access, no referrer, marked user content.
pub const LINK_REL: &str = "nofollow noopener noreferrer ugc";

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(false));

/// Our own pages (about, privacy, the moderation policy) may link within the site.
static DOCUMENT_SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(true));

fn builder(site_links: bool) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::empty();
    // Start from nothing: no generic attributes (not even `title` or `lang`) on any tag.
    b.generic_attributes(std::collections::HashSet::new())
        .tag_attributes(std::collections::HashMap::new())
        .add_tags(ALLOWED_TAGS.iter().copied())
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        // Relative and scheme-relative links (`//host`) are dropped: a story links out or not at all.
        .url_relative(if site_links {
            ammonia::UrlRelative::PassThrough
        } else {
            ammonia::UrlRelative::Deny
        })
        .link_rel(Some(LINK_REL))
        .clean_content_tags(["script", "style"].into_iter().collect())
        .strip_comments(true);
    b
}

/// One top-level block of a rendered story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Sanitised HTML of the block.
    pub html: String,
    /// Its paragraph number for citation, or `None` for headings and rules.
    pub number: Option<u32>,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Rewrites the event stream so that nothing but text and the allowed structure remains:
/// raw HTML becomes literal text and images become their alt text.
fn safe_events(src: &str) -> impl Iterator<Item = Event<'_>> {
    Parser::new_ext(src, options()).filter_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        // An HTML block becomes an ordinary paragraph of literal text.
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        other => Some(other),
    })
}

fn sanitise(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// Renders Markdown to sanitised HTML, as shown in previews and returned by the API.
pub fn render(src: &str) -> String {
    let mut html = String::with_capacity(src.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, safe_events(src));
    sanitise(&html)
}

/// Renders one of the project's own documents, which may link within the site.
pub fn render_document(src: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, safe_events(src));
    DOCUMENT_SANITISER.clean(&html).to_string()
}

/// Renders Markdown block by block, numbering every top-level block but headings and rules.
pub fn render_blocks(src: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Vec<Event<'_>> = Vec::new();
    let mut numbered = true;
    let mut next_number = 1u32;
    for event in safe_events(src) {
        match &event {
            Event::Start(tag) => {
                if depth == 0 {
                    numbered = !matches!(tag, Tag::Heading { .. });
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => numbered = false,
            _ if depth == 0 => numbered = true,
            _ => {}
        }
        current.push(event);
        if depth == 0 {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, current.drain(..));
            let number = numbered.then(|| {
                next_number += 1;
                next_number - 1
            });
            blocks.push(Block {
                html: sanitise(&html),
                number,
            });
        }
    }
    blocks
}

/// The plain text of each numbered block, in order (`[0]` is ¶1), for quoting a passage.
pub fn paragraph_texts(src: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut depth = 0usize;
    let mut text = String::new();
    let mut numbered = true;
    for event in safe_events(src) {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    numbered = !matches!(tag, Tag::Heading { .. });
                    text.clear();
                }
                if matches!(tag, Tag::Item | Tag::Paragraph) && !text.is_empty() {
                    text.push(' ');
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && numbered {
                    texts.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    texts
}

/// Plain text of the whole document (for search snippets and word counts).
pub fn plain_text(src: &str) -> String {
    paragraph_texts(src).join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("hello <script>alert(1)</script>");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn blocks_are_numbered_except_headings() {
        let blocks = render_blocks("# Title\n\nfirst\n\n- a\n- b\n\n---\n\nsecond");
        let numbers: Vec<_> = blocks.iter().map(|b| b.number).collect();
        assert_eq!(numbers, vec![None, Some(1), Some(2), None, Some(3)]);
        assert_eq!(
            paragraph_texts("# T\n\none *two*\n\n- a\n- b"),
            vec!["one two", "a b"]
        );
    }

    #[test]
    fn links_get_rel_and_bad_schemes_are_dropped() {
        let html = render("[a](https://example.org) [b](javascript:alert(1))");
        assert!(html.contains(LINK_REL));
        assert!(!html.contains("javascript"));
    }
}
