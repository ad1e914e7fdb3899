//! Follow-ups: every lead needing action, by rep A→Z; overdue leads (a red First touch cell,
//! the whole row red for a hot lead) before stale ones (an amber Last touch cell), best rank
//! first, then most overdue and stalest; then the cells the rep should fill (missing info,
//! red, with the reason in the State column).

use anyhow::{Context, Result};

use super::FOLLOW_UPS;
use super::MISSING_TOUCH;
use super::book::{Book, Cell};
use crate::render::columns::empty_follow_up_message;
use crate::report::name_order;
use crate::report::{MissingInfo, OverdueLead, StaleLead};

const COLUMNS: [(&str, f64); 18] = [
    ("Rep", 14.0),
    ("Rank", 6.0),
    ("Lead ID", 9.0),
    ("Lead", 14.0),
    ("Company", 14.0),
    ("Email", 14.0),
    ("Source", 10.0),
    ("Offer", 10.0),
    ("Created", 16.0),
    ("Age (days)", 8.0),
    ("SLA (days)", 8.0),
    ("Overdue by (days)", 9.0),
    ("First touch", 15.0),
    ("Last touch", 16.0),
    ("Since touch (days)", 9.0),
    ("State", 14.0),
    ("Next cadence step", 14.0),
    ("Next step due", 16.0),
];

/// A row of the list: an overdue or a stale lead, or a cell to fill.
enum Action<'a> {
    Overdue(&'a OverdueLead),
    Stale(&'a StaleLead),
    Missing(&'a MissingInfo),
}

impl Action<'_> {
    fn owner(&self) -> &str {
        match self {
            Self::Overdue(lead) => &lead.lead.owner,
            Self::Stale(lead) => &lead.lead.owner,
            Self::Missing(gap) => &gap.owner,
        }
    }

    fn lead_id(&self) -> &str {
        match self {
            Self::Overdue(lead) => &lead.lead.lead_id,
            Self::Stale(lead) => &lead.lead.lead_id,
            Self::Missing(gap) if gap.lead_id.is_empty() => &gap.opportunity_id,
            Self::Missing(gap) => &gap.lead_id,
        }
    }
}

/// The overdue, stale and missing-info lists merged by rep (A→Z, "(none)" last), keeping the
/// report's order within each list and putting a rep's overdue leads before their stale ones
/// and those before the cells to fill.
fn actions<'a>(
    overdue: &'a [OverdueLead],
    stale: &'a [StaleLead],
    missing: &'a [MissingInfo],
) -> Vec<Action<'a>> {
    let mut rows: Vec<(usize, Action)> = overdue
        .iter()
        .map(|lead| (0, Action::Overdue(lead)))
        .chain(stale.iter().map(|lead| (1, Action::Stale(lead))))
        .chain(missing.iter().map(|gap| (2, Action::Missing(gap))))
        .collect();
    // A stable sort: the report's order within each rep and list is kept.
    rows.sort_by(|(a_kind, a), (b_kind, b)| {
        name_order(a.owner(), b.owner()).then(a_kind.cmp(b_kind))
    });
    rows.into_iter().map(|(_, action)| action).collect()
}

/// A lead's row: its identity with the rank in the second column, then `rest`.
fn with_rank<'c>(lead: [Cell<'c>; 7], rank: Cell<'c>, rest: [Cell<'c>; 10]) -> Vec<Cell<'c>> {
    let [owner, identity @ ..] = lead;
    let mut row = Vec::with_capacity(COLUMNS.len());
    row.extend([owner, rank]);
    row.extend(identity);
    row.extend(rest);
    row
}

pub(super) fn write(book: &mut Book) -> Result<()> {
    let report = book.report;
    let formats = &book.formats.clone();
    let stale_state = format!(
        "Stale: no touch for over {} days",
        report.settings.stale_days
    );
    let rows = actions(&report.overdue, &report.stale, &report.missing_info);
    let mut list = book.list(FOLLOW_UPS, &COLUMNS, true)?;
    if rows.is_empty() {
        let message = empty_follow_up_message(&report.coverage);
        let message = if message == "No overdue leads" {
            "No overdue or stale leads"
        } else {
            message
        };
        list.note(message)?;
    }
    for action in &rows {
        let rank = |rank: Option<i32>| {
            rank.map_or(Cell::Blank, |r| Cell::Number(f64::from(r), &formats.rank))
        };
        fn time<'c>(
            at: Option<&'c chrono::NaiveDateTime>,
            format: &'c rust_xlsxwriter::Format,
        ) -> Cell<'c> {
            at.map_or(Cell::Blank, |at| Cell::Time(at, format))
        }
        let missing_state;
        let cells = match action {
            Action::Overdue(lead) if lead.hot => {
                let (hot, hot_hours) = (&formats.hot, &formats.hot_hours);
                with_rank(
                    Cell::lead(&lead.lead, Some(hot)),
                    lead.rank.map_or(Cell::Fill(hot), |r| {
                        Cell::Number(f64::from(r), &formats.hot_rank)
                    }),
                    [
                        Cell::Time(&lead.created_at, &formats.hot_datetime),
                        Cell::Number(lead.age_hours / 24.0, hot_hours),
                        Cell::Number(lead.sla_hours / 24.0, hot_hours),
                        Cell::Number(lead.hours_overdue / 24.0, hot_hours),
                        Cell::Styled(MISSING_TOUCH, hot),
                        Cell::Fill(hot),
                        Cell::Fill(hot),
                        Cell::Styled("Overdue, hot lead: no contact within SLA", hot),
                        lead.next_step
                            .as_deref()
                            .map_or(Cell::Fill(hot), |s| Cell::Styled(s, hot)),
                        lead.next_step_due.as_ref().map_or(Cell::Fill(hot), |due| {
                            Cell::Time(due, &formats.hot_datetime)
                        }),
                    ],
                )
            }
            Action::Overdue(lead) => with_rank(
                Cell::lead(&lead.lead, None),
                rank(lead.rank),
                [
                    Cell::Time(&lead.created_at, &formats.datetime),
                    Cell::Number(lead.age_hours / 24.0, &formats.hours),
                    Cell::Number(lead.sla_hours / 24.0, &formats.hours),
                    Cell::Number(lead.hours_overdue / 24.0, &formats.hours),
                    Cell::Styled(MISSING_TOUCH, &formats.red),
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Styled("Overdue: no contact within SLA", &formats.overdue_state),
                    lead.next_step.as_deref().map_or(Cell::Blank, Cell::Text),
                    time(lead.next_step_due.as_ref(), &formats.datetime),
                ],
            ),
            Action::Stale(lead) => with_rank(
                Cell::lead(&lead.lead, None),
                rank(lead.rank),
                [
                    Cell::Time(&lead.created_at, &formats.datetime),
                    Cell::Number(lead.age_hours / 24.0, &formats.hours),
                    Cell::Number(lead.sla_hours / 24.0, &formats.hours),
                    Cell::Blank,
                    time(lead.first_touch_at.as_ref(), &formats.datetime),
                    Cell::Time(&lead.last_touch_at, &formats.amber_datetime),
                    Cell::Number(lead.days_since_touch, &formats.hours),
                    Cell::Styled(&stale_state, &formats.stale_state),
                    lead.next_step.as_deref().map_or(Cell::Blank, Cell::Text),
                    time(lead.next_step_due.as_ref(), &formats.datetime),
                ],
            ),
            Action::Missing(gap) => {
                missing_state = format!("Missing {}: {}", gap.field.to_lowercase(), gap.reason);
                let id = if gap.lead_id.is_empty() {
                    &gap.opportunity_id
                } else {
                    &gap.lead_id
                };
                vec![
                    Cell::Text(&gap.owner),
                    if gap.field == "Rank" {
                        Cell::Styled("none", &formats.red_centred)
                    } else {
                        rank(gap.rank)
                    },
                    Cell::Text(id),
                    Cell::Text(&gap.name),
                    Cell::Text(&gap.company),
                    Cell::Email(&gap.email),
                    Cell::Blank,
                    Cell::Text(&gap.offer),
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    if gap.field == "First touch" {
                        Cell::Styled("none logged", &formats.red)
                    } else {
                        Cell::Blank
                    },
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Styled(&missing_state, &formats.red),
                    Cell::Blank,
                    Cell::Blank,
                ]
            }
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
