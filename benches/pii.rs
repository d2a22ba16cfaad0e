//! Identifier-detection speed in milliseconds per 1 500 words (the target is at most 2 ms).
//!
//! `cargo bench --bench pii` cuts the example stories, the labelled sets and three hostile texts
//! (every word a capitalised unknown word; every word a listed first name) into pieces of
//! exactly 1 500 words and times `find_identifiers` on each, printing the median, the 95th
//! percentile and the slowest (on a shared machine the tail measures the other work on it;
//! the load average is printed so the figures can be read with it). The one-time cost of loading the word lists is printed apart.
//! No timing is asserted.

use std::path::Path;
use std::time::{Duration, Instant};

const WORDS: usize = 1500;

/// Pieces of exactly `WORDS` words from `text`, wrapping round to fill the last one.
fn pieces(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_inclusive(char::is_whitespace).collect();
    let count = words.len().div_ceil(WORDS).max(1);
    (0..count)
        .map(|p| {
            (0..WORDS)
                .map(|i| words[(p * WORDS + i) % words.len()])
                .collect()
        })
        .collect()
}

fn read_dir_text(dir: &Path) -> String {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("stories/ is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("story is readable"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn labelled_text(file: &Path) -> String {
    let data = std::fs::read_to_string(file).expect("labelled set is readable");
    let items: Vec<serde_json::Value> = serde_json::from_str(&data).expect("valid JSON");
    items
        .iter()
        .filter_map(|i| i["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn report(name: &str, texts: &[String]) {
    let rounds = 50;
    let mut times: Vec<Duration> = Vec::with_capacity(texts.len() * rounds);
    let mut found = 0;
    for _ in 0..rounds {
        for t in texts {
            let start = Instant::now();
            let findings = chorus::pii::find_identifiers(std::hint::black_box(t));
            times.push(start.elapsed());
            found = findings.len();
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<28} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>9.3}   ({found} findings in the last piece)",
        texts.len(),
        ms(times[0]),
        ms(p(0.5)),
        ms(p(0.95)),
        ms(*times.last().expect("timed at least once"))
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let start = Instant::now();
    chorus::pii::find_identifiers("Dr Okafor on Willow Ward.");
    println!(
        "first call, loading the word lists: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average: {}", load.trim());
    }
    println!();
    println!(
        "{:<28} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "text (1 500 words a piece)", "pieces", "min ms", "p50 ms", "p95 ms", "max ms"
    );
    report("stories/", &pieces(&read_dir_text(&root.join("stories"))));
    for set in [
        "pii_labelled.json",
        "pii_dev.json",
        "pii_dev2.json",
        "pii_dev3.json",
        "pii_heldout.json",
        "pii_dev4.json",
        "pii_dev5.json",
        "pii_dev6.json",
        "pii_dev7.json",
        "pii_dev8.json",
        "pii_heldout8.json",
        "pii_heldout9.json",
        "pii_heldout10.json",
        "pii_heldout11.json",
        "pii_heldout17.json",
        "pii_heldout19.json",
        "pii_heldout20.json",
        "pii_heldout21.json",
    ] {
        let path = root.join("tests/data").join(set);
        if path.exists() {
            report(set, &pieces(&labelled_text(&path)));
        }
    }
    let unknown: String = (0..WORDS)
        .map(|i| format!("Zorb{}x ", (b'a' + (i % 26) as u8) as char))
        .collect();
    report("hostile: unknown capitals", &pieces(&unknown));
    let names =
        "Priya Shah told Tomasz Nowak that Dr Okafor and PC Hughes met Siân at Willow Ward. ";
    report(
        "hostile: names and places",
        &pieces(&names.repeat(WORDS / 10)),
    );
    // Every line in capitals: each is read again in ordinary case before the finders run.
    report(
        "hostile: all in capitals",
        &pieces(&names.to_uppercase().repeat(WORDS / 10).replace(". ", ".\n")),
    );
}
