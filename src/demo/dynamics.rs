//! The demo export as Dynamics 365 writes it with "Export to Excel" from the Leads,
//! Activities and Opportunities views: one workbook per view, the sheet named after the view,
//! hidden "(Do Not Modify)" columns first (record id, row checksum, modified on), a hidden
//! "hiddenSheet" with the view's metadata, dates as Excel date cells, lookups such as
//! "Regarding", "Originating Lead" and "Owner" written as the record's name, and "Rating" as
//! Hot, Warm or Cold (<https://learn.microsoft.com/en-us/power-apps/user/export-data-excel>;
//! column names from the lead, activity and opportunity tables of
//! <https://learn.microsoft.com/en-us/dynamics365/developer/reference/entities/lead>). The
//! offer is a custom column "Offer", as an organisation that tracks offers would add it.

use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDate;

use super::dialect::{column, text};
use super::xlsx::view_workbook;
use super::{Export, Table, Value};

/// A lead's, activity's or deal's record id: a GUID, numbered by `kind` and row.
fn guid(kind: u16, n: usize) -> String {
    format!("{n:08x}-{kind:04x}-ef11-a9b2-6045bd5f1c2e")
}

/// Dynamics' three ratings for the demo's ranks ("3", "#3", "7 - Inactive"): 1–3 Hot, 4–6
/// Warm, 7 Cold (the default `[input] ratings` reads them back as 1, 4 and 7).
fn rating(rank: &str) -> &'static str {
    let digits: String = rank
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u8>() {
        Ok(1..=3) => "Hot",
        Ok(4..=6) => "Warm",
        Ok(7) => "Cold",
        _ => "",
    }
}

/// Dynamics' activity types for the demo's.
fn activity_type(kind: &str) -> String {
    match kind {
        "Call" => "Phone Call".to_string(),
        "Meeting" => "Appointment".to_string(),
        other => other.to_string(),
    }
}

/// The three hidden bookkeeping cells of a row.
fn bookkeeping(kind: u16, n: usize, as_of: NaiveDate) -> [Value; 3] {
    [
        Value::Text(guid(kind, n)),
        Value::Text(format!("mZ{n:05}Qx9k=")),
        Value::Text(format!("{} 17:02:11", as_of.format("%m/%d/%Y"))),
    ]
}

/// The file name Dynamics gives an export of `view` made on `as_of`.
fn file_name(view: &str, as_of: NaiveDate) -> String {
    format!("{view} {} 5-02-11 PM.xlsx", as_of.format("%m-%d-%Y"))
}

/// The three workbooks, named as Dynamics names them.
///
/// # Errors
/// When a value cannot be written to a workbook.
pub(super) fn dynamics(export: &Export) -> Result<Vec<(String, Vec<u8>)>> {
    let leads = &export.leads;
    let get = |row: &[Value], header: &str| row[column(leads, header)].clone();
    let full_name = |row: &[Value]| {
        format!(
            "{} {}",
            text(&get(row, "First Name")),
            text(&get(row, "Last Name"))
        )
        .trim()
        .to_string()
    };
    // Each lead's name and company, by its demo id.
    let by_id: HashMap<String, (String, Value)> = leads
        .rows
        .iter()
        .map(|row| {
            (
                text(&get(row, "Lead ID")),
                (full_name(row), get(row, "Company")),
            )
        })
        .collect();
    let lead_view = Table {
        name: "My Open Leads",
        headers: vec![
            "(Do Not Modify) Lead",
            "(Do Not Modify) Row Checksum",
            "(Do Not Modify) Modified On",
            "Name",
            "Topic",
            "Status Reason",
            "Company Name",
            "Email",
            "Business Phone",
            "Lead Source",
            "Offer",
            "Rating",
            "Owner",
            "Created On",
        ],
        rows: leads
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = bookkeeping(0x0001, i + 1, export.as_of).to_vec();
                cells.extend([
                    Value::Text(full_name(row)),
                    Value::Text(format!("Interested in {}", text(&get(row, "Offer")))),
                    get(row, "Lead Status"),
                    get(row, "Company"),
                    get(row, "Email"),
                    get(row, "Phone"),
                    get(row, "Lead Source"),
                    get(row, "Offer"),
                    Value::Text(rating(&text(&get(row, "Rank"))).to_string()),
                    get(row, "Lead Owner"),
                    get(row, "Created Date"),
                ]);
                cells
            })
            .collect(),
    };
    let acts = &export.activities;
    let activity_view = Table {
        name: "All Activities",
        headers: vec![
            "(Do Not Modify) Activity",
            "(Do Not Modify) Row Checksum",
            "(Do Not Modify) Modified On",
            "Subject",
            "Regarding",
            "Activity Type",
            "Activity Status",
            "Owner",
            "Actual End",
        ],
        rows: acts
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let kind = activity_type(&text(&row[column(acts, "Activity Type")]));
                let lead = text(&row[column(acts, "Lead ID")]);
                let regarding = by_id.get(&lead).map_or(lead, |(name, _)| name.clone());
                let mut cells = bookkeeping(0x0002, i + 1, export.as_of).to_vec();
                cells.extend([
                    Value::Text(format!("{kind} with {regarding}")),
                    Value::Text(regarding),
                    Value::Text(kind),
                    Value::Text("Completed".to_string()),
                    row[column(acts, "Assigned To")].clone(),
                    row[column(acts, "Activity Date")].clone(),
                ]);
                cells
            })
            .collect(),
    };
    let opps = &export.opportunities;
    let opportunity_view = Table {
        name: "All Opportunities",
        headers: vec![
            "(Do Not Modify) Opportunity",
            "(Do Not Modify) Row Checksum",
            "(Do Not Modify) Modified On",
            "Topic",
            "Potential Customer",
            "Originating Lead",
            "Status",
            "Status Reason",
            "Est. Revenue",
            "Actual Close Date",
            "Owner",
            "Created On",
        ],
        rows: opps
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let stage = text(&row[column(opps, "Stage")]);
                let (status, reason) = if stage.contains("Won") {
                    ("Won", "Won")
                } else if stage.contains("Lost") {
                    ("Lost", "Out-Sold")
                } else {
                    ("Open", "In Progress")
                };
                let (lead, company) = by_id
                    .get(&text(&row[column(opps, "Lead ID")]))
                    .cloned()
                    .unwrap_or((String::new(), Value::Empty));
                let closed = if status == "Open" {
                    Value::Empty
                } else {
                    row[column(opps, "Close Date")].clone()
                };
                let mut cells = bookkeeping(0x0003, i + 1, export.as_of).to_vec();
                cells.extend([
                    Value::Text(format!("Deal {}", i + 1)),
                    company,
                    Value::Text(lead),
                    Value::Text(status.to_string()),
                    Value::Text(reason.to_string()),
                    row[column(opps, "Amount")].clone(),
                    closed,
                    row[column(opps, "Opportunity Owner")].clone(),
                    row[column(opps, "Created Date")].clone(),
                ]);
                cells
            })
            .collect(),
    };
    [
        (lead_view, "lead"),
        (activity_view, "activitypointer"),
        (opportunity_view, "opportunity"),
    ]
    .into_iter()
    .map(|(view, entity)| {
        let meta = [entity.to_string(), guid(0x00ff, 1), view.name.to_string()];
        let bytes = view_workbook(&view, view.name, 3, &meta)?;
        Ok((file_name(view.name, export.as_of), bytes))
    })
    .collect()
}
