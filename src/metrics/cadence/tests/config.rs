//! Tests of the [cadence] section: parsing, defaults and the errors that name offer and step.

use super::*;

#[test]
fn cadence_section_parses_from_toml_with_from_and_weekend_defaults() {
    let text = r#"
[cadence]
trial-days = 30
grace-hours = 1.5

[[cadence.offers."white paper"]]
name = "Email"
channel = "email"
at = "72h"

[[cadence.offers."white paper"]]
name = "Call"
channel = "call"
at = "day 8"
weekend-to-monday = true
"#;
    let file: File = toml::from_str(text).expect("parses");
    assert_eq!(
        file.cadence,
        CadenceConfig {
            trial_days: 30,
            grace_hours: 1.5,
            offers: BTreeMap::from([(
                "white paper".to_string(),
                vec![
                    step("Email", "email", "72h", "created", false),
                    step("Call", "call", "day 8", "created", true),
                ],
            )]),
        }
    );
}

#[test]
fn empty_cadence_section_is_the_seed_001_trial_cadence() {
    let file: File = toml::from_str("[cadence]\n").expect("parses");
    assert_eq!(file.cadence, CadenceConfig::default());
    assert_eq!(file.cadence.trial_days, 14);
    assert_eq!(file.cadence.offers["trial"].len(), 4);
}

#[test]
fn default_cadence_survives_a_toml_round_trip() {
    let text = toml::to_string(&CadenceConfig::default()).expect("serializes");
    let back: CadenceConfig = toml::from_str(&text).expect("parses");
    assert_eq!(back, CadenceConfig::default());
}

#[test]
fn unknown_step_key_is_refused_by_toml() {
    let text = r#"
[[offers.trial]]
name = "First call"
channel = "call"
at = "24h"
weekend = true
"#;
    let error = toml::from_str::<CadenceConfig>(text)
        .expect_err("unknown key")
        .to_string();
    assert!(error.contains("unknown field `weekend`"), "{error}");
}

#[test]
fn bad_at_text_is_refused_naming_offer_and_step() {
    for at in ["24x", "day 0", "day", "h", "", "1.5h", "5 days"] {
        assert_eq!(
            error_of(&one_offer(
                "trial",
                vec![step("First call", "call", at, "created", false)]
            )),
            format!(
                "[cadence] offer \"trial\", step \"First call\": cannot read at \"{at}\"; \
                 write hours (\"24h\"), days (\"5d\", \"-2d\") or a day (\"day 5\")"
            )
        );
    }
}

#[test]
fn at_text_tolerates_case_and_spaces() {
    let cadence = Cadence::new(&one_offer(
        "trial",
        vec![
            step("A", "Call", " 24 H ", "created", false),
            step("B", "EMAIL", "Day 3", "Trial-End", false),
        ],
    ))
    .expect("valid");
    let created = utc("2026-11-18T09:00:00Z");
    assert_eq!(
        cadence.due_times(cadence.steps_for("trial"), created, None, Berlin),
        // Trial ends 2026-12-02 10:00; day 3 counting that day as day 1 is 2026-12-04.
        vec![utc("2026-11-19T09:00:00Z"), utc("2026-12-04T09:00:00Z")]
    );
}

#[test]
fn unknown_channel_is_refused_naming_offer_and_step() {
    assert_eq!(
        error_of(&one_offer(
            "trial",
            vec![step("Fax them", "fax", "24h", "created", false)]
        )),
        "[cadence] offer \"trial\", step \"Fax them\": unknown channel \"fax\"; \
         use call, email, meeting or any"
    );
}

#[test]
fn unknown_anchor_is_refused_naming_offer_and_step() {
    assert_eq!(
        error_of(&one_offer(
            "demo",
            vec![step("Recap", "email", "1d", "demo", false)]
        )),
        "[cadence] offer \"demo\", step \"Recap\": unknown from \"demo\"; \
         use created or trial-end"
    );
}

#[test]
fn a_step_before_creation_is_refused() {
    assert_eq!(
        error_of(&one_offer(
            "trial",
            vec![step("Expiry", "email", "-2d", "created", false)]
        )),
        "[cadence] offer \"trial\", step \"Expiry\": at \"-2d\" is before the lead was \
         created; count back from trial-end instead"
    );
}

#[test]
fn bad_grace_trial_days_and_blank_keyword_are_refused() {
    let grace = CadenceConfig {
        grace_hours: -1.0,
        ..CadenceConfig::default()
    };
    assert_eq!(
        error_of(&grace),
        "[cadence]: grace-hours must be 0 or more, not -1"
    );
    let days = CadenceConfig {
        trial_days: 0,
        ..CadenceConfig::default()
    };
    assert_eq!(error_of(&days), "[cadence]: trial-days must be 1 or more");
    assert_eq!(
        error_of(&one_offer(" ", vec![])),
        "[cadence.offers]: an offer keyword is blank; name a word of the offer"
    );
}
