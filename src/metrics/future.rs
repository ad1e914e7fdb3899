//! Rows dated after the as-of instant: left out of the report, and named as findings so the
//! user knows why (a future date is usually a typo or a re-run for an earlier Friday).

use super::local_time;
use crate::ingest::Dataset;
use crate::ingest::header::Field;
use crate::report::{Finding, FindingCap};
use anyhow::Result;

/// Findings for leads and opportunities created, and activities dated, after `as_of_ms`.
///
/// # Errors
/// Polars failures.
pub fn future_rows(
    data: &Dataset,
    as_of_ms: i64,
    tz: chrono_tz::Tz,
    as_of: chrono::NaiveDate,
) -> Result<Vec<Finding>> {
    let t = &data.canonical;
    let mut out = Vec::new();
    for (frame, column, field) in [
        (&t.leads, "created_ms", Field::CreatedAt),
        (&t.activities, "at_ms", Field::ActivityAt),
        (&t.opportunities, "created_ms", Field::CreatedAt),
    ] {
        let Some(frame) = frame else { continue };
        let (ms, table, row) = (
            frame.column(column)?.i64()?,
            frame.column("table")?.u32()?,
            frame.column("row")?.u64()?,
        );
        let mut cap = FindingCap::new();
        for i in 0..frame.height() {
            let (Some(ms), Some(t)) = (ms.get(i), table.get(i)) else {
                continue;
            };
            if ms <= as_of_ms {
                continue;
            }
            if !cap.admit(t) {
                continue;
            }
            let info = &data.tables[t as usize];
            out.push(Finding {
                kind: "dated after as-of".to_string(),
                file: info.file.clone(),
                sheet: info.sheet.clone(),
                row: row.get(i).unwrap_or(0),
                column: info
                    .mapped
                    .iter()
                    .find(|(_, f)| *f == field)
                    .map(|(h, _)| h.clone())
                    .unwrap_or_default(),
                value: local_time(ms, tz).format("%Y-%m-%d %H:%M").to_string(),
                message: format!("after the as-of date {as_of}; left out of this report"),
            });
        }
        for (t, more) in cap.over() {
            let info = &data.tables[t as usize];
            out.push(Finding::more_like_above(
                "dated after as-of",
                &info.file,
                &info.sheet,
                "",
                more,
            ));
        }
    }
    Ok(out)
}

/// Findings for won deals whose close date comes before the creation of their lead (or of
/// the deal itself): they count as won, but are left out of days to win.
///
/// # Errors
/// Polars failures.
pub fn won_before_start(
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
    let mut cap = FindingCap::new();
    for i in 0..opps.height() {
        let (Some(close_ms), Some(start_ms), Some(t)) = (close.get(i), start.get(i), table.get(i))
        else {
            continue;
        };
        if outcome.get(i) != Some("won") || close_ms >= start_ms || !cap.admit(t) {
            continue;
        }
        let info = &data.tables[t as usize];
        let header = |wanted: Field| {
            info.mapped
                .iter()
                .find(|(_, f)| *f == wanted)
                .map(|(h, _)| h.clone())
        };
        out.push(Finding {
            kind: "won before created".to_string(),
            file: info.file.clone(),
            sheet: info.sheet.clone(),
            row: row.get(i).unwrap_or(0),
            column: header(Field::ClosedAt)
                .or_else(|| header(Field::WonAt))
                .unwrap_or_default(),
            value: local_time(close_ms, tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            message: format!(
                "won before its lead was created ({}); counted as won, left out of days to win",
                local_time(start_ms, tz).format("%Y-%m-%d %H:%M")
            ),
        });
    }
    for (t, more) in cap.over() {
        let info = &data.tables[t as usize];
        out.push(Finding::more_like_above(
            "won before created",
            &info.file,
            &info.sheet,
            "",
            more,
        ));
    }
    Ok(out)
}
