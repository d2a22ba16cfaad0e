//! Chorus's integration tests, one binary: each module is a specification of one area.

mod corruption;
mod erasure;
mod feeds;
mod flow;
mod integrity;
mod limits;
mod moderation;
mod pii_quality;
mod queue;
mod reading;
mod readonly;
mod sanitise;
mod search;
mod security;
mod storage;
mod submission;
mod support;
mod timeouts;
mod withdrawal;
