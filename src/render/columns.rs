//! The columns of the Reps and Sources tables, chosen by what the export could feed: a
//! deals-only export shows no lead columns, an export with no touch data no follow-up columns.

use crate::report::{Coverage, GroupRow};

/// One column of the Reps and Sources tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupColumn {
    Leads,
    Junk,
    Contacted,
    NeverContacted,
    Overdue,
    MissingInfo,
    OlderNeverWorked,
    OlderGoneQuiet,
    MedianHours,
    Converted,
    Conversion,
    Opportunities,
    Won,
    Lost,
    CloseRate,
}

/// A cell of a group table, before formatting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum GroupCell {
    Count(u64),
    /// Hours, `None` when there is nothing to take a median of.
    Hours(Option<f64>),
    /// A rate from 0 to 1, `None` when its denominator is zero.
    Rate(Option<f64>),
}

impl GroupColumn {
    /// Every column, in display order.
    const ALL: [Self; 15] = [
        Self::Leads,
        Self::Junk,
        Self::Contacted,
        Self::NeverContacted,
        Self::Overdue,
        Self::MissingInfo,
        Self::OlderNeverWorked,
        Self::OlderGoneQuiet,
        Self::MedianHours,
        Self::Converted,
        Self::Conversion,
        Self::Opportunities,
        Self::Won,
        Self::Lost,
        Self::CloseRate,
    ];

    /// The column header.
    #[must_use]
    pub(crate) fn title(self) -> &'static str {
        match self {
            Self::Leads => "Leads",
            Self::Junk => "Junk",
            Self::Contacted => "Contacted",
            Self::NeverContacted => "Never contacted",
            Self::Overdue => "Overdue",
            Self::MissingInfo => "Missing info",
            Self::OlderNeverWorked => "Older: never worked",
            Self::OlderGoneQuiet => "Older: gone quiet",
            Self::MedianHours => "Median first touch",
            Self::Converted => "Converted",
            Self::Conversion => "Conversion",
            Self::Opportunities => "Opportunities",
            Self::Won => "Won",
            Self::Lost => "Lost",
            Self::CloseRate => "Close rate",
        }
    }

    /// A duration: in days in the workbook, in words on the pages.
    #[must_use]
    pub(crate) fn is_duration(self) -> bool {
        self == Self::MedianHours
    }

    /// A sensible spreadsheet column width.
    #[must_use]
    pub(crate) fn width(self) -> f64 {
        (self.title().len() as f64 + 3.0).max(9.0)
    }

    /// The Report field (its JSON name) the column shows.
    #[must_use]
    pub(crate) fn field(self) -> &'static str {
        match self {
            Self::Leads => "leads",
            Self::Junk => "junk",
            Self::Contacted => "contacted",
            Self::NeverContacted => "never_contacted",
            Self::Overdue => "overdue",
            Self::MissingInfo => "missing_info",
            Self::OlderNeverWorked => "older_never_worked",
            Self::OlderGoneQuiet => "older_gone_quiet",
            Self::MedianHours => "median_hours_to_first_touch",
            Self::Converted => "converted",
            Self::Conversion => "conversion",
            Self::Opportunities => "opportunities",
            Self::Won => "won",
            Self::Lost => "lost",
            Self::CloseRate => "close_rate",
        }
    }

    /// The value of this column for a group.
    #[must_use]
    pub(crate) fn cell(self, row: &GroupRow) -> GroupCell {
        match self {
            Self::Leads => GroupCell::Count(row.leads),
            Self::Junk => GroupCell::Count(row.junk),
            Self::Contacted => GroupCell::Count(row.contacted),
            Self::NeverContacted => GroupCell::Count(row.never_contacted),
            Self::Overdue => GroupCell::Count(row.overdue),
            Self::MissingInfo => GroupCell::Count(row.missing_info),
            Self::OlderNeverWorked => GroupCell::Count(row.older_never_worked),
            Self::OlderGoneQuiet => GroupCell::Count(row.older_gone_quiet),
            Self::MedianHours => GroupCell::Hours(row.median_hours_to_first_touch),
            Self::Converted => GroupCell::Count(row.converted),
            Self::Conversion => GroupCell::Rate(row.conversion),
            Self::Opportunities => GroupCell::Count(row.opportunities),
            Self::Won => GroupCell::Count(row.won),
            Self::Lost => GroupCell::Count(row.lost),
            Self::CloseRate => GroupCell::Rate(row.close_rate),
        }
    }
}

/// The columns the export can fill, in display order: those whose figure the Report's
/// coverage does not leave out ([`Coverage::unknown_fields`]; `per_rep` for the Reps table,
/// where an export without a rep column cannot judge follow-up). The older-than-the-window
/// counts appear only with a window (`window_days` > 0).
#[must_use]
pub(crate) fn group_columns(
    coverage: &Coverage,
    window_days: u32,
    per_rep: bool,
) -> Vec<GroupColumn> {
    use GroupColumn::{OlderGoneQuiet, OlderNeverWorked};
    let unknown = coverage.unknown_fields(per_rep);
    GroupColumn::ALL
        .into_iter()
        .filter(|c| window_days > 0 || !matches!(c, OlderNeverWorked | OlderGoneQuiet))
        .filter(|c| !unknown.contains(&c.field()))
        .collect()
}

/// What the follow-up list says when it is empty: either nobody is overdue, or the export
/// cannot tell.
#[must_use]
pub(crate) fn empty_follow_up_message(coverage: &Coverage) -> &'static str {
    if !coverage.leads {
        "No leads in this export: follow-up cannot be judged"
    } else if !coverage.touches {
        "No touch data (activities or first-touch dates) in this export: follow-up cannot be judged"
    } else if !coverage.created {
        "No lead creation dates in this export: SLAs cannot be judged"
    } else {
        "No overdue leads"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deals_only_export_shows_only_deal_columns() {
        let coverage = Coverage {
            leads: false,
            touches: false,
            created: false,
            opportunities: true,
            outcomes: true,
            ranks: true,
            owners: true,
        };
        assert_eq!(
            group_columns(&coverage, 90, true),
            vec![
                GroupColumn::Opportunities,
                GroupColumn::Won,
                GroupColumn::Lost,
                GroupColumn::CloseRate
            ]
        );
    }

    #[test]
    fn won_deals_only_have_no_close_rate_column() {
        let coverage = Coverage {
            leads: false,
            touches: false,
            created: false,
            opportunities: true,
            outcomes: false,
            ranks: true,
            owners: true,
        };
        assert_eq!(
            group_columns(&coverage, 90, true),
            vec![
                GroupColumn::Opportunities,
                GroupColumn::Won,
                GroupColumn::Lost
            ]
        );
    }

    #[test]
    fn leads_without_touches_hide_follow_up_columns() {
        let coverage = Coverage {
            leads: true,
            touches: false,
            created: true,
            opportunities: false,
            outcomes: true,
            ranks: true,
            owners: true,
        };
        assert_eq!(
            group_columns(&coverage, 90, true),
            vec![
                GroupColumn::Leads,
                GroupColumn::Junk,
                GroupColumn::Converted,
                GroupColumn::Conversion
            ]
        );
    }

    #[test]
    fn without_a_rep_column_the_reps_table_has_no_follow_up_but_sources_do() {
        let coverage = Coverage {
            leads: true,
            touches: true,
            created: true,
            opportunities: false,
            outcomes: true,
            ranks: true,
            owners: false,
        };
        let lead_columns = [
            GroupColumn::Leads,
            GroupColumn::Junk,
            GroupColumn::Converted,
            GroupColumn::Conversion,
        ];
        assert_eq!(group_columns(&coverage, 0, true), lead_columns);
        assert_eq!(
            group_columns(&coverage, 0, false),
            [
                GroupColumn::Leads,
                GroupColumn::Junk,
                GroupColumn::Contacted,
                GroupColumn::NeverContacted,
                GroupColumn::Overdue,
                GroupColumn::MissingInfo,
                GroupColumn::MedianHours,
                GroupColumn::Converted,
                GroupColumn::Conversion,
            ]
        );
    }
}
