//! Scanning date text into its parts: the date (ISO, numeric or with a month name), the time
//! of day and the zone, each checked for shape; which day exists is decided by the caller.

use chrono::NaiveTime;

use crate::ingest::values::ValueError;

/// A date read up to where the time would start.
pub(super) enum DatePart {
    /// Year, month and day, certain.
    Ymd(i32, u32, u32),
    /// A numeric date with the year last, whose order is not yet known.
    Numeric { first: u32, second: u32, year: i32 },
}

/// Byte cursor over one trimmed cell.
pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    /// Skips spaces, tabs and the no-break spaces U+00A0 and U+202F; true if any.
    fn skip_spaces(&mut self) -> bool {
        let start = self.at;
        loop {
            let rest = &self.bytes[self.at..];
            self.at += match rest {
                [b' ' | b'\t', ..] => 1,
                [0xC2, 0xA0, ..] => 2,
                [0xE2, 0x80, 0xAF, ..] => 3,
                _ => return self.at > start,
            };
        }
    }

    /// A run of up to 9 ASCII digits: its value and length.
    fn number(&mut self) -> Option<(u32, usize)> {
        let start = self.at;
        let mut value: u32 = 0;
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            if self.at - start == 9 {
                return None;
            }
            value = value * 10 + u32::from(byte - b'0');
            self.at += 1;
        }
        let len = self.at - start;
        (len > 0).then_some((value, len))
    }

    /// A run of ASCII letters (possibly empty).
    fn word(&mut self) -> &'a [u8] {
        let start = self.at;
        while self.peek().is_some_and(|byte| byte.is_ascii_alphabetic()) {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// Skips what may stand between the parts of a date with a month name: spaces, commas,
    /// dots, dashes and slashes; true if any.
    fn date_gap(&mut self) -> bool {
        let start = self.at;
        loop {
            if self.skip_spaces() {
                continue;
            }
            if !matches!(self.peek(), Some(b',' | b'.' | b'-' | b'/')) {
                return self.at > start;
            }
            self.at += 1;
        }
    }
}

pub(super) fn date_part(cursor: &mut Cursor) -> Result<DatePart, ValueError> {
    match cursor.peek() {
        Some(byte) if byte.is_ascii_digit() => digit_first(cursor),
        Some(byte) if byte.is_ascii_alphabetic() => {
            let mut word = cursor.word();
            if weekday(word) {
                cursor.date_gap();
                if cursor.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    return digit_first(cursor);
                }
                word = cursor.word();
            }
            let month = month_number(word).ok_or(ValueError::NotADate)?;
            month_first(cursor, month)
        }
        _ => Err(ValueError::NotADate),
    }
}

/// `2021-04-15`, `15/04/2021`, `15 Apr 2021`, `15-Apr-21`, ...
fn digit_first(cursor: &mut Cursor) -> Result<DatePart, ValueError> {
    let (first, len) = cursor.number().ok_or(ValueError::NotADate)?;
    let separator = cursor.peek().ok_or(ValueError::NotADate)?;
    if len == 4 && matches!(separator, b'-' | b'/' | b'.') {
        cursor.at += 1;
        let month = short_number(cursor)?;
        if !cursor.eat(separator) {
            return Err(ValueError::NotADate);
        }
        let day = short_number(cursor)?;
        let year = i32::try_from(first).map_err(|_| ValueError::NotADate)?;
        return Ok(DatePart::Ymd(year, month, day));
    }
    if len > 2 {
        return Err(ValueError::NotADate);
    }
    if matches!(separator, b'-' | b'/' | b'.')
        && cursor
            .bytes
            .get(cursor.at + 1)
            .is_some_and(u8::is_ascii_digit)
    {
        cursor.at += 1;
        let second = short_number(cursor)?;
        if !cursor.eat(separator) {
            return Err(ValueError::NotADate);
        }
        let year = year(cursor)?;
        return Ok(DatePart::Numeric {
            first,
            second,
            year,
        });
    }
    cursor.date_gap();
    let month = month_number(cursor.word()).ok_or(ValueError::NotADate)?;
    if !cursor.date_gap() {
        return Err(ValueError::NotADate);
    }
    Ok(DatePart::Ymd(year(cursor)?, month, first))
}

/// `Apr 15, 2021`, `April 15th 2021`, `Apr-15-2021`; the month name has been read.
fn month_first(cursor: &mut Cursor, month: u32) -> Result<DatePart, ValueError> {
    if !cursor.date_gap() {
        return Err(ValueError::NotADate);
    }
    let day = short_number(cursor)?;
    let suffix = cursor.word();
    if !(suffix.is_empty()
        || [b"st", b"nd", b"rd", b"th"]
            .iter()
            .any(|s| suffix.eq_ignore_ascii_case(*s)))
    {
        return Err(ValueError::NotADate);
    }
    if !cursor.date_gap() {
        return Err(ValueError::NotADate);
    }
    Ok(DatePart::Ymd(year(cursor)?, month, day))
}

/// One or two digits.
fn short_number(cursor: &mut Cursor) -> Result<u32, ValueError> {
    match cursor.number() {
        Some((value, 1 | 2)) => Ok(value),
        _ => Err(ValueError::NotADate),
    }
}

/// Four digits, or two digits: below 70 is 20xx, from 70 on 19xx.
fn year(cursor: &mut Cursor) -> Result<i32, ValueError> {
    let year = match cursor.number() {
        Some((value, 4)) => value,
        Some((value, 2)) if value < 70 => 2000 + value,
        Some((value, 2)) => 1900 + value,
        _ => return Err(ValueError::NotADate),
    };
    i32::try_from(year).map_err(|_| ValueError::NotADate)
}

const MONTHS: [&[u8]; 12] = [
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
];

const WEEKDAYS: [&[u8]; 7] = [
    b"monday",
    b"tuesday",
    b"wednesday",
    b"thursday",
    b"friday",
    b"saturday",
    b"sunday",
];

/// Whether `word` is the first three or more letters of `name`, in any case.
fn abbreviates(word: &[u8], name: &[u8]) -> bool {
    word.len() >= 3 && word.len() <= name.len() && word.eq_ignore_ascii_case(&name[..word.len()])
}

/// 1–12 for an English month name or its abbreviation (`Apr`, `Sept`, `April`).
fn month_number(word: &[u8]) -> Option<u32> {
    (1..)
        .zip(MONTHS)
        .find_map(|(number, name)| abbreviates(word, name).then_some(number))
}

fn weekday(word: &[u8]) -> bool {
    WEEKDAYS.iter().any(|name| abbreviates(word, name))
}

/// The time after a date, if any, and the zone offset in seconds if one is written.
pub(super) fn time_part(cursor: &mut Cursor) -> Result<(NaiveTime, Option<i32>), ValueError> {
    if cursor.at_end() {
        return Ok((NaiveTime::MIN, None));
    }
    if !(cursor.eat(b'T') || cursor.eat(b't')) {
        let comma = cursor.eat(b',');
        if !cursor.skip_spaces() && !comma {
            return Err(ValueError::NotADate);
        }
        let before_at = cursor.at;
        if cursor.word().eq_ignore_ascii_case(b"at") {
            cursor.skip_spaces();
        } else {
            cursor.at = before_at;
        }
    }
    let hour = short_number(cursor)?;
    if !cursor.eat(b':') {
        return Err(ValueError::NotADate);
    }
    let minute = two_digits(cursor)?;
    let mut second = 0;
    let mut nano = 0;
    if cursor.eat(b':') {
        second = two_digits(cursor)?;
        if cursor.eat(b'.') || cursor.eat(b',') {
            nano = fraction_nanos(cursor)?;
        }
    }
    cursor.skip_spaces();
    let hour = match meridiem(cursor) {
        None => hour,
        Some(pm) => {
            cursor.skip_spaces();
            match (hour, pm) {
                (12, false) => 0,
                (0..=11, true) => hour + 12,
                (0..=12, _) => hour,
                _ => return Err(ValueError::NotADate),
            }
        }
    };
    let offset = zone(cursor)?;
    cursor.skip_spaces();
    if !cursor.at_end() {
        return Err(ValueError::NotADate);
    }
    let time =
        NaiveTime::from_hms_nano_opt(hour, minute, second, nano).ok_or(ValueError::NotADate)?;
    Ok((time, offset))
}

fn two_digits(cursor: &mut Cursor) -> Result<u32, ValueError> {
    match cursor.number() {
        Some((value, 2)) => Ok(value),
        _ => Err(ValueError::NotADate),
    }
}

/// Fractional seconds as nanoseconds; digits past the ninth are dropped.
fn fraction_nanos(cursor: &mut Cursor) -> Result<u32, ValueError> {
    let start = cursor.at;
    let mut nanos = 0;
    let mut scale = 100_000_000;
    while let Some(byte) = cursor.peek().filter(u8::is_ascii_digit) {
        nanos += u32::from(byte - b'0') * scale;
        scale /= 10;
        cursor.at += 1;
    }
    if cursor.at == start {
        return Err(ValueError::NotADate);
    }
    Ok(nanos)
}

/// `AM`/`PM`/`a.m.`/`p.m.` in any case: `Some(true)` for PM.
fn meridiem(cursor: &mut Cursor) -> Option<bool> {
    let start = cursor.at;
    let pm = match cursor.peek().map(|byte| byte.to_ascii_lowercase()) {
        Some(b'a') => false,
        Some(b'p') => true,
        _ => return None,
    };
    cursor.at += 1;
    cursor.eat(b'.');
    if cursor.eat(b'm') || cursor.eat(b'M') {
        cursor.eat(b'.');
        if !cursor.peek().is_some_and(|byte| byte.is_ascii_alphabetic()) {
            return Some(pm);
        }
    }
    cursor.at = start;
    None
}

/// `Z`, `UTC`, `GMT`, `+02:00`, `+0200`, `+02`, `UTC+2`: the offset in seconds east of UTC.
fn zone(cursor: &mut Cursor) -> Result<Option<i32>, ValueError> {
    match cursor.peek() {
        None => Ok(None),
        Some(b'Z' | b'z') => {
            cursor.at += 1;
            Ok(Some(0))
        }
        Some(b'+' | b'-') => offset(cursor).map(Some),
        Some(byte) if byte.is_ascii_alphabetic() => {
            let word = cursor.word();
            if !(word.eq_ignore_ascii_case(b"utc") || word.eq_ignore_ascii_case(b"gmt")) {
                return Err(ValueError::NotADate);
            }
            if matches!(cursor.peek(), Some(b'+' | b'-')) {
                offset(cursor).map(Some)
            } else {
                Ok(Some(0))
            }
        }
        Some(_) => Ok(None),
    }
}

fn offset(cursor: &mut Cursor) -> Result<i32, ValueError> {
    let sign = if cursor.eat(b'-') { -1 } else { 1 };
    cursor.eat(b'+');
    let (hours, minutes) = match cursor.number() {
        Some((value, 1 | 2)) if cursor.eat(b':') => (value, two_digits(cursor)?),
        Some((value, 1 | 2)) => (value, 0),
        Some((value, 4)) => (value / 100, value % 100),
        _ => return Err(ValueError::NotADate),
    };
    if hours > 18 || minutes > 59 {
        return Err(ValueError::NotADate);
    }
    let seconds = i32::try_from(hours * 3600 + minutes * 60).map_err(|_| ValueError::NotADate)?;
    Ok(sign * seconds)
}
