//! The definition of each metric, in words, as printed on the Definitions sheet and page.

use crate::config::Config;
use crate::report::Definition;

/// Definitions of every metric in the report, with the configured SLAs filled in.
#[must_use]
pub fn definitions(config: &Config) -> Vec<Definition> {
    let offer_slas: Vec<String> = config
        .sla
        .offers
        .iter()
        .map(|(keyword, hours)| {
            format!(
                "{hours} h when the offer (or, without an offer, the source) contains \"{keyword}\""
            )
        })
        .collect();
    let sla = if offer_slas.is_empty() {
        format!("{} h for every lead", config.sla.default_hours)
    } else {
        format!(
            "{}; {} h otherwise",
            offer_slas.join("; "),
            config.sla.default_hours
        )
    };
    let items = [
        ("As of", "Ages and deadlines are measured at 23:59:59 of the as-of date in the configured time zone. Leads, activities and opportunities dated after that instant are left out.".to_string()),
        ("Leads", "Rows of the leads table(s), counted under the lead's owner (rep) and source.".to_string()),
        ("Touch", "An activity (call, email, meeting, event, task) on the lead, dated at or after the lead was created and not after the as-of instant. Without an activities table, the lead's own first/last touch columns.".to_string()),
        ("Contacted", "Leads with at least one touch. Never contacted = leads - contacted.".to_string()),
        ("SLA", format!("Time a lead may wait for its first touch, in calendar hours: {sla}.")),
        ("Overdue", "A lead with no touch whose SLA has passed at the as-of instant, and which is neither converted nor won or lost. Overdue leads are the red cells of the Follow-ups sheet.".to_string()),
        ("Median hours to first touch", "Median of (first touch - created) in calendar hours over contacted leads with a known creation time.".to_string()),
        ("Converted", "Leads that became an opportunity: an opportunity refers to the lead's id, or the lead is marked converted, has a converted date, or carries a deal stage or a won date.".to_string()),
        ("Conversion", "Converted leads / leads, per rep (lead owner) and per source.".to_string()),
        ("Opportunities", "Rows of the opportunities table (or, without one, leads that carry a deal stage or a won date), counted under the opportunity's owner (the lead's owner when empty) and under its lead's source and offer (the opportunity's own when it has no lead).".to_string()),
        ("Won / lost", format!("An opportunity whose stage matches a won value ({}) or a lost value ({}), as whole words, ignoring case; a won date without a stage also means won. Other stages are open.", config.stages.won.join(", "), config.stages.lost.join(", "))),
        ("Close rate", "Won / (won + lost): open opportunities are not counted.".to_string()),
    ];
    items
        .into_iter()
        .map(|(name, text)| Definition {
            name: name.to_string(),
            text,
        })
        .collect()
}
