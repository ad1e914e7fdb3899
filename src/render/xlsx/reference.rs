//! Data quality (findings from ingest, then duplicate leads) and Definitions (each metric in
//! words, then the settings that shaped the numbers).

use anyhow::{Context, Result};
use rust_xlsxwriter::{Format, Worksheet};

use super::book::{Book, Cell, write_text};
use super::headers::{Headers, LINE_HEIGHT, wrapped_height};
use super::{DATA_QUALITY, DEFINITIONS};
use crate::render::settings::settings_rows;

const FINDING_COLUMNS: [(&str, f64); 7] = [
    ("Kind", 16.0),
    ("File", 14.0),
    ("Sheet", 10.0),
    ("Row", 7.0),
    ("Column", 12.0),
    ("Value", 14.0),
    ("Message", 30.0),
];

/// The widths of the Definitions columns: a name, its text.
const NAME_WIDTH: f64 = 30.0;
const TEXT_WIDTH: f64 = 100.0;

/// Data quality: every finding, then every group of duplicate leads as one row.
pub(super) fn write_data_quality(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = book.formats.clone();
    let mut list = book.list(DATA_QUALITY, &FINDING_COLUMNS, true)?;
    if report.findings.is_empty() && report.duplicates.is_empty() {
        list.note("No data-quality findings")?;
    }
    for finding in &report.findings {
        // Row 0 means the finding is about the whole table: leave the cell empty.
        #[allow(clippy::cast_precision_loss)] // row numbers stay far below 2^53
        let row = if finding.row > 0 {
            Cell::Number(finding.row as f64, &formats.plain)
        } else {
            Cell::Blank
        };
        list.write_row(&[
            Cell::Text(&finding.kind),
            Cell::Text(&finding.file),
            Cell::Text(&finding.sheet),
            row,
            Cell::Text(&finding.column),
            Cell::Text(&finding.value),
            Cell::Wrapped(&finding.message),
        ])
        .with_context(|| {
            format!(
                "writing sheet {}, row {}",
                list.sheet_name(),
                list.last_row() + 1
            )
        })?;
    }
    for group in &report.duplicates {
        let kind = format!("duplicate {}", group.by);
        let message = format!(
            "leads {}; companies {}",
            group.lead_ids.join(", "),
            group.companies.join(", ")
        );
        list.write_row(&[
            Cell::Text(&kind),
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
            Cell::Text(&group.by),
            Cell::Text(&group.key),
            Cell::Wrapped(&message),
        ])
        .with_context(|| {
            format!(
                "writing sheet {}, row {}",
                list.sheet_name(),
                list.last_row() + 1
            )
        })?;
    }
    list.finish()
}

/// Definitions: each metric's definition, then the settings that shaped the numbers.
pub(super) fn write_definitions(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = book.formats.clone();
    let index = book.add_sheet(DEFINITIONS, false, true)?;
    let sheet = book.sheet(index)?;
    let mut headers = Headers::new();
    headers.write(sheet, 0, 0, "Name", &formats.header)?;
    headers.write(sheet, 0, 1, "Text", &formats.header)?;
    headers.set_width(sheet, 0, NAME_WIDTH)?;
    headers.set_width(sheet, 1, TEXT_WIDTH)?;
    sheet.set_freeze_panes(1, 0)?;
    let mut row = 0;
    for definition in &report.definitions {
        row += 1;
        write_pair(
            sheet,
            row,
            &definition.name,
            &definition.text,
            &formats.wrap,
        )?;
    }
    row += 2;
    headers.write(sheet, row, 0, "Setting", &formats.header)?;
    headers.write(sheet, row, 1, "Value", &formats.header)?;
    for (label, value) in settings_rows(report) {
        row += 1;
        write_pair(sheet, row, &label, &value, &formats.wrap)?;
    }
    headers.fit(sheet)
}

/// A name and its text, wrapped within the Definitions columns, in a row tall enough for both.
fn write_pair(
    sheet: &mut Worksheet,
    row: u32,
    name: &str,
    text: &str,
    wrap: &Format,
) -> Result<()> {
    write_text(sheet, row, 0, name, wrap)?;
    write_text(sheet, row, 1, text, wrap)?;
    let height = wrapped_height([(name, NAME_WIDTH), (text, TEXT_WIDTH)]);
    if height > LINE_HEIGHT {
        sheet.set_row_height(row, height)?;
    }
    Ok(())
}
