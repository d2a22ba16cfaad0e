//! The small-count rule, in one place: a count from 1 to 4 could single someone out when filters
//! are combined, so the public sees "fewer than 5" (or "<5" in a table), never the number.

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

/// Shows a count in running text, hiding small numbers (see [`ShownCount`]).
pub fn shown_count(n: u64) -> String {
    ShownCount::of(n).label()
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
}
