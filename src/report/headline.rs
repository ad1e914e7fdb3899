//! The headline figures: decided once in `metrics::headline`, shown the same way by the
//! Summary sheet, the index page, the team email and the terminal line.

use serde::{Deserialize, Serialize};

/// One headline figure of the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeadlineFigure {
    /// Stable name: "new_leads", "leads", "overdue", "hot_overdue", "stale", "missing_info",
    /// "median_first_touch_hours", "junk", "conversion", "close_rate", "win_rate".
    pub key: HeadlineKey,
    /// The label every output prints.
    pub label: String,
    /// "count", "hours" or "rate" (0 to 1).
    pub kind: FigureKind,
    /// The figure; `null` when there is nothing to take it of (a rate with no denominator).
    pub value: Option<f64>,
    /// The figure as printed: "1,234", "14.2", "41.7%", "—".
    pub text: String,
    /// What it counts, in words.
    pub note: String,
    /// "overdue" (red) or "stale" (amber) when the figure is a non-zero alert, else "".
    pub alert: Alert,
}

/// Which headline figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadlineKey {
    NewLeads,
    Leads,
    Overdue,
    HotOverdue,
    Stale,
    MissingInfo,
    MedianFirstTouchHours,
    Junk,
    Conversion,
    CloseRate,
    WinRate,
}

/// What a figure measures, for its number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    Count,
    Hours,
    Rate,
}

/// How a figure stands out: red, amber, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Alert {
    #[serde(rename = "")]
    None,
    Overdue,
    Stale,
}

impl Alert {
    /// The CSS class and JSON value: "overdue", "stale" or "".
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "",
            Self::Overdue => "overdue",
            Self::Stale => "stale",
        }
    }
}
