//! Per-rep and per-source counts and rates, from the lead states and the opportunities.

use crate::report::GroupRow;
use anyhow::Result;
use polars::prelude::*;
use std::collections::BTreeMap;

/// Name used for a group whose rep or source was left empty in the export.
pub const NONE_NAME: &str = "(none)";

/// Aggregates leads (grouped by `lead_key`) and opportunities (grouped by `opp_key`) into
/// rows keyed by group name. Either frame may be absent.
///
/// # Errors
/// Polars failures.
pub fn group_rows(
    leads: Option<&DataFrame>,
    lead_key: &str,
    opps: Option<&DataFrame>,
    opp_key: &str,
) -> Result<Vec<GroupRow>> {
    let mut rows: BTreeMap<String, GroupRow> = BTreeMap::new();
    if let Some(leads) = leads {
        let agg = leads
            .clone()
            .lazy()
            .group_by([col(lead_key).fill_null(lit(NONE_NAME)).alias("group")])
            .agg([
                len().cast(DataType::UInt64).alias("leads"),
                col("contacted")
                    .sum()
                    .cast(DataType::UInt64)
                    .alias("contacted"),
                col("overdue").sum().cast(DataType::UInt64).alias("overdue"),
                col("converted")
                    .sum()
                    .cast(DataType::UInt64)
                    .alias("converted"),
                col("hours_to_first_touch")
                    .filter(col("contacted").and(col("hours_to_first_touch").gt_eq(lit(0.0))))
                    .median()
                    .alias("median_hours"),
            ])
            .collect()?;
        let names = agg.column("group")?.str()?;
        let count = |name: &str| -> Result<UInt64Chunked> { Ok(agg.column(name)?.u64()?.clone()) };
        let (n, contacted, overdue, converted) = (
            count("leads")?,
            count("contacted")?,
            count("overdue")?,
            count("converted")?,
        );
        let median = agg.column("median_hours")?.f64()?;
        for i in 0..agg.height() {
            let row = rows
                .entry(names.get(i).unwrap_or(NONE_NAME).to_string())
                .or_default();
            row.leads = n.get(i).unwrap_or(0);
            row.contacted = contacted.get(i).unwrap_or(0);
            row.never_contacted = row.leads - row.contacted;
            row.overdue = overdue.get(i).unwrap_or(0);
            row.converted = converted.get(i).unwrap_or(0);
            row.median_hours_to_first_touch = median.get(i);
        }
    }
    if let Some(opps) = opps {
        let agg = opps
            .clone()
            .lazy()
            .group_by([col(opp_key).fill_null(lit(NONE_NAME)).alias("group")])
            .agg([
                len().cast(DataType::UInt64).alias("opportunities"),
                col("outcome")
                    .eq(lit("won"))
                    .fill_null(lit(false))
                    .sum()
                    .cast(DataType::UInt64)
                    .alias("won"),
                col("outcome")
                    .eq(lit("lost"))
                    .fill_null(lit(false))
                    .sum()
                    .cast(DataType::UInt64)
                    .alias("lost"),
            ])
            .collect()?;
        let names = agg.column("group")?.str()?;
        let opportunities = agg.column("opportunities")?.u64()?;
        let won = agg.column("won")?.u64()?;
        let lost = agg.column("lost")?.u64()?;
        for i in 0..agg.height() {
            let row = rows
                .entry(names.get(i).unwrap_or(NONE_NAME).to_string())
                .or_default();
            row.opportunities = opportunities.get(i).unwrap_or(0);
            row.won = won.get(i).unwrap_or(0);
            row.lost = lost.get(i).unwrap_or(0);
        }
    }
    let mut out: Vec<GroupRow> = rows
        .into_iter()
        .map(|(name, mut row)| {
            row.name = name;
            fill_rates(&mut row);
            row
        })
        .collect();
    out.sort_by(|a, b| {
        (a.name == NONE_NAME, a.name.to_lowercase())
            .cmp(&(b.name == NONE_NAME, b.name.to_lowercase()))
    });
    Ok(out)
}

/// Sets conversion (converted ÷ leads) and close rate (won ÷ (won + lost)) from the counts.
#[allow(clippy::cast_precision_loss)]
pub fn fill_rates(row: &mut GroupRow) {
    row.conversion = (row.leads > 0).then(|| row.converted as f64 / row.leads as f64);
    let closed = row.won + row.lost;
    row.close_rate = (closed > 0).then(|| row.won as f64 / closed as f64);
}
