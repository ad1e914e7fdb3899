//! Follow-ups: every lead needing action, by rep A→Z; overdue leads (a red First touch cell,
//! the whole row red for a hot lead) before stale ones (an amber Last touch cell), best rank
//! first, then most overdue and stalest; then the cells the rep should fill (missing info,
//! red, with the reason in the State column). Printed, the sheet shows its first ten columns,
//! the ones a rep acts on.

use anyhow::{Context, Result};

use super::FOLLOW_UPS;
use super::MISSING_TOUCH;
use super::book::{Book, Cell};
use crate::render::columns::empty_follow_up_message;
use crate::report::name_order;
use crate::report::{MissingInfo, OverdueLead, StaleLead};

/// The columns printed: what a rep acts on, with the least and the most width each is given.
///
/// Printed one page wide, all 18 columns came out in unreadable type. The print area is these
/// first ten columns and the detail columns come after them, so the screen still shows every
/// column (the red first-touch and amber last-touch cells right after the printed ones) and
/// the paper shows the action columns; on paper a hot lead is still red across its row and
/// the State says overdue (dark red) or stale (amber). Their most widths add up to 188
/// characters, 1,366 pixels at Calibri 11: on a landscape Letter page with narrow margins
/// (10.5 inches, 1,008 pixels) that prints at 73% whatever the content (A4: 78%). Text wider
/// than its column is cut at the next filled cell; a missing-info reason runs on over the
/// empty cells after State.
const PRINTED: [(&str, f64, f64); 10] = [
    ("Rep", 14.0, 18.0),
    ("Rank", 6.0, 6.0),
    ("Lead", 14.0, 20.0),
    ("Company", 14.0, 22.0),
    ("Offer", 10.0, 20.0),
    // "Overdue, hot lead: no contact within SLA" is 40 characters.
    ("State", 14.0, 42.0),
    ("Overdue by (days)", 10.0, 10.0),
    // Two lines of title at 12: "Since touch" / "(days)".
    ("Since touch (days)", 12.0, 12.0),
    ("Next cadence step", 14.0, 20.0),
    // A date and time needs 16, and 2 to spare for a wider font.
    ("Next step due", 18.0, 18.0),
];

/// The columns after the printed ones, on screen only, with their least width.
const DETAIL: [(&str, f64); 8] = [
    ("First touch", 15.0),
    ("Last touch", 16.0),
    ("Lead ID", 9.0),
    ("Email", 14.0),
    ("Source", 10.0),
    ("Created", 16.0),
    ("Age (days)", 8.0),
    ("SLA (days)", 8.0),
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

/// The cells of one row by column: the printed columns ([`PRINTED`]), then the detail
/// columns ([`DETAIL`]).
struct Row<'c> {
    rep: Cell<'c>,
    rank: Cell<'c>,
    lead: Cell<'c>,
    company: Cell<'c>,
    offer: Cell<'c>,
    state: Cell<'c>,
    overdue_by: Cell<'c>,
    since_touch: Cell<'c>,
    next_step: Cell<'c>,
    next_step_due: Cell<'c>,
    first_touch: Cell<'c>,
    last_touch: Cell<'c>,
    lead_id: Cell<'c>,
    email: Cell<'c>,
    source: Cell<'c>,
    created: Cell<'c>,
    age: Cell<'c>,
    sla: Cell<'c>,
}

impl<'c> Row<'c> {
    /// The cells in column order.
    fn cells(self) -> [Cell<'c>; PRINTED.len() + DETAIL.len()] {
        [
            self.rep,
            self.rank,
            self.lead,
            self.company,
            self.offer,
            self.state,
            self.overdue_by,
            self.since_touch,
            self.next_step,
            self.next_step_due,
            self.first_touch,
            self.last_touch,
            self.lead_id,
            self.email,
            self.source,
            self.created,
            self.age,
            self.sla,
        ]
    }
}

/// Writes the sheet; with `red_only` (the compact workbook mailed in place of a large one),
/// only the overdue rows.
pub(super) fn write(book: &mut Book, red_only: bool) -> Result<()> {
    let report = book.report;
    let formats = &book.formats.clone();
    let stale_state = format!(
        "Stale: no touch for over {} days",
        report.settings.stale_days
    );
    let rows = if red_only {
        actions(&report.overdue, &[], &[])
    } else {
        actions(&report.overdue, &report.stale, &report.missing_info)
    };
    let mut list = book.printed_list(FOLLOW_UPS, &PRINTED, &DETAIL, true)?;
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
        let row = match action {
            Action::Overdue(lead) if lead.hot => {
                let (hot, hot_hours) = (&formats.hot, &formats.hot_hours);
                let [rep, lead_id, name, company, email, source, offer] =
                    Cell::lead(&lead.lead, Some(hot));
                Row {
                    rep,
                    rank: lead.rank.map_or(Cell::Fill(hot), |r| {
                        Cell::Number(f64::from(r), &formats.hot_rank)
                    }),
                    lead: name,
                    company,
                    offer,
                    state: Cell::Styled("Overdue, hot lead: no contact within SLA", hot),
                    overdue_by: Cell::Number(lead.hours_overdue / 24.0, hot_hours),
                    since_touch: Cell::Fill(hot),
                    next_step: lead
                        .next_step
                        .as_deref()
                        .map_or(Cell::Fill(hot), |s| Cell::Styled(s, hot)),
                    next_step_due: lead.next_step_due.as_ref().map_or(Cell::Fill(hot), |due| {
                        Cell::Time(due, &formats.hot_datetime)
                    }),
                    first_touch: Cell::Styled(MISSING_TOUCH, hot),
                    last_touch: Cell::Fill(hot),
                    lead_id,
                    email,
                    source,
                    created: Cell::Time(&lead.created_at, &formats.hot_datetime),
                    age: Cell::Number(lead.age_hours / 24.0, hot_hours),
                    sla: Cell::Number(lead.sla_hours / 24.0, hot_hours),
                }
            }
            Action::Overdue(lead) => {
                let [rep, lead_id, name, company, email, source, offer] =
                    Cell::lead(&lead.lead, None);
                Row {
                    rep,
                    rank: rank(lead.rank),
                    lead: name,
                    company,
                    offer,
                    state: Cell::Styled("Overdue: no contact within SLA", &formats.overdue_state),
                    overdue_by: Cell::Number(lead.hours_overdue / 24.0, &formats.hours),
                    since_touch: Cell::Blank,
                    next_step: lead.next_step.as_deref().map_or(Cell::Blank, Cell::Text),
                    next_step_due: time(lead.next_step_due.as_ref(), &formats.datetime),
                    first_touch: Cell::Styled(MISSING_TOUCH, &formats.red),
                    last_touch: Cell::Blank,
                    lead_id,
                    email,
                    source,
                    created: Cell::Time(&lead.created_at, &formats.datetime),
                    age: Cell::Number(lead.age_hours / 24.0, &formats.hours),
                    sla: Cell::Number(lead.sla_hours / 24.0, &formats.hours),
                }
            }
            Action::Stale(lead) => {
                let [rep, lead_id, name, company, email, source, offer] =
                    Cell::lead(&lead.lead, None);
                Row {
                    rep,
                    rank: rank(lead.rank),
                    lead: name,
                    company,
                    offer,
                    state: Cell::Styled(&stale_state, &formats.stale_state),
                    overdue_by: Cell::Blank,
                    since_touch: Cell::Number(lead.days_since_touch, &formats.hours),
                    next_step: lead.next_step.as_deref().map_or(Cell::Blank, Cell::Text),
                    next_step_due: time(lead.next_step_due.as_ref(), &formats.datetime),
                    first_touch: time(lead.first_touch_at.as_ref(), &formats.datetime),
                    last_touch: Cell::Time(&lead.last_touch_at, &formats.amber_datetime),
                    lead_id,
                    email,
                    source,
                    created: Cell::Time(&lead.created_at, &formats.datetime),
                    age: Cell::Number(lead.age_hours / 24.0, &formats.hours),
                    sla: Cell::Number(lead.sla_hours / 24.0, &formats.hours),
                }
            }
            Action::Missing(gap) => {
                missing_state = format!("Missing {}: {}", gap.field.to_lowercase(), gap.reason);
                Row {
                    rep: Cell::Text(&gap.owner),
                    rank: if gap.field == "Rank" {
                        Cell::Styled("none", &formats.red_centred)
                    } else {
                        rank(gap.rank)
                    },
                    lead: Cell::Text(&gap.name),
                    company: Cell::Text(&gap.company),
                    offer: Cell::Text(&gap.offer),
                    state: Cell::Styled(&missing_state, &formats.red),
                    overdue_by: Cell::Blank,
                    since_touch: Cell::Blank,
                    next_step: Cell::Blank,
                    next_step_due: Cell::Blank,
                    first_touch: if gap.field == "First touch" {
                        Cell::Styled("none logged", &formats.red)
                    } else {
                        Cell::Blank
                    },
                    last_touch: Cell::Blank,
                    lead_id: Cell::Text(action.lead_id()),
                    email: Cell::Email(&gap.email),
                    source: Cell::Blank,
                    created: Cell::Blank,
                    age: Cell::Blank,
                    sla: Cell::Blank,
                }
            }
        };
        list.write_row(&row.cells()).with_context(|| {
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
