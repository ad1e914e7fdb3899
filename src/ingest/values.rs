//! Cell-value parsers: dates and times, amounts, ranks, yes/no flags and stage outcomes.
//!
//! Every parser takes one cell (text or number) and returns a typed value or a [`ValueError`]
//! saying what kind of value it expected. They are built for columns of a million cells: no
//! allocation per value, the common formats are tried first, and nothing panics.

mod amount;
mod date;
mod flags;
mod outcome;
mod serial;

pub use amount::parse_amount;
pub use date::{DateOrder, Stamp, infer_date_order, parse_date_text, to_utc};
pub use flags::{parse_bool, parse_rank, rank_from_number};
pub use outcome::{Outcome, default_lost_stages, default_won_stages, outcome};
pub use serial::{excel_serial_to_datetime, number_to_stamp};

/// Why a cell could not be read as the value its column holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a date or time in any accepted format, or a date that does not exist (Feb 30).
    #[error("not a date")]
    NotADate,
    /// A numeric date such as `03/04/2021` where both day/month orders are possible and
    /// no order was given.
    #[error("day/month order is ambiguous")]
    AmbiguousOrder,
    /// Not a money amount in any accepted format.
    #[error("not an amount")]
    NotAnAmount,
    /// Not a lead rank from 1 to 7.
    #[error("not a rank from 1 to 7")]
    NotARank,
    /// Not a yes/no flag.
    #[error("not yes/no")]
    NotABool,
}
