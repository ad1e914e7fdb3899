//! Leads and deals with no creation date belong to no cohort: they are left out of the
//! figures over time (no cohort is ever made up for them), and one finding per table says how
//! many, rather than one per row.

use crate::ingest::Dataset;
use crate::report::Finding;
use crate::schema::{Field, TableKind};
use anyhow::Result;
use polars::prelude::DataFrame;
use std::collections::BTreeMap;

/// What is counted: the frame's column of instants, the thing in the singular and plural, and
/// the figures it is left out of.
struct Undated<'a> {
    frame: Option<&'a DataFrame>,
    ms_column: &'static str,
    /// The table kind the rows come from; a lead standing in for its deal (an export with no
    /// opportunities table) is counted once, as a lead.
    kind: TableKind,
    one: &'static str,
    many: &'static str,
    /// Said after "no creation date".
    also: &'static str,
    left_out: &'static str,
}

/// One finding per table holding leads with no `created_ms`, and one per opportunities table
/// holding deals with no `start_ms` (neither their own creation date nor their lead's), each
/// with the count. `leads` and `opps` are the frames the report counts.
///
/// # Errors
/// Polars failures.
pub(crate) fn undated(
    data: &Dataset,
    leads: Option<&DataFrame>,
    opps: Option<&DataFrame>,
) -> Result<Vec<Finding>> {
    let counted = [
        Undated {
            frame: leads,
            ms_column: "created_ms",
            kind: TableKind::Leads,
            one: "lead",
            many: "leads",
            also: "",
            left_out: "conversion by cohort and offers over time",
        },
        Undated {
            frame: opps,
            ms_column: "start_ms",
            kind: TableKind::Opportunities,
            one: "opportunity",
            many: "opportunities",
            also: ", nor a lead that has one",
            left_out: "close rate by cohort, offers over time and time to close",
        },
    ];
    let mut out = Vec::new();
    for undated in counted {
        let Some(frame) = undated.frame else { continue };
        let ms = frame.column(undated.ms_column)?.i64()?;
        let table = frame.column("table")?.u32()?;
        let mut per_table: BTreeMap<u32, usize> = BTreeMap::new();
        for (ms, table) in ms.iter().zip(table.iter()) {
            if let (None, Some(table)) = (ms, table)
                && data.tables[table as usize].kind == undated.kind
            {
                *per_table.entry(table).or_default() += 1;
            }
        }
        for (table, count) in per_table {
            out.push(finding(data, table, count, &undated));
        }
    }
    Ok(out)
}

fn finding(data: &Dataset, table: u32, count: usize, undated: &Undated<'_>) -> Finding {
    let info = &data.tables[table as usize];
    let header = info
        .mapped
        .iter()
        .find(|(_, field)| *field == Field::CreatedAt)
        .map(|(header, _)| header.clone());
    let why = if header.is_some() {
        "(empty or unreadable)"
    } else {
        "(the table has no creation date column)"
    };
    let (what, them) = match count {
        1 => (format!("1 {} has", undated.one), "it belongs"),
        n => (format!("{n} {} have", undated.many), "they belong"),
    };
    Finding {
        kind: "no creation date".to_string(),
        file: info.file.clone(),
        sheet: info.sheet.clone(),
        row: 0,
        column: header.unwrap_or_default(),
        value: String::new(),
        message: format!(
            "{what} no creation date {why}{}, so {them} to no cohort: left out of {}; counted in the other figures",
            undated.also, undated.left_out
        ),
    }
}
