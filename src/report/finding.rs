//! Data-quality findings: something in the input friday could not use as it stood. They are
//! made, and capped, in `ingest::quality`.

use serde::{Deserialize, Serialize};

/// Something in the input that could not be used as it stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Short kind, e.g. "unparseable date", "duplicate lead id".
    pub kind: String,
    pub file: String,
    /// Sheet name; empty for CSV files.
    pub sheet: String,
    /// 1-based row (sheet row, or CSV line where the record starts); 0 when it is about the table.
    pub row: u64,
    /// Column header; empty when it is about the whole row.
    pub column: String,
    pub value: String,
    pub message: String,
}
