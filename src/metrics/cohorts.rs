//! Conversion by creation cohort, offers over time, the offer significance test, and time to
//! close as a Kaplan–Meier curve.

use super::Context;
use super::followup::MS_PER_DAY;
use super::groups::{NONE_NAME, group_rows};
use super::local_time;
use super::stats::{compare, kaplan_meier, km_median};
use crate::config::{CohortUnit, Config};
use crate::report::{CohortRow, GroupRow, OfferCohortRow, OfferComparison, TimeToClose};
use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use polars::prelude::*;
use std::collections::BTreeMap;

/// Adds a `cohort` column ("2026-W46" or "2026-11") from the local date of `ms_column`.
///
/// # Errors
/// Polars failures.
pub(crate) fn with_cohort(
    frame: &DataFrame,
    ms_column: &str,
    cx: &Context<'_>,
) -> Result<DataFrame> {
    let ms = frame.column(ms_column)?.i64()?;
    let keys: Vec<Option<String>> = ms
        .iter()
        .map(|m| m.map(|m| cohort_key(local_time(m, cx.tz).date(), cx.config.cohorts.by)))
        .collect();
    let mut out = frame.clone();
    out.with_column(Column::new("cohort".into(), keys))?;
    Ok(out)
}

/// The cohort a date falls in.
#[must_use]
pub(crate) fn cohort_key(date: NaiveDate, unit: CohortUnit) -> String {
    match unit {
        CohortUnit::Week => date.format("%G-W%V").to_string(),
        CohortUnit::Month => date.format("%Y-%m").to_string(),
    }
}

/// First and last day of a cohort key made by [`cohort_key`].
#[must_use]
pub(crate) fn cohort_span(key: &str, unit: CohortUnit) -> Option<(NaiveDate, NaiveDate)> {
    match unit {
        CohortUnit::Week => {
            let (year, week) = key.split_once("-W")?;
            let start = NaiveDate::from_isoywd_opt(
                year.parse().ok()?,
                week.parse().ok()?,
                chrono::Weekday::Mon,
            )?;
            Some((start, start + Duration::days(6)))
        }
        CohortUnit::Month => {
            let start = NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d").ok()?;
            let next = if start.month() == 12 {
                NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)?
            };
            Some((start, next - Duration::days(1)))
        }
    }
}

/// Start, end and maturity of a cohort key; leads without a creation date fall in "(none)".
fn span(key: &str, cx: &Context<'_>) -> (NaiveDate, NaiveDate, bool) {
    match cohort_span(key, cx.config.cohorts.by) {
        Some((start, end)) => (
            start,
            end,
            (cx.as_of - end).num_days() >= cx.config.cohorts.mature_days,
        ),
        None => (NaiveDate::MIN, NaiveDate::MIN, false),
    }
}

/// Conversion and close rates per creation cohort, oldest first ("(none)" last).
///
/// # Errors
/// Polars failures.
pub(crate) fn cohort_rows(
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
    cx: &Context<'_>,
) -> Result<Vec<CohortRow>> {
    Ok(group_rows(leads, opps, &["cohort"])?
        .into_iter()
        .map(|(key, figures)| {
            let (start, end, mature) = span(&key[0], cx);
            CohortRow {
                cohort: key[0].clone(),
                start,
                end,
                mature,
                figures,
            }
        })
        .collect())
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
    let mut rows: Vec<OfferCohortRow> = group_rows(leads, opps, &["offer", "cohort"])?
        .into_iter()
        .map(|(key, figures)| {
            let (start, end, mature) = span(&key[1], cx);
            OfferCohortRow {
                offer: key[0].clone(),
                cohort: key[1].clone(),
                start,
                end,
                mature,
                figures,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            a.offer == NONE_NAME,
            a.offer.to_lowercase(),
            a.cohort == NONE_NAME,
            &a.cohort,
        )
            .cmp(&(
                b.offer == NONE_NAME,
                b.offer.to_lowercase(),
                b.cohort == NONE_NAME,
                &b.cohort,
            ))
    });
    Ok(rows)
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

    #[test]
    fn cohort_keys_and_spans() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        assert_eq!(cohort_key(d, CohortUnit::Week), "2026-W47");
        assert_eq!(cohort_key(d, CohortUnit::Month), "2026-11");
        assert_eq!(
            cohort_span("2026-W47", CohortUnit::Week),
            Some((
                NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
                NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
            ))
        );
        assert_eq!(
            cohort_span("2026-12", CohortUnit::Month),
            Some((
                NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
            ))
        );
        // 2027-01-01 is a Friday in ISO week 53 of 2026.
        assert_eq!(
            cohort_key(
                NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                CohortUnit::Week
            ),
            "2026-W53"
        );
        assert_eq!(cohort_span("(none)", CohortUnit::Month), None);
    }
}
