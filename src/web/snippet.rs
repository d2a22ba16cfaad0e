//! Search snippets as HTML (the text escaped, matched words in `<mark>`), and the HTML escaper
//! for text web writes by hand, such as the Atom feeds.

use crate::search::Snippet;

/// A snippet as HTML: each piece escaped, the highlighted pieces wrapped in `<mark>`.
pub(crate) fn snippet_html(snippet: &Snippet) -> String {
    // Snippets with matches used to be written by tantivy, which escapes an apostrophe as
    // `&#x27;`, while the plain opening shown otherwise used `&#39;`. Both forms are in the
    // `snippet_html` that API clients and feed readers already get, so each keeps its own.
    let apostrophe = if snippet.fragments.iter().any(|f| f.highlighted) {
        "&#x27;"
    } else {
        "&#39;"
    };
    let mut html = String::new();
    for fragment in &snippet.fragments {
        if fragment.highlighted {
            html.push_str("<mark>");
            push_escaped(&mut html, &fragment.text, apostrophe);
            html.push_str("</mark>");
        } else {
            push_escaped(&mut html, &fragment.text, apostrophe);
        }
    }
    html
}

/// Escapes text for HTML.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, "&#39;");
    out
}

fn push_escaped(out: &mut String, text: &str, apostrophe: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Fragment;

    fn piece(text: &str, highlighted: bool) -> Fragment {
        Fragment {
            text: text.into(),
            highlighted,
        }
    }

    #[test]
    fn matched_words_are_marked_and_all_text_is_escaped() {
        let snippet = Snippet {
            fragments: vec![
                piece("a <b> & \"c\" it's ", false),
                piece("nurse", true),
                piece("s", true),
            ],
        };
        assert_eq!(
            snippet_html(&snippet),
            "a &lt;b&gt; &amp; &quot;c&quot; it&#x27;s <mark>nurse</mark><mark>s</mark>"
        );
    }

    #[test]
    fn an_opening_without_matches_is_escaped_as_before() {
        let snippet = Snippet {
            fragments: vec![piece("it's <i>", false)],
        };
        assert_eq!(snippet_html(&snippet), "it&#39;s &lt;i&gt;");
        assert_eq!(escape_html("it's <i>"), "it&#39;s &lt;i&gt;");
        assert_eq!(snippet_html(&Snippet::default()), "");
    }
}
