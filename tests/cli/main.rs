//! Integration tests: run the real `friday` binary on small exports.

mod fixture;

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
    // Alice: L1 touched 6 h after creation; L2 untouched 110 h > 72 h SLA: overdue; L3 36 h < 72 h.
    // Bruno: L5 touched after 48 h; L4 trial untouched 64 h > 24 h: overdue (its only activity
    // predates it); L6 trial 14 h < 24 h. Deals: Alice O1 won; Bruno O2 lost, O3 open.
    assert_eq!(
        figures(&report["reps"]),
        vec![
            ("Alice".to_string(), 3, 1, 2, 1, Some(6.0), 1, 1, 1, 0),
            ("Bruno".to_string(), 3, 1, 2, 1, Some(48.0), 1, 2, 0, 1),
        ]
    );
    let reps = report["reps"].as_array().unwrap();
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
    let overdue: Vec<(String, String, f64, f64)> = report["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["owner"].as_str().unwrap().to_string(),
                l["lead_id"].as_str().unwrap().to_string(),
                l["sla_hours"].as_f64().unwrap(),
                (l["age_hours"].as_f64().unwrap() * 100.0).round() / 100.0,
            )
        })
        .collect();
    // Ages at 2026-11-20 23:59:59: L2 from 11-16 10:00 = 109.9997 h; L4 from 11-18 08:00 = 63.9997 h.
    assert_eq!(
        overdue,
        vec![
            ("Alice".to_string(), "L2".to_string(), 72.0, 110.0),
            ("Bruno".to_string(), "L4".to_string(), 24.0, 64.0),
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
fn errors_on_missing_owner_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "Lead ID,Name,Created Date\nL1,Ann,2026-11-16 09:00\n",
    )
    .unwrap();
    assert_fails(
        dir.path(),
        &["leads.csv"],
        &[],
        "error: leads.csv: no owner (sales rep) column among the headers in row 1 (Lead ID, Name, Created Date); add `owner = \"<header>\"` under [columns.leads] in friday.toml",
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
        "error: notes.pdf: unsupported file type .pdf; friday reads .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt",
    );
    assert_fails(
        dir.path(),
        &["nothere.xlsx"],
        &[],
        "error: reading nothere.xlsx:",
    );
}
