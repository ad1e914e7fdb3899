//! Fuzzes CSV reading: encoding detection, delimiter sniffing, the quote-aware scanner and
//! the polars parse behind it, on arbitrary bytes.
#![no_main]

use friday::ingest::csv::{decode, read_csv_bytes, sniff_delimiter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode(data);
    let delimiter = sniff_delimiter(&text);
    assert!(matches!(delimiter, b',' | b';' | b'\t' | b'|'));
    for name in ["fuzz.csv", "fuzz.tsv"] {
        if let Ok(table) = read_csv_bytes(name, data) {
            assert_eq!(table.frame.height(), table.lines.len());
            assert_eq!(table.frame.width(), table.headers.len());
        }
    }
});
