//! The lead lists of the Report: the red (overdue) and amber (stale) leads, the cells to
//! fill, junk, duplicates, ranks, the grab-back list, and the week's new leads.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Leads created in the week up to the as-of date.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewLeads {
    /// First and last day (local) of the seven days.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub leads: u64,
    /// Of which look fake.
    pub junk: u64,
}

/// Who a lead is and whose it is: the first fields of every lead list (in the JSON they sit
/// at the top level of each entry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    /// The rep the lead counts under.
    pub owner: String,
    pub lead_id: String,
    pub name: String,
    pub company: String,
    pub email: String,
    pub source: String,
    pub offer: String,
}

/// A contacted lead gone quiet: an amber cell.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaleLead {
    #[serde(flatten)]
    pub lead: Lead,
    pub created_at: NaiveDateTime,
    pub sla_hours: f64,
    /// Calendar hours from creation to the as-of time.
    pub age_hours: f64,
    /// First touch (local); the lead is stale, so it has one unless only a last touch is known.
    pub first_touch_at: Option<NaiveDateTime>,
    pub last_touch_at: NaiveDateTime,
    pub days_since_touch: f64,
    /// The lead's rank 1–7 (1 best), when it has one.
    pub rank: Option<i32>,
    /// The lead's next cadence step not yet done, and when it is (or was) due, local.
    pub next_step: Option<String>,
    pub next_step_due: Option<NaiveDateTime>,
}

/// A lead that looks fake.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JunkLead {
    #[serde(flatten)]
    pub lead: Lead,
    pub phone: String,
    /// Short reason code, e.g. "fake name", "disposable email".
    pub reason: String,
    pub detail: String,
}

/// Leads that are one person or one company written twice.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// "lead id" or "email".
    pub by: String,
    pub key: String,
    pub lead_ids: Vec<String>,
    /// Distinct company keys (normalised, aliases applied) of the group's leads.
    pub companies: Vec<String>,
}

/// Rank distribution of one rep's open leads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RankRow {
    pub owner: String,
    /// Leads at rank 1, 2, ... 7.
    pub ranks: [u64; 7],
    pub unranked: u64,
}

/// A lead that goes back to marketing to nurture.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GrabBackLead {
    /// Why: "rank 7 or worse, no touch for 30 days" or "never worked, created over 90 days
    /// ago" (with the configured numbers).
    pub reason: String,
    #[serde(flatten)]
    pub lead: Lead,
    pub rank: Option<i32>,
    pub last_touch_at: Option<NaiveDateTime>,
    /// Days since the last touch, or since creation when never touched.
    pub days_quiet: f64,
}

/// A cell a rep should have filled: a red cell on the Follow-ups sheet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MissingInfo {
    /// The rep who should fill it: the lead's owner, or the deal's (`[attribution] deals`).
    pub owner: String,
    pub lead_id: String,
    /// The deal's id when the gap is on an opportunity; empty for a lead.
    pub opportunity_id: String,
    pub name: String,
    pub company: String,
    pub email: String,
    pub offer: String,
    pub rank: Option<i32>,
    /// The column to fill: "Rank", "First touch", "Amount" or "Close date".
    pub field: String,
    /// What is missing, in words.
    pub reason: String,
}

/// One lead nobody has touched although its SLA has passed: a red cell.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OverdueLead {
    #[serde(flatten)]
    pub lead: Lead,
    /// Creation time, local to `settings.timezone`.
    pub created_at: NaiveDateTime,
    pub sla_hours: f64,
    /// When the SLA ran out (local), on the SLA clock.
    pub deadline: NaiveDateTime,
    /// Calendar hours from creation to the as-of time.
    pub age_hours: f64,
    /// Calendar hours from the deadline to the as-of time.
    pub hours_overdue: f64,
    /// The lead's rank 1–7 (1 best), when it has one.
    pub rank: Option<i32>,
    /// Ranked `[follow-up] hot-rank` or better: a great prospect nobody called, the whole
    /// row in vibrant red.
    pub hot: bool,
    /// The lead's next cadence step not yet done, and when it is (or was) due, local.
    pub next_step: Option<String>,
    pub next_step_due: Option<NaiveDateTime>,
}
