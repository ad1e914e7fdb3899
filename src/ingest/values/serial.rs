//! Numbers that stand for dates: Excel serial day numbers and Unix epoch seconds or
//! milliseconds, told apart by magnitude.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::{Stamp, ValueError};

const MS_PER_DAY: i64 = 86_400_000;
/// The last serial day Excel accepts: 9999-12-31 in the 1900 system.
const MAX_SERIAL: f64 = 2_958_465.0;
/// Smallest number read as epoch seconds (2001-09-09T01:46:40Z).
const EPOCH_SECONDS_FROM: f64 = 1e9;
/// Smallest number read as epoch milliseconds (1973-03-03T09:46:40Z).
const EPOCH_MILLIS_FROM: f64 = 1e11;

/// Converts an Excel serial day number (the fraction is the time of day) to a naive
/// date-time, rounded to the nearest millisecond.
///
/// In the 1900 system serial 1 is 1900-01-01 and serial 61 is 1900-03-01; serial 60 is
/// Excel's phantom 1900-02-29, a day that never existed. In the 1904 system serial 0 is
/// 1904-01-01. The last accepted day is 9999-12-31, as in Excel.
///
/// # Errors
///
/// [`ValueError::NotADate`] for a non-finite or negative serial, a 1900-system serial below 1
/// (Excel's "1900-01-00", used for bare times of day), serial 60 in the 1900 system, and
/// anything after 9999-12-31.
pub fn excel_serial_to_datetime(
    serial: f64,
    excel_1904: bool,
) -> Result<NaiveDateTime, ValueError> {
    if !(0.0..MAX_SERIAL + 1.0).contains(&serial) {
        return Err(ValueError::NotADate);
    }
    // In range, so the product is far below 2^53 and the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    let total_ms = (serial * MS_PER_DAY as f64).round() as i64;
    let (days, ms) = (total_ms / MS_PER_DAY, total_ms % MS_PER_DAY);
    let (epoch, days) = if excel_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1), days)
    } else {
        match days {
            0 | 60 => return Err(ValueError::NotADate),
            // Before the phantom leap day Excel's count is one day ahead of the calendar.
            1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31), days),
            _ => (NaiveDate::from_ymd_opt(1899, 12, 30), days),
        }
    };
    let date = epoch
        .and_then(|epoch| epoch.checked_add_days(Days::new(days.unsigned_abs())))
        .filter(|date| date.year() <= 9999)
        .ok_or(ValueError::NotADate)?;
    let (secs, milli) = (ms / 1000, ms % 1000);
    let time = u32::try_from(secs)
        .ok()
        .zip(u32::try_from(milli * 1_000_000).ok())
        .and_then(|(secs, nano)| NaiveTime::from_num_seconds_from_midnight_opt(secs, nano))
        .ok_or(ValueError::NotADate)?;
    Ok(date.and_time(time))
}

/// Reads a number found in a date column (a numeric cell, not text) by its magnitude:
/// from 1e11 Unix epoch milliseconds, from 1e9 up to 1e11 Unix epoch seconds (both give a
/// UTC [`Stamp::Fixed`]), from 1 up to 2,958,466 an Excel serial day in the 1900 system, or
/// the 1904 system when `excel_1904` (a [`Stamp::Naive`], to be read in the configured time
/// zone). Epoch values are rounded to the nearest millisecond.
///
/// # Errors
///
/// [`ValueError::NotADate`] for a non-finite number, one below 1, one between the last Excel
/// serial and 1e9, and one past the year 9999.
pub fn number_to_stamp(n: f64, excel_1904: bool) -> Result<Stamp, ValueError> {
    let epoch_ms = if n >= EPOCH_MILLIS_FROM {
        n.round()
    } else if n >= EPOCH_SECONDS_FROM {
        (n * 1000.0).round()
    } else if (1.0..MAX_SERIAL + 1.0).contains(&n) {
        return excel_serial_to_datetime(n, excel_1904).map(Stamp::Naive);
    } else {
        return Err(ValueError::NotADate);
    };
    if !epoch_ms.is_finite() || epoch_ms > 1e15 {
        return Err(ValueError::NotADate);
    }
    // Bounded above, so the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    let epoch_ms = epoch_ms as i64;
    DateTime::from_timestamp_millis(epoch_ms)
        .filter(|t| t.year() <= 9999)
        .map(|t| Stamp::Fixed(t.fixed_offset()))
        .ok_or(ValueError::NotADate)
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32, ms: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_milli_opt(h, min, s, ms))
            .expect("valid test date")
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32, ms: u32) -> Stamp {
        let utc = FixedOffset::east_opt(0).expect("zero offset");
        Stamp::Fixed(
            utc.from_local_datetime(&at(y, m, d, h, min, s, ms))
                .single()
                .expect("fixed offsets are unambiguous"),
        )
    }

    #[test]
    fn serial_1900_system_counts_the_phantom_leap_day() {
        assert_eq!(
            excel_serial_to_datetime(1.0, false),
            Ok(at(1900, 1, 1, 0, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(59.0, false),
            Ok(at(1900, 2, 28, 0, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(61.0, false),
            Ok(at(1900, 3, 1, 0, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(42663.0, false),
            Ok(at(2016, 10, 20, 0, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(45293.0, false),
            Ok(at(2024, 1, 2, 0, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(45293.5, false),
            Ok(at(2024, 1, 2, 12, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(2_958_465.0, false),
            Ok(at(9999, 12, 31, 0, 0, 0, 0))
        );
    }

    #[test]
    fn serial_1900_phantom_leap_day_and_day_zero_are_not_dates() {
        assert_eq!(
            excel_serial_to_datetime(60.0, false),
            Err(ValueError::NotADate)
        );
        assert_eq!(
            excel_serial_to_datetime(60.5, false),
            Err(ValueError::NotADate)
        );
        assert_eq!(
            excel_serial_to_datetime(0.5, false),
            Err(ValueError::NotADate)
        );
    }

    #[test]
    fn serial_1904_system_starts_at_day_zero() {
        assert_eq!(
            excel_serial_to_datetime(0.0, true),
            Ok(at(1904, 1, 1, 0, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(1.25, true),
            Ok(at(1904, 1, 2, 6, 0, 0, 0))
        );
        assert_eq!(
            excel_serial_to_datetime(43831.0, true),
            Ok(at(2024, 1, 2, 0, 0, 0, 0))
        );
    }

    #[test]
    fn serial_time_rounds_to_the_nearest_millisecond() {
        // 14:03:59.250 is 50639.25 s; a float a hair below it must not come out as .249.
        let serial = 45293.0 + 50_639.25 / 86_400.0 - 1e-12;
        assert_eq!(
            excel_serial_to_datetime(serial, false),
            Ok(at(2024, 1, 2, 14, 3, 59, 250))
        );
        // Just below midnight rounds up into the next day.
        let serial = 45293.0 + 0.999_999_999_9;
        assert_eq!(
            excel_serial_to_datetime(serial, false),
            Ok(at(2024, 1, 3, 0, 0, 0, 0))
        );
    }

    #[test]
    fn serial_out_of_range_is_not_a_date() {
        for bad in [-1.0, 2_958_466.0, f64::NAN, f64::INFINITY] {
            assert_eq!(
                excel_serial_to_datetime(bad, false),
                Err(ValueError::NotADate),
                "{bad}"
            );
        }
        assert_eq!(
            excel_serial_to_datetime(2_958_465.0, true),
            Err(ValueError::NotADate)
        );
    }

    #[test]
    fn number_by_magnitude_is_epoch_millis_epoch_seconds_or_serial() {
        assert_eq!(
            number_to_stamp(1_618_444_980_000.0, false),
            Ok(utc(2021, 4, 15, 0, 3, 0, 0))
        );
        assert_eq!(
            number_to_stamp(1_618_444_980.5, false),
            Ok(utc(2021, 4, 15, 0, 3, 0, 500))
        );
        assert_eq!(
            number_to_stamp(45293.5, false),
            Ok(Stamp::Naive(at(2024, 1, 2, 12, 0, 0, 0)))
        );
        assert_eq!(
            number_to_stamp(45293.5, true),
            Ok(Stamp::Naive(at(2028, 1, 3, 12, 0, 0, 0)))
        );
    }

    #[test]
    fn number_outside_every_range_is_not_a_date() {
        for bad in [0.0, 0.5, -5.0, 2_958_466.0, 999_999_999.0, 1e17, f64::NAN] {
            assert_eq!(
                number_to_stamp(bad, false),
                Err(ValueError::NotADate),
                "{bad}"
            );
        }
    }
}
