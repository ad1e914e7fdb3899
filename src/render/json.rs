//! The whole Report as JSON (docs/report-json.md): the same value every other output renders,
//! serialised by serde.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use serde_json::Value;

use super::RenderContext;
use crate::atomic::{StagedFile, stage_file};
use crate::report::Report;

/// The Report as JSON, with `null` for every figure its coverage says the export cannot
/// support (never a `0` that reads as a measurement).
///
/// # Errors
/// When the Report cannot be serialised (it always can).
pub(crate) fn to_json(report: &Report) -> Result<Value> {
    let mut json = serde_json::to_value(report)?;
    let coverage = &report.coverage;
    let blank = |row: &mut Value, fields: &[&str]| {
        if let Some(row) = row.as_object_mut() {
            for field in fields {
                if let Some(value) = row.get_mut(*field) {
                    *value = Value::Null;
                }
            }
        }
    };
    let (all, per_rep) = (
        coverage.unknown_fields(false),
        coverage.unknown_fields(true),
    );
    blank(&mut json["totals"], &all);
    for (list, fields) in [
        ("reps", &per_rep),
        ("sources", &all),
        ("offers", &all),
        ("cohorts", &all),
        ("offers_over_time", &all),
    ] {
        if let Some(rows) = json[list].as_array_mut() {
            for row in rows {
                blank(row, fields);
            }
        }
    }
    let mut lists = Vec::new();
    if !coverage.leads || !coverage.created {
        lists.push("new_leads");
    }
    if !coverage.sla() {
        lists.extend(["overdue", "history"]);
    }
    if !coverage.follow_up() {
        lists.push("stale");
    }
    if !coverage.ranks {
        lists.extend(["grab_back", "ranks"]);
    }
    blank(&mut json, &lists);
    if !coverage.ranks {
        blank(&mut json["history"], &["comebacks"]);
    }
    Ok(json)
}

/// Writes the report as pretty-printed JSON to a temporary file beside `path`;
/// [`StagedFile::commit`] puts it in place.
///
/// # Errors
/// When the folder of `path` is missing or not writable.
pub(crate) fn stage_json(cx: &RenderContext<'_>, path: &Path) -> Result<StagedFile> {
    let bytes = serde_json::to_vec_pretty(&to_json(cx.report)?)?;
    stage_file(path, |file| {
        file.write_all(&bytes)
            .with_context(|| format!("writing {}", path.display()))
    })
}
