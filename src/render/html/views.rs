//! The view models the templates print: report values formatted as text, never recomputed.
//! Lists are only selected (a rep's leads, a source's leads), never re-counted.

use serde::Serialize;

use super::format::{count, interval, maybe_one_decimal, minute, percent, sort_key};
use crate::render::columns::{GroupCell, GroupColumn, group_columns};
use crate::render::xlsx::linkable_email;
use crate::report::{GroupRow, Lead, OverdueLead, Report, StaleLead, duration, duration_adjective};

/// One headline figure.
#[derive(Serialize)]
pub(super) struct Kpi {
    pub label: std::borrow::Cow<'static, str>,
    pub value: String,
    /// "overdue" (red) or "stale" (amber) when the figure is a non-zero alert, else empty.
    pub alert: &'static str,
}

/// The report's headline figures (see `metrics::headline`), as every output shows
/// them.
pub(super) fn headline_kpis(report: &Report) -> Vec<Kpi> {
    report
        .headline
        .iter()
        .map(|figure| Kpi {
            label: figure.label.clone().into(),
            value: figure.text.clone(),
            alert: figure.alert.as_str(),
        })
        .collect()
}

/// The headline figures of one group (a rep, a source): those its coverage does not leave
/// out (`per_rep` for a rep's page).
pub(super) fn kpis(report: &Report, row: &GroupRow, per_rep: bool) -> Vec<Kpi> {
    let unknown = report.coverage.unknown_fields(per_rep);
    let days = report.settings.window_days;
    let alert = |on: bool, class: &'static str| if on { class } else { "" };
    let candidates: Vec<(&str, Kpi)> = vec![
        (
            "leads",
            Kpi {
                label: "leads".into(),
                value: count(row.leads),
                alert: "",
            },
        ),
        (
            "overdue",
            Kpi {
                label: "overdue (no touch, past SLA)".into(),
                value: count(row.overdue),
                alert: alert(row.overdue > 0, "overdue"),
            },
        ),
        (
            "stale",
            Kpi {
                label: "stale (no touch for a while)".into(),
                value: count(row.stale),
                alert: alert(row.stale > 0, "stale"),
            },
        ),
        (
            "never_contacted",
            Kpi {
                label: "never contacted".into(),
                value: count(row.never_contacted),
                alert: "",
            },
        ),
        (
            "missing_info",
            Kpi {
                label: "missing info (cells to fill)".into(),
                value: count(row.missing_info),
                alert: alert(row.missing_info > 0, "overdue"),
            },
        ),
        (
            "older_never_worked",
            Kpi {
                label: format!("older than {days} days: never worked").into(),
                value: count(row.older_never_worked),
                alert: "",
            },
        ),
        (
            "older_gone_quiet",
            Kpi {
                label: format!("older than {days} days: gone quiet").into(),
                value: count(row.older_gone_quiet),
                alert: "",
            },
        ),
        (
            "junk",
            Kpi {
                label: "junk leads".into(),
                value: count(row.junk),
                alert: "",
            },
        ),
        (
            "conversion",
            Kpi {
                label: "conversion (converted leads ÷ leads)".into(),
                value: percent(row.conversion),
                alert: "",
            },
        ),
        (
            "close_rate",
            Kpi {
                label: "close rate (won ÷ closed)".into(),
                value: percent(row.close_rate),
                alert: "",
            },
        ),
    ];
    candidates
        .into_iter()
        .filter(|(field, _)| !unknown.contains(field))
        .filter(|(field, _)| days > 0 || !field.starts_with("older_"))
        .map(|(_, kpi)| kpi)
        .collect()
}

/// A table of groups (reps, sources, offers) with a total row.
#[derive(Serialize)]
pub(super) struct GroupTable<'a> {
    pub id: &'static str,
    pub caption: String,
    /// A sentence under the heading (which rep deals count under); empty for none.
    pub note: String,
    pub name_header: &'a str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
pub(super) struct GroupView<'a> {
    pub name: &'a str,
    /// Link to the group's page, relative to the site root; empty for none.
    pub href: String,
    pub is_total: bool,
    pub cells: Vec<CellView>,
}

/// A formatted cell; `alert` is "overdue" on a non-zero overdue count.
#[derive(Serialize)]
pub(super) struct CellView {
    pub text: String,
    pub sort: String,
    pub alert: &'static str,
}

/// Builds a group table; `href` gives each group's page (empty for none).
pub(super) fn group_table<'a>(
    id: &'static str,
    caption: String,
    name_header: &'a str,
    groups: &'a [GroupRow],
    report: &'a Report,
    href: impl Fn(&str) -> String,
) -> GroupTable<'a> {
    let columns = group_columns(&report.coverage, report.settings.window_days, id == "reps");
    let mut rows: Vec<GroupView<'a>> = groups
        .iter()
        .map(|g| group_view(g, &columns, false, href(&g.name)))
        .collect();
    rows.push(group_view(&report.totals, &columns, true, String::new()));
    GroupTable {
        note: if id == "reps" && report.coverage.opportunities {
            crate::render::settings::deal_attribution_note(report)
        } else {
            String::new()
        },
        id,
        caption,
        name_header,
        headers: columns.iter().map(|c| c.title()).collect(),
        rows,
    }
}

fn group_view<'a>(
    group: &'a GroupRow,
    columns: &[GroupColumn],
    is_total: bool,
    href: String,
) -> GroupView<'a> {
    GroupView {
        name: if is_total { "Total" } else { &group.name },
        href,
        is_total,
        cells: columns
            .iter()
            .map(|column| match column.cell(group) {
                GroupCell::Count(n) => CellView {
                    // The red cell says "overdue" to a screen reader; the header says it to
                    // the eye, and a narrower cell lets the table fit.
                    text: count(n),
                    sort: n.to_string(),
                    alert: if *column == GroupColumn::Overdue && n > 0 {
                        "overdue"
                    } else {
                        ""
                    },
                },
                GroupCell::Hours(h) => CellView {
                    text: h.map_or_else(|| super::format::NONE.to_string(), duration),
                    sort: sort_key(h),
                    alert: "",
                },
                GroupCell::Rate(r) => CellView {
                    text: percent(r),
                    sort: sort_key(r),
                    alert: "",
                },
            })
            .collect(),
    }
}

/// One line of a follow-up list: an overdue (red) or a stale (amber) lead.
#[derive(Serialize)]
pub(super) struct FollowUp<'a> {
    /// "overdue" or "stale": the row's class, and the word the State cell shows.
    pub state: &'static str,
    /// A hot lead (overdue at the hot rank or better): the whole row stands out.
    pub hot: bool,
    /// The rank 1–7, or "" when the lead has none.
    pub rank: String,
    /// Sorts unranked leads last.
    pub rank_sort: i32,
    /// Rep, lead id, name, company, email, source and offer (top-level fields in a template).
    #[serde(flatten)]
    pub lead: &'a Lead,
    pub owner_href: String,
    /// The email is one plain address: the lead's name links to it (`mailto:`).
    pub mailto: bool,
    pub created: String,
    pub last_touch: String,
    /// How long it has waited, in words with the unit.
    pub waiting: String,
    pub waiting_sort: String,
    pub next_step: String,
}

/// A lead of the follow-up list, before it is formatted for a page.
#[derive(Clone, Copy)]
pub(super) enum Pending<'a> {
    Overdue(&'a OverdueLead),
    Stale(&'a StaleLead),
}

impl<'a> Pending<'a> {
    pub(super) fn lead(self) -> &'a Lead {
        match self {
            Pending::Overdue(lead) => &lead.lead,
            Pending::Stale(lead) => &lead.lead,
        }
    }
}

/// The follow-up list: overdue leads (red) first, then, when `with_stale`, stale ones
/// (amber), each in the Report's order. A page formats the rows it shows
/// ([`follow_up`]), not the whole list.
pub(super) fn pending(report: &Report, with_stale: bool) -> impl Iterator<Item = Pending<'_>> {
    let stale: &[StaleLead] = if with_stale { &report.stale } else { &[] };
    report
        .overdue
        .iter()
        .map(Pending::Overdue)
        .chain(stale.iter().map(Pending::Stale))
}

/// One row of the follow-up list as a page shows it.
pub(super) fn follow_up<'a>(
    pending: Pending<'a>,
    owner_href: &impl Fn(&str) -> String,
) -> FollowUp<'a> {
    let (lead, rank, created_at) = match pending {
        Pending::Overdue(l) => (&l.lead, l.rank, l.created_at),
        Pending::Stale(l) => (&l.lead, l.rank, l.created_at),
    };
    let (state, hot, last_touch, waiting, waiting_sort, next_step) = match pending {
        Pending::Overdue(l) => (
            "overdue",
            l.hot,
            "none".to_string(),
            format!(
                "{} past a {} SLA",
                duration(l.hours_overdue),
                duration_adjective(l.sla_hours)
            ),
            format!("{}", l.hours_overdue),
            match (&l.next_step, l.next_step_due) {
                (Some(step), Some(due)) => format!("{step} (due {})", minute(due)),
                (Some(step), None) => step.clone(),
                _ => String::new(),
            },
        ),
        Pending::Stale(l) => (
            "stale",
            false,
            minute(l.last_touch_at),
            format!("{} since last touch", duration(l.days_since_touch * 24.0)),
            format!("{}", l.days_since_touch),
            String::new(),
        ),
    };
    FollowUp {
        state,
        hot,
        rank: rank.map(|r| r.to_string()).unwrap_or_default(),
        rank_sort: rank.unwrap_or(8),
        lead,
        owner_href: owner_href(&lead.owner),
        mailto: linkable_email(&lead.email),
        created: minute(created_at),
        last_touch,
        waiting,
        waiting_sort,
        next_step,
    }
}

/// A label and a formatted value, for small two-column tables.
#[derive(Serialize)]
pub(super) struct Figure {
    pub label: String,
    pub value: String,
}

/// Conversion and close figures of one group, with their intervals.
pub(super) fn conversion_figures(report: &Report, row: &GroupRow) -> Vec<Figure> {
    let mut figures = Vec::new();
    let mut add = |label: &str, value: String| {
        figures.push(Figure {
            label: label.to_string(),
            value,
        });
    };
    if report.coverage.leads {
        add(
            "Conversion (converted ÷ leads counted)",
            format!(
                "{} ({} of {}; 95% interval {})",
                percent(row.conversion),
                count(row.converted),
                count(row.conversion_base),
                interval(row.conversion_interval.as_ref())
            ),
        );
    }
    if report.coverage.opportunities {
        add(
            "Close rate (won ÷ won and lost)",
            format!(
                "{} ({} won, {} lost; 95% interval {})",
                percent(row.close_rate),
                count(row.won),
                count(row.lost),
                interval(row.close_rate_interval.as_ref())
            ),
        );
        add(
            "Win rate (won ÷ opportunities)",
            format!(
                "{} ({} opportunities; 95% interval {})",
                percent(row.win_rate),
                count(row.opportunities),
                interval(row.win_rate_interval.as_ref())
            ),
        );
        add(
            "Median days to a won deal",
            maybe_one_decimal(row.median_days_to_win),
        );
    }
    figures
}
