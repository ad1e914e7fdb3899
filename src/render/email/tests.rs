//! Unit tests of the email renderer: settings resolution, the team and per-rep messages.

use std::time::{Duration, SystemTime};

use mail_parser::{MessageParser, MimeHeaders};

use super::*;
use crate::render::fixture::{SCRIPT_REP, report};
use crate::render::{Layout, Templates};

fn email_config(text: &str) -> config::Email {
    crate::config::Config::parse(text).unwrap().email
}

const BASIC: &str = "[email]\nfrom = \"Friday <r@x.test>\"\nto = [\"team@x.test\", \"boss@x.test\"]\nper-rep = true\n[email.reps]\n\"Ann Lee\" = \"ann@x.test\"\n[email.smtp]\nhost = \"mail.x.test\"\nuser = \"r\"\n";

#[test]
fn resolves_the_sender_the_team_and_each_rep() {
    let settings = Settings::resolve(&email_config(BASIC)).unwrap();
    assert_eq!(settings.from.to_string(), "Friday <r@x.test>");
    assert_eq!(
        settings
            .to
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["team@x.test", "boss@x.test"]
    );
    assert_eq!(settings.reps[0].0, "Ann Lee");
    assert_eq!(settings.reps[0].1.to_string(), "ann@x.test");
}

#[test]
fn errors_on_missing_sender_recipients_and_bad_address() {
    let err = Settings::resolve(&email_config("[email]\nto = [\"a@x.test\"]\n")).unwrap_err();
    assert!(
        err.to_string().starts_with("[email] from: no sender"),
        "{err}"
    );
    let err = Settings::resolve(&email_config("[email]\nfrom = \"r@x.test\"\n")).unwrap_err();
    assert!(
        err.to_string().starts_with("[email] to: no recipients"),
        "{err}"
    );
    let err = Settings::resolve(&email_config(
        "[email]\nfrom = \"r@x.test\"\nto = [\"not an address\"]\n",
    ))
    .unwrap_err();
    assert!(
        format!("{err:#}").starts_with("[email] to: \"not an address\" is not an email address"),
        "{err:#}"
    );
}

fn compose_basic(attach_html: bool) -> Vec<Outgoing> {
    let mut settings = Settings::resolve(&email_config(BASIC)).unwrap();
    settings.attach_html = attach_html;
    let xlsx = Attached {
        name: "friday-2024-03-08.xlsx".to_string(),
        bytes: vec![0x50, 0x4b, 3, 4, 0, 0xff, 10, 13],
    };
    let html = Attached {
        name: "friday-2024-03-08.html".to_string(),
        bytes: b"<p>report</p>".to_vec(),
    };
    let report = report();
    let folder = tempfile::tempdir().unwrap();
    let layout = Layout::new(folder.path(), report.as_of, false, None, None);
    let templates = Templates::load(None).unwrap();
    compose(
        &RenderContext::new(&report, &layout, &templates),
        &settings,
        &xlsx,
        attach_html.then_some(&html),
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_900_000),
    )
    .unwrap()
}

#[test]
fn team_message_has_both_bodies_the_xlsx_and_each_reps_red_count() {
    let messages = compose_basic(false);
    assert_eq!(messages.len(), 2);
    let team = &messages[0];
    assert_eq!(team.file_stem, "friday-2024-03-08");
    let bytes = team.message.formatted();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Friday report 2024-03-08: 3 overdue leads")
    );
    let html = parsed.body_html(0).unwrap();
    // Each rep's red count, the rep name escaped.
    assert!(
        html.contains("<td style=\"border:1px solid #dddddd;\">&lt;script&gt;alert(1)&lt;&#x2F;script&gt;</td>")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains(SCRIPT_REP));
    assert!(html.contains(">1 overdue</td>"), "{html}");
    assert!(html.contains(">2 overdue</td>"), "{html}");
    let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(text.contains("  Ann Lee: 2 overdue, 0 stale\n"), "{text}");
    assert!(text.contains("\nOverdue now: 3\n"), "{text}");
    assert!(
        text.contains(&format!("  {SCRIPT_REP}: 1 overdue, 0 stale\n")),
        "{text}"
    );
    assert_eq!(parsed.attachment_count(), 1);
    let attachment = parsed.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("friday-2024-03-08.xlsx"));
    assert_eq!(attachment.contents(), [0x50, 0x4b, 3, 4, 0, 0xff, 10, 13]);
}

#[test]
fn per_rep_message_carries_only_that_reps_overdue_leads() {
    let messages = compose_basic(false);
    let ann = &messages[1];
    assert_eq!(
        ann.file_stem,
        format!("friday-2024-03-08-{}", slug("Ann Lee"))
    );
    let bytes = ann.message.formatted();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Your overdue leads on 2024-03-08: 2")
    );
    assert_eq!(parsed.attachment_count(), 0);
    let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(text.contains("Your overdue leads: 2\n"), "{text}");
    assert!(text.contains("(L-3)"), "{text}");
    assert!(!text.contains("(L-7)"), "{text}");
    let leads: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" overdue") && l.contains("(L-"))
        .collect();
    assert_eq!(leads.len(), 2, "{text}");
    // 28 and 9.5 hours past their SLA, in whole hours as on the site.
    assert!(leads[0].contains(", 28 hours overdue"), "{text}");
    assert!(leads[1].contains(", 9 hours overdue"), "{text}");
}

#[test]
fn attach_html_adds_the_single_file_and_eml_files_are_written() {
    let messages = compose_basic(true);
    let bytes = messages[0].message.formatted();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.attachment_count(), 2);
    assert_eq!(parsed.attachment(1).unwrap().contents(), b"<p>report</p>");
    let dir = tempfile::tempdir().unwrap();
    let written = write_eml(&messages, &dir.path().join("outbox")).unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(std::fs::read(&written[0]).unwrap(), bytes);
}
