//! Exports as each CRM really writes them (issue 15): Salesforce's weekly Data Export (API
//! field names, owners as user ids named through `User.csv`, deals linked through the lead's
//! `ConvertedOpportunityId`, the zip as delivered) and Salesforce report exports with their
//! title rows, totals rows and closing lines. The fixtures are in `tests/fixtures/dialects/`
//! (its README says where each shape comes from); every expected value is worked out by hand.

use super::metrics::{pick, picks};
use super::{friday, report_json, stderr};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dialects")
        .join(name)
}

const EXPORT_FILES: [&str; 4] = ["Lead.csv", "Task.csv", "Opportunity.csv", "User.csv"];

/// Name, leads, contacted, converted, won for each rep.
fn reps(r: &Value) -> Vec<Value> {
    picks(
        &r["reps"],
        &["name", "leads", "contacted", "converted", "won"],
    )
}

/// The figures of the Data Export fixture, as of Friday 2026-11-20 end of day (UTC):
/// - Ann Lee (user ...UUUU1AAA) owns Jo Park (Hot, created Wed 18 Nov 09:15, untouched:
///   72 working hours run to Mon 23 Nov, so pending) and Max Roe (called 3 Nov, quiet for 17
///   days > 14: stale).
/// - Bob Stone (...UUUU2AAA) owns Lia Chen, emailed the day after creation, converted into
///   deal 0068c00000OOOO1AAA, Closed Won on 10 Nov.
/// - Sam Ito's owner ...UUUU9AAA is not in User.csv: shown as the id, one finding.
fn assert_export_figures(r: &Value) {
    assert_eq!(
        reps(r),
        [
            json!({"name": "0058c00000UUUU9AAA", "leads": 1, "contacted": 0, "converted": 0, "won": 0}),
            json!({"name": "Ann Lee", "leads": 2, "contacted": 1, "converted": 0, "won": 0}),
            json!({"name": "Bob Stone", "leads": 1, "contacted": 1, "converted": 1, "won": 1}),
        ]
    );
    let stale: Vec<Value> = picks(&r["stale"], &["owner", "lead_id", "name", "rank", "offer"]);
    assert_eq!(
        stale,
        [
            json!({"owner": "Ann Lee", "lead_id": "00Q8c00000AAAA2EAA", "name": "Max Roe", "rank": 4, "offer": "Trial Download"})
        ]
    );
    assert_eq!(r["overdue"], json!([]));
    // Won 10 Nov 00:00 from a lead created 20 Oct 10:30: 20 days 13.5 hours. Without the link
    // through ConvertedOpportunityId the deal's own creation (28 Oct 12:00) would give 12.5.
    assert_eq!(r["totals"]["median_days_to_win"], json!(20.5625));
    let findings: Vec<Value> = picks(&r["findings"], &["kind", "row", "column", "value"]);
    assert_eq!(
        findings,
        [
            json!({"kind": "owner id without a user", "row": 5, "column": "OwnerId", "value": "0058c00000UUUU9AAA"})
        ]
    );
}

#[test]
fn a_salesforce_data_export_reads_with_owners_named_and_deals_linked() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<PathBuf> = EXPORT_FILES
        .iter()
        .map(|f| fixture("salesforce-export").join(f))
        .collect();
    let r = report_json(dir.path(), &inputs);
    assert_export_figures(&r);
    let mut args = vec!["check".to_string()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let check: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = friday(&check, dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\nOwners named through User.csv (2 users)\n"),
        "{text}"
    );
    assert!(
        text.contains("    ConvertedOpportunityId -> opportunity-id\n    Offer__c -> offer\n"),
        "{text}"
    );
    assert!(
        text.contains("Lead.csv (header row 1, UTF-8, delimiter ','): leads, 4 rows (Salesforce Data Export)\n"),
        "{text}"
    );
    // init says what it recognised and what it did about it.
    args[0] = "init".to_string();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = friday(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(dir.path().join("friday.toml")).unwrap();
    assert!(
        toml.contains("\n# Recognised: Salesforce Data Export (Lead.csv, Task.csv, Opportunity.csv).\n# Owners given as user ids are named through User.csv (2 users).\n"),
        "{toml}"
    );
    // The next report reads friday.toml from the folder and gives the same figures.
    assert_export_figures(&report_json(dir.path(), &inputs));
}

#[test]
fn the_data_export_zip_reads_as_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("WE_00D8c000001abcdEAA_1.ZIP");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.add_directory("__MACOSX/", options).unwrap();
    for file in EXPORT_FILES {
        zip.start_file(file, options).unwrap();
        std::io::Write::write_all(
            &mut zip,
            &std::fs::read(fixture("salesforce-export").join(file)).unwrap(),
        )
        .unwrap();
    }
    zip.start_file("Attachment.bin", options).unwrap();
    std::io::Write::write_all(&mut zip, b"\0\x01").unwrap();
    zip.finish().unwrap();
    let r = report_json(dir.path(), &[zip_path]);
    assert_export_figures(&r);
    assert_eq!(
        r["findings"][0]["file"],
        "WE_00D8c000001abcdEAA_1.ZIP/Lead.csv"
    );
}

#[test]
fn a_salesforce_report_csv_loses_its_closing_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("salesforce-report-details.csv");
    let out = friday(&["check", &input.display().to_string()], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("leads, 3 rows (Salesforce report export)\n    2 footer lines skipped\n"),
        "{text}"
    );
    assert!(text.contains("Problems in the data (0)"), "{text}");
    let r = report_json(dir.path(), &[input]);
    assert_eq!(
        reps(&r),
        [
            json!({"name": "Ann Lee", "leads": 2, "contacted": null, "converted": 0, "won": null}),
            json!({"name": "Bob Stone", "leads": 1, "contacted": null, "converted": 0, "won": null}),
        ]
    );
    assert_eq!(r["findings"], json!([]));
}

/// A Formatted Report saved as XLSX: title, "as of" and filter rows above the header, the
/// table from column B, a totals row, then the closing lines.
#[test]
fn a_salesforce_formatted_report_loses_its_title_totals_and_closing_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Leads by Owner-2026-11-20-17-02-11.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 1, "Leads by Owner").unwrap();
    sheet.write(1, 1, "As of 11/20/2026 5:02 PM").unwrap();
    sheet
        .write(2, 1, "Filtered By: Lead Status not equal to Closed")
        .unwrap();
    let header = [
        "Lead Owner",
        "First Name",
        "Last Name",
        "Company / Account",
        "Email",
        "Lead Source",
        "Create Date",
    ];
    let rows = [
        [
            "Ann Lee",
            "Jo",
            "Park",
            "Acme",
            "jo@acme.com",
            "Web",
            "11/18/2026",
        ],
        [
            "Ann Lee",
            "Max",
            "Roe",
            "Initech",
            "max@initech.com",
            "Web",
            "11/02/2026",
        ],
        [
            "Bob Stone",
            "Lia",
            "Chen",
            "Globex",
            "lia@globex.com",
            "Web",
            "11/19/2026",
        ],
    ];
    for (col, text) in header.iter().enumerate() {
        sheet.write(4, 1 + col as u16, *text).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, text) in row.iter().enumerate() {
            sheet.write(5 + r as u32, 1 + col as u16, *text).unwrap();
        }
    }
    sheet.write(8, 1, "Total").unwrap();
    sheet.write(8, 7, 3).unwrap();
    sheet
        .write(10, 1, "Confidential Information - Do Not Distribute")
        .unwrap();
    sheet
        .write(
            11,
            1,
            "Copyright © 2000-2026 salesforce.com, inc. All rights reserved.",
        )
        .unwrap();
    book.save(&path).unwrap();
    let out = friday(&["check", &path.display().to_string()], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "(header row 5): leads, 3 rows (Salesforce report export)\n    2 footer lines and 1 totals row skipped\n"
        ),
        "{text}"
    );
    let r = report_json(dir.path(), &[path]);
    assert_eq!(
        reps(&r),
        [
            json!({"name": "Ann Lee", "leads": 2, "contacted": null, "converted": 0, "won": null}),
            json!({"name": "Bob Stone", "leads": 1, "contacted": null, "converted": 0, "won": null}),
        ]
    );
    assert_eq!(r["findings"], json!([]), "{}", stderr(&out));
}

/// Guesses a user can trust, on exports shaped like the real ones in `../shared/realdata`:
/// Zoho's "Junk Lead" status, "Google" and "google", an export of won deals only (olist).
#[test]
fn crm_statuses_spellings_and_won_only_deals_are_read_as_meant() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "Lead ID,Lead Owner,Lead Source,Lead Status,Created Time,Converted\n\
         L1,Ann Lee,Google,Junk Lead,2026-11-02 09:00,false\n\
         L2,ann lee,google,Contacted,2026-11-03 09:00,true\n\
         L3,Bob Stone,google ,Contacted,2026-11-04 09:00,true\n\
         L4,Bob Stone,Referral,Not Contacted,2026-11-05 09:00,false\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deals.csv"),
        "Deal ID,Lead ID,Deal Owner,Stage,Close Date,Amount\n\
         D1,L2,Ann Lee,Closed Won,2026-11-10,100\n\
         D2,L3,Bob Stone,Closed Won,2026-11-12,200\n",
    )
    .unwrap();
    let r = report_json(
        dir.path(),
        &[dir.path().join("leads.csv"), dir.path().join("deals.csv")],
    );
    // "ann lee" is Ann Lee; L1 is junk by its status, so Ann has 2 leads, 1 junk.
    let reps: Vec<Value> = picks(
        &r["reps"],
        &["name", "leads", "junk", "won", "close_rate", "win_rate"],
    );
    assert_eq!(
        reps,
        [
            json!({"name": "Ann Lee", "leads": 2, "junk": 1, "won": 1, "close_rate": null, "win_rate": null}),
            json!({"name": "Bob Stone", "leads": 2, "junk": 0, "won": 1, "close_rate": null, "win_rate": null}),
        ]
    );
    assert_eq!(
        pick(&r["junk_leads"][0], &["lead_id", "reason", "detail"]),
        json!({"lead_id": "L1", "reason": "marked junk in the CRM", "detail": "status \"Junk Lead\" says so"})
    );
    // Three spellings of Google, two of them "google": one source, in that spelling.
    let sources: Vec<Value> = picks(&r["sources"], &["name", "leads"]);
    assert_eq!(
        sources,
        [
            json!({"name": "google", "leads": 3}),
            json!({"name": "Referral", "leads": 1}),
        ]
    );
    assert_eq!(r["coverage"]["outcomes"], json!(false));
    assert_eq!(r["totals"]["close_rate"], json!(null));
    let close: Vec<&Value> = r["headline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["key"] == "close_rate" || f["key"] == "win_rate")
        .collect();
    assert_eq!(close.len(), 1, "{close:?}");
    assert_eq!(
        pick(close[0], &["text", "value", "note"]),
        json!({"text": "—", "value": null, "note": "the export holds won deals only, so close rate cannot be judged from it"})
    );
}

/// A column whose header reads like the offer but whose values are hashes (olist's landing
/// pages) is not taken as the offer, and a finding says why.
#[test]
fn a_column_of_hashes_is_not_guessed_as_the_offer() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Lead ID,Lead Owner,Created Date,Campaign\n");
    for (i, hash) in [
        "b48ec5f3b04e9068441002a19df93c6c",
        "22c29808c4e14a3a9b8e0a4f5e2d7c11",
        "b48ec5f3b04e9068441002a19df93c6c",
    ]
    .iter()
    .enumerate()
    {
        csv.push_str(&format!("L{i},Ann,2026-11-1{i} 09:00,{hash}\n"));
    }
    std::fs::write(dir.path().join("leads.csv"), csv).unwrap();
    let r = report_json(dir.path(), &[dir.path().join("leads.csv")]);
    assert_eq!(
        picks(&r["offers"], &["name", "leads"]),
        [json!({"name": "(none)", "leads": 3})]
    );
    assert_eq!(
        pick(&r["findings"][0], &["kind", "row", "column", "message"]),
        json!({
            "kind": "not used as offer",
            "row": 1,
            "column": "Campaign",
            "message": "the header reads like the offer but its values look like ids (hashes), not names; name the right column with offer = \"<header>\" in friday.toml if there is one"
        })
    );
}

/// Dynamics 365 "Export to Excel": hidden "(Do Not Modify) …" columns first, a hidden sheet
/// holding the export's own bookkeeping, then the view's columns: Name, Topic, Status Reason,
/// Created On, Rating (Hot/Warm/Cold), Owner.
#[test]
fn a_dynamics_export_to_excel_leaves_out_its_hidden_parts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("My Open Leads 11-20-2026 5-02-11 PM.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("My Open Leads").unwrap();
    let header = [
        "(Do Not Modify) Lead",
        "(Do Not Modify) Row Checksum",
        "(Do Not Modify) Modified On",
        "Name",
        "Topic",
        "Status Reason",
        "Created On",
        "Rating",
        "Owner",
        "Company Name",
        "Email",
    ];
    let rows = [
        [
            "a1b2c3d4-0000-4000-8000-000000000001",
            "xZ1=",
            "2026-11-19",
            "Jo Park",
            "Trial",
            "New",
            "2026-11-18",
            "Hot",
            "Ann Lee",
            "Acme",
            "jo@acme.com",
        ],
        [
            "a1b2c3d4-0000-4000-8000-000000000002",
            "yQ2=",
            "2026-11-19",
            "Max Roe",
            "Webinar",
            "Contacted",
            "2026-11-02",
            "Cold",
            "Ann Lee",
            "Initech",
            "max@initech.com",
        ],
        [
            "a1b2c3d4-0000-4000-8000-000000000003",
            "wP3=",
            "2026-11-19",
            "Lia Chen",
            "Trial",
            "New",
            "2026-11-19",
            "Warm",
            "Bob Stone",
            "Globex",
            "lia@globex.com",
        ],
    ];
    for (col, text) in header.iter().enumerate() {
        sheet.write(0, col as u16, *text).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, text) in row.iter().enumerate() {
            sheet.write(1 + r as u32, col as u16, *text).unwrap();
        }
    }
    for col in 0..3 {
        sheet.set_column_hidden(col).unwrap();
    }
    // The bookkeeping sheet, shaped like a table so that only its being hidden keeps it out.
    let hidden = book.add_worksheet();
    hidden.set_name("hiddenSheet").unwrap();
    for (col, text) in ["Owner", "Created On", "Name"].iter().enumerate() {
        hidden.write(0, col as u16, *text).unwrap();
        hidden.write(1, col as u16, "lead").unwrap();
    }
    hidden.set_hidden(true);
    book.save(&path).unwrap();
    let out = friday(&["check", &path.display().to_string()], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(", sheet hiddenSheet: hidden sheet (an export's own bookkeeping, such as Dynamics 365's hiddenSheet)\n"),
        "{text}"
    );
    // The record id is the lead id; the checksum and modification time are left out, not
    // even listed as unused columns.
    assert!(
        text.contains("    (Do Not Modify) Lead -> lead-id\n"),
        "{text}"
    );
    assert!(!text.contains("Checksum"), "{text}");
    assert!(!text.contains("Modified On"), "{text}");
    assert!(!text.contains("column B"), "{text}");
    assert!(text.contains("    Status Reason -> status\n"), "{text}");
    assert!(text.contains("    Rating -> rank\n"), "{text}");
    let r = report_json(dir.path(), &[path]);
    let reps: Vec<Value> = picks(&r["reps"], &["name", "leads"]);
    assert_eq!(
        reps,
        [
            json!({"name": "Ann Lee", "leads": 2}),
            json!({"name": "Bob Stone", "leads": 1}),
        ]
    );
    // Hot, Cold, Warm: ranks 1, 7, 4 by the default [input] ratings.
    assert_eq!(r["ranks"][0]["owner"], "Ann Lee");
    assert_eq!(r["ranks"][0]["ranks"], json!([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(r["ranks"][1]["ranks"], json!([0, 0, 0, 1, 0, 0, 0]));
}

/// Pipedrive's exports name every column "<Entity> - <Field>": won and lost come from
/// "Deal - Status", their dates from "Deal - Won time" and "Deal - Lost time".
#[test]
fn pipedrive_leads_and_deals_read_by_their_prefixed_headers() {
    let dir = tempfile::tempdir().unwrap();
    let r = report_json(
        dir.path(),
        &[
            fixture("pipedrive").join("leads.csv"),
            fixture("pipedrive").join("deals.csv"),
        ],
    );
    let reps: Vec<Value> = picks(
        &r["reps"],
        &[
            "name",
            "leads",
            "opportunities",
            "won",
            "lost",
            "won_amount",
        ],
    );
    assert_eq!(
        reps,
        [
            json!({"name": "Ann Lee", "leads": 1, "opportunities": 2, "won": 1, "lost": 1, "won_amount": 1200.0}),
            json!({"name": "Bob Stone", "leads": 1, "opportunities": 1, "won": 0, "lost": 0, "won_amount": 0.0}),
        ]
    );
    // Lead aa11 created 28 Sep 08:00, its deal won 20 Oct 15:00: 22 days 7 hours.
    assert_eq!(
        pick(
            &r["totals"],
            &["median_days_to_win", "converted", "close_rate"]
        ),
        json!({"median_days_to_win": 22.2917, "converted": 1, "close_rate": 0.5})
    );
}

/// A funnel export (the practice CRM.xlsx in `../shared/realdata`): statuses run New →
/// Qualified → Opportunity → Customer → Churned Customer, a stage only on the open
/// opportunities. A customer, churned or not, was converted and won.
#[test]
fn a_customer_status_past_the_funnel_is_converted_and_won() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "Owner,Lead acquisition date,Status,Stage\n\
         Ann,2026-10-01,New,\n\
         Ann,2026-10-02,Opportunity,Proposal sent\n\
         Ann,2026-10-03,Customer,\n\
         Bob,2026-10-04,Churned Customer,\n\
         Bob,2026-10-05,Opportunity,Lost\n\
         Bob,2026-10-06,Disqualified,\n",
    )
    .unwrap();
    let r = report_json(dir.path(), &[dir.path().join("leads.csv")]);
    let reps: Vec<Value> = picks(
        &r["reps"],
        &["name", "leads", "converted", "opportunities", "won", "lost"],
    );
    // Ann: the opportunity and the customer are converted, the customer won. Bob: the
    // churned customer won, the lost opportunity lost; "Disqualified" without a stage is
    // a lead that never became a deal.
    assert_eq!(
        reps,
        [
            json!({"name": "Ann", "leads": 3, "converted": 2, "opportunities": 2, "won": 1, "lost": 0}),
            json!({"name": "Bob", "leads": 3, "converted": 2, "opportunities": 2, "won": 1, "lost": 1}),
        ]
    );
    // init writes how it read the statuses, so the assumed funnel can be checked and fixed.
    let out = friday(&["init", "leads.csv"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(dir.path().join("friday.toml")).unwrap();
    assert!(
        toml.contains("\n# Read as past conversion and won (a lead's own status): \"Churned Customer\", \"Customer\"\n# Read as lost: \"Disqualified\"\n"),
        "{toml}"
    );
}

/// What must not change with the dialect: each rep's counts, the red list (by who the lead
/// is: ids differ between dialects), won and lost.
fn comparable(r: &Value) -> (Vec<Value>, Vec<Value>, Value) {
    let reps = picks(
        &r["reps"],
        &[
            "name",
            "leads",
            "junk",
            "contacted",
            "overdue",
            "stale",
            "converted",
            "opportunities",
            "won",
            "lost",
        ],
    );
    let red = picks(
        &r["overdue"],
        &["owner", "name", "company", "email", "rank", "hot"],
    );
    (
        reps,
        red,
        pick(&r["totals"], &["won", "lost", "won_amount"]),
    )
}

/// The project's generator writes the same 300 leads plainly and as each CRM would; `init`
/// and `report` read each with no editing to the same figures as the plain export.
#[test]
fn every_dialect_of_the_demo_reads_to_the_plain_exports_figures() {
    let dir = tempfile::tempdir().unwrap();
    let demo = |folder: &str, dialect: Option<&str>| -> Vec<PathBuf> {
        let mut args = vec![
            "demo",
            "--leads",
            "300",
            "--as-of",
            "2026-11-20",
            "--export-only",
            "-o",
            folder,
        ];
        match dialect {
            Some(dialect) => args.extend(["--dialect", dialect]),
            None => args.push("--csv"),
        }
        let out = friday(&args, dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path().join(folder).join("export"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                // The plain demo writes its workbook beside the CSVs; Dynamics only workbooks.
                let wanted = if dialect == Some("dynamics") {
                    "xlsx"
                } else {
                    "csv"
                };
                p.extension().is_some_and(|e| e == wanted)
            })
            .collect();
        files.sort();
        files
    };
    let plain = demo("plain", None);
    let expected = comparable(&report_json(&dir.path().join("plain"), &plain));
    assert_eq!(expected.0.len(), 10, "ten reps");
    assert!(!expected.1.is_empty(), "a red list to compare");
    for dialect in [
        "salesforce-export",
        "salesforce-report",
        "hubspot",
        "pipedrive",
        "zoho",
    ] {
        let files = demo(dialect, Some(dialect));
        let folder = dir.path().join(dialect);
        let mut args = vec!["init".to_string()];
        args.extend(files.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = friday(&args, &folder);
        assert!(out.status.success(), "{dialect}: {}", stderr(&out));
        let r = report_json(&folder, &files);
        assert_eq!(comparable(&r), expected, "{dialect}");
    }
    dynamics_reads_to_the_plain_exports_figures(&dir, &expected, &demo);
}

/// Dynamics 365 writes two things coarser than the plain export: "Rating" is Hot, Warm or
/// Cold (ranks 1–3, 4–6, 7 read back as 1, 4 and 7), and an activity's "Regarding" or a deal's
/// "Originating Lead" is the lead's name, not its id. In the demo's 300 leads two of Priya
/// Raman's leads are both named "Fatima Brown", and her deal from one of them can be tied to
/// neither (the rep and the dates do not tell them apart): her converted leads are 8, not 9,
/// and a finding names the row. Every other figure is the plain export's.
fn dynamics_reads_to_the_plain_exports_figures(
    dir: &tempfile::TempDir,
    plain: &(Vec<Value>, Vec<Value>, Value),
    demo: &dyn Fn(&str, Option<&str>) -> Vec<PathBuf>,
) {
    let files = demo("dynamics", Some("dynamics"));
    assert_eq!(files.len(), 3, "{files:?}");
    let folder = dir.path().join("dynamics");
    let mut args = vec!["init".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = friday(&args, &folder);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = report_json(&folder, &files);
    let (mut reps, mut red, totals) = plain.clone();
    let priya = reps
        .iter_mut()
        .find(|rep| rep["name"] == "Priya Raman")
        .unwrap();
    assert_eq!(priya["converted"], 9);
    priya["converted"] = json!(8);
    let coarse = |rank: i64| match rank {
        1..=3 => 1,
        4..=6 => 4,
        _ => 7,
    };
    for lead in &mut red {
        lead["rank"] = json!(coarse(lead["rank"].as_i64().unwrap()));
    }
    // The red list is in rank order: coarser ranks reorder leads of one rank band.
    let by_who = |list: &mut Vec<Value>| {
        list.sort_by_key(|l| (l["owner"].to_string(), l["name"].to_string()));
    };
    let (got_reps, mut got_red, got_totals) = comparable(&r);
    by_who(&mut red);
    by_who(&mut got_red);
    assert_eq!((got_reps, got_red, got_totals), (reps, red, totals));
    // Four activities name a shared name too; none of them changes a figure above.
    let shared: Vec<(Value, Value, Value)> =
        picks(&r["findings"], &["kind", "row", "column", "value"])
            .into_iter()
            .filter(|f| f["kind"] == "lead named by a shared name")
            .map(|f| (f["column"].clone(), f["row"].clone(), f["value"].clone()))
            .collect();
    let finding = |column: &str, row: u32, name: &str| (json!(column), json!(row), json!(name));
    assert_eq!(
        shared,
        [
            finding("Regarding", 296, "Ahmed Dubois"),
            finding("Regarding", 307, "test user"),
            finding("Regarding", 393, "Fatima Brown"),
            finding("Regarding", 413, "Fatima Brown"),
            finding("Originating Lead", 31, "Fatima Brown"),
        ]
    );
}
