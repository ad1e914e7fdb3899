//! A raw table as read from a sheet or a CSV file: headers, cells, and where each row came from.
//!
//! Cells are borrowed from the reader's own storage (calamine's `Range`, or the typed columns
//! an XLSX sheet is streamed into or a CSV file is read into), so only the columns that map to a
//! field are ever converted.

use calamine::{Data, DataRef, Range};

/// One cell, borrowed from its table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    /// An Excel date cell, already converted (1900 or 1904 system) to a naive date-time.
    Date(chrono::NaiveDateTime),
    Bool(bool),
    /// An error cell such as `#N/A` (its text).
    Error(&'a str),
}

impl CellRef<'_> {
    /// The cell as the user would read it, for messages.
    #[must_use]
    pub(crate) fn display(&self) -> String {
        match self {
            CellRef::Empty => String::new(),
            CellRef::Text(s) | CellRef::Error(s) => (*s).to_string(),
            CellRef::Number(n) => n.to_string(),
            CellRef::Date(d) => d.to_string(),
            CellRef::Bool(b) => b.to_string(),
        }
    }

    /// True for empty cells and text that is only whitespace.
    #[must_use]
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Where a table's cells live.
#[derive(Debug)]
pub(crate) enum Backing {
    /// A worksheet: `rows` are absolute row indexes (0-based) of data rows, `cols` absolute
    /// column indexes of the table's columns.
    Sheet {
        range: Range<Data>,
        rows: Vec<u32>,
        cols: Vec<u32>,
    },
    /// A worksheet streamed cell by cell, or a CSV file read record by record, into typed
    /// columns (`columns.rs`): `rows` are absolute row (or line) indexes (0-based) of data
    /// rows; a column no field can map to keeps no cells, only its share of each row's
    /// `filled` count.
    Columns(super::columns::Columns),
}

/// A table found in an input: the header row and the data under it.
#[derive(Debug)]
pub(crate) struct RawTable {
    /// The file as given on the command line.
    pub file: String,
    /// Sheet name; empty for CSV.
    pub sheet: String,
    /// 1-based row (sheet) or line (CSV) of the header.
    pub header_row: u32,
    pub headers: Vec<String>,
    pub backing: Backing,
    /// Footer lines and totals rows taken out of the data (`trim.rs`).
    pub trimmed: super::trim::Trimmed,
}

impl RawTable {
    /// Number of data rows.
    #[must_use]
    pub(crate) fn len(&self) -> usize {
        match &self.backing {
            Backing::Sheet { rows, .. } => rows.len(),
            Backing::Columns(columns) => columns.rows.len(),
        }
    }

    /// True when the table has no data rows.
    #[must_use]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The 1-based sheet row or CSV line of data row `row`, as a user finds it.
    #[must_use]
    pub(crate) fn row_number(&self, row: usize) -> u64 {
        match &self.backing {
            Backing::Sheet { rows, .. } => u64::from(rows[row]) + 1,
            Backing::Columns(columns) => u64::from(columns.rows[row]) + 1,
        }
    }

    /// "file" or "file, sheet S", for messages.
    #[must_use]
    pub(crate) fn location(&self) -> String {
        if self.sheet.is_empty() {
            self.file.clone()
        } else {
            format!("{}, sheet {}", self.file, self.sheet)
        }
    }

    /// The cell of data row `row` in column `col`.
    #[must_use]
    pub(crate) fn cell(&self, row: usize, col: usize) -> CellRef<'_> {
        match &self.backing {
            Backing::Sheet { range, rows, cols } => {
                sheet_cell(range.get_value((rows[row], cols[col])))
            }
            Backing::Columns(columns) => columns.cell(row, col),
        }
    }

    /// How many cells of data row `row` are not blank, in every column of the table (those
    /// whose cells were not kept included).
    #[must_use]
    pub(crate) fn filled_count(&self, row: usize) -> usize {
        match &self.backing {
            Backing::Columns(columns) => usize::from(columns.filled[row]),
            Backing::Sheet { .. } => (0..self.headers.len())
                .filter(|&col| !self.cell(row, col).is_blank())
                .count(),
        }
    }

    /// The first cell of data row `row` that is not blank, among the cells kept.
    #[must_use]
    pub(crate) fn first_filled(&self, row: usize) -> Option<CellRef<'_>> {
        (0..self.headers.len())
            .map(|col| self.cell(row, col))
            .find(|cell| !cell.is_blank())
    }

    /// Calls `f(row, cell)` for every data row of column `col`, in order.
    pub(crate) fn for_each_cell<'s>(&'s self, col: usize, mut f: impl FnMut(usize, CellRef<'s>)) {
        match &self.backing {
            Backing::Sheet { range, rows, cols } => {
                let c = cols[col];
                for (i, &r) in rows.iter().enumerate() {
                    f(i, sheet_cell(range.get_value((r, c))));
                }
            }
            Backing::Columns(columns) => columns.for_each_cell(col, f),
        }
    }
}

/// Converts a calamine cell to a `CellRef`.
#[must_use]
pub(crate) fn sheet_cell(data: Option<&Data>) -> CellRef<'_> {
    match data {
        None | Some(Data::Empty) => CellRef::Empty,
        Some(Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s)) => CellRef::Text(s),
        #[allow(clippy::cast_precision_loss)]
        Some(Data::Int(i)) => CellRef::Number(*i as f64),
        Some(Data::Float(f)) => CellRef::Number(*f),
        Some(Data::Bool(b)) => CellRef::Bool(*b),
        Some(Data::DateTime(d)) => excel_date(d),
        Some(Data::Error(e)) => CellRef::Error(error_text(e)),
    }
}

/// Converts a cell of calamine's streaming reader to a `CellRef`, as [`sheet_cell`] does for a
/// `Range`'s cells.
#[must_use]
pub(crate) fn streamed_cell<'a>(data: &'a DataRef<'_>) -> CellRef<'a> {
    match data {
        DataRef::Empty => CellRef::Empty,
        DataRef::SharedString(s) => CellRef::Text(s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellRef::Text(s),
        #[allow(clippy::cast_precision_loss)]
        DataRef::Int(i) => CellRef::Number(*i as f64),
        DataRef::Float(f) => CellRef::Number(*f),
        DataRef::Bool(b) => CellRef::Bool(*b),
        DataRef::DateTime(d) => excel_date(d),
        DataRef::Error(e) => CellRef::Error(error_text(e)),
    }
}

/// A date cell outside Excel's calendar (a negative serial, a bare time of day, past
/// 9999-12-31) goes on as a number, which the date parser refuses with a finding.
fn excel_date(d: &calamine::ExcelDateTime) -> CellRef<'static> {
    match d.as_datetime() {
        Some(dt) if d.is_datetime() && (1.0..2_958_466.0).contains(&d.as_f64()) => {
            CellRef::Date(dt)
        }
        _ => CellRef::Number(d.as_f64()),
    }
}

fn error_text(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match e {
        E::Div0 => "#DIV/0!",
        E::NA => "#N/A",
        E::Name => "#NAME?",
        E::Null => "#NULL!",
        E::Num => "#NUM!",
        E::Ref => "#REF!",
        E::Value => "#VALUE!",
        E::GettingData => "#GETTING_DATA",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn date_cell(serial: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    #[test]
    fn date_cells_outside_excels_calendar_are_numbers() {
        let in_range = date_cell(46_342.375);
        let expected = chrono::NaiveDate::from_ymd_opt(2026, 11, 16)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(sheet_cell(Some(&in_range)), CellRef::Date(expected));
        for serial in [-5.0, 0.25, 3_000_000.0] {
            assert_eq!(
                sheet_cell(Some(&date_cell(serial))),
                CellRef::Number(serial)
            );
        }
    }
}
