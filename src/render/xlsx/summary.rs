//! Summary: the key figures of the week, then the rep and source tables with data bars.

use anyhow::{Context, Result};
use rust_xlsxwriter::Format;

use super::SUMMARY;
use super::book::{Book, HEADER_HEIGHT, write_text};
use super::groups::Table;
use crate::render::columns::group_columns;
use crate::report::Report;

/// A key figure: its label, its value, and a note on what it counts.
enum Value {
    Count(u64),
    Hours(Option<f64>),
    Rate(Option<f64>),
}

/// The key figures the export can feed, in display order.
fn key_figures(report: &Report) -> Vec<(String, Value, String)> {
    let totals = &report.totals;
    let coverage = &report.coverage;
    let mut rows = Vec::new();
    if coverage.leads {
        let new = &report.new_leads;
        rows.push((
            "New leads this week".to_string(),
            Value::Count(new.leads),
            format!(
                "created {} to {}, of which {} look fake",
                new.from, new.to, new.junk
            ),
        ));
        rows.push((
            "Leads in this export".to_string(),
            Value::Count(totals.leads),
            "all leads read".to_string(),
        ));
        if coverage.touches && coverage.created {
            rows.push((
                "Overdue now".to_string(),
                Value::Count(totals.overdue),
                "no contact and past the SLA: the red rows of Follow-ups".to_string(),
            ));
        }
        if coverage.touches {
            rows.push((
                "Stale now".to_string(),
                Value::Count(totals.stale),
                format!(
                    "contacted, open, no touch for over {} days: the amber rows",
                    report.settings.stale_days
                ),
            ));
            rows.push((
                "Median first touch (h)".to_string(),
                Value::Hours(totals.median_hours_to_first_touch),
                "calendar hours from creation to first touch".to_string(),
            ));
            rows.push((
                "Median first touch (business h)".to_string(),
                Value::Hours(totals.median_business_hours_to_first_touch),
                report.settings.business_hours.clone(),
            ));
        }
        rows.push((
            "Conversion".to_string(),
            Value::Rate(totals.conversion),
            "leads that became opportunities ÷ leads".to_string(),
        ));
    }
    if coverage.opportunities {
        rows.push((
            "Close rate".to_string(),
            Value::Rate(totals.close_rate),
            "won ÷ (won + lost); open deals left out".to_string(),
        ));
        rows.push((
            "Win rate".to_string(),
            Value::Rate(totals.win_rate),
            "won ÷ opportunities, open ones included".to_string(),
        ));
    }
    rows
}

pub(super) fn write(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = book.formats.clone();
    let index = book.add_sheet(SUMMARY, false, false)?;
    let sheet = book.sheet(index)?;
    write_text(
        sheet,
        0,
        0,
        &format!("Friday report, as of {}", report.as_of),
        &formats.title,
    )?;
    write_text(
        sheet,
        1,
        0,
        &format!(
            "Ages measured at {} ({})",
            report.as_of_time.format("%Y-%m-%d %H:%M"),
            report.settings.timezone
        ),
        &formats.note,
    )?;
    write_text(sheet, 3, 0, "Key figure", &formats.header)?;
    write_text(sheet, 3, 1, "Value", &formats.header)?;
    write_text(sheet, 3, 2, "What it counts", &formats.header)?;
    sheet.set_row_height(3, HEADER_HEIGHT)?;
    let mut row = 3;
    for (label, value, note) in key_figures(report) {
        row += 1;
        write_text(sheet, row, 0, &label, &formats.bold)?;
        let blank = |sheet: &mut rust_xlsxwriter::Worksheet, format: &Format| {
            write_text(sheet, row, 1, "n/a", format)
        };
        match value {
            Value::Count(count) => {
                let format = match label.as_str() {
                    "Overdue now" if count > 0 => &formats.overdue,
                    "Stale now" if count > 0 => &formats.stale,
                    _ => &formats.count,
                };
                #[allow(clippy::cast_precision_loss)] // counts stay far below 2^53
                sheet.write_number_with_format(row, 1, count as f64, format)?;
            }
            Value::Hours(Some(hours)) => {
                sheet.write_number_with_format(row, 1, hours, &formats.hours)?;
            }
            Value::Rate(Some(rate)) => {
                sheet.write_number_with_format(row, 1, rate, &formats.percent)?;
            }
            Value::Hours(None) | Value::Rate(None) => blank(sheet, &formats.note)?,
        }
        write_text(sheet, row, 2, &note, &formats.note)?;
    }

    if let Some(history) = &report.history {
        row = super::week::write(sheet, row + 2, history, &formats)?;
    }
    let columns = group_columns(&report.coverage);
    for (title, name_header, groups) in [
        ("By rep", "Rep", &report.reps),
        (
            &*format!("By {}", report.source_label.to_lowercase()),
            report.source_label.as_str(),
            &report.sources,
        ),
    ] {
        row += 2;
        write_text(sheet, row, 0, title, &formats.bold)?;
        row += 1;
        let table = Table {
            name_header,
            groups,
            totals: &report.totals,
            columns: columns.clone(),
        };
        let first = row;
        row = table
            .write(sheet, first, &formats)
            .with_context(|| format!("writing sheet {SUMMARY}, {title}"))?;
        table.add_bars(sheet, first)?;
    }
    // The key-figure labels and notes are longer than the group names.
    sheet.set_column_width(0, 34)?;
    Ok(())
}
