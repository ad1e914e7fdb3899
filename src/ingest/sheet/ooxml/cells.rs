//! The cells of one worksheet part, scanned a row at a time from the unpacked XML: `<row>`s
//! of `<c>`s, each with a `<v>` value, an `<is>` inline string or an `<f>` formula, as
//! calamine's `XlsxCellReader::next_cell` reads them (positions, empty cells and all).

use super::text::{push_content, unescape_excel};
use super::{Unsupported, Values};
use calamine::{Cell, DataRef};
use memchr::memmem::Finder;
use std::collections::VecDeque;
use std::io::Read;

/// How much unpacked XML is asked for at a time.
const CHUNK: usize = 1 << 20;

/// A worksheet's cells in document order.
pub(in crate::ingest::sheet) struct SheetCells<'p, R> {
    part: R,
    values: Values<'p>,
    buf: Vec<u8>,
    /// The first byte of `buf` not yet scanned.
    at: usize,
    /// All of the part is in `buf`.
    eof: bool,
    /// Past `<sheetData>`.
    in_data: bool,
    /// Past `</sheetData>`.
    done: bool,
    /// The row and column a cell without `r` is at, as calamine counts them.
    row: u32,
    col: u32,
    /// The cells of the row scanned last, not yet given out.
    pending: VecDeque<Cell<DataRef<'p>>>,
    close_row: Finder<'static>,
    close_is: Finder<'static>,
}

impl<'p, R: Read> SheetCells<'p, R> {
    pub(super) fn new(part: R, values: Values<'p>) -> Self {
        SheetCells {
            part,
            values,
            buf: Vec::with_capacity(2 * CHUNK),
            at: 0,
            eof: false,
            in_data: false,
            done: false,
            row: 0,
            col: 0,
            pending: VecDeque::new(),
            close_row: Finder::new(b"</row>"),
            close_is: Finder::new(b"</is>"),
        }
    }

    /// The next cell, empty ones included (as calamine gives them); `None` past the last.
    ///
    /// # Errors
    /// [`Unsupported`] for XML our reader does not take, or a part that cannot be unpacked:
    /// calamine then reads the sheet.
    pub(in crate::ingest::sheet) fn next_cell(
        &mut self,
    ) -> Result<Option<Cell<DataRef<'p>>>, Unsupported> {
        loop {
            if let Some(cell) = self.pending.pop_front() {
                return Ok(Some(cell));
            }
            if self.done {
                return Ok(None);
            }
            if self.in_data {
                self.next_row()?;
            } else {
                self.find_sheet_data()?;
            }
        }
    }

    /// Reads more of the part after what is left to scan; false at its end.
    fn fill(&mut self) -> Result<bool, Unsupported> {
        if self.eof {
            return Ok(false);
        }
        if self.at > 0 {
            self.buf.drain(..self.at);
            self.at = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        let read = loop {
            match self.part.read(&mut self.buf[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Unsupported("a sheet part that cannot be unpacked")),
            }
        };
        self.buf.truncate(len + read);
        if read == 0 {
            self.eof = true;
        }
        Ok(read > 0)
    }

    /// Skips to just past `<sheetData>` (`done` when it is `<sheetData/>`).
    fn find_sheet_data(&mut self) -> Result<(), Unsupported> {
        if self.buf.is_empty() {
            self.fill()?;
            self.at = super::xml_start(&self.buf)?;
        }
        let finder = Finder::new(b"<sheetData");
        loop {
            if let Some(found) = finder.find(&self.buf[self.at..]) {
                self.at += found;
                if self.buf.len() - self.at > 10 {
                    if !is_tag(&self.buf[self.at..], b"<sheetData") {
                        return Err(Unsupported("an element named like <sheetData>"));
                    }
                    let (end, empty) = self.tag_end_filled(10)?;
                    self.at += end;
                    self.in_data = true;
                    self.done = empty;
                    return Ok(());
                }
            } else {
                // Keep what could be the start of "<sheetData" for the next chunk.
                self.at = self.buf.len().saturating_sub(10).max(self.at);
            }
            if !self.fill()? {
                return Err(Unsupported("a sheet without <sheetData>"));
            }
        }
    }

    /// The end of the tag that starts at `at` and whose attributes start `from` bytes on, as
    /// an offset from `at`, and whether it closes itself; reads more of the part as needed.
    fn tag_end_filled(&mut self, from: usize) -> Result<(usize, bool), Unsupported> {
        loop {
            match tag_end(&self.buf, self.at + from) {
                Ok((end, empty)) => return Ok((end - self.at, empty)),
                Err(e) => {
                    if !self.fill()? {
                        return Err(e);
                    }
                }
            }
        }
    }

    /// Scans the next `<row>` into `pending`, or ends the sheet at `</sheetData>`.
    fn next_row(&mut self) -> Result<(), Unsupported> {
        // Past the whitespace between rows, with enough of the part to see the next tag.
        loop {
            while self.at < self.buf.len() && self.buf[self.at].is_ascii_whitespace() {
                self.at += 1;
            }
            if self.buf.len() - self.at >= 16 || !self.fill()? {
                break;
            }
        }
        let rest = &self.buf[self.at..];
        if rest.starts_with(b"</sheetData") {
            self.done = true;
            return Ok(());
        }
        if !is_tag(rest, b"<row") {
            return Err(Unsupported("an element other than <row> in <sheetData>"));
        }
        let (open, empty) = self.tag_end_filled(4)?;
        let mut r = None;
        attributes(&self.buf[self.at + 4..self.at + open], |name, value| {
            if name == b"r" {
                r = Some(row_number(value));
            }
        })?;
        if let Some(r) = r {
            self.row = r?;
        }
        if !empty {
            let close = loop {
                if let Some(found) = self.close_row.find(&self.buf[self.at + open..]) {
                    break open + found;
                }
                if !self.fill()? {
                    return Err(Unsupported("an unclosed <row>"));
                }
            };
            self.scan_cells(self.at + open, self.at + close)?;
            self.at += close + 6;
        } else {
            self.at += open;
        }
        self.row += 1;
        self.col = 0;
        Ok(())
    }

    /// Scans the `<c>`s of `buf[from..to]` (a row's content) into `pending`.
    fn scan_cells(&mut self, from: usize, to: usize) -> Result<(), Unsupported> {
        let body = &self.buf[..to];
        let mut at = from;
        loop {
            while at < to && body[at].is_ascii_whitespace() {
                at += 1;
            }
            if at == to {
                return Ok(());
            }
            if !is_tag(&body[at..], b"<c") {
                return Err(Unsupported("an element other than <c> in a <row>"));
            }
            let (open_end, empty) = tag_end(body, at + 2)?;
            let (mut r, mut s, mut t) = (None, None, None);
            attributes(&body[at + 2..open_end], |name, value| match name {
                b"r" => r = Some(value),
                b"s" => s = Some(value),
                b"t" => t = Some(value),
                _ => {}
            })?;
            let position = match r {
                Some(r) => {
                    let (row, col) = cell_position(r)?;
                    self.col = col;
                    (row, col)
                }
                None => (self.row, self.col),
            };
            let mut value = DataRef::Empty;
            at = open_end;
            if !empty {
                loop {
                    while at < to && body[at].is_ascii_whitespace() {
                        at += 1;
                    }
                    let rest = &body[at..to];
                    if rest.starts_with(b"</c>") {
                        at += 4;
                        break;
                    }
                    let (name, skip) = if is_tag(rest, b"<v") {
                        (b'v', 2)
                    } else if is_tag(rest, b"<f") {
                        (b'f', 2)
                    } else if is_tag(rest, b"<is") {
                        (b'i', 3)
                    } else {
                        return Err(Unsupported(
                            "an element other than <v>, <f> or <is> in a <c>",
                        ));
                    };
                    let (child_end, child_empty) = tag_end(body, at + skip)?;
                    let (content, next) = if child_empty {
                        (&body[child_end..child_end], child_end)
                    } else {
                        let (closing, found): (&[u8], _) = match name {
                            // A value or a formula holds no markup: its end is the next '<'.
                            b'v' => (b"</v>", memchr::memchr(b'<', &body[child_end..to])),
                            b'f' => (b"</f>", memchr::memchr(b'<', &body[child_end..to])),
                            _ => (b"</is>", self.close_is.find(&body[child_end..to])),
                        };
                        let found = found
                            .filter(|&k| body[child_end + k..to].starts_with(closing))
                            .ok_or(Unsupported(
                                "markup inside a <v> or <f>, or an unclosed element",
                            ))?;
                        (
                            &body[child_end..child_end + found],
                            child_end + found + closing.len(),
                        )
                    };
                    value = match name {
                        b'v' => v_value(self.values, content, s, t)?,
                        b'f' => DataRef::Empty,
                        _ => {
                            let mut text = String::new();
                            push_rich_text(content, &mut text)?;
                            DataRef::String(text)
                        }
                    };
                    at = next;
                }
            }
            self.col += 1;
            self.pending.push_back(Cell::new(position, value));
        }
    }
}

/// The value of a `<v>` with text `raw`, as calamine's `read_value` reads it.
fn v_value<'p>(
    values: Values<'p>,
    raw: &[u8],
    s: Option<&[u8]>,
    t: Option<&[u8]>,
) -> Result<DataRef<'p>, Unsupported> {
    match t {
        // calamine reads no text, so no value.
        Some(b"n" | b"s" | b"b" | b"e") | None if raw.is_empty() => Ok(DataRef::Empty),
        // The value of an inline string is in its <is>.
        Some(b"inlineStr" | b"is") => Ok(DataRef::Empty),
        // Plain ASCII types, read from the raw text as calamine does.
        Some(b"n" | b"s" | b"b" | b"e") | None => {
            if memchr::memchr(b'&', raw).is_some() {
                return Err(Unsupported("a reference inside a number"));
            }
            let v =
                std::str::from_utf8(raw).map_err(|_| Unsupported("a value that is not UTF-8"))?;
            values.value(v, s, t)
        }
        _ => {
            let mut v = String::new();
            push_content(raw, &mut v)?;
            values.value(&v, s, t)
        }
    }
}

/// Appends the text of a shared string or inline string (the content of `<si>` or `<is>`)
/// to `out`: its `<t>`s in order, those inside a phonetic run (`<rPh>`) left out, each
/// trimmed of ASCII whitespace unless it keeps its spaces (`xml:space="preserve"`), as
/// calamine's `read_string` reads them.
pub(super) fn push_rich_text(content: &[u8], out: &mut String) -> Result<(), Unsupported> {
    let mut at = 0;
    let mut phonetic = false;
    let mut value = String::new();
    while let Some(found) = memchr::memchr(b'<', &content[at..]) {
        let lt = at + found;
        let rest = &content[lt..];
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            return Err(Unsupported(
                "CDATA, a comment or an instruction in a string",
            ));
        }
        let closing = rest.starts_with(b"</");
        let name_start = lt + if closing { 2 } else { 1 };
        let name_len = content[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            .ok_or(Unsupported("an unterminated tag in a string"))?;
        let name = &content[name_start..name_start + name_len];
        if name.contains(&b':') {
            return Err(Unsupported("a namespace prefix in a string"));
        }
        let (end, empty) = tag_end(content, name_start + name_len)?;
        at = end;
        match (closing, name) {
            (false, b"rPh") => phonetic = !empty,
            (true, b"rPh") => phonetic = false,
            (false, b"t") if !phonetic => {
                let mut preserve = false;
                attributes(&content[name_start + 1..end], |name, value| {
                    if name == b"xml:space" && value == b"preserve" {
                        preserve = true;
                    }
                })?;
                value.clear();
                if !empty {
                    // Text holds no markup: it ends at the next '<', which must be </t>.
                    let close = memchr::memchr(b'<', &content[end..])
                        .filter(|&k| content[end + k..].starts_with(b"</t>"))
                        .ok_or(Unsupported("markup inside a <t>"))?;
                    let raw = &content[end..end + close];
                    push_content(raw, &mut value)?;
                    at = end + close + 4;
                }
                let kept = if preserve {
                    &value[..]
                } else {
                    value.trim_matches([' ', '\t', '\r', '\n'])
                };
                out.push_str(&unescape_excel(kept));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `rest` starts with the tag `open` ("<c") followed by the end of its name.
pub(super) fn is_tag(rest: &[u8], open: &[u8]) -> bool {
    rest.starts_with(open)
        && rest
            .get(open.len())
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
}

/// The index just past the `>` of the tag whose attributes start at `from`, and whether the
/// tag closes itself (`/>`). Quoted values may hold `>`.
pub(super) fn tag_end(xml: &[u8], from: usize) -> Result<(usize, bool), Unsupported> {
    let mut at = from;
    loop {
        let found = memchr::memchr3(b'>', b'"', b'\'', xml.get(at..).unwrap_or_default())
            .ok_or(Unsupported("an unterminated tag"))?;
        let i = at + found;
        match xml[i] {
            b'>' => return Ok((i + 1, i > from && xml[i - 1] == b'/')),
            quote => {
                let close = memchr::memchr(quote, &xml[i + 1..])
                    .ok_or(Unsupported("an unterminated attribute"))?;
                at = i + 1 + close + 1;
            }
        }
    }
}

/// Calls `found(name, raw value)` for each attribute of a tag, given from just after its name
/// to just past its `>`.
fn attributes<'x>(
    tag: &'x [u8],
    mut found: impl FnMut(&'x [u8], &'x [u8]),
) -> Result<(), Unsupported> {
    let bad = Unsupported("an attribute that does not parse");
    let mut at = 0;
    loop {
        while at < tag.len() && tag[at].is_ascii_whitespace() {
            at += 1;
        }
        match tag.get(at) {
            None | Some(b'>' | b'/') => return Ok(()),
            Some(_) => {}
        }
        let eq = at + memchr::memchr(b'=', &tag[at..]).ok_or(bad)?;
        let name = tag[at..eq].trim_ascii();
        let mut v = eq + 1;
        while v < tag.len() && tag[v].is_ascii_whitespace() {
            v += 1;
        }
        let quote = *tag.get(v).ok_or(bad)?;
        if quote != b'"' && quote != b'\'' {
            return Err(bad);
        }
        let close = v + 1 + memchr::memchr(quote, &tag[v + 1..]).ok_or(bad)?;
        found(name, &tag[v + 1..close]);
        at = close + 1;
    }
}

/// A row's 0-based number from its `r` ("12" is row 11).
fn row_number(r: &[u8]) -> Result<u32, Unsupported> {
    super::number(r)
        .and_then(|n| u32::try_from(n).ok())
        .and_then(|n| n.checked_sub(1))
        .ok_or(Unsupported("a row number that does not parse"))
}

/// A cell's 0-based (row, column) from its `r` ("B12" is (11, 1)).
fn cell_position(r: &[u8]) -> Result<(u32, u32), Unsupported> {
    let bad = Unsupported("a cell reference that does not parse");
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return Err(bad);
    }
    let col = r[..letters].iter().fold(0u32, |col, b| {
        col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    Ok((row_number(&r[letters..]).map_err(|_| bad)?, col - 1))
}
