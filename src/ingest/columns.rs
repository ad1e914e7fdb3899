//! The typed columns an XLSX sheet is streamed into (`sheet.rs`): one 16-byte slot per cell
//! and one text arena per column, so a sheet of a million rows costs no `String` per cell.
//! A column whose texts repeat (owners, sources, offers, stages) keeps each distinct text
//! once. A column no field can map to keeps no cells at all, only its share of each row's
//! count of filled cells, which footer and totals rows are recognised by (`trim.rs`).

use super::grid::CellRef;
use anyhow::{Result, bail};
use chrono::NaiveDateTime;
use foldhash::{HashMap, HashMapExt};

/// The error texts a cell can hold, so a slot keeps an index rather than a pointer.
const ERROR_TEXTS: [&str; 8] = [
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
];

/// Distinct texts a column remembers while it looks like a category.
const DICTIONARY_SIZE: usize = 4096;

/// Texts looked up before a column that rarely repeats stops looking.
const DICTIONARY_TRIAL: u32 = 10_000;

/// One cell of a column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Empty,
    /// `len` bytes of the column's arena from `start`.
    Text {
        start: u32,
        len: u32,
    },
    Number(f64),
    Date(NaiveDateTime),
    Bool(bool),
    /// An index into `ERROR_TEXTS`.
    Error(u8),
}

/// The cells of one column.
#[derive(Debug, Default)]
struct Column {
    slots: Vec<Slot>,
    arena: String,
    /// Each distinct non-blank text and where it is in the arena, while the column repeats
    /// itself often enough to be worth the lookups.
    dictionary: Option<HashMap<Box<str>, Slot>>,
    lookups: u32,
    hits: u32,
}

impl Column {
    fn new() -> Column {
        Column {
            dictionary: Some(HashMap::new()),
            ..Column::default()
        }
    }

    fn cell(&self, slot: Slot) -> CellRef<'_> {
        match slot {
            Slot::Empty => CellRef::Empty,
            Slot::Text { start, len } => {
                let start = start as usize;
                CellRef::Text(&self.arena[start..start + len as usize])
            }
            Slot::Number(n) => CellRef::Number(n),
            Slot::Date(d) => CellRef::Date(d),
            Slot::Bool(b) => CellRef::Bool(b),
            Slot::Error(e) => CellRef::Error(ERROR_TEXTS[usize::from(e)]),
        }
    }

    /// The slot of `cell`, its text stored in the arena (once, for a repeated text).
    fn store(&mut self, cell: CellRef<'_>) -> Result<Slot> {
        Ok(match cell {
            CellRef::Empty => Slot::Empty,
            CellRef::Text(text) => self.store_text(text)?,
            CellRef::Number(n) => Slot::Number(n),
            CellRef::Date(d) => Slot::Date(d),
            CellRef::Bool(b) => Slot::Bool(b),
            CellRef::Error(e) => Slot::Error(
                ERROR_TEXTS
                    .iter()
                    .position(|known| *known == e)
                    .and_then(|i| u8::try_from(i).ok())
                    .unwrap_or(1),
            ),
        })
    }

    fn store_text(&mut self, text: &str) -> Result<Slot> {
        let repeatable = !text.trim().is_empty();
        if repeatable && let Some(dictionary) = &mut self.dictionary {
            self.lookups += 1;
            if let Some(slot) = dictionary.get(text) {
                self.hits += 1;
                return Ok(*slot);
            }
            if self.lookups >= DICTIONARY_TRIAL && self.hits * 2 < self.lookups {
                self.dictionary = None;
            }
        }
        // The end of the text must fit in a slot, and so then do its start and length.
        let (Ok(start), Ok(len), Ok(_)) = (
            u32::try_from(self.arena.len()),
            u32::try_from(text.len()),
            u32::try_from(self.arena.len() + text.len()),
        ) else {
            bail!("more than 4 GiB of text in one column");
        };
        self.arena.push_str(text);
        let slot = Slot::Text { start, len };
        if repeatable
            && let Some(dictionary) = &mut self.dictionary
            && dictionary.len() < DICTIONARY_SIZE
        {
            dictionary.insert(text.into(), slot);
        }
        Ok(slot)
    }

    /// Takes back the blank text of `slot` when it was the last one stored (a row that
    /// turned out blank; blank texts are never shared through the dictionary).
    fn unstore(&mut self, slot: Slot) {
        if let Slot::Text { start, len } = slot
            && start as usize + len as usize == self.arena.len()
            && self.arena[start as usize..].trim().is_empty()
        {
            self.arena.truncate(start as usize);
        }
    }
}

/// A table's cells, column by column.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    /// The absolute (0-based) sheet row of each data row.
    pub rows: Vec<u32>,
    /// How many cells of each data row are not blank, in every column of the table.
    pub filled: Vec<u16>,
    /// One per column of the table; `None` for a column whose cells were not kept.
    columns: Vec<Option<Column>>,
}

impl Columns {
    /// The cell of data row `row` in column `col`; empty in a column whose cells were not
    /// kept.
    #[must_use]
    pub(crate) fn cell(&self, row: usize, col: usize) -> CellRef<'_> {
        match self.columns.get(col) {
            Some(Some(column)) => column.cell(column.slots[row]),
            _ => CellRef::Empty,
        }
    }

    /// Calls `f(row, cell)` for every data row of column `col`, in order.
    pub(crate) fn for_each_cell<'s>(&'s self, col: usize, mut f: impl FnMut(usize, CellRef<'s>)) {
        match self.columns.get(col) {
            Some(Some(column)) => {
                for (i, slot) in column.slots.iter().enumerate() {
                    f(i, column.cell(*slot));
                }
            }
            _ => {
                for i in 0..self.rows.len() {
                    f(i, CellRef::Empty);
                }
            }
        }
    }

    /// Keeps the data rows whose `keep` is true.
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        retain(&mut self.rows, keep);
        retain(&mut self.filled, keep);
        for column in self.columns.iter_mut().flatten() {
            retain(&mut column.slots, keep);
        }
    }
}

/// Keeps the items of `v` whose `keep` is true.
pub(crate) fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut index = 0;
    v.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// Builds `Columns` from cells given row by row, in sheet order.
#[derive(Debug)]
pub(crate) struct ColumnsBuilder {
    out: Columns,
    /// The absolute sheet column of the table's first column.
    first: u32,
    /// The table column of each sheet column from `first` on (`u32::MAX`: not in the table).
    index: Vec<u32>,
    /// The row being filled, its slots (one per table column) and its count of filled cells.
    row: Option<u32>,
    current: Vec<Slot>,
    filled: u16,
}

impl ColumnsBuilder {
    /// A builder for a table whose columns are the sheet columns `cols` (ascending), keeping
    /// the cells of the table columns `keep` says.
    #[must_use]
    pub(crate) fn new(cols: &[u32], keep: &[bool]) -> ColumnsBuilder {
        let first = cols.first().copied().unwrap_or(0);
        let last = cols.last().copied().unwrap_or(0);
        let mut index = vec![u32::MAX; (last - first) as usize + 1];
        for (i, &c) in (0u32..).zip(cols) {
            index[(c - first) as usize] = i;
        }
        ColumnsBuilder {
            out: Columns {
                rows: Vec::new(),
                filled: Vec::new(),
                columns: keep.iter().map(|&k| k.then(Column::new)).collect(),
            },
            first,
            index,
            row: None,
            current: vec![Slot::Empty; cols.len()],
            filled: 0,
        }
    }

    /// Adds the cell at sheet row `row` and column `col`; rows come in ascending order.
    ///
    /// # Errors
    /// A column with more than 4 GiB of text.
    pub(crate) fn push(&mut self, row: u32, col: u32, cell: CellRef<'_>) -> Result<()> {
        let Some(&at) = col
            .checked_sub(self.first)
            .and_then(|c| self.index.get(c as usize))
        else {
            return Ok(());
        };
        if at == u32::MAX {
            return Ok(());
        }
        if self.row != Some(row) {
            self.end_row();
            self.row = Some(row);
        }
        if !cell.is_blank() {
            self.filled = self.filled.saturating_add(1);
        }
        self.set(at as usize, cell)
    }

    /// Commits the row being filled when any of its cells is not blank, and forgets it
    /// otherwise.
    fn end_row(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        let filled = std::mem::take(&mut self.filled);
        self.end_record((filled > 0).then_some(row), filled);
    }

    /// A builder for the records of a CSV file: table column `i` is field `i` of each record,
    /// its cells kept when `keep[i]`. Records are given whole, with [`ColumnsBuilder::set`]
    /// and [`ColumnsBuilder::end_record`], and every record is a data row, blank or not.
    /// `records` is how many records there are at most: room for them is made once, not
    /// by doubling as they come (which at a few million rows leaves most of a doubling
    /// unused, and holds both copies while it moves).
    #[must_use]
    pub(crate) fn for_records(keep: &[bool], records: usize) -> ColumnsBuilder {
        let cols: Vec<u32> = (0u32..).take(keep.len()).collect();
        let mut builder = ColumnsBuilder::new(&cols, keep);
        builder.out.rows.reserve_exact(records);
        builder.out.filled.reserve_exact(records);
        for column in builder.out.columns.iter_mut().flatten() {
            column.slots.reserve_exact(records);
        }
        builder
    }

    /// Whether the cells of table column `col` are kept.
    #[must_use]
    pub(crate) fn keeps(&self, col: usize) -> bool {
        matches!(self.out.columns.get(col), Some(Some(_)))
    }

    /// Sets the cell of table column `col` in the record being read; a column whose cells
    /// are not kept ignores it.
    ///
    /// # Errors
    /// A column with more than 4 GiB of text.
    pub(crate) fn set(&mut self, col: usize, cell: CellRef<'_>) -> Result<()> {
        if let Some(Some(column)) = self.out.columns.get_mut(col) {
            self.current[col] = column.store(cell)?;
        }
        Ok(())
    }

    /// Ends the record being read: a data row at `row` (0-based) with `filled` cells that are
    /// not blank, or, for `None` (a blank line), no row at all.
    pub(crate) fn end_record(&mut self, row: Option<u32>, filled: u16) {
        for (column, slot) in self.out.columns.iter_mut().zip(&mut self.current) {
            if let Some(column) = column {
                match row {
                    Some(_) => column.slots.push(*slot),
                    None => column.unstore(*slot),
                }
            }
            *slot = Slot::Empty;
        }
        if let Some(row) = row {
            self.out.rows.push(row);
            self.out.filled.push(filled);
        }
    }

    /// The columns, once every cell has been pushed.
    #[must_use]
    pub(crate) fn finish(mut self) -> Columns {
        self.end_row();
        for column in self.out.columns.iter_mut().flatten() {
            column.dictionary = None;
            column.slots.shrink_to_fit();
            column.arena.shrink_to_fit();
        }
        self.out.rows.shrink_to_fit();
        self.out.filled.shrink_to_fit();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 16);
    }

    #[test]
    fn keeps_the_cells_of_kept_columns_and_counts_every_filled_cell() {
        // Table columns are sheet columns B, C and E; C's cells are not kept.
        let mut builder = ColumnsBuilder::new(&[1, 2, 4], &[true, false, true]);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(17, 0, 0)
            .unwrap();
        for (row, col, cell) in [
            (3, 0, CellRef::Text("outside the table")),
            (3, 1, CellRef::Text("Ann")),
            (3, 2, CellRef::Text("dropped")),
            (3, 4, CellRef::Date(date)),
            // A row with only blanks in the table is no data row.
            (4, 1, CellRef::Text("  ")),
            (4, 3, CellRef::Text("between the table's columns")),
            (6, 1, CellRef::Text("Ann")),
            (6, 2, CellRef::Number(3.5)),
            (6, 4, CellRef::Error("#N/A")),
            (7, 2, CellRef::Bool(true)),
        ] {
            builder.push(row, col, cell).unwrap();
        }
        let columns = builder.finish();
        assert_eq!(columns.rows, [3, 6, 7]);
        assert_eq!(columns.filled, [3, 3, 1]);
        assert_eq!(columns.cell(0, 0), CellRef::Text("Ann"));
        assert_eq!(columns.cell(0, 1), CellRef::Empty);
        assert_eq!(columns.cell(0, 2), CellRef::Date(date));
        assert_eq!(columns.cell(1, 2), CellRef::Error("#N/A"));
        assert_eq!(columns.cell(2, 0), CellRef::Empty);
        // "Ann" is stored once; the blank row's text was taken back.
        assert_eq!(columns.columns[0].as_ref().unwrap().arena, "Ann");
        let mut seen = Vec::new();
        columns.for_each_cell(0, |row, cell| seen.push((row, cell)));
        assert_eq!(
            seen,
            [
                (0, CellRef::Text("Ann")),
                (1, CellRef::Text("Ann")),
                (2, CellRef::Empty)
            ]
        );
    }

    #[test]
    fn a_column_that_rarely_repeats_stops_looking_texts_up() {
        let mut column = Column::new();
        for i in 0..DICTIONARY_TRIAL {
            column
                .store(CellRef::Text(&format!("lead{i}@example.org")))
                .unwrap();
        }
        assert!(column.dictionary.is_none());
        let mut repeated = Column::new();
        for i in 0..DICTIONARY_TRIAL {
            repeated
                .store(CellRef::Text(["Web", "Trade show"][i as usize % 2]))
                .unwrap();
        }
        assert_eq!(repeated.arena, "WebTrade show");
        assert_eq!(repeated.dictionary.as_ref().map(HashMap::len), Some(2));
    }

    #[test]
    fn retain_keeps_rows_slots_and_counts_together() {
        let mut builder = ColumnsBuilder::new(&[0, 1], &[true, true]);
        for (row, text) in [(1, "a"), (2, "Total"), (3, "c")] {
            builder.push(row, 0, CellRef::Text(text)).unwrap();
        }
        let mut columns = builder.finish();
        columns.retain(&[true, false, true]);
        assert_eq!(columns.rows, [1, 3]);
        assert_eq!(columns.filled, [1, 1]);
        assert_eq!(columns.cell(1, 0), CellRef::Text("c"));
        assert_eq!(columns.cell(1, 1), CellRef::Empty);
    }
}
