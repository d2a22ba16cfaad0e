//! The `chorus` binary: parses the command line and dispatches; the work lives in the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> anyhow::Result<()> {
    chorus::logging::init();
    chorus::cli::run(chorus::cli::Cli::parse())
}
