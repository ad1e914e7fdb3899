//! The workbook of the full renderer fixture (`tests/fixtures/report/full.json`) read back
//! with calamine, one text dump per sheet under `tests/golden/xlsx/`, through the golden
//! helper (`FRIDAY_BLESS=1` rewrites them on purpose).

use std::collections::BTreeMap;

use calamine::{Data, Reader, open_workbook_auto};

use super::golden;

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

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.clone(),
        Data::Float(number) => format!("{number}"),
        // A duration is days shown as minutes, hours or days: written in hours here.
        Data::DateTime(at) if at.is_duration() => format!("{:.3} h", at.as_f64() * 24.0),
        Data::DateTime(at) => at
            .as_datetime()
            .unwrap()
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// One line per row, cells separated by " | " (trailing empty cells left out), with tabs and
/// line breaks shown as \t \n \r.
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
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/full.json");
    let report: friday::report::Report =
        serde_json::from_slice(&std::fs::read(fixture).unwrap()).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let layout = friday::render::Layout::new(folder.path(), report.as_of, false, None, None);
    let templates = friday::render::Templates::load(None).unwrap();
    let cx = friday::render::RenderContext::new(&report, &layout, &templates);
    let path = friday::render::xlsx::stage_xlsx(&cx, &layout.xlsx, || {})
        .unwrap()
        .commit()
        .unwrap();
    let mut workbook = open_workbook_auto(&path).unwrap();
    let mut dumps = BTreeMap::new();
    for sheet in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        dumps.insert(file_name(&sheet), dump_text(&rows).into_bytes());
    }
    golden::assert_tree("xlsx", &dumps);
}
