//! A small hand-built Report shared by the renderer tests: 2 reps, 3 overdue leads, hostile names.

use chrono::{NaiveDate, NaiveDateTime};

use crate::report::{Coverage, Definition, Finding, GroupRow, OverdueLead, Report, Settings};

/// A rep name that must come out escaped in HTML.
pub(crate) const SCRIPT_REP: &str = "<script>alert(1)</script>";
/// A lead name that must stay text in a spreadsheet.
pub(crate) const FORMULA_LEAD: &str = r#"=HYPERLINK("http://x","y")"#;

fn at(date: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M").unwrap()
}

#[allow(clippy::too_many_arguments)]
fn group(
    name: &str,
    leads: u64,
    contacted: u64,
    overdue: u64,
    median: Option<f64>,
    converted: u64,
    won: u64,
    lost: u64,
    conversion: Option<f64>,
    close_rate: Option<f64>,
) -> GroupRow {
    GroupRow {
        name: name.to_string(),
        leads,
        contacted,
        never_contacted: leads - contacted,
        overdue,
        median_hours_to_first_touch: median,
        converted,
        opportunities: converted,
        won,
        lost,
        conversion,
        close_rate,
        ..GroupRow::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn overdue(
    owner: &str,
    lead_id: &str,
    name: &str,
    company: &str,
    offer: &str,
    created: &str,
    sla: f64,
    age: f64,
) -> OverdueLead {
    OverdueLead {
        owner: owner.to_string(),
        lead_id: lead_id.to_string(),
        name: name.to_string(),
        company: company.to_string(),
        email: format!("{}@example.test", lead_id.to_lowercase()),
        source: "Web".to_string(),
        offer: offer.to_string(),
        created_at: at(created),
        sla_hours: sla,
        deadline: at(created) + chrono::Duration::minutes((sla * 60.0) as i64),
        age_hours: age,
        hours_overdue: age - sla,
        next_step: None,
        next_step_due: None,
    }
}

/// The fixture. Ages are measured at 2024-03-08 18:00.
pub(crate) fn report() -> Report {
    Report {
        as_of: NaiveDate::from_ymd_opt(2024, 3, 8).unwrap(),
        as_of_time: at("2024-03-08 18:00"),
        inputs: vec!["export.xlsx".to_string()],
        settings: Settings {
            timezone: "Europe/London".to_string(),
            default_sla_hours: 72.0,
            offer_sla_hours: vec![("trial".to_string(), 24.0)],
            won_stages: vec!["Closed Won".to_string()],
            lost_stages: vec!["Closed Lost".to_string(), "Disqualified".to_string()],
            sla_clock: "calendar".to_string(),
            business_hours: "Mon–Fri 09:00–17:00 Europe/London, 0 holidays".to_string(),
            stale_days: 14.0,
            cohort_unit: "month".to_string(),
            mature_days: 30,
            junk_excluded_from_conversion: true,
            grab_back_rank: 7,
            grab_back_days: 30.0,
        },
        coverage: Coverage {
            leads: true,
            touches: true,
            created: true,
            opportunities: true,
        },
        totals: group(
            "Total",
            12,
            9,
            3,
            Some(6.0),
            5,
            1,
            1,
            Some(5.0 / 12.0),
            Some(0.5),
        ),
        reps: vec![
            group(
                SCRIPT_REP,
                5,
                4,
                1,
                Some(3.5),
                2,
                1,
                1,
                Some(0.4),
                Some(0.5),
            ),
            group(
                "Ann Lee",
                7,
                5,
                2,
                Some(12.25),
                3,
                0,
                0,
                Some(3.0 / 7.0),
                None,
            ),
        ],
        source_label: "Source".to_string(),
        sources: vec![
            group(
                "Trade show",
                4,
                4,
                0,
                Some(30.0),
                1,
                0,
                1,
                Some(0.25),
                Some(0.0),
            ),
            group("Web", 8, 5, 3, Some(6.0), 4, 1, 0, Some(0.5), Some(1.0)),
        ],
        offers: Vec::new(),
        cohorts: Vec::new(),
        offers_over_time: Vec::new(),
        offer_comparison: None,
        time_to_close: Vec::new(),
        cadence: Vec::new(),
        cadence_leads: Vec::new(),
        stale: Vec::new(),
        junk_leads: Vec::new(),
        duplicates: Vec::new(),
        ranks: Vec::new(),
        grab_back: Vec::new(),
        overdue: vec![
            overdue(
                SCRIPT_REP,
                "L-7",
                FORMULA_LEAD,
                "Acme",
                "White paper",
                "2024-03-01 09:30",
                72.0,
                176.5,
            ),
            overdue(
                "Ann Lee",
                "L-3",
                "Bob Stone",
                "+Globex",
                "Trial",
                "2024-03-06 14:00",
                24.0,
                52.0,
            ),
            overdue(
                "Ann Lee",
                "L-5",
                "Cy Young",
                "-Initech",
                "Trial",
                "2024-03-07 08:30",
                24.0,
                33.5,
            ),
        ],
        findings: vec![Finding {
            kind: "unparseable date".to_string(),
            file: "export.xlsx".to_string(),
            sheet: "Leads".to_string(),
            row: 14,
            column: "Created".to_string(),
            value: "@31/02/2024".to_string(),
            message: "not a date".to_string(),
        }],
        definitions: vec![
            Definition {
                name: "Overdue".to_string(),
                text: "No touch, open, and past its SLA at the as-of time.".to_string(),
            },
            Definition {
                name: "Conversion".to_string(),
                text: "Leads that became opportunities ÷ leads.".to_string(),
            },
        ],
    }
}
