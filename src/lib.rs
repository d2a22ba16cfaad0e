//! Chorus: an anonymous archive of lived experience of mental health services.
//!
//! Data flows one way: `web` and `cli` call the use-cases in `archive`, which call the pure parts
//! (`markdown`, `pii`, `safeguarding`, `taxonomy`, `policy`, `diff`, `cite`, `dates`) and the two
//! stores: `store` (SQLite, the single source of truth) and `search` (tantivy, derived and
//! rebuildable).
#![forbid(unsafe_code)]

pub mod archive;
pub mod auth;
pub mod bench;
pub mod cite;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diff;
pub mod ids;
pub mod logging;
pub mod markdown;
pub mod pii;
pub mod policy;
pub mod safeguarding;
pub mod search;
pub mod store;
pub mod taxonomy;
pub mod thesaurus;
pub mod web;
