//! Trains the identifier tagger (src/pii/tagger.rs) on the labelled sets and writes its weights
//! to src/pii/tagger_weights.txt. Not a check: run it by hand after changing the rules, the
//! features or the sets, then score with `cargo test --release --test it pii_quality`.
//!
//! `cargo test --release --test it train_tagger -- --ignored`
//!
//! The newest held-out sets (`HELD_OUT`) are never trained on, so they still measure the
//! tagger on text it has not seen.

use crate::pii_quality::Labelled;
use chorus::pii::tagger::{train, Example};
use chorus::pii::Kind;
use std::path::Path;

/// Sets kept out of training: their scores are the honest ones.
pub const HELD_OUT: &[&str] = &[
    "pii_heldout11.json",
    "pii_heldout12.json",
    "pii_heldout13.json",
    "pii_heldout14.json",
];

#[test]
#[ignore = "writes src/pii/tagger_weights.txt; run by hand"]
fn train_tagger() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/data"))
        .expect("tests/data is readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("pii_") && name.ends_with(".json") && !HELD_OUT.contains(&&*name)
        })
        .collect();
    files.sort();
    let mut examples = Vec::new();
    for file in &files {
        let set: Vec<Labelled> =
            serde_json::from_str(&std::fs::read_to_string(file).expect("readable"))
                .expect("a labelled set");
        for item in set {
            let labels = item
                .identifiers
                .iter()
                .filter(|l| matches!(l.kind, Kind::Person | Kind::Place | Kind::Address))
                .filter_map(|l| {
                    let (start, _) = item.text.match_indices(&l.text).nth(l.occurrence)?;
                    Some((l.kind, start, start + l.text.len()))
                })
                .collect();
            examples.push(Example {
                text: item.text,
                labels,
            });
        }
    }
    let epochs = std::env::var("CHORUS_TAGGER_EPOCHS")
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(6);
    let weights = train(&examples, epochs);
    println!(
        "trained on {} texts from {} sets, {epochs} passes",
        examples.len(),
        files.len()
    );
    std::fs::write(root.join("src/pii/tagger_weights.txt"), weights).expect("weights written");
}
