//! The Report: every number a renderer shows, computed once by `metrics`, serde-serializable.
//!
//! Renderers (XLSX, HTML, JSON) read a `Report` and never recompute a figure from it.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// Everything the Friday report shows, for one as-of date.
#[derive(Debug, Clone, Serialize)]
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
    /// Totals over all leads and opportunities.
    pub totals: GroupRow,
    /// One row per rep (lead owner for lead counts, opportunity owner for deal counts).
    pub reps: Vec<GroupRow>,
    /// What the second breakdown groups by: "Source", or "Product" when there is no source.
    pub source_label: String,
    /// One row per source (or product).
    pub sources: Vec<GroupRow>,
    /// Leads with no touch past their SLA, most overdue first within each rep, reps A→Z.
    pub overdue: Vec<OverdueLead>,
    /// Data-quality findings from ingest, in input order.
    pub findings: Vec<Finding>,
    /// Each metric's definition, in the order they are printed.
    pub definitions: Vec<Definition>,
}

/// Settings used for the run, as printed on the Definitions sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub timezone: String,
    pub default_sla_hours: f64,
    /// (offer keyword, SLA hours): a lead whose offer (or source) contains the keyword gets that SLA.
    pub offer_sla_hours: Vec<(String, f64)>,
    pub won_stages: Vec<String>,
    pub lost_stages: Vec<String>,
}

/// Which parts of the pipeline the export could feed.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Coverage {
    /// A leads table was found.
    pub leads: bool,
    /// Touch times are known (an activities table, or first-touch columns on the leads).
    pub touches: bool,
    /// Lead creation times are known, so SLAs can be judged.
    pub created: bool,
    /// Opportunities (a table, or stage columns on the leads) are known.
    pub opportunities: bool,
}

/// Counts and rates for one rep, one source, or everything.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupRow {
    /// Rep or source name; "(none)" when the export left it empty.
    pub name: String,
    pub leads: u64,
    /// Leads with at least one touch.
    pub contacted: u64,
    /// Leads with no touch at all.
    pub never_contacted: u64,
    /// Leads with no touch, open, and past their SLA at the as-of time.
    pub overdue: u64,
    /// Median calendar hours from creation to first touch, over contacted leads.
    pub median_hours_to_first_touch: Option<f64>,
    /// Leads that became an opportunity.
    pub converted: u64,
    /// Opportunities (deals) counted for this group.
    pub opportunities: u64,
    pub won: u64,
    pub lost: u64,
    /// converted ÷ leads; `None` when there are no leads.
    pub conversion: Option<f64>,
    /// won ÷ (won + lost); `None` when nothing has closed.
    pub close_rate: Option<f64>,
}

/// One lead nobody has touched although its SLA has passed: a red cell.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueLead {
    pub owner: String,
    pub lead_id: String,
    pub name: String,
    pub company: String,
    pub email: String,
    pub source: String,
    pub offer: String,
    /// Creation time, local to `settings.timezone`.
    pub created_at: NaiveDateTime,
    pub sla_hours: f64,
    /// Calendar hours from creation to the as-of time.
    pub age_hours: f64,
    /// Hours past the SLA (`age_hours - sla_hours`).
    pub hours_overdue: f64,
}

/// Something in the input that could not be used as it stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Short kind, e.g. "unparseable date", "duplicate lead id".
    pub kind: String,
    pub file: String,
    /// Sheet name; empty for CSV files.
    pub sheet: String,
    /// 1-based row (sheet row, or CSV line where the record starts); 0 when it is about the table.
    pub row: u64,
    /// Column header; empty when it is about the whole row.
    pub column: String,
    pub value: String,
    pub message: String,
}

/// A metric's name and its definition in words.
#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    pub name: String,
    pub text: String,
}
