//! Cadence compliance: each lead's cadence steps matched against its activities, counted
//! per rep, and each lead's next step.

use super::Context;
use super::cadence::{StepStatus, channel_of, match_steps};
use super::followup::{state, utc};
use super::groups::{NONE_NAME, name_order};
use super::local_time;
use crate::report::{CadenceLead, CadenceRow, CadenceStep, StepState};
use anyhow::Result;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use std::collections::BTreeMap;

/// Cadence rows per rep (then "Total"), each lead's steps, and the next open step of each
/// lead by lead id: (step name, due instant in epoch milliseconds).
pub(crate) struct Compliance {
    pub rows: Vec<CadenceRow>,
    pub leads: Vec<CadenceLead>,
    pub next_steps: HashMap<String, (String, i64)>,
}

/// Matches every open, non-junk lead's cadence against its activities, the valid touches of
/// `followup::valid_touches`. Without them (no activities table) there is nothing to match
/// and the result is empty.
///
/// # Errors
/// Polars failures.
pub(crate) fn cadence(
    touches: Option<&DataFrame>,
    leads: Option<&DataFrame>,
    cx: &Context<'_>,
) -> Result<Compliance> {
    let mut out = Compliance {
        rows: Vec::new(),
        leads: Vec::new(),
        next_steps: HashMap::new(),
    };
    let (Some(leads), Some(touches)) = (leads, touches) else {
        return Ok(out);
    };
    let mut by_lead: HashMap<&str, Vec<(super::cadence::Channel, chrono::DateTime<chrono::Utc>)>> =
        HashMap::new();
    let (ids, kinds, at) = (
        touches.column("lead_id")?.str()?,
        touches.column("type")?.str()?,
        touches.column("at_ms")?.i64()?,
    );
    for i in 0..touches.height() {
        if let (Some(id), Some(ms)) = (ids.get(i), at.get(i)) {
            by_lead
                .entry(id)
                .or_default()
                .push((channel_of(kinds.get(i)), utc(ms)));
        }
    }
    let (lead_id, owner, offer, states, created, trial_end) = (
        leads.column("lead_id")?.str()?,
        leads.column("owner")?.str()?,
        leads.column("offer")?.str()?,
        leads.column("state")?.str()?,
        leads.column("created_ms")?.i64()?,
        leads.column("trial_end_ms")?.i64()?,
    );
    let as_of = utc(cx.as_of_ms);
    let mut per_rep: BTreeMap<String, CadenceRow> = BTreeMap::new();
    for i in 0..leads.height() {
        let (Some(c), Some(offer)) = (created.get(i), offer.get(i)) else {
            continue;
        };
        if matches!(states.get(i), Some(state::JUNK | state::CLOSED)) {
            continue;
        }
        let steps = cx.cadence.steps_for(offer);
        if steps.is_empty() {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        let dues = cx.cadence.due_times_on(
            steps,
            utc(c),
            trial_end.get(i).map(utc),
            cx.tz,
            |anchor, hours| utc(cx.add_sla_hours(anchor.timestamp_millis(), hours as f64)),
        );
        let activities = lead_id
            .get(i)
            .and_then(|id| by_lead.get(id))
            .map_or(&[][..], Vec::as_slice);
        let statuses = match_steps(
            steps,
            &dues,
            utc(c),
            activities,
            as_of,
            cx.config.cadence.grace_hours,
        );
        let name = owner.get(i).unwrap_or(NONE_NAME);
        if !per_rep.contains_key(name) {
            per_rep.insert(
                name.to_string(),
                CadenceRow {
                    owner: name.to_string(),
                    ..CadenceRow::default()
                },
            );
        }
        let Some(row) = per_rep.get_mut(name) else {
            continue;
        };
        for status in &statuses {
            match status {
                StepStatus::NotYetDue => continue,
                StepStatus::OnTime { .. } => row.on_time += 1,
                StepStatus::Late { .. } => row.late += 1,
                StepStatus::Missed => row.missed += 1,
            }
            row.due += 1;
        }
        out.leads.push(CadenceLead {
            owner: row.owner.clone(),
            lead_id: lead_id.get(i).unwrap_or("").to_string(),
            offer: offer.to_string(),
            steps: steps
                .iter()
                .zip(&dues)
                .zip(&statuses)
                .map(|((step, due), status)| {
                    let (name, done) = match status {
                        StepStatus::OnTime { at } => (StepState::OnTime, Some(*at)),
                        StepStatus::Late { at } => (StepState::Late, Some(*at)),
                        StepStatus::Missed => (StepState::Missed, None),
                        StepStatus::NotYetDue => (StepState::NotYetDue, None),
                    };
                    CadenceStep {
                        name: step.name.clone(),
                        due: local_time(due.timestamp_millis(), cx.tz),
                        status: name,
                        done_at: done.map(|t| local_time(t.timestamp_millis(), cx.tz)),
                    }
                })
                .collect(),
        });
        let next = statuses
            .iter()
            .position(|s| matches!(s, StepStatus::Missed | StepStatus::NotYetDue));
        if let (Some(k), Some(id)) = (next, lead_id.get(i)) {
            out.next_steps.insert(
                id.to_string(),
                (steps[k].name.clone(), dues[k].timestamp_millis()),
            );
        }
    }
    let mut total = CadenceRow {
        owner: "Total".to_string(),
        ..CadenceRow::default()
    };
    let mut rows: Vec<CadenceRow> = per_rep.into_values().collect();
    rows.sort_by(|a, b| name_order(&a.owner, &b.owner));
    for row in &rows {
        total.due += row.due;
        total.on_time += row.on_time;
        total.late += row.late;
        total.missed += row.missed;
    }
    if !rows.is_empty() {
        rows.push(total);
    }
    out.rows = rows;
    // By owner ignoring case ("(none)" last), then lead id; a stable sort whose keys are
    // made once per lead, not once per comparison.
    out.leads.sort_by_cached_key(|lead| {
        (
            lead.owner == NONE_NAME,
            lead.owner.to_lowercase(),
            lead.lead_id.clone(),
        )
    });
    Ok(out)
}
