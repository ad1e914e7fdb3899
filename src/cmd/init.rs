//! `friday init`: a commented friday.toml recording what was recognised in an export.

use crate::config::Config;
use crate::ingest::canonical::build_tables;
use crate::ingest::header::TableKind;
use crate::ingest::values::{Outcome, outcome};
use crate::ingest::{Discovery, Input, TableInfo, discover};
use anyhow::{Result, bail};
use std::collections::BTreeSet;
use std::fmt::Write;

/// The text of a friday.toml for these inputs.
///
/// # Errors
/// When no usable table is found even allowing for a missing owner column.
pub(crate) fn init(inputs: &[Input]) -> Result<String> {
    let config = Config::default();
    let found = discover(inputs, &config);
    // A leads table without a rep column is the one gap init settles by itself.
    let no_owner = found.findings.iter().any(|f| f.kind == "no owner column");
    let Discovery {
        kept,
        skipped,
        users,
        mut findings,
        errors,
    } = found;
    if let Some(err) = errors.into_iter().next() {
        return Err(err);
    }
    if kept.is_empty() {
        bail!(
            "no leads, activities or opportunities table found; `friday check` lists what each sheet holds"
        );
    }
    let (ambiguous, tables) = match build_tables(kept.iter().collect(), &config, &mut findings) {
        Ok((_, tables)) => (None, tables),
        Err(err) => {
            let mut dmy = config.clone();
            dmy.input.date_order = Some(crate::ingest::values::DateOrder::Dmy);
            let (_, tables) = build_tables(kept.iter().collect(), &dmy, &mut findings)?;
            (Some(format!("{err:#}")), tables)
        }
    };
    let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# friday.toml, written by `friday init` from: {}",
        names.join(", ")
    );
    // What was recognised, and what was done about it.
    let mut dialects: Vec<(&str, Vec<&str>)> = Vec::new();
    for table in &tables {
        if let Some(dialect) = table.dialect {
            match dialects.iter_mut().find(|(d, _)| *d == dialect) {
                Some((_, files)) => files.push(&table.file),
                None => dialects.push((dialect, vec![&table.file])),
            }
        }
    }
    for (dialect, files) in &dialects {
        let _ = writeln!(out, "# Recognised: {dialect} ({}).", files.join(", "));
    }
    for table in &tables {
        if let Some(trimmed) = table.trimmed.describe() {
            let _ = writeln!(out, "# {}: {trimmed}.", table.file);
        }
    }
    if !users.is_empty() {
        let _ = writeln!(
            out,
            "# Owners given as user ids are named through {} ({} users).",
            users.sources.join(", "),
            users.len()
        );
    }
    let _ = writeln!(
        out,
        "# Columns are recognised by their headers on every run; the mapping below is"
    );
    let _ = writeln!(
        out,
        "# a record of what was found. Uncomment a line under [columns.<kind>] to override it."
    );
    let _ = writeln!(
        out,
        "# `friday check <files>` shows what friday understands with this file.\n"
    );
    let _ = writeln!(out, "[input]");
    let _ = writeln!(
        out,
        "# Time zone of timestamps that carry no offset (IANA name)."
    );
    let _ = writeln!(out, "timezone = \"UTC\"");
    match ambiguous {
        Some(err) => {
            let _ = writeln!(out, "# REQUIRED: {err}");
            let _ = writeln!(
                out,
                "# Set the day/month order of numeric dates (\"dmy\" or \"mdy\"):"
            );
            let _ = writeln!(out, "date-order = \"dmy\"");
        }
        None => {
            let _ = writeln!(
                out,
                "# Day/month order of numeric dates like 03/04/2021, needed only when a column"
            );
            let _ = writeln!(
                out,
                "# does not show it (no day above 12): \"dmy\" or \"mdy\"."
            );
            let _ = writeln!(out, "# date-order = \"mdy\"");
        }
    }
    let _ = writeln!(
        out,
        "# Ratings written as words (Salesforce, Dynamics \"Rating\") and the rank each is."
    );
    let _ = writeln!(out, "# ratings = {{ hot = 1, warm = 4, cold = 7 }}");
    let _ = writeln!(out, "\n[hours]");
    let _ = writeln!(
        out,
        "# The working week SLAs and business hours count in (local to the time zone above)."
    );
    let _ = writeln!(out, "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]");
    let _ = writeln!(out, "start = \"09:00\"");
    let _ = writeln!(out, "end = \"17:00\"");
    let _ = writeln!(out, "# Public holidays: no working hours.");
    let _ = writeln!(out, "holidays = []  # e.g. [2026-12-25, 2026-12-26]");
    let _ = writeln!(out, "\n[sla]");
    let _ = writeln!(
        out,
        "# Hours a lead may wait for its first touch. The clock they (and the cadence's hour\n\
         # steps) count on: \"working-days\" (around the clock on the working days above,\n\
         # stopped on days off and holidays: 24 h from Friday 16:00 is Monday 16:00),\n\
         # \"business\" (only the hours from start to end: \"4 business hours\") or \"calendar\"."
    );
    let _ = writeln!(out, "clock = \"working-days\"");
    let _ = writeln!(out, "default-hours = {}", config.sla.default_hours);
    let _ = writeln!(out, "[sla.offers]");
    let _ = writeln!(
        out,
        "# Offer keyword = hours (matched in the offer, or the source when there is no offer)."
    );
    for (keyword, hours) in &config.sla.offers {
        let _ = writeln!(out, "{keyword} = {hours}");
    }
    write_metric_sections(&mut out);
    write_stages(&mut out, &config, &tables);
    for kind in TableKind::ALL {
        let of_kind: Vec<&TableInfo> = tables.iter().filter(|t| t.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n[columns.{kind}]");
        if kind == TableKind::Leads && no_owner {
            let _ = writeln!(
                out,
                "# No owner (sales rep) column was found: leads are reported under \"(no owner)\"."
            );
            let _ = writeln!(
                out,
                "# Put the header of the rep column here if the export has one."
            );
            let _ = writeln!(out, "owner = \"\"");
        }
        for t in of_kind {
            write_table(&mut out, t);
        }
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "\n# Not used (not a leads, activities or opportunities table):"
        );
        for s in &skipped {
            let sheet = if s.sheet.is_empty() {
                String::new()
            } else {
                format!(", sheet {}", s.sheet)
            };
            let _ = writeln!(out, "#   {}{sheet}: {}", s.file, s.reason);
        }
        let _ = writeln!(out, "# To use one, add a rule such as:");
        let _ = writeln!(
            out,
            "# [[tables]]\n# file = \"export.xlsx\"\n# sheet = \"Sheet1\"\n# kind = \"leads\""
        );
    }
    Ok(out)
}

/// The metric sections with their defaults, commented where they are examples.
fn write_metric_sections(out: &mut String) {
    let text = r#"
[follow-up]
# A contacted, open lead whose last touch is older than this is stale (amber).
stale-days = 14
# The red and amber lists hold leads created within this many days (0: no window); older
# ones are counted per rep ("never worked", "gone quiet"), the never-worked go to grab-back.
window-days = 90
# An overdue lead at this rank or better (1 best) is hot: its whole row is red.
hot-rank = 3

[cadence]
# Follow-up steps per offer keyword. The default trial cadence (seed 001) is:
# [[cadence.offers.trial]]
# name = "First call"
# channel = "call"          # call, email, meeting or any
# at = "24h"                # "72h", "5d", "-2d", or "day 5" (creation day = day 1)
# [[cadence.offers.trial]]
# name = "Personal email"
# channel = "email"
# at = "day 5"
# weekend-to-monday = true
# [[cadence.offers.trial]]
# name = "Trial expiry email"
# channel = "email"
# at = "-2d"
# from = "trial-end"        # created + trial-days
trial-days = 14
grace-hours = 0

[junk]
# Leads that look fake are listed with their reason; add your own to the built-in lists.
# exclude: leave them out of every follow-up and conversion figure (contacted, overdue,
# stale, conversion) and count them in their own column. (Older name:
# exclude-from-conversion, read as the same setting.)
exclude = true
fake-names = []             # e.g. ["Bugs Bunny"]
test-words = []
disposable-domains = []
placeholder-companies = []

[companies]
# Spellings of one company: alias = canonical name.
# "Amex" = "American Express"

[cohorts]
# Conversion over time by "week" or "month" of lead creation; younger cohorts are immature.
by = "month"
mature-days = 30

[offers]
# The two offers compared for significance (default: white paper and trial).
# compare = ["White Paper", "Trial Download"]

[grab-back]
# Leads at this rank or worse are marketing's (never red or amber); with no touch for this
# many days (and created before them) they go back to marketing to nurture, lost deals
# included. Never-worked leads older than [follow-up] window-days go back too.
rank = 7
days = 30

[attribution]
# Who a deal counts under: "deal-owner" (the opportunity's owner) or "lead-owner" (the
# owner of the lead it came from gets the deal, its win and its loss).
deals = "deal-owner"

[site]
# A folder of your own templates and assets for the HTML site (`friday templates` writes
# the defaults); any file missing there comes from the built-in ones.
# templates = "my-templates"
# The most rows a list on a page shows (follow-ups, grab-back, junk leads, duplicates,
# cadence of each lead); the page says how many there are and which workbook sheet (or the
# JSON report) holds them all. 0 shows every row.
# rows-per-list = 500
# Where the site is published; each rep's email then links to their page under it.
# base-url = "https://intranet.example.com/friday/"

# Sending the report (`friday send`, `friday report --send`). The password is never written
# here: it is read from the environment variable named by password-env.
# [email]
# from = "Friday report <reports@example.com>"
# to = ["sales@example.com", "marketing@example.com"]
# attach-html = false
# per-rep = false             # also send each rep below only their own red list
# max-attachment-mb = 20      # the largest team message the server takes (MB, as it counts:
#                             # base64 makes a file a third larger); over it the message
#                             # carries friday-DATE-summary.xlsx and says where the full one is
# [email.reps]
# "Dana Whitfield" = "dana@example.com"
# [email.smtp]
# host = "smtp.example.com"
# security = "starttls"       # starttls, tls or none
# user = "reports@example.com"
# password-env = "FRIDAY_SMTP_PASSWORD"
# timeout-seconds = 30
# ca-file = "corp-ca.pem"     # also trust this CA (PEM), e.g. the company's own for its relay
# system-roots = true         # trust the operating system's certificate store (/etc/ssl/certs)
"#;
    out.push_str(text);
}

fn write_stages(out: &mut String, config: &Config, tables: &[TableInfo]) {
    let stages: BTreeSet<&str> = tables
        .iter()
        .flat_map(|t| t.stage_values.iter().map(String::as_str))
        .collect();
    let statuses: BTreeSet<&str> = tables
        .iter()
        .flat_map(|t| t.status_values.iter().map(String::as_str))
        .collect();
    let _ = writeln!(out, "\n[stages]");
    let _ = writeln!(
        out,
        "# Stage or status values meaning won and lost (whole words, any case); others are open."
    );
    if !stages.is_empty() {
        let _ = writeln!(
            out,
            "# Stage values seen: {}",
            join_quoted(stages.iter().copied())
        );
    }
    if !statuses.is_empty() {
        let _ = writeln!(
            out,
            "# Status values seen: {}",
            join_quoted(statuses.iter().copied())
        );
        // How the lead statuses are read, so a funnel's order is visible and can be fixed.
        let read_as = |wanted: Outcome| -> Vec<&str> {
            statuses
                .iter()
                .copied()
                .filter(|s| outcome(s, &config.stages.won, &config.stages.lost) == wanted)
                .collect()
        };
        let (won, lost) = (read_as(Outcome::Won), read_as(Outcome::Lost));
        if !won.is_empty() {
            let _ = writeln!(
                out,
                "# Read as past conversion and won (a lead's own status): {}",
                join_quoted(won)
            );
        }
        if !lost.is_empty() {
            let _ = writeln!(out, "# Read as lost: {}", join_quoted(lost));
        }
        let junk: Vec<&str> = statuses
            .iter()
            .copied()
            .filter(|s| crate::metrics::junk::says_junk(s))
            .collect();
        if !junk.is_empty() {
            let _ = writeln!(
                out,
                "# Read as junk (marked junk in the CRM): {}",
                join_quoted(junk)
            );
        }
    }
    let _ = writeln!(
        out,
        "won = [{}]",
        join_quoted(config.stages.won.iter().map(String::as_str))
    );
    let _ = writeln!(
        out,
        "lost = [{}]",
        join_quoted(config.stages.lost.iter().map(String::as_str))
    );
}

fn join_quoted<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .map(|v| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_table(out: &mut String, t: &TableInfo) {
    let sheet = if t.sheet.is_empty() {
        String::new()
    } else {
        format!(", sheet {}", t.sheet)
    };
    let _ = writeln!(
        out,
        "# {}{sheet} (header row {}, {} rows):",
        t.file, t.header_row, t.rows
    );
    for (header, field) in &t.mapped {
        let _ = writeln!(
            out,
            "# {} = \"{}\"",
            field.key(),
            header.replace('"', "\\\"")
        );
    }
    if !t.missing.is_empty() {
        let names: Vec<&str> = t.missing.iter().map(|f| f.key()).collect();
        let _ = writeln!(out, "#   not found: {}", names.join(", "));
    }
    if !t.unmapped.is_empty() {
        let _ = writeln!(out, "#   columns not used: {}", t.unmapped.join(", "));
    }
}

/// Runs `friday init`: writes the commented friday.toml to `out` (not over an existing file
/// unless `force`).
///
/// # Errors
/// An existing file without `force`, unreadable inputs, an unwritable destination.
pub(crate) fn run(
    inputs: &[std::path::PathBuf],
    out: &std::path::Path,
    force: bool,
) -> Result<std::process::ExitCode> {
    if out.exists() && !force {
        anyhow::bail!("{} exists; use --force to replace it", out.display());
    }
    let inputs: Vec<Input> = inputs.iter().map(|p| Input::new(p)).collect();
    let text = init(&inputs)?;
    crate::atomic::write_atomically(out, text.as_bytes())?;
    println!("wrote {}", out.display());
    Ok(std::process::ExitCode::SUCCESS)
}
