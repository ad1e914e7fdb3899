//! Offers over time: one row per offer and cohort, then the same figures laid out cohort by
//! offer, with native Excel charts of volume, conversion and close rate.

use anyhow::{Context, Result};
use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Format, Worksheet};

use super::OFFERS_OVER_TIME;
use super::book::{Book, write_text};
use super::cells::excel_date;
use super::formats::Formats;
use super::headers::Headers;
use crate::report::{Coverage, GroupRow, NONE_NAME, OfferCohortRow, Report};

/// The most offers drawn in a chart; more would be unreadable.
const MAX_SERIES: usize = 8;
/// Rows a chart takes (at the default row height).
const CHART_ROWS: u32 = 16;

/// A figure of a group row, with what it needs from the export.
#[derive(Clone, Copy)]
enum Figure {
    Leads,
    Junk,
    JunkRate,
    ContactedRate,
    MedianHours,
    Converted,
    Conversion,
    ConversionLow,
    ConversionHigh,
    Opportunities,
    Won,
    Lost,
    CloseRate,
    MedianDaysToWin,
}

impl Figure {
    const ALL: [Self; 14] = [
        Self::Leads,
        Self::Junk,
        Self::JunkRate,
        Self::ContactedRate,
        Self::MedianHours,
        Self::Converted,
        Self::Conversion,
        Self::ConversionLow,
        Self::ConversionHigh,
        Self::Opportunities,
        Self::Won,
        Self::Lost,
        Self::CloseRate,
        Self::MedianDaysToWin,
    ];

    fn title(self) -> &'static str {
        match self {
            Self::Leads => "Leads",
            Self::Junk => "Junk",
            Self::JunkRate => "Junk %",
            Self::ContactedRate => "Contacted %",
            Self::MedianHours => "Median first touch (days)",
            Self::Converted => "Converted",
            Self::Conversion => "Conversion",
            Self::ConversionLow => "Conversion 95% low",
            Self::ConversionHigh => "Conversion 95% high",
            Self::Opportunities => "Opportunities",
            Self::Won => "Won",
            Self::Lost => "Lost",
            Self::CloseRate => "Close rate",
            Self::MedianDaysToWin => "Median days to win",
        }
    }

    fn shown(self, coverage: &Coverage) -> bool {
        match self {
            Self::ContactedRate | Self::MedianHours => coverage.leads && coverage.touches,
            Self::Opportunities | Self::Won | Self::Lost | Self::CloseRate => {
                coverage.opportunities
            }
            Self::MedianDaysToWin => coverage.opportunities,
            _ => coverage.leads,
        }
    }

    /// The value and its format; `None` when there is nothing to divide by.
    #[allow(clippy::cast_precision_loss)] // counts stay far below 2^53
    fn value<'f>(self, row: &GroupRow, formats: &'f Formats) -> (Option<f64>, &'f Format) {
        let count = |n: u64| (Some(n as f64), &formats.count);
        let rate = |r: Option<f64>| (r, &formats.percent);
        match self {
            Self::Leads => count(row.leads),
            Self::Junk => count(row.junk),
            Self::JunkRate => rate(row.junk_rate),
            Self::ContactedRate => rate(row.contacted_rate),
            Self::MedianHours => (
                row.median_hours_to_first_touch.map(|h| h / 24.0),
                &formats.hours,
            ),
            Self::Converted => count(row.converted),
            Self::Conversion => rate(row.conversion),
            Self::ConversionLow => rate(row.conversion_interval.as_ref().map(|i| i.low)),
            Self::ConversionHigh => rate(row.conversion_interval.as_ref().map(|i| i.high)),
            Self::Opportunities => count(row.opportunities),
            Self::Won => count(row.won),
            Self::Lost => count(row.lost),
            Self::CloseRate => rate(row.close_rate),
            Self::MedianDaysToWin => (row.median_days_to_win, &formats.days),
        }
    }
}

pub(super) fn write(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = book.formats.clone();
    let index = book.add_sheet(OFFERS_OVER_TIME, false, true)?;
    let name = book.name(index).to_string();
    let sheet = book.sheet(index)?;
    let figures: Vec<Figure> = Figure::ALL
        .into_iter()
        .filter(|f| f.shown(&report.coverage))
        .collect();
    let fixed = [
        ("Offer", 18.0),
        ("Cohort", 10.0),
        ("From", 11.0),
        ("To", 11.0),
        ("Mature", 10.0),
    ];
    let mut headers = Headers::new();
    for (col, (title, width)) in (0u16..).zip(fixed) {
        headers.write(sheet, 0, col, title, &formats.header)?;
        headers.set_width(sheet, col, width)?;
    }
    for (col, figure) in (5u16..).zip(&figures) {
        headers.write(sheet, 0, col, figure.title(), &formats.header)?;
        headers.set_width(sheet, col, 11.0)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    let mut row = 0;
    if report.offers_over_time.is_empty() {
        write_text(
            sheet,
            1,
            0,
            "No offers over time in this export",
            &formats.note,
        )?;
    }
    for line in &report.offers_over_time {
        row += 1;
        write_line(sheet, row, line, &figures, &formats)
            .with_context(|| format!("writing sheet {name}, row {}", row + 1))?;
    }
    let last_col = u16::try_from(4 + figures.len())?;
    sheet.autofilter(0, 0, row.max(1), last_col)?;

    row += 2;
    if let Some(comparison) = &report.offer_comparison {
        // Merged across the table and wrapped, so the sentence stays on the page.
        sheet.merge_range(row, 0, row, last_col, "", &formats.wrap)?;
        sheet.set_row_height(row, 45)?;
        write_text(sheet, row, 0, &comparison.summary, &formats.wrap)?;
        row += 2;
    }
    let blocks = [
        (report.coverage.leads, Figure::Leads),
        (report.coverage.leads, Figure::Conversion),
        (report.coverage.opportunities, Figure::CloseRate),
    ];
    for (shown, figure) in blocks {
        if shown {
            row = write_block(sheet, &name, row, report, figure, &formats, &mut headers)?;
        }
    }
    headers.fit(sheet)
}

fn write_line(
    sheet: &mut Worksheet,
    row: u32,
    line: &OfferCohortRow,
    figures: &[Figure],
    formats: &Formats,
) -> Result<()> {
    write_text(sheet, row, 0, &line.offer, &formats.plain)?;
    write_text(sheet, row, 1, &line.cohort, &formats.plain)?;
    // A cohort of a date Excel cannot hold (before 1900, a typo) is left without its dates.
    for (col, date) in [(2, line.start), (3, line.end)] {
        if let Ok(date) = excel_date(date) {
            sheet.write_datetime_with_format(row, col, &date, &formats.date)?;
        }
    }
    let mature = if line.mature { "yes" } else { "too young" };
    write_text(sheet, row, 4, mature, &formats.plain)?;
    for (col, figure) in (5u16..).zip(figures) {
        if let (Some(value), format) = figure.value(&line.figures, formats) {
            sheet.write_number_with_format(row, col, value, format)?;
        }
    }
    Ok(())
}

/// Writes one figure as a cohort × offer table at `row` ("Leads by cohort") with a chart
/// beside it; returns the row after the block.
fn write_block(
    sheet: &mut Worksheet,
    name: &str,
    row: u32,
    report: &Report,
    figure: Figure,
    formats: &Formats,
    headers: &mut Headers,
) -> Result<u32> {
    let title = format!("{} by cohort", figure.title());
    let mut offers: Vec<&str> = Vec::new();
    for line in &report.offers_over_time {
        if !offers.contains(&line.offer.as_str()) && offers.len() < MAX_SERIES {
            offers.push(&line.offer);
        }
    }
    let cohorts: Vec<&str> = report.cohorts.iter().map(|c| c.cohort.as_str()).collect();
    if offers.is_empty() || cohorts.is_empty() {
        return Ok(row);
    }
    write_text(sheet, row, 0, &title, &formats.bold)?;
    let header = row + 1;
    headers.write(sheet, header, 0, "Cohort", &formats.header)?;
    for (col, offer) in (1u16..).zip(&offers) {
        headers.write(sheet, header, col, offer, &formats.header)?;
    }
    for (cohort_row, cohort) in (header + 1..).zip(&cohorts) {
        write_text(sheet, cohort_row, 0, cohort, &formats.plain)?;
        for (col, offer) in (1u16..).zip(&offers) {
            let found = report
                .offers_over_time
                .iter()
                .find(|line| line.offer == *offer && line.cohort == *cohort);
            if let Some((Some(value), format)) = found.map(|l| figure.value(&l.figures, formats)) {
                sheet.write_number_with_format(cohort_row, col, value, format)?;
            }
        }
    }
    let last = header + u32::try_from(cohorts.len())?;
    // Leads with no offer are a column of the table but not a line to compare: with no
    // other offer there is no chart.
    let charted: Vec<u16> = (1u16..)
        .zip(&offers)
        .filter(|(_, offer)| **offer != NONE_NAME)
        .map(|(col, _)| col)
        .collect();
    if !charted.is_empty() {
        let is_rate = matches!(figure, Figure::Conversion | Figure::CloseRate);
        let mut chart = Chart::new(if is_rate {
            ChartType::Line
        } else {
            ChartType::Column
        });
        for col in charted {
            chart
                .add_series()
                .set_name((name, header, col))
                .set_categories((name, header + 1, 0, last, 0))
                .set_values((name, header + 1, col, last, col));
        }
        chart.title().set_name(&title);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        if is_rate {
            chart.y_axis().set_num_format("0%").set_min(0);
        }
        chart.set_width(620).set_height(300);
        let chart_col = u16::try_from(offers.len() + 2)?;
        sheet.insert_chart(row, chart_col, &chart)?;
    }
    Ok(row + (last - row + 3).max(CHART_ROWS + 1))
}
