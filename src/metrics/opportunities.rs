//! The opportunities counted for close rates and time to close, each with its owner, the
//! source and offer of its lead, the instant its clock starts, and its cohort.

use super::Context;
use super::cohorts::with_cohort;
use super::followup::MS_PER_DAY;
use crate::config::DealOwner;
use crate::ingest::canonical::Tables;
use anyhow::Result;
use polars::prelude::*;

/// One row per opportunity created at or before as-of, with `owner`, `source`, `offer`,
/// `outcome` (from the stage or status, whatever the close date), `start_ms` (the lead's
/// creation, else the opportunity's), `close_ms` (close date, else won date), `amount`,
/// `days_to_win` (won ones only) and `cohort` (of `start_ms`).
///
/// Without an opportunities table, the leads that carry a deal stage, a won date or a status
/// that says won stand in, one opportunity each.
///
/// # Errors
/// Polars failures.
pub(crate) fn opportunities(tables: &Tables, cx: &Context<'_>) -> Result<Option<DataFrame>> {
    let as_of = cx.as_of_ms;
    let not_future = col("created_ms")
        .is_null()
        .or(col("created_ms").lt_eq(lit(as_of)));
    let lf = if let Some(opps) = &tables.opportunities {
        let mut lf = opps.clone().lazy().filter(not_future);
        if let Some(leads) = &tables.leads {
            // Only the leads some deal names are looked up: making every lead unique by id
            // would copy a million leads' columns for a few thousand deals (at a million
            // leads, the peak of memory).
            let named: PlHashSet<&str> = opps.column("lead_id")?.str()?.iter().flatten().collect();
            let named_leads: BooleanChunked = leads
                .column("lead_id")?
                .str()?
                .iter()
                .map(|id| Some(id.is_some_and(|id| named.contains(id))))
                .collect();
            let lead_cols = leads
                .filter(&named_leads)?
                .lazy()
                .select([
                    col("lead_id"),
                    col("owner").alias("lead_owner"),
                    col("source").alias("lead_source"),
                    col("offer").alias("lead_offer"),
                    col("created_ms").alias("lead_created_ms"),
                ])
                .unique(Some(cols(["lead_id"])), UniqueKeepStrategy::First);
            // `[attribution] deals`: the deal's own owner (the lead's when empty), or the
            // lead's owner (the deal's own when it has no lead).
            let owner = match cx.config.attribution.deals {
                DealOwner::DealOwner => col("owner").fill_null(col("lead_owner")),
                DealOwner::LeadOwner => col("lead_owner").fill_null(col("owner")),
            };
            lf = lf
                .left_join(lead_cols, col("lead_id"), col("lead_id"))
                .with_columns([
                    owner.alias("owner"),
                    // Marketing attribution: the lead's source and offer, when the deal has a lead.
                    col("lead_source").fill_null(col("source")).alias("source"),
                    col("lead_offer").fill_null(col("offer")).alias("offer"),
                    col("lead_created_ms")
                        .fill_null(col("created_ms"))
                        .alias("start_ms"),
                ]);
        } else {
            lf = lf.with_column(col("created_ms").alias("start_ms"));
        }
        lf
    } else {
        let Some(leads) = &tables.leads else {
            return Ok(None);
        };
        leads
            .clone()
            .lazy()
            // A lead whose status says won (a funnel's "Customer") is a won deal too.
            .filter(
                not_future.and(
                    col("stage")
                        .is_not_null()
                        .or(col("won_ms").is_not_null())
                        .or(col("outcome").eq(lit("won")).fill_null(lit(false))),
                ),
            )
            .with_column(col("created_ms").alias("start_ms"))
    };
    // The stage says whether a deal is won or lost, whatever its close date: exports carry
    // expected close dates in the future on deals already won.
    let close = col("closed_ms").fill_null(col("won_ms"));
    let frame = lf
        .with_column(close.alias("close_ms"))
        .with_column(
            when(
                col("outcome")
                    .eq(lit("won"))
                    .and(col("close_ms").gt_eq(col("start_ms"))),
            )
            .then((col("close_ms") - col("start_ms")).cast(DataType::Float64) / lit(MS_PER_DAY))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias("days_to_win"),
        )
        .collect()?;
    if frame.height() == 0 {
        return Ok(None);
    }
    Ok(Some(with_cohort(&frame, "start_ms", cx)?))
}
