//! The team message and what it carries: the workbook (and the single-file HTML when asked),
//! or, when that would make the message larger than `[email] max-attachment-mb`, the compact
//! `friday-DATE-summary.xlsx`, the body saying why and where the full workbook was written.

use std::cell::OnceCell;
use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::{Context as _, Result};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart};

use super::{Attached, Settings, XLSX_TYPE, body};
use crate::report::Report;

/// The files the team message may carry.
pub(crate) struct Attachments<'a> {
    /// The full workbook, `friday-DATE.xlsx`.
    pub xlsx: Attached,
    /// Where the full workbook was written, for the body when it is too large to mail.
    pub xlsx_path: PathBuf,
    /// The single-file HTML report, with `attach-html`.
    pub html: Option<Attached>,
    /// Makes `friday-DATE-summary.xlsx`; called only when the full workbook does not fit.
    pub summary: &'a dyn Fn() -> Result<Attached>,
}

/// "72.4 MB", "40 kB", "100 bytes" (1 MB = 1,000,000 bytes, as mail servers count).
fn megabytes(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss)] // sizes far below 2^52 bytes
    let size = bytes as f64;
    if bytes >= 1_000_000 {
        format!("{:.1} MB", size / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.0} kB", size / 1e3)
    } else {
        format!("{bytes} bytes")
    }
}

/// The team message with the largest set of attachments that keeps it within the limit: the
/// workbook and the HTML, the workbook alone, the summary and the HTML, the summary alone,
/// nothing.
///
/// # Errors
/// When a template fails to render, the summary workbook cannot be made, or lettre refuses
/// a header.
pub(super) fn message(
    templates: &body::Mail<'_>,
    report: &Report,
    settings: &Settings,
    files: &Attachments<'_>,
    subject: &str,
    date: SystemTime,
) -> Result<Message> {
    let summary = OnceCell::new();
    let summary = || -> Result<&Attached> {
        if summary.get().is_none() {
            let _ = summary.set((files.summary)()?);
        }
        Ok(summary.get().expect("set just above"))
    };
    let limit = settings.max_message_bytes;
    let mut choices: Vec<(bool, bool)> = Vec::new(); // (full workbook, html)
    for full_workbook in [true, false] {
        if files.html.is_some() {
            choices.push((full_workbook, true));
        }
        choices.push((full_workbook, false));
    }
    for (full_workbook, with_html) in choices {
        let workbook = if full_workbook {
            Workbook::Full
        } else {
            Workbook::Summary(summary()?)
        };
        let mut parts: Vec<&Attached> = match workbook {
            Workbook::Full => vec![&files.xlsx],
            Workbook::Summary(summary) => vec![summary],
            Workbook::None => Vec::new(),
        };
        if with_html {
            parts.extend(files.html.as_ref());
        }
        let note = note(files, workbook, with_html, limit);
        let message = build(templates, report, settings, &parts, &note, subject, date)?;
        if message.formatted().len() <= limit {
            return Ok(message);
        }
    }
    // Not even the summary fits: the body alone, saying where the workbook is.
    let note = note(files, Workbook::None, false, limit);
    build(templates, report, settings, &[], &note, subject, date)
}

/// Which workbook the team message carries.
#[derive(Clone, Copy)]
enum Workbook<'a> {
    Full,
    Summary(&'a Attached),
    None,
}

/// The sentences the body says about what was too large to attach.
fn note(files: &Attachments<'_>, workbook: Workbook<'_>, with_html: bool, limit: usize) -> String {
    let mut text = Vec::new();
    let limit = megabytes(limit);
    let too_large = format!(
        "The full workbook {} ({}) is too large to mail (the limit is {limit}); it was written to {}.",
        files.xlsx.name,
        megabytes(files.xlsx.bytes.len()),
        files.xlsx_path.display(),
    );
    match workbook {
        Workbook::Full => {}
        Workbook::Summary(summary) => {
            text.push(too_large);
            text.push(format!(
                "Attached instead: {}, with the Summary, the red Follow-ups rows, Reps, Sources and Offers over time.",
                summary.name
            ));
        }
        Workbook::None => {
            text.push(too_large);
            text.push("Even its summary is too large, so nothing is attached.".to_string());
        }
    }
    if let Some(html) = &files.html
        && !with_html
    {
        text.push(format!(
            "The single-file report {} ({}) is too large to mail with it.",
            html.name,
            megabytes(html.bytes.len())
        ));
    }
    text.join(" ")
}

fn build(
    templates: &body::Mail<'_>,
    report: &Report,
    settings: &Settings,
    parts: &[&Attached],
    note: &str,
    subject: &str,
    date: SystemTime,
) -> Result<Message> {
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    let text = templates.team(report, subject, &names.join(" and "), note)?;
    let mut body =
        MultiPart::mixed().multipart(MultiPart::alternative_plain_html(text.plain, text.html));
    for part in parts {
        let kind = if part.name.ends_with(".xlsx") {
            ContentType::parse(XLSX_TYPE)?
        } else {
            ContentType::parse("text/html; charset=utf-8")?
        };
        body = body.singlepart(Attachment::new(part.name.clone()).body(part.bytes.clone(), kind));
    }
    let mut builder = Message::builder()
        .from(settings.from.clone())
        .subject(subject.to_string())
        .date(date);
    for to in &settings.to {
        builder = builder.to(to.clone());
    }
    builder.multipart(body).context("building the team message")
}
