//! Instants as the pipeline keeps them (epoch milliseconds, UTC) and as people read them
//! (local wall-clock time in `[input] timezone`): one neutral module both ingest and metrics
//! use.

use chrono::{DateTime, NaiveDateTime, Utc};

pub(crate) const MS_PER_HOUR: f64 = 3_600_000.0;
pub(crate) const MS_PER_DAY: f64 = 86_400_000.0;

/// Epoch milliseconds as a UTC instant.
#[must_use]
pub(crate) fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Epoch milliseconds to local wall-clock time in `tz`.
#[must_use]
pub(crate) fn local_time(ms: i64, tz: chrono_tz::Tz) -> NaiveDateTime {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&tz)
        .naive_local()
}
