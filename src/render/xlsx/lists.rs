//! Cadence (per rep: steps due, on time, late, missed), Grab-back (rank-7 leads marketing
//! takes back) and Junk leads (with the reason each looks fake).

use anyhow::{Context, Result};
use rust_xlsxwriter::ConditionalFormatDataBar;

use super::book::{Book, Cell};
use super::{CADENCE, GRAB_BACK, JUNK_LEADS};

/// Cadence: one row per rep, the report's Total row in bold, data bars on the counts.
pub(super) fn write_cadence(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = book.formats.clone();
    let columns = [
        ("Rep", 16.0),
        ("Steps due", 10.0),
        ("On time", 10.0),
        ("Late", 10.0),
        ("Missed", 10.0),
    ];
    let mut list = book.list(CADENCE, &columns, false)?;
    if report.cadence.is_empty() {
        list.note("No cadence steps due yet (or no touch data in this export)")?;
    }
    for (n, row) in report.cadence.iter().enumerate() {
        let is_total = n + 1 == report.cadence.len() && row.owner == "Total";
        let name = if is_total {
            Cell::Styled(&row.owner, &formats.total)
        } else {
            Cell::Text(&row.owner)
        };
        list.write_row(&[
            name,
            Cell::Count(row.due),
            Cell::Count(row.on_time),
            Cell::Count(row.late),
            Cell::Count(row.missed),
        ])
        .with_context(|| format!("writing sheet {CADENCE}, row {}", n + 2))?;
    }
    let reps = report.cadence.iter().filter(|r| r.owner != "Total").count();
    let sheet_name = list.sheet_name().to_string();
    list.finish()?;
    if reps > 0 {
        let last = u32::try_from(reps)?;
        let sheet = book.sheet(book.index_of(&sheet_name))?;
        let colors = [(2, 0x63_BE_7B), (3, 0xFF_C0_00), (4, 0xF8_69_6B)];
        for (col, color) in colors {
            let bars = ConditionalFormatDataBar::new().set_fill_color(color);
            sheet.add_conditional_format(1, col, last, col, &bars)?;
        }
    }
    Ok(())
}

/// Grab-back: the leads marketing takes back, grouped by reason.
pub(super) fn write_grab_back(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = book.formats.clone();
    let columns = [
        ("Reason", 22.0),
        ("Rep", 14.0),
        ("Lead ID", 9.0),
        ("Lead", 14.0),
        ("Company", 14.0),
        ("Email", 14.0),
        ("Source", 10.0),
        ("Offer", 10.0),
        ("Rank", 6.0),
        ("Last touch", 16.0),
        ("Days quiet", 9.0),
    ];
    let mut list = book.list(GRAB_BACK, &columns, true)?;
    if !report.coverage.ranks {
        list.note("No lead has a rank, so there is no grab-back list")?;
    } else if report.grab_back.is_empty() {
        list.note("No leads to grab back")?;
    }
    for lead in &report.grab_back {
        let last_touch = match &lead.last_touch_at {
            Some(at) => Cell::Time(at, &formats.datetime),
            None => Cell::Styled("never", &formats.note),
        };
        let mut row = vec![Cell::Text(&lead.reason)];
        row.extend(Cell::lead(&lead.lead, None));
        row.extend([
            lead.rank
                .map_or(Cell::Blank, |r| Cell::Number(f64::from(r), &formats.rank)),
            last_touch,
            Cell::Number(lead.days_quiet, &formats.days),
        ]);
        list.write_row(&row).with_context(|| {
            format!(
                "writing sheet {}, row {} (lead {})",
                list.sheet_name(),
                list.last_row() + 1,
                lead.lead.lead_id
            )
        })?;
    }
    list.finish()
}

/// Junk leads: each lead that looks fake, with the reason. Emails stay plain text.
pub(super) fn write_junk(book: &mut Book) -> Result<()> {
    let report = book.report;
    let columns = [
        ("Rep", 14.0),
        ("Lead ID", 9.0),
        ("Lead", 14.0),
        ("Email", 14.0),
        ("Phone", 12.0),
        ("Company", 14.0),
        ("Source", 10.0),
        ("Offer", 10.0),
        ("Reason", 14.0),
        ("Detail", 20.0),
    ];
    let mut list = book.list(JUNK_LEADS, &columns, true)?;
    if report.junk_leads.is_empty() {
        list.note("No leads look fake")?;
    }
    for lead in &report.junk_leads {
        list.write_row(&[
            Cell::Text(&lead.lead.owner),
            Cell::Text(&lead.lead.lead_id),
            Cell::Text(&lead.lead.name),
            Cell::Text(&lead.lead.email),
            Cell::Text(&lead.phone),
            Cell::Text(&lead.lead.company),
            Cell::Text(&lead.lead.source),
            Cell::Text(&lead.lead.offer),
            Cell::Text(&lead.reason),
            Cell::Wrapped(&lead.detail),
        ])
        .with_context(|| {
            format!(
                "writing sheet {}, row {} (lead {})",
                list.sheet_name(),
                list.last_row() + 1,
                lead.lead.lead_id
            )
        })?;
    }
    list.finish()
}
