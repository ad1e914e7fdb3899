//! `friday history`: list the reports kept in a history folder.

use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `friday history` on `history`, or on `out`/history.
///
/// # Errors
/// None today; a folder that cannot be read lists nothing, with a warning.
pub(crate) fn run(out: &Path, history: Option<PathBuf>) -> Result<ExitCode> {
    let dir = history.unwrap_or_else(|| out.join("history"));
    let (entries, warnings) = crate::history::Store::new(&dir).list();
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    if entries.is_empty() {
        println!("no reports recorded in {}", dir.display());
    }
    for entry in entries {
        println!(
            "{}  {} leads, {} overdue",
            entry.as_of, entry.leads, entry.overdue
        );
    }
    Ok(ExitCode::SUCCESS)
}
