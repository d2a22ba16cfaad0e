//! Is the index on disk sound? Checksums of every file of every live segment, then every part of
//! every segment opened and read a little, so that damage shows up at start-up (and the index is
//! rebuilt from SQLite) instead of as a failed search later. Also which tantivy errors mean damage.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Index, TantivyDocument, TantivyError};

use super::schema::Fields;

/// What is wrong with the index's files, one line each; empty when it is sound.
///
/// Reads every file once (the checksums), so its cost grows with the index: measured (warm page
/// cache) at under 5 ms for the demo corpus and 25-45 ms for 25,000 stories (128 MB).
pub(super) fn damage(index: &Index, fields: &Fields) -> Vec<String> {
    // tantivy may panic rather than return an error on some garbage; either way it is damage.
    match catch_unwind(AssertUnwindSafe(|| examine(index, fields))) {
        Ok(found) => found,
        Err(_) => vec!["reading the index panicked".to_owned()],
    }
}

fn examine(index: &Index, fields: &Fields) -> Vec<String> {
    let mut found = Vec::new();
    match index.validate_checksum() {
        Ok(files) => {
            let mut names: Vec<String> = files
                .iter()
                .map(|p| format!("{}: checksum does not match", p.display()))
                .collect();
            names.sort();
            found.extend(names);
        }
        Err(e) => found.push(format!("checksums could not be read: {e}")),
    }
    if let Err(e) = open_every_part(index, fields) {
        found.push(format!("a segment could not be read: {e}"));
    }
    found
}

/// Opens the postings, positions, term dictionaries, field norms, fast fields and document store
/// of every segment, and reads the first entry of each.
fn open_every_part(index: &Index, fields: &Fields) -> tantivy::Result<()> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let texts = [fields.title, fields.body];
    let keys = [
        fields.id,
        fields.theme,
        fields.theme_slug,
        fields.role,
        fields.setting,
        fields.warning,
        fields.published_month,
        fields.sha,
    ];
    for segment in searcher.segment_readers() {
        for field in texts.iter().chain(&keys) {
            let inverted = segment.inverted_index(*field)?;
            let mut terms = inverted.terms().stream()?;
            if terms.advance() {
                let option = if texts.contains(field) {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::Basic
                };
                let mut postings = inverted.read_postings_from_terminfo(terms.value(), option)?;
                postings.advance();
            }
        }
        for field in texts {
            let norms = segment.get_fieldnorms_reader(field)?;
            if segment.max_doc() > 0 {
                norms.fieldnorm_id(0);
            }
        }
        let published = segment.fast_fields().u64("published")?;
        let store = segment.get_store_reader(1)?;
        if segment.max_doc() > 0 {
            published.first(0);
            store.get::<TantivyDocument>(0)?;
        }
    }
    Ok(())
}

/// Whether a tantivy error means the files are damaged or unreadable (rather than a mistake in
/// how we asked).
pub(super) fn means_damage(e: &TantivyError) -> bool {
    matches!(
        e,
        TantivyError::OpenDirectoryError(_)
            | TantivyError::OpenReadError(_)
            | TantivyError::IoError(_)
            | TantivyError::DataCorruption(_)
            | TantivyError::DeserializeError(_)
            | TantivyError::IncompatibleIndex(_)
            | TantivyError::InternalError(_)
    )
}
