//! Cohorts over a long export: more than 12 are charted per quarter (or per month, for week
//! cohorts), leads with no offer draw no line, and leads with no creation date are in no
//! cohort, with one finding that counts them.

use super::metrics::picks;
use super::report_json;
use serde_json::{Value, json};
use std::path::Path;

/// A leads table, owner Ann, rank 3, from January 2025 for `months` months. Each month: a
/// Trial lead on the 5th, a "Customer" (converted and won) in odd months, else "New"; a White
/// Paper lead on the 20th, "New". Two dated leads with no offer (2025-02-10, 2025-11-10);
/// three leads with no creation date (a Trial customer, a White Paper, one with no offer).
fn write_leads(dir: &Path, months: u32) {
    let mut csv = String::from("Lead ID,Lead Owner,Created Date,Offer,Lead Status,Rank\n");
    for i in 0..months {
        let (year, month) = (2025 + i / 12, i % 12 + 1);
        let status = if month % 2 == 1 { "Customer" } else { "New" };
        csv.push_str(&format!(
            "T{i},Ann,{year}-{month:02}-05 10:00,Trial,{status},3\n\
             W{i},Ann,{year}-{month:02}-20 10:00,White Paper,New,3\n"
        ));
    }
    csv.push_str(
        "N1,Ann,2025-02-10 10:00,,New,3\n\
         N2,Ann,2025-11-10 10:00,,New,3\n\
         U1,Ann,,Trial,Customer,3\n\
         U2,Ann,,White Paper,New,3\n\
         U3,Ann,,,New,3\n",
    );
    std::fs::write(dir.join("leads.csv"), csv).unwrap();
}

fn report(dir: &Path) -> Value {
    report_json(dir, &[dir.join("leads.csv")])
}

#[test]
fn leads_with_no_creation_date_are_in_no_cohort_and_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    write_leads(dir.path(), 14);
    let r = report(dir.path());
    let text = std::fs::read_to_string(dir.path().join("out/report.json")).unwrap();
    assert!(!text.contains("-262143"), "a made-up date in the JSON");
    // 14 months of 2 leads, 2 dated leads with no offer, 3 undated: 33 leads in all, 30 in
    // the cohorts.
    assert_eq!(r["totals"]["leads"], 33);
    let cohorts: Vec<&str> = r["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cohort"].as_str().unwrap())
        .collect();
    assert_eq!(cohorts.len(), 14);
    assert_eq!((cohorts[0], cohorts[13]), ("2025-01", "2026-02"));
    let in_cohorts: u64 = r["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["leads"].as_u64().unwrap())
        .sum();
    assert_eq!(in_cohorts, 30);
    assert!(
        r["offers_over_time"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["cohort"] != "(none)")
    );
    let undated: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "no creation date")
        .collect();
    assert_eq!(
        undated,
        [&json!({
            "kind": "no creation date",
            "file": "leads.csv",
            "sheet": "",
            "row": 0,
            "column": "Created Date",
            "value": "",
            "message": "3 leads have no creation date (empty or unreadable), so they belong to no cohort: left out of conversion by cohort and offers over time; counted in the other figures"
        })]
    );
}

#[test]
fn more_than_twelve_month_cohorts_are_charted_per_quarter() {
    let dir = tempfile::tempdir().unwrap();
    write_leads(dir.path(), 14);
    let r = report(dir.path());
    let by_period = &r["offers_by_period"];
    assert_eq!(by_period["unit"], "quarter");
    // 2025-Q1: T0-T2 (January and March customers), W0-W2, N1; Q2: May's customer; Q3: July
    // and September's; Q4: November's, and N2; 2026-Q1: January and February, January's
    // customer. Every quarter ended more than 30 days before 2026-11-20: mature.
    assert_eq!(
        picks(
            &by_period["periods"],
            &["cohort", "start", "end", "mature", "leads", "converted"]
        ),
        [
            json!({"cohort": "2025-Q1", "start": "2025-01-01", "end": "2025-03-31", "mature": true, "leads": 7, "converted": 2}),
            json!({"cohort": "2025-Q2", "start": "2025-04-01", "end": "2025-06-30", "mature": true, "leads": 6, "converted": 1}),
            json!({"cohort": "2025-Q3", "start": "2025-07-01", "end": "2025-09-30", "mature": true, "leads": 6, "converted": 2}),
            json!({"cohort": "2025-Q4", "start": "2025-10-01", "end": "2025-12-31", "mature": true, "leads": 7, "converted": 1}),
            json!({"cohort": "2026-Q1", "start": "2026-01-01", "end": "2026-03-31", "mature": true, "leads": 4, "converted": 1}),
        ]
    );
    // Trial converts 2 of 3, 1 of 3, 2 of 3, 1 of 3, 1 of 2; White Paper never; the two
    // leads with no offer last.
    assert_eq!(
        picks(
            &by_period["offers"],
            &["offer", "cohort", "leads", "converted", "conversion"]
        ),
        [
            json!({"offer": "Trial", "cohort": "2025-Q1", "leads": 3, "converted": 2, "conversion": 0.6667}),
            json!({"offer": "Trial", "cohort": "2025-Q2", "leads": 3, "converted": 1, "conversion": 0.3333}),
            json!({"offer": "Trial", "cohort": "2025-Q3", "leads": 3, "converted": 2, "conversion": 0.6667}),
            json!({"offer": "Trial", "cohort": "2025-Q4", "leads": 3, "converted": 1, "conversion": 0.3333}),
            json!({"offer": "Trial", "cohort": "2026-Q1", "leads": 2, "converted": 1, "conversion": 0.5}),
            json!({"offer": "White Paper", "cohort": "2025-Q1", "leads": 3, "converted": 0, "conversion": 0.0}),
            json!({"offer": "White Paper", "cohort": "2025-Q2", "leads": 3, "converted": 0, "conversion": 0.0}),
            json!({"offer": "White Paper", "cohort": "2025-Q3", "leads": 3, "converted": 0, "conversion": 0.0}),
            json!({"offer": "White Paper", "cohort": "2025-Q4", "leads": 3, "converted": 0, "conversion": 0.0}),
            json!({"offer": "White Paper", "cohort": "2026-Q1", "leads": 2, "converted": 0, "conversion": 0.0}),
            json!({"offer": "(none)", "cohort": "2025-Q1", "leads": 1, "converted": 0, "conversion": 0.0}),
            json!({"offer": "(none)", "cohort": "2025-Q4", "leads": 1, "converted": 0, "conversion": 0.0}),
        ]
    );
    // The site's charts say so, label the five quarters and draw no line for "(none)"; the
    // table below the charts keeps every month, and the leads with no offer.
    let page = std::fs::read_to_string(dir.path().join("out/site/offers.html")).unwrap();
    let charts = &page
        [page.find("id=\"offer-charts\"").unwrap()..page.find("id=\"offers-over-time\"").unwrap()];
    assert!(charts.contains("<strong>Conversion by offer, per quarter</strong> One line per offer, per quarter of lead creation (14 months are too many to draw one by one; the table Offers by month has each); no line for leads with no offer;"));
    let conversion = &charts[charts.find("<svg").unwrap()..charts.find("</svg>").unwrap()];
    for quarter in ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"] {
        assert_eq!(
            conversion.matches(&format!("\n{quarter}\n")).count(),
            1,
            "{quarter}"
        );
    }
    assert!(conversion.contains("\nTrial\n") && conversion.contains("\nWhite Paper\n"));
    assert!(!charts.contains("(none)"));
    let table = &page
        [page.find("id=\"offers-over-time\"").unwrap()..page.find("id=\"time-to-close\"").unwrap()];
    assert_eq!(table.matches("<tr><td>(none)</td>").count(), 2);
    assert_eq!(table.matches("<tr><td>Trial</td>").count(), 14);
}

#[test]
fn twelve_cohorts_are_charted_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    write_leads(dir.path(), 12);
    let r = report(dir.path());
    assert_eq!(r["cohorts"].as_array().unwrap().len(), 12);
    assert_eq!(r["offers_by_period"], Value::Null);
    let page = std::fs::read_to_string(dir.path().join("out/site/offers.html")).unwrap();
    assert!(page.contains("<strong>Conversion by offer</strong> One line per offer, per month of lead creation; no line for leads with no offer;"));
}

#[test]
fn week_cohorts_within_twelve_months_are_charted_per_month() {
    let dir = tempfile::tempdir().unwrap();
    write_leads(dir.path(), 7);
    std::fs::write(dir.path().join("friday.toml"), "[cohorts]\nby = \"week\"\n").unwrap();
    let r = report(dir.path());
    // The 5th and the 20th of a month are never in the same ISO week, and N1 (2025-02-10)
    // and N2 (2025-11-10) have a week of their own: 16 weeks, in 8 months.
    assert_eq!(r["cohorts"].as_array().unwrap().len(), 16);
    let by_period = &r["offers_by_period"];
    assert_eq!(by_period["unit"], "month");
    assert_eq!(
        picks(&by_period["periods"], &["cohort", "leads", "converted"]),
        [
            json!({"cohort": "2025-01", "leads": 2, "converted": 1}),
            json!({"cohort": "2025-02", "leads": 3, "converted": 0}),
            json!({"cohort": "2025-03", "leads": 2, "converted": 1}),
            json!({"cohort": "2025-04", "leads": 2, "converted": 0}),
            json!({"cohort": "2025-05", "leads": 2, "converted": 1}),
            json!({"cohort": "2025-06", "leads": 2, "converted": 0}),
            json!({"cohort": "2025-07", "leads": 2, "converted": 1}),
            json!({"cohort": "2025-11", "leads": 1, "converted": 0}),
        ]
    );
}
