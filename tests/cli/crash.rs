//! The crash test: the real binary killed (SIGKILL) at many points of a run on a mid-size
//! export, from early in the read to the last rename, with an earlier report in the output
//! folder. After each kill the folder holds the earlier report or the new one, each complete;
//! the next run then leaves exactly what a run that was never interrupted leaves.
//!
//! The kills come after a time spread over a run's length (wherever the run then is: reading,
//! computing, rendering), and at each named point of `src/stop.rs` between the renames, which
//! last too little time to be hit by chance.

use super::held::Held;
use super::one_run::listing;
use super::{friday, stderr};
use calamine::{Reader, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

const EARLIER: &str = "2026-11-13";
const NEW: &str = "2026-11-20";

/// Leads in the export: a debug run of it takes about 1.5 s, and the test makes 31 runs.
const LEADS: &str = "1000";

/// The named points, in the order a run passes them.
const POINTS: [&str; 9] = [
    "read",
    "rendered",
    "history-snapshot",
    "history",
    "xlsx",
    "single-file",
    "json",
    "site-swapped",
    "site",
];

/// How many kills after a time, spread evenly over the length of a run.
const TIMED: u32 = 6;

/// `friday report` of `as_of` into `out`, every output asked for; run from a folder beside
/// `export/`, so every run's outputs name the same paths.
fn report(as_of: &str) -> Vec<String> {
    [
        "report",
        "../export/demo-export.xlsx",
        "--as-of",
        as_of,
        "-o",
        "out",
        "--single-file",
        "--json",
        "out/report.json",
    ]
    .map(String::from)
    .to_vec()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// What complete reports hold: the sheets of each date's workbook.
type Sheets = BTreeMap<String, Vec<String>>;

fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .sheet_names()
}

/// Every relative link and source of a page of the site, without its fragment.
fn links(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in page.match_indices(attribute) {
            let rest = &page[at + attribute.len()..];
            let target = &rest[..rest.find('"').unwrap()];
            let target = target.split('#').next().unwrap();
            if !target.is_empty() && !target.contains(':') {
                found.push(target.to_string());
            }
        }
    }
    found
}

/// Checks that `out` holds the complete earlier report or the complete new one; `what` names
/// the kill in messages.
fn assert_complete(out: &Path, sheets: &Sheets, what: &str) {
    let index = std::fs::read_to_string(out.join("site/index.html"))
        .unwrap_or_else(|err| panic!("{what}: no site/index.html ({err})"));
    let title = |date: &str| format!("<title>Friday report — {date}</title>");
    let site_is_new = index.contains(&title(NEW));
    assert!(
        site_is_new || index.contains(&title(EARLIER)),
        "{what}: {index}"
    );
    // Every link of the index and of the archive (which links the workbooks) resolves.
    for page in ["index.html", "archive.html"] {
        let text = std::fs::read_to_string(out.join("site").join(page)).unwrap();
        for link in links(&text) {
            assert!(
                out.join("site").join(&link).exists(),
                "{what}: {page} links {link}, which is missing"
            );
        }
    }
    // Every workbook opens, with every sheet of its date, each readable.
    for (date, names) in sheets {
        let path = out.join(format!("friday-{date}.xlsx"));
        if !path.exists() {
            assert!(date == NEW && !site_is_new, "{what}: no {}", path.display());
            continue;
        }
        let mut workbook = open_workbook_auto(&path)
            .unwrap_or_else(|err| panic!("{what}: {}: {err}", path.display()));
        assert_eq!(&workbook.sheet_names(), names, "{what}: {}", path.display());
        for name in names {
            workbook
                .worksheet_range(name)
                .unwrap_or_else(|err| panic!("{what}: {}, {name}: {err}", path.display()));
        }
    }
    for date in [EARLIER, NEW] {
        let path = out.join(format!("friday-{date}.html"));
        match std::fs::read_to_string(&path) {
            Ok(page) => assert!(page.trim_end().ends_with("</html>"), "{what}: {date}"),
            Err(_) => assert!(date == NEW && !site_is_new, "{what}: no {}", path.display()),
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap())
            .unwrap_or_else(|err| panic!("{what}: report.json: {err}"));
    let json_date = json["as_of"].as_str().unwrap();
    assert!(
        json_date == NEW || (json_date == EARLIER && !site_is_new),
        "{what}: report.json of {json_date}"
    );
    // The history reads, without a warning, and holds the new snapshot once the site is new.
    let history = friday(
        &["history", "-o", &out.display().to_string()],
        out.parent().unwrap(),
    );
    assert!(history.status.success(), "{what}: {}", stderr(&history));
    assert_eq!(stderr(&history), "", "{what}");
    let listed: Vec<String> = String::from_utf8(history.stdout)
        .unwrap()
        .lines()
        .map(|line| line[..10].to_string())
        .collect();
    assert!(
        listed == [EARLIER] && !site_is_new || listed == [EARLIER, NEW],
        "{what}: history lists {listed:?}"
    );
}

/// The temporary files and folders in `out` and `out/history`.
fn temporaries(out: &Path) -> Vec<String> {
    [out.to_path_buf(), out.join("history")]
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .map(|entry| entry.unwrap().path().display().to_string())
        .filter(|name| name.ends_with(".friday-tmp"))
        .collect()
}

/// The files under `dir` and their bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    listing(dir)
        .into_iter()
        .filter(|name| !name.ends_with('/'))
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

#[test]
fn a_run_killed_anywhere_leaves_a_complete_report_and_the_next_run_no_stray_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let demo = friday(
        &[
            "demo",
            "--leads",
            LEADS,
            "-o",
            ".",
            "--as-of",
            NEW,
            "--export-only",
        ],
        root,
    );
    assert!(demo.status.success(), "{}", stderr(&demo));
    let run = |folder: &Path, as_of: &str| {
        let args = report(as_of);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        friday(&args, folder)
    };
    // The earlier report, and what an uninterrupted run leaves beside it.
    let earlier = root.join("earlier");
    std::fs::create_dir(&earlier).unwrap();
    let first = run(&earlier, EARLIER);
    assert!(first.status.success(), "{}", stderr(&first));
    let reference = root.join("reference");
    copy_dir(&earlier, &reference);
    let start = Instant::now();
    let complete = run(&reference, NEW);
    let took = start.elapsed();
    assert!(complete.status.success(), "{}", stderr(&complete));
    let expected = contents(&reference.join("out"));
    let expected_names = listing(&reference.join("out"));
    let sheets: Sheets = [EARLIER, NEW]
        .iter()
        .map(|date| {
            let path = reference.join(format!("out/friday-{date}.xlsx"));
            ((*date).to_string(), sheet_names(&path))
        })
        .collect();

    let timed = (0..TIMED).map(|k| (None, took * k / TIMED));
    let named = POINTS.iter().map(|point| (Some(*point), Duration::ZERO));
    for (i, (point, after)) in timed.chain(named).enumerate() {
        let what = match point {
            Some(point) => format!("killed at {point}"),
            None => format!("killed after {} ms", after.as_millis()),
        };
        let folder = root.join(format!("kill-{i}"));
        copy_dir(&earlier, &folder);
        let args = report(NEW);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut held = Held::start(&args, &folder, point);
        match point {
            Some(point) => assert!(held.stopped(), "the run ended before {point}"),
            None => std::thread::sleep(after),
        }
        held.kill();
        let out = folder.join("out");
        assert_complete(&out, &sheets, &what);
        let left = temporaries(&out);
        // The next run removes what the killed one left and writes the complete new report.
        let next = run(&folder, NEW);
        let err = stderr(&next);
        assert!(next.status.success(), "{what}, then: {err}");
        assert_eq!(
            err.starts_with("removed what a run that did not finish left behind: "),
            !left.is_empty(),
            "{what}: left {left:?}; the next run said {err:?}"
        );
        assert_eq!(listing(&out), expected_names, "{what}");
        assert!(
            contents(&out) == expected,
            "{what}: the files differ from a complete run's"
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
