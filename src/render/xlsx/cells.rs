//! Making values safe for a cell: text that must not be read as a formula, text too long for
//! a cell, dates as Excel dates, and sheet names that Excel accepts.

use std::borrow::Cow;

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::ExcelDateTime;

/// The most UTF-16 units a cell holds.
pub(super) const MAX_CELL_TEXT: usize = 32_767;
/// The most characters of a sheet name.
const MAX_SHEET_NAME: usize = 31;

/// Whether a spreadsheet program would read `text` as a formula (or a formula-like entry)
/// when the cell is edited or exported: it starts with `=`, `+`, `-`, `@`, a tab or a CR.
pub(super) fn needs_quote_prefix(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// `text` cut to fit a cell, ending with a visible marker saying how much was cut.
pub(super) fn fit_cell(text: &str) -> Cow<'_, str> {
    // A character is never more UTF-16 units than UTF-8 bytes: short text needs no count.
    if text.len() <= MAX_CELL_TEXT || utf16_len(text) <= MAX_CELL_TEXT {
        return Cow::Borrowed(text);
    }
    let total = text.chars().count();
    // The marker is at most 40 units long; keep what fits before it.
    let mut kept = 0;
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > MAX_CELL_TEXT - 40 {
            break;
        }
        units += c.len_utf16();
        kept += 1;
    }
    let head: String = text.chars().take(kept).collect();
    Cow::Owned(format!("{head}… [cut: {} more characters]", total - kept))
}

/// A sheet name Excel accepts, built from `wanted`: `[]:*?/\` become spaces, no leading or
/// trailing apostrophe, at most 31 characters, not "History", and different (ignoring case)
/// from every name in `taken`, by a " (2)", " (3)"… suffix.
pub(super) fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut base = cleaned.trim().trim_matches('\'').trim().to_string();
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = format!("Sheet {base}").trim().to_string();
    }
    let is_taken = |name: &str| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    let shorten = |name: &str, room: usize| name.chars().take(room).collect::<String>();
    let mut name = shorten(&base, MAX_SHEET_NAME);
    let mut n = 2;
    while is_taken(&name) {
        let suffix = format!(" ({n})");
        let room = MAX_SHEET_NAME - suffix.chars().count();
        name = format!("{}{suffix}", shorten(&base, room).trim_end());
        n += 1;
    }
    name
}

/// A date as an Excel date.
pub(super) fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    let year = u16::try_from(date.year())
        .with_context(|| format!("year of {date} cannot be stored in a spreadsheet"))?;
    // Month and day come from a valid chrono date, so they fit a u8.
    #[allow(clippy::cast_possible_truncation)]
    let date_time = ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8);
    date_time.with_context(|| format!("{date} cannot be stored in a spreadsheet"))
}

/// A date and time as an Excel datetime (seconds kept, sub-second dropped).
pub(super) fn excel_datetime(at: &NaiveDateTime) -> Result<ExcelDateTime> {
    // Hour, minute and second come from a valid chrono time, so they fit.
    #[allow(clippy::cast_possible_truncation)]
    let date_time =
        excel_date(at.date())?.and_hms(at.hour() as u16, at.minute() as u8, at.second());
    date_time.with_context(|| format!("{at} cannot be stored in a spreadsheet"))
}

/// Whether `email` can be a `mailto:` link as it stands: one address of plain characters.
pub(crate) fn linkable_email(email: &str) -> bool {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._%+-'@".contains(c);
    email.len() <= 254
        && email.matches('@').count() == 1
        && !needs_quote_prefix(email)
        && !email.starts_with('@')
        && !email.ends_with('@')
        && email.chars().all(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_need_a_quote_prefix_and_others_do_not() {
        for text in ["=1+1", "+Globex", "-Initech", "@31/02", "\tx", "\rx"] {
            assert!(needs_quote_prefix(text), "{text:?}");
        }
        for text in ["Acme", " =1", "", "1-2"] {
            assert!(!needs_quote_prefix(text), "{text:?}");
        }
    }

    #[test]
    fn text_over_the_cell_limit_is_cut_with_a_marker() {
        let long = "x".repeat(40_000);
        let cut = fit_cell(&long);
        let marker = "… [cut: 7273 more characters]";
        assert_eq!(cut.chars().count(), 32_727 + marker.chars().count());
        assert!(utf16_len(&cut) <= MAX_CELL_TEXT);
        assert!(
            cut.ends_with("x… [cut: 7273 more characters]"),
            "{}",
            &cut[32_700..]
        );
        assert_eq!(fit_cell("short"), "short");
        let exact = "y".repeat(MAX_CELL_TEXT);
        assert_eq!(fit_cell(&exact), exact.as_str());
    }

    #[test]
    fn sheet_names_are_cleaned_shortened_and_unique() {
        let taken = vec!["Follow-ups".to_string(), "Follow-ups (2)".to_string()];
        assert_eq!(sheet_name("Follow-ups", &taken), "Follow-ups (3)");
        assert_eq!(sheet_name("follow-ups", &taken[..1]), "follow-ups (2)");
        assert_eq!(sheet_name("a/b:c[d]?*\\", &[]), "a b c d");
        assert_eq!(sheet_name("'quoted'", &[]), "quoted");
        assert_eq!(sheet_name("", &[]), "Sheet");
        assert_eq!(sheet_name("History", &[]), "Sheet History");
        let long = "L".repeat(40);
        assert_eq!(sheet_name(&long, &[]), "L".repeat(31));
        assert_eq!(
            sheet_name(&long, &["L".repeat(31)]),
            format!("{} (2)", "L".repeat(27))
        );
    }

    #[test]
    fn only_plain_addresses_become_mailto_links() {
        assert!(linkable_email("ann.lee+x@example.com"));
        for email in ["", "no-at", "a@b@c", "a b@c.d", "=a@b.c", "a@b.c\"", "x@"] {
            assert!(!linkable_email(email), "{email:?}");
        }
    }
}
