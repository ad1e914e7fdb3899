//! The definition of each metric, in words, as printed on the Definitions sheet and page.

use super::Context;
use crate::config::{CohortUnit, SlaClock};
use crate::report::Definition;

/// Definitions of every metric in the report, with the configured settings filled in.
#[must_use]
pub fn definitions(cx: &Context<'_>) -> Vec<Definition> {
    let config = cx.config;
    let clock = match config.sla.clock {
        SlaClock::Business => format!("business hours ({})", cx.clock.describe()),
        SlaClock::Calendar => "calendar hours".to_string(),
    };
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
    let junk_rule = if config.junk.exclude_from_conversion {
        "Junk leads are left out of both the converted leads and the leads they are divided by."
    } else {
        "Junk leads are counted like any other lead."
    };
    let cohort = match config.cohorts.by {
        CohortUnit::Week => "ISO week (Monday to Sunday)",
        CohortUnit::Month => "calendar month",
    };
    let items = [
        ("As of", "Ages and deadlines are measured at 23:59:59 of the as-of date in the configured time zone. Leads, activities and opportunities created after that instant are left out; a deal's stage says whether it is won or lost, whatever its close date.".to_string()),
        ("Leads", "Rows of the leads table(s), counted under the lead's owner (rep), source and offer.".to_string()),
        ("Touch", "An activity (call, email, meeting, event, task) on the lead, dated at or after the lead was created and not after the as-of instant. Without an activities table, the lead's own first/last touch columns.".to_string()),
        ("Contacted", "Leads with at least one touch. Never contacted = leads - contacted.".to_string()),
        ("SLA", format!("Time a lead may wait for its first touch: {sla}, counted in {clock}. The deadline is the instant that much time has passed after creation.")),
        ("Contacted in SLA / late", "Contacted leads whose first touch came by / after the SLA deadline.".to_string()),
        ("Overdue", "A lead with no touch whose SLA deadline has passed at the as-of instant, and which is neither junk, nor converted, nor won or lost. Overdue leads are the red cells of the Follow-ups sheet.".to_string()),
        ("Pending", "A lead with no touch whose SLA deadline is still ahead.".to_string()),
        ("Stale", format!("A contacted lead, not junk, not converted, not won or lost, whose last touch is more than {} days before the as-of instant: an amber cell.", config.follow_up.stale_days)),
        ("Hours to first touch", format!("First touch - created, in calendar hours and in business hours ({}), over leads touched at or after creation; median and 90th percentile (linear interpolation between ranks).", cx.clock.describe())),
        ("Junk lead", "A lead that looks fake (\"mickey mouse\"): a known fake name, a test word, a keyboard mash, repeated characters, a malformed or disposable email, an impossible phone, or a placeholder company; the first reason found is shown. Junk leads are never overdue.".to_string()),
        ("Converted", "A lead that became an opportunity: an opportunity refers to the lead's id, or the lead is marked converted, has a converted date, or carries a deal stage or a won date.".to_string()),
        ("Conversion", format!("Converted leads / leads, per rep (lead owner), source, offer and cohort, with a 95% Wilson interval. {junk_rule}")),
        ("Cohort", format!("The {cohort} a lead was created in (a deal without a lead: the {cohort} the deal was created in). A cohort is immature while it ended fewer than {} days before as-of: its leads have not had time to convert.", config.cohorts.mature_days)),
        ("Opportunities", "Rows of the opportunities table (or, without one, leads that carry a deal stage or a won date), counted under the opportunity's owner (the lead's owner when empty) and under its lead's source, offer and cohort (the opportunity's own when it has no lead).".to_string()),
        ("Won / lost", format!("An opportunity whose stage or status matches a won value ({}) or a lost value ({}), as whole words, ignoring case; a won date alone also means won. Other opportunities are open.", config.stages.won.join(", "), config.stages.lost.join(", "))),
        ("Close rate", "Won / (won + lost): open opportunities are not counted. With a 95% Wilson interval.".to_string()),
        ("Win rate", "Won / all opportunities, open ones included: a different number from the close rate, never mixed with it.".to_string()),
        ("Days to win", "Median days from creation (the lead's, else the opportunity's) to the close date (else the won date) of won opportunities.".to_string()),
        ("Won amount", "Sum of the amounts of won opportunities.".to_string()),
        ("Time to close", "Kaplan-Meier estimate of the days from creation to a won deal, per offer: open deals are censored at the as-of instant and lost deals at their close date. The median is the first day the curve reaches 50%.".to_string()),
        ("Offer comparison", "Conversion and close rate of two offers compared with Fisher's exact test when any expected count of the 2x2 table is below 5, otherwise the pooled two-proportion z-test; two-sided p-values.".to_string()),
        ("Cadence", format!("Per offer, steps due after creation (or before a trial ends, {} days after creation). Each step is met by the earliest unused activity of its channel after the previous step's due time; on time when by the due time plus {} h grace, late after, missed when none came and the due time has passed. Junk and closed leads are not counted.", config.cadence.trial_days, config.cadence.grace_hours)),
        ("Duplicates", "Leads sharing a lead id, or different lead ids sharing an email address (trimmed, any case). Companies are compared without case, punctuation or legal suffixes, with the [companies] aliases applied.".to_string()),
        ("Rank", "The 1-7 rank of open, non-junk leads (7: unlikely to close within eight months).".to_string()),
        ("Grab-back", format!("Open, non-junk leads at rank {} or worse with no touch for {} days (never touched: since creation): marketing takes them back to nurture.", config.grab_back.rank, config.grab_back.days)),
    ];
    items
        .into_iter()
        .map(|(name, text)| Definition {
            name: name.to_string(),
            text,
        })
        .collect()
}
