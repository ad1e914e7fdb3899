//! The history store: one Parquet snapshot of per-lead state and one JSON file of headline
//! numbers per as-of date, in a folder (OUT/history by default).
//!
//! Files are written to a temporary name and renamed while the run holds the folder's lock
//! (`.lock`, taken before any input is read: `crate::lock`), so two runs at once cannot mix
//! their snapshots (the second one stops with exit 4); an unreadable snapshot is skipped with
//! a warning.

use crate::metrics::history::{SNAPSHOT_COLUMNS, Snapshot};
use crate::report::Report;
use anyhow::Result;
use chrono::NaiveDate;
use polars::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// A history folder.
pub(crate) struct Store {
    dir: PathBuf,
}

/// One snapshot on record, for `friday history`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub as_of: NaiveDate,
    pub leads: usize,
    pub overdue: usize,
}

impl Store {
    /// The store in `dir` (created when first written).
    #[must_use]
    pub(crate) fn new(dir: &Path) -> Store {
        Store {
            dir: dir.to_path_buf(),
        }
    }

    fn snapshot_path(&self, as_of: NaiveDate) -> PathBuf {
        self.dir.join(format!("snapshot-{as_of}.parquet"))
    }

    /// Every readable snapshot, oldest first, and a warning for each one that could not be
    /// read.
    #[must_use]
    pub(crate) fn load(&self) -> (Vec<Snapshot>, Vec<String>) {
        let mut snapshots = Vec::new();
        let mut warnings = Vec::new();
        for (as_of, path) in self.files() {
            match read_snapshot(&path) {
                Ok(leads) => snapshots.push(Snapshot { as_of, leads }),
                Err(err) => warnings.push(format!(
                    "history: {} could not be read ({err:#}); it is left out of week over week",
                    path.display()
                )),
            }
        }
        (snapshots, warnings)
    }

    /// Snapshot files by date, oldest first.
    fn files(&self) -> Vec<(NaiveDate, PathBuf)> {
        let mut out = Vec::new();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return out;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(date) = name
                .to_str()
                .and_then(|n| n.strip_prefix("snapshot-"))
                .and_then(|n| n.strip_suffix(".parquet"))
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                continue;
            };
            out.push((date, entry.path()));
        }
        out.sort();
        out
    }

    /// The snapshots on record with their lead and overdue counts; unreadable ones are left
    /// out with a warning.
    #[must_use]
    pub(crate) fn list(&self) -> (Vec<Entry>, Vec<String>) {
        let (snapshots, warnings) = self.load();
        let entries = snapshots
            .iter()
            .map(|s| Entry {
                as_of: s.as_of,
                leads: s.leads.height(),
                overdue: s
                    .leads
                    .column("state")
                    .ok()
                    .and_then(|c| c.str().ok().cloned())
                    .map_or(0, |c| c.iter().filter(|v| *v == Some("overdue")).count()),
            })
            .collect();
        (entries, warnings)
    }

    /// Records this report's snapshot and headline numbers, replacing any earlier record of
    /// the same as-of date. `_held` is the lock of the folder, taken by this run
    /// ([`crate::lock::take`] with [`crate::lock::HISTORY_LOCK`]).
    ///
    /// # Errors
    /// Write failures.
    pub(crate) fn save(&self, _held: &crate::lock::Lock, record: &Record) -> Result<()> {
        crate::atomic::write_atomically(&self.snapshot_path(record.as_of), &record.snapshot)?;
        crate::stop::at("history-snapshot");
        crate::atomic::write_atomically(
            &self.dir.join(format!("headline-{}.json", record.as_of)),
            &record.headline,
        )?;
        Ok(())
    }
}

/// A report's history record as the files [`Store::save`] writes: its snapshot as Parquet and
/// its headline numbers as JSON.
pub(crate) struct Record {
    as_of: NaiveDate,
    snapshot: Vec<u8>,
    headline: Vec<u8>,
}

impl Record {
    /// Encodes the record of `report`, whose snapshot is `snapshot`.
    ///
    /// # Errors
    /// Parquet and JSON failures.
    pub(crate) fn new(snapshot: &Snapshot, report: &Report) -> Result<Record> {
        let mut frame = snapshot.leads.select(SNAPSHOT_COLUMNS)?;
        let mut bytes = Vec::new();
        anyhow::Context::context(
            ParquetWriter::new(&mut bytes).finish(&mut frame),
            "writing the history snapshot",
        )?;
        let headline = serde_json::json!({
            "as_of": report.as_of,
            "totals": report.totals,
            "reps": report.reps,
        });
        Ok(Record {
            as_of: snapshot.as_of,
            snapshot: bytes,
            headline: serde_json::to_vec_pretty(&headline)?,
        })
    }
}

fn read_snapshot(path: &Path) -> Result<DataFrame> {
    let file = fs::File::open(path)?;
    let frame = ParquetReader::new(file).finish()?;
    Ok(frame.select(SNAPSHOT_COLUMNS)?)
}
