//! The Grab-back page, for marketing: the leads sales has let go, grouped by reason, and how
//! many each rep let go for each reason.

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use super::format::{count, minute};
use crate::render::xlsx::linkable_email;
use crate::report::{GrabBackLead, Report, duration};

/// One lead to take back.
#[derive(Serialize)]
pub(super) struct Row<'a> {
    pub lead: &'a GrabBackLead,
    pub owner_href: String,
    pub mailto: bool,
    pub rank: String,
    pub last_touch: String,
    pub quiet: String,
    pub quiet_sort: String,
}

/// The leads of one reason.
#[derive(Serialize)]
pub(super) struct Reason<'a> {
    pub reason: &'a str,
    pub count: String,
    pub rows: Vec<Row<'a>>,
    /// When `[site] rows-per-list` leaves rows out: how many, and where they all are.
    pub more: String,
}

/// One rep's count per reason, in the order of `reasons`, and their total.
#[derive(Serialize)]
pub(super) struct RepCounts<'a> {
    pub name: &'a str,
    pub href: String,
    pub counts: Vec<String>,
    pub total: String,
}

#[derive(Serialize)]
pub(super) struct View<'a> {
    pub reasons: Vec<Reason<'a>>,
    pub reps: Vec<RepCounts<'a>>,
    pub total: String,
}

/// The page's content, in the Report's order (the rank reason first); `None` when the
/// export has no ranks (the page then says why).
pub(super) fn view(report: &Report, owner_href: impl Fn(&str) -> String) -> Option<View<'_>> {
    if !report.coverage.ranks {
        return None;
    }
    // Every lead is counted (by reason, and by rep and reason); each reason's list shows
    // the first rows-per-list, and only those are formatted.
    let limit = match report.settings.rows_per_list {
        0 => usize::MAX,
        limit => limit,
    };
    let mut reasons: Vec<Reason<'_>> = Vec::new();
    let mut totals: Vec<u64> = Vec::new();
    let mut by_rep: HashMap<(&str, usize), u64> = HashMap::new();
    for lead in &report.grab_back {
        let k = match reasons.iter().position(|r| r.reason == lead.reason) {
            Some(k) => k,
            None => {
                reasons.push(Reason {
                    reason: &lead.reason,
                    count: String::new(),
                    rows: Vec::new(),
                    more: String::new(),
                });
                totals.push(0);
                reasons.len() - 1
            }
        };
        totals[k] += 1;
        *by_rep.entry((lead.lead.owner.as_str(), k)).or_default() += 1;
        if reasons[k].rows.len() < limit {
            reasons[k].rows.push(Row {
                lead,
                owner_href: owner_href(&lead.lead.owner),
                mailto: linkable_email(&lead.lead.email),
                rank: lead.rank.map(|r| r.to_string()).unwrap_or_default(),
                last_touch: lead
                    .last_touch_at
                    .map_or_else(|| "never".to_string(), minute),
                quiet: duration(lead.days_quiet * 24.0),
                quiet_sort: lead.days_quiet.to_string(),
            });
        }
    }
    for (reason, &total) in reasons.iter_mut().zip(&totals) {
        reason.count = count(total);
        if reason.rows.len() < usize::try_from(total).unwrap_or(usize::MAX) {
            reason.more = format!(
                "The first {} of {}; the Grab-back sheet of friday-{}.xlsx holds all of them.",
                count(reason.rows.len() as u64),
                reason.count,
                report.as_of
            );
        }
    }
    // Reps in the Report's order, those with a lead to take back.
    let reps = report
        .reps
        .iter()
        .filter_map(|rep| {
            let counts: Vec<u64> = (0..reasons.len())
                .map(|k| by_rep.get(&(rep.name.as_str(), k)).copied().unwrap_or(0))
                .collect();
            let total: u64 = counts.iter().sum();
            (total > 0).then(|| RepCounts {
                name: &rep.name,
                href: owner_href(&rep.name),
                counts: counts.into_iter().map(count).collect(),
                total: count(total),
            })
        })
        .collect();
    Some(View {
        reps,
        total: count(report.grab_back.len() as u64),
        reasons,
    })
}
