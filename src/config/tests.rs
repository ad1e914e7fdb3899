//! friday.toml parsing: defaults, overrides, and the errors that name the section.

use super::*;

#[test]
fn empty_config_has_the_documented_defaults() {
    let c = Config::parse("").unwrap();
    assert_eq!(c.input.timezone, "UTC");
    assert_eq!(c.sla.default_hours, 72.0);
    assert_eq!(c.sla_hours("Trial Download", "Web"), 24.0);
    assert_eq!(c.sla_hours("White Paper", "Trial fair"), 72.0);
    assert_eq!(c.sla_hours("", "Free trial page"), 24.0);
    assert_eq!(c.sla.clock, SlaClock::WorkingDays);
    assert_eq!((c.follow_up.window_days, c.follow_up.hot_rank), (90, 3));
    assert_eq!(c.attribution.deals, DealOwner::DealOwner);
    assert!(c.junk.exclude);
}

#[test]
fn follow_up_junk_and_attribution_settings_read_and_check() {
    let c = Config::parse(
        "[sla]\nclock = \"business\"\n[follow-up]\nwindow-days = 0\nhot-rank = 2\n[junk]\nexclude-from-conversion = false\n[attribution]\ndeals = \"lead-owner\"\n",
    )
    .unwrap();
    assert_eq!(c.sla.clock, SlaClock::Business);
    assert_eq!((c.follow_up.window_days, c.follow_up.hot_rank), (0, 2));
    assert!(!c.junk.exclude);
    assert_eq!(c.attribution.deals, DealOwner::LeadOwner);
    let err = Config::parse("[follow-up]\nhot-rank = 9\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "[follow-up] hot-rank = 9: use a rank from 1 to 7"
    );
    let err = Config::parse("[sla]\nclock = \"office\"\n").unwrap_err();
    assert!(
        err.to_string().contains(
            "unknown variant `office`, expected one of `working-days`, `business`, `calendar`"
        ),
        "{err}"
    );
}

#[test]
fn columns_override_reads_by_kind_and_field() {
    let c = Config::parse(
        "[columns.leads]\nowner = \"Rep\"\nsource = \"\"\n[input]\ndate-order = \"dmy\"\ntimezone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    assert_eq!(c.column(TableKind::Leads, Field::Owner), Some("Rep"));
    assert_eq!(c.column(TableKind::Leads, Field::Source), Some(""));
    assert_eq!(c.column(TableKind::Opportunities, Field::Owner), None);
    assert_eq!(c.input.date_order, Some(DateOrder::Dmy));
    assert_eq!(c.timezone().unwrap(), chrono_tz::Europe::Berlin);
}

#[test]
fn rejects_unknown_fields_kinds_and_zones() {
    let err = Config::parse("[columns.leads]\nownr = \"Rep\"\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown field `ownr`, expected one of lead-id, opportunity-id, name,"),
        "{err}"
    );
    let err = Config::parse("[columns.deals]\nowner = \"Rep\"\n").unwrap_err();
    assert!(
        err.to_string().contains(
            "unknown variant `deals`, expected one of `leads`, `activities`, `opportunities`"
        ),
        "{err}"
    );
    let err = Config::parse("[columns.activities]\nstage = \"Stage\"\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("[columns.activities]: `stage` is not a field of activities tables; activities fields are: lead-id, owner, type, at"),
        "{err}"
    );
    let err = Config::parse("[[tables]]\nfile = \"x.csv\"\nkind = \"deals\"\n").unwrap_err();
    assert!(
        err.to_string().contains(
            "unknown variant `deals`, expected one of `leads`, `activities`, `opportunities`, `ignore`"
        ),
        "{err}"
    );
    let err = Config::parse("[input]\ntimezone = \"Mars/Base\"\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "[input] timezone = \"Mars/Base\" is not a time zone name such as \"Europe/Berlin\" or \"America/New_York\""
    );
    assert!(Config::parse("[input]\ntimezon = \"UTC\"\n").is_err());
}

#[test]
fn sheet_rule_beats_file_rule() {
    let c = Config::parse(
        "[[tables]]\nfile = \"x.xlsx\"\nkind = \"ignore\"\n[[tables]]\nfile = \"x.xlsx\"\nsheet = \"Deals\"\nkind = \"opportunities\"\n",
    )
    .unwrap();
    assert_eq!(
        c.kind_rule("data/x.xlsx", "Deals"),
        Some(KindRule::Kind(TableKind::Opportunities))
    );
    assert_eq!(c.kind_rule("data/x.xlsx", "Other"), Some(KindRule::Ignore));
    assert_eq!(c.kind_rule("y.xlsx", "Deals"), None);
}

#[test]
fn email_section_reads_recipients_reps_and_smtp() {
    let c = Config::parse(
        "[email]\nfrom = \"r@x.test\"\nto = [\"a@x.test\"]\nper-rep = true\n[email.reps]\n\"Ann Lee\" = \"ann@x.test\"\n[email.smtp]\nhost = \"mail.x.test\"\nsecurity = \"tls\"\nuser = \"r\"\npassword-env = \"MY_PW\"\ntimeout-seconds = 5\n",
    )
    .unwrap();
    assert_eq!(c.email.to, ["a@x.test"]);
    assert!(c.email.per_rep && !c.email.attach_html);
    assert_eq!(c.email.reps["Ann Lee"], "ann@x.test");
    assert_eq!(c.email.smtp.security, Security::Tls);
    assert_eq!(c.email.smtp.port, None);
    assert_eq!(c.email.smtp.password_env, "MY_PW");
    assert_eq!(c.email.smtp.timeout_seconds, 5);
    // A password in the file is refused: it is only read from the environment.
    assert!(Config::parse("[email.smtp]\npassword = \"x\"\n").is_err());
    assert!(Config::parse("[email.smtp]\nsecurity = \"ssl\"\n").is_err());
}

#[test]
fn ratings_default_to_hot_warm_cold_and_are_ranks() {
    let ratings = |c: &Config| {
        c.input
            .ratings
            .iter()
            .map(|(word, rank)| (word.clone(), *rank))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ratings(&Config::default()),
        [
            ("cold".to_string(), 7),
            ("hot".to_string(), 1),
            ("warm".to_string(), 4)
        ]
    );
    let c = Config::parse("[input]\nratings = { A = 1, B = 3 }\n").unwrap();
    assert_eq!(ratings(&c), [("A".to_string(), 1), ("B".to_string(), 3)]);
    let err = Config::parse("[input]\nratings = { hot = 9 }\n").unwrap_err();
    assert!(
        format!("{err:#}").contains("[input] ratings: \"hot\" = 9: use a rank from 1 to 7"),
        "{err:#}"
    );
}

#[test]
fn site_lists_show_500_rows_unless_told() {
    assert_eq!(Config::default().site.rows_per_list, 500);
    let c = Config::parse("[site]\nrows-per-list = 20\n").unwrap();
    assert_eq!(c.site.rows_per_list, 20);
    assert_eq!(
        Config::parse("[site]\nrows-per-list = 0\n")
            .unwrap()
            .site
            .rows_per_list,
        0
    );
}
