//! Follow-up cadence per offer (seed `001`): when each step of a lead's cadence is due, and
//! whether the lead's activities met it on time, late, or not at all.
//!
//! Pure: plain values in, plain values out; the time zone and the as-of instant are arguments.

use anyhow::{Result, bail};
use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::Serialize;

pub(crate) use crate::config::{CadenceConfig, StepConfig};

/// How a touch reached the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Channel {
    Call,
    Email,
    Meeting,
    Other,
    /// A step that an activity of any channel meets; [`channel_of`] never returns it.
    Any,
}

/// Channel of an activity from its type text ("Outbound Call", "Phone", "E-mail",
/// "Email sent", "Meeting", "Event", "Demo", "Task"...); None/unknown -> Other.
///
/// Words are compared ignoring case, hyphens ("E-mail") and other punctuation
/// ("INCOMING_EMAIL"); a call word wins over an email word, which wins over a meeting word.
#[must_use]
pub(crate) fn channel_of(activity_type: Option<&str>) -> Channel {
    const CALL: &[&str] = &[
        "call",
        "calls",
        "called",
        "calling",
        "callback",
        "phone",
        "phonecall",
        "telephone",
        "voicemail",
    ];
    const EMAIL: &[&str] = &["email", "emails", "emailed", "mail", "inmail"];
    const MEETING: &[&str] = &[
        "meeting",
        "meetings",
        "event",
        "events",
        "demo",
        "demos",
        "appointment",
        "visit",
        "lunch",
    ];
    let Some(text) = activity_type else {
        return Channel::Other;
    };
    let text = text.to_lowercase().replace('-', "");
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(CALL) {
        Channel::Call
    } else if has(EMAIL) {
        Channel::Email
    } else if has(MEETING) {
        Channel::Meeting
    } else {
        Channel::Other
    }
}

/// When a step is due, relative to its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Elapsed hours: the local time of day moves when daylight saving time starts or ends.
    Hours(i64),
    /// Calendar days at the anchor's local time of day.
    Days(i64),
}

/// The instant a step is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Created,
    TrialEnd,
}

/// One validated step of a cadence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Step {
    pub name: String,
    /// The channel an activity needs to meet this step; [`Channel::Any`] for any.
    pub channel: Channel,
    offset: At,
    anchor: Anchor,
    weekend_to_monday: bool,
}

/// Validated, parsed steps per offer keyword.
#[derive(Debug, Clone)]
pub(crate) struct Cadence {
    trial_days: u32,
    /// Lower-case keyword → steps, in keyword order (the first contained keyword wins).
    offers: Vec<(String, Vec<Step>)>,
}

impl Cadence {
    /// Parses and checks the `[cadence]` settings.
    ///
    /// # Errors
    /// Bad `at` text, unknown channel or anchor — messages name the offer and step; a
    /// blank offer keyword; a negative or non-finite `grace-hours`; a `trial-days` of 0.
    pub(crate) fn new(config: &CadenceConfig) -> Result<Cadence> {
        if !config.grace_hours.is_finite() || config.grace_hours < 0.0 {
            bail!(
                "[cadence]: grace-hours must be 0 or more, not {}",
                config.grace_hours
            );
        }
        if config.trial_days == 0 {
            bail!("[cadence]: trial-days must be 1 or more");
        }
        let mut offers = Vec::with_capacity(config.offers.len());
        for (keyword, steps) in &config.offers {
            if keyword.trim().is_empty() {
                bail!("[cadence.offers]: an offer keyword is blank; name a word of the offer");
            }
            let steps = steps
                .iter()
                .map(|step| parse_step(step).map_err(|e| error_at(keyword, step, &e)))
                .collect::<Result<Vec<_>>>()?;
            offers.push((keyword.to_lowercase(), steps));
        }
        Ok(Cadence {
            trial_days: config.trial_days,
            offers,
        })
    }

    /// The steps for a lead's offer (first keyword contained in the offer,
    /// case-insensitive), or none.
    #[must_use]
    pub(crate) fn steps_for(&self, offer: &str) -> &[Step] {
        let offer = offer.to_lowercase();
        self.offers
            .iter()
            .find(|(keyword, _)| offer.contains(keyword.as_str()))
            .map_or(&[], |(_, steps)| steps.as_slice())
    }

    /// Due instants of a lead's steps, in step order. `trial_end` overrides
    /// created + trial_days when the export has it.
    ///
    /// Hours are elapsed time; days keep the anchor's local time of day in `tz`, also
    /// across a change of daylight saving time. A local time that does not exist (the hour
    /// skipped in spring) is read with the offset before the skip, so it lands that much
    /// later; an ambiguous one (the hour repeated in autumn) is the earlier instant.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn due_times(
        &self,
        steps: &[Step],
        created: DateTime<Utc>,
        trial_end: Option<DateTime<Utc>>,
        tz: Tz,
    ) -> Vec<DateTime<Utc>> {
        self.due_times_on(steps, created, trial_end, tz, |anchor, h| {
            TimeDelta::try_hours(h)
                .and_then(|d| anchor.checked_add_signed(d))
                .unwrap_or(DateTime::<Utc>::MAX_UTC)
        })
    }

    /// As [`Cadence::due_times`], with hour steps counted by `add_hours(anchor, hours)`: the
    /// report counts them on the SLA clock, so a lead's SLA and its first cadence call agree.
    #[must_use]
    pub(crate) fn due_times_on(
        &self,
        steps: &[Step],
        created: DateTime<Utc>,
        trial_end: Option<DateTime<Utc>>,
        tz: Tz,
        add_hours: impl Fn(DateTime<Utc>, i64) -> DateTime<Utc>,
    ) -> Vec<DateTime<Utc>> {
        let trial_end =
            trial_end.unwrap_or_else(|| add_days(created, i64::from(self.trial_days), tz));
        steps
            .iter()
            .map(|step| {
                let anchor = match step.anchor {
                    Anchor::Created => created,
                    Anchor::TrialEnd => trial_end,
                };
                let due = match step.offset {
                    At::Hours(h) => add_hours(anchor, h),
                    At::Days(d) => add_days(anchor, d, tz),
                };
                if step.weekend_to_monday {
                    to_monday(due, tz)
                } else {
                    due
                }
            })
            .collect()
    }
}

/// The outcome of one step for one lead as of the report's instant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub(crate) enum StepStatus {
    NotYetDue,
    OnTime { at: DateTime<Utc> },
    Late { at: DateTime<Utc> },
    Missed,
}

/// Matches a lead's activities (channel, time; any order) to its steps. Steps are taken in
/// due order; step k may be met by the earliest unused activity of its channel (any channel
/// for "any") dated after the previous step's due time (at or after creation for the first
/// step) and not after as_of. Met at or before due + grace: OnTime; after: Late. Not met:
/// Missed if due + grace <= as_of, else NotYetDue.
///
/// Returns one status per step, in step order.
///
/// # Panics
/// When `steps` and `dues` differ in length (dues come from [`Cadence::due_times`]).
#[must_use]
pub(crate) fn match_steps(
    steps: &[Step],
    dues: &[DateTime<Utc>],
    created: DateTime<Utc>,
    activities: &[(Channel, DateTime<Utc>)],
    as_of: DateTime<Utc>,
    grace_hours: f64,
) -> Vec<StepStatus> {
    assert_eq!(steps.len(), dues.len(), "one due time per step");
    // `as` saturates; a grace too long for a TimeDelta waits forever.
    let grace = TimeDelta::try_milliseconds((grace_hours.max(0.0) * 3_600_000.0).round() as i64)
        .unwrap_or(TimeDelta::MAX);
    let mut acts: Vec<(Channel, DateTime<Utc>)> = activities
        .iter()
        .copied()
        .filter(|&(_, at)| at >= created && at <= as_of)
        .collect();
    acts.sort_by_key(|&(_, at)| at);
    let mut used = vec![false; acts.len()];
    let mut order: Vec<usize> = (0..steps.len()).collect();
    order.sort_by_key(|&k| dues[k]);
    let mut statuses = vec![StepStatus::NotYetDue; steps.len()];
    let mut previous_due: Option<DateTime<Utc>> = None;
    for k in order {
        let (step, due) = (&steps[k], dues[k]);
        let deadline = due
            .checked_add_signed(grace)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let found = (0..acts.len()).find(|&i| {
            let (channel, at) = acts[i];
            !used[i]
                && (step.channel == Channel::Any || step.channel == channel)
                && previous_due.is_none_or(|p| at > p)
        });
        statuses[k] = match found {
            Some(i) => {
                used[i] = true;
                let at = acts[i].1;
                if at <= deadline {
                    StepStatus::OnTime { at }
                } else {
                    StepStatus::Late { at }
                }
            }
            None if deadline <= as_of => StepStatus::Missed,
            None => StepStatus::NotYetDue,
        };
        previous_due = Some(due);
    }
    statuses
}

/// The step as written, checked; the error says what is wrong with it.
fn parse_step(step: &StepConfig) -> Result<Step, String> {
    let channel = match step.channel.trim().to_lowercase().as_str() {
        "call" => Channel::Call,
        "email" => Channel::Email,
        "meeting" => Channel::Meeting,
        "any" => Channel::Any,
        _ => {
            return Err(format!(
                "unknown channel \"{}\"; use call, email, meeting or any",
                step.channel
            ));
        }
    };
    let anchor = match step.from.trim().to_lowercase().as_str() {
        "created" => Anchor::Created,
        "trial-end" => Anchor::TrialEnd,
        _ => {
            return Err(format!(
                "unknown from \"{}\"; use created or trial-end",
                step.from
            ));
        }
    };
    let offset = parse_at(&step.at).ok_or_else(|| {
        format!(
            "cannot read at \"{}\"; write hours (\"24h\"), days (\"5d\", \"-2d\") or a day (\"day 5\")",
            step.at
        )
    })?;
    let negative = match offset {
        At::Hours(n) | At::Days(n) => n < 0,
    };
    if negative && anchor == Anchor::Created {
        return Err(format!(
            "at \"{}\" is before the lead was created; count back from trial-end instead",
            step.at
        ));
    }
    Ok(Step {
        name: step.name.clone(),
        channel,
        offset,
        anchor,
        weekend_to_monday: step.weekend_to_monday,
    })
}

/// "24h", "-2d", "5 d", "day 5" (day 1 is the anchor's own day, so "day 5" is 4 days on).
fn parse_at(text: &str) -> Option<At> {
    let text = text.trim().to_lowercase();
    if let Some(day) = text.strip_prefix("day") {
        let day: i64 = day.trim().parse().ok()?;
        return (day >= 1).then_some(At::Days(day - 1));
    }
    let (number, unit) = text.split_at(text.len().checked_sub(1)?);
    let number: i64 = number.trim().parse().ok()?;
    match unit {
        "h" => Some(At::Hours(number)),
        "d" => Some(At::Days(number)),
        _ => None,
    }
}

fn error_at(keyword: &str, step: &StepConfig, problem: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "[cadence] offer \"{keyword}\", step \"{}\": {problem}",
        step.name
    )
}

/// `days` calendar days from `at` (back when negative), at the same local time in `tz`.
fn add_days(at: DateTime<Utc>, days: i64, tz: Tz) -> DateTime<Utc> {
    let local = at.with_timezone(&tz).naive_local();
    let moved = if days >= 0 {
        local.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        local.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.map_or(DateTime::<Utc>::MAX_UTC, |local| from_local(local, tz))
}

/// A Saturday or Sunday (local) moved to the following Monday, same local time.
fn to_monday(at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    match at.with_timezone(&tz).weekday() {
        Weekday::Sat => add_days(at, 2, tz),
        Weekday::Sun => add_days(at, 1, tz),
        _ => at,
    }
}

/// The instant of a local wall-clock time: the earlier of two in the repeated autumn hour;
/// in the skipped spring hour, read with the offset in force before the skip.
fn from_local(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            let before = local.checked_sub_days(Days::new(1)).unwrap_or(local);
            let offset = tz.offset_from_utc_datetime(&before).fix();
            local
                .checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))
                .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
        }
    }
}

#[cfg(test)]
mod tests;
