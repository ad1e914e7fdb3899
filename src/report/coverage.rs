//! What the export could feed, decided once: every output leaves out the figures the export
//! cannot support, says why in one sentence, and the JSON has `null` for them, never `0`.

use serde::{Deserialize, Serialize};

/// Which parts of the pipeline the export could feed.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Coverage {
    /// A leads table was found.
    pub leads: bool,
    /// Touch times are known (an activities table, or first-touch columns on the leads).
    pub touches: bool,
    /// Lead creation times are known, so SLAs can be judged.
    pub created: bool,
    /// Opportunities (a table, or stage columns on the leads) are known.
    pub opportunities: bool,
    /// Deals other than won ones are in the export: false when every deal is won (an export
    /// of closed-won deals only), so close and win rates cannot be judged and are `null`.
    #[serde(default = "yes")]
    pub outcomes: bool,
    /// Some lead has a rank (or a rating): without, there is no hot lead, no grab-back list
    /// and no comeback from rank 7.
    #[serde(default = "yes")]
    pub ranks: bool,
    /// The leads name their rep: without a rep column every lead is under "(no owner)" and
    /// follow-up per rep cannot be judged (the totals still can).
    #[serde(default = "yes")]
    pub owners: bool,
}

fn yes() -> bool {
    true
}

/// The follow-up fields of a group row: contacts, first touches and the red and amber counts.
const FOLLOW_UP_FIELDS: [&str; 7] = [
    "contacted",
    "never_contacted",
    "contacted_rate",
    "contacted_rate_interval",
    "older_gone_quiet",
    "missing_info",
    "stale",
];

/// The fields of a group row that need an SLA: a touch time and a creation time.
const SLA_FIELDS: [&str; 10] = [
    "contacted_in_sla",
    "contacted_late",
    "overdue",
    "hot_overdue",
    "older_never_worked",
    "pending",
    "median_hours_to_first_touch",
    "p90_hours_to_first_touch",
    "median_business_hours_to_first_touch",
    "p90_business_hours_to_first_touch",
];

/// The lead fields of a group row.
const LEAD_FIELDS: [&str; 9] = [
    "leads",
    "junk",
    "junk_rate",
    "junk_rate_interval",
    "follow_up_base",
    "converted",
    "conversion_base",
    "conversion",
    "conversion_interval",
];

/// The deal fields of a group row.
const DEAL_FIELDS: [&str; 6] = [
    "converted",
    "opportunities",
    "won",
    "lost",
    "median_days_to_win",
    "won_amount",
];

/// The fields that need lost or open deals beside the won ones.
const OUTCOME_FIELDS: [&str; 4] = [
    "close_rate",
    "close_rate_interval",
    "win_rate",
    "win_rate_interval",
];

impl Coverage {
    /// Contacts, first touches and the amber list can be judged: leads and touch times.
    #[must_use]
    pub fn follow_up(&self) -> bool {
        self.leads && self.touches
    }

    /// SLAs can be judged (the red list, time to first touch): touch and creation times.
    #[must_use]
    pub fn sla(&self) -> bool {
        self.follow_up() && self.created
    }

    /// Close and win rates can be judged: deals, and not only won ones.
    #[must_use]
    pub fn close_rate(&self) -> bool {
        self.opportunities && self.outcomes
    }

    /// The fields of a group row (JSON names) the export cannot support, for every group;
    /// `per_rep` adds those that cannot be judged per rep (no rep column).
    #[must_use]
    pub fn unknown_fields(&self, per_rep: bool) -> Vec<&'static str> {
        let mut fields = Vec::new();
        if !self.leads {
            fields.extend(LEAD_FIELDS);
        }
        if !self.follow_up() || (per_rep && !self.owners) {
            fields.extend(FOLLOW_UP_FIELDS);
        }
        if !self.sla() || (per_rep && !self.owners) {
            fields.extend(SLA_FIELDS);
        }
        if !self.ranks {
            fields.push("hot_overdue");
        }
        if !self.opportunities {
            fields.extend(DEAL_FIELDS.iter().filter(|f| **f != "converted"));
        }
        if !self.close_rate() {
            fields.extend(OUTCOME_FIELDS);
        }
        fields.sort_unstable();
        fields.dedup();
        fields
    }

    /// One sentence for each kind of figure the export cannot support, saying why it is
    /// left out; empty when everything can be judged.
    #[must_use]
    pub fn gaps(&self) -> Vec<&'static str> {
        let mut gaps = Vec::new();
        if !self.leads {
            gaps.push(
                "The export has no leads table, so follow-up and conversion cannot be judged.",
            );
        } else {
            if !self.touches {
                gaps.push("The export has no activities or touch dates, so follow-up cannot be judged: overdue, stale, contacted and first-touch figures are left out.");
            }
            if !self.created {
                gaps.push("The export has no lead creation dates, so SLAs, the week's new leads and creation cohorts cannot be judged.");
            }
        }
        if self.follow_up() && !self.owners {
            gaps.push("The leads name no rep, so follow-up per rep cannot be judged: every lead is under \"(no owner)\".");
        }
        if self.leads && !self.ranks {
            gaps.push("No lead has a rank, so there is no hot lead, no grab-back list and no comeback from rank 7.");
        }
        if self.opportunities && !self.outcomes {
            gaps.push("The export holds won deals only, so close rate cannot be judged from it.");
        }
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Coverage {
        Coverage {
            leads: true,
            touches: true,
            created: true,
            opportunities: true,
            outcomes: true,
            ranks: true,
            owners: true,
        }
    }

    #[test]
    fn a_full_export_leaves_nothing_out() {
        assert!(all().unknown_fields(true).is_empty());
        assert!(all().gaps().is_empty());
    }

    #[test]
    fn each_missing_part_leaves_out_its_figures_with_one_sentence() {
        let no_touches = Coverage {
            touches: false,
            ..all()
        };
        assert_eq!(
            no_touches.unknown_fields(false),
            [
                "contacted",
                "contacted_in_sla",
                "contacted_late",
                "contacted_rate",
                "contacted_rate_interval",
                "hot_overdue",
                "median_business_hours_to_first_touch",
                "median_hours_to_first_touch",
                "missing_info",
                "never_contacted",
                "older_gone_quiet",
                "older_never_worked",
                "overdue",
                "p90_business_hours_to_first_touch",
                "p90_hours_to_first_touch",
                "pending",
                "stale",
            ]
        );
        assert_eq!(no_touches.gaps().len(), 1);
        let no_owner = Coverage {
            owners: false,
            ..all()
        };
        assert!(no_owner.unknown_fields(false).is_empty());
        assert_eq!(no_owner.unknown_fields(true).len(), 17);
        let won_only = Coverage {
            outcomes: false,
            ..all()
        };
        assert_eq!(
            won_only.unknown_fields(true),
            [
                "close_rate",
                "close_rate_interval",
                "win_rate",
                "win_rate_interval"
            ]
        );
        assert_eq!(
            won_only.gaps(),
            ["The export holds won deals only, so close rate cannot be judged from it."]
        );
        let unranked = Coverage {
            ranks: false,
            ..all()
        };
        assert_eq!(unranked.unknown_fields(true), ["hot_overdue"]);
    }
}
