//! Search snippets as HTML: the text escaped, matched words in `<mark>`. Search returns the
//! snippet as data; this is the one place it becomes markup.

use crate::archive::Snippet;

/// A snippet as HTML: each piece escaped, the highlighted pieces wrapped in `<mark>`.
pub(crate) fn snippet_html(snippet: &Snippet) -> String {
    let mut html = String::new();
    for fragment in &snippet.fragments {
        if fragment.highlighted {
            html.push_str("<mark>");
            push_escaped(&mut html, &fragment.text);
            html.push_str("</mark>");
        } else {
            push_escaped(&mut html, &fragment.text);
        }
    }
    html
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Fragment;

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
            "a &lt;b&gt; &amp; &quot;c&quot; it&#39;s <mark>nurse</mark><mark>s</mark>"
        );
    }

    #[test]
    fn an_opening_without_matches_is_escaped_the_same_way() {
        let snippet = Snippet {
            fragments: vec![piece("it's <i>", false)],
        };
        assert_eq!(snippet_html(&snippet), "it&#39;s &lt;i&gt;");
        assert_eq!(snippet_html(&Snippet::default()), "");
    }
}
