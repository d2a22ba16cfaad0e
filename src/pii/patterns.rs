//! Identifiers with a fixed shape: email addresses, web links, social media handles, phone,
//! NHS and National Insurance numbers, postcodes and street addresses (exact dates are in
//! `exact_dates.rs`). Each is a regular expression plus the checks a pattern cannot express
//! (check digits, digit grouping).

use super::{just_before, push, re, Candidate, Kind};
use regex::Regex;
use std::sync::LazyLock;

const REASON_EMAIL: &str =
    "This looks like an email address, which could identify you or someone else.";
const REASON_PHONE: &str =
    "This looks like a phone number, which could identify you or someone else.";
const REASON_NHS: &str = "This looks like an NHS number, which identifies a patient.";
const REASON_NI: &str = "This looks like a National Insurance number, which identifies a person.";
const REASON_POSTCODE: &str =
    "This looks like a postcode, which can point to where someone lives or was treated.";
const REASON_ADDRESS: &str =
    "This looks like a street address, which could show where someone lives.";
const REASON_URL: &str =
    "This looks like a web link, which could lead back to you or someone else.";
const REASON_HANDLE: &str =
    "This looks like a social media handle, which could identify you or someone else.";

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b",
    )
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]{}|\\^`]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|info|io|me|co\.uk|org\.uk|uk|ie|scot|wales|cymru)\b(?:/[^\s<>"'()\[\]{}|\\^`]*)?|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/[a-z0-9_~-][^\s<>"'()\[\]{}|\\^`]*"#,
    )
});

/// A handle is `@name` not glued to a preceding word (which would make it part of an email).
static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^A-Za-z0-9_@.])(@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)"));

/// A Discord user name with its four-digit tag ("quietvoices#2231").
static HANDLE_TAGGED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^A-Za-z0-9_@./#])([A-Za-z0-9_.]{2,32}#\d{4})\b"));

/// A user name without the `@`: joined by underscores ("moth_in_a_jar", "Theo_T",
/// "manxmoth_91"), or a Reddit user ("u/PICU_lifer").
static HANDLE_BARE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[^A-Za-z0-9_@./])((?:u/[A-Za-z0-9][A-Za-z0-9_-]{2,})|[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+)")
});

/// Where a phone number may begin; the rest is parsed by hand in `phone_end`.
static PHONE_START: LazyLock<Regex> = LazyLock::new(|| re(r"\+\d|\(0\d|\b0\d"));

static NHS: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b"));

static NI: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b"));

/// Outward code, optional space, full inward code (a digit and two letters from the set the
/// Royal Mail uses, which excludes C, I, K, M, O and V: that rules out "4pm", "2am").
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)( ?)(\d[ABD-HJLNP-UW-Z]{2})\b"));

/// An Irish Eircode: a routing key (a letter from the set An Post uses and two digits, or
/// "D6W") and a unique identifier of four letters and digits from the same set ("D02 X285",
/// "T12 K8AF"). In capitals with letters and digits mixed, or after the word "Eircode".
static EIRCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}\b"));

/// A postcode in capitals at the start of a text, as an address ends.
static POSTCODE_FIRST: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b"));

/// Whether `s` begins with a postcode in capitals ("LA9 4QT, ...").
pub(super) fn starts_with_postcode(s: &str) -> bool {
    POSTCODE_FIRST.is_match(s)
}

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:Flat|Apartment|Apt|Unit|Room)[ \t]+\d+[A-Za-z]?,?[ \t]+)?\d{1,4}[A-Za-z]?,?[ \t]+(?:[A-Z][A-Za-z'’-]*[ \t]+){1,3}(?:Road|Street|Lane|Avenue|Close|Drive|Way|Crescent|Gardens|Terrace|Place|Court|Grove|Hill|Row|Square|Walk|Mews|Parade|Lanes|Cottages|View|Rise|Wynd|Brae|Rd|St|Ln|Ave)\b",
    )
});

/// Email addresses, web links (without trailing punctuation) and `@handles`.
pub(super) fn find_emails_links_handles(text: &str, out: &mut Vec<Candidate>) {
    for m in EMAIL.find_iter(text) {
        push(out, Kind::Email, m.start(), m.end(), REASON_EMAIL);
    }
    for m in URL.find_iter(text) {
        // Sentence punctuation and Markdown emphasis after a link are not part of it.
        let trimmed = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
        push(
            out,
            Kind::Url,
            m.start(),
            m.start() + trimmed.len(),
            REASON_URL,
        );
    }
    for caps in HANDLE
        .captures_iter(text)
        .chain(HANDLE_BARE.captures_iter(text))
        .chain(HANDLE_TAGGED.captures_iter(text))
    {
        let Some(m) = caps.get(1) else { continue };
        let name = m.as_str().trim_end_matches('.');
        if name.len() > 2 && name.bytes().any(|b| b.is_ascii_alphabetic()) {
            push(
                out,
                Kind::Handle,
                m.start(),
                m.start() + name.len(),
                REASON_HANDLE,
            );
        }
    }
}

/// Phone numbers in UK and international forms.
pub(super) fn find_phones(text: &str, out: &mut Vec<Candidate>) {
    for m in PHONE_START.find_iter(text) {
        let start = m.start();
        // "£0.07" or "1,07700": a digit or decimal point just before means this is not the
        // start of a number.
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            continue;
        }
        if let Some(end) = phone_end(text, start) {
            // "(01204 483 690": a bracket opened before the number, not around its area code.
            let start = if text[start..end].starts_with('(') && !text[start..end].contains(')') {
                start + 1
            } else {
                start
            };
            let digits: String = text[start..end]
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if !is_helpline(&digits) {
                push(out, Kind::Phone, start, end, REASON_PHONE);
            }
        }
    }
}

/// National helplines and advice lines: public numbers that identify nobody, and that people
/// writing about a crisis often quote (see GLOSSARY.md). Digits only, as dialled in the UK.
fn is_helpline(digits: &str) -> bool {
    one_of!(
        digits,
        "0800585858" // CALM
            | "03001233393" // Mind Infoline
            | "08001111" // Childline
            | "08000684141" // Papyrus HOPELINE247
            | "08088084994" // The Mix
            | "03003047000" // SANEline
            | "08000119100" // Switchboard LGBT+
            | "08088010677" // Beat
            | "08088010525" // Rethink Mental Illness advice line
            | "08082000247" // National Domestic Abuse Helpline
            | "08004708090" // The Silver Line
            | "03444775774" // Anxiety UK
            | "08088005000" // NSPCC
            | "08088004444" // Shelter
            | "08006781602" // Age UK
            | "08088081677" // Cruse
            | "08088010327" // Men's Advice Line
            | "08081689111" // Victim Support
            | "08009177650" // Alcoholics Anonymous
            | "03009991212" // Narcotics Anonymous
            | "03001236600" // FRANK
            | "08088020133" // GamCare
            | "0800838587" // Breathing Space
            | "08088088000" // Lifeline (Northern Ireland)
            | "08081640123" // Samaritans Welsh-language line
            | "08001448848" // Citizens Advice
            | "08085002222" // Rape Crisis
            | "08088080000" // Macmillan
            | "08001381111" // StepChange
            | "08088084000" // National Debtline
    )
}

/// Parses digit groups from `start` and returns the end of the longest run of whole groups
/// that makes a plausible phone number, so "07700 900123 15 times" stops before "15".
fn phone_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let international = bytes[start] == b'+';
    let mut i = start + usize::from(international || bytes[start] == b'(');
    let mut digits = String::new();
    let mut groups = 0;
    let mut best = None;
    while digits.len() <= 15 {
        // Between groups: a few spaces, dashes or brackets, and the "(0)" of "+44 (0) 7700".
        let mut j = i;
        if !digits.is_empty() {
            while j < bytes.len() && j - i < 6 {
                if bytes[j..].starts_with(b"(0)") {
                    j += 3;
                } else if matches!(bytes[j], b' ' | b'-' | b'(' | b')') {
                    j += 1;
                } else {
                    break;
                }
            }
        }
        let group_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j == group_start {
            break;
        }
        digits.push_str(&text[group_start..j]);
        groups += 1;
        i = j;
        // A twelfth digit in a whole group of three or more is a number mistyped or given
        // with an area code too long ("01274 496 0113"), not a count after it ("… 900123 15").
        let mistyped = !international && digits.len() == 12 && j - group_start >= 3;
        // An Irish landline of nine digits, written in three groups or more ("01 280 44 17").
        let irish = !international
            && digits.len() == 9
            && groups >= 3
            && digits.starts_with('0')
            && !digits.starts_with("00");
        if plausible_phone(&digits, international)
            || mistyped && plausible_phone(&digits[..11], false)
            || irish
        {
            best = Some(i);
        }
    }
    // A letter glued on ("07700900123abc") means it was something else.
    best.filter(|&end| !bytes.get(end).is_some_and(|b| b.is_ascii_alphabetic()))
}

fn plausible_phone(digits: &str, international: bool) -> bool {
    if international {
        if let Some(national) = digits.strip_prefix("44") {
            // "+44 (0)7700..." has had its "(0)" skipped already.
            return (9..=10).contains(&national.len()) && !national.starts_with('0');
        }
        return (8..=15).contains(&digits.len());
    }
    // UK national numbers: 0 then a non-zero digit, 10 or 11 digits in all.
    (10..=11).contains(&digits.len()) && digits.as_bytes().get(1).is_some_and(|&d| d != b'0')
}

/// NHS numbers carry a modulus 11 check digit; only numbers that pass it are flagged, so
/// reference numbers and other ten-digit runs are not.
pub(super) fn nhs_check_digit_valid(digits: &[u8; 10]) -> bool {
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == u32::from(digits[9])
}

/// NHS numbers with a valid check digit and National Insurance numbers with a valid prefix.
pub(super) fn find_official_numbers(text: &str, out: &mut Vec<Candidate>) {
    for m in NHS.find_iter(text) {
        // Part of a longer number such as "+44 770 090 0123" or "0161 496 0000" (but "nhs -
        // 7344056364" is a label and a dash).
        let before = text[..m.start()].trim_end_matches(' ');
        let dashed_on = before
            .strip_suffix('-')
            .is_some_and(|b| b.trim_end().ends_with(|c: char| c.is_ascii_digit()));
        if before.ends_with(|c: char| c.is_ascii_digit() || c == '+')
            || dashed_on
            || text[m.end()..].starts_with(['-', '/'])
        {
            continue;
        }
        let mut digits = [0u8; 10];
        let mut n = 0;
        for b in m.as_str().bytes().filter(u8::is_ascii_digit) {
            digits[n] = b - b'0';
            n += 1;
        }
        // A number the text calls an NHS number is one, even mistyped (a wrong check digit),
        // and so are Northern Ireland's Health and Care number and Scotland's CHI number,
        // whatever else stands between on the line ("NHS no. (they asked for it): ...").
        let labelled = labelled_on_line(
            text,
            m.start(),
            &[
                "nhs",
                "health and care",
                "h&c",
                "chi number",
                "chi no",
                "chi:",
            ],
        );
        if n == 10
            && digits.iter().any(|&d| d != digits[0])
            && (labelled || nhs_check_digit_valid(&digits))
        {
            push(out, Kind::NhsNumber, m.start(), m.end(), REASON_NHS);
        }
    }
    for caps in NI.captures_iter(text) {
        let prefix = caps[1].to_ascii_uppercase();
        let mut letters = prefix.chars();
        let (Some(first), Some(second)) = (letters.next(), letters.next()) else {
            continue;
        };
        let valid = first.is_ascii_uppercase()
            && second.is_ascii_uppercase()
            && !"DFIQUV".contains(first)
            && !"DFIOQUV".contains(second)
            && !["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].contains(&prefix.as_str());
        let m = caps.get(0).expect("whole match");
        // The text calling it a National Insurance number outweighs a prefix never issued.
        let labelled = first.is_ascii_uppercase()
            && second.is_ascii_uppercase()
            && labelled_as(
                text,
                m.start(),
                &["national insurance", "ni number", "ni no", "nino"],
            );
        if valid || labelled {
            push(out, Kind::NiNumber, m.start(), m.end(), REASON_NI);
        }
    }
}

/// Whether one of `labels` (lower case) stands in the few words before `start` ("NHS No:",
/// "National Insurance number").
fn labelled_as(text: &str, start: usize, labels: &[&str]) -> bool {
    let before = just_before(text, start, 28).to_lowercase();
    labels.iter().any(|l| before.contains(l))
}

/// Whether one of `labels` (lower case) comes before `start` on its line, within 80 bytes.
fn labelled_on_line(text: &str, start: usize, labels: &[&str]) -> bool {
    let line = just_before(text, start, 80)
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let line = line.to_lowercase();
    labels.iter().any(|l| line.contains(l))
}

/// Full UK postcodes.
pub(super) fn find_postcodes(text: &str, out: &mut Vec<Candidate>) {
    for caps in POSTCODE.captures_iter(text) {
        let m = caps.get(0).expect("whole match");
        let whole = m.as_str();
        if !whole.is_ascii() {
            continue;
        }
        let lower = whole.bytes().any(|b| b.is_ascii_lowercase());
        // Unspaced postcodes are only taken in capitals, and lower-case "2nd", "1st" are
        // ordinals ("the A1 2nd exit"), not inward codes.
        if lower && caps[1].is_empty() {
            continue;
        }
        if lower && ["st", "nd", "rd", "th"].contains(&&caps[2][1..]) {
            continue;
        }
        push(out, Kind::Postcode, m.start(), m.end(), REASON_POSTCODE);
    }
    for m in EIRCODE.find_iter(text) {
        let code = m.as_str();
        let capitals = !code.bytes().any(|b| b.is_ascii_lowercase());
        let unique = &code.as_bytes()[3..];
        // Letters and digits mixed: not a road and a year ("the A38 2019") or a word.
        let mixed =
            unique.iter().any(u8::is_ascii_digit) && unique.iter().any(u8::is_ascii_alphabetic);
        if (capitals && mixed) || labelled_as(text, m.start(), &["eircode"]) {
            push(out, Kind::Postcode, m.start(), m.end(), REASON_POSTCODE);
        }
    }
}

/// A house number and street, with an optional flat number.
pub(super) fn find_addresses(text: &str, out: &mut Vec<Candidate>) {
    for m in ADDRESS.find_iter(text) {
        push(out, Kind::Address, m.start(), m.end(), REASON_ADDRESS);
    }
}
