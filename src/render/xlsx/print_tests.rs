//! Tests of the printed workbook: the Follow-ups print area and the scale it prints at, page
//! setup, header rows tall enough for their wrapped titles (and rows for their wrapped text),
//! and "n/a" for last week's figures in the first report.

use chrono::NaiveDate;

use super::tests::{FOLLOW_UPS_SHEET, REPS_SHEET, attribute, dump, row, written, zipped};
use super::*;
use crate::render::fixture;
use crate::report::{BacklogPoint, Comebacks, History, RepBacklog, RepWeek};

/// The `ht` of sheet row `r` (1-based) on the n-th sheet, `None` when the row has no height.
fn row_height(path: &Path, sheet: usize, r: u32) -> Option<String> {
    let xml = zipped(path, &format!("xl/worksheets/sheet{sheet}.xml"));
    let at = xml.find(&format!("<row r=\"{r}\"")).unwrap();
    let tag = &xml[at..at + xml[at..].find('>').unwrap()];
    attribute(tag, "ht").map(ToString::to_string)
}

/// The widths of the first `n` columns of the n-th sheet, as written (`<col … width>`).
fn column_widths(path: &Path, sheet: usize, n: usize) -> Vec<f64> {
    let xml = zipped(path, &format!("xl/worksheets/sheet{sheet}.xml"));
    let mut widths = Vec::new();
    for attributes in xml.split("<col ").skip(1) {
        let col = &format!(" {attributes}");
        let min: usize = attribute(col, "min").unwrap().parse().unwrap();
        let max: usize = attribute(col, "max").unwrap().parse().unwrap();
        let width: f64 = attribute(col, "width").unwrap().parse().unwrap();
        assert_eq!(min, widths.len() + 1, "columns are listed in order: {xml}");
        widths.extend(std::iter::repeat_n(width, max - min + 1));
    }
    widths.truncate(n);
    widths
}

#[test]
fn follow_ups_prints_its_ten_action_columns_landscape_one_page_wide_with_the_header_repeated() {
    let report = fixture::full_report();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("friday.xlsx");
    // Three rows a sheet: the list goes on on "Follow-ups (2)", printed the same way.
    write_xlsx_with_limit(&report, &path, 3).unwrap();
    let workbook = zipped(&path, "xl/workbook.xml");
    for (id, name) in [(1, "'Follow-ups'"), (2, "'Follow-ups (2)'")] {
        assert!(
            workbook.contains(&format!(
                "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"{id}\">{name}!$A:$J</definedName>"
            )),
            "{workbook}"
        );
        assert!(
            workbook.contains(&format!(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{id}\">{name}!$1:$1</definedName>"
            )),
            "{workbook}"
        );
    }
    // Only the Follow-ups sheets have a print area.
    assert_eq!(
        workbook.matches("_xlnm.Print_Area").count(),
        2,
        "{workbook}"
    );
    let sheet = zipped(&path, &format!("xl/worksheets/sheet{FOLLOW_UPS_SHEET}.xml"));
    // Fit to one page wide (fitToWidth is 1 unless written otherwise) and any number high.
    assert!(
        sheet.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"),
        "{sheet}"
    );
    assert!(
        sheet.contains(
            "<pageSetup fitToHeight=\"0\" orientation=\"landscape\" horizontalDpi=\"200\" verticalDpi=\"200\"/>"
        ),
        "{sheet}"
    );
    // Excel's "Narrow" margins.
    assert!(
        sheet.contains(
            "<pageMargins left=\"0.25\" right=\"0.25\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        ),
        "{sheet}"
    );
}

#[test]
fn follow_ups_prints_at_73_percent_on_letter_however_long_the_values() {
    let mut report = fixture::full_report();
    // Every printed text column of the hot lead far wider than its column may grow.
    let long = "x".repeat(80);
    let hot = &mut report.overdue[1];
    assert!(hot.hot);
    hot.lead.owner = long.clone();
    hot.lead.name = long.clone();
    hot.lead.company = long.clone();
    hot.lead.offer = long.clone();
    hot.next_step = Some(long.clone());
    let (_folder, path) = written(&report);
    let cells = dump(&path, FOLLOW_UPS);
    let hot = cells.iter().find(|r| r[2] == long).unwrap();
    assert_eq!(hot[..5], [&long, "2", &long, &long, &long]);
    assert_eq!(hot[8], long);
    // Each column at its most width (written with Excel's 0.7109375 of padding).
    let widths = column_widths(&path, FOLLOW_UPS_SHEET, 10);
    let most = [18.0, 6.0, 20.0, 22.0, 20.0, 42.0, 10.0, 12.0, 20.0, 18.0];
    let padded: Vec<f64> = most.iter().map(|w| w + 0.710_937_5).collect();
    assert_eq!(widths, padded);
    // Excel draws a column 7 pixels a character plus 5 (Calibri 11): 188 × 7 + 10 × 5.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let pixels: u32 = widths.iter().map(|w| (w * 7.0).round() as u32).sum();
    assert_eq!(pixels, 1_366);
    // A landscape Letter page less the narrow margins is 10.5 inches, 1,008 pixels at 96 dpi;
    // Excel prints at the whole percent that fits: 100800 / 1366 = 73.8. A4: 11.19 inches.
    let scale = |inches: f64| (inches * 96.0 * 100.0 / f64::from(pixels)).floor();
    assert!((scale(11.0 - 0.5) - 73.0).abs() < f64::EPSILON);
    assert!((scale(11.69 - 0.5) - 78.0).abs() < f64::EPSILON);
}

#[test]
fn list_header_rows_are_as_tall_as_their_longest_wrapped_title() {
    let (_folder, path) = written(&fixture::full_report());
    // Follow-ups: "Overdue by (days)" at 10 wraps on two lines of 15 points.
    assert_eq!(
        row_height(&path, FOLLOW_UPS_SHEET, 1).as_deref(),
        Some("30")
    );
    // Reps: "Median first touch (days)" at 21 takes two lines.
    assert_eq!(row_height(&path, REPS_SHEET, 1).as_deref(), Some("30"));
    // Cadence: "Steps due" and "On time" fit one line at 10: the default 15 points, which
    // the file leaves unwritten.
    assert_eq!(row_height(&path, 6, 1), None);
    // Offers over time: "Median first touch (days)" at 11 (10 a line) takes four.
    assert_eq!(row_height(&path, 5, 1).as_deref(), Some("60"));
}

/// The full fixture as the first report on record: Ann Lee and Zed Cole with overdue leads.
fn first_report() -> Report {
    let mut report = fixture::full_report();
    let week = |owner: &str, now: u64| RepWeek {
        owner: owner.to_string(),
        overdue_now: now,
        overdue_before: None,
        // What metrics would count; with nothing to compare it must not be shown.
        newly_overdue: now,
        fixed: 0,
    };
    report.history = Some(History {
        previous: None,
        reps: vec![week("Ann Lee", 2), week("Zed Cole", 1)],
        totals: week("Total", 3),
        backlog: vec![BacklogPoint {
            as_of: NaiveDate::from_ymd_opt(2024, 3, 8).unwrap(),
            overdue: 3,
            stale: 2,
        }],
        rep_backlog: vec![
            RepBacklog {
                owner: "Ann Lee".to_string(),
                overdue: vec![2],
            },
            RepBacklog {
                owner: "Zed Cole".to_string(),
                overdue: vec![1],
            },
        ],
        comebacks: Comebacks::default(),
        newly_overdue: Vec::new(),
    });
    report
}

#[test]
fn the_first_report_shows_n_a_for_last_fridays_figures_as_the_site_does() {
    let (_folder, path) = written(&first_report());
    let cells = dump(&path, SUMMARY);
    let start = cells
        .iter()
        .position(|r| r[0] == "Week over week: this is the first report on record")
        .unwrap_or_else(|| panic!("{cells:#?}"));
    let used = |r: &Vec<String>| r[..8].to_vec();
    assert_eq!(
        cells[start + 1..start + 5]
            .iter()
            .map(used)
            .collect::<Vec<_>>(),
        [
            row(&[
                "Rep",
                "Overdue now",
                "Overdue last Friday",
                "Newly overdue",
                "Fixed",
                "Backlog",
                "",
                "2024-03-08"
            ]),
            row(&["Ann Lee", "2", "n/a", "n/a", "n/a", "", "", "2"]),
            row(&["Zed Cole", "1", "n/a", "n/a", "n/a", "", "", "1"]),
            row(&["Total", "3", "n/a", "n/a", "n/a", "", "", "3"]),
        ]
    );
}

#[test]
fn summary_header_rows_fit_their_titles_at_the_widths_the_columns_end_with() {
    let (_folder, path) = written(&first_report());
    let cells = dump(&path, SUMMARY);
    let sheet_row = |first: &str| {
        let index = cells.iter().position(|r| r[0] == first).unwrap();
        u32::try_from(index).unwrap() + 1
    };
    // "What it counts" in column C, 11 wide (the Junk column below): "What it" / "counts".
    assert_eq!(
        row_height(&path, 1, sheet_row("Key figure")).as_deref(),
        Some("30")
    );
    // "Overdue last Friday" in column C (10 a line): "Overdue" / "last" / "Friday".
    let week = sheet_row("Week over week: this is the first report on record") + 1;
    assert_eq!(cells[week as usize - 1][0], "Rep");
    assert_eq!(row_height(&path, 1, week).as_deref(), Some("45"));
    // The rep and source tables: "Median first touch (days)" at 21 takes two lines.
    let tables: Vec<u32> = (0u32..)
        .zip(&cells)
        .filter(|(_, r)| r[0] == "Rep" || r[0] == "Source")
        .map(|(index, _)| index + 1)
        .collect();
    assert_eq!(tables, [week, week + 6, week + 12]);
    for table in &tables[1..] {
        assert_eq!(row_height(&path, 1, *table).as_deref(), Some("30"));
    }
}

#[test]
fn rows_of_wrapped_text_are_tall_enough_for_it() {
    let mut report = fixture::full_report();
    // 13 words of 9 letters: at the Message column's most width, 62 (61 a line), six words a
    // line (59 characters with their spaces), so three lines.
    report.findings[0].message = ["abcdefghi"; 13].join(" ");
    // 25 words in the Definitions' Text column, 100 wide (99 a line): ten a line, three lines.
    report.definitions[0].text = ["abcdefghi"; 25].join(" ");
    let (_folder, path) = written(&report);
    let (data_quality, definitions) = (9, 10);
    assert_eq!(dump(&path, DATA_QUALITY)[1][6], report.findings[0].message);
    assert_eq!(column_widths(&path, data_quality, 7)[6], 62.710_937_5);
    assert_eq!(row_height(&path, data_quality, 2).as_deref(), Some("45"));
    // The duplicate's message fits one line: the default height.
    assert_eq!(row_height(&path, data_quality, 3), None);
    assert_eq!(row_height(&path, definitions, 2).as_deref(), Some("45"));
    assert_eq!(row_height(&path, definitions, 3), None);
}
