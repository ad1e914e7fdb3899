//! The `friday` binary: parse arguments, run, print errors with their context, set the exit code.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a million-lead report makes tens of millions of
/// small strings, and mimalloc both runs them faster and hands freed memory back sooner
/// (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = friday::cli::Cli::parse();
    match friday::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
