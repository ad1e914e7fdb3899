//! A small export, hand-checked, written as XLSX, ODS and CSV files.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A cell of the fixture.
#[derive(Clone, Copy)]
pub enum V {
    T(&'static str),
    /// "YYYY-MM-DD HH:MM:SS" written as a real date cell in workbooks.
    D(&'static str),
    N(f64),
    E,
}

pub struct Sheet {
    pub name: &'static str,
    pub headers: &'static [&'static str],
    pub rows: Vec<Vec<V>>,
}

/// The export all format tests share. As of 2026-11-20 (end of day, UTC):
/// Alice owns L1 (trial, touched after 6 h, won deal), L2 (white paper, untouched for
/// 110 h: overdue) and L3 (white paper, 36 h old: pending). Bruno owns L4 (trial, 64 h old,
/// only touch dated before creation: overdue), L5 (white paper, touched after 48 h, one lost
/// and one open deal) and L6 (trial, 14 h old: pending). A5 points at an unknown lead.
pub fn export() -> Vec<Sheet> {
    use V::{D, E, N, T};
    vec![
        Sheet {
            name: "Leads",
            headers: &[
                "Lead ID",
                "Name",
                "Company",
                "Email",
                "Lead Source",
                "Offer",
                "Lead Owner",
                "Created Date",
                "Lead Status",
            ],
            rows: vec![
                vec![
                    T("L1"),
                    T("Ann Lee"),
                    T("Acme"),
                    T("ann@acme.com"),
                    T("Web"),
                    T("Trial Download"),
                    T("Alice"),
                    D("2026-11-16 09:00:00"),
                    T("Working"),
                ],
                vec![
                    T("L2"),
                    T("Bob Ray"),
                    T("Beta"),
                    T("bob@beta.com"),
                    T("Web"),
                    T("White Paper"),
                    T("Alice"),
                    D("2026-11-16 10:00:00"),
                    T("New"),
                ],
                vec![
                    T("L3"),
                    T("Cy Dee"),
                    T("Gamma"),
                    T("cy@gamma.com"),
                    T("Trade Show"),
                    T("White Paper"),
                    T("Alice"),
                    D("2026-11-19 12:00:00"),
                    T("New"),
                ],
                vec![
                    T("L4"),
                    T("Di Fox"),
                    T("Delta"),
                    T("di@delta.com"),
                    T("Trade Show"),
                    T("Trial Download"),
                    T("Bruno"),
                    D("2026-11-18 08:00:00"),
                    T("New"),
                ],
                vec![
                    T("L5"),
                    T("Ed Gray"),
                    T("Eps"),
                    T("ed@eps.com"),
                    T("Web"),
                    T("White Paper"),
                    T("Bruno"),
                    D("2026-11-10 09:00:00"),
                    T("Working"),
                ],
                vec![
                    T("L6"),
                    T("Flo Hart"),
                    T("Zeta"),
                    T("flo@zeta.com"),
                    T("Referral"),
                    T("Trial Download"),
                    T("Bruno"),
                    D("2026-11-20 10:00:00"),
                    T("New"),
                ],
            ],
        },
        Sheet {
            name: "Activities",
            headers: &[
                "Activity ID",
                "Lead ID",
                "Assigned To",
                "Activity Type",
                "Activity Date",
            ],
            rows: vec![
                vec![
                    T("A1"),
                    T("L1"),
                    T("Alice"),
                    T("Call"),
                    D("2026-11-16 15:00:00"),
                ],
                vec![
                    T("A2"),
                    T("L1"),
                    T("Alice"),
                    T("Email"),
                    D("2026-11-18 09:00:00"),
                ],
                vec![
                    T("A3"),
                    T("L5"),
                    T("Bruno"),
                    T("Call"),
                    D("2026-11-12 09:00:00"),
                ],
                vec![
                    T("A4"),
                    T("L4"),
                    T("Bruno"),
                    T("Call"),
                    D("2026-11-17 08:00:00"),
                ],
                vec![
                    T("A5"),
                    T("L9"),
                    T("Bruno"),
                    T("Call"),
                    D("2026-11-17 08:00:00"),
                ],
            ],
        },
        Sheet {
            name: "Opportunities",
            headers: &[
                "Opportunity ID",
                "Lead ID",
                "Opportunity Owner",
                "Created Date",
                "Stage",
                "Close Date",
                "Amount",
            ],
            rows: vec![
                vec![
                    T("O1"),
                    T("L1"),
                    T("Alice"),
                    D("2026-11-18 00:00:00"),
                    T("Closed Won"),
                    D("2026-11-19 00:00:00"),
                    T("$12,000.00"),
                ],
                vec![
                    T("O2"),
                    T("L5"),
                    T("Bruno"),
                    D("2026-11-13 00:00:00"),
                    T("Closed Lost"),
                    D("2026-11-17 00:00:00"),
                    N(5000.0),
                ],
                vec![
                    T("O3"),
                    T("L5"),
                    T("Bruno"),
                    D("2026-11-14 00:00:00"),
                    T("Negotiation"),
                    E,
                    N(8000.0),
                ],
            ],
        },
    ]
}

pub fn write_xlsx(sheets: &[Sheet], path: &Path) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name).unwrap();
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    V::T(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    V::D(s) => {
                        let dt = ExcelDateTime::parse_from_str(s).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    V::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    V::E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

pub fn write_csv(sheets: &[Sheet], dir: &Path) -> Vec<PathBuf> {
    sheets
        .iter()
        .map(|sheet| {
            let mut text = sheet.headers.join(",");
            text.push('\n');
            for row in &sheet.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        V::T(s) if s.contains(',') => format!("\"{s}\""),
                        V::T(s) | V::D(s) => (*s).to_string(),
                        V::N(n) => n.to_string(),
                        V::E => String::new(),
                    })
                    .collect();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            let path = dir.join(format!("{}.csv", sheet.name.to_lowercase()));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

/// A minimal OpenDocument spreadsheet, written by hand (mimetype, manifest, content).
pub fn write_ods(sheets: &[Sheet], path: &Path) {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    for sheet in sheets {
        content.push_str(&format!(r#"<table:table table:name="{}">"#, sheet.name));
        let header: Vec<V> = sheet.headers.iter().map(|h| V::T(h)).collect();
        for row in std::iter::once(&header).chain(sheet.rows.iter()) {
            content.push_str("<table:table-row>");
            for v in row {
                content.push_str(&match v {
                    V::T(s) => format!(r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#),
                    V::D(s) => format!(
                        r#"<table:table-cell office:value-type="date" office:date-value="{}"><text:p>{s}</text:p></table:table-cell>"#,
                        s.replace(' ', "T")
                    ),
                    V::N(n) => format!(r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#),
                    V::E => "<table:table-cell/>".to_string(),
                });
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}
