//! Names of wards, hospitals, trusts, prisons and other places: capitalised words before a place
//! suffix ("Willow Ward"), numbered wards, prisons and a few institutions known without a suffix.
//! A name made only of words describing a kind of service ("the Acute Ward") is not flagged.

use super::words::{GENERIC_PLACE_WORDS, STOP_WORDS};
use super::{push, re, Candidate, Kind};
use regex::{Captures, Regex};
use std::sync::LazyLock;

const REASON_PLACE: &str = "This looks like the name of a ward, hospital, service or other place, which could identify you or the staff there.";

/// One to five capitalised words before a place suffix: "St Anne's Hospital", "Willow Ward",
/// "Northfield NHS Foundation Trust", "Brixton Police Station".
static PLACE_SUFFIXED: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:St\.|[A-Z][A-Za-z'’&-]*)";
    re(&format!(
        r"\b({word}(?:[ \t]+(?:(?:of|and|upon|the)[ \t]+)?{word}){{0,4}})[ \t]+(NHS Foundation Trust|NHS Trust|Foundation Trust|Trust|Police Station|Medical Practice|Medical Centre|Health Centre|Hospital|Infirmary|Hospice|Clinic|Surgery|Centre|Center|Unit|unit|House|Lodge|Ward|ward|Suite|Wing|Prison)\b"
    ))
});

static PLACE_NUMBERED_WARD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i:\bward[ \t]+\d{1,3}[a-z]?\b(?:[ \t]+[a-z]+)?)|\bWard[ \t]+[A-HJ-Z]\d?\b")
});

static PLACE_PRISON: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bHM(?:P|YOI|P ?& ?YOI)[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?"));

/// Institutions so well known that they are named without a suffix.
static PLACE_KNOWN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:Priory|Maudsley|Bethlem|Broadmoor|Rampton|Ashworth|Carstairs|Tavistock|Cygnet|Huntercombe)\b",
    )
});

/// Named places: suffixed names, numbered wards, prisons and well-known institutions.
pub(super) fn find_places(text: &str, out: &mut Vec<Candidate>) {
    for caps in PLACE_SUFFIXED.captures_iter(text) {
        if let Some(start) = distinctive_place_start(&caps) {
            let end = caps.get(0).expect("whole match").end();
            push(out, Kind::Place, start, end, REASON_PLACE);
        }
    }
    for m in PLACE_NUMBERED_WARD.find_iter(text) {
        // "on the ward 3 times a day" counts visits; "ward 7" names a ward.
        let mut words = m.as_str().split_whitespace();
        let number = words.nth(1).unwrap_or("");
        let unit = words.next();
        let counts = matches!(
            unit,
            Some(
                "times"
                    | "days"
                    | "weeks"
                    | "months"
                    | "years"
                    | "hours"
                    | "nights"
                    | "or"
                    | "to"
                    | "x"
                    | "staff"
                    | "patients"
                    | "beds"
            )
        );
        if !counts {
            let end = m.start() + m.as_str().find(number).unwrap_or(0) + number.len();
            push(out, Kind::Place, m.start(), end, REASON_PLACE);
        }
    }
    for m in PLACE_PRISON
        .find_iter(text)
        .chain(PLACE_KNOWN.find_iter(text))
    {
        push(out, Kind::Place, m.start(), m.end(), REASON_PLACE);
    }
}

/// The start of a suffixed place name once leading function words ("On Willow Ward") are
/// dropped, or `None` when what is left only describes a kind of service ("the Acute Ward").
fn distinctive_place_start(caps: &Captures) -> Option<usize> {
    let words = caps.get(1)?;
    let mut offset = 0;
    let mut start = None;
    let mut distinctive = false;
    for word in words.as_str().split([' ', '\t']) {
        let lower = word.to_lowercase();
        let bare = lower.trim_end_matches(['\'', '’', 's']);
        if start.is_none() && STOP_WORDS.contains(lower.as_str()) {
            offset += word.len() + 1;
            continue;
        }
        start.get_or_insert(words.start() + offset);
        if !GENERIC_PLACE_WORDS.contains(lower.as_str())
            && !GENERIC_PLACE_WORDS.contains(bare)
            && !matches!(lower.as_str(), "of" | "and" | "upon" | "on" | "the" | "")
        {
            distinctive = true;
        }
    }
    start.filter(|_| distinctive)
}
