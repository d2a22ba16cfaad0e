//! Days and months, the only precisions Chorus keeps: a contributor's actions are dated to the
//! day (`YYYY-MM-DD`), anything shown publicly to the month (`YYYY-MM`). One parser for each
//! form, the labels readers see ("December 2026"), the citation forms, and the clock.

use std::fmt;

/// A calendar day (UTC), written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(time::Date);

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: time::Month,
}

/// Four ASCII digits as a year, two as a month or day; nothing else (no signs, no spaces).
fn digits(s: &str) -> Option<u16> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn year_and_month(year: &str, month: &str) -> Option<(i32, time::Month)> {
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let month = time::Month::try_from(u8::try_from(digits(month)?).ok()?).ok()?;
    Some((i32::from(digits(year)?), month))
}

impl Day {
    /// Today, in UTC.
    pub fn today() -> Self {
        Self(time::OffsetDateTime::now_utc().date())
    }

    /// Reads exactly `YYYY-MM-DD` naming a real day; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || d.len() != 2 {
            return None;
        }
        let (year, month) = year_and_month(y, m)?;
        let day = u8::try_from(digits(d)?).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Self)
    }

    /// The month this day is in.
    pub fn month(self) -> Month {
        Month {
            year: self.0.year(),
            month: self.0.month(),
        }
    }

    /// Day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Whole days from `earlier` to this day (negative if `earlier` is later).
    pub fn days_since(self, earlier: Day) -> i64 {
        (self.0 - earlier.0).whole_days()
    }

    /// As readers write it, e.g. `3 December 2026`.
    pub fn label(self) -> String {
        format!("{} {}", self.day(), self.month().label())
    }

    /// With slashes, as RIS writes dates: `2026/12/03`.
    pub fn slashed(self) -> String {
        self.to_string().replace('-', "/")
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.month(), self.day())
    }
}

impl Month {
    /// This month, in UTC.
    pub fn current() -> Self {
        Day::today().month()
    }

    /// Reads exactly `YYYY-MM`; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.split_once('-')?;
        let (year, month) = year_and_month(y, m)?;
        Some(Self { year, month })
    }

    /// Reads `YYYY-MM`, or the month of a `YYYY-MM-DD` (whose day is then never shown).
    pub fn of_date_text(s: &str) -> Option<Self> {
        Self::parse(s).or_else(|| Day::parse(s).map(Day::month))
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month's number, 1–12.
    pub fn number(self) -> u8 {
        self.month as u8
    }

    /// The month's English name, e.g. `December`.
    pub fn name(self) -> &'static str {
        match self.month {
            time::Month::January => "January",
            time::Month::February => "February",
            time::Month::March => "March",
            time::Month::April => "April",
            time::Month::May => "May",
            time::Month::June => "June",
            time::Month::July => "July",
            time::Month::August => "August",
            time::Month::September => "September",
            time::Month::October => "October",
            time::Month::November => "November",
            time::Month::December => "December",
        }
    }

    /// The first three letters of the name, e.g. `Dec`.
    pub fn short_name(self) -> &'static str {
        &self.name()[..3]
    }

    /// As readers see it, e.g. `December 2026`.
    pub fn label(self) -> String {
        format!("{} {}", self.name(), self.year)
    }
}

impl Default for Month {
    /// The Unix epoch's month, for text that is not a date (never the case for stored dates).
    fn default() -> Self {
        Self {
            year: 1970,
            month: time::Month::January,
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.number())
    }
}

// Stored as their text, so the database holds exactly what a reader would write.
impl rusqlite::ToSql for Day {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.to_string().into())
    }
}

impl rusqlite::ToSql for Month {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.to_string().into())
    }
}

/// `2026-11` (or `2026-11-22`) → `November 2026`, for templates holding stored text; text that
/// is not a date is shown as it is.
pub fn month_label(text: &str) -> String {
    Month::of_date_text(text).map_or_else(|| text.to_owned(), Month::label)
}

/// Seconds since the Unix epoch, for moderator-side records (never for contributors).
pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The start (UTC midnight) of the day containing `at`, in Unix seconds.
pub fn day_start_unix(at: i64) -> i64 {
    at - at.rem_euclid(86_400)
}

/// A moderator-side time to the minute, e.g. `2026-12-03 14:05 UTC` (empty if out of range).
pub fn minute_label(at: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months_round_trip_through_their_text() {
        let d = Day::parse("2026-03-07").unwrap();
        assert_eq!(d.to_string(), "2026-03-07");
        assert_eq!(d.month().to_string(), "2026-03");
        assert_eq!(Month::parse("2026-12").unwrap().to_string(), "2026-12");
        assert_eq!(Day::today().to_string().len(), 10);
        assert_eq!(Month::current(), Day::today().month());
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "", "2026", "2026-13", "2026-1", "26-01", "2026-00", "+026-01", "2026-01-",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        for bad in [
            "2026-02-30",
            "2026-02-3",
            "2026-02",
            "2026-02-03-04",
            "2026-02-0x",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels_never_show_the_day_of_a_month() {
        assert_eq!(month_label("2026-11"), "November 2026");
        assert_eq!(month_label("2026-03-22"), "March 2026");
        assert_eq!(month_label("soon"), "soon");
        assert_eq!(Day::parse("2026-12-03").unwrap().label(), "3 December 2026");
        assert_eq!(Day::parse("2026-12-03").unwrap().slashed(), "2026/12/03");
    }

    #[test]
    fn days_between_count_whole_days() {
        let a = Day::parse("2026-02-27").unwrap();
        let b = Day::parse("2026-03-02").unwrap();
        assert_eq!(b.days_since(a), 3);
        assert_eq!(a.days_since(b), -3);
    }

    #[test]
    fn the_day_starts_at_utc_midnight() {
        assert_eq!(day_start_unix(86_400 * 3 + 5), 86_400 * 3);
        assert_eq!(minute_label(0), "1970-01-01 00:00 UTC");
    }
}
