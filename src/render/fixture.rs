//! The renderer fixtures: hand-built Reports kept as JSON under `tests/fixtures/report/`.
//! `small.json`: 2 reps, 3 overdue leads, hostile names (a `<script>` rep, a formula lead,
//! `+`/`-`/`@` companies); `full.json` adds ranks and a hot lead, stale, junk, grab-back and
//! missing-info leads, cadence, weekly cohorts and offers over time. Edit the JSON to change a
//! fixture; its figures were worked out by hand, not computed by `metrics`.

use crate::report::Report;

/// A rep name that must come out escaped in HTML.
pub(crate) const SCRIPT_REP: &str = "<script>alert(1)</script>";
/// A lead name that must stay text in a spreadsheet.
pub(crate) const FORMULA_LEAD: &str = r#"=HYPERLINK("http://x","y")"#;

/// `tests/fixtures/report/small.json`.
pub(crate) fn report() -> Report {
    serde_json::from_str(include_str!("../../tests/fixtures/report/small.json"))
        .expect("tests/fixtures/report/small.json is a Report")
}

/// `tests/fixtures/report/full.json`.
pub(crate) fn full_report() -> Report {
    serde_json::from_str(include_str!("../../tests/fixtures/report/full.json"))
        .expect("tests/fixtures/report/full.json is a Report")
}
