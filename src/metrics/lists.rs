//! The lists of leads the report names: overdue (red), stale (amber), junk, duplicates,
//! rank distribution and the grab-back list.

use super::Context;
use super::company::normalise_email;
use super::followup::{MISSING_TOUCH, MS_PER_DAY, MS_PER_HOUR, state};
use super::groups::{NONE_NAME, name_order};
use super::local_time;
use crate::report::{
    DuplicateGroup, GrabBackLead, JunkLead, Lead, MissingInfo, NewLeads, OverdueLead, RankRow,
    StaleLead,
};
use anyhow::Result;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

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

    /// Who the lead in row `i` is and whose it is.
    fn lead(&self, i: usize) -> Lead {
        Lead {
            owner: self.owner(i),
            lead_id: get(&self.lead_id, i),
            name: get(&self.name, i),
            company: get(&self.company, i),
            email: get(&self.email, i),
            source: get(&self.source, i),
            offer: get(&self.offer, i),
        }
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

/// Sorts by rep (A→Z, "(none)" last), then best prospect first (rank 1 before 7, unranked
/// last), then by `key` descending, then lead id.
fn by_rep_rank_then<T>(
    items: &mut [T],
    rep: impl Fn(&T) -> &str,
    rank: impl Fn(&T) -> Option<i32>,
    key: impl Fn(&T) -> f64,
    id: impl Fn(&T) -> &str,
) {
    items.sort_by(|a, b| {
        name_order(rep(a), rep(b))
            .then(
                rank(a)
                    .unwrap_or(i32::MAX)
                    .cmp(&rank(b).unwrap_or(i32::MAX)),
            )
            .then(key(b).total_cmp(&key(a)))
            .then_with(|| id(a).cmp(id(b)))
    });
}

/// Overdue leads with their next cadence step: within each rep, best rank first, then the
/// longest overdue.
///
/// # Errors
/// Polars failures.
pub(crate) fn overdue(
    frame: &DataFrame,
    next_steps: &HashMap<String, (String, i64)>,
    cx: &Context<'_>,
) -> Result<Vec<OverdueLead>> {
    let t = Texts::of(frame)?;
    let created = frame.column("created_ms")?.i64()?;
    let deadline = frame.column("deadline_ms")?.i64()?;
    let sla = frame.column("sla_hours")?.f64()?;
    let age = frame.column("age_hours")?.f64()?;
    let rank = frame.column("rank")?.i32()?;
    let hot_rank = cx.config.follow_up.hot_rank;
    let mut out: Vec<OverdueLead> = rows_in_state(frame, state::OVERDUE)?
        .into_iter()
        .map(|i| {
            let next = t.lead_id.get(i).and_then(|id| next_steps.get(id));
            let due = deadline.get(i).unwrap_or(cx.as_of_ms);
            OverdueLead {
                lead: t.lead(i),
                created_at: local_time(created.get(i).unwrap_or(0), cx.tz),
                sla_hours: sla.get(i).unwrap_or(0.0),
                deadline: local_time(due, cx.tz),
                age_hours: age.get(i).unwrap_or(0.0),
                hours_overdue: (cx.as_of_ms - due) as f64 / MS_PER_HOUR,
                rank: rank.get(i),
                hot: rank.get(i).is_some_and(|r| r <= hot_rank),
                next_step: next.map(|(name, _)| name.clone()),
                next_step_due: next.map(|(_, ms)| local_time(*ms, cx.tz)),
            }
        })
        .collect();
    by_rep_rank_then(
        &mut out,
        |l| &l.lead.owner,
        |l| l.rank,
        |l| l.hours_overdue,
        |l| &l.lead.lead_id,
    );
    Ok(out)
}

/// Stale leads: within each rep, best rank first, then the stalest.
///
/// # Errors
/// Polars failures.
pub(crate) fn stale(
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
    let rank = frame.column("rank")?.i32()?;
    let mut out: Vec<StaleLead> = rows_in_state(frame, state::STALE)?
        .into_iter()
        .map(|i| {
            let touch = last.get(i).or(first.get(i)).unwrap_or(cx.as_of_ms);
            let next = t.lead_id.get(i).and_then(|id| next_steps.get(id));
            StaleLead {
                lead: t.lead(i),
                created_at: local_time(created.get(i).unwrap_or(0), cx.tz),
                sla_hours: sla.get(i).unwrap_or(0.0),
                age_hours: age.get(i).unwrap_or(0.0),
                first_touch_at: first.get(i).map(|ms| local_time(ms, cx.tz)),
                last_touch_at: local_time(touch, cx.tz),
                days_since_touch: (cx.as_of_ms - touch) as f64 / MS_PER_DAY,
                rank: rank.get(i),
                next_step: next.map(|(name, _)| name.clone()),
                next_step_due: next.map(|(_, ms)| local_time(*ms, cx.tz)),
            }
        })
        .collect();
    by_rep_rank_then(
        &mut out,
        |l| &l.lead.owner,
        |l| l.rank,
        |l| l.days_since_touch,
        |l| &l.lead.lead_id,
    );
    Ok(out)
}

/// Leads created in the seven days ending on the as-of date (local dates), and how many of
/// them look fake.
///
/// # Errors
/// Polars failures.
pub(crate) fn new_leads(frame: &DataFrame, cx: &Context<'_>) -> Result<NewLeads> {
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
pub(crate) fn junk(frame: &DataFrame) -> Result<Vec<JunkLead>> {
    let t = Texts::of(frame)?;
    let reason = frame.column("junk_reason")?.str()?;
    let detail = frame.column("junk_detail")?.str()?;
    let mut out: Vec<JunkLead> = (0..frame.height())
        .filter(|&i| reason.get(i).is_some())
        .map(|i| JunkLead {
            lead: t.lead(i),
            phone: get(&t.phone, i),
            reason: get(reason, i),
            detail: get(detail, i),
        })
        .collect();
    by_rep_then(&mut out, |l| &l.lead.owner, |_| 0.0, |l| &l.lead.lead_id);
    Ok(out)
}

/// Groups of two or more leads sharing a lead id, then groups of different lead ids sharing
/// a normalised email; each names the companies involved (normalised, aliases applied).
///
/// # Errors
/// Polars failures.
pub(crate) fn duplicates(frame: &DataFrame, cx: &Context<'_>) -> Result<Vec<DuplicateGroup>> {
    let t = Texts::of(frame)?;
    // (key, row) pairs sorted: each run of one key is a candidate group, keys in order and
    // rows in file order within a run. Ids and emails side by side.
    let (ids, emails) = rayon::join(
        || {
            let mut ids: Vec<(&str, usize)> = Vec::with_capacity(frame.height());
            for (i, id) in t.lead_id.iter().enumerate() {
                if let Some(id) = id {
                    ids.push((id, i));
                }
            }
            ids.par_sort_unstable();
            ids
        },
        || {
            let mut emails: Vec<(std::borrow::Cow<'_, str>, usize)> = Vec::new();
            for (i, email) in t.email.iter().enumerate() {
                if let Some(email) = email.and_then(normalise_email) {
                    emails.push((email, i));
                }
            }
            emails.par_sort_unstable();
            emails
        },
    );
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
    // The groups are made side by side, in the order of their runs.
    let id_runs: Vec<&[(&str, usize)]> = ids
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
        .collect();
    let mut out: Vec<DuplicateGroup> = id_runs
        .par_iter()
        .map(|run| {
            let rows: Vec<usize> = run.iter().map(|&(_, i)| i).collect();
            group("lead id", run[0].0, &rows)
        })
        .collect();
    let email_runs: Vec<&[(std::borrow::Cow<'_, str>, usize)]> = emails
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
        .collect();
    out.par_extend(email_runs.par_iter().filter_map(|run| {
        let rows: Vec<usize> = run.iter().map(|(_, i)| *i).collect();
        let ids: BTreeSet<&str> = rows
            .iter()
            .map(|&i| t.lead_id.get(i).unwrap_or(""))
            .collect();
        (ids.len() > 1).then(|| group("email", &run[0].0, &rows))
    }));
    Ok(out)
}

/// Rank 1–7 counts per rep over leads that are neither junk nor closed.
///
/// # Errors
/// Polars failures.
pub(crate) fn ranks(frame: &DataFrame) -> Result<Vec<RankRow>> {
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

/// The leads marketing takes back to nurture, each with its reason: (a) not junk, not won,
/// at the grab-back rank or worse, with no touch in the grab-back period and created before
/// it (lost deals and leads closed as not converted included); (b) not junk, not won, not
/// converted, never touched, and created before the follow-up window. Grouped by reason,
/// then by rep, quietest first.
///
/// # Errors
/// Polars failures.
pub(crate) fn grab_back(frame: &DataFrame, cx: &Context<'_>) -> Result<Vec<GrabBackLead>> {
    let t = Texts::of(frame)?;
    let rank = frame.column("rank")?.i32()?;
    let junk = frame.column("junk")?.bool()?;
    let converted = frame.column("converted")?.bool()?;
    let outcome = frame.column("outcome")?.str()?;
    let created = frame.column("created_ms")?.i64()?;
    let first = frame.column("first_touch_ms")?.i64()?;
    let last = frame.column("last_touch_ms")?.i64()?;
    let settings = &cx.config.grab_back;
    let limit = settings.days * MS_PER_DAY;
    let window = cx.config.follow_up.window_days;
    let rank_reason = format!(
        "rank {} or worse, no touch for {} days",
        settings.rank, settings.days
    );
    let window_reason = format!("never worked, created over {window} days ago");
    let mut out = Vec::new();
    for i in 0..frame.height() {
        if !cx.touches_known || junk.get(i).unwrap_or(false) || outcome.get(i) == Some("won") {
            continue;
        }
        let touch = last.get(i).or(first.get(i));
        let older = |ms: Option<i64>| ms.is_none_or(|ms| ((cx.as_of_ms - ms) as f64) >= limit);
        let quiet =
            (touch.is_some() || created.get(i).is_some()) && older(touch) && older(created.get(i));
        let reason = if rank.get(i).is_some_and(|r| r >= settings.rank) && quiet {
            &rank_reason
        } else if let Some(window_start) = cx.window_start()
            && touch.is_none()
            && !converted.get(i).unwrap_or(false)
            && outcome.get(i) != Some("lost")
            && created.get(i).is_some_and(|c| c < window_start)
        {
            &window_reason
        } else {
            continue;
        };
        let Some(since) = touch.or(created.get(i)) else {
            continue;
        };
        out.push(GrabBackLead {
            reason: reason.clone(),
            lead: t.lead(i),
            rank: rank.get(i),
            last_touch_at: touch.map(|ms| local_time(ms, cx.tz)),
            days_quiet: (cx.as_of_ms - since) as f64 / MS_PER_DAY,
        });
    }
    // The rank reason first, then the window's; a stable sort keeps rep order inside each.
    by_rep_then(
        &mut out,
        |l| &l.lead.owner,
        |l| l.days_quiet,
        |l| &l.lead.lead_id,
    );
    out.sort_by_key(|l| l.reason != rank_reason);
    Ok(out)
}

/// Each cell a rep should have filled, by rep then lead: a rank on a worked, open lead, a
/// logged touch on a lead converted or closed in the CRM (both from the lead's
/// `missing_info`), and on each open deal an amount, and an expected close date not yet
/// past. A deal counts under its owner (`[attribution] deals`).
///
/// # Errors
/// Polars failures.
pub(crate) fn missing_info(
    frame: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    cx: &Context<'_>,
) -> Result<Vec<MissingInfo>> {
    let mut out = Vec::new();
    let mut leads_by_id: HashMap<&str, usize> = HashMap::new();
    let texts = frame.map(Texts::of).transpose()?;
    if let (Some(frame), Some(t)) = (frame, &texts) {
        let missing = frame.column("missing_info")?.str()?;
        let rank = frame.column("rank")?.i32()?;
        for i in 0..frame.height() {
            if let Some(id) = t.lead_id.get(i) {
                leads_by_id.entry(id).or_insert(i);
            }
            let Some(what) = missing.get(i) else { continue };
            let (field, reason) = if what == MISSING_TOUCH {
                (
                    "First touch",
                    "converted or closed in the CRM, but no call, email or meeting is logged",
                )
            } else {
                ("Rank", "worked but not ranked: give it a rank from 1 to 7")
            };
            out.push(MissingInfo {
                owner: t.owner(i),
                lead_id: get(&t.lead_id, i),
                opportunity_id: String::new(),
                name: get(&t.name, i),
                company: get(&t.company, i),
                email: get(&t.email, i),
                offer: get(&t.offer, i),
                rank: rank.get(i),
                field: field.to_string(),
                reason: reason.to_string(),
            });
        }
    }
    if let Some(opps) = opps.filter(|_| cx.touches_known || frame.is_none()) {
        let (no_amount, past_close) = super::groups::deal_gaps(opps, cx.as_of_ms);
        let gaps = opps
            .clone()
            .lazy()
            .select([
                no_amount.alias("no_amount"),
                past_close.alias("past_close"),
                col("closed_ms"),
            ])
            .collect()?;
        let (no_amount, past_close, close) = (
            gaps.column("no_amount")?.bool()?,
            gaps.column("past_close")?.bool()?,
            gaps.column("closed_ms")?.i64()?,
        );
        let owner = opps.column("owner")?.str()?;
        let lead_id = opps.column("lead_id")?.str()?;
        let opp_id = opps.column("opportunity_id")?.str()?;
        let offer = opps.column("offer")?.str()?;
        for i in 0..opps.height() {
            let mut push = |field: &str, reason: String| {
                let lead = lead_id.get(i).and_then(|id| leads_by_id.get(id).copied());
                let text = |pick: fn(&Texts) -> &StringChunked| match (&texts, lead) {
                    (Some(t), Some(row)) => get(pick(t), row),
                    _ => String::new(),
                };
                out.push(MissingInfo {
                    owner: owner.get(i).unwrap_or(NONE_NAME).to_string(),
                    lead_id: get(lead_id, i),
                    opportunity_id: get(opp_id, i),
                    name: text(|t| &t.name),
                    company: text(|t| &t.company),
                    email: text(|t| &t.email),
                    offer: get(offer, i),
                    rank: None,
                    field: field.to_string(),
                    reason,
                });
            };
            if no_amount.get(i).unwrap_or(false) {
                push("Amount", "open deal with no amount".to_string());
            }
            if past_close.get(i).unwrap_or(false) {
                let when = close
                    .get(i)
                    .map(|ms| local_time(ms, cx.tz).date().to_string())
                    .unwrap_or_default();
                push(
                    "Close date",
                    format!("open deal whose expected close date {when} has passed"),
                );
            }
        }
    }
    // A stable sort: leads before deals within a rep, file order within each.
    out.sort_by(|a, b| name_order(&a.owner, &b.owner));
    Ok(out)
}
