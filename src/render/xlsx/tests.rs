//! Tests of the XLSX renderer: the file is read back with calamine and its XML inspected.

use std::fs;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::*;
use crate::render::fixture::{self, FORMULA_LEAD, SCRIPT_REP};

/// Every cell of a sheet as text: numbers via `f64` Display, dates as `%Y-%m-%d %H:%M:%S`.
fn dump(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(text) => text.clone(),
                    Data::Float(number) => format!("{number}"),
                    Data::DateTime(at) => at
                        .as_datetime()
                        .unwrap()
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string(),
                    Data::Empty => String::new(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(ToString::to_string).collect()
}

fn zipped(path: &Path, name: &str) -> String {
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
fn attribute<'a>(tag: &'a str, attribute: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The n-th element `<name …>…` inside the `<section>` element of `xml`.
fn nth_element<'a>(xml: &'a str, section: &str, name: &str, n: usize) -> &'a str {
    let start = xml.find(&format!("<{section}")).unwrap();
    let end = xml.find(&format!("</{section}>")).unwrap();
    xml[start..end]
        .split(&format!("<{name}"))
        .nth(n + 1)
        .unwrap()
}

/// The fill (pattern, foreground RGB) of `cell` (e.g. "L2") on the n-th sheet (1-based).
fn cell_fill(path: &Path, sheet: usize, cell: &str) -> (String, Option<String>) {
    let sheet_xml = zipped(path, &format!("xl/worksheets/sheet{sheet}.xml"));
    let at = sheet_xml.find(&format!("<c r=\"{cell}\"")).unwrap();
    let tag = &sheet_xml[at..at + sheet_xml[at..].find('>').unwrap()];
    let style: usize = attribute(tag, "s").unwrap_or("0").parse().unwrap();
    let styles = zipped(path, "xl/styles.xml");
    let xf = nth_element(&styles, "cellXfs", "xf ", style);
    let fill_id: usize = attribute(xf, "fillId").unwrap().parse().unwrap();
    let fill = nth_element(&styles, "fills", "fill>", fill_id);
    let pattern = attribute(fill, "patternType").unwrap().to_string();
    let rgb = fill
        .find("<fgColor")
        .and_then(|at| attribute(&fill[at..], "rgb"))
        .map(ToString::to_string);
    (pattern, rgb)
}

fn written(report: &Report) -> (tempfile::TempDir, std::path::PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("friday-2024-03-08.xlsx");
    write_xlsx(report, &path).unwrap();
    (folder, path)
}

#[test]
fn follow_ups_has_one_row_per_overdue_lead_with_exact_values() {
    let (_folder, path) = written(&fixture::report());
    assert_eq!(
        dump(&path, FOLLOW_UPS),
        vec![
            row(&[
                "Rep",
                "Lead ID",
                "Lead",
                "Company",
                "Email",
                "Source",
                "Offer",
                "Created",
                "Age (h)",
                "SLA (h)",
                "Hours overdue",
                "First touch",
            ]),
            row(&[
                SCRIPT_REP,
                "L-7",
                FORMULA_LEAD,
                "Acme",
                "l-7@example.test",
                "Web",
                "White paper",
                "2024-03-01 09:30:00",
                "176.5",
                "72",
                "104.5",
                "none (overdue)",
            ]),
            row(&[
                "Ann Lee",
                "L-3",
                "Bob Stone",
                "+Globex",
                "l-3@example.test",
                "Web",
                "Trial",
                "2024-03-06 14:00:00",
                "52",
                "24",
                "28",
                "none (overdue)",
            ]),
            row(&[
                "Ann Lee",
                "L-5",
                "Cy Young",
                "-Initech",
                "l-5@example.test",
                "Web",
                "Trial",
                "2024-03-07 08:30:00",
                "33.5",
                "24",
                "9.5",
                "none (overdue)",
            ]),
        ]
    );
}

#[test]
fn formula_like_text_is_stored_as_a_string_not_a_formula() {
    let (_folder, path) = written(&fixture::report());
    let cells = dump(&path, FOLLOW_UPS);
    assert_eq!(cells[1][2], r#"=HYPERLINK("http://x","y")"#);
    let sheet_xml = zipped(&path, "xl/worksheets/sheet1.xml");
    assert!(!sheet_xml.contains("<f>"), "a formula was written");
    let at = sheet_xml.find("<c r=\"C2\"").unwrap();
    let tag = &sheet_xml[at..at + sheet_xml[at..].find('>').unwrap()];
    assert_eq!(attribute(tag, "t"), Some("s"), "C2 is not a shared string");
    // The finding value "@31/02/2024" is text too.
    assert_eq!(dump(&path, DATA_QUALITY)[1][5], "@31/02/2024");
}

#[test]
fn missing_first_touch_cells_have_a_solid_red_fill() {
    let (_folder, path) = written(&fixture::report());
    for cell in ["L2", "L3", "L4"] {
        assert_eq!(
            cell_fill(&path, 1, cell),
            ("solid".to_string(), Some("FFFF0000".to_string())),
            "{cell}"
        );
    }
    assert_eq!(cell_fill(&path, 1, "K2"), ("none".to_string(), None));
}

#[test]
fn follow_ups_has_frozen_header_and_autofilter() {
    let (_folder, path) = written(&fixture::report());
    let sheet_xml = zipped(&path, "xl/worksheets/sheet1.xml");
    assert!(
        sheet_xml.contains("<autoFilter ref=\"A1:L4\"/>"),
        "{sheet_xml}"
    );
    assert!(
        sheet_xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""),
        "{sheet_xml}"
    );
}

#[test]
fn reps_has_one_row_per_rep_then_total_with_overdue_in_light_red() {
    let (_folder, path) = written(&fixture::report());
    let third = format!("{}", 3.0 / 7.0);
    let five_twelfths = format!("{}", 5.0 / 12.0);
    assert_eq!(
        dump(&path, REPS),
        vec![
            row(&[
                "Rep",
                "Leads",
                "Contacted",
                "Never contacted",
                "Overdue",
                "Median h to first touch",
                "Converted",
                "Conversion",
                "Opportunities",
                "Won",
                "Lost",
                "Close rate",
            ]),
            row(&[
                SCRIPT_REP, "5", "4", "1", "1", "3.5", "2", "0.4", "2", "1", "1", "0.5"
            ]),
            row(&[
                "Ann Lee", "7", "5", "2", "2", "12.25", "3", &third, "3", "0", "0", ""
            ]),
            row(&[
                "Total",
                "12",
                "9",
                "3",
                "3",
                "6",
                "5",
                &five_twelfths,
                "5",
                "1",
                "1",
                "0.5"
            ]),
        ]
    );
    assert_eq!(
        cell_fill(&path, 2, "E2"),
        ("solid".to_string(), Some("FFFFC7CE".to_string()))
    );
    let styles = zipped(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0%\""), "{styles}");
}

#[test]
fn sources_first_header_is_the_source_label_and_zero_overdue_is_not_filled() {
    let mut report = fixture::report();
    report.source_label = "Product".to_string();
    let (_folder, path) = written(&report);
    let cells = dump(&path, SOURCES);
    assert_eq!(cells[0][0], "Product");
    assert_eq!(
        cells[1],
        row(&[
            "Trade show",
            "4",
            "4",
            "0",
            "0",
            "30",
            "1",
            "0.25",
            "1",
            "0",
            "1",
            "0"
        ])
    );
    assert_eq!(cells[3][0], "Total");
    assert_eq!(cell_fill(&path, 3, "E2"), ("none".to_string(), None));
}

#[test]
fn no_overdue_leads_gives_one_unfilled_row_saying_so() {
    let mut report = fixture::report();
    report.overdue.clear();
    let (_folder, path) = written(&report);
    let cells = dump(&path, FOLLOW_UPS);
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[1][0], "No overdue leads");
    assert_eq!(cell_fill(&path, 1, "A2"), ("none".to_string(), None));
}

#[test]
fn data_quality_and_definitions_list_findings_and_settings() {
    let (_folder, path) = written(&fixture::report());
    assert_eq!(
        dump(&path, DATA_QUALITY)[1],
        row(&[
            "unparseable date",
            "export.xlsx",
            "Leads",
            "14",
            "Created",
            "@31/02/2024",
            "not a date"
        ])
    );
    let definitions = dump(&path, DEFINITIONS);
    assert_eq!(
        definitions[1],
        row(&["Overdue", &fixture::report().definitions[0].text])
    );
    let settings: Vec<Vec<String>> = definitions[4..].to_vec();
    assert_eq!(
        settings,
        vec![
            row(&["Setting", "Value"]),
            row(&["Time zone", "Europe/London"]),
            row(&[
                "Business hours",
                "Mon–Fri 09:00–17:00 Europe/London, 0 holidays"
            ]),
            row(&["SLA clock", "calendar hours"]),
            row(&["Default SLA (h)", "72"]),
            row(&["SLA (h) for offers or sources containing \"trial\"", "24"]),
            row(&["Stale after (days)", "14"]),
            row(&["Cohorts", "by month, mature after 30 days"]),
            row(&["Junk leads in conversion", "left out"]),
            row(&["Grab-back", "rank 7 or worse, no touch for 30 days"]),
            row(&["Won stages", "Closed Won"]),
            row(&["Lost stages", "Closed Lost, Disqualified"]),
            row(&["As of", "2024-03-08"]),
            row(&["Ages measured at", "2024-03-08 18:00"]),
            row(&["Input", "export.xlsx"]),
        ]
    );
}

#[test]
fn writing_twice_gives_byte_identical_files() {
    let report = fixture::report();
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
    report.overdue[1].company = "x".repeat(40_000);
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
    let err = write_xlsx(&fixture::report(), &missing.join("friday.xlsx")).unwrap_err();
    assert!(
        format!("{err:#}").starts_with(&format!(
            "creating a temporary file in {}: ",
            missing.display()
        )),
        "{err:#}"
    );
}
