//! Data-quality findings: every check that makes a [`Finding`] lives here, and so does the
//! cap that lists the first [`FINDINGS_LISTED`] of each kind and counts the rest.
//!
//! - values that do not parse, error cells and ragged CSV rows (`parse.rs`, called while the
//!   tables are read and converted);
//! - duplicate lead ids, leads with no owner, activities before their lead, references to
//!   leads that are not in the export (`tables.rs`);
//! - rows dated after the as-of instant and deals won before they started (`as_of.rs`, called
//!   by `metrics` once the as-of instant and the deals' start are known);
//! - leads and deals with no creation date, left out of the cohorts (`undated.rs`, called by
//!   `metrics` with the leads and deals it counts).
//!
//! The `Finding` type itself belongs to the Report, which carries the findings to every
//! output and imports nothing of the crate.

mod as_of;
mod parse;
mod tables;
mod undated;

pub(crate) use as_of::{future_rows, won_before_start};
pub(crate) use parse::{column_findings, no_owner_column, not_used_as, ragged_row, value_finding};
pub(crate) use tables::{check, shared_names, unknown_owners};
pub(crate) use undated::undated;

use super::TableInfo;
use crate::report::Finding;
use crate::schema::Field;

/// Most findings of one kind listed for one table (or one column of it); the rest are
/// counted in a single summary finding, so a broken column cannot bury the others.
pub(crate) const FINDINGS_LISTED: usize = 200;

/// Whether every finding is listed (`friday check --all`), not the first
/// [`FINDINGS_LISTED`] of each kind: set once, before any input is read.
static LIST_ALL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Lists every finding from now on, for `friday check --all`.
pub(crate) fn list_every_finding() {
    LIST_ALL.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// How many findings of one kind are listed.
fn listed() -> usize {
    if LIST_ALL.load(std::sync::atomic::Ordering::Relaxed) {
        usize::MAX
    } else {
        FINDINGS_LISTED
    }
}

/// Counts findings by a key (such as kind and table) and says which to list: the first
/// [`FINDINGS_LISTED`] of each key.
#[derive(Debug)]
pub(crate) struct FindingCap<K> {
    counts: std::collections::BTreeMap<K, usize>,
}

impl<K: Ord> FindingCap<K> {
    pub(crate) fn new() -> Self {
        Self {
            counts: std::collections::BTreeMap::new(),
        }
    }

    /// Counts one more finding of `key`; true while it is still to be listed.
    pub(crate) fn admit(&mut self, key: K) -> bool {
        let count = self.counts.entry(key).or_insert(0);
        *count += 1;
        *count <= listed()
    }

    /// Each key with findings beyond the listed ones, and how many, in key order.
    pub(crate) fn over(self) -> impl Iterator<Item = (K, usize)> {
        self.counts
            .into_iter()
            .filter(|(_, n)| *n > listed())
            .map(|(key, n)| (key, n - listed()))
    }
}

/// The finding that counts the `more` findings of `kind` not listed, "in this column" when
/// `column` is given, else "in this table".
pub(crate) fn more_like_above(
    kind: &str,
    file: &str,
    sheet: &str,
    column: &str,
    more: usize,
) -> Finding {
    let scope = if column.is_empty() { "table" } else { "column" };
    Finding {
        kind: kind.to_string(),
        file: file.to_string(),
        sheet: sheet.to_string(),
        row: 0,
        column: column.to_string(),
        value: String::new(),
        message: format!("{more} more rows like the above in this {scope}"),
    }
}

/// Collects findings about rows of the canonical tables, naming each row's file, sheet and
/// the header its column had there, and listing at most [`FINDINGS_LISTED`] of each (kind,
/// table); [`Sink::finish`] adds the counts of the rest.
struct Sink<'a> {
    tables: &'a [TableInfo],
    findings: &'a mut Vec<Finding>,
    cap: FindingCap<(&'static str, u32)>,
}

impl<'a> Sink<'a> {
    fn new(tables: &'a [TableInfo], findings: &'a mut Vec<Finding>) -> Sink<'a> {
        Sink {
            tables,
            findings,
            cap: FindingCap::new(),
        }
    }

    /// The header `field` was read from in `table`; empty when it was not mapped there.
    fn header(&self, table: u32, field: Field) -> Option<String> {
        self.tables[table as usize]
            .mapped
            .iter()
            .find(|(_, f)| *f == field)
            .map(|(h, _)| h.clone())
    }

    /// One finding about `row` of `table`, in the column `column` names (the first of them
    /// the table has).
    fn push(
        &mut self,
        kind: &'static str,
        (table, row): (u32, u64),
        column: &[Field],
        value: &str,
        message: String,
    ) {
        if !self.cap.admit((kind, table)) {
            return;
        }
        let column = column
            .iter()
            .find_map(|field| self.header(table, *field))
            .unwrap_or_default();
        let info = &self.tables[table as usize];
        self.findings.push(Finding {
            kind: kind.to_string(),
            file: info.file.clone(),
            sheet: info.sheet.clone(),
            row,
            column,
            value: value.to_string(),
            message,
        });
    }

    fn finish(self) {
        for ((kind, table), more) in self.cap.over() {
            let info = &self.tables[table as usize];
            self.findings
                .push(more_like_above(kind, &info.file, &info.sheet, "", more));
        }
    }
}

/// Epoch milliseconds as local "YYYY-MM-DD HH:MM" in `tz`.
fn show(ms: i64, tz: chrono_tz::Tz) -> String {
    crate::time::local_time(ms, tz)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_first_findings_of_each_key_and_counts_the_rest() {
        let mut cap = FindingCap::new();
        let listed_a = (0..FINDINGS_LISTED + 3).filter(|_| cap.admit("a")).count();
        let listed_b = (0..5).filter(|_| cap.admit("b")).count();
        assert_eq!((listed_a, listed_b), (200, 5));
        assert_eq!(cap.over().collect::<Vec<_>>(), [("a", 3)]);
    }

    #[test]
    fn the_summary_names_its_column_or_its_table() {
        let column = more_like_above("unparseable date", "x.csv", "", "Created", 7);
        assert_eq!(column.message, "7 more rows like the above in this column");
        assert_eq!((column.row, column.column.as_str()), (0, "Created"));
        let table = more_like_above("duplicate lead id", "x.xlsx", "Leads", "", 1);
        assert_eq!(table.message, "1 more rows like the above in this table");
        assert_eq!(table.sheet, "Leads");
    }
}
