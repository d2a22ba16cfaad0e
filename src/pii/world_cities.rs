//! Cities abroad of 100 000 people or more: evidence for the tagger that a word is a place
//! ("I grew up in Kumasi", "her sister in Kinshasa"). A home city abroad beside a town here
//! narrows who someone is, so it is flagged as a town is.

use super::HashSet;
use std::sync::LazyLock;

use super::words::list_entries;

/// Cities of 100 000 people or more outside the UK and Ireland (`world_cities.txt`).
static CITIES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| list_entries(include_str!("world_cities.txt")));

/// Whether `lower` (lower case) is one of the large cities abroad.
pub(super) fn is_world_city(lower: &str) -> bool {
    CITIES.contains(lower)
}
