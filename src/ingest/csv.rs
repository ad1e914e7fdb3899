//! Reads CSV, TSV and TXT exports into a table of text columns: detects the encoding and the
//! delimiter, finds each record's line number and ragged rows, and lets polars parse the text.

mod scan;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::{
    CsvReadOptions, DataFrame, DataType, NullValues, PlSmallStr, PolarsError, Schema, SerReader,
};

use scan::{Scanner, UnclosedQuote};

/// Delimiters the sniffer tries, in tie-breaking order.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records the sniffer looks at.
const SNIFF_RECORDS: usize = 50;

/// A CSV file read as text columns, with what was learned about it.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// Encoding detected: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "windows-1252".
    pub encoding: &'static str,
    /// The field delimiter: one of `,` `;` tab `|` (or what an Excel `sep=` line names).
    pub delimiter: u8,
    /// Header cells as written (trimmed). Empty header cells stay "" here.
    pub headers: Vec<String>,
    /// One polars String column per header kept (see [`CsvTable::columns`]), in order, every
    /// value a String (null for an empty field), column names made unique and non-empty ("" ->
    /// "column 38", a repeated "Name" -> "Name (2)").
    pub frame: DataFrame,
    /// For each header, its column in `frame`, or `None` when its fields were not kept.
    pub columns: Vec<Option<usize>>,
    /// For each data row, how many of its fields hold more than whitespace, kept or not.
    pub filled: Vec<u16>,
    /// For each data row i of `frame`, the 1-based physical line number where its record starts
    /// (differs from i+2 when quoted fields contain newlines or blank lines are skipped).
    pub lines: Vec<u32>,
    /// Records whose field count differs from the header's. The row is still loaded: missing
    /// fields are null, extra fields dropped.
    pub ragged: Vec<RaggedRow>,
}

/// A record whose field count differs from the header's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RaggedRow {
    /// 1-based physical line number where the record starts.
    pub line: u32,
    /// Fields found in the record.
    pub found: usize,
    /// Fields in the header.
    pub expected: usize,
}

/// Why a CSV file could not be read. Every message starts with the file's name.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The file could not be read from disk.
    #[error("{name}: {source}")]
    Io {
        name: String,
        source: std::io::Error,
    },
    /// The file has no bytes (or only a byte order mark).
    #[error("{name}: empty file")]
    Empty { name: String },
    /// The file holds only blank lines.
    #[error("{name}: no header row (the file has only blank lines)")]
    NoHeader { name: String },
    /// The file is not text; `offset` is the 0-based byte offset of the first suspect byte.
    #[error("{name}: not a text file (binary data at byte {offset})")]
    Binary { name: String, offset: usize },
    /// A quoted field opens at `line` and never closes.
    #[error("{name}: line {line}: a quoted field starts here and is never closed")]
    UnclosedQuote { name: String, line: u32 },
    /// polars rejected the text.
    #[error("{name}: {source}")]
    Parse { name: String, source: PolarsError },
    /// polars and the line scanner disagree on the number of rows (a bug in this reader).
    #[error("{name}: read {parsed} rows but found {scanned} records")]
    RowCount {
        name: String,
        parsed: usize,
        scanned: usize,
    },
}

/// Bytes to text: UTF-8 BOM stripped; UTF-16 LE/BE with BOM decoded; valid UTF-8 as-is;
/// otherwise Windows-1252. Returns the text and the name of the encoding found.
#[must_use]
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), "UTF-8 (BOM)");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (
            encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0,
            "UTF-16LE",
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (
            encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0,
            "UTF-16BE",
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), "UTF-8"),
        Err(_) => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
            "windows-1252",
        ),
    }
}

/// The delimiter among `,` `;` tab `|` that splits the first ~50 records (quote-aware) into the
/// most consistent field count above 1. Ties are broken in the order `,` `;` tab `|`; with no
/// candidate at all (a one-column file) the answer is `,`.
#[must_use]
pub fn sniff_delimiter(text: &str) -> u8 {
    sniff_with_hint(text, None)
}

/// Like [`sniff_delimiter`], but `hint` (from a ".tsv" extension, say) wins ties and is the
/// answer when nothing splits.
fn sniff_with_hint(text: &str, hint: Option<u8>) -> u8 {
    let bytes = text.as_bytes();
    let body = &bytes[skip_blank_lines(bytes).0..];
    let order = hint
        .into_iter()
        .chain(DELIMITERS.into_iter().filter(|&d| Some(d) != hint));
    let mut best: Option<(usize, usize, u8)> = None;
    for delimiter in order {
        let counts = field_counts(body, delimiter);
        let Some((&header, _)) = counts.split_first() else {
            continue;
        };
        let Some((mode, freq)) = mode(&counts) else {
            continue;
        };
        if header < 2 || mode < 2 {
            continue;
        }
        // Compare freq / counts.len() as fractions.
        let better =
            best.is_none_or(|(best_freq, best_n, _)| freq * best_n > best_freq * counts.len());
        if better {
            best = Some((freq, counts.len(), delimiter));
        }
    }
    best.map_or(hint.unwrap_or(b','), |(_, _, delimiter)| delimiter)
}

/// Field counts of the first non-blank records of `body`, up to [`SNIFF_RECORDS`].
fn field_counts(body: &[u8], delimiter: u8) -> Vec<usize> {
    let mut scanner = Scanner::new(body, delimiter);
    std::iter::from_fn(|| scanner.next_record()?.ok())
        .filter(|record| !record.blank)
        .take(SNIFF_RECORDS)
        .map(|record| record.fields)
        .collect()
}

/// The most frequent value above 1 and how often it occurs.
fn mode(counts: &[usize]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for &count in counts.iter().filter(|&&count| count > 1) {
        let freq = counts.iter().filter(|&&other| other == count).count();
        if best.is_none_or(|(_, best_freq)| freq > best_freq) {
            best = Some((count, freq));
        }
    }
    best
}

/// Read a whole file. The delimiter is sniffed; a ".tsv" or ".tab" name makes tab win ties.
///
/// # Errors
///
/// [`CsvError`] naming the path: the file cannot be read, is empty, has only blank lines, holds
/// binary data (e.g. "data.csv: not a text file (binary data at byte 17)"), has a quoted field
/// that never closes, or polars rejects it.
pub fn read_csv(path: &Path) -> Result<CsvTable, CsvError> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => read_csv_bytes(&name, &bytes),
        Err(source) => Err(CsvError::Io { name, source }),
    }
}

/// Read a file already in memory; `name` is used in error messages and its extension as a
/// delimiter hint. Lines end with `\n` or `\r\n` (or, when the text has no `\n` at all, `\r`).
///
/// # Errors
///
/// As [`read_csv`], except for I/O.
pub fn read_csv_bytes(name: &str, bytes: &[u8]) -> Result<CsvTable, CsvError> {
    read_csv_columns(name, bytes, &|_, _| true)
}

/// As [`read_csv_bytes`], keeping the fields of only the first column and the columns for
/// which `keep(index, header)` is true: the others are counted in each row's `filled`, never parsed into text.
///
/// # Errors
///
/// As [`read_csv_bytes`].
pub fn read_csv_columns(
    name: &str,
    bytes: &[u8],
    keep: &dyn Fn(usize, &str) -> bool,
) -> Result<CsvTable, CsvError> {
    let (mut text, encoding) = decode(bytes);
    if !text.contains('\n') && text.contains('\r') {
        // Classic Mac OS line endings: a lone `\r` ends each line.
        text = Cow::Owned(text.replace('\r', "\n"));
    }
    if text.is_empty() {
        return Err(CsvError::Empty { name: name.into() });
    }
    if let Some(offset) = binary_offset(bytes, encoding) {
        return Err(CsvError::Binary {
            name: name.into(),
            offset,
        });
    }
    let all = text.as_bytes();
    let (mut start, mut first_line) = skip_blank_lines(all);
    if start == all.len() {
        return Err(CsvError::NoHeader { name: name.into() });
    }
    let declared = excel_sep_line(&all[start..]);
    if let Some((_, len)) = declared {
        (start, first_line) = skip_blank_lines_from(all, start + len, first_line + 1);
        if start == all.len() {
            return Err(CsvError::NoHeader { name: name.into() });
        }
    }
    let delimiter = match declared {
        Some((delimiter, _)) => delimiter,
        None => sniff_with_hint(&text[start..], extension_hint(name)),
    };
    let (start, first_line) = skip_title_lines(all, start, first_line, delimiter);
    let body = &all[start..];
    let unclosed = |UnclosedQuote { line }| CsvError::UnclosedQuote {
        name: name.into(),
        line: line + first_line - 1,
    };

    let mut scanner = Scanner::new(body, delimiter);
    let Some(header) = scanner.next_record() else {
        return Err(CsvError::NoHeader { name: name.into() });
    };
    let header = header.map_err(unclosed)?;
    let headers = header_cells(&body[header.start..header.end], delimiter);
    let expected = headers.len();
    scanner.set_width(expected);

    let data_start = scanner.pos();
    let mut lines = Vec::new();
    let mut filled = Vec::new();
    let mut ragged = Vec::new();
    let mut data_end = data_start;
    let mut pending_blank = false;
    let mut rewrite = false;
    while let Some(record) = scanner.next_record() {
        let record = record.map_err(unclosed)?;
        if record.blank {
            pending_blank = true;
            continue;
        }
        rewrite |= record.dirty || pending_blank;
        pending_blank = false;
        let line = record.line + first_line - 1;
        lines.push(line);
        filled.push(u16::try_from(record.filled).unwrap_or(u16::MAX));
        if record.fields != expected {
            ragged.push(RaggedRow {
                line,
                found: record.fields,
                expected,
            });
        }
        data_end = record.end;
    }

    let data = &body[data_start..data_end];
    let normalised;
    let polars_input = if rewrite {
        normalised = normalise(data, delimiter, expected);
        normalised.as_slice()
    } else {
        data
    };
    let mut kept = 0;
    let columns: Vec<Option<usize>> = headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            // The first column is always parsed, so the frame has the rows' count.
            (i == 0 || keep(i, header)).then(|| {
                kept += 1;
                kept - 1
            })
        })
        .collect();
    let projection: Vec<usize> = (0..expected).filter(|&i| columns[i].is_some()).collect();
    let frame = parse_with_polars(polars_input, delimiter, &column_names(&headers), projection)
        .map_err(|source| CsvError::Parse {
            name: name.into(),
            source,
        })?;
    if frame.height() != lines.len() {
        return Err(CsvError::RowCount {
            name: name.into(),
            parsed: frame.height(),
            scanned: lines.len(),
        });
    }
    Ok(CsvTable {
        encoding,
        delimiter,
        headers,
        frame,
        columns,
        filled,
        lines,
        ragged,
    })
}

/// The 0-based byte offset of the first sign that `bytes` is not text: a NUL, or (when more
/// than 1 in 20 of the first 64 KiB are control characters) the first control character.
fn binary_offset(bytes: &[u8], encoding: &str) -> Option<usize> {
    const SAMPLE: usize = 64 * 1024;
    let is_control = |unit: u16| unit < 0x20 && !matches!(unit, 0x09..=0x0D);
    // (byte offset, code unit) pairs.
    let units: Box<dyn Iterator<Item = (usize, u16)>> = match encoding {
        "UTF-16LE" | "UTF-16BE" => {
            let big = encoding == "UTF-16BE";
            Box::new(
                bytes
                    .chunks_exact(2)
                    .enumerate()
                    .skip(1)
                    .map(move |(i, pair)| {
                        let pair = [pair[0], pair[1]];
                        let unit = if big {
                            u16::from_be_bytes(pair)
                        } else {
                            u16::from_le_bytes(pair)
                        };
                        (i * 2, unit)
                    }),
            )
        }
        _ => Box::new(bytes.iter().enumerate().map(|(i, &b)| (i, u16::from(b)))),
    };
    let mut first_control = None;
    let mut controls = 0;
    let mut sampled = 0;
    for (offset, unit) in units {
        if unit == 0 {
            return Some(offset);
        }
        if offset < SAMPLE {
            sampled += 1;
            if is_control(unit) {
                controls += 1;
                first_control.get_or_insert(offset);
            }
        }
    }
    if controls * 20 > sampled {
        first_control
    } else {
        None
    }
}

/// Where the first line that is not blank (spaces, tabs, `\r`) starts, and its 1-based number.
fn skip_blank_lines(bytes: &[u8]) -> (usize, u32) {
    skip_blank_lines_from(bytes, 0, 1)
}

/// Title lines above the header ("Leads export", "as of 2026-11-20"): among the first ten
/// records, each one with at most one field, or fewer than half the fields of the record after
/// it, is a title. Returns where the header starts and its line. A file of one column keeps
/// its first line as the header.
fn skip_title_lines(all: &[u8], start: usize, first_line: u32, delimiter: u8) -> (usize, u32) {
    let mut scanner = Scanner::new(&all[start..], delimiter);
    let mut records = Vec::new();
    while records.len() < 11 {
        match scanner.next_record() {
            Some(Ok(record)) if record.blank => {}
            Some(Ok(record)) => records.push(record),
            _ => break,
        }
    }
    for (i, this) in records.iter().enumerate() {
        let next = records.get(i + 1).map_or(0, |r| r.fields);
        if this.fields > 1 && this.fields * 2 > next {
            return (start + this.start, first_line + this.line - 1);
        }
    }
    (start, first_line)
}

fn skip_blank_lines_from(bytes: &[u8], mut start: usize, mut line: u32) -> (usize, u32) {
    while let Some(rest) = bytes.get(start..) {
        let len = rest.iter().position(|&b| b == b'\n');
        let content = &rest[..len.unwrap_or(rest.len())];
        if !content.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            return (start, line);
        }
        match len {
            Some(len) => {
                start += len + 1;
                line += 1;
            }
            None => return (bytes.len(), line),
        }
    }
    (bytes.len(), line)
}

/// Excel's optional first line `sep=;`: the delimiter it names and the line's length with `\n`.
fn excel_sep_line(body: &[u8]) -> Option<(u8, usize)> {
    let len = body
        .iter()
        .position(|&b| b == b'\n')
        .map_or(body.len(), |n| n + 1);
    let line = body[..len].strip_suffix(b"\n").unwrap_or(&body[..len]);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match line {
        [b's' | b'S', b'e' | b'E', b'p' | b'P', b'=', delimiter] => Some((*delimiter, len)),
        _ => None,
    }
}

/// Tab for ".tsv" and ".tab" names.
fn extension_hint(name: &str) -> Option<u8> {
    let extension = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    matches!(extension.as_str(), "tsv" | "tab").then_some(b'\t')
}

/// The header's cells, unquoted and trimmed.
fn header_cells(header: &[u8], delimiter: u8) -> Vec<String> {
    let mut scanner = Scanner::new(header, delimiter);
    let mut cells = Vec::new();
    // The header was scanned whole before, so its quotes close.
    while let Ok((field, end)) = scanner.next_field() {
        let cell = scan::unquote(header, &field);
        cells.push(
            cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .to_owned(),
        );
        if end != scan::End::Delimiter {
            break;
        }
    }
    cells
}

/// Column names for the frame: "" becomes "column N" (N 1-based), repeats get " (2)", " (3)"...
fn column_names(headers: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(headers.len());
    for (index, header) in headers.iter().enumerate() {
        let base = if header.is_empty() {
            format!("column {}", index + 1)
        } else {
            header.clone()
        };
        let mut name = base.clone();
        let mut copy = 1;
        while names.contains(&name) || (name != *header && headers.contains(&name)) {
            copy += 1;
            name = format!("{base} ({copy})");
        }
        names.push(name);
    }
    names
}

/// Rewrites every non-blank record of `data` with exactly `expected` fields (see
/// [`scan::write_normalised`]).
fn normalise(data: &[u8], delimiter: u8, expected: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 16);
    let mut scanner = Scanner::new(data, delimiter);
    // `data` was scanned whole before, so every quote closes.
    while let Some(Ok(record)) = scanner.next_record() {
        if !record.blank {
            scan::write_normalised(&mut out, data, &record, delimiter, expected);
        }
    }
    out
}

/// Parses header-less CSV text into String columns named `names`, no type inference; empty
/// fields, quoted or not, are null. Only the columns in `projection` are parsed and returned.
fn parse_with_polars(
    data: &[u8],
    delimiter: u8,
    names: &[String],
    projection: Vec<usize>,
) -> Result<DataFrame, PolarsError> {
    let schema: Schema = names
        .iter()
        .map(|name| (PlSmallStr::from_str(name), DataType::String))
        .collect();
    CsvReadOptions::default()
        .with_has_header(false)
        .with_schema(Some(Arc::new(schema)))
        .with_raise_if_empty(false)
        // Left in polars' chunks: one contiguous copy of each column would double the
        // frame for a moment, at the peak of a run's memory.
        .with_rechunk(false)
        .with_projection(Some(Arc::new(projection)))
        .map_parse_options(|options| {
            options
                .with_separator(delimiter)
                .with_quote_char(Some(b'"'))
                .with_missing_is_null(true)
                // A quoted empty field ("") is null too: polars compares without the quotes.
                .with_null_values(Some(NullValues::AllColumnsSingle(PlSmallStr::EMPTY)))
                .with_truncate_ragged_lines(true)
        })
        .into_reader_with_file_handle(Cursor::new(data))
        .finish()
}
