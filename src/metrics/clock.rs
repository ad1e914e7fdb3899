//! The business-hours clock: working time between two instants and deadlines counted in
//! working hours, in a time zone, with working days and public holidays from `[hours]`.
//!
//! A day's working window is local `start..end` on that local date, converted to UTC, so
//! daylight-saving changes move the window in UTC but not on the wall clock. Long spans are
//! counted arithmetically: whole weeks by the number of working days, then a sorted table of
//! exceptions (holidays, and the rare windows a clock change lengthens or shortens), found by
//! binary search; only the partial days at the ends are walked.

use anyhow::{Result, bail};
use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

use crate::config::DAY_KEYS;
/// Day names as shown in [`BusinessClock::describe`], Monday first.
const DAY_LABELS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MS_PER_HOUR: f64 = 3_600_000.0;

pub(crate) use crate::config::HoursConfig;

/// Working hours in a time zone, with holidays.
#[derive(Debug, Clone)]
pub(crate) struct BusinessClock {
    tz: Tz,
    /// Working weekdays, Monday first.
    days: [bool; 7],
    start: NaiveTime,
    end: NaiveTime,
    /// Every configured holiday, sorted, without duplicates.
    holidays: Vec<NaiveDate>,
    /// `prefix[i]`: working weekdays among the first `i` days of a Monday-first week.
    prefix: [i64; 8],
    /// Length of a window on a day without a clock change, in milliseconds.
    nominal_ms: i64,
    /// Working weekdays whose window is not `nominal_ms` long (holidays, clock changes),
    /// by day number (see [`day_number`]), sorted.
    exception_days: Vec<i64>,
    /// `exception_sums[i]`: actual minus nominal milliseconds over `exception_days[..i]`.
    exception_sums: Vec<i64>,
}

impl BusinessClock {
    /// Checks `[hours]` and builds the clock for time zone `tz`.
    ///
    /// # Errors
    /// An unknown day name (the message names it and lists the valid ones), a start or end
    /// that is not a "HH:MM" time of day, a start not before the end, or no working day.
    pub(crate) fn new(config: &HoursConfig, tz: Tz) -> Result<BusinessClock> {
        let mut days = [false; 7];
        for name in &config.days {
            let key = name.trim().to_ascii_lowercase();
            let Some(index) = DAY_KEYS.iter().position(|k| *k == key) else {
                bail!(
                    "[hours] days: unknown day \"{name}\"; use {}",
                    DAY_KEYS.join(", ")
                );
            };
            days[index] = true;
        }
        let start = parse_time("start", &config.start)?;
        let end = parse_time("end", &config.end)?;
        if start >= end {
            bail!(
                "[hours] start = \"{}\" must be before end = \"{}\" (a working day cannot cross midnight)",
                config.start,
                config.end
            );
        }
        if !days.contains(&true) {
            bail!(
                "[hours] days names no working day; list at least one, e.g. days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"
            );
        }
        let mut prefix = [0; 8];
        for (i, working) in days.iter().enumerate() {
            prefix[i + 1] = prefix[i] + i64::from(*working);
        }
        let mut holidays = config.holidays.clone();
        holidays.sort_unstable();
        holidays.dedup();
        let mut clock = BusinessClock {
            tz,
            days,
            start,
            end,
            holidays,
            prefix,
            nominal_ms: (end - start).num_milliseconds(),
            exception_days: Vec::new(),
            exception_sums: vec![0],
        };
        clock.find_exceptions();
        Ok(clock)
    }

    /// Working hours between two instants (0.0 when `to <= from`), counting only time inside
    /// the working windows of working, non-holiday days in the local time zone.
    #[must_use]
    pub(crate) fn hours_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
        if to <= from {
            return 0.0;
        }
        let (first, last) = (self.local_day(from), self.local_day(to));
        let mut ms = self.overlap_ms(first, from, to);
        if last > first {
            ms += self.overlap_ms(last, from, to) + self.full_days_ms(first + 1, last - 1);
        }
        // Milliseconds to hours; exact for any span a CRM export holds.
        #[allow(clippy::cast_precision_loss)]
        let hours = ms as f64 / MS_PER_HOUR;
        hours
    }

    /// The instant at which `hours` working hours have passed since `from` (a deadline).
    /// If `from` is outside working time, counting starts at the next window; a deadline
    /// that uses up a window exactly is that window's end. `hours <= 0` (or NaN) returns
    /// `from`; a deadline beyond chrono's range returns [`DateTime::<Utc>::MAX_UTC`].
    #[must_use]
    pub(crate) fn add_hours(&self, from: DateTime<Utc>, hours: f64) -> DateTime<Utc> {
        if hours.is_nan() || hours <= 0.0 {
            return from;
        }
        let ms = (hours * MS_PER_HOUR).round();
        // Half of i64::MAX milliseconds is 146 million years: past chrono's range anyway.
        if ms >= 4.6e18 {
            return DateTime::<Utc>::MAX_UTC;
        }
        // In range and rounded, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let mut remaining = ms as i64;
        if remaining == 0 {
            return from;
        }
        let mut day = self.local_day(from);
        if let Some((start, end)) = self.window(day) {
            let begin = start.max(from);
            if begin < end {
                let available = (end - begin).num_milliseconds();
                if remaining <= available {
                    return plus_ms(begin, remaining);
                }
                remaining -= available;
            }
        }
        day += 1;
        // Whole weeks while more than a week's nominal hours remain; holidays in them
        // leave some over for the next round, a clock change may give back an hour.
        let week_ms = self.prefix[7] * self.nominal_ms;
        loop {
            let mut weeks = (remaining - 1) / week_ms;
            if weeks == 0 {
                break;
            }
            if day + 7 * weeks > last_day() {
                return DateTime::<Utc>::MAX_UTC;
            }
            let mut got = self.full_days_ms(day, day + 7 * weeks - 1);
            while got >= remaining && weeks > 0 {
                weeks -= 1;
                got = self.full_days_ms(day, day + 7 * weeks - 1);
            }
            if weeks == 0 {
                break;
            }
            remaining -= got;
            day += 7 * weeks;
        }
        while day <= last_day() {
            if let Some((start, end)) = self.window(day) {
                let length = (end - start).num_milliseconds();
                if remaining <= length {
                    return plus_ms(start, remaining);
                }
                remaining -= length;
            }
            day += 1;
        }
        DateTime::<Utc>::MAX_UTC
    }

    /// The instant at which `hours` have passed since `from` on the working-days clock: time
    /// runs around the clock on working days and stops on days off and holidays (local
    /// dates), so 24 h from Friday 16:00 is Monday 16:00. From a day off, counting starts at
    /// the next working day's midnight. `hours <= 0` (or NaN) returns `from`; a deadline
    /// beyond chrono's range (or more than a thousand years on) returns
    /// [`DateTime::<Utc>::MAX_UTC`].
    #[must_use]
    pub(crate) fn add_working_day_hours(&self, from: DateTime<Utc>, hours: f64) -> DateTime<Utc> {
        if hours.is_nan() || hours <= 0.0 {
            return from;
        }
        let ms = (hours * MS_PER_HOUR).round();
        if ms >= 4.6e18 {
            return DateTime::<Utc>::MAX_UTC;
        }
        // In range and rounded, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let mut remaining = ms as i64;
        let mut at = from;
        let mut day = self.local_day(from);
        let stop = day + 366_000;
        while day <= stop.min(last_day()) {
            // The next local midnight: the end of this day's clock.
            let Some(next) = i32::try_from(day + 1)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
            else {
                break;
            };
            let midnight = self.to_utc(next.and_time(NaiveTime::MIN), false);
            let date = i32::try_from(day)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt);
            if date.is_some_and(|d| self.is_working_day(d)) {
                let available = (midnight - at).num_milliseconds().max(0);
                if remaining <= available {
                    return plus_ms(at, remaining);
                }
                remaining -= available;
            }
            at = midnight.max(at);
            day += 1;
        }
        DateTime::<Utc>::MAX_UTC
    }

    /// Whether `date` is a working weekday and not a holiday.
    #[must_use]
    pub(crate) fn is_working_day(&self, date: NaiveDate) -> bool {
        self.days[date.weekday().num_days_from_monday() as usize]
            && self.holidays.binary_search(&date).is_err()
    }

    /// Length of one working day in hours (e.g. 8.0).
    #[must_use]
    #[cfg(test)]
    pub(crate) fn day_hours(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let hours = self.nominal_ms as f64 / MS_PER_HOUR;
        hours
    }

    /// A description for the Definitions sheet, e.g.
    /// "Mon–Fri 09:00–17:00 Europe/Berlin, 2 holidays".
    #[must_use]
    pub(crate) fn describe(&self) -> String {
        let holidays = match self.holidays.len() {
            0 => String::new(),
            1 => ", 1 holiday".to_string(),
            n => format!(", {n} holidays"),
        };
        format!(
            "{} {}–{} {}{holidays}",
            describe_days(&self.days),
            self.start.format("%H:%M"),
            self.end.format("%H:%M"),
            self.tz.name()
        )
    }

    /// The working days and holidays alone, e.g. "Mon–Fri Europe/Berlin, 2 holidays": what
    /// the working-days clock runs on.
    #[must_use]
    pub(crate) fn describe_days(&self) -> String {
        let holidays = match self.holidays.len() {
            0 => String::new(),
            1 => ", 1 holiday".to_string(),
            n => format!(", {n} holidays"),
        };
        format!("{} {}{holidays}", describe_days(&self.days), self.tz.name())
    }

    /// The local date of an instant, as a day number.
    fn local_day(&self, at: DateTime<Utc>) -> i64 {
        let utc = at.naive_utc();
        let offset = chrono::Offset::fix(&self.tz.offset_from_utc_datetime(&utc));
        // At the very ends of chrono's range the local date may not exist: use the UTC one.
        day_number(utc.checked_add_offset(offset).unwrap_or(utc).date())
    }

    /// The working window of day number `day` in UTC, or `None` on a day off.
    fn window(&self, day: i64) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let date = i32::try_from(day)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)?;
        if !self.is_working_day(date) {
            return None;
        }
        Some(self.raw_window(date))
    }

    /// Local `start..end` on `date` in UTC, whether or not the date is a working day: the
    /// earliest instant showing `start` to the latest showing `end` (a clock going back
    /// inside the window lengthens it), a time skipped by a clock going forward read as the
    /// first instant after the gap (shortening the window).
    fn raw_window(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.to_utc(date.and_time(self.start), false);
        let end = self.to_utc(date.and_time(self.end), true);
        (start, end.max(start))
    }

    fn to_utc(&self, local: NaiveDateTime, latest: bool) -> DateTime<Utc> {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(t) => t.to_utc(),
            LocalResult::Ambiguous(early, late) => if latest { late } else { early }.to_utc(),
            LocalResult::None => chrono_tz::GapInfo::new(&local, &self.tz)
                .and_then(|gap| gap.end)
                .map_or_else(
                    // No gap information at the ends of the zone's table: the offset there.
                    || {
                        let offset = self.tz.offset_from_utc_datetime(&local);
                        let seconds = chrono::Offset::fix(&offset).local_minus_utc();
                        local
                            .and_utc()
                            .checked_sub_signed(chrono::TimeDelta::seconds(i64::from(seconds)))
                            .unwrap_or_else(|| local.and_utc())
                    },
                    |t| t.to_utc(),
                ),
        }
    }

    /// Milliseconds of `from..to` inside the window of day number `day`.
    fn overlap_ms(&self, day: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.window(day).map_or(0, |(start, end)| {
            (end.min(to) - start.max(from)).num_milliseconds().max(0)
        })
    }

    /// Working milliseconds in the whole days `first..=last` (day numbers), without a loop:
    /// working weekdays times the nominal window, corrected by the exceptions in range.
    fn full_days_ms(&self, first: i64, last: i64) -> i64 {
        if last < first {
            return 0;
        }
        let weekdays = self.working_days_before(last + 1) - self.working_days_before(first);
        let lo = self.exception_days.partition_point(|d| *d < first);
        let hi = self.exception_days.partition_point(|d| *d <= last);
        weekdays * self.nominal_ms + self.exception_sums[hi] - self.exception_sums[lo]
    }

    /// Working weekdays (holidays included) before day number `day`, counted from 0001-01-01,
    /// a Monday.
    fn working_days_before(&self, day: i64) -> i64 {
        let since_monday = day - 1;
        since_monday.div_euclid(7) * self.prefix[7]
            + self.prefix[usize::try_from(since_monday.rem_euclid(7)).unwrap_or(0)]
    }

    /// Fills the exception table: every holiday on a working weekday (its whole window
    /// taken away), and every working day from 1970 to 2100 whose window a clock change
    /// makes longer or shorter than nominal. Clock changes are found by the UTC offset at
    /// successive UTC midnights; only days near a change are converted in full.
    fn find_exceptions(&mut self) {
        let mut deltas: BTreeMap<i64, i64> = BTreeMap::new();
        for date in &self.holidays {
            if self.days[date.weekday().num_days_from_monday() as usize] {
                let (start, end) = self.raw_window(*date);
                deltas.insert(day_number(*date), -(end - start).num_milliseconds());
            }
        }
        let (first, last) = (day_number(SCAN_FROM), day_number(SCAN_TO));
        let offset_at = |day: i64| {
            let date = i32::try_from(day)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or(SCAN_FROM);
            chrono::Offset::fix(
                &self
                    .tz
                    .offset_from_utc_datetime(&date.and_time(NaiveTime::MIN)),
            )
        };
        // Offsets at UTC midnight of days d-1, d, d+1 and d+2 bracket every instant that
        // shows local date d in any zone (offsets lie within ±15 h).
        let mut offsets = [
            offset_at(first - 1),
            offset_at(first),
            offset_at(first + 1),
            offset_at(first + 2),
        ];
        for day in first..=last {
            if offsets.iter().any(|o| *o != offsets[0])
                && let Some((start, end)) = self.window(day)
            {
                let delta = (end - start).num_milliseconds() - self.nominal_ms;
                if delta != 0 {
                    deltas.insert(day, delta);
                }
            }
            offsets.rotate_left(1);
            offsets[3] = offset_at(day + 3);
        }
        self.exception_days = deltas.keys().copied().collect();
        self.exception_sums = std::iter::once(0)
            .chain(deltas.values().scan(0, |sum, delta| {
                *sum += delta;
                Some(*sum)
            }))
            .collect();
    }
}

/// Clock changes are looked for from this date (earlier ones are ignored: a window that
/// held one counts as nominal)...
const SCAN_FROM: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
/// ...to this one, after the last change chrono-tz knows (its rules run to 2100).
const SCAN_TO: NaiveDate = NaiveDate::from_ymd_opt(2101, 1, 1).expect("valid date");
/// The last day number whose window can be converted without leaving chrono's range.
fn last_day() -> i64 {
    day_number(NaiveDate::MAX) - 2
}

/// Days since 0001-01-01 counted from 1, chrono's `num_days_from_ce`.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

fn plus_ms(at: DateTime<Utc>, ms: i64) -> DateTime<Utc> {
    at.checked_add_signed(chrono::TimeDelta::milliseconds(ms))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn parse_time(key: &str, text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        anyhow::anyhow!("[hours] {key} = \"{text}\" is not a time of day such as \"09:00\"")
    })
}

/// "Mon–Fri", "Sun–Thu", "Mon, Wed, Fri", "Sat, Sun": runs of working days, three or more
/// written as a range; the week starts on Monday unless a run goes on from Sunday.
fn describe_days(days: &[bool; 7]) -> String {
    if !days.contains(&false) {
        return "Mon–Sun".to_string();
    }
    let mut first = 0;
    while days[(first + 6) % 7] {
        first = (first + 6) % 7;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for step in 0..7 {
        let day = (first + step) % 7;
        match runs.last_mut() {
            Some((_, len)) if days[day] && step > 0 && days[(day + 6) % 7] => *len += 1,
            _ if days[day] => runs.push((day, 1)),
            _ => {}
        }
    }
    let mut parts = Vec::new();
    for (start, len) in runs {
        if len >= 3 {
            parts.push(format!(
                "{}–{}",
                DAY_LABELS[start],
                DAY_LABELS[(start + len - 1) % 7]
            ));
        } else {
            parts.extend((0..len).map(|i| DAY_LABELS[(start + i) % 7].to_string()));
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests;
