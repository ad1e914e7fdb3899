//! The Friday report by email: a team message (a short HTML summary with a plain-text
//! alternative, the XLSX attached) and optionally one message per rep with only their own red
//! list; sent over SMTP or written as .eml files.
//!
//! Every figure comes from the `Report`; the per-rep list is the report's overdue list
//! filtered by owner. Addresses and the SMTP settings are resolved from `[email]` before the
//! report is computed, so a bad address stops the run before any file is written.

mod body;
mod smtp;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result, bail};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};

use crate::config::{self, Security};
use crate::render::atomic::replace_file;
use crate::render::html::slug::slug;
use crate::report::Report;
pub use smtp::{SendError, deliver};

/// The media type of an XLSX attachment.
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `[email]` resolved: parsed addresses and, when sending, the SMTP server and password.
#[derive(Debug, Clone)]
pub struct Settings {
    pub from: Mailbox,
    /// Recipients of the team message; no team message when empty.
    pub to: Vec<Mailbox>,
    /// (rep name, address) for the per-rep messages; empty unless `per-rep`.
    pub reps: Vec<(String, Mailbox)>,
    pub attach_html: bool,
    /// `None` for a dry run.
    pub smtp: Option<SmtpSettings>,
}

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User and password (from the environment).
    pub credentials: Option<(String, String)>,
    pub timeout: Duration,
}

impl Settings {
    /// Resolves `[email]`; `env` looks up an environment variable (only the one named by
    /// `password-env` is asked). `smtp` is false for a dry run, which needs no server.
    ///
    /// # Errors
    /// A missing sender or recipients, an address that does not parse, no SMTP host, or a
    /// user whose password variable is not set; each message names the setting.
    pub fn resolve(
        email: &config::Email,
        smtp: bool,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings> {
        if email.from.trim().is_empty() {
            bail!(
                "[email] from: no sender; add from = \"Friday report <reports@example.com>\" to friday.toml"
            );
        }
        let from = mailbox(&email.from).context("[email] from")?;
        let to = email
            .to
            .iter()
            .map(|a| mailbox(a))
            .collect::<Result<Vec<_>>>()
            .context("[email] to")?;
        let reps = if email.per_rep {
            email
                .reps
                .iter()
                .map(|(rep, a)| Ok((rep.clone(), mailbox(a)?)))
                .collect::<Result<Vec<_>>>()
                .context("[email.reps]")?
        } else {
            Vec::new()
        };
        if to.is_empty() && reps.is_empty() {
            bail!(
                "[email] to: no recipients; add to = [\"sales@example.com\"] (or per-rep = true with [email.reps]) to friday.toml"
            );
        }
        let smtp = if smtp {
            Some(resolve_smtp(&email.smtp, env)?)
        } else {
            None
        };
        Ok(Settings {
            from,
            to,
            reps,
            attach_html: email.attach_html,
            smtp,
        })
    }
}

fn resolve_smtp(smtp: &config::Smtp, env: impl Fn(&str) -> Option<String>) -> Result<SmtpSettings> {
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

fn mailbox(text: &str) -> Result<Mailbox> {
    text.trim()
        .parse()
        .map_err(|err| anyhow::anyhow!("\"{text}\" is not an email address: {err}"))
}

/// A file to attach: its name and bytes.
pub struct Attached {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One message ready to send, and the name of its .eml file for a dry run.
pub struct Outgoing {
    pub file_stem: String,
    pub message: Message,
    pub subject: String,
}

/// Builds the team message (to `settings.to`, with `xlsx` and optionally `html` attached)
/// and one message per rep in `settings.reps` carrying only that rep's overdue leads (no
/// attachment: the XLSX holds everyone's leads). `date` is the Date header.
///
/// # Errors
/// When a template fails to render or lettre refuses a header.
pub fn compose(
    report: &Report,
    settings: &Settings,
    xlsx: &Attached,
    html: Option<&Attached>,
    date: SystemTime,
    templates: Option<&Path>,
) -> Result<Vec<Outgoing>> {
    let templates = body::Templates::load(templates)?;
    let mut messages = Vec::new();
    if !settings.to.is_empty() {
        let subject = body::team_subject(report);
        let names: Vec<&str> = std::iter::once(xlsx.name.as_str())
            .chain(html.map(|h| h.name.as_str()))
            .collect();
        let text = templates.team(report, &subject, &names.join(" and "))?;
        let mut parts = MultiPart::mixed()
            .multipart(MultiPart::alternative_plain_html(text.plain, text.html))
            .singlepart(
                Attachment::new(xlsx.name.clone())
                    .body(xlsx.bytes.clone(), ContentType::parse(XLSX_TYPE)?),
            );
        if let Some(html) = html {
            parts = parts.singlepart(Attachment::new(html.name.clone()).body(
                html.bytes.clone(),
                ContentType::parse("text/html; charset=utf-8")?,
            ));
        }
        let mut builder = Message::builder()
            .from(settings.from.clone())
            .subject(subject.clone())
            .date(date);
        for to in &settings.to {
            builder = builder.to(to.clone());
        }
        messages.push(Outgoing {
            file_stem: format!("friday-{}", report.as_of),
            message: builder
                .multipart(parts)
                .context("building the team message")?,
            subject,
        });
    }
    for (rep, address) in &settings.reps {
        let subject = body::rep_subject(report, rep);
        let text = templates.rep(report, rep, &subject)?;
        let message = Message::builder()
            .from(settings.from.clone())
            .to(address.clone())
            .subject(subject.clone())
            .date(date)
            .multipart(MultiPart::alternative_plain_html(text.plain, text.html))
            .with_context(|| format!("building the message for {rep}"))?;
        messages.push(Outgoing {
            file_stem: format!("friday-{}-{}", report.as_of, slug(rep)),
            message,
            subject,
        });
    }
    Ok(messages)
}

/// Writes each message as `dir/<stem>.eml` (the folder is created), each file replaced whole.
///
/// # Errors
/// When the folder cannot be created or a file cannot be written.
pub fn write_eml(messages: &[Outgoing], dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    for outgoing in messages {
        let path = dir.join(format!("{}.eml", outgoing.file_stem));
        let bytes = outgoing.message.formatted();
        replace_file(&path, |file| {
            use std::io::Write;
            file.write_all(&bytes)
                .with_context(|| format!("writing {}", path.display()))
        })?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests;
