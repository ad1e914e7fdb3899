//! `friday demo`: a deterministic, realistic CRM export (leads, activities, opportunities).
//!
//! The data tells the story the Friday report is built to show: ten reps of uneven diligence,
//! white papers that bring many fake leads, trial downloads that convert, trade-show leads
//! nobody calls, and fresh leads whose follow-up is not yet due. The same [`DemoOptions`]
//! always give the same [`Export`], byte for byte once written.

mod csv;
pub(crate) mod dialect;
mod dynamics;
pub(crate) mod names;
mod offer;
mod people;
mod rng;
mod story;
mod xlsx;

pub(crate) use csv::write_csv;
pub(crate) use xlsx::write_xlsx;

use chrono::{NaiveDate, NaiveDateTime};

/// What to generate: how many leads, from which seed, as of which day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoOptions {
    /// Number of leads (rows of the Leads table).
    pub leads: usize,
    /// Seed of the pseudo-random generator; the same seed gives the same export.
    pub seed: u64,
    /// The day of the export: every date and time in it falls before this day starts.
    pub as_of: NaiveDate,
}

/// A CRM export: three tables, as a Salesforce report export would give them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Export {
    /// The day of the export (the "as of" in the Leads title row and the file's creation time).
    pub as_of: NaiveDate,
    /// One row per lead: who, from where, which offer, which rep, status and rank.
    pub leads: Table,
    /// One row per call, e-mail or meeting logged against a lead.
    pub activities: Table,
    /// One row per opportunity a lead became.
    pub opportunities: Table,
}

/// One table of an export: a name (the sheet name), a header row and typed rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// Sheet name: "Leads", "Activities" or "Opportunities".
    pub name: &'static str,
    /// Column headers, Salesforce style.
    pub headers: Vec<&'static str>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<Value>>,
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A blank cell.
    Empty,
    /// Text, written as a string cell.
    Text(String),
    /// Money, written with a currency format.
    Amount(f64),
    /// A calendar date.
    Date(NaiveDate),
    /// A date and time to the minute.
    DateTime(NaiveDateTime),
}

/// Headers of the Leads table.
pub(crate) const LEAD_HEADERS: [&str; 12] = [
    "Lead ID",
    "First Name",
    "Last Name",
    "Company",
    "Email",
    "Phone",
    "Lead Source",
    "Offer",
    "Lead Owner",
    "Created Date",
    "Lead Status",
    "Rank",
];

/// Headers of the Activities table.
pub(crate) const ACTIVITY_HEADERS: [&str; 5] = [
    "Activity ID",
    "Lead ID",
    "Assigned To",
    "Activity Type",
    "Activity Date",
];

/// Headers of the Opportunities table.
pub(crate) const OPPORTUNITY_HEADERS: [&str; 7] = [
    "Opportunity ID",
    "Lead ID",
    "Opportunity Owner",
    "Created Date",
    "Stage",
    "Close Date",
    "Amount",
];

/// Generates the export described by `opts`; the same options always give the same export.
#[must_use]
pub(crate) fn generate(opts: &DemoOptions) -> Export {
    let story = story::Story::tell(opts);

    let leads = story
        .leads
        .iter()
        .enumerate()
        .map(|(i, lead)| {
            vec![
                Value::Text(lead_id(i)),
                Value::Text(lead.person.first.clone()),
                Value::Text(lead.person.last.clone()),
                Value::Text(lead.person.company.clone()),
                Value::Text(lead.person.email.clone()),
                text_or_empty(&lead.person.phone),
                Value::Text(lead.source.to_owned()),
                Value::Text(lead.offer.label().to_owned()),
                Value::Text(names::REPS[lead.owner].to_owned()),
                Value::DateTime(lead.created),
                Value::Text(lead.status.to_owned()),
                Value::Text(lead.rank.clone()),
            ]
        })
        .collect();

    let activities = story
        .touches
        .iter()
        .enumerate()
        .map(|(i, touch)| {
            vec![
                Value::Text(format!("A-{:07}", i + 1)),
                Value::Text(lead_id(touch.lead)),
                Value::Text(names::REPS[touch.owner].to_owned()),
                Value::Text(touch.kind.to_owned()),
                Value::DateTime(touch.at),
            ]
        })
        .collect();

    let opportunities = story
        .opportunities
        .iter()
        .enumerate()
        .map(|(i, opp)| {
            vec![
                Value::Text(format!("O-{:05}", i + 1)),
                Value::Text(lead_id(opp.lead)),
                Value::Text(names::REPS[opp.owner].to_owned()),
                Value::DateTime(opp.created),
                Value::Text(opp.stage.to_owned()),
                opp.closed.map_or(Value::Empty, Value::Date),
                Value::Amount(opp.amount),
            ]
        })
        .collect();

    Export {
        as_of: opts.as_of,
        leads: Table {
            name: "Leads",
            headers: LEAD_HEADERS.to_vec(),
            rows: leads,
        },
        activities: Table {
            name: "Activities",
            headers: ACTIVITY_HEADERS.to_vec(),
            rows: activities,
        },
        opportunities: Table {
            name: "Opportunities",
            headers: OPPORTUNITY_HEADERS.to_vec(),
            rows: opportunities,
        },
    }
}

/// The options behind the committed `sample-data/` export: 2,500 leads as of Friday 2026-11-20.
#[must_use]
#[cfg(test)]
pub(crate) fn sample_options() -> DemoOptions {
    DemoOptions {
        leads: 2500,
        seed: 7,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
    }
}

/// The id of the lead at `index` (0-based): "L-000001" for the first.
fn lead_id(index: usize) -> String {
    format!("L-{:06}", index + 1)
}

fn text_or_empty(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_owned())
    }
}

#[cfg(test)]
mod tests;
