//! The Friday report by email: a team message (a short HTML summary with a plain-text
//! alternative, the XLSX attached) and optionally one message per rep with only their own red
//! list; written as .eml files here, sent over SMTP by `friday send` (`cmd/send/smtp.rs`).
//!
//! Every figure comes from the `Report`; the per-rep list is the report's overdue list
//! filtered by owner. Addresses are resolved from `[email]` before the report is computed, so
//! a bad address stops the run before any file is written.

mod body;
mod team;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context as _, Result, bail};
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

use super::RenderContext;
use crate::atomic::replace_file;
use crate::config;
use crate::render::html::slug::slug;
pub(crate) use team::Attachments;

/// The media type of an XLSX attachment.
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `[email]` resolved: parsed addresses.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub from: Mailbox,
    /// Recipients of the team message; no team message when empty.
    pub to: Vec<Mailbox>,
    /// (rep name, address) for the per-rep messages; empty unless `per-rep`.
    pub reps: Vec<(String, Mailbox)>,
    pub attach_html: bool,
    /// `max-attachment-mb` in bytes: the largest the team message may be.
    pub max_message_bytes: usize,
}

impl Settings {
    /// Resolves the addresses of `[email]`.
    ///
    /// # Errors
    /// A missing sender or recipients, or an address that does not parse; each message names
    /// the setting.
    pub(crate) fn resolve(email: &config::Email) -> Result<Settings> {
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
        if !(email.max_attachment_mb.is_finite() && email.max_attachment_mb > 0.0) {
            bail!(
                "[email] max-attachment-mb = {}: give the largest message the mail server takes, in MB (e.g. 20)",
                email.max_attachment_mb
            );
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // positive, checked
        let max_message_bytes = (email.max_attachment_mb * 1e6) as usize;
        Ok(Settings {
            from,
            to,
            reps,
            attach_html: email.attach_html,
            max_message_bytes,
        })
    }
}

fn mailbox(text: &str) -> Result<Mailbox> {
    text.trim()
        .parse()
        .map_err(|err| anyhow::anyhow!("\"{text}\" is not an email address: {err}"))
}

/// A file to attach: its name and bytes.
pub(crate) struct Attached {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One message ready to send, and the name of its .eml file for a dry run.
pub(crate) struct Outgoing {
    pub file_stem: String,
    pub message: Message,
    pub subject: String,
}

/// Builds the team message (to `settings.to`, with the workbook and optionally the HTML
/// attached, or the summary workbook when they make it too large: `team.rs`) and one
/// message per rep in `settings.reps` carrying only that rep's overdue leads (no
/// attachment: the XLSX holds everyone's leads). `date` is the Date header.
///
/// # Errors
/// When a template fails to render or lettre refuses a header.
pub(crate) fn compose(
    cx: &RenderContext<'_>,
    settings: &Settings,
    files: &Attachments<'_>,
    date: SystemTime,
) -> Result<Vec<Outgoing>> {
    let report = cx.report;
    let templates = body::Mail::new(cx.templates.tera());
    let mut messages = Vec::new();
    if !settings.to.is_empty() {
        let subject = body::team_subject(report);
        messages.push(Outgoing {
            file_stem: format!("friday-{}", report.as_of),
            message: team::message(&templates, report, settings, files, &subject, date)?,
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
pub(crate) fn write_eml(messages: &[Outgoing], dir: &Path) -> Result<Vec<PathBuf>> {
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
