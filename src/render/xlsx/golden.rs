//! Golden files: the full fixture's workbook read back with calamine, one text dump per sheet
//! under `tests/golden/xlsx/`. `FRIDAY_BLESS=1` rewrites them on purpose.

use std::fs;
use std::path::PathBuf;

use calamine::{Reader, open_workbook_auto};

use super::tests::cell_text;
use super::write_xlsx;
use crate::render::fixture;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/xlsx")
}

/// "Offers over time" → "offers-over-time.txt".
fn file_name(sheet: &str) -> String {
    let slug: String = sheet
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{}.txt", slug.trim_matches('-'))
}

/// One line per row, cells separated by " | " (trailing empty cells left out), with tabs and line breaks shown as \t \n \r.
fn dump_text(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        let used = row
            .iter()
            .rposition(|cell| !cell.is_empty())
            .map_or(0, |last| last + 1);
        let cells: Vec<String> = row[..used]
            .iter()
            .map(|cell| {
                cell.replace('\t', "\\t")
                    .replace('\n', "\\n")
                    .replace('\r', "\\r")
            })
            .collect();
        text.push_str(&cells.join(" | "));
        text.push('\n');
    }
    text
}

#[test]
fn every_sheet_matches_its_golden_dump() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("friday.xlsx");
    write_xlsx(&fixture::full_report(), &path).unwrap();
    let mut workbook = open_workbook_auto(&path).unwrap();
    let bless = std::env::var_os("FRIDAY_BLESS").is_some_and(|v| v == "1");
    let dir = golden_dir();
    let mut expected_files = Vec::new();
    let mut mismatches = Vec::new();
    for sheet in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        let actual = dump_text(&rows);
        let golden = dir.join(file_name(&sheet));
        expected_files.push(file_name(&sheet));
        if bless {
            fs::create_dir_all(&dir).unwrap();
            fs::write(&golden, &actual).unwrap();
        } else {
            let expected = fs::read_to_string(&golden).unwrap_or_default();
            if expected != actual {
                mismatches.push(format!(
                    "{}:\n--- expected\n{expected}--- actual\n{actual}",
                    golden.display()
                ));
            }
        }
    }
    let mut present: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    expected_files.sort();
    assert_eq!(
        present, expected_files,
        "golden files without a sheet, or missing"
    );
    assert!(
        mismatches.is_empty(),
        "sheets differ from their golden dumps (rerun with FRIDAY_BLESS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}
