//! The `friday` binary: parse arguments, run, print errors with their context, set the exit
//! code (2 for an error, 4 when another run holds the output folder).

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
            if err.is::<friday::lock::Busy>() {
                ExitCode::from(friday::lock::BUSY_EXIT)
            } else {
                ExitCode::from(2)
            }
        }
    }
}
