//! Chorus's integration tests, one binary: each module is a specification of one area.

mod erasure;
mod flow;
mod hostile;
mod moderation;
mod pii_quality;
mod reading;
mod sanitise;
mod search;
mod security;
mod storage;
mod submission;
mod support;
