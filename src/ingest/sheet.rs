//! Workbooks (.xlsx .xlsm .xlsb .xls .ods) through calamine: every sheet, header row found
//! below title rows and right of empty columns.

use super::grid::{Backing, CellRef, RawTable, sheet_cell};
use super::header::{normalise, recognised_count};
use super::{Input, Skipped};
use crate::config::Limits;
use anyhow::{Context, Result, anyhow};
use calamine::{
    Data, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Sheets, Xls, XlsError, Xlsb,
    XlsbError, Xlsx, XlsxError, open_workbook_from_rs,
};
use std::collections::HashSet;
use std::io::Cursor;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

mod ooxml;
mod stream;

use stream::stream_sheet;

/// The non-empty text cells of a candidate header row: (absolute column, text).
type HeaderCells = Vec<(u32, String)>;

/// How many rows from the top of a sheet are searched for the header row.
const HEADER_SEARCH_ROWS: u32 = 30;

/// Reads every worksheet of a workbook into raw tables; sheets that hold no recognisable table
/// are returned as skipped, with the reason.
///
/// # Errors
/// Guard failures, unreadable workbooks and sheets, and the cell limit.
pub(crate) fn read_workbook(
    input: &Input,
    bytes: Vec<u8>,
    limits: &Limits,
    known_headers: &HashSet<String>,
    cells_so_far: &mut u64,
) -> Result<(Vec<RawTable>, Vec<Skipped>)> {
    let file = &input.name;
    super::guard::check_workbook(&bytes, &input.extension, limits).with_context(|| file.clone())?;
    // An XLSX workbook is read by our own reader (`ooxml`) unless it has something that reader
    // leaves to calamine.
    let xlsx = matches!(input.extension.as_str(), "xlsx" | "xlsm");
    let package = xlsx.then(|| ooxml::Package::open(&bytes).ok()).flatten();
    let (metadata, workbook) = match &package {
        Some(package) => (package.sheets.clone(), None),
        None => {
            let workbook = open(file, &input.extension, &bytes)?;
            (workbook.sheets_metadata().to_vec(), Some(workbook))
        }
    };
    let mut skipped = Vec::new();
    let mut names = Vec::new();
    for sheet in metadata {
        if sheet.visible != SheetVisible::Visible {
            // Dynamics 365's "Export to Excel" keeps its lookup lists in a hidden sheet.
            skipped.push(Skipped::new(
                file,
                &sheet.name,
                "hidden sheet (an export's own bookkeeping, such as Dynamics 365's hiddenSheet)",
            ));
        } else if sheet.typ == SheetType::WorkSheet {
            names.push(sheet.name);
        } else {
            skipped.push(Skipped::new(
                file,
                &sheet.name,
                "not a worksheet (chart or macro sheet)",
            ));
        }
    }
    // An XLSX workbook's sheets are separate parts of the zip: each core has its own reader
    // and reads whole sheets from a shared queue. Other formats are read in one go.
    let read = match (package, workbook) {
        (Some(package), _) => read_in_parallel(
            &names,
            || -> Result<_> { Ok((package.archive(), None)) },
            |(zip, fallback), name| {
                let fast = match zip {
                    Ok(zip) => read_fast(file, &package, zip, name, known_headers),
                    Err(unsupported) => Err(anyhow::Error::new(*unsupported)),
                };
                match fast {
                    Err(e) if e.downcast_ref::<ooxml::Unsupported>().is_some() => {
                        let workbook = match fallback {
                            Some(workbook) => workbook,
                            None => fallback.insert(open(file, &input.extension, &bytes)?),
                        };
                        read_sheet(file, workbook, name, known_headers)
                    }
                    read => read,
                }
            },
        )?,
        (None, Some(workbook)) if xlsx && names.len() > 1 => {
            let first = Mutex::new(Some(workbook));
            read_in_parallel(
                &names,
                || -> Result<_> {
                    let taken = first
                        .lock()
                        .map_err(|_| anyhow!("a reader thread failed"))?
                        .take();
                    match taken {
                        Some(workbook) => Ok(workbook),
                        None => open(file, &input.extension, &bytes),
                    }
                },
                |workbook, name| read_sheet(file, workbook, name, known_headers),
            )?
        }
        (None, Some(mut workbook)) => names
            .iter()
            .map(|name| read_sheet(file, &mut workbook, name, known_headers))
            .collect(),
        (None, None) => unreachable!("a workbook is opened when our reader leaves it"),
    };
    drop(bytes);
    let mut tables = Vec::new();
    for (name, sheet) in names.iter().zip(read) {
        let (cells, table) = sheet?;
        *cells_so_far += cells;
        if *cells_so_far > limits.max_cells {
            return Err(anyhow!(
                "{file}, sheet {name}: the inputs hold more than {} cells; raise [limits] max-cells if they are genuine",
                limits.max_cells
            ));
        }
        match table {
            Ok(table) => tables.push(table),
            Err(reason) => skipped.push(Skipped::new(file, name, &reason)),
        }
    }
    Ok((tables, skipped))
}

/// One sheet read: its number of cells, and its table or why it holds none.
type SheetRead = Result<(u64, Result<RawTable, String>)>;

/// Reads the worksheet `name` and finds its table.
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    file: &str,
    workbook: &mut Sheets<RS>,
    name: &str,
    known_headers: &HashSet<String>,
) -> SheetRead {
    if let Sheets::Xlsx(xlsx) = workbook {
        let cannot = |e: XlsxError| anyhow!("{file}, sheet {name}: cannot read: {e}");
        let mut reader = xlsx.worksheet_cells_reader(name).map_err(cannot)?;
        if let Some(read) = stream_sheet(file, name, known_headers, || {
            reader.next_cell().map_err(cannot)
        })? {
            return Ok(read);
        }
    }
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| anyhow!("{file}, sheet {name}: cannot read: {e}"))?;
    let (height, width) = range.get_size();
    let cells = (height as u64) * (width as u64);
    Ok((cells, table_in_sheet(file, name, range, known_headers)))
}

/// Reads the sheet of `file` named `name` with our own reader; an
/// [`ooxml::Unsupported`] error when that reader leaves the sheet to calamine (its cells out
/// of row order included).
fn read_fast<'b>(
    file: &str,
    package: &ooxml::Package<'b>,
    zip: &mut zip::ZipArchive<Cursor<&'b [u8]>>,
    name: &str,
    known_headers: &HashSet<String>,
) -> SheetRead {
    package
        .with_cells(zip, name, |cells| {
            stream_sheet(file, name, known_headers, || Ok(cells.next_cell()?))
        })??
        .ok_or_else(|| anyhow::Error::new(ooxml::Unsupported("cells out of row order")))
}

/// Reads the sheets `names` with one thread per core (at most one per sheet), each with its
/// own reader made by `open`. Results are in the order of `names`.
fn read_in_parallel<T>(
    names: &[String],
    open: impl Fn() -> Result<T> + Sync,
    read: impl Fn(&mut T, &str) -> SheetRead + Sync,
) -> Result<Vec<SheetRead>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(names.len());
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<SheetRead>>> = names.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut reader = open()?;
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(name) = names.get(k) else {
                            return Ok(());
                        };
                        let sheet = read(&mut reader, name);
                        *results[k]
                            .lock()
                            .map_err(|_| anyhow!("a reader thread failed"))? = Some(sheet);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        Ok(())
    })?;
    results
        .into_iter()
        .zip(names)
        .map(|(slot, name)| {
            slot.into_inner()
                .ok()
                .flatten()
                .ok_or_else(|| anyhow!("sheet {name}: not read"))
        })
        .collect()
}

/// Opens a workbook with the reader its extension names, so its own error (a password,
/// a broken part) reaches the user rather than "cannot detect file format".
fn open<'b>(file: &str, extension: &str, bytes: &'b [u8]) -> Result<Sheets<Cursor<&'b [u8]>>> {
    let cursor = Cursor::new(bytes);
    let encrypted = || anyhow!("{file}: {}", super::guard::GuardError::Encrypted);
    let broken = |e: &dyn std::fmt::Display| anyhow!("{file}: cannot open workbook: {e}");
    Ok(match extension {
        "xls" => Sheets::Xls(
            open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(|e| match e {
                XlsError::Password => encrypted(),
                e => broken(&e),
            })?,
        ),
        "xlsb" => Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(cursor).map_err(
            |e| match e {
                XlsbError::Password => encrypted(),
                e => broken(&e),
            },
        )?),
        "ods" => Sheets::Ods(
            open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(|e| match e {
                OdsError::Password => encrypted(),
                e => broken(&e),
            })?,
        ),
        _ => Sheets::Xlsx(
            open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(|e| match e {
                XlsxError::Password => encrypted(),
                e => broken(&e),
            })?,
        ),
    })
}

/// Where a sheet's table is: its header row (0-based), its columns (absolute, ascending) and
/// their headers ("column F" where the header row has none).
#[derive(Debug)]
struct Layout {
    header_row: u32,
    cols: Vec<u32>,
    headers: Vec<String>,
}

/// Finds the header row among `rows`, the first rows of a sheet as (row, its non-empty text
/// cells as (column, trimmed text)); `first_col` is the sheet's first column with a cell.
fn find_layout(
    rows: Vec<(u32, HeaderCells)>,
    first_col: u32,
    known_headers: &HashSet<String>,
) -> Result<Layout, String> {
    // (score, row, header cells as (column, text))
    let mut best: Option<(usize, u32, HeaderCells)> = None;
    for (r, cells) in rows {
        let texts: Vec<String> = cells.iter().map(|(_, s)| s.clone()).collect();
        let score = recognised_count(&texts)
            + texts
                .iter()
                .filter(|t| known_headers.contains(&normalise(t)))
                .count();
        if score >= 2 && best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, r, cells));
        }
    }
    let Some((_, header_row, cells)) = best else {
        return Err(
            "no header row with known column names in its first 30 rows (not a data table)"
                .to_string(),
        );
    };
    // Dynamics 365 writes the record id, a checksum and the modification time in hidden
    // "(Do Not Modify) …" columns first: the checksum and time are the CRM's bookkeeping, not
    // data; the record id of a lead or an opportunity is its id.
    let bookkeeping: HashSet<u32> = cells
        .iter()
        .filter(|(_, text)| is_do_not_modify(text) && !is_record_id(text))
        .map(|(c, _)| *c)
        .collect();
    let cells: HeaderCells = cells
        .into_iter()
        .filter(|(c, _)| !bookkeeping.contains(c))
        .collect();
    let first = cells.first().map_or(first_col, |c| c.0);
    let last = cells.last().map_or(first_col, |c| c.0);
    let cols: Vec<u32> = (first..=last)
        .filter(|c| !bookkeeping.contains(c))
        .collect();
    let headers = cols
        .iter()
        .map(|&c| {
            cells.iter().find(|(col, _)| *col == c).map_or_else(
                || format!("column {}", column_letters(c)),
                |(_, h)| h.clone(),
            )
        })
        .collect();
    Ok(Layout {
        header_row,
        cols,
        headers,
    })
}

/// The text of a cell that may be a header: non-empty text, trimmed.
fn header_text(cell: CellRef<'_>) -> Option<String> {
    match cell {
        CellRef::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Finds the header row and data rows of one sheet read whole.
fn table_in_sheet(
    file: &str,
    sheet: &str,
    range: Range<Data>,
    known_headers: &HashSet<String>,
) -> Result<RawTable, String> {
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Err("empty sheet".to_string());
    };
    let candidates = (start.0..=end.0.min(start.0 + HEADER_SEARCH_ROWS))
        .map(|r| {
            let cells = (start.1..=end.1)
                .filter_map(|c| header_text(sheet_cell(range.get_value((r, c)))).map(|t| (c, t)))
                .collect();
            (r, cells)
        })
        .collect();
    let Layout {
        header_row,
        cols,
        headers,
    } = find_layout(candidates, start.1, known_headers)?;
    let rows = (header_row + 1..=end.0)
        .filter(|&r| {
            cols.iter()
                .any(|&c| !sheet_cell(range.get_value((r, c))).is_blank())
        })
        .collect();
    Ok(RawTable {
        file: file.to_string(),
        sheet: sheet.to_string(),
        header_row: header_row + 1,
        headers,
        backing: Backing::Sheet { range, rows, cols },
        trimmed: super::trim::Trimmed::default(),
    })
}

/// A Dynamics 365 bookkeeping column: "(Do Not Modify) Lead", "(Do Not Modify) Row Checksum".
fn is_do_not_modify(header: &str) -> bool {
    header
        .trim_start()
        .get(..15)
        .is_some_and(|start| start.eq_ignore_ascii_case("(do not modify)"))
}

/// The hidden record-id column of a Dynamics 365 lead or opportunity export: "(Do Not
/// Modify) Lead", "(Do Not Modify) Opportunity".
fn is_record_id(header: &str) -> bool {
    let rest = header.trim_start().get(15..).unwrap_or_default().trim();
    ["Lead", "Opportunity"]
        .iter()
        .any(|entity| rest.eq_ignore_ascii_case(entity))
}

/// Spreadsheet column letters for a 0-based column index (0 → A, 27 → AB).
#[must_use]
pub(crate) fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + u8::try_from(col % 26).unwrap_or(0));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::header::may_be_read;

    #[test]
    fn column_letters_follow_spreadsheet_naming() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn finds_header_below_title_rows_and_right_of_empty_columns() {
        let mut range = Range::new((0, 0), (5, 4));
        range.set_value((0, 0), Data::String("Leads export".into()));
        range.set_value((1, 0), Data::String("as of 2026-11-20".into()));
        range.set_value((3, 2), Data::String("Lead ID".into()));
        range.set_value((3, 3), Data::String("Lead Owner".into()));
        range.set_value((3, 4), Data::String("Created".into()));
        range.set_value((4, 2), Data::String("L-1".into()));
        range.set_value((4, 3), Data::String("Ann".into()));
        range.set_value((5, 2), Data::String("L-2".into()));
        let table = table_in_sheet("x.xlsx", "Leads", range, &HashSet::new()).unwrap();
        assert_eq!(table.header_row, 4);
        assert_eq!(table.headers, vec!["Lead ID", "Lead Owner", "Created"]);
        assert_eq!(table.len(), 2);
        assert_eq!(table.row_number(1), 6);
        let mut owners = Vec::new();
        table.for_each_cell(1, |_, c| owners.push(c.display()));
        assert_eq!(owners, vec!["Ann", ""]);
    }

    #[test]
    fn a_pivot_sheet_is_not_a_table() {
        let mut range = Range::new((0, 0), (2, 1));
        range.set_value((0, 0), Data::String("Row Labels".into()));
        range.set_value((0, 1), Data::String("Sum of close_value".into()));
        range.set_value((1, 0), Data::String("Anna".into()));
        range.set_value((1, 1), Data::Float(12.0));
        let err = table_in_sheet("x.xlsx", "Q1", range, &HashSet::new()).unwrap_err();
        assert_eq!(
            err,
            "no header row with known column names in its first 30 rows (not a data table)"
        );
    }

    /// Reads sheet `name` of the workbook at `path` both ways: streamed, and whole.
    fn both_ways(path: &std::path::Path, name: &str) -> (RawTable, RawTable) {
        let bytes = std::fs::read(path).unwrap();
        let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(&bytes[..])).unwrap();
        let mut reader = xlsx.worksheet_cells_reader(name).unwrap();
        let (_, streamed) =
            stream_sheet("x.xlsx", name, &HashSet::new(), || Ok(reader.next_cell()?))
                .unwrap()
                .unwrap();
        drop(reader);
        let range = xlsx.worksheet_range(name).unwrap();
        let whole = table_in_sheet("x.xlsx", name, range, &HashSet::new()).unwrap();
        (streamed.unwrap(), whole)
    }

    #[test]
    fn a_streamed_sheet_keeps_only_the_columns_a_field_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leads.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("Leads").unwrap();
        sheet.write(0, 0, "Leads export").unwrap();
        for (col, header) in (1u16..).zip(["Lead ID", "Lead Owner", "Description", "Created"]) {
            sheet.write(2, col, header).unwrap();
        }
        for (row, values) in (3u32..).zip([
            [
                "L-1",
                "Ann",
                "Met at the trade show, wants a trial",
                "2026-11-16",
            ],
            ["", "", "A row with only a description", ""],
            ["L-2", "Bo", "", "2026-11-17"],
        ]) {
            for (col, value) in (1u16..).zip(values) {
                if !value.is_empty() {
                    sheet.write(row, col, value).unwrap();
                }
            }
        }
        sheet
            .write(7, 1, "Confidential Information - Do Not Distribute")
            .unwrap();
        book.save(&path).unwrap();

        let (mut streamed, whole) = both_ways(&path, "Leads");
        assert!(matches!(streamed.backing, Backing::Columns(_)));
        assert_eq!(streamed.header_row, 3);
        assert_eq!(
            streamed.headers,
            ["Lead ID", "Lead Owner", "Description", "Created"]
        );
        assert_eq!(streamed.len(), 4);
        assert_eq!(
            (0..4).map(|r| streamed.row_number(r)).collect::<Vec<_>>(),
            [4, 5, 6, 8]
        );
        // The description is counted, not kept; read whole, the sheet kept it.
        assert_eq!(streamed.cell(0, 2), CellRef::Empty);
        assert_eq!(
            whole.cell(0, 2),
            CellRef::Text("Met at the trade show, wants a trial")
        );
        assert_eq!(
            (0..4).map(|r| streamed.filled_count(r)).collect::<Vec<_>>(),
            [4, 1, 3, 1]
        );
        assert_eq!(streamed.cell(2, 1), CellRef::Text("Bo"));
        assert_eq!(streamed.cell(2, 3), CellRef::Text("2026-11-17"));
        // The closing line goes; the row with only a description stays a row.
        let (trimmed, dropped) = crate::ingest::trim::trim(&mut streamed);
        assert_eq!(trimmed.footer, 1);
        assert_eq!(dropped, [8]);
        assert_eq!(streamed.len(), 3);
        assert_eq!(streamed.row_number(1), 5);
    }

    #[test]
    fn streaming_reads_the_sample_export_as_reading_it_whole_does() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/export.xlsx");
        for name in ["Leads", "Activities", "Opportunities"] {
            let (streamed, whole) = both_ways(&path, name);
            assert_eq!(streamed.headers, whole.headers, "{name}");
            assert_eq!(streamed.header_row, whole.header_row, "{name}");
            assert_eq!(streamed.len(), whole.len(), "{name}");
            assert!(streamed.len() > 100, "{name}: {}", streamed.len());
            for row in 0..whole.len() {
                assert_eq!(streamed.row_number(row), whole.row_number(row));
                assert_eq!(streamed.filled_count(row), whole.filled_count(row));
                for col in 0..whole.headers.len() {
                    let kept = may_be_read(col, &whole.headers[col], &HashSet::new());
                    let expected = if kept {
                        whole.cell(row, col)
                    } else {
                        CellRef::Empty
                    };
                    assert_eq!(
                        streamed.cell(row, col),
                        expected,
                        "{name} row {row} col {col}"
                    );
                }
            }
        }
    }
}
