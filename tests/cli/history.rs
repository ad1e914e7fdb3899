//! Week over week: three Fridays of one export whose changes are known exactly.

use super::{friday, stderr};
use serde_json::{Value, json};
use std::path::Path;

/// SLA of 8 hours on the working-days clock (UTC): a lead created Monday 09:00 is overdue
/// from Monday 17:00. Ann: H1 (Mon 11-02 09:00) never touched; H2 (Mon 11-02 10:00, deadline
/// Mon 18:00) touched Tue 11-10. Ben: H3 (Tue 11-10 09:00) never touched; H4 (Mon 11-02
/// 09:00) touched 12:00 the same day, rank 7 (marketing's) until the third export says 3, won
/// deal O1 (11-16). H2 and H3 are at rank 6: a rank-7 lead is never overdue.
fn write_week(dir: &Path, h4_rank: u8) {
    std::fs::write(
        dir.join("leads.csv"),
        format!(
            "Lead ID,Name,Lead Owner,Offer,Created Date,Rank\n\
             H1,Hana Ito,Ann,White Paper,2026-11-02 09:00,5\n\
             H2,Hugo Bauer,Ann,White Paper,2026-11-02 10:00,6\n\
             H3,Ines Costa,Ben,White Paper,2026-11-10 09:00,6\n\
             H4,Omar Haddad,Ben,White Paper,2026-11-02 09:00,{h4_rank}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("activities.csv"),
        "Lead ID,Activity Type,Activity Date\nH2,Call,2026-11-10 10:00\nH4,Call,2026-11-02 12:00\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("opportunities.csv"),
        "Opportunity ID,Lead ID,Created Date,Stage,Close Date\nO1,H4,2026-11-16,Closed Won,2026-11-18\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("friday.toml"),
        "[sla]\ndefault-hours = 8\noffers = {}\n",
    )
    .unwrap();
}

fn run(dir: &Path, as_of: &str) -> Value {
    let out = friday(
        &[
            "report",
            "leads.csv",
            "activities.csv",
            "opportunities.csv",
            "--as-of",
            as_of,
            "-o",
            "out",
            "--json",
            "out/report.json",
        ],
        dir,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&std::fs::read(dir.join("out/report.json")).unwrap()).unwrap()
}

fn three_fridays(dir: &Path) -> Value {
    write_week(dir, 7);
    let first = run(dir, "2026-11-06");
    // The first Friday on record: nothing to compare with.
    assert_eq!(first["history"]["previous"], Value::Null);
    run(dir, "2026-11-13");
    write_week(dir, 3);
    run(dir, "2026-11-20")
}

#[test]
fn overdue_now_newly_overdue_and_fixed_per_rep() {
    let dir = tempfile::tempdir().unwrap();
    let r = three_fridays(dir.path());
    // 11-13 → 11-20: H1 and H3 stay overdue, nothing new, nothing fixed.
    assert_eq!(r["history"]["previous"], "2026-11-13");
    assert_eq!(r["history"]["newly_overdue"], json!([]));
    assert_eq!(
        r["history"]["reps"],
        json!([
            {"owner": "Ann", "overdue_now": 1, "overdue_before": 1, "newly_overdue": 0, "fixed": 0},
            {"owner": "Ben", "overdue_now": 1, "overdue_before": 1, "newly_overdue": 0, "fixed": 0},
        ])
    );
    // Overdue on 11-06: H1, H2 (Ann). On 11-13: H1 (Ann), H3 (Ben, new); H2 touched 11-10 (fixed).
    // On 11-20: H1, H3. H4 is converted, so not stale although quiet since 11-02.
    assert_eq!(
        r["history"]["backlog"],
        json!([
            {"as_of": "2026-11-06", "overdue": 2, "stale": 0},
            {"as_of": "2026-11-13", "overdue": 2, "stale": 0},
            {"as_of": "2026-11-20", "overdue": 2, "stale": 0},
        ])
    );
    assert_eq!(
        r["history"]["rep_backlog"],
        json!([{"owner": "Ann", "overdue": [2, 1, 1]}, {"owner": "Ben", "overdue": [0, 1, 1]}])
    );
    // H4 was at rank 7 before and is at 3 now, converted and won (1 of 1).
    // All leads: 1 converted of 4 (25%), 1 won of 1 closed.
    assert_eq!(
        r["history"]["comebacks"],
        json!({"leads": 1, "converted": 1, "conversion": 1.0, "won": 1, "lost": 0, "close_rate": 1.0,
               "all_conversion": 0.25, "all_close_rate": 1.0,
               "by_offer": [{"offer": "White Paper", "leads": 1, "converted": 1}]})
    );
}

#[test]
fn the_second_friday_sees_what_changed_since_the_first() {
    let dir = tempfile::tempdir().unwrap();
    write_week(dir.path(), 7);
    run(dir.path(), "2026-11-06");
    let r = run(dir.path(), "2026-11-13");
    assert_eq!(
        r["history"]["reps"],
        json!([
            {"owner": "Ann", "overdue_now": 1, "overdue_before": 2, "newly_overdue": 0, "fixed": 1},
            {"owner": "Ben", "overdue_now": 1, "overdue_before": 0, "newly_overdue": 1, "fixed": 0},
        ])
    );
    assert_eq!(
        r["history"]["totals"],
        json!({"owner": "Total", "overdue_now": 2, "overdue_before": 2, "newly_overdue": 1, "fixed": 1})
    );
    // Which lead: H3 (Ben's), overdue on 11-13 and not on 11-06.
    assert_eq!(r["history"]["newly_overdue"], json!(["H3"]));
}

#[test]
fn history_lists_one_snapshot_per_date_and_a_rerun_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    three_fridays(dir.path());
    run(dir.path(), "2026-11-13");
    let out = friday(&["history", "-o", "out"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // 11-06: H3 not created yet.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "2026-11-06  3 leads, 2 overdue\n2026-11-13  4 leads, 2 overdue\n2026-11-20  4 leads, 2 overdue\n"
    );
}

#[test]
fn a_corrupt_snapshot_is_a_warning_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    write_week(dir.path(), 7);
    run(dir.path(), "2026-11-06");
    run(dir.path(), "2026-11-13");
    std::fs::write(
        dir.path().join("out/history/snapshot-2026-11-13.parquet"),
        b"not parquet",
    )
    .unwrap();
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
            "out/r.json",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning: history: out/history/snapshot-2026-11-13.parquet could not be read"
        ),
        "{}",
        stderr(&out)
    );
    let r: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/r.json")).unwrap()).unwrap();
    assert_eq!(r["history"]["previous"], "2026-11-06");
}

#[test]
fn history_can_live_elsewhere_and_a_held_lock_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write_week(dir.path(), 7);
    let elsewhere = dir.path().join("kept");
    let args = |as_of: &'static str| {
        vec![
            "report",
            "leads.csv",
            "activities.csv",
            "opportunities.csv",
            "--as-of",
            as_of,
            "-o",
            "out",
            "--history",
            "kept",
        ]
    };
    let out = friday(&args("2026-11-06"), dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elsewhere.join("snapshot-2026-11-06.parquet").exists());
    assert!(!dir.path().join("out/history").exists());
    // A lock held by another process (another output folder's run sharing this history)
    // stops the next run before it reads anything, with exit 4.
    let lock = elsewhere.join(".lock");
    let mut holder = LockHolder::start(&lock);
    let out = friday(&args("2026-11-13"), dir.path());
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(
        stderr(&out),
        "error: another friday run is writing the history in kept (it has just started); try again when it has finished, or pass --wait SECONDS to wait for it\n"
    );
    assert!(!elsewhere.join("snapshot-2026-11-13.parquet").exists());
    assert!(!dir.path().join("out/friday-2026-11-13.xlsx").exists());
    // The lock of a killed process is gone with it, though its file stays: this process
    // can take it, and while it holds it (through another open file) runs still stop.
    holder.kill();
    assert!(lock.exists());
    let file = std::fs::OpenOptions::new().write(true).open(&lock).unwrap();
    file.try_lock().unwrap();
    let out = friday(&args("2026-11-13"), dir.path());
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    // Released, the lock lets the next run through.
    drop(file);
    let out = friday(&args("2026-11-13"), dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elsewhere.join("snapshot-2026-11-13.parquet").exists());
}

/// A child process holding the history lock until it is killed: a shell taking it with
/// util-linux's `flock(1)`, the same `flock(2)` lock as std's `File::try_lock` on Linux.
struct LockHolder(std::process::Child);

impl LockHolder {
    fn start(lock: &Path) -> LockHolder {
        use std::io::BufRead;
        // The shell opens the lock file as fd 9, locks it, and becomes `sleep` (same
        // process): killing the child releases the lock, as a killed friday run would.
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg("exec 9>>\"$1\" && flock --exclusive 9 && echo 'history lock held' && exec sleep 120")
            .arg("sh")
            .arg(lock)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("sh runs");
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut holder = LockHolder(child);
        for line in stdout.lines() {
            if line.unwrap().contains("history lock held") {
                return holder;
            }
        }
        holder.kill();
        panic!("the lock holder stopped before taking the lock");
    }

    /// Kills the holder (SIGKILL on Unix: it gets no chance to clean up) and waits for it.
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        self.kill();
    }
}

#[test]
fn the_summary_sheet_shows_week_over_week_with_the_backlog() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    three_fridays(dir.path());
    let mut book = open_workbook_auto(dir.path().join("out/friday-2026-11-20.xlsx")).unwrap();
    let range = book.worksheet_range("Summary").unwrap();
    let text = |c: &Data| match c {
        Data::Float(f) => format!("{f}"),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    let rows: Vec<String> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(text)
                .collect::<Vec<_>>()
                .join("|")
                .trim_end_matches('|')
                .to_string()
        })
        .collect();
    let start = rows
        .iter()
        .position(|r| r == "Week over week: against the report of 2026-11-13")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(
        rows[start + 1..start + 5],
        [
            "Rep|Overdue now|Overdue last Friday|Newly overdue|Fixed|Backlog||2026-11-06|2026-11-13|2026-11-20",
            "Ann|1|1|0|0|||2|1|1",
            "Ben|1|1|0|0|||0|1|1",
            "Total|2|2|0|0|||2|2|2",
        ]
    );
}

#[test]
fn the_index_and_rep_pages_show_week_over_week() {
    let dir = tempfile::tempdir().unwrap();
    three_fridays(dir.path());
    let index = std::fs::read_to_string(dir.path().join("out/site/index.html")).unwrap();
    assert!(index.contains("Overdue leads per rep, against the report of 2026-11-13; the backlog runs over 2026-11-06, 2026-11-13, 2026-11-20."), "{index}");
    // Ann's backlog 2, 1, 1 as a line scaled to 2 (see week::sparkline) and in words.
    assert!(index.contains("<tr><th scope=\"row\">Ann</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">0</td><td><svg class=\"spark\""), "{index}");
    assert!(
        index.contains("points=\"2.0,2.0 40.0,9.0 78.0,9.0\"/></svg> 2 → 1 → 1</td></tr>"),
        "{index}"
    );
    assert!(index.contains("1 leads came back from rank 7: 1 converted (100.0%; all leads 25.0%), close rate 100.0% (all leads 100.0%)."), "{index}");
    let offers = std::fs::read_to_string(dir.path().join("out/site/offers.html")).unwrap();
    assert!(
        offers.contains(
            "<tr><td>White Paper</td><td class=\"num\">1</td><td class=\"num\">1</td></tr>"
        ),
        "{offers}"
    );
    let reps = std::fs::read_dir(dir.path().join("out/site/reps")).unwrap();
    let ben = reps
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("ben-"))
        .unwrap();
    let page = std::fs::read_to_string(ben).unwrap();
    assert!(page.contains("Week over week: 1 overdue now, 1 in the previous report; 0 newly overdue, 0 fixed. Overdue backlog: 0 → 1 → 1."), "{page}");
}
