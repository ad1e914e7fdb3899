//! Dates and times written as text: ISO 8601, Zoho's `15 Apr, 2021 00:03:00`, month names,
//! US and European numeric dates, and epoch numbers or Excel serials stored as text.
//!
//! Longer than most modules (~500 lines): the formats are tried in one order and infer the
//! day/month order together, so they stay in one file (the character scanner is `date/scan.rs`).

mod scan;

use chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

use super::ValueError;
use super::serial::number_to_stamp;
use scan::{Cursor, DatePart, date_part, time_part};

pub use crate::config::DateOrder;

/// A parsed timestamp: naive (to be read in the configured time zone) or carrying its own offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// A wall-clock time with no zone of its own.
    Naive(NaiveDateTime),
    /// An instant: the text carried an offset (`Z`, `+02:00`, `UTC`) or was an epoch number.
    Fixed(DateTime<FixedOffset>),
}

/// Parses a date or date-time written as text.
///
/// Accepted, with an optional time after the date:
/// - ISO 8601: `2021-04-15`, `2021-04-15 23:03:00`, `2021-04-15T23:03:00.123Z`, with `Z`,
///   `+02:00`, `+0200`, `+02`, `UTC` or `GMT` as the zone; also `2021/04/15`, `2021.04.15`;
/// - month names (English, full or abbreviated, any case): `15 Apr, 2021 00:03:00` (Zoho),
///   `15 Apr 2021`, `15-Apr-21`, `Apr 15, 2021`, `April 15th, 2021 3:04 PM`, with an optional
///   leading weekday (`Thu, 15 Apr 2021`);
/// - numeric: `10/20/2016`, `20.10.2016`, `20-10-2016`, where `order` decides which part is the
///   day; `None` infers it only when one part is over 12 (or both parts are equal);
/// - two-digit years: below 70 are 20xx, others 19xx;
/// - times `14:03`, `14:03:59`, `14:03:59.123` (up to nanoseconds), `2:03 PM`, `2:03pm`,
///   `2:03 p.m.`, after a space, a `T`, a comma or `at`;
/// - a plain number: from 1e11 Unix epoch milliseconds, from 1e9 Unix epoch seconds, from 1
///   to 2,958,465 an Excel serial (1900 system unless `excel_1904`); see [`number_to_stamp`].
///   Eight digits that form a valid `YYYYMMDD` date from 1900 on are read as that date.
///
/// A text with a zone gives [`Stamp::Fixed`]; anything else gives [`Stamp::Naive`].
///
/// # Errors
///
/// [`ValueError::AmbiguousOrder`] for a valid numeric date like `03/04/2021` whose order is
/// not given and cannot be told; [`ValueError::NotADate`] for anything else that is not one
/// of the forms above or names a day or time that does not exist (`2021-02-30`, `25:00`).
pub fn parse_date_text(
    s: &str,
    order: Option<DateOrder>,
    excel_1904: bool,
) -> Result<Stamp, ValueError> {
    let s = s.trim();
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && let Some(stamp) = number_text(s, excel_1904)
    {
        return stamp;
    }
    let mut cursor = Cursor::new(s);
    let part = date_part(&mut cursor)?;
    let (time, offset) = time_part(&mut cursor)?;
    let (year, month, day) = match part {
        DatePart::Ymd(year, month, day) => (year, month, day),
        DatePart::Numeric {
            first,
            second,
            year,
        } => {
            let (month, day) = month_and_day(first, second, order)?;
            (year, month, day)
        }
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(ValueError::NotADate)?;
    let naive = date.and_time(time);
    match offset {
        None => Ok(Stamp::Naive(naive)),
        Some(seconds) => FixedOffset::east_opt(seconds)
            .and_then(|offset| naive.and_local_timezone(offset).single())
            .map(Stamp::Fixed)
            .ok_or(ValueError::NotADate),
    }
}

/// Finds the day/month order a whole column of text dates proves.
///
/// Only numeric dates with the year last (`25/03/2021`, `3-25-21`) take part; a value decides
/// when one of its first two parts is 13 to 31 and the other 1 to 12.
///
/// Returns `Ok(None)` when no value decides, and `Ok(Some(order))` when some decide and all
/// of those agree.
///
/// # Errors
///
/// A message quoting one day-first and one month-first value when the column has both.
pub fn infer_date_order<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> Result<Option<DateOrder>, String> {
    let mut day_first: Option<&str> = None;
    let mut month_first: Option<&str> = None;
    for value in values {
        let value = value.trim();
        let mut cursor = Cursor::new(value);
        let Ok(DatePart::Numeric { first, second, .. }) = date_part(&mut cursor) else {
            continue;
        };
        if (13..=31).contains(&first) && (1..=12).contains(&second) {
            day_first.get_or_insert(value);
        } else if (1..=12).contains(&first) && (13..=31).contains(&second) {
            month_first.get_or_insert(value);
        } else {
            continue;
        }
        if let (Some(dmy), Some(mdy)) = (day_first, month_first) {
            return Err(format!(
                "dates disagree on day/month order: \"{dmy}\" has the day first, \
                 \"{mdy}\" has the month first"
            ));
        }
    }
    Ok(match (day_first, month_first) {
        (Some(_), _) => Some(DateOrder::Dmy),
        (_, Some(_)) => Some(DateOrder::Mdy),
        _ => None,
    })
}

/// Converts a stamp to UTC, reading a naive stamp as wall-clock time in `tz`.
///
/// A wall-clock time that falls in a daylight-saving gap (02:30 on the night clocks jump
/// from 02:00 to 03:00) is read with the offset in force before the gap, which moves it
/// forward by the gap's length (to 03:30); one that occurs twice (when clocks go back)
/// takes the earlier instant.
#[must_use]
pub fn to_utc(stamp: Stamp, tz: Tz) -> DateTime<Utc> {
    let naive = match stamp {
        Stamp::Fixed(instant) => return instant.with_timezone(&Utc),
        Stamp::Naive(naive) => naive,
    };
    if let Some(instant) = tz.from_local_datetime(&naive).earliest() {
        return instant.with_timezone(&Utc);
    }
    // In a gap: find the offset of the last wall-clock time before it.
    let offset_before = (1..=48)
        .filter_map(|hours| naive.checked_sub_signed(TimeDelta::hours(hours)))
        .find_map(|earlier| tz.from_local_datetime(&earlier).earliest())
        .map_or(0, |instant| instant.offset().fix().local_minus_utc());
    let utc = naive
        .checked_sub_signed(TimeDelta::seconds(offset_before.into()))
        .unwrap_or(naive);
    Utc.from_utc_datetime(&utc)
}

/// A cell that is a plain number (digits, a decimal point, an exponent): epoch, serial or
/// `YYYYMMDD`. `None` when the cell is not a plain number.
fn number_text(s: &str, excel_1904: bool) -> Option<Result<Stamp, ValueError>> {
    let bytes = s.as_bytes();
    let mut dots = 0;
    let mut exponent = false;
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {}
            b'.' if !exponent => dots += 1,
            b'e' | b'E' if !exponent => exponent = true,
            b'+' | b'-' if i > 0 && matches!(bytes[i - 1], b'e' | b'E') => {}
            _ => return None,
        }
    }
    if dots > 1 {
        return None;
    }
    if bytes.len() == 8
        && dots == 0
        && !exponent
        && let Some(date) = compact_date(bytes)
    {
        return Some(Ok(Stamp::Naive(date.and_time(NaiveTime::MIN))));
    }
    let n: f64 = s.parse().ok()?;
    Some(number_to_stamp(n, excel_1904))
}

/// `YYYYMMDD` from eight ASCII digits, from the year 1900 on.
fn compact_date(digits: &[u8]) -> Option<NaiveDate> {
    let value = |range: std::ops::Range<usize>| {
        digits[range]
            .iter()
            .fold(0, |acc, byte| acc * 10 + u32::from(byte - b'0'))
    };
    let year = i32::try_from(value(0..4))
        .ok()
        .filter(|year| *year >= 1900)?;
    NaiveDate::from_ymd_opt(year, value(4..6), value(6..8))
}

/// Month and day of a numeric date from its first two parts.
fn month_and_day(
    first: u32,
    second: u32,
    order: Option<DateOrder>,
) -> Result<(u32, u32), ValueError> {
    let order = match order {
        Some(order) => order,
        None if first == 0 || second == 0 || (first > 12 && second > 12) => {
            return Err(ValueError::NotADate);
        }
        None if first > 12 => DateOrder::Dmy,
        None if second > 12 || first == second => DateOrder::Mdy,
        None => return Err(ValueError::AmbiguousOrder),
    };
    Ok(match order {
        DateOrder::Dmy => (second, first),
        DateOrder::Mdy => (first, second),
    })
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32, ms: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_milli_opt(h, min, s, ms))
            .expect("valid test date")
    }

    fn naive(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> Result<Stamp, ValueError> {
        Ok(Stamp::Naive(at(y, m, d, h, min, s, 0)))
    }

    fn fixed(text: &str) -> Result<Stamp, ValueError> {
        Ok(Stamp::Fixed(
            DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 in test"),
        ))
    }

    fn parse(s: &str) -> Result<Stamp, ValueError> {
        parse_date_text(s, None, false)
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("valid RFC 3339 in test")
            .with_timezone(&Utc)
    }

    #[test]
    fn reads_iso_dates_and_times() {
        assert_eq!(parse("2021-04-15"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(parse("2021-04-15 23:03:00"), naive(2021, 4, 15, 23, 3, 0));
        assert_eq!(parse("2021-04-15T23:03"), naive(2021, 4, 15, 23, 3, 0));
        assert_eq!(parse("2021-4-5"), naive(2021, 4, 5, 0, 0, 0));
        assert_eq!(
            parse("  2018-02-26 19:58:54\t"),
            naive(2018, 2, 26, 19, 58, 54)
        );
        assert_eq!(
            parse("2021-04-15T23:03:00.123"),
            Ok(Stamp::Naive(at(2021, 4, 15, 23, 3, 0, 123)))
        );
    }

    #[test]
    fn reads_iso_zones_as_fixed_offsets() {
        assert_eq!(
            parse("2021-04-15T23:03:00.123Z"),
            fixed("2021-04-15T23:03:00.123Z")
        );
        assert_eq!(
            parse("2021-04-15T23:03:00+02:00"),
            fixed("2021-04-15T23:03:00+02:00")
        );
        assert_eq!(
            parse("2021-04-15T23:03:00-0530"),
            fixed("2021-04-15T23:03:00-05:30")
        );
        assert_eq!(
            parse("2021-04-15 23:03:00 +02"),
            fixed("2021-04-15T23:03:00+02:00")
        );
        assert_eq!(
            parse("2021-04-15 23:03:00 UTC"),
            fixed("2021-04-15T23:03:00Z")
        );
        assert_eq!(
            parse("2021-04-15 23:03 GMT+1"),
            fixed("2021-04-15T23:03:00+01:00")
        );
    }

    #[test]
    fn keeps_fraction_digits_to_the_nanosecond() {
        let Ok(Stamp::Fixed(t)) = parse("2021-04-15T23:03:00.123456789123Z") else {
            panic!("expected a fixed stamp");
        };
        assert_eq!(t.timestamp_subsec_nanos(), 123_456_789);
    }

    #[test]
    fn reads_zoho_day_month_name_comma_year() {
        assert_eq!(parse("15 Apr, 2021 00:03:00"), naive(2021, 4, 15, 0, 3, 0));
    }

    #[test]
    fn reads_month_names_in_either_position() {
        assert_eq!(parse("15 Apr 2021"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(parse("15 april 2021"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(parse("15-Apr-21"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(parse("Apr 15, 2021"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(parse("Sept. 9, 2021"), naive(2021, 9, 9, 0, 0, 0));
        assert_eq!(parse("April 15th, 2021"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(
            parse("Thu, 15 Apr 2021 10:00"),
            naive(2021, 4, 15, 10, 0, 0)
        );
        assert_eq!(
            parse("Thursday, April 15, 2021"),
            naive(2021, 4, 15, 0, 0, 0)
        );
    }

    #[test]
    fn reads_twelve_hour_clock() {
        assert_eq!(
            parse("April 15, 2021 3:04 PM"),
            naive(2021, 4, 15, 15, 4, 0)
        );
        assert_eq!(
            parse("April 15, 2021 at 3:04pm"),
            naive(2021, 4, 15, 15, 4, 0)
        );
        assert_eq!(parse("4/15/2021 12:30 AM"), naive(2021, 4, 15, 0, 30, 0));
        assert_eq!(parse("4/15/2021 12:30 p.m."), naive(2021, 4, 15, 12, 30, 0));
        assert_eq!(parse("4/15/2021 2:03:09 am"), naive(2021, 4, 15, 2, 3, 9));
        assert_eq!(parse("4/15/2021 13:30 PM"), Err(ValueError::NotADate));
    }

    #[test]
    fn reads_year_first_with_slashes_and_dots() {
        assert_eq!(parse("2021/04/15"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(parse("2021.04.15 14:03"), naive(2021, 4, 15, 14, 3, 0));
    }

    #[test]
    fn infers_numeric_order_when_a_part_is_over_twelve() {
        assert_eq!(parse("10/20/2016"), naive(2016, 10, 20, 0, 0, 0));
        assert_eq!(parse("20.10.2016"), naive(2016, 10, 20, 0, 0, 0));
        assert_eq!(parse("20-10-2016 14:03:59"), naive(2016, 10, 20, 14, 3, 59));
        assert_eq!(parse("25/03/2021"), naive(2021, 3, 25, 0, 0, 0));
        assert_eq!(parse("03/03/2021"), naive(2021, 3, 3, 0, 0, 0));
    }

    #[test]
    fn ambiguous_numeric_date_needs_an_order() {
        assert_eq!(parse("03/04/2021"), Err(ValueError::AmbiguousOrder));
        assert_eq!(
            parse_date_text("03/04/2021", Some(DateOrder::Dmy), false),
            naive(2021, 4, 3, 0, 0, 0)
        );
        assert_eq!(
            parse_date_text("03/04/2021", Some(DateOrder::Mdy), false),
            naive(2021, 3, 4, 0, 0, 0)
        );
    }

    #[test]
    fn given_order_is_not_overridden_by_the_value() {
        assert_eq!(
            parse_date_text("25/03/2021", Some(DateOrder::Mdy), false),
            Err(ValueError::NotADate)
        );
        assert_eq!(
            parse_date_text("10/20/2016", Some(DateOrder::Dmy), false),
            Err(ValueError::NotADate)
        );
    }

    #[test]
    fn two_digit_years_pivot_at_seventy() {
        assert_eq!(parse("25/03/21"), naive(2021, 3, 25, 0, 0, 0));
        assert_eq!(parse("25/03/69"), naive(2069, 3, 25, 0, 0, 0));
        assert_eq!(parse("25/03/70"), naive(1970, 3, 25, 0, 0, 0));
        assert_eq!(parse("1-Jan-99"), naive(1999, 1, 1, 0, 0, 0));
    }

    #[test]
    fn reads_numbers_in_text_by_magnitude() {
        assert_eq!(parse("1618444980000"), fixed("2021-04-15T00:03:00Z"));
        assert_eq!(parse("1618444980"), fixed("2021-04-15T00:03:00Z"));
        assert_eq!(parse("1.61844498E+12"), fixed("2021-04-15T00:03:00Z"));
        assert_eq!(parse("45293.5"), naive(2024, 1, 2, 12, 0, 0));
        assert_eq!(parse("42663"), naive(2016, 10, 20, 0, 0, 0));
        assert_eq!(parse_date_text("0", None, true), Err(ValueError::NotADate));
        assert_eq!(parse_date_text("1", None, true), naive(1904, 1, 2, 0, 0, 0));
        assert_eq!(parse("20210415"), naive(2021, 4, 15, 0, 0, 0));
        assert_eq!(parse("20211315"), Err(ValueError::NotADate));
    }

    #[test]
    fn rejects_days_and_times_that_do_not_exist() {
        assert_eq!(parse("2021-02-30"), Err(ValueError::NotADate));
        assert_eq!(parse("30 Feb 2021"), Err(ValueError::NotADate));
        assert_eq!(parse("2/30/2021"), Err(ValueError::NotADate));
        assert_eq!(parse("2021-04-15 24:00"), Err(ValueError::NotADate));
        assert_eq!(parse("2021-04-15 12:60"), Err(ValueError::NotADate));
        assert_eq!(parse("13/13/2020"), Err(ValueError::NotADate));
        assert_eq!(parse("0/5/2020"), Err(ValueError::NotADate));
    }

    #[test]
    fn rejects_text_that_is_not_a_date() {
        for bad in [
            "",
            "   ",
            "abc",
            "Q4 2016",
            "2021-04",
            "Apr 2021",
            "2021-04-15 junk",
            "2021-04-15T",
            "15 Foo 2021",
            "2021-04-15 10:00 PST",
            "123/04/2021",
            "1.2.3",
            "-5",
        ] {
            assert_eq!(parse(bad), Err(ValueError::NotADate), "{bad:?}");
        }
    }

    #[test]
    fn infer_order_finds_day_first_column() {
        let values = ["", "03/04/2021", "25/03/2021", "2021-04-15", "01/02/2021"];
        assert_eq!(infer_date_order(values), Ok(Some(DateOrder::Dmy)));
    }

    #[test]
    fn infer_order_finds_month_first_column() {
        let values = ["10/20/2016", "1/5/2017", "12-31-16"];
        assert_eq!(infer_date_order(values), Ok(Some(DateOrder::Mdy)));
    }

    #[test]
    fn infer_order_is_none_when_nothing_decides() {
        assert_eq!(infer_date_order(["03/04/2021", "13/13/2020"]), Ok(None));
        assert_eq!(
            infer_date_order(["2021-04-15", "15 Apr, 2021 00:03:00"]),
            Ok(None)
        );
        assert_eq!(infer_date_order([]), Ok(None));
    }

    #[test]
    fn infer_order_reports_contradicting_values() {
        let values = ["01/02/2021", "25/03/2021", "03/25/2021"];
        assert_eq!(
            infer_date_order(values),
            Err(
                "dates disagree on day/month order: \"25/03/2021\" has the day first, \
                 \"03/25/2021\" has the month first"
                    .to_string()
            )
        );
    }

    #[test]
    fn to_utc_reads_naive_in_the_zone() {
        let berlin = chrono_tz::Europe::Berlin;
        let winter = Stamp::Naive(at(2021, 1, 15, 12, 0, 0, 0));
        let summer = Stamp::Naive(at(2021, 7, 15, 12, 0, 0, 0));
        assert_eq!(to_utc(winter, berlin), utc("2021-01-15T11:00:00Z"));
        assert_eq!(to_utc(summer, berlin), utc("2021-07-15T10:00:00Z"));
    }

    #[test]
    fn to_utc_keeps_fixed_offsets() {
        let stamp = parse("2021-04-15T23:03:00+02:00").expect("valid");
        assert_eq!(
            to_utc(stamp, chrono_tz::Asia::Tokyo),
            utc("2021-04-15T21:03:00Z")
        );
    }

    #[test]
    fn to_utc_moves_a_time_in_the_dst_gap_forward() {
        // Berlin, 2021-03-28: 02:00 CET became 03:00 CEST; 02:30 is read as 03:30 CEST.
        let in_gap = Stamp::Naive(at(2021, 3, 28, 2, 30, 0, 0));
        assert_eq!(
            to_utc(in_gap, chrono_tz::Europe::Berlin),
            utc("2021-03-28T01:30:00Z")
        );
    }

    #[test]
    fn to_utc_takes_the_earlier_of_a_repeated_time() {
        // Berlin, 2021-10-31: 03:00 CEST became 02:00 CET; 02:30 happened twice.
        let repeated = Stamp::Naive(at(2021, 10, 31, 2, 30, 0, 0));
        assert_eq!(
            to_utc(repeated, chrono_tz::Europe::Berlin),
            utc("2021-10-31T00:30:00Z")
        );
    }
}
