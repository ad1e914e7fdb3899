//! The lists of leads the report names: overdue (red), stale (amber), junk, duplicates,
//! rank distribution and the grab-back list.

use super::Context;
use super::company::normalise_email;
use super::followup::{MS_PER_DAY, MS_PER_HOUR, state};
use super::groups::{NONE_NAME, name_order};
use super::local_time;
use crate::report::{
    DuplicateGroup, GrabBackLead, JunkLead, NewLeads, OverdueLead, RankRow, StaleLead,
};
use anyhow::Result;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Text columns of a lead frame, read once.
struct Texts {
    owner: StringChunked,
    lead_id: StringChunked,
    name: StringChunked,
    company: StringChunked,
    email: StringChunked,
    phone: StringChunked,
    source: StringChunked,
    offer: StringChunked,
}

impl Texts {
    fn of(frame: &DataFrame) -> Result<Texts> {
        let t = |name: &str| -> Result<StringChunked> { Ok(frame.column(name)?.str()?.clone()) };
        Ok(Texts {
            owner: t("owner")?,
            lead_id: t("lead_id")?,
            name: t("name")?,
            company: t("company")?,
            email: t("email")?,
            phone: t("phone")?,
            source: t("source")?,
            offer: t("offer")?,
        })
    }

    fn owner(&self, i: usize) -> String {
        self.owner.get(i).unwrap_or(NONE_NAME).to_string()
    }
}

fn get(c: &StringChunked, i: usize) -> String {
    c.get(i).unwrap_or("").to_string()
}

/// Rows of `frame` whose `state` is `wanted`.
fn rows_in_state(frame: &DataFrame, wanted: &str) -> Result<Vec<usize>> {
    let states = frame.column("state")?.str()?;
    Ok((0..frame.height())
        .filter(|&i| states.get(i) == Some(wanted))
        .collect())
}

/// Sorts by rep (A→Z, "(none)" last), then by `key` descending, then lead id.
fn by_rep_then<T>(
    items: &mut [T],
    rep: impl Fn(&T) -> &str,
    key: impl Fn(&T) -> f64,
    id: impl Fn(&T) -> &str,
) {
    items.sort_by(|a, b| {
        name_order(rep(a), rep(b))
            .then(key(b).total_cmp(&key(a)))
            .then_with(|| id(a).cmp(id(b)))
    });
}

/// Overdue leads with their next cadence step, most overdue first within each rep.
///
/// # Errors
/// Polars failures.
pub fn overdue(
    frame: &DataFrame,
    next_steps: &HashMap<String, (String, i64)>,
    cx: &Context<'_>,
) -> Result<Vec<OverdueLead>> {
    let t = Texts::of(frame)?;
    let created = frame.column("created_ms")?.i64()?;
    let deadline = frame.column("deadline_ms")?.i64()?;
    let sla = frame.column("sla_hours")?.f64()?;
    let age = frame.column("age_hours")?.f64()?;
    let mut out: Vec<OverdueLead> = rows_in_state(frame, state::OVERDUE)?
        .into_iter()
        .map(|i| {
            let id = get(&t.lead_id, i);
            let next = next_steps.get(&id);
            let due = deadline.get(i).unwrap_or(cx.as_of_ms);
            OverdueLead {
                owner: t.owner(i),
                name: get(&t.name, i),
                company: get(&t.company, i),
                email: get(&t.email, i),
                source: get(&t.source, i),
                offer: get(&t.offer, i),
                created_at: local_time(created.get(i).unwrap_or(0), cx.tz),
                sla_hours: sla.get(i).unwrap_or(0.0),
                deadline: local_time(due, cx.tz),
                age_hours: age.get(i).unwrap_or(0.0),
                hours_overdue: (cx.as_of_ms - due) as f64 / MS_PER_HOUR,
                next_step: next.map(|(name, _)| name.clone()),
                next_step_due: next.map(|(_, ms)| local_time(*ms, cx.tz)),
                lead_id: id,
            }
        })
        .collect();
    by_rep_then(&mut out, |l| &l.owner, |l| l.hours_overdue, |l| &l.lead_id);
    Ok(out)
}

/// Stale leads, stalest first within each rep.
///
/// # Errors
/// Polars failures.
pub fn stale(
    frame: &DataFrame,
    next_steps: &HashMap<String, (String, i64)>,
    cx: &Context<'_>,
) -> Result<Vec<StaleLead>> {
    let t = Texts::of(frame)?;
    let created = frame.column("created_ms")?.i64()?;
    let first = frame.column("first_touch_ms")?.i64()?;
    let last = frame.column("last_touch_ms")?.i64()?;
    let sla = frame.column("sla_hours")?.f64()?;
    let age = frame.column("age_hours")?.f64()?;
    let mut out: Vec<StaleLead> = rows_in_state(frame, state::STALE)?
        .into_iter()
        .map(|i| {
            let touch = last.get(i).or(first.get(i)).unwrap_or(cx.as_of_ms);
            let id = get(&t.lead_id, i);
            let next = next_steps.get(&id);
            StaleLead {
                owner: t.owner(i),
                name: get(&t.name, i),
                company: get(&t.company, i),
                email: get(&t.email, i),
                source: get(&t.source, i),
                offer: get(&t.offer, i),
                created_at: local_time(created.get(i).unwrap_or(0), cx.tz),
                sla_hours: sla.get(i).unwrap_or(0.0),
                age_hours: age.get(i).unwrap_or(0.0),
                first_touch_at: first.get(i).map(|ms| local_time(ms, cx.tz)),
                last_touch_at: local_time(touch, cx.tz),
                days_since_touch: (cx.as_of_ms - touch) as f64 / MS_PER_DAY,
                next_step: next.map(|(name, _)| name.clone()),
                next_step_due: next.map(|(_, ms)| local_time(*ms, cx.tz)),
                lead_id: id,
            }
        })
        .collect();
    by_rep_then(
        &mut out,
        |l| &l.owner,
        |l| l.days_since_touch,
        |l| &l.lead_id,
    );
    Ok(out)
}

/// Leads created in the seven days ending on the as-of date (local dates), and how many of
/// them look fake.
///
/// # Errors
/// Polars failures.
pub fn new_leads(frame: &DataFrame, cx: &Context<'_>) -> Result<NewLeads> {
    let from = cx.as_of - chrono::Duration::days(6);
    let created = frame.column("created_ms")?.i64()?;
    let junk = frame.column("junk")?.bool()?;
    let mut out = NewLeads {
        from,
        to: cx.as_of,
        ..NewLeads::default()
    };
    for i in 0..frame.height() {
        let Some(ms) = created.get(i) else { continue };
        let day = local_time(ms, cx.tz).date();
        if day >= from && day <= cx.as_of {
            out.leads += 1;
            out.junk += u64::from(junk.get(i).unwrap_or(false));
        }
    }
    Ok(out)
}

/// Junk leads with their reasons, by rep then lead id.
///
/// # Errors
/// Polars failures.
pub fn junk(frame: &DataFrame) -> Result<Vec<JunkLead>> {
    let t = Texts::of(frame)?;
    let reason = frame.column("junk_reason")?.str()?;
    let detail = frame.column("junk_detail")?.str()?;
    let mut out: Vec<JunkLead> = (0..frame.height())
        .filter(|&i| reason.get(i).is_some())
        .map(|i| JunkLead {
            owner: t.owner(i),
            lead_id: get(&t.lead_id, i),
            name: get(&t.name, i),
            email: get(&t.email, i),
            phone: get(&t.phone, i),
            company: get(&t.company, i),
            source: get(&t.source, i),
            offer: get(&t.offer, i),
            reason: get(reason, i),
            detail: get(detail, i),
        })
        .collect();
    by_rep_then(&mut out, |l| &l.owner, |_| 0.0, |l| &l.lead_id);
    Ok(out)
}

/// Groups of two or more leads sharing a lead id, then groups of different lead ids sharing
/// a normalised email; each names the companies involved (normalised, aliases applied).
///
/// # Errors
/// Polars failures.
pub fn duplicates(frame: &DataFrame, cx: &Context<'_>) -> Result<Vec<DuplicateGroup>> {
    let t = Texts::of(frame)?;
    // (key, row) pairs sorted: each run of one key is a candidate group, keys in order and
    // rows in file order within a run.
    let mut ids: Vec<(&str, usize)> = Vec::with_capacity(frame.height());
    let mut emails: Vec<(std::borrow::Cow<'_, str>, usize)> = Vec::new();
    for (i, (id, email)) in t.lead_id.iter().zip(t.email.iter()).enumerate() {
        if let Some(id) = id {
            ids.push((id, i));
        }
        if let Some(email) = email.and_then(normalise_email) {
            emails.push((email, i));
        }
    }
    ids.sort_unstable();
    emails.sort_unstable();
    let group = |by: &str, key: &str, rows: &[usize]| DuplicateGroup {
        by: by.to_string(),
        key: key.to_string(),
        lead_ids: rows.iter().map(|&i| get(&t.lead_id, i)).collect(),
        companies: rows
            .iter()
            .filter_map(|&i| t.company.get(i))
            .map(|c| cx.companies.key(c))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    };
    let mut out = Vec::new();
    for run in ids.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let rows: Vec<usize> = run.iter().map(|&(_, i)| i).collect();
        out.push(group("lead id", run[0].0, &rows));
    }
    for run in emails
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        let rows: Vec<usize> = run.iter().map(|(_, i)| *i).collect();
        let ids: BTreeSet<String> = rows.iter().map(|&i| get(&t.lead_id, i)).collect();
        if ids.len() > 1 {
            out.push(group("email", &run[0].0, &rows));
        }
    }
    Ok(out)
}

/// Rank 1–7 counts per rep over leads that are neither junk nor closed.
///
/// # Errors
/// Polars failures.
pub fn ranks(frame: &DataFrame) -> Result<Vec<RankRow>> {
    let owner = frame.column("owner")?.str()?;
    let rank = frame.column("rank")?.i32()?;
    let states = frame.column("state")?.str()?;
    let mut rows: BTreeMap<String, RankRow> = BTreeMap::new();
    for i in 0..frame.height() {
        if matches!(states.get(i), Some(state::JUNK | state::CLOSED)) {
            continue;
        }
        let name = owner.get(i).unwrap_or(NONE_NAME).to_string();
        let row = rows.entry(name.clone()).or_insert_with(|| RankRow {
            owner: name,
            ranks: [0; 7],
            unranked: 0,
        });
        match rank.get(i).and_then(|r| usize::try_from(r).ok()) {
            Some(r @ 1..=7) => row.ranks[r - 1] += 1,
            _ => row.unranked += 1,
        }
    }
    if rows.values().all(|r| r.ranks == [0; 7]) {
        return Ok(Vec::new());
    }
    let mut out: Vec<RankRow> = rows.into_values().collect();
    out.sort_by(|a, b| name_order(&a.owner, &b.owner));
    Ok(out)
}

/// Open, non-junk leads at the grab-back rank or worse with no touch (or, never touched,
/// no creation) for the grab-back period; quietest first within each rep.
///
/// # Errors
/// Polars failures.
pub fn grab_back(frame: &DataFrame, cx: &Context<'_>) -> Result<Vec<GrabBackLead>> {
    let t = Texts::of(frame)?;
    let rank = frame.column("rank")?.i32()?;
    let states = frame.column("state")?.str()?;
    let created = frame.column("created_ms")?.i64()?;
    let first = frame.column("first_touch_ms")?.i64()?;
    let last = frame.column("last_touch_ms")?.i64()?;
    let limit = cx.config.grab_back.days * MS_PER_DAY;
    let mut out = Vec::new();
    for i in 0..frame.height() {
        let Some(r) = rank.get(i) else { continue };
        if r < cx.config.grab_back.rank
            || matches!(states.get(i), Some(state::JUNK | state::CLOSED))
        {
            continue;
        }
        let touch = last.get(i).or(first.get(i));
        let Some(since) = touch.or(created.get(i)) else {
            continue;
        };
        let quiet = (cx.as_of_ms - since) as f64;
        if quiet < limit {
            continue;
        }
        out.push(GrabBackLead {
            owner: t.owner(i),
            lead_id: get(&t.lead_id, i),
            name: get(&t.name, i),
            company: get(&t.company, i),
            email: get(&t.email, i),
            source: get(&t.source, i),
            offer: get(&t.offer, i),
            rank: r,
            last_touch_at: touch.map(|ms| local_time(ms, cx.tz)),
            days_quiet: quiet / MS_PER_DAY,
        });
    }
    by_rep_then(&mut out, |l| &l.owner, |l| l.days_quiet, |l| &l.lead_id);
    Ok(out)
}
