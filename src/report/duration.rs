//! Durations as people read them, the same in every output: under an hour in minutes, under
//! 48 hours in whole hours, beyond that in days ("12 days past a 3-day SLA").

/// Hours at or past which a duration is told in days.
pub const DAYS_FROM_HOURS: f64 = 48.0;

/// `hours` in words: "40 minutes", "1 hour", "47 hours", "2.5 days", "3 days", "12 days".
/// Minutes and hours are whole (counted, as a clock does: 47.9 hours is 47 hours); days have
/// one decimal below ten days and none from ten on.
#[must_use]
pub fn duration(hours: f64) -> String {
    let (number, unit) = parts(hours);
    let plural = if number == "1" { "" } else { "s" };
    format!("{number} {unit}{plural}")
}

/// `hours` as an adjective, for "a 3-day SLA": "30-minute", "24-hour", "2.5-day".
#[must_use]
pub fn duration_adjective(hours: f64) -> String {
    let (number, unit) = parts(hours);
    format!("{number}-{unit}")
}

/// The number as written and its unit in the singular.
fn parts(hours: f64) -> (String, &'static str) {
    let hours = hours.max(0.0);
    if hours < 1.0 {
        (format!("{}", (hours * 60.0).floor()), "minute")
    } else if hours < DAYS_FROM_HOURS {
        (format!("{}", hours.floor()), "hour")
    } else {
        let days = hours / 24.0;
        let number = if days < 10.0 {
            let tenths = format!("{days:.1}");
            tenths
                .strip_suffix(".0")
                .map_or_else(|| tenths.clone(), str::to_string)
        } else {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            super::thousands(days.round() as u64)
        };
        (number, "day")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_hours_then_days_from_48_hours() {
        let cases = [
            (0.0, "0 minutes", "0-minute"),
            (0.5, "30 minutes", "30-minute"),
            (1.0, "1 hour", "1-hour"),
            (1.99, "1 hour", "1-hour"),
            (24.0, "24 hours", "24-hour"),
            (47.9, "47 hours", "47-hour"),
            (48.0, "2 days", "2-day"),
            (60.0, "2.5 days", "2.5-day"),
            (72.0, "3 days", "3-day"),
            (239.0, "10 days", "10-day"),
            (24_391.0, "1,016 days", "1,016-day"),
        ];
        for (hours, noun, adjective) in cases {
            assert_eq!(duration(hours), noun, "{hours}");
            assert_eq!(duration_adjective(hours), adjective, "{hours}");
        }
        assert_eq!(duration(-3.0), "0 minutes");
    }
}
