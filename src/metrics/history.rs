//! Week over week: this Friday's per-lead states against the snapshots of earlier Fridays.
//!
//! Pure: snapshots come in as frames (the store reads and writes them), the comparison is a
//! function of them.

use super::followup::state;
use super::groups::{NONE_NAME, name_order};
use crate::report::{BacklogPoint, Comebacks, History, OfferComebacks, RepBacklog, RepWeek};
use anyhow::Result;
use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// How many Fridays the backlog looks back over, this one included.
pub(crate) const BACKLOG_FRIDAYS: usize = 12;

/// The per-lead state of one report.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub as_of: NaiveDate,
    /// Columns [`SNAPSHOT_COLUMNS`].
    pub leads: DataFrame,
}

/// The columns a snapshot keeps of each lead.
pub(crate) const SNAPSHOT_COLUMNS: [&str; 13] = [
    "lead_id",
    "owner",
    "offer",
    "rank",
    "status",
    "state",
    "first_touch_ms",
    "last_touch_ms",
    "touches",
    "stage",
    "outcome",
    "converted",
    "junk",
];

/// The snapshot of a lead-state frame (see `followup::lead_states`).
///
/// # Errors
/// Polars failures.
pub(crate) fn snapshot(leads: &DataFrame, as_of: NaiveDate) -> Result<Snapshot> {
    Ok(Snapshot {
        as_of,
        leads: leads.select(SNAPSHOT_COLUMNS)?,
    })
}

/// Per lead id: (owner, state, rank, converted). The first row of a duplicated id wins.
type LeadStates<'a> = HashMap<&'a str, (&'a str, &'a str, Option<i32>, bool)>;

/// Per lead id: its offer in a snapshot.
fn offers(snapshot: &Snapshot) -> Result<HashMap<&str, &str>> {
    let f = &snapshot.leads;
    let (ids, offers) = (f.column("lead_id")?.str()?, f.column("offer")?.str()?);
    let mut out = HashMap::with_capacity(f.height());
    for (id, offer) in ids.iter().zip(offers.iter()) {
        if let Some(id) = id {
            out.entry(id).or_insert(offer.unwrap_or(NONE_NAME));
        }
    }
    Ok(out)
}

fn states(snapshot: &Snapshot) -> Result<LeadStates<'_>> {
    let f = &snapshot.leads;
    let (ids, owners, states, ranks, converted) = (
        f.column("lead_id")?.str()?,
        f.column("owner")?.str()?,
        f.column("state")?.str()?,
        f.column("rank")?.i32()?,
        f.column("converted")?.bool()?,
    );
    let mut out = HashMap::with_capacity(f.height());
    let rows = ids
        .iter()
        .zip(owners.iter())
        .zip(states.iter())
        .zip(ranks.iter())
        .zip(converted.iter());
    for ((((id, owner), state), rank), converted) in rows {
        let Some(id) = id else { continue };
        out.entry(id).or_insert((
            owner.unwrap_or(NONE_NAME),
            state.unwrap_or(""),
            rank,
            converted.unwrap_or(false),
        ));
    }
    Ok(out)
}

/// Overdue leads per owner in a snapshot.
fn overdue_by_owner(states: &LeadStates) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for (owner, state, _, _) in states.values() {
        if *state == state::OVERDUE {
            *out.entry((*owner).to_string()).or_insert(0) += 1;
        }
    }
    out
}

/// Compares `current` with the `earlier` snapshots (any order; only those before it count).
/// `opportunities` (with `lead_id` and `outcome`) gives the comeback leads' close rate;
/// `all_conversion` and `all_close_rate` are this report's totals, for comparison.
///
/// # Errors
/// Polars failures.
pub(crate) fn week_over_week(
    current: &Snapshot,
    earlier: &[Snapshot],
    opportunities: Option<&DataFrame>,
    all_conversion: Option<f64>,
    all_close_rate: Option<f64>,
) -> Result<History> {
    let mut before: Vec<&Snapshot> = earlier.iter().filter(|s| s.as_of < current.as_of).collect();
    before.sort_by_key(|s| s.as_of);
    let now = states(current)?;
    let previous = before.last().map(|s| states(s)).transpose()?;
    let now_overdue = overdue_by_owner(&now);
    let mut reps: BTreeMap<String, RepWeek> = BTreeMap::new();
    let mut newly_overdue: Vec<String> = Vec::new();
    for (owner, n) in &now_overdue {
        entry(&mut reps, owner).overdue_now = *n;
    }
    if let Some(prev) = &previous {
        for (owner, n) in overdue_by_owner(prev) {
            entry(&mut reps, &owner).overdue_before = Some(n);
        }
        for r in reps.values_mut() {
            r.overdue_before.get_or_insert(0);
        }
        for (id, (owner, state_now, _, _)) in &now {
            let was = prev.get(id).map(|(_, s, _, _)| *s);
            if *state_now == state::OVERDUE && was != Some(state::OVERDUE) {
                entry(&mut reps, owner).newly_overdue += 1;
                newly_overdue.push((*id).to_string());
            }
        }
        for (id, (owner, was, _, _)) in prev {
            if *was == state::OVERDUE
                && let Some((_, state_now, _, _)) = now.get(id)
                && *state_now != state::OVERDUE
            {
                entry(&mut reps, owner).fixed += 1;
            }
        }
    }
    let mut reps: Vec<RepWeek> = reps.into_values().collect();
    reps.sort_by(|a, b| name_order(&a.owner, &b.owner));
    let mut totals = RepWeek {
        owner: "Total".to_string(),
        overdue_before: previous.as_ref().map(|_| 0),
        ..RepWeek::default()
    };
    for r in &reps {
        totals.overdue_now += r.overdue_now;
        totals.newly_overdue += r.newly_overdue;
        totals.fixed += r.fixed;
        if let (Some(t), Some(b)) = (totals.overdue_before.as_mut(), r.overdue_before) {
            *t += b;
        }
    }
    newly_overdue.sort();
    let (backlog, rep_backlog) = backlog(&before, current.as_of, &now)?;
    Ok(History {
        previous: before.last().map(|s| s.as_of),
        reps,
        totals,
        backlog,
        rep_backlog,
        comebacks: comebacks(
            &before,
            &now,
            &offers(current)?,
            opportunities,
            all_conversion,
            all_close_rate,
        )?,
        newly_overdue,
    })
}

/// The row of `owner`, made empty when missing.
fn entry<'a>(reps: &'a mut BTreeMap<String, RepWeek>, owner: &str) -> &'a mut RepWeek {
    reps.entry(owner.to_string()).or_insert_with(|| RepWeek {
        owner: owner.to_string(),
        ..RepWeek::default()
    })
}

/// Overdue and stale totals over the last [`BACKLOG_FRIDAYS`] snapshots (oldest first, this
/// one last), and each rep's overdue count on the same dates.
fn backlog(
    before: &[&Snapshot],
    as_of: NaiveDate,
    now: &LeadStates,
) -> Result<(Vec<BacklogPoint>, Vec<RepBacklog>)> {
    let keep = before.len().saturating_sub(BACKLOG_FRIDAYS - 1);
    let mut series: Vec<(NaiveDate, LeadStates)> = Vec::new();
    for s in &before[keep..] {
        series.push((s.as_of, states(s)?));
    }
    let mut points = Vec::new();
    let mut owners: BTreeSet<String> = BTreeSet::new();
    let count = |states: &LeadStates, wanted: &str| {
        states.values().filter(|(_, s, _, _)| *s == wanted).count() as u64
    };
    for (date, states) in series
        .iter()
        .map(|(d, s)| (*d, s))
        .chain(std::iter::once((as_of, now)))
    {
        owners.extend(overdue_by_owner(states).into_keys());
        points.push((
            date,
            count(states, state::OVERDUE),
            count(states, state::STALE),
            overdue_by_owner(states),
        ));
    }
    let rep_backlog = owners
        .into_iter()
        .map(|owner| RepBacklog {
            overdue: points
                .iter()
                .map(|p| p.3.get(&owner).copied().unwrap_or(0))
                .collect(),
            owner,
        })
        .collect();
    let backlog = points
        .into_iter()
        .map(|(date, overdue, stale, _)| BacklogPoint {
            as_of: date,
            overdue,
            stale,
        })
        .collect();
    Ok((backlog, rep_backlog))
}

/// Leads at rank 7 in any earlier snapshot and better than 7 now: how many, and how they
/// convert and close against all leads.
fn comebacks(
    before: &[&Snapshot],
    now: &LeadStates,
    offer_of: &HashMap<&str, &str>,
    opportunities: Option<&DataFrame>,
    all_conversion: Option<f64>,
    all_close_rate: Option<f64>,
) -> Result<Comebacks> {
    let mut once_seven: BTreeSet<&str> = BTreeSet::new();
    for s in before {
        for (id, (_, _, rank, _)) in states(s)? {
            if rank == Some(7) {
                once_seven.insert(id);
            }
        }
    }
    let back: Vec<&str> = once_seven
        .into_iter()
        .filter(|id| {
            now.get(id)
                .is_some_and(|(_, _, rank, _)| rank.is_some_and(|r| r < 7))
        })
        .collect();
    let converted = back.iter().filter(|id| now[**id].3).count() as u64;
    let (mut won, mut lost) = (0u64, 0u64);
    if let Some(opps) = opportunities {
        let ids = opps.column("lead_id")?.str()?;
        let outcome = opps.column("outcome")?.str()?;
        let set: BTreeSet<&str> = back.iter().copied().collect();
        for i in 0..opps.height() {
            if ids.get(i).is_some_and(|id| set.contains(id)) {
                match outcome.get(i) {
                    Some("won") => won += 1,
                    Some("lost") => lost += 1,
                    _ => {}
                }
            }
        }
    }
    let leads = back.len() as u64;
    let mut by_offer: BTreeMap<String, OfferComebacks> = BTreeMap::new();
    for id in &back {
        let offer = offer_of
            .get(*id)
            .map_or_else(|| NONE_NAME.to_string(), |offer| (*offer).to_string());
        let row = by_offer
            .entry(offer.clone())
            .or_insert_with(|| OfferComebacks {
                offer,
                leads: 0,
                converted: 0,
            });
        row.leads += 1;
        row.converted += u64::from(now[*id].3);
    }
    Ok(Comebacks {
        by_offer: by_offer.into_values().collect(),
        leads,
        converted,
        conversion: (leads > 0).then(|| converted as f64 / leads as f64),
        won,
        lost,
        close_rate: (won + lost > 0).then(|| won as f64 / (won + lost) as f64),
        all_conversion,
        all_close_rate,
    })
}
