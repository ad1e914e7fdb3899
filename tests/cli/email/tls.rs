//! `friday send` over TLS against a real TLS SMTP server on 127.0.0.1 with certificates the
//! test makes: STARTTLS and implicit TLS deliver with AUTH when the server's certificate
//! chains to `ca-file` (or to the system store, `SSL_CERT_FILE` standing in for it); a
//! certificate from an unknown CA and one for another name are refused with exit 3, the
//! report files kept; under STARTTLS no AUTH is ever sent before TLS.

use std::path::Path;
use std::process::Output;

use super::certs::Ca;
use super::server::{Rules, Server, Tls};
use super::{SEND, run_with, setup};
use crate::stderr;

fn login() -> Option<(String, String)> {
    Some(("reports".to_string(), "s3cret".to_string()))
}

/// A folder as `setup` makes it, with `security` and the extra `[email.smtp]` lines.
fn tls_setup(port: u16, security: &str, extra: &str) -> tempfile::TempDir {
    let dir = setup(port, true);
    let path = dir.path().join("friday.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        config.replace(
            "security = \"none\"",
            &format!("security = \"{security}\"\n{extra}"),
        ),
    )
    .unwrap();
    dir
}

fn send(dir: &Path, env: &[(&str, &Path)]) -> Output {
    run_with(dir, SEND, Some("s3cret"), env)
}

const ALL_THREE: [&str; 3] = [
    "Friday report 2026-11-20: 1 overdue lead",
    "Your overdue leads on 2026-11-20: 0",
    "Your overdue leads on 2026-11-20: 1",
];

#[test]
fn starttls_with_a_private_ca_delivers_with_auth_and_no_auth_in_clear() {
    let ca = Ca::new("Corp Root CA");
    let (server, _dir, out) =
        send_trusting(&ca, "starttls", Tls::Starttls(ca.server(&["127.0.0.1"])));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.subjects(), ALL_THREE);
    // The server offers AUTH before STARTTLS; friday still upgrades first.
    assert_eq!(server.in_clear(), ["EHLO", "STARTTLS"]);
}

#[test]
fn implicit_tls_with_a_private_ca_delivers_with_auth() {
    let ca = Ca::new("Corp Root CA");
    let (server, _dir, out) = send_trusting(&ca, "tls", Tls::Implicit(ca.server(&["127.0.0.1"])));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.subjects(), ALL_THREE);
    assert_eq!(server.in_clear(), Vec::<String>::new());
}

/// The system store is the operating system's (here `SSL_CERT_FILE`), not a list compiled
/// into friday; `system-roots = false` leaves only `ca-file`.
#[test]
fn system_roots_are_the_operating_system_store_and_can_be_switched_off() {
    let ca = Ca::new("Corp Root CA");
    let other = Ca::new("Other CA");
    let server = Server::start(Rules {
        login: login(),
        tls: Some(Tls::Starttls(ca.server(&["127.0.0.1"]))),
        ..Rules::default()
    });
    let dir = tls_setup(server.port, "starttls", "");
    let store = dir.path().join("system-store.pem");
    std::fs::write(&store, ca.pem()).unwrap();
    let out = send(dir.path(), &[("SSL_CERT_FILE", &store)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.subjects(), ALL_THREE);

    let dir = tls_setup(
        server.port,
        "starttls",
        "ca-file = \"other-ca.pem\"\nsystem-roots = false",
    );
    std::fs::write(dir.path().join("other-ca.pem"), other.pem()).unwrap();
    let out = send(dir.path(), &[("SSL_CERT_FILE", &store)]);
    assert_refused(
        &out,
        dir.path(),
        &format!(
            "error: TLS with the SMTP server 127.0.0.1:{} failed: the certificate of 127.0.0.1 is not signed by a trusted certificate authority (trusted: ca-file other-ca.pem only (system-roots = false)); if the relay uses your company's own CA, set ca-file under [email.smtp] to that CA's certificate (PEM)\n",
            server.port
        ),
    );
    assert_eq!(server.received().len(), 3);
}

/// Exit 3, exactly `expected` then the note on stderr, the report files in place.
/// Sends through a server with AUTH that speaks `tls` (`security` in friday.toml), with `ca`
/// as `ca-file`: the server, the folder and the run.
fn send_trusting(ca: &Ca, security: &str, tls: Tls) -> (Server, tempfile::TempDir, Output) {
    let server = Server::start(Rules {
        login: login(),
        tls: Some(tls),
        ..Rules::default()
    });
    let dir = tls_setup(server.port, security, "ca-file = \"corp-ca.pem\"");
    std::fs::write(dir.path().join("corp-ca.pem"), ca.pem()).unwrap();
    let out = send(dir.path(), &[]);
    (server, dir, out)
}

fn assert_refused(out: &Output, dir: &Path, expected: &str) {
    assert_eq!(out.status.code(), Some(3), "{}", stderr(out));
    let err = stderr(out);
    assert!(
        err.starts_with(expected),
        "expected {expected:?} in:\n{err}"
    );
    assert!(
        err.contains("The report files were written and are left as they are"),
        "{err}"
    );
    assert!(dir.join("out/friday-2026-11-20.xlsx").is_file());
    assert!(dir.join("out/site/index.html").is_file());
}

#[test]
fn a_certificate_from_an_unknown_ca_is_refused_before_any_login() {
    let ca = Ca::new("Corp Root CA");
    let stranger = Ca::new("Stranger CA");
    for (security, tls) in [
        ("starttls", Tls::Starttls(stranger.server(&["127.0.0.1"]))),
        ("tls", Tls::Implicit(stranger.server(&["127.0.0.1"]))),
    ] {
        let (server, dir, out) = send_trusting(&ca, security, tls);
        assert_refused(
            &out,
            dir.path(),
            &format!(
                "error: TLS with the SMTP server 127.0.0.1:{} failed: the certificate of 127.0.0.1 is not signed by a trusted certificate authority (trusted: the system's certificate store and ca-file corp-ca.pem); if the relay uses your company's own CA, set ca-file under [email.smtp] to that CA's certificate (PEM)\n",
                server.port
            ),
        );
        assert_eq!(server.received().len(), 0);
        let in_clear: &[&str] = if security == "starttls" {
            &["EHLO", "STARTTLS"]
        } else {
            &[]
        };
        assert_eq!(server.in_clear(), in_clear);
    }
}

#[test]
fn a_certificate_for_another_name_is_refused_before_any_login() {
    let ca = Ca::new("Corp Root CA");
    for (security, tls) in [
        ("starttls", Tls::Starttls(ca.server(&["mail.corp.test"]))),
        ("tls", Tls::Implicit(ca.server(&["mail.corp.test"]))),
    ] {
        let (server, dir, out) = send_trusting(&ca, security, tls);
        assert_refused(
            &out,
            dir.path(),
            &format!(
                "error: TLS with the SMTP server 127.0.0.1:{} failed: the certificate is not valid for the name 127.0.0.1: it is for mail.corp.test; set host under [email.smtp] to a name the certificate holds\n",
                server.port
            ),
        );
        assert_eq!(server.received().len(), 0);
        assert!(!server.in_clear().contains(&"AUTH".to_string()));
    }
}

#[test]
fn errors_before_writing_anything_on_a_ca_file_that_is_missing_or_not_pem() {
    for (content, expected) in [
        (
            None,
            "error: [email.smtp] ca-file = \"corp-ca.pem\": reading corp-ca.pem: No such file or directory (os error 2)\n",
        ),
        (
            Some("not a certificate\n"),
            "error: [email.smtp] ca-file = \"corp-ca.pem\": no certificate in it (a PEM file holds \"-----BEGIN CERTIFICATE-----\" blocks)\n",
        ),
    ] {
        let dir = tls_setup(1, "starttls", "ca-file = \"corp-ca.pem\"");
        if let Some(content) = content {
            std::fs::write(dir.path().join("corp-ca.pem"), content).unwrap();
        }
        let out = send(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stderr(&out), expected);
        assert!(!dir.path().join("out").exists());
    }
}
