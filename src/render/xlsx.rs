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
use std::sync::{Arc, Mutex};

use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet};

use super::RenderContext;
#[cfg(test)]
use crate::atomic::replace_file;
use crate::atomic::{StagedFile, stage_file};
use crate::report::Report;

use book::Book;
use cells::excel_date;
use formats::Formats;

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

/// The zip compression level of the workbook (1 fastest, 9 smallest): level 3 of 9, at a
/// million leads a tenth larger than at the default 6 and written in three quarters of the
/// time (BENCHMARKS.md)...
const ZIP_LEVEL: u8 = 3;
/// ...but level 1 for a workbook whose lead lists hold more rows than this: at level 3 it is
/// past 25 MB, too large to mail whole at any level (the team gets the summary workbook, see
/// `[email] max-attachment-mb`), and level 1 writes it in half the time, a third larger.
const LARGE_LIST_ROWS: usize = 300_000;

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
/// puts it in place. `sheets_written` is called once every sheet is written, before the
/// workbook is compressed into its file: at a million leads a second or more on one core,
/// which the caller can use for other work.
///
/// # Errors
///
/// Fails when the folder of `path` does not exist or is not writable, or when a value cannot
/// be stored in a spreadsheet (e.g. a date before 1900); the error names the sheet and row.
/// On failure nothing is left behind.
pub fn stage_xlsx(
    cx: &RenderContext<'_>,
    path: &Path,
    sheets_written: impl FnOnce(),
) -> Result<StagedFile> {
    stage_file(path, |file| {
        let mut workbook = build_workbook(cx.report, MAX_DATA_ROWS)?;
        sheets_written();
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
    let parts: [&Part<'_>; 1] = [&|book| {
        summary::write(book)?;
        follow_ups::write(book, true)?;
        groups::write(book, REPS, "Rep", &report.reps)?;
        groups::write(book, SOURCES, &report.source_label, &report.sources)?;
        offers::write(book)
    }];
    build(report, MAX_DATA_ROWS, &parts)?
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
    let rows = report.overdue.len()
        + report.stale.len()
        + report.missing_info.len()
        + report.grab_back.len()
        + report.junk_leads.len();
    workbook.set_zip_compression_level(if rows > LARGE_LIST_ROWS { 1 } else { ZIP_LEVEL });
    Ok(workbook)
}

/// Writes some sheets of a workbook into a [`Book`].
type Part<'a> = dyn Fn(&mut Book) -> Result<()> + Sync + 'a;

/// Builds the whole workbook; large lists are streamed to temporary files (constant memory).
/// The four largest lists are written side by side: Follow-ups after the small sheets before
/// it, then Grab-back, Junk leads, and Data quality with the Definitions.
fn build_workbook(report: &Report, max_rows: u32) -> Result<Workbook> {
    let parts: [&Part<'_>; 4] = [
        &|book| {
            summary::write(book)?;
            follow_ups::write(book, false)?;
            groups::write(book, REPS, "Rep", &report.reps)?;
            groups::write(book, SOURCES, &report.source_label, &report.sources)?;
            offers::write(book)?;
            lists::write_cadence(book)
        },
        &lists::write_grab_back,
        &lists::write_junk,
        &|book| {
            reference::write_data_quality(book)?;
            reference::write_definitions(book)
        },
    ];
    build(report, max_rows, &parts)
}

/// A workbook of the sheets `parts` write, each part on its own thread, the sheets in the
/// order of the parts.
fn build(report: &Report, max_rows: u32, parts: &[&Part<'_>]) -> Result<Workbook> {
    let workbook = Mutex::new(new_workbook(report)?);
    let formats = Arc::new(Formats::new());
    register_formats(&workbook, &formats)?;
    let written: Vec<Result<Vec<Worksheet>>> = std::thread::scope(|scope| {
        let threads: Vec<_> = parts
            .iter()
            .map(|part| {
                let (workbook, formats) = (&workbook, Arc::clone(&formats));
                scope.spawn(move || {
                    let mut book = Book::new(workbook, report, formats, max_rows);
                    part(&mut book)?;
                    Ok(book.into_sheets())
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut workbook = workbook
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a sheet failed while it was being made"))?;
    let mut names: Vec<String> = Vec::new();
    for sheets in written {
        for sheet in sheets? {
            let name = sheet.name();
            // Each part names its sheets apart from its own; no two parts want one name.
            anyhow::ensure!(
                cells::sheet_name(&name, &names) == name,
                "two sheets of the workbook are named {name}"
            );
            names.push(name);
            workbook.push_worksheet(sheet);
        }
    }
    Ok(workbook)
}

/// Registers every format with the workbook in a fixed order, through a sheet that is then
/// dropped: sheets written side by side would otherwise number the formats in the order
/// they happen to first use them, and the same report would not give the same bytes.
fn register_formats(workbook: &Mutex<Workbook>, formats: &Formats) -> Result<()> {
    let mut scratch = workbook
        .lock()
        .map_err(|_| anyhow::anyhow!("the workbook is unusable"))?
        .new_worksheet_with_constant_memory()
        .context("creating a temporary file for a large sheet")?;
    let all = formats.all();
    // As written: each format, each with a quote prefix (text that looks like a formula; the
    // default format is `plain`), and the link style of an email.
    let variants = all
        .iter()
        .map(|format| (*format).clone())
        .chain(
            all.iter()
                .map(|format| (*format).clone().set_quote_prefix()),
        )
        .chain(std::iter::once(Format::new().set_hyperlink()));
    for (col, format) in (0u16..).zip(variants) {
        scratch.write_string_with_format(0, col, "x", &format)?;
    }
    Ok(())
}

#[cfg(test)]
mod print_tests;
#[cfg(test)]
mod sheet_tests;
#[cfg(test)]
mod tests;
