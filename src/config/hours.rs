//! `[hours]`: working days, hours and holidays, the clocks count in.

use chrono::NaiveDate;

/// Day names as written in friday.toml, Monday first.
pub(crate) const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `[hours]` in friday.toml.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct HoursConfig {
    /// Working days, lowercase three-letter names: default `["mon","tue","wed","thu","fri"]`.
    pub days: Vec<String>,
    /// Start of the working day, local "HH:MM": default "09:00".
    pub start: String,
    /// End of the working day, local "HH:MM": default "17:00".
    pub end: String,
    /// Dates with no working hours (public holidays), e.g. `2026-12-25` in TOML date syntax
    /// (a "2026-12-25" string is read too).
    #[serde(with = "holiday_dates")]
    pub holidays: Vec<NaiveDate>,
}

impl Default for HoursConfig {
    fn default() -> Self {
        HoursConfig {
            days: DAY_KEYS[..5].iter().map(ToString::to_string).collect(),
            start: "09:00".to_string(),
            end: "17:00".to_string(),
            holidays: Vec::new(),
        }
    }
}

/// Holidays as TOML dates (`2026-12-25`) or "YYYY-MM-DD" strings; written back as strings.
mod holiday_dates {
    use chrono::NaiveDate;
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use serde::{Deserialize, Serializer};
    use std::fmt;

    pub(super) fn serialize<S: Serializer>(
        dates: &[NaiveDate],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(dates.iter().map(ToString::to_string))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<NaiveDate>, D::Error> {
        Ok(Vec::<Holiday>::deserialize(deserializer)?
            .into_iter()
            .map(|h| h.0)
            .collect())
    }

    struct Holiday(NaiveDate);

    impl<'de> Deserialize<'de> for Holiday {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(HolidayVisitor).map(Holiday)
        }
    }

    struct HolidayVisitor;

    impl<'de> Visitor<'de> for HolidayVisitor {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date such as 2026-12-25")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                E::custom(format!("holiday `{text}` is not a date such as 2026-12-25"))
            })
        }

        /// The toml crate hands a date over as a one-entry map holding its text.
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NaiveDate, A::Error> {
            let Some((_, text)) = map.next_entry::<String, String>()? else {
                return Err(de::Error::custom(
                    "holiday: expected a date such as 2026-12-25",
                ));
            };
            self.visit_str(&text)
        }
    }
}
