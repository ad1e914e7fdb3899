//! Checks made on a workbook before any sheet is parsed: zip bombs, encryption, cell counts.
//!
//! The zip directory is read with the `zip` crate; the few XML parts looked at (each sheet's
//! `<dimension>`, the sheet names in `xl/workbook.xml` and its relationships) are read with
//! `quick-xml`, the parser calamine itself uses, matching elements and attributes by local
//! name as calamine does.

use crate::config::Limits;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// A reason not to open a workbook, found before parsing it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum GuardError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error(
        "the workbook is password-protected (encrypted); save an unprotected copy and run again"
    )]
    Encrypted,
    #[error(
        "not a valid {format} workbook: {detail}; if it is another format, give it the matching extension"
    )]
    NotAWorkbook {
        format: &'static str,
        detail: String,
    },
    #[error(
        "part {part} would unpack to {size} bytes, {ratio} times its packed size (limit {limit}): refusing a possible zip bomb; raise [limits] max-compression-ratio if the file is genuine"
    )]
    Ratio {
        part: String,
        size: u64,
        ratio: u64,
        limit: u64,
    },
    #[error(
        "the workbook would unpack to {mib} MiB (limit {limit} MiB); raise [limits] max-uncompressed-mib if the file is genuine"
    )]
    TooLarge { mib: u64, limit: u64 },
    #[error(
        "sheet {sheet} declares {cells} cells ({dimension}), over the limit of {limit}; raise [limits] max-cells if the file is genuine"
    )]
    TooManyCells {
        sheet: String,
        dimension: String,
        cells: u64,
        limit: u64,
    },
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: [u8; 4] = [b'P', b'K', 0x03, 0x04];

/// Checks a workbook's bytes according to its extension (lowercase, without dot).
///
/// # Errors
/// A [`GuardError`] saying why the workbook must not be opened.
pub(crate) fn check_workbook(
    bytes: &[u8],
    extension: &str,
    limits: &Limits,
) -> Result<(), GuardError> {
    if bytes.is_empty() {
        return Err(GuardError::Empty);
    }
    let zipped = matches!(extension, "xlsx" | "xlsm" | "xlsb" | "ods");
    if zipped && bytes.starts_with(&OLE_MAGIC) {
        // Office writes encrypted OOXML as an OLE compound file holding an EncryptedPackage.
        return Err(GuardError::Encrypted);
    }
    if zipped {
        if !bytes.starts_with(&ZIP_MAGIC) {
            return Err(GuardError::NotAWorkbook {
                format: format_name(extension),
                detail: "it is not a zip archive".to_string(),
            });
        }
        check_zip(bytes, limits, extension)?;
    } else if extension == "xls" && !bytes.starts_with(&OLE_MAGIC) {
        return Err(GuardError::NotAWorkbook {
            format: "XLS",
            detail: "it is not an OLE compound file".to_string(),
        });
    }
    Ok(())
}

fn format_name(extension: &str) -> &'static str {
    match extension {
        "xlsm" => "XLSM",
        "xlsb" => "XLSB",
        "ods" => "ODS",
        "xls" => "XLS",
        _ => "XLSX",
    }
}

fn check_zip(bytes: &[u8], limits: &Limits, extension: &str) -> Result<(), GuardError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        GuardError::NotAWorkbook {
            format: format_name(extension),
            detail: e.to_string(),
        }
    })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        let ratio = size / packed;
        // Tiny parts compress absurdly well and are harmless; judge parts over 1 MiB.
        if size > (1 << 20) && ratio > limits.max_compression_ratio {
            return Err(GuardError::Ratio {
                part: entry.name().map(|n| n.into_owned()).unwrap_or_default(),
                size,
                ratio,
                limit: limits.max_compression_ratio,
            });
        }
    }
    let mib = total >> 20;
    if mib > limits.max_uncompressed_mib {
        return Err(GuardError::TooLarge {
            mib,
            limit: limits.max_uncompressed_mib,
        });
    }
    if matches!(extension, "xlsx" | "xlsm") {
        check_dimensions(&mut archive, limits.max_cells)?;
    }
    Ok(())
}

/// Reads each worksheet's `<dimension ref="A1:S3001"/>` (near the start of the part) and
/// refuses sheets declaring more cells than the limit.
fn check_dimensions<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    max_cells: u64,
) -> Result<(), GuardError> {
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(std::borrow::Cow::into_owned)
        .collect();
    let sheet_names = sheet_names_by_part(archive);
    for name in names {
        let Ok(entry) = archive.by_name(&name) else {
            continue;
        };
        let mut head = Vec::with_capacity(4096);
        if entry.take(4096).read_to_end(&mut head).is_err() {
            continue;
        }
        let head = String::from_utf8_lossy(&head);
        let Some(dimension) = elements(&head, "dimension")
            .next()
            .and_then(|element| attribute(&element, "ref"))
        else {
            continue;
        };
        let cells = dimension_cells(&dimension);
        if cells > max_cells {
            return Err(GuardError::TooManyCells {
                sheet: sheet_names
                    .iter()
                    .find(|(part, _)| *part == name)
                    .map_or_else(
                        || name.trim_start_matches("xl/worksheets/").to_string(),
                        |(_, sheet)| sheet.clone(),
                    ),
                dimension,
                cells,
                limit: max_cells,
            });
        }
    }
    Ok(())
}

/// (part path, sheet name) pairs, from xl/workbook.xml and its relationships, so messages
/// can say "sheet Leads" rather than "xl/worksheets/sheet1.xml".
fn sheet_names_by_part<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Vec<(String, String)> {
    let mut read = |name: &str| -> String {
        let mut text = String::new();
        if let Ok(mut entry) = archive.by_name(name) {
            let _ = entry.read_to_string(&mut text);
        }
        text
    };
    let workbook = read("xl/workbook.xml");
    let rels = read("xl/_rels/workbook.xml.rels");
    let targets: Vec<(String, String)> = elements(&rels, "Relationship")
        .filter_map(|rel| Some((attribute(&rel, "Id")?, attribute(&rel, "Target")?)))
        .collect();
    elements(&workbook, "sheet")
        .filter_map(|sheet| {
            let name = attribute(&sheet, "name")?;
            // `r:id`, whatever the prefix.
            let id = attribute(&sheet, "id")?;
            let (_, target) = targets.iter().find(|(rel, _)| *rel == id)?;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((part, name))
        })
        .collect()
}

/// The elements named `local` (whatever their namespace prefix) in `xml`, in document order.
/// The search ends at the first XML error, which is where a part read only in part ends.
pub(crate) fn elements<'x>(
    xml: &'x str,
    local: &'static str,
) -> impl Iterator<Item = BytesStart<'x>> {
    let mut reader = Reader::from_str(xml);
    // As calamine reads sheets: mismatched end tags are not an error.
    reader.config_mut().check_end_names = false;
    std::iter::from_fn(move || {
        loop {
            match reader.read_event() {
                Ok(Event::Start(element) | Event::Empty(element))
                    if element.local_name().as_ref() == local =>
                {
                    return Some(element);
                }
                Ok(Event::Eof) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    })
    .fuse()
}

/// The value of `element`'s attribute named `local` (whatever its prefix: "id" finds `r:id`),
/// with entity and character references replaced; the raw value if one is unknown.
pub(crate) fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    let attribute = element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)?;
    Some(quick_xml::escape::unescape(&attribute.value).map_or_else(
        |_| attribute.value.to_string(),
        std::borrow::Cow::into_owned,
    ))
}

/// Cells in an A1-style range such as "A1:S3001" (1 for a single cell).
fn dimension_cells(dimension: &str) -> u64 {
    let parse = |cell: &str| -> (u64, u64) {
        let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
        let col = letters.bytes().fold(0u64, |acc, b| {
            acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
        });
        let row = cell[letters.len()..].parse().unwrap_or(1);
        (col, row)
    };
    let mut parts = dimension.split(':');
    let (c1, r1) = parse(parts.next().unwrap_or("A1"));
    let (c2, r2) = parts.next().map_or((c1, r1), parse);
    (c2.abs_diff(c1) + 1) * (r2.abs_diff(r1) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cells_of_a_dimension() {
        assert_eq!(dimension_cells("A1:S3001"), 19 * 3001);
        assert_eq!(dimension_cells("B3"), 1);
        assert_eq!(dimension_cells("A1:XFD1048576"), 16_384 * 1_048_576);
    }

    #[test]
    fn refuses_empty_encrypted_and_non_zip_files() {
        let limits = Limits::default();
        assert_eq!(check_workbook(b"", "xlsx", &limits), Err(GuardError::Empty));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 100]);
        assert_eq!(
            check_workbook(&ole, "xlsx", &limits),
            Err(GuardError::Encrypted)
        );
        assert_eq!(
            check_workbook(b"hello world", "xlsx", &limits),
            Err(GuardError::NotAWorkbook {
                format: "XLSX",
                detail: "it is not a zip archive".to_string()
            })
        );
    }

    /// An XLSX-shaped zip of the given parts (stored, not compressed).
    fn workbook(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Notes" sheetId="1" r:id="rId1"/><sheet name="Leads &amp; &#8220;more&#8221;" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Target="/xl/worksheets/sheet2.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Id="rId2"/></Relationships>"#;

    fn too_many_cells(sheet2: &str) -> Result<(), GuardError> {
        let limits = Limits {
            max_cells: 100,
            ..Limits::default()
        };
        let bytes = workbook(&[
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", RELS),
            (
                "xl/worksheets/sheet1.xml",
                r#"<worksheet><dimension ref="A1:B2"/><sheetData/></worksheet>"#,
            ),
            ("xl/worksheets/sheet2.xml", sheet2),
        ]);
        check_workbook(&bytes, "xlsx", &limits)
    }

    #[test]
    fn refuses_a_sheet_declaring_too_many_cells_by_its_name() {
        let err = too_many_cells(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/><dimension ref="A1:J11"/><sheetData/></worksheet>"#,
        );
        assert_eq!(
            err,
            Err(GuardError::TooManyCells {
                sheet: "Leads & \u{201c}more\u{201d}".to_string(),
                dimension: "A1:J11".to_string(),
                cells: 110,
                limit: 100,
            })
        );
    }

    #[test]
    fn reads_a_prefixed_single_quoted_dimension() {
        let err = too_many_cells(
            r#"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref='A1:J11'></x:dimension><x:sheetData/></x:worksheet>"#,
        );
        assert!(
            matches!(&err, Err(GuardError::TooManyCells { cells: 110, .. })),
            "{err:?}"
        );
    }

    #[test]
    fn a_sheet_without_a_dimension_near_its_start_is_let_through() {
        // No dimension, and one past the 4096 bytes read.
        assert_eq!(
            too_many_cells("<worksheet><sheetData/></worksheet>"),
            Ok(())
        );
        let late = format!(
            "<worksheet><sheetPr>{}</sheetPr><dimension ref=\"A1:J11\"/></worksheet>",
            "<x/>".repeat(1200)
        );
        assert_eq!(too_many_cells(&late), Ok(()));
        // Cut short in the middle of a tag (as the 4096-byte head is): no error, no dimension.
        assert_eq!(too_many_cells("<worksheet><sheetPr><dimen"), Ok(()));
    }

    #[test]
    fn refuses_a_zip_bomb() {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("xl/worksheets/sheet1.xml", options).unwrap();
            let zeros = vec![0u8; 1 << 20];
            for _ in 0..64 {
                w.write_all(&zeros).unwrap();
            }
            w.finish().unwrap();
        }
        let bytes = buf.into_inner();
        let err = check_workbook(&bytes, "xlsx", &Limits::default()).unwrap_err();
        match err {
            GuardError::Ratio { part, size, .. } => {
                assert_eq!(part, "xl/worksheets/sheet1.xml");
                assert_eq!(size, 64 << 20);
            }
            other => panic!("expected a ratio error, got {other:?}"),
        }
    }
}
