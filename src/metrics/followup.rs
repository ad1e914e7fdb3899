//! Follow-up state of each lead: first and last touch, contacted, converted, overdue.
//!
//! Pure: a function of the canonical tables, the config and the as-of instant.

use crate::config::Config;
use crate::ingest::canonical::Tables;
use anyhow::Result;
use polars::prelude::*;

const MS_PER_HOUR: f64 = 3_600_000.0;

/// One row per lead (created at or before as-of), with the columns the report needs:
/// `owner`, `source`, `offer`, `lead_id`, `name`, `company`, `email`, `created_ms`,
/// `contacted`, `hours_to_first_touch`, `converted`, `sla_hours`, `age_hours`, `overdue`.
///
/// `touches_known` says whether any touch data exists; without it nobody is contacted or
/// overdue, since nothing can be judged.
///
/// # Errors
/// Polars failures (columns are created by ingest, so these indicate a bug).
pub fn lead_states(
    tables: &Tables,
    config: &Config,
    as_of_ms: i64,
    touches_known: bool,
) -> Result<Option<DataFrame>> {
    let Some(leads) = &tables.leads else {
        return Ok(None);
    };
    // Leads created after the as-of instant do not exist yet for this report.
    let mut lf = leads.clone().lazy().filter(
        col("created_ms")
            .is_null()
            .or(col("created_ms").lt_eq(lit(as_of_ms))),
    );
    if let Some(acts) = &tables.activities {
        let created = leads
            .clone()
            .lazy()
            .select([col("lead_id"), col("created_ms").alias("lead_created_ms")])
            .unique(Some(cols(["lead_id"])), UniqueKeepStrategy::First);
        let touches = acts
            .clone()
            .lazy()
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
            .group_by([col("lead_id")])
            .agg([
                col("at_ms").min().alias("act_first_ms"),
                col("at_ms").max().alias("act_last_ms"),
            ]);
        lf = lf
            .left_join(touches, col("lead_id"), col("lead_id"))
            .with_columns([
                col("act_first_ms").alias("first_touch_ms"),
                col("act_last_ms").alias("last_touch_ms"),
            ]);
    }
    if let Some(opps) = &tables.opportunities {
        let converted = opps
            .clone()
            .lazy()
            .filter(col("lead_id").is_not_null())
            .group_by([col("lead_id")])
            .agg([len().alias("opp_count")]);
        lf = lf.left_join(converted, col("lead_id"), col("lead_id"));
    } else {
        lf = lf.with_column(lit(NULL).cast(DataType::UInt32).alias("opp_count"));
    }
    let touched = col("first_touch_ms")
        .is_not_null()
        .or(col("last_touch_ms").is_not_null());
    let contacted = if touches_known { touched } else { lit(false) };
    let converted = col("opp_count")
        .is_not_null()
        .or(col("converted").fill_null(lit(false)))
        .or(col("converted_ms").is_not_null())
        .or(col("stage").is_not_null())
        .or(col("won_ms").is_not_null());
    let frame = lf
        .with_columns([
            contacted.alias("contacted"),
            converted.alias("converted"),
            ((col("first_touch_ms") - col("created_ms")).cast(DataType::Float64)
                / lit(MS_PER_HOUR))
            .alias("hours_to_first_touch"),
            ((lit(as_of_ms) - col("created_ms")).cast(DataType::Float64) / lit(MS_PER_HOUR))
                .alias("age_hours"),
        ])
        .collect()?;
    let sla = sla_column(&frame, config)?;
    let mut frame = frame;
    frame.with_column(sla)?;
    let frame = frame
        .lazy()
        .with_column(
            col("contacted")
                .not()
                .and(col("converted").not())
                .and(lit(touches_known))
                .and(
                    col("outcome")
                        .eq(lit("won"))
                        .or(col("outcome").eq(lit("lost")))
                        .fill_null(lit(false))
                        .not(),
                )
                .and(col("age_hours").gt(col("sla_hours")).fill_null(lit(false)))
                .alias("overdue"),
        )
        .collect()?;
    Ok(Some(frame))
}

/// The SLA of each lead, from its offer (or its source when it has no offer).
fn sla_column(frame: &DataFrame, config: &Config) -> Result<Column> {
    let offers = frame.column("offer")?.str()?;
    let sources = frame.column("source")?.str()?;
    let hours: Vec<f64> = offers
        .iter()
        .zip(sources.iter())
        .map(|(offer, source)| config.sla_hours(offer.unwrap_or(""), source.unwrap_or("")))
        .collect();
    Ok(Column::new("sla_hours".into(), hours))
}
