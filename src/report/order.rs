//! How the report orders and writes what every output shows the same way: reps and sources
//! A→Z with "(none)" last, and counts with thousands separators.

/// Name used for a group whose rep or source was left empty in the export.
pub const NONE_NAME: &str = "(none)";

/// The order reps and sources are listed in: A→Z ignoring case, "(none)" last, names that
/// differ only in case by their exact spelling.
#[must_use]
pub fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Long lists compare the same rep with itself most of the time: no work for that. The
    // lowercase forms are compared char by char, which orders as the lowercase strings do,
    // without making them.
    if a == b {
        return std::cmp::Ordering::Equal;
    }
    (a == NONE_NAME)
        .cmp(&(b == NONE_NAME))
        .then_with(|| {
            a.chars()
                .flat_map(char::to_lowercase)
                .cmp(b.chars().flat_map(char::to_lowercase))
        })
        .then_with(|| a.cmp(b))
}

/// A count with thousands separators: 1234567 → "1,234,567" (the site formats counts
/// with it too).
#[must_use]
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
