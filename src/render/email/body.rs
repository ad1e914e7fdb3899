//! The text of the messages: subjects, and the HTML and plain-text bodies rendered from
//! `templates/email.html` and `email.txt` (overridable by name from the templates folder).
//!
//! The view models only format numbers the Report holds; the per-rep list is the report's
//! overdue list filtered by owner.

use anyhow::{Context as _, Result};
use serde::Serialize;
use tera::{Context, Tera};

use crate::render::html::format::{count, count_usize, minute, one_decimal};
use crate::report::{GroupRow, Report, duration};

const HTML: &str = "email.html";
const TEXT: &str = "email.txt";

/// One message's two bodies.
pub(super) struct Bodies {
    pub html: String,
    pub plain: String,
}

/// Renders the bodies with the run's templates (`email.html` autoescaped, `email.txt` not).
pub(super) struct Mail<'a> {
    tera: &'a Tera,
}

#[derive(Serialize)]
struct Kpi {
    label: std::borrow::Cow<'static, str>,
    value: String,
    red: bool,
}

#[derive(Serialize)]
struct RepLine<'a> {
    name: &'a str,
    overdue: String,
    stale: String,
}

#[derive(Serialize)]
struct LeadLine<'a> {
    /// The rank 1–7, or "" when the lead has none.
    rank: String,
    /// Overdue at the hot rank or better: the row in red.
    hot: bool,
    lead_id: &'a str,
    name: &'a str,
    company: &'a str,
    email: &'a str,
    offer: &'a str,
    created: String,
    hours_overdue: String,
    /// How long past its SLA, in words: "3 days".
    overdue: String,
    next_step: &'a str,
    /// Overdue now and not in the previous report.
    new: bool,
}

#[derive(Serialize)]
struct MissingLine<'a> {
    /// "L-3" for a lead, "O-9 (deal)" for a deal.
    id: String,
    name: &'a str,
    company: &'a str,
    field: &'a str,
    reason: &'a str,
}

/// "Friday report 2026-11-20: 3 overdue leads".
pub(super) fn team_subject(report: &Report) -> String {
    if report.coverage.sla() {
        format!(
            "Friday report {}: {} overdue {}",
            report.as_of,
            count(report.totals.overdue),
            if report.totals.overdue == 1 {
                "lead"
            } else {
                "leads"
            }
        )
    } else {
        format!("Friday report {}", report.as_of)
    }
}

/// "Your overdue leads on 2026-11-20: 2".
pub(super) fn rep_subject(report: &Report, rep: &str) -> String {
    format!(
        "Your overdue leads on {}: {}",
        report.as_of,
        count(rep_row(report, rep).map_or(0, |row| row.overdue))
    )
}

fn rep_row<'a>(report: &'a Report, rep: &str) -> Option<&'a GroupRow> {
    report.reps.iter().find(|row| row.name == rep)
}

impl<'a> Mail<'a> {
    pub(super) fn new(tera: &'a Tera) -> Mail<'a> {
        Mail { tera }
    }

    /// The team message: headline KPIs and each rep's red and amber counts.
    ///
    /// # Errors
    /// When a template fails to render.
    pub(super) fn team(
        &self,
        report: &Report,
        subject: &str,
        attachment: &str,
        too_large: &str,
    ) -> Result<Bodies> {
        let mut context = self.common(report, subject);
        context.insert("too_large", too_large);
        context.insert("heading", &format!("The Friday report, {}", report.as_of));
        context.insert("attachment", attachment);
        context.insert("kpis", &kpis(report));
        let reps: Vec<RepLine> = if report.coverage.sla() && report.coverage.owners {
            report
                .reps
                .iter()
                .map(|row| RepLine {
                    name: &row.name,
                    overdue: count(row.overdue),
                    stale: count(row.stale),
                })
                .collect()
        } else {
            Vec::new()
        };
        context.insert("reps", &reps);
        context.insert("own_list", &false);
        context.insert("missing", &Vec::<MissingLine>::new());
        context.insert("missing_count", "0");
        context.insert("ranked", &false);
        context.insert("new_since", "");
        context.insert("page", "");
        self.render(&context)
    }

    /// One rep's message: their red count and their overdue leads only.
    ///
    /// # Errors
    /// When a template fails to render.
    pub(super) fn rep(&self, report: &Report, rep: &str, subject: &str) -> Result<Bodies> {
        let mut context = self.common(report, subject);
        context.insert("heading", &format!("Your follow-ups, {rep}"));
        context.insert("attachment", "");
        context.insert("too_large", "");
        let row = rep_row(report, rep);
        let kpis = vec![
            Kpi {
                label: "your overdue leads (no touch, past SLA)".into(),
                value: count(row.map_or(0, |r| r.overdue)),
                red: row.is_some_and(|r| r.overdue > 0),
            },
            Kpi {
                label: "your stale leads (no touch for a while)".into(),
                value: count(row.map_or(0, |r| r.stale)),
                red: false,
            },
        ];
        context.insert("kpis", &kpis);
        context.insert("reps", &Vec::<RepLine>::new());
        let newly: std::collections::HashSet<&str> = report
            .history
            .iter()
            .filter(|h| h.previous.is_some())
            .flat_map(|h| h.newly_overdue.iter().map(String::as_str))
            .collect();
        let previous = report.history.as_ref().and_then(|h| h.previous);
        // The report's red list, filtered: its order (best rank first) is kept.
        let leads: Vec<LeadLine> = report
            .overdue
            .iter()
            .filter(|lead| lead.lead.owner == rep)
            .map(|lead| LeadLine {
                rank: lead.rank.map(|r| r.to_string()).unwrap_or_default(),
                hot: lead.hot,
                lead_id: &lead.lead.lead_id,
                name: &lead.lead.name,
                company: &lead.lead.company,
                email: &lead.lead.email,
                offer: &lead.lead.offer,
                created: minute(lead.created_at),
                hours_overdue: one_decimal(lead.hours_overdue),
                overdue: duration(lead.hours_overdue),
                next_step: lead.next_step.as_deref().unwrap_or(""),
                new: newly.contains(lead.lead.lead_id.as_str()),
            })
            .collect();
        let missing: Vec<MissingLine> = report
            .missing_info
            .iter()
            .filter(|gap| gap.owner == rep)
            .map(|gap| MissingLine {
                id: if gap.opportunity_id.is_empty() {
                    gap.lead_id.clone()
                } else {
                    format!("{} (deal)", gap.opportunity_id)
                },
                name: &gap.name,
                company: &gap.company,
                field: &gap.field,
                reason: &gap.reason,
            })
            .collect();
        context.insert(
            "new_since",
            &previous.map(|d| d.to_string()).unwrap_or_default(),
        );
        context.insert("ranked", &leads.iter().any(|lead| !lead.rank.is_empty()));
        context.insert("missing_count", &count_usize(missing.len()));
        context.insert("missing", &missing);
        let page = report.settings.base_url.as_ref().and_then(|base| {
            crate::render::html::rep_page(report, rep).map(|path| format!("{base}{path}"))
        });
        context.insert("page", &page.unwrap_or_default());
        context.insert("own_count", &count(row.map_or(0, |r| r.overdue)));
        context.insert("leads", &leads);
        context.insert("own_list", &true);
        self.render(&context)
    }

    fn common(&self, report: &Report, subject: &str) -> Context {
        let mut context = Context::new();
        context.insert("subject", subject);
        context.insert("as_of", &report.as_of.to_string());
        context.insert("timezone", &report.settings.timezone);
        context.insert("inputs", &report.inputs.join(", "));
        context.insert("gaps", &report.coverage.gaps());
        context
    }

    fn render(&self, context: &Context) -> Result<Bodies> {
        let render = |name: &str| {
            self.tera
                .render(name, context)
                .with_context(|| format!("rendering the {name} template"))
        };
        Ok(Bodies {
            html: render(HTML)?,
            plain: render(TEXT)?,
        })
    }
}

/// The headline figures of the team message: the report's own (see
/// `metrics::headline`).
fn kpis(report: &Report) -> Vec<Kpi> {
    report
        .headline
        .iter()
        .map(|figure| Kpi {
            label: figure.label.clone().into(),
            value: figure.text.clone(),
            red: figure.alert == crate::report::Alert::Overdue,
        })
        .collect()
}
