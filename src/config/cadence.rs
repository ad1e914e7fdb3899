//! `[cadence]`: the follow-up steps per offer, as written in friday.toml (checked and parsed
//! by `metrics::cadence::Cadence`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[cadence]` in friday.toml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CadenceConfig {
    /// Length of a trial in days, for steps anchored to "trial-end" when the export has no
    /// trial-end column (default 14).
    pub trial_days: u32,
    /// A step done up to this many hours after its due time still counts as on time
    /// (default 0).
    pub grace_hours: f64,
    /// Offer keyword (matched case-insensitively in the lead's offer) -> its steps.
    /// Default: "trial" -> the seed-001 cadence. Giving any offer replaces the default.
    pub offers: BTreeMap<String, Vec<StepConfig>>,
}

/// One step of an offer's cadence, as written in friday.toml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct StepConfig {
    pub name: String,
    /// "call", "email", "meeting" or "any".
    pub channel: String,
    /// When: "24h" / "72h" (hours after the anchor), "5d" (days after), "-2d" (before), or
    /// "day 5" (the 5th calendar day counting the anchor's day as day 1, at the anchor's
    /// local time of day).
    pub at: String,
    /// "created" (default) or "trial-end".
    #[serde(default = "created")]
    pub from: String,
    /// Move a due time that falls on Saturday or Sunday (local) to the following Monday,
    /// same local time (default false).
    #[serde(default)]
    pub weekend_to_monday: bool,
}

fn created() -> String {
    "created".to_string()
}

impl Default for CadenceConfig {
    /// Seed `001`'s trial cadence: calls 24 h and 72 h after the download, a personal email
    /// on day 5 (Monday when day 5 is a weekend), an email two days before the trial ends.
    fn default() -> Self {
        let step =
            |name: &str, channel: &str, at: &str, from: &str, weekend_to_monday| StepConfig {
                name: name.to_string(),
                channel: channel.to_string(),
                at: at.to_string(),
                from: from.to_string(),
                weekend_to_monday,
            };
        CadenceConfig {
            trial_days: 14,
            grace_hours: 0.0,
            offers: BTreeMap::from([(
                "trial".to_string(),
                vec![
                    step("First call", "call", "24h", "created", false),
                    step("Second call", "call", "72h", "created", false),
                    step("Personal email", "email", "day 5", "created", true),
                    step("Trial expiry email", "email", "-2d", "trial-end", false),
                ],
            )]),
        }
    }
}
