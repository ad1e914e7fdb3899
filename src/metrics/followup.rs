//! Follow-up state of each lead: touches, SLA deadline on the business clock, junk, and the
//! resulting state (in SLA, late, overdue, pending, stale, converted, closed, junk).
//!
//! Pure: a function of the canonical tables, the config and the as-of instant.

use super::Context;
use crate::config::SlaClock;
use crate::ingest::canonical::Tables;
use crate::metrics::junk::LeadText;
use anyhow::Result;
use polars::prelude::*;
use rayon::prelude::*;

pub(crate) use crate::time::{MS_PER_DAY, MS_PER_HOUR, utc};

/// The follow-up state of a lead, as written in the `state` column.
pub(crate) mod state {
    /// First touch by the SLA deadline, and not stale.
    pub(crate) const IN_SLA: &str = "in sla";
    /// First touch after the SLA deadline, and not stale.
    pub(crate) const LATE: &str = "late";
    /// No touch, past the deadline: a red cell.
    pub(crate) const OVERDUE: &str = "overdue";
    /// No touch, deadline still ahead.
    pub(crate) const PENDING: &str = "pending";
    /// Contacted and open, but the last touch is older than the stale limit: an amber cell.
    pub(crate) const STALE: &str = "stale";
    /// Became an opportunity without a recorded touch: followed up in the deal pipeline.
    pub(crate) const CONVERTED: &str = "converted";
    /// Won or lost.
    pub(crate) const CLOSED: &str = "closed";
    /// Looks fake (and `[junk] exclude` is on): in no follow-up figure.
    pub(crate) const JUNK: &str = "junk";
    /// At the grab-back rank or worse: marketing's to nurture, never red or amber.
    pub(crate) const NURTURE: &str = "nurture";
    /// Created before the follow-up window and never touched: counted per rep, not listed
    /// in red; on the grab-back list.
    pub(crate) const NEVER_WORKED: &str = "never worked";
    /// Created before the follow-up window, contacted and gone quiet: counted per rep, not
    /// listed in amber.
    pub(crate) const GONE_QUIET: &str = "gone quiet";
    /// No touch data, or no creation time: cannot be judged.
    pub(crate) const UNKNOWN: &str = "unknown";
}

/// One row per lead created at or before as-of, with the canonical lead columns plus:
/// `first_touch_ms`, `last_touch_ms`, `touches` (from activities when there are any; the count
/// is null without them), `converted`,
/// `junk`, `junk_reason`, `junk_detail`, `sla_hours`, `deadline_ms`, `hours_to_first_touch`,
/// `business_hours_to_first_touch` (null unless touched at or after creation),
/// `age_hours`, `state`, `missing_info` (what a rep should have entered, or null).
///
/// # Errors
/// Polars failures (columns are created by ingest, so these indicate a bug).
pub(crate) fn lead_states(
    tables: &Tables,
    touches: Option<&DataFrame>,
    cx: &Context<'_>,
) -> Result<Option<DataFrame>> {
    let Some(leads) = &tables.leads else {
        return Ok(None);
    };
    let as_of_ms = cx.as_of_ms;
    // Leads created after the as-of instant do not exist yet for this report.
    let mut lf = leads.clone().lazy().filter(
        col("created_ms")
            .is_null()
            .or(col("created_ms").lt_eq(lit(as_of_ms))),
    );
    if let Some(touches) = touches {
        let touches = touches.clone().lazy().group_by([col("lead_id")]).agg([
            col("at_ms").min().alias("act_first_ms"),
            col("at_ms").max().alias("act_last_ms"),
            len().cast(DataType::UInt32).alias("touches"),
        ]);
        lf = lf
            .left_join(touches, col("lead_id"), col("lead_id"))
            .with_columns([
                col("act_first_ms").alias("first_touch_ms"),
                col("act_last_ms").alias("last_touch_ms"),
                col("touches").fill_null(lit(0u32)),
            ]);
    } else {
        // Touch columns dated after as-of did not happen yet; without activities the number
        // of touches is unknown.
        lf = lf.with_column(lit(NULL).cast(DataType::UInt32).alias("touches"));
        lf = lf.with_columns([
            when(col("first_touch_ms").gt(lit(as_of_ms)))
                .then(lit(NULL).cast(DataType::Int64))
                .otherwise(col("first_touch_ms"))
                .alias("first_touch_ms"),
            when(col("last_touch_ms").gt(lit(as_of_ms)))
                .then(lit(NULL).cast(DataType::Int64))
                .otherwise(col("last_touch_ms"))
                .alias("last_touch_ms"),
        ]);
    }
    if let Some(opps) = &tables.opportunities {
        let converted = opps
            .clone()
            .lazy()
            .filter(
                col("lead_id").is_not_null().and(
                    col("created_ms")
                        .is_null()
                        .or(col("created_ms").lt_eq(lit(as_of_ms))),
                ),
            )
            .group_by([col("lead_id")])
            .agg([len().alias("opp_count")]);
        lf = lf.left_join(converted, col("lead_id"), col("lead_id"));
    } else {
        lf = lf.with_column(lit(NULL).cast(DataType::UInt32).alias("opp_count"));
    }
    let converted = col("opp_count")
        .is_not_null()
        .or(col("converted").fill_null(lit(false)))
        .or(col("converted_ms").is_not_null())
        .or(col("stage").is_not_null())
        .or(col("won_ms").is_not_null())
        // A lead whose own status says won ("Customer", "Churned Customer" in a funnel
        // export) got past conversion: nobody wins a lead that never converted.
        .or(col("outcome").eq(lit("won")).fill_null(lit(false)));
    let mut frame = lf
        .with_columns([
            converted.alias("converted"),
            ((lit(as_of_ms) - col("created_ms")).cast(DataType::Float64) / lit(MS_PER_HOUR))
                .alias("age_hours"),
        ])
        .collect()?;
    for column in per_lead_columns(&frame, cx)? {
        frame.with_column(column)?;
    }
    Ok(Some(frame))
}

/// Activities that count as touches: with a lead id, not after as-of, and not before their
/// lead was created; their lead id, type and instant (`at_ms`). None without both a leads and
/// an activities table. Worked out once per report: the lead states and the cadence share it.
///
/// # Errors
/// Polars failures.
pub(crate) fn valid_touches(tables: &Tables, as_of_ms: i64) -> Result<Option<DataFrame>> {
    let (Some(leads), Some(acts)) = (&tables.leads, &tables.activities) else {
        return Ok(None);
    };
    let created = leads
        .clone()
        .lazy()
        .select([col("lead_id"), col("created_ms").alias("lead_created_ms")])
        .unique(Some(cols(["lead_id"])), UniqueKeepStrategy::First);
    let touches = acts
        .clone()
        .lazy()
        .select([col("lead_id"), col("type"), col("at_ms")])
        .filter(
            col("lead_id")
                .is_not_null()
                .and(col("at_ms").is_not_null())
                .and(col("at_ms").lt_eq(lit(as_of_ms))),
        )
        .left_join(created, col("lead_id"), col("lead_id"))
        .filter(
            col("lead_created_ms")
                .is_null()
                .or(col("at_ms").gt_eq(col("lead_created_ms"))),
        )
        .select([col("lead_id"), col("type"), col("at_ms")])
        .collect()?;
    Ok(Some(touches))
}

/// Leads worked out side by side at a time by [`per_lead_columns`].
const PER_LEAD_BLOCK: usize = 1 << 16;

/// What [`per_lead_columns`] works out for one lead.
struct PerLead {
    junk: bool,
    junk_reason: Option<&'static str>,
    junk_detail: Option<String>,
    sla_hours: f64,
    deadline: Option<i64>,
    hours: Option<f64>,
    business: Option<f64>,
    state: &'static str,
    missing: Option<&'static str>,
}

/// `missing_info` of a converted or closed lead with no touch logged.
pub(crate) const MISSING_TOUCH: &str = "no touch logged";
/// `missing_info` of a worked, open lead with no rank (when the export has ranks).
pub(crate) const MISSING_RANK: &str = "no rank";

/// The columns computed lead by lead in Rust: junk, SLA deadline, hours to first touch on
/// both clocks, and the state.
fn per_lead_columns(frame: &DataFrame, cx: &Context<'_>) -> Result<Vec<Column>> {
    let text = |name: &str| -> Result<StringChunked> { Ok(frame.column(name)?.str()?.clone()) };
    let int = |name: &str| -> Result<Int64Chunked> { Ok(frame.column(name)?.i64()?.clone()) };
    let (name, email, phone, company, offer, source, outcome) = (
        text("name")?,
        text("email")?,
        text("phone")?,
        text("company")?,
        text("offer")?,
        text("source")?,
        text("outcome")?,
    );
    let status = frame.column("status")?.str()?.clone();
    let (created, first, last) = (
        int("created_ms")?,
        int("first_touch_ms")?,
        int("last_touch_ms")?,
    );
    let converted = frame.column("converted")?.bool()?.clone();
    let rank = frame.column("rank")?.i32()?.clone();
    let ranks_known = rank.null_count() < rank.len();
    let stale_ms = cx.config.follow_up.stale_days * MS_PER_DAY;
    let exclude_junk = cx.config.junk.exclude;
    let grab_back_rank = cx.config.grab_back.rank;
    // Leads created before this instant are older than the follow-up window.
    let window_start = cx.window_start().unwrap_or(i64::MIN);
    // The SLA of each distinct offer and source, worked out once.
    let mut sla_by_text: PlHashMap<(&str, &str), f64> = PlHashMap::new();
    for pair in offer.iter().zip(source.iter()) {
        let pair = (pair.0.unwrap_or(""), pair.1.unwrap_or(""));
        sla_by_text
            .entry(pair)
            .or_insert_with(|| cx.config.sla_hours(pair.0, pair.1));
    }
    let per_lead = |i: usize| {
        let reason = cx.junk.check(&LeadText {
            name: name.get(i),
            email: email.get(i),
            phone: phone.get(i),
            company: company.get(i),
            status: status.get(i),
        });
        let is_junk = reason.is_some();
        let pair = (offer.get(i).unwrap_or(""), source.get(i).unwrap_or(""));
        let sla_hours = sla_by_text
            .get(&pair)
            .copied()
            .unwrap_or_else(|| cx.config.sla_hours(pair.0, pair.1));
        let due = created.get(i).map(|c| cx.deadline(c, sla_hours));
        let (to_first, to_first_business) = match (created.get(i), first.get(i)) {
            (Some(c), Some(f)) if f >= c => (
                Some((f - c) as f64 / MS_PER_HOUR),
                Some(cx.clock.hours_between(utc(c), utc(f))),
            ),
            _ => (None, None),
        };
        let touched = first.get(i).is_some() || last.get(i).is_some();
        let closed = matches!(outcome.get(i), Some("won" | "lost"));
        let is_converted = converted.get(i).unwrap_or(false);
        let old = created.get(i).is_some_and(|c| c < window_start);
        let state = if !cx.touches_known {
            state::UNKNOWN
        } else if is_junk && exclude_junk {
            state::JUNK
        } else if closed {
            state::CLOSED
        } else if rank.get(i).is_some_and(|r| r >= grab_back_rank) {
            state::NURTURE
        } else if touched {
            let quiet = last
                .get(i)
                .or(first.get(i))
                .is_some_and(|t| ((cx.as_of_ms - t) as f64) > stale_ms);
            if quiet && !is_converted {
                if old { state::GONE_QUIET } else { state::STALE }
            } else {
                match (first.get(i), due) {
                    (Some(f), Some(d)) if f > d => state::LATE,
                    _ => state::IN_SLA,
                }
            }
        } else if is_converted {
            state::CONVERTED
        } else {
            match due {
                Some(d) if cx.as_of_ms > d => {
                    if old {
                        state::NEVER_WORKED
                    } else {
                        state::OVERDUE
                    }
                }
                Some(_) => state::PENDING,
                None => state::UNKNOWN,
            }
        };
        // What the team agreed to keep up to date on a lead sales owns: a rank once the
        // lead is worked, and a logged touch on a lead that converted or closed. Like the
        // red and amber lists, only for leads created within the window.
        let missing = if !cx.touches_known || (is_junk && exclude_junk) || old {
            None
        } else if (closed || is_converted) && !touched {
            Some(MISSING_TOUCH)
        } else if touched && !closed && ranks_known && rank.get(i).is_none() {
            Some(MISSING_RANK)
        } else {
            None
        };
        PerLead {
            junk: is_junk,
            junk_reason: reason.as_ref().map(|r| r.code),
            junk_detail: reason.map(|r| r.detail),
            sla_hours,
            deadline: due,
            hours: to_first,
            business: to_first_business,
            state,
            missing,
        }
    };
    let n = frame.height();
    let mut junk = Vec::with_capacity(n);
    let mut junk_reason: Vec<Option<&'static str>> = Vec::with_capacity(n);
    let mut junk_detail: Vec<Option<String>> = Vec::with_capacity(n);
    let mut sla = Vec::with_capacity(n);
    let mut deadline: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut hours: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut business: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut states: Vec<&'static str> = Vec::with_capacity(n);
    let mut missing: Vec<Option<&'static str>> = Vec::with_capacity(n);
    // A block of leads at a time, each block on every core, so the leads' results are not
    // all held beside their columns (at a million leads the peak of memory).
    for start in (0..n).step_by(PER_LEAD_BLOCK) {
        let rows: Vec<PerLead> = (start..n.min(start + PER_LEAD_BLOCK))
            .into_par_iter()
            .map(per_lead)
            .collect();
        for row in rows {
            missing.push(row.missing);
            junk.push(row.junk);
            junk_reason.push(row.junk_reason);
            junk_detail.push(row.junk_detail);
            sla.push(row.sla_hours);
            deadline.push(row.deadline);
            hours.push(row.hours);
            business.push(row.business);
            states.push(row.state);
        }
    }
    Ok(vec![
        Column::new("junk".into(), junk),
        Column::new("junk_reason".into(), junk_reason),
        Column::new("junk_detail".into(), junk_detail),
        Column::new("sla_hours".into(), sla),
        Column::new("deadline_ms".into(), deadline),
        Column::new("hours_to_first_touch".into(), hours),
        Column::new("business_hours_to_first_touch".into(), business),
        Column::new("state".into(), states),
        Column::new("missing_info".into(), missing),
    ])
}

impl Context<'_> {
    /// Leads created before this instant are older than `[follow-up] window-days`; `None`
    /// without a window.
    #[must_use]
    pub(crate) fn window_start(&self) -> Option<i64> {
        match self.config.follow_up.window_days {
            0 => None,
            days => Some(self.as_of_ms - i64::from(days) * 86_400_000),
        }
    }

    /// The SLA deadline of a lead created at `created_ms`, on the configured clock.
    #[must_use]
    pub(crate) fn deadline(&self, created_ms: i64, sla_hours: f64) -> i64 {
        self.add_sla_hours(created_ms, sla_hours)
    }

    /// `hours` after the instant `from_ms` on the SLA clock (`[sla] clock`): the clock of SLA
    /// deadlines and of the cadence's hour steps.
    #[must_use]
    pub(crate) fn add_sla_hours(&self, from_ms: i64, hours: f64) -> i64 {
        match self.config.sla.clock {
            SlaClock::WorkingDays => self
                .clock
                .add_working_day_hours(utc(from_ms), hours)
                .timestamp_millis(),
            SlaClock::Business => self.clock.add_hours(utc(from_ms), hours).timestamp_millis(),
            #[allow(clippy::cast_possible_truncation)]
            SlaClock::Calendar => from_ms.saturating_add((hours * MS_PER_HOUR).round() as i64),
        }
    }
}
