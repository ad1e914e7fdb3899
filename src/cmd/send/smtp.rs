//! Delivery over SMTP (lettre's connection, driven step by step so that an unreachable
//! server, a refused login and a refused recipient each get their own error, a passing
//! failure is tried again, and one refusal does not stop the other messages).

use std::error::Error as _;
use std::ops::ControlFlow;
use std::time::Duration;

use anyhow::{Result, bail};

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    Certificate, CertificateStore, SmtpConnection, TlsParameters,
};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};

use super::tls::{Roots, rustls_error, tls_detail};

use crate::config::{self, Security};
use crate::render::email::Outgoing;

/// Where and how to connect.
#[derive(Debug, Clone)]
pub(crate) struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User and password (from the environment).
    pub credentials: Option<(String, String)>,
    pub timeout: Duration,
    /// The certificate authorities trusted for TLS.
    pub roots: Roots,
}

impl SmtpSettings {
    /// Resolves `[email.smtp]`; `env` looks up an environment variable (only the one named
    /// by `password-env` is asked).
    ///
    /// # Errors
    /// No SMTP host, or a user whose password variable is not set; each message names the
    /// setting.
    pub(crate) fn resolve(
        smtp: &config::Smtp,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<SmtpSettings> {
        if smtp.host.trim().is_empty() {
            bail!(
                "[email.smtp] host: no SMTP server; add host = \"smtp.example.com\" to friday.toml, or use --dry-run DIR to write the messages as files"
            );
        }
        let credentials = match &smtp.user {
            Some(user) => {
                let Some(password) = env(&smtp.password_env).filter(|p| !p.is_empty()) else {
                    bail!(
                        "[email.smtp] user = \"{user}\": the password is read from the environment variable {}, which is not set",
                        smtp.password_env
                    );
                };
                Some((user.clone(), password))
            }
            None => None,
        };
        Ok(SmtpSettings {
            host: smtp.host.trim().to_string(),
            port: smtp.port.unwrap_or(match smtp.security {
                Security::Starttls => 587,
                Security::Tls => 465,
                Security::None => 25,
            }),
            security: smtp.security,
            credentials,
            timeout: Duration::from_secs(smtp.timeout_seconds.max(1)),
            roots: Roots::resolve(smtp)?,
        })
    }

    /// lettre's TLS parameters: the server must present a certificate for `host` that chains
    /// to the trusted roots.
    fn tls_parameters(&self) -> Result<TlsParameters, lettre::transport::smtp::Error> {
        let mut builder =
            TlsParameters::builder(self.host.clone()).certificate_store(if self.roots.system {
                // With lettre's `rustls-native-certs`: the operating system's store.
                CertificateStore::Default
            } else {
                CertificateStore::None
            });
        if let Some((_, pem)) = &self.roots.ca_file {
            builder = builder.add_root_certificate(Certificate::from_pem(pem)?);
        }
        builder.build_rustls()
    }
}

/// Why the report could not be sent. Files already written are never touched.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SendError {
    #[error("cannot reach the SMTP server {server}: {detail}")]
    Unreachable { server: String, detail: String },
    #[error("TLS with the SMTP server {server} failed: {detail}")]
    Tls { server: String, detail: String },
    #[error("the SMTP server {server} refused the login of {user}: {detail}")]
    LoginRejected {
        server: String,
        user: String,
        detail: String,
    },
    #[error("the SMTP server {server} refused the recipient {address}: {detail}")]
    RecipientRejected {
        server: String,
        address: String,
        detail: String,
    },
    #[error("the SMTP server {server} did not accept the message \"{subject}\": {detail}")]
    Refused {
        server: String,
        subject: String,
        detail: String,
    },
}

/// A lettre error with its causes: "network error: Connection refused (os error 111)".
pub(super) fn detail(err: &lettre::transport::smtp::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// One message to send, and to whom (the recipients it has not reached yet).
pub(crate) struct Job<'a> {
    pub outgoing: &'a Outgoing,
    pub recipients: Vec<Address>,
}

/// What became of one message.
pub(crate) enum Outcome {
    /// The server took the message for `accepted`; `refused` recipients were refused for
    /// good (each with its error).
    Sent {
        accepted: Vec<Address>,
        refused: Vec<SendError>,
        /// The server's reply to the data: "250 OK".
        reply: String,
    },
    /// Not sent to anyone.
    Failed(Vec<SendError>),
}

/// The waits before each retry of a message that failed for a passing reason.
pub(crate) const BACKOFF: [Duration; 3] = [
    Duration::from_secs(1),
    Duration::from_secs(4),
    Duration::from_secs(15),
];

/// A failure of one attempt: `transient` ones (a 4xx reply, a dropped connection, a timeout)
/// are tried again.
struct Attempt {
    error: SendError,
    transient: bool,
}

/// Whether a lettre error is worth another try: a 4xx reply, a timeout, or a connection that
/// dropped (an I/O error, or a reply cut short).
fn is_transient(err: &lettre::transport::smtp::Error) -> bool {
    if err.is_transient() || err.is_timeout() {
        return true;
    }
    if err.is_permanent() || err.is_tls() || err.is_client() || rustls_error(err).is_some() {
        return false;
    }
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(cause) = next {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return !matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::AddrNotAvailable
            );
        }
        next = cause.source();
    }
    err.is_response()
}

/// Sends each job in order, one connection for as long as it serves, calling `on_outcome`
/// after each (which stops the sending by breaking). A message that fails for a passing
/// reason is tried again after each wait of `backoff` on a new connection; one refused for
/// good does not stop the others.
///
/// # Errors
/// A failure that stops every message still to go (the server cannot be reached, TLS fails,
/// the login is refused); the messages before it have had their outcome.
pub(crate) fn deliver(
    jobs: &[Job<'_>],
    smtp: &SmtpSettings,
    backoff: &[Duration],
    mut on_outcome: impl FnMut(&Job<'_>, Outcome) -> ControlFlow<()>,
) -> Result<(), SendError> {
    let server = format!("{}:{}", smtp.host, smtp.port);
    let mut conn: Option<SmtpConnection> = None;
    'jobs: for job in jobs {
        let mut waits = backoff.iter();
        loop {
            let result = match conn.as_mut() {
                Some(open) => send_one(open, job, &server),
                None => match connect(smtp, &server) {
                    Ok(open) => send_one(conn.insert(open), job, &server),
                    Err(attempt) => Err(attempt),
                },
            };
            match result {
                Ok(outcome) => {
                    if matches!(outcome, Outcome::Failed(_)) {
                        // The transaction was given up; start the next on a clean connection.
                        if let Some(mut open) = conn.take() {
                            open.abort();
                        }
                    }
                    if on_outcome(job, outcome).is_break() {
                        break 'jobs;
                    }
                    break;
                }
                Err(attempt) => {
                    if let Some(mut open) = conn.take() {
                        open.abort();
                    }
                    match waits.next() {
                        Some(wait) if attempt.transient => std::thread::sleep(*wait),
                        _ if is_fatal(&attempt.error) => return Err(attempt.error),
                        _ => {
                            if on_outcome(job, Outcome::Failed(vec![attempt.error])).is_break() {
                                break 'jobs;
                            }
                            break;
                        }
                    }
                }
            }
        }
    }
    if let Some(mut open) = conn {
        // The messages are accepted; a failed goodbye changes nothing.
        let _ = open.quit();
    }
    Ok(())
}

/// A failure no later message can get past.
fn is_fatal(err: &SendError) -> bool {
    matches!(
        err,
        SendError::Unreachable { .. } | SendError::Tls { .. } | SendError::LoginRejected { .. }
    )
}

/// Connects, upgrades to TLS as `security` asks and logs in: nothing is sent, AUTH included,
/// before TLS is up under `starttls` or `tls`.
fn connect(smtp: &SmtpSettings, server: &str) -> Result<SmtpConnection, Attempt> {
    let hello = ClientId::default();
    let tls_failed = |err: &lettre::transport::smtp::Error| Attempt {
        error: SendError::Tls {
            server: server.to_string(),
            detail: tls_detail(err, smtp),
        },
        transient: false,
    };
    let wrapper = match smtp.security {
        Security::Tls => Some(smtp.tls_parameters().map_err(|err| tls_failed(&err))?),
        Security::Starttls | Security::None => None,
    };
    let mut conn = SmtpConnection::connect(
        (smtp.host.as_str(), smtp.port),
        Some(smtp.timeout),
        &hello,
        wrapper.as_ref(),
        None,
    )
    .map_err(|err| {
        if rustls_error(&err).is_some() {
            tls_failed(&err)
        } else {
            Attempt {
                transient: is_transient(&err),
                error: SendError::Unreachable {
                    server: server.to_string(),
                    detail: detail(&err),
                },
            }
        }
    })?;
    if smtp.security == Security::Starttls {
        if !conn.can_starttls() {
            conn.abort();
            return Err(Attempt {
                error: SendError::Tls {
                    server: server.to_string(),
                    detail: "the server does not offer STARTTLS; set security = \"tls\" (port 465) or, for a relay on this machine only, \"none\"".to_string(),
                },
                transient: false,
            });
        }
        let parameters = smtp.tls_parameters().map_err(|err| tls_failed(&err))?;
        conn.starttls(&parameters, &hello)
            .map_err(|err| tls_failed(&err))?;
    }
    if let Some((user, password)) = &smtp.credentials {
        conn.auth(
            &[Mechanism::Plain, Mechanism::Login],
            &Credentials::new(user.clone(), password.clone()),
        )
        .map_err(|err| Attempt {
            transient: err.is_transient(),
            error: SendError::LoginRejected {
                server: server.to_string(),
                user: user.clone(),
                detail: detail(&err),
            },
        })?;
    }
    Ok(conn)
}

/// One SMTP transaction: the envelope, each recipient (a refused one is left out, the others
/// still get the message), the data.
fn send_one(conn: &mut SmtpConnection, job: &Job<'_>, server: &str) -> Result<Outcome, Attempt> {
    let outgoing = job.outgoing;
    let refused = |err: &lettre::transport::smtp::Error| Attempt {
        transient: is_transient(err),
        error: SendError::Refused {
            server: server.to_string(),
            subject: outgoing.subject.clone(),
            detail: detail(err),
        },
    };
    let bytes = outgoing.message.formatted();
    let options = if bytes.is_ascii() {
        Vec::new()
    } else {
        vec![MailParameter::Body(MailBodyParameter::EightBitMime)]
    };
    conn.command(Mail::new(
        outgoing.message.envelope().from().cloned(),
        options,
    ))
    .map_err(|err| refused(&err))?;
    let mut accepted = Vec::new();
    let mut refused_for_good = Vec::new();
    for address in &job.recipients {
        match conn.command(Rcpt::new(address.clone(), Vec::new())) {
            Ok(_) => accepted.push(address.clone()),
            Err(err) if err.is_permanent() => refused_for_good.push(SendError::RecipientRejected {
                server: server.to_string(),
                address: address.to_string(),
                detail: detail(&err),
            }),
            Err(err) => {
                return Err(Attempt {
                    transient: is_transient(&err),
                    error: SendError::RecipientRejected {
                        server: server.to_string(),
                        address: address.to_string(),
                        detail: detail(&err),
                    },
                });
            }
        }
    }
    if accepted.is_empty() {
        return Ok(Outcome::Failed(refused_for_good));
    }
    conn.command(Data).map_err(|err| refused(&err))?;
    let response = conn.message(&bytes).map_err(|err| refused(&err))?;
    Ok(Outcome::Sent {
        accepted,
        refused: refused_for_good,
        reply: format!(
            "{} {}",
            response.code(),
            response.message().collect::<Vec<_>>().join(" ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp_config(text: &str) -> config::Smtp {
        crate::config::Config::parse(text).unwrap().email.smtp
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn resolves_host_port_and_password_from_the_named_variable() {
        let smtp = SmtpSettings::resolve(
            &smtp_config("[email.smtp]\nhost = \"mail.x.test\"\nuser = \"r\"\n"),
            |name| (name == "FRIDAY_SMTP_PASSWORD").then(|| "pw".to_string()),
        )
        .unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("mail.x.test", 587));
        assert_eq!(smtp.credentials, Some(("r".to_string(), "pw".to_string())));
        assert_eq!(smtp.timeout, Duration::from_secs(30));
        let smtp = SmtpSettings::resolve(
            &smtp_config("[email.smtp]\nhost = \"mail.x.test\"\nsecurity = \"tls\"\n"),
            no_env,
        )
        .unwrap();
        assert_eq!((smtp.port, smtp.credentials), (465, None));
    }

    #[test]
    fn errors_on_a_missing_password_or_host() {
        let err = SmtpSettings::resolve(
            &smtp_config("[email.smtp]\nhost = \"mail.x.test\"\nuser = \"r\"\n"),
            no_env,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "[email.smtp] user = \"r\": the password is read from the environment variable FRIDAY_SMTP_PASSWORD, which is not set"
        );
        let err = SmtpSettings::resolve(&smtp_config(""), no_env).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("[email.smtp] host: no SMTP server"),
            "{err}"
        );
    }
}
