//! `friday send` and `friday report --send`: resolve `[email]` before any work, write the
//! report, then send it over SMTP (`smtp.rs`) or write the messages as .eml files.

mod smtp;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use crate::metrics::AsOf;
use anyhow::{Context as _, Result};

use super::report::{Outputs, headline, write_report};
use crate::cli::ReportOptions;
use crate::config::Config;
use crate::render::RenderContext;
use crate::render::email::{self, Attached};
pub(crate) use smtp::{SmtpSettings, deliver};

/// Exit code when the report was written but could not be sent.
pub(crate) const NOT_SENT: u8 = 3;

/// Runs `friday send`: the report options as for `friday report`, then the sending.
///
/// # Errors
/// As [`send`].
pub(crate) fn run(options: &ReportOptions, dry_run: Option<&Path>) -> Result<ExitCode> {
    let config = super::load_config(options.config.as_deref())?;
    let as_of = super::resolve_as_of(options.as_of.as_deref(), &config)?;
    send(
        &options.inputs,
        &config,
        as_of,
        &Outputs::new(options, &config, as_of)?,
        dry_run,
    )
}

/// Writes the report as `friday report` does, then sends it (or, with `dry_run`, writes the
/// messages into that folder). A failure to send leaves the written files as they are and
/// exits with [`NOT_SENT`].
///
/// # Errors
/// Bad `[email]` settings or a missing password (before anything is written), and the
/// report's own failures.
pub(crate) fn send(
    inputs: &[PathBuf],
    config: &Config,
    as_of: AsOf,
    outputs: &Outputs,
    dry_run: Option<&Path>,
) -> Result<ExitCode> {
    let settings = email::Settings::resolve(&config.email)?;
    let smtp = match dry_run {
        Some(_) => None,
        None => Some(SmtpSettings::resolve(&config.email.smtp, |name| {
            std::env::var(name).ok()
        })?),
    };
    let (report, written) = write_report(inputs, config, as_of, outputs)?;
    let as_of = as_of.date();
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!("{}", headline(&report));
    let cx = RenderContext::new(&report, &outputs.layout, &outputs.templates);
    let path = &outputs.layout.xlsx;
    let xlsx = Attached {
        bytes: std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
        name: format!("friday-{as_of}.xlsx"),
    };
    let html = if settings.attach_html {
        Some(Attached {
            name: format!("friday-{as_of}.html"),
            bytes: crate::render::html::render_single(&cx)?.into_bytes(),
        })
    } else {
        None
    };
    let messages = email::compose(&cx, &settings, &xlsx, html.as_ref(), SystemTime::now())?;
    if let Some(dir) = dry_run {
        for path in email::write_eml(&messages, dir)? {
            println!("wrote {}", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(smtp) = &smtp else {
        anyhow::bail!("no SMTP settings");
    };
    let result = deliver(&messages, smtp, |sent| {
        let to: Vec<String> = sent
            .message
            .envelope()
            .to()
            .iter()
            .map(ToString::to_string)
            .collect();
        println!("sent \"{}\" to {}", sent.subject, to.join(", "));
    });
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) => {
            eprintln!(
                "error: {err}\nThe report files were written and are left as they are; messages not listed as sent were not sent."
            );
            Ok(ExitCode::from(NOT_SENT))
        }
    }
}
