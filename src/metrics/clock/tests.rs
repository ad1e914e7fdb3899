//! Tests for the business-hours clock: hand-computed spans and deadlines, a clock change in
//! Europe/Berlin, long spans against a day-by-day walk, and `[hours]` parsing and errors.

use super::*;
use chrono_tz::Europe::Berlin;

fn utc(text: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn clock(holidays: &[&str], tz: Tz) -> BusinessClock {
    let config = HoursConfig {
        holidays: holidays.iter().map(|d| date(d)).collect(),
        ..HoursConfig::default()
    };
    BusinessClock::new(&config, tz).unwrap()
}

fn custom(days: &[&str], start: &str, end: &str) -> HoursConfig {
    HoursConfig {
        days: days.iter().map(ToString::to_string).collect(),
        start: start.to_string(),
        end: end.to_string(),
        holidays: Vec::new(),
    }
}

fn error(config: &HoursConfig) -> String {
    BusinessClock::new(config, Tz::UTC).unwrap_err().to_string()
}

// 2026-11-20 is a Friday.

#[test]
fn friday_afternoon_to_monday_morning_counts_two_hours() {
    let c = clock(&[], Tz::UTC);
    // Fri 16:00–17:00 = 1, weekend 0, Mon 09:00–10:00 = 1.
    assert_eq!(
        c.hours_between(utc("2026-11-20 16:00"), utc("2026-11-23 10:00")),
        2.0
    );
}

#[test]
fn weekend_and_monday_holiday_count_nothing() {
    let c = clock(&["2026-11-23"], Tz::UTC);
    // Fri 15:00–17:00 = 2, Sat, Sun, Mon (holiday) 0, Tue 09:00–11:00 = 2.
    assert_eq!(
        c.hours_between(utc("2026-11-20 15:00"), utc("2026-11-24 11:00")),
        4.0
    );
    assert!(!c.is_working_day(date("2026-11-23")));
    assert!(!c.is_working_day(date("2026-11-22")));
    assert!(c.is_working_day(date("2026-11-24")));
}

#[test]
fn a_night_outside_hours_and_a_backwards_span_count_zero() {
    let c = clock(&[], Tz::UTC);
    // Tue 18:00 → Wed 08:00: both outside 09–17, nothing between.
    assert_eq!(
        c.hours_between(utc("2026-11-24 18:00"), utc("2026-11-25 08:00")),
        0.0
    );
    assert_eq!(
        c.hours_between(utc("2026-11-25 12:00"), utc("2026-11-24 12:00")),
        0.0
    );
    assert_eq!(
        c.hours_between(utc("2026-11-25 12:00"), utc("2026-11-25 12:00")),
        0.0
    );
}

#[test]
fn deadline_of_24_hours_from_friday_afternoon_is_wednesday_afternoon() {
    let c = clock(&[], Tz::UTC);
    // Fri 16–17 = 1, Mon 8 (9), Tue 8 (17), Wed 09:00 + 7 = 16:00 (24).
    assert_eq!(
        c.add_hours(utc("2026-11-20 16:00"), 24.0),
        utc("2026-11-25 16:00")
    );
    assert_eq!(c.day_hours(), 8.0);
}

#[test]
fn deadline_from_saturday_starts_counting_on_monday() {
    let c = clock(&[], Tz::UTC);
    // Sat and Sun are off: Mon 09:00 + 3 h.
    assert_eq!(
        c.add_hours(utc("2026-11-21 10:00"), 3.0),
        utc("2026-11-23 12:00")
    );
    // Exactly one day's hours end at Monday 17:00, not Tuesday 09:00.
    assert_eq!(
        c.add_hours(utc("2026-11-21 10:00"), 8.0),
        utc("2026-11-23 17:00")
    );
    // Fri 18:00 is after hours: Mon 09:00 + 0.5 h.
    assert_eq!(
        c.add_hours(utc("2026-11-20 18:00"), 0.5),
        utc("2026-11-23 09:30")
    );
}

#[test]
fn non_positive_hours_return_the_start() {
    let c = clock(&[], Tz::UTC);
    let sat = utc("2026-11-21 10:00");
    assert_eq!(c.add_hours(sat, 0.0), sat);
    assert_eq!(c.add_hours(sat, -5.0), sat);
    assert_eq!(c.add_hours(sat, f64::NAN), sat);
    assert_eq!(c.add_hours(sat, f64::INFINITY), DateTime::<Utc>::MAX_UTC);
    assert_eq!(c.add_hours(sat, 1e300), DateTime::<Utc>::MAX_UTC);
    // 10^12 h at 40 h a week is 480 million years, past chrono's range.
    assert_eq!(c.add_hours(sat, 1e12), DateTime::<Utc>::MAX_UTC);
}

#[test]
fn berlin_week_across_the_spring_clock_change_is_still_40_hours() {
    let c = clock(&[], Berlin);
    // Clocks go forward on Sun 2026-03-29: Mon 23 09:00 CET is 08:00 UTC,
    // Mon 30 09:00 CEST is 07:00 UTC; 167 elapsed hours hold five 8 h days.
    assert_eq!(
        c.hours_between(utc("2026-03-23 08:00"), utc("2026-03-30 07:00")),
        40.0
    );
    // Fri 27 17:00 CET = 16:00 UTC; 41 h is Mon 30 10:00 CEST = 08:00 UTC.
    assert_eq!(
        c.add_hours(utc("2026-03-23 08:00"), 40.0),
        utc("2026-03-27 16:00")
    );
    assert_eq!(
        c.add_hours(utc("2026-03-23 08:00"), 41.0),
        utc("2026-03-30 08:00")
    );
}

#[test]
fn utc_instants_meet_local_nine_oclock_before_and_after_the_change() {
    let c = clock(&[], Berlin);
    // Fri 27 (CET, +1): 07:30–08:30 UTC is 08:30–09:30 local, half an hour inside.
    assert_eq!(
        c.hours_between(utc("2026-03-27 07:30"), utc("2026-03-27 08:30")),
        0.5
    );
    // Tue 31 (CEST, +2): 06:30–08:00 UTC is 08:30–10:00 local, one hour inside.
    assert_eq!(
        c.hours_between(utc("2026-03-31 06:30"), utc("2026-03-31 08:00")),
        1.0
    );
    // 07:00 UTC is 09:00 local after the change: a deadline from 06:00 UTC starts there.
    assert_eq!(
        c.add_hours(utc("2026-03-31 06:00"), 1.0),
        utc("2026-03-31 08:00")
    );
}

#[test]
fn a_window_holding_the_clock_change_is_an_hour_shorter_or_longer() {
    let config = custom(&["sun"], "00:00", "06:00");
    let c = BusinessClock::new(&config, Berlin).unwrap();
    // 52 Sundays in 2026 (Jan 4 … Dec 27). Mar 29: 00:00 CET → 06:00 CEST = 5 h;
    // Oct 25: 00:00 CEST → 06:00 CET = 7 h; the other 50 are 6 h: 300 + 5 + 7 = 312.
    let (from, to) = (utc("2026-01-01 00:00"), utc("2027-01-01 00:00"));
    assert_eq!(c.hours_between(from, to), 312.0);
    // The year's hours end with the last window: Sun Dec 27 06:00 CET = 05:00 UTC.
    assert_eq!(c.add_hours(from, 312.0), utc("2026-12-27 05:00"));
    // Jan 4 … Mar 22 are 12 Sundays (72 h), then Mar 29's 5 h end at 04:00 UTC.
    assert_eq!(c.add_hours(from, 77.0), utc("2026-03-29 04:00"));
}

#[test]
fn a_window_starting_in_the_skipped_hour_starts_when_the_clock_jumps() {
    let config = custom(&["sun"], "02:30", "03:30");
    let c = BusinessClock::new(&config, Berlin).unwrap();
    // 02:30 does not exist on 2026-03-29: the window runs 03:00–03:30 CEST
    // (01:00–01:30 UTC), half an hour.
    assert_eq!(
        c.hours_between(utc("2026-03-28 00:00"), utc("2026-03-30 00:00")),
        0.5
    );
}

#[test]
fn fifty_two_weeks_are_52_times_40_less_holidays_on_working_days() {
    let holidays = [
        "2026-01-01", // Thu, before the span
        "2026-04-03", // Fri
        "2026-12-25", // Fri
        "2026-12-26", // Sat: no working hours to take away
        "2027-01-01", // Fri, the span's last Friday
        "2027-01-05", // Tue, after the span
    ];
    let c = clock(&holidays, Tz::UTC);
    // Mon 2026-01-05 to Mon 2027-01-04: 52 weeks, 3 holidays on working days.
    let (from, to) = (utc("2026-01-05 00:00"), utc("2027-01-04 00:00"));
    // 52 × 40 − 3 × 8 = 2056.
    assert_eq!(c.hours_between(from, to), 2056.0);
    // Those hours end with Thu 2026-12-31 17:00 (Fri 2027-01-01 is a holiday).
    assert_eq!(c.add_hours(from, 2056.0), utc("2026-12-31 17:00"));
    assert_eq!(c.add_hours(from, 2056.5), utc("2027-01-04 09:30"));
}

/// The slow definition: every day's window, one by one.
fn walked_hours(c: &BusinessClock, from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    let mut ms = 0;
    for day in c.local_day(from) - 1..=c.local_day(to) + 1 {
        ms += c.overlap_ms(day, from, to);
    }
    ms as f64 / MS_PER_HOUR
}

#[test]
fn long_spans_match_a_day_by_day_walk_and_deadlines_invert_them() {
    let config = HoursConfig {
        holidays: [
            "2025-12-25",
            "2026-04-06",
            "2026-05-01",
            "2026-10-03",
            "2027-03-28",
        ]
        .iter()
        .map(|d| date(d))
        .collect(),
        ..custom(&["mon", "tue", "wed", "sat"], "00:30", "10:15")
    };
    let c = BusinessClock::new(&config, Berlin).unwrap();
    let base = utc("2024-01-01 00:00").timestamp();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |range: i64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % range.unsigned_abs()) as i64
    };
    for _ in 0..300 {
        let from = DateTime::from_timestamp(base + next(4 * 365 * 86_400), 0).unwrap();
        let to = from + chrono::TimeDelta::seconds(next(3 * 365 * 86_400));
        let hours = c.hours_between(from, to);
        assert_eq!(hours, walked_hours(&c, from, to), "{from} → {to}");
        let deadline = c.add_hours(from, hours);
        assert_eq!(c.hours_between(from, deadline), hours, "{from} + {hours}");
        assert!(deadline <= to, "{from} + {hours} = {deadline} after {to}");
    }
}

#[test]
fn custom_week_sunday_to_thursday_half_past_eight() {
    let config = custom(&["sun", "mon", "tue", "wed", "thu"], "08:30", "16:30");
    let c = BusinessClock::new(&config, Tz::UTC).unwrap();
    assert_eq!(c.day_hours(), 8.0);
    assert!(!c.is_working_day(date("2026-11-20"))); // Fri
    assert!(!c.is_working_day(date("2026-11-21"))); // Sat
    assert!(c.is_working_day(date("2026-11-22"))); // Sun
    // Thu 16:00–16:30 = 0.5, Fri and Sat off, Sun 08:30–09:30 = 1.
    assert_eq!(
        c.hours_between(utc("2026-11-19 16:00"), utc("2026-11-22 09:30")),
        1.5
    );
    // From Friday noon, 8 h fill Sunday 08:30–16:30.
    assert_eq!(
        c.add_hours(utc("2026-11-20 12:00"), 8.0),
        utc("2026-11-22 16:30")
    );
    assert_eq!(c.describe(), "Sun–Thu 08:30–16:30 UTC");
}

#[test]
fn describe_names_days_hours_zone_and_holiday_count() {
    let c = clock(&["2026-12-25", "2026-12-26", "2026-12-25"], Berlin);
    assert_eq!(
        c.describe(),
        "Mon–Fri 09:00–17:00 Europe/Berlin, 2 holidays"
    );
    let c = clock(&["2026-12-25"], Tz::UTC);
    assert_eq!(c.describe(), "Mon–Fri 09:00–17:00 UTC, 1 holiday");
    let odd = BusinessClock::new(&custom(&["fri", "mon", "wed"], "09:00", "12:00"), Tz::UTC);
    assert_eq!(odd.unwrap().describe(), "Mon, Wed, Fri 09:00–12:00 UTC");
    let weekend = BusinessClock::new(&custom(&["sat", "sun"], "10:00", "14:00"), Tz::UTC);
    assert_eq!(weekend.unwrap().describe(), "Sat, Sun 10:00–14:00 UTC");
    let long = BusinessClock::new(
        &custom(&["fri", "sat", "sun", "mon"], "09:00", "12:00"),
        Tz::UTC,
    );
    assert_eq!(long.unwrap().describe(), "Fri–Mon 09:00–12:00 UTC");
    let pair = BusinessClock::new(&custom(&["mon", "sun", "wed"], "09:00", "12:00"), Tz::UTC);
    assert_eq!(pair.unwrap().describe(), "Sun, Mon, Wed 09:00–12:00 UTC");
    let all = custom(&DAY_KEYS, "07:00", "19:00");
    assert_eq!(
        BusinessClock::new(&all, Tz::UTC).unwrap().describe(),
        "Mon–Sun 07:00–19:00 UTC"
    );
}

#[test]
fn config_errors_name_the_bad_value() {
    assert_eq!(
        error(&custom(&["mon", "fry"], "09:00", "17:00")),
        "[hours] days: unknown day \"fry\"; use mon, tue, wed, thu, fri, sat, sun"
    );
    assert_eq!(
        error(&custom(&["mon"], "9am", "17:00")),
        "[hours] start = \"9am\" is not a time of day such as \"09:00\""
    );
    assert_eq!(
        error(&custom(&["mon"], "09:00", "24:00")),
        "[hours] end = \"24:00\" is not a time of day such as \"09:00\""
    );
    assert_eq!(
        error(&custom(&["mon"], "17:00", "09:00")),
        "[hours] start = \"17:00\" must be before end = \"09:00\" (a working day cannot cross midnight)"
    );
    assert_eq!(
        error(&custom(&["mon"], "09:00", "09:00")),
        "[hours] start = \"09:00\" must be before end = \"09:00\" (a working day cannot cross midnight)"
    );
    assert_eq!(
        error(&custom(&[], "09:00", "17:00")),
        "[hours] days names no working day; list at least one, e.g. days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"
    );
    // Case is forgiven.
    assert!(BusinessClock::new(&custom(&["Mon", "TUE"], "09:00", "17:00"), Tz::UTC).is_ok());
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    hours: HoursConfig,
}

#[test]
fn hours_section_parses_from_toml_with_dates() {
    let file: File = toml::from_str(
        "[hours]\ndays = [\"sun\", \"mon\", \"tue\", \"wed\", \"thu\"]\nstart = \"08:30\"\nend = \"16:30\"\nholidays = [2026-12-25, \"2027-01-01\"]\n",
    )
    .unwrap();
    assert_eq!(
        file.hours,
        HoursConfig {
            holidays: vec![date("2026-12-25"), date("2027-01-01")],
            ..custom(&["sun", "mon", "tue", "wed", "thu"], "08:30", "16:30")
        }
    );
    let file: File = toml::from_str("[hours]\nholidays = [2026-12-25]\n").unwrap();
    assert_eq!(file.hours.days, ["mon", "tue", "wed", "thu", "fri"]);
    assert_eq!(
        (file.hours.start.as_str(), file.hours.end.as_str()),
        ("09:00", "17:00")
    );
    let file: File = toml::from_str("").unwrap();
    assert_eq!(file.hours, HoursConfig::default());
}

#[test]
fn hours_section_rejects_unknown_keys_and_non_dates() {
    let err = toml::from_str::<File>("[hours]\nbegin = \"08:00\"\n").unwrap_err();
    assert!(err.to_string().contains("unknown field `begin`"), "{err}");
    let err = toml::from_str::<File>("[hours]\nholidays = [2026-12-25T10:00:00]\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("holiday `2026-12-25T10:00:00` is not a date such as 2026-12-25"),
        "{err}"
    );
    let err = toml::from_str::<File>("[hours]\nholidays = [\"2026-02-30\"]\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("holiday `2026-02-30` is not a date such as 2026-12-25"),
        "{err}"
    );
}

#[test]
fn hours_config_round_trips_through_toml() {
    let config = HoursConfig {
        holidays: vec![date("2026-12-25")],
        ..HoursConfig::default()
    };
    let text = toml::to_string(&File2 {
        hours: config.clone(),
    })
    .unwrap();
    let back: File = toml::from_str(&text).unwrap();
    assert_eq!(back.hours, config);
}

#[derive(serde::Serialize)]
struct File2 {
    hours: HoursConfig,
}

#[test]
fn extreme_instants_do_not_panic() {
    let c = clock(&["2026-12-25"], Berlin);
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    assert!(c.hours_between(min, max) > 0.0);
    assert_eq!(c.add_hours(max - chrono::TimeDelta::days(1), 100.0), max);
    assert!(c.add_hours(min, 100.0) > min);
}

// The working-days clock: around the clock on working days, stopped on days off.

#[test]
fn working_days_skip_the_weekend_and_holidays() {
    let c = clock(&["2026-12-24", "2026-12-25"], Tz::UTC);
    // Friday 16:00 + 24 h: 8 h on Friday, Monday's first 16 h.
    assert_eq!(
        c.add_working_day_hours(utc("2026-11-20 16:00"), 24.0),
        utc("2026-11-23 16:00")
    );
    // Within one working day.
    assert_eq!(
        c.add_working_day_hours(utc("2026-11-17 09:30"), 5.5),
        utc("2026-11-17 15:00")
    );
    // From a Saturday the clock starts on Monday at midnight.
    assert_eq!(
        c.add_working_day_hours(utc("2026-11-21 10:00"), 72.0),
        utc("2026-11-26 00:00")
    );
    // Wednesday 12-23 10:00 + 24 h: 14 h on Wednesday, Thursday and Friday are holidays,
    // then the weekend: Monday 12-28 10:00.
    assert_eq!(
        c.add_working_day_hours(utc("2026-12-23 10:00"), 24.0),
        utc("2026-12-28 10:00")
    );
    // Exactly the rest of a working day ends at its midnight.
    assert_eq!(
        c.add_working_day_hours(utc("2026-11-20 16:00"), 8.0),
        utc("2026-11-21 00:00")
    );
    assert_eq!(
        c.add_working_day_hours(utc("2026-11-20 16:00"), 0.0),
        utc("2026-11-20 16:00")
    );
    assert_eq!(
        c.add_working_day_hours(utc("2026-11-20 16:00"), f64::NAN),
        utc("2026-11-20 16:00")
    );
    assert_eq!(
        c.add_working_day_hours(utc("2026-11-20 16:00"), 1e30),
        DateTime::<Utc>::MAX_UTC
    );
}

#[test]
fn working_days_run_on_local_dates_across_a_clock_change() {
    // Every day a working day in Berlin: 24 h from Saturday 2026-03-28 12:00 CET (11:00
    // UTC) are 24 elapsed hours, Sunday 13:00 CEST (11:00 UTC), the night being an hour
    // short.
    let every_day = custom(
        &["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "09:00",
        "17:00",
    );
    let c = BusinessClock::new(&every_day, Berlin).unwrap();
    assert_eq!(
        c.add_working_day_hours(utc("2026-03-28 11:00"), 24.0),
        utc("2026-03-29 11:00")
    );
    // Mon–Fri in Berlin: Friday 2026-10-23 16:00 CEST (14:00 UTC) + 24 h: 8 h to Friday's
    // local midnight (22:00 UTC), the weekend off (the clock goes back on Sunday), Monday
    // 16:00 CET = 15:00 UTC.
    let c = clock(&[], Berlin);
    assert_eq!(
        c.add_working_day_hours(utc("2026-10-23 14:00"), 24.0),
        utc("2026-10-26 15:00")
    );
}
