//! The Friday spreadsheet: a Summary, the red and amber follow-up list, reps, sources, offers
//! over time with charts, cadence, grab-back, junk leads, data quality and definitions.
//!
//! Every value from the data is written with `write_string` (or as a number or date), never as
//! a formula; text that a spreadsheet would read as a formula gets a quote prefix, so a lead
//! named `=HYPERLINK(…)` stays text. The file is written beside its final path and renamed
//! into place, and its creation date comes from the report, so the same report always gives
//! the same bytes.

mod book;
mod cells;
mod follow_ups;
mod formats;
mod groups;
mod headers;
mod lists;
mod offers;
mod reference;
mod summary;
mod week;

pub(crate) use cells::linkable_email;

use std::path::Path;

use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, Workbook};

use super::RenderContext;
#[cfg(test)]
use crate::atomic::replace_file;
use crate::atomic::{StagedFile, stage_file};
use crate::report::Report;

use book::Book;
use cells::excel_date;

/// Sheet names, in workbook order.
pub(crate) const SUMMARY: &str = "Summary";
pub(crate) const FOLLOW_UPS: &str = "Follow-ups";
pub(crate) const REPS: &str = "Reps";
pub(crate) const SOURCES: &str = "Sources";
pub(crate) const OFFERS_OVER_TIME: &str = "Offers over time";
pub(crate) const CADENCE: &str = "Cadence";
pub(crate) const GRAB_BACK: &str = "Grab-back";
pub(crate) const JUNK_LEADS: &str = "Junk leads";
pub(crate) const DATA_QUALITY: &str = "Data quality";
pub(crate) const DEFINITIONS: &str = "Definitions";

/// What the First touch cell of an overdue lead says (in a red cell).
pub(crate) const MISSING_TOUCH: &str = "none (overdue)";
/// The red of a missing first touch, as RGB.
pub(crate) const MISSING_TOUCH_RED: u32 = 0xFF_00_00;
/// The amber of a stale lead's last touch, as RGB.
pub(crate) const STALE_AMBER: u32 = 0xFF_C0_00;

/// The zip compression level of the workbook (1 fastest, 9 smallest).
const ZIP_LEVEL: u8 = 3;

/// Data rows a worksheet holds below its header: Excel's 1,048,576 rows less the header.
pub(crate) const MAX_DATA_ROWS: u32 = 1_048_575;

/// Writes the Friday spreadsheet to `path`, replacing any file there only once the new one is
/// complete.
///
/// # Errors
///
/// Fails when the folder of `path` does not exist or is not writable, or when a value cannot
/// be stored in a spreadsheet (e.g. a date before 1900); the error names the sheet and row.
/// On failure an existing file at `path` is left as it was.
#[cfg(test)]
pub(crate) fn write_xlsx(report: &Report, path: &Path) -> Result<()> {
    write_xlsx_with_limit(report, path, MAX_DATA_ROWS)
}

/// Writes the Friday spreadsheet to a temporary file beside `path`; [`StagedFile::commit`]
/// puts it in place.
///
/// # Errors
///
/// Fails when the folder of `path` does not exist or is not writable, or when a value cannot
/// be stored in a spreadsheet (e.g. a date before 1900); the error names the sheet and row.
/// On failure nothing is left behind.
pub fn stage_xlsx(cx: &RenderContext<'_>, path: &Path) -> Result<StagedFile> {
    stage_file(path, |file| {
        let mut workbook = build_workbook(cx.report, MAX_DATA_ROWS)?;
        workbook
            .save_to_writer(file)
            .with_context(|| format!("writing {}", path.display()))
    })
}

/// [`write_xlsx`] with a smaller number of data rows per sheet, so tests can see lists
/// continue on a second sheet.
#[cfg(test)]
fn write_xlsx_with_limit(report: &Report, path: &Path, max_rows: u32) -> Result<()> {
    replace_file(path, |file| {
        let mut workbook = build_workbook(report, max_rows)?;
        workbook
            .save_to_writer(file)
            .with_context(|| format!("writing {}", path.display()))
    })
}

/// The compact workbook mailed when the full one is too large (`[email]
/// max-attachment-mb`): Summary, the red rows of Follow-ups, Reps, Sources and Offers over
/// time, in memory.
///
/// # Errors
/// As [`stage_xlsx`], without the file.
pub(crate) fn summary_xlsx(report: &Report) -> Result<Vec<u8>> {
    let mut book = Book::new(new_workbook(report)?, report, MAX_DATA_ROWS);
    summary::write(&mut book)?;
    follow_ups::write(&mut book, true)?;
    groups::write(&mut book, REPS, "Rep", &report.reps)?;
    groups::write(&mut book, SOURCES, &report.source_label, &report.sources)?;
    offers::write(&mut book)?;
    book.into_workbook()
        .save_to_buffer()
        .context("writing the summary workbook")
}

fn new_workbook(report: &Report) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let created = excel_date(report.as_of).context("setting the document creation date")?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Friday report {}", report.as_of))
            .set_creation_datetime(&created),
    );
    // Level 3 of 9: at a million leads the file is a tenth larger than at the default 6 and
    // is written in three quarters of the time (BENCHMARKS.md).
    workbook.set_zip_compression_level(ZIP_LEVEL);
    Ok(workbook)
}

/// Builds the whole workbook; large lists are streamed to temporary files (constant memory).
fn build_workbook(report: &Report, max_rows: u32) -> Result<Workbook> {
    let mut book = Book::new(new_workbook(report)?, report, max_rows);
    summary::write(&mut book)?;
    follow_ups::write(&mut book, false)?;
    groups::write(&mut book, REPS, "Rep", &report.reps)?;
    groups::write(&mut book, SOURCES, &report.source_label, &report.sources)?;
    offers::write(&mut book)?;
    lists::write_cadence(&mut book)?;
    lists::write_grab_back(&mut book)?;
    lists::write_junk(&mut book)?;
    reference::write_data_quality(&mut book)?;
    reference::write_definitions(&mut book)?;
    Ok(book.into_workbook())
}

#[cfg(test)]
mod print_tests;
#[cfg(test)]
mod sheet_tests;
#[cfg(test)]
mod tests;
