//! Exact dates: a day and a month in words or figures, with the weekday when there is one, a
//! day of the month alone where the words around make it one ("til the 27th"), a named day
//! with its year ("Boxing Day 2018"), the days opening the lines of a log, and a date of birth.
//! A month with only a year is coarse enough to keep and is not flagged.

use super::{push, re, Candidate, Kind};
use regex::Regex;
use std::sync::LazyLock;

const REASON_DATE: &str = "This looks like an exact date, such as a birthday, which could help identify someone; a month and year is safer.";

/// A month, written out or short, in any case ("March", "sept", "Nov."), but for "may"; also
/// the misspellings people often type ("Febuary", "Septmber").
const MONTHS: &str = r"(?:May|(?i:january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|febuary|feburary|janurary|januray|septmber|septemeber|ocotber|novemeber|novmber|decemeber|decmber|agust))\.?";
const DAY: &str = r"(?:0?[1-9]|[12]\d|3[01])";

static DATE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{DAY}([/.-])(?:0?[1-9]|1[0-2])([/.-])(?:19\d\d|20\d\d|\d\d)\b|\b(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
    ))
});

/// A day of the month spelt out ("first", "twenty-second", "thirty first").
const DAY_IN_WORDS: &str = r"(?i:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)";

/// A day of the week, written out or short, in any case ("Monday", "thurs", "Fri").
const WEEKDAY: &str = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)\.?";

/// A day and month, with the weekday before it when there is one ("Monday 3rd February 2020",
/// "Fri 9th Feb"), or a weekday and a day of the month alone ("Tuesday 14th", "monday 21st"):
/// "3rd March 2019", "12 March", "the 3rd of March", "the 6th o January", "the fifth of
/// March", "March 3, 2019",
/// "March 3rd". A month with only a year ("March 2019") is coarse enough to keep and does not
/// match.
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b{WEEKDAY},?[ \t]+(?:the[ \t]+)?)?(?:\b(?:{DAY}(?:st|nd|rd|th)?(?: of| o'?)?|{DAY_IN_WORDS}(?: of| o'?))[ \t]+{MONTHS}(?:,?[ \t]+(?:19|20)\d\d|[ \t]+'\d\d)?\b|\b{MONTHS}[ \t]+{DAY}(?:st|nd|rd|th)?\b(?:,?[ \t]+(?:19|20)\d\d\b)?)|\b{WEEKDAY}[ \t]+(?:the[ \t]+)?{DAY}(?:st|nd|rd|th)\b"
    ))
});

/// A day and month (no year) at the start of a line, followed by a space: the entries of a log.
static DATE_LINE_START: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?m)^[ \t]*{DAY}/(?:0?[1-9]|1[0-2])\b(?:[ \t]|$)"
    ))
});

/// A lead-in that makes the following date a date of birth, or a bare "born on the 4th".
static DATE_BIRTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:d\.?o\.?b\b\.?|date of birth|born on(?: the)?)[ \t]*[:\-]?[ \t]*(?:\d{1,2}(?:st|nd|rd|th)\b)?",
    )
});

/// A day of the month alone where the words around make it one: "on the 12th", "was the 27th
/// and", the first day of a range ("between 3rd and 22nd October", "10th–24th August"), a
/// diary line opening "29th.", "Fri 26/01", "on 28/4", "started 14/09".
static DATE_DAY_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\bthe ({DAY}(?:st|nd|rd|th))\b|\b(?:between|from)? ?({DAY}(?:st|nd|rd|th)?) ?(?:and|to|-|–) ?(?:the )?{DAY}(?:st|nd|rd|th)?(?: of| o'?)? {MONTHS}|(?m:^[ \t]*({DAY}(?:st|nd|rd|th))[.:])|\b({WEEKDAY}[ \t]+{DAY}/(?:0?[1-9]|1[0-2]))\b|\b(?:on|from|until|til|till|since|by|before|after|started|starts|ended|ends|is|was|dated|for|due|booked|and|to|-|–) ({DAY}/(?:0?[1-9]|1[0-2]))\b"
    ))
});

/// A named day with its year: "Christmas Day 2019", "Boxing Day 2018", "Nos Galan 2022".
static DATE_NAMED_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:christmas (?:day|eve)|xmas (?:day|eve)|boxing day|new year'?s (?:day|eve)|hogmanay|nos galan|st david'?s day|st patrick'?s day|st andrew'?s day|valentine'?s day|bonfire night|guy fawkes night|halloween|easter (?:sunday|monday)|good friday|mother'?s day|father'?s day|eid(?: al-fitr| al-adha)?|diwali|burns night)[ \t]+(?:19|20)\d\d\b",
    )
});

/// Exact dates (a day and a month, or a bare "born on the 4th"), with any "DOB:" lead-in.
pub(super) fn find_dates(text: &str, out: &mut Vec<Candidate>) {
    let mut dates: Vec<(usize, usize)> = Vec::new();
    for caps in DATE_NUMERIC.captures_iter(text) {
        let m = caps.get(0).expect("whole match");
        // "12/03-87" mixes separators, and "1.2.3.4" or "1.5.10.2" is a version or address.
        let same_separators = match (caps.get(1), caps.get(2)) {
            (Some(a), Some(b)) => a.as_str() == b.as_str(),
            _ => true,
        };
        let continues = text.as_bytes()[m.end()..]
            .get(..2)
            .is_some_and(|b| matches!(b[0], b'.' | b'/' | b'-') && b[1].is_ascii_digit());
        let follows_number = text[..m.start()]
            .bytes()
            .next_back()
            .is_some_and(|b| matches!(b, b'.' | b'/' | b'-' | b'+' | b'0'..=b'9'));
        if same_separators && !continues && !follows_number {
            dates.push((m.start(), m.end()));
        }
    }
    for m in DATE_WORDS
        .find_iter(text)
        .chain(DATE_NAMED_DAY.find_iter(text))
    {
        dates.push((m.start(), m.end()));
    }
    for caps in DATE_DAY_ONLY.captures_iter(text) {
        // The day itself, without the words that showed it is one ("on the", "between").
        if let Some((group, day)) = (1..=5).find_map(|i| caps.get(i).map(|m| (i, m))) {
            // "the 3rd time", "the 12th floor": a count, not a day; "paid on the 1st of the
            // month": every month. Only "the" before a day can be followed by either.
            let counted = group == 1 && {
                let rest = &text[day.end()..];
                let next = rest.split_whitespace().next().unwrap_or("");
                let next = next.trim_end_matches(|c: char| !c.is_alphabetic());
                // "on the 3rd with a discharge grant", "the night of the 14th again": after
                // words that say when, a day unless a count follows ("on the 3rd floor").
                let when = is_when_before(&text[..day.start()]);
                next.starts_with(|c: char| c.is_alphabetic())
                    && if when {
                        is_counted(next)
                    } else {
                        !is_word_after_a_day(next)
                    }
                    || [" of the month", " of every month", " of each month"]
                        .iter()
                        .any(|m| rest.starts_with(m))
            };
            // "rated it 7/10", "24/7", "3/4 of them": a score, a phrase or a fraction.
            let scored = group == 5 && is_score_or_fraction(day.as_str());
            if !counted && !scored {
                dates.push((day.start(), day.end()));
            }
        }
    }
    // A day and month opening the lines of a log or diary ("12/08 João very agitated"): only
    // when at least two lines open so, since one "24/7 support" or "1/2 of them" is not a log.
    let log_days: Vec<(usize, usize)> = DATE_LINE_START
        .find_iter(text)
        .map(|m| {
            let whole = m.as_str();
            let start = m.start() + (whole.len() - whole.trim_start().len());
            (start, m.start() + whole.trim_end().len())
        })
        .filter(|&(s, e)| !matches!(&text[s..e], "24/7" | "9/11"))
        .collect();
    if log_days.len() >= 2 {
        dates.extend(log_days);
    }
    for m in DATE_BIRTH.find_iter(text) {
        // "born on the 4th": a day of birth without a month is still identifying. After a
        // label ("DOB: 12/03/1987") the date alone is flagged, as moderators and the labelled
        // sets read it, and the label stays to say what was removed.
        if m.as_str().ends_with(|c: char| c.is_ascii_alphabetic())
            && m.as_str().contains(|c: char| c.is_ascii_digit())
        {
            dates.push((m.start(), m.end()));
        }
    }
    for (start, end) in dates {
        push(out, Kind::Date, start, end, REASON_DATE);
    }
}

/// Whether the words before "the" say when ("on the", "since the", "the night of the"), so that
/// a day of the month can follow.
fn is_when_before(before: &str) -> bool {
    let Some(before) = before
        .strip_suffix("the ")
        .or_else(|| before.strip_suffix("The "))
    else {
        return false;
    };
    let word = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    one_of!(
        word.as_str(),
        "on" | "since"
            | "until"
            | "till"
            | "til"
            | "by"
            | "before"
            | "after"
            | "night"
            | "morning"
            | "evening"
            | "afternoon"
            | "weekend"
            | "of"
    )
}

/// Whether `word`, after "the 3rd", counts something rather than following a day ("on the
/// 3rd floor", "on the 2nd attempt").
fn is_counted(word: &str) -> bool {
    one_of!(
        word.to_ascii_lowercase().as_str(),
        "time"
            | "times"
            | "floor"
            | "attempt"
            | "go"
            | "try"
            | "day"
            | "week"
            | "month"
            | "year"
            | "occasion"
            | "person"
            | "place"
            | "one"
            | "admission"
            | "round"
            | "dose"
            | "session"
            | "appointment"
            | "letter"
            | "call"
            | "night"
            | "stage"
            | "century"
            | "generation"
            | "row"
            | "step"
            | "visit"
            | "episode"
            | "anniversary"
            | "birthday"
            | "lap"
            | "page"
            | "line"
            | "paragraph"
            | "bed"
            | "room"
            | "door"
            | "house"
            | "child"
            | "baby"
            | "son"
            | "daughter"
            | "grade"
            | "class"
            | "form"
    )
}

/// Words that may follow a day of the month ("til the 27th and", "on the 2nd, marked"), as
/// against a noun it counts ("the 3rd time").
fn is_word_after_a_day(word: &str) -> bool {
    one_of!(
        word.to_ascii_lowercase().as_str(),
        "and"
            | "or"
            | "but"
            | "at"
            | "in"
            | "on"
            | "of"
            | "when"
            | "so"
            | "then"
            | "i"
            | "we"
            | "she"
            | "he"
            | "they"
            | "it"
            | "til"
            | "till"
            | "until"
            | "because"
            | "cos"
            | "for"
            | "which"
            | "to"
            | "the"
            | "a"
            | "my"
            | "an"
            | "ah"
            | "was"
            | "is"
            | "if"
    )
}

/// Whether a day and month in figures without a year ("7/10", "24/7", "3/4") reads more as a
/// score, a phrase or a fraction than as a day: out of ten or five, round the clock, or a small
/// fraction written without a leading zero.
fn is_score_or_fraction(figures: &str) -> bool {
    let Some((day, month)) = figures.split_once('/') else {
        return false;
    };
    let (Ok(d), Ok(m)) = (day.parse::<u32>(), month.parse::<u32>()) else {
        return false;
    };
    let padded = day.starts_with('0') || month.starts_with('0');
    figures == "24/7"
        || figures == "9/11"
        || (!padded && ((m == 10 && d <= 10) || (m == 5 && d <= 5) || (d < m && m <= 8)))
}
