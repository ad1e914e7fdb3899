//! `friday send` and `friday report --send` against a real SMTP server on loopback: the
//! received messages parse, the attachment is the XLSX byte for byte, the bodies show each
//! rep's red count; an unreachable server, a refused login and a refused recipient fail
//! clearly with exit code 3 and leave the report files as written.

mod certs;
mod once;
mod server;
mod tls;

use std::path::Path;
use std::process::{Command, Output};

use mail_parser::{MessageParser, MimeHeaders};
use server::{Rules, Server};

use crate::{fixture, stderr};

const PASSWORD_VAR: &str = "FRIDAY_TEST_SMTP_PASSWORD";

/// A folder with the hand-checked export and a friday.toml sending to `port`.
/// In the export, as of 2026-11-20 and with SLAs on the office-hours clock (`[sla] clock =
/// "business"`), Bruno has one overdue lead (L4) and Alice none (L2's 72 business hours end
/// on 11-27).
fn setup(port: u16, user: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    let user = if user {
        format!("user = \"reports\"\npassword-env = \"{PASSWORD_VAR}\"\n")
    } else {
        String::new()
    };
    std::fs::write(
        dir.path().join("friday.toml"),
        format!(
            "[sla]\nclock = \"business\"\n[email]\nfrom = \"Friday report <reports@x.test>\"\nto = [\"team@x.test\"]\nper-rep = true\n\
             [email.reps]\nAlice = \"alice@x.test\"\nBruno = \"bruno@x.test\"\n\
             [email.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout-seconds = 5\n{user}"
        ),
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str], password: Option<&str>) -> Output {
    run_with(dir, args, password, &[])
}

/// Runs friday in `dir` with the password (or none) and the given environment variables;
/// the system certificate store variables are cleared unless given.
fn run_with(dir: &Path, args: &[&str], password: Option<&str>, env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_friday"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove(PASSWORD_VAR)
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR");
    if let Some(password) = password {
        command.env(PASSWORD_VAR, password);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the friday binary runs")
}

const SEND: &[&str] = &["send", "export.xlsx", "--as-of", "2026-11-20", "-o", "out"];

/// The XLSX a plain `friday report` writes for the same input, to compare with.
fn plain_report_xlsx(dir: &Path) -> Vec<u8> {
    let out = run(
        dir,
        &[
            "report",
            "export.xlsx",
            "--as-of",
            "2026-11-20",
            "-o",
            "plain",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(dir.join("plain/friday-2026-11-20.xlsx")).unwrap()
}

#[test]
fn send_delivers_the_team_message_with_the_xlsx_and_one_message_per_rep() {
    let server = Server::start(Rules {
        login: Some(("reports".to_string(), "s3cret".to_string())),
        ..Rules::default()
    });
    let dir = setup(server.port, true);
    let out = run(dir.path(), SEND, Some("s3cret"));
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.ends_with(
            "sent \"Friday report 2026-11-20: 1 overdue lead\" to team@x.test\n\
             sent \"Your overdue leads on 2026-11-20: 0\" to alice@x.test\n\
             sent \"Your overdue leads on 2026-11-20: 1\" to bruno@x.test\n\
             3 sent, 0 not sent, 0 sent before; recorded in out/sent-2026-11-20.json\n"
        ),
        "{stdout}"
    );
    let received = server.received();
    assert_eq!(received.len(), 3);
    let envelopes: Vec<(&str, Vec<&str>)> = received
        .iter()
        .map(|r| (r.from.as_str(), r.to.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        envelopes,
        [
            ("reports@x.test", vec!["team@x.test"]),
            ("reports@x.test", vec!["alice@x.test"]),
            ("reports@x.test", vec!["bruno@x.test"]),
        ]
    );

    let team = MessageParser::default().parse(&received[0].data).unwrap();
    assert_eq!(
        team.subject(),
        Some("Friday report 2026-11-20: 1 overdue lead")
    );
    let text = team.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(text.contains("\nOverdue now: 1\n"), "{text}");
    assert!(
        text.contains(
            "Overdue leads per rep (red / stale):\n  Alice: 0 overdue, 0 stale\n  Bruno: 1 overdue, 0 stale\n"
        ),
        "{text}"
    );
    let html = team.body_html(0).unwrap().replace("\r\n", "\n");
    assert!(
        html.contains("<td style=\"border:1px solid #dddddd;\">Bruno</td>\n<td style=\"border:1px solid #dddddd;text-align:right;background:#c00000;color:#ffffff;font-weight:bold;\">1 overdue</td>"),
        "{html}"
    );
    assert_eq!(team.attachment_count(), 1);
    let attachment = team.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("friday-2026-11-20.xlsx"));
    let xlsx = std::fs::read(dir.path().join("out/friday-2026-11-20.xlsx")).unwrap();
    assert!(
        attachment.contents() == xlsx.as_slice(),
        "the attachment differs from the XLSX"
    );

    let alice = MessageParser::default().parse(&received[1].data).unwrap();
    assert_eq!(alice.attachment_count(), 0);
    assert!(
        alice
            .body_text(0)
            .unwrap()
            .replace("\r\n", "\n")
            .contains("You have no overdue leads this week.\n")
    );
    let bruno = MessageParser::default().parse(&received[2].data).unwrap();
    let text = bruno.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(text.contains("Your overdue leads: 1\n  "), "{text}");
    assert!(text.contains(" (L4), "), "{text}");
    assert_eq!(text.matches(", 6 hours overdue").count(), 1, "{text}");
}

#[test]
fn report_send_dry_run_writes_the_messages_as_eml_files() {
    let dir = setup(1, false);
    let out = run(
        dir.path(),
        &[
            "report",
            "export.xlsx",
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
            "--send",
            "--dry-run",
            "outbox",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("wrote outbox/friday-2026-11-20.eml\n"),
        "{stdout}"
    );
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    let eml = std::fs::read(dir.path().join("outbox/friday-2026-11-20.eml")).unwrap();
    let team = MessageParser::default().parse(&eml).unwrap();
    let xlsx = std::fs::read(dir.path().join("out/friday-2026-11-20.xlsx")).unwrap();
    assert!(team.attachment(0).unwrap().contents() == xlsx.as_slice());
}

/// Runs `friday send` expecting the send to fail: exit 3, the message on stderr, nothing
/// received, and the XLSX written whole, as a plain report writes it.
fn assert_send_fails(
    server: Option<&Server>,
    port: u16,
    password: &str,
    expected: &str,
    received: usize,
) {
    let dir = setup(port, true);
    let out = run(dir.path(), SEND, Some(password));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    assert!(
        err.contains("The report files were written and are left as they are"),
        "{err}"
    );
    if let Some(server) = server {
        assert_eq!(server.received().len(), received);
    }
    let xlsx = std::fs::read(dir.path().join("out/friday-2026-11-20.xlsx")).unwrap();
    assert!(
        xlsx == plain_report_xlsx(dir.path()),
        "the XLSX differs from a plain run's"
    );
    assert!(dir.path().join("out/site/index.html").is_file());
}

#[test]
fn errors_when_the_login_is_refused() {
    let server = Server::start(Rules {
        login: Some(("reports".to_string(), "s3cret".to_string())),
        ..Rules::default()
    });
    assert_send_fails(
        Some(&server),
        server.port,
        "wrong",
        &format!(
            "error: the SMTP server 127.0.0.1:{} refused the login of reports: permanent error (535): Invalid credentials",
            server.port
        ),
        0,
    );
}

#[test]
fn errors_when_a_recipient_is_refused() {
    let server = Server::start(Rules {
        login: Some(("reports".to_string(), "s3cret".to_string())),
        refuse: vec!["team@x.test".to_string()],
        ..Rules::default()
    });
    assert_send_fails(
        Some(&server),
        server.port,
        "s3cret",
        &format!(
            "error: the SMTP server 127.0.0.1:{} refused the recipient team@x.test: permanent error (550): Mailbox unavailable",
            server.port
        ),
        // The refusal stops only the team message: both reps get theirs.
        2,
    );
}

#[test]
fn errors_when_the_server_is_unreachable() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    assert_send_fails(
        None,
        port,
        "s3cret",
        &format!("error: cannot reach the SMTP server 127.0.0.1:{port}: "),
        0,
    );
}

#[test]
fn errors_before_writing_anything_when_the_password_variable_is_unset() {
    let dir = setup(1, true);
    let out = run(dir.path(), SEND, None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: [email.smtp] user = \"reports\": the password is read from the environment variable {PASSWORD_VAR}, which is not set\n"
        )
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn errors_when_tls_is_asked_of_a_server_without_it() {
    let server = Server::start(Rules::default());
    for (security, expected) in [
        (
            "starttls",
            format!(
                "error: TLS with the SMTP server 127.0.0.1:{} failed: the server does not offer STARTTLS",
                server.port
            ),
        ),
        (
            "tls",
            format!(
                "error: TLS with the SMTP server 127.0.0.1:{} failed: the server did not answer in TLS (received corrupt message of type InvalidContentType); a server on port 587 or 25 usually wants security = \"starttls\"\n",
                server.port
            ),
        ),
    ] {
        let dir = setup(server.port, false);
        let config = std::fs::read_to_string(dir.path().join("friday.toml")).unwrap();
        std::fs::write(
            dir.path().join("friday.toml"),
            config.replace("security = \"none\"", &format!("security = \"{security}\"")),
        )
        .unwrap();
        let out = run(dir.path(), SEND, None);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    }
    assert_eq!(server.received().len(), 0);
}

/// `friday send` takes every report option `friday report` takes.
#[test]
fn send_takes_the_report_options_too() {
    let dir = setup(1, false);
    std::fs::create_dir_all(dir.path().join("my-templates")).unwrap();
    let out = run(
        dir.path(),
        &[
            "send",
            "export.xlsx",
            "--as-of",
            "2026-11-20",
            "-o",
            "out",
            "--json",
            "out/report.json",
            "--single-file",
            "--templates",
            "my-templates",
            "--timings",
            "--history",
            "kept",
            "--dry-run",
            "outbox",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "out/report.json",
        "out/friday-2026-11-20.html",
        "kept/snapshot-2026-11-20.parquet",
        "outbox/friday-2026-11-20.eml",
    ] {
        assert!(dir.path().join(file).is_file(), "{file} missing");
    }
    assert!(stderr(&out).contains("timings: read "), "{}", stderr(&out));
}

/// A workbook over `[email] max-attachment-mb` is mailed as the compact summary: the limit
/// here (0.04 MB, 40,000 bytes) is between the message with the summary and the message
/// with the full workbook (measured: 32,713 and 43,954 bytes).
#[test]
fn a_workbook_over_the_limit_is_mailed_as_its_summary_and_the_body_says_where_it_is() {
    let server = Server::start(Rules::default());
    let dir = setup(server.port, false);
    let path = dir.path().join("friday.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        config.replace(
            "per-rep = true\n",
            "per-rep = true\nmax-attachment-mb = 0.04\n",
        ),
    )
    .unwrap();
    let out = run(dir.path(), SEND, None);
    assert!(out.status.success(), "{}", stderr(&out));
    let received = server.received();
    assert!(
        received[0].data.len() <= 40_000,
        "{}",
        received[0].data.len()
    );
    let team = MessageParser::default().parse(&received[0].data).unwrap();
    assert_eq!(team.attachment_count(), 1);
    let attachment = team.attachment(0).unwrap();
    assert_eq!(
        attachment.attachment_name(),
        Some("friday-2026-11-20-summary.xlsx")
    );
    let full = dir.path().join("out/friday-2026-11-20.xlsx");
    let text = team.body_text(0).unwrap().replace("\r\n", "\n");
    let expected = format!(
        "The full workbook friday-2026-11-20.xlsx ({:.0} kB) is too large to mail (the limit is 40 kB); it was written to {}. Attached instead: friday-2026-11-20-summary.xlsx, with the Summary, the red Follow-ups rows, Reps, Sources and Offers over time.\n",
        std::fs::metadata(&full).unwrap().len() as f64 / 1e3,
        full.canonicalize().unwrap().display()
    );
    assert!(text.contains(&expected), "{text}");

    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(attachment.contents().to_vec())).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Follow-ups",
            "Reps",
            "Sources",
            "Offers over time"
        ]
    );
    // The red rows only: Bruno's one overdue lead, L4, under the header.
    let follow_ups = book.worksheet_range("Follow-ups").unwrap();
    let lead_ids: Vec<String> = follow_ups
        .rows()
        .skip(1)
        .map(|row| row[12].to_string())
        .collect();
    assert_eq!(lead_ids, ["L4"]);
}

/// Bruno's message after an earlier report (2026-11-19, when L4 was not yet overdue): L4 is
/// marked new, and with `[site] base-url` the message links to his page of the site.
#[test]
fn a_reps_message_marks_leads_overdue_since_the_last_report_and_links_their_page() {
    let server = Server::start(Rules::default());
    let dir = setup(server.port, false);
    let path = dir.path().join("friday.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{config}[site]\nbase-url = \"https://intranet.example.com/friday\"\n"),
    )
    .unwrap();
    let earlier = run(
        dir.path(),
        &[
            "report",
            "export.xlsx",
            "--as-of",
            "2026-11-19",
            "-o",
            "out",
        ],
        None,
    );
    assert!(earlier.status.success(), "{}", stderr(&earlier));
    let out = run(dir.path(), SEND, None);
    assert!(out.status.success(), "{}", stderr(&out));
    let received = server.received();
    let bruno = MessageParser::default().parse(&received[2].data).unwrap();
    let text = bruno.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(
        text.contains(
            "Your overdue leads: 1; NEW: overdue since the report of 2026-11-19\n\
             \x20 NEW Di Fox (L4), Delta, di@delta.com, Trial Download, created 2026-11-18 08:00, 6 hours overdue, next: First call\n\
             \nYour page: https://intranet.example.com/friday/reps/bruno-c67eb484.html\n"
        ),
        "{text}"
    );
    assert!(
        dir.path()
            .join("out/site/reps/bruno-c67eb484.html")
            .is_file()
    );
    let alice = MessageParser::default().parse(&received[1].data).unwrap();
    let text = alice.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(!text.contains("NEW"), "{text}");
}
