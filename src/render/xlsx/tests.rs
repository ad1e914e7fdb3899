//! Tests of the XLSX renderer: the file is read back with calamine and its XML inspected.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDateTime;

use super::*;
use crate::render::fixture::{self, FORMULA_LEAD, SCRIPT_REP};

/// One cell as text: numbers via `f64` Display, durations (days shown as minutes, hours or
/// days) in hours to three decimals ("3.500 h"), dates as `%Y-%m-%d %H:%M:%S`.
pub(super) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.clone(),
        Data::Float(number) => format!("{number}"),
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

/// Every cell of a sheet as text.
pub(super) fn dump(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect()
}

pub(super) fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(ToString::to_string).collect()
}

pub(super) fn zipped(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The value of `attribute="…"` in `tag`, if present.
pub(super) fn attribute<'a>(tag: &'a str, attribute: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The n-th element `<name …>…` inside the `<section>` element of `xml`.
pub(super) fn nth_element<'a>(xml: &'a str, section: &str, name: &str, n: usize) -> &'a str {
    let start = xml.find(&format!("<{section}")).unwrap();
    let end = xml.find(&format!("</{section}>")).unwrap();
    xml[start..end]
        .split(&format!("<{name}"))
        .nth(n + 1)
        .unwrap()
}

/// The `<c …>` tag of `cell` (e.g. "L2") on the n-th sheet (1-based).
pub(super) fn cell_tag(path: &Path, sheet: usize, cell: &str) -> String {
    let sheet_xml = zipped(path, &format!("xl/worksheets/sheet{sheet}.xml"));
    let at = sheet_xml.find(&format!("<c r=\"{cell}\"")).unwrap();
    sheet_xml[at..at + sheet_xml[at..].find('>').unwrap()].to_string()
}

/// The `<xf …>` of `cell` on the n-th sheet.
pub(super) fn cell_xf(path: &Path, sheet: usize, cell: &str) -> String {
    let tag = cell_tag(path, sheet, cell);
    let style: usize = attribute(&tag, "s").unwrap_or("0").parse().unwrap();
    let styles = zipped(path, "xl/styles.xml");
    nth_element(&styles, "cellXfs", "xf ", style).to_string()
}

/// The fill (pattern, foreground RGB) of `cell` on the n-th sheet (1-based).
pub(super) fn cell_fill(path: &Path, sheet: usize, cell: &str) -> (String, Option<String>) {
    let xf = cell_xf(path, sheet, cell);
    let fill_id: usize = attribute(&xf, "fillId").unwrap().parse().unwrap();
    let styles = zipped(path, "xl/styles.xml");
    let fill = nth_element(&styles, "fills", "fill>", fill_id);
    let pattern = attribute(fill, "patternType").unwrap().to_string();
    let rgb = fill
        .find("<fgColor")
        .and_then(|at| attribute(&fill[at..], "rgb"))
        .map(ToString::to_string);
    (pattern, rgb)
}

pub(super) fn solid(rgb: &str) -> (String, Option<String>) {
    ("solid".to_string(), Some(rgb.to_string()))
}

pub(super) fn written(report: &Report) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("friday-2024-03-08.xlsx");
    write_xlsx(report, &path).unwrap();
    (folder, path)
}

/// Sheet numbers in the package (1-based), in workbook order.
pub(super) const FOLLOW_UPS_SHEET: usize = 2;
pub(super) const REPS_SHEET: usize = 3;
pub(super) const SOURCES_SHEET: usize = 4;

#[test]
fn sheets_come_in_the_issue_order() {
    let (_folder, path) = written(&fixture::full_report());
    let workbook = open_workbook_auto(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        vec![
            SUMMARY,
            FOLLOW_UPS,
            REPS,
            SOURCES,
            OFFERS_OVER_TIME,
            CADENCE,
            GRAB_BACK,
            JUNK_LEADS,
            DATA_QUALITY,
            DEFINITIONS
        ]
    );
}

#[test]
fn follow_ups_lists_overdue_then_stale_by_rep_with_exact_values() {
    let (_folder, path) = written(&fixture::full_report());
    let cells = dump(&path, FOLLOW_UPS);
    // The ten printed columns, then the detail columns shown on screen only.
    assert_eq!(
        cells[0],
        row(&[
            "Rep",
            "Rank",
            "Lead",
            "Company",
            "Offer",
            "State",
            "Overdue by (days)",
            "Since touch (days)",
            "Next cadence step",
            "Next step due",
            "First touch",
            "Last touch",
            "Lead ID",
            "Email",
            "Source",
            "Created",
            "Age (days)",
            "SLA (days)",
        ])
    );
    let overdue_state = "Overdue: no contact within SLA";
    let stale_state = "Stale: no touch for over 14 days";
    assert_eq!(
        cells[1..],
        vec![
            row(&[
                SCRIPT_REP,
                "5",
                FORMULA_LEAD,
                "Acme",
                "White paper",
                overdue_state,
                "104.500 h",
                "",
                "",
                "",
                MISSING_TOUCH,
                "",
                "L-7",
                "l-7@example.test",
                "Web",
                "2024-03-01 09:30:00",
                "176.500 h",
                "72.000 h",
            ]),
            // Rank 2: a hot lead, best rank first within Ann Lee.
            row(&[
                "Ann Lee",
                "2",
                "Bob Stone",
                "+Globex",
                "Trial",
                "Overdue, hot lead: no contact within SLA",
                "28.000 h",
                "",
                "Call at 72 h",
                "2024-03-09 14:00:00",
                MISSING_TOUCH,
                "",
                "L-3",
                "l-3@example.test",
                "Web",
                "2024-03-06 14:00:00",
                "52.000 h",
                "24.000 h",
            ]),
            row(&[
                "Ann Lee",
                "",
                "Cy Young",
                "-Initech",
                "Trial",
                overdue_state,
                "9.500 h",
                "",
                "",
                "",
                MISSING_TOUCH,
                "",
                "L-5",
                "l-5@example.test",
                "Web",
                "2024-03-07 08:30:00",
                "33.500 h",
                "24.000 h",
            ]),
            row(&[
                "Ann Lee",
                "4",
                "Dee Park",
                "Umbrella",
                "White paper",
                stale_state,
                "",
                "871.200 h",
                "",
                "",
                "2024-01-16 09:30:00",
                "2024-02-01 11:15:00",
                "L-9",
                "l-9@example.test",
                "Trade show",
                "2024-01-15 10:00:00",
                "1280.000 h",
                "72.000 h",
            ]),
            row(&[
                "Zed Cole",
                "",
                "@Eve Ng",
                "Umbrella",
                "White paper",
                stale_state,
                "",
                "409.200 h",
                "",
                "",
                "2024-01-16 09:30:00",
                "2024-02-20 16:45:00",
                "L-11",
                "l-11@example.test",
                "Trade show",
                "2024-01-15 10:00:00",
                "1280.000 h",
                "72.000 h",
            ]),
            // Missing info: the rank cell red, the reason in the State column.
            row(&[
                "Zed Cole",
                "none",
                "Fay Orr",
                "Umbrella",
                "White paper",
                "Missing rank: worked but not ranked: give it a rank from 1 to 7",
                "",
                "",
                "",
                "",
                "",
                "",
                "L-12",
                "l-12@example.test",
                "",
                "",
                "",
                "",
            ]),
        ]
    );
}

#[test]
fn formula_like_text_is_stored_as_quoted_text_not_a_formula() {
    let (_folder, path) = written(&fixture::full_report());
    let cells = dump(&path, FOLLOW_UPS);
    assert_eq!(cells[1][2], FORMULA_LEAD);
    let sheet_xml = zipped(&path, "xl/worksheets/sheet2.xml");
    assert!(!sheet_xml.contains("<f>"), "a formula was written");
    // Leads C2 and C6, companies D3 and D4.
    for cell in ["C2", "D3", "D4", "C6"] {
        let tag = cell_tag(&path, FOLLOW_UPS_SHEET, cell);
        assert_eq!(attribute(&tag, "t"), Some("inlineStr"), "{cell}: {tag}");
        assert!(
            cell_xf(&path, FOLLOW_UPS_SHEET, cell).contains("quotePrefix=\"1\""),
            "{cell}"
        );
    }
    // Plain text has no quote prefix.
    assert!(!cell_xf(&path, FOLLOW_UPS_SHEET, "D2").contains("quotePrefix"));
    // The finding value "@31/02/2024" is quoted text too.
    assert_eq!(dump(&path, DATA_QUALITY)[1][5], "@31/02/2024");
    assert!(cell_xf(&path, 9, "F2").contains("quotePrefix=\"1\""));
}

#[test]
fn missing_first_touch_is_red_and_stale_last_touch_amber() {
    let (_folder, path) = written(&fixture::full_report());
    // First touch is column K, Last touch L.
    for cell in ["K2", "K3", "K4"] {
        assert_eq!(
            cell_fill(&path, FOLLOW_UPS_SHEET, cell),
            solid("FFFF0000"),
            "{cell}"
        );
    }
    for cell in ["L5", "L6"] {
        assert_eq!(
            cell_fill(&path, FOLLOW_UPS_SHEET, cell),
            solid("FFFFC000"),
            "{cell}"
        );
    }
    // Overdue by, Since touch and State of plain rows have no fill.
    for cell in ["G2", "H5", "F5", "A2", "A4"] {
        assert_eq!(
            cell_fill(&path, FOLLOW_UPS_SHEET, cell),
            ("none".to_string(), None),
            "{cell}"
        );
    }
}

#[test]
fn a_hot_lead_is_red_across_the_whole_row_and_missing_info_cells_are_red() {
    let (_folder, path) = written(&fixture::full_report());
    // Row 3 is Ann Lee's rank-2 overdue lead: every one of its 18 cells is filled red,
    // blank ones included.
    for col in 'A'..='R' {
        let cell = format!("{col}3");
        assert_eq!(
            cell_fill(&path, FOLLOW_UPS_SHEET, &cell),
            solid("FFFF0000"),
            "{cell}"
        );
    }
    // Row 7 is Zed Cole's lead with no rank: its Rank and State cells are red, no other.
    for cell in ["B7", "F7"] {
        assert_eq!(
            cell_fill(&path, FOLLOW_UPS_SHEET, cell),
            solid("FFFF0000"),
            "{cell}"
        );
    }
    for cell in ["A7", "C7", "D7"] {
        assert_eq!(
            cell_fill(&path, FOLLOW_UPS_SHEET, cell),
            ("none".to_string(), None),
            "{cell}"
        );
    }
}

#[test]
fn emails_are_mailto_links() {
    let (_folder, path) = written(&fixture::full_report());
    let rels = zipped(&path, "xl/worksheets/_rels/sheet2.xml.rels");
    assert!(
        rels.contains("Target=\"mailto:l-7@example.test\""),
        "{rels}"
    );
    assert_eq!(rels.matches("mailto:").count(), 5, "{rels}");
}

#[test]
fn follow_ups_has_frozen_header_and_autofilter() {
    let (_folder, path) = written(&fixture::report());
    let sheet_xml = zipped(&path, "xl/worksheets/sheet2.xml");
    assert!(
        sheet_xml.contains("<autoFilter ref=\"A1:R4\"/>"),
        "{sheet_xml}"
    );
    assert!(
        sheet_xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""),
        "{sheet_xml}"
    );
}

#[test]
fn no_overdue_or_stale_leads_gives_one_unfilled_row_saying_so() {
    let mut report = fixture::report();
    report.overdue.clear();
    let (_folder, path) = written(&report);
    let cells = dump(&path, FOLLOW_UPS);
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[1][0], "No overdue or stale leads");
    assert_eq!(
        cell_fill(&path, FOLLOW_UPS_SHEET, "A2"),
        ("none".to_string(), None)
    );
}

#[test]
fn long_lists_continue_on_a_second_sheet_with_the_header() {
    let report = fixture::full_report();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("friday.xlsx");
    write_xlsx_with_limit(&report, &path, 3).unwrap();
    let first = dump(&path, FOLLOW_UPS);
    let second = dump(&path, "Follow-ups (2)");
    assert_eq!(first.len(), 4);
    assert_eq!(second.len(), 4);
    assert_eq!(second[0], first[0]);
    // Lead ID is column 13.
    assert_eq!(second[1][12], "L-9");
    assert_eq!(second[2][12], "L-11");
    assert_eq!(second[3][12], "L-12");
    let workbook = open_workbook_auto(&path).unwrap();
    assert_eq!(
        workbook.sheet_names()[1..3],
        ["Follow-ups", "Follow-ups (2)"]
    );
}

#[test]
fn text_too_long_for_a_cell_is_cut_with_a_marker() {
    let mut report = fixture::report();
    report.overdue[1].lead.company = "x".repeat(40_000);
    let (_folder, path) = written(&report);
    let company = &dump(&path, FOLLOW_UPS)[2][3];
    assert!(
        company.ends_with("x… [cut: 7273 more characters]"),
        "{}",
        &company[32_000..]
    );
}

#[test]
fn writing_twice_gives_byte_identical_files() {
    let report = fixture::full_report();
    let (_first_folder, first) = written(&report);
    let (_second_folder, second) = written(&report);
    assert_eq!(fs::read(first).unwrap(), fs::read(second).unwrap());
}

#[test]
fn creation_date_comes_from_as_of() {
    let (_folder, path) = written(&fixture::report());
    let core = zipped(&path, "docProps/core.xml");
    assert!(core.contains(">2024-03-08T00:00:00Z<"), "{core}");
}

#[test]
fn existing_file_is_kept_when_a_value_cannot_be_written() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("friday.xlsx");
    fs::write(&path, "last week").unwrap();
    let mut report = fixture::report();
    report.overdue[1].created_at =
        NaiveDateTime::parse_from_str("1850-01-01 00:00", "%Y-%m-%d %H:%M").unwrap();
    let err = write_xlsx(&report, &path).unwrap_err();
    assert!(
        format!("{err:#}").starts_with("writing sheet Follow-ups, row 3 (lead L-3): "),
        "{err:#}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "last week");
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn missing_folder_is_an_error_naming_it() {
    let folder = tempfile::tempdir().unwrap();
    let missing = folder.path().join("missing");
    let path = missing.join("friday.xlsx");
    let err = write_xlsx(&fixture::report(), &path).unwrap_err();
    assert!(
        format!("{err:#}").starts_with(&format!(
            "writing {}: creating a temporary file in {}: ",
            path.display(),
            missing.display()
        )),
        "{err:#}"
    );
}
