//! Tests of the HTML renderer: escaping, exact formatted figures, the folder swap.

use std::fs;

use super::*;
use crate::render::fixture;

fn page() -> String {
    render_index(&fixture::report()).unwrap()
}

/// The text of every `<th>` and `<td>` of the table row that contains `needle`.
fn row_cells(html: &str, needle: &str) -> Vec<String> {
    let at = html.find(needle).unwrap();
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    let row = &html[start..end];
    let row = &row[row.find('>').unwrap() + 1..];
    row.split("</t")
        .filter_map(|cell| cell.find("<t").map(|open| &cell[open..]))
        .map(|cell| cell[cell.find('>').unwrap() + 1..].to_string())
        .collect()
}

#[test]
fn script_named_rep_is_escaped_and_never_raw() {
    let html = page();
    assert!(html.contains("<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>"));
    assert!(!html.contains("<script"), "raw script tag in page");
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
}

#[test]
fn title_and_kpis_come_from_the_totals() {
    let html = page();
    assert!(html.contains("<title>Friday report — 2024-03-08</title>"));
    let kpis: Vec<&str> = html
        .split("<span class=\"value\">")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').unwrap()])
        .collect();
    assert_eq!(kpis, vec!["12", "3", "3", "41.7%", "50.0%"]);
}

#[test]
fn overdue_leads_are_grouped_by_rep_and_say_overdue_in_words() {
    let html = page();
    let ann = html.find("<h3>Ann Lee</h3>").unwrap();
    let script_rep = html.find("<h3>&lt;script&gt;").unwrap();
    assert!(script_rep < ann, "reps keep the report's order");
    assert_eq!(html.matches("<h3>Ann Lee</h3>").count(), 1);
    assert_eq!(
        row_cells(&html, "<td>L-3</td>"),
        vec![
            "L-3",
            "Bob Stone",
            "+Globex",
            "l-3@example.test",
            "Web",
            "Trial",
            "2024-03-06 14:00",
            "52.0",
            "24.0",
            "28.0",
            "none (overdue)"
        ]
    );
    assert_eq!(
        html.matches("<td class=\"missing-touch\">none (overdue)</td>")
            .count(),
        3
    );
}

#[test]
fn rep_and_source_tables_show_formatted_figures_and_a_total() {
    let html = page();
    assert_eq!(
        row_cells(&html, "<th scope=\"row\">Ann Lee</th>"),
        vec![
            "Ann Lee", "7", "5", "2", "2", "12.2", "3", "42.9%", "3", "0", "0", "—"
        ]
    );
    assert_eq!(
        row_cells(&html, "<th scope=\"row\">Trade show</th>"),
        vec![
            "Trade show",
            "4",
            "4",
            "0",
            "0",
            "30.0",
            "1",
            "25.0%",
            "1",
            "0",
            "1",
            "0.0%"
        ]
    );
    assert_eq!(html.matches("<tr class=\"total\">").count(), 2);
    assert!(html.contains("<th scope=\"col\">Source</th><th scope=\"col\">Leads</th>"));
    assert!(html.contains("<th scope=\"col\">Rep</th><th scope=\"col\">Leads</th>"));
}

#[test]
fn findings_are_listed_with_a_count_and_capped() {
    let html = page();
    assert!(html.contains("<p>1 finding.</p>"));
    assert_eq!(
        row_cells(&html, "<td>unparseable date</td>"),
        vec![
            "unparseable date",
            "export.xlsx",
            "Leads",
            "14",
            "Created",
            "@31/02/2024",
            "not a date"
        ]
    );

    let mut report = fixture::report();
    let finding = report.findings[0].clone();
    report.findings = vec![finding; 1234];
    let html = render_index(&report).unwrap();
    assert!(html.contains(
        "<p>1,234 findings; the first 200 are listed (all are on the Data quality sheet).</p>"
    ));
    assert_eq!(html.matches("<td>unparseable date</td>").count(), 200);
}

#[test]
fn page_needs_no_network_and_no_javascript() {
    let html = page();
    for needle in ["<link", "src=", "@import", "url(", "<script", "https://"] {
        assert!(!html.contains(needle), "page contains {needle}");
    }
}

#[test]
fn no_overdue_leads_says_so() {
    let mut report = fixture::report();
    report.overdue.clear();
    let html = render_index(&report).unwrap();
    assert!(html.contains("<p>No overdue leads.</p>"));
    assert!(!html.contains("missing-touch\">"));
}

#[test]
fn formats_counts_hours_and_rates() {
    assert_eq!(count(0), "0");
    assert_eq!(count(999), "999");
    assert_eq!(count(1_000), "1,000");
    assert_eq!(count(1_234_567), "1,234,567");
    assert_eq!(hours(52.0), "52.0");
    assert_eq!(hours(33.75), "33.8");
    assert_eq!(percent(Some(5.0 / 12.0)), "41.7%");
    assert_eq!(percent(None), "—");
}

#[test]
fn write_site_writes_index_and_replaces_an_old_site() {
    let folder = tempfile::tempdir().unwrap();
    let site = folder.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(site.join("old.html"), "last week").unwrap();
    write_site(&fixture::report(), &site).unwrap();
    assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), page());
    assert!(!site.join("old.html").exists());
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn write_site_into_a_missing_folder_fails_and_names_it() {
    let folder = tempfile::tempdir().unwrap();
    let missing = folder.path().join("missing");
    let err = write_site(&fixture::report(), &missing.join("site")).unwrap_err();
    assert!(
        format!("{err:#}").starts_with(&format!(
            "creating a temporary folder in {}: ",
            missing.display()
        )),
        "{err:#}"
    );
}
