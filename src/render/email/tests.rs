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
    compose_with(
        attach_html,
        vec![0x50, 0x4b, 3, 4, 0, 0xff, 10, 13],
        20_000_000,
    )
}

/// The messages for the fixture report with a workbook of `xlsx` bytes and a limit of
/// `limit` bytes; the summary workbook is 8 bytes.
fn compose_with(attach_html: bool, xlsx: Vec<u8>, limit: usize) -> Vec<Outgoing> {
    let mut settings = Settings::resolve(&email_config(BASIC)).unwrap();
    settings.attach_html = attach_html;
    settings.max_message_bytes = limit;
    let summary = || {
        Ok(Attached {
            name: "friday-2024-03-08-summary.xlsx".to_string(),
            bytes: vec![0x50, 0x4b, 3, 4, 1, 2, 3, 4],
        })
    };
    let files = Attachments {
        xlsx: Attached {
            name: "friday-2024-03-08.xlsx".to_string(),
            bytes: xlsx,
        },
        xlsx_path: "/srv/reports/friday-2024-03-08.xlsx".into(),
        html: attach_html.then(|| Attached {
            name: "friday-2024-03-08.html".to_string(),
            bytes: vec![b'x'; 30_000],
        }),
        summary: &summary,
    };
    let report = report();
    let folder = tempfile::tempdir().unwrap();
    let layout = Layout::new(folder.path(), report.as_of, false, None, None);
    let templates = Templates::load(None).unwrap();
    compose(
        &RenderContext::new(&report, &layout, &templates),
        &settings,
        &files,
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_900_000),
    )
    .unwrap()
}

/// The team message's attachment names, its plain-text body and its size.
fn team_parts(messages: &[Outgoing]) -> (Vec<String>, String, usize) {
    let bytes = messages[0].message.formatted();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    let names = (0..parsed.attachment_count())
        .map(|i| {
            parsed
                .attachment(i as u32)
                .unwrap()
                .attachment_name()
                .unwrap()
                .to_string()
        })
        .collect();
    let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    (names, text, bytes.len())
}

const TOO_LARGE: &str = "The full workbook friday-2024-03-08.xlsx (200 kB) is too large to mail (the limit is 100 kB); it was written to /srv/reports/friday-2024-03-08.xlsx.";

#[test]
fn a_workbook_over_the_limit_is_replaced_by_the_summary_and_the_body_says_where_it_is() {
    // 200,000 bytes of workbook make a message of about 270,000 bytes (base64).
    let (names, text, size) = team_parts(&compose_with(false, vec![7; 200_000], 100_000));
    assert_eq!(names, ["friday-2024-03-08-summary.xlsx"]);
    assert!(size <= 100_000, "{size}");
    assert!(
        text.contains(&format!(
            "Attached: friday-2024-03-08-summary.xlsx.\n{TOO_LARGE} Attached instead: friday-2024-03-08-summary.xlsx, with the Summary, the red Follow-ups rows, Reps, Sources and Offers over time.\n"
        )),
        "{text}"
    );
    // Under the limit nothing changes.
    let (names, text, _) = team_parts(&compose_with(false, vec![7; 200_000], 1_000_000));
    assert_eq!(names, ["friday-2024-03-08.xlsx"]);
    assert!(!text.contains("too large"), "{text}");
}

#[test]
fn the_html_is_left_out_before_the_workbook_and_nothing_is_attached_when_nothing_fits() {
    // The workbook (8 bytes) fits with the body; the 30,000-byte HTML (40,000 encoded) not.
    let (names, text, size) = team_parts(&compose_with(true, vec![7; 8], 30_000));
    assert_eq!(names, ["friday-2024-03-08.xlsx"]);
    assert!(size <= 30_000, "{size}");
    assert!(
        text.contains(
            "The single-file report friday-2024-03-08.html (30 kB) is too large to mail with it.\n"
        ),
        "{text}"
    );
    // A limit below the bare message: the body alone, saying where the workbook is.
    let (names, text, _) = team_parts(&compose_with(false, vec![7; 200_000], 100));
    assert_eq!(names, Vec::<String>::new());
    assert!(
        text.contains(&format!(
            "{} Even its summary is too large, so nothing is attached.\n",
            TOO_LARGE.replace("100 kB", "100 bytes")
        )),
        "{text}"
    );
}

#[test]
fn errors_on_a_limit_that_is_not_a_positive_number() {
    let text = BASIC.replace(
        "per-rep = true\n",
        "per-rep = true\nmax-attachment-mb = 0\n",
    );
    let err = Settings::resolve(&email_config(&text)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "[email] max-attachment-mb = 0: give the largest message the mail server takes, in MB (e.g. 20)"
    );
    assert_eq!(
        Settings::resolve(&email_config(BASIC))
            .unwrap()
            .max_message_bytes,
        20_000_000
    );
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
    assert_eq!(parsed.attachment(1).unwrap().contents(), [b'x'; 30_000]);
    let dir = tempfile::tempdir().unwrap();
    let written = write_eml(&messages, &dir.path().join("outbox")).unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(std::fs::read(&written[0]).unwrap(), bytes);
}

/// Ann Lee's message from the full fixture, with a previous report in which L-5 was not yet
/// overdue, a deal of hers missing its amount, and the site published at a base URL.
fn ann_message() -> Vec<u8> {
    let mut report = crate::render::fixture::full_report();
    report.history = Some(crate::report::History {
        previous: Some(chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
        reps: Vec::new(),
        totals: crate::report::RepWeek::default(),
        backlog: Vec::new(),
        rep_backlog: Vec::new(),
        comebacks: crate::report::Comebacks::default(),
        newly_overdue: vec!["L-5".to_string()],
    });
    report.settings.base_url = Some("https://intranet.example.com/friday/".to_string());
    let mut gap = report.missing_info[0].clone();
    gap.owner = "Ann Lee".to_string();
    gap.lead_id = "L-3".to_string();
    gap.opportunity_id = "O-9".to_string();
    gap.name = "Bob Stone".to_string();
    gap.company = "Stone & Co".to_string();
    gap.field = "Amount".to_string();
    gap.reason = "open deal with no amount".to_string();
    report.missing_info.push(gap);
    let settings = Settings::resolve(&email_config(BASIC)).unwrap();
    let summary = || unreachable!("the workbook fits");
    let files = Attachments {
        xlsx: Attached {
            name: "friday-2024-03-08.xlsx".to_string(),
            bytes: vec![1],
        },
        xlsx_path: "/srv/friday-2024-03-08.xlsx".into(),
        html: None,
        summary: &summary,
    };
    let folder = tempfile::tempdir().unwrap();
    let layout = Layout::new(folder.path(), report.as_of, false, None, None);
    let templates = Templates::load(None).unwrap();
    let messages = compose(
        &RenderContext::new(&report, &layout, &templates),
        &settings,
        &files,
        SystemTime::UNIX_EPOCH,
    )
    .unwrap();
    messages[1].message.formatted()
}

#[test]
fn a_reps_message_marks_new_leads_lists_cells_to_fill_and_links_their_page() {
    let bytes = ann_message();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    let page = format!(
        "https://intranet.example.com/friday/reps/{}.html",
        slug("Ann Lee")
    );
    assert!(
        text.contains(
            "Your overdue leads: 2, best rank first; NEW: overdue since the report of 2024-03-01\n\
             \x20 rank 2 (hot): Bob Stone (L-3), "
        ),
        "{text}"
    );
    assert!(text.contains("\n  NEW Cy Young (L-5), "), "{text}");
    assert!(
        text.contains(&format!(
            "\nCells to fill in the CRM: 1\n  Bob Stone (O-9 (deal)), Stone & Co: Amount, open deal with no amount\n\nYour page: {page}\n"
        )),
        "{text}"
    );
    let html = parsed.body_html(0).unwrap().replace("\r\n", "\n");
    assert!(html.contains(">NEW</span> Cy Young (L-5)</td>"), "{html}");
    assert_eq!(html.matches(">NEW</span>").count(), 1, "{html}");
    assert!(
        html.contains(&format!(
            "<a href=\"{page}\" style=\"color:#0b57d0;\">Your page on the Friday report</a>"
        )),
        "{html}"
    );
    assert!(
        html.contains("<td style=\"border:1px solid #dddddd;\">Stone &amp; Co</td>"),
        "{html}"
    );
    // Inline styles only: no style sheet, no class.
    assert!(
        !html.contains("<style") && !html.contains("class="),
        "{html}"
    );
}
