//! `friday send` and `friday report --send`: resolve `[email]` before any work, write the
//! report, then send it over SMTP (`smtp.rs`), recording each message as it goes out
//! (`record.rs`) so that a rerun sends only what is missing; or write the messages as .eml
//! files.

mod record;
mod smtp;
mod tls;

use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use crate::metrics::AsOf;
use anyhow::{Context as _, Result};
use lettre::Address;

use super::report::{Outputs, headline, write_report};
use crate::cli::ReportOptions;
use crate::config::Config;
use crate::render::RenderContext;
use crate::render::email::{self, Attached, Attachments, Outgoing};
use record::{Entry, Record};
pub(crate) use smtp::{BACKOFF, Job, Outcome, SmtpSettings, deliver};

/// Exit code when the report was written but not every message could be sent.
pub(crate) const NOT_SENT: u8 = 3;

/// How to send: for real, or as .eml files into a folder; and whether to send again what was
/// sent before.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mode<'a> {
    pub dry_run: Option<&'a Path>,
    pub resend: bool,
}

impl<'a> Mode<'a> {
    pub(crate) fn new(dry_run: Option<&'a Path>, resend: bool) -> Mode<'a> {
        Mode { dry_run, resend }
    }
}

/// Runs `friday send`: the report options as for `friday report`, then the sending.
///
/// # Errors
/// As [`send`].
pub(crate) fn run(options: &ReportOptions, mode: Mode<'_>) -> Result<ExitCode> {
    let config = super::load_config(options.config.as_deref())?;
    let as_of = super::resolve_as_of(options.as_of.as_deref(), &config)?;
    send(
        &options.inputs,
        &config,
        as_of,
        &Outputs::new(options, &config, as_of)?,
        mode,
    )
}

/// Writes the report as `friday report` does, then sends what `OUT/sent-DATE.json` does not
/// record as sent (everything with `resend`), or, with `dry_run`, writes the messages into
/// that folder. Any message not sent leaves the written files as they are and exits with
/// [`NOT_SENT`].
///
/// # Errors
/// Bad `[email]` settings, a missing password or an unreadable record (before anything is
/// written), and the report's own failures.
pub(crate) fn send(
    inputs: &[PathBuf],
    config: &Config,
    as_of: AsOf,
    outputs: &Outputs,
    mode: Mode<'_>,
) -> Result<ExitCode> {
    let settings = email::Settings::resolve(&config.email)?;
    let date = as_of.date();
    let record_path = record::path(&outputs.layout.out, date);
    let live = match mode.dry_run {
        Some(_) => None,
        None => Some((
            SmtpSettings::resolve(&config.email.smtp, |name| std::env::var(name).ok())?,
            Record::load(&record_path, date)?,
        )),
    };
    let (report, written) = write_report(inputs, config, as_of, outputs)?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!("{}", headline(&report));
    let cx = RenderContext::new(&report, &outputs.layout, &outputs.templates);
    let path = &outputs.layout.xlsx;
    let summary = || {
        Ok(Attached {
            name: format!("friday-{date}-summary.xlsx"),
            bytes: crate::render::xlsx::summary_xlsx(&report)?,
        })
    };
    let files = Attachments {
        xlsx: Attached {
            bytes: std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
            name: format!("friday-{date}.xlsx"),
        },
        xlsx_path: std::path::absolute(path).unwrap_or_else(|_| path.clone()),
        html: if settings.attach_html {
            Some(Attached {
                name: format!("friday-{date}.html"),
                bytes: crate::render::html::render_single(&cx)?.into_bytes(),
            })
        } else {
            None
        },
        summary: &summary,
    };
    let messages = email::compose(&cx, &settings, &files, SystemTime::now())?;
    match (mode.dry_run, live) {
        (Some(dir), _) => {
            for path in email::write_eml(&messages, dir)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        (None, Some((smtp, record))) => Ok(Sending {
            record,
            record_path,
            date,
            ..Sending::default()
        }
        .run(&messages, &smtp, mode.resend)),
        (None, None) => anyhow::bail!("no SMTP settings"),
    }
}

/// The addresses of a list, "a@x.test, b@x.test".
fn joined(addresses: &[Address]) -> String {
    addresses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One run of sending: the record it keeps and what it counts.
#[derive(Default)]
struct Sending {
    record: Record,
    record_path: PathBuf,
    date: chrono::NaiveDate,
    sent: usize,
    before: usize,
    /// "\"subject\" to address", one per message and recipients not reached.
    not_sent: Vec<String>,
    /// The record could not be written: sending stopped.
    record_error: Option<anyhow::Error>,
}

impl Sending {
    fn run(mut self, messages: &[Outgoing], smtp: &SmtpSettings, resend: bool) -> ExitCode {
        let jobs = self.jobs(messages, resend);
        let mut done = 0;
        let result = deliver(&jobs, smtp, &BACKOFF, |job, outcome| {
            done += 1;
            self.outcome(job, outcome)
        });
        if let Err(err) = result {
            eprintln!("error: {err}");
        }
        for job in &jobs[done.min(jobs.len())..] {
            self.not_sent.push(format!(
                "\"{}\" to {}",
                job.outgoing.subject,
                joined(&job.recipients)
            ));
        }
        if let Some(err) = &self.record_error {
            eprintln!("error: {err:#}; sending stopped so that no message goes out unrecorded");
        }
        println!(
            "{} sent, {} not sent, {} sent before; recorded in {}",
            self.sent,
            self.not_sent.len(),
            self.before,
            self.record_path.display()
        );
        if self.not_sent.is_empty() {
            return ExitCode::SUCCESS;
        }
        for line in &self.not_sent {
            eprintln!("not sent: {line}");
        }
        eprintln!(
            "The report files were written and are left as they are; `friday send` again for {} sends only what is not recorded as sent (--resend sends everything).",
            self.date
        );
        ExitCode::from(NOT_SENT)
    }

    /// Each message with the recipients the record does not show it reached (all of them
    /// with `resend`); a message that reached everyone is said and skipped.
    fn jobs<'m>(&mut self, messages: &'m [Outgoing], resend: bool) -> Vec<Job<'m>> {
        let mut jobs = Vec::new();
        for outgoing in messages {
            let to = outgoing.message.envelope().to();
            let reached: BTreeSet<&str> = if resend {
                BTreeSet::new()
            } else {
                self.record.sent_to(&outgoing.file_stem)
            };
            let missing: Vec<Address> = to
                .iter()
                .filter(|address| !reached.contains(AsRef::<str>::as_ref(*address)))
                .cloned()
                .collect();
            if missing.is_empty() {
                println!(
                    "already sent \"{}\" to {} at {}; --resend sends it again",
                    outgoing.subject,
                    joined(to),
                    self.record.last_sent(&outgoing.file_stem).unwrap_or("?")
                );
                self.before += 1;
            } else {
                jobs.push(Job {
                    outgoing,
                    recipients: missing,
                });
            }
        }
        jobs
    }

    fn outcome(&mut self, job: &Job<'_>, outcome: Outcome) -> ControlFlow<()> {
        let subject = &job.outgoing.subject;
        match outcome {
            Outcome::Sent {
                accepted,
                refused,
                reply,
            } => {
                println!("sent \"{subject}\" to {}", joined(&accepted));
                self.sent += 1;
                for err in &refused {
                    eprintln!("error: {err}");
                }
                let missed: Vec<Address> = job
                    .recipients
                    .iter()
                    .filter(|address| !accepted.contains(address))
                    .cloned()
                    .collect();
                if !missed.is_empty() {
                    self.not_sent
                        .push(format!("\"{subject}\" to {}", joined(&missed)));
                }
                let entry = Entry {
                    message: job.outgoing.file_stem.clone(),
                    subject: subject.clone(),
                    recipients: accepted.iter().map(ToString::to_string).collect(),
                    sent_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    reply,
                };
                if let Err(err) = self.record.push(entry, &self.record_path) {
                    self.record_error = Some(err);
                    return ControlFlow::Break(());
                }
            }
            Outcome::Failed(errors) => {
                for err in &errors {
                    eprintln!("error: {err}");
                }
                self.not_sent
                    .push(format!("\"{subject}\" to {}", joined(&job.recipients)));
            }
        }
        ControlFlow::Continue(())
    }
}
