//! The headline figures of a report, decided once: the XLSX Summary, the site's index, the
//! team email, the terminal line and the JSON all show these, with these labels.

use crate::report::{
    Alert, Coverage, FigureKind, GroupRow, HeadlineFigure, HeadlineKey, NewLeads, duration,
    thousands,
};

/// The headline figures the export can support, in display order. A figure the export
/// cannot feed (no touch data, no creation dates, no deals) is left out, never shown as 0.
#[must_use]
pub(crate) fn headline(
    coverage: &Coverage,
    totals: &GroupRow,
    new_leads: &NewLeads,
    stale_days: f64,
    hot_rank: i32,
) -> Vec<HeadlineFigure> {
    let mut out = Vec::new();
    #[allow(clippy::cast_precision_loss)]
    let count =
        |key: HeadlineKey, label: &str, value: u64, note: String, alert: Alert| HeadlineFigure {
            key,
            label: label.to_string(),
            kind: FigureKind::Count,
            value: Some(value as f64),
            text: thousands(value),
            note,
            alert: if value > 0 { alert } else { Alert::None },
        };
    let rate = |key: HeadlineKey, label: &str, value: Option<f64>, note: &str| HeadlineFigure {
        key,
        label: label.to_string(),
        kind: FigureKind::Rate,
        value,
        text: value.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0)),
        note: note.to_string(),
        alert: Alert::None,
    };
    if coverage.leads && coverage.created {
        out.push(count(
            HeadlineKey::NewLeads,
            "New leads this week",
            new_leads.leads,
            format!(
                "created {} to {}, of which {} look fake",
                new_leads.from, new_leads.to, new_leads.junk
            ),
            Alert::None,
        ));
    }
    if coverage.leads {
        out.push(count(
            HeadlineKey::Leads,
            "Leads in this export",
            totals.leads,
            "all leads read, up to the as-of instant".to_string(),
            Alert::None,
        ));
        if coverage.sla() {
            out.push(count(
                HeadlineKey::Overdue,
                "Overdue now",
                totals.overdue,
                "no contact and past the SLA: the red rows of Follow-ups".to_string(),
                Alert::Overdue,
            ));
            if coverage.ranks {
                out.push(count(
                    HeadlineKey::HotOverdue,
                    "Hot leads overdue",
                    totals.hot_overdue,
                    format!("overdue at rank {hot_rank} or better: the rows red from end to end"),
                    Alert::Overdue,
                ));
            }
        }
        if coverage.follow_up() {
            out.push(count(
                HeadlineKey::Stale,
                "Stale now",
                totals.stale,
                format!("contacted, open, no touch for over {stale_days} days: the amber rows"),
                Alert::Stale,
            ));
            out.push(count(
                HeadlineKey::MissingInfo,
                "Missing info",
                totals.missing_info,
                "cells reps should fill: rank, logged touch, deal amount or close date".to_string(),
                Alert::Overdue,
            ));
        }
        if coverage.sla() {
            out.push(HeadlineFigure {
                key: HeadlineKey::MedianFirstTouchHours,
                label: "Median first touch".to_string(),
                kind: FigureKind::Hours,
                value: totals.median_hours_to_first_touch,
                text: totals
                    .median_hours_to_first_touch
                    .map_or_else(|| "—".to_string(), duration),
                note: "calendar hours from creation to first touch, junk left out".to_string(),
                alert: Alert::None,
            });
        }
        out.push(count(
            HeadlineKey::Junk,
            "Junk leads",
            totals.junk,
            "look fake: in no follow-up or conversion figure".to_string(),
            Alert::None,
        ));
        out.push(rate(
            HeadlineKey::Conversion,
            "Conversion",
            totals.conversion,
            "leads that became opportunities ÷ leads",
        ));
    }
    if coverage.opportunities && coverage.outcomes {
        out.push(rate(
            HeadlineKey::CloseRate,
            "Close rate",
            totals.close_rate,
            "won ÷ (won + lost); open deals left out",
        ));
        out.push(rate(
            HeadlineKey::WinRate,
            "Win rate",
            totals.win_rate,
            "won ÷ opportunities, open ones included",
        ));
    } else if coverage.opportunities {
        out.push(rate(
            HeadlineKey::CloseRate,
            "Close rate",
            None,
            "the export holds won deals only, so close rate cannot be judged from it",
        ));
    }
    out
}
