//! Metrics: pure functions of the canonical tables, the config and the as-of instant,
//! collected into the [`Report`].

pub(crate) mod cadence;
pub(crate) mod clock;
pub(crate) mod cohorts;
pub(crate) mod company;
pub(crate) mod compliance;
pub(crate) mod definitions;
pub(crate) mod followup;
pub(crate) mod groups;
pub(crate) mod headline;
pub(crate) mod history;
pub(crate) mod junk;
pub(crate) mod lists;
pub(crate) mod opportunities;
pub(crate) mod stats;

use crate::config::Config;
use crate::ingest::{Dataset, quality};
use crate::report::{Coverage, GroupRow, Report, Settings};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use polars::prelude::*;

pub(crate) use crate::time::local_time;

/// Everything a metric needs besides the tables: settings resolved once.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub tz: chrono_tz::Tz,
    pub clock: clock::BusinessClock,
    pub junk: junk::JunkRules,
    pub cadence: cadence::Cadence,
    pub companies: company::CompanyNames,
    pub as_of: NaiveDate,
    /// The as-of instant, local: 23:59:59 of the as-of date, or the time given or now.
    pub as_of_time: NaiveDateTime,
    pub as_of_ms: i64,
    /// Whether any touch data exists; without it follow-up cannot be judged.
    pub touches_known: bool,
}

/// The instant a report is measured at, as given on the command line: now, the end of a
/// date, or a local date and time. Resolved in the configured time zone by [`AsOf::at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AsOf {
    /// 23:59:59 of this local date.
    EndOf(NaiveDate),
    /// This local wall-clock time.
    At(NaiveDateTime),
}

impl AsOf {
    /// Reads `--as-of`: "2026-11-20" (the end of that day), "2026-11-20T17:00" or
    /// "2026-11-20 17:00" (seconds allowed).
    ///
    /// # Errors
    /// Text that is neither form.
    pub(crate) fn parse(text: &str) -> Result<AsOf> {
        let text = text.trim();
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(AsOf::EndOf(date));
        }
        for format in [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(AsOf::At(at));
            }
        }
        anyhow::bail!(
            "--as-of {text}: expected a date like 2026-11-20 (the end of that day) or a date and time like 2026-11-20T17:00"
        )
    }

    /// The moment `now` as local wall-clock time in `tz`, to the second.
    #[must_use]
    pub(crate) fn now(now: DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> AsOf {
        let local = now.with_timezone(&tz).naive_local();
        AsOf::At(local.with_nanosecond(0).unwrap_or(local))
    }

    /// The local date of the report (the date in its file names).
    #[must_use]
    pub(crate) fn date(self) -> NaiveDate {
        match self {
            AsOf::EndOf(date) => date,
            AsOf::At(at) => at.date(),
        }
    }

    /// The local wall-clock instant.
    #[must_use]
    pub(crate) fn local(self) -> NaiveDateTime {
        match self {
            AsOf::EndOf(date) => date
                .and_hms_opt(23, 59, 59)
                .unwrap_or_else(|| date.and_time(chrono::NaiveTime::MIN)),
            AsOf::At(at) => at,
        }
    }

    /// The instant in epoch milliseconds: the local time read in `tz` (the earlier of two in
    /// a repeated hour; a time skipped by a clock change as UTC).
    #[must_use]
    pub(crate) fn at(self, tz: chrono_tz::Tz) -> i64 {
        let local = self.local();
        tz.from_local_datetime(&local).earliest().map_or_else(
            || local.and_utc().timestamp_millis(),
            |t| t.timestamp_millis(),
        )
    }
}

impl<'a> Context<'a> {
    /// The settings of one run, resolved once from friday.toml and the as-of instant: the
    /// time zone, the business clock, the junk rules, the cadence, the company aliases.
    ///
    /// # Errors
    /// An unknown time zone, bad `[hours]` or bad `[cadence]` (the message names the
    /// section).
    pub(crate) fn new(config: &'a Config, as_of: AsOf) -> Result<Context<'a>> {
        use anyhow::Context as _;
        let tz = config.timezone()?;
        Ok(Context {
            config,
            tz,
            clock: clock::BusinessClock::new(&config.hours, tz).context("[hours]")?,
            junk: junk::JunkRules::new(&config.junk),
            cadence: cadence::Cadence::new(&config.cadence).context("[cadence]")?,
            companies: company::CompanyNames::new(&config.companies),
            as_of: as_of.date(),
            as_of_time: as_of.local(),
            as_of_ms: as_of.at(tz),
            touches_known: false,
        })
    }
}

/// Computes the whole report at the instant of `cx`, and this report's snapshot. `earlier`
/// holds the snapshots of earlier reports when a history is kept (`None`: no week-over-week
/// section). The tables read are freed as soon as the lead and deal frames and the findings
/// are made from them, before the lists: at a million leads that is the peak of memory.
///
/// # Errors
/// Every row dated after the as-of instant, and polars failures.
pub(crate) fn compute(
    mut data: Dataset,
    mut cx: Context<'_>,
    inputs: &[String],
    earlier: Option<&[history::Snapshot]>,
) -> Result<(Report, Option<history::Snapshot>)> {
    let config = cx.config;
    let (tz, as_of, as_of_time, as_of_ms) = (cx.tz, cx.as_of, cx.as_of_time, cx.as_of_ms);
    let tables = &data.canonical;
    no_rows_before(tables, as_of_ms, tz, as_of_time)?;
    let coverage = coverage(&data.canonical);
    cx.touches_known = coverage.touches;
    let touches = followup::valid_touches(tables, as_of_ms)?;
    let leads = followup::lead_states(tables, touches.as_ref(), &cx)?
        .map(|l| cohorts::with_cohort(&l, "created_ms", &cx))
        .transpose()?;
    let opps = opportunities::opportunities(tables, &cx)?;
    // The findings of the data, in the order they are shown: those of reading it, then rows
    // dated after as-of, deals won before they started, and undated rows. Then the tables go.
    let mut findings = std::mem::take(&mut data.findings);
    findings.extend(quality::future_rows(&data, as_of_ms, tz, as_of)?);
    findings.extend(quality::won_before_start(&data, opps.as_ref(), tz)?);
    findings.extend(quality::undated(&data, leads.as_ref(), opps.as_ref())?);
    drop(data);
    let lead_groups = leads
        .as_ref()
        .map(|l| groups::prepare_leads(l, config.follow_up.hot_rank))
        .transpose()?;
    let opp_groups = opps
        .as_ref()
        .map(|o| groups::prepare_opportunities(o, as_of_ms))
        .transpose()?;
    let (l, o) = (lead_groups.as_ref(), opp_groups.as_ref());
    let source_key = source_key(leads.as_ref(), opps.as_ref())?;
    let totals = {
        let all = |f: Option<&DataFrame>| -> Result<Option<DataFrame>> {
            Ok(f.map(|f| {
                f.clone()
                    .lazy()
                    .with_column(lit("All").alias("all"))
                    .collect()
            })
            .transpose()?)
        };
        groups::group_rows(all(l)?.as_ref(), all(o)?.as_ref(), &["all"])?
            .into_iter()
            .map(|(_, row)| row)
            .next()
            .unwrap_or_else(|| GroupRow {
                name: "All".to_string(),
                ..GroupRow::default()
            })
    };
    // Won deals only (no lost and no open one): no close or win rate can be judged.
    let coverage = Coverage {
        outcomes: !(totals.opportunities > 0 && totals.won == totals.opportunities),
        ..coverage
    };
    let offers_over_time = cohorts::offers_over_time(l, o, &cx)?;
    let cohort_rows = cohorts::cohort_rows(l, o, &cx)?;
    let offers_by_period = cohorts::offers_by_period(l, o, cohort_rows.len(), &cx)?;
    let offers = groups::sorted_by_name(groups::group_rows(l, o, &["offer"])?);
    let reps = groups::sorted_by_name(groups::group_rows(l, o, &["owner"])?);
    let sources = groups::sorted_by_name(groups::group_rows(l, o, &[source_key])?);
    drop((lead_groups, opp_groups));
    let snapshot = leads
        .as_ref()
        .map(|f| history::snapshot(f, as_of))
        .transpose()?;
    // The lead lists are independent of each other but for the cadence's next steps: the
    // cadence with the red and amber lists, the duplicates, and the other lists with week
    // over week are worked out side by side.
    let (follow_ups, (others, duplicates)) = rayon::join(
        || -> Result<_> {
            let compliance = compliance::cadence(touches.as_ref(), leads.as_ref(), &cx)?;
            drop(touches);
            let (overdue, stale) = match &leads {
                Some(frame) => (
                    lists::overdue(frame, &compliance.next_steps, &cx)?,
                    lists::stale(frame, &compliance.next_steps, &cx)?,
                ),
                None => (Vec::new(), Vec::new()),
            };
            Ok((compliance, overdue, stale))
        },
        || {
            rayon::join(
                || -> Result<_> {
                    let week = match (earlier, &snapshot) {
                        (Some(earlier), Some(current)) => Some(history::week_over_week(
                            current,
                            earlier,
                            opps.as_ref(),
                            totals.conversion,
                            totals.close_rate,
                        )?),
                        _ => None,
                    };
                    let lists = match &leads {
                        Some(frame) => (
                            lists::junk(frame)?,
                            lists::ranks(frame)?,
                            lists::grab_back(frame, &cx)?,
                        ),
                        None => Default::default(),
                    };
                    Ok((week, lists))
                },
                || -> Result<_> {
                    leads
                        .as_ref()
                        .map_or_else(|| Ok(Vec::new()), |frame| lists::duplicates(frame, &cx))
                },
            )
        },
    );
    let (compliance, overdue, stale) = follow_ups?;
    let (week, (junk_leads, ranks, grab_back)) = others?;
    let duplicates = duplicates?;
    let missing_info = lists::missing_info(leads.as_ref(), opps.as_ref(), &cx)?;
    let new_leads = match &leads {
        Some(frame) => lists::new_leads(frame, &cx)?,
        None => crate::report::NewLeads {
            from: as_of - chrono::Duration::days(6),
            to: as_of,
            ..crate::report::NewLeads::default()
        },
    };
    let headline = headline::headline(
        &coverage,
        &totals,
        &new_leads,
        config.follow_up.stale_days,
        config.follow_up.hot_rank,
    );
    let mut report = Report {
        as_of,
        as_of_time,
        inputs: inputs.to_vec(),
        settings: settings(&cx),
        coverage,
        new_leads,
        headline,
        totals,
        reps,
        source_label: if source_key == "source" {
            "Source"
        } else {
            "Offer / product"
        }
        .to_string(),
        sources,
        offer_comparison: cohorts::compare_offers(&offers, config),
        offers,
        cohorts: cohort_rows,
        offers_over_time,
        offers_by_period,
        time_to_close: cohorts::time_to_close(opps.as_ref(), &cx)?,
        cadence: compliance.rows,
        cadence_leads: compliance.leads,
        overdue,
        stale,
        junk_leads,
        duplicates,
        ranks,
        grab_back,
        missing_info,
        history: week,
        findings,
        definitions: definitions::definitions(&cx),
    };
    if !report.coverage.outcomes {
        forget_close_rates(&mut report);
    }
    Ok((report, snapshot))
}

/// Fails when every row of every table is dated after the as-of instant: a report of
/// nothing is an `--as-of` mistake, and the message gives the export's dates.
fn no_rows_before(
    tables: &crate::ingest::canonical::Tables,
    as_of_ms: i64,
    tz: chrono_tz::Tz,
    as_of_time: NaiveDateTime,
) -> Result<()> {
    let mut range: Option<(i64, i64)> = None;
    for (frame, column, _) in tables.dated() {
        let Some(frame) = frame else { continue };
        let stamps = frame.column(column)?.i64()?;
        // An undated row exists at any instant.
        if stamps.null_count() > 0 || stamps.iter().flatten().any(|ms| ms <= as_of_ms) {
            return Ok(());
        }
        if let (Some(lo), Some(hi)) = (stamps.min(), stamps.max()) {
            range = Some(range.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        }
    }
    let Some((lo, hi)) = range else {
        return Ok(());
    };
    anyhow::bail!(
        "--as-of {}: every row of the export is dated later (the export runs from {} to {}); nothing to report",
        as_of_time.format("%Y-%m-%d %H:%M"),
        local_time(lo, tz).format("%Y-%m-%d"),
        local_time(hi, tz).format("%Y-%m-%d")
    )
}

/// What the export could feed, judged from the values.
fn coverage(tables: &crate::ingest::canonical::Tables) -> Coverage {
    let has_values = |frame: &Option<DataFrame>, column: &str| {
        frame
            .as_ref()
            .and_then(|f| f.column(column).ok())
            .is_some_and(|c| c.null_count() < c.len())
    };
    Coverage {
        leads: tables.leads.is_some(),
        touches: tables.activities.is_some()
            || has_values(&tables.leads, "first_touch_ms")
            || has_values(&tables.leads, "last_touch_ms"),
        created: has_values(&tables.leads, "created_ms"),
        opportunities: tables.opportunities.is_some()
            || has_values(&tables.leads, "stage")
            || has_values(&tables.leads, "won_ms"),
        outcomes: true,
        ranks: has_values(&tables.leads, "rank"),
        // A leads table without a rep column has every lead under "(no owner)".
        owners: tables.leads.as_ref().is_none_or(|leads| {
            leads
                .column("owner")
                .ok()
                .and_then(|c| c.str().ok())
                .is_some_and(|owners| {
                    owners
                        .iter()
                        .flatten()
                        .any(|o| o != crate::ingest::canonical::NO_OWNER)
                })
        }),
    }
}

/// Leaves out every close and win rate: the export holds won deals only.
fn forget_close_rates(report: &mut Report) {
    let rows = std::iter::once(&mut report.totals)
        .chain(report.reps.iter_mut())
        .chain(report.sources.iter_mut())
        .chain(report.offers.iter_mut())
        .chain(report.cohorts.iter_mut().map(|c| &mut c.figures))
        .chain(report.offers_over_time.iter_mut().map(|c| &mut c.figures))
        .chain(report.offers_by_period.iter_mut().flat_map(|p| {
            let periods = p.periods.iter_mut().map(|c| &mut c.figures);
            periods.chain(p.offers.iter_mut().map(|c| &mut c.figures))
        }));
    for row in rows {
        row.close_rate = None;
        row.close_rate_interval = None;
        row.win_rate = None;
        row.win_rate_interval = None;
    }
    if let Some(comparison) = &mut report.offer_comparison {
        comparison.close_rate = None;
    }
}

fn settings(cx: &Context<'_>) -> Settings {
    let config = cx.config;
    Settings {
        timezone: config.input.timezone.clone(),
        default_sla_hours: config.sla.default_hours,
        offer_sla_hours: config
            .sla
            .offers
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        won_stages: config.stages.won.clone(),
        lost_stages: config.stages.lost.clone(),
        sla_clock: config.sla.clock.key().to_string(),
        business_hours: cx.clock.describe(),
        stale_days: config.follow_up.stale_days,
        cohort_unit: match config.cohorts.by {
            crate::config::CohortUnit::Week => "week",
            crate::config::CohortUnit::Month => "month",
        }
        .to_string(),
        mature_days: config.cohorts.mature_days,
        junk_excluded: config.junk.exclude,
        junk_excluded_from_conversion: config.junk.exclude,
        window_days: config.follow_up.window_days,
        hot_rank: config.follow_up.hot_rank,
        deal_attribution: config.attribution.deals.key().to_string(),
        grab_back_rank: config.grab_back.rank,
        grab_back_days: config.grab_back.days,
        rows_per_list: config.site.rows_per_list,
        base_url: config
            .site
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(|url| format!("{}/", url.trim_end_matches('/'))),
        email: email_settings(&config.email),
    }
}

fn email_settings(email: &crate::config::Email) -> Option<crate::report::EmailSettings> {
    if email.from.trim().is_empty() {
        return None;
    }
    let smtp = &email.smtp;
    Some(crate::report::EmailSettings {
        security: match smtp.security {
            crate::config::Security::Starttls => "starttls",
            crate::config::Security::Tls => "tls",
            crate::config::Security::None => "none",
        }
        .to_string(),
        ca_file: smtp.ca_file.as_ref().map(|path| {
            path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            )
        }),
        system_roots: smtp.system_roots,
        max_attachment_mb: email.max_attachment_mb,
    })
}

/// Group by source when any lead or opportunity has one, otherwise by offer (product).
fn source_key(leads: Option<&DataFrame>, opps: Option<&DataFrame>) -> Result<&'static str> {
    for frame in [leads, opps].into_iter().flatten() {
        if frame.column("source")?.null_count() < frame.height() {
            return Ok("source");
        }
    }
    Ok("offer")
}
