//! Data-quality findings: something in the input friday could not use as it stood, and the
//! cap that lists the first of each kind and counts the rest.

use serde::{Deserialize, Serialize};

/// Something in the input that could not be used as it stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Short kind, e.g. "unparseable date", "duplicate lead id".
    pub kind: String,
    pub file: String,
    /// Sheet name; empty for CSV files.
    pub sheet: String,
    /// 1-based row (sheet row, or CSV line where the record starts); 0 when it is about the table.
    pub row: u64,
    /// Column header; empty when it is about the whole row.
    pub column: String,
    pub value: String,
    pub message: String,
}

/// Most findings of one kind listed for one table (or one column of it); the rest are
/// counted in a single summary finding, so a broken column cannot bury the others.
pub const FINDINGS_LISTED: usize = 200;

/// Counts findings by a key (such as kind and table) and says which to list: the first
/// [`FINDINGS_LISTED`] of each key.
#[derive(Debug)]
pub struct FindingCap<K> {
    counts: std::collections::BTreeMap<K, usize>,
}

impl<K: Ord> FindingCap<K> {
    #[must_use]
    pub fn new() -> Self {
        Self {
            counts: std::collections::BTreeMap::new(),
        }
    }

    /// Counts one more finding of `key`; true while it is still to be listed.
    pub fn admit(&mut self, key: K) -> bool {
        let count = self.counts.entry(key).or_insert(0);
        *count += 1;
        *count <= FINDINGS_LISTED
    }

    /// Each key with findings beyond the listed ones, and how many, in key order.
    pub fn over(self) -> impl Iterator<Item = (K, usize)> {
        self.counts
            .into_iter()
            .filter(|(_, n)| *n > FINDINGS_LISTED)
            .map(|(key, n)| (key, n - FINDINGS_LISTED))
    }
}

impl<K: Ord> Default for FindingCap<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl Finding {
    /// The finding that counts the `more` findings of `kind` not listed, "in this column"
    /// when `column` is given, else "in this table".
    #[must_use]
    pub fn more_like_above(
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
        let column = Finding::more_like_above("unparseable date", "x.csv", "", "Created", 7);
        assert_eq!(column.message, "7 more rows like the above in this column");
        assert_eq!((column.row, column.column.as_str()), (0, "Created"));
        let table = Finding::more_like_above("duplicate lead id", "x.xlsx", "Leads", "", 1);
        assert_eq!(table.message, "1 more rows like the above in this table");
        assert_eq!(table.sheet, "Leads");
    }
}
