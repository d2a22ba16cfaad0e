//! The command line: one `Command` enum, one function per sub-command.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};

use crate::archive::Role;
use crate::archive::{story_files, Archive, ImportEvent};
use crate::config::{Config, Overrides};

mod bench;
pub use bench::BenchCommand;

/// Chorus: an anonymous archive of lived experience of mental health services.
#[derive(Debug, Parser)]
#[command(name = "chorus", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives; every command takes these.
#[derive(Debug, Clone, Args)]
pub struct Location {
    /// Directory for the SQLite database and server secret [default: ./data]
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Directory for the search index [default: ./index]
    #[arg(long, global = true)]
    pub index_dir: Option<PathBuf>,
    /// TOML configuration file (CHORUS_* environment variables also apply)
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
}

/// The sub-commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long)]
        bind: Option<String>,
        /// Import ./stories as published examples if the archive is empty, and create a demo moderator.
        #[arg(long)]
        demo: bool,
        /// A second address, for operators only, serving /metrics [default: none]
        #[arg(long)]
        metrics_bind: Option<String>,
        #[command(flatten)]
        location: Location,
    },
    /// Manage moderators.
    Moderator {
        #[command(subcommand)]
        command: ModeratorCommand,
        #[command(flatten)]
        location: Location,
    },
    /// Import Markdown stories with front matter (the stories/ format).
    Import {
        /// Directory of .md files.
        dir: PathBuf,
        /// Publish them at once instead of queueing them for moderation.
        #[arg(long)]
        publish: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Rebuild the search index from the database.
    Reindex {
        #[command(flatten)]
        location: Location,
    },
    /// Export published stories (all, or a search) whose authors consented to research use,
    /// or (with --snapshot) the whole published corpus.
    Export {
        /// csv, jsonl or qdpx (a REFI-QDA project for QualCoder, NVivo, ATLAS.ti, MAXQDA).
        #[arg(long, value_parser = ["csv", "jsonl", "qdpx"], required_unless_present = "snapshot", conflicts_with = "snapshot")]
        format: Option<String>,
        /// Write a versioned snapshot of every published story into DIR (new or empty):
        /// stories.jsonl, taxonomy.json and manifest.json with counts and SHA-256 sums.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["query", "out"])]
        snapshot: Option<PathBuf>,
        /// A search query (the same syntax as the search box).
        #[arg(long)]
        query: Option<String>,
        /// Output file [default: standard output].
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        location: Location,
    },
    /// Write a consistent copy of the database to FILE and the server secret to FILE.key, both
    /// owner-only; safe while the server runs.
    Backup {
        /// Destination file (must not exist, nor FILE.key).
        file: PathBuf,
        #[command(flatten)]
        location: Location,
    },
    /// Restore a backup (FILE, with its secret in FILE.key) into an empty --data-dir, after
    /// checking its integrity, and rebuild the search index from it.
    Restore {
        /// A file written by `chorus backup`.
        file: PathBuf,
        /// Restore without FILE.key, with a new server secret: every receipt code given out
        /// before then stops working.
        #[arg(long)]
        new_secret: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Check database integrity and that the index matches the database (exit 1 if not).
    Check {
        #[command(flatten)]
        location: Location,
    },
    /// The corpus generator and the benchmarks (see BENCHMARKS.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

/// Moderator sub-commands.
#[derive(Debug, Subcommand)]
pub enum ModeratorCommand {
    /// Create a moderator. The password is read from stdin when it is not a terminal;
    /// otherwise a strong one is generated and printed once.
    Add {
        /// Sign-in name.
        name: String,
        /// moderator or admin.
        #[arg(long, default_value = "moderator", value_parser = ["moderator", "admin"])]
        role: String,
    },
    /// Revoke access and end the moderator's sessions.
    Disable {
        /// Sign-in name.
        name: String,
    },
    /// Enrol a TOTP second factor; prints the secret for an authenticator app.
    Totp {
        /// Sign-in name.
        name: String,
    },
}

pub(crate) fn load(location: &Location, bind: Option<String>) -> anyhow::Result<Config> {
    Config::load(&Overrides {
        config_file: location.config.clone(),
        bind,
        data_dir: location.data_dir.clone(),
        index_dir: location.index_dir.clone(),
    })
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            bind,
            demo,
            metrics_bind,
            location,
        } => {
            let mut config = load(&location, bind)?;
            if metrics_bind.is_some() {
                config.metrics_bind = metrics_bind;
            }
            serve(config, demo)
        }
        Command::Moderator { command, location } => {
            let archive = Archive::open(load(&location, None)?)?;
            moderator(&archive, command)
        }
        Command::Import {
            dir,
            publish,
            location,
        } => {
            let archive = Archive::open(load(&location, None)?)?;
            let (ok, failed) = import(&archive, &dir, publish, true)?;
            println!(
                "imported {ok} stories{}",
                if failed > 0 {
                    format!(", {failed} refused")
                } else {
                    String::new()
                }
            );
            if failed > 0 {
                bail!("{failed} files could not be imported");
            }
            Ok(())
        }
        Command::Reindex { location } => {
            let archive = Archive::open(load(&location, None)?)?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} stories indexed")
                    .expect("valid template"),
            );
            let total = archive.rebuild_index(|done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })?;
            bar.finish();
            println!("reindexed {total} published stories");
            Ok(())
        }
        Command::Export {
            format,
            snapshot,
            query,
            out,
            location,
        } => {
            let archive = Archive::open(load(&location, None)?)?;
            if let Some(dir) = snapshot {
                let manifest = archive.snapshot(&dir)?;
                println!(
                    "snapshot of {} published stories ({} with research consent) written to {}; see manifest.json",
                    manifest.stories,
                    manifest.research_consent,
                    dir.display()
                );
                return Ok(());
            }
            let format = crate::archive::ExportFormat::parse(format.as_deref().unwrap_or(""))?;
            let req = crate::archive::SearchRequest {
                q: query.unwrap_or_default(),
                page: 1,
                per_page: crate::archive::MAX_PER_PAGE,
                ..Default::default()
            };
            let bytes = archive.export(&req, format)?;
            match out {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => {
                    use std::io::{IsTerminal, Write};
                    let mut stdout = std::io::stdout();
                    if format == crate::archive::ExportFormat::Qdpx && stdout.is_terminal() {
                        anyhow::bail!("a .qdpx file is binary: give --out FILE, or redirect standard output to a file");
                    }
                    stdout.write_all(&bytes)?;
                }
            }
            Ok(())
        }
        Command::Backup { file, location } => {
            let archive = Archive::open(load(&location, None)?)?;
            archive
                .backup(&file)
                .with_context(|| format!("writing backup to {}", file.display()))?;
            println!(
                "backup written to {} and its server secret to {} (both readable by you only; keep them together)",
                file.display(),
                crate::archive::backup_key_path(&file).display()
            );
            Ok(())
        }
        Command::Restore {
            file,
            new_secret,
            location,
        } => {
            let config = load(&location, None)?;
            let data_dir = config.data_dir.clone();
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} stories indexed")
                    .expect("valid template"),
            );
            let restored = Archive::restore(config, &file, new_secret, |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })
            .with_context(|| format!("restoring {}", file.display()))?;
            bar.finish_and_clear();
            println!(
                "restored {} into {}: {} published stories indexed, {} submissions waiting for moderation",
                file.display(),
                data_dir.display(),
                restored.published,
                restored.pending
            );
            println!("note: any story withdrawn after this backup was taken is back in the archive; take it down again before serving");
            if restored.new_secret {
                println!("a new server secret was made: receipt codes given out before the backup no longer work");
            }
            Ok(())
        }
        Command::Bench { command } => bench::run(command),
        Command::Check { location } => {
            let archive = Archive::open(load(&location, None)?)?;
            let problems = archive.check()?;
            if problems.is_empty() {
                println!("ok: database intact, index matches");
                Ok(())
            } else {
                for p in &problems {
                    eprintln!("problem: {p}");
                }
                std::process::exit(1);
            }
        }
    }
}

fn moderator(archive: &Archive, command: ModeratorCommand) -> anyhow::Result<()> {
    match command {
        ModeratorCommand::Add { name, role } => {
            let role = Role::parse(&role).context("role must be moderator or admin")?;
            let stdin = std::io::stdin();
            let (password, generated) = if stdin.is_terminal() {
                (crate::auth::generate_password(), true)
            } else {
                let mut text = String::new();
                stdin
                    .lock()
                    .take(4096)
                    .read_to_string(&mut text)
                    .context("reading the password from stdin")?;
                (text.trim_end_matches(['\r', '\n']).to_owned(), false)
            };
            archive.add_moderator(&name, &password, role)?;
            if generated {
                println!(
                    "created {} {name}; password (shown once): {password}",
                    role.as_str()
                );
            } else {
                println!("created {} {name}", role.as_str());
            }
            Ok(())
        }
        ModeratorCommand::Disable { name } => {
            archive
                .disable_moderator(&name)
                .with_context(|| format!("no moderator called {name}"))?;
            println!("disabled {name}; their sessions have ended");
            Ok(())
        }
        ModeratorCommand::Totp { name } => {
            let secret = archive
                .enrol_totp(&name)
                .with_context(|| format!("no moderator called {name}"))?;
            let b32 = crate::auth::totp::base32(&secret);
            println!("TOTP secret for {name} (shown once): {b32}");
            println!("otpauth://totp/Chorus:{name}?secret={b32}&issuer=Chorus&digits=6&period=30");
            Ok(())
        }
    }
}

/// Imports a directory with a progress bar (or none); returns (imported, refused).
fn import(
    archive: &Archive,
    dir: &std::path::Path,
    publish: bool,
    show_progress: bool,
) -> anyhow::Result<(usize, usize)> {
    let bar = if show_progress {
        indicatif::ProgressBar::new(story_files(dir).map_or(0, |f| f.len() as u64))
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tally = archive.import_dir(dir, publish, |event| {
        if let ImportEvent::Refused(file, e) = event {
            bar.println(format!("{}: {e}", file.display()));
        }
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    Ok((tally.imported, tally.refused))
}

fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let bind = config.bind.clone();
    let metrics_bind = config.metrics_bind.clone();
    let archive = Archive::open(config)?;
    if demo {
        prepare_demo(&archive)?;
    }
    let serving = archive.clone();
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&bind)
            .await
            .with_context(|| format!("listening on {bind}"))?;
        println!("Chorus is listening on http://{}", listener.local_addr()?);
        let metrics = match metrics_bind {
            Some(addr) => {
                let l = tokio::net::TcpListener::bind(&addr)
                    .await
                    .with_context(|| format!("listening for metrics on {addr}"))?;
                println!(
                    "metrics for operators on http://{}/metrics",
                    l.local_addr()?
                );
                Some(l)
            }
            None => None,
        };
        // A signal stops the listeners; requests already being answered are given `GRACE` to
        // finish, so that a client that never finishes sending cannot hold the server up.
        let (stopping, mut stopped) = tokio::sync::watch::channel(false);
        let signal = async move {
            shutdown_signal().await;
            tracing::info!("stopping: no new connections; finishing the requests in flight");
            let _ = stopping.send(true);
        };
        let server = crate::web::serve_with_metrics(listener, metrics, serving, signal);
        let overdue = async move {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(GRACE).await;
        };
        tokio::select! {
            served = server => served,
            () = overdue => {
                tracing::warn!(seconds = GRACE.as_secs(), "requests still in flight after the grace period were cut off");
                Ok(())
            }
        }
    });
    // Every answered change is in SQLite already; what is owed to the index (and any erasure
    // still finishing) is done before the process ends, so a clean stop leaves nothing pending.
    // Dropping the runtime first lets any blocking use-case still running finish.
    drop(runtime);
    archive
        .shut_down(SHUTDOWN_PATIENCE)
        .context("applying pending index changes before stopping")?;
    served?;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// How long requests in flight may take to finish after a stop signal.
const GRACE: std::time::Duration = std::time::Duration::from_secs(20);
/// How long a stopping server waits for an erasure still under way.
const SHUTDOWN_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

fn prepare_demo(archive: &Arc<Archive>) -> anyhow::Result<()> {
    if archive.is_empty()? {
        let (ok, failed) = import(archive, std::path::Path::new("stories"), true, false)?;
        println!("demo: imported {ok} illustrative stories from ./stories ({failed} refused)");
    }
    let password = crate::auth::generate_password();
    match archive.add_moderator("demo", &password, Role::Admin) {
        Ok(()) => println!("demo: moderator 'demo' (admin), password (shown once): {password}"),
        Err(crate::archive::ArchiveError::Conflict(_)) => {
            println!("demo: moderator 'demo' already exists (its password was shown when it was created)")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
