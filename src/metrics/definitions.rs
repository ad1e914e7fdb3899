//! The definition of each metric, in words, as printed on the Definitions sheet and page.

use super::Context;
use crate::config::{CohortUnit, DealOwner, SlaClock};
use crate::report::Definition;

/// Definitions of every metric in the report, with the configured settings filled in.
#[must_use]
pub(crate) fn definitions(cx: &Context<'_>) -> Vec<Definition> {
    let config = cx.config;
    let clock = match config.sla.clock {
        SlaClock::WorkingDays => format!(
            "hours on the working-days clock: time runs around the clock on working days and stops on days off and holidays ({}), so 24 h from Friday 16:00 is Monday 16:00",
            cx.clock.describe_days()
        ),
        SlaClock::Business => format!(
            "business hours: only the hours inside the working window count ({})",
            cx.clock.describe()
        ),
        SlaClock::Calendar => "calendar hours: every hour counts".to_string(),
    };
    let window = match config.follow_up.window_days {
        0 => "every lead, however old".to_string(),
        days => format!("leads created within {days} days before the as-of instant"),
    };
    let older = match config.follow_up.window_days {
        0 => "There is no window ([follow-up] window-days = 0), so no lead is counted as older."
            .to_string(),
        days => format!(
            "Leads created more than {days} days before the as-of instant are not listed: per rep, those past their SLA and never touched are counted as \"older: never worked\" (and go on the grab-back list), those contacted and quiet for over {} days as \"older: gone quiet\".",
            config.follow_up.stale_days
        ),
    };
    let deals = match config.attribution.deals {
        DealOwner::DealOwner => {
            "under the opportunity's own owner (the lead's owner when it has none): [attribution] deals = \"deal-owner\""
        }
        DealOwner::LeadOwner => {
            "under the owner of the lead it came from (its own owner when it has no lead): [attribution] deals = \"lead-owner\""
        }
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
    let junk_rule = if config.junk.exclude {
        "Junk leads are left out of both the converted leads and the leads they are divided by."
    } else {
        "Junk leads are counted like any other lead ([junk] exclude = false)."
    };
    let junk_follow_up = if config.junk.exclude {
        "Junk leads are in none of these figures: they are counted in their own column."
    } else {
        "Junk leads are counted like any other lead ([junk] exclude = false)."
    };
    let as_of = "Ages and deadlines are measured at one instant, in the configured time zone: the moment of the run, or the date (23:59:59 of that day) or date and time given with --as-of; the instant used is printed on the Summary. Leads, activities and opportunities created after it are left out and named on the Data quality sheet; a deal's stage says whether it is won or lost, whatever its close date.";
    let gb = &config.grab_back;
    let cohort = match config.cohorts.by {
        CohortUnit::Week => "ISO week (Monday to Sunday)",
        CohortUnit::Month => "calendar month",
    };
    let items = [
        ("As of", as_of.to_string()),
        ("Leads", "Rows of the leads table(s), counted under the lead's owner (rep), source and offer.".to_string()),
        ("Touch", "An activity (call, email, meeting, event, task) on the lead, dated at or after the lead was created and not after the as-of instant. Without an activities table, the lead's own first/last touch columns.".to_string()),
        ("Contacted", format!("Leads with at least one touch. Never contacted = leads - contacted; contacted rate = contacted / leads. {junk_follow_up}")),
        ("SLA", format!("Time a lead may wait for its first touch: {sla}, counted in {clock}. The deadline is the instant that much time has passed after creation.")),
        ("Contacted in SLA / late", "Contacted leads whose first touch came by / after the SLA deadline.".to_string()),
        ("Follow-up window", format!("The red and amber lists hold {window}. {older}")),
        ("Overdue", format!("A lead in the window with no touch whose SLA deadline has passed at the as-of instant, and which is neither junk, nor converted, nor won or lost, nor at rank {} or worse (those are marketing's: see Grab-back). Overdue leads are the red rows of the Follow-ups sheet, within each rep best rank first (unranked last), then the longest overdue; a hot lead, at rank {} or better, is red across the whole row.", gb.rank, config.follow_up.hot_rank)),
        ("Pending", "A lead with no touch whose SLA deadline is still ahead.".to_string()),
        ("Stale", format!("A contacted lead in the window, not junk, not converted, not won or lost, below rank {}, whose last touch is more than {} days before the as-of instant: an amber cell.", gb.rank, config.follow_up.stale_days)),
        ("Missing info", format!("A cell a rep should have filled, red on the Follow-ups sheet and counted per rep: on a lead in the window ({window}), a rank once it has been touched and is open (when the export has ranks), and a logged touch once it is converted, won or lost in the CRM (such a lead is never overdue); on an open opportunity, an amount and an expected close date that has not passed (each when the export has the column).")),
        ("Hours to first touch", format!("First touch - created, in calendar hours and in business hours ({}), over leads touched at or after creation, junk left out; median and 90th percentile (linear interpolation between ranks).", cx.clock.describe())),
        ("Junk lead", "A lead that looks fake (\"mickey mouse\"): a known fake name, a test word, a keyboard mash, repeated characters, a malformed or disposable email, an impossible phone, or a placeholder company; the first reason found is shown. A rep is not blamed for junk: it is never overdue or stale.".to_string()),
        ("Converted", "A lead that became an opportunity: an opportunity refers to the lead's id, or the lead is marked converted, has a converted date, or carries a deal stage or a won date.".to_string()),
        ("Conversion", format!("Converted leads / leads, per rep (lead owner), source, offer and cohort, with a 95% Wilson interval. {junk_rule}")),
        ("Cohort", format!("The {cohort} a lead was created in (a deal without a lead: the {cohort} the deal was created in). A cohort is immature while it ended fewer than {} days before as-of: its leads have not had time to convert.", config.cohorts.mature_days)),
        ("Opportunities", format!("Rows of the opportunities table (or, without one, leads that carry a deal stage or a won date), counted {deals}, and under its lead's source, offer and cohort (the opportunity's own when it has no lead).")),
        ("Won / lost", format!("An opportunity whose stage or status matches a won value ({}) or a lost value ({}), as whole words, ignoring case; a won date alone also means won. Other opportunities are open.", config.stages.won.join(", "), config.stages.lost.join(", "))),
        ("Close rate", "Won / (won + lost): open opportunities are not counted. With a 95% Wilson interval.".to_string()),
        ("Win rate", "Won / all opportunities, open ones included: a different number from the close rate, never mixed with it.".to_string()),
        ("Days to win", "Median days from creation (the lead's, else the opportunity's) to the close date (else the won date) of won opportunities; a won deal dated before its lead was created is left out and named on the Data quality sheet.".to_string()),
        ("Won amount", "Sum of the amounts of won opportunities.".to_string()),
        ("Time to close", "Kaplan-Meier estimate of the days from creation to a won deal, per offer: open deals are censored at the as-of instant and lost deals at their close date. The median is the first day the curve reaches 50%.".to_string()),
        ("Offer comparison", "Conversion and close rate of two offers compared with Fisher's exact test when any expected count of the 2x2 table is below 5, otherwise the pooled two-proportion z-test; two-sided p-values.".to_string()),
        ("Cadence", format!("Per offer, steps due after creation (or before a trial ends, {} days after creation); hour steps (\"24h\") count on the SLA clock, day steps (\"day 5\", \"-2d\") are calendar days. Each step is met by the earliest unused activity of its channel after the previous step's due time; on time when by the due time plus {} h grace, late after, missed when none came and the due time has passed. Junk and closed leads are not counted.", config.cadence.trial_days, config.cadence.grace_hours)),
        ("Duplicates", "Leads sharing a lead id, or different lead ids sharing an email address (trimmed, any case). Companies are compared without case, punctuation or legal suffixes, with the [companies] aliases applied.".to_string()),
        ("Rank", "The 1-7 rank of open, non-junk leads (1: a great prospect; 7: unlikely to close within eight months).".to_string()),
        ("Grab-back", format!("Leads marketing takes back to nurture, each with its reason: not junk, not won, and either at rank {} or worse with no touch for {} days and created before them (lost deals and leads closed as not converted included), or never worked and created before the follow-up window.", gb.rank, gb.days)),
    ];
    items
        .into_iter()
        .map(|(name, text)| Definition {
            name: name.to_string(),
            text,
        })
        .collect()
}
