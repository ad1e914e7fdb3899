//! The Report: every number a renderer shows, computed once by `metrics`; written as JSON
//! and read back (renderer fixtures are Report JSON files under `tests/fixtures/`).
//!
//! A leaf: it imports nothing from ingest, metrics, config or render. Renderers (XLSX, HTML,
//! JSON, email) read a `Report` and never recompute a figure from it.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod coverage;
mod duration;
mod finding;
mod headline;
mod lists;
mod order;

pub use coverage::Coverage;
pub use duration::{DAYS_FROM_HOURS, duration, duration_adjective};
pub use finding::Finding;
pub use headline::{Alert, FigureKind, HeadlineFigure, HeadlineKey};
pub use lists::{
    DuplicateGroup, GrabBackLead, JunkLead, Lead, MissingInfo, NewLeads, OverdueLead, RankRow,
    StaleLead,
};
pub use order::{NONE_NAME, name_order, thousands};

/// A closed interval `[low, high]`, here always within `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// Which test compared two proportions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TestMethod {
    /// Used when some expected cell count of the 2×2 table is below 5.
    #[serde(rename = "Fisher's exact test")]
    Fisher,
    /// Used when every expected cell count is at least 5.
    #[serde(rename = "two-proportion z-test")]
    ZTest,
}

impl std::fmt::Display for TestMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Fisher => "Fisher's exact test",
            Self::ZTest => "two-proportion z-test",
        })
    }
}

/// Two proportions compared.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub method: TestMethod,
    /// `a_successes / a_trials`.
    pub a_rate: f64,
    /// `b_successes / b_trials`.
    pub b_rate: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// One step of a Kaplan–Meier curve: what happened at `time`, and survival just after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KmStep {
    /// The time of the events and censorings counted here.
    pub time: f64,
    /// Observations with a time at or after `time`.
    pub at_risk: u64,
    /// Events (e.g. closes) at `time`.
    pub events: u64,
    /// Observations censored at `time` (e.g. still open at as-of).
    pub censored: u64,
    /// Estimated probability of no event up to and including `time`.
    pub survival: f64,
}

/// Everything the Friday report shows, for one as-of date.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// The date the report is "as of"; overdue and ages are measured at the end of this day.
    pub as_of: NaiveDate,
    /// The instant (local time in `settings.timezone`) that ages are measured from.
    pub as_of_time: NaiveDateTime,
    /// Input files as given on the command line, for the footer and the definitions.
    pub inputs: Vec<String>,
    /// The settings that shaped the numbers (printed beside the definitions).
    pub settings: Settings,
    /// What the export contained; renderers hide columns the data cannot fill.
    pub coverage: Coverage,
    /// Leads created in the seven days ending on the as-of date.
    pub new_leads: NewLeads,
    /// The headline figures, decided once: every output shows these, with these labels.
    pub headline: Vec<HeadlineFigure>,
    /// Totals over all leads and opportunities.
    pub totals: GroupRow,
    /// One row per rep (lead owner for lead counts, opportunity owner for deal counts).
    pub reps: Vec<GroupRow>,
    /// What the second breakdown groups by: "Source", or "Product" when there is no source.
    pub source_label: String,
    /// One row per source (or product).
    pub sources: Vec<GroupRow>,
    /// One row per offer type (white paper, trial download...).
    pub offers: Vec<GroupRow>,
    /// One row per creation cohort (week or month), oldest first.
    pub cohorts: Vec<CohortRow>,
    /// One row per offer and cohort: offers over time.
    pub offers_over_time: Vec<OfferCohortRow>,
    /// The offers over time per month or quarter, for the charts, when there are more than 12
    /// cohorts to draw one by one; `None` when the charts draw `cohorts`.
    pub offers_by_period: Option<OffersByPeriod>,
    /// The two offers compared for significance, when the export has two.
    pub offer_comparison: Option<OfferComparison>,
    /// Time from creation to a won deal per offer, as a Kaplan–Meier curve.
    pub time_to_close: Vec<TimeToClose>,
    /// Cadence compliance per rep (steps due, on time, late, missed), then the total.
    pub cadence: Vec<CadenceRow>,
    /// Each open, non-junk lead's cadence steps, by rep then lead id.
    pub cadence_leads: Vec<CadenceLead>,
    /// Leads created within the follow-up window with no touch past their SLA: within each
    /// rep (A→Z) best rank first (unranked last), then the longest overdue.
    pub overdue: Vec<OverdueLead>,
    /// Contacted, open leads whose last touch is older than the stale limit, stalest first
    /// within each rep.
    pub stale: Vec<StaleLead>,
    /// Leads that look fake, with the reason.
    pub junk_leads: Vec<JunkLead>,
    /// Groups of leads sharing a lead id or an email address.
    pub duplicates: Vec<DuplicateGroup>,
    /// Rank 1–7 distribution per rep.
    pub ranks: Vec<RankRow>,
    /// Leads marketing takes back to nurture, grouped by reason (see [`GrabBackLead`]).
    pub grab_back: Vec<GrabBackLead>,
    /// Cells reps should have filled (missing rank, touch, amount, close date), by rep.
    pub missing_info: Vec<MissingInfo>,
    /// Week over week against the snapshots of earlier reports; `None` when no history is kept.
    pub history: Option<History>,
    /// Data-quality findings from ingest, in input order.
    pub findings: Vec<Finding>,
    /// Each metric's definition, in the order they are printed.
    pub definitions: Vec<Definition>,
}

/// Settings used for the run, as printed on the Definitions sheet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub timezone: String,
    pub default_sla_hours: f64,
    /// (offer keyword, SLA hours): a lead whose offer (or source) contains the keyword gets that SLA.
    pub offer_sla_hours: Vec<(String, f64)>,
    pub won_stages: Vec<String>,
    pub lost_stages: Vec<String>,
    /// "working-days", "business" or "calendar": the clock SLAs and cadence hour steps count on.
    pub sla_clock: String,
    /// The working week, e.g. "Mon–Fri 09:00–17:00 UTC, 0 holidays".
    pub business_hours: String,
    pub stale_days: f64,
    /// "week" or "month".
    pub cohort_unit: String,
    pub mature_days: i64,
    /// Whether junk leads are left out of the follow-up and conversion figures
    /// (`[junk] exclude`).
    pub junk_excluded: bool,
    /// The same value under its older name, kept for tools written against it.
    pub junk_excluded_from_conversion: bool,
    /// `[follow-up] window-days`: the red and amber lists hold leads created within this
    /// many days; 0 means no window.
    pub window_days: u32,
    /// `[follow-up] hot-rank`: overdue leads at this rank or better are hot.
    pub hot_rank: i32,
    /// `[site] rows-per-list`: the most rows a list on a page shows (0: all); the JSON and
    /// the workbook keep every row.
    #[serde(default = "rows_per_list")]
    pub rows_per_list: usize,
    /// `[site] base-url`: where the site is published, ending in "/"; `None` when not set.
    #[serde(default)]
    pub base_url: Option<String>,
    /// `[attribution] deals`: "deal-owner" or "lead-owner".
    pub deal_attribution: String,
    pub grab_back_rank: i32,
    pub grab_back_days: f64,
    /// How the report is mailed (`[email]`); `None` when no sender is set.
    #[serde(default)]
    pub email: Option<EmailSettings>,
}

/// `[email]` and `[email.smtp]` as far as they decide what is sent and whom friday trusts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmailSettings {
    /// `[email.smtp] security`: "starttls", "tls" or "none".
    pub security: String,
    /// `[email.smtp] ca-file`, by file name only; `None` when not set.
    pub ca_file: Option<String>,
    /// `[email.smtp] system-roots`: whether the operating system's certificate store is
    /// trusted.
    pub system_roots: bool,
    /// `[email] max-attachment-mb`: the largest the team message may be, in MB.
    #[serde(default = "max_attachment_mb")]
    pub max_attachment_mb: f64,
}

/// The default of `[email] max-attachment-mb`, for Reports written before it existed.
fn max_attachment_mb() -> f64 {
    20.0
}

/// Counts and rates for one rep, source, offer, cohort, or everything.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GroupRow {
    /// Rep, source, offer or cohort name; "(none)" when the export left it empty.
    pub name: String,
    pub leads: u64,
    /// Leads that look fake ("mickey mouse"); see `junk_leads`.
    pub junk: u64,
    /// junk ÷ leads, with its 95% Wilson interval.
    pub junk_rate: Option<f64>,
    pub junk_rate_interval: Option<Interval>,
    /// Leads counted in the follow-up figures: all leads, less junk when `[junk] exclude`
    /// is on (the default).
    pub follow_up_base: u64,
    /// Leads (not junk) with at least one touch.
    pub contacted: u64,
    /// Leads (not junk) with no touch at all: follow_up_base − contacted.
    pub never_contacted: u64,
    /// contacted ÷ follow_up_base, with its 95% Wilson interval.
    pub contacted_rate: Option<f64>,
    pub contacted_rate_interval: Option<Interval>,
    /// Contacted leads whose first touch came by their SLA deadline.
    pub contacted_in_sla: u64,
    /// Contacted leads whose first touch came after their SLA deadline.
    pub contacted_late: u64,
    /// Leads created within the follow-up window with no touch, open, not junk, not
    /// converted, below the grab-back rank, and past their SLA deadline: the red list.
    pub overdue: u64,
    /// Of the overdue leads, those at `[follow-up] hot-rank` or better: the vibrant red rows.
    pub hot_overdue: u64,
    /// Leads created before the follow-up window, past their SLA and never touched.
    pub older_never_worked: u64,
    /// Leads created before the follow-up window, contacted, and quiet for over the stale
    /// limit.
    pub older_gone_quiet: u64,
    /// Cells a rep should have filled: a rank on a worked lead, a touch on a converted or
    /// closed lead, an amount or a future close date on an open deal (see `missing_info`).
    pub missing_info: u64,
    /// Leads with no touch whose SLA deadline has not passed yet.
    pub pending: u64,
    /// Contacted, open leads created within the window whose last touch is older than the
    /// stale limit: the amber list.
    pub stale: u64,
    /// Median and 90th percentile of calendar hours from creation to first touch.
    pub median_hours_to_first_touch: Option<f64>,
    pub p90_hours_to_first_touch: Option<f64>,
    /// The same in business hours (the `[hours]` clock).
    pub median_business_hours_to_first_touch: Option<f64>,
    pub p90_business_hours_to_first_touch: Option<f64>,
    /// Leads (not junk, when junk is excluded) that became an opportunity.
    pub converted: u64,
    /// Opportunities (deals) counted for this group.
    pub opportunities: u64,
    pub won: u64,
    pub lost: u64,
    /// Leads counted in conversion: all leads, less junk when junk is excluded.
    pub conversion_base: u64,
    /// converted ÷ conversion_base; `None` when that is zero.
    pub conversion: Option<f64>,
    /// 95% Wilson interval of `conversion`.
    pub conversion_interval: Option<Interval>,
    /// Close rate: won ÷ (won + lost); `None` when nothing has closed.
    pub close_rate: Option<f64>,
    /// 95% Wilson interval of `close_rate`.
    pub close_rate_interval: Option<Interval>,
    /// Win rate: won ÷ opportunities (open ones included); `None` without opportunities.
    pub win_rate: Option<f64>,
    /// 95% Wilson interval of `win_rate`.
    pub win_rate_interval: Option<Interval>,
    /// Median days from creation (the lead's, else the opportunity's) to a won close.
    pub median_days_to_win: Option<f64>,
    /// Sum of the amounts of won opportunities.
    pub won_amount: f64,
}

/// A creation cohort (a week or a month of lead creation).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CohortRow {
    /// "2026-W46" or "2026-11".
    pub cohort: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// False when the cohort ended fewer than `mature_days` before as-of: too young to judge.
    pub mature: bool,
    #[serde(flatten)]
    pub figures: GroupRow,
}

/// One offer in one cohort.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OfferCohortRow {
    pub offer: String,
    pub cohort: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub mature: bool,
    #[serde(flatten)]
    pub figures: GroupRow,
}

/// Offers over time per a period coarser than the cohort, for the charts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OffersByPeriod {
    /// "month" or "quarter": what one point of a chart covers.
    pub unit: String,
    /// One row per period ("2026-11" or "2026-Q4" in `cohort`), oldest first.
    pub periods: Vec<CohortRow>,
    /// One row per offer and period, offers A→Z ("(none)" last), periods oldest first.
    pub offers: Vec<OfferCohortRow>,
}

/// Two offers' conversion and close rates compared.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OfferComparison {
    pub a: String,
    pub b: String,
    pub conversion: Option<Comparison>,
    pub close_rate: Option<Comparison>,
    /// The result in plain words.
    pub summary: String,
}

/// Kaplan–Meier curve of days from creation to a won deal, open (and lost) deals censored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimeToClose {
    pub offer: String,
    pub opportunities: u64,
    pub median_days: Option<f64>,
    pub curve: Vec<KmStep>,
}

/// Cadence compliance of one rep ("Total" for everyone).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CadenceRow {
    pub owner: String,
    /// Steps whose due time (plus grace) has passed.
    pub due: u64,
    pub on_time: u64,
    pub late: u64,
    pub missed: u64,
}

/// One lead's cadence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CadenceLead {
    pub owner: String,
    pub lead_id: String,
    pub offer: String,
    pub steps: Vec<CadenceStep>,
}

/// One step of a lead's cadence and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CadenceStep {
    pub name: String,
    /// Local due time.
    pub due: NaiveDateTime,
    /// "on time", "late", "missed" or "not yet due".
    pub status: StepState,
    /// Local time of the activity that met the step.
    pub done_at: Option<NaiveDateTime>,
}

/// What became of a cadence step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    #[serde(rename = "on time")]
    OnTime,
    #[serde(rename = "late")]
    Late,
    #[serde(rename = "missed")]
    Missed,
    #[serde(rename = "not yet due")]
    NotYetDue,
}

impl std::fmt::Display for StepState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::OnTime => "on time",
            Self::Late => "late",
            Self::Missed => "missed",
            Self::NotYetDue => "not yet due",
        })
    }
}

/// This Friday against earlier ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct History {
    /// The latest earlier report on record ("last Friday"); `None` the first time.
    pub previous: Option<NaiveDate>,
    /// Per rep: overdue now and then, newly overdue, fixed.
    pub reps: Vec<RepWeek>,
    pub totals: RepWeek,
    /// Overdue and stale totals over the last 12 reports, oldest first, this one last.
    pub backlog: Vec<BacklogPoint>,
    /// Each rep's overdue count on the same dates as `backlog`.
    pub rep_backlog: Vec<RepBacklog>,
    /// Rank-7 leads that came back.
    pub comebacks: Comebacks,
    /// The lead ids overdue now that were not overdue (or not there) in the previous
    /// report, sorted; empty the first time.
    #[serde(default)]
    pub newly_overdue: Vec<String>,
}

/// One rep's overdue leads this Friday against the previous report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RepWeek {
    pub owner: String,
    pub overdue_now: u64,
    /// `None` when there is no earlier report.
    pub overdue_before: Option<u64>,
    /// Overdue now, and not overdue (or not there) in the previous report.
    pub newly_overdue: u64,
    /// Overdue in the previous report and no longer overdue now.
    pub fixed: u64,
}

/// Overdue and stale totals of one report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BacklogPoint {
    /// The report's as-of date.
    pub as_of: NaiveDate,
    pub overdue: u64,
    pub stale: u64,
}

/// One rep's overdue count per report of the backlog.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepBacklog {
    pub owner: String,
    pub overdue: Vec<u64>,
}

/// Leads at rank 7 in an earlier report and at a better rank now.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Comebacks {
    pub leads: u64,
    pub converted: u64,
    /// converted ÷ leads.
    pub conversion: Option<f64>,
    /// Their opportunities won and lost, and won ÷ (won + lost).
    pub won: u64,
    pub lost: u64,
    pub close_rate: Option<f64>,
    /// This report's conversion and close rate over all leads, for comparison.
    pub all_conversion: Option<f64>,
    pub all_close_rate: Option<f64>,
    /// The comebacks per offer: which offers' rank-7 leads come back, by their rank history.
    pub by_offer: Vec<OfferComebacks>,
}

/// Rank-7 comebacks of one offer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OfferComebacks {
    pub offer: String,
    pub leads: u64,
    pub converted: u64,
}

/// A metric's name and its definition in words.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Definition {
    pub name: String,
    pub text: String,
}

/// The default of `[site] rows-per-list`, for Reports written before it existed.
fn rows_per_list() -> usize {
    500
}
