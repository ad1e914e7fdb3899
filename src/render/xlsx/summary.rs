//! Summary: the key figures of the week, then the rep and source tables with data bars.

use anyhow::{Context, Result};

use super::SUMMARY;
use super::book::{Book, write_text};
use super::groups::Table;
use super::headers::Headers;
use crate::render::columns::group_columns;
use crate::report::{Alert, FigureKind};

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
    // The tables below share columns: each header row is given its height at the end.
    let mut headers = Headers::new();
    headers.write(sheet, 3, 0, "Key figure", &formats.header)?;
    headers.write(sheet, 3, 1, "Value", &formats.header)?;
    headers.write(sheet, 3, 2, "What it counts", &formats.header)?;
    let mut row = 3;
    for figure in &report.headline {
        row += 1;
        let (label, value) = if figure.kind == FigureKind::Hours {
            (
                format!("{} (days)", figure.label),
                figure.value.map(|h| h / 24.0),
            )
        } else {
            (figure.label.clone(), figure.value)
        };
        write_text(sheet, row, 0, &label, &formats.bold)?;
        let format = match (figure.kind, figure.alert) {
            (_, Alert::Overdue) => &formats.overdue,
            (_, Alert::Stale) => &formats.stale,
            (FigureKind::Hours, Alert::None) => &formats.hours,
            (FigureKind::Rate, Alert::None) => &formats.percent,
            (FigureKind::Count, Alert::None) => &formats.count,
        };
        match value {
            Some(value) => {
                sheet.write_number_with_format(row, 1, value, format)?;
            }
            None => write_text(sheet, row, 1, "n/a", &formats.note)?,
        }
        write_text(sheet, row, 2, &figure.note, &formats.note)?;
    }
    // What the export cannot support, one sentence each, under the figures it leaves out.
    for gap in report.coverage.gaps() {
        row += 1;
        write_text(sheet, row, 0, gap, &formats.note)?;
    }

    // Week over week compares overdue counts: nothing to compare without SLAs.
    if let Some(history) = report.history.as_ref().filter(|_| report.coverage.sla()) {
        row = super::week::write(sheet, row + 2, history, &formats, &mut headers)?;
    }
    for (title, name_header, groups, per_rep) in [
        ("By rep", "Rep", &report.reps, true),
        (
            &*format!("By {}", report.source_label.to_lowercase()),
            report.source_label.as_str(),
            &report.sources,
            false,
        ),
    ] {
        let columns = group_columns(&report.coverage, report.settings.window_days, per_rep);
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
            .write(sheet, first, &formats, &mut headers)
            .with_context(|| format!("writing sheet {SUMMARY}, {title}"))?;
        table.add_bars(sheet, first)?;
    }
    // The key-figure labels and notes are longer than the group names.
    headers.set_width(sheet, 0, 34.0)?;
    headers.fit(sheet)
}
