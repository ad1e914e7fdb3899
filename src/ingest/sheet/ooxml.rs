//! Our own reader of an XLSX workbook's cells, for the shape nearly every export has, giving
//! the very values calamine's streaming reader gives (`DataRef`s) in less time: the shared
//! strings are read once for all sheets (calamine reads them once per reader, and each thread
//! has one), and the sheet XML is scanned for its few element kinds instead of being parsed
//! event by event.
//!
//! Anything outside that shape — a namespace prefix on a cell element, CDATA, a text
//! encoding other than UTF-8, a part calamine would refuse — is [`Unsupported`], and the
//! caller reads the workbook (or the sheet) with calamine, which gives its own values or its
//! own error. `tests` compares both readers cell by cell on every workbook the repository
//! holds.

use calamine::SheetVisible;
use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType, Sheet, SheetType};
use std::io::{Cursor, Read};

mod cells;
mod pipe;
mod text;

pub(super) use cells::SheetCells;

/// Why a workbook or a sheet is left to calamine: what our reader does not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unsupported(pub &'static str);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "left to calamine: {}", self.0)
    }
}

impl std::error::Error for Unsupported {}

/// A workbook opened for its cells: the sheets and their parts, the shared strings and the
/// number formats, read once; each sheet is then read from its own reader of the zip.
pub(super) struct Package<'b> {
    bytes: &'b [u8],
    /// The sheets in workbook order, as calamine's `sheets_metadata` lists them.
    pub sheets: Vec<Sheet>,
    /// The zip part of each sheet of `sheets`.
    parts: Vec<String>,
    strings: Strings,
    formats: Vec<NumberKind>,
    is_1904: bool,
}

impl<'b> Package<'b> {
    /// Reads the workbook's parts other than its sheets.
    ///
    /// # Errors
    /// [`Unsupported`] for a workbook our reader does not take (calamine reads it).
    pub(super) fn open(bytes: &'b [u8]) -> Result<Self, Unsupported> {
        let mut zip = archive(bytes)?;
        let root = read_text(&mut zip, "_rels/.rels")?.ok_or(Unsupported("no _rels/.rels"))?;
        let workbook_path = relationships(&root)
            .into_iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map(|r| r.target.trim_start_matches('/').to_string())
            .ok_or(Unsupported("no workbook part"))?;
        let (dir, file) = match workbook_path.rfind('/') {
            Some(at) => workbook_path.split_at(at + 1),
            None => ("", workbook_path.as_str()),
        };
        let workbook =
            read_text(&mut zip, &workbook_path)?.ok_or(Unsupported("no workbook part"))?;
        let rels = read_text(&mut zip, &format!("{dir}_rels/{file}.rels"))?
            .ok_or(Unsupported("no workbook relationships"))?;
        let rels = relationships(&rels);
        let (listed, is_1904) = workbook_sheets(&workbook)?;
        let mut sheets = Vec::new();
        let mut parts = Vec::new();
        for (name, visible, id) in listed {
            let rel = rels
                .iter()
                .find(|r| r.id == id)
                .ok_or(Unsupported("a sheet without its relationship"))?;
            let typ = match rel.kind.rsplit('/').next() {
                Some("worksheet") => SheetType::WorkSheet,
                Some("chartsheet") => SheetType::ChartSheet,
                Some("dialogsheet") => SheetType::DialogSheet,
                _ => return Err(Unsupported("a sheet of another kind")),
            };
            if rel.target.contains("..") {
                return Err(Unsupported("a sheet part outside the workbook's folder"));
            }
            parts.push(match rel.target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("{dir}{}", rel.target),
            });
            sheets.push(Sheet { name, typ, visible });
        }
        let formats = match read_text(&mut zip, &format!("{dir}styles.xml"))? {
            Some(styles) => number_kinds(&styles)?,
            None => Vec::new(),
        };
        let strings = match read_part(&mut zip, &format!("{dir}sharedStrings.xml"))? {
            Some(xml) => Strings::parse(&xml)?,
            None => Strings::default(),
        };
        Ok(Package {
            bytes,
            sheets,
            parts,
            strings,
            formats,
            is_1904,
        })
    }

    /// A reader of the zip, for [`Package::cells`]: one per thread.
    ///
    /// # Errors
    /// When the zip cannot be read (it could when the package was opened).
    pub(super) fn archive(&self) -> Result<zip::ZipArchive<Cursor<&'b [u8]>>, Unsupported> {
        archive(self.bytes)
    }

    /// Reads the cells of sheet `name` from `zip` (see [`Package::archive`]) with `read`.
    /// The part is unpacked on a thread of its own while `read` scans it.
    ///
    /// # Errors
    /// [`Unsupported`] when the sheet is not in the workbook or its part cannot be opened.
    pub(super) fn with_cells<T>(
        &self,
        zip: &mut zip::ZipArchive<Cursor<&'b [u8]>>,
        name: &str,
        read: impl FnOnce(&mut SheetCells<'_, pipe::Chunks>) -> T,
    ) -> Result<T, Unsupported> {
        let k = self
            .sheets
            .iter()
            .position(|s| s.name == name)
            .ok_or(Unsupported("no such sheet"))?;
        let part = zip
            .by_name(&self.parts[k])
            .map_err(|_| Unsupported("a sheet part that cannot be opened"))?;
        let values = Values {
            strings: &self.strings,
            formats: &self.formats,
            is_1904: self.is_1904,
        };
        Ok(std::thread::scope(|scope| {
            let (sender, chunks) = pipe::pipe();
            scope.spawn(move || pipe::pump(part, &sender));
            read(&mut SheetCells::new(chunks, values))
        }))
    }
}

fn archive(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, Unsupported> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Unsupported("not a zip calamine-free"))
}

/// The bytes of part `name`; `None` when the zip has no such part.
fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, Unsupported> {
    if zip.index_for_name(name).is_none() {
        // calamine finds parts whatever the case of their names.
        if zip
            .file_names()
            .any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
        {
            return Err(Unsupported("a part named in another case"));
        }
        return Ok(None);
    }
    let mut part = zip
        .by_name(name)
        .map_err(|_| Unsupported("a part that cannot be opened"))?;
    let mut bytes = Vec::with_capacity(usize::try_from(part.size()).unwrap_or(0));
    part.read_to_end(&mut bytes)
        .map_err(|_| Unsupported("a part that cannot be unpacked"))?;
    Ok(Some(bytes))
}

/// Part `name` as text, after its declaration was checked (see [`xml_start`]).
fn read_text<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, Unsupported> {
    let Some(bytes) = read_part(zip, name)? else {
        return Ok(None);
    };
    let start = xml_start(&bytes)?;
    String::from_utf8(bytes[start..].to_vec())
        .map(Some)
        .map_err(|_| Unsupported("a part that is not UTF-8"))
}

/// Where the XML of a part starts, past a UTF-8 byte-order mark; [`Unsupported`] when the
/// part declares (or marks) another encoding.
fn xml_start(head: &[u8]) -> Result<usize, Unsupported> {
    let start = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    if head.starts_with(&[0xFE, 0xFF]) || head.starts_with(&[0xFF, 0xFE]) {
        return Err(Unsupported("a part in UTF-16"));
    }
    let head = &head[start..head.len().min(start + 200)];
    if head.starts_with(b"<?xml") {
        let declaration = &head[..memchr::memchr(b'>', head).unwrap_or(head.len())];
        let declaration = String::from_utf8_lossy(declaration).to_ascii_lowercase();
        if let Some(at) = declaration.find("encoding=") {
            let value = declaration[at + 9..].trim_start_matches(['"', '\'']);
            if !value.starts_with("utf-8") {
                return Err(Unsupported("a part in another encoding than UTF-8"));
            }
        }
    }
    Ok(start)
}

/// One `<Relationship>` of a `.rels` part.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &str) -> Vec<Relationship> {
    use crate::ingest::guard::{attribute, elements};
    elements(xml, "Relationship")
        .filter_map(|rel| {
            Some(Relationship {
                id: attribute(&rel, "Id")?,
                kind: attribute(&rel, "Type").unwrap_or_default(),
                target: attribute(&rel, "Target").unwrap_or_default(),
            })
        })
        .collect()
}

/// A `<sheet>` of workbook.xml: its name, visibility and relationship id.
type Listed = (String, SheetVisible, String);

/// The `<sheet>`s of workbook.xml and whether its dates count from 1904.
fn workbook_sheets(xml: &str) -> Result<(Vec<Listed>, bool), Unsupported> {
    use crate::ingest::guard::{attribute, elements};
    let mut sheets = Vec::new();
    for sheet in elements(xml, "sheet") {
        let name = attribute(&sheet, "name").unwrap_or_default();
        let visible = match attribute(&sheet, "state").as_deref() {
            None | Some("visible") => SheetVisible::Visible,
            Some("hidden") => SheetVisible::Hidden,
            Some("veryHidden") => SheetVisible::VeryHidden,
            Some(_) => return Err(Unsupported("a sheet state calamine refuses")),
        };
        let id = attribute(&sheet, "id").unwrap_or_default();
        sheets.push((name, visible, id));
    }
    let is_1904 = elements(xml, "workbookPr")
        .filter_map(|pr| attribute(&pr, "date1904"))
        .last()
        .is_some_and(|v| v == "1" || v == "true");
    Ok((sheets, is_1904))
}

/// What a cell's number is, by its style's number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberKind {
    Other,
    DateTime,
    TimeDelta,
}

/// The kind of number each cell style (`<cellXfs>`'s `<xf>`s, in order) formats, as
/// calamine decides it.
fn number_kinds(xml: &str) -> Result<Vec<NumberKind>, Unsupported> {
    use crate::ingest::guard::attribute;
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut custom: Vec<(String, String)> = Vec::new();
    let mut kinds = Vec::new();
    let (mut in_num_fmts, mut in_cell_xfs) = (false, false);
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.local_name().as_ref() {
                    "numFmts" => in_num_fmts = false,
                    "cellXfs" => in_cell_xfs = false,
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) => return Ok(kinds),
            Err(_) => return Err(Unsupported("styles.xml that does not parse")),
            Ok(_) => continue,
        };
        match e.local_name().as_ref() {
            "numFmts" => in_num_fmts = !empty,
            "cellXfs" => in_cell_xfs = !empty,
            "numFmt" if in_num_fmts => {
                let id = attribute(&e, "numFmtId");
                if let (Some(id), Some(code)) = (id, attribute(&e, "formatCode")) {
                    custom.push((id, code));
                }
            }
            "xf" if in_cell_xfs => {
                kinds.push(attribute(&e, "numFmtId").map_or(NumberKind::Other, |id| {
                    match custom.iter().rev().find(|(c, _)| *c == id) {
                        Some((_, code)) => custom_number_kind(code),
                        None => builtin_number_kind(&id),
                    }
                }));
            }
            _ => {}
        }
    }
}

/// Excel's built-in number formats that are dates or times (ECMA-376 18.8.30), as calamine
/// reads them.
fn builtin_number_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => NumberKind::DateTime,
        "46" => NumberKind::TimeDelta,
        _ => NumberKind::Other,
    }
}

/// Whether a custom number format code formats dates, times or durations: calamine's
/// `detect_custom_number_format` (MIT, after openpyxl), so both readers agree.
fn custom_number_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberKind::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberKind::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0)
            | ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberKind::Other
}

/// The shared strings, in one buffer.
#[derive(Default)]
struct Strings {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    /// Reads sharedStrings.xml: each `<si>` is one string, the text of its `<t>`s (those of
    /// phonetic runs left out).
    fn parse(xml: &[u8]) -> Result<Strings, Unsupported> {
        let start = xml_start(xml)?;
        let xml = &xml[start..];
        let mut strings = Strings::default();
        let sst = memchr::memmem::find(xml, b"<sst").ok_or(Unsupported("no <sst>"))?;
        let mut at = cells::tag_end(xml, sst + 4)?.0;
        let close_si = memchr::memmem::Finder::new(b"</si>");
        loop {
            let lt = at + memchr::memchr(b'<', &xml[at..]).ok_or(Unsupported("no </sst>"))?;
            let rest = &xml[lt..];
            if rest.starts_with(b"</sst>") {
                return Ok(strings);
            }
            if !cells::is_tag(rest, b"<si") {
                return Err(Unsupported(
                    "an element other than <si> in the shared strings",
                ));
            }
            let (open_end, empty) = cells::tag_end(xml, lt + 3)?;
            if empty {
                at = open_end;
            } else {
                let close = open_end
                    + close_si
                        .find(&xml[open_end..])
                        .ok_or(Unsupported("an unclosed <si>"))?;
                cells::push_rich_text(&xml[open_end..close], &mut strings.text)?;
                at = close + 5;
            }
            strings.ends.push(strings.text.len());
        }
    }
}

/// What a sheet's values are read with.
#[derive(Clone, Copy)]
struct Values<'p> {
    strings: &'p Strings,
    formats: &'p [NumberKind],
    is_1904: bool,
}

impl<'p> Values<'p> {
    /// The value of a `<v>` whose text is `v`, with the cell's style `s` and type `t`: what
    /// calamine's `read_v` gives.
    fn value(
        self,
        v: &str,
        s: Option<&[u8]>,
        t: Option<&[u8]>,
    ) -> Result<DataRef<'p>, Unsupported> {
        let kind = match s {
            Some(s) => self.formats.get(index(s)).copied(),
            None => Some(NumberKind::Other),
        };
        Ok(match t {
            Some(b"s") => {
                if v.is_empty() {
                    return Ok(DataRef::Empty);
                }
                self.strings
                    .get(index(v.as_bytes()))
                    .map(DataRef::SharedString)
                    .ok_or(Unsupported("a shared string that is not in the table"))?
            }
            Some(b"b") => match v.trim() {
                "" => DataRef::Empty,
                "0" => DataRef::Bool(false),
                "1" => DataRef::Bool(true),
                b if b.eq_ignore_ascii_case("false") => DataRef::Bool(false),
                b if b.eq_ignore_ascii_case("true") => DataRef::Bool(true),
                _ => return Err(Unsupported("a boolean that is neither")),
            },
            Some(b"d") => DataRef::DateTimeIso(v.to_string()),
            Some(b"e") => DataRef::Error(match v {
                "#DIV/0!" => CellErrorType::Div0,
                "#N/A" => CellErrorType::NA,
                "#NAME?" => CellErrorType::Name,
                "#NULL!" => CellErrorType::Null,
                "#NUM!" => CellErrorType::Num,
                "#REF!" => CellErrorType::Ref,
                "#VALUE!" => CellErrorType::Value,
                _ => return Err(Unsupported("an error value calamine refuses")),
            }),
            Some(b"str") => DataRef::String(text::unescape_excel(v).into_owned()),
            Some(b"n") | None => {
                if v.is_empty() {
                    return Ok(DataRef::Empty);
                }
                match fast_float2::parse::<f64, _>(v.as_bytes()) {
                    Ok(n) => match kind {
                        Some(NumberKind::DateTime) => DataRef::DateTime(ExcelDateTime::new(
                            n,
                            ExcelDateTimeType::DateTime,
                            self.is_1904,
                        )),
                        Some(NumberKind::TimeDelta) => DataRef::DateTime(ExcelDateTime::new(
                            n,
                            ExcelDateTimeType::TimeDelta,
                            self.is_1904,
                        )),
                        _ => DataRef::Float(n),
                    },
                    Err(_) if t.is_none() => DataRef::String(v.to_string()),
                    Err(_) => return Err(Unsupported("a number that does not parse")),
                }
            }
            Some(_) => return Err(Unsupported("a cell type calamine refuses")),
        })
    }
}

/// A style or string index as calamine reads one: 0 when it is not a number.
fn index(digits: &[u8]) -> usize {
    number(digits).unwrap_or(0)
}

/// The number `digits` (ASCII, at most 18 of them) writes; `None` for anything else.
fn number(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0usize, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests;
