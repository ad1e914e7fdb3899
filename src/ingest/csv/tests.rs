//! Tests for the CSV reader, with fixtures written inline as bytes.

use super::*;

fn read(bytes: &[u8]) -> CsvTable {
    read_csv_bytes("test.csv", bytes).unwrap()
}

/// The rows' kept fields, an empty one as `None`.
fn rows(table: &CsvTable) -> Vec<Vec<Option<String>>> {
    (0..table.len())
        .map(|row| {
            (0..table.headers.len())
                .filter(|&col| table.kept[col])
                .map(|col| table.text(row, col).map(str::to_owned))
                .collect()
        })
        .collect()
}

fn row(values: &[Option<&str>]) -> Vec<Option<String>> {
    values
        .iter()
        .map(|value| value.map(str::to_owned))
        .collect()
}

#[test]
fn reads_comma_separated_values_as_written() {
    let table = read(b"id,name,score\n007,Ann,1.50\n8,Bob,\n");
    assert_eq!(table.encoding, "UTF-8");
    assert_eq!(table.delimiter, b',');
    assert_eq!(table.headers, ["id", "name", "score"]);
    assert_eq!(
        rows(&table),
        [
            row(&[Some("007"), Some("Ann"), Some("1.50")]),
            row(&[Some("8"), Some("Bob"), None]),
        ]
    );
    assert_eq!(table.lines(), [2, 3]);
    assert!(table.ragged.is_empty());
}

#[test]
fn empty_fields_are_null_and_spaces_are_kept() {
    let table = read(b"a,b,c\n\"\",x, \n");
    assert_eq!(rows(&table), [row(&[None, Some("x"), Some(" ")])]);
}

#[test]
fn keeps_decimal_commas_in_semicolon_files() {
    let table = read(b"Name;Amount;Rate\r\nAnn;1,5;0,25\r\nBob;2;1,0\r\n");
    assert_eq!(table.delimiter, b';');
    assert_eq!(
        rows(&table),
        [
            row(&[Some("Ann"), Some("1,5"), Some("0,25")]),
            row(&[Some("Bob"), Some("2"), Some("1,0")]),
        ]
    );
}

#[test]
fn reads_tab_separated_values() {
    let table = read(b"a\tb, c\n1\t2\n3\t4, 5\n");
    assert_eq!(table.delimiter, b'\t');
    assert_eq!(table.headers, ["a", "b, c"]);
    assert_eq!(
        rows(&table),
        [
            row(&[Some("1"), Some("2")]),
            row(&[Some("3"), Some("4, 5")])
        ]
    );
}

#[test]
fn reads_pipe_separated_values() {
    let table = read(b"a|b|c\nx|y|z\n");
    assert_eq!(table.delimiter, b'|');
    assert_eq!(rows(&table), [row(&[Some("x"), Some("y"), Some("z")])]);
}

#[test]
fn prefers_tab_for_tsv_names_on_a_tie() {
    let bytes = b"a,b\tc\n1,2\t3\n";
    assert_eq!(sniff_delimiter("a,b\tc\n1,2\t3\n"), b',');
    assert_eq!(read_csv_bytes("x.TSV", bytes).unwrap().delimiter, b'\t');
}

#[test]
fn strips_a_utf8_byte_order_mark() {
    let table = read(b"\xEF\xBB\xBFid,name\n1,Zo\xC3\xAB\n");
    assert_eq!(table.encoding, "UTF-8 (BOM)");
    assert_eq!(table.headers, ["id", "name"]);
    assert_eq!(rows(&table), [row(&[Some("1"), Some("Zoë")])]);
}

#[test]
fn decodes_utf16le_with_byte_order_mark() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "Name\tCity\r\nRenée\tKöln\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let table = read(&bytes);
    assert_eq!(table.encoding, "UTF-16LE");
    assert_eq!(table.delimiter, b'\t');
    assert_eq!(table.headers, ["Name", "City"]);
    assert_eq!(rows(&table), [row(&[Some("Renée"), Some("Köln")])]);
}

#[test]
fn decodes_utf16be_with_byte_order_mark() {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend("a,b\n\u{e9},2\n".encode_utf16().flat_map(u16::to_be_bytes));
    let table = read(&bytes);
    assert_eq!(table.encoding, "UTF-16BE");
    assert_eq!(rows(&table), [row(&[Some("é"), Some("2")])]);
}

#[test]
fn decodes_windows_1252() {
    let table = read(b"Company,Amount\nCaf\xe9,\x80 5\n");
    assert_eq!(table.encoding, "windows-1252");
    assert_eq!(rows(&table), [row(&[Some("Café"), Some("€ 5")])]);
}

#[test]
fn quoted_fields_keep_delimiters_quotes_and_newlines() {
    let table =
        read(b"id,note,city\r\n1,\"line one\r\nline two\",\"Paris, FR\"\r\n2,\"say \"\"hi\"\"\",Oslo\r\n");
    assert_eq!(
        rows(&table),
        [
            row(&[Some("1"), Some("line one\r\nline two"), Some("Paris, FR")]),
            row(&[Some("2"), Some("say \"hi\""), Some("Oslo")]),
        ]
    );
    assert_eq!(table.lines(), [2, 4]);
}

#[test]
fn reports_ragged_rows_and_still_loads_them() {
    let table = read(b"a,b,c\n1,2,3\n4,5\n6,7,8,\"9\n9\",10\n\"x\ny\",z\n11,12,13\n");
    assert_eq!(
        table.ragged,
        [
            RaggedRow {
                line: 3,
                found: 2,
                expected: 3
            },
            RaggedRow {
                line: 4,
                found: 5,
                expected: 3
            },
            RaggedRow {
                line: 6,
                found: 2,
                expected: 3
            },
        ]
    );
    assert_eq!(table.lines(), [2, 3, 4, 6, 8]);
    assert_eq!(
        rows(&table),
        [
            row(&[Some("1"), Some("2"), Some("3")]),
            row(&[Some("4"), Some("5"), None]),
            row(&[Some("6"), Some("7"), Some("8")]),
            row(&[Some("x\ny"), Some("z"), None]),
            row(&[Some("11"), Some("12"), Some("13")]),
        ]
    );
}

#[test]
fn skips_leading_blank_lines_and_counts_them() {
    let table = read(b"\n  \r\n\na,b\n1,2\n3,4\n");
    assert_eq!(table.headers, ["a", "b"]);
    assert_eq!(table.lines(), [5, 6]);
}

#[test]
fn skips_blank_lines_between_and_after_records() {
    let table = read(b"a,b\r\n1,2\r\n\r\n3,4\r\n\r\n\r\n");
    assert_eq!(table.lines(), [2, 4]);
    assert_eq!(
        rows(&table),
        [row(&[Some("1"), Some("2")]), row(&[Some("3"), Some("4")])]
    );
    assert!(table.ragged.is_empty());
}

#[test]
fn trailing_delimiter_gives_an_empty_last_header() {
    let table = read(b"Prospect ID,Lead Number,\r\nabc,660737,\r\ndef,660728,\r\n");
    assert_eq!(table.headers, ["Prospect ID", "Lead Number", ""]);
    assert_eq!(
        rows(&table),
        [
            row(&[Some("abc"), Some("660737"), None]),
            row(&[Some("def"), Some("660728"), None]),
        ]
    );
    assert!(table.ragged.is_empty());
}

#[test]
fn keeps_duplicate_and_empty_headers_as_written() {
    let table = read(b" Name ,,Name,\"Name\",Name (2)\n1,2,3,4,5\n");
    assert_eq!(table.headers, ["Name", "", "Name", "Name", "Name (2)"]);
    assert_eq!(
        rows(&table),
        [row(&[
            Some("1"),
            Some("2"),
            Some("3"),
            Some("4"),
            Some("5")
        ])]
    );
}

#[test]
fn stray_quotes_are_literal_text() {
    let table = read(b"item,size\nMonitor 24\" wide,L\n\"Big\" Tony,M\nlast,S\n");
    assert_eq!(
        rows(&table),
        [
            row(&[Some("Monitor 24\" wide"), Some("L")]),
            row(&[Some("Big Tony"), Some("M")]),
            row(&[Some("last"), Some("S")]),
        ]
    );
    assert_eq!(table.lines(), [2, 3, 4]);
}

#[test]
fn honours_an_excel_sep_line() {
    let table = read(b"sep=;\r\na;b,c\r\n1;2,5\r\n");
    assert_eq!(table.delimiter, b';');
    assert_eq!(table.headers, ["a", "b,c"]);
    assert_eq!(table.lines(), [3]);
}

#[test]
fn reads_old_mac_line_endings() {
    let table = read(b"a,b\r1,2\r3,4\r");
    assert_eq!(table.lines(), [2, 3]);
    assert_eq!(
        rows(&table),
        [row(&[Some("1"), Some("2")]), row(&[Some("3"), Some("4")])]
    );
}

#[test]
fn reads_a_header_without_rows() {
    let table = read(b"a,b\n");
    assert_eq!(table.headers, ["a", "b"]);
    assert!(table.is_empty());
}

#[test]
fn errors_on_empty_file() {
    let err = read_csv_bytes("data.csv", b"").unwrap_err();
    assert!(matches!(err, CsvError::Empty { .. }));
    assert_eq!(err.to_string(), "data.csv: empty file");
    let err = read_csv_bytes("data.csv", b"\xEF\xBB\xBF").unwrap_err();
    assert!(matches!(err, CsvError::Empty { .. }));
}

#[test]
fn errors_on_blank_lines_only() {
    let err = read_csv_bytes("data.csv", b"\r\n  \n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "data.csv: no header row (the file has only blank lines)"
    );
}

#[test]
fn errors_on_random_bytes() {
    let bytes = [
        0x8f, 0x3a, 0xc1, 0x07, 0xee, 0x19, 0x5b, 0xd2, 0x64, 0xf0, 0x2c, 0x91, 0xab, 0x13, 0x7e,
        0x48, 0xb5, 0x00, 0x9c, 0x61,
    ];
    let err = read_csv_bytes("data.csv", &bytes).unwrap_err();
    assert!(matches!(err, CsvError::Binary { offset: 17, .. }));
    assert_eq!(
        err.to_string(),
        "data.csv: not a text file (binary data at byte 17)"
    );
}

#[test]
fn errors_on_control_characters_without_nul() {
    let err = read_csv_bytes("x.csv", b"a,b\n\x01\x02\x03,\x04\x05\n").unwrap_err();
    assert!(matches!(err, CsvError::Binary { offset: 4, .. }));
}

#[test]
fn errors_on_an_unclosed_quote_with_its_line() {
    let err = read_csv_bytes("data.csv", b"\na,b\n1,2\n3,\"oops\n4,5\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "data.csv: line 4: a quoted field starts here and is never closed"
    );
}

#[test]
fn sniffs_delimiters_quote_aware() {
    assert_eq!(sniff_delimiter("a;b\n\"x;y\";\"1,2\"\n"), b';');
    assert_eq!(sniff_delimiter("\"a;b\",c\n\"1;2\",3\n"), b',');
    assert_eq!(sniff_delimiter("single\nvalue\n"), b',');
}

#[test]
fn title_lines_above_the_header_are_skipped() {
    // Line 1 a one-field title, line 2 a two-field note (fewer than half of 5), line 3 blank.
    let table = read_csv_bytes(
        "leads.csv",
        b"Leads export\nas of,2026-11-20\n\nLead ID,Lead Owner,Created Date,Source,Offer\nL1,Ann,2026-11-16,Web,Trial\n",
    )
    .unwrap();
    assert_eq!(
        table.headers,
        vec!["Lead ID", "Lead Owner", "Created Date", "Source", "Offer"]
    );
    assert_eq!(table.lines(), vec![5]);
    assert_eq!(table.ragged.len(), 0);
    // Only a title and a header: the header is still found.
    let table = read_csv_bytes("x.csv", b"Report\nLead ID,Lead Owner\n").unwrap();
    assert_eq!(table.headers, vec!["Lead ID", "Lead Owner"]);
    // A one-column file keeps its first line as the header.
    let table = read_csv_bytes("x.csv", b"Lead ID\nL1\nL2\n").unwrap();
    assert_eq!(table.headers, vec!["Lead ID"]);
    assert_eq!(table.lines(), vec![2, 3]);
}

#[test]
fn columns_not_kept_are_counted_but_not_parsed() {
    let bytes = b"Lead ID,Description,Lead Owner,Industry\n\
        L-1,\"Met at the show, wants a trial\",Ann,Retail\n\
        L-2,  ,\" \",\"\"\"\"\n\
        ,,,\xC2\xA0\n\
        L-4,a,b,c,extra\n";
    let keep = |_: usize, header: &str| header == "Lead Owner";
    let table = read_csv_columns("leads.csv", bytes, &keep).unwrap();
    assert_eq!(
        table.headers,
        ["Lead ID", "Description", "Lead Owner", "Industry"]
    );
    // The first column always, then the one asked for.
    assert_eq!(table.kept, [true, false, true, false]);
    assert_eq!(
        rows(&table),
        [
            row(&[Some("L-1"), Some("Ann")]),
            row(&[Some("L-2"), Some(" ")]),
            row(&[None, None]),
            row(&[Some("L-4"), Some("b")]),
        ]
    );
    // A quoted quote is text, blanks and a no-break space are not, and a field past the
    // header's width is not counted.
    assert_eq!(table.filled(), [4, 2, 0, 4]);
    assert_eq!(table.lines(), [2, 3, 4, 5]);
}
