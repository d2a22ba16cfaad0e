//! The sanitiser pinned by hostile inputs written for this project: whatever goes in, only the
//! tags, attributes and link schemes the renderer is allowed to produce come out.

use chorus::markdown::{render, render_blocks, LINK_REL};

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

/// (name, Markdown) pairs, each an attempt to get script, style, framing or tracking through.
const HOSTILE: &[(&str, &str)] = &[
    ("script tag", "<script>alert(1)</script>"),
    (
        "script uppercase",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    ),
    ("script split over lines", "<scr\nipt>alert(1)</scr\nipt>"),
    (
        "script in a list",
        "- item <script>alert(1)</script>\n- two",
    ),
    ("script in a quote", "> quoted <script>alert(1)</script>"),
    (
        "script in a table",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | x |",
    ),
    ("img onerror", "<img src=x onerror=alert(1)>"),
    (
        "anchor onmouseover",
        "<a href=\"https://ok.example\" onmouseover=\"alert(1)\">hover</a>",
    ),
    ("body onload", "<body onload=alert(1)>text</body>"),
    ("javascript link", "[click](javascript:alert(1))"),
    ("javascript mixed case", "[click](JaVaScRiPt:alert(1))"),
    (
        "javascript with tab entity",
        "[click](java&#x09;script:alert(1))",
    ),
    (
        "javascript decimal entity",
        "[click](&#106;avascript:alert(1))",
    ),
    ("javascript leading space", "[click]( javascript:alert(1))"),
    (
        "javascript control char",
        "[click](\u{1}javascript:alert(1))",
    ),
    ("vbscript link", "[click](vbscript:msgbox(1))"),
    (
        "data html link",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ),
    (
        "data image",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    ),
    (
        "raw iframe",
        "<iframe src=\"https://evil.example\"></iframe>",
    ),
    (
        "object and embed",
        "<object data=x.swf></object><embed src=x.swf>",
    ),
    (
        "form and input",
        "<form action=https://evil.example><input name=receipt></form>",
    ),
    (
        "meta refresh",
        "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
    ),
    ("base tag", "<base href=\"https://evil.example/\">"),
    (
        "link stylesheet",
        "<link rel=stylesheet href=https://evil.example/x.css>",
    ),
    (
        "style tag",
        "<style>body{background:url(https://evil.example/t)}</style>",
    ),
    (
        "inline style",
        "<p style=\"position:fixed;top:0\">cover</p>",
    ),
    ("svg with script", "<svg><script>alert(1)</script></svg>"),
    ("svg onload", "<svg onload=alert(1)>"),
    (
        "mathml",
        "<math><mtext><script>alert(1)</script></mtext></math>",
    ),
    ("autolink javascript", "<javascript:alert(1)>"),
    (
        "reference definition",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
    ),
    (
        "title breaking out",
        "[x](https://ok.example \"a\\\" onmouseover=\\\"alert(1)\")",
    ),
    ("image javascript", "![x](javascript:alert(1))"),
    ("tracking pixel", "![x](https://tracker.example/pixel.png)"),
    ("html comment", "<!-- <script>alert(1)</script> -->after"),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    (
        "entity encoded tag",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    ("emphasis around html", "*<b onclick=alert(1)>x</b>*"),
    ("protocol relative", "[x](//evil.example/path)"),
    (
        "class and id",
        "<span class=x id=p1>spoof a paragraph anchor</span>",
    ),
    (
        "nested link trick",
        "[a [b](javascript:alert(1))](https://ok.example)",
    ),
    ("html block", "<div>\n<script>alert(1)</script>\n</div>"),
];

fn scheme_allowed(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    h.starts_with("http://") || h.starts_with("https://") || h.starts_with("mailto:")
}

/// Parses `html` and lists everything not allowed in it.
fn violations(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    let mut problems = Vec::new();
    for node in fragment.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let tag = el.name();
        // The fragment parser wraps its input in <html> (and <body>); those are not ours.
        let depth = node.ancestors().filter(|a| a.value().is_element()).count();
        if matches!(tag, "html" | "body") && depth <= 2 && el.attrs().next().is_none() {
            continue;
        }
        if !ALLOWED_TAGS.contains(&tag) {
            problems.push(format!("tag <{tag}>"));
        }
        for (name, value) in el.attrs() {
            let allowed = matches!((tag, name), ("a", "href") | ("a", "rel") | ("ol", "start"));
            if !allowed || name.starts_with("on") {
                problems.push(format!("attribute {name} on <{tag}>"));
            }
            if name == "href" && !scheme_allowed(value) {
                problems.push(format!("href {value}"));
            }
        }
        if tag == "a" && el.attr("rel") != Some(LINK_REL) {
            problems.push(format!(
                "link without rel {LINK_REL:?}: {:?}",
                el.attr("rel")
            ));
        }
    }
    problems
}

#[test]
fn hostile_inputs_leave_only_allowed_tags_attributes_and_schemes() {
    assert!(HOSTILE.len() >= 30);
    let mut failures = Vec::new();
    for (name, input) in HOSTILE {
        let html = render(input);
        let mut found = violations(&html);
        for block in render_blocks(input) {
            found.extend(violations(&block.html));
        }
        if !found.is_empty() {
            failures.push(format!("{name}: {found:?}\n  output: {html}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_structural_check_catches_what_it_should() {
    // The checker itself must be able to fail, or the test above proves nothing.
    assert!(!violations("<script>x</script>").is_empty());
    assert!(
        !violations("<a href=\"javascript:x\" rel=\"nofollow noopener noreferrer ugc\">x</a>")
            .is_empty()
    );
    assert!(!violations("<p onclick=\"x\">x</p>").is_empty());
    assert!(!violations("<a href=\"https://ok.example\">no rel</a>").is_empty());
    assert!(violations("<p><em>fine</em></p>").is_empty());
}

#[test]
fn raw_html_is_shown_to_the_reader_as_text() {
    let html = render("I typed <script>alert(1)</script> and <b>bold</b>");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
}

#[test]
fn images_become_their_alt_text_and_load_nothing() {
    let html = render("![a tracking pixel](https://tracker.example/p.png)");
    assert!(html.contains("a tracking pixel"));
    assert!(!html.contains("tracker.example"), "{html}");
}

#[test]
fn safe_markdown_still_renders() {
    let html = render("*em* **strong** ~~gone~~ `code`\n\n- one\n- two\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.org) [mail](mailto:a@example.org)");
    for tag in [
        "<em>",
        "<strong>",
        "<del>",
        "<code>",
        "<ul>",
        "<li>",
        "<blockquote>",
        "<table>",
        "<td>",
    ] {
        assert!(html.contains(tag), "{tag} missing from {html}");
    }
    assert!(html.contains("href=\"https://example.org\""));
    assert!(html.contains("href=\"mailto:a@example.org\""));
    assert!(violations(&html).is_empty());
}
