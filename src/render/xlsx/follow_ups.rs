//! Follow-ups: every lead needing action, by rep A→Z; overdue leads (a red First touch cell)
//! before stale ones (an amber Last touch cell), most overdue and stalest first.

use anyhow::{Context, Result};

use super::FOLLOW_UPS;
use super::MISSING_TOUCH;
use super::book::{Book, Cell};
use crate::metrics::groups::name_order;
use crate::render::columns::empty_follow_up_message;
use crate::report::{OverdueLead, StaleLead};

const COLUMNS: [(&str, f64); 17] = [
    ("Rep", 14.0),
    ("Lead ID", 9.0),
    ("Lead", 14.0),
    ("Company", 14.0),
    ("Email", 14.0),
    ("Source", 10.0),
    ("Offer", 10.0),
    ("Created", 16.0),
    ("Age (h)", 8.0),
    ("SLA (h)", 8.0),
    ("Hours overdue", 9.0),
    ("First touch", 15.0),
    ("Last touch", 16.0),
    ("Days since touch", 9.0),
    ("State", 14.0),
    ("Next cadence step", 14.0),
    ("Next step due", 16.0),
];

/// A row of the list: an overdue or a stale lead.
enum Action<'a> {
    Overdue(&'a OverdueLead),
    Stale(&'a StaleLead),
}

impl Action<'_> {
    fn owner(&self) -> &str {
        match self {
            Self::Overdue(lead) => &lead.owner,
            Self::Stale(lead) => &lead.owner,
        }
    }

    fn lead_id(&self) -> &str {
        match self {
            Self::Overdue(lead) => &lead.lead_id,
            Self::Stale(lead) => &lead.lead_id,
        }
    }
}

/// The overdue and stale lists merged by rep (A→Z, "(none)" last), keeping the report's order
/// within each list and putting a rep's overdue leads before their stale ones.
fn actions<'a>(overdue: &'a [OverdueLead], stale: &'a [StaleLead]) -> Vec<Action<'a>> {
    let mut rows: Vec<(usize, Action)> = overdue
        .iter()
        .map(|lead| (0, Action::Overdue(lead)))
        .chain(stale.iter().map(|lead| (1, Action::Stale(lead))))
        .collect();
    // A stable sort: the report's order within each rep and list is kept.
    rows.sort_by(|(a_kind, a), (b_kind, b)| {
        name_order(a.owner(), b.owner()).then(a_kind.cmp(b_kind))
    });
    rows.into_iter().map(|(_, action)| action).collect()
}

pub(super) fn write(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = &book.formats.clone();
    let stale_state = format!(
        "Stale: no touch for over {} days",
        report.settings.stale_days
    );
    let rows = actions(&report.overdue, &report.stale);
    let mut list = book.list(FOLLOW_UPS, &COLUMNS, true)?;
    if report.overdue.is_empty() && report.stale.is_empty() {
        let message = empty_follow_up_message(&report.coverage);
        let message = if message == "No overdue leads" {
            "No overdue or stale leads"
        } else {
            message
        };
        list.note(message)?;
    }
    for action in &rows {
        let cells = match action {
            Action::Overdue(lead) => vec![
                Cell::Text(&lead.owner),
                Cell::Text(&lead.lead_id),
                Cell::Text(&lead.name),
                Cell::Text(&lead.company),
                Cell::Email(&lead.email),
                Cell::Text(&lead.source),
                Cell::Text(&lead.offer),
                Cell::Time(&lead.created_at, &formats.datetime),
                Cell::Number(lead.age_hours, &formats.hours),
                Cell::Number(lead.sla_hours, &formats.hours),
                Cell::Number(lead.hours_overdue, &formats.hours),
                Cell::Styled(MISSING_TOUCH, &formats.red),
                Cell::Blank,
                Cell::Blank,
                Cell::Styled("Overdue: no contact within SLA", &formats.overdue_state),
                lead.next_step.as_deref().map_or(Cell::Blank, Cell::Text),
                lead.next_step_due
                    .as_ref()
                    .map_or(Cell::Blank, |due| Cell::Time(due, &formats.datetime)),
            ],
            Action::Stale(lead) => vec![
                Cell::Text(&lead.owner),
                Cell::Text(&lead.lead_id),
                Cell::Text(&lead.name),
                Cell::Text(&lead.company),
                Cell::Email(&lead.email),
                Cell::Text(&lead.source),
                Cell::Text(&lead.offer),
                Cell::Time(&lead.created_at, &formats.datetime),
                Cell::Number(lead.age_hours, &formats.hours),
                Cell::Number(lead.sla_hours, &formats.hours),
                Cell::Blank,
                lead.first_touch_at
                    .as_ref()
                    .map_or(Cell::Blank, |at| Cell::Time(at, &formats.datetime)),
                Cell::Time(&lead.last_touch_at, &formats.amber_datetime),
                Cell::Number(lead.days_since_touch, &formats.days),
                Cell::Styled(&stale_state, &formats.stale_state),
                lead.next_step.as_deref().map_or(Cell::Blank, Cell::Text),
                lead.next_step_due
                    .as_ref()
                    .map_or(Cell::Blank, |due| Cell::Time(due, &formats.datetime)),
            ],
        };
        list.write_row(&cells).with_context(|| {
            format!(
                "writing sheet {}, row {} (lead {})",
                list.sheet_name(),
                list.last_row() + 1,
                action.lead_id()
            )
        })?;
    }
    list.finish()
}
