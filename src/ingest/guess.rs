//! Second thoughts on a header guess: a column found by its header as the offer, source or
//! owner whose values cannot be one (hash-like ids, or nearly as many distinct values as
//! rows) is not used as it, and a finding says so. olist's `landing_page_id` (hundreds of
//! 32-digit hashes) would otherwise be "the offer", and a significance test run between two
//! hashes. A column named in `[columns.<kind>]` is always used as told.

use foldhash::{HashSet, HashSetExt};

use super::grid::{CellRef, RawTable};
use super::{Mapping, quality};
use crate::config::Config;
use crate::report::Finding;
use crate::schema::{Field, TableKind};

/// Fewest distinct values that can make a column too varied to group by.
const MANY: usize = 50;

/// True for a hash or UUID: 16 or more hexadecimal digits (dashes allowed), with a digit.
fn looks_like_hash(text: &str) -> bool {
    // Cheapest test first: most names fail on their first letter past "f". Every byte is
    // ASCII once the second test holds, so bytes are characters.
    text.len() >= 16
        && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && text.bytes().filter(u8::is_ascii_hexdigit).count() >= 16
        && text.bytes().any(|b| b.is_ascii_digit())
}

/// Why column `col` cannot be `field`, or `None` when it can.
fn implausible(table: &RawTable, col: usize, field: Field) -> Option<String> {
    let mut distinct: HashSet<&str> = HashSet::new();
    let (mut values, mut hashes) = (0usize, 0usize);
    table.for_each_cell(col, |_, cell| {
        if let CellRef::Text(text) = cell {
            let text = text.trim();
            if !text.is_empty() {
                values += 1;
                hashes += usize::from(looks_like_hash(text));
                distinct.insert(text);
            }
        }
    });
    if values == 0 {
        return None;
    }
    // A rep written as a user id is named through a users table: only the spread counts.
    if field != Field::Owner && hashes * 5 >= values * 4 {
        return Some("its values look like ids (hashes), not names".to_string());
    }
    if distinct.len() > MANY.max(table.len() / 10) {
        return Some(format!(
            "it has {} different values in {} rows, too many to group by",
            distinct.len(),
            table.len()
        ));
    }
    None
}

/// Takes out of `mapping` the offer, source or owner column whose values cannot be one, with
/// a finding for each.
pub(crate) fn reconsider(
    table: &RawTable,
    kind: TableKind,
    mapping: &mut Mapping,
    config: &Config,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    mapping.retain(|&(col, field)| {
        if !matches!(field, Field::Offer | Field::Source | Field::Owner)
            || config.column(kind, field).is_some()
        {
            return true;
        }
        match implausible(table, col, field) {
            Some(why) => {
                findings.push(quality::not_used_as(table, col, field, &why));
                false
            }
            None => true,
        }
    });
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_uuids_look_like_ids_and_names_do_not() {
        for id in [
            "b48ec5f3b04e9068441002a19df93c6c",
            "22c29808-c4e1-4a3a-9b8e-0a4f5e2d7c11",
        ] {
            assert!(looks_like_hash(id), "{id}");
        }
        // A Salesforce id is not hexadecimal; "deadbeef" and "2026" are too short.
        for name in [
            "White Paper",
            "Google",
            "0058c00000UUUU1AAA",
            "2026",
            "deadbeef",
        ] {
            assert!(!looks_like_hash(name), "{name}");
        }
    }
}
