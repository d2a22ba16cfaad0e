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

/// Deepest nesting of block quotes and lists that is kept; deeper markers are flattened into the
/// innermost kept one. An HTML parser (our sanitiser's, and every browser's) looks through its
/// open elements for each new one, so nesting without bound costs time quadratic in the input:
/// 60 000 `>` took seconds of CPU. No real story comes near this depth.
pub const MAX_BLOCK_NESTING: usize = 16;
/// Deepest nesting of emphasis, strong emphasis, strikethrough and links that is kept.
pub const MAX_INLINE_NESTING: usize = 16;

/// Rewrites the event stream so that nothing but text and the allowed structure remains:
/// raw HTML becomes literal text, images become their alt text, and nesting is bounded.
fn safe_events(src: &str) -> impl Iterator<Item = Event<'_>> {
    let mut depth = Nesting::default();
    Parser::new_ext(src, options())
        .filter_map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            // An HTML block becomes an ordinary paragraph of literal text.
            Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
            other => Some(other),
        })
        .filter_map(move |event| depth.bound(event))
}

/// How a tag counts towards the nesting bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nest {
    /// A block quote or a list.
    Block,
    /// A list item: kept exactly when its list is.
    Item,
    /// Emphasis, strong emphasis, strikethrough, a link.
    Inline,
    /// Anything else, which cannot nest without a block or inline container between.
    Other,
}

/// The open tags, each with whether it was kept, and how many of each kind are open and kept.
#[derive(Debug, Default)]
struct Nesting {
    open: Vec<(Nest, bool)>,
    blocks: usize,
    inlines: usize,
}

impl Nesting {
    /// Passes `event` on, or drops a start or end tag that is nested too deeply. The text inside
    /// a dropped tag stays, in the innermost kept container; a dropped list item starts with a
    /// line break, so that items do not run together.
    fn bound<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match &event {
            Event::Start(tag) => {
                let nest = match tag {
                    Tag::BlockQuote(_) | Tag::List(_) => Nest::Block,
                    Tag::Item => Nest::Item,
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                        Nest::Inline
                    }
                    _ => Nest::Other,
                };
                let kept = match nest {
                    Nest::Block => self.blocks < MAX_BLOCK_NESTING,
                    Nest::Item => self.open.last().is_none_or(|(_, kept)| *kept),
                    Nest::Inline => self.inlines < MAX_INLINE_NESTING,
                    Nest::Other => true,
                };
                self.open.push((nest, kept));
                match (nest, kept) {
                    (Nest::Block, true) => self.blocks += 1,
                    (Nest::Inline, true) => self.inlines += 1,
                    (Nest::Item, false) => return Some(Event::SoftBreak),
                    _ => {}
                }
                kept.then_some(event)
            }
            Event::End(_) => {
                let (nest, kept) = self.open.pop().unwrap_or((Nest::Other, true));
                match (nest, kept) {
                    (Nest::Block, true) => self.blocks -= 1,
                    (Nest::Inline, true) => self.inlines -= 1,
                    _ => {}
                }
                kept.then_some(event)
            }
            _ => Some(event),
        }
    }
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

/// Byte ranges of `src` that are rendered as text exactly as written: no escapes, entities or
/// markup inside, and not the address or label of a link (which a mark placed in
/// it would change). The preview marks an identifier in place only inside one of these, so a mark
/// always covers exactly the identifier's text and never alters what is rendered around it.
pub fn verbatim_text_ranges(src: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::LinkType;
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    // Inside an autolink or a link written as `[label]` or `[label][]`, the text is also the
    // address or the label that finds the address.
    let mut in_label = false;
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        let text = match &event {
            Event::Start(Tag::Link { link_type, .. }) => {
                in_label = !matches!(link_type, LinkType::Inline | LinkType::Reference);
                continue;
            }
            Event::End(TagEnd::Link) => {
                in_label = false;
                continue;
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) if !in_label => t,
            _ => continue,
        };
        if src.get(range.clone()) != Some(&**text) {
            continue;
        }
        match runs.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => runs.push(range),
        }
    }
    runs
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

    fn count(html: &str, tag: &str) -> usize {
        html.matches(&format!("<{tag}>")).count()
    }

    #[test]
    fn block_quotes_deeper_than_the_bound_are_flattened_keeping_their_text() {
        let html = render(&format!("{}deep", ">".repeat(1000)));
        assert_eq!(count(&html, "blockquote"), MAX_BLOCK_NESTING, "{html}");
        assert!(html.contains("<p>deep</p>"), "{html}");
    }

    #[test]
    fn lists_deeper_than_the_bound_are_flattened_keeping_every_item() {
        let src: String = (0..40)
            .map(|i| format!("{}- item{i}\n", "  ".repeat(i)))
            .collect();
        let html = render(&src);
        assert_eq!(count(&html, "ul"), MAX_BLOCK_NESTING, "{html}");
        assert_eq!(count(&html, "li"), MAX_BLOCK_NESTING, "{html}");
        let text = plain_text(&src);
        for i in 0..40 {
            assert!(text.contains(&format!("item{i}")), "{text}");
        }
        assert!(text.contains("item38 item39"), "{text}");
    }

    #[test]
    fn emphasis_deeper_than_the_bound_is_flattened() {
        let half = 500;
        let html = render(&format!("{}a{}", "*".repeat(half), "*".repeat(half)));
        assert!(
            count(&html, "em") + count(&html, "strong") <= MAX_INLINE_NESTING,
            "{html}"
        );
        assert!(html.contains('a'), "{html}");
    }

    #[test]
    fn ordinary_nesting_renders_as_before() {
        let html = render("> quoted\n>\n> - a *b **c [d](https://example.org)***\n>   - e");
        assert_eq!(count(&html, "blockquote"), 1);
        assert_eq!(count(&html, "ul"), 2);
        assert_eq!(count(&html, "em") + count(&html, "strong"), 2);
        assert!(html.contains("<a href=\"https://example.org\""), "{html}");
    }

    #[test]
    fn links_get_rel_and_bad_schemes_are_dropped() {
        let html = render("[a](https://example.org) [b](javascript:alert(1))");
        assert!(html.contains(LINK_REL));
        assert!(!html.contains("javascript"));
    }
}
