//! A query as the expression parser reads it, in pieces: bare words, quoted phrases (with their
//! `+`/`-`), and the syntax passed through as it is (spaces, brackets, operators, fields,
//! wildcards). The thesaurus (`expand`) rewrites the words and phrases and leaves the rest.

/// A piece of a query as written.
pub(super) enum Piece<'a> {
    /// Passed on unchanged: spaces, brackets, operators, field-qualified words, wildcards.
    Verbatim(&'a str),
    /// A bare word, maybe with a `+`/`-` in front.
    Word { prefix: &'a str, text: &'a str },
    /// A quoted phrase, maybe with `+`/`-` in front; `closed` when its closing quote was there.
    Phrase {
        prefix: &'a str,
        text: &'a str,
        quote: char,
        closed: bool,
    },
}

/// Splits `q` into pieces the way the expression parser reads it.
pub(super) fn pieces<'a>(q: &'a str, is_field: &dyn Fn(&str) -> bool) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut rest = q;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() || c == '(' || c == ')' {
            let n = rest
                .find(|ch: char| !(ch.is_whitespace() || ch == '(' || ch == ')'))
                .unwrap_or(rest.len());
            out.push(Piece::Verbatim(&rest[..n]));
            rest = &rest[n..];
            continue;
        }
        let (prefix, body) = match c {
            '-' | '+' if rest.len() > 1 => rest.split_at(1),
            _ => ("", rest),
        };
        if let Some(quote) = body.chars().next().filter(|q| matches!(q, '"' | '\'')) {
            let inner = &body[1..];
            let (text, after, closed) = match inner.find(quote) {
                Some(end) => (&inner[..end], &inner[end + 1..], true),
                None => (inner, "", false),
            };
            out.push(Piece::Phrase {
                prefix,
                text,
                quote,
                closed,
            });
            rest = after;
            continue;
        }
        if body.starts_with('(') {
            // `-(a OR b)`: the sign belongs to the bracket.
            out.push(Piece::Verbatim(prefix));
            rest = body;
            continue;
        }
        let n = body
            .find(|ch: char| ch.is_whitespace() || matches!(ch, '(' | ')' | '"'))
            .unwrap_or(body.len());
        let (word, after) = body.split_at(n);
        let field = word.split_once(':').is_some_and(|(name, _)| is_field(name));
        let syntax = matches!(word, "AND" | "OR" | "NOT" | "IN")
            || field
            || word.contains(['*', '^', '~'])
            || word.is_empty();
        if syntax {
            out.push(Piece::Verbatim(&rest[..prefix.len() + n]));
        } else {
            out.push(Piece::Word { prefix, text: word });
        }
        rest = after;
    }
    out
}

/// A bare word as the parser should get it: quoted when it holds a character the expression
/// syntax would read as an operator (`didn't`, `1:1`).
pub(super) fn plain_word(prefix: &str, word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_alphanumeric() || "&-_./".contains(c))
    {
        format!("{prefix}{word}")
    } else {
        format!("{prefix}\"{word}\"")
    }
}

/// Whether `q` is plain words and phrases, with no operator, sign, bracket or field: a query
/// typed as a description, which may be read as "any of these words, all of them first".
pub(super) fn is_plain(q: &str, is_field: &dyn Fn(&str) -> bool) -> bool {
    plain_parts(q, is_field).is_some_and(|n| n >= 2)
}

/// How many words and quoted phrases `q` is, if it is nothing else (no operator, sign, bracket
/// or field).
pub(super) fn plain_parts(q: &str, is_field: &dyn Fn(&str) -> bool) -> Option<usize> {
    let mut parts = 0;
    for piece in pieces(q, is_field) {
        match piece {
            Piece::Word { prefix: "", .. } => parts += 1,
            Piece::Phrase {
                prefix: "",
                closed: true,
                ..
            } => parts += 1,
            Piece::Verbatim(s) if s.trim().is_empty() => {}
            _ => return None,
        }
    }
    Some(parts)
}
