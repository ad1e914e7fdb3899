//! Delivery over SMTP (lettre's connection, driven step by step so that an unreachable
//! server, a refused login and a refused recipient each get their own error).

use std::error::Error as _;
use std::time::Duration;

use anyhow::{Result, bail};

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};

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
        })
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
fn detail(err: &lettre::transport::smtp::Error) -> String {
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

/// Sends the messages in order over one connection, calling `on_sent` after each one the
/// server accepted.
///
/// # Errors
/// The first failure; messages before it have been sent (and reported through `on_sent`).
pub(crate) fn deliver(
    messages: &[Outgoing],
    smtp: &SmtpSettings,
    mut on_sent: impl FnMut(&Outgoing),
) -> Result<(), SendError> {
    let server = format!("{}:{}", smtp.host, smtp.port);
    let hello = ClientId::default();
    let tls = |server: &str| {
        TlsParameters::new(smtp.host.clone()).map_err(|err| SendError::Tls {
            server: server.to_string(),
            detail: detail(&err),
        })
    };
    let wrapper = match smtp.security {
        Security::Tls => Some(tls(&server)?),
        Security::Starttls | Security::None => None,
    };
    let mut conn = SmtpConnection::connect(
        (smtp.host.as_str(), smtp.port),
        Some(smtp.timeout),
        &hello,
        wrapper.as_ref(),
        None,
    )
    .map_err(|err| SendError::Unreachable {
        server: server.clone(),
        detail: detail(&err),
    })?;
    if smtp.security == Security::Starttls {
        if !conn.can_starttls() {
            return Err(SendError::Tls {
                server,
                detail: "the server does not offer STARTTLS; set security = \"tls\" (port 465) or, for a relay on this machine only, \"none\"".to_string(),
            });
        }
        conn.starttls(&tls(&server)?, &hello)
            .map_err(|err| SendError::Tls {
                server: server.clone(),
                detail: detail(&err),
            })?;
    }
    if let Some((user, password)) = &smtp.credentials {
        conn.auth(
            &[Mechanism::Plain, Mechanism::Login],
            &Credentials::new(user.clone(), password.clone()),
        )
        .map_err(|err| SendError::LoginRejected {
            server: server.clone(),
            user: user.clone(),
            detail: detail(&err),
        })?;
    }
    for outgoing in messages {
        send_one(&mut conn, outgoing, &server)?;
        on_sent(outgoing);
    }
    // The messages are accepted; a failed goodbye changes nothing.
    let _ = conn.quit();
    Ok(())
}

fn send_one(conn: &mut SmtpConnection, outgoing: &Outgoing, server: &str) -> Result<(), SendError> {
    let refused = |err: &lettre::transport::smtp::Error| SendError::Refused {
        server: server.to_string(),
        subject: outgoing.subject.clone(),
        detail: detail(err),
    };
    let envelope = outgoing.message.envelope();
    let bytes = outgoing.message.formatted();
    let options = if bytes.is_ascii() {
        Vec::new()
    } else {
        vec![MailParameter::Body(MailBodyParameter::EightBitMime)]
    };
    let result = conn.command(Mail::new(envelope.from().cloned(), options));
    if let Err(err) = result {
        conn.abort();
        return Err(refused(&err));
    }
    for address in envelope.to() {
        if let Err(err) = conn.command(Rcpt::new(address.clone(), Vec::new())) {
            conn.abort();
            return Err(SendError::RecipientRejected {
                server: server.to_string(),
                address: address.to_string(),
                detail: detail(&err),
            });
        }
    }
    if let Err(err) = conn.command(Data).and_then(|_| conn.message(&bytes)) {
        conn.abort();
        return Err(refused(&err));
    }
    Ok(())
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
