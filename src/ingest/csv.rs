//! Reads CSV, TSV and TXT exports into a table of text columns: detects the encoding and the
//! delimiter, and reads each record once: its line number, its field count (ragged rows), and
//! the text of the fields something reads, into the typed columns an XLSX sheet is read into.

mod scan;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::path::Path;

use super::columns::{Columns, ColumnsBuilder};
use super::grid::CellRef;
use scan::{Field, Scanner, UnclosedQuote};

/// Delimiters the sniffer tries, in tie-breaking order.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records the sniffer looks at.
const SNIFF_RECORDS: usize = 50;

/// A CSV file read as text columns, with what was learned about it.
#[derive(Debug)]
pub struct CsvTable {
    /// Encoding detected: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "windows-1252".
    pub encoding: &'static str,
    /// The field delimiter: one of `,` `;` tab `|` (or what an Excel `sep=` line names).
    pub delimiter: u8,
    /// Header cells as written (trimmed). Empty header cells stay "" here.
    pub headers: Vec<String>,
    /// For each header, whether its fields were kept: the first column always, then those the
    /// caller asked for (see [`read_csv_columns`]).
    pub kept: Vec<bool>,
    /// The records, one data row each (blank lines skipped), as text cells: a field's quotes
    /// are taken off, and an empty field is empty. A column not kept holds no cells, only its
    /// share of each row's count of filled fields. Each row's number is the 1-based physical
    /// line where its record starts (it differs from i+2 when quoted fields hold newlines or
    /// blank lines are skipped).
    pub(crate) cells: Columns,
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
    /// A column holds more text than a table can (4 GiB).
    #[error("{name}: {message}")]
    TooLarge { name: String, message: String },
}

impl CsvTable {
    /// The 1-based physical line where each data row's record starts.
    #[must_use]
    pub fn lines(&self) -> Vec<u32> {
        self.cells.rows.iter().map(|row| row + 1).collect()
    }

    /// For each data row, how many of its fields hold more than whitespace, kept or not.
    #[must_use]
    pub fn filled(&self) -> &[u16] {
        &self.cells.filled
    }

    /// The number of data rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.cells.rows.len()
    }

    /// True when the file has no data rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.cells.rows.is_empty()
    }

    /// The text of data row `row` in column `col`, `None` for an empty field or a column not
    /// kept.
    #[must_use]
    pub fn text(&self, row: usize, col: usize) -> Option<&str> {
        match self.cells.cell(row, col) {
            CellRef::Text(text) => Some(text),
            _ => None,
        }
    }
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
/// that never closes, or has a column of more than 4 GiB of text.
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

    // The first column is always kept, so the table has its rows' count.
    let kept: Vec<bool> = (headers.iter().enumerate())
        .map(|(i, header)| i == 0 || keep(i, header))
        .collect();
    // Every record ends a line, so there are at most as many as there are line ends.
    let records = memchr::memchr_iter(b'\n', &body[header.end..]).count() + 1;
    let mut builder = ColumnsBuilder::for_records(&kept, records);
    let body_text = text.get(start..).unwrap_or_default();
    let mut scratch = String::new();
    let mut too_large = None;
    let mut ragged = Vec::new();
    while let Some(record) = scanner.next_record_with(|index, field| {
        if index < expected && builder.keeps(index) {
            let cell = field_cell(body_text, field, &mut scratch);
            if let Err(err) = builder.set(index, cell) {
                too_large.get_or_insert(err);
            }
        }
    }) {
        let record = record.map_err(unclosed)?;
        if record.blank {
            builder.end_record(None, 0);
            continue;
        }
        let line = record.line + first_line - 1;
        let filled = u16::try_from(record.filled).unwrap_or(u16::MAX);
        builder.end_record(Some(line - 1), filled);
        if record.fields != expected {
            ragged.push(RaggedRow {
                line,
                found: record.fields,
                expected,
            });
        }
    }
    if let Some(err) = too_large {
        return Err(CsvError::TooLarge {
            name: name.into(),
            message: err.to_string(),
        });
    }
    Ok(CsvTable {
        encoding,
        delimiter,
        headers,
        kept,
        cells: builder.finish(),
        ragged,
    })
}

/// The cell of one field of `text`: its quotes taken off and `""` read as `"`; text after a
/// closing quote, or a quote inside an unquoted field, is literal text. An empty field,
/// quoted or not, is empty.
fn field_cell<'a>(text: &'a str, field: &Field, scratch: &'a mut String) -> CellRef<'a> {
    let slice = |from: usize, to: usize| -> Cow<'a, str> {
        text.get(from..to).map_or_else(
            || String::from_utf8_lossy(&text.as_bytes()[from..to]),
            Cow::Borrowed,
        )
    };
    let value = match field.close_quote {
        _ if field.dirty => Cow::Owned(scan::unquote(text.as_bytes(), field)),
        None => slice(field.start, field.end),
        Some(close) => {
            let inner = slice(field.start + 1, close);
            if inner.contains("\"\"") {
                Cow::Owned(inner.replace("\"\"", "\""))
            } else {
                inner
            }
        }
    };
    match value {
        Cow::Borrowed("") => CellRef::Empty,
        Cow::Borrowed(value) => CellRef::Text(value),
        Cow::Owned(value) if value.is_empty() => CellRef::Empty,
        Cow::Owned(value) => {
            *scratch = value;
            CellRef::Text(scratch)
        }
    }
}

/// The 0-based byte offset of the first sign that `bytes` is not text: a NUL, or (when more
/// than 1 in 20 of the first 64 KiB are control characters) the first control character.
fn binary_offset(bytes: &[u8], encoding: &str) -> Option<usize> {
    const SAMPLE: usize = 64 * 1024;
    let is_control = |unit: u16| unit < 0x20 && !matches!(unit, 0x09..=0x0D);
    let big = match encoding {
        "UTF-16LE" => false,
        "UTF-16BE" => true,
        _ => {
            // One byte per unit: the NUL is searched for in the whole file at memory speed.
            if let Some(nul) = memchr::memchr(0, bytes) {
                return Some(nul);
            }
            let sample = &bytes[..bytes.len().min(SAMPLE)];
            let controls = sample.iter().filter(|&&b| is_control(b.into())).count();
            return (controls * 20 > sample.len())
                .then(|| sample.iter().position(|&b| is_control(b.into())))
                .flatten();
        }
    };
    // (byte offset, code unit) pairs, after the byte order mark.
    let units = bytes.chunks_exact(2).enumerate().skip(1).map(|(i, pair)| {
        let pair = [pair[0], pair[1]];
        let unit = if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        };
        (i * 2, unit)
    });
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
