//! Unknown is not zero: for each thing an export can lack (touch data, ranks, a rep column,
//! deals other than won ones) the figures it cannot support are left out of the site, the
//! workbook and the email with one sentence saying why, and are `null` in the JSON.

use super::{friday, stderr};
use calamine::{Reader, open_workbook_auto};
use serde_json::{Value, json};
use std::path::Path;

const EMAIL: &str = "[email]\nfrom = \"r@x.test\"\nto = [\"team@x.test\"]\n[email.smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\n";

/// What one run wrote: the JSON, the site's index, the Summary sheet as lines and the team
/// email's text.
struct Outputs {
    json: Value,
    index: String,
    summary: Vec<String>,
    email: String,
}

/// Writes `files` (name, text) and friday.toml, runs `report --send --dry-run` on them.
fn run(dir: &Path, files: &[(&str, &str)], toml: &str) -> Outputs {
    std::fs::write(dir.join("friday.toml"), format!("{toml}{EMAIL}")).unwrap();
    let mut args = vec!["report".to_string()];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
        args.push((*name).to_string());
    }
    args.extend(
        [
            "--as-of",
            "2026-11-20T17:00",
            "-o",
            "out",
            "--json",
            "out/r.json",
            "--send",
            "--dry-run",
            "outbox",
        ]
        .map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = friday(&args, dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = serde_json::from_slice(&std::fs::read(dir.join("out/r.json")).unwrap()).unwrap();
    let index = std::fs::read_to_string(dir.join("out/site/index.html")).unwrap();
    let mut book = open_workbook_auto(dir.join("out/friday-2026-11-20.xlsx")).unwrap();
    let summary = book
        .worksheet_range("Summary")
        .unwrap()
        .rows()
        .map(|row| {
            row.iter()
                .map(ToString::to_string)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    let eml = std::fs::read(dir.join("outbox/friday-2026-11-20.eml")).unwrap();
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let email = message.body_text(0).unwrap().replace("\r\n", "\n");
    Outputs {
        json,
        index,
        summary,
        email,
    }
}

impl Outputs {
    /// The sentence is on the site, in the workbook's Summary and in the email.
    fn say_everywhere(&self, sentence: &str) {
        let html = sentence.replace('"', "&quot;");
        assert!(
            self.index.contains(&format!("<p>{html}</p>")),
            "{}",
            self.index
        );
        assert!(
            self.summary.iter().any(|l| l == sentence),
            "{:?}",
            self.summary
        );
        assert!(
            self.email.contains(&format!("{sentence}\n")),
            "{}",
            self.email
        );
    }

    /// No output shows the figure labelled `label`.
    fn leave_out(&self, label: &str) {
        assert!(!self.index.contains(label), "{label}: {}", self.index);
        assert!(
            !self.summary.iter().any(|l| l.contains(label)),
            "{label}: {:?}",
            self.summary
        );
        assert!(!self.email.contains(label), "{label}: {}", self.email);
    }
}

const LEADS: &str = "Lead ID,Lead Owner,Created Date,Lead Source,Rank\nL1,Ann,2026-11-16 09:00,Web,2\nL2,Ann,2026-11-17 09:00,Web,5\nL3,Bo,2026-11-18 09:00,Referral,3\n";

#[test]
fn without_touch_data_follow_up_is_left_out_and_null() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &[("leads.csv", LEADS)], "");
    o.say_everywhere("The export has no activities or touch dates, so follow-up cannot be judged: overdue, stale, contacted and first-touch figures are left out.");
    for label in [
        "Overdue now",
        "Stale now",
        "Median first touch",
        "Week over week",
    ] {
        o.leave_out(label);
    }
    let totals = &o.json["totals"];
    assert_eq!(
        (
            totals["leads"].clone(),
            totals["contacted"].clone(),
            totals["overdue"].clone(),
            totals["stale"].clone()
        ),
        (json!(3), Value::Null, Value::Null, Value::Null)
    );
    assert_eq!(o.json["reps"][0]["never_contacted"], Value::Null);
    assert_eq!(o.json["overdue"], Value::Null);
    assert_eq!(o.json["stale"], Value::Null);
    // No deals either: the deal counts are null, conversion (from the leads) is not.
    assert_eq!(totals["won"], Value::Null);
    assert_eq!(totals["conversion"], json!(0.0));
}

#[test]
fn without_ranks_there_is_no_hot_lead_no_grab_back_and_no_comeback() {
    let dir = tempfile::tempdir().unwrap();
    let leads = "Lead ID,Lead Owner,Created Date\nL1,Ann,2026-11-16 09:00\nL2,Ann,2026-11-17 09:00\nL3,Bo,2026-11-18 09:00\n";
    let activities = "Activity ID,Lead ID,Assigned To,Activity Type,Activity Date\nA1,L3,Bo,Call,2026-11-18 10:00\n";
    let o = run(
        dir.path(),
        &[("leads.csv", leads), ("activities.csv", activities)],
        "",
    );
    o.say_everywhere(
        "No lead has a rank, so there is no hot lead, no grab-back list and no comeback from rank 7.",
    );
    o.leave_out("Hot leads overdue");
    assert!(!o.index.contains("come back from rank 7"), "{}", o.index);
    // L1 and L2 are past the 72-hour default SLA with no touch: 2 overdue, none known hot.
    assert_eq!(o.json["totals"]["overdue"], json!(2));
    assert_eq!(o.json["totals"]["hot_overdue"], Value::Null);
    assert_eq!(o.json["grab_back"], Value::Null);
    assert_eq!(o.json["ranks"], Value::Null);
}

#[test]
fn without_a_rep_column_follow_up_per_rep_is_null_but_the_totals_stand() {
    let dir = tempfile::tempdir().unwrap();
    let leads = "Lead ID,Created Date,Rank\nL1,2026-11-16 09:00,2\nL2,2026-11-17 09:00,4\nL3,2026-11-18 09:00,3\n";
    let activities =
        "Activity ID,Lead ID,Activity Type,Activity Date\nA1,L3,Call,2026-11-18 10:00\n";
    let o = run(
        dir.path(),
        &[("leads.csv", leads), ("activities.csv", activities)],
        "[columns.leads]\nowner = \"\"\n",
    );
    o.say_everywhere("The leads name no rep, so follow-up per rep cannot be judged: every lead is under \"(no owner)\".");
    let rep = &o.json["reps"][0];
    assert_eq!(
        (
            rep["name"].clone(),
            rep["leads"].clone(),
            rep["overdue"].clone(),
            rep["contacted"].clone()
        ),
        (json!("(no owner)"), json!(3), Value::Null, Value::Null)
    );
    // L1 and L2 overdue (L1 hot at rank 2), L3 touched within an hour.
    let totals = &o.json["totals"];
    assert_eq!(
        (
            totals["overdue"].clone(),
            totals["hot_overdue"].clone(),
            totals["contacted"].clone()
        ),
        (json!(2), json!(1), json!(1))
    );
    // The Reps table has no follow-up column; the team email lists no per-rep counts.
    let reps_table = &o.index[o.index.find("id=\"reps\"").unwrap()..];
    let reps_table = &reps_table[..reps_table.find("</table>").unwrap()];
    assert!(!reps_table.contains("Overdue"), "{reps_table}");
    assert!(!o.email.contains("Overdue leads per rep"), "{}", o.email);
}

#[test]
fn won_deals_only_have_no_close_rate() {
    let dir = tempfile::tempdir().unwrap();
    let deals = "Opportunity ID,Lead ID,Opportunity Owner,Stage,Close Date,Amount\nO1,L1,Ann,Closed Won,2026-11-18,100\nO2,L3,Bo,Closed Won,2026-11-19,50\n";
    let o = run(
        dir.path(),
        &[("leads.csv", LEADS), ("deals.csv", deals)],
        "",
    );
    o.say_everywhere("The export holds won deals only, so close rate cannot be judged from it.");
    assert_eq!(o.json["totals"]["won"], json!(2));
    assert_eq!(o.json["totals"]["close_rate"], Value::Null);
    assert_eq!(o.json["totals"]["win_rate"], Value::Null);
    assert!(!o.index.contains(">Close rate<"), "{}", o.index);
}
