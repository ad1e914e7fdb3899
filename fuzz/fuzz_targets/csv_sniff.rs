//! Fuzzes CSV reading: encoding detection, delimiter sniffing, and the quote-aware scanner
//! that reads each field, on arbitrary bytes.
#![no_main]

use friday::ingest::csv::{decode, read_csv_bytes, sniff_delimiter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode(data);
    let delimiter = sniff_delimiter(&text);
    assert!(matches!(delimiter, b',' | b';' | b'\t' | b'|'));
    for name in ["fuzz.csv", "fuzz.tsv"] {
        if let Ok(table) = read_csv_bytes(name, data) {
            assert_eq!(table.kept.len(), table.headers.len());
            let lines = table.lines();
            assert!(lines.windows(2).all(|w| w[0] < w[1]));
            for (row, &filled) in table.filled().iter().enumerate() {
                let texts = (0..table.headers.len())
                    .filter_map(|col| table.text(row, col))
                    .filter(|text| !text.trim().is_empty())
                    .count();
                assert!(texts <= usize::from(filled));
            }
        }
    }
});
