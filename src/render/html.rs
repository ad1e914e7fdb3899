//! The static HTML page of the Friday report: KPIs, the red list by rep, rep and source tables.
//!
//! The report's numbers are formatted here into a small view model of strings ("41.7%", "—");
//! nothing is computed. Templates are embedded, rendered by tera with HTML autoescaping on, and
//! the page is built in a temporary folder that replaces the site folder only when complete.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};
use serde::Serialize;
use tera::{Context, Tera};

use crate::render::atomic::replace_dir;
use crate::render::columns::{GroupCell, GroupColumn, empty_follow_up_message, group_columns};
use crate::render::settings::settings_rows;
use crate::report::{Definition, GroupRow, OverdueLead, Report};

const INDEX_TEMPLATE: &str = include_str!("../../templates/index.html");
const STYLE_TEMPLATE: &str = include_str!("../../templates/style.css");

/// How many data-quality findings the page lists; the rest are counted.
pub const MAX_FINDINGS_SHOWN: usize = 200;

/// What the page shows for a rate or a median that does not exist.
const NONE: &str = "—";

/// Writes the site (`dir/index.html`), replacing the folder `dir` only once the new page is
/// complete.
///
/// # Errors
///
/// Fails when the parent of `dir` does not exist or is not writable, or when a template fails
/// to render; on failure an existing site at `dir` is left as it was.
pub fn write_site(report: &Report, dir: &Path) -> Result<()> {
    let page = render_index(report)?;
    replace_dir(dir, |new| {
        let index = new.join("index.html");
        fs::write(&index, page).with_context(|| format!("writing {}", index.display()))
    })
}

/// Renders the index page to a string.
fn render_index(report: &Report) -> Result<String> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html"]);
    tera.add_raw_templates([
        ("style.css", STYLE_TEMPLATE),
        ("index.html", INDEX_TEMPLATE),
    ])
    .context("parsing the embedded templates")?;
    let context = Context::from_serialize(&Page::new(report))
        .context("preparing the data for the index.html template")?;
    tera.render("index.html", &context)
        .context("rendering the index.html template")
}

/// Everything `index.html` shows, already formatted.
#[derive(Serialize)]
struct Page<'a> {
    title: String,
    measured_at: String,
    timezone: &'a str,
    kpis: Vec<Kpi>,
    overdue_groups: Vec<RepOverdue<'a>>,
    tables: Vec<GroupTable<'a>>,
    definitions: &'a [Definition],
    settings: Vec<Setting>,
    findings_summary: String,
    findings: Vec<FindingView<'a>>,
    inputs: String,
    /// What the follow-up section says when no lead is overdue.
    empty_follow_up: &'static str,
}

#[derive(Serialize)]
struct Kpi {
    label: &'static str,
    value: String,
    /// Shown in red (a non-zero overdue count).
    alert: bool,
}

/// One rep's overdue leads.
#[derive(Serialize)]
struct RepOverdue<'a> {
    rep: &'a str,
    leads: Vec<OverdueView<'a>>,
}

#[derive(Serialize)]
struct OverdueView<'a> {
    lead_id: &'a str,
    name: &'a str,
    company: &'a str,
    email: &'a str,
    source: &'a str,
    offer: &'a str,
    created: String,
    age: String,
    sla: String,
    hours_overdue: String,
}

/// The Reps or the Sources table.
#[derive(Serialize)]
struct GroupTable<'a> {
    id: &'static str,
    title: &'static str,
    name_header: &'a str,
    headers: Vec<&'static str>,
    rows: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    name: &'a str,
    is_total: bool,
    cells: Vec<CellView>,
}

/// A formatted cell; `overdue` marks a non-zero overdue count.
#[derive(Serialize)]
struct CellView {
    text: String,
    overdue: bool,
}

#[derive(Serialize)]
struct Setting {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct FindingView<'a> {
    kind: &'a str,
    file: &'a str,
    sheet: &'a str,
    row: String,
    column: &'a str,
    value: &'a str,
    message: &'a str,
}

impl<'a> Page<'a> {
    fn new(report: &'a Report) -> Self {
        let totals = &report.totals;
        let coverage = &report.coverage;
        let mut kpis = Vec::new();
        if coverage.leads {
            kpis.push(Kpi {
                label: "leads",
                value: count(totals.leads),
                alert: false,
            });
            if coverage.touches {
                kpis.push(Kpi {
                    label: "overdue",
                    value: count(totals.overdue),
                    alert: totals.overdue > 0,
                });
                kpis.push(Kpi {
                    label: "never contacted",
                    value: count(totals.never_contacted),
                    alert: false,
                });
            }
            kpis.push(Kpi {
                label: "conversion (converted leads ÷ leads)",
                value: percent(totals.conversion),
                alert: false,
            });
        }
        if coverage.opportunities {
            kpis.push(Kpi {
                label: "close rate (won ÷ closed)",
                value: percent(totals.close_rate),
                alert: false,
            });
        }
        let tables = vec![
            group_table("reps", "Reps", "Rep", &report.reps, report),
            group_table(
                "sources",
                "Sources",
                &report.source_label,
                &report.sources,
                report,
            ),
        ];
        let shown = report.findings.len().min(MAX_FINDINGS_SHOWN);
        let findings_summary = match report.findings.len() {
            0 => "No data-quality findings.".to_string(),
            total if total > shown => format!(
                "{} findings; the first {} are listed (all are on the Data quality sheet).",
                count_usize(total),
                count_usize(shown)
            ),
            1 => "1 finding.".to_string(),
            total => format!("{} findings.", count_usize(total)),
        };
        Self {
            title: format!("Friday report — {}", report.as_of),
            measured_at: report.as_of_time.format("%Y-%m-%d %H:%M").to_string(),
            timezone: &report.settings.timezone,
            kpis,
            overdue_groups: group_by_rep(&report.overdue),
            tables,
            definitions: &report.definitions,
            settings: settings(report),
            findings_summary,
            findings: report.findings[..shown]
                .iter()
                .map(|finding| FindingView {
                    kind: &finding.kind,
                    file: &finding.file,
                    sheet: &finding.sheet,
                    row: if finding.row == 0 {
                        String::new()
                    } else {
                        finding.row.to_string()
                    },
                    column: &finding.column,
                    value: &finding.value,
                    message: &finding.message,
                })
                .collect(),
            inputs: report.inputs.join(", "),
            empty_follow_up: empty_follow_up_message(&report.coverage),
        }
    }
}

/// Splits the overdue list (already sorted by rep) into one group per rep, in order.
fn group_by_rep(overdue: &[OverdueLead]) -> Vec<RepOverdue<'_>> {
    let mut groups: Vec<RepOverdue<'_>> = Vec::new();
    for lead in overdue {
        let view = OverdueView {
            lead_id: &lead.lead_id,
            name: &lead.name,
            company: &lead.company,
            email: &lead.email,
            source: &lead.source,
            offer: &lead.offer,
            created: lead.created_at.format("%Y-%m-%d %H:%M").to_string(),
            age: hours(lead.age_hours),
            sla: hours(lead.sla_hours),
            hours_overdue: hours(lead.hours_overdue),
        };
        match groups.last_mut() {
            Some(group) if group.rep == lead.owner => group.leads.push(view),
            _ => groups.push(RepOverdue {
                rep: &lead.owner,
                leads: vec![view],
            }),
        }
    }
    groups
}

fn group_table<'a>(
    id: &'static str,
    title: &'static str,
    name_header: &'a str,
    groups: &'a [GroupRow],
    report: &'a Report,
) -> GroupTable<'a> {
    let columns = group_columns(&report.coverage);
    let mut rows: Vec<GroupView<'a>> = groups
        .iter()
        .map(|g| group_view(g, &columns, false))
        .collect();
    rows.push(group_view(&report.totals, &columns, true));
    GroupTable {
        id,
        title,
        name_header,
        headers: columns.iter().map(|c| c.title()).collect(),
        rows,
    }
}

fn group_view<'a>(group: &'a GroupRow, columns: &[GroupColumn], is_total: bool) -> GroupView<'a> {
    GroupView {
        name: if is_total { "Total" } else { &group.name },
        is_total,
        cells: columns
            .iter()
            .map(|column| match column.cell(group) {
                GroupCell::Count(n) => CellView {
                    text: count(n),
                    overdue: *column == GroupColumn::Overdue && n > 0,
                },
                GroupCell::Hours(h) => CellView {
                    text: h.map_or_else(|| NONE.to_string(), hours),
                    overdue: false,
                },
                GroupCell::Rate(r) => CellView {
                    text: percent(r),
                    overdue: false,
                },
            })
            .collect(),
    }
}

fn settings(report: &Report) -> Vec<Setting> {
    settings_rows(report)
        .into_iter()
        .map(|(label, value)| Setting { label, value })
        .collect()
}

/// A count with thousands separators: 1234567 → "1,234,567".
fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn count_usize(value: usize) -> String {
    count(u64::try_from(value).unwrap_or(u64::MAX))
}

/// Hours with one decimal: 12.25 → "12.2" (round half to even), 52 → "52.0".
fn hours(value: f64) -> String {
    format!("{value:.1}")
}

/// A rate as a percentage with one decimal: 0.41666 → "41.7%"; `None` → "—".
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| NONE.to_string(), |rate| format!("{:.1}%", rate * 100.0))
}

#[cfg(test)]
mod tests;
