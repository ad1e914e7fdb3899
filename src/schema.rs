//! The canonical vocabulary shared by friday.toml and ingest: the kinds of table an export
//! holds and the fields a table of each kind can carry, with the names friday.toml uses.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of table a sheet or file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

impl<'de> Deserialize<'de> for Field {
    /// A field as written in friday.toml (`lead-id`, `owner`, ...); an unknown name is refused
    /// with the list of them all.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        Field::from_key(&key).ok_or_else(|| {
            let all: Vec<&str> = ALL_FIELDS.iter().map(|f| f.key()).collect();
            serde::de::Error::custom(format!(
                "unknown field `{key}`, expected one of {}",
                all.join(", ")
            ))
        })
    }
}
