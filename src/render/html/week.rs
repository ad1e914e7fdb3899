//! Week over week on the index and rep pages: overdue now and last Friday, newly overdue,
//! fixed, the backlog of the last Fridays, and rank-7 comebacks.

use serde::Serialize;

use super::format::{count, percent};
use crate::report::{History, RepWeek};

/// One rep's (or the total's) week over week.
#[derive(Serialize)]
pub(super) struct WeekRow {
    pub name: String,
    pub now: String,
    /// "n/a" when there is no earlier report.
    pub before: String,
    pub newly: String,
    pub fixed: String,
    /// Overdue counts of the last Fridays, oldest first, e.g. "2 → 1 → 1".
    pub backlog: String,
    /// The same counts as a small inline SVG line, drawn from numbers only (no text from the
    /// export), so it is safe to embed unescaped.
    pub sparkline: String,
}

/// The week-over-week section of the index.
#[derive(Serialize)]
pub(super) struct WeekView {
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
        sparkline: sparkline(backlog),
    }
}

/// An 80×18 SVG polyline of `values` (nothing for fewer than two), scaled to its maximum.
#[must_use]
pub(super) fn sparkline(values: &[u64]) -> String {
    if values.len() < 2 {
        return String::new();
    }
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = 76.0 / (values.len() - 1) as f64;
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(
                "{:.1},{:.1}",
                2.0 + step * i as f64,
                16.0 - 14.0 * (*v as f64) / max
            )
        })
        .collect();
    let listed: Vec<String> = values.iter().map(u64::to_string).collect();
    format!(
        "<svg class=\"spark\" width=\"80\" height=\"18\" viewBox=\"0 0 80 18\" role=\"img\" aria-label=\"Overdue backlog: {}\"><title>Overdue backlog: {}</title><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"{}\"/></svg>",
        listed.join(", "),
        listed.join(", "),
        points.join(" ")
    )
}

/// A rep's row, when the report keeps history and the rep has had overdue leads.
#[must_use]
pub(super) fn rep_row(history: &History, rep: &str) -> Option<WeekRow> {
    let week = history.reps.iter().find(|r| r.owner == rep)?;
    let backlog = history
        .rep_backlog
        .iter()
        .find(|b| b.owner == rep)
        .map_or(&[][..], |b| b.overdue.as_slice());
    Some(row(week, backlog))
}

/// The whole section; `ranks` false leaves out the comebacks from rank 7 (no lead has a rank).
#[must_use]
pub(super) fn view(history: &History, ranks: bool) -> WeekView {
    let mut rows: Vec<WeekRow> = history
        .reps
        .iter()
        .filter_map(|r| rep_row(history, &r.owner))
        .collect();
    let totals: Vec<u64> = history.backlog.iter().map(|p| p.overdue).collect();
    rows.push(row(&history.totals, &totals));
    let c = &history.comebacks;
    let comebacks = if !ranks {
        String::new()
    } else if c.leads == 0 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_the_largest_value() {
        // Three points 38 px apart; 2 is the top (y = 2), 1 half way (y = 9).
        assert_eq!(
            sparkline(&[2, 1, 1]),
            "<svg class=\"spark\" width=\"80\" height=\"18\" viewBox=\"0 0 80 18\" role=\"img\" aria-label=\"Overdue backlog: 2, 1, 1\"><title>Overdue backlog: 2, 1, 1</title><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"2.0,2.0 40.0,9.0 78.0,9.0\"/></svg>"
        );
        assert_eq!(sparkline(&[5]), "");
    }
}
