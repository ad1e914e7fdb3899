//! Number and date formatting for the pages: counts, hours, rates and intervals as text.

use chrono::NaiveDateTime;

use crate::report::Interval;

/// What a page shows for a rate or a median that does not exist.
pub(crate) const NONE: &str = "—";

/// A count with thousands separators: 1234567 → "1,234,567".
pub(crate) fn count(value: u64) -> String {
    crate::report::thousands(value)
}

/// A `usize` count, formatted like [`count`].
pub(crate) fn count_usize(value: usize) -> String {
    count(u64::try_from(value).unwrap_or(u64::MAX))
}

/// Hours or days with one decimal: 12.25 → "12.2" (round half to even), 52 → "52.0".
pub(crate) fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

/// An optional figure with one decimal, or "—".
pub(crate) fn maybe_one_decimal(value: Option<f64>) -> String {
    value.map_or_else(|| NONE.to_string(), one_decimal)
}

/// A rate as a percentage with one decimal: 0.41666 → "41.7%"; `None` → "—".
pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| NONE.to_string(), |rate| format!("{:.1}%", rate * 100.0))
}

/// A 95% interval as "35.2–48.9%"; `None` → "—".
pub(crate) fn interval(interval: Option<&Interval>) -> String {
    interval.map_or_else(
        || NONE.to_string(),
        |i| format!("{:.1}–{:.1}%", i.low * 100.0, i.high * 100.0),
    )
}

/// A local date and time to the minute.
pub(crate) fn minute(at: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    // As `format("%Y-%m-%d %H:%M")` for years 0–9999, without parsing the pattern each time.
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// A sort key for an optional number: the number, or empty so it sorts as text.
pub(crate) fn sort_key(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_zero_padded_and_seconds_dropped() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 7)
            .unwrap()
            .and_hms_opt(9, 5, 59)
            .unwrap();
        assert_eq!(minute(at), "2026-03-07 09:05");
        let late = chrono::NaiveDate::from_ymd_opt(987, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 0)
            .unwrap();
        assert_eq!(minute(late), "0987-12-31 23:59");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn rates_and_intervals_are_percentages_with_one_decimal() {
        assert_eq!(percent(Some(5.0 / 12.0)), "41.7%");
        assert_eq!(percent(None), "—");
        let i = Interval {
            low: 0.352,
            high: 0.4891,
        };
        assert_eq!(interval(Some(&i)), "35.2–48.9%");
    }
}
