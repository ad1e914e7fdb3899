//! A small hand-built Report shared by the renderer tests: 2 reps, 3 overdue leads, hostile names;
//! `full_report` adds stale, junk and grab-back leads, cadence, cohorts and offers over time.

use chrono::{NaiveDate, NaiveDateTime};

use crate::metrics::stats::Interval;
use crate::report::{
    CadenceRow, CohortRow, Coverage, Definition, DuplicateGroup, Finding, GrabBackLead, GroupRow,
    JunkLead, MissingInfo, NewLeads, OfferCohortRow, OfferComparison, OverdueLead, Report,
    Settings, StaleLead,
};

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
        rank: None,
        hot: false,
        next_step: None,
        next_step_due: None,
    }
}

/// The fixture. Ages are measured at 2024-03-08 18:00.
pub(crate) fn report() -> Report {
    let mut report = Report {
        headline: Vec::new(),
        missing_info: Vec::new(),
        as_of: NaiveDate::from_ymd_opt(2024, 3, 8).unwrap(),
        as_of_time: at("2024-03-08 18:00"),
        inputs: vec!["export.xlsx".to_string()],
        new_leads: NewLeads {
            from: NaiveDate::from_ymd_opt(2024, 3, 2).unwrap(),
            to: NaiveDate::from_ymd_opt(2024, 3, 8).unwrap(),
            leads: 4,
            junk: 1,
        },
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
            junk_excluded: true,
            junk_excluded_from_conversion: true,
            window_days: 90,
            hot_rank: 3,
            deal_attribution: "deal-owner".to_string(),
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
        history: None,
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
    };
    with_headline(&mut report);
    report
}

/// Sets the headline figures from the fixture's totals, as `metrics` does.
fn with_headline(report: &mut Report) {
    report.headline = crate::metrics::headline::headline(
        &report.coverage,
        &report.totals,
        &report.new_leads,
        report.settings.stale_days,
        report.settings.hot_rank,
        !report.ranks.is_empty(),
    );
}

fn stale(owner: &str, lead_id: &str, name: &str, last_touch: &str, days: f64) -> StaleLead {
    StaleLead {
        owner: owner.to_string(),
        lead_id: lead_id.to_string(),
        name: name.to_string(),
        company: "Umbrella".to_string(),
        email: format!("{}@example.test", lead_id.to_lowercase()),
        source: "Trade show".to_string(),
        offer: "White paper".to_string(),
        created_at: at("2024-01-15 10:00"),
        sla_hours: 72.0,
        age_hours: 1280.0, // 2024-01-15 10:00 to 2024-03-08 18:00: 53 days 8 hours
        first_touch_at: Some(at("2024-01-16 09:30")),
        last_touch_at: at(last_touch),
        days_since_touch: days,
        rank: None,
        next_step: None,
        next_step_due: None,
    }
}

fn offer_cohort(offer: &str, cohort: &str, day: u32, leads: u64, converted: u64) -> OfferCohortRow {
    #[allow(clippy::cast_precision_loss)]
    let conversion = converted as f64 / leads as f64;
    let mut figures = group(
        offer,
        leads,
        leads - 1,
        0,
        Some(5.0),
        converted,
        1,
        1,
        Some(conversion),
        Some(0.5),
    );
    figures.junk = 1;
    #[allow(clippy::cast_precision_loss)]
    let junk_rate = 1.0 / leads as f64;
    figures.junk_rate = Some(junk_rate);
    figures.contacted_rate = Some(0.75);
    figures.conversion_interval = Some(Interval {
        low: 0.125,
        high: 0.75,
    });
    figures.median_days_to_win = Some(12.5);
    OfferCohortRow {
        offer: offer.to_string(),
        cohort: cohort.to_string(),
        start: NaiveDate::from_ymd_opt(2024, 2, day).unwrap(),
        end: NaiveDate::from_ymd_opt(2024, 2, day + 6).unwrap(),
        mature: day < 20,
        figures,
    }
}

/// The fixture with every list filled: 2 stale leads, a next cadence step, junk, grab-back,
/// cadence, two weekly cohorts and two offers over time.
pub(crate) fn full_report() -> Report {
    let mut report = report();
    report.settings.cohort_unit = "week".to_string();
    report.totals.stale = 2;
    report.totals.hot_overdue = 1;
    report.totals.missing_info = 1;
    report.overdue[0].rank = Some(5);
    report.overdue[1].rank = Some(2);
    report.overdue[1].hot = true;
    report.overdue[1].next_step = Some("Call at 72 h".to_string());
    report.overdue[1].next_step_due = Some(at("2024-03-09 14:00"));
    report.stale = vec![
        stale("Ann Lee", "L-9", "Dee Park", "2024-02-01 11:15", 36.3),
        stale("Zed Cole", "L-11", "@Eve Ng", "2024-02-20 16:45", 17.05),
    ];
    report.stale[0].rank = Some(4);
    report.missing_info = vec![MissingInfo {
        owner: "Zed Cole".to_string(),
        lead_id: "L-12".to_string(),
        opportunity_id: String::new(),
        name: "Fay Orr".to_string(),
        company: "Umbrella".to_string(),
        email: "l-12@example.test".to_string(),
        offer: "White paper".to_string(),
        rank: None,
        field: "Rank".to_string(),
        reason: "worked but not ranked: give it a rank from 1 to 7".to_string(),
    }];
    report.cohorts = ["2024-W06", "2024-W07"]
        .iter()
        .zip([5, 12])
        .map(|(cohort, day)| CohortRow {
            cohort: (*cohort).to_string(),
            start: NaiveDate::from_ymd_opt(2024, 2, day).unwrap(),
            end: NaiveDate::from_ymd_opt(2024, 2, day + 6).unwrap(),
            mature: true,
            figures: group(
                cohort,
                6,
                5,
                1,
                Some(4.0),
                2,
                1,
                0,
                Some(1.0 / 3.0),
                Some(1.0),
            ),
        })
        .collect();
    report.offers_over_time = vec![
        offer_cohort("Trial", "2024-W06", 5, 4, 2),
        offer_cohort("Trial", "2024-W07", 12, 2, 1),
        offer_cohort("White paper", "2024-W06", 5, 8, 1),
        offer_cohort("White paper", "2024-W07", 12, 10, 1),
    ];
    report.offer_comparison = Some(OfferComparison {
        a: "Trial".to_string(),
        b: "White paper".to_string(),
        conversion: None,
        close_rate: None,
        summary: "Trial converts at 50.0%, White paper at 11.1%.".to_string(),
    });
    report.cadence = vec![
        CadenceRow {
            owner: "Ann Lee".to_string(),
            due: 6,
            on_time: 3,
            late: 2,
            missed: 1,
        },
        CadenceRow {
            owner: SCRIPT_REP.to_string(),
            due: 4,
            on_time: 1,
            late: 0,
            missed: 3,
        },
        CadenceRow {
            owner: "Total".to_string(),
            due: 10,
            on_time: 4,
            late: 2,
            missed: 4,
        },
    ];
    report.junk_leads = vec![JunkLead {
        owner: "Ann Lee".to_string(),
        lead_id: "L-13".to_string(),
        name: "Mickey Mouse".to_string(),
        email: "mm@mailinator.com".to_string(),
        phone: "+1 555 0000".to_string(),
        company: "Disney".to_string(),
        source: "Web".to_string(),
        offer: "White paper".to_string(),
        reason: "fake name".to_string(),
        detail: "cartoon character".to_string(),
    }];
    report.grab_back = vec![GrabBackLead {
        reason: "rank 7 or worse, no touch for 30 days".to_string(),
        owner: SCRIPT_REP.to_string(),
        lead_id: "L-21".to_string(),
        name: "Gus Fring".to_string(),
        company: "Los Pollos".to_string(),
        email: "gus@example.test".to_string(),
        source: "Web".to_string(),
        offer: "Trial".to_string(),
        rank: Some(7),
        last_touch_at: None,
        days_quiet: 45.25,
    }];
    report.duplicates = vec![DuplicateGroup {
        by: "email".to_string(),
        key: "bob@globex.test".to_string(),
        lead_ids: vec!["L-3".to_string(), "L-30".to_string()],
        companies: vec!["globex".to_string()],
    }];
    with_headline(&mut report);
    report
}
