//! Which pages the site has, and the data each one gets: index, one page per rep and per
//! source, offers, junk leads and data quality, definitions, the archive; or all of it in one
//! self-contained page.

use foldhash::HashMap;

use anyhow::Result;
use serde::Serialize;
use tera::Context;

use super::format::{count, count_usize, minute};
use super::offers::{offers_view, trend_charts};
use super::slug::unique_slugs;
use super::views::{conversion_figures, follow_up, group_table, headline_kpis, kpis, pending};
use crate::render::archive::ArchiveEntry;
use crate::render::columns::empty_follow_up_message;
use crate::render::settings::settings_rows;
use crate::report::Report;

/// How many data-quality findings a page lists; the rest are counted.
pub(crate) const MAX_FINDINGS_SHOWN: usize = 200;

/// One page to render: where it goes (relative to the site root), with which template.
pub(super) struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

#[derive(Serialize)]
struct NavItem {
    href: &'static str,
    label: &'static str,
    current: bool,
}

const NAV: [(&str, &str); 6] = [
    ("index.html", "Summary"),
    ("offers.html", "Offers"),
    ("grab-back.html", "Grab-back"),
    ("quality.html", "Junk leads & data quality"),
    ("definitions.html", "Definitions"),
    ("archive.html", "Archive"),
];

/// Page file names for reps and sources: `reps/<slug>.html`, `sources/<slug>.html`.
pub(super) struct Links {
    reps: HashMap<String, String>,
    sources: HashMap<String, String>,
    /// In a single file there are no other pages to link to.
    single: bool,
}

impl Links {
    pub(super) fn new(report: &Report, single: bool) -> Self {
        let paths = |folder: &str, names: Vec<&str>| {
            unique_slugs(names)
                .into_iter()
                .map(|(name, slug)| (name, format!("{folder}/{slug}.html")))
                .collect()
        };
        Self {
            reps: paths(
                "reps",
                report.reps.iter().map(|r| r.name.as_str()).collect(),
            ),
            sources: paths(
                "sources",
                report.sources.iter().map(|r| r.name.as_str()).collect(),
            ),
            single,
        }
    }

    pub(super) fn rep(&self, name: &str) -> String {
        if self.single {
            return String::new();
        }
        self.reps.get(name).cloned().unwrap_or_default()
    }

    pub(super) fn source(&self, name: &str) -> String {
        if self.single {
            return String::new();
        }
        self.sources.get(name).cloned().unwrap_or_default()
    }
}

/// The first `[site] rows-per-list` of `rows`, each made by `view`, and when some are left
/// out, the sentence that says how many there are and which sheet of the workbook holds them
/// all. Rows past the limit are counted, not made.
fn bounded<I: Iterator, T>(
    report: &Report,
    rows: I,
    sheet: &str,
    view: impl FnMut(I::Item) -> T,
) -> (Vec<T>, String) {
    let holder = format!("the {sheet} sheet of friday-{}.xlsx", report.as_of);
    bounded_in(report, rows, &holder, view)
}

/// `bounded` for a list that `holder` ("the JSON report") keeps in full.
fn bounded_in<I: Iterator, T>(
    report: &Report,
    mut rows: I,
    holder: &str,
    view: impl FnMut(I::Item) -> T,
) -> (Vec<T>, String) {
    let limit = match report.settings.rows_per_list {
        0 => usize::MAX,
        limit => limit,
    };
    let shown: Vec<T> = rows.by_ref().take(limit).map(view).collect();
    let left_out = rows.count();
    if left_out == 0 {
        return (shown, String::new());
    }
    let note = format!(
        "The first {} of {} rows; {holder} holds all of them.",
        count_usize(shown.len()),
        count_usize(shown.len() + left_out),
    );
    (shown, note)
}

/// The context every page shares; `root` leads from the page back to the site root.
fn common(report: &Report, title: &str, current: &str, root: &str, inline: bool) -> Context {
    let mut context = Context::new();
    context.insert("report_title", &format!("Friday report — {}", report.as_of));
    context.insert("title", title);
    context.insert("root", root);
    context.insert("inline", &inline);
    context.insert("measured_at", &minute(report.as_of_time));
    context.insert("timezone", &report.settings.timezone);
    context.insert("hot_rank", &report.settings.hot_rank);
    context.insert("inputs", &report.inputs.join(", "));
    // What the export cannot support, one sentence each, shown above the figures.
    context.insert("gaps", &report.coverage.gaps());
    let nav: Vec<NavItem> = NAV
        .iter()
        .map(|(href, label)| NavItem {
            href,
            label,
            current: *href == current,
        })
        .collect();
    context.insert("nav", &nav);
    context
}

#[derive(Serialize)]
struct RepAlerts<'a> {
    name: &'a str,
    href: String,
    overdue: String,
    stale: String,
    has_overdue: bool,
    has_stale: bool,
}

fn index_data(report: &Report, links: &Links, context: &mut Context, prefix: &str) -> Result<()> {
    context.insert("kpis", &headline_kpis(report));
    context.insert("touches", &report.coverage.sla());
    let alerts: Vec<RepAlerts<'_>> = report
        .reps
        .iter()
        .map(|rep| RepAlerts {
            name: &rep.name,
            href: links.rep(&rep.name),
            overdue: count(rep.overdue),
            stale: count(rep.stale),
            has_overdue: rep.overdue > 0,
            has_stale: rep.stale > 0,
        })
        .collect();
    context.insert("rep_alerts", &alerts);
    // Week over week compares overdue counts: nothing to compare without SLAs.
    let week = report
        .history
        .as_ref()
        .filter(|_| report.coverage.sla())
        .map(|h| super::week::view(h, report.coverage.ranks));
    context.insert("week", &week);
    let tables = vec![
        group_table("reps", "Reps".into(), "Rep", &report.reps, report, |n| {
            links.rep(n)
        }),
        group_table(
            "sources",
            "Sources".into(),
            &report.source_label,
            &report.sources,
            report,
            |n| links.source(n),
        ),
    ];
    context.insert("tables", &tables);
    context.insert("trend_charts", &trend_charts(report, prefix, false)?);
    Ok(())
}

fn offers_data(report: &Report, context: &mut Context, prefix: &str) -> Result<()> {
    let table = group_table(
        "offers-table",
        "Offers".into(),
        "Offer",
        &report.offers,
        report,
        |_| String::new(),
    );
    context.insert("offers_table", &table);
    context.insert("offers", &offers_view(report, prefix)?);
    context.insert("cohort_unit", &report.settings.cohort_unit);
    // Rank history from the snapshots: which offers' rank-7 leads came back.
    let comebacks: Vec<[String; 3]> = report
        .history
        .iter()
        .filter(|_| report.coverage.ranks)
        .flat_map(|h| &h.comebacks.by_offer)
        .map(|c| [c.offer.clone(), count(c.leads), count(c.converted)])
        .collect();
    context.insert("comebacks", &comebacks);
    Ok(())
}

#[derive(Serialize)]
struct Duplicate<'a> {
    by: &'a str,
    key: &'a str,
    lead_ids: String,
    companies: String,
}

fn quality_data(report: &Report, links: &Links, context: &mut Context) {
    #[derive(Serialize)]
    struct Junk<'a> {
        lead: &'a crate::report::JunkLead,
        owner_href: String,
    }
    let (junk, junk_more) = bounded(report, report.junk_leads.iter(), "Junk leads", |lead| {
        Junk {
            lead,
            owner_href: links.rep(&lead.lead.owner),
        }
    });
    context.insert("junk", &junk);
    context.insert("junk_more", &junk_more);
    context.insert("junk_count", &count_usize(report.junk_leads.len()));
    let (duplicates, duplicates_more) = bounded(
        report,
        report.duplicates.iter(),
        crate::render::xlsx::DATA_QUALITY,
        |d| Duplicate {
            by: &d.by,
            key: &d.key,
            lead_ids: d.lead_ids.join(", "),
            companies: d.companies.join(", "),
        },
    );
    context.insert("duplicates", &duplicates);
    context.insert("duplicates_more", &duplicates_more);
    let shown = report.findings.len().min(MAX_FINDINGS_SHOWN);
    let summary = match report.findings.len() {
        0 => "No data-quality findings.".to_string(),
        total if total > shown => format!(
            "{} findings; the first {} are listed (all are on the Data quality sheet).",
            count_usize(total),
            count_usize(shown)
        ),
        1 => "1 finding.".to_string(),
        total => format!("{} findings.", count_usize(total)),
    };
    context.insert("findings_summary", &summary);
    context.insert("findings", &report.findings[..shown]);
}

fn definitions_data(report: &Report, context: &mut Context) {
    #[derive(Serialize)]
    struct Setting {
        label: String,
        value: String,
    }
    context.insert("definitions", &report.definitions);
    let settings: Vec<Setting> = settings_rows(report)
        .into_iter()
        .map(|(label, value)| Setting { label, value })
        .collect();
    context.insert("settings", &settings);
}

#[derive(Serialize)]
struct CadenceLeadView<'a> {
    lead_id: &'a str,
    offer: &'a str,
    steps: Vec<String>,
}

/// Every page of the site.
///
/// # Errors
/// When a chart fails to draw.
pub(super) fn site_pages(
    report: &Report,
    archive: &[ArchiveEntry],
    emit: &mut dyn FnMut(Page) -> Result<()>,
) -> Result<()> {
    let links = Links::new(report, false);
    let title = format!("Friday report — {}", report.as_of);

    let mut context = common(report, &title, "index.html", "", false);
    index_data(report, &links, &mut context, "")?;
    context.insert("empty_follow_up", empty_follow_up_message(&report.coverage));
    emit(Page {
        path: "index.html".into(),
        template: "index.html",
        context,
    })?;

    // Rep and source pages take their share of the follow-up list; each formats the rows it
    // shows.
    let owner_href = |n: &str| links.rep(n);
    for rep in &report.reps {
        let mut context = common(report, &format!("{} — {title}", rep.name), "", "../", false);
        context.insert("name", &rep.name);
        context.insert("kpis", &kpis(report, rep, true));
        let (list, more) = bounded(
            report,
            pending(report, true).filter(|l| l.lead().owner == rep.name),
            "Follow-ups",
            |l| follow_up(l, &owner_href),
        );
        context.insert("follow_ups", &list);
        context.insert("follow_ups_more", &more);
        context.insert("show_rep", &false);
        context.insert("empty_follow_up", empty_follow_up_message(&report.coverage));
        context.insert(
            "cadence",
            &report.cadence.iter().find(|c| c.owner == rep.name),
        );
        let of_rep = || report.cadence_leads.iter().filter(|l| l.owner == rep.name);
        let (cadence_leads, cadence_more) = bounded_in(
            report,
            of_rep(),
            "the JSON report (friday report --json FILE)",
            |l| CadenceLeadView {
                lead_id: &l.lead_id,
                offer: &l.offer,
                steps: l
                    .steps
                    .iter()
                    .map(|s| format!("{}: {} (due {})", s.name, s.status, minute(s.due)))
                    .collect(),
            },
        );
        context.insert("cadence_leads", &cadence_leads);
        context.insert("cadence_more", &cadence_more);
        context.insert("cadence_count", &count_usize(of_rep().count()));
        context.insert("figures", &conversion_figures(report, rep));
        context.insert(
            "week",
            &report
                .history
                .as_ref()
                .and_then(|h| super::week::rep_row(h, &rep.name)),
        );
        emit(Page {
            path: links.rep(&rep.name),
            template: "rep.html",
            context,
        })?;
    }

    for source in &report.sources {
        let mut context = common(
            report,
            &format!("{} — {title}", source.name),
            "",
            "../",
            false,
        );
        context.insert("name", &source.name);
        context.insert("label", &report.source_label);
        context.insert("kpis", &kpis(report, source, false));
        let (list, more) = bounded(
            report,
            pending(report, true).filter(|l| l.lead().source == source.name),
            "Follow-ups",
            |l| follow_up(l, &owner_href),
        );
        context.insert("follow_ups", &list);
        context.insert("follow_ups_more", &more);
        context.insert("show_rep", &true);
        context.insert("empty_follow_up", empty_follow_up_message(&report.coverage));
        context.insert("figures", &conversion_figures(report, source));
        emit(Page {
            path: links.source(&source.name),
            template: "source.html",
            context,
        })?;
    }

    let mut context = common(
        report,
        &format!("Offers — {title}"),
        "offers.html",
        "",
        false,
    );
    offers_data(report, &mut context, "")?;
    emit(Page {
        path: "offers.html".into(),
        template: "offers.html",
        context,
    })?;

    let mut context = common(
        report,
        &format!("Grab-back — {title}"),
        "grab-back.html",
        "",
        false,
    );
    context.insert(
        "grab_back",
        &super::grab_back::view(report, |n| links.rep(n)),
    );
    emit(Page {
        path: "grab-back.html".into(),
        template: "grab-back.html",
        context,
    })?;

    let mut context = common(
        report,
        &format!("Junk leads and data quality — {title}"),
        "quality.html",
        "",
        false,
    );
    quality_data(report, &links, &mut context);
    emit(Page {
        path: "quality.html".into(),
        template: "quality.html",
        context,
    })?;

    let mut context = common(
        report,
        &format!("Definitions — {title}"),
        "definitions.html",
        "",
        false,
    );
    definitions_data(report, &mut context);
    emit(Page {
        path: "definitions.html".into(),
        template: "definitions.html",
        context,
    })?;

    let mut context = common(
        report,
        &format!("Archive — {title}"),
        "archive.html",
        "",
        false,
    );
    context.insert("archive", archive);
    emit(Page {
        path: "archive.html".into(),
        template: "archive.html",
        context,
    })?;
    Ok(())
}

/// The one self-contained page: summary, the red list by rep, offers, quality, definitions.
///
/// # Errors
/// When a chart fails to draw.
pub(super) fn single_page(report: &Report) -> Result<Page> {
    let links = Links::new(report, true);
    let title = format!("Friday report — {}", report.as_of);
    let mut context = common(report, &title, "", "", true);
    index_data(report, &links, &mut context, "summary-")?;
    offers_data(report, &mut context, "offers-")?;
    quality_data(report, &links, &mut context);
    definitions_data(report, &mut context);
    let (list, more) = bounded(report, pending(report, false), "Follow-ups", |l| {
        follow_up(l, &|_: &str| String::new())
    });
    context.insert("follow_ups", &list);
    context.insert("follow_ups_more", &more);
    context.insert("show_rep", &true);
    context.insert("empty_follow_up", empty_follow_up_message(&report.coverage));
    Ok(Page {
        path: String::new(),
        template: "single.html",
        context,
    })
}
