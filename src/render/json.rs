//! The whole Report as JSON (docs/report-json.md): the same value every other output renders,
//! serialised by serde.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::RenderContext;
use crate::atomic::{StagedFile, stage_file};

/// Writes the report as pretty-printed JSON to a temporary file beside `path`;
/// [`StagedFile::commit`] puts it in place.
///
/// # Errors
/// When the folder of `path` is missing or not writable.
pub(crate) fn stage_json(cx: &RenderContext<'_>, path: &Path) -> Result<StagedFile> {
    let bytes = serde_json::to_vec_pretty(cx.report)?;
    stage_file(path, |file| {
        file.write_all(&bytes)
            .with_context(|| format!("writing {}", path.display()))
    })
}
