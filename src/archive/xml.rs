//! Text made safe for XML, shared by the exports that write it (`.docx`, `.qdpx`).

/// Escapes `s` for an XML element or a quoted attribute, dropping the characters XML 1.0 cannot
/// hold (controls other than tab and line breaks, U+FFFE, U+FFFF).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\u{FFFF}\tz"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\tz"
        );
    }
}
