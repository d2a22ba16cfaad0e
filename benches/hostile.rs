//! What hostile input costs: the preview pipeline and the search parser, timed on inputs built to
//! trip a parser into superlinear work, against plain prose of the same size.
//!
//! `cargo bench --bench hostile` prints, for each input, its size, the median time and the ratio
//! to prose. Slow inputs are run fewer times (once when a run takes over two seconds). With
//! `CHORUS_BENCH_LINEARITY=1` each body is also built and timed at half the size, and the last column is
//! time(n) / (2 · time(n/2)): about 1 when the cost is linear, about 2 when it is quadratic.
//! No timing is asserted: this is a table for people; the tests check behaviour, never speed.

use std::time::{Duration, Instant};

use chorus::archive::{Archive, Fix, MAX_BODY_BYTES};
use chorus::config::Config;
use chorus::search::{SearchRequest, MAX_QUERY_CHARS};

/// Ordinary prose, written for this benchmark: full stops, commas, a name or two.
const PROSE: &str = "When I was admitted the second time, nobody explained what the section meant \
or how long it would last. The nurse on nights was kind, and she sat with me until I slept. \
In the morning the ward round was twelve people in a small room, and I could not say a word. ";

/// `unit` repeated until `bytes` long (cut on a character boundary).
fn fill(unit: &str, bytes: usize) -> String {
    let mut s = unit.repeat(bytes / unit.len() + 1);
    let mut cut = bytes.min(s.len());
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    s
}

/// Times `f`: once if that takes over two seconds, otherwise until about a second has passed
/// (at most 15 runs); returns the median.
fn median<F: FnMut()>(mut f: F) -> Duration {
    let start = Instant::now();
    f();
    let first = start.elapsed();
    if first > Duration::from_secs(2) {
        return first;
    }
    let mut times = vec![first];
    let budget = Instant::now();
    while times.len() < 15 && budget.elapsed() < Duration::from_secs(1) {
        let start = Instant::now();
        f();
        times.push(start.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn row(name: &str, bytes: usize, t: Duration, baseline: Duration) {
    row_with(name, bytes, t, baseline, None);
}

fn row_with(name: &str, bytes: usize, t: Duration, baseline: Duration, half: Option<Duration>) {
    let growth = half.map_or(String::new(), |h| {
        format!(
            " {:>10.2}",
            t.as_secs_f64() / (2.0 * h.as_secs_f64()).max(1e-9)
        )
    });
    println!(
        "{name:<44} {:>8} {:>12.2} {:>10.1}{growth}",
        bytes,
        ms(t),
        t.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
    );
}

/// The hostile bodies at `n` bytes (the two fixed `>` counts scale with it).
fn bodies(n: usize) -> Vec<(&'static str, String)> {
    let columns = n / 100;
    let wide_header = "|a".repeat(columns) + "|\n" + &"|-".repeat(columns) + "|\n";
    vec![
        ("60 000 '>' (nested quotes)", ">".repeat(n * 3 / 5)),
        ("100 000 '>' (nested quotes)", ">".repeat(n)),
        ("'> ' nested quotes with text", fill("> ", n - 1) + "x"),
        ("nested lists '- - - …'", fill("- ", n - 1) + "x"),
        ("nested ordered lists '1. 1. …'", fill("1. ", n - 1) + "x"),
        ("indented nested lists", {
            let mut s = String::new();
            let mut depth = 0;
            while s.len() + depth * 2 + 4 < n {
                s.push_str(&"  ".repeat(depth));
                s.push_str("- a\n");
                depth += 1;
            }
            s
        }),
        ("'*' run", "*".repeat(n)),
        ("'_' run", "_".repeat(n)),
        ("'*a' openers", fill("*a", n)),
        ("'***…a***…' balanced emphasis", {
            let half = (n - 1) / 2;
            "*".repeat(half) + "a" + &"*".repeat(half)
        }),
        ("'[' run", "[".repeat(n)),
        ("'[a](' repeated", fill("[a](", n)),
        (
            "'[a]' links with one definition",
            fill("[a] ", n - 12) + "\n\n[a]: /x\n",
        ),
        ("'[^1]' footnote-ish", fill("[^1] ", n)),
        ("'Dr ' repeated", fill("Dr ", n)),
        (
            "no full stops",
            fill("and then they said we could not go out ", n),
        ),
        ("one giant word", "a".repeat(n)),
        ("'`' run", "`".repeat(n)),
        ("'``a`' backtick runs", fill("``a`", n)),
        ("HTML-ish '<a<a<a…'", fill("<a", n)),
        ("table rows '| x | y |'", {
            let head = "| a | b |\n| --- | --- |\n";
            head.to_owned() + &fill("| x | y |\n", n - head.len())
        }),
        ("'|' run", "|".repeat(n)),
        ("wide table header, many short rows", {
            wide_header.clone() + &fill("|\n", n - wide_header.len())
        }),
        (
            "CRLF and control characters",
            fill("a\r\n\u{1}\u{7}\r\0b ", n),
        ),
    ]
}

fn queries() -> Vec<(&'static str, String)> {
    let q = MAX_QUERY_CHARS;
    vec![
        ("'a OR ' repeated", fill("a OR ", q)),
        ("'a AND ' repeated", fill("a AND ", q)),
        (
            "deep parentheses",
            "(".repeat(q / 2 - 1) + "a" + &")".repeat(q / 2 - 1),
        ),
        ("unclosed parentheses", "(".repeat(q)),
        ("phrase '\"a a a …\"'", format!("\"{}\"", fill("a ", q - 2))),
        (
            "phrase of distinct words",
            format!("\"{}\"", fill("ward round night ", q - 2)),
        ),
        ("many short phrases", fill("\"a b\" ", q)),
        ("wildcards 'a* '", fill("a* ", q)),
        ("fuzzy / slop '~'", fill("\"a b\"~9 ", q)),
        ("field names 'title:a '", fill("title:a ", q)),
        ("ranges '[a TO z]'", fill("body:[a TO z] ", q)),
        ("'-a ' exclusions", fill("-a ", q)),
        ("'+a ' requirements", fill("+a ", q)),
        ("word families 'meds '", fill("meds ", q)),
        ("100 KB of 'a OR '", fill("a OR ", 100_000)),
    ]
}

/// Where a preview's time goes, for each body: milliseconds per stage.
fn stages(prose: &str, bodies: &[(&'static str, String)]) {
    use chorus::{markdown, pii, safeguarding};
    println!();
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "stage (ms)", "render", "verbatim", "pii", "marks", "safeguard"
    );
    for (name, body) in std::iter::once(&("plain prose", prose.to_owned())).chain(bodies) {
        let body = chorus::archive::clean_text(body);
        let findings = pii::find_identifiers(&body);
        println!(
            "{name:<44} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            ms(median(|| drop(std::hint::black_box(markdown::render(
                &body
            ))))),
            ms(median(|| drop(std::hint::black_box(
                markdown::verbatim_text_ranges(&body)
            )))),
            ms(median(|| drop(std::hint::black_box(
                pii::find_identifiers(&body)
            )))),
            ms(median(|| drop(std::hint::black_box(
                chorus::archive::highlighted_html(&body, &findings)
            )))),
            ms(median(|| {
                std::hint::black_box(safeguarding::is_urgent(&body));
            })),
        );
    }
    println!();
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let archive = Archive::open(Config {
        data_dir: dir.path().join("data"),
        index_dir: dir.path().join("index"),
        ..Config::default()
    })
    .expect("open archive");
    let stories_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stories");
    for path in chorus::archive::story_files(&stories_dir).expect("stories/") {
        let text = std::fs::read_to_string(path).expect("read story");
        archive.import_story(&text, true).expect("import");
    }
    archive.drain_outbox().expect("index");

    let preview = |title: &str, body: &str| {
        // A refusal is an answer too: its cost is what is timed.
        std::hint::black_box(archive.preview(title, body, Fix::Nothing).is_ok());
    };

    let linearity = std::env::var_os("CHORUS_BENCH_LINEARITY").is_some();
    println!("preview (render, sanitise, marks, identifiers, safeguarding, themes)");
    println!(
        "{:<44} {:>8} {:>12} {:>10}{}",
        "input",
        "bytes",
        "median ms",
        "× prose",
        if linearity { "  n/(2·n/2)" } else { "" }
    );
    let prose = fill(PROSE, MAX_BODY_BYTES);
    let baseline = median(|| preview("A title", &prose));
    row("plain prose", prose.len(), baseline, baseline);
    let halves = bodies(MAX_BODY_BYTES / 2);
    for ((name, body), (_, half)) in bodies(MAX_BODY_BYTES).into_iter().zip(halves) {
        let t = median(|| preview("A title", &body));
        let h = linearity.then(|| median(|| preview("A title", &half)));
        row_with(name, body.len(), t, baseline, h);
    }
    if std::env::var_os("CHORUS_BENCH_STAGES").is_some() {
        stages(&prose, &bodies(MAX_BODY_BYTES));
    }
    let prose_title = fill(PROSE, 300_000);
    let title_baseline = median(|| preview(&prose_title, "Short body."));
    row(
        "title: 300 KB of prose",
        prose_title.len(),
        title_baseline,
        title_baseline,
    );
    for (name, title) in [
        (
            "title: 300 KB of 'he hits me, '",
            fill("he hits me, ", 300_000),
        ),
        ("title: 300 KB of 'Dr '", fill("Dr ", 300_000)),
        (
            "title: 200 characters of 'he hits me, '",
            fill("he hits me, ", 200),
        ),
    ] {
        let t = median(|| preview(&title, "Short body."));
        row(name, title.len(), t, title_baseline);
    }

    println!();
    println!(
        "search (parse and run on the {} example stories)",
        archive
            .search(&SearchRequest {
                page: 1,
                per_page: 1,
                ..Default::default()
            })
            .map(|r| r.total)
            .unwrap_or(0)
    );
    println!(
        "{:<44} {:>8} {:>12} {:>10}",
        "query", "bytes", "median ms", "× prose"
    );
    let search = |q: &str| {
        let req = SearchRequest {
            q: q.to_owned(),
            page: 1,
            per_page: 20,
            ..Default::default()
        };
        std::hint::black_box(archive.search(&req).map(|r| r.total).ok());
    };
    let prose_q = fill(PROSE, MAX_QUERY_CHARS);
    let q_baseline = median(|| search(&prose_q));
    row("plain prose", prose_q.len(), q_baseline, q_baseline);
    for (name, q) in queries() {
        let t = median(|| search(&q));
        row(name, q.len(), t, q_baseline);
    }
}
