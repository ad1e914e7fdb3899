//! Tests of the HTML renderer: escaping, exact formatted figures, page names, the folder swap.

use std::collections::BTreeMap;
use std::fs;

use super::*;
use crate::render::templates::DEFAULTS;
use crate::render::{Layout, Templates, fixture, write_defaults};
use crate::report::{GroupRow, Lead, Report, StaleLead};

/// A source name that tries to break out of an attribute.
const ATTRIBUTE_SOURCE: &str = r#"" onmouseover="alert(1)"#;

/// The fixture with a hostile source: a Sources row and a stale lead from it.
fn hostile() -> Report {
    let mut report = fixture::report();
    report.sources.push(GroupRow {
        name: ATTRIBUTE_SOURCE.to_string(),
        leads: 1,
        stale: 1,
        ..GroupRow::default()
    });
    report.stale.push(StaleLead {
        lead: Lead {
            owner: fixture::SCRIPT_REP.to_string(),
            lead_id: "L-9".to_string(),
            name: "<img src=x onerror=alert(1)>".to_string(),
            company: "Acme".to_string(),
            email: "l-9@example.test".to_string(),
            source: ATTRIBUTE_SOURCE.to_string(),
            offer: "Trial".to_string(),
        },
        created_at: report.as_of_time - chrono::Duration::days(40),
        sla_hours: 24.0,
        age_hours: 960.0,
        first_touch_at: Some(report.as_of_time - chrono::Duration::days(39)),
        last_touch_at: report.as_of_time - chrono::Duration::days(20),
        rank: None,
        days_since_touch: 20.0,
        next_step: None,
        next_step_due: None,
    });
    report
}

/// Renders the site of `report` into `out/site` and puts it in place; returns the folder.
fn write_site(
    report: &Report,
    out: &std::path::Path,
    templates: &Templates,
) -> Result<std::path::PathBuf> {
    let layout = Layout::new(out, report.as_of, false, None, None);
    stage_site(
        &RenderContext::new(report, &layout, templates),
        &layout.site,
    )?
    .commit()
}

/// Every page of the site, by path.
fn site(report: &Report) -> BTreeMap<String, String> {
    let templates = Templates::load(None).unwrap();
    let mut pages = BTreeMap::new();
    site_pages(report, &[], &mut |page| {
        pages.insert(page.path.clone(), render_page(templates.tera(), &page)?);
        Ok(())
    })
    .unwrap();
    pages
}

/// The text of every `<th>` and `<td>` of the table row that contains `needle`.
fn row_cells(html: &str, needle: &str) -> Vec<String> {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not found"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    let row = &html[start..end];
    let row = &row[row.find('>').unwrap() + 1..];
    row.split("</t")
        .filter_map(|cell| cell.find("<t").map(|open| &cell[open..]))
        .map(|cell| strip_tags(&cell[cell.find('>').unwrap() + 1..]))
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn site_has_every_page_with_slugged_rep_and_source_names() {
    let pages = site(&hostile());
    let names: Vec<&str> = pages.keys().map(String::as_str).collect();
    let script = slug::slug(fixture::SCRIPT_REP);
    let attribute = slug::slug(ATTRIBUTE_SOURCE);
    assert!(script.starts_with("script-alert-1-script-"), "{script}");
    assert!(attribute.starts_with("onmouseover-alert-1-"), "{attribute}");
    let mut expected = vec![
        "archive.html".to_string(),
        "definitions.html".to_string(),
        "grab-back.html".to_string(),
        "index.html".to_string(),
        "offers.html".to_string(),
        "quality.html".to_string(),
        format!("reps/{}.html", slug::slug("Ann Lee")),
        format!("reps/{script}.html"),
        format!("sources/{attribute}.html"),
        format!("sources/{}.html", slug::slug("Trade show")),
        format!("sources/{}.html", slug::slug("Web")),
    ];
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn hostile_rep_and_source_names_render_as_inert_text_everywhere() {
    for (path, html) in site(&hostile()) {
        assert_eq!(
            html.matches("<script").count(),
            1,
            "{path}: only our own script tag"
        );
        assert!(html.contains("<script src=\""), "{path}");
        assert!(!html.contains("<img"), "{path}");
        assert!(!html.contains("\" onmouseover"), "{path}");
    }
    let pages = site(&hostile());
    let index = &pages["index.html"];
    assert!(
        index.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || index.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(index.contains("&quot; onmouseover=&quot;alert(1)"));
    let source = &pages[&format!("sources/{}.html", slug::slug(ATTRIBUTE_SOURCE))];
    assert!(source.contains("<h1>&quot; onmouseover=&quot;alert(1)</h1>"));
    assert!(source.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn index_kpis_and_rep_table_show_the_reports_figures() {
    let pages = site(&fixture::report());
    let index = &pages["index.html"];
    let kpis: Vec<&str> = index
        .split("<span class=\"value\">")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').unwrap()])
        .collect();
    // The report's headline figures: new leads, leads, overdue, stale, missing info, median
    // first touch, junk, conversion, close rate, win rate (no ranks: no hot-lead figure).
    assert_eq!(
        kpis,
        vec![
            "4", "12", "3", "0", "0", "6 hours", "0", "41.7%", "50.0%", "—"
        ]
    );
    let reps = &index[index.find("<section id=\"reps\">").unwrap()..];
    assert_eq!(
        row_cells(
            index,
            ">Ann Lee</a></th><td class=\"num overdue\" data-sort=\"2\">2 overdue</td>"
        ),
        vec!["Ann Lee", "2 overdue", "0"]
    );
    assert_eq!(
        row_cells(reps, ">Ann Lee</a></th>"),
        vec![
            "Ann Lee",
            "7",
            "0",
            "5",
            "2",
            "2 overdue",
            "0",
            "0",
            "0",
            "12 hours",
            "3",
            "42.9%",
            "3",
            "0",
            "0",
            "—"
        ]
    );
    assert_eq!(
        row_cells(index, ">Trade show</a>"),
        vec![
            "Trade show",
            "4",
            "0",
            "4",
            "0",
            "0",
            "0",
            "0",
            "0",
            "30 hours",
            "1",
            "25.0%",
            "1",
            "0",
            "1",
            "0.0%"
        ]
    );
    assert_eq!(index.matches("<tr class=\"total\">").count(), 2);
}

#[test]
fn rep_page_lists_their_overdue_leads_red_and_in_words() {
    let pages = site(&hostile());
    let ann = &pages[&format!("reps/{}.html", slug::slug("Ann Lee"))];
    assert!(ann.contains("<h1>Ann Lee</h1>"));
    assert_eq!(ann.matches("<tr class=\"overdue\">").count(), 2);
    assert_eq!(
        row_cells(ann, "<span class=\"id\">L-3</span>"),
        // The columns a manager acts on, no Rep column on the rep's own page, then the
        // details (email, source, created, last touch) shown on demand.
        vec![
            "overdue",
            "",
            "Bob StoneL-3",
            "+Globex",
            "Trial",
            "28 hours past a 24-hour SLA",
            "",
            "l-3@example.test",
            "Web",
            "2024-03-06 14:00",
            "none",
        ]
    );
    assert!(!ann.contains("<th scope=\"col\">Rep</th>"));
    assert!(ann.contains("<a href=\"mailto:l-3@example.test\">Bob Stone</a>"));
    let script = &pages[&format!("reps/{}.html", slug::slug(fixture::SCRIPT_REP))];
    let red = script.find("<span class=\"id\">L-7</span>").unwrap();
    let amber = script.find("<span class=\"id\">L-9</span>").unwrap();
    assert!(red < amber, "red first, then amber");
    assert_eq!(
        row_cells(script, "<span class=\"id\">L-9</span>")[0],
        "stale"
    );
    assert_eq!(
        row_cells(script, "<span class=\"id\">L-9</span>")[5],
        "20 days since last touch"
    );
}

#[test]
fn findings_are_listed_with_a_count_and_capped() {
    let mut report = fixture::report();
    let finding = report.findings[0].clone();
    report.findings = vec![finding; 1234];
    let pages = site(&report);
    let quality = &pages["quality.html"];
    assert!(quality.contains(
        "<p>1,234 findings; the first 200 are listed (all are on the Data quality sheet).</p>"
    ));
    assert_eq!(quality.matches("<td>unparseable date</td>").count(), 200);
}

#[test]
fn single_file_inlines_styles_and_script_and_links_nothing() {
    let report = hostile();
    let folder = tempfile::tempdir().unwrap();
    let layout = Layout::new(folder.path(), report.as_of, true, None, None);
    let templates = Templates::load(None).unwrap();
    let html = render_single(&RenderContext::new(&report, &layout, &templates)).unwrap();
    for needle in [
        "<link",
        "src=\"",
        "@import",
        "url(",
        "https://",
        "href=\"reps/",
    ] {
        assert!(!html.contains(needle), "single file contains {needle}");
    }
    assert!(html.contains("<style>"));
    assert_eq!(html.matches("<script>").count(), 1);
    assert!(html.contains("<span class=\"id\">L-7</span>"));
}

#[test]
fn a_user_template_overrides_its_default_by_name() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("style.css"), "body { color: teal; }").unwrap();
    fs::write(
        folder.path().join("definitions.html"),
        "{% extends \"base.html\" %}{% block main %}<p>ours: {{ title }}</p>{% endblock main %}",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = write_site(
        &fixture::report(),
        out.path(),
        &Templates::load(Some(folder.path())).unwrap(),
    )
    .unwrap();
    assert_eq!(
        fs::read_to_string(dir.join("style.css")).unwrap(),
        "body { color: teal; }"
    );
    let definitions = fs::read_to_string(dir.join("definitions.html")).unwrap();
    assert!(definitions.contains("<p>ours: Definitions — Friday report — 2024-03-08</p>"));
    assert!(
        fs::read_to_string(dir.join("index.html"))
            .unwrap()
            .contains("<h2>Reps</h2>")
    );
}

#[test]
fn write_defaults_writes_every_template_and_refuses_to_overwrite() {
    let folder = tempfile::tempdir().unwrap();
    let written = write_defaults(folder.path(), false).unwrap();
    assert_eq!(written.len(), DEFAULTS.len());
    assert_eq!(
        fs::read_to_string(folder.path().join("sort.js")).unwrap(),
        include_str!("../../../templates/sort.js")
    );
    let err = write_defaults(folder.path(), false).unwrap_err();
    assert!(format!("{err:#}").ends_with("exists; use --force to replace it"));
    write_defaults(folder.path(), true).unwrap();
}

#[test]
fn write_site_replaces_an_old_site_whole() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().join("site");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("old.html"), "last week").unwrap();
    write_site(
        &fixture::report(),
        folder.path(),
        &Templates::load(None).unwrap(),
    )
    .unwrap();
    assert!(dir.join("index.html").is_file());
    assert!(dir.join("sort.js").is_file());
    assert!(!dir.join("old.html").exists());
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn write_site_into_a_missing_folder_fails_and_names_it() {
    let folder = tempfile::tempdir().unwrap();
    let missing = folder.path().join("missing");
    let err = write_site(
        &fixture::report(),
        &missing,
        &Templates::load(None).unwrap(),
    )
    .unwrap_err();
    assert!(
        format!("{err:#}").starts_with(&format!(
            "creating a temporary folder in {}: ",
            missing.display()
        )),
        "{err:#}"
    );
}

#[test]
fn grab_back_page_groups_by_reason_with_counts_per_rep() {
    let mut report = fixture::full_report();
    // A second lead of another rep, for a second reason.
    let mut never = report.grab_back[0].clone();
    never.reason = "never worked, created over 90 days ago".to_string();
    never.lead.owner = "Ann Lee".to_string();
    never.lead.lead_id = "L-22".to_string();
    never.days_quiet = 120.0;
    report.grab_back.push(never);
    let pages = site(&report);
    let page = &pages["grab-back.html"];
    assert!(
        page.contains("<h2>Rank 7 or worse, no touch for 30 days: 1</h2>"),
        "{page}"
    );
    assert!(
        page.contains("<h2>Never worked, created over 90 days ago: 1</h2>"),
        "{page}"
    );
    // Reps in the Report's order, then the total; the rep's name escaped.
    let ann = format!(
        "<tr><th scope=\"row\"><a href=\"reps/{}.html\">Ann Lee</a></th><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">1</td></tr>",
        slug::slug("Ann Lee")
    );
    assert!(page.contains(&ann), "{page}");
    assert!(page.contains("<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">2</td></tr>"), "{page}");
    assert_eq!(
        row_cells(page, "<span class=\"id\">L-21</span>")[7],
        "45 days"
    );
    assert_eq!(
        row_cells(page, "<span class=\"id\">L-22</span>")[7],
        "120 days"
    );
    // Without ranks the page says why instead.
    report.coverage.ranks = false;
    let pages = site(&report);
    let page = &pages["grab-back.html"];
    assert!(page.contains("<p>No lead has a rank, so there is no hot lead, no grab-back list and no comeback from rank 7.</p>"));
    assert!(!page.contains("L-21"));
}

#[test]
fn a_list_longer_than_rows_per_list_shows_its_first_rows_and_says_where_the_rest_are() {
    let mut report = fixture::full_report();
    report.settings.rows_per_list = 1;
    let pages = site(&report);
    let ann = &pages[&format!("reps/{}.html", slug::slug("Ann Lee"))];
    // Ann's list: L-3 and L-5 overdue, L-9 stale; the first one shows.
    assert!(ann.contains("<span class=\"id\">L-3</span>"));
    assert!(!ann.contains("<span class=\"id\">L-5</span>"));
    assert!(!ann.contains("<span class=\"id\">L-9</span>"));
    assert!(ann.contains(
        "<p class=\"muted\">The first 1 of 3 rows; the Follow-ups sheet of friday-2024-03-08.xlsx holds all of them.</p>"
    ), "{ann}");
    // 0 shows every row, with no note.
    report.settings.rows_per_list = 0;
    let pages = site(&report);
    let ann = &pages[&format!("reps/{}.html", slug::slug("Ann Lee"))];
    assert!(ann.contains("<span class=\"id\">L-9</span>"));
    assert!(!ann.contains("holds all of them"));
}

#[test]
fn duplicates_and_cadence_leads_are_bounded_like_the_other_lists() {
    use crate::report::{CadenceLead, DuplicateGroup};
    let mut report = fixture::full_report();
    report.duplicates = ["dup-a@x.com", "dup-b@x.com"]
        .iter()
        .map(|key| DuplicateGroup {
            by: "email".to_string(),
            key: (*key).to_string(),
            lead_ids: vec!["L-1".to_string(), "L-2".to_string()],
            companies: vec!["Acme".to_string()],
        })
        .collect();
    report.cadence_leads = ["C-1", "C-2", "C-3"]
        .iter()
        .map(|id| CadenceLead {
            owner: "Ann Lee".to_string(),
            lead_id: (*id).to_string(),
            offer: "White Paper".to_string(),
            steps: Vec::new(),
        })
        .collect();
    report.settings.rows_per_list = 1;
    let pages = site(&report);
    let quality = &pages["quality.html"];
    assert!(quality.contains("<td>dup-a@x.com</td>"));
    assert!(!quality.contains("dup-b@x.com"));
    assert!(quality.contains(
        "<p class=\"muted\">The first 1 of 2 rows; the Data quality sheet of friday-2024-03-08.xlsx holds all of them.</p>"
    ), "{quality}");
    let ann = &pages[&format!("reps/{}.html", slug::slug("Ann Lee"))];
    assert!(
        ann.contains("<summary>Cadence of each open lead (3)</summary>"),
        "{ann}"
    );
    assert!(ann.contains("<td>C-1</td>"));
    assert!(!ann.contains("<td>C-2</td>"));
    assert!(ann.contains(
        "<p class=\"muted\">The first 1 of 3 rows; the JSON report (friday report --json FILE) holds all of them.</p>"
    ), "{ann}");
    report.settings.rows_per_list = 0;
    let pages = site(&report);
    assert!(pages["quality.html"].contains("<td>dup-b@x.com</td>"));
    assert!(pages[&format!("reps/{}.html", slug::slug("Ann Lee"))].contains("<td>C-3</td>"));
}
