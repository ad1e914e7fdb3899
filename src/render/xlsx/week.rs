//! Week over week on the Summary sheet: each rep's overdue leads now and last Friday, newly
//! overdue, fixed, and the backlog of the last 12 Fridays with a sparkline.

use anyhow::Result;
use rust_xlsxwriter::{Sparkline, Worksheet};

use super::SUMMARY;
use super::book::write_text;
use super::formats::Formats;
use super::headers::Headers;
use crate::report::{History, RepWeek};

/// Writes the block from `row` (a title row, a header, one row per rep, the total) and
/// returns the last row written. Without an earlier report, last Friday's count, newly
/// overdue and fixed are "n/a", as on the site.
pub(super) fn write(
    sheet: &mut Worksheet,
    mut row: u32,
    history: &History,
    formats: &Formats,
    headers: &mut Headers,
) -> Result<u32> {
    let title = match history.previous {
        Some(previous) => format!("Week over week: against the report of {previous}"),
        None => "Week over week: this is the first report on record".to_string(),
    };
    write_text(sheet, row, 0, &title, &formats.bold)?;
    row += 1;
    let dates: Vec<String> = history
        .backlog
        .iter()
        .map(|p| p.as_of.to_string())
        .collect();
    let titles = [
        "Rep",
        "Overdue now",
        "Overdue last Friday",
        "Newly overdue",
        "Fixed",
        "Backlog",
    ];
    for (col, title) in (0u16..).zip(titles) {
        headers.write(sheet, row, col, title, &formats.header)?;
    }
    // The backlog values sit right of the block, one column per Friday, for the sparklines.
    let first_value_col: u16 = 7;
    for (col, date) in (first_value_col..).zip(&dates) {
        headers.write(sheet, row, col, date, &formats.header)?;
    }
    let rows: Vec<(&RepWeek, Vec<u64>)> = history
        .reps
        .iter()
        .map(|r| {
            let points = history
                .rep_backlog
                .iter()
                .find(|b| b.owner == r.owner)
                .map_or_else(|| vec![0; dates.len()], |b| b.overdue.clone());
            (r, points)
        })
        .chain(std::iter::once((
            &history.totals,
            history.backlog.iter().map(|p| p.overdue).collect(),
        )))
        .collect();
    for (week, points) in rows {
        row += 1;
        let format = if week.owner == "Total" {
            &formats.bold
        } else {
            &formats.count
        };
        write_text(sheet, row, 0, &week.owner, format)?;
        // Without an earlier report nothing can be new or fixed.
        let since_before = |n: u64| week.overdue_before.map(|_| n);
        let numbers = [
            Some(week.overdue_now),
            week.overdue_before,
            since_before(week.newly_overdue),
            since_before(week.fixed),
        ];
        for (col, value) in (1u16..).zip(numbers) {
            match value {
                #[allow(clippy::cast_precision_loss)] // counts stay far below 2^53
                Some(n) => {
                    sheet.write_number_with_format(row, col, n as f64, &formats.count)?;
                }
                None => write_text(sheet, row, col, "n/a", &formats.note)?,
            }
        }
        for (col, n) in (first_value_col..).zip(&points) {
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number_with_format(row, col, *n as f64, &formats.count)?;
        }
        if points.len() > 1 {
            let last = first_value_col + u16::try_from(points.len() - 1).unwrap_or(0);
            let sparkline = Sparkline::new().set_range((SUMMARY, row, first_value_col, row, last));
            sheet.add_sparkline(row, 5, &sparkline)?;
        }
    }
    Ok(row)
}
