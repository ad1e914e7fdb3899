//! Header recognition: canonical fields, the aliases CRMs use for them, and table kinds.
//!
//! Headers are compared after normalisation (lowercase ASCII letters and digits only), so
//! "Lead Owner", "lead_owner" and "LEAD-OWNER" are the same header.

mod aliases;

pub use crate::schema::{ALL_FIELDS, Field, TableKind};

impl Field {
    /// Header aliases, best first, as CRMs write them (normalised before comparison).
    #[must_use]
    pub fn aliases(self) -> &'static [&'static str] {
        aliases::aliases(self)
    }
}

/// Normalises a header for comparison: ASCII letters and digits only, lowercased, and a
/// Salesforce custom field's `__c` suffix dropped (`Offer__c` reads as `Offer`).
#[must_use]
pub fn normalise(header: &str) -> String {
    let trimmed = header.trim();
    let header = match trimmed.len().checked_sub(3) {
        Some(at) if trimmed.is_char_boundary(at) && trimmed[at..].eq_ignore_ascii_case("__c") => {
            &trimmed[..at]
        }
        _ => trimmed,
    };
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

/// The only headers that give a lead its deal: the opportunity a lead was converted into
/// (Salesforce's `ConvertedOpportunityId`), used when the deals carry no lead id.
const CONVERTED_OPPORTUNITY_ALIASES: [&str; 3] = [
    "Converted Opportunity ID",
    "ConvertedOpportunityId",
    "Converted Opportunity",
];

/// A deal's stage as Dynamics 365 writes it when the view has no "Sales Stage": its status
/// (Open, Won, Lost; the reason, such as Out-Sold, is its "Status Reason"). Only in an
/// opportunities table: a lead's "Status" is its lead status.
const OPPORTUNITY_STATUS_ALIASES: [&str; 1] = ["Status"];

/// Maps headers to the fields of `kind`: for each field, the first alias (best first) found
/// among headers not already taken. Returns (column index, field) pairs sorted by column.
#[must_use]
pub fn map_headers(headers: &[String], kind: TableKind) -> Vec<(usize, Field)> {
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut taken = vec![false; headers.len()];
    let mut mapping = Vec::new();
    for &field in kind.fields() {
        let aliases = if kind == TableKind::Leads && field == Field::OpportunityId {
            &CONVERTED_OPPORTUNITY_ALIASES[..]
        } else {
            field.aliases()
        };
        let extra: &[&str] = if kind == TableKind::Opportunities && field == Field::Stage {
            &OPPORTUNITY_STATUS_ALIASES
        } else {
            &[]
        };
        'aliases: for alias in aliases.iter().chain(extra) {
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

/// True when the cells of a table's column `index`, under `header`, may be read: the first two
/// columns (a totals row's label is there, `trim.rs`), and those whose normalised header is an
/// alias of a field, a users table's header (`links.rs`) or one of `extra` (the headers
/// `[columns.<kind>]` names). The cells of any other column are only counted as filled or not.
#[must_use]
pub(crate) fn may_be_read(
    index: usize,
    header: &str,
    extra: &std::collections::HashSet<String>,
) -> bool {
    static READ: std::sync::LazyLock<std::collections::HashSet<String>> =
        std::sync::LazyLock::new(|| {
            ALL_FIELDS
                .iter()
                .flat_map(|f| f.aliases().iter())
                .chain(&OWN_ID_ALIASES)
                .chain(&CONVERTED_OPPORTUNITY_ALIASES)
                .chain(&OPPORTUNITY_STATUS_ALIASES)
                .chain(&super::links::USERS_HEADERS)
                .map(|h| normalise(h))
                .collect()
        });
    let normalised = normalise(header);
    index < 2 || READ.contains(&normalised) || extra.contains(&normalised)
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
