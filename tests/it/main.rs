//! Chorus's integration tests, one binary: each module is a specification of one area.

mod backup;
mod binary;
mod corruption;
mod crash;
mod erasure;
mod feeds;
mod flow;
mod hostile;
mod integrity;
mod limits;
mod moderation;
mod pii_quality;
mod pii_titles;
mod queue;
mod reading;
mod readonly;
mod sanitise;
mod search;
mod security;
mod signals;
mod storage;
mod submission;
mod support;
mod timeouts;
mod withdrawal;
