//! Fuzzes header recognition: normalising header names, counting known ones, guessing a
//! table's kind and mapping its columns, on headers split from arbitrary text.
#![no_main]

use friday::ingest::header::{TableKind, guess_kind, map_headers, normalise, recognised_count};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(2, '\n');
    let name = lines.next().unwrap_or_default();
    let headers: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split([',', ';', '\t'])
        .map(str::to_string)
        .collect();
    for header in &headers {
        let _ = normalise(header);
    }
    let _ = recognised_count(&headers);
    let _ = guess_kind(&headers, name);
    for kind in [
        TableKind::Leads,
        TableKind::Activities,
        TableKind::Opportunities,
    ] {
        for (col, _) in map_headers(&headers, kind) {
            assert!(col < headers.len());
        }
    }
});
