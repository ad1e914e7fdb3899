//! The demo export written the way a CRM writes it (`friday demo --dialect …`), for testing
//! that each dialect reads to the same report as the plain export of the same data:
//!
//! - `salesforce-export`: the weekly Data Export Service: `Lead.csv`, `Task.csv`,
//!   `Opportunity.csv`, `User.csv` with API field names, 18-character ids, owners as user
//!   ids, ISO 8601 UTC times with milliseconds, `true`/`false`, custom fields ending in `__c`,
//!   deals linked from the lead's `ConvertedOpportunityId` (field names from the Salesforce
//!   field reference, <https://developer.salesforce.com/docs/platform/field-reference/>).
//! - `hubspot`: contacts, activities and deals exports: "Record ID", "Contact owner", "Create
//!   Date", "Original Source", deals tied to contacts by "Associated Contact IDs"
//!   (<https://knowledge.hubspot.com/import-and-export/export-records>).
//! - `pipedrive`: leads, activities and deals with "<Entity> - <Field>" headers, "Deal -
//!   Status" open/won/lost and "Deal - Won time" / "Deal - Lost time"
//!   (<https://support.pipedrive.com/en/article/exporting-data>; the activity and lead-link
//!   column names are not confirmed by Pipedrive's documentation).
//! - `zoho`: `Leads.csv`, `Calls.csv`, `Potentials.csv` with Zoho's headers (LEADID, "Lead
//!   Owner", "Created Time" as "15 Apr, 2021 00:03:00", "$22,700.00" amounts), as in Zoho's
//!   own sample export.
//! - `dynamics`: Dynamics 365 "Export to Excel" of the Leads, Activities and Opportunities
//!   views (see `dynamics.rs`).
//! - `salesforce-report`: one "Details Only" report export per object: every value quoted,
//!   US dates ("11/18/2026 9:15 AM"), the report's labels ("Company / Account", "Create
//!   Date"), and the closing lines after a blank line ("Confidential Information - Do Not
//!   Distribute", the copyright line).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDateTime;

use super::{Export, Table, Value};

pub(crate) use crate::cli::Dialect;

/// An 18-character Salesforce id with the object's key prefix ("00Q" lead, "005" user, "006"
/// opportunity, "00T" task).
fn sf_id(prefix: &str, n: usize) -> String {
    format!("{prefix}8c000{n:07}AAA")
}

/// ISO 8601 in UTC with milliseconds, as the Data Export writes date-times.
fn iso(at: &NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S.000Z").to_string()
}

/// A report's US date and time: "11/18/2026 9:15 AM".
fn us(at: &NaiveDateTime) -> String {
    at.format("%m/%d/%Y %-I:%M %p").to_string()
}

pub(super) fn text(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(s) => s.clone(),
        Value::Amount(x) => format!("{x:.2}"),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// Every field quoted, as Salesforce writes CSV.
fn quoted(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
        .collect();
    quoted.join(",")
}

pub(super) fn column(table: &Table, header: &str) -> usize {
    table
        .headers
        .iter()
        .position(|h| *h == header)
        .unwrap_or_else(|| panic!("the demo's {} table has a {header} column", table.name))
}

/// Writes the export in `dialect` into `dir`; returns the files written.
///
/// # Errors
/// When the folder cannot be created or a file cannot be written.
pub(crate) fn write(export: &Export, dialect: Dialect, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let csv = |files: Vec<(&str, String)>| -> Vec<(String, Vec<u8>)> {
        files
            .into_iter()
            .map(|(name, text)| (name.to_string(), text.into_bytes()))
            .collect()
    };
    let files = match dialect {
        Dialect::SalesforceExport => csv(salesforce_export(export)),
        Dialect::SalesforceReport => csv(salesforce_report(export)),
        Dialect::Hubspot => csv(hubspot(export)),
        Dialect::Pipedrive => csv(pipedrive(export)),
        Dialect::Zoho => csv(zoho(export)),
        Dialect::Dynamics => super::dynamics::dynamics(export)?,
    };
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn salesforce_export(export: &Export) -> Vec<(&'static str, String)> {
    // Each rep's user id, by the rep's place in name order.
    let users: HashMap<String, usize> = [
        (&export.leads, "Lead Owner"),
        (&export.activities, "Assigned To"),
        (&export.opportunities, "Opportunity Owner"),
    ]
    .iter()
    .flat_map(|(table, header)| {
        let col = column(table, header);
        table.rows.iter().map(move |row| text(&row[col]))
    })
    .collect::<BTreeSet<String>>()
    .into_iter()
    .enumerate()
    .map(|(i, rep)| (rep, i + 1))
    .collect();
    let user = |name: &str| sf_id("005", users.get(name).copied().unwrap_or(1));
    let leads = &export.leads;
    // Each lead's row, by its demo id.
    let lead_rows: HashMap<String, usize> = leads
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| (text(&row[0]), i))
        .collect();
    let lead_sf = |id: &str| sf_id("00Q", lead_rows.get(id).map_or(1, |i| i + 1));
    let opps = &export.opportunities;
    let (opp_lead, opp_owner, opp_created, opp_stage, opp_close, opp_amount) = (
        column(opps, "Lead ID"),
        column(opps, "Opportunity Owner"),
        column(opps, "Created Date"),
        column(opps, "Stage"),
        column(opps, "Close Date"),
        column(opps, "Amount"),
    );
    // The deal each lead was converted into: its first.
    let mut converted: Vec<Option<usize>> = vec![None; leads.rows.len()];
    for (i, row) in opps.rows.iter().enumerate() {
        if let Some(&at) = lead_rows.get(&text(&row[opp_lead]))
            && converted[at].is_none()
        {
            converted[at] = Some(i);
        }
    }
    let mut lead_csv = quoted(
        &[
            "Id",
            "OwnerId",
            "FirstName",
            "LastName",
            "Company",
            "Email",
            "Phone",
            "LeadSource",
            "Offer__c",
            "Status",
            "Rank__c",
            "CreatedDate",
            "IsConverted",
            "ConvertedOpportunityId",
        ]
        .map(String::from),
    );
    for (i, row) in leads.rows.iter().enumerate() {
        let created = match &row[column(leads, "Created Date")] {
            Value::DateTime(at) => iso(at),
            other => text(other),
        };
        let deal = converted[i]
            .map(|d| sf_id("006", d + 1))
            .unwrap_or_default();
        let fields = [
            sf_id("00Q", i + 1),
            user(&text(&row[column(leads, "Lead Owner")])),
            text(&row[column(leads, "First Name")]),
            text(&row[column(leads, "Last Name")]),
            text(&row[column(leads, "Company")]),
            text(&row[column(leads, "Email")]),
            text(&row[column(leads, "Phone")]),
            text(&row[column(leads, "Lead Source")]),
            text(&row[column(leads, "Offer")]),
            text(&row[column(leads, "Lead Status")]),
            text(&row[column(leads, "Rank")]),
            created,
            if deal.is_empty() { "false" } else { "true" }.to_string(),
            deal,
        ];
        let _ = write!(lead_csv, "\n{}", quoted(&fields));
    }
    let acts = &export.activities;
    let mut task_csv = quoted(
        &[
            "Id",
            "WhoId",
            "OwnerId",
            "Subject",
            "TaskSubtype",
            "Status",
            "CompletedDateTime",
        ]
        .map(String::from),
    );
    for (i, row) in acts.rows.iter().enumerate() {
        let kind = text(&row[column(acts, "Activity Type")]);
        let at = match &row[column(acts, "Activity Date")] {
            Value::DateTime(at) => iso(at),
            other => text(other),
        };
        let fields = [
            sf_id("00T", i + 1),
            lead_sf(&text(&row[column(acts, "Lead ID")])),
            user(&text(&row[column(acts, "Assigned To")])),
            kind.clone(),
            kind,
            "Completed".to_string(),
            at,
        ];
        let _ = write!(task_csv, "\n{}", quoted(&fields));
    }
    let mut opp_csv = quoted(
        &[
            "Id",
            "OwnerId",
            "Name",
            "StageName",
            "CloseDate",
            "Amount",
            "CreatedDate",
            "IsWon",
            "IsClosed",
        ]
        .map(String::from),
    );
    for (i, row) in opps.rows.iter().enumerate() {
        let stage = text(&row[opp_stage]);
        let created = match &row[opp_created] {
            Value::DateTime(at) => iso(at),
            other => text(other),
        };
        let fields = [
            sf_id("006", i + 1),
            user(&text(&row[opp_owner])),
            format!("Deal {}", i + 1),
            stage.clone(),
            text(&row[opp_close]),
            text(&row[opp_amount]),
            created,
            stage.contains("Won").to_string(),
            stage.starts_with("Closed").to_string(),
        ];
        let _ = write!(opp_csv, "\n{}", quoted(&fields));
    }
    let mut user_csv = quoted(&["Id", "Username", "Name", "IsActive"].map(String::from));
    let mut reps: Vec<(&String, &usize)> = users.iter().collect();
    reps.sort_by_key(|(_, n)| **n);
    for (rep, n) in reps {
        let login = format!("{}@example.com", rep.to_lowercase().replace(' ', "."));
        let fields = [sf_id("005", *n), login, rep.clone(), "true".to_string()];
        let _ = write!(user_csv, "\n{}", quoted(&fields));
    }
    vec![
        ("Lead.csv", lead_csv + "\n"),
        ("Task.csv", task_csv + "\n"),
        ("Opportunity.csv", opp_csv + "\n"),
        ("User.csv", user_csv + "\n"),
    ]
}

/// The closing lines of a Salesforce report export.
const REPORT_FOOTER: &str = "\n\"Confidential Information - Do Not Distribute\"\n\"Copyright © 2000-2026 salesforce.com, inc. All rights reserved.\"\n";

fn salesforce_report(export: &Export) -> Vec<(&'static str, String)> {
    let report = |table: &Table, labels: &[(&str, &str)]| -> String {
        let mut out = quoted(
            &labels
                .iter()
                .map(|(l, _)| (*l).to_string())
                .collect::<Vec<_>>(),
        );
        for row in &table.rows {
            let fields: Vec<String> = labels
                .iter()
                .map(|(_, header)| match &row[column(table, header)] {
                    Value::DateTime(at) => us(at),
                    Value::Date(d) => d.format("%m/%d/%Y").to_string(),
                    other => text(other),
                })
                .collect();
            let _ = write!(out, "\n{}", quoted(&fields));
        }
        out + "\n" + REPORT_FOOTER
    };
    vec![
        (
            "Leads report.csv",
            report(
                &export.leads,
                &[
                    ("Lead Owner", "Lead Owner"),
                    ("Lead ID", "Lead ID"),
                    ("First Name", "First Name"),
                    ("Last Name", "Last Name"),
                    ("Company / Account", "Company"),
                    ("Email", "Email"),
                    ("Phone", "Phone"),
                    ("Lead Source", "Lead Source"),
                    ("Offer", "Offer"),
                    ("Lead Status", "Lead Status"),
                    ("Rank", "Rank"),
                    ("Create Date", "Created Date"),
                ],
            ),
        ),
        (
            "Activities report.csv",
            report(
                &export.activities,
                &[
                    ("Assigned To", "Assigned To"),
                    ("Lead ID", "Lead ID"),
                    ("Task Subtype", "Activity Type"),
                    ("Activity Date", "Activity Date"),
                ],
            ),
        ),
        (
            "Opportunities report.csv",
            report(
                &export.opportunities,
                &[
                    ("Opportunity Owner", "Opportunity Owner"),
                    ("Opportunity ID", "Opportunity ID"),
                    ("Lead ID", "Lead ID"),
                    ("Stage", "Stage"),
                    ("Amount", "Amount"),
                    ("Close Date", "Close Date"),
                    ("Created Date", "Created Date"),
                ],
            ),
        ),
    ]
}

/// How a renamed table writes its times and amounts.
struct Style {
    at: fn(&NaiveDateTime) -> String,
    date: &'static str,
    amount: fn(f64) -> String,
}

/// `table` as CSV with the columns `labels` (new header, demo header), in that order.
fn renamed(table: &Table, labels: &[(&str, &str)], style: &Style) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = labels
        .iter()
        .map(|(l, _)| quote(l))
        .collect::<Vec<_>>()
        .join(",");
    for row in &table.rows {
        let fields: Vec<String> = labels
            .iter()
            .map(|(_, header)| {
                let value = match &row[column(table, header)] {
                    Value::DateTime(at) => (style.at)(at),
                    Value::Date(d) => d.format(style.date).to_string(),
                    Value::Amount(x) => (style.amount)(*x),
                    other => text(other),
                };
                quote(&value)
            })
            .collect();
        let _ = write!(out, "\n{}", fields.join(","));
    }
    out + "\n"
}

fn plain_amount(x: f64) -> String {
    format!("{x:.2}")
}

fn hubspot(export: &Export) -> Vec<(&'static str, String)> {
    let style = Style {
        at: |at| at.format("%Y-%m-%d %H:%M").to_string(),
        date: "%Y-%m-%d",
        amount: plain_amount,
    };
    vec![
        (
            "hubspot-crm-exports-all-contacts-2026-11-20.csv",
            renamed(
                &export.leads,
                &[
                    ("Record ID", "Lead ID"),
                    ("First Name", "First Name"),
                    ("Last Name", "Last Name"),
                    ("Company Name", "Company"),
                    ("Email", "Email"),
                    ("Phone Number", "Phone"),
                    ("Original Source", "Lead Source"),
                    ("Offer", "Offer"),
                    ("Contact owner", "Lead Owner"),
                    ("Create Date", "Created Date"),
                    ("Lead Status", "Lead Status"),
                    ("Rank", "Rank"),
                ],
                &style,
            ),
        ),
        (
            "hubspot-crm-exports-all-activities-2026-11-20.csv",
            renamed(
                &export.activities,
                &[
                    ("Record ID", "Activity ID"),
                    ("Associated Contact IDs", "Lead ID"),
                    ("Activity Owner", "Assigned To"),
                    ("Activity Type", "Activity Type"),
                    ("Activity Date", "Activity Date"),
                ],
                &style,
            ),
        ),
        (
            "hubspot-crm-exports-all-deals-2026-11-20.csv",
            renamed(
                &export.opportunities,
                &[
                    ("Record ID", "Opportunity ID"),
                    ("Associated Contact IDs", "Lead ID"),
                    ("Deal owner", "Opportunity Owner"),
                    ("Create Date", "Created Date"),
                    ("Deal Stage", "Stage"),
                    ("Close Date", "Close Date"),
                    ("Amount", "Amount"),
                ],
                &style,
            ),
        ),
    ]
}

fn pipedrive(export: &Export) -> Vec<(&'static str, String)> {
    let style = Style {
        at: |at| at.format("%Y-%m-%d %H:%M:%S").to_string(),
        date: "%Y-%m-%d",
        amount: plain_amount,
    };
    vec![
        (
            "leads.csv",
            renamed(
                &export.leads,
                &[
                    ("Lead - ID", "Lead ID"),
                    ("Person - First name", "First Name"),
                    ("Person - Last name", "Last Name"),
                    ("Organization - Name", "Company"),
                    ("Person - Email", "Email"),
                    ("Person - Phone", "Phone"),
                    ("Lead - Source", "Lead Source"),
                    ("Lead - Offer", "Offer"),
                    ("Lead - Owner", "Lead Owner"),
                    ("Lead - Lead created", "Created Date"),
                    ("Lead - Status", "Lead Status"),
                    ("Lead - Rank", "Rank"),
                ],
                &style,
            ),
        ),
        (
            "activities.csv",
            renamed(
                &export.activities,
                &[
                    ("Activity - ID", "Activity ID"),
                    ("Activity - Lead ID", "Lead ID"),
                    ("Activity - Assigned to user", "Assigned To"),
                    ("Activity - Type", "Activity Type"),
                    ("Activity - Marked as done time", "Activity Date"),
                ],
                &style,
            ),
        ),
        (
            "deals.csv",
            renamed(
                &export.opportunities,
                &[
                    ("Deal - ID", "Opportunity ID"),
                    ("Deal - Lead ID", "Lead ID"),
                    ("Deal - Owner", "Opportunity Owner"),
                    ("Deal - Deal created", "Created Date"),
                    ("Deal - Stage", "Stage"),
                    ("Deal - Close date", "Close Date"),
                    ("Deal - Value", "Amount"),
                ],
                &style,
            ),
        ),
    ]
}

fn zoho(export: &Export) -> Vec<(&'static str, String)> {
    let style = Style {
        at: |at| at.format("%d %b, %Y %H:%M:%S").to_string(),
        date: "%d %b, %Y",
        amount: |x| {
            let whole = format!("{:.2}", x);
            let (int, frac) = whole.split_once('.').unwrap_or((&whole, "00"));
            let mut grouped = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            format!("${grouped}.{frac}")
        },
    };
    vec![
        (
            "Leads.csv",
            renamed(
                &export.leads,
                &[
                    ("LEADID", "Lead ID"),
                    ("First Name", "First Name"),
                    ("Last Name", "Last Name"),
                    ("Company", "Company"),
                    ("Lead Owner", "Lead Owner"),
                    ("Email", "Email"),
                    ("Mobile", "Phone"),
                    ("Lead Source", "Lead Source"),
                    ("Offer", "Offer"),
                    ("Lead Status", "Lead Status"),
                    ("Rank", "Rank"),
                    ("Created Time", "Created Date"),
                ],
                &style,
            ),
        ),
        (
            "Calls.csv",
            renamed(
                &export.activities,
                &[
                    ("TASKID", "Activity ID"),
                    ("Call Start Time", "Activity Date"),
                    ("Call Owner", "Assigned To"),
                    ("Call Type", "Activity Type"),
                    ("LEADID", "Lead ID"),
                ],
                &style,
            ),
        ),
        (
            "Potentials.csv",
            renamed(
                &export.opportunities,
                &[
                    ("Potential Name", "Opportunity ID"),
                    ("Potential Owner", "Opportunity Owner"),
                    ("Created Time", "Created Date"),
                    ("Closing Date", "Close Date"),
                    ("Amount", "Amount"),
                    ("Stage", "Stage"),
                    ("LEADID", "Lead ID"),
                ],
                &style,
            ),
        ),
    ]
}
