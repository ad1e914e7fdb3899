//! The red list a sales team can trust (issue 13): the instant, junk, ranks, missing info, the
//! window, grab-back, deal attribution, one set of headline figures, empty or mis-dated
//! exports, file names only, and the clocks. Every value below is worked out by hand.
//!
//! Long because one hand-computed 15-lead fixture serves every test of the red list; the
//! expected values sit next to the test that checks them.

use super::metrics::{pick, picks};
use super::{friday, golden, stderr};
use serde_json::{Value, json};
use std::path::Path;

/// As of Friday 2026-11-20 17:00 UTC, SLAs in calendar hours (72 h; no trial offers), the
/// default window of 90 days, rank 7 = marketing's, hot rank 3.
///
/// Ann (13 leads):
/// - A1 rank 1, Mon 11-16 09:00, untouched: deadline Thu 11-19 09:00, overdue 32 h, hot.
/// - A2 rank 1, Tue 11-17 12:00, untouched: deadline Fri 12:00, overdue 5 h, hot.
/// - A3 rank 5, Tue 11-10 09:00, untouched: deadline 11-13 09:00, overdue 176 h.
/// - A4 no rank, Thu 11-12 09:00, untouched: deadline 11-15 09:00, overdue 128 h.
/// - A5 rank 2, Wed 11-18 10:00, untouched: deadline Sat 11-21 10:00, pending.
/// - A6 "Mickey Mouse": junk, in no follow-up figure.
/// - A7 rank 7, 11-02 09:00, untouched: marketing's, not overdue; quiet 18.3 days: not yet
///   grab-back.
/// - A8 rank 4, 08-03 09:00, untouched: older than the window, never worked; grab-back.
/// - A9 no rank, 11-02 09:00, called 11-02 10:00: stale (18.29 days) and missing its rank.
/// - A10 rank 3, 07-01 09:00, called 07-01 10:00: older than the window, gone quiet.
/// - A11 rank 7, "Closed Lost", called 09-02 09:00: grab-back (quiet 79.33 days, lost).
/// - A12 rank 7, "Closed Won", never touched: not grab-back; missing its touch.
/// - A13 rank 6, 10-01 09:00, called 10-01 10:00, deal O4 (owner Ben, lost): converted.
///
/// Ben: B1 rank 2, 11-10 09:00, never touched, deal O1 (owner Cara, won): converted, so
/// never overdue, but its touch is missing. B2 rank 3, called 11-16 10:00, deal O2 (owner
/// Ben, open, no amount, close date 11-15 already past): two missing cells.
pub(super) fn write_export(dir: &Path, config: &str) {
    std::fs::write(
        dir.join("leads.csv"),
        "Lead ID,Name,Email,Company,Lead Source,Offer,Lead Owner,Created Date,Rank,Lead Status\n\
         A1,Grace Hopper,grace@kestrel-labs.com,Kestrel Labs,Web,White Paper,Ann,2026-11-16 09:00,1,\n\
         A2,Alan Turing,alan@halvorsen.no,Halvorsen Bakery,Web,White Paper,Ann,2026-11-17 12:00,1,\n\
         A3,Ada Lovelace,ada@engines.co.uk,Analytical Engines,Web,White Paper,Ann,2026-11-10 09:00,5,\n\
         A4,Edsger Dijkstra,edsger@tue-systems.nl,TUE Systems,Web,White Paper,Ann,2026-11-12 09:00,,\n\
         A5,Barbara Liskov,barbara@clu-works.com,CLU Works,Web,White Paper,Ann,2026-11-18 10:00,2,\n\
         A6,Mickey Mouse,mickey@mailinator.com,Disney,Web,White Paper,Ann,2026-11-02 09:00,3,\n\
         A7,Donald Knuth,don@taocp-press.com,TAOCP Press,Web,White Paper,Ann,2026-11-02 09:00,7,\n\
         A8,John Backus,john@fortran-inc.com,Fortran Inc,Web,White Paper,Ann,2026-08-03 09:00,4,\n\
         A9,Frances Allen,fran@ptran-labs.com,PTRAN Labs,Web,White Paper,Ann,2026-11-02 09:00,,\n\
         A10,Ken Thompson,ken@unix-works.com,Unix Works,Web,White Paper,Ann,2026-07-01 09:00,3,\n\
         A11,Dennis Ritchie,dmr@c-language.com,C Language Co,Web,White Paper,Ann,2026-09-01 09:00,7,Closed Lost\n\
         A12,Niklaus Wirth,niklaus@pascal-ag.ch,Pascal AG,Web,White Paper,Ann,2026-09-01 09:00,7,Closed Won\n\
         A13,Leslie Lamport,leslie@paxos-group.com,Paxos Group,Web,White Paper,Ann,2026-10-01 09:00,6,\n\
         B1,Tony Hoare,tony@quicksort-ltd.co.uk,Quicksort Ltd,Referral,White Paper,Ben,2026-11-10 09:00,2,\n\
         B2,Robin Milner,robin@ml-systems.co.uk,ML Systems,Referral,White Paper,Ben,2026-11-16 09:00,3,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("activities.csv"),
        "Lead ID,Activity Type,Activity Date\n\
         A9,Call,2026-11-02 10:00\n\
         A10,Call,2026-07-01 10:00\n\
         A11,Call,2026-09-02 09:00\n\
         A13,Call,2026-10-01 10:00\n\
         B2,Call,2026-11-16 10:00\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("opportunities.csv"),
        "Opportunity ID,Lead ID,Opportunity Owner,Created Date,Stage,Close Date,Amount\n\
         O1,B1,Cara,2026-11-12,Closed Won,2026-11-19,1000\n\
         O2,B2,Ben,2026-11-17,Proposal,2026-11-15,\n\
         O4,A13,Ben,2026-10-05,Closed Lost,2026-11-18,500\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("friday.toml"),
        format!("[sla]\nclock = \"calendar\"\noffers = {{}}\n{config}"),
    )
    .unwrap();
}

const INPUTS: [&str; 3] = ["leads.csv", "activities.csv", "opportunities.csv"];

fn run(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report"];
    args.extend(INPUTS);
    args.extend(["-o", "out", "--json", "out/report.json"]);
    args.extend(extra);
    let out = friday(&args, dir);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&std::fs::read(dir.join("out/report.json")).unwrap()).unwrap()
}

fn report(config: &str, as_of: &str) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), config);
    let r = run(dir.path(), &["--as-of", as_of]);
    (dir, r)
}

fn rep<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["reps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["name"] == name)
        .unwrap_or_else(|| panic!("no rep {name} in {}", r["reps"]))
}

#[test]
fn ranks_lead_the_red_list_and_hot_leads_are_marked() {
    let (_dir, r) = report("", "2026-11-20T17:00");
    assert_eq!(r["as_of_time"], "2026-11-20T17:00:00");
    // Best rank first, then the longest overdue; unranked last. A5 is pending, A6 junk, A7
    // at rank 7 (marketing's), A8 older than the window, B1 converted.
    assert_eq!(
        picks(&r["overdue"], &["lead_id", "rank", "hot", "hours_overdue"]),
        vec![
            json!({"lead_id": "A1", "rank": 1, "hot": true, "hours_overdue": 32.0}),
            json!({"lead_id": "A2", "rank": 1, "hot": true, "hours_overdue": 5.0}),
            json!({"lead_id": "A3", "rank": 5, "hot": false, "hours_overdue": 176.0}),
            json!({"lead_id": "A4", "rank": null, "hot": false, "hours_overdue": 128.0}),
        ]
    );
    // A9: last touch 11-02 10:00, 18 days 7 hours before as-of.
    assert_eq!(
        picks(&r["stale"], &["lead_id", "rank", "days_since_touch"]),
        vec![json!({"lead_id": "A9", "rank": null, "days_since_touch": 18.2917})]
    );
}

#[test]
fn junk_is_not_a_follow_up_failure_and_older_leads_are_counted_not_listed() {
    let (_dir, r) = report("", "2026-11-20T17:00");
    let keys = [
        "leads",
        "junk",
        "follow_up_base",
        "contacted",
        "never_contacted",
        "contacted_rate",
        "overdue",
        "hot_overdue",
        "pending",
        "stale",
        "older_never_worked",
        "older_gone_quiet",
        "missing_info",
    ];
    // Ann: 13 leads, A6 junk: 12 counted. Contacted A9, A10, A11, A13 = 4 of 12; never
    // contacted A1–A5, A7, A8, A12 = 8. Missing: A9's rank, A12's touch.
    assert_eq!(
        pick(rep(&r, "Ann"), &keys),
        json!({"leads": 13, "junk": 1, "follow_up_base": 12, "contacted": 4,
               "never_contacted": 8, "contacted_rate": 0.3333, "overdue": 4, "hot_overdue": 2,
               "pending": 1, "stale": 1, "older_never_worked": 1, "older_gone_quiet": 1,
               "missing_info": 2})
    );
    // Ben: B1's touch; O2's amount and its past close date (O2 is Ben's deal).
    assert_eq!(
        pick(rep(&r, "Ben"), &keys),
        json!({"leads": 2, "junk": 0, "follow_up_base": 2, "contacted": 1,
               "never_contacted": 1, "contacted_rate": 0.5, "overdue": 0, "hot_overdue": 0,
               "pending": 0, "stale": 0, "older_never_worked": 0, "older_gone_quiet": 0,
               "missing_info": 3})
    );
    // With junk counted like any lead (the older name of the setting works too), A6 is never
    // contacted and, rank 3 and created 11-02 09:00, overdue by 368 h (deadline 11-05
    // 09:00), a hot lead after A1 and A2.
    for setting in ["exclude = false", "exclude-from-conversion = false"] {
        let (_dir, r) = report(&format!("[junk]\n{setting}\n"), "2026-11-20T17:00");
        assert_eq!(
            pick(
                rep(&r, "Ann"),
                &["follow_up_base", "never_contacted", "overdue"]
            ),
            json!({"follow_up_base": 13, "never_contacted": 9, "overdue": 5}),
            "{setting}"
        );
        assert_eq!(r["overdue"][2]["lead_id"], "A6", "{setting}");
        assert_eq!(r["overdue"][2]["hours_overdue"], 368.0, "{setting}");
        assert_eq!(r["overdue"][2]["hot"], true, "{setting}");
        assert_eq!(r["settings"]["junk_excluded"], false);
    }
}

#[test]
fn missing_info_names_each_cell_to_fill() {
    let (_dir, r) = report("", "2026-11-20T17:00");
    assert_eq!(
        picks(
            &r["missing_info"],
            &["owner", "lead_id", "opportunity_id", "field"]
        ),
        vec![
            json!({"owner": "Ann", "lead_id": "A9", "opportunity_id": "", "field": "Rank"}),
            json!({"owner": "Ann", "lead_id": "A12", "opportunity_id": "", "field": "First touch"}),
            json!({"owner": "Ben", "lead_id": "B1", "opportunity_id": "", "field": "First touch"}),
            json!({"owner": "Ben", "lead_id": "B2", "opportunity_id": "O2", "field": "Amount"}),
            json!({"owner": "Ben", "lead_id": "B2", "opportunity_id": "O2", "field": "Close date"}),
        ]
    );
    assert_eq!(
        r["missing_info"][4]["reason"],
        "open deal whose expected close date 2026-11-15 has passed"
    );
    // B1 converted without a logged touch: never overdue.
    assert!(
        r["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["lead_id"] != "B1")
    );
}

#[test]
fn grab_back_holds_quiet_rank_seven_and_never_worked_older_leads_with_their_reason() {
    let (_dir, r) = report("", "2026-11-20T17:00");
    // A11: rank 7, lost, quiet since 09-02 09:00 (79 days 8 h). A8: never worked, created
    // 08-03 09:00 (109 days 8 h). Not A7 (quiet 18 days), A12 (won), A6 (junk).
    assert_eq!(
        picks(
            &r["grab_back"],
            &["reason", "lead_id", "rank", "days_quiet"]
        ),
        vec![
            json!({"reason": "rank 7 or worse, no touch for 30 days", "lead_id": "A11", "rank": 7, "days_quiet": 79.3333}),
            json!({"reason": "never worked, created over 90 days ago", "lead_id": "A8", "rank": 4, "days_quiet": 109.3333}),
        ]
    );
    // With no window, A8 is overdue (deadline 08-06 09:00: 106 days 8 h = 2552 h), after the
    // rank-1 leads and before rank 5, and not grab-back.
    let (_dir, r) = report("[follow-up]\nwindow-days = 0\n", "2026-11-20T17:00");
    let ids: Vec<&str> = r["grab_back"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lead_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["A11"]);
    assert_eq!(
        pick(&r["overdue"][2], &["lead_id", "hours_overdue"]),
        json!({"lead_id": "A8", "hours_overdue": 2552.0})
    );
    // A10 (rank 3, quiet since 07-01) is stale again, before the unranked A9.
    assert_eq!(r["stale"][0]["lead_id"], "A10");
}

#[test]
fn deals_count_under_the_deal_owner_or_the_lead_owner() {
    let keys = ["name", "opportunities", "won", "lost"];
    let (_dir, r) = report("", "2026-11-20T17:00");
    assert_eq!(r["settings"]["deal_attribution"], "deal-owner");
    assert_eq!(
        picks(&r["reps"], &keys),
        vec![
            json!({"name": "Ann", "opportunities": 0, "won": 0, "lost": 0}),
            json!({"name": "Ben", "opportunities": 2, "won": 0, "lost": 1}),
            json!({"name": "Cara", "opportunities": 1, "won": 1, "lost": 0}),
        ]
    );
    let (dir, r) = report(
        "[attribution]\ndeals = \"lead-owner\"\n",
        "2026-11-20T17:00",
    );
    assert_eq!(
        picks(&r["reps"], &keys),
        vec![
            json!({"name": "Ann", "opportunities": 1, "won": 0, "lost": 1}),
            json!({"name": "Ben", "opportunities": 2, "won": 1, "lost": 0}),
        ]
    );
    let index = std::fs::read_to_string(dir.path().join("out/site/index.html")).unwrap();
    assert!(
        index.contains("Deals count under the owner of the lead they came from ([attribution] deals = &quot;lead-owner&quot;)."),
        "{index}"
    );
    assert!(r["definitions"].as_array().unwrap().iter().any(|d| {
        d["name"] == "Opportunities"
            && d["text"]
                .as_str()
                .unwrap()
                .contains("[attribution] deals = \"lead-owner\"")
    }));
    // An unknown value is refused with the accepted ones.
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), "[attribution]\ndeals = \"rep\"\n");
    let out = friday(
        &["report", "leads.csv", "--as-of", "2026-11-20"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown variant `rep`, expected `deal-owner` or `lead-owner`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_instant_is_the_end_of_a_date_a_time_given_or_now() {
    // At the end of the day A5 (deadline Sat 10:00) is still pending, A2 overdue by 12 h.
    let (_dir, r) = report("", "2026-11-20");
    assert_eq!(r["as_of_time"], "2026-11-20T23:59:59");
    assert_eq!(r["overdue"][1]["lead_id"], "A2");
    assert_eq!(
        pick(&r["overdue"][1], &["hours_overdue"]),
        json!({"hours_overdue": 11.9997})
    );
    // At 11:00 A2 (deadline 12:00) is not overdue yet: A1 is the only rank-1 red row.
    for form in ["2026-11-20T11:00", "2026-11-20 11:00"] {
        let (dir, r) = report("", form);
        assert_eq!(r["as_of_time"], "2026-11-20T11:00:00", "{form}");
        assert_eq!(r["overdue"][1]["lead_id"], "A3", "{form}");
        let index = std::fs::read_to_string(dir.path().join("out/site/index.html")).unwrap();
        assert!(index.contains("2026-11-20 11:00"), "{form}: {index}");
    }
    // Without --as-of: now, in [input] timezone.
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), "[input]\ntimezone = \"Pacific/Auckland\"\n");
    let before = chrono::Utc::now().with_timezone(&chrono_tz::Pacific::Auckland);
    let r = run(dir.path(), &[]);
    let after = chrono::Utc::now().with_timezone(&chrono_tz::Pacific::Auckland);
    let at = chrono::NaiveDateTime::parse_from_str(
        r["as_of_time"].as_str().unwrap(),
        "%Y-%m-%dT%H:%M:%S",
    )
    .unwrap();
    let (before, after) = (before.naive_local(), after.naive_local());
    assert!(
        at >= before - chrono::Duration::seconds(1) && at <= after,
        "{at} not between {before} and {after}"
    );
    let bad = friday(
        &["report", "leads.csv", "--as-of", "20-11-2026"],
        dir.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("--as-of 20-11-2026: expected a date like 2026-11-20 (the end of that day) or a date and time like 2026-11-20T17:00"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn every_output_shows_the_same_headline_figures() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    write_export(
        dir.path(),
        "[email]\nfrom = \"r@x.test\"\nto = [\"team@x.test\"]\n[email.smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\n",
    );
    let mut args = vec!["report"];
    args.extend(INPUTS);
    args.extend([
        "--as-of",
        "2026-11-20T17:00",
        "-o",
        "out",
        "--json",
        "out/report.json",
        "--send",
        "--dry-run",
        "outbox",
    ]);
    let out = friday(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/report.json")).unwrap())
            .unwrap();
    let headline: Vec<(String, String)> = r["headline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["label"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Worked out by hand: 4 leads created 11-14..11-20 (A1, A2, A5, B2), none junk; 15 leads;
    // overdue A1–A4, hot A1, A2; stale A9; missing info 5; first touch 1 h (A9, A10, A13,
    // B2) and 24 h (A11): median 1 hour; junk A6; conversion 4 of 14 (B1, B2, A13 with deals; A12 whose status says Closed Won);
    // close 1 of 2; win 1 of 3.
    let expected = [
        ("New leads this week", "4"),
        ("Leads in this export", "15"),
        ("Overdue now", "4"),
        ("Hot leads overdue", "2"),
        ("Stale now", "1"),
        ("Missing info", "5"),
        ("Median first touch", "1 hour"),
        ("Junk leads", "1"),
        ("Conversion", "28.6%"),
        ("Close rate", "50.0%"),
        ("Win rate", "33.3%"),
    ];
    assert_eq!(
        headline,
        expected
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect::<Vec<_>>()
    );
    // The terminal line.
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = expected
        .iter()
        .map(|(label, text)| format!("{label} {text}"))
        .collect::<Vec<_>>()
        .join(", ");
    assert!(
        stdout.contains(&format!("as of 2026-11-20 17:00: {line}")),
        "{stdout}"
    );
    // The site's index.
    let index = std::fs::read_to_string(dir.path().join("out/site/index.html")).unwrap();
    let kpis: Vec<(String, String)> = index
        .split("<span class=\"value\">")
        .skip(1)
        .map(|rest| {
            let value = &rest[..rest.find('<').unwrap()];
            let label = &rest[rest.find("</span> ").unwrap() + 8..rest.find("</li>").unwrap()];
            (label.to_string(), value.to_string())
        })
        .collect();
    assert_eq!(kpis, headline);
    // The team email's text body.
    let eml = std::fs::read_to_string(dir.path().join("outbox/friday-2026-11-20.eml")).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(eml.as_bytes())
        .unwrap();
    let text = message.body_text(0).unwrap().replace("\r\n", "\n");
    let block = expected
        .iter()
        .map(|(label, text)| format!("{label}: {text}\n"))
        .collect::<String>();
    assert!(text.contains(&block), "{text}");
    // The workbook's Summary: the same labels, the figures as numbers.
    let mut book = open_workbook_auto(dir.path().join("out/friday-2026-11-20.xlsx")).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let rows: Vec<(String, String)> = summary
        .rows()
        .skip(4)
        .take(expected.len())
        .map(|row| {
            let value = match &row[1] {
                // A duration: days, shown in hours under two days.
                Data::DateTime(d) if d.is_duration() => format!("{:.3} h", d.as_f64() * 24.0),
                Data::Float(f) if (f.fract()).abs() < 1e-9 => format!("{f}"),
                Data::Float(f) => format!("{f:.4}"),
                other => other.to_string(),
            };
            (row[0].to_string(), value)
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("New leads this week", "4"),
            ("Leads in this export", "15"),
            ("Overdue now", "4"),
            ("Hot leads overdue", "2"),
            ("Stale now", "1"),
            ("Missing info", "5"),
            ("Median first touch (days)", "1.000 h"),
            ("Junk leads", "1"),
            ("Conversion", "0.2857"),
            ("Close rate", "0.5000"),
            ("Win rate", "0.3333"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect::<Vec<_>>()
    );
}

#[test]
fn an_empty_table_or_an_as_of_before_every_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), "");
    // An earlier report in OUT.
    let first = friday(
        &[
            "report",
            "leads.csv",
            "activities.csv",
            "opportunities.csv",
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
        ],
        dir.path(),
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let listing = |dir: &Path| {
        golden::tree(&dir.join("out"))
            .into_keys()
            .collect::<Vec<_>>()
    };
    let before = listing(dir.path());
    let xlsx = std::fs::read(dir.path().join("out/friday-2026-11-20.xlsx")).unwrap();
    // Every row is dated after 2026-01-01.
    let out = friday(
        &[
            "report",
            "leads.csv",
            "activities.csv",
            "opportunities.csv",
            "--as-of",
            "2026-01-01",
            "-o",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --as-of 2026-01-01 23:59: every row of the export is dated later (the export runs from 2026-07-01 to 2026-11-18); nothing to report\n"
    );
    // A header and no rows.
    std::fs::write(
        dir.path().join("activities.csv"),
        "Lead ID,Activity Type,Activity Date\n",
    )
    .unwrap();
    let out = friday(
        &[
            "report",
            "leads.csv",
            "activities.csv",
            "--as-of",
            "2026-11-27",
            "-o",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: activities.csv: the activities table has a header row but no data rows"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(listing(dir.path()), before);
    assert_eq!(
        std::fs::read(dir.path().join("out/friday-2026-11-20.xlsx")).unwrap(),
        xlsx
    );
}

#[test]
fn a_won_deal_dated_before_its_lead_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), "");
    std::fs::write(
        dir.path().join("opportunities.csv"),
        "Opportunity ID,Lead ID,Opportunity Owner,Created Date,Stage,Close Date,Amount\n\
         O1,B1,Cara,2026-11-12,Closed Won,2026-11-01,1000\n",
    )
    .unwrap();
    let r = run(dir.path(), &["--as-of", "2026-11-20"]);
    let found: Vec<Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "won before created")
        .cloned()
        .collect();
    assert_eq!(
        found,
        vec![
            json!({"kind": "won before created", "file": "opportunities.csv", "sheet": "",
                    "row": 2, "column": "Close Date", "value": "2026-11-01 00:00",
                    "message": "won before its lead was created (2026-11-10 09:00); counted as won, left out of days to win"})
        ]
    );
    assert_eq!(rep(&r, "Cara")["won"], 1);
    assert_eq!(rep(&r, "Cara")["median_days_to_win"], Value::Null);
}

#[test]
fn inputs_are_named_by_file_name_never_by_the_machines_folders() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), "");
    let folder = dir.path().canonicalize().unwrap();
    let absolute: Vec<String> = INPUTS
        .iter()
        .map(|name| folder.join(name).display().to_string())
        .collect();
    let mut args = vec!["report".to_string()];
    args.extend(absolute);
    args.extend(["--as-of", "2026-11-20", "-o", "out", "--single-file"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = friday(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let needle = folder.display().to_string();
    let mut checked = 0;
    for (path, bytes) in golden::tree(&dir.path().join("out")) {
        let texts: Vec<String> = if path.ends_with(".xlsx") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            (0..zip.len())
                .map(|i| {
                    let mut text = String::new();
                    std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut text)
                        .unwrap_or_default();
                    text
                })
                .collect()
        } else {
            vec![String::from_utf8_lossy(&bytes).into_owned()]
        };
        for text in texts {
            assert!(!text.contains(&needle), "{path} names {needle}");
        }
        checked += 1;
    }
    assert!(checked > 10, "only {checked} files");
    let index = std::fs::read_to_string(dir.path().join("out/site/index.html")).unwrap();
    assert!(
        index.contains("leads.csv, activities.csv, opportunities.csv"),
        "{index}"
    );
}

/// A lead created Friday 16:00 with a 24 h SLA, and one created the day before a two-day
/// holiday, under each clock; the cadence's "24h" step is due when the SLA runs out.
#[test]
fn clocks_agree_between_the_sla_and_the_cadence() {
    let cases = [
        // working days: Fri 16:00 + 8 h Friday, then Monday 16 h: Mon 16:00. Wed 12-23
        // 10:00 + 14 h Wednesday, Thu/Fri holidays, the weekend: Mon 12-28 10:00.
        ("working-days", "2026-11-23T16:00:00", "2026-12-28T10:00:00"),
        // office hours 09–17: Fri 1 h, Mon 8, Tue 8, Wed 7: Wed 16:00. Wed 12-23 10:00: 7 h
        // Wednesday, Mon 8, Tue 8, Wed 1 h: Wed 12-30 10:00.
        ("business", "2026-11-25T16:00:00", "2026-12-30T10:00:00"),
        // every hour: Sat 16:00, Thu 12-24 10:00.
        ("calendar", "2026-11-21T16:00:00", "2026-12-24T10:00:00"),
    ];
    for (clock, friday_due, holiday_due) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("leads.csv"),
            "Lead ID,Name,Email,Lead Owner,Offer,Created Date\n\
             T1,Grace Hopper,grace@kestrel-labs.com,Ann,Trial Download,2026-11-20 16:00\n\
             T2,Alan Turing,alan@halvorsen.no,Ann,Trial Download,2026-12-23 10:00\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("activities.csv"),
            "Lead ID,Activity Type,Activity Date\nT9,Call,2026-11-20 16:00\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("friday.toml"),
            format!("[sla]\nclock = \"{clock}\"\n[hours]\nholidays = [2026-12-24, 2026-12-25]\n"),
        )
        .unwrap();
        let out = friday(
            &[
                "report",
                "leads.csv",
                "activities.csv",
                "--as-of",
                "2027-01-08",
                "-o",
                "out",
                "--json",
                "r.json",
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{clock}: {}", stderr(&out));
        let r: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
        let deadlines: Vec<(&str, &str)> = r["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["lead_id"].as_str().unwrap(),
                    l["deadline"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            deadlines,
            [("T1", friday_due), ("T2", holiday_due)],
            "{clock}"
        );
        let first_calls: Vec<&str> = r["cadence_leads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["steps"][0]["due"].as_str().unwrap())
            .collect();
        assert_eq!(first_calls, [friday_due, holiday_due], "{clock}");
        assert_eq!(r["settings"]["sla_clock"], clock);
    }
}

/// The overdue and grab-back lead ids, never contacted per rep and won / lost per rep under
/// both attributions, recomputed from the CSV export by `bench/recompute.py` (standard-library
/// Python, none of friday's code) and compared with the JSON.
#[test]
fn an_independent_recomputation_agrees_on_a_demo_export() {
    let dir = tempfile::tempdir().unwrap();
    let out = friday(
        &[
            "demo",
            "--leads",
            "3000",
            "--seed",
            "11",
            "--as-of",
            "2026-11-20",
            "--csv",
            "--export-only",
            "-o",
            "demo",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/recompute.py");
    for attribution in ["deal-owner", "lead-owner"] {
        std::fs::write(
            dir.path().join("check.toml"),
            format!(
                "[sla]\nclock = \"calendar\"\n[follow-up]\nwindow-days = 0\n[attribution]\ndeals = \"{attribution}\"\n"
            ),
        )
        .unwrap();
        let out = friday(
            &[
                "report",
                "demo/export/leads.csv",
                "demo/export/activities.csv",
                "demo/export/opportunities.csv",
                "-c",
                "check.toml",
                "--as-of",
                "2026-11-20T17:00",
                "-o",
                "out",
                "--json",
                "r.json",
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let check = std::process::Command::new("python3")
            .arg(&script)
            .args(["--export", "demo/export", "--json", "r.json"])
            .args(["--attribution", attribution])
            .current_dir(dir.path())
            .output()
            .expect("python3 runs");
        let text = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.status.success(),
            "{attribution}: {text}{}",
            String::from_utf8_lossy(&check.stderr)
        );
        // The generator is deterministic: seed 11 as of 2026-11-20 has 176 overdue leads,
        // 654 to grab back and 10 reps.
        for figure in [
            "overdue ids: ok 176\n",
            "grab-back ids: ok 654\n",
            "never contacted per rep: ok 10\n",
            "won/lost per rep: ok 10\n",
        ] {
            assert!(text.contains(figure), "{attribution}: {text}");
        }
    }
}

/// The whole report of this export as JSON, byte for byte: docs/report-json.md promises
/// that field names stay, and this pins them (with every figure) on an export that fills
/// every list.
#[test]
fn the_report_json_matches_its_golden() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), "");
    run(dir.path(), &["--as-of", "2026-11-20T17:00"]);
    golden::assert_file(
        "report.json",
        &std::fs::read(dir.path().join("out/report.json")).unwrap(),
    );
}
