//! Conversion by creation cohort, offers over time, the offer significance test, and time to
//! close as a Kaplan–Meier curve.

use super::Context;
use super::followup::MS_PER_DAY;
use super::groups::{NONE_NAME, group_rows};
use super::stats::{compare, kaplan_meier, km_median};
use crate::config::{CohortUnit, Config};
use crate::report::{
    CohortRow, GroupRow, OfferCohortRow, OfferComparison, OffersByPeriod, TimeToClose,
};
use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use polars::prelude::*;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The most cohorts a chart over time draws one by one; past it the charts are drawn per
/// coarser period ([`offers_by_period`]).
const CHART_COHORTS: usize = 12;

/// A stretch of time leads are grouped by when they were created: a cohort (`[cohorts] by`),
/// or the coarser period a chart over many cohorts is drawn by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    /// ISO weeks, Monday first: "2026-W47".
    Week,
    /// Calendar months: "2026-11".
    Month,
    /// Calendar quarters: "2026-Q4".
    Quarter,
}

impl From<CohortUnit> for Period {
    fn from(unit: CohortUnit) -> Self {
        match unit {
            CohortUnit::Week => Period::Week,
            CohortUnit::Month => Period::Month,
        }
    }
}

impl Period {
    fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }

    /// The key of the period `date` falls in.
    #[must_use]
    fn key(self, date: NaiveDate) -> String {
        match self {
            Period::Week => date.format("%G-W%V").to_string(),
            Period::Month => date.format("%Y-%m").to_string(),
            Period::Quarter => format!("{}-Q{}", date.year(), date.month0() / 3 + 1),
        }
    }

    /// First and last day of a key made by [`Period::key`]; `None` for any other text.
    #[must_use]
    fn span(self, key: &str) -> Option<(NaiveDate, NaiveDate)> {
        let months = |year: i32, first: u32, count: u32| {
            let start = NaiveDate::from_ymd_opt(year, first, 1)?;
            let end = start.checked_add_months(chrono::Months::new(count))? - Duration::days(1);
            Some((start, end))
        };
        match self {
            Period::Week => {
                let (year, week) = key.split_once("-W")?;
                let start = NaiveDate::from_isoywd_opt(
                    year.parse().ok()?,
                    week.parse().ok()?,
                    chrono::Weekday::Mon,
                )?;
                Some((start, start + Duration::days(6)))
            }
            Period::Month => {
                let (year, month) = key.split_once('-')?;
                months(year.parse().ok()?, month.parse().ok()?, 1)
            }
            Period::Quarter => {
                let (year, quarter) = key.split_once("-Q")?;
                let quarter: u32 = quarter.parse().ok()?;
                if !(1..=4).contains(&quarter) {
                    return None;
                }
                months(year.parse().ok()?, quarter * 3 - 2, 3)
            }
        }
    }
}

/// Adds a `cohort` column ("2026-W46" or "2026-11") from the local date of `ms_column`;
/// null where the date is missing.
///
/// # Errors
/// Polars failures.
pub(crate) fn with_cohort(
    frame: &DataFrame,
    ms_column: &str,
    cx: &Context<'_>,
) -> Result<DataFrame> {
    with_period(frame, ms_column, cx.config.cohorts.by.into(), "cohort", cx)
}

/// Adds the column `name`: the key of the `period` the local date of `ms_column` falls in,
/// null where there is no date (nor for an instant no calendar can hold), so no key is ever
/// made up for a lead with no creation date.
fn with_period(
    frame: &DataFrame,
    ms_column: &str,
    period: Period,
    name: &str,
    cx: &Context<'_>,
) -> Result<DataFrame> {
    let ms: Vec<Option<i64>> = frame.column(ms_column)?.i64()?.iter().collect();
    // Local dates side by side; each key is then written once per date, not once per row.
    let dates: Vec<Option<NaiveDate>> = ms.par_iter().map(|m| local_date((*m)?, cx.tz)).collect();
    let mut keys: PlHashMap<NaiveDate, String> = PlHashMap::new();
    for &date in dates.iter().flatten() {
        keys.entry(date).or_insert_with(|| period.key(date));
    }
    let column: StringChunked = dates
        .iter()
        .map(|date| date.and_then(|date| keys.get(&date)).map(String::as_str))
        .collect();
    let mut out = frame.clone();
    out.with_column(column.with_name(name.into()).into_column())?;
    Ok(out)
}

/// The local date of an instant; `None` for one no calendar can hold.
fn local_date(ms: i64, tz: chrono_tz::Tz) -> Option<NaiveDate> {
    Some(
        chrono::DateTime::from_timestamp_millis(ms)?
            .with_timezone(&tz)
            .date_naive(),
    )
}

/// The rows of `frame` that have a `key`: leads and deals with no creation date belong to no
/// cohort and are left out of every figure over time (`quality::undated` says how many).
fn dated(frame: Option<&DataFrame>, key: &str) -> Result<Option<DataFrame>> {
    Ok(frame
        .map(|f| f.clone().lazy().filter(col(key).is_not_null()).collect())
        .transpose()?)
}

/// Start, end and maturity of a period key (a cohort's too young to judge when it ended
/// fewer than `mature_days` before as-of).
fn span(key: &str, period: Period, cx: &Context<'_>) -> Option<(NaiveDate, NaiveDate, bool)> {
    let (start, end) = period.span(key)?;
    Some((
        start,
        end,
        (cx.as_of - end).num_days() >= cx.config.cohorts.mature_days,
    ))
}

/// Conversion and close rates per period in the column `key`, oldest first.
fn period_rows(
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    (key, period): (&str, Period),
    cx: &Context<'_>,
) -> Result<Vec<CohortRow>> {
    let (leads, opps) = (dated(leads, key)?, dated(opps, key)?);
    Ok(group_rows(leads.as_ref(), opps.as_ref(), &[key])?
        .into_iter()
        .filter_map(|(keys, figures)| {
            let (start, end, mature) = span(&keys[0], period, cx)?;
            Some(CohortRow {
                cohort: keys[0].clone(),
                start,
                end,
                mature,
                figures,
            })
        })
        .collect())
}

/// Every offer's figures per period in the column `key`: offers A→Z ("(none)" last), periods
/// oldest first.
fn offer_period_rows(
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    (key, period): (&str, Period),
    cx: &Context<'_>,
) -> Result<Vec<OfferCohortRow>> {
    let (leads, opps) = (dated(leads, key)?, dated(opps, key)?);
    let mut rows: Vec<OfferCohortRow> = group_rows(leads.as_ref(), opps.as_ref(), &["offer", key])?
        .into_iter()
        .filter_map(|(keys, figures)| {
            let (start, end, mature) = span(&keys[1], period, cx)?;
            Some(OfferCohortRow {
                offer: keys[0].clone(),
                cohort: keys[1].clone(),
                start,
                end,
                mature,
                figures,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.offer == NONE_NAME, a.offer.to_lowercase(), a.start).cmp(&(
            b.offer == NONE_NAME,
            b.offer.to_lowercase(),
            b.start,
        ))
    });
    Ok(rows)
}

/// Conversion and close rates per creation cohort, oldest first. Leads and deals with no
/// creation date are in no cohort.
///
/// # Errors
/// Polars failures.
pub(crate) fn cohort_rows(
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    cx: &Context<'_>,
) -> Result<Vec<CohortRow>> {
    period_rows(leads, opps, ("cohort", cx.config.cohorts.by.into()), cx)
}

/// Every offer's figures per cohort: offers over time. Offers A→Z, cohorts oldest first.
///
/// # Errors
/// Polars failures.
pub(crate) fn offers_over_time(
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    cx: &Context<'_>,
) -> Result<Vec<OfferCohortRow>> {
    offer_period_rows(leads, opps, ("cohort", cx.config.cohorts.by.into()), cx)
}

/// The offers over time per coarser period, for the charts, when there are more than
/// [`CHART_COHORTS`] cohorts; `None` when the charts can draw every cohort.
///
/// Coarser periods rather than small multiples (one panel per offer): two years of monthly
/// rates are 24 points each resting on a twelfth of a year's leads, so their intervals are
/// wide and the lines zig-zag in any layout; per quarter each point has three times the
/// leads, the lines show the trend, and one chart still compares the offers on one scale.
/// Week cohorts go to months when those are at most [`CHART_COHORTS`] (13 weeks are 3 or
/// 4 months, not 2 quarters), everything else to quarters. The tables keep every cohort.
///
/// `cohorts` is the number of cohorts; `leads` and `opps` are the prepared frames with their
/// `created_ms` and `start_ms`.
///
/// # Errors
/// Polars failures.
pub(crate) fn offers_by_period(
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    cohorts: usize,
    cx: &Context<'_>,
) -> Result<Option<OffersByPeriod>> {
    if cohorts <= CHART_COHORTS {
        return Ok(None);
    }
    let dated_frames = [(leads, "created_ms"), (opps, "start_ms")];
    let mut months = std::collections::BTreeSet::new();
    if Period::from(cx.config.cohorts.by) == Period::Week {
        for (frame, ms_column) in dated_frames {
            let Some(frame) = frame else { continue };
            let ms = frame.column(ms_column)?.i64()?;
            months.extend(
                ms.iter()
                    .filter_map(|m| local_date(m?, cx.tz))
                    .map(|d| Period::Month.key(d)),
            );
        }
    }
    let period = if (1..=CHART_COHORTS).contains(&months.len()) {
        Period::Month
    } else {
        Period::Quarter
    };
    let [l, o] = dated_frames.map(|(frame, ms_column)| {
        frame
            .map(|f| with_period(f, ms_column, period, "period", cx))
            .transpose()
    });
    let (l, o) = (l?, o?);
    let key = ("period", period);
    Ok(Some(OffersByPeriod {
        unit: period.name().to_string(),
        periods: period_rows(l.as_ref(), o.as_ref(), key, cx)?,
        offers: offer_period_rows(l.as_ref(), o.as_ref(), key, cx)?,
    }))
}

/// The two offers to compare: those named in `[offers] compare`, else the white paper and
/// the trial offers when both exist, else the two with the most leads (or opportunities).
fn chosen<'a>(offers: &'a [GroupRow], config: &Config) -> Option<(&'a GroupRow, &'a GroupRow)> {
    let named = |name: &str| offers.iter().find(|o| o.name.eq_ignore_ascii_case(name));
    let containing = |word: &str| offers.iter().find(|o| o.name.to_lowercase().contains(word));
    if let [a, b] = config.offers.compare.as_slice() {
        return Some((named(a)?, named(b)?));
    }
    if let (Some(a), Some(b)) = (containing("white paper"), containing("trial")) {
        return Some((a, b));
    }
    let mut ranked: Vec<&GroupRow> = offers.iter().filter(|o| o.name != NONE_NAME).collect();
    ranked.sort_by_key(|o| std::cmp::Reverse((o.leads, o.opportunities)));
    match ranked.as_slice() {
        [a, b, ..] => Some((a, b)),
        _ => None,
    }
}

/// Compares two offers' conversion and close rates, with the result in words.
#[must_use]
pub(crate) fn compare_offers(offers: &[GroupRow], config: &Config) -> Option<OfferComparison> {
    let (a, b) = chosen(offers, config)?;
    let conversion = compare(
        a.converted,
        a.conversion_base,
        b.converted,
        b.conversion_base,
    );
    let close_rate = compare(a.won, a.won + a.lost, b.won, b.won + b.lost);
    let mut summary = Vec::new();
    let has_leads = a.conversion_base > 0 || b.conversion_base > 0;
    for (what, result) in [("convert", &conversion), ("close", &close_rate)] {
        if what == "convert" && !has_leads {
            continue; // a deals-only export: there are no leads to convert
        }
        let Some(c) = result else {
            summary.push(format!(
                "Too few leads or closed deals to compare how {} and {} {what}.",
                a.name, b.name
            ));
            continue;
        };
        let verdict = if c.p_value < 0.05 {
            "a difference this large is unlikely to be chance (significant at the 5% level)"
        } else {
            "a difference this size could well be chance (not significant at the 5% level)"
        };
        let p = if c.p_value < 0.0001 {
            "p < 0.0001".to_string()
        } else {
            format!("p = {:.4}", c.p_value)
        };
        summary.push(format!(
            "{} {what}s at {:.1}% and {} at {:.1}%: {p} by {}; {verdict}.",
            a.name,
            c.a_rate * 100.0,
            b.name,
            c.b_rate * 100.0,
            c.method
        ));
    }
    Some(OfferComparison {
        a: a.name.clone(),
        b: b.name.clone(),
        conversion,
        close_rate,
        summary: summary.join(" "),
    })
}

/// Days from start to a won close per offer ("All" first), open and lost deals censored at
/// as-of and at their close respectively.
///
/// # Errors
/// Polars failures.
pub(crate) fn time_to_close(
    opps: Option<&DataFrame>,
    cx: &Context<'_>,
) -> Result<Vec<TimeToClose>> {
    let Some(opps) = opps else {
        return Ok(Vec::new());
    };
    let offer = opps.column("offer")?.str()?;
    let outcome = opps.column("outcome")?.str()?;
    let start = opps.column("start_ms")?.i64()?;
    let close = opps.column("close_ms")?.i64()?;
    let mut by_offer: BTreeMap<String, Vec<(f64, bool)>> = BTreeMap::new();
    for i in 0..opps.height() {
        let Some(s) = start.get(i) else { continue };
        let (end, event) = match (outcome.get(i), close.get(i)) {
            (Some("won"), Some(c)) => (c, true),
            (Some("lost"), Some(c)) => (c, false),
            _ => (cx.as_of_ms, false),
        };
        if end < s {
            continue;
        }
        let days = (end - s) as f64 / MS_PER_DAY;
        let name = offer.get(i).unwrap_or(NONE_NAME).to_string();
        by_offer
            .entry("All".to_string())
            .or_default()
            .push((days, event));
        by_offer.entry(name).or_default().push((days, event));
    }
    let mut out: Vec<TimeToClose> = by_offer
        .into_iter()
        .map(|(offer, observations)| {
            let curve = kaplan_meier(&observations);
            TimeToClose {
                offer,
                opportunities: observations.len() as u64,
                median_days: km_median(&curve),
                curve,
            }
        })
        .collect();
    out.sort_by_key(|t| {
        (
            t.offer != "All",
            t.offer == NONE_NAME,
            t.offer.to_lowercase(),
        )
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn cohort_keys_and_spans() {
        let d = day(2026, 11, 18);
        assert_eq!(Period::Week.key(d), "2026-W47");
        assert_eq!(Period::Month.key(d), "2026-11");
        assert_eq!(
            Period::Week.span("2026-W47"),
            Some((day(2026, 11, 16), day(2026, 11, 22)))
        );
        assert_eq!(
            Period::Month.span("2026-12"),
            Some((day(2026, 12, 1), day(2026, 12, 31)))
        );
        // 2027-01-01 is a Friday in ISO week 53 of 2026.
        assert_eq!(Period::Week.key(day(2027, 1, 1)), "2026-W53");
        assert_eq!(Period::Month.span("(none)"), None);
        assert_eq!(Period::Week.span("(none)"), None);
    }

    #[test]
    fn quarter_keys_and_spans() {
        assert_eq!(Period::Quarter.key(day(2026, 1, 1)), "2026-Q1");
        assert_eq!(Period::Quarter.key(day(2026, 3, 31)), "2026-Q1");
        assert_eq!(Period::Quarter.key(day(2026, 4, 1)), "2026-Q2");
        assert_eq!(Period::Quarter.key(day(2026, 11, 18)), "2026-Q4");
        assert_eq!(
            Period::Quarter.span("2026-Q1"),
            Some((day(2026, 1, 1), day(2026, 3, 31)))
        );
        assert_eq!(
            Period::Quarter.span("2024-Q4"),
            Some((day(2024, 10, 1), day(2024, 12, 31)))
        );
        assert_eq!(Period::Quarter.span("2026-Q5"), None);
        assert_eq!(Period::Quarter.span("2026-11"), None);
    }

    #[test]
    fn no_date_no_key() {
        assert_eq!(local_date(i64::MIN, chrono_tz::UTC), None);
        // 2025-11-20 23:30 UTC is 00:30 the next day in Berlin.
        let ms = 1_763_681_400_000;
        assert_eq!(local_date(ms, chrono_tz::UTC), Some(day(2025, 11, 20)));
        assert_eq!(
            local_date(ms, chrono_tz::Europe::Berlin),
            Some(day(2025, 11, 21))
        );
    }
}
