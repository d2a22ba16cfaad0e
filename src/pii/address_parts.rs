//! The parts of one address found apart and joined: "Flat 9, Tamarind Court, 42 Lordship Lane"
//! is found as a building and a street, and a moderator needs it as one address, with the flat
//! number that says which door.

use std::sync::LazyLock;

use regex::Regex;

use super::places::REASON_STREET;
use super::{re, Finding, Kind};

/// "Flat 9, ", "apartment 12 ", "Room 3," just before a building or street.
static UNIT_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:flat|apartment|apt|room|unit)\.?[ \t]+\d{1,4}[a-z]?,?[ \t]*$"));

/// "Flat " just before "7, Beaumont Court", whose number was found with the building.
static UNIT_WORD_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:flat|apartment|apt|room|unit)\.?[ \t]+$"));

/// Whether `name` ends in a word for a block of homes ("Tamarind Court", "Wesley House").
fn is_building(name: &str) -> bool {
    name.rsplit(' ').next().is_some_and(|last| {
        matches!(
            last,
            "Court"
                | "House"
                | "Mansions"
                | "Estate"
                | "Buildings"
                | "Flats"
                | "Tower"
                | "Heights"
                | "Lodge"
                | "Apartments"
        )
    })
}

/// Whether an address begins with its flat or room ("Flat 9, Tamarind Court").
fn begins_with_unit(address: &str) -> bool {
    let lower = address.get(..10).unwrap_or(address).to_ascii_lowercase();
    ["flat ", "apartment ", "apt ", "apt. ", "room ", "unit "]
        .iter()
        .any(|w| lower.starts_with(w))
}

/// Extends an address or building back over the flat or room number before it, and joins it to
/// the street that follows after a comma ("Flat 12, Wesley House, Mount Pleasant Street").
pub(super) fn join_address_parts(text: &str, findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for mut f in findings {
        if !matches!(f.kind, Kind::Address | Kind::Place) {
            out.push(f);
            continue;
        }
        // Only the last two dozen bytes can hold "Flat 12, ", so the regex never reads the
        // text before them, however long it is.
        let before = &text[..f.start];
        let window = (before.len().saturating_sub(24)..before.len())
            .find(|&i| before.is_char_boundary(i))
            .unwrap_or(before.len());
        let near = &before[window..];
        let numbered = f.text.starts_with(|c: char| c.is_ascii_digit());
        let unit = UNIT_BEFORE
            .find(near)
            .or_else(|| numbered.then(|| UNIT_WORD_BEFORE.find(near)).flatten());
        // Never back over an earlier finding: spans stay apart.
        let free = out.last().map_or(0, |p| p.end);
        let unit = unit.filter(|m| window + m.start() >= free);
        if let Some(m) = unit.filter(|_| f.kind == Kind::Address || is_building(&f.text)) {
            f.start = window + m.start();
            f.kind = Kind::Address;
            f.reason = REASON_STREET.to_string();
            f.text = text[f.start..f.end].to_string();
        }
        // "Flat 9, Tamarind Court, 42 Lordship Lane": the street after the flat and building.
        if let Some(prev) = out.last_mut() {
            let joins = matches!(&text[prev.end..f.start], ", " | " ")
                && prev.kind == Kind::Address
                && f.kind == Kind::Address
                && (begins_with_unit(&prev.text) || is_building(&prev.text));
            if joins {
                prev.end = f.end;
                prev.text = text[prev.start..prev.end].to_string();
                continue;
            }
        }
        out.push(f);
    }
    out
}

/// Words that stand before a postcode and are no town: what labels it.
fn labels_a_postcode(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "postcode" | "post" | "code" | "eircode" | "address" | "zip" | "pc" | "to" | "from"
    )
}

/// The town just before a postcode ("3 Ashbourne Road, Derby DE22 3FS", "Salthill, H91 E2W4",
/// "grimsby dn31 1hx"): one to three words, capitalised as the postcode is (or in lower case
/// where it is), after a comma or at the start of a line. Such a town is a place even when its
/// name is an ordinary word ("Hull", "Cork") or was taken for a person ("Shanakiel").
pub(super) fn find_towns_before_postcodes(text: &str, findings: &mut Vec<Finding>) {
    let mut towns = Vec::new();
    for p in findings.iter().filter(|f| f.kind == Kind::Postcode) {
        let before = &text[..p.start];
        let Some(rest) = before
            .strip_suffix(", ")
            .or_else(|| before.strip_suffix(' '))
        else {
            continue;
        };
        let lower_case = !p.text.contains(|c: char| c.is_ascii_uppercase());
        // Walk back over at most three words of letters, hyphens and apostrophes.
        let mut start = rest.len();
        let mut words = 0;
        while words < 3 {
            let head = &rest[..start];
            let word_start = head
                .rfind(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’'))
                .map_or(0, |i| {
                    i + head[i..].chars().next().map_or(1, char::len_utf8)
                });
            let word = &head[word_start..];
            let fits = word.chars().count() >= 2
                && !labels_a_postcode(word)
                && if lower_case {
                    word.chars().all(|c| !c.is_uppercase())
                } else {
                    word.starts_with(char::is_uppercase)
                };
            if !fits {
                break;
            }
            start = word_start;
            words += 1;
            if !head[..word_start].ends_with(' ') || head[..word_start].ends_with(", ") {
                break;
            }
        }
        // A town in lower case is one word after a comma: "flat 12 brunswick house, grimsby".
        if words == 0 || (lower_case && words > 1) {
            continue;
        }
        let lead = rest[..start].trim_end_matches(' ');
        let opens_a_part = lead.is_empty() || lead.ends_with([',', '\n']);
        if !opens_a_part {
            continue;
        }
        towns.push((start, rest.len()));
    }
    // Findings stand apart in order, so those a town overlaps lie just before the first that
    // starts after it: each town is checked against them alone.
    findings.sort_by_key(|f| f.start);
    let mut added = Vec::new();
    for (start, end) in towns {
        let after = findings.partition_point(|f| f.start < end);
        let mut overlapping = findings[..after]
            .iter_mut()
            .rev()
            .take_while(|f| f.end > start);
        match (overlapping.next(), overlapping.next()) {
            (None, _) => added.push(Finding {
                kind: Kind::Place,
                start,
                end,
                text: text[start..end].to_string(),
                reason: super::places::REASON_PLACE.to_string(),
            }),
            // "Shanakiel" taken for a person is the town.
            (Some(f), None) if f.kind == Kind::Person && f.start == start && f.end == end => {
                f.kind = Kind::Place;
                f.reason = super::places::REASON_PLACE.to_string();
            }
            _ => {}
        }
    }
    findings.append(&mut added);
    findings.sort_by_key(|f| f.start);
}
