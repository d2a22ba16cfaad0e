//! `chorus bench …`: the corpus generator and the benchmarks (see BENCHMARKS.md), parsed here
//! and run by `crate::bench`.

use std::path::PathBuf;

use clap::Subcommand;

use super::{load, Location};

/// Benchmark sub-commands.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Write N synthetic story files (the stories/ format), the same for the same seed.
    Gen {
        /// How many stories.
        #[arg(long, default_value_t = 10_000)]
        stories: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Directory to write them into (new or empty).
        #[arg(long)]
        out: PathBuf,
    },
    /// Chorus, SQLite FTS5 and bare tantivy side by side on one corpus: indexing, then each
    /// query class's p50 and p99.
    Search {
        /// A directory written by `chorus bench gen`.
        #[arg(long)]
        corpus: PathBuf,
        /// Where the engines keep their files [default: a `bench` directory beside the corpus].
        #[arg(long)]
        work: Option<PathBuf>,
        /// Timed runs of each query on each engine.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Reuse what an earlier run imported into WORK instead of importing again.
        #[arg(long)]
        reuse: bool,
    },
    /// End to end: starts `chorus serve` on the archive in --data-dir/--index-dir and loads
    /// every public page type, the search mix and the moderator queue over loopback.
    Http {
        /// Seconds per measurement.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Connection counts for the page table, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "1,16")]
        connections: Vec<usize>,
        /// The `chorus` binary to serve with [default: this one], to compare builds.
        #[arg(long)]
        server: Option<PathBuf>,
        #[command(flatten)]
        location: Location,
    },
    /// The whole benchmark in one command: generates a corpus under --dir (unless there), runs
    /// `search` on it, then `http` on the archive it imported.
    All {
        /// How many stories.
        #[arg(long, default_value_t = 10_000)]
        stories: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Working directory (corpus and engines' files) [default: /tmp/chorus-bench-N].
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Timed runs of each query on each engine.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Seconds per HTTP measurement.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
    },
}

/// Runs one `chorus bench` sub-command.
pub fn run(command: BenchCommand) -> anyhow::Result<()> {
    use crate::bench;
    match command {
        BenchCommand::Gen { stories, seed, out } => {
            let started = std::time::Instant::now();
            let words = bench::gen::generate(&out, stories, seed)?;
            println!(
                "wrote {stories} stories ({} words on average) to {} in {:.1} s",
                words / stories.max(1) as u64,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        BenchCommand::Search {
            corpus,
            work,
            runs,
            reuse,
        } => {
            let work = work.unwrap_or_else(|| corpus.with_extension("bench"));
            bench::search::run(&bench::search::Options {
                corpus,
                work,
                runs,
                reuse,
            })
        }
        BenchCommand::Http {
            seconds,
            connections,
            server,
            location,
        } => {
            let config = load(&location, None)?;
            bench::http::run(&bench::http::Options {
                data_dir: config.data_dir,
                index_dir: config.index_dir,
                seconds,
                connections,
                server,
            })
        }
        BenchCommand::All {
            stories,
            seed,
            dir,
            runs,
            seconds,
        } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from(format!("/tmp/chorus-bench-{stories}")));
            let corpus = dir.join("corpus");
            if !corpus.exists() {
                bench::gen::generate(&corpus, stories, seed)?;
            }
            let work = dir.join("engines");
            bench::search::run(&bench::search::Options {
                corpus,
                work: work.clone(),
                runs,
                reuse: true,
            })?;
            println!();
            bench::http::run(&bench::http::Options {
                data_dir: work.join("chorus-data"),
                index_dir: work.join("chorus-index"),
                seconds,
                connections: vec![1, 16],
                server: None,
            })
        }
    }
}
