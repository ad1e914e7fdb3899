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
    no_huge_pages();
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

/// Turns transparent huge pages off for this process. mimalloc asks for them, and each
/// first touch of a 2 MiB page then zeroes all of it, though the many short-lived tables of
/// a report use a fraction: at a million leads that was a tenth of the CPU time and a second
/// of the wall time (BENCHMARKS.md).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer argument and changes nothing but the
    // process's memory policy; a kernel without it returns an error, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
