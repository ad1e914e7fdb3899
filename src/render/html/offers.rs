//! The offers view: rates per offer over cohorts drawn with their intervals, time to close,
//! and the significance result in words.

use anyhow::Result;
use serde::Serialize;

use super::charts::{Chart, Curve, RateSeries, rate_chart, survival_chart};
use super::format::{count, interval, maybe_one_decimal, percent};
use crate::report::{CohortRow, GroupRow, Interval, NONE_NAME, OfferCohortRow, Report, duration};

/// Everything the offers page shows beyond the offers table.
#[derive(Serialize)]
pub(super) struct OffersView {
    pub summary: String,
    pub tests: Vec<TestView>,
    pub charts: Vec<Chart>,
    pub rows: Vec<OverTimeRow>,
    pub time_to_close: Vec<CloseView>,
    pub has_young: bool,
}

#[derive(Serialize)]
pub(super) struct TestView {
    pub measure: &'static str,
    pub method: String,
    pub rates: String,
    pub p_value: String,
}

#[derive(Serialize)]
pub(super) struct OverTimeRow {
    pub offer: String,
    pub cohort: String,
    pub mature: bool,
    pub leads: String,
    pub junk_rate: String,
    pub contacted_rate: String,
    pub median_hours: String,
    pub conversion: String,
    pub conversion_interval: String,
    pub close_rate: String,
    pub close_rate_interval: String,
    pub median_days_to_win: String,
}

#[derive(Serialize)]
pub(super) struct CloseView {
    pub offer: String,
    pub opportunities: String,
    pub median_days: String,
}

/// What the charts over time draw: per cohort, or per month or quarter when the Report has
/// more cohorts than a chart can show one by one.
struct Trend<'a> {
    /// "week", "month" or "quarter".
    unit: &'a str,
    periods: &'a [CohortRow],
    rows: &'a [OfferCohortRow],
}

impl<'a> Trend<'a> {
    fn of(report: &'a Report) -> Trend<'a> {
        match &report.offers_by_period {
            Some(coarse) => Trend {
                unit: &coarse.unit,
                periods: &coarse.periods,
                rows: &coarse.offers,
            },
            None => Trend {
                unit: &report.settings.cohort_unit,
                periods: &report.cohorts,
                rows: &report.offers_over_time,
            },
        }
    }

    /// Period labels in the Report's order, "*" marking those too young to judge.
    fn labels(&self) -> Vec<String> {
        self.periods
            .iter()
            .map(|c| {
                if c.mature {
                    c.cohort.clone()
                } else {
                    format!("{}*", c.cohort)
                }
            })
            .collect()
    }

    /// Offer names in the order they first appear, leaving out "(none)": leads with no
    /// offer are not an offer to compare (the tables still count them).
    fn offers(&self) -> Vec<&'a str> {
        let mut names: Vec<&str> = Vec::new();
        for row in self.rows {
            if row.offer != NONE_NAME && !names.contains(&row.offer.as_str()) {
                names.push(&row.offer);
            }
        }
        names
    }

    /// One line per offer of the rate `pick` chooses, positioned by period.
    fn series(&self, pick: Pick) -> Vec<RateSeries<'a>> {
        self.offers()
            .into_iter()
            .map(|offer| RateSeries {
                name: offer,
                points: self
                    .periods
                    .iter()
                    .map(|period| {
                        self.rows
                            .iter()
                            .find(|r| r.offer == offer && r.cohort == period.cohort)
                            .and_then(|r| {
                                let (value, band) = pick(&r.figures);
                                value.map(|v| (v, band))
                            })
                    })
                    .collect(),
            })
            .collect()
    }
}

type Pick = fn(&GroupRow) -> (Option<f64>, Option<Interval>);

/// The rate charts the export can fill, `prefix` keeping ids unique within a page.
///
/// # Errors
/// When a chart fails to draw.
pub(super) fn trend_charts(report: &Report, prefix: &str, all: bool) -> Result<Vec<Chart>> {
    let trend = Trend::of(report);
    if trend.periods.is_empty() || trend.offers().is_empty() {
        return Ok(Vec::new());
    }
    let labels = trend.labels();
    let unit = trend.unit;
    let mut specs: Vec<(&str, &str, Pick)> = Vec::new();
    if report.coverage.leads {
        specs.push(("conversion", "Conversion by offer", |g| {
            (g.conversion, g.conversion_interval)
        }));
    }
    if report.coverage.opportunities && all {
        specs.push(("close-rate", "Close rate (won ÷ closed) by offer", |g| {
            (g.close_rate, g.close_rate_interval)
        }));
    }
    if report.coverage.leads {
        specs.push(("junk-rate", "Junk (fake) lead rate by offer", |g| {
            (g.junk_rate, g.junk_rate_interval)
        }));
    }
    if report.coverage.touches && all {
        specs.push(("contacted-rate", "Contacted rate by offer", |g| {
            (g.contacted_rate, g.contacted_rate_interval)
        }));
    }
    let mut description = format!("One line per offer, per {unit} of lead creation");
    if report.offers_by_period.is_some() {
        let cohorts = report.cohorts.len();
        let cohort_unit = &report.settings.cohort_unit;
        description.push_str(&format!(
            " ({cohorts} {cohort_unit}s are too many to draw one by one; the table Offers by {cohort_unit} has each)"
        ));
    }
    if trend.rows.iter().any(|r| r.offer == NONE_NAME) {
        description.push_str("; no line for leads with no offer");
    }
    description.push_str(&format!(
        "; the shaded band around each line is its 95% interval; a * marks a {unit} too young to judge."
    ));
    specs
        .into_iter()
        .map(|(id, title, pick)| {
            let title = if report.offers_by_period.is_some() {
                format!("{title}, per {unit}")
            } else {
                title.to_string()
            };
            rate_chart(
                &format!("{prefix}{id}"),
                &title,
                &description,
                &labels,
                &trend.series(pick),
            )
        })
        .collect()
}

/// The whole offers view.
///
/// # Errors
/// When a chart fails to draw.
pub(super) fn offers_view(report: &Report, prefix: &str) -> Result<OffersView> {
    let mut charts = trend_charts(report, prefix, true)?;
    // Deals with no offer are not an offer to compare: no curve of their own (they are in "All").
    let offers_to_close = || report.time_to_close.iter().filter(|t| t.offer != NONE_NAME);
    if offers_to_close().any(|t| !t.curve.is_empty()) {
        let curves: Vec<Curve<'_>> = offers_to_close()
            .map(|t| Curve {
                name: &t.offer,
                steps: &t.curve,
            })
            .collect();
        charts.push(survival_chart(
            &format!("{prefix}time-to-close"),
            "Opportunities not yet won, by days since creation (Kaplan–Meier)",
            "One step line per offer: the share of opportunities not yet won after a number of days; open and lost deals count until they leave the curve.",
            &curves,
        )?);
    }
    let (summary, tests) = match &report.offer_comparison {
        Some(comparison) => {
            let mut tests = Vec::new();
            for (measure, test) in [
                ("Conversion", &comparison.conversion),
                ("Close rate", &comparison.close_rate),
            ] {
                if let Some(test) = test {
                    tests.push(TestView {
                        measure,
                        method: test.method.to_string(),
                        rates: format!(
                            "{} {} vs {} {}",
                            comparison.a,
                            percent(Some(test.a_rate)),
                            comparison.b,
                            percent(Some(test.b_rate))
                        ),
                        p_value: if test.p_value < 0.0001 {
                            "< 0.0001".to_string()
                        } else {
                            format!("{:.4}", test.p_value)
                        },
                    });
                }
            }
            (comparison.summary.clone(), tests)
        }
        None => (
            "Fewer than two offers in this export: there is nothing to compare.".to_string(),
            Vec::new(),
        ),
    };
    let young: Vec<&str> = report
        .cohorts
        .iter()
        .filter(|c| !c.mature)
        .map(|c| c.cohort.as_str())
        .collect();
    let rows = report
        .offers_over_time
        .iter()
        .map(|r| {
            let g = &r.figures;
            OverTimeRow {
                offer: r.offer.clone(),
                cohort: r.cohort.clone(),
                mature: r.mature,
                leads: count(g.leads),
                junk_rate: percent(g.junk_rate),
                contacted_rate: percent(g.contacted_rate),
                median_hours: g
                    .median_hours_to_first_touch
                    .map_or_else(|| super::format::NONE.to_string(), duration),
                conversion: percent(g.conversion),
                conversion_interval: interval(g.conversion_interval.as_ref()),
                close_rate: percent(g.close_rate),
                close_rate_interval: interval(g.close_rate_interval.as_ref()),
                median_days_to_win: maybe_one_decimal(g.median_days_to_win),
            }
        })
        .collect();
    Ok(OffersView {
        summary,
        tests,
        charts,
        rows,
        time_to_close: report
            .time_to_close
            .iter()
            .map(|t| CloseView {
                offer: t.offer.clone(),
                opportunities: count(t.opportunities),
                median_days: maybe_one_decimal(t.median_days),
            })
            .collect(),
        has_young: !young.is_empty(),
    })
}
