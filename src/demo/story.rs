//! The demo's story: who the leads are, which rep follows them up how fast, which ones buy.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::DemoOptions;
use super::names;
use super::offer::{OFFERS, Offer};
use super::people::{Person, fake_person, real_person};
use super::rng::SplitMix64;

/// Days of history before `as_of` (26 weeks).
const HISTORY_DAYS: i64 = 182;

/// How a rep works: chance of any follow-up, of each later cadence step, how late, how well.
struct Diligence {
    /// Probability that a lead gets a first touch at all.
    touch: f64,
    /// Probability that each later cadence step is done.
    step: f64,
    /// Range of the factor applied to each step's due offset (below 1 is early).
    late: (f64, f64),
    /// Factor on the offer's conversion rate.
    convert: f64,
}

const fn rep(touch: f64, step: f64, late_from: f64, late_to: f64, convert: f64) -> Diligence {
    Diligence {
        touch,
        step,
        late: (late_from, late_to),
        convert,
    }
}

/// Diligence of each rep in `names::REPS`: two fast, six in between, two sloppy.
#[rustfmt::skip]
const REP_DILIGENCE: [Diligence; 10] = [
    //  touch  step  late from-to  convert
    rep(0.98, 0.95, 0.25, 0.85, 1.25), // Dana Whitfield: fast and thorough
    rep(0.97, 0.92, 0.30, 0.90, 1.20), // Priya Raman: fast and thorough
    rep(0.90, 0.75, 0.50, 1.40, 1.00),
    rep(0.86, 0.70, 0.50, 1.50, 1.00),
    rep(0.88, 0.72, 0.45, 1.60, 1.00),
    rep(0.84, 0.65, 0.60, 1.60, 0.95),
    rep(0.82, 0.68, 0.50, 1.70, 0.95),
    rep(0.87, 0.70, 0.50, 1.50, 1.00),
    rep(0.50, 0.35, 1.30, 5.00, 0.80), // Tom Brennan: sloppy
    rep(0.45, 0.30, 1.50, 6.00, 0.75), // Kevin Hale: sloppy
];

/// A lead, in id order (sorted by creation time).
pub(crate) struct Lead {
    pub(crate) created: NaiveDateTime,
    pub(crate) offer: Offer,
    pub(crate) source: &'static str,
    /// Index into `names::REPS`.
    pub(crate) owner: usize,
    pub(crate) fake: bool,
    pub(crate) person: Person,
    pub(crate) status: &'static str,
    pub(crate) rank: String,
}

/// A logged call, e-mail or meeting.
pub(crate) struct Touch {
    pub(crate) at: NaiveDateTime,
    /// Index into `Story::leads`.
    pub(crate) lead: usize,
    pub(crate) owner: usize,
    pub(crate) kind: &'static str,
}

/// An opportunity a lead became.
pub(crate) struct Opportunity {
    pub(crate) lead: usize,
    pub(crate) owner: usize,
    pub(crate) created: NaiveDateTime,
    pub(crate) stage: &'static str,
    pub(crate) closed: Option<NaiveDate>,
    pub(crate) amount: f64,
}

/// The whole generated history, in id order.
pub(crate) struct Story {
    pub(crate) leads: Vec<Lead>,
    pub(crate) touches: Vec<Touch>,
    pub(crate) opportunities: Vec<Opportunity>,
}

impl Story {
    /// Draws the whole history from `opts`; every timestamp is before `as_of` starts.
    pub(crate) fn tell(opts: &DemoOptions) -> Story {
        let mut rng = SplitMix64::new(opts.seed);
        let as_of = opts.as_of;
        let cutoff = as_of.and_time(NaiveTime::MIN);

        let mut leads = draft_leads(&mut rng, opts.leads, as_of);
        let mut people: Vec<Person> = Vec::new();
        let mut touches = Vec::new();
        let mut opportunities = Vec::new();

        for (index, lead) in leads.iter_mut().enumerate() {
            lead.person = if lead.fake {
                fake_person(&mut rng)
            } else if !people.is_empty() && rng.chance(0.03) {
                // The same person fills in a second form.
                rng.pick(&people).clone()
            } else {
                let person = real_person(&mut rng);
                people.push(person.clone());
                person
            };

            let mut lead_touches = follow_up(&mut rng, lead, index, cutoff);
            let first_touch = lead_touches.first().map(|t| t.at);
            let opp = opportunity(&mut rng, lead, index, first_touch, as_of);
            if let Some(opp) = &opp {
                lead_touches.extend(deal_touches(&mut rng, opp, index, cutoff));
            }
            let (status, rank) = status_and_rank(&mut rng, lead, first_touch, opp.as_ref(), as_of);
            lead.status = status;
            lead.rank = rank_text(&mut rng, rank);
            touches.extend(lead_touches);
            opportunities.extend(opp);
        }

        touches.sort_by_key(|t| (t.at, t.lead));
        opportunities.sort_by_key(|o| (o.created, o.lead));
        Story {
            leads,
            touches,
            opportunities,
        }
    }
}

/// Offer, source, owner, fakeness and creation time of every lead, sorted by creation time.
fn draft_leads(rng: &mut SplitMix64, count: usize, as_of: NaiveDate) -> Vec<Lead> {
    // Four trade shows; their leads are typed in one or two days after the show.
    let shows: Vec<NaiveDate> = [(150, 175), (100, 125), (55, 75), (12, 25)]
        .iter()
        .map(|&(lo, hi)| weekday_on_or_after(as_of - Duration::days(rng.range(lo, hi))))
        .collect();
    // A few leads are forced into the last four days so the report has fresh, not-yet-due ones.
    let fresh = count.min(3.max(count / 100));

    let mut leads: Vec<Lead> = (0..count)
        .map(|i| {
            let offer = *rng.weighted(&OFFERS);
            let source = *rng.weighted(offer.sources());
            let created = if i >= fresh && source == "Trade Show" {
                let show = *rng.pick(&shows);
                let day = weekday_on_or_after(show + Duration::days(rng.range(1, 2)));
                day.and_time(NaiveTime::MIN) + Duration::minutes(rng.range(10 * 60, 10 * 60 + 25))
            } else {
                created_at(rng, as_of, if i < fresh { 4 } else { HISTORY_DAYS })
            };
            Lead {
                created,
                offer,
                source,
                owner: rng.index(names::REPS.len()),
                fake: rng.chance(offer.fake_rate()),
                person: Person::default(),
                status: "",
                rank: String::new(),
            }
        })
        .collect();
    leads.sort_by_key(|l| l.created);
    leads
}

/// A creation time within `max_back` days before `as_of`: mostly weekdays in business hours,
/// more recent days a little busier, a few at night or on weekends.
fn created_at(rng: &mut SplitMix64, as_of: NaiveDate, max_back: i64) -> NaiveDateTime {
    loop {
        let back = 1 + whole(rng.unit().powf(1.2) * f64_from(max_back));
        let day = as_of - Duration::days(back);
        let weekend = is_weekend(day);
        if weekend && !rng.chance(0.12) {
            continue;
        }
        let minute = if weekend || rng.chance(0.06) {
            // Any time from 19:00 to 07:59.
            (rng.range(19 * 60, 31 * 60 - 1)) % (24 * 60)
        } else {
            // 08:00 to 18:59, peaking around mid-day.
            let (a, b) = (rng.unit(), rng.unit());
            8 * 60 + whole(f64::midpoint(a, b) * 660.0)
        };
        return day.and_time(NaiveTime::MIN) + Duration::minutes(minute);
    }
}

/// The cadence steps the lead's owner actually did before `cutoff`.
fn follow_up(rng: &mut SplitMix64, lead: &Lead, index: usize, cutoff: NaiveDateTime) -> Vec<Touch> {
    let rep = &REP_DILIGENCE[lead.owner];
    let mut chance = rep.touch;
    if lead.source == "Trade Show" {
        // Badge scans pile up: only the diligent reps work through them.
        chance = chance.powi(3);
    }
    if lead.fake {
        chance *= 0.15;
    }
    if !rng.chance(chance) {
        return Vec::new();
    }
    let late = rng.uniform(rep.late.0, rep.late.1);
    let mut touches = Vec::new();
    let mut previous = lead.created;
    for (step, &(kind, hours)) in lead.offer.cadence().iter().enumerate() {
        if step > 0 && (lead.fake || !rng.chance(rep.step)) {
            continue;
        }
        let minutes = whole(hours * 60.0 * late * rng.uniform(0.9, 1.1)).max(15);
        let due = (lead.created + Duration::minutes(minutes)).max(previous + Duration::hours(2));
        let at = business_time(rng, due);
        if at >= cutoff {
            break;
        }
        touches.push(Touch {
            at,
            lead: index,
            owner: usually(rng, lead.owner),
            kind,
        });
        previous = at;
    }
    touches
}

/// The opportunity a touched real lead becomes, if it does, 1–20 days after creation.
fn opportunity(
    rng: &mut SplitMix64,
    lead: &Lead,
    index: usize,
    first_touch: Option<NaiveDateTime>,
    as_of: NaiveDate,
) -> Option<Opportunity> {
    let first_touch = first_touch?;
    if lead.fake || !rng.chance(lead.offer.conversion() * REP_DILIGENCE[lead.owner].convert) {
        return None;
    }
    let days = 1 + whole(rng.unit().powf(1.6) * 20.0);
    let day = lead.created.date() + Duration::days(days);
    let minute = rng.range(9 * 60, 17 * 60);
    let mut created = business_time(
        rng,
        day.and_time(NaiveTime::MIN) + Duration::minutes(minute),
    );
    if created <= first_touch {
        let delay = Duration::minutes(rng.range(30, 240));
        created = business_time(rng, first_touch + delay);
    }
    let age = (created.date() - lead.created.date()).num_days();
    if !(1..=20).contains(&age) || created.date() >= as_of {
        return None;
    }

    let won = rng.chance(lead.offer.win_rate());
    let cycle = if lead.offer == Offer::Trial {
        rng.range(14, 50)
    } else {
        rng.range(21, 95)
    };
    let cycle = if won {
        cycle
    } else {
        whole(f64_from(cycle) * rng.uniform(0.4, 1.0)).max(7)
    };
    let close = created.date() + Duration::days(cycle);
    let (stage, closed) = if close < as_of {
        (if won { "Closed Won" } else { "Closed Lost" }, Some(close))
    } else {
        let progress = f64_from((as_of - created.date()).num_days()) / f64_from(cycle);
        let stage = if progress < 0.35 {
            "Qualification"
        } else if progress < 0.7 {
            "Proposal"
        } else {
            "Negotiation"
        };
        (stage, None)
    };
    let amount = 5_000.0 + 75_000.0 * rng.unit().powi(2);
    Some(Opportunity {
        lead: index,
        owner: usually(rng, lead.owner),
        created,
        stage,
        closed,
        amount: (amount / 100.0).round() * 100.0,
    })
}

/// A meeting after an opportunity opens and an e-mail after the meeting, if they happened.
fn deal_touches(
    rng: &mut SplitMix64,
    opp: &Opportunity,
    index: usize,
    cutoff: NaiveDateTime,
) -> Vec<Touch> {
    let end = opp
        .closed
        .map_or(cutoff, |d| (d + Duration::days(1)).and_time(NaiveTime::MIN))
        .min(cutoff);
    let delay = Duration::hours(rng.range(20, 120));
    let meeting = business_time(rng, opp.created + delay);
    let delay = Duration::hours(rng.range(24, 96));
    let email = business_time(rng, meeting + delay);
    [("Meeting", meeting), ("Email", email)]
        .into_iter()
        .filter(|&(_, at)| at < end)
        .map(|(kind, at)| Touch {
            at,
            lead: index,
            owner: usually(rng, opp.owner),
            kind,
        })
        .collect()
}

/// Lead Status and numeric rank (1 hot … 7 inactive) consistent with what happened.
fn status_and_rank(
    rng: &mut SplitMix64,
    lead: &Lead,
    first_touch: Option<NaiveDateTime>,
    opp: Option<&Opportunity>,
    as_of: NaiveDate,
) -> (&'static str, i64) {
    let age = (as_of - lead.created.date()).num_days();
    if let Some(opp) = opp {
        let rank = match opp.stage {
            "Closed Won" => 1,
            "Closed Lost" => rng.range(3, 5),
            _ => rng.range(1, 2),
        };
        return ("Qualified", rank);
    }
    match (lead.fake, first_touch.is_some()) {
        (true, true) => ("Unqualified", 7),
        (true, false) => ("New", 7),
        (false, false) if age > 60 && rng.chance(0.1) => ("Nurturing", 7),
        (false, false) => ("New", if age > 45 { 7 } else { rng.range(2, 5) }),
        (false, true) if age < 21 => ("Working", rng.range(2, 4)),
        (false, true) => {
            match *rng.weighted(&[("Working", 0.3), ("Nurturing", 0.5), ("Unqualified", 0.2)]) {
                "Working" => ("Working", rng.range(2, 4)),
                "Nurturing" => ("Nurturing", rng.range(5, 7)),
                _ => ("Unqualified", rng.range(6, 7)),
            }
        }
    }
}

/// The rank as typed: mostly "3", sometimes "#3", rank 7 often "7 - Inactive".
fn rank_text(rng: &mut SplitMix64, rank: i64) -> String {
    if rank == 7 && rng.chance(0.4) {
        "7 - Inactive".to_owned()
    } else if rng.chance(0.1) {
        format!("#{rank}")
    } else {
        rank.to_string()
    }
}

/// The rep who logs something for a lead: its owner, now and then a colleague covering.
fn usually(rng: &mut SplitMix64, owner: usize) -> usize {
    if rng.chance(0.92) {
        owner
    } else {
        (owner + 1 + rng.index(names::REPS.len() - 1)) % names::REPS.len()
    }
}

/// `t` if it is in business hours (08:00–17:59 on a weekday), else a time early the next
/// business morning; truncated to the minute.
fn business_time(rng: &mut SplitMix64, t: NaiveDateTime) -> NaiveDateTime {
    let t = t
        .with_second(0)
        .unwrap_or(t)
        .with_nanosecond(0)
        .unwrap_or(t);
    let hour = t.hour();
    if (8..18).contains(&hour) && !is_weekend(t.date()) {
        return t;
    }
    let mut day = t.date();
    if hour >= 18 || is_weekend(day) {
        day += Duration::days(1);
    }
    day = weekday_on_or_after(day);
    day.and_time(NaiveTime::MIN) + Duration::minutes(rng.range(8 * 60 + 20, 10 * 60 + 30))
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekday_on_or_after(mut day: NaiveDate) -> NaiveDate {
    while is_weekend(day) {
        day += Duration::days(1);
    }
    day
}

/// The whole part of a small non-negative float.
#[allow(clippy::cast_possible_truncation)]
fn whole(x: f64) -> i64 {
    x.floor() as i64
}

/// A small integer as a float.
#[allow(clippy::cast_precision_loss)]
fn f64_from(n: i64) -> f64 {
    n as f64
}
