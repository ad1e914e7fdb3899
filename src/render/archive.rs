//! The archive: previous Fridays kept in the output folder. Each run leaves
//! `friday-YYYY-MM-DD.xlsx` (and with `--single-file`, `friday-YYYY-MM-DD.html`) beside `site/`;
//! the archive page links every such file whose name holds a real date, newest first.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

/// One past (or the current) Friday and the files kept for it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ArchiveEntry {
    pub date: String,
    /// Relative to the site folder, e.g. "../friday-2026-11-20.xlsx"; empty when absent.
    pub xlsx: String,
    pub html: String,
    pub current: bool,
}

/// Scans `out` (the folder holding `site/`) for report files. Only names of the exact form
/// `friday-YYYY-MM-DD.xlsx|html` with a valid date are listed, so nothing else is linked.
/// `current` is this run's date and the files this run is about to write (xlsx, html), which
/// may not exist yet.
#[must_use]
pub(super) fn scan(
    out: &Path,
    current: NaiveDate,
    current_files: (bool, bool),
) -> Vec<ArchiveEntry> {
    let mut dates: BTreeMap<NaiveDate, (bool, bool)> = BTreeMap::new();
    dates.insert(current, current_files);
    if let Ok(entries) = fs::read_dir(out) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(rest) = name.strip_prefix("friday-") else {
                continue;
            };
            let (stem, is_xlsx) = if let Some(stem) = rest.strip_suffix(".xlsx") {
                (stem, true)
            } else if let Some(stem) = rest.strip_suffix(".html") {
                (stem, false)
            } else {
                continue;
            };
            if stem.len() != 10 {
                continue;
            }
            let Ok(date) = NaiveDate::parse_from_str(stem, "%Y-%m-%d") else {
                continue;
            };
            let slot = dates.entry(date).or_insert((false, false));
            if is_xlsx {
                slot.0 = true;
            } else {
                slot.1 = true;
            }
        }
    }
    dates
        .into_iter()
        .rev()
        .map(|(date, (xlsx, html))| ArchiveEntry {
            date: date.to_string(),
            xlsx: if xlsx {
                format!("../friday-{date}.xlsx")
            } else {
                String::new()
            },
            html: if html {
                format!("../friday-{date}.html")
            } else {
                String::new()
            },
            current: date == current,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_well_named_report_files_newest_first() {
        let out = tempfile::tempdir().unwrap();
        for name in [
            "friday-2026-11-13.xlsx",
            "friday-2026-11-06.xlsx",
            "friday-2026-11-06.html",
            "friday-2026-02-31.xlsx",
            "friday-..%2f.xlsx",
            "notes.txt",
        ] {
            fs::write(out.path().join(name), "").unwrap();
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        // This run is about to write its XLSX, not yet on disk, and no single file.
        let entries = scan(out.path(), today, (true, false));
        let dates: Vec<&str> = entries.iter().map(|e| e.date.as_str()).collect();
        assert_eq!(dates, vec!["2026-11-20", "2026-11-13", "2026-11-06"]);
        assert!(entries[0].current);
        assert_eq!(entries[0].xlsx, "../friday-2026-11-20.xlsx");
        assert!(entries[0].html.is_empty());
        assert_eq!(entries[2].html, "../friday-2026-11-06.html");
        assert_eq!(entries[1].xlsx, "../friday-2026-11-13.xlsx");
    }
}
