//! The bad-input corpus: runs every case of `tests/bad-inputs/cases.toml` through the binary
//! and checks no panic, the exit code, the message, the findings, and that a failed run leaves
//! an earlier report untouched and writes nothing.
//!
//! Long because each kind of bad input needs its own check of what was (not) written.

use super::{fixture, friday, stderr};
use calamine::{Data, Reader, open_workbook_auto};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Case {
    name: String,
    about: String,
    files: Vec<String>,
    generate: Option<String>,
    args: Vec<String>,
    exit: i32,
    stderr: Vec<String>,
    stdout: Vec<String>,
    findings: Vec<String>,
    json: BTreeMap<String, toml::Value>,
    xlsx: Vec<String>,
    site_absent: Vec<String>,
    slow: bool,
}

pub const EARLIER_XLSX: &[u8] = b"earlier report";
pub const EARLIER_SITE: &[u8] = b"earlier site";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(corpus().join("cases.toml")).unwrap();
    toml::from_str::<Manifest>(&text).unwrap().case
}

#[test]
fn bad_inputs_corpus_has_30_cases_and_every_folder_is_listed() {
    let cases = manifest();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                names.contains(&name.as_str()),
                "{name} is not in cases.toml"
            );
        }
    }
    for case in &cases {
        assert!(!case.about.is_empty(), "{}: no about", case.name);
        assert!(!case.files.is_empty(), "{}: no files", case.name);
    }
}

#[test]
fn bad_inputs_corpus() {
    run_cases(false);
}

#[test]
fn bad_inputs_corpus_slow_cases() {
    run_cases(true);
}

fn run_cases(slow: bool) {
    let failures: Vec<String> = manifest()
        .iter()
        .filter(|c| c.slow == slow)
        .filter_map(|c| run_case(c).err().map(|e| format!("{}: {e}", c.name)))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Runs one case in a fresh folder; `Err` says what did not hold.
fn run_case(case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let folder = corpus().join(&case.name);
    if folder.is_dir() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), root.join(entry.file_name())).unwrap();
        }
    }
    if let Some(generator) = &case.generate {
        generate(generator, root, &case.files);
    }
    let inputs = listing(root);
    std::fs::create_dir_all(root.join("out/site")).unwrap();
    std::fs::write(root.join("out/friday-2026-11-20.xlsx"), EARLIER_XLSX).unwrap();
    std::fs::write(root.join("out/site/index.html"), EARLIER_SITE).unwrap();

    let mut args: Vec<&str> = vec!["report"];
    args.extend(case.files.iter().map(String::as_str));
    args.extend(["--as-of", "2026-11-20", "-o", "out"]);
    if !case.args.iter().any(|a| a == "--json") {
        args.extend(["--json", "out/report.json"]);
    }
    args.extend(case.args.iter().map(String::as_str));
    let out = friday(&args, root);
    let err = stderr(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut problems = Vec::new();
    if err.contains("panicked") {
        problems.push(format!("panicked:\n{err}"));
    }
    if out.status.code() != Some(case.exit) {
        problems.push(format!(
            "exit {:?}, expected {}; stderr:\n{err}",
            out.status.code(),
            case.exit
        ));
    }
    for fragment in &case.stderr {
        if !err.contains(fragment.as_str()) {
            problems.push(format!("{fragment:?} not in stderr:\n{err}"));
        }
    }
    for fragment in &case.stdout {
        if !stdout.contains(fragment.as_str()) {
            problems.push(format!("{fragment:?} not in stdout:\n{stdout}"));
        }
    }
    if case.exit == 0 {
        check_report(case, root, &mut problems);
    } else {
        check_nothing_written(root, &mut problems);
    }
    // Whatever the outcome, nothing is written outside out/ (path-like names stay inside).
    let after: Vec<String> = listing(root)
        .into_iter()
        .filter(|p| !p.starts_with("out/"))
        .collect();
    if after != inputs {
        problems.push(format!("files outside out/ changed: {after:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// A failed run: the earlier report and site are as they were, and nothing else is in out/.
fn check_nothing_written(root: &Path, problems: &mut Vec<String>) {
    let out = root.join("out");
    if std::fs::read(out.join("friday-2026-11-20.xlsx"))
        .ok()
        .as_deref()
        != Some(EARLIER_XLSX)
    {
        problems.push("the earlier report was replaced".to_string());
    }
    if std::fs::read(out.join("site/index.html")).ok().as_deref() != Some(EARLIER_SITE) {
        problems.push("the earlier site was replaced".to_string());
    }
    let files = listing(&out);
    if files != ["friday-2026-11-20.xlsx", "site/index.html"] {
        problems.push(format!(
            "out/ holds more than the earlier report: {files:?}"
        ));
    }
}

/// A successful run: a new workbook and site, and the JSON, findings and cells expected.
fn check_report(case: &Case, root: &Path, problems: &mut Vec<String>) {
    let out = root.join("out");
    let xlsx = out.join("friday-2026-11-20.xlsx");
    if !std::fs::read(&xlsx).is_ok_and(|b| b.starts_with(b"PK")) {
        problems.push("no new workbook".to_string());
        return;
    }
    let Ok(json) = std::fs::read(out.join("report.json")) else {
        problems.push("no report.json".to_string());
        return;
    };
    let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
    for (pointer, expected) in &case.json {
        let expected = serde_json::to_value(expected).unwrap();
        let found = report.pointer(pointer);
        let equal = match (found, &expected) {
            (Some(serde_json::Value::Number(a)), serde_json::Value::Number(b)) => {
                a.as_f64() == b.as_f64()
            }
            (Some(found), expected) => found == expected,
            (None, _) => false,
        };
        if !equal {
            problems.push(format!("{pointer}: {found:?}, expected {expected}"));
        }
    }
    let findings: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} | {} | {} | {} | {} | {}",
                f["kind"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["sheet"].as_str().unwrap(),
                f["row"],
                f["column"].as_str().unwrap(),
                f["value"].as_str().unwrap()
            )
        })
        .collect();
    for expected in &case.findings {
        if !findings.contains(expected) {
            problems.push(format!("finding {expected:?} not in {findings:#?}"));
        }
    }
    if !case.xlsx.is_empty() {
        let cells = workbook_texts(&xlsx);
        for text in &case.xlsx {
            if !cells.contains(text) {
                problems.push(format!("no cell of the workbook holds {text:?}"));
            }
        }
    }
    if std::fs::read(out.join("site/index.html")).ok().as_deref() == Some(EARLIER_SITE) {
        problems.push("the site was not replaced".to_string());
    }
    for file in listing(&out.join("site")) {
        let text = std::fs::read(out.join("site").join(&file)).unwrap();
        let text = String::from_utf8_lossy(&text);
        for absent in &case.site_absent {
            if text.contains(absent.as_str()) {
                problems.push(format!("site/{file} holds {absent:?} unescaped"));
            }
        }
    }
}

/// Every text cell of every sheet of a workbook.
fn workbook_texts(path: &Path) -> Vec<String> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let mut texts = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        texts.extend(range.used_cells().filter_map(|(_, _, cell)| match cell {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    texts
}

/// Every file under `dir` (no folders), as sorted paths relative to it.
fn listing(dir: &Path) -> Vec<String> {
    super::one_run::listing(dir)
        .into_iter()
        .filter(|name| !name.ends_with('/'))
        .collect()
}

/// A small deterministic generator (xorshift64*), for noise and fuzz-like inputs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 32) as u8).collect()
    }
}

/// Writes the generated input files of a case into `root`.
fn generate(generator: &str, root: &Path, files: &[String]) {
    let path = root.join(&files[0]);
    match generator {
        "random-bytes" => std::fs::write(&path, Rng::new(9).bytes(4096)).unwrap(),
        "truncated-zip" => {
            fixture::write_xlsx(&fixture::export(), &path);
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        }
        "zip-bomb" => std::fs::write(&path, zip_bomb()).unwrap(),
        "encrypted" => {
            let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
            std::fs::copy(fixture.join("encrypted.xlsx"), &path).unwrap();
        }
        "xlsx-named-csv" => {
            let xlsx = root.join("made.xlsx.tmp");
            fixture::write_xlsx(&fixture::export(), &xlsx);
            std::fs::rename(xlsx, &path).unwrap();
        }
        "title-rows" => workbook(&path, |ws| {
            ws.write_string(0, 0, "Leads export").unwrap();
            ws.write_string(1, 0, "Generated 2026-11-20 by hand")
                .unwrap();
            header_and_leads(ws, 3, 1, &[("L1", "Ann"), ("L2", "Ann")]);
        }),
        "merged-cells" => workbook(&path, |ws| {
            let plain = rust_xlsxwriter::Format::new();
            ws.merge_range(0, 0, 0, 2, "Weekly leads", &plain).unwrap();
            header_and_leads(ws, 1, 0, &[("L1", "Ann"), ("L2", "Bob"), ("L3", "")]);
            // Bob's cell merged over his row and the next: the covered cell reads empty.
            ws.merge_range(3, 1, 4, 1, "Bob", &plain).unwrap();
        }),
        "error-cells" => workbook(&path, |ws| {
            use rust_xlsxwriter::Formula;
            header_and_leads(ws, 0, 0, &[("L1", "Ann"), ("L2", "Ann"), ("L3", "Ann")]);
            ws.write_formula(2, 1, Formula::new("=#REF!").set_result("#REF!"))
                .unwrap();
            ws.write_formula(3, 2, Formula::new("=NA()").set_result("#N/A"))
                .unwrap();
        }),
        "workbook-1904" => {
            workbook(&path, |ws| {
                header_and_leads(ws, 0, 0, &[("L1", "Ann"), ("L2", "Ann")]);
            });
            // 2026-11-16 09:00 and 2026-11-17 09:00 as 1904-system serials (1900 minus 1462).
            set_1904(&path, &[46_342.375 - 1462.0, 46_343.375 - 1462.0]);
        }
        "out-of-range-serials" => workbook(&path, |ws| {
            let ids = [("L1", "Ann"), ("L2", "Ann"), ("L3", "Ann")];
            header_and_leads(ws, 0, 0, &ids);
            let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
            for (r, (id, serial)) in [("L4", -5.0), ("L5", 3_000_000.0), ("L6", 0.25)]
                .into_iter()
                .enumerate()
            {
                let r = r as u32 + 4;
                ws.write_string(r, 0, id).unwrap();
                ws.write_string(r, 1, "Ann").unwrap();
                ws.write_number_with_format(r, 2, serial, &date).unwrap();
            }
        }),
        "long-text" => {
            let name = "N".repeat(32_768);
            let text = format!(
                "Lead ID,Lead Owner,Created Date\nL1,{name},2026-11-16 09:00\nL2,Ann,2026-11-17 09:00\n"
            );
            std::fs::write(&path, text).unwrap();
        }
        "utf16" => {
            let text = "Lead ID,Lead Owner,Created Date\r\nL1,José,2026-11-16 09:00\r\nL2,José,2026-11-17 09:00\r\n";
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            std::fs::write(&path, bytes).unwrap();
        }
        "windows-1252" => {
            let text = "Lead ID;Lead Owner;Created Date\nL1;José;2026-11-16 09:00\nL2;José;2026-11-17 09:00\n";
            let bytes: Vec<u8> = text
                .chars()
                .map(|c| if c == 'é' { 0xE9 } else { c as u8 })
                .collect();
            std::fs::write(&path, bytes).unwrap();
        }
        "million-rows" => {
            let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            writeln!(file, "Lead ID,Lead Owner,Created Date").unwrap();
            for i in 0..1_048_577u32 {
                writeln!(file, "L{i},Rep {},2026-11-{:02} 09:00", i % 7, 2 + i % 18).unwrap();
            }
            file.flush().unwrap();
        }
        other => panic!("unknown generator {other}"),
    }
}

/// A one-sheet workbook named Leads.
fn workbook(path: &Path, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Leads").unwrap();
    fill(ws);
    wb.save(path).unwrap();
}

/// Writes the header at (row, col) and one lead per (id, owner) below, created
/// 2026-11-16 09:00 onwards as real date cells.
fn header_and_leads(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    leads: &[(&str, &str)],
) {
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in ["Lead ID", "Lead Owner", "Created Date"].iter().enumerate() {
        ws.write_string(row, col + c as u16, *h).unwrap();
    }
    for (i, (id, owner)) in leads.iter().enumerate() {
        let r = row + 1 + i as u32;
        ws.write_string(r, col, *id).unwrap();
        if !owner.is_empty() {
            ws.write_string(r, col + 1, *owner).unwrap();
        }
        ws.write_number_with_format(r, col + 2, 46_342.375 + i as f64, &date)
            .unwrap();
    }
}

/// Rewrites a one-sheet workbook into the 1904 date system, with `serials` as the date cells
/// of column C from row 2 on.
fn set_1904(path: &Path, serials: &[f64]) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if name == "xl/workbook.xml" {
            text = text.replace("<workbookPr ", "<workbookPr date1904=\"1\" ");
            assert!(text.contains("date1904"), "{text}");
        }
        if name == "xl/worksheets/sheet1.xml" {
            for (i, serial) in serials.iter().enumerate() {
                let old = format!("<v>{}</v>", 46_342.375 + i as f64);
                assert!(text.contains(&old), "{old} not in {text}");
                text = text.replace(&old, &format!("<v>{serial}</v>"));
            }
        }
        out.start_file(name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// A zip holding a sheet part of 64 MiB of zeros, deflated to a few KiB.
fn zip_bomb() -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        out.write_all(&zeros).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Item 4 of issue 9: an output folder friday cannot write to. A `chmod 555` folder only
/// stops a non-root user (root ignores permissions; these tests often run as root), so the
/// test also uses an output path below a regular file, which stops everyone.
#[test]
fn an_unwritable_output_folder_fails_and_keeps_the_earlier_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("leads.csv"),
        "Lead ID,Lead Owner,Created Date\nL1,Ann,2026-11-16 09:00\n",
    )
    .unwrap();
    // Below a regular file: the folder cannot be created.
    std::fs::write(root.join("blocker"), b"a file, not a folder").unwrap();
    let args = [
        "report",
        "leads.csv",
        "--as-of",
        "2026-11-20",
        "-o",
        "blocker/out",
    ];
    let out = friday(&args, root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("error: creating blocker/out"), "{err}");
    assert_eq!(
        std::fs::read(root.join("blocker")).unwrap(),
        b"a file, not a folder"
    );

    // A read-only output folder holding an earlier report.
    let out_dir = root.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("friday-2026-11-20.xlsx"), EARLIER_XLSX).unwrap();
    set_read_only(&out_dir, true);
    let root_ignores_permissions = std::fs::write(out_dir.join("probe"), b"").is_ok();
    if root_ignores_permissions {
        let _ = std::fs::remove_file(out_dir.join("probe"));
        eprintln!("running as root: a read-only folder cannot be tested here");
    } else {
        let args = ["report", "leads.csv", "--as-of", "2026-11-20", "-o", "out"];
        let run = friday(&args, root);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains("out/friday-2026-11-20.xlsx") || err.contains("out/site"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(out_dir.join("friday-2026-11-20.xlsx")).unwrap(),
            EARLIER_XLSX
        );
    }
    set_read_only(&out_dir, false);
}

fn set_read_only(path: &Path, read_only: bool) {
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    permissions.set_readonly(read_only);
    std::fs::set_permissions(path, permissions).unwrap();
}

/// The stable-toolchain stand-in for the cargo-fuzz targets in fuzz/ (see FUZZING.md): feeds
/// pseudo-random inputs, from a fixed seed, to the same functions, mutating realistic seeds
/// as well as pure noise. A panic fails the test; the seed and input number say which.
#[test]
fn parsers_survive_pseudo_random_inputs() {
    use friday::ingest::csv::{decode, read_csv_bytes, sniff_delimiter};
    use friday::ingest::header::{TableKind, guess_kind, map_headers, normalise, recognised_count};
    use friday::ingest::values::{
        DateOrder, excel_serial_to_datetime, infer_date_order, number_to_stamp, parse_amount,
        parse_bool, parse_date_text, parse_rank, to_utc,
    };
    const SEEDS: [&str; 12] = [
        "2021-04-15T23:03:00.123+02:00",
        "15 Apr, 2021 00:03:00",
        "Thu, 15 Apr 2021 3:04 p.m.",
        "03/04/21 12:00",
        "44000.5",
        "1618444980000",
        "$342.09K",
        "1.234,50 €",
        "7 - Inactive",
        "Lead ID,Lead Owner,Created Date\nL1,\"A\"\"n\nn\",2026-11-16\r\nL2,B\n",
        "sep=;\nLead Owner;Amount\n\"x;y\";1,5\n\n",
        "\u{feff}Email\tOwner\tStage\n\"unclosed\tx\n",
    ];
    let mut rng = Rng::new(0x00F1_DA11);
    for i in 0..4000u32 {
        let mut data: Vec<u8> = if i % 4 == 0 {
            let len = (rng.next() % 64) as usize;
            rng.bytes(len)
        } else {
            SEEDS[(rng.next() % 12) as usize].as_bytes().to_vec()
        };
        for _ in 0..rng.next() % 4 {
            let at = (rng.next() as usize) % (data.len() + 1);
            match rng.next() % 3 {
                0 => data.insert(at, (rng.next() >> 40) as u8),
                1 if at < data.len() => {
                    data.remove(at);
                }
                _ => {
                    let alphabet = b"0123456789/-:.,;\"\n\r\t APM+Z";
                    data.insert(at, alphabet[(rng.next() as usize) % alphabet.len()]);
                }
            }
        }
        let text = String::from_utf8_lossy(&data);
        for order in [None, Some(DateOrder::Dmy), Some(DateOrder::Mdy)] {
            if let Ok(stamp) = parse_date_text(&text, order, i % 2 == 0) {
                let _ = to_utc(stamp, chrono_tz::Tz::Europe__Paris);
            }
        }
        let n = f64::from_le_bytes(rng.next().to_le_bytes());
        let _ = excel_serial_to_datetime(n, i % 2 == 0);
        let _ = number_to_stamp(n, i % 2 == 1);
        let _ = number_to_stamp(f64::from(i) * 997.25 - 3.0, false);
        let _ = infer_date_order(text.split('\n'));
        let _ = (parse_amount(&text), parse_rank(&text), parse_bool(&text));
        let headers: Vec<String> = text
            .split([',', ';', '\t', '\n'])
            .map(String::from)
            .collect();
        let _ = (recognised_count(&headers), guess_kind(&headers, &text));
        for header in &headers {
            let _ = normalise(header);
        }
        for kind in [
            TableKind::Leads,
            TableKind::Activities,
            TableKind::Opportunities,
        ] {
            assert!(
                map_headers(&headers, kind)
                    .iter()
                    .all(|(c, _)| *c < headers.len())
            );
        }
        let delimiter = sniff_delimiter(&decode(&data).0);
        assert!(matches!(delimiter, b',' | b';' | b'\t' | b'|'), "input {i}");
        if let Ok(table) = read_csv_bytes("fuzz.csv", &data) {
            assert_eq!(table.kept.len(), table.headers.len(), "input {i}: {data:?}");
            // Records start on ascending lines below the header, and no row holds more
            // texts than fields it was counted as filled.
            let lines = table.lines();
            assert!(lines.first().is_none_or(|&line| line >= 2), "input {i}");
            assert!(lines.windows(2).all(|w| w[0] < w[1]), "input {i}: {data:?}");
            for (row, &filled) in table.filled().iter().enumerate() {
                let texts = (0..table.headers.len())
                    .filter_map(|col| table.text(row, col))
                    .filter(|text| !text.trim().is_empty())
                    .count();
                assert!(texts <= usize::from(filled), "input {i}: {data:?}");
            }
        }
    }
}

/// Item 6 of issue 18: an output folder that cannot be made stops the run before any input
/// is read, so the error names the folder even when the input is missing too.
#[test]
fn an_output_folder_that_cannot_be_made_fails_before_the_inputs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("blocker"), b"a file, not a folder").unwrap();
    let args = [
        "report",
        "missing.csv",
        "--as-of",
        "2026-11-20",
        "-o",
        "blocker/out",
    ];
    let out = friday(&args, root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: creating blocker/out: "), "{err}");
    assert!(!err.contains("missing.csv"), "{err}");
}
