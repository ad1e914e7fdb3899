//! The Friday spreadsheet: the red follow-up list, rep and source tables, data quality, definitions.
//!
//! Every value from the data is written with `write_string` (or as a number or date), never as
//! a formula, so a lead named `=HYPERLINK(…)` stays text. The file is written beside its final
//! path and renamed into place, and its creation date comes from the report, so the same
//! report always gives the same bytes.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::render::atomic::replace_file;
use crate::render::columns::{GroupCell, GroupColumn, empty_follow_up_message, group_columns};
use crate::render::settings::settings_rows;
use crate::report::{GroupRow, OverdueLead, Report};

/// Sheet names, in workbook order.
pub const FOLLOW_UPS: &str = "Follow-ups";
pub const REPS: &str = "Reps";
pub const SOURCES: &str = "Sources";
pub const DATA_QUALITY: &str = "Data quality";
pub const DEFINITIONS: &str = "Definitions";

/// What the First touch cell of an overdue lead says (in a red cell).
pub const MISSING_TOUCH: &str = "none (overdue)";
/// The red of a missing first touch, as RGB.
pub const MISSING_TOUCH_RED: u32 = 0xFF_00_00;
/// The light red behind a non-zero Overdue count.
const OVERDUE_LIGHT_RED: u32 = 0xFF_C7_CE;
const OVERDUE_DARK_RED: u32 = 0x9C_00_06;

const FOLLOW_UP_COLUMNS: [(&str, f64); 12] = [
    ("Rep", 20.0),
    ("Lead ID", 12.0),
    ("Lead", 24.0),
    ("Company", 24.0),
    ("Email", 28.0),
    ("Source", 16.0),
    ("Offer", 16.0),
    ("Created", 17.0),
    ("Age (h)", 9.0),
    ("SLA (h)", 9.0),
    ("Hours overdue", 14.0),
    ("First touch", 16.0),
];

const FINDING_COLUMNS: [(&str, f64); 7] = [
    ("Kind", 22.0),
    ("File", 24.0),
    ("Sheet", 16.0),
    ("Row", 8.0),
    ("Column", 18.0),
    ("Value", 24.0),
    ("Message", 60.0),
];

/// Writes the Friday spreadsheet to `path`, replacing any file there only once the new one is
/// complete.
///
/// # Errors
///
/// Fails when the folder of `path` does not exist or is not writable, or when a value cannot
/// be stored in a spreadsheet (e.g. text longer than 32,767 characters, a date before 1900);
/// the error names the sheet and row. On failure an existing file at `path` is left as it was.
pub fn write_xlsx(report: &Report, path: &Path) -> Result<()> {
    let mut workbook = build_workbook(report)?;
    replace_file(path, |file| {
        workbook
            .save_to_writer(file)
            .with_context(|| format!("writing {}", path.display()))
    })
}

/// Builds the whole workbook in memory.
fn build_workbook(report: &Report) -> Result<Workbook> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let created = excel_date(report.as_of).context("setting the document creation date")?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Friday report {}", report.as_of))
            .set_creation_datetime(&created),
    );

    write_follow_ups(workbook.add_worksheet(), report, &formats)?;
    write_groups(
        workbook.add_worksheet(),
        REPS,
        "Rep",
        report,
        &report.reps,
        &formats,
    )?;
    write_groups(
        workbook.add_worksheet(),
        SOURCES,
        &report.source_label,
        report,
        &report.sources,
        &formats,
    )?;
    write_findings(workbook.add_worksheet(), report, &formats)?;
    write_definitions(workbook.add_worksheet(), report, &formats)?;
    Ok(workbook)
}

/// The cell formats, made once.
struct Formats {
    header: Format,
    plain: Format,
    datetime: Format,
    hours: Format,
    percent: Format,
    missing_touch: Format,
    overdue: Format,
    total: Format,
    total_hours: Format,
    total_percent: Format,
    total_overdue: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        let hours = Format::new().set_num_format("0.0");
        let percent = Format::new().set_num_format("0.0%");
        let overdue = Format::new()
            .set_background_color(Color::RGB(OVERDUE_LIGHT_RED))
            .set_font_color(Color::RGB(OVERDUE_DARK_RED));
        Self {
            header: Format::new().set_bold().set_text_wrap(),
            plain: Format::new(),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            missing_touch: Format::new()
                .set_background_color(Color::RGB(MISSING_TOUCH_RED))
                .set_font_color(Color::White)
                .set_bold(),
            total: Format::new().set_bold(),
            total_hours: hours.clone().set_bold(),
            total_percent: percent.clone().set_bold(),
            total_overdue: overdue.clone().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            hours,
            percent,
            overdue,
        }
    }
}

/// A 0-based data row index (after the header) as a sheet row number.
fn sheet_row(index: usize) -> Result<u32> {
    u32::try_from(index + 1).context("too many rows for a worksheet")
}

/// Writes a bold header row, freezes it and sets column widths.
fn write_header(sheet: &mut Worksheet, columns: &[(&str, f64)], formats: &Formats) -> Result<()> {
    for (col, (title, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, col, *title, &formats.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Adds an autofilter over the header and `rows` data rows of `columns` columns.
fn add_filter(sheet: &mut Worksheet, rows: u32, columns: usize) -> Result<()> {
    let last_col = u16::try_from(columns - 1).context("too many columns")?;
    sheet.autofilter(0, 0, rows.max(1), last_col)?;
    Ok(())
}

/// Follow-ups: one row per overdue lead, its First touch a red cell.
fn write_follow_ups(sheet: &mut Worksheet, report: &Report, formats: &Formats) -> Result<()> {
    sheet.set_name(FOLLOW_UPS)?;
    write_header(sheet, &FOLLOW_UP_COLUMNS, formats)?;
    if report.overdue.is_empty() {
        sheet.write_string(1, 0, empty_follow_up_message(&report.coverage))?;
    }
    let mut last_row = 0;
    for (index, lead) in report.overdue.iter().enumerate() {
        last_row = sheet_row(index)?;
        write_follow_up(sheet, last_row, lead, formats).with_context(|| {
            format!(
                "writing sheet {FOLLOW_UPS}, row {} (lead {})",
                last_row + 1,
                lead.lead_id
            )
        })?;
    }
    add_filter(sheet, last_row, FOLLOW_UP_COLUMNS.len())
}

fn write_follow_up(
    sheet: &mut Worksheet,
    row: u32,
    lead: &OverdueLead,
    formats: &Formats,
) -> Result<()> {
    let texts = [
        &lead.owner,
        &lead.lead_id,
        &lead.name,
        &lead.company,
        &lead.email,
        &lead.source,
        &lead.offer,
    ];
    for (col, text) in (0u16..).zip(texts) {
        sheet.write_string(row, col, text.as_str())?;
    }
    let created = excel_datetime(&lead.created_at)?;
    sheet.write_datetime_with_format(row, 7, &created, &formats.datetime)?;
    sheet.write_number_with_format(row, 8, lead.age_hours, &formats.hours)?;
    sheet.write_number_with_format(row, 9, lead.sla_hours, &formats.hours)?;
    sheet.write_number_with_format(row, 10, lead.hours_overdue, &formats.hours)?;
    sheet.write_string_with_format(row, 11, MISSING_TOUCH, &formats.missing_touch)?;
    Ok(())
}

/// Reps or Sources: one row per group, then the Total row in bold; only the columns the
/// export can fill.
fn write_groups(
    sheet: &mut Worksheet,
    name: &str,
    name_header: &str,
    report: &Report,
    groups: &[GroupRow],
    formats: &Formats,
) -> Result<()> {
    sheet.set_name(name)?;
    let shown = group_columns(&report.coverage);
    let mut columns = vec![(name_header, 24.0)];
    columns.extend(shown.iter().map(|c| (c.title(), c.width())));
    write_header(sheet, &columns, formats)?;
    let mut last_row = 0;
    for (index, group) in groups.iter().enumerate() {
        last_row = sheet_row(index)?;
        write_group(sheet, last_row, group, &shown, false, formats)
            .with_context(|| format!("writing sheet {name}, row {}", last_row + 1))?;
    }
    add_filter(sheet, last_row, columns.len())?;
    let total_row = sheet_row(groups.len())?;
    write_group(sheet, total_row, &report.totals, &shown, true, formats)
        .with_context(|| format!("writing sheet {name}, total row {}", total_row + 1))
}

fn write_group(
    sheet: &mut Worksheet,
    row: u32,
    group: &GroupRow,
    columns: &[GroupColumn],
    is_total: bool,
    formats: &Formats,
) -> Result<()> {
    let (count, hours, percent, overdue) = if is_total {
        (
            &formats.total,
            &formats.total_hours,
            &formats.total_percent,
            &formats.total_overdue,
        )
    } else {
        (
            &formats.plain,
            &formats.hours,
            &formats.percent,
            &formats.overdue,
        )
    };
    let name = if is_total {
        "Total"
    } else {
        group.name.as_str()
    };
    sheet.write_string_with_format(row, 0, name, count)?;
    for (col, column) in (1u16..).zip(columns) {
        match column.cell(group) {
            GroupCell::Count(value) => {
                let format = if *column == GroupColumn::Overdue && value > 0 {
                    overdue
                } else {
                    count
                };
                #[allow(clippy::cast_precision_loss)] // counts stay far below 2^53
                sheet.write_number_with_format(row, col, value as f64, format)?;
            }
            GroupCell::Hours(Some(value)) => {
                sheet.write_number_with_format(row, col, value, hours)?;
            }
            GroupCell::Rate(Some(value)) => {
                sheet.write_number_with_format(row, col, value, percent)?;
            }
            GroupCell::Hours(None) | GroupCell::Rate(None) => {
                sheet.write_blank(row, col, count)?;
            }
        }
    }
    Ok(())
}

/// Data quality: every finding from ingest.
fn write_findings(sheet: &mut Worksheet, report: &Report, formats: &Formats) -> Result<()> {
    sheet.set_name(DATA_QUALITY)?;
    write_header(sheet, &FINDING_COLUMNS, formats)?;
    if report.findings.is_empty() {
        sheet.write_string(1, 0, "No data-quality findings")?;
    }
    let mut last_row = 0;
    for (index, finding) in report.findings.iter().enumerate() {
        last_row = sheet_row(index)?;
        let texts = [
            (0, &finding.kind),
            (1, &finding.file),
            (2, &finding.sheet),
            (4, &finding.column),
            (5, &finding.value),
            (6, &finding.message),
        ];
        let written: Result<(), XlsxError> = texts.into_iter().try_for_each(|(col, text)| {
            sheet.write_string(last_row, col, text.as_str()).map(|_| ())
        });
        written.with_context(|| format!("writing sheet {DATA_QUALITY}, row {}", last_row + 1))?;
        // Row 0 means the finding is about the whole table: leave the cell empty.
        if finding.row > 0 {
            #[allow(clippy::cast_precision_loss)] // row numbers stay far below 2^53
            sheet.write_number(last_row, 3, finding.row as f64)?;
        }
    }
    add_filter(sheet, last_row, FINDING_COLUMNS.len())
}

/// Definitions: each metric's definition, then the settings that shaped the numbers.
fn write_definitions(sheet: &mut Worksheet, report: &Report, formats: &Formats) -> Result<()> {
    sheet.set_name(DEFINITIONS)?;
    write_header(sheet, &[("Name", 30.0), ("Text", 90.0)], formats)?;
    let mut row = 0;
    for definition in &report.definitions {
        row += 1;
        sheet.write_string_with_format(row, 0, definition.name.as_str(), &formats.wrap)?;
        sheet.write_string_with_format(row, 1, definition.text.as_str(), &formats.wrap)?;
    }

    row += 2;
    sheet.write_string_with_format(row, 0, "Setting", &formats.header)?;
    sheet.write_string_with_format(row, 1, "Value", &formats.header)?;
    for (label, value) in settings_rows(report) {
        row += 1;
        sheet.write_string(row, 0, label.as_str())?;
        sheet.write_string(row, 1, value.as_str())?;
    }
    Ok(())
}

/// A date as an Excel date.
fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    let year = u16::try_from(date.year())
        .with_context(|| format!("year of {date} cannot be stored in a spreadsheet"))?;
    // Month and day come from a valid chrono date, so they fit a u8.
    #[allow(clippy::cast_possible_truncation)]
    let date_time = ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8);
    date_time.with_context(|| format!("{date} cannot be stored in a spreadsheet"))
}

/// A date and time as an Excel datetime (seconds kept, sub-second dropped).
fn excel_datetime(at: &NaiveDateTime) -> Result<ExcelDateTime> {
    // Hour, minute and second come from a valid chrono time, so they fit.
    #[allow(clippy::cast_possible_truncation)]
    let date_time =
        excel_date(at.date())?.and_hms(at.hour() as u16, at.minute() as u8, at.second());
    date_time.with_context(|| format!("{at} cannot be stored in a spreadsheet"))
}

#[cfg(test)]
mod tests;
