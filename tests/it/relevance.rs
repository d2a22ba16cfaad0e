//! The relevance floor: Chorus, as users get it, on the project's held-out relevance set
//! (`tests/data/relevance/`). The full table beside FTS5 is `cargo bench --bench relevance`;
//! this fails if a change to search, the thesaurus or ranking drops Chorus below the floor.

#[path = "../../benches/relevance/eval.rs"]
mod eval;

/// Measured on the set as committed (recall@20 0.937, nDCG@10 0.860; FTS5 0.214 and 0.364) and
/// set a little below, so that a tie broken differently does not fail CI but a real loss does.
const RECALL_20_FLOOR: f64 = 0.92;
const NDCG_10_FLOOR: f64 = 0.85;
/// The same for the development set (`tests/data/relevance_dev/`: recall@20 0.929, nDCG@10
/// 0.862; FTS5 0.117 and 0.143), the one tuned on.
const DEV_RECALL_20_FLOOR: f64 = 0.92;
const DEV_NDCG_10_FLOOR: f64 = 0.85;
/// The same for the second development set (`tests/data/relevance_dev2/`), written blind and
/// scored once (recall@20 0.762, nDCG@10 0.671) before it was tuned on; now 0.904 and 0.808
/// (FTS5 0.110 and 0.147).
const DEV2_RECALL_20_FLOOR: f64 = 0.89;
const DEV2_NDCG_10_FLOOR: f64 = 0.79;

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

/// Chorus on a set other than the first held-out one, beside FTS5, against floors.
fn above_the_floor_on(set_dir: &str, recall_floor: f64, ndcg_floor: f64) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(set_dir);
    let set = eval::load(&dir);
    assert!(set.queries.len() >= 40 && set.stories.len() >= 80);
    let (_dir, archive, stems) = eval::chorus_archive(&set, 1);
    let chorus = eval::score_all(&set, |q| {
        eval::chorus_ranking(&archive, &stems, q, 20, false)
    });
    let fts = eval::fts_table(&set);
    let fts5 = eval::score_all(&set, |q| eval::fts_ranking(&fts, q, 20));
    assert!(
        chorus.recall_20 >= recall_floor && chorus.ndcg_10 >= ndcg_floor,
        "{set_dir}: recall@20 {:.3} (floor {recall_floor}), nDCG@10 {:.3} (floor {ndcg_floor})",
        chorus.recall_20,
        chorus.ndcg_10
    );
    assert!(chorus.ndcg_10 > fts5.ndcg_10 && chorus.recall_20 > fts5.recall_20);
}

#[test]
fn chorus_stays_above_the_floor_on_the_development_set_too() {
    above_the_floor_on(
        "tests/data/relevance_dev",
        DEV_RECALL_20_FLOOR,
        DEV_NDCG_10_FLOOR,
    );
}

#[test]
fn chorus_stays_above_the_floor_on_the_second_development_set() {
    above_the_floor_on(
        "tests/data/relevance_dev2",
        DEV2_RECALL_20_FLOOR,
        DEV2_NDCG_10_FLOOR,
    );
}

/// The third set (`tests/data/relevance_dev3/`, written as `relevance_heldout3/`), written blind
/// after the first round of tuning and scored blind twice: recall@20 0.720 and nDCG@10 0.630 on
/// the code of that round, 0.794 and 0.703 on the code after the second (FTS5 0.158, 0.202).
/// Since then a development set: its misses showed which kinds of telling the thesaurus lacked,
/// and it now scores 0.893 and 0.801, a figure that flatters.
const DEV3_RECALL_20_FLOOR: f64 = 0.88;
const DEV3_NDCG_10_FLOOR: f64 = 0.79;

#[test]
fn chorus_stays_above_the_floor_on_the_third_development_set() {
    above_the_floor_on(
        "tests/data/relevance_dev3",
        DEV3_RECALL_20_FLOOR,
        DEV3_NDCG_10_FLOOR,
    );
}

/// The fourth set (`tests/data/relevance_dev4/`, written as `relevance_heldout4/`: 125 stories,
/// 66 queries, 515 judged pairs, 83 % told in other words), written blind while the third round
/// of tuning was under way by a helper who had seen neither the code nor the other sets, frozen
/// before it was scored, and scored in aggregate only: 0.852 / 0.716 on the code before the third
/// round, 0.859 / 0.733 after it (FTS5 0.083 / 0.101). A development set from the fourth round.
const DEV4_RECALL_20_FLOOR: f64 = 0.84;
const DEV4_NDCG_10_FLOOR: f64 = 0.72;

#[test]
fn chorus_stays_above_the_floor_on_the_fourth_development_set() {
    above_the_floor_on(
        "tests/data/relevance_dev4",
        DEV4_RECALL_20_FLOOR,
        DEV4_NDCG_10_FLOOR,
    );
}

/// The fifth set (`tests/data/relevance_dev5/`, written as `relevance_heldout5/`: 170 stories,
/// 60 queries, 650 judged pairs, 82 % told in other words), written the same way and at the same
/// time: 0.725 / 0.716 before the third round, 0.725 / 0.729 after it (FTS5 0.159 / 0.215). A
/// development set from the fourth round.
const DEV5_RECALL_20_FLOOR: f64 = 0.71;
const DEV5_NDCG_10_FLOOR: f64 = 0.71;

#[test]
fn chorus_stays_above_the_floor_on_the_fifth_development_set() {
    above_the_floor_on(
        "tests/data/relevance_dev5",
        DEV5_RECALL_20_FLOOR,
        DEV5_NDCG_10_FLOOR,
    );
}

/// The sixth set (`tests/data/relevance_dev6/`, written as `relevance_heldout6`: 188 stories, 64
/// queries, 691 judged pairs, 78 % told in other words), written blind by a helper who had seen
/// neither the code nor the other sets, frozen before it was scored, and scored in aggregate
/// only: recall@20 0.788, P@10 0.600, nDCG@10 0.760 on this code (FTS5 0.110 / 0.103 / 0.193).
/// Tuned on since: with the concepts' tags 0.814 / 0.625 / 0.783.
const DEV6_RECALL_20_FLOOR: f64 = 0.80;
const DEV6_NDCG_10_FLOOR: f64 = 0.77;

#[test]
fn chorus_stays_above_the_floor_on_the_sixth_development_set() {
    above_the_floor_on(
        "tests/data/relevance_dev6",
        DEV6_RECALL_20_FLOOR,
        DEV6_NDCG_10_FLOOR,
    );
}

/// The seventh set (`tests/data/relevance_heldout7/`: 258 stories, 91 queries, 1 058 judged
/// pairs, 76 % told in other words; its writer kept only the 25 most central stories of nine
/// broad queries), written blind like the sixth and never looked into: recall@20 / P@10 /
/// nDCG@10 0.672 / 0.489 / 0.637 with the code as the sixth set left it, 0.711 / 0.522 / 0.670
/// with the concepts' tags (FTS5 0.108 / 0.085 / 0.151). Looked into only once its blind score
/// was recorded (stop 22: a few queries' misses, to find what kinds of telling were missing);
/// 0.768 / 0.564 / 0.723 at the end of that stop.
const HELD_OUT_7_RECALL_20_FLOOR: f64 = 0.74;
const HELD_OUT_7_NDCG_10_FLOOR: f64 = 0.70;

#[test]
fn chorus_stays_above_the_floor_on_the_seventh_held_out_set() {
    above_the_floor_on(
        "tests/data/relevance_heldout7",
        HELD_OUT_7_RECALL_20_FLOOR,
        HELD_OUT_7_NDCG_10_FLOOR,
    );
}

/// The eighth set (`tests/data/relevance_heldout8/`: 180 stories, 60 queries, 576 judged
/// relevant pairs, 74 % told in other words), written and judged blind like the seventh:
/// recall@20 / P@10 / nDCG@10 0.696 / 0.428 / 0.626 with the code as the seventh set left it,
/// 0.700 / 0.428 / 0.628 with feedback from the best matches (FTS5 0.097 / 0.053 / 0.126).
/// A development set since (stop 22: its empty answers showed the section abbreviations, DoLS
/// and ageism missing); 0.795 / 0.482 / 0.710 at the end of that stop.
const HELD_OUT_8_RECALL_20_FLOOR: f64 = 0.77;
const HELD_OUT_8_NDCG_10_FLOOR: f64 = 0.69;

#[test]
fn chorus_stays_above_the_floor_on_the_eighth_held_out_set() {
    above_the_floor_on(
        "tests/data/relevance_heldout8",
        HELD_OUT_8_RECALL_20_FLOOR,
        HELD_OUT_8_NDCG_10_FLOOR,
    );
}

/// The ninth set (`tests/data/relevance_heldout9/`: 150 stories, 50 queries, 523 judged
/// relevant pairs, 80 % told in other words), written and judged blind like the eighth, frozen
/// before its first score: recall@20 / P@10 / nDCG@10 0.815 / 0.556 / 0.805 at its first score,
/// at the end of stop 22 (FTS5 0.173 / 0.112 / 0.232). Stop 23 looked into its misses (it is a
/// development set since) and left it at 0.847 / 0.558 / 0.818.
const HELD_OUT_9_RECALL_20_FLOOR: f64 = 0.82;
const HELD_OUT_9_NDCG_10_FLOOR: f64 = 0.79;

#[test]
fn chorus_stays_above_the_floor_on_the_ninth_held_out_set() {
    above_the_floor_on(
        "tests/data/relevance_heldout9",
        HELD_OUT_9_RECALL_20_FLOOR,
        HELD_OUT_9_NDCG_10_FLOOR,
    );
}

/// The tenth set (`tests/data/relevance_heldout10/`: 150 stories, 69 queries, 429 judged
/// relevant pairs, 76 % told in other words), written and judged blind by a helper who saw no
/// code, thesaurus or other set, frozen before its first score. recall@20 / P@10 / nDCG@10 at
/// its first score, with the search as stop 22 left it: 0.843 / 0.428 / 0.710 (FTS5 0.071 /
/// 0.045 / 0.088); at the end of stop 23: 0.862 / 0.443 / 0.725. Stop 24 looked into its misses
/// (it is a development set since): 0.905 / 0.468 / 0.779 with the narrower concepts.
const HELD_OUT_10_RECALL_20_FLOOR: f64 = 0.88;
const HELD_OUT_10_NDCG_10_FLOOR: f64 = 0.76;

#[test]
fn chorus_stays_above_the_floor_on_the_tenth_held_out_set() {
    above_the_floor_on(
        "tests/data/relevance_heldout10",
        HELD_OUT_10_RECALL_20_FLOOR,
        HELD_OUT_10_NDCG_10_FLOOR,
    );
}

/// The eleventh set (`tests/data/relevance_heldout11/`: 160 stories, 71 queries, 475 judged
/// relevant pairs, 79 % told in other words), written and judged blind by a helper who read
/// only the taxonomy and the glossary, frozen before its first score. recall@20 / P@10 /
/// nDCG@10 with the search as stop 23 left it: 0.874 / 0.490 / 0.770; first scored with stop
/// 24's narrower concepts (tuned on the older sets only): 0.879 / 0.493 / 0.778 (FTS5 0.019 /
/// 0.011 / 0.023).
const HELD_OUT_11_RECALL_20_FLOOR: f64 = 0.86;
const HELD_OUT_11_NDCG_10_FLOOR: f64 = 0.76;

#[test]
fn chorus_stays_above_the_floor_on_the_eleventh_held_out_set() {
    above_the_floor_on(
        "tests/data/relevance_heldout11",
        HELD_OUT_11_RECALL_20_FLOOR,
        HELD_OUT_11_NDCG_10_FLOOR,
    );
}
