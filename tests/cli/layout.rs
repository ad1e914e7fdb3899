//! The pages fit the window: at 1,280 × 800 (a laptop) and at 390 × 844 (a phone) no page
//! of the sample site scrolls sideways as a whole, and at 1,280 every table shows all its
//! columns without scrolling its own box. Checked in headless Chromium on every page.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::accessibility::pages;
use super::site::{chromium, dump_dom, sample_report};
use super::stderr;

const RESULT: &str = "<pre id=\"layout\">";

/// Appended to a copy of a page: once the page has laid out, sends its parent the page's
/// width against its viewport's, and each scrolling box wider than itself (by the first
/// header of its table).
const PROBE: &str = r#"<script>
window.addEventListener("load", function () {
  var boxes = Array.prototype.filter.call(document.querySelectorAll(".scroll"), function (b) {
    return b.scrollWidth > b.clientWidth + 1;
  }).map(function (b) {
    var th = b.querySelector("th");
    return th ? th.textContent.trim() : b.textContent.trim().slice(0, 30);
  });
  var root = document.documentElement;
  parent.postMessage(JSON.stringify({
    page: root.scrollWidth,
    viewport: root.clientWidth,
    window: window.innerWidth,
    boxes: boxes
  }), "*");
});
</script>
</body>"#;

/// Opens a copy of `page` with the probe in a `width` × `height` frame (headless Chromium's
/// own window is at least 500 wide, a frame can be a phone's) and returns its record.
fn measure(browser: &str, page: &Path, width: u32, height: u32) -> Value {
    let stem = page.file_stem().unwrap().to_string_lossy().to_string();
    let copy = page.with_file_name(format!("{stem}-{width}.html"));
    let html = fs::read_to_string(page).unwrap();
    fs::write(&copy, html.replacen("</body>", PROBE, 1)).unwrap();
    let frame = page.with_file_name(format!("{stem}-{width}-frame.html"));
    fs::write(
        &frame,
        format!(
            "<!doctype html><html><body style=\"margin:0\"><pre id=\"layout\"></pre><iframe src=\"{}\" width=\"{width}\" height=\"{height}\" style=\"border:0\"></iframe><script>window.addEventListener(\"message\", function (e) {{ document.getElementById(\"layout\").textContent = e.data; }});</script></body></html>",
            copy.file_name().unwrap().to_string_lossy()
        ),
    )
    .unwrap();
    let out = dump_dom(
        browser,
        &frame,
        &[
            "--window-size=1400,900",
            // The frame loads after the page: wait until both are idle.
            "--virtual-time-budget=5000",
        ],
    );
    fs::remove_file(&copy).unwrap();
    fs::remove_file(&frame).unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find(RESULT)
        .unwrap_or_else(|| panic!("no layout record for {}: {}", page.display(), stderr(&out)));
    let text = &dom[start + RESULT.len()..];
    let text = text[..text.find("</pre>").unwrap()].replace("&quot;", "\"");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("layout record of {}: {e}: {text:?}", page.display()))
}

#[test]
fn no_page_scrolls_sideways_on_a_laptop_or_a_phone() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = sample_report(dir.path(), "2026-11-20");
    let pages = pages(&out);
    // index, offers, grab-back, quality, definitions, archive, 10 reps, 7 sources, the single
    // file.
    assert_eq!(pages.len(), 24, "{pages:?}");
    let mut problems = Vec::new();
    for (width, height) in [(1280, 800), (390, 844)] {
        let records: Vec<(String, Value)> = std::thread::scope(|scope| {
            let halves: Vec<_> = pages
                .chunks(pages.len().div_ceil(2))
                .map(|chunk| {
                    let (browser, out) = (&browser, &out);
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|page| {
                                let name = page.strip_prefix(out).unwrap().display().to_string();
                                (name, measure(browser, page, width, height))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for (name, record) in records {
            assert_eq!(
                record["window"], width,
                "{name}: the window is not {width} wide"
            );
            if record["page"].as_u64().unwrap() > u64::from(width) {
                problems.push(format!(
                    "{name} at {width}: the page is {} wide",
                    record["page"]
                ));
            }
            // On a laptop every table shows all its columns.
            if width == 1280 && !record["boxes"].as_array().unwrap().is_empty() {
                problems.push(format!(
                    "{name} at {width}: tables scroll: {}",
                    record["boxes"]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
