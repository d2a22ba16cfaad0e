//! Quality of identifier detection on labelled testimony: the project's own set
//! (tests/data/pii_labelled.json), a development set of harder cases (pii_dev.json) and a
//! held-out set written by someone who had not seen the detector (pii_heldout.json, frozen).
//! Each is scored on exact spans and, beside it, on overlap; false flags (findings that touch
//! no labelled identifier) are counted per 1 000 words, as they are on the example stories.
//! Run with `--nocapture` to see the per-kind table.

use chorus::pii::{find_identifiers, Finding, Kind};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(serde::Deserialize)]
pub(crate) struct Labelled {
    pub(crate) text: String,
    pub(crate) identifiers: Vec<Label>,
}

#[derive(serde::Deserialize)]
pub(crate) struct Label {
    pub(crate) kind: Kind,
    pub(crate) text: String,
    /// Which occurrence of `text` is meant when it appears more than once (0-based).
    #[serde(default)]
    pub(crate) occurrence: usize,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    /// Findings that match a labelled identifier of the same kind.
    true_positives: usize,
    findings: usize,
    /// Labelled identifiers matched by a finding of the same kind.
    found: usize,
    labelled: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.findings += other.findings;
        self.found += other.found;
        self.labelled += other.labelled;
    }

    fn precision(&self) -> f64 {
        ratio(self.true_positives, self.findings)
    }

    fn recall(&self) -> f64 {
        ratio(self.found, self.labelled)
    }
}

/// A ratio that counts as perfect when there is nothing to count.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// How a finding is matched to a label.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Match {
    /// The same bytes, start and end.
    Exact,
    /// Any shared byte.
    Overlap,
}

fn matches(how: Match, a: (usize, usize), b: (usize, usize)) -> bool {
    match how {
        Match::Exact => a == b,
        Match::Overlap => a.0 < b.1 && b.0 < a.1,
    }
}

fn locate(text: &str, label: &Label) -> (usize, usize) {
    let start = text
        .match_indices(&label.text)
        .nth(label.occurrence)
        .unwrap_or_else(|| panic!("labelled {:?} not found in {text:?}", label.text))
        .0;
    (start, start + label.text.len())
}

/// What one labelled set scored.
struct Report {
    exact: BTreeMap<Kind, Counts>,
    overlap: BTreeMap<Kind, Counts>,
    words: usize,
    /// Findings that overlap no labelled identifier of any kind.
    false_flags: usize,
    /// Labels that some finding overlaps, whatever kind it gives: what a moderator sees marked.
    covered: usize,
}

impl Report {
    fn false_flags_per_thousand_words(&self) -> f64 {
        1000.0 * self.false_flags as f64 / self.words.max(1) as f64
    }

    fn total(&self, how: Match) -> Counts {
        let mut total = Counts::default();
        let per_kind = if how == Match::Exact {
            &self.exact
        } else {
            &self.overlap
        };
        for c in per_kind.values() {
            total.add(*c);
        }
        total
    }

    fn print(&self, name: &str) {
        println!("{name}: {} words", self.words);
        println!(
            "{:<12} {:>7} {:>10} {:>8} {:>10} {:>8}",
            "kind", "labels", "exact P", "exact R", "overlap P", "overlap R"
        );
        let rows = self
            .exact
            .iter()
            .map(|(k, e)| (k.as_str(), *e, self.overlap[k]))
            .chain([(
                "overall",
                self.total(Match::Exact),
                self.total(Match::Overlap),
            )]);
        for (kind, e, o) in rows {
            println!(
                "{kind:<12} {:>7} {:>10.3} {:>8.3} {:>10.3} {:>8.3}",
                e.labelled,
                e.precision(),
                e.recall(),
                o.precision(),
                o.recall()
            );
        }
        let labels = self.total(Match::Overlap).labelled;
        println!(
            "marked, any kind: {} of {labels} ({:.3})",
            self.covered,
            ratio(self.covered, labels)
        );
        println!(
            "false flags: {} ({:.2} per 1000 words)",
            self.false_flags,
            self.false_flags_per_thousand_words()
        );
    }
}

/// The words around `span` in `text`, for the lists of misses: forty bytes either side.
fn around(text: &str, span: (usize, usize)) -> &str {
    let mut start = span.0.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.1 + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

fn score(set: &[Labelled], how: Match, counts: &mut BTreeMap<Kind, Counts>, verbose: bool) {
    for item in set {
        let labels: Vec<(Kind, (usize, usize))> = item
            .identifiers
            .iter()
            .map(|l| (l.kind, locate(&item.text, l)))
            .collect();
        let findings = find_identifiers(&item.text);
        for f in &findings {
            let c = counts.entry(f.kind).or_default();
            c.findings += 1;
            if labels
                .iter()
                .any(|&(k, span)| k == f.kind && matches(how, span, (f.start, f.end)))
            {
                c.true_positives += 1;
            } else if verbose {
                println!(
                    "  {how:?}: unmatched finding {:?} {:?} in {:?}",
                    f.kind,
                    f.text,
                    around(&item.text, (f.start, f.end))
                );
            }
        }
        for &(kind, span) in &labels {
            let c = counts.entry(kind).or_default();
            c.labelled += 1;
            if findings
                .iter()
                .any(|f| f.kind == kind && matches(how, span, (f.start, f.end)))
            {
                c.found += 1;
            } else if verbose {
                let as_other = findings
                    .iter()
                    .find(|f| matches(how, span, (f.start, f.end)))
                    .map(|f| format!(" (marked as {:?})", f.kind))
                    .unwrap_or_default();
                println!(
                    "  {how:?}: missed {kind:?} {:?}{as_other} in {:?}",
                    &item.text[span.0..span.1],
                    around(&item.text, span)
                );
            }
        }
    }
}

/// Scores the set in `tests/data/{file}`. `verbose` lists every miss and false flag, which is
/// right for the sets the detector was built on and wrong for the held-out one.
fn measure(file: &str, verbose: bool) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let data = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    let set: Vec<Labelled> = serde_json::from_str(&data).expect("labelled set is valid JSON");
    let empty = || Kind::ALL.iter().map(|&k| (k, Counts::default())).collect();
    let (mut exact, mut overlap) = (empty(), empty());
    score(&set, Match::Exact, &mut exact, verbose);
    score(&set, Match::Overlap, &mut overlap, verbose);
    let mut false_flags = 0;
    let mut covered = 0;
    let mut words = 0;
    for item in &set {
        words += item.text.split_whitespace().count();
        let spans: Vec<(usize, usize)> = item
            .identifiers
            .iter()
            .map(|l| locate(&item.text, l))
            .collect();
        let findings = find_identifiers(&item.text);
        covered += spans
            .iter()
            .filter(|&&s| {
                findings
                    .iter()
                    .any(|f| matches(Match::Overlap, s, (f.start, f.end)))
            })
            .count();
        false_flags += findings
            .iter()
            .filter(|f| {
                !spans
                    .iter()
                    .any(|&s| matches(Match::Overlap, s, (f.start, f.end)))
            })
            .count();
    }
    Report {
        exact,
        overlap,
        words,
        false_flags,
        covered,
    }
}

/// Asserts `floor` on the recall of each kind (exact spans) that has enough labels to measure.
fn assert_recall_floors(report: &Report, floor: impl Fn(Kind) -> f64) {
    for (kind, c) in &report.exact {
        if c.labelled < 5 {
            continue;
        }
        assert!(
            c.recall() >= floor(*kind),
            "{kind:?} exact recall {:.3} below {:.2}",
            c.recall(),
            floor(*kind)
        );
    }
}

/// The least a set must score: exact-span and overlap recall, exact precision, and the most
/// false flags per 1 000 words.
struct Floors {
    exact_recall: f64,
    overlap_recall: f64,
    exact_precision: f64,
    false_flags: f64,
}

fn assert_floors(name: &str, report: &Report, f: Floors) {
    let (exact, overlap) = (report.total(Match::Exact), report.total(Match::Overlap));
    let flags = report.false_flags_per_thousand_words();
    assert!(
        exact.recall() >= f.exact_recall
            && overlap.recall() >= f.overlap_recall
            && exact.precision() >= f.exact_precision
            && flags <= f.false_flags,
        "{name}: exact recall {:.3} (floor {}), overlap recall {:.3} (floor {}), exact precision \
         {:.3} (floor {}), {flags:.2} false flags per 1 000 words (at most {})",
        exact.recall(),
        f.exact_recall,
        overlap.recall(),
        f.overlap_recall,
        exact.precision(),
        f.exact_precision,
        f.false_flags
    );
}

/// Scores `file`, prints its table, and fails unless it meets `floors`.
/// `CHORUS_PII_VERBOSE=NAME` lists the misses and false flags of the sets whose file name holds
/// NAME: for development sets only.
fn set_meets_floors(file: &str, verbose: bool, floors: Floors) -> Report {
    let asked =
        std::env::var("CHORUS_PII_VERBOSE").is_ok_and(|v| !v.is_empty() && file.contains(&v));
    let report = measure(file, verbose || asked);
    report.print(file);
    assert_floors(file, &report, floors);
    report
}

#[test]
fn project_labelled_set_meets_exact_span_floors() {
    // Written alongside the first detector, so these are regression guards, not an estimate
    // of accuracy on unseen text (that is the held-out set's job).
    let report = measure("pii_labelled.json", true);
    report.print("pii_labelled.json");
    for (kind, c) in &report.exact {
        assert!(c.labelled >= 12, "{kind:?} has only {} labels", c.labelled);
    }
    assert!(report.total(Match::Exact).recall() >= 0.95);
    assert!(report.total(Match::Exact).precision() >= 0.95);
    assert_recall_floors(&report, |k| match k {
        Kind::Person | Kind::Place => 0.93,
        _ => 0.95,
    });
    assert!(report.false_flags_per_thousand_words() <= 1.0);
}

#[test]
fn development_set_of_unlisted_names_and_decoys_meets_floors() {
    // Names on no list, ranks, Welsh places, schools, teams, streets without a number, and
    // decoys (brands, fiction, idioms, medicines, law, support lines) written for tuning.
    let report = set_meets_floors(
        "pii_dev.json",
        true,
        Floors {
            exact_recall: 0.90,
            overlap_recall: 0.95,
            exact_precision: 0.90,
            false_flags: 2.0,
        },
    );
    assert_recall_floors(&report, |k| match k {
        Kind::Person | Kind::Place | Kind::Address => 0.85,
        _ => 0.95,
    });
}

#[test]
fn second_development_set_meets_floors() {
    // Written by a second helper who had seen neither the detector nor the other sets, and used
    // for tuning after the held-out set was frozen: many unlisted names and places, lower-case
    // names typed on a phone, and decoys. Floors a little below what it measures.
    set_meets_floors(
        "pii_dev2.json",
        true,
        Floors {
            exact_recall: DEV2_EXACT_RECALL,
            overlap_recall: DEV2_OVERLAP_RECALL,
            exact_precision: DEV2_EXACT_PRECISION,
            false_flags: DEV2_FALSE_FLAGS,
        },
    );
}

/// Measured when the detector was reworked on it: exact recall 0.954 (overlap 0.971),
/// precision 0.935, 1.90 false flags per 1 000 words (0.827, 0.818 and 4.53 before).
/// Stop 32 raised the false-flag ceiling from 2.2: this set's writer leaves counties and cities
/// abroad unlabelled, which the detector now flags, as most later blind sets label them.
const DEV2_EXACT_RECALL: f64 = 0.93;
const DEV2_OVERLAP_RECALL: f64 = 0.95;
const DEV2_EXACT_PRECISION: f64 = 0.91;
const DEV2_FALSE_FLAGS: f64 = 2.5;

#[test]
fn held_out_set_meets_floors() {
    // Written by someone who had not seen the detector, and frozen before it was first scored.
    // Scored in aggregate only (no list of misses). Its aggregate figures were watched while
    // the detector was reworked on the development sets, so the second held-out set, scored
    // once, is now the cleaner estimate. The floors sit a little below the latest figures.
    let report = set_meets_floors(
        "pii_heldout.json",
        false,
        Floors {
            exact_recall: HELD_OUT_EXACT_RECALL,
            overlap_recall: HELD_OUT_OVERLAP_RECALL,
            exact_precision: 0.92,
            false_flags: HELD_OUT_FALSE_FLAGS,
        },
    );
    // Exact recall first measured / after the rework: person 0.901 / 0.931, place 0.769 /
    // 0.803, address 0.885 / 0.923, date 0.875 / 0.875, every structured kind 1.000.
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.90,
        Kind::Place => 0.77,
        Kind::Address => 0.88,
        Kind::Date => 0.85,
        _ => 0.95,
    });
}

#[test]
fn third_development_set_meets_floors() {
    // Written by a third helper who had seen neither the detector nor the other sets, frozen,
    // and scored once blind (exact recall 0.820, overlap 0.880, precision 0.831, 5.34 false
    // flags per 1 000 words; person 0.898, place 0.706) before it was used for tuning. A
    // fourth set is held out in its place.
    set_meets_floors("pii_dev3.json", true, DEV3);
}

/// After tuning on it: exact recall 0.848, overlap 0.904, precision 0.842, 5.44 false flags;
/// after the stop that tuned on `pii_dev7.json`: 0.868, 0.913, 0.898 and 1.75.
/// Stop 32 raised the false-flag ceiling from 2.2: this set's writer leaves counties and cities
/// abroad unlabelled, which the detector now flags, as most later blind sets label them.
const DEV3: Floors = Floors {
    exact_recall: 0.85,
    overlap_recall: 0.90,
    exact_precision: 0.88,
    false_flags: 2.9,
};

#[test]
fn fourth_development_set_meets_floors() {
    // Written by a fourth helper who had seen neither the detector nor the other sets, frozen
    // (as pii_heldout3.json) and scored blind in aggregate: exact recall 0.855, overlap 0.880,
    // precision 0.895, 2.06 false flags per 1 000 words; 0.868 / 0.893 with the gazetteer of
    // towns, decided on the other sets. Tuned on after that; a fifth set is held out instead.
    set_meets_floors("pii_dev4.json", true, DEV4);
}

/// After tuning on it: exact recall 0.911, overlap 0.922, precision 0.948, 0.72 false flags.
const DEV4: Floors = Floors {
    exact_recall: 0.89,
    overlap_recall: 0.90,
    exact_precision: 0.93,
    false_flags: 1.0,
};

#[test]
fn fifth_development_set_meets_floors() {
    // Written by a fifth helper who had seen neither the detector nor the other sets, frozen
    // (as pii_heldout4.json) and scored blind once in aggregate: exact recall 0.830, overlap
    // 0.873, precision 0.884, 1.96 false flags per 1 000 words; person 0.911, place 0.779,
    // date 0.610. Tuned on after that; a sixth set is held out instead.
    set_meets_floors("pii_dev5.json", true, DEV5);
}

/// After tuning on it: exact recall 0.860, overlap 0.902, precision 0.897, 1.33 false flags;
/// after the stop that tuned on `pii_dev7.json`: 0.873, 0.913, 0.910 and 0.71.
/// Stop 32 raised the false-flag ceiling from 1.0: this set's writer leaves counties and cities
/// abroad unlabelled, which the detector now flags, as most later blind sets label them.
const DEV5: Floors = Floors {
    exact_recall: 0.85,
    overlap_recall: 0.89,
    exact_precision: 0.89,
    false_flags: 1.3,
};

#[test]
fn sixth_development_set_meets_floors() {
    // Written by a sixth helper who had seen neither the detector nor the other sets, frozen
    // (as pii_heldout5.json) and scored blind once in aggregate: exact recall 0.791, overlap
    // 0.870, precision 0.817, 3.62 false flags per 1 000 words; person 0.870, place 0.697,
    // date 0.815, handle 0.389. Tuned on after that; a seventh set is held out instead.
    set_meets_floors("pii_dev6.json", true, DEV6);
}

/// After tuning on it: exact recall 0.808, overlap 0.880, precision 0.838, 2.50 false flags;
/// after the stop that tuned on `pii_dev7.json`: 0.829, 0.900, 0.860 and 1.58.
/// Stop 32 raised the false-flag ceiling from 2.0: this set's writer leaves counties and cities
/// abroad unlabelled, which the detector now flags, as most later blind sets label them.
const DEV6: Floors = Floors {
    exact_recall: 0.81,
    overlap_recall: 0.88,
    exact_precision: 0.84,
    false_flags: 2.3,
};

#[test]
fn seventh_development_set_meets_floors() {
    // Written by a seventh helper who had seen neither the detector nor the other sets, frozen
    // (as pii_heldout6.json) and scored blind in aggregate: exact recall 0.826, overlap 0.875,
    // precision 0.871, 2.91 false flags per 1 000 words; person 0.884, place 0.742, date 0.808,
    // address 0.889, handle 5 of 7 (92 texts, 11 321 words, 1 012 identifiers). Tuned on after
    // that; an eighth set is held out instead.
    let report = set_meets_floors("pii_dev7.json", true, DEV7);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.86,
        Kind::Place => 0.72,
        Kind::Address => 0.85,
        Kind::Date => 0.78,
        Kind::Handle => 0.70,
        _ => 0.95,
    });
}

/// After tuning on it: exact recall 0.850, overlap 0.903, precision 0.901, 1.06 false flags.
/// Stop 32 raised the false-flag ceiling from 1.4: this set's writer leaves counties and cities
/// abroad unlabelled, which the detector now flags, as most later blind sets label them.
const DEV7: Floors = Floors {
    exact_recall: 0.83,
    overlap_recall: 0.88,
    exact_precision: 0.88,
    false_flags: 1.6,
};

#[test]
fn eighth_development_set_meets_floors() {
    // Written by an eighth helper who had seen neither the detector nor the other sets, frozen
    // (as pii_heldout7.json) and scored blind in aggregate three times: at last exact recall
    // 0.844, overlap 0.899, precision 0.870, 2.36 false flags per 1 000 words; person 0.898,
    // place 0.773, date 0.899, address 0.750 (101 texts, 17 378 words, 1 111 identifiers).
    // Tuned on after that; a ninth set is held out instead.
    let report = set_meets_floors("pii_dev8.json", true, DEV8);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.89,
        Kind::Place => 0.79,
        Kind::Date => 0.87,
        Kind::Address => 0.80,
        Kind::Handle => 0.70,
        Kind::Email => 0.85,
        _ => 0.95,
    });
}

/// After tuning on it: exact recall 0.869, overlap 0.927, precision 0.877, 2.36 false flags.
const DEV8: Floors = Floors {
    exact_recall: 0.85,
    overlap_recall: 0.91,
    exact_precision: 0.86,
    false_flags: 2.6,
};

/// First measured: 0.858 overlap and 0.854 exact recall, 1.07 false flags per 1 000 words; after
/// the rework 0.895, 0.882 and 0.89; on 74 texts, 11 220 words and 541 identifiers (issue 12
/// asks 0.95 and at most 1).
const HELD_OUT_OVERLAP_RECALL: f64 = 0.87;
const HELD_OUT_EXACT_RECALL: f64 = 0.86;
const HELD_OUT_FALSE_FLAGS: f64 = 1.05;

/// Every `*.md` file under `dir`, searched recursively.
fn markdown_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The story body without its `+++` TOML front matter, and its title.
fn title_and_body(source: &str) -> (String, &str) {
    let Some(rest) = source.trim_start().strip_prefix("+++") else {
        return (String::new(), source);
    };
    match rest.find("\n+++") {
        Some(end) => {
            let title = rest[..end]
                .lines()
                .find_map(|l| l.strip_prefix("title"))
                .map(|t| {
                    t.trim_start_matches([' ', '='])
                        .trim()
                        .trim_matches('"')
                        .to_string()
                })
                .unwrap_or_default();
            (title, &rest[end + 4..])
        }
        None => (String::new(), source),
    }
}

#[test]
fn false_flags_per_thousand_words_over_example_stories_are_low() {
    let mut files = Vec::new();
    markdown_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("stories"),
        &mut files,
    );
    files.sort();
    assert!(!files.is_empty(), "no example stories found under stories/");
    let mut words = 0;
    let mut per_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("story is readable");
        let (title, text) = title_and_body(&source);
        words += text.split_whitespace().count() + title.split_whitespace().count();
        let findings: Vec<Finding> = find_identifiers(text)
            .into_iter()
            .chain(find_identifiers(&title))
            .collect();
        for f in findings {
            println!("  {}: {:?} {:?}", file.display(), f.kind, f.text);
            *per_kind.entry(f.kind).or_default() += 1;
        }
    }
    let total: usize = per_kind.values().sum();
    let rate = 1000.0 * total as f64 / words.max(1) as f64;
    println!(
        "{} stories, {words} words, {total} findings: {rate:.2} per 1000 words",
        files.len()
    );
    // The stories are written to contain no identifiers, so every finding is a false alarm.
    assert!(rate <= 1.0, "{rate:.2} false flags per 1000 words");
}

#[test]
fn ninth_held_out_set_meets_floors() {
    // Written by a ninth helper who had seen neither the detector nor the other sets, frozen
    // before it was first scored, and scored in aggregate only: the honest estimate of the
    // detector as it stands. Its writer labels every named settlement, London and large cities
    // abroad included, which this detector leaves unflagged by choice.
    let report = set_meets_floors("pii_heldout8.json", false, HELD_OUT_8);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.90,
        Kind::Place => 0.72,
        Kind::Date => 0.84,
        Kind::Address => 0.70,
        Kind::Phone => 0.80,
        Kind::Email => 0.90,
        _ => 0.95,
    });
}

/// 138 texts, 17 410 words and 1 103 identifiers, scored in aggregate only. First, with the
/// detector as the eighth set left it: exact recall 0.832, overlap 0.855, precision 0.910, 0.69
/// false flags per 1 000 words; person 0.921 (430 labels), place 0.735 / 0.765 (502), date
/// 0.862 (94), address 8 of 10, phone 12 of 14, email 12 of 13, the other kinds all found.
/// After this stop's tuning on `pii_dev8.json`, twice: 0.836 / 0.859, 0.909, 0.69; person
/// 0.921, place 0.743 / 0.773.
const HELD_OUT_8: Floors = Floors {
    exact_recall: 0.82,
    overlap_recall: 0.84,
    exact_precision: 0.89,
    false_flags: 1.0,
};

#[test]
fn tenth_held_out_set_meets_floors() {
    // Written by two helpers who had seen neither the detector nor the other sets, frozen
    // before it was first scored, and scored in aggregate only. Its writers leave unlabelled
    // the UK cities of about half a million people or more, capitals, and large cities abroad,
    // as the detector does; every smaller town and every district is labelled.
    let report = set_meets_floors("pii_heldout9.json", false, HELD_OUT_9);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.89,
        Kind::Place => 0.78,
        Kind::Date => 0.91,
        Kind::Address => 0.35,
        _ => 0.95,
    });
}

/// 130 texts, 19 405 words and 1 515 identifiers, scored in aggregate only. First, with the
/// detector as the ninth set left it: exact recall 0.870, overlap 0.899, precision 0.882, 1.96
/// false flags per 1 000 words; person 0.914 / 0.925 (650 labels), place 0.801 / 0.837 (608),
/// date 0.932 / 0.975 (162), address 6 of 15 exactly and 14 of 15 overlapping, the other kinds
/// all found; some finding marks 94.9 % of the identifiers, whatever kind it gives. After this
/// stop's rules (tuned on the development sets only): 0.872 / 0.901, 0.886, 1.75; person 0.914,
/// place 0.806 / 0.842. Stop 23 looked into its misses (it is a development set since): 0.888 /
/// 0.918, 0.890, 1.80; person 0.948, place 0.811.
const HELD_OUT_9: Floors = Floors {
    exact_recall: 0.87,
    overlap_recall: 0.90,
    exact_precision: 0.86,
    false_flags: 2.2,
};

#[test]
fn eleventh_held_out_set_meets_floors() {
    // Written by a helper who had seen neither the detector nor the other sets, frozen before
    // it was first scored, and scored in aggregate only. Its writer leaves unlabelled the UK
    // cities of about 300 000 people or more, capitals and large cities abroad, and national
    // chains and charities even where a branch is meant; a street without a number is a place,
    // and "the" is part of "the 3rd of May".
    let report = set_meets_floors("pii_heldout10.json", false, HELD_OUT_10);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.87,
        Kind::Place => 0.76,
        Kind::Date => 0.84,
        Kind::Address => 0.80,
        _ => 0.95,
    });
}

/// 140 texts, 16 553 words and 1 456 identifiers, scored in aggregate only. First, with the
/// detector as the tenth set left it (stop 23's start): exact recall 0.819, overlap 0.851,
/// precision 0.882, 2.30 false flags per 1 000 words; person 0.862 / 0.883 (673 labels), place
/// 0.750 / 0.789 (629), date 0.864 / 0.963 (81), address 13 of 15; some finding marks 90.0 % of
/// its identifiers. At the end of that stop: 0.820 / 0.852, 0.881, 2.42. Stop 24 looked into
/// its misses (it is a development set since): 0.844 / 0.875, 0.899, 0.91; person 0.884, place
/// 0.779 (lines in capitals, contractions typed without an apostrophe, charities' branches).
/// Stop 32 raised the false-flag ceiling from 1.2: this set's writer leaves counties and cities
/// abroad unlabelled, which the detector now flags, as most later blind sets label them.
const HELD_OUT_10: Floors = Floors {
    exact_recall: 0.83,
    overlap_recall: 0.86,
    exact_precision: 0.88,
    false_flags: 1.9,
};

/// 159 texts, 16 379 words and 914 identifiers, scored in aggregate only. First, with the
/// detector as stop 23 left it: exact recall 0.858, overlap 0.899, precision 0.863, 2.44 false
/// flags per 1 000 words; person 0.899 / 0.914 (487 labels), place 0.777 / 0.830 (283), date
/// 0.880 / 1.000 (92), address 2 of 8 exactly and 7 of 8 overlapping; some finding marks 93.8 %
/// of its identifiers. At the end of stop 24 (tuned on the older sets only): 0.858 / 0.899,
/// 0.864, 2.38.
const HELD_OUT_11: Floors = Floors {
    exact_recall: 0.84,
    overlap_recall: 0.88,
    exact_precision: 0.84,
    false_flags: 2.8,
};

#[test]
fn twelfth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary and had seen neither the detector nor the
    // other sets, frozen before it was first scored, and scored in aggregate only. Its writer
    // leaves unlabelled the large cities (Sheffield, Bristol, Glasgow), places abroad and
    // national charities without a branch; counties and smaller cities are places, and "the" is
    // part of a place's name only when capitalised.
    let report = set_meets_floors("pii_heldout11.json", false, HELD_OUT_11);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.88,
        Kind::Place => 0.75,
        Kind::Date => 0.85,
        Kind::Address => 0.2,
        _ => 0.7,
    });
}

#[test]
fn thirteenth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary and had seen neither the detector nor the
    // other sets, frozen before it was first scored, and scored in aggregate only. Its writer
    // labels smaller cities (Wrexham, Carlisle) and leaves the large ones; a weekday is outside
    // a date; "Auntie" and "Pastor" are inside a name; a street, its town and its postcode are
    // separate spans.
    let report = set_meets_floors("pii_heldout12.json", false, HELD_OUT_12);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.85,
        Kind::Place => 0.72,
        Kind::Date => 0.88,
        Kind::Address => 0.5,
        _ => 0.8,
    });
}

/// 184 texts, 15 073 words and 1 009 identifiers. First, with the detector as stop 24 left it:
/// exact recall 0.841, overlap 0.878, precision 0.882, 1.86 false flags per 1 000 words;
/// person 0.872 / 0.881 (494 labels), place 0.754 / 0.820 (333), date 0.918 / 1.000 (85),
/// address 0.667 / 0.889 (18); some finding marks 92.1 % of its identifiers.
const HELD_OUT_12: Floors = Floors {
    exact_recall: 0.82,
    overlap_recall: 0.86,
    exact_precision: 0.86,
    false_flags: 2.4,
};

#[test]
fn fourteenth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary and had seen neither the detector nor the
    // other sets, frozen before it was first scored, and scored in aggregate only. Its writer
    // was told a street is an address with or without a number, a weekday is outside a date,
    // a title or rank is inside a name, and the large cities are not labelled.
    let report = set_meets_floors("pii_heldout13.json", false, HELD_OUT_13);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.87,
        Kind::Place => 0.84,
        Kind::Date => 0.75,
        Kind::Address => 0.8,
        _ => 0.9,
    });
}

/// 200 texts, 14 666 words and 1 135 identifiers. First, with the detector as stop 25 left it:
/// exact recall 0.878, overlap 0.916, precision 0.921, 1.77 false flags per 1 000 words;
/// person 0.894 / 0.903 (444 labels), place 0.870 / 0.918 (415), date 0.785 / 0.926 (121),
/// address 0.847 / 0.881 (59), phone 0.929, every other kind 1.000; some finding marks 93.0 %
/// of its identifiers.
const HELD_OUT_13: Floors = Floors {
    exact_recall: 0.85,
    overlap_recall: 0.89,
    exact_precision: 0.89,
    false_flags: 2.2,
};

#[test]
fn fifteenth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary and the product notes and had seen
    // neither the detector nor the other sets, frozen before it was first scored, and scored in
    // aggregate only, once blind and at the ends of stops 27 to 30: no choice was made on its
    // texts (its labels of the big cities were counted, with every set's, in stop 30).
    let report = set_meets_floors("pii_heldout14.json", false, HELD_OUT_14);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.88,
        Kind::Place => 0.77,
        Kind::Date => 0.87,
        Kind::Address => 0.85,
        _ => 0.95,
    });
}

/// 200 texts, 14 258 words and 1 040 identifiers. First, with the detector as stop 26 left it
/// (rules and tagger): exact recall 0.869, overlap 0.893, precision 0.943, 0.77 false flags per
/// 1 000 words; person 0.907 / 0.941 (354 labels), place 0.796 / 0.820 (427), date 0.902 /
/// 0.919 (123), address 0.889 / 0.917 (36), every other kind 1.000; some finding marks 91.0 %
/// of its identifiers. At the end of stop 27 (faster, retrained without it): 0.868, 0.891, 0.944
/// and 0.77; person 0.907, place 0.794. At the end of stop 28: 0.873, 0.895, 0.944 and 0.84;
/// person 0.918, place 0.796. At the end of stop 29: 0.880, 0.902, 0.944 and 0.77; person
/// 0.924, place 0.801. At the end of stop 30, the big UK cities flagged as places: 0.901, 0.922,
/// 0.946 and 0.84; person 0.927, place 0.850.
const HELD_OUT_14: Floors = Floors {
    exact_recall: 0.85,
    overlap_recall: 0.87,
    exact_precision: 0.92,
    false_flags: 1.2,
};

#[test]
fn sixteenth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary and the product notes and had seen
    // neither the detector nor the other sets, and frozen (f764b56) before it was first scored.
    // Scored in aggregate only, blind, twice in stop 28 and at the ends of stops 29 and 30: no
    // choice was made on its texts (its labels of the big cities were counted in stop 30).
    let report = set_meets_floors("pii_heldout15.json", false, HELD_OUT_15);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.93,
        Kind::Place => 0.78,
        Kind::Date => 0.82,
        Kind::Address => 0.80,
        _ => 0.95,
    });
}

/// 200 texts, 14 402 words and 1 072 identifiers. First, with the detector as stop 27 left it
/// (ed5548f): exact recall 0.864, overlap 0.887, precision 0.933, 1.32 false flags per 1 000
/// words; person 0.945 / 0.962 (343 labels), place 0.794 / 0.810 (515), date 0.848 / 0.939
/// (99), address 0.844 / 0.906 (32), postcode 0.923 (13: an Irish Eircode), every other kind
/// 1.000; some finding marks 90.9 % of its identifiers. At the end of stop 28: 0.871, 0.896,
/// 0.932 and 1.39; person 0.956, place 0.800, postcode 1.000; marks 91.5 %. At the end of stop
/// 29: 0.877, 0.900, 0.933 and 1.39; person 0.956, place 0.810, date 0.859; marks 92.0 %. At
/// the end of stop 30: 0.890, 0.912, 0.932 and 1.46; person 0.959, place 0.835.
const HELD_OUT_15: Floors = Floors {
    exact_recall: 0.86,
    overlap_recall: 0.88,
    exact_precision: 0.92,
    false_flags: 1.6,
};

#[test]
fn seventeenth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary and the product notes and had seen
    // neither the detector nor the other sets, and frozen (21abe13) before it was first scored.
    // Scored in aggregate only, blind and at the end of stops 29 and 30: no choice was made on
    // its texts (its labels of the big cities were counted, with every set's, in stop 30).
    let report = set_meets_floors("pii_heldout16.json", false, HELD_OUT_16);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.88,
        Kind::Place => 0.74,
        Kind::Date => 0.74,
        Kind::Address => 0.85,
        // Its writer labelled chat nicknames without an "@" ("kat_in_the_hat") as handles.
        Kind::Handle => 0.70,
        _ => 0.95,
    });
}

/// 200 texts, 14 363 words and 1 012 identifiers. First, with the detector as stop 28 left it
/// (851de33): exact recall 0.851, overlap 0.893, precision 0.927, 0.70 false flags per 1 000
/// words; person 0.909 / 0.939 (429 labels), place 0.773 / 0.805 (343), date 0.777 / 0.929
/// (112), address 0.894 / 0.936 (47), handle 0.765 (17), every other kind 1.000; some finding
/// marks 91.1 % of its identifiers. At the end of stop 29: 0.858, 0.901, 0.930 and 0.70; person
/// 0.918, place 0.778, date 0.786; marks 91.6 %. At the end of stop 30: 0.874, 0.916, 0.933 and
/// 0.56; person 0.925, place 0.813, address 0.915.
const HELD_OUT_16: Floors = Floors {
    exact_recall: 0.83,
    overlap_recall: 0.87,
    exact_precision: 0.90,
    false_flags: 1.2,
};

#[test]
fn eighteenth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary and the product notes and had seen
    // neither the detector nor the other sets, and frozen (20d6817) before it was first scored.
    // Scored blind once, then tuned on in stop 30: no longer an estimate for unseen text.
    let report = set_meets_floors("pii_heldout17.json", false, HELD_OUT_17);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.93,
        Kind::Place => 0.84,
        // Its writer puts "the" into a day alone ("the 22nd"); overlap recall is 0.986.
        Kind::Date => 0.70,
        Kind::Address => 0.72,
        _ => 0.95,
    });
}

/// 156 texts, 10 166 words and 905 identifiers. First, blind, with the detector as stop 29 left
/// it (d3f0dd3): exact recall 0.883, overlap 0.915, precision 0.919, 2.46 false flags per 1 000
/// words; person 0.939 / 0.956 (410 labels), place 0.851 / 0.871 (342), date 0.739 / 0.942
/// (69), address 0.750 / 0.778 (36), phone 0.727 (11: numbers of twelve digits), every other
/// kind 1.000; some finding marks 92.9 % of its identifiers. After tuning on it in stop 30:
/// 0.909, 0.941, 0.935 and 1.08; person 0.966, place 0.871, address 0.833, phone 1.000; marks
/// 95.6 %.
const HELD_OUT_17: Floors = Floors {
    exact_recall: 0.88,
    overlap_recall: 0.91,
    exact_precision: 0.91,
    false_flags: 1.6,
};

#[test]
fn nineteenth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary, the product notes and the moderators'
    // guide and had seen neither the detector nor the other sets, and frozen (0a3b867) before
    // it was first scored. Scored blind once, then tuned on in stop 31.
    let report = set_meets_floors("pii_heldout18.json", false, HELD_OUT_18);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.90,
        Kind::Place => 0.82,
        Kind::Date => 0.95,
        // Its writer labels a street without a number a place ("on Rye Lane"), which the
        // detector calls an address.
        Kind::Address => 0.65,
        _ => 0.90,
    });
}

/// 181 texts, 9 759 words and 969 identifiers (person 349, place 364, date 96, address 28, and
/// 132 structured). First, blind, with the detector as stop 30 left it (9e9c298): exact recall
/// 0.881, overlap 0.894, precision 0.908, 2.46 false flags per 1 000 words; person 0.903 /
/// 0.920, place 0.824 / 0.832, date 0.938, address 0.714; some finding marks 94.3 % of its
/// identifiers. After tuning on it in stop 31: 0.906, 0.918, 0.924 and 0.92; person 0.928,
/// place 0.849, date 0.990; marks 96.8 %.
const HELD_OUT_18: Floors = Floors {
    exact_recall: 0.88,
    overlap_recall: 0.89,
    exact_precision: 0.90,
    false_flags: 1.4,
};

#[test]
fn twentieth_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary, the product notes and the moderators'
    // guide and had seen neither the detector nor the other sets, and frozen (77544a4) before
    // it was first scored. Scored blind once, then tuned on in stop 32.
    let report = set_meets_floors("pii_heldout19.json", false, HELD_OUT_19);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.90,
        Kind::Place => 0.85,
        // Its writer puts "the" into a day alone ("the 22nd"); overlap recall is 0.98.
        Kind::Date => 0.65,
        Kind::Address => 0.80,
        _ => 0.85,
    });
}

/// 250 texts, 16 074 words and 949 identifiers (place 452, person 335, date 53, address 34, and
/// 75 structured; 27 texts name no one). First, blind, with the detector as stop 31 left it
/// (72654f2): exact recall 0.860, overlap 0.891, precision 0.902, 2.24 false flags per 1 000
/// words; person 0.928, place 0.816, date 0.698 (overlap 0.981), address 0.853; some finding
/// marks 91.4 % of its identifiers. After tuning on it in stop 32: 0.898, 0.926, 0.941 and
/// 0.68; person 0.931, place 0.883, address 0.882.
const HELD_OUT_19: Floors = Floors {
    exact_recall: 0.88,
    overlap_recall: 0.91,
    exact_precision: 0.92,
    false_flags: 1.0,
};

#[test]
fn twenty_first_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary, the product notes and the moderators'
    // guide and had seen neither the detector nor the other sets, and frozen (ca078c4) before
    // it was first scored. Scored blind once, then tuned on in stop 34.
    let report = set_meets_floors("pii_heldout20.json", false, HELD_OUT_20);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.92,
        Kind::Place => 0.84,
        Kind::Date => 0.90,
        // Its writer labels a street without a number a place ("along Mill Lane"), which the
        // detector calls an address.
        Kind::Address => 0.80,
        _ => 0.90,
    });
}

/// 250 texts, 15 643 words and 1 019 identifiers (place 479, person 376, date 68, address 19,
/// and 77 structured; 25 texts name no one; 168 decoys). First, blind, with the detector as
/// stop 33 left it (ca078c4): exact recall 0.904, overlap 0.928, precision 0.929, 0.64 false
/// flags per 1 000 words; person 0.939 / 0.952, place 0.862 / 0.900, date 0.926, address 0.842
/// (precision 0.444: its writer calls a street without a number a place), handle 0.929, every
/// other kind 1.000; some finding marks 96.1 % of its identifiers.
const HELD_OUT_20: Floors = Floors {
    exact_recall: 0.89,
    overlap_recall: 0.92,
    exact_precision: 0.92,
    false_flags: 0.9,
};

#[test]
fn twenty_second_held_out_set_meets_floors() {
    // Written by a helper who read only the glossary, the product notes and the moderators'
    // guide and had seen neither the detector nor the other sets, and frozen (a0f37c1) before
    // it was first scored. Scored blind once, then tuned on in stop 34.
    let report = set_meets_floors("pii_heldout21.json", false, HELD_OUT_21);
    assert_recall_floors(&report, |k| match k {
        Kind::Person => 0.88,
        // Its writer labels a street without a number a place ("on Allison Street"), which
        // the detector calls an address.
        Kind::Place => 0.81,
        Kind::Date => 0.95,
        _ => 0.90,
    });
}

/// 225 texts, 14 940 words and 1 085 identifiers (place 461, person 382, date 107, address 29,
/// and 106 structured; 25 texts name no one; 182 decoys). First, blind, with the detector as
/// stop 34 had it before (b1d3ba0): exact recall 0.894, overlap 0.917, precision 0.917, 1.54
/// false flags per 1 000 words; person 0.901 / 0.927, place 0.837 / 0.868, date 0.991, address
/// 0.966 (precision 0.519: streets), every structured kind 1.000; some finding marks 95.2 % of
/// its identifiers. The detector as stop 33 left it (ca078c4) scored 0.889, 0.912, 0.916 and
/// 1.54 (marks 94.7 %): this stop's rules, tuned on other sets, gained half a point here.
const HELD_OUT_21: Floors = Floors {
    exact_recall: 0.88,
    overlap_recall: 0.90,
    exact_precision: 0.90,
    false_flags: 1.7,
};
