//! Accessibility: every page of the site, and the single file, run through axe-core in
//! headless Chromium, has no serious or critical violation. axe-core is tests/axe's pinned
//! npm package (`npm ci --prefix tests/axe`), or the file FRIDAY_AXE names. The tests run when
//! Chromium and axe-core are found, and fail instead of skipping when FRIDAY_REQUIRE_BROWSER=1
//! and FRIDAY_REQUIRE_AXE=1.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::red_list::write_export;
use super::site::{chromium, dump_dom, sample_report};
use super::{friday, stderr};

/// The element the injected script writes axe-core's result into.
const RESULT: &str = "<pre id=\"axe-result\">";

/// axe-core's script: FRIDAY_AXE, or where `npm ci --prefix tests/axe` puts it. When it is
/// missing, skips (None) or, under FRIDAY_REQUIRE_AXE=1, fails.
fn axe_core() -> Option<String> {
    let path = std::env::var_os("FRIDAY_AXE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js"),
        PathBuf::from,
    );
    let script = fs::read_to_string(&path).ok();
    let required = std::env::var("FRIDAY_REQUIRE_AXE").is_ok_and(|v| v == "1");
    assert!(
        script.is_some() || !required,
        "axe-core is required (FRIDAY_REQUIRE_AXE=1) but {} cannot be read; \
         `npm ci --prefix tests/axe` installs it, or set FRIDAY_AXE to an axe.min.js",
        path.display()
    );
    if script.is_none() {
        eprintln!("skipping: axe-core not found at {}", path.display());
    }
    script
}

/// Put before a page's `</body>`: axe-core itself, inline (a page opened from disk cannot
/// fetch it), and a script that runs it once the page and its deferred script have loaded and
/// writes the violations, or the error, into a `<pre>` as JSON. Characters the DOM dump would
/// escape are written as JSON escapes, so the text reads back as it was written.
fn injection(axe: &str) -> String {
    format!(
        r#"<script>{axe}</script>
<script>
window.addEventListener("load", function () {{
  function report(value) {{
    var out = document.createElement("pre");
    out.id = "axe-result";
    out.textContent = JSON.stringify(value).replace(/[<>&\u007f-\uffff]/g, function (c) {{
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    }});
    document.body.appendChild(out);
  }}
  axe.run(document, {{ resultTypes: ["violations"] }}).then(function (results) {{
    report({{ violations: results.violations.map(function (v) {{
      return {{ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {{
        return {{ target: n.target, html: n.html, summary: n.failureSummary }};
      }}) }};
    }}) }});
  }}, function (error) {{ report({{ error: String(error) }}); }});
}});
</script>
</body>"#
    )
}

/// Runs axe-core on `page` (rewritten in place with the injection, so its relative links
/// still resolve) in headless Chromium; returns axe-core's violations. Fails when no result
/// arrives within the virtual time budget, or axe-core gave an error.
fn violations(browser: &str, axe: &str, page: &Path) -> Vec<Value> {
    let html = fs::read_to_string(page).unwrap();
    assert!(
        html.contains("</body>"),
        "{} has no </body>",
        page.display()
    );
    fs::write(page, html.replacen("</body>", &injection(axe), 1)).unwrap();
    let out = dump_dom(
        browser,
        page,
        &[
            "--window-size=1280,800",
            // axe.run is asynchronous: the dump waits until the page is idle or this much
            // virtual time has passed.
            "--virtual-time-budget=10000",
        ],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find(RESULT).unwrap_or_else(|| {
        panic!(
            "no axe-core result in {} (did the run finish within the budget?): {}",
            page.display(),
            stderr(&out)
        )
    });
    let text = &dom[start + RESULT.len()..];
    let text = &text[..text.find("</pre>").unwrap()];
    let result: Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("axe-core result of {}: {e}: {text}", page.display()));
    assert!(
        result.get("error").is_none(),
        "axe-core failed on {}: {}",
        page.display(),
        result["error"]
    );
    result["violations"].as_array().unwrap().clone()
}

/// Every page under `out`: the site's (`site/**.html`) and the single files beside it.
pub(super) fn pages(out: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, pages: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, pages);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    let mut pages = Vec::new();
    walk(out, &mut pages);
    pages.sort();
    pages
}

/// Checks the named pages are among `pages` (so a page the site stops writing is noticed),
/// runs axe-core on every page and fails with each serious or critical violation: page,
/// rule, and the nodes that fail it.
fn assert_no_serious_violation(browser: &str, axe: &str, out: &Path, expected: &[&str]) {
    let pages = pages(out);
    let names: Vec<String> = pages
        .iter()
        .map(|p| p.strip_prefix(out).unwrap().display().to_string())
        .collect();
    for name in expected {
        assert!(names.iter().any(|n| n == name), "no {name} in {names:?}");
    }
    for folder in ["site/reps/", "site/sources/"] {
        assert!(
            names.iter().any(|n| n.starts_with(folder)),
            "no page in {folder}: {names:?}"
        );
    }
    let mut failures = Vec::new();
    for (page, name) in pages.iter().zip(&names) {
        for violation in violations(browser, axe, page) {
            let impact = violation["impact"].as_str().unwrap_or("");
            if impact != "serious" && impact != "critical" {
                continue;
            }
            let nodes = violation["nodes"].as_array().unwrap();
            failures.push(format!(
                "{name}: {} ({impact}, {} nodes): {}",
                violation["id"].as_str().unwrap(),
                nodes.len(),
                violation["help"].as_str().unwrap()
            ));
            for node in nodes.iter().take(5) {
                let html: String = node["html"].as_str().unwrap().chars().take(200).collect();
                failures.push(format!("    {} {html}", node["target"]));
            }
            if nodes.len() > 5 {
                failures.push(format!("    ... and {} more", nodes.len() - 5));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        failures.join("\n")
    );
}

/// The check can fail: on a page with the site's old red cell (white on #ff0000, 4.0:1) and
/// a search box with no label, axe-core names both.
#[test]
fn axe_core_reports_low_contrast_and_an_unlabelled_box() {
    let (Some(browser), Some(axe)) = (chromium(), axe_core()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    fs::write(
        &page,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head>\
         <body><main><h1>t</h1><table><tbody><tr><td style=\"background:#ff0000;color:#ffffff\">\
         4 overdue</td></tr></tbody></table><input type=\"search\"></main></body></html>",
    )
    .unwrap();
    let found: Vec<(String, String)> = violations(&browser, &axe, &page)
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["impact"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("color-contrast".to_string(), "serious".to_string()),
            ("label".to_string(), "critical".to_string()),
        ]
    );
}

/// The pages every site has, and the single file of 2026-11-20.
const EXPECTED: [&str; 6] = [
    "site/index.html",
    "site/offers.html",
    "site/quality.html",
    "site/definitions.html",
    "site/archive.html",
    "friday-2026-11-20.html",
];

#[test]
fn sample_site_has_no_serious_accessibility_violation() {
    let (Some(browser), Some(axe)) = (chromium(), axe_core()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = sample_report(dir.path(), "2026-11-20");
    assert_no_serious_violation(&browser, &axe, &out, &EXPECTED);
}

/// The red list's hand-checked export (hot, overdue, stale and missing-info leads, a junk
/// lead) with a duplicate email, an activity for an unknown lead and a bad date added, reported
/// on two Fridays so the pages also show week over week and a two-line archive.
#[test]
fn site_with_hot_leads_junk_and_findings_has_no_serious_accessibility_violation() {
    let (Some(browser), Some(axe)) = (chromium(), axe_core()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), "");
    let append = |file: &str, lines: &str| {
        let path = dir.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text + lines).unwrap();
    };
    append(
        "leads.csv",
        "A14,Grace B. Hopper,grace@kestrel-labs.com,Kestrel Labs Inc,Web,White Paper,Ann,2026-11-18 09:00,2,\n",
    );
    append(
        "activities.csv",
        "Z9,Call,2026-11-18 10:00\nA3,Call,not a date\n",
    );
    for as_of in ["2026-11-13", "2026-11-20"] {
        let run = friday(
            &[
                "report",
                "leads.csv",
                "activities.csv",
                "opportunities.csv",
                "--as-of",
                as_of,
                "-o",
                "out",
                "--single-file",
            ],
            dir.path(),
        );
        assert!(run.status.success(), "{}", stderr(&run));
    }
    let out = dir.path().join("out");
    let index = fs::read_to_string(out.join("site/index.html")).unwrap();
    assert!(index.contains("<section id=\"week\">"), "no week over week");
    let quality = fs::read_to_string(out.join("site/quality.html")).unwrap();
    for section in [
        "Mickey Mouse",
        "activity for unknown lead",
        "grace@kestrel-labs.com",
    ] {
        assert!(
            quality.contains(section),
            "no {section} on the quality page"
        );
    }
    let mut expected = EXPECTED.to_vec();
    expected.push("friday-2026-11-13.html");
    assert_no_serious_violation(&browser, &axe, &out, &expected);
}
