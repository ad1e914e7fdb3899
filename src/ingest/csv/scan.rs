//! A quote-aware CSV tokenizer over raw bytes: finds records, their physical line numbers,
//! field counts and each field's bounds without allocating, in one pass over the file.
//!
//! Quoting follows RFC 4180 leniently: a quote opens a quoted field only at the start of a field;
//! inside it `""` is a literal quote. A quote elsewhere, or text after a closing quote, is kept as
//! literal text and marks the field "dirty" (its text is then taken by [`unquote`]).

/// What ended a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    Delimiter,
    /// A `\n` (the field excludes a `\r` just before it).
    Newline,
    Eof,
}

/// One field's raw bytes, as `start..end` in the scanned slice.
#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    pub start: usize,
    pub end: usize,
    /// Index of the closing quote when the field opened with a quote.
    pub close_quote: Option<usize>,
    /// Needs rewriting: a quote inside an unquoted field, or text after a closing quote.
    pub dirty: bool,
}

/// One record: its bytes `start..end` (line terminator excluded), where it starts, what it holds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record {
    pub start: usize,
    pub end: usize,
    /// 1-based physical line number of the record's first byte.
    pub line: u32,
    pub fields: usize,
    /// Fields among the first `width` (those a table keeps) that hold more than whitespace.
    pub filled: usize,
    /// One unquoted field of nothing but spaces: an empty line.
    pub blank: bool,
}

/// A quoted field that never closes; `line` is where it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct UnclosedQuote {
    pub line: u32,
}

/// Walks `bytes` field by field and record by record.
pub(super) struct Scanner<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    pos: usize,
    line: u32,
    /// How many fields of a record count towards its `filled` (the header's width).
    width: usize,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        Scanner {
            bytes,
            delimiter,
            pos: 0,
            line: 1,
            width: usize::MAX,
        }
    }

    /// Counts only the first `width` fields of each record as filled or not.
    pub(super) fn set_width(&mut self, width: usize) {
        self.width = width;
    }

    /// Reads one field and what ended it. At the end of input it returns an empty field and `Eof`.
    pub(super) fn next_field(&mut self) -> Result<(Field, End), UnclosedQuote> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        let mut close_quote = None;
        let mut dirty = false;
        if bytes.get(i) == Some(&b'"') {
            let open_line = self.line;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Err(UnclosedQuote { line: open_line }),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(b'\n') => {
                        self.line += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            close_quote = Some(i);
            i += 1;
            let at_crlf =
                bytes.get(i) == Some(&b'\r') && matches!(bytes.get(i + 1), None | Some(b'\n'));
            match bytes.get(i) {
                None => return Ok(self.finish(start, i, close_quote, dirty, End::Eof, i)),
                Some(&b) if b == self.delimiter => {
                    return Ok(self.finish(start, i, close_quote, dirty, End::Delimiter, i + 1));
                }
                Some(b'\n') => {
                    return Ok(self.finish(start, i, close_quote, dirty, End::Newline, i + 1));
                }
                Some(_) if at_crlf => {
                    let end = if bytes.get(i + 1).is_some() {
                        End::Newline
                    } else {
                        End::Eof
                    };
                    return Ok(self.finish(start, i, close_quote, dirty, end, i + 2));
                }
                Some(_) => dirty = true,
            }
        }
        // Unquoted text (or the text after a closing quote) runs to a delimiter or newline.
        let delimiter = self.delimiter;
        while let Some(&b) = bytes.get(i) {
            if b == delimiter {
                return Ok(self.finish(start, i, close_quote, dirty, End::Delimiter, i + 1));
            }
            if b == b'\n' {
                let end = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                return Ok(self.finish(start, end, close_quote, dirty, End::Newline, i + 1));
            }
            dirty |= b == b'"';
            i += 1;
        }
        let end = if i > start && bytes[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        Ok(self.finish(start, end, close_quote, dirty, End::Eof, i))
    }

    fn finish(
        &mut self,
        start: usize,
        end: usize,
        close_quote: Option<usize>,
        dirty: bool,
        ended_by: End,
        next: usize,
    ) -> (Field, End) {
        if ended_by == End::Newline {
            self.line += 1;
        }
        self.pos = next.min(self.bytes.len());
        let field = Field {
            start,
            end,
            close_quote,
            dirty,
        };
        (field, ended_by)
    }

    /// Reads one record, or `None` at the end of input.
    pub(super) fn next_record(&mut self) -> Option<Result<Record, UnclosedQuote>> {
        self.next_record_with(|_, _| {})
    }

    /// Reads one record as [`Scanner::next_record`] does, handing each of its fields to
    /// `field(index, field)` as it is found.
    pub(super) fn next_record_with(
        &mut self,
        mut on_field: impl FnMut(usize, &Field),
    ) -> Option<Result<Record, UnclosedQuote>> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let line = self.line;
        let mut fields = 0;
        let mut filled = 0;
        loop {
            let (field, end) = match self.next_field() {
                Ok(next) => next,
                Err(err) => return Some(Err(err)),
            };
            if fields < self.width && self.holds_text(&field) {
                filled += 1;
            }
            on_field(fields, &field);
            fields += 1;
            if end != End::Delimiter {
                let blank = fields == 1
                    && field.close_quote.is_none()
                    && self.bytes[field.start..field.end]
                        .iter()
                        .all(|&b| b == b' ');
                return Some(Ok(Record {
                    start,
                    end: field.end,
                    line,
                    fields,
                    filled,
                    blank,
                }));
            }
        }
    }
}

impl Scanner<'_> {
    /// True when `field` holds more than whitespace (between its quotes, when quoted).
    fn holds_text(&self, field: &Field) -> bool {
        let raw = match field.close_quote {
            Some(close) if !field.dirty => &self.bytes[field.start + 1..close],
            _ => &self.bytes[field.start..field.end],
        };
        match raw.iter().position(|b| !b.is_ascii_whitespace()) {
            None => false,
            Some(at) if raw[at].is_ascii() => true,
            // Unicode spaces (a no-break space) are blank too, as `str::trim` says.
            Some(at) => !String::from_utf8_lossy(&raw[at..]).trim().is_empty(),
        }
    }
}

/// The text of a field: quotes removed and `""` unescaped.
pub(super) fn unquote(bytes: &[u8], field: &Field) -> String {
    let raw = &bytes[field.start..field.end];
    match field.close_quote {
        None => String::from_utf8_lossy(raw).into_owned(),
        Some(close) => {
            let inner =
                String::from_utf8_lossy(&bytes[field.start + 1..close]).replace("\"\"", "\"");
            inner + &String::from_utf8_lossy(&bytes[close + 1..field.end])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's line, field count, whether a field of it is dirty, and whether it is
    /// blank.
    fn records(text: &str, delimiter: u8) -> Vec<(u32, usize, bool, bool)> {
        let mut scanner = Scanner::new(text.as_bytes(), delimiter);
        let mut out = Vec::new();
        loop {
            let mut dirty = false;
            let Some(record) = scanner.next_record_with(|_, field| dirty |= field.dirty) else {
                return out;
            };
            let record = record.unwrap();
            out.push((record.line, record.fields, dirty, record.blank));
        }
    }

    #[test]
    fn counts_fields_and_lines_across_quoted_newlines() {
        let text = "a,b\n\"x\ny\",\"1,2\"\r\n\n3,\"say \"\"hi\"\"\"\n";
        assert_eq!(
            records(text, b','),
            vec![
                (1, 2, false, false),
                (2, 2, false, false),
                (4, 1, false, true),
                (5, 2, false, false),
            ]
        );
    }

    #[test]
    fn marks_stray_quotes_dirty() {
        assert_eq!(
            records("a,24\" screen\n\"Big\" Tony,b", b','),
            vec![(1, 2, true, false), (2, 2, true, false)]
        );
    }

    #[test]
    fn reports_unclosed_quote_at_its_opening_line() {
        let mut scanner = Scanner::new(b"a,b\n1,\"open\n2,3\n", b',');
        assert!(scanner.next_record().unwrap().is_ok());
        assert_eq!(
            scanner.next_record().unwrap().unwrap_err(),
            UnclosedQuote { line: 2 }
        );
    }

    #[test]
    fn unquotes_escaped_and_trailing_text() {
        let bytes = b"\"say \"\"hi\"\"\" there";
        let (field, end) = Scanner::new(bytes, b',').next_field().unwrap();
        assert_eq!(end, End::Eof);
        assert_eq!(unquote(bytes, &field), "say \"hi\" there");
    }
}
