//! Cadence tests: seed `001`'s trial lead with hand-computed instants, daylight saving
//! time, step matching, activity channels and the `[cadence]` settings.

use super::*;
use chrono_tz::Europe::Berlin;
use serde::Deserialize;
use std::collections::BTreeMap;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test timestamp")
        .with_timezone(&Utc)
}

fn step(name: &str, channel: &str, at: &str, from: &str, weekend_to_monday: bool) -> StepConfig {
    StepConfig {
        name: name.to_string(),
        channel: channel.to_string(),
        at: at.to_string(),
        from: from.to_string(),
        weekend_to_monday,
    }
}

fn one_offer(keyword: &str, steps: Vec<StepConfig>) -> CadenceConfig {
    CadenceConfig {
        offers: BTreeMap::from([(keyword.to_string(), steps)]),
        ..CadenceConfig::default()
    }
}

fn error_of(config: &CadenceConfig) -> String {
    Cadence::new(config)
        .expect_err("config should be refused")
        .to_string()
}

/// The trial cadence and the seed-001 lead: created Wednesday 2026-11-18 10:00 in Berlin
/// (UTC+1 in November).
fn trial() -> (Cadence, Vec<Step>, DateTime<Utc>) {
    let cadence = Cadence::new(&CadenceConfig::default()).expect("default cadence");
    let steps = cadence.steps_for("Trial Download").to_vec();
    (cadence, steps, utc("2026-11-18T09:00:00Z"))
}

fn trial_dues() -> Vec<DateTime<Utc>> {
    let (cadence, steps, created) = trial();
    cadence.due_times(&steps, created, None, Berlin)
}

// --- due times -------------------------------------------------------------------------

#[test]
fn trial_lead_from_seed_001_gets_calls_at_24_and_72_hours_email_on_monday_and_before_expiry() {
    assert_eq!(
        trial_dues(),
        vec![
            // First call: Thursday 2026-11-19 10:00 Berlin.
            utc("2026-11-19T09:00:00Z"),
            // Second call: Saturday 2026-11-21 10:00 Berlin; calls keep weekends.
            utc("2026-11-21T09:00:00Z"),
            // Personal email: day 5 is Sunday 2026-11-22, so Monday 2026-11-23 10:00.
            utc("2026-11-23T09:00:00Z"),
            // Trial expiry email: trial ends Wednesday 2026-12-02 10:00, two days earlier.
            utc("2026-11-30T09:00:00Z"),
        ]
    );
}

#[test]
fn default_trial_steps_are_named_calls_then_emails() {
    let (_, steps, _) = trial();
    let named: Vec<(&str, Channel)> = steps.iter().map(|s| (s.name.as_str(), s.channel)).collect();
    assert_eq!(
        named,
        vec![
            ("First call", Channel::Call),
            ("Second call", Channel::Call),
            ("Personal email", Channel::Email),
            ("Trial expiry email", Channel::Email),
        ]
    );
}

#[test]
fn day_steps_keep_local_time_across_end_of_daylight_saving_while_hours_are_elapsed() {
    let (cadence, steps, _) = trial();
    // Friday 2026-10-23 10:00 CEST (UTC+2); clocks go back on Sunday 2026-10-25.
    let created = utc("2026-10-23T08:00:00Z");
    assert_eq!(
        cadence.due_times(&steps, created, None, Berlin),
        vec![
            // 24 h: Saturday 10:00 CEST.
            utc("2026-10-24T08:00:00Z"),
            // 72 h elapsed: Monday 09:00 CET, an hour earlier on the clock.
            utc("2026-10-26T08:00:00Z"),
            // Day 5: Tuesday 2026-10-27 at 10:00 CET, the same local time as the download.
            utc("2026-10-27T09:00:00Z"),
            // Trial ends Friday 2026-11-06 10:00 CET; two days before: Wednesday 10:00 CET.
            utc("2026-11-04T09:00:00Z"),
        ]
    );
}

#[test]
fn day_step_landing_in_the_skipped_spring_hour_moves_forward_by_the_skip() {
    let cadence = Cadence::new(&one_offer(
        "trial",
        vec![step("Next day", "call", "1d", "created", false)],
    ))
    .expect("valid");
    // Saturday 2026-03-28 02:30 CET; Sunday 02:30 does not exist (02:00 -> 03:00).
    let created = utc("2026-03-28T01:30:00Z");
    assert_eq!(
        cadence.due_times(cadence.steps_for("trial"), created, None, Berlin),
        // Sunday 03:30 CEST.
        vec![utc("2026-03-29T01:30:00Z")]
    );
}

#[test]
fn day_5_on_a_saturday_moves_to_monday_and_a_weekday_stays() {
    let (cadence, steps, _) = trial();
    let email = &steps[2..3];
    // Tuesday 2026-11-17 10:00: day 5 is Saturday 2026-11-21.
    assert_eq!(
        cadence.due_times(email, utc("2026-11-17T09:00:00Z"), None, Berlin),
        vec![utc("2026-11-23T09:00:00Z")]
    );
    // Monday 2026-11-16 10:00: day 5 is Friday 2026-11-20.
    assert_eq!(
        cadence.due_times(email, utc("2026-11-16T09:00:00Z"), None, Berlin),
        vec![utc("2026-11-20T09:00:00Z")]
    );
}

#[test]
fn trial_end_from_the_export_overrides_trial_days() {
    let (cadence, steps, created) = trial();
    // Trial ends Thursday 2026-12-10 10:00 Berlin (a 22-day trial).
    let dues = cadence.due_times(&steps, created, Some(utc("2026-12-10T09:00:00Z")), Berlin);
    assert_eq!(dues[3], utc("2026-12-08T09:00:00Z"));
    let thirty = Cadence::new(&CadenceConfig {
        trial_days: 30,
        ..CadenceConfig::default()
    })
    .expect("valid");
    // 30 days from 2026-11-18 is 2026-12-18; two days before: 2026-12-16 10:00.
    assert_eq!(
        thirty.due_times(&steps, created, None, Berlin)[3],
        utc("2026-12-16T09:00:00Z")
    );
}

// --- offers -----------------------------------------------------------------------------

#[test]
fn steps_for_matches_keyword_inside_offer_ignoring_case_first_keyword_wins() {
    let (cadence, _, _) = trial();
    assert_eq!(cadence.steps_for("FREE TRIAL (14 days)").len(), 4);
    assert!(cadence.steps_for("White Paper").is_empty());
    assert!(cadence.steps_for("").is_empty());
    let two = Cadence::new(&CadenceConfig {
        offers: BTreeMap::from([
            (
                "trial".to_string(),
                vec![step("Trial call", "call", "24h", "created", false)],
            ),
            (
                "download".to_string(),
                vec![step("Download email", "email", "1d", "created", false)],
            ),
        ]),
        ..CadenceConfig::default()
    })
    .expect("valid");
    // Keywords are tried in alphabetical order: "download" before "trial".
    assert_eq!(two.steps_for("Trial Download")[0].name, "Download email");
    assert_eq!(two.steps_for("trial")[0].name, "Trial call");
    let upper = Cadence::new(&one_offer(
        "TRIAL",
        vec![step("Call", "call", "24h", "created", false)],
    ))
    .expect("valid");
    assert_eq!(upper.steps_for("Free trial").len(), 1);
}

// --- matching ---------------------------------------------------------------------------

fn trial_statuses(
    activities: &[(Channel, &str)],
    as_of: &str,
    grace_hours: f64,
) -> Vec<StepStatus> {
    let (_, steps, created) = trial();
    let activities: Vec<(Channel, DateTime<Utc>)> =
        activities.iter().map(|&(c, at)| (c, utc(at))).collect();
    match_steps(
        &steps,
        &trial_dues(),
        created,
        &activities,
        utc(as_of),
        grace_hours,
    )
}

#[test]
fn steps_done_before_their_due_time_are_on_time_in_any_activity_order() {
    let statuses = trial_statuses(
        &[
            (Channel::Email, "2026-11-23T08:00:00Z"),
            (Channel::Call, "2026-11-20T14:00:00Z"),
            (Channel::Call, "2026-11-19T08:59:00Z"),
        ],
        "2026-11-24T12:00:00Z",
        0.0,
    );
    assert_eq!(
        statuses,
        vec![
            StepStatus::OnTime {
                at: utc("2026-11-19T08:59:00Z")
            },
            StepStatus::OnTime {
                at: utc("2026-11-20T14:00:00Z")
            },
            StepStatus::OnTime {
                at: utc("2026-11-23T08:00:00Z")
            },
            StepStatus::NotYetDue,
        ]
    );
}

#[test]
fn a_call_after_the_due_time_is_late_and_is_not_reused_for_the_next_step() {
    let statuses = trial_statuses(
        &[(Channel::Call, "2026-11-21T12:00:00Z")],
        "2026-11-22T12:00:00Z",
        0.0,
    );
    assert_eq!(
        statuses,
        vec![
            StepStatus::Late {
                at: utc("2026-11-21T12:00:00Z")
            },
            StepStatus::Missed,
            StepStatus::NotYetDue,
            StepStatus::NotYetDue,
        ]
    );
}

#[test]
fn steps_past_due_without_activity_are_missed_and_later_ones_not_yet_due() {
    assert_eq!(
        trial_statuses(&[], "2026-11-25T12:00:00Z", 0.0),
        vec![
            StepStatus::Missed,
            StepStatus::Missed,
            StepStatus::Missed,
            StepStatus::NotYetDue,
        ]
    );
}

#[test]
fn a_step_is_missed_from_its_due_instant_and_not_yet_due_just_before() {
    assert_eq!(
        trial_statuses(&[], "2026-11-19T08:59:59Z", 0.0)[0],
        StepStatus::NotYetDue
    );
    assert_eq!(
        trial_statuses(&[], "2026-11-19T09:00:00Z", 0.0)[0],
        StepStatus::Missed
    );
}

#[test]
fn two_calls_on_day_one_meet_only_the_first_call() {
    let statuses = trial_statuses(
        &[
            (Channel::Call, "2026-11-18T10:00:00Z"),
            (Channel::Call, "2026-11-18T14:00:00Z"),
        ],
        "2026-11-22T12:00:00Z",
        0.0,
    );
    assert_eq!(
        statuses[..2],
        [
            StepStatus::OnTime {
                at: utc("2026-11-18T10:00:00Z")
            },
            StepStatus::Missed,
        ]
    );
}

#[test]
fn grace_hours_count_a_slightly_late_step_as_on_time_and_delay_missed() {
    // First call due 2026-11-19 09:00 UTC; two hours of grace.
    assert_eq!(
        trial_statuses(
            &[(Channel::Call, "2026-11-19T11:00:00Z")],
            "2026-11-19T12:00:00Z",
            2.0
        )[0],
        StepStatus::OnTime {
            at: utc("2026-11-19T11:00:00Z")
        }
    );
    assert_eq!(
        trial_statuses(
            &[(Channel::Call, "2026-11-19T11:00:01Z")],
            "2026-11-19T12:00:00Z",
            2.0
        )[0],
        StepStatus::Late {
            at: utc("2026-11-19T11:00:01Z")
        }
    );
    assert_eq!(
        trial_statuses(&[], "2026-11-19T10:30:00Z", 2.0)[0],
        StepStatus::NotYetDue
    );
    assert_eq!(
        trial_statuses(&[], "2026-11-19T10:30:00Z", 0.0)[0],
        StepStatus::Missed
    );
}

#[test]
fn wrong_channel_before_creation_and_after_as_of_do_not_meet_a_step() {
    let statuses = trial_statuses(
        &[
            (Channel::Email, "2026-11-18T12:00:00Z"),
            (Channel::Meeting, "2026-11-18T13:00:00Z"),
            (Channel::Call, "2026-11-18T08:59:59Z"),
            (Channel::Call, "2026-11-19T12:00:01Z"),
        ],
        "2026-11-19T12:00:00Z",
        0.0,
    );
    assert_eq!(statuses[0], StepStatus::Missed);
}

#[test]
fn an_activity_at_the_creation_instant_meets_the_first_step() {
    let statuses = trial_statuses(
        &[(Channel::Call, "2026-11-18T09:00:00Z")],
        "2026-11-19T12:00:00Z",
        0.0,
    );
    assert_eq!(
        statuses[0],
        StepStatus::OnTime {
            at: utc("2026-11-18T09:00:00Z")
        }
    );
}

#[test]
fn an_any_channel_step_is_met_by_a_meeting_and_a_call_step_is_not() {
    let cadence = Cadence::new(&one_offer(
        "webinar",
        vec![
            step("Any touch", "any", "48h", "created", false),
            step("Call", "call", "5d", "created", false),
        ],
    ))
    .expect("valid");
    let steps = cadence.steps_for("Webinar Registration");
    let created = utc("2026-11-18T09:00:00Z");
    let dues = cadence.due_times(steps, created, None, Berlin);
    assert_eq!(
        dues,
        vec![utc("2026-11-20T09:00:00Z"), utc("2026-11-23T09:00:00Z")]
    );
    let activities = [
        (Channel::Meeting, utc("2026-11-19T15:00:00Z")),
        (Channel::Meeting, utc("2026-11-21T15:00:00Z")),
    ];
    assert_eq!(
        match_steps(
            steps,
            &dues,
            created,
            &activities,
            utc("2026-11-24T00:00:00Z"),
            0.0
        ),
        vec![
            StepStatus::OnTime {
                at: utc("2026-11-19T15:00:00Z")
            },
            StepStatus::Missed,
        ]
    );
}

#[test]
fn steps_are_matched_in_due_order_and_reported_in_step_order() {
    let cadence = Cadence::new(&one_offer(
        "trial",
        vec![
            step("Later email", "email", "3d", "created", false),
            step("Early email", "email", "1d", "created", false),
        ],
    ))
    .expect("valid");
    let steps = cadence.steps_for("trial");
    let created = utc("2026-11-18T09:00:00Z");
    let dues = cadence.due_times(steps, created, None, Berlin);
    let activities = [
        (Channel::Email, utc("2026-11-18T12:00:00Z")),
        (Channel::Email, utc("2026-11-20T12:00:00Z")),
    ];
    assert_eq!(
        match_steps(
            steps,
            &dues,
            created,
            &activities,
            utc("2026-11-25T00:00:00Z"),
            0.0
        ),
        vec![
            StepStatus::OnTime {
                at: utc("2026-11-20T12:00:00Z")
            },
            StepStatus::OnTime {
                at: utc("2026-11-18T12:00:00Z")
            },
        ]
    );
}

#[test]
fn statuses_serialize_with_a_status_tag() {
    let json = serde_json::to_string(&[
        StepStatus::NotYetDue,
        StepStatus::Late {
            at: utc("2026-11-19T11:00:00Z"),
        },
    ])
    .expect("serializes");
    assert_eq!(
        json,
        r#"[{"status":"not-yet-due"},{"status":"late","at":"2026-11-19T11:00:00Z"}]"#
    );
}

// --- channels ---------------------------------------------------------------------------

#[test]
fn channel_of_reads_crm_activity_types() {
    let cases = [
        (Some("Outbound Call"), Channel::Call),
        (Some("Phone"), Channel::Call),
        (Some("Phone Call"), Channel::Call),
        (Some("Log a Call"), Channel::Call),
        (Some("CALL"), Channel::Call),
        (Some("Left voicemail"), Channel::Call),
        (Some("E-mail"), Channel::Email),
        (Some("Email sent"), Channel::Email),
        (Some("INCOMING_EMAIL"), Channel::Email),
        (Some("email"), Channel::Email),
        (Some("Meeting"), Channel::Meeting),
        (Some("Event"), Channel::Meeting),
        (Some("Demo"), Channel::Meeting),
        (Some("Appointment"), Channel::Meeting),
        (Some("Task"), Channel::Other),
        (Some("Note"), Channel::Other),
        (Some("Emailing list"), Channel::Other),
        (Some(""), Channel::Other),
        (None, Channel::Other),
    ];
    for (text, expected) in cases {
        assert_eq!(channel_of(text), expected, "{text:?}");
    }
}

// --- settings ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct File {
    cadence: CadenceConfig,
}

mod config;
