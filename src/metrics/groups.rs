//! Counts and rates per group (rep, source, offer, cohort, offer × cohort), from the lead
//! states and the opportunities.

use super::followup::state;
use super::stats::wilson;
use crate::report::GroupRow;
use anyhow::Result;
use polars::prelude::*;
use std::collections::BTreeMap;

pub(crate) use crate::report::{NONE_NAME, name_order};

/// Adds the 0/1 columns the lead aggregation sums. Junk leads (state `junk`: junk, with
/// `[junk] exclude` on) are in no follow-up or conversion figure but their own count.
///
/// # Errors
/// Polars failures.
pub(crate) fn prepare_leads(leads: &DataFrame, hot_rank: i32) -> Result<DataFrame> {
    let counted = col("state").neq(lit(state::JUNK));
    let touched = col("state")
        .neq(lit(state::UNKNOWN))
        .and(counted.clone())
        .and(
            col("first_touch_ms")
                .is_not_null()
                .or(col("last_touch_ms").is_not_null()),
        );
    let deadline_known = counted
        .clone()
        .and(col("first_touch_ms").is_not_null())
        .and(col("deadline_ms").is_not_null());
    let counted_hours = |c: &str| {
        when(counted.clone())
            .then(col(c))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias(c)
    };
    let is = |wanted: &str| col("state").eq(lit(wanted.to_string()));
    Ok(leads
        .clone()
        .lazy()
        .with_columns([
            touched.alias("g_contacted"),
            deadline_known
                .clone()
                .and(col("first_touch_ms").lt_eq(col("deadline_ms")))
                .alias("g_in_sla"),
            deadline_known
                .and(col("first_touch_ms").gt(col("deadline_ms")))
                .alias("g_late"),
            is(state::OVERDUE).alias("g_overdue"),
            is(state::PENDING).alias("g_pending"),
            is(state::STALE).alias("g_stale"),
            is(state::NEVER_WORKED).alias("g_never_worked"),
            is(state::GONE_QUIET).alias("g_gone_quiet"),
            is(state::OVERDUE)
                .and(col("rank").lt_eq(lit(hot_rank)))
                .fill_null(lit(false))
                .alias("g_hot"),
            col("missing_info").is_not_null().alias("g_missing"),
            counted.clone().and(col("converted")).alias("g_converted"),
            counted.clone().alias("g_counted"),
            counted_hours("hours_to_first_touch"),
            counted_hours("business_hours_to_first_touch"),
        ])
        .collect()?)
}

/// Adds the columns the opportunity aggregation sums: `g_won`, `g_lost`, `g_won_amount`,
/// and `g_missing`, the cells of an open deal its owner should fill (see [`deal_gaps`]).
///
/// # Errors
/// Polars failures.
pub(crate) fn prepare_opportunities(opps: &DataFrame, as_of_ms: i64) -> Result<DataFrame> {
    let won = col("outcome").eq(lit("won")).fill_null(lit(false));
    let (no_amount, past_close) = deal_gaps(opps, as_of_ms);
    Ok(opps
        .clone()
        .lazy()
        .with_columns([
            won.clone().alias("g_won"),
            col("outcome")
                .eq(lit("lost"))
                .fill_null(lit(false))
                .alias("g_lost"),
            when(won)
                .then(col("amount").fill_null(lit(0.0)))
                .otherwise(lit(0.0))
                .alias("g_won_amount"),
            (no_amount.cast(DataType::UInt32) + past_close.cast(DataType::UInt32))
                .alias("g_missing"),
        ])
        .collect()?)
}

/// Whether an open deal has no amount, and whether its expected close date is already past:
/// the missing information of a deal. A check is off when no deal of the export has the
/// column's values at all (the export cannot say, so nobody is blamed).
pub(crate) fn deal_gaps(opps: &DataFrame, as_of_ms: i64) -> (Expr, Expr) {
    let has = |name: &str| opps.column(name).is_ok_and(|c| c.null_count() < c.len());
    let open = col("outcome")
        .eq(lit("won"))
        .or(col("outcome").eq(lit("lost")))
        .fill_null(lit(false))
        .not();
    let no_amount = if has("amount") {
        open.clone().and(col("amount").is_null())
    } else {
        lit(false)
    };
    let past_close = if has("closed_ms") {
        open.and(col("closed_ms").lt(lit(as_of_ms)))
            .fill_null(lit(false))
    } else {
        lit(false)
    };
    (no_amount, past_close)
}

/// Aggregates prepared leads and opportunities by the `keys` columns (each null becomes
/// "(none)"). Returns rows keyed by their key values, sorted.
///
/// # Errors
/// Polars failures.
pub(crate) fn group_rows(
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    keys: &[&str],
) -> Result<Vec<(Vec<String>, GroupRow)>> {
    let mut rows: BTreeMap<Vec<String>, GroupRow> = BTreeMap::new();
    let by: Vec<Expr> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            col(*k)
                .cast(DataType::String)
                .fill_null(lit(NONE_NAME))
                .alias(format!("k{i}"))
        })
        .collect();
    if let Some(leads) = leads {
        let count = |c: &str| col(c).sum().cast(DataType::UInt64).alias(c);
        let hours = |c: &str, q: f64, alias: &str| {
            col(c).quantile(lit(q), QuantileMethod::Linear).alias(alias)
        };
        let agg = leads
            .clone()
            .lazy()
            .group_by(by.clone())
            .agg([
                len().cast(DataType::UInt64).alias("leads"),
                col("junk").sum().cast(DataType::UInt64).alias("junk"),
                count("g_contacted"),
                count("g_in_sla"),
                count("g_late"),
                count("g_overdue"),
                count("g_pending"),
                count("g_stale"),
                count("g_never_worked"),
                count("g_gone_quiet"),
                count("g_hot"),
                count("g_missing"),
                count("g_converted"),
                count("g_counted"),
                hours("hours_to_first_touch", 0.5, "h50"),
                hours("hours_to_first_touch", 0.9, "h90"),
                hours("business_hours_to_first_touch", 0.5, "b50"),
                hours("business_hours_to_first_touch", 0.9, "b90"),
            ])
            .collect()?;
        let u = |name: &str| -> Result<UInt64Chunked> { Ok(agg.column(name)?.u64()?.clone()) };
        let f = |name: &str| -> Result<Float64Chunked> { Ok(agg.column(name)?.f64()?.clone()) };
        let (n, junk, contacted, in_sla, late) = (
            u("leads")?,
            u("junk")?,
            u("g_contacted")?,
            u("g_in_sla")?,
            u("g_late")?,
        );
        let (overdue, pending, stale, converted, counted) = (
            u("g_overdue")?,
            u("g_pending")?,
            u("g_stale")?,
            u("g_converted")?,
            u("g_counted")?,
        );
        let (h50, h90, b50, b90) = (f("h50")?, f("h90")?, f("b50")?, f("b90")?);
        let (never_worked, gone_quiet, hot, missing) = (
            u("g_never_worked")?,
            u("g_gone_quiet")?,
            u("g_hot")?,
            u("g_missing")?,
        );
        let key_values = key_values(&agg, keys.len())?;
        for (i, key) in key_values.into_iter().enumerate() {
            let row = rows.entry(key).or_default();
            row.leads = n.get(i).unwrap_or(0);
            row.junk = junk.get(i).unwrap_or(0);
            let counted = counted.get(i).unwrap_or(0);
            row.contacted = contacted.get(i).unwrap_or(0);
            row.follow_up_base = counted;
            row.never_contacted = counted - row.contacted;
            row.junk_rate = ratio(row.junk, row.leads);
            row.junk_rate_interval = wilson(row.junk, row.leads);
            row.contacted_rate = ratio(row.contacted, counted);
            row.contacted_rate_interval = wilson(row.contacted, counted);
            row.older_never_worked = never_worked.get(i).unwrap_or(0);
            row.older_gone_quiet = gone_quiet.get(i).unwrap_or(0);
            row.hot_overdue = hot.get(i).unwrap_or(0);
            row.missing_info = missing.get(i).unwrap_or(0);
            row.contacted_in_sla = in_sla.get(i).unwrap_or(0);
            row.contacted_late = late.get(i).unwrap_or(0);
            row.overdue = overdue.get(i).unwrap_or(0);
            row.pending = pending.get(i).unwrap_or(0);
            row.stale = stale.get(i).unwrap_or(0);
            row.converted = converted.get(i).unwrap_or(0);
            row.conversion_base = counted;
            row.conversion = ratio(row.converted, counted);
            row.conversion_interval = wilson(row.converted, counted);
            row.median_hours_to_first_touch = h50.get(i);
            row.p90_hours_to_first_touch = h90.get(i);
            row.median_business_hours_to_first_touch = b50.get(i);
            row.p90_business_hours_to_first_touch = b90.get(i);
        }
    }
    if let Some(opps) = opps {
        let agg = opps
            .clone()
            .lazy()
            .group_by(by)
            .agg([
                len().cast(DataType::UInt64).alias("opportunities"),
                col("g_won").sum().cast(DataType::UInt64).alias("won"),
                col("g_lost").sum().cast(DataType::UInt64).alias("lost"),
                col("g_won_amount").sum().alias("won_amount"),
                col("days_to_win").median().alias("days_to_win"),
                col("g_missing")
                    .sum()
                    .cast(DataType::UInt64)
                    .alias("missing"),
            ])
            .collect()?;
        let opportunities = agg.column("opportunities")?.u64()?.clone();
        let won = agg.column("won")?.u64()?.clone();
        let lost = agg.column("lost")?.u64()?.clone();
        let amount = agg.column("won_amount")?.f64()?.clone();
        let days = agg.column("days_to_win")?.f64()?.clone();
        let missing = agg.column("missing")?.u64()?.clone();
        for (i, key) in key_values(&agg, keys.len())?.into_iter().enumerate() {
            let row = rows.entry(key).or_default();
            row.opportunities = opportunities.get(i).unwrap_or(0);
            row.won = won.get(i).unwrap_or(0);
            row.lost = lost.get(i).unwrap_or(0);
            row.close_rate = ratio(row.won, row.won + row.lost);
            row.close_rate_interval = wilson(row.won, row.won + row.lost);
            row.win_rate = ratio(row.won, row.opportunities);
            row.win_rate_interval = wilson(row.won, row.opportunities);
            row.won_amount = amount.get(i).unwrap_or(0.0);
            row.median_days_to_win = days.get(i);
            row.missing_info += missing.get(i).unwrap_or(0);
        }
    }
    Ok(rows
        .into_iter()
        .map(|(key, mut row)| {
            row.name = key.join(" / ");
            (key, row)
        })
        .collect())
}

/// The key columns k0, k1... of an aggregate, row by row.
fn key_values(agg: &DataFrame, keys: usize) -> Result<Vec<Vec<String>>> {
    let columns: Vec<StringChunked> = (0..keys)
        .map(|i| Ok(agg.column(&format!("k{i}"))?.str()?.clone()))
        .collect::<Result<_>>()?;
    Ok((0..agg.height())
        .map(|row| {
            columns
                .iter()
                .map(|c| c.get(row).unwrap_or(NONE_NAME).to_string())
                .collect()
        })
        .collect())
}

/// Rows of a one-key grouping, named by their key, in [`name_order`].
#[must_use]
pub(crate) fn sorted_by_name(rows: Vec<(Vec<String>, GroupRow)>) -> Vec<GroupRow> {
    let mut out: Vec<GroupRow> = rows.into_iter().map(|(_, row)| row).collect();
    out.sort_by(|a, b| name_order(&a.name, &b.name));
    out
}

#[allow(clippy::cast_precision_loss)]
fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_ignoring_case_then_by_spelling_with_none_last() {
        let mut names = vec!["bob", NONE_NAME, "ann", "Émile", "Ann", "Zoë", "bob"];
        names.sort_by(|a, b| name_order(a, b));
        // Lowercase forms in code-point order ("zoë" before "émile"); "Ann" before "ann" by
        // exact spelling; "(none)" last.
        assert_eq!(
            names,
            ["Ann", "ann", "bob", "bob", "Zoë", "Émile", NONE_NAME]
        );
        assert_eq!(name_order("İstanbul", "i"), std::cmp::Ordering::Greater);
    }
}
