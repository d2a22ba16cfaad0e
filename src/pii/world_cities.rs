//! Cities abroad too large for a home town to identify anyone ("I grew up in Kumasi"), as the
//! large UK cities are: a place found alone as one of them is not flagged. A name built on one
//! ("Kumasi Road", "the Lagos Café") is still a place.

use super::HashSet;
use std::sync::LazyLock;

use super::words::list_entries;
use super::{Finding, Kind};

/// Cities of 100 000 people or more outside the UK and Ireland (`world_cities.txt`).
static CITIES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| list_entries(include_str!("world_cities.txt")));

/// Whether `lower` (lower case) is one of the large cities abroad.
pub(super) fn is_world_city(lower: &str) -> bool {
    CITIES.contains(lower)
}

/// Drops place findings that are one word naming a large city abroad.
pub(super) fn drop_large_cities_abroad(findings: &mut Vec<Finding>) {
    findings.retain(|f| {
        f.kind != Kind::Place
            || f.text.contains(char::is_whitespace)
            || !is_world_city(&f.text.to_lowercase())
    });
}
