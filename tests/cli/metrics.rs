//! The metrics engine on a second small export, every figure worked out by hand.

use super::{friday, stderr};
use serde_json::{Value, json};
use std::path::Path;

/// As of Friday 2026-11-20 23:59:59 UTC; business hours Mon–Fri 09:00–17:00; SLA 24 business
/// hours for trials, 72 otherwise; stale after 14 days; monthly cohorts mature after 14 days.
///
/// Ann: M1 "Mickey Mouse" (junk, white paper), G1 (white paper, touched 4 h after creation,
/// last touch Oct 5: stale, rank 7: grab-back), G2 (trial, touched after 1 h, won deal P1).
/// Ben: G3 (trial, touched Thu 09:00 = 24 h / 8 business hours after Wed 09:00, lost deal P2,
/// rank 7, quiet since Oct 8: grab-back), G4 (white paper, untouched, deadline Thu 11-12 17:00:
/// overdue; same email as G3 in other case: a duplicate).
fn write_export(dir: &Path) {
    std::fs::write(
        dir.join("leads.csv"),
        "Lead ID,Name,Email,Phone,Company,Lead Source,Offer,Lead Owner,Created Date,Rank\n\
         M1,Mickey Mouse,mickey@mailinator.com,000-000-0000,Disney,Web,White Paper,Ann,2026-10-05 10:00,3\n\
         G1,Grace Hopper,grace@navy.mil,+1 202 555 0101,US Navy,Web,White Paper,Ann,2026-10-05 11:00,7\n\
         G2,Alan Turing,alan@bletchley.uk,+44 20 7946 0000,Bletchley Park,Web,Trial Download,Ann,2026-10-06 09:00,2\n\
         G3,Ada Lovelace,ADA@Analytical.com,+44 20 7946 0001,Analytical Engines Ltd,Referral,Trial Download,Ben,2026-10-07 09:00,7\n\
         G4,Ada Lovelace,ada@analytical.com,+44 20 7946 0002,Analytical Engines,Referral,White Paper,Ben,2026-11-02 09:00,#5\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("activities.csv"),
        "Lead ID,Assigned To,Activity Type,Activity Date\n\
         G1,Ann,Call,2026-10-05 15:00\n\
         G2,Ann,Call,2026-10-06 10:00\n\
         G2,Ann,Email,2026-11-19 10:00\n\
         G3,Ben,Call,2026-10-08 09:00\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("opportunities.csv"),
        "Opportunity ID,Lead ID,Opportunity Owner,Created Date,Stage,Close Date,Amount\n\
         P1,G2,Ann,2026-10-10,Closed Won,2026-10-20,1000\n\
         P2,G3,Ben,2026-10-12,Closed Lost,2026-10-30,500\n",
    )
    .unwrap();
    std::fs::write(dir.join("friday.toml"), "[cohorts]\nmature-days = 14\n").unwrap();
}

fn report() -> Value {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path());
    let out = friday(
        &[
            "report",
            "leads.csv",
            "activities.csv",
            "opportunities.csv",
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
            "--json",
            "out/report.json",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&std::fs::read(dir.path().join("out/report.json")).unwrap()).unwrap()
}

/// `pick` of every row of the JSON array `list`.
pub(crate) fn picks(list: &Value, keys: &[&str]) -> Vec<Value> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|row| pick(row, keys))
        .collect()
}

/// The fields of a group row a test compares, rounded to 4 decimals.
pub(crate) fn pick(row: &Value, keys: &[&str]) -> Value {
    Value::Object(
        keys.iter()
            .map(|k| {
                let v = match &row[*k] {
                    Value::Number(n) if n.is_f64() => {
                        json!((n.as_f64().unwrap() * 1e4).round() / 1e4)
                    }
                    other => other.clone(),
                };
                ((*k).to_string(), v)
            })
            .collect(),
    )
}

const FOLLOW_UP: &[&str] = &[
    "name",
    "leads",
    "junk",
    "contacted",
    "never_contacted",
    "contacted_in_sla",
    "contacted_late",
    "overdue",
    "pending",
    "stale",
    "median_hours_to_first_touch",
    "p90_hours_to_first_touch",
    "median_business_hours_to_first_touch",
    "p90_business_hours_to_first_touch",
];
const CONVERSION: &[&str] = &[
    "name",
    "converted",
    "conversion_base",
    "conversion",
    "opportunities",
    "won",
    "lost",
    "close_rate",
    "win_rate",
    "median_days_to_win",
    "won_amount",
];

#[test]
fn follow_up_figures_per_rep() {
    let r = report();
    let reps = r["reps"].as_array().unwrap();
    // Ann: contacted G1 (4 h) and G2 (1 h): median 2.5, p90 = 1 + 0.9 × (4 - 1) = 3.7, the
    // same in business hours (both inside Mon/Tue 09–17). M1 is junk: in no follow-up figure
    // (not never contacted, not overdue). G1 is quiet since Oct 5 but at rank 7: marketing's,
    // not stale.
    assert_eq!(
        pick(&reps[0], FOLLOW_UP),
        json!({"name": "Ann", "leads": 3, "junk": 1, "contacted": 2, "never_contacted": 0,
               "contacted_in_sla": 2, "contacted_late": 0, "overdue": 0, "pending": 0, "stale": 0,
               "median_hours_to_first_touch": 2.5, "p90_hours_to_first_touch": 3.7,
               "median_business_hours_to_first_touch": 2.5, "p90_business_hours_to_first_touch": 3.7})
    );
    // Ben: G3 touched 24 calendar hours, 8 business hours (Wed 09–17) after creation; G4 overdue.
    // G3 is converted, so not stale though quiet since Oct 8.
    assert_eq!(
        pick(&reps[1], FOLLOW_UP),
        json!({"name": "Ben", "leads": 2, "junk": 0, "contacted": 1, "never_contacted": 1,
               "contacted_in_sla": 1, "contacted_late": 0, "overdue": 1, "pending": 0, "stale": 0,
               "median_hours_to_first_touch": 24.0, "p90_hours_to_first_touch": 24.0,
               "median_business_hours_to_first_touch": 8.0, "p90_business_hours_to_first_touch": 8.0})
    );
}

#[test]
fn conversion_leaves_junk_out_and_close_rates_are_labelled_apart() {
    let r = report();
    let reps = r["reps"].as_array().unwrap();
    // Ann: 3 leads - 1 junk = 2; G2 converted: 1/2. P1 won after 13.625 days
    // (Tue 10-06 09:00 to Tue 10-20 00:00), amount 1000.
    assert_eq!(
        pick(&reps[0], CONVERSION),
        json!({"name": "Ann", "converted": 1, "conversion_base": 2, "conversion": 0.5,
               "opportunities": 1, "won": 1, "lost": 0, "close_rate": 1.0, "win_rate": 1.0,
               "median_days_to_win": 13.625, "won_amount": 1000.0})
    );
    // Ben: G3 converted, 1/2; P2 lost: close rate 0/1, win rate 0/1.
    assert_eq!(
        pick(&reps[1], CONVERSION),
        json!({"name": "Ben", "converted": 1, "conversion_base": 2, "conversion": 0.5,
               "opportunities": 1, "won": 0, "lost": 1, "close_rate": 0.0, "win_rate": 0.0,
               "median_days_to_win": null, "won_amount": 0.0})
    );
    // Wilson 95% for 1 of 2: (0.0945, 0.9055).
    assert_eq!(
        pick(&reps[0]["conversion_interval"], &["low", "high"]),
        json!({"low": 0.0945, "high": 0.9055})
    );
}

#[test]
fn offers_cohorts_and_their_comparison() {
    let r = report();
    let offers: Vec<Value> = r["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            pick(
                o,
                &[
                    "name",
                    "leads",
                    "junk",
                    "conversion_base",
                    "converted",
                    "won",
                    "lost",
                ],
            )
        })
        .collect();
    assert_eq!(
        offers,
        vec![
            json!({"name": "Trial Download", "leads": 2, "junk": 0, "conversion_base": 2, "converted": 2, "won": 1, "lost": 1}),
            json!({"name": "White Paper", "leads": 3, "junk": 1, "conversion_base": 2, "converted": 0, "won": 0, "lost": 0}),
        ]
    );
    // Fisher on [[0, 2], [2, 0]]: tables with a = 0 and a = 2 each have probability 1/6,
    // a = 1 has 4/6; two-sided p = 1/6 + 1/6 = 1/3. White paper has nothing closed.
    let cmp = &r["offer_comparison"];
    assert_eq!(
        (cmp["a"].as_str(), cmp["b"].as_str()),
        (Some("White Paper"), Some("Trial Download"))
    );
    assert_eq!(
        pick(
            &cmp["conversion"],
            &["method", "a_rate", "b_rate", "p_value"]
        ),
        json!({"method": "Fisher's exact test", "a_rate": 0.0, "b_rate": 1.0, "p_value": 0.3333})
    );
    assert_eq!(cmp["close_rate"], Value::Null);
    assert_eq!(
        cmp["summary"],
        "White Paper converts at 0.0% and Trial Download at 100.0%: p = 0.3333 by Fisher's exact test; a difference this size could well be chance (not significant at the 5% level). Too few leads or closed deals to compare how White Paper and Trial Download close."
    );
    // October ended 20 days before as-of (≥ 14: mature); November has not ended (immature).
    // October: M1, G1, G2, G3; 4 - 1 junk = 3, of which G2 and G3 converted.
    let cohorts: Vec<Value> = r["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            pick(
                c,
                &[
                    "cohort",
                    "start",
                    "end",
                    "mature",
                    "leads",
                    "conversion_base",
                    "converted",
                    "opportunities",
                ],
            )
        })
        .collect();
    assert_eq!(
        cohorts,
        vec![
            json!({"cohort": "2026-10", "start": "2026-10-01", "end": "2026-10-31", "mature": true, "leads": 4, "conversion_base": 3, "converted": 2, "opportunities": 2}),
            json!({"cohort": "2026-11", "start": "2026-11-01", "end": "2026-11-30", "mature": false, "leads": 1, "conversion_base": 1, "converted": 0, "opportunities": 0}),
        ]
    );
    let over_time: Vec<Value> = r["offers_over_time"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| pick(c, &["offer", "cohort", "leads", "junk", "converted"]))
        .collect();
    assert_eq!(
        over_time,
        vec![
            json!({"offer": "Trial Download", "cohort": "2026-10", "leads": 2, "junk": 0, "converted": 2}),
            json!({"offer": "White Paper", "cohort": "2026-10", "leads": 2, "junk": 1, "converted": 0}),
            json!({"offer": "White Paper", "cohort": "2026-11", "leads": 1, "junk": 0, "converted": 0}),
        ]
    );
}

#[test]
fn time_to_close_censors_lost_and_open_deals() {
    let r = report();
    // P1 won 13.625 days after G2 was created; P2 lost after 22.625 days (censored).
    // At 13.625: 2 at risk, 1 event: survival 1/2, which is the median.
    let all = &r["time_to_close"][0];
    assert_eq!(all["offer"], "All");
    assert_eq!(all["median_days"], 13.625);
    assert_eq!(
        all["curve"],
        json!([
            {"time": 13.625, "at_risk": 2, "events": 1, "censored": 0, "survival": 0.5},
            {"time": 22.625, "at_risk": 1, "events": 0, "censored": 1, "survival": 0.5},
        ])
    );
}

#[test]
fn cadence_junk_duplicates_ranks_stale_and_grab_back() {
    let r = report();
    // G2 (Tue 10-06 09:00): call due Wed 09:00 met at Tue 10:00 (on time); second call due
    // Fri 10-09 09:00: none (missed); day 5 = Sat 10-10 → Mon 10-12 09:00: the email of
    // 11-19 (late); trial-expiry email due 10-18 09:00: no email left (missed).
    // G3 (Wed 10-07 09:00): call due Thu 09:00 met exactly then (on time); the other three missed.
    assert_eq!(
        r["cadence"],
        json!([
            {"owner": "Ann", "due": 4, "on_time": 1, "late": 1, "missed": 2},
            {"owner": "Ben", "due": 4, "on_time": 1, "late": 0, "missed": 3},
            {"owner": "Total", "due": 8, "on_time": 2, "late": 1, "missed": 5},
        ])
    );
    let junk: Vec<(&str, &str)> = r["junk_leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["lead_id"].as_str().unwrap(),
                j["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(junk, vec![("M1", "fake name")]);
    assert_eq!(
        r["duplicates"],
        json!([{"by": "email", "key": "ada@analytical.com", "lead_ids": ["G3", "G4"], "companies": ["analytical engines"]}])
    );
    // Open, non-junk leads: Ann G1 (7), G2 (2); Ben G3 (7), G4 ("#5").
    assert_eq!(
        r["ranks"],
        json!([
            {"owner": "Ann", "ranks": [0, 1, 0, 0, 0, 0, 1], "unranked": 0},
            {"owner": "Ben", "ranks": [0, 0, 0, 0, 1, 0, 1], "unranked": 0},
        ])
    );
    // G1 was last touched Mon 10-05 15:00, 46.37 days before as-of, but at rank 7 it is
    // marketing's: never amber. No other lead is stale.
    assert_eq!(r["stale"], json!([]));
    // Rank 7 and quiet for 30 days or more: G1 (46.37 d), G3 (since Thu 10-08 09:00: 43.62 d;
    // its deal was lost, and lost deals go back to nurture too).
    let grab: Vec<Value> = r["grab_back"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| pick(g, &["reason", "owner", "lead_id", "rank", "days_quiet"]))
        .collect();
    let reason = "rank 7 or worse, no touch for 30 days";
    assert_eq!(
        grab,
        vec![
            json!({"reason": reason, "owner": "Ann", "lead_id": "G1", "rank": 7, "days_quiet": 46.375}),
            json!({"reason": reason, "owner": "Ben", "lead_id": "G3", "rank": 7, "days_quiet": 43.625}),
        ]
    );
    // G4: created Mon 11-02 09:00, a 72 h SLA on the working-days clock (Mon 15 h + Tue 24 h +
    // Wed 24 h + Thu 9 h): deadline Thu 11-05 09:00; as-of 11-20 23:59:59 is 374.9997 h later.
    // Rank 5: not a hot lead. White papers have no cadence.
    let overdue: Vec<Value> = r["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            pick(
                o,
                &[
                    "lead_id",
                    "deadline",
                    "hours_overdue",
                    "rank",
                    "hot",
                    "next_step",
                ],
            )
        })
        .collect();
    assert_eq!(
        overdue,
        vec![
            json!({"lead_id": "G4", "deadline": "2026-11-05T09:00:00", "hours_overdue": 374.9997, "rank": 5, "hot": false, "next_step": null})
        ]
    );
}

#[test]
fn each_lead_carries_its_cadence_steps() {
    let r = report();
    // G2, created Tue 10-06 09:00 (see cadence_junk_duplicates_ranks_stale_and_grab_back).
    assert_eq!(
        r["cadence_leads"][0],
        json!({"owner": "Ann", "lead_id": "G2", "offer": "Trial Download", "steps": [
            {"name": "First call", "due": "2026-10-07T09:00:00", "status": "on time", "done_at": "2026-10-06T10:00:00"},
            {"name": "Second call", "due": "2026-10-09T09:00:00", "status": "missed", "done_at": null},
            {"name": "Personal email", "due": "2026-10-12T09:00:00", "status": "late", "done_at": "2026-11-19T10:00:00"},
            {"name": "Trial expiry email", "due": "2026-10-18T09:00:00", "status": "missed", "done_at": null},
        ]})
    );
}

#[test]
fn a_trial_end_column_moves_the_expiry_step() {
    let dir = tempfile::tempdir().unwrap();
    // Created Wed 2026-11-18 10:00; the export says the trial ends Fri 12-18 10:00 (30 days),
    // so the expiry email is due two days before: Wed 12-16 10:00, not 11-30.
    std::fs::write(
        dir.path().join("leads.csv"),
        "Lead ID,Name,Lead Owner,Offer,Created Date,Trial End Date\nT1,Tess Ray,Ann,Trial Download,2026-11-18 10:00,2026-12-18 10:00\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("activities.csv"),
        "Lead ID,Activity Type,Activity Date\nT1,Call,2026-11-18 15:00\n",
    )
    .unwrap();
    let out = friday(
        &[
            "report",
            "leads.csv",
            "activities.csv",
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
            "--json",
            "r.json",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    let dues: Vec<&str> = r["cadence_leads"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["due"].as_str().unwrap())
        .collect();
    // Hour steps count on the SLA clock (working days by default): the call at 24 h is Thu
    // 11-19 10:00; at 72 h, Wed 14 h + Thu 24 h + Fri 24 h + Mon 10 h: Mon 11-23 10:00, not
    // Sat 11-21. Day 5 is Sun 11-22 → Mon 11-23.
    assert_eq!(
        dues,
        vec![
            "2026-11-19T10:00:00",
            "2026-11-23T10:00:00",
            "2026-11-23T10:00:00",
            "2026-12-16T10:00:00"
        ]
    );
}
