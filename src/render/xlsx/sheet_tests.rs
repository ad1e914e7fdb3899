//! Tests of the sheets besides Follow-ups: Reps, Sources, Offers over time, Data quality,
//! Definitions, and the print setup of every sheet.

use super::tests::{REPS_SHEET, SOURCES_SHEET, cell_fill, dump, row, solid, written, zipped};
use super::*;
use crate::render::fixture::{self, SCRIPT_REP};
use crate::report::NONE_NAME;

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
                "Junk",
                "Contacted",
                "Never contacted",
                "Overdue",
                "Missing info",
                "Older: never worked",
                "Older: gone quiet",
                "Median first touch (days)",
                "Converted",
                "Conversion",
                "Opportunities",
                "Won",
                "Lost",
                "Close rate",
            ]),
            row(&[
                SCRIPT_REP, "5", "0", "4", "1", "1", "0", "0", "0", "3.500 h", "2", "0.4", "2",
                "1", "1", "0.5"
            ]),
            row(&[
                "Ann Lee", "7", "0", "5", "2", "2", "0", "0", "0", "12.250 h", "3", &third, "3",
                "0", "0", ""
            ]),
            row(&[
                "Total",
                "12",
                "0",
                "9",
                "3",
                "3",
                "0",
                "0",
                "0",
                "6.000 h",
                "5",
                &five_twelfths,
                "5",
                "1",
                "1",
                "0.5"
            ]),
            row(&[""; 16]),
            row(&[
                "Deals count under the deal's own owner ([attribution] deals = \"deal-owner\").",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                ""
            ]),
        ]
    );
    assert_eq!(cell_fill(&path, REPS_SHEET, "F2"), solid("FFFFC7CE"));
    let styles = zipped(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0%\""), "{styles}");
    // The filter stops above Total, so sorting keeps Total last.
    let sheet_xml = zipped(&path, "xl/worksheets/sheet3.xml");
    assert!(
        sheet_xml.contains("<autoFilter ref=\"A1:P3\"/>"),
        "{sheet_xml}"
    );
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
            "0",
            "4",
            "0",
            "0",
            "0",
            "0",
            "0",
            "30.000 h",
            "1",
            "0.25",
            "1",
            "0",
            "1",
            "0"
        ])
    );
    assert_eq!(cells[3][0], "Total");
    assert_eq!(
        cell_fill(&path, SOURCES_SHEET, "F2"),
        ("none".to_string(), None)
    );
}

#[test]
fn data_quality_lists_findings_then_duplicates() {
    let (_folder, path) = written(&fixture::full_report());
    assert_eq!(
        dump(&path, DATA_QUALITY)[1..],
        vec![
            row(&[
                "unparseable date",
                "export.xlsx",
                "Leads",
                "14",
                "Created",
                "@31/02/2024",
                "not a date"
            ]),
            row(&[
                "duplicate email",
                "",
                "",
                "",
                "email",
                "bob@globex.test",
                "leads L-3, L-30; companies globex"
            ]),
        ]
    );
}

#[test]
fn definitions_list_metrics_then_settings() {
    let (_folder, path) = written(&fixture::report());
    let definitions = dump(&path, DEFINITIONS);
    assert_eq!(
        definitions[1],
        row(&["Overdue", &fixture::report().definitions[0].text])
    );
    assert_eq!(definitions[4], row(&["Setting", "Value"]));
    assert_eq!(definitions[5], row(&["Time zone", "Europe/London"]));
    assert_eq!(definitions.last().unwrap(), &row(&["Input", "export.xlsx"]));
}

#[test]
fn offers_over_time_has_three_native_charts_on_its_own_cells() {
    let (_folder, path) = written(&fixture::full_report());
    let chart = zipped(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>"), "{chart}");
    assert!(
        chart.contains("<c:f>'Offers over time'!$B$11:$B$12</c:f>"),
        "{chart}"
    );
    assert!(
        chart.contains("<c:f>'Offers over time'!$A$11:$A$12</c:f>"),
        "{chart}"
    );
    assert!(zipped(&path, "xl/charts/chart2.xml").contains("<c:lineChart>"));
    assert!(zipped(&path, "xl/charts/chart3.xml").contains("<c:lineChart>"));
}

#[test]
fn every_sheet_has_print_setup_with_as_of_footer() {
    let (_folder, path) = written(&fixture::full_report());
    for sheet in 1..=10 {
        let xml = zipped(&path, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(xml.contains("orientation=\"landscape\""), "sheet {sheet}");
        assert!(xml.contains("fitToHeight=\"0\""), "sheet {sheet}");
        assert!(
            xml.contains("<fitToPage/>") || xml.contains("fitToPage=\"1\""),
            "sheet {sheet}"
        );
        assert!(
            xml.contains("<oddFooter>&amp;LFriday report as of 2024-03-08&amp;C&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>"),
            "sheet {sheet}: {xml}"
        );
    }
    let workbook = zipped(&path, "xl/workbook.xml");
    assert!(workbook.contains("'Follow-ups'!$1:$1"), "{workbook}");
}

#[test]
fn leads_with_no_offer_are_a_column_of_the_blocks_but_no_series() {
    let mut report = fixture::full_report();
    for row in &mut report.offers_over_time {
        if row.offer == "White paper" {
            row.offer = NONE_NAME.to_string();
        }
    }
    let (_folder, path) = written(&report);
    // The leads block: Cohort, Trial (B), (none) (C); one series, Trial's.
    let chart = zipped(&path, "xl/charts/chart1.xml");
    assert_eq!(chart.matches("<c:ser>").count(), 1, "{chart}");
    assert!(
        chart.contains("<c:f>'Offers over time'!$B$10</c:f>"),
        "{chart}"
    );
    assert!(!chart.contains("$C$"), "{chart}");
    // With no offer but "(none)", the blocks have no chart at all.
    for row in &mut report.offers_over_time {
        row.offer = NONE_NAME.to_string();
    }
    let (_folder, path) = written(&report);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let charts: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|name| name.starts_with("xl/charts/"))
        .collect();
    assert_eq!(charts, Vec::<String>::new());
}
