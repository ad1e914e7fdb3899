//! Findings that need the as-of instant or the deals' start: rows dated after the as-of
//! instant are left out of the report and named, so the user knows why (a future date is
//! usually a typo or a re-run for an earlier Friday); deals won before they started count as
//! won but are left out of days to win.

use super::{Sink, show};
use crate::ingest::Dataset;
use crate::report::Finding;
use crate::schema::Field;
use anyhow::Result;

/// Findings for leads and opportunities created, and activities dated, after `as_of_ms`.
///
/// # Errors
/// Polars failures.
pub(crate) fn future_rows(
    data: &Dataset,
    as_of_ms: i64,
    tz: chrono_tz::Tz,
    as_of: chrono::NaiveDate,
) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for (frame, column, field) in data.canonical.dated() {
        let Some(frame) = frame else { continue };
        let (ms, table, row) = (
            frame.column(column)?.i64()?,
            frame.column("table")?.u32()?,
            frame.column("row")?.u64()?,
        );
        let mut sink = Sink::new(&data.tables, &mut out);
        for i in 0..frame.height() {
            let (Some(ms), Some(t)) = (ms.get(i), table.get(i)) else {
                continue;
            };
            if ms <= as_of_ms {
                continue;
            }
            sink.push(
                "dated after as-of",
                (t, row.get(i).unwrap_or(0)),
                &[field],
                &show(ms, tz),
                format!("after the as-of date {as_of}; left out of this report"),
            );
        }
        sink.finish();
    }
    Ok(out)
}

/// Findings for won deals whose close date comes before the creation of their lead (or of
/// the deal itself): they count as won, but are left out of days to win.
///
/// # Errors
/// Polars failures.
pub(crate) fn won_before_start(
    data: &Dataset,
    opps: Option<&polars::prelude::DataFrame>,
    tz: chrono_tz::Tz,
) -> Result<Vec<Finding>> {
    let Some(opps) = opps else {
        return Ok(Vec::new());
    };
    let (outcome, close, start, table, row) = (
        opps.column("outcome")?.str()?,
        opps.column("close_ms")?.i64()?,
        opps.column("start_ms")?.i64()?,
        opps.column("table")?.u32()?,
        opps.column("row")?.u64()?,
    );
    let mut out = Vec::new();
    let mut sink = Sink::new(&data.tables, &mut out);
    for i in 0..opps.height() {
        let (Some(close_ms), Some(start_ms), Some(t)) = (close.get(i), start.get(i), table.get(i))
        else {
            continue;
        };
        if outcome.get(i) != Some("won") || close_ms >= start_ms {
            continue;
        }
        sink.push(
            "won before created",
            (t, row.get(i).unwrap_or(0)),
            &[Field::ClosedAt, Field::WonAt],
            &show(close_ms, tz),
            format!(
                "won before its lead was created ({}); counted as won, left out of days to win",
                show(start_ms, tz)
            ),
        );
    }
    sink.finish();
    Ok(out)
}
