//! Where a word stands in its line: a line of its own that signs a text off ("Roxy x"), the
//! speaker opening a line of a chat log ("[21:05] Jaz: omg"), and whether a text is a chat
//! log at all. Each looks only at the few characters around the word, so that a long text
//! without line breaks is not scanned again for every word.

/// Whether the word at `start..end` is a line of its own that signs the text off: the last
/// line ("Roxy", "– Roxy x"), or the line after a farewell ending in a comma ("Love,").
pub(super) fn signs_off(text: &str, start: usize, end: usize) -> bool {
    // Only the few characters around the name are looked at, so that a long text without line
    // breaks is not scanned again for every sentence.
    let lead = text[..start].trim_end_matches([' ', '\t', '-', '–', '—']);
    if !lead.ends_with('\n') {
        return false;
    }
    let tail = text[end..].trim_start_matches(['.', '!', ' ', '\t', 'x']);
    if !(tail.is_empty() || tail.starts_with(['\n', '\r'])) {
        return false;
    }
    tail.trim().is_empty() || lead.trim_end().ends_with(',')
}

/// Whether `text` reads as a chat log or transcript: three or more lines open with a speaker
/// ("jess: can u do my late", "[21:05] Jaz: omg").
pub(super) fn is_chat_log(text: &str) -> bool {
    text.lines()
        .filter(|line| {
            let line = line.trim_start();
            let line = match line.strip_prefix('[') {
                Some(rest) => rest.split_once(']').map_or(rest, |(_, r)| r).trim_start(),
                None => line,
            };
            let line = line.trim_start_matches(['*', '_']);
            let speaker_end = line
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(line.len());
            (1..=24).contains(&speaker_end) && said_after(&line[speaker_end..]).is_some()
        })
        .take(3)
        .count()
        >= 3
}

/// Whether the word ending at `end` opens its line (after an optional "[21:05]", "21:05" or
/// "[03/06/2023, 23:16]"), as a speaker's name in a chat log does.
pub(super) fn speaker_line(text: &str, end: usize) -> bool {
    // A timestamp and a name fit well within this; looking no further back keeps a long text
    // with no line breaks from being scanned again for every word.
    const SPEAKER_REACH: usize = 64;
    let mut from = end.saturating_sub(SPEAKER_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let Some(line) = text[from..end]
        .rsplit_once('\n')
        .map(|(_, line)| line)
        .or((from == 0).then(|| &text[..end]))
    else {
        return false;
    };
    // A bracketed stamp may hold spaces: "[03/06/2023, 23:16] Jade:" as a phone exports it.
    let line = line.trim_start();
    if let Some((_, after)) = line.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
        return after.split_whitespace().count() <= 1;
    }
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let stamp = first
        .trim_matches(['[', ']'])
        .chars()
        .all(|c| c.is_ascii_digit() || c == ':');
    match words.next() {
        None => true,
        Some(_) if words.next().is_none() => stamp,
        _ => false,
    }
}

/// What a speaker says, after the end of their name: the words after its colon, past a time
/// in brackets and Markdown bold or italics ("Jaz: omg", "Tomás (21:41): where are u",
/// "**Mum:** ring me").
pub(super) fn said_after(rest: &str) -> Option<&str> {
    let rest = match rest.strip_prefix(" (").or_else(|| rest.strip_prefix(" [")) {
        Some(stamp) => {
            let close = stamp.find([')', ']'])?;
            let time = &stamp[..close];
            let is_time = !time.is_empty()
                && time.len() <= 12
                && time
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ' '))
                && time.contains(|c: char| c.is_ascii_digit());
            if !is_time {
                return None;
            }
            &stamp[close + 1..]
        }
        None => rest,
    };
    rest.trim_start_matches(['*', '_'])
        .strip_prefix(':')?
        .trim_start_matches(['*', '_'])
        .strip_prefix(' ')
}
