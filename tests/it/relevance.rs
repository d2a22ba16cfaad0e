//! The relevance floor: Chorus, as users get it, on the project's held-out relevance set
//! (`tests/data/relevance/`). The full table beside FTS5 is `cargo bench --bench relevance`;
//! this fails if a change to search, the thesaurus or ranking drops Chorus below the floor.

#[path = "../../benches/relevance/eval.rs"]
mod eval;

/// Measured on the set as committed (recall@20 0.795, nDCG@10 0.739; FTS5 0.214 and 0.364) and
/// set a little below, so that a tie broken differently does not fail CI but a real loss does.
const RECALL_20_FLOOR: f64 = 0.76;
const NDCG_10_FLOOR: f64 = 0.70;

#[test]
fn chorus_stays_above_the_relevance_floor() {
    let set = eval::load(&eval::default_dir());
    assert!(set.queries.len() >= 40 && set.stories.len() >= 80);
    let (_dir, archive, stems) = eval::chorus_archive(&set, 1);
    let chorus = eval::score_all(&set, |q| {
        eval::chorus_ranking(&archive, &stems, q, 20, false)
    });
    let exact = eval::score_all(&set, |q| {
        eval::chorus_ranking(&archive, &stems, q, 20, true)
    });
    assert!(
        chorus.recall_20 >= RECALL_20_FLOOR && chorus.ndcg_10 >= NDCG_10_FLOOR,
        "recall@20 {:.3} (floor {RECALL_20_FLOOR}), nDCG@10 {:.3} (floor {NDCG_10_FLOOR})",
        chorus.recall_20,
        chorus.ndcg_10
    );
    // The thesaurus must earn its place: with it, more of the accounts told in other words.
    assert!(
        chorus.recall_20_other_words > exact.recall_20_other_words,
        "other-words recall {:.3} with the thesaurus, {:.3} without",
        chorus.recall_20_other_words,
        exact.recall_20_other_words
    );
}
