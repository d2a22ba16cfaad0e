//! The small-count rule, in one place: a count from 1 to 4 could single someone out when filters
//! are combined, so the public sees "fewer than 5" (or "<5" in a table), never the number: on
//! pages, in the JSON API (where such a count is the string `"fewer than 5"` instead of a
//! number), in charts, and in shares, which are not shown when either side of them is small.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

/// A count as the public may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShownCount {
    /// None at all.
    Zero,
    /// From 1 to 4: shown only as "fewer than 5".
    FewerThanFive,
    /// Five or more: shown exactly.
    Exact(u64),
}

/// Below this, a count is not shown exactly.
pub const SMALLEST_SHOWN: u64 = 5;

impl ShownCount {
    /// Applies the rule to a count.
    pub fn of(n: u64) -> Self {
        match n {
            0 => ShownCount::Zero,
            n if n < SMALLEST_SHOWN => ShownCount::FewerThanFive,
            n => ShownCount::Exact(n),
        }
    }

    /// In running text: "0", "fewer than 5", "12".
    pub fn label(self) -> String {
        match self {
            ShownCount::Zero => "0".to_owned(),
            ShownCount::FewerThanFive => "fewer than 5".to_owned(),
            ShownCount::Exact(n) => n.to_string(),
        }
    }

    /// In a table cell: "·", "<5", "12".
    pub fn cell(self) -> String {
        match self {
            ShownCount::Zero => "·".to_owned(),
            ShownCount::FewerThanFive => "<5".to_owned(),
            ShownCount::Exact(n) => n.to_string(),
        }
    }

    /// The number a chart may draw: small counts are all drawn as the same small value, so the
    /// picture does not reveal what the label hides.
    pub fn drawable(self) -> u64 {
        match self {
            ShownCount::Zero => 0,
            ShownCount::FewerThanFive => 1,
            ShownCount::Exact(n) => n,
        }
    }
}

/// In JSON: a number, except from 1 to 4, which is the string `"fewer than 5"`.
impl Serialize for ShownCount {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            ShownCount::Zero => s.serialize_u64(0),
            ShownCount::FewerThanFive => s.serialize_str("fewer than 5"),
            ShownCount::Exact(n) => s.serialize_u64(*n),
        }
    }
}

/// Shows a count in running text, hiding small numbers (see [`ShownCount`]).
pub fn shown_count(n: u64) -> String {
    ShownCount::of(n).label()
}

/// A map of counts (facets, themes) with the rule applied to each.
pub fn shown_counts(counts: &BTreeMap<String, u64>) -> BTreeMap<String, ShownCount> {
    counts
        .iter()
        .map(|(k, &n)| (k.clone(), ShownCount::of(n)))
        .collect()
}

/// `part` of `whole` as a percentage, unless either `part` or the rest is from 1 to 4: a share
/// of a known total gives the small number back (3 of 40 is 8 %), so then only the total is
/// shown ("fewer than 5 of 40"; "all but fewer than 5 of 40").
pub fn shown_share(part: u64, whole: u64) -> String {
    let rest = whole.saturating_sub(part);
    let small = |n: u64| ShownCount::of(n) == ShownCount::FewerThanFive;
    if whole == 0 {
        "none yet".to_owned()
    } else if small(whole) {
        "not shown while there are fewer than 5".to_owned()
    } else if small(part) {
        format!("fewer than 5 of {whole}")
    } else if small(rest) {
        format!("all but fewer than 5 of {whole}")
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_four_are_never_shown_exactly() {
        for n in 1..5 {
            assert_eq!(ShownCount::of(n).label(), "fewer than 5");
            assert_eq!(ShownCount::of(n).cell(), "<5");
            assert_eq!(ShownCount::of(n).drawable(), 1);
        }
        assert_eq!(ShownCount::of(0).label(), "0");
        assert_eq!(ShownCount::of(0).cell(), "·");
        assert_eq!(ShownCount::of(5).label(), "5");
        assert_eq!(ShownCount::of(120).cell(), "120");
    }

    #[test]
    fn in_json_small_counts_are_words_and_others_numbers() {
        let shown: Vec<String> = [0, 1, 4, 5, 37]
            .into_iter()
            .map(|n| serde_json::to_string(&ShownCount::of(n)).unwrap())
            .collect();
        assert_eq!(
            shown,
            ["0", "\"fewer than 5\"", "\"fewer than 5\"", "5", "37"]
        );
        let map = BTreeMap::from([("a".to_owned(), 3), ("b".to_owned(), 9)]);
        assert_eq!(
            serde_json::to_value(shown_counts(&map)).unwrap(),
            serde_json::json!({"a": "fewer than 5", "b": 9})
        );
    }

    #[test]
    fn a_share_never_gives_a_small_count_back() {
        assert_eq!(shown_share(0, 0), "none yet");
        assert_eq!(shown_share(1, 3), "not shown while there are fewer than 5");
        assert_eq!(shown_share(3, 40), "fewer than 5 of 40");
        assert_eq!(shown_share(38, 40), "all but fewer than 5 of 40");
        assert_eq!(shown_share(40, 40), "100%");
        assert_eq!(shown_share(0, 40), "0%");
        assert_eq!(shown_share(10, 40), "25%");
    }
}
