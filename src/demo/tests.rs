//! Tests of the demo export: shape, determinism, consistency, the story, and the written files.

// Shares of counts are fine as floats; amounts are whole hundreds, so `%` is exact.
#![allow(clippy::cast_precision_loss, clippy::float_cmp)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use calamine::{Data, Reader, open_workbook_auto};
use chrono::{NaiveDate, NaiveDateTime, Timelike};

use super::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 13).unwrap() // a Friday
}

fn options(leads: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        leads,
        seed,
        as_of: as_of(),
    }
}

fn text(value: &Value) -> &str {
    match value {
        Value::Text(s) => s,
        other => panic!("expected text, got {other:?}"),
    }
}

fn datetime(value: &Value) -> NaiveDateTime {
    match value {
        Value::DateTime(t) => *t,
        other => panic!("expected a datetime, got {other:?}"),
    }
}

/// Creation time of each lead, by lead id.
fn lead_created(export: &Export) -> HashMap<String, NaiveDateTime> {
    export
        .leads
        .rows
        .iter()
        .map(|row| (text(&row[0]).to_owned(), datetime(&row[9])))
        .collect()
}

fn is_fake(row: &[Value]) -> bool {
    names::FAKE_NAMES.contains(&(text(&row[1]), text(&row[2])))
}

#[test]
fn same_options_give_identical_export() {
    assert_eq!(generate(&options(400, 42)), generate(&options(400, 42)));
}

#[test]
fn different_seeds_give_different_leads() {
    let a = generate(&options(50, 1));
    let b = generate(&options(50, 2));
    assert_ne!(a.leads.rows, b.leads.rows);
}

#[test]
fn leads_table_has_exactly_the_requested_number_of_rows() {
    for n in [0, 1, 2, 7, 333] {
        let export = generate(&options(n, 9));
        assert_eq!(export.leads.rows.len(), n);
        assert!(export.leads.rows.iter().all(|row| row.len() == 12));
    }
}

#[test]
fn tables_have_salesforce_headers_and_names() {
    let export = generate(&options(3, 0));
    assert_eq!(
        (
            export.leads.name,
            export.activities.name,
            export.opportunities.name
        ),
        ("Leads", "Activities", "Opportunities")
    );
    assert_eq!(
        export.leads.headers.join(", "),
        "Lead ID, First Name, Last Name, Company, Email, Phone, Lead Source, Offer, \
         Lead Owner, Created Date, Lead Status, Rank"
    );
    assert_eq!(
        export.activities.headers.join(", "),
        "Activity ID, Lead ID, Assigned To, Activity Type, Activity Date"
    );
    assert_eq!(
        export.opportunities.headers.join(", "),
        "Opportunity ID, Lead ID, Opportunity Owner, Created Date, Stage, Close Date, Amount"
    );
}

#[test]
fn ids_are_numbered_from_one_in_creation_order() {
    let export = generate(&options(500, 3));
    assert_eq!(text(&export.leads.rows[0][0]), "L-000001");
    assert_eq!(text(&export.leads.rows[499][0]), "L-000500");
    assert_eq!(text(&export.activities.rows[0][0]), "A-0000001");
    assert_eq!(text(&export.opportunities.rows[0][0]), "O-00001");
    let created: Vec<_> = export.leads.rows.iter().map(|r| datetime(&r[9])).collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn leads_are_owned_by_exactly_the_ten_reps() {
    let export = generate(&options(500, 5));
    let owners: BTreeSet<&str> = export.leads.rows.iter().map(|r| text(&r[8])).collect();
    let reps: BTreeSet<&str> = names::REPS.into_iter().collect();
    assert_eq!(owners, reps);
    assert_eq!(owners.len(), 10);
}

#[test]
fn leads_are_created_in_the_26_weeks_before_as_of_to_the_minute() {
    let export = generate(&options(2000, 11));
    let earliest = as_of() - chrono::Duration::days(182);
    for row in &export.leads.rows {
        let t = datetime(&row[9]);
        assert!(t.date() >= earliest && t.date() < as_of(), "{t}");
        assert_eq!(t.second(), 0);
    }
}

#[test]
fn activities_point_to_leads_and_fall_between_lead_creation_and_as_of() {
    let export = generate(&options(1500, 7));
    let created = lead_created(&export);
    let cutoff = as_of().and_hms_opt(0, 0, 0).unwrap();
    for row in &export.activities.rows {
        let lead_created = created[text(&row[1])];
        let at = datetime(&row[4]);
        assert!(
            at >= lead_created && at < cutoff,
            "{row:?} for a lead created {lead_created}"
        );
        assert!(["Call", "Email", "Meeting"].contains(&text(&row[3])));
        assert!(names::REPS.contains(&text(&row[2])));
    }
}

#[test]
fn opportunities_point_to_leads_and_are_dated_between_lead_creation_and_as_of() {
    let export = generate(&options(1500, 7));
    let created = lead_created(&export);
    for row in &export.opportunities.rows {
        let lead_created = created[text(&row[1])];
        let opened = datetime(&row[3]);
        let age = (opened.date() - lead_created.date()).num_days();
        assert!(
            (1..=20).contains(&age),
            "{row:?}: opened {age} days after the lead"
        );
        assert!(opened.date() < as_of());
        let stage = text(&row[4]);
        match (&row[5], stage) {
            (Value::Date(close), "Closed Won" | "Closed Lost") => {
                assert!(*close > opened.date() && *close < as_of(), "{row:?}");
            }
            (Value::Empty, "Qualification" | "Proposal" | "Negotiation") => {}
            _ => panic!("stage and close date disagree: {row:?}"),
        }
        let Value::Amount(amount) = row[6] else {
            panic!("no amount: {row:?}")
        };
        assert!((5_000.0..=80_000.0).contains(&amount));
        assert_eq!(amount % 100.0, 0.0);
    }
}

#[test]
fn fast_reps_leave_far_fewer_leads_untouched_than_sloppy_reps() {
    let export = generate(&options(5000, 17));
    let touched: BTreeSet<&str> = export.activities.rows.iter().map(|r| text(&r[1])).collect();
    let mut untouched: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for row in export.leads.rows.iter().filter(|r| !is_fake(r)) {
        let entry = untouched.entry(text(&row[8])).or_default();
        entry.1 += 1;
        if !touched.contains(text(&row[0])) {
            entry.0 += 1;
        }
    }
    let share = |rep: &str| {
        let (never, all) = untouched[rep];
        never as f64 / all as f64
    };
    for fast in ["Dana Whitfield", "Priya Raman"] {
        assert!(share(fast) < 0.1, "{fast}: {}", share(fast));
        for sloppy in ["Tom Brennan", "Kevin Hale"] {
            assert!(share(sloppy) > 0.4, "{sloppy}: {}", share(sloppy));
        }
    }
}

#[test]
fn fast_reps_call_trial_leads_within_a_day_and_sloppy_reps_take_days() {
    let export = generate(&options(5000, 19));
    let created = lead_created(&export);
    let mut first_touch: HashMap<&str, i64> = HashMap::new();
    for row in &export.activities.rows {
        let lead = text(&row[1]);
        let hours = (datetime(&row[4]) - created[lead]).num_hours();
        first_touch.entry(lead).or_insert(hours); // rows are in time order
    }
    let median_hours = |reps: [&str; 2]| {
        let mut hours: Vec<i64> = export
            .leads
            .rows
            .iter()
            .filter(|r| reps.contains(&text(&r[8])) && text(&r[7]) == "Trial Download")
            .filter_map(|r| first_touch.get(text(&r[0])).copied())
            .collect();
        hours.sort_unstable();
        hours[hours.len() / 2]
    };
    let fast = median_hours(["Dana Whitfield", "Priya Raman"]);
    let sloppy = median_hours(["Tom Brennan", "Kevin Hale"]);
    assert!(fast <= 24, "fast reps: {fast} h");
    assert!(sloppy >= 72, "sloppy reps: {sloppy} h");
}

#[test]
fn white_papers_are_the_most_common_offer_and_the_most_often_fake() {
    let export = generate(&options(5000, 23));
    let mut by_offer: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for row in &export.leads.rows {
        let entry = by_offer.entry(text(&row[7])).or_default();
        entry.0 += 1;
        if is_fake(row) {
            entry.1 += 1;
        }
    }
    let offers: Vec<&str> = by_offer.keys().copied().collect();
    assert_eq!(
        offers,
        [
            "Contact Us",
            "Trial Download",
            "Webinar Registration",
            "White Paper"
        ]
    );
    let (papers, fake_papers) = by_offer["White Paper"];
    let (trials, fake_trials) = by_offer["Trial Download"];
    let paper_share = papers as f64 / 5000.0;
    assert!((0.42..0.48).contains(&paper_share), "{paper_share}");
    let trial_ratio = trials as f64 / papers as f64;
    assert!((0.34..0.46).contains(&trial_ratio), "{trial_ratio}");
    let paper_fakes = fake_papers as f64 / papers as f64;
    let trial_fakes = fake_trials as f64 / trials as f64;
    assert!((0.26..0.34).contains(&paper_fakes), "{paper_fakes}");
    assert!((0.06..0.14).contains(&trial_fakes), "{trial_fakes}");
}

#[test]
fn about_fifteen_percent_of_real_leads_become_opportunities_trials_more_often() {
    let export = generate(&options(5000, 29));
    let offer_of: HashMap<&str, &str> = export
        .leads
        .rows
        .iter()
        .filter(|r| !is_fake(r))
        .map(|r| (text(&r[0]), text(&r[7])))
        .collect();
    let mut opps: HashMap<&str, usize> = HashMap::new();
    for row in &export.opportunities.rows {
        *opps.entry(offer_of[text(&row[1])]).or_default() += 1;
    }
    let leads_of = |offer: &str| offer_of.values().filter(|o| **o == offer).count() as f64;
    let rate = export.opportunities.rows.len() as f64 / offer_of.len() as f64;
    assert!((0.12..0.18).contains(&rate), "{rate}");
    let trial = opps["Trial Download"] as f64 / leads_of("Trial Download");
    let paper = opps["White Paper"] as f64 / leads_of("White Paper");
    assert!(trial > 2.0 * paper, "trial {trial}, white paper {paper}");
}

#[test]
fn the_last_days_hold_fresh_leads_some_not_yet_followed_up() {
    let export = generate(&options(400, 31));
    let touched: BTreeSet<&str> = export.activities.rows.iter().map(|r| text(&r[1])).collect();
    let fresh: Vec<&str> = export
        .leads
        .rows
        .iter()
        .filter(|r| (as_of() - datetime(&r[9]).date()).num_days() <= 4)
        .map(|r| text(&r[0]))
        .collect();
    assert!(fresh.len() >= 10, "{}", fresh.len());
    assert!(fresh.iter().any(|id| !touched.contains(id)));
}

#[test]
fn ranks_use_the_inconsistent_forms_of_real_exports() {
    let export = generate(&options(1000, 37));
    let ranks: BTreeSet<&str> = export.leads.rows.iter().map(|r| text(&r[11])).collect();
    let expected: BTreeSet<&str> = [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "#1",
        "#2",
        "#3",
        "#4",
        "#5",
        "#6",
        "#7",
        "7 - Inactive",
    ]
    .into_iter()
    .collect();
    assert_eq!(ranks, expected);
}

#[test]
fn xlsx_round_trips_headers_and_row_counts_and_is_byte_identical() {
    let export = generate(&options(120, 4));
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.xlsx");
    let second = dir.path().join("b.xlsx");
    write_xlsx(&export, &first).unwrap();
    write_xlsx(&export, &second).unwrap();
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );

    let mut workbook = open_workbook_auto(&first).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        ["Leads", "Activities", "Opportunities", "Notes"]
    );
    for (table, header_row) in [
        (&export.leads, 2),
        (&export.activities, 0),
        (&export.opportunities, 0),
    ] {
        let range = workbook.worksheet_range(table.name).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let headers: Vec<String> = rows[header_row].iter().map(ToString::to_string).collect();
        assert_eq!(headers, table.headers, "{}", table.name);
        assert_eq!(
            rows.len() - header_row - 1,
            table.rows.len(),
            "{}",
            table.name
        );
    }

    let leads = workbook.worksheet_range("Leads").unwrap();
    assert_eq!(
        leads.get_value((0, 0)),
        Some(&Data::String("Leads export".into()))
    );
    assert_eq!(
        leads.get_value((0, 1)),
        Some(&Data::String("as of 2025-06-13".into()))
    );
    assert!(
        leads
            .rows()
            .nth(1)
            .unwrap()
            .iter()
            .all(|c| *c == Data::Empty)
    );
    let Some(Data::DateTime(created)) = leads.get_value((3, 9)) else {
        panic!("Created Date is not a date cell")
    };
    assert_eq!(
        created.as_datetime(),
        Some(datetime(&export.leads.rows[0][9]))
    );
}

#[test]
fn csv_files_have_headers_one_line_per_row_and_plain_amounts() {
    let export = generate(&options(200, 6));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/dir");
    write_csv(&export, &out).unwrap();
    for (file, table) in [
        ("leads.csv", &export.leads),
        ("activities.csv", &export.activities),
        ("opportunities.csv", &export.opportunities),
    ] {
        let content = std::fs::read_to_string(out.join(file)).unwrap();
        let lines: Vec<&str> = content.split_terminator('\n').collect();
        assert_eq!(lines[0], table.headers.join(","));
        assert_eq!(lines.len(), table.rows.len() + 1, "{file}");
    }
    let opportunities = std::fs::read_to_string(out.join("opportunities.csv")).unwrap();
    let Value::Amount(amount) = export.opportunities.rows[0][6] else {
        panic!("no amount")
    };
    let first_row = opportunities.lines().nth(1).unwrap();
    assert!(first_row.ends_with(&format!(",{amount:.2}")), "{first_row}");
}

/// Set `FRIDAY_BLESS=1` to rewrite `sample-data/` on purpose after changing the generator.
#[test]
fn committed_sample_data_is_what_the_generator_makes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let export = generate(&sample_options());
    if std::env::var("FRIDAY_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(&root).unwrap();
        write_xlsx(&export, &root.join("export.xlsx")).unwrap();
        write_csv(&export, &root.join("csv")).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    write_xlsx(&export, &dir.path().join("export.xlsx")).unwrap();
    write_csv(&export, &dir.path().join("csv")).unwrap();
    for file in [
        "export.xlsx",
        "csv/leads.csv",
        "csv/activities.csv",
        "csv/opportunities.csv",
    ] {
        let committed = std::fs::read(root.join(file)).unwrap();
        let fresh = std::fs::read(dir.path().join(file)).unwrap();
        assert!(
            committed == fresh,
            "sample-data/{file} is stale: rerun with FRIDAY_BLESS=1"
        );
    }
}

#[test]
fn long_tables_go_on_in_numbered_sheets_that_ingest_reads_as_one_table() {
    let export = generate(&options(120, 4));
    let per_sheet = 70;
    let activities = export.activities.rows.len();
    let opportunities = export.opportunities.rows.len();
    // The split must really happen for activities, and not for the short opportunities.
    assert!(
        activities > 2 * per_sheet && activities <= 3 * per_sheet,
        "{activities}"
    );
    assert!(opportunities <= per_sheet, "{opportunities}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("split.xlsx");
    xlsx::build(&export, per_sheet)
        .unwrap()
        .save(&path)
        .unwrap();

    let mut workbook = open_workbook_auto(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "Leads",
            "Activities",
            "Activities (2)",
            "Activities (3)",
            "Opportunities",
            "Notes"
        ]
    );
    let rows = |workbook: &mut calamine::Sheets<_>, name: &str| {
        workbook.worksheet_range(name).unwrap().rows().count() - 1
    };
    assert_eq!(rows(&mut workbook, "Activities"), per_sheet);
    assert_eq!(rows(&mut workbook, "Activities (2)"), per_sheet);
    assert_eq!(
        rows(&mut workbook, "Activities (3)"),
        activities - 2 * per_sheet
    );

    let data = crate::ingest::load(
        &[crate::ingest::Input::new(&path)],
        &crate::config::Config::default(),
    )
    .unwrap();
    let read = data.canonical.activities.unwrap();
    assert_eq!(read.height(), activities);
    let sheets: Vec<&str> = data.tables.iter().map(|t| t.sheet.as_str()).collect();
    assert_eq!(
        sheets,
        [
            "Leads",
            "Activities",
            "Activities (2)",
            "Activities (3)",
            "Opportunities"
        ]
    );
}
