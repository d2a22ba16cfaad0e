//! Trains the identifier tagger (src/pii/tagger.rs) on the labelled sets and writes its weights
//! to src/pii/tagger_weights.txt. Not a check: run it by hand after changing the rules, the
//! features or the sets, then score with `cargo test --release --test it pii_quality`.
//!
//! `cargo test --release --test it train_tagger -- --ignored`
//!
//! The newest held-out sets (see `held_out`) are never trained on, so they still measure the
//! tagger on text it has not seen.

use crate::pii_quality::Labelled;
use chorus::pii::tagger::{train, Example};
use chorus::pii::Kind;
use std::path::Path;

/// Held-out sets numbered from this one on are kept out of training: their scores are the
/// honest ones. A new held-out set is kept out by its name alone, so it cannot be trained on by
/// forgetting to list it.
const FIRST_HELD_OUT: u32 = 11;

/// Whether the labelled set `name` is one the tagger must never be trained on.
fn held_out(name: &str) -> bool {
    name.strip_prefix("pii_heldout")
        .and_then(|rest| rest.strip_suffix(".json"))
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| n >= FIRST_HELD_OUT)
}

#[test]
fn the_newest_held_out_sets_are_never_trained_on() {
    for name in [
        "pii_heldout11.json",
        "pii_heldout14.json",
        "pii_heldout99.json",
    ] {
        assert!(held_out(name), "{name}");
    }
    for name in [
        "pii_heldout.json",
        "pii_heldout8.json",
        "pii_dev8.json",
        "pii_labelled.json",
    ] {
        assert!(!held_out(name), "{name}");
    }
}

#[test]
#[ignore = "writes src/pii/tagger_weights.txt; run by hand"]
fn train_tagger() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/data"))
        .expect("tests/data is readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("pii_") && name.ends_with(".json") && !held_out(&name)
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
