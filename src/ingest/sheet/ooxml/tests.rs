//! Our reader against calamine's, cell by cell: on the sample export, the demo's Dynamics
//! workbook, our own report workbook, the real exports in `../shared/realdata` when that
//! folder is there, and hand-made parts with every construct the reader takes (and some it
//! leaves to calamine).

use super::*;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::io::Write;
use std::path::Path;

/// A sheet's cells: position and value.
type Cells = Vec<((u32, u32), Data)>;

/// The sheets (name, type, visibility) and every cell of each worksheet, as calamine's
/// streaming reader gives them.
fn by_calamine(bytes: &[u8]) -> (Vec<String>, Vec<Cells>) {
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it");
    let sheets = xlsx.sheets_metadata().to_vec();
    let mut all = Vec::new();
    for sheet in &sheets {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        let mut reader = xlsx
            .worksheet_cells_reader(&sheet.name)
            .expect("a worksheet");
        let mut cells = Vec::new();
        while let Some(cell) = reader.next_cell().expect("calamine reads it") {
            cells.push((cell.get_position(), Data::from(cell.get_value().clone())));
        }
        all.push(cells);
    }
    (sheets.iter().map(|s| format!("{s:?}")).collect(), all)
}

/// The same with our reader.
fn by_ooxml(bytes: &[u8]) -> Result<(Vec<String>, Vec<Cells>), Unsupported> {
    let package = Package::open(bytes)?;
    let mut zip = package.archive()?;
    let mut all = Vec::new();
    for sheet in &package.sheets {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        let cells = package.with_cells(&mut zip, &sheet.name, |reader| {
            let mut cells = Vec::new();
            while let Some(cell) = reader.next_cell()? {
                cells.push((cell.get_position(), Data::from(cell.get_value().clone())));
            }
            Ok(cells)
        })??;
        all.push(cells);
    }
    Ok((
        package.sheets.iter().map(|s| format!("{s:?}")).collect(),
        all,
    ))
}

/// How many `<c ` elements the worksheet parts hold, counted in their text.
fn cell_elements(bytes: &[u8]) -> usize {
    let mut zip = archive(bytes).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_string())
        .collect();
    names
        .iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .map(|n| {
            let xml = read_part(&mut zip, n).unwrap().unwrap();
            memchr::memmem::find_iter(&xml, b"<c ").count()
        })
        .sum()
}

/// Asserts that our reader takes the workbook and reads what calamine reads; returns how
/// many cells it read.
fn assert_same(bytes: &[u8], what: &str) -> usize {
    let ours = by_ooxml(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    let theirs = by_calamine(bytes);
    assert_eq!(ours.0, theirs.0, "{what}: sheets");
    for (k, (a, b)) in ours.1.iter().zip(&theirs.1).enumerate() {
        assert_eq!(a.len(), b.len(), "{what}: cells of sheet {k}");
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x, y, "{what}: sheet {k}");
        }
    }
    ours.1.iter().map(Vec::len).sum()
}

#[test]
fn the_sample_export_reads_as_calamine_reads_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/export.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    // As many cells as the sheets' XML has `<c>` elements.
    assert_eq!(
        assert_same(&bytes, "sample-data/export.xlsx"),
        cell_elements(&bytes)
    );
}

#[test]
fn the_dynamics_workbook_and_our_report_workbook_read_as_calamine_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let export = crate::demo::generate(&crate::demo::DemoOptions {
        leads: 300,
        seed: 3,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    });
    let files =
        crate::demo::dialect::write(&export, crate::demo::dialect::Dialect::Dynamics, dir.path())
            .unwrap();
    let mut read = 0;
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "xlsx"))
    {
        read += assert_same(&std::fs::read(file).unwrap(), &file.display().to_string());
    }
    assert!(
        read > 300,
        "the Dynamics workbooks hold the leads: {read} cells"
    );
    // Our report workbook: inline strings, links, dates, numbers, several sheets.
    let report = crate::render::fixture::full_report();
    let bytes = crate::render::xlsx::summary_xlsx(&report).unwrap();
    assert!(assert_same(&bytes, "the summary workbook") > 100);
}

#[test]
fn the_real_exports_read_as_calamine_reads_them_when_they_are_here() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata");
    let files = [
        "crm-lead-funnel-xlsx/CRM.xlsx",
        "maven-crm-excel-workbook/data_model.xlsx",
        "x-education-lead-scoring/Leads Data Dictionary.xlsx",
    ];
    for file in files {
        let path = root.join(file);
        if let Ok(bytes) = std::fs::read(&path) {
            assert!(assert_same(&bytes, file) > 0, "{file}");
        } else {
            eprintln!("not here, not compared: {}", path.display());
        }
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/>
  <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
  <Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"#;

/// Styles: 0 general, 1 built-in date (14), 2 custom date and time, 3 a duration, 4 a
/// currency with a quoted "d" (not a date), 5 a date-time built-in (22).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="[h]:mm:ss"/><numFmt numFmtId="166" formatCode="&quot;d&quot;#,##0.00"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/></cellXfs><dxfs count="1"><dxf><numFmt numFmtId="167" formatCode="yyyy"/></dxf></dxfs></styleSheet>"#;

/// Shared strings: plain, rich runs, a phonetic run, kept and trimmed spaces, references,
/// line ends, Excel escapes, an empty item and an empty `<si/>`.
const STRINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"9\" uniqueCount=\"9\">\
<si><t>Lead ID</t></si>\
<si><r><rPr><b/><sz val=\"11\"/></rPr><t>Acme</t></r><r><t xml:space=\"preserve\"> &amp; Sons</t></r></si>\
<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>\
<si><t xml:space=\"preserve\">  kept  </t></si>\
<si><t>\n  trimmed\t</t></si>\
<si><t>a&lt;b&gt;c &quot;q&quot; &apos;s&apos; &#233;&#x263A;</t></si>\
<si><t>line one\r\nline two_x000D_end</t></si>\
<si><t></t></si>\
<si/>\
</sst>";

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="false"/><sheets><sheet name="Leads &amp; more" sheetId="1" r:id="rId1"/><sheet name="Hidden" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Empty" sheetId="3" r:id="rId3"/></sheets></workbook>"#;

/// A sheet with every value kind our reader takes, pretty-printed in part.
const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:J9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>
  <row r="1" spans="1:10">
    <c r="A1" t="s"><v>0</v></c>
    <c r="B1" t="s" s="0"><v>1</v></c>
    <c r='C1' t='s'><v>2</v></c>
    <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c><c r="I1" t="s"><v>8</v></c>
  </row>
  <row r="2"><c r="A2"><v>42</v></c><c r="B2" s="1"><v>46346</v></c><c r="C2" s="2"><v>46346.375</v></c><c r="D2" s="3"><v>1.5</v></c><c r="E2" s="4"><v>12.5</v></c><c r="F2" s="5"><v>46346.5</v></c><c r="G2" s="99"><v>7</v></c><c r="H2" t="n"><v>-3.25E2</v></c><c r="I2"><v>not a number</v></c></row>
  <row r="4" ht="20" customHeight="1"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>false</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" t="str"><f>A1&amp;"x"</f><v>Lead IDx_x000D_</v></c><c r="E4" t="d"><v>2026-11-20T09:00:00</v></c><c r="F4"><f>1+1</f><v>2</v></c><c r="G4"><v>3</v><f>1+2</f></c><c r="H4" t="inlineStr"><is><t>inline &amp; <![CDATA[x]]></t></is></c></row>
  <row r="5"><c r="A5" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve">line </t></r></is></c><c r="B5" s="1"/><c r="C5" t="e"><v></v></c><c r="D5"><v/></c><c r="E5" t="s"><v></v></c><c r="F5" t="str"><v>a &lt; b</v></c></row>
  <row r="6"/>
  <row><c t="s"><v>0</v></c><c><v>1</v></c><c r="E7"><v>2</v></c><c><v>3</v></c></row>
  <row r="9"><c r="AA9" t="s"><v>1</v></c></row>
</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#;

const HIDDEN_SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;

const EMPTY_SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData/></worksheet>"#;

/// A workbook of the given parts (name, content).
fn workbook(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn parts<'a>(sheet: &'a str, strings: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", strings),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/worksheets/sheet2.xml", HIDDEN_SHEET),
        ("xl/worksheets/sheet3.xml", EMPTY_SHEET),
    ]
}

#[test]
fn every_value_kind_reads_as_calamine_reads_it() {
    // The CDATA of H4 is left to calamine: first check the rest.
    let sheet = SHEET.replace(" <![CDATA[x]]>", "");
    let bytes = workbook(&parts(&sheet, STRINGS));
    assert_eq!(assert_same(&bytes, "hand-made parts"), 38);
    let (sheets, cells) = by_ooxml(&bytes).unwrap();
    assert_eq!(
        sheets,
        [
            r#"Sheet { name: "Leads & more", typ: WorkSheet, visible: Visible }"#,
            r#"Sheet { name: "Hidden", typ: WorkSheet, visible: Hidden }"#,
            r#"Sheet { name: "Empty", typ: WorkSheet, visible: Visible }"#,
        ]
    );
    let text = |s: &str| Data::String(s.to_string());
    let date = |serial: f64| {
        Data::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ))
    };
    let first: Vec<&Data> = cells[0].iter().map(|(_, v)| v).collect();
    assert_eq!(
        first[..9],
        [
            &text("Lead ID"),
            &text("Acme & Sons"),
            &text("東京"),
            &text("  kept  "),
            &text("trimmed"),
            &text("a<b>c \"q\" 's' é☺"),
            &text("line one\nline two\rend"),
            &text(""),
            &text(""),
        ]
    );
    assert_eq!(
        first[9..18],
        [
            &Data::Float(42.0),
            &date(46346.0),
            &date(46346.375),
            &Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false)),
            &Data::Float(12.5),
            &date(46346.5),
            &Data::Float(7.0),
            &Data::Float(-325.0),
            &text("not a number"),
        ]
    );
    assert_eq!(
        first[18..26],
        [
            &Data::Bool(true),
            &Data::Bool(false),
            &Data::Error(CellErrorType::NA),
            &text("Lead IDx\r"),
            &Data::DateTimeIso("2026-11-20T09:00:00".to_string()),
            &Data::Float(2.0),
            &Data::Empty,
            &text("inline &"),
        ]
    );
    // Row 7 has no `r`: its cells count on from the last position, as calamine counts them.
    let positions: Vec<(u32, u32)> = cells[0][32..].iter().map(|(p, _)| *p).collect();
    assert_eq!(positions, [(6, 0), (6, 1), (6, 4), (6, 5), (8, 26)]);
    assert_eq!(cells[1], [((0, 0), Data::Float(1.0))]);
    assert!(cells[2].is_empty());
}

#[test]
fn what_our_reader_does_not_take_is_left_to_calamine() {
    // CDATA in an inline string.
    let bytes = workbook(&parts(SHEET, STRINGS));
    assert_eq!(
        by_ooxml(&bytes).err(),
        Some(Unsupported("markup inside a <t>"))
    );
    // A namespace prefix on the cells.
    let prefixed = SHEET
        .replace(" <![CDATA[x]]>", "")
        .replace("<c ", "<x:c ")
        .replace("</c>", "</x:c>");
    let bytes = workbook(&parts(&prefixed, STRINGS));
    assert_eq!(
        by_ooxml(&bytes).err(),
        Some(Unsupported("an element other than <c> in a <row>"))
    );
    // An entity XML does not define, in the shared strings.
    let strings = STRINGS.replace("<t>Lead ID</t>", "<t>Lead&nbsp;ID</t>");
    let bytes = workbook(&parts(HIDDEN_SHEET, &strings));
    assert_eq!(
        by_ooxml(&bytes).err(),
        Some(Unsupported("an unknown reference"))
    );
    // Another encoding.
    let sheet = HIDDEN_SHEET.replace("UTF-8", "windows-1252");
    let bytes = workbook(&parts(&sheet, STRINGS));
    assert_eq!(
        by_ooxml(&bytes).err(),
        Some(Unsupported("a part in another encoding than UTF-8"))
    );
}

#[test]
fn rows_that_straddle_the_chunks_read_as_calamine_reads_them() {
    // 40,000 rows of about 120 bytes: nearly 5 MiB of sheet XML, read 1 MiB at a time.
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=40_000 {
        sheet.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>{}</v></c><c r="B{r}" s="2"><v>{}.25</v></c><c r="C{r}" t="inlineStr"><is><t>lead {r}</t></is></c></row>"#,
            r % 9,
            46000 + r
        ));
    }
    sheet.push_str("</sheetData></worksheet>");
    let bytes = workbook(&parts(&sheet, STRINGS));
    assert_eq!(assert_same(&bytes, "40,000 rows"), 120_000 + 1);
}
