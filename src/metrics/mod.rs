//! Metrics: pure functions of the canonical tables, the config and the as-of instant,
//! collected into the [`Report`].

pub mod definitions;
pub mod followup;
pub mod groups;

use crate::config::Config;
use crate::ingest::Dataset;
use crate::report::{Coverage, GroupRow, OverdueLead, Report, Settings};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use polars::prelude::*;

/// Computes the whole report for the end of the `as_of` day in the configured time zone.
///
/// # Errors
/// An invalid time zone, and polars failures.
pub fn compute(
    data: &Dataset,
    config: &Config,
    as_of: NaiveDate,
    inputs: &[String],
) -> Result<Report> {
    let tz = config.timezone()?;
    let as_of_time = as_of
        .and_hms_opt(23, 59, 59)
        .unwrap_or_else(|| as_of.and_time(chrono::NaiveTime::MIN));
    let as_of_ms = tz.from_local_datetime(&as_of_time).earliest().map_or_else(
        || as_of_time.and_utc().timestamp_millis(),
        |t| t.timestamp_millis(),
    );
    let tables = &data.canonical;
    let has_values = |frame: &Option<DataFrame>, column: &str| {
        frame
            .as_ref()
            .and_then(|f| f.column(column).ok())
            .is_some_and(|c| c.null_count() < c.len())
    };
    let coverage = Coverage {
        leads: tables.leads.is_some(),
        touches: tables.activities.is_some()
            || has_values(&tables.leads, "first_touch_ms")
            || has_values(&tables.leads, "last_touch_ms"),
        created: has_values(&tables.leads, "created_ms"),
        opportunities: tables.opportunities.is_some()
            || has_values(&tables.leads, "stage")
            || has_values(&tables.leads, "won_ms"),
    };
    let leads = followup::lead_states(tables, config, as_of_ms, coverage.touches)?;
    let opps = opportunities(data, as_of_ms)?;
    let source_key = source_key(leads.as_ref(), opps.as_ref())?;
    let reps = groups::group_rows(leads.as_ref(), "owner", opps.as_ref(), "owner")?;
    let sources = groups::group_rows(leads.as_ref(), source_key, opps.as_ref(), source_key)?;
    let with_all = |f: Option<&DataFrame>| -> Result<Option<DataFrame>> {
        f.map(|f| {
            f.clone()
                .lazy()
                .with_column(lit("All").alias("all"))
                .collect()
        })
        .transpose()
        .map_err(Into::into)
    };
    let totals = groups::group_rows(
        with_all(leads.as_ref())?.as_ref(),
        "all",
        with_all(opps.as_ref())?.as_ref(),
        "all",
    )?
    .into_iter()
    .next()
    .unwrap_or_else(|| GroupRow {
        name: "All".to_string(),
        ..GroupRow::default()
    });
    let overdue = match &leads {
        Some(frame) => overdue_leads(frame, tz)?,
        None => Vec::new(),
    };
    Ok(Report {
        as_of,
        as_of_time,
        inputs: inputs.to_vec(),
        settings: Settings {
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
        },
        coverage,
        totals,
        reps,
        source_label: if source_key == "source" {
            "Source"
        } else {
            "Offer / product"
        }
        .to_string(),
        sources,
        overdue,
        findings: data.findings.clone(),
        definitions: definitions::definitions(config),
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

/// The opportunities counted for close rates, with `owner`, `source`, `offer`, `outcome`:
/// the opportunities table, with the lead's owner and source filling gaps; or, when there
/// is none, the leads that carry a stage (one opportunity each). Opportunities created
/// after as-of are left out.
fn opportunities(data: &Dataset, as_of_ms: i64) -> Result<Option<DataFrame>> {
    let tables = &data.canonical;
    let not_future = col("created_ms")
        .is_null()
        .or(col("created_ms").lt_eq(lit(as_of_ms)));
    if let Some(opps) = &tables.opportunities {
        let mut lf = opps.clone().lazy().filter(not_future);
        if let Some(leads) = &tables.leads {
            let lead_cols = leads
                .clone()
                .lazy()
                .select([
                    col("lead_id"),
                    col("owner").alias("lead_owner"),
                    col("source").alias("lead_source"),
                    col("offer").alias("lead_offer"),
                ])
                .unique(Some(cols(["lead_id"])), UniqueKeepStrategy::First);
            lf = lf
                .left_join(lead_cols, col("lead_id"), col("lead_id"))
                .with_columns([
                    col("owner").fill_null(col("lead_owner")),
                    // Marketing attribution: the lead's source and offer, when the deal has a lead.
                    col("lead_source").fill_null(col("source")).alias("source"),
                    col("lead_offer").fill_null(col("offer")).alias("offer"),
                ]);
        }
        return Ok(Some(lf.collect()?));
    }
    let Some(leads) = &tables.leads else {
        return Ok(None);
    };
    let deals = leads
        .clone()
        .lazy()
        .filter(not_future.and(col("stage").is_not_null().or(col("won_ms").is_not_null())))
        .collect()?;
    Ok((deals.height() > 0).then_some(deals))
}

/// The overdue leads, reps A→Z (no owner last), most overdue first within a rep.
fn overdue_leads(frame: &DataFrame, tz: chrono_tz::Tz) -> Result<Vec<OverdueLead>> {
    let over = frame.clone().lazy().filter(col("overdue")).collect()?;
    let text = |name: &str| -> Result<StringChunked> { Ok(over.column(name)?.str()?.clone()) };
    let (owner, lead_id, name, company, email, source, offer) = (
        text("owner")?,
        text("lead_id")?,
        text("name")?,
        text("company")?,
        text("email")?,
        text("source")?,
        text("offer")?,
    );
    let created = over.column("created_ms")?.i64()?;
    let sla = over.column("sla_hours")?.f64()?;
    let age = over.column("age_hours")?.f64()?;
    let mut out: Vec<OverdueLead> = (0..over.height())
        .map(|i| {
            let s = |c: &StringChunked| c.get(i).unwrap_or("").to_string();
            let (sla_hours, age_hours) = (sla.get(i).unwrap_or(0.0), age.get(i).unwrap_or(0.0));
            OverdueLead {
                owner: owner.get(i).unwrap_or(groups::NONE_NAME).to_string(),
                lead_id: s(&lead_id),
                name: s(&name),
                company: s(&company),
                email: s(&email),
                source: s(&source),
                offer: s(&offer),
                created_at: local_time(created.get(i).unwrap_or(0), tz),
                sla_hours,
                age_hours,
                hours_overdue: age_hours - sla_hours,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.owner == groups::NONE_NAME,
            a.owner.to_lowercase(),
            &a.owner,
        )
            .cmp(&(
                b.owner == groups::NONE_NAME,
                b.owner.to_lowercase(),
                &b.owner,
            ))
            .then(b.hours_overdue.total_cmp(&a.hours_overdue))
            .then_with(|| a.lead_id.cmp(&b.lead_id))
    });
    Ok(out)
}

/// Epoch milliseconds to local wall-clock time in `tz`.
#[must_use]
pub fn local_time(ms: i64, tz: chrono_tz::Tz) -> NaiveDateTime {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&tz)
        .naive_local()
}
