//! Header recognition: canonical fields, the aliases CRMs use for them, and table kinds.
//!
//! Headers are compared after normalisation (lowercase ASCII letters and digits only), so
//! "Lead Owner", "lead_owner" and "LEAD-OWNER" are the same header.

mod aliases;

use serde::Serialize;
use std::fmt;

/// The kind of table a sheet or file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    Leads,
    Activities,
    Opportunities,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [Self::Leads, Self::Activities, Self::Opportunities];

    /// The name used in friday.toml (`[columns.leads]`, `kind = "leads"`).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Leads => "leads",
            Self::Activities => "activities",
            Self::Opportunities => "opportunities",
        }
    }

    /// Parses a kind name as written in friday.toml.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The fields a table of this kind can carry.
    #[must_use]
    pub fn fields(self) -> &'static [Field] {
        use Field::{
            ActivityAt, ActivityType, Amount, ClosedAt, Company, Converted, ConvertedAt, CreatedAt,
            Email, FirstName, FirstTouchAt, LastName, LastTouchAt, LeadId, Name, Offer,
            OpportunityId, Owner, Phone, Rank, Source, Stage, Status, TrialEndAt, WonAt,
        };
        match self {
            Self::Leads => &[
                LeadId,
                Name,
                FirstName,
                LastName,
                Company,
                Email,
                Phone,
                Source,
                Offer,
                Owner,
                CreatedAt,
                FirstTouchAt,
                LastTouchAt,
                Status,
                Rank,
                Converted,
                ConvertedAt,
                TrialEndAt,
                Stage,
                ClosedAt,
                WonAt,
                Amount,
            ],
            Self::Activities => &[LeadId, Owner, ActivityType, ActivityAt],
            Self::Opportunities => &[
                OpportunityId,
                LeadId,
                Owner,
                Source,
                Offer,
                CreatedAt,
                Stage,
                Status,
                ClosedAt,
                WonAt,
                Amount,
            ],
        }
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A canonical field of the leads, activities or opportunities table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Field {
    LeadId,
    OpportunityId,
    Name,
    FirstName,
    LastName,
    Company,
    Email,
    Phone,
    Source,
    Offer,
    Owner,
    CreatedAt,
    FirstTouchAt,
    LastTouchAt,
    Status,
    Rank,
    Converted,
    ConvertedAt,
    /// When the lead's trial ends (cadence steps can count back from it).
    TrialEndAt,
    Stage,
    ClosedAt,
    WonAt,
    Amount,
    ActivityType,
    ActivityAt,
}

impl Field {
    /// The key used in `[columns.<kind>]` of friday.toml.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::LeadId => "lead-id",
            Self::OpportunityId => "opportunity-id",
            Self::Name => "name",
            Self::FirstName => "first-name",
            Self::LastName => "last-name",
            Self::Company => "company",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Source => "source",
            Self::Offer => "offer",
            Self::Owner => "owner",
            Self::CreatedAt => "created-at",
            Self::FirstTouchAt => "first-touch-at",
            Self::LastTouchAt => "last-touch-at",
            Self::Status => "status",
            Self::Rank => "rank",
            Self::Converted => "converted",
            Self::ConvertedAt => "converted-at",
            Self::TrialEndAt => "trial-end-at",
            Self::Stage => "stage",
            Self::ClosedAt => "closed-at",
            Self::WonAt => "won-at",
            Self::Amount => "amount",
            Self::ActivityType => "type",
            Self::ActivityAt => "at",
        }
    }

    /// Whether values of this field are dates or times.
    #[must_use]
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Self::CreatedAt
                | Self::FirstTouchAt
                | Self::LastTouchAt
                | Self::ConvertedAt
                | Self::TrialEndAt
                | Self::ClosedAt
                | Self::WonAt
                | Self::ActivityAt
        )
    }

    /// Header aliases, best first, as CRMs write them (normalised before comparison).
    #[must_use]
    pub fn aliases(self) -> &'static [&'static str] {
        aliases::aliases(self)
    }

    /// Parses a field key as written in friday.toml.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        ALL_FIELDS.into_iter().find(|f| f.key() == key)
    }
}

/// Every field, in the order `friday init` lists them.
pub const ALL_FIELDS: [Field; 25] = [
    Field::LeadId,
    Field::OpportunityId,
    Field::Name,
    Field::FirstName,
    Field::LastName,
    Field::Company,
    Field::Email,
    Field::Phone,
    Field::Source,
    Field::Offer,
    Field::Owner,
    Field::CreatedAt,
    Field::FirstTouchAt,
    Field::LastTouchAt,
    Field::Status,
    Field::Rank,
    Field::Converted,
    Field::ConvertedAt,
    Field::TrialEndAt,
    Field::Stage,
    Field::ClosedAt,
    Field::WonAt,
    Field::Amount,
    Field::ActivityType,
    Field::ActivityAt,
];

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Normalises a header for comparison: ASCII letters and digits only, lowercased.
#[must_use]
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Headers that say which kind of table they sit in, with a weight.
const KIND_HINTS: &[(&str, TableKind, u32)] = &[
    ("Lead Owner", TableKind::Leads, 2),
    ("Lead Status", TableKind::Leads, 2),
    ("Lead acquisition date", TableKind::Leads, 3),
    ("Prospect ID", TableKind::Leads, 2),
    ("Converted", TableKind::Leads, 2),
    ("first_contact_date", TableKind::Leads, 2),
    ("First Name", TableKind::Leads, 1),
    ("Last Name", TableKind::Leads, 1),
    ("Email", TableKind::Leads, 1),
    ("Phone", TableKind::Leads, 1),
    ("Mobile", TableKind::Leads, 1),
    ("Company", TableKind::Leads, 1),
    ("Organization", TableKind::Leads, 1),
    ("Rank", TableKind::Leads, 2),
    ("Offer", TableKind::Leads, 1),
    ("Lead Source", TableKind::Leads, 1),
    ("Activity ID", TableKind::Activities, 2),
    ("Activity Type", TableKind::Activities, 2),
    ("Activity Date", TableKind::Activities, 3),
    ("Call Start Time", TableKind::Activities, 3),
    ("Start DateTime", TableKind::Activities, 3),
    ("Call Owner", TableKind::Activities, 2),
    ("Event Owner", TableKind::Activities, 2),
    ("Task Owner", TableKind::Activities, 2),
    ("Activity Owner", TableKind::Activities, 2),
    ("Call Type", TableKind::Activities, 2),
    ("EVENTID", TableKind::Activities, 2),
    ("TASKID", TableKind::Activities, 2),
    ("Opportunity ID", TableKind::Opportunities, 2),
    ("opportunity_id", TableKind::Opportunities, 2),
    ("Opportunity Owner", TableKind::Opportunities, 2),
    ("Opportunity Name", TableKind::Opportunities, 2),
    ("Potential Name", TableKind::Opportunities, 2),
    ("Potential Owner", TableKind::Opportunities, 2),
    ("Deal Name", TableKind::Opportunities, 2),
    ("Deal Owner", TableKind::Opportunities, 2),
    ("Deal Stage", TableKind::Opportunities, 2),
    ("engage_date", TableKind::Opportunities, 2),
    ("close_value", TableKind::Opportunities, 2),
    ("won_date", TableKind::Opportunities, 2),
    ("Closing Date", TableKind::Opportunities, 1),
    ("Close Date", TableKind::Opportunities, 1),
    ("Amount", TableKind::Opportunities, 1),
    ("Expected Revenue", TableKind::Opportunities, 1),
    ("Probability", TableKind::Opportunities, 1),
    ("Stage", TableKind::Opportunities, 1),
];

/// Words in a file or sheet name that say which kind of table it is.
const NAME_HINTS: &[(&str, Option<TableKind>)] = &[
    ("lead", Some(TableKind::Leads)),
    ("prospect", Some(TableKind::Leads)),
    ("contact", Some(TableKind::Leads)),
    ("activit", Some(TableKind::Activities)),
    ("call", Some(TableKind::Activities)),
    ("event", Some(TableKind::Activities)),
    ("task", Some(TableKind::Activities)),
    ("meeting", Some(TableKind::Activities)),
    ("touch", Some(TableKind::Activities)),
    ("opportunit", Some(TableKind::Opportunities)),
    ("deal", Some(TableKind::Opportunities)),
    ("potential", Some(TableKind::Opportunities)),
    ("pipeline", Some(TableKind::Opportunities)),
    ("account", None),
    ("product", None),
    ("user", None),
    ("team", None),
    ("campaign", None),
    ("dictionary", None),
    ("readme", None),
    ("notes", None),
];

/// Guesses the kind of a table from its headers and its file/sheet name.
///
/// Returns `None` when the name says it is reference data (accounts, users, products...)
/// and no header argues otherwise strongly.
#[must_use]
pub fn guess_kind(headers: &[String], name: &str) -> Option<TableKind> {
    let mut votes = [0u32; 3];
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    for (alias, kind, weight) in KIND_HINTS {
        if normalised.iter().any(|h| *h == normalise(alias)) {
            votes[*kind as usize] += weight;
        }
    }
    let lower = name.to_lowercase();
    let mut reference = false;
    for (word, kind) in NAME_HINTS {
        if lower.contains(word) {
            match kind {
                Some(kind) => votes[*kind as usize] += 3,
                None => reference = true,
            }
        }
    }
    let best = TableKind::ALL
        .into_iter()
        .max_by_key(|k| (votes[*k as usize], std::cmp::Reverse(*k as usize)))
        .unwrap_or(TableKind::Leads);
    if reference && votes[best as usize] < 4 {
        return None;
    }
    Some(best)
}

/// Aliases that name a record's own id: a lead id in a leads table, but in an activities or
/// opportunities table the id of the activity or deal itself (HubSpot's "Record ID").
const OWN_ID_ALIASES: [&str; 3] = ["Record ID", "ID", "Person ID"];

/// Maps headers to the fields of `kind`: for each field, the first alias (best first) found
/// among headers not already taken. Returns (column index, field) pairs sorted by column.
#[must_use]
pub fn map_headers(headers: &[String], kind: TableKind) -> Vec<(usize, Field)> {
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut taken = vec![false; headers.len()];
    let mut mapping = Vec::new();
    for &field in kind.fields() {
        'aliases: for alias in field.aliases() {
            if field == Field::LeadId && kind != TableKind::Leads && OWN_ID_ALIASES.contains(alias)
            {
                continue;
            }
            let alias = normalise(alias);
            for (col, header) in normalised.iter().enumerate() {
                if !taken[col] && *header == alias {
                    taken[col] = true;
                    mapping.push((col, field));
                    break 'aliases;
                }
            }
        }
    }
    mapping.sort_unstable();
    mapping
}

/// How many headers match any alias of any field: used to find the header row.
#[must_use]
pub fn recognised_count(cells: &[String]) -> usize {
    cells
        .iter()
        .filter(|c| {
            let n = normalise(c);
            !n.is_empty()
                && ALL_FIELDS
                    .iter()
                    .any(|f| f.aliases().iter().any(|a| normalise(a) == n))
        })
        .count()
}

#[cfg(test)]
mod tests;
