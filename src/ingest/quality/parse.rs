//! Findings made while the tables are read and their values converted: one per value that
//! could not be used (naming its file, sheet, row, header and text), at most
//! [`FINDINGS_LISTED`](super::FINDINGS_LISTED) per column, and one per ragged CSV record.

use super::{FindingCap, more_like_above};
use crate::ingest::csv::RaggedRow;
use crate::ingest::grid::RawTable;
use crate::report::Finding;

/// A finding about the value at data row `row`, column `col` of `table`.
pub(crate) fn value_finding(
    table: &RawTable,
    kind: &str,
    (row, col): (usize, usize),
    value: String,
    message: String,
) -> Finding {
    Finding {
        kind: kind.to_string(),
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        row: table.row_number(row),
        column: table.headers[col].clone(),
        value,
        message,
    }
}

/// The findings for the values of column `col` that could not be used, given as (data row,
/// value, message): the first ones listed, the rest counted.
pub(crate) fn column_findings(
    table: &RawTable,
    kind: &str,
    col: usize,
    bad: Vec<(usize, String, String)>,
) -> Vec<Finding> {
    let mut cap = FindingCap::new();
    let mut findings = Vec::new();
    for (row, value, message) in bad {
        if cap.admit(()) {
            findings.push(value_finding(table, kind, (row, col), value, message));
        }
    }
    for ((), more) in cap.over() {
        findings.push(more_like_above(
            kind,
            &table.file,
            &table.sheet,
            &table.headers[col],
            more,
        ));
    }
    findings
}

/// A CSV record with more or fewer fields than the header.
pub(crate) fn ragged_row(file: &str, ragged: &RaggedRow) -> Finding {
    Finding {
        kind: "ragged row".to_string(),
        file: file.to_string(),
        sheet: String::new(),
        row: u64::from(ragged.line),
        column: String::new(),
        value: String::new(),
        message: format!(
            "{} fields where the header has {}; missing fields read as empty, extra ones dropped",
            ragged.found, ragged.expected
        ),
    }
}

/// The one finding about a leads table with no rep column: its leads are reported anyway,
/// all under "(no owner)".
pub(crate) fn no_owner_column(table: &RawTable) -> Finding {
    Finding {
        kind: "no owner column".to_string(),
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        row: u64::from(table.header_row),
        column: String::new(),
        value: String::new(),
        message: format!(
            "no sales rep column among the headers ({}), so every lead is under \"{}\" and follow-up per rep cannot be judged; name the rep column with owner = \"<header>\" under [columns.leads] in friday.toml (`friday init` writes one)",
            table.headers.join(", "),
            crate::ingest::canonical::NO_OWNER
        ),
    }
}

/// A column found by its header as `field` whose values cannot be one, so it is not used.
pub(crate) fn not_used_as(
    table: &RawTable,
    col: usize,
    field: crate::schema::Field,
    why: &str,
) -> Finding {
    Finding {
        kind: format!("not used as {}", field.key()),
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        row: u64::from(table.header_row),
        column: table.headers[col].clone(),
        value: String::new(),
        message: format!(
            "the header reads like the {} but {why}; name the right column with {} = \"<header>\" in friday.toml if there is one",
            field.key(),
            field.key()
        ),
    }
}
