//! Reading an XLSX worksheet cell by cell, as calamine's streaming reader gives the cells,
//! into the typed columns of `columns.rs`: no `Range`, and no cell kept of a column nothing
//! reads.

use super::super::columns::ColumnsBuilder;
use super::super::grid::{Backing, RawTable, streamed_cell};
use super::super::header::may_be_read;
use super::{HEADER_SEARCH_ROWS, HeaderCells, find_layout, header_text};
use anyhow::{Result, anyhow};
use calamine::{Cell, DataRef, DataType};
use std::collections::HashSet;

/// Reads an XLSX worksheet cell by cell straight into typed columns (`columns.rs`): the first
/// rows are held until the header row is found, then each cell goes into its column, and the
/// cells of a column no field can map to are only counted. `None` when the sheet's cells are
/// not in row order (then it is read whole, as other formats are).
pub(super) fn stream_sheet<'a>(
    file: &str,
    name: &str,
    known_headers: &HashSet<String>,
    mut next_cell: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>>,
) -> Result<Option<(u64, Result<RawTable, String>)>> {
    let mut bounds = Bounds::default();
    // The non-empty cells of the rows the header is looked for in, and the first cell after.
    let mut head = Vec::new();
    let mut after = None;
    while let Some(cell) = next_cell()? {
        if cell.get_value().is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        if !bounds.add(row, col) {
            return Ok(None);
        }
        if row > bounds.rows.0 + HEADER_SEARCH_ROWS {
            after = Some(cell);
            break;
        }
        head.push(cell);
    }
    if head.is_empty() {
        return Ok(Some((0, Err("empty sheet".to_string()))));
    }
    let mut candidates: Vec<(u32, HeaderCells)> = Vec::new();
    for cell in &head {
        let (row, col) = cell.get_position();
        if candidates.last().is_none_or(|(r, _)| *r != row) {
            candidates.push((row, Vec::new()));
        }
        if let (Some((_, cells)), Some(text)) = (
            candidates.last_mut(),
            header_text(streamed_cell(cell.get_value())),
        ) {
            cells.push((col, text));
        }
    }
    let layout = match find_layout(candidates, bounds.cols.0, known_headers) {
        Ok(layout) => layout,
        Err(reason) => return Ok(Some((bounds.cells(), Err(reason)))),
    };
    let keep: Vec<bool> = layout
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| may_be_read(i, header, known_headers))
        .collect();
    let mut columns = ColumnsBuilder::new(&layout.cols, &keep);
    let too_much = |e: anyhow::Error| anyhow!("{file}, sheet {name}: {e}");
    for cell in head.iter().chain(&after) {
        let (row, col) = cell.get_position();
        if row > layout.header_row {
            columns
                .push(row, col, streamed_cell(cell.get_value()))
                .map_err(too_much)?;
        }
    }
    drop(head);
    // The reader is at the end of the sheet unless the first rows were followed by more.
    while after.is_some()
        && let Some(cell) = next_cell()?
    {
        if cell.get_value().is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        if !bounds.add(row, col) {
            return Ok(None);
        }
        columns
            .push(row, col, streamed_cell(cell.get_value()))
            .map_err(too_much)?;
    }
    let table = RawTable {
        file: file.to_string(),
        sheet: name.to_string(),
        header_row: layout.header_row + 1,
        headers: layout.headers,
        backing: Backing::Columns(columns.finish()),
        trimmed: super::super::trim::Trimmed::default(),
    };
    Ok(Some((bounds.cells(), Ok(table))))
}

/// The rows and columns a sheet's non-empty cells span, as a `Range` of them would.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    rows: (u32, u32),
    cols: (u32, u32),
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            rows: (u32::MAX, 0),
            cols: (u32::MAX, 0),
        }
    }
}

impl Bounds {
    /// Takes in a cell; false when it comes before a row already seen (out of row order).
    fn add(&mut self, row: u32, col: u32) -> bool {
        if self.rows.0 != u32::MAX && row < self.rows.1 {
            return false;
        }
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.cols = (self.cols.0.min(col), self.cols.1.max(col));
        true
    }

    /// Rows × columns, as `Range::get_size` counts them.
    fn cells(self) -> u64 {
        if self.rows.0 == u32::MAX {
            return 0;
        }
        u64::from(self.rows.1 - self.rows.0 + 1) * u64::from(self.cols.1 - self.cols.0 + 1)
    }
}
