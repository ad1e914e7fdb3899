//! Integration tests: run the real `friday` binary on small exports.
//!
//! Longer than most files: the end-to-end tests of the first round, each a short run of the
//! binary on its own small export; the newer themes have their own files beside it.

mod accessibility;
mod architecture;
mod bad_inputs;
mod cohorts;
mod coverage;
mod crash;
mod dialects;
mod email;
mod fixture;
mod golden;
mod held;
mod history;
mod layout;
mod metrics;
mod one_run;
mod red_list;
mod site;
mod spreadsheet;
mod xlsx_golden;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn friday(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_friday"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the friday binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `friday report` with JSON output on the inputs and returns the parsed report.
fn report_json(dir: &Path, inputs: &[PathBuf]) -> Value {
    let mut args = vec!["report".to_string()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(
        [
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
            "--json",
            "out/report.json",
        ]
        .map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = friday(&args, dir);
    assert!(out.status.success(), "friday failed: {}", stderr(&out));
    serde_json::from_slice(&std::fs::read(dir.join("out/report.json")).unwrap()).unwrap()
}

/// The per-group figures compared across formats: name, leads, contacted, never contacted,
/// overdue, median hours to first touch, converted, opportunities, won, lost.
type Figures = (String, u64, u64, u64, u64, Option<f64>, u64, u64, u64, u64);

fn figures(rows: &Value) -> Vec<Figures> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["leads"].as_u64().unwrap(),
                r["contacted"].as_u64().unwrap(),
                r["never_contacted"].as_u64().unwrap(),
                r["overdue"].as_u64().unwrap(),
                r["median_hours_to_first_touch"].as_f64(),
                r["converted"].as_u64().unwrap(),
                r["opportunities"].as_u64().unwrap(),
                r["won"].as_u64().unwrap(),
                r["lost"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn rate(row: &Value, key: &str) -> Option<f64> {
    row[key].as_f64().map(|r| (r * 1000.0).round() / 10.0)
}

/// The hand-checked figures of `fixture::export()` (see its doc comment for the story).
fn assert_hand_checked(report: &Value) {
    // Default clock: working days (around the clock Mon–Fri, stopped on the weekend), UTC;
    // SLA 24 h for trials, 72 h otherwise. 2026-11-16 is a Monday; as of Fri 11-20 23:59:59.
    // Alice: L1 (trial, Mon 09:00) touched Mon 15:00: 6 h, in SLA (deadline Tue 09:00).
    //   L2 (white paper, Mon 10:00) untouched: 72 h end Thu 11-19 10:00 < as-of: overdue.
    //   L3 (white paper, Thu 12:00): 12 h Thu + 24 h Fri + 24 h Mon + 12 h Tue: deadline
    //   Tue 11-24 12:00, pending.
    // Bruno: L4 (trial, Wed 08:00) untouched (its only activity predates it): deadline Thu
    //   08:00 < as-of: overdue by 39.9997 h.
    //   L5 (white paper, Tue 11-10 09:00) touched Thu 11-12 09:00: 48 h, 16 business hours.
    //   L6 (trial, Fri 10:00): 14 h on Friday, then Monday: deadline Mon 11-23 10:00, pending.
    // Deals: Alice O1 won; Bruno O2 lost, O3 open.
    assert_eq!(
        figures(&report["reps"]),
        vec![
            ("Alice".to_string(), 3, 1, 2, 1, Some(6.0), 1, 1, 1, 0),
            ("Bruno".to_string(), 3, 1, 2, 1, Some(48.0), 1, 2, 0, 1),
        ]
    );
    let reps = report["reps"].as_array().unwrap();
    let more = |row: &Value| {
        (
            row["contacted_in_sla"].as_u64().unwrap(),
            row["contacted_late"].as_u64().unwrap(),
            row["pending"].as_u64().unwrap(),
            row["stale"].as_u64().unwrap(),
            row["junk"].as_u64().unwrap(),
            row["median_business_hours_to_first_touch"].as_f64(),
        )
    };
    assert_eq!(more(&reps[0]), (1, 0, 1, 0, 0, Some(6.0)));
    assert_eq!(more(&reps[1]), (1, 0, 1, 0, 0, Some(16.0)));
    assert_eq!(rate(&reps[0], "conversion"), Some(33.3));
    assert_eq!(rate(&reps[0], "close_rate"), Some(100.0));
    assert_eq!(rate(&reps[1], "conversion"), Some(33.3));
    assert_eq!(rate(&reps[1], "close_rate"), Some(0.0));
    // Web: L1, L2, L5 (median of 6 and 48 = 27); deals O1, O2, O3 take their lead's source.
    assert_eq!(report["source_label"], "Source");
    assert_eq!(
        figures(&report["sources"]),
        vec![
            ("Referral".to_string(), 1, 0, 1, 0, None, 0, 0, 0, 0),
            ("Trade Show".to_string(), 2, 0, 2, 1, None, 0, 0, 0, 0),
            ("Web".to_string(), 3, 2, 1, 1, Some(27.0), 2, 3, 1, 1),
        ]
    );
    assert_eq!(
        figures(&serde_json::json!([report["totals"]])),
        vec![("All".to_string(), 6, 2, 4, 2, Some(27.0), 2, 3, 1, 1)]
    );
    assert_eq!(rate(&report["totals"], "conversion"), Some(33.3));
    assert_eq!(rate(&report["totals"], "close_rate"), Some(50.0));
    // Created 11-14 to 11-20: L1, L2 (Mon 16), L4 (Wed 18), L3 (Thu 19), L6 (Fri 20); not L5.
    assert_eq!(
        report["new_leads"],
        serde_json::json!({"from": "2026-11-14", "to": "2026-11-20", "leads": 5, "junk": 0})
    );
    let overdue: Vec<String> = report["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} {} sla {} age {:.2} deadline {} overdue {:.2} next {} due {}",
                l["owner"].as_str().unwrap(),
                l["lead_id"].as_str().unwrap(),
                l["sla_hours"],
                l["age_hours"].as_f64().unwrap(),
                l["deadline"].as_str().unwrap(),
                l["hours_overdue"].as_f64().unwrap(),
                l["next_step"].as_str().unwrap_or("-"),
                l["next_step_due"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    // L2: age from 11-16 10:00 to 11-20 23:59:59 = 109.9997 h; deadline Thu 10:00, overdue
    // 37.9997 h; a white paper has no cadence. L4: age from 11-18 08:00 = 63.9997 h; deadline
    // Thu 08:00, overdue 39.9997 h; its first cadence step (call at 24 h, Thu 08:00) was missed.
    assert_eq!(
        overdue,
        vec![
            "Alice L2 sla 72.0 age 110.00 deadline 2026-11-19T10:00:00 overdue 38.00 next - due -",
            "Bruno L4 sla 24.0 age 64.00 deadline 2026-11-19T08:00:00 overdue 40.00 next First call due 2026-11-19T08:00:00",
        ]
    );
    // Cadence (trial leads only). L1: call Mon 15:00 meets the first call (due Tue 09:00);
    // no call after Tue 09:00: second call (due Thu 09:00) missed; its email (Wed 09:00) came
    // before the second call's due time, so the day-5 email (Fri 09:00) is missed; the trial
    // expiry email (Sat 11-28) is not due. L4: first call (Thu 08:00) missed, the rest not due.
    // L6: nothing due yet.
    let cadence: Vec<(String, u64, u64, u64, u64)> = report["cadence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["owner"].as_str().unwrap().to_string(),
                r["due"].as_u64().unwrap(),
                r["on_time"].as_u64().unwrap(),
                r["late"].as_u64().unwrap(),
                r["missed"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cadence,
        vec![
            ("Alice".to_string(), 3, 1, 0, 2),
            ("Bruno".to_string(), 1, 0, 0, 1),
            ("Total".to_string(), 4, 1, 0, 3),
        ]
    );
}

#[test]
fn xlsx_export_gives_the_hand_checked_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    fixture::write_xlsx(&fixture::export(), &path);
    let report = report_json(dir.path(), &[path]);
    assert_hand_checked(&report);
    assert!(dir.path().join("out/friday-2026-11-20.xlsx").exists());
    assert!(dir.path().join("out/site/index.html").exists());
}

#[test]
fn xlsx_ods_and_csv_give_identical_figures() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = fixture::export();
    let xlsx = dir.path().join("export.xlsx");
    fixture::write_xlsx(&sheets, &xlsx);
    let ods = dir.path().join("export.ods");
    fixture::write_ods(&sheets, &ods);
    let csvs = fixture::write_csv(&sheets, dir.path());
    let from_xlsx = report_json(dir.path(), &[xlsx]);
    let from_ods = report_json(dir.path(), &[ods]);
    let from_csv = report_json(dir.path(), &csvs);
    assert_hand_checked(&from_ods);
    assert_hand_checked(&from_csv);
    for key in ["reps", "sources", "totals", "overdue"] {
        assert_eq!(from_xlsx[key], from_ods[key], "{key}: xlsx vs ods");
        assert_eq!(from_xlsx[key], from_csv[key], "{key}: xlsx vs csv");
    }
}

#[test]
fn findings_name_file_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    fixture::write_xlsx(&fixture::export(), &path);
    let report = report_json(dir.path(), &[path]);
    let findings: Vec<(String, String, u64, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["sheet"].as_str().unwrap().to_string(),
                f["row"].as_u64().unwrap(),
                f["column"].as_str().unwrap().to_string(),
                f["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            (
                "activity before lead created".to_string(),
                "Activities".to_string(),
                5,
                "Activity Date".to_string(),
                "2026-11-17 08:00".to_string()
            ),
            (
                "activity for unknown lead".to_string(),
                "Activities".to_string(),
                6,
                "Lead ID".to_string(),
                "L9".to_string()
            ),
        ]
    );
}

/// Runs a report that must fail: checks the exit code, the message, no panic, and that an
/// earlier report in the output folder is untouched.
fn assert_fails(dir: &Path, inputs: &[&str], extra: &[&str], message: &str) {
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let earlier = out_dir.join("friday-2026-11-20.xlsx");
    std::fs::write(&earlier, b"earlier report").unwrap();
    let mut args = vec!["report"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--as-of", "2026-11-20", "-o", "out"]);
    args.extend_from_slice(extra);
    let out = friday(&args, dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(message), "expected {message:?} in:\n{err}");
    assert_eq!(std::fs::read(&earlier).unwrap(), b"earlier report");
    assert!(!out_dir.join("site").exists());
}

#[test]
fn errors_on_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.xlsx"), b"").unwrap();
    assert_fails(
        dir.path(),
        &["empty.xlsx"],
        &[],
        "error: empty.xlsx: the file is empty (0 bytes)",
    );
    std::fs::write(dir.path().join("empty.csv"), b"").unwrap();
    assert_fails(dir.path(), &["empty.csv"], &[], "empty.csv");
}

#[test]
fn errors_on_random_bytes_named_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.path().join("noise.xlsx"), bytes).unwrap();
    assert_fails(
        dir.path(),
        &["noise.xlsx"],
        &[],
        "error: noise.xlsx: not a valid XLSX workbook: it is not a zip archive",
    );
}

#[test]
fn a_leads_table_with_no_owner_column_is_reported_under_no_owner() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "Lead ID,Name,Created Date\nL1,Ann,2026-11-16 09:00\nL2,Bob,2026-11-19 10:00\n",
    )
    .unwrap();
    let r = report_json(dir.path(), &[dir.path().join("leads.csv")]);
    let reps: Vec<(&str, u64)> = r["reps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["name"].as_str().unwrap(),
                row["leads"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(reps, [("(no owner)", 2)]);
    assert_eq!(r["findings"].as_array().unwrap().len(), 1);
    assert_eq!(r["findings"][0]["kind"], "no owner column");
    assert_eq!(
        r["findings"][0]["message"],
        "no sales rep column among the headers (Lead ID, Name, Created Date), so every lead is under \"(no owner)\" and follow-up per rep cannot be judged; name the rep column with owner = \"<header>\" under [columns.leads] in friday.toml (`friday init` writes one)"
    );
}

#[test]
fn errors_on_ambiguous_dates_and_names_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "Lead ID,Lead Owner,Created Date\nL1,Ann,03/04/2026\nL2,Bob,05/06/2026\n",
    )
    .unwrap();
    assert_fails(
        dir.path(),
        &["leads.csv"],
        &[],
        "error: leads.csv, row 2, column C (Created Date): \"03/04/2026\" could be day/month or month/day and no value in the column tells which; add `date-order = \"dmy\"` (or \"mdy\") under [input] in friday.toml",
    );
    std::fs::write(
        dir.path().join("friday.toml"),
        "[input]\ndate-order = \"dmy\"\n",
    )
    .unwrap();
    let report = report_json(dir.path(), &[dir.path().join("leads.csv")]);
    assert_eq!(report["totals"]["leads"], 2);
}

#[test]
fn errors_on_unsupported_extension_and_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.pdf"), b"%PDF-1.4").unwrap();
    assert_fails(
        dir.path(),
        &["notes.pdf"],
        &[],
        "error: notes.pdf: unsupported file type .pdf; friday reads .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt .zip",
    );
    assert_fails(
        dir.path(),
        &["nothere.xlsx"],
        &[],
        "error: reading nothere.xlsx:",
    );
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn xls_export_gives_the_hand_checked_figures() {
    let dir = tempfile::tempdir().unwrap();
    let report = report_json(dir.path(), &[fixtures().join("export.xls")]);
    assert_hand_checked(&report);
}

#[test]
fn errors_on_a_password_protected_workbook() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("encrypted.xlsx"),
        dir.path().join("locked.xlsx"),
    )
    .unwrap();
    assert_fails(
        dir.path(),
        &["locked.xlsx"],
        &[],
        "error: locked.xlsx: the workbook is password-protected (encrypted); save an unprotected copy and run again",
    );
}

#[test]
fn csv_in_utf16_and_windows_1252_with_semicolons_gives_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let csvs = fixture::write_csv(&fixture::export(), dir.path());
    for (i, path) in csvs.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap().replace(',', ";");
        // "$12,000.00" had its comma turned into a semicolon: quote the amount again.
        let text = text.replace("$12;000.00", "\"$12,000.00\"");
        let bytes = if i == 0 {
            // UTF-16LE with a byte-order mark.
            let mut b = vec![0xFF, 0xFE];
            b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            b
        } else {
            // Windows-1252: plain ASCII here plus one é in a comment-free field.
            text.replace("Negotiation", "N\u{e9}gociation")
                .chars()
                .map(|c| if c == '\u{e9}' { 0xE9 } else { c as u8 })
                .collect()
        };
        std::fs::write(path, bytes).unwrap();
    }
    let report = report_json(dir.path(), &csvs);
    assert_hand_checked(&report);
}

#[test]
fn a_deals_only_export_gives_close_rates_per_rep_and_product() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sales_pipeline.csv"),
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n\
         1,Anna,GTX Basic,Acme,Won,2026-10-01,2026-10-20,1000\n\
         2,Anna,GTX Basic,Acme,Lost,2026-10-02,2026-10-21,0\n\
         3,Anna,MG Special,Beta,Won,2026-10-03,2026-10-22,500\n\
         4,Boris,GTX Basic,Beta,Engaging,2026-10-04,,\n\
         5,Boris,MG Special,Gamma,Lost,2026-10-05,2026-10-25,0\n\
         6,Boris,MG Special,Gamma,Prospecting,,,\n",
    )
    .unwrap();
    let report = report_json(dir.path(), &[dir.path().join("sales_pipeline.csv")]);
    assert_eq!(report["coverage"]["leads"], false);
    assert_eq!(report["source_label"], "Offer / product");
    let rows = |key: &str| -> Vec<(String, u64, u64, u64, Option<f64>)> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap().to_string(),
                    r["opportunities"].as_u64().unwrap(),
                    r["won"].as_u64().unwrap(),
                    r["lost"].as_u64().unwrap(),
                    rate(r, "close_rate"),
                )
            })
            .collect()
    };
    // Anna: won 1, 3; lost 2 → 2/3. Boris: lost 5; 4 and 6 open → 0/1.
    assert_eq!(
        rows("reps"),
        vec![
            ("Anna".to_string(), 3, 2, 1, Some(66.7)),
            ("Boris".to_string(), 3, 0, 1, Some(0.0)),
        ]
    );
    // GTX Basic: 1 won, 2 lost, 4 open → 1/2. MG Special: 3 won, 5 lost, 6 open → 1/2.
    assert_eq!(
        rows("sources"),
        vec![
            ("GTX Basic".to_string(), 3, 1, 1, Some(50.0)),
            ("MG Special".to_string(), 3, 1, 1, Some(50.0)),
        ]
    );
}

#[test]
fn check_prints_tables_mapping_row_counts_and_problems() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    let out = friday(&["check", "export.xlsx"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Tables
  export.xlsx, sheet Leads (header row 1): leads, 6 rows
    Lead ID -> lead-id
    Name -> name
    Company -> company
    Email -> email
    Lead Source -> source
    Offer -> offer
    Lead Owner -> owner
    Created Date -> created-at
    Lead Status -> status
    no column for: first-name, last-name, phone, first-touch-at, last-touch-at, rank, converted, converted-at, trial-end-at, stage, closed-at, won-at, amount
  export.xlsx, sheet Activities (header row 1): activities, 5 rows
    Lead ID -> lead-id
    Assigned To -> owner
    Activity Type -> type
    Activity Date -> at
    not used: Activity ID
  export.xlsx, sheet Opportunities (header row 1): opportunities, 3 rows
    Opportunity ID -> opportunity-id
    Lead ID -> lead-id
    Opportunity Owner -> owner
    Created Date -> created-at
    Stage -> stage
    Close Date -> closed-at
    Amount -> amount
    no column for: source, offer, status, won-at

Problems in the data (2)
  activity before lead created (1)
    export.xlsx, sheet Activities, row 5, column Activity Date: \"2026-11-17 08:00\": lead L4 was created later, at 2026-11-18 08:00; not counted as a touch
  activity for unknown lead (1)
    export.xlsx, sheet Activities, row 6, column Lead ID: \"L9\": no lead with this id in the leads table
"
    );
}

#[test]
fn check_finds_the_header_below_title_rows_and_lists_skipped_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/export.xlsx");
    let out = friday(&["check", path.to_str().unwrap()], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text.contains("export.xlsx, sheet Leads (header row 3): leads, 2500 rows\n"),
        "{text}"
    );
    assert!(
        text.contains("export.xlsx, sheet Notes: no header row with known column names in its first 30 rows (not a data table)\n"),
        "{text}"
    );
}

#[test]
fn check_exits_1_when_nothing_usable_is_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes.csv"),
        "Topic,Remark\nweather,sunny\n",
    )
    .unwrap();
    let out = friday(&["check", "notes.csv"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("No leads, activities or opportunities table was found.\n"),
        "{text}"
    );
}

#[test]
fn init_records_a_missing_owner_so_the_next_report_needs_no_editing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "Prospect ID,Lead Source,Converted,Lead Status\nP1,Google,1,Lost\nP2,google,0,Open\nP3,Referral,0,Open\n",
    )
    .unwrap();
    let out = friday(&["init", "leads.csv"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(dir.path().join("friday.toml")).unwrap();
    assert!(toml.contains("\n[columns.leads]\n# No owner (sales rep) column was found: leads are reported under \"(no owner)\".\n# Put the header of the rep column here if the export has one.\nowner = \"\"\n"), "{toml}");
    assert!(
        toml.contains("# Status values seen: \"Lost\", \"Open\"\n"),
        "{toml}"
    );
    assert!(
        toml.contains("# lead-id = \"Prospect ID\"\n# source = \"Lead Source\"\n"),
        "{toml}"
    );
    // Running init again refuses to overwrite.
    let again = friday(&["init", "leads.csv"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("friday.toml exists; use --force to replace it"));
    // friday.toml in the working folder is read by default.
    let report = report_json(dir.path(), &[dir.path().join("leads.csv")]);
    let reps = metrics::picks(
        &report["reps"],
        &["name", "leads", "contacted", "overdue", "converted", "won"],
    );
    // (no owner): 3 leads, no touch data (follow-up is null, not 0), no deals (won is null),
    // P1 converted → 1/3. friday.toml says the export has no rep column, so no finding
    // repeats it.
    assert_eq!(
        reps,
        [
            serde_json::json!({"name": "(no owner)", "leads": 3, "contacted": null, "overdue": null, "converted": 1, "won": null})
        ]
    );
    // The only finding: with no creation date column, no lead is in a cohort.
    assert_eq!(
        report["findings"],
        serde_json::json!([{
            "kind": "no creation date",
            "file": "leads.csv",
            "sheet": "",
            "row": 0,
            "column": "",
            "value": "",
            "message": "3 leads have no creation date (the table has no creation date column), so they belong to no cohort: left out of conversion by cohort and offers over time; counted in the other figures"
        }])
    );
    assert_eq!(rate(&report["reps"][0], "conversion"), Some(33.3));
}

#[test]
fn check_reports_duplicates_missing_owners_bad_dates_and_unknown_leads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "Lead ID,Lead Owner,Created Date\nL1,Ann,2026-11-02 09:00\nL2,,2026-11-03 10:00\nL1,Bo,2026-11-04 11:00\nL3,Bo,31/02/2026\nL4,Bo,2026-11-05 12:00\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deals.csv"),
        "Opportunity ID,Lead ID,Stage\nO1,L1,Closed Won\nO2,L7,Proposal\n",
    )
    .unwrap();
    let out = friday(&["check", "leads.csv", "deals.csv"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let problems = &text[text.find("Problems in the data").unwrap()..];
    assert_eq!(
        problems,
        "Problems in the data (4)
  unparseable date (1)
    leads.csv, row 5, column Created Date: \"31/02/2026\": not a date or time friday can read
  lead without owner (1)
    leads.csv, row 3, column Lead Owner: no rep is assigned to this lead
  duplicate lead id (1)
    leads.csv, row 4, column Lead ID: \"L1\": the same lead id is on row 2 of leads.csv
  opportunity for unknown lead (1)
    deals.csv, row 3, column Lead ID: \"L7\": no lead with this id in the leads table
"
    );
}

/// Findings are grouped by kind with their count and the first five rows; `--all` lists
/// every one. A header with a comma in it is quoted.
#[test]
fn check_groups_findings_by_kind_and_all_lists_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut leads = String::from("Lead ID,Lead Owner,Created Date,\"Deal Value, $\"\n");
    for n in 1..=7 {
        leads.push_str(&format!("L{n},Ann,2026-02-3{n},5\n"));
    }
    for n in 8..=20 {
        leads.push_str(&format!("L{n},Ann,2026-11-02 09:00,5\n"));
    }
    leads.push_str("L21,,2026-11-02 09:00,5\n");
    std::fs::write(dir.path().join("leads.csv"), &leads).unwrap();
    let out = friday(&["check", "leads.csv"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("    \"Deal Value, $\" -> amount\n"), "{text}");
    let problems = &text[text.find("Problems in the data").unwrap()..];
    let line = |n: u32| {
        format!(
            "    leads.csv, row {}, column Created Date: \"2026-02-3{n}\": not a date or time friday can read\n",
            n + 1
        )
    };
    let first_five: String = (1..=5).map(line).collect();
    assert_eq!(
        problems,
        format!(
            "Problems in the data (8)
  unparseable date (7)
{first_five}    and 2 more (friday check --all lists them)
  lead without owner (1)
    leads.csv, row 22, column Lead Owner: no rep is assigned to this lead
"
        )
    );
    let out = friday(&["check", "--all", "leads.csv"], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    let all: String = (1..=7).map(line).collect();
    assert!(
        text.contains(&format!(
            "  unparseable date (7)\n{all}  lead without owner (1)\n"
        )),
        "{text}"
    );
    // Past the 200 of a kind a report lists, `--all` still lists every row.
    for n in 22..=230 {
        leads.push_str(&format!("L{n},Ann,2026-02-30,5\n"));
    }
    for n in 231..=900 {
        leads.push_str(&format!("L{n},Ann,2026-11-02 09:00,5\n"));
    }
    std::fs::write(dir.path().join("leads.csv"), &leads).unwrap();
    let out = friday(&["check", "leads.csv"], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("  unparseable date (216)\n{first_five}    and 211 more (friday check --all lists them)\n")),
        "{text}"
    );
    let out = friday(&["check", "--all", "leads.csv"], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("  unparseable date (216)\n"), "{text}");
    assert_eq!(
        text.matches("not a date or time friday can read").count(),
        216,
        "{text}"
    );
    assert!(
        text.contains("    leads.csv, row 231, column Created Date: \"2026-02-30\""),
        "{text}"
    );
    assert!(!text.contains("more (friday check --all"), "{text}");
}

#[test]
fn refuses_workbooks_over_the_cell_limit_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    std::fs::write(dir.path().join("friday.toml"), "[limits]\nmax-cells = 40\n").unwrap();
    // The Leads sheet spans A1:I7, 63 cells.
    assert_fails(
        dir.path(),
        &["export.xlsx"],
        &[],
        "error: export.xlsx: sheet Leads declares 63 cells (A1:I7), over the limit of 40; raise [limits] max-cells if the file is genuine",
    );
}

#[test]
fn demo_writes_an_export_and_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = friday(
        &["demo", "--leads", "300", "-o", "d", "--as-of", "2026-11-20"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "wrote d/export/demo-export.xlsx",
            "wrote d/friday-2026-11-20.xlsx",
            "wrote d/site/index.html"
        ]
    );
    // The summary line gives the headline figures: the 300 generated leads among them; the
    // rest is the generator's story.
    assert!(
        lines[3].starts_with("as of 2026-11-20 23:59: New leads this week ")
            && lines[3].contains(", Leads in this export 300, Overdue now "),
        "{stdout}"
    );
    let check = friday(&["check", "d/export/demo-export.xlsx"], dir.path());
    let text = String::from_utf8(check.stdout).unwrap();
    assert!(
        text.contains("demo-export.xlsx, sheet Leads (header row 3): leads, 300 rows\n"),
        "{text}"
    );
}

#[test]
fn the_same_input_and_as_of_give_byte_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    for out in ["one", "two"] {
        let run = friday(
            &[
                "report",
                "export.xlsx",
                "--as-of",
                "2026-11-20",
                "-o",
                out,
                "--json",
                &format!("{out}/report.json"),
            ],
            dir.path(),
        );
        assert!(run.status.success(), "{}", stderr(&run));
    }
    for file in ["friday-2026-11-20.xlsx", "site/index.html", "report.json"] {
        let one = std::fs::read(dir.path().join("one").join(file)).unwrap();
        let two = std::fs::read(dir.path().join("two").join(file)).unwrap();
        assert!(one == two, "{file} differs between runs");
    }
}

#[test]
fn a_broken_template_fails_before_any_earlier_report_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/index.html"), "{% if %}").unwrap();
    std::fs::write(
        dir.path().join("friday.toml"),
        "[site]\ntemplates = \"mine\"\n",
    )
    .unwrap();
    assert_fails(dir.path(), &["export.xlsx"], &[], "index.html");
}

/// A full output folder: a tiny tmpfs filled up, with an earlier report in it. Mounting needs
/// root with CAP_SYS_ADMIN, which this machine and its CI have; elsewhere the test says so
/// and checks nothing.
#[test]
fn a_full_output_folder_fails_clearly_and_keeps_the_earlier_report() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=128k", "tmpfs"])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("note: cannot mount a tmpfs here; the full-folder case is not checked");
        return;
    }
    let earlier = out.join("friday-2026-11-20.xlsx");
    std::fs::write(&earlier, b"earlier report").unwrap();
    // Fill what is left: writes fail once the filesystem is full.
    let filler = vec![0u8; 4096];
    let mut file = std::fs::File::create(out.join("filler")).unwrap();
    while std::io::Write::write_all(&mut file, &filler).is_ok() {}
    drop(file);
    let run = friday(
        &[
            "report",
            "export.xlsx",
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
        ],
        dir.path(),
    );
    let err = stderr(&run);
    let earlier_kept = std::fs::read(&earlier).unwrap();
    let _ = Command::new("umount").arg(&out).status();
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(earlier_kept, b"earlier report");
}

#[test]
fn timings_name_every_phase_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    let out = friday(
        &[
            "report",
            "export.xlsx",
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
            "--timings",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let line = err
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("{err}"));
    let phases: Vec<&str> = line["timings: ".len()..]
        .split(", ")
        .map(|p| p.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        phases,
        ["read", "compute", "render", "history", "write", "total"]
    );
    // The site and the workbook are written side by side within "render", each timed.
    let render = line["timings: ".len()..]
        .split(", ")
        .find(|p| p.starts_with("render "))
        .unwrap();
    let parts: Vec<&str> = render[render.find('(').unwrap() + 1..render.len() - 1]
        .split(" | ")
        .map(|p| p.split(' ').next().unwrap())
        .collect();
    assert_eq!(parts, ["html", "xlsx"], "{render}");
}

/// Runs `friday` with `args` under a pseudo-terminal (util-linux `script`), so stderr is a
/// terminal; returns what the terminal showed.
fn friday_on_a_terminal(args: &[&str], dir: &Path, progress_after_ms: &str) -> String {
    let command = std::iter::once(env!("CARGO_BIN_EXE_friday"))
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new("script")
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .env("FRIDAY_PROGRESS_AFTER_MS", progress_after_ms)
        .current_dir(dir)
        .output()
        .expect("script (util-linux) runs");
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_progress_bar_over_the_phases_shows_on_a_terminal_and_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    let args = [
        "report",
        "export.xlsx",
        "--as-of",
        "2026-11-20",
        "-o",
        "out",
    ];
    // Shown at once: the bar names a phase with its place among the five.
    let shown = friday_on_a_terminal(&args, dir.path(), "0");
    let phases = ["read", "compute", "render", "history", "write"];
    let drawn: Vec<&str> = phases
        .iter()
        .enumerate()
        .filter(|(i, p)| shown.contains(&format!("{i}/5 {p}")))
        .map(|(_, p)| *p)
        .collect();
    assert!(!drawn.is_empty(), "no phase drawn in {shown:?}");
    assert!(shown.contains("as of 2026-11-20 23:59:"), "{shown}");
    // Not shown before its time: a run shorter than the delay prints only its result.
    let quiet = friday_on_a_terminal(&args, dir.path(), "600000");
    assert!(!quiet.contains("/5 "), "{quiet:?}");
    assert!(quiet.contains("as of 2026-11-20 23:59:"), "{quiet}");
    // Not a terminal: no bar, no escape codes.
    let out = friday(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
    assert!(!stderr(&out).contains("/5 "), "{:?}", stderr(&out));
}

#[test]
fn demo_can_write_only_the_export_also_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = friday(
        &[
            "demo",
            "--leads",
            "50",
            "-o",
            "d",
            "--as-of",
            "2026-11-20",
            "--csv",
            "--export-only",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "wrote d/export/demo-export.xlsx\nwrote d/export/leads.csv\nwrote d/export/activities.csv\nwrote d/export/opportunities.csv\n"
    );
    assert!(!dir.path().join("d/site").exists());
    // 50 leads: a header line and one line each.
    let leads = std::fs::read_to_string(dir.path().join("d/export/leads.csv")).unwrap();
    assert_eq!(leads.lines().count(), 51);
}

#[test]
fn findings_past_two_hundred_of_a_kind_are_counted_in_one_summary() {
    let dir = tempfile::tempdir().unwrap();
    // 203 leads share the id D and have no readable creation date: 203 bad dates (a column
    // finding), 202 duplicate ids (a table finding, the first D is the original) and one
    // finding for the 203 leads in no cohort. 205 more leads are created after the as-of date
    // (a table finding).
    let mut csv = String::from("Lead ID,Lead Owner,Created Date\n");
    for _ in 0..203 {
        csv.push_str("D,Ann,not a date\n");
    }
    for i in 0..205 {
        csv.push_str(&format!("F{i},Ann,2027-01-04 10:00\n"));
    }
    std::fs::write(dir.path().join("leads.csv"), csv).unwrap();
    let report = report_json(dir.path(), &[dir.path().join("leads.csv")]);
    let findings = report["findings"].as_array().unwrap();
    let count = |kind: &str| {
        findings
            .iter()
            .filter(|f| f["kind"] == kind && f["row"] != 0)
            .count()
    };
    let summary = |kind: &str| -> Vec<(String, String)> {
        findings
            .iter()
            .filter(|f| f["kind"] == kind && f["row"] == 0)
            .map(|f| {
                (
                    f["column"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let kinds: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    let date_kind = *kinds
        .iter()
        .find(|k| k.contains("date") && !k.contains("as-of") && !k.contains("creation"))
        .unwrap_or_else(|| panic!("{kinds:?}"));
    assert_eq!(count(date_kind), 200);
    assert_eq!(
        summary(date_kind),
        [(
            "Created Date".to_string(),
            "3 more rows like the above in this column".to_string()
        )]
    );
    assert_eq!(count("duplicate lead id"), 200);
    assert_eq!(
        summary("duplicate lead id"),
        [(
            String::new(),
            "2 more rows like the above in this table".to_string()
        )]
    );
    // The leads with no readable date are in no cohort: one finding counts them all.
    assert_eq!(count("no creation date"), 0);
    assert_eq!(
        summary("no creation date"),
        [(
            "Created Date".to_string(),
            "203 leads have no creation date (empty or unreadable), so they belong to no cohort: left out of conversion by cohort and offers over time; counted in the other figures".to_string()
        )]
    );
    assert_eq!(count("dated after as-of"), 200);
    assert_eq!(
        summary("dated after as-of"),
        [(
            String::new(),
            "5 more rows like the above in this table".to_string()
        )]
    );
}
