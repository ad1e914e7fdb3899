//! `friday templates`: write the embedded site templates and assets to a folder, to edit and
//! pass as `--templates`.

use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

/// Runs `friday templates`.
///
/// # Errors
/// Files that exist without `force`, an unwritable folder.
pub(crate) fn run(out: &Path, force: bool) -> Result<ExitCode> {
    for path in crate::render::write_defaults(out, force)? {
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
