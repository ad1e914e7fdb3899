//! Every message exactly once: `OUT/sent-DATE.json` records each message as the server takes
//! it; a rerun for the same date sends only what is missing and `--resend` everything; a
//! message that fails for a passing reason (451, a dropped connection) is tried again; one
//! refused for good does not stop the others, and the run ends with exit 3.

use std::path::Path;

use serde_json::Value;

use super::server::{Failure, Rules, Server};
use super::{SEND, run, setup};
use crate::stderr;

const TEAM: &str = "Friday report 2026-11-20: 1 overdue lead";
const ALICE: &str = "Your overdue leads on 2026-11-20: 0";
const BRUNO: &str = "Your overdue leads on 2026-11-20: 1";

/// The record as (message, recipients, reply), and checks each time is UTC to the second.
fn record(dir: &Path) -> Vec<(String, Vec<String>, String)> {
    let text = std::fs::read_to_string(dir.join("out/sent-2026-11-20.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["as_of"], "2026-11-20");
    json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let at = m["sent_at"].as_str().unwrap();
            assert!(
                chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
                "{at}"
            );
            assert!(m["subject"].is_string());
            (
                m["message"].as_str().unwrap().to_string(),
                m["recipients"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string())
                    .collect(),
                m["reply"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn entry(message: &str, to: &str) -> (String, Vec<String>, String) {
    (
        message.to_string(),
        vec![to.to_string()],
        "250 OK".to_string(),
    )
}

/// Points the folder's friday.toml at another server.
fn repoint(dir: &Path, from: u16, to: u16) {
    let path = dir.join("friday.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        config.replace(&format!("port = {from}\n"), &format!("port = {to}\n")),
    )
    .unwrap();
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn a_second_message_refused_once_for_a_passing_reason_is_sent_on_a_retry() {
    for failure in [Failure::Transient, Failure::Reset] {
        let server = Server::start(Rules {
            fail_once: Some((2, failure)),
            ..Rules::default()
        });
        let dir = setup(server.port, false);
        let out = run(dir.path(), SEND, None);
        assert!(out.status.success(), "{failure:?}: {}", stderr(&out));
        assert_eq!(server.subjects(), [TEAM, ALICE, BRUNO], "{failure:?}");
        // Alice's message reached the end of its data twice: refused, then taken.
        assert_eq!(server.data_ends(), 4, "{failure:?}");
        assert!(
            stdout(&out).ends_with(
                "sent \"Your overdue leads on 2026-11-20: 1\" to bruno@x.test\n\
                 3 sent, 0 not sent, 0 sent before; recorded in out/sent-2026-11-20.json\n"
            ),
            "{}",
            stdout(&out)
        );
        assert_eq!(
            record(dir.path()),
            [
                entry("friday-2026-11-20", "team@x.test"),
                entry("friday-2026-11-20-alice-123909cb", "alice@x.test"),
                entry("friday-2026-11-20-bruno-c67eb484", "bruno@x.test"),
            ]
        );
    }
}

#[test]
fn a_rerun_sends_only_what_a_refusal_kept_back_and_resend_sends_everything() {
    // The first server refuses the second message (Alice's) for good.
    let refusing = Server::start(Rules {
        refuse: vec!["alice@x.test".to_string()],
        ..Rules::default()
    });
    let dir = setup(refusing.port, false);
    let out = run(dir.path(), SEND, None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(refusing.subjects(), [TEAM, BRUNO]);
    assert_eq!(
        stderr(&out),
        format!(
            "error: the SMTP server 127.0.0.1:{} refused the recipient alice@x.test: permanent error (550): Mailbox unavailable\n\
             not sent: \"Your overdue leads on 2026-11-20: 0\" to alice@x.test\n\
             The report files were written and are left as they are; `friday send` again for 2026-11-20 sends only what is not recorded as sent (--resend sends everything).\n",
            refusing.port
        )
    );
    assert!(
        stdout(&out)
            .ends_with("2 sent, 1 not sent, 0 sent before; recorded in out/sent-2026-11-20.json\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        record(dir.path()),
        [
            entry("friday-2026-11-20", "team@x.test"),
            entry("friday-2026-11-20-bruno-c67eb484", "bruno@x.test"),
        ]
    );

    // The rerun, through a server that takes everything, sends Alice's message only.
    let server = Server::start(Rules::default());
    repoint(dir.path(), refusing.port, server.port);
    let out = run(dir.path(), SEND, None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.subjects(), [ALICE]);
    let text = stdout(&out);
    assert_eq!(text.matches("already sent ").count(), 2, "{text}");
    assert!(
        text.contains(
            "already sent \"Friday report 2026-11-20: 1 overdue lead\" to team@x.test at "
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            "sent \"Your overdue leads on 2026-11-20: 0\" to alice@x.test\n\
             1 sent, 0 not sent, 2 sent before; recorded in out/sent-2026-11-20.json\n"
        ),
        "{text}"
    );
    assert_eq!(record(dir.path()).len(), 3);

    // Once more: nothing is missing, nothing goes out.
    let out = run(dir.path(), SEND, None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.subjects(), [ALICE]);
    assert!(
        stdout(&out)
            .ends_with("0 sent, 0 not sent, 3 sent before; recorded in out/sent-2026-11-20.json\n"),
        "{}",
        stdout(&out)
    );

    // --resend sends all three again, and the record keeps both sendings.
    let mut args = SEND.to_vec();
    args.push("--resend");
    let out = run(dir.path(), &args, None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.subjects(), [ALICE, TEAM, ALICE, BRUNO]);
    assert_eq!(
        record(dir.path()),
        [
            entry("friday-2026-11-20", "team@x.test"),
            entry("friday-2026-11-20-bruno-c67eb484", "bruno@x.test"),
            entry("friday-2026-11-20-alice-123909cb", "alice@x.test"),
            entry("friday-2026-11-20", "team@x.test"),
            entry("friday-2026-11-20-alice-123909cb", "alice@x.test"),
            entry("friday-2026-11-20-bruno-c67eb484", "bruno@x.test"),
        ]
    );
}

#[test]
fn a_damaged_record_stops_the_run_before_anything_is_written() {
    let dir = setup(1, false);
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/sent-2026-11-20.json"), "{").unwrap();
    let out = run(dir.path(), SEND, None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: out/sent-2026-11-20.json is not a record of sent messages; move it away to send everything again: "
        ),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out/friday-2026-11-20.xlsx").exists());
}
