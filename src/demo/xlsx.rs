//! Writes a demo [`Export`] as one workbook, laid out the way CRM exports come.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use super::{Export, Table, Value};

/// Rows of the Leads sheet above its header: a title row and a blank row.
const LEADS_HEADER_ROW: u32 = 2;

/// Data rows on one worksheet below a header row: Excel's 1,048,576 rows less the header.
const ROWS_PER_SHEET: usize = 1_048_575;

/// "Activities" for the first sheet of a table, "Activities (2)" for the second, and so on.
fn continuation_name(name: &str, index: usize) -> String {
    if index == 0 {
        name.to_owned()
    } else {
        format!("{name} ({})", index + 1)
    }
}

/// Writes `export` to `path` as one workbook with sheets "Leads", "Activities",
/// "Opportunities" and "Notes" (a few lines of free text, not a table).
///
/// The Leads sheet starts with a title row ("Leads export", "as of YYYY-MM-DD") and a blank
/// row above its header, as real exports do. Dates and times are Excel date cells with a
/// date or datetime format; amounts are numbers with a currency format. The document's
/// creation time is `export.as_of`, so the same export always gives the same bytes.
///
/// # Errors
///
/// Fails when a value cannot be written (such as a date before 1900) or the file cannot be
/// saved; the error names the path.
pub(crate) fn write_xlsx(export: &Export, path: &Path) -> Result<()> {
    let mut workbook = build(export, ROWS_PER_SHEET)
        .with_context(|| format!("building workbook {}", path.display()))?;
    workbook
        .save(path)
        .with_context(|| format!("writing {}", path.display()))
}

/// The workbook of `export`, with at most `rows_per_sheet` data rows on a sheet of
/// activities or opportunities.
pub(super) fn build(export: &Export, rows_per_sheet: usize) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let created = excel_date(export.as_of)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Leads export")
            .set_author("Marketing Operations")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();

    let leads = workbook.add_worksheet();
    leads.set_name(export.leads.name)?;
    leads.write_string_with_format(0, 0, "Leads export", &formats.title)?;
    leads.write_string(0, 1, format!("as of {}", export.as_of.format("%Y-%m-%d")))?;
    write_table(leads, &export.leads, LEADS_HEADER_ROW, &formats)?;

    for table in [&export.activities, &export.opportunities] {
        // A table longer than a worksheet goes on in "Activities (2)", "Activities (3)", ...,
        // each with the header again, as CRMs split big exports.
        let chunks = table.rows.chunks(rows_per_sheet).enumerate();
        for (index, rows) in chunks {
            let sheet = workbook.add_worksheet();
            sheet.set_name(continuation_name(table.name, index))?;
            write_rows(sheet, table, rows, 0, &formats)?;
        }
    }

    let notes = workbook.add_worksheet();
    notes.set_name("Notes")?;
    notes.set_column_width(0, 100)?;
    for (row, line) in (0u32..).zip(notes_text(export)) {
        notes.write_string(row, 0, line)?;
    }
    Ok(workbook)
}

/// One CRM view exported to Excel, as bytes: `table` on a sheet named `sheet` from its first
/// row, its first `hidden` columns hidden, and a hidden sheet "hiddenSheet" holding
/// `bookkeeping` in its first row (Dynamics 365 keeps the view's metadata there).
///
/// # Errors
/// When a value cannot be written, such as a date before 1900.
pub(super) fn view_workbook(
    table: &Table,
    sheet: &str,
    hidden: u16,
    bookkeeping: &[String],
) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let view = workbook.add_worksheet();
    view.set_name(sheet)?;
    write_rows(view, table, &table.rows, 0, &formats)?;
    for col in 0..hidden {
        view.set_column_hidden(col)?;
    }
    let meta = workbook.add_worksheet();
    meta.set_name("hiddenSheet")?;
    for (col, text) in (0u16..).zip(bookkeeping) {
        meta.write_string(0, col, text)?;
    }
    meta.set_hidden(true);
    Ok(workbook.save_to_buffer()?)
}

/// The free text of the Notes sheet.
fn notes_text(export: &Export) -> Vec<String> {
    vec![
        "About this export".to_owned(),
        format!(
            "Exported from the CRM on {} by Marketing Operations: all leads of the last 26 weeks, \
             their activities and opportunities.",
            export.as_of.format("%Y-%m-%d")
        ),
        "Times are in the exporting user's time zone (America/Chicago).".to_owned(),
        "Rank: 1 = hot, 7 = unlikely to close within 8 months (inactive).".to_owned(),
        "Demo data made by `friday demo`: every person, company, e-mail and phone is fictitious."
            .to_owned(),
    ]
}

struct Formats {
    title: Format,
    header: Format,
    date: Format,
    datetime: Format,
    amount: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            amount: Format::new().set_num_format("\"$\"#,##0.00"),
        }
    }
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    header_row: u32,
    formats: &Formats,
) -> Result<()> {
    write_rows(sheet, table, &table.rows, header_row, formats)
}

/// Writes the header of `table` at `header_row` and `rows` below it.
fn write_rows(
    sheet: &mut Worksheet,
    table: &Table,
    rows: &[Vec<Value>],
    header_row: u32,
    formats: &Formats,
) -> Result<()> {
    for (col, header) in (0u16..).zip(&table.headers) {
        sheet.write_string_with_format(header_row, col, *header, &formats.header)?;
        sheet.set_column_width(col, column_width(table, usize::from(col)))?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    for (row, values) in (header_row + 1..).zip(rows) {
        for (col, value) in (0u16..).zip(values) {
            match value {
                Value::Empty => {}
                Value::Text(s) => {
                    sheet.write_string(row, col, s)?;
                }
                Value::Amount(x) => {
                    sheet.write_number_with_format(row, col, *x, &formats.amount)?;
                }
                Value::Date(d) => {
                    sheet.write_datetime_with_format(row, col, excel_date(*d)?, &formats.date)?;
                }
                Value::DateTime(t) => {
                    sheet.write_datetime_with_format(
                        row,
                        col,
                        excel_datetime(*t)?,
                        &formats.datetime,
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// A column width that fits the header and the first hundred values.
fn column_width(table: &Table, col: usize) -> f64 {
    let widest = table
        .rows
        .iter()
        .take(100)
        .map(|row| match &row[col] {
            Value::Text(s) => s.chars().count(),
            Value::DateTime(_) => 16,
            _ => 11,
        })
        .chain([table.headers[col].len()])
        .max()
        .unwrap_or(10);
    f64::from(u16::try_from(widest.min(40)).unwrap_or(40)) + 2.0
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    let year =
        u16::try_from(d.year()).with_context(|| format!("date {d} is out of Excel's range"))?;
    // Month and day always fit in a u8.
    let month = u8::try_from(d.month()).unwrap_or(1);
    let day = u8::try_from(d.day()).unwrap_or(1);
    ExcelDateTime::from_ymd(year, month, day)
        .with_context(|| format!("date {d} is out of Excel's range"))
}

fn excel_datetime(t: NaiveDateTime) -> Result<ExcelDateTime> {
    let hour = u16::try_from(t.hour()).unwrap_or(0);
    let minute = u8::try_from(t.minute()).unwrap_or(0);
    excel_date(t.date())?
        .and_hms(hour, minute, t.second())
        .with_context(|| format!("time {t} is out of Excel's range"))
}
