//! Week over week on the index and rep pages: overdue now and last Friday, newly overdue,
//! fixed, the backlog of the last Fridays, and rank-7 comebacks.

use serde::Serialize;

use super::format::{count, percent};
use crate::report::{History, RepWeek};

/// One rep's (or the total's) week over week.
#[derive(Serialize)]
pub struct WeekRow {
    pub name: String,
    pub now: String,
    /// "n/a" when there is no earlier report.
    pub before: String,
    pub newly: String,
    pub fixed: String,
    /// Overdue counts of the last Fridays, oldest first, e.g. "2 → 1 → 1".
    pub backlog: String,
}

/// The week-over-week section of the index.
#[derive(Serialize)]
pub struct WeekView {
    /// "against the report of 2026-11-13", or that this is the first report on record.
    pub against: String,
    pub dates: String,
    pub rows: Vec<WeekRow>,
    pub comebacks: String,
}

fn row(week: &RepWeek, backlog: &[u64]) -> WeekRow {
    WeekRow {
        name: week.owner.clone(),
        now: count(week.overdue_now),
        before: week.overdue_before.map_or_else(|| "n/a".to_string(), count),
        // Without an earlier report nothing can be new or fixed.
        newly: week
            .overdue_before
            .map_or_else(|| "n/a".to_string(), |_| count(week.newly_overdue)),
        fixed: week
            .overdue_before
            .map_or_else(|| "n/a".to_string(), |_| count(week.fixed)),
        backlog: backlog
            .iter()
            .map(|n| count(*n))
            .collect::<Vec<_>>()
            .join(" → "),
    }
}

/// A rep's row, when the report keeps history and the rep has had overdue leads.
#[must_use]
pub fn rep_row(history: &History, rep: &str) -> Option<WeekRow> {
    let week = history.reps.iter().find(|r| r.owner == rep)?;
    let backlog = history
        .rep_backlog
        .iter()
        .find(|b| b.owner == rep)
        .map_or(&[][..], |b| b.overdue.as_slice());
    Some(row(week, backlog))
}

/// The whole section.
#[must_use]
pub fn view(history: &History) -> WeekView {
    let mut rows: Vec<WeekRow> = history
        .reps
        .iter()
        .filter_map(|r| rep_row(history, &r.owner))
        .collect();
    let totals: Vec<u64> = history.backlog.iter().map(|p| p.overdue).collect();
    rows.push(row(&history.totals, &totals));
    let c = &history.comebacks;
    let comebacks = if c.leads == 0 {
        "No lead has come back from rank 7 in the reports on record.".to_string()
    } else {
        format!(
            "{} leads came back from rank 7: {} converted ({}; all leads {}), close rate {} (all leads {}).",
            count(c.leads),
            count(c.converted),
            percent(c.conversion),
            percent(c.all_conversion),
            percent(c.close_rate),
            percent(c.all_close_rate)
        )
    };
    WeekView {
        against: history.previous.map_or_else(
            || "this is the first report on record".to_string(),
            |d| format!("against the report of {d}"),
        ),
        dates: history
            .backlog
            .iter()
            .map(|p| p.as_of.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        rows,
        comebacks,
    }
}
