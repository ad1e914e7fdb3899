//! Fuzzes the cell-value parsers: dates as text (both orders, both date systems), numbers as
//! dates, a column's day/month order, amounts, ranks and yes/no flags.
#![no_main]

use friday::ingest::values::{
    DateOrder, excel_serial_to_datetime, infer_date_order, number_to_stamp, parse_amount,
    parse_bool, parse_date_text, parse_rank, rank_from_number, to_utc,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(bytes) = data.get(..8) {
        let n = f64::from_le_bytes(bytes.try_into().unwrap_or_default());
        for system_1904 in [false, true] {
            let _ = excel_serial_to_datetime(n, system_1904);
            if let Ok(stamp) = number_to_stamp(n, system_1904) {
                let _ = to_utc(stamp, chrono_tz::Tz::Europe__Paris);
            }
        }
        let _ = rank_from_number(n);
    }
    let text = String::from_utf8_lossy(data);
    for order in [None, Some(DateOrder::Dmy), Some(DateOrder::Mdy)] {
        for system_1904 in [false, true] {
            if let Ok(stamp) = parse_date_text(&text, order, system_1904) {
                let _ = to_utc(stamp, chrono_tz::Tz::America__New_York);
            }
        }
    }
    let _ = infer_date_order(text.split('\n'));
    let _ = parse_amount(&text);
    let _ = parse_rank(&text);
    let _ = parse_bool(&text);
});
