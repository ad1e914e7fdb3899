//! Checks made on a workbook before any sheet is parsed: zip bombs, encryption, cell counts.

use crate::config::Limits;
use std::io::Read;

/// A reason not to open a workbook, found before parsing it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GuardError {
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
pub fn check_workbook(bytes: &[u8], extension: &str, limits: &Limits) -> Result<(), GuardError> {
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
        let Some(dimension) = head
            .split("<dimension ref=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        let cells = dimension_cells(dimension);
        if cells > max_cells {
            return Err(GuardError::TooManyCells {
                sheet: sheet_names
                    .iter()
                    .find(|(part, _)| *part == name)
                    .map_or_else(
                        || name.trim_start_matches("xl/worksheets/").to_string(),
                        |(_, sheet)| sheet.clone(),
                    ),
                dimension: dimension.to_string(),
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
    // Elements are split just after their tag name, so each starts with an attribute.
    let attribute = |element: &str, key: &str| -> Option<String> {
        let element = format!(" {element}");
        let start = element.find(&format!(" {key}=\""))? + key.len() + 3;
        let end = element[start..].find('"')? + start;
        Some(element[start..end].to_string())
    };
    workbook
        .split("<sheet ")
        .skip(1)
        .filter_map(|element| {
            let name = attribute(element, "name")?;
            let id = attribute(element, "r:id")?;
            let target = rels
                .split("<Relationship ")
                .find(|rel| attribute(rel, "Id").as_deref() == Some(id.as_str()))
                .and_then(|rel| attribute(rel, "Target"))?;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((part, unescape_xml(&name)))
        })
        .collect()
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
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
