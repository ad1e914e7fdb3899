//! `friday check`: says what friday understood in the inputs, and every row it could not read.

use crate::config::Config;
use crate::ingest::{Discovery, Input, TableInfo, build, discover};
use crate::report::Finding;
use std::fmt::Write;

/// The check report as text, and whether anything usable was found.
#[must_use]
pub(crate) fn check(inputs: &[Input], config: &Config, all: bool) -> (String, bool) {
    let Discovery {
        kept,
        skipped,
        users,
        mut findings,
        mut errors,
    } = discover(inputs, config);
    let mut out = String::new();
    let mut usable = false;
    let none_kept = kept.is_empty();
    if !none_kept {
        match build(kept, &users, config, &mut findings) {
            Ok((_, tables)) => {
                usable = true;
                let _ = writeln!(out, "Tables");
                for table in &tables {
                    write_table(&mut out, table);
                }
            }
            Err(err) => errors.push(err),
        }
    }
    if !users.is_empty() {
        let _ = writeln!(
            out,
            "\nOwners named through {} ({} users)",
            users.sources.join(", "),
            users.len()
        );
    }
    if !skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped (not a table friday uses)");
        for s in &skipped {
            let place = if s.sheet.is_empty() {
                s.file.clone()
            } else {
                format!("{}, sheet {}", s.file, s.sheet)
            };
            let _ = writeln!(out, "  {place}: {}", s.reason);
        }
    }
    write_findings(&mut out, &findings, all);
    if !errors.is_empty() {
        usable = false;
        let _ = writeln!(
            out,
            "\nErrors (a report cannot be written until these are fixed)"
        );
        for e in &errors {
            let _ = writeln!(out, "  {e:#}");
        }
    }
    if none_kept && errors.is_empty() {
        let _ = writeln!(
            out,
            "\nNo leads, activities or opportunities table was found."
        );
    }
    (out, usable)
}

fn write_table(out: &mut String, t: &TableInfo) {
    let place = if t.sheet.is_empty() {
        t.file.clone()
    } else {
        format!("{}, sheet {}", t.file, t.sheet)
    };
    let csv = t
        .csv
        .as_ref()
        .map(|(enc, delim)| format!(", {enc}, delimiter {}", delimiter_name(*delim)))
        .unwrap_or_default();
    let dialect = t.dialect.map(|d| format!(" ({d})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "  {place} (header row {}{csv}): {}, {} rows{dialect}",
        t.header_row, t.kind, t.rows
    );
    if let Some(trimmed) = t.trimmed.describe() {
        let _ = writeln!(out, "    {trimmed}");
    }
    for (header, field) in &t.mapped {
        let _ = writeln!(out, "    {} -> {}", quoted(header), field.key());
    }
    if !t.unmapped.is_empty() {
        let unmapped: Vec<String> = t.unmapped.iter().map(|h| quoted(h)).collect();
        let _ = writeln!(out, "    not used: {}", unmapped.join(", "));
    }
    if !t.missing.is_empty() {
        let names: Vec<&str> = t.missing.iter().map(|f| f.key()).collect();
        let _ = writeln!(out, "    no column for: {}", names.join(", "));
    }
}

fn delimiter_name(c: char) -> String {
    match c {
        '\t' => "tab".to_string(),
        other => format!("'{other}'"),
    }
}

/// Rows of one kind listed before "N more" (all of them with `--all`).
const ROWS_SHOWN: usize = 5;

/// How many rows a summary finding ("120 more rows like the above in this column") stands
/// for, or `None` for a finding about one row or one table.
fn more_rows(f: &Finding) -> Option<usize> {
    let (n, rest) = f.message.split_once(' ')?;
    if f.row == 0 && rest.starts_with("more rows like the above") {
        n.parse().ok()
    } else {
        None
    }
}

/// The findings grouped by kind, in the order each kind first appears: the kind, how many
/// rows it covers, and the first [`ROWS_SHOWN`] of them (every one with `all`).
fn write_findings(out: &mut String, findings: &[Finding], all: bool) {
    let mut kinds: Vec<(&str, Vec<&Finding>, usize)> = Vec::new();
    for f in findings {
        let at = match kinds.iter().position(|(kind, _, _)| *kind == f.kind) {
            Some(at) => at,
            None => {
                kinds.push((&f.kind, Vec::new(), 0));
                kinds.len() - 1
            }
        };
        let (_, listed, uncounted) = &mut kinds[at];
        match more_rows(f) {
            Some(more) => *uncounted += more,
            None => listed.push(f),
        }
    }
    let total: usize = kinds.iter().map(|(_, l, more)| l.len() + more).sum();
    let _ = writeln!(out, "\nProblems in the data ({total})");
    if kinds.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (kind, listed, uncounted) in &kinds {
        let count = listed.len() + uncounted;
        let _ = writeln!(out, "  {kind} ({count})");
        let shown = if all {
            listed.len()
        } else {
            ROWS_SHOWN.min(listed.len())
        };
        for f in &listed[..shown] {
            let mut place = f.file.clone();
            if !f.sheet.is_empty() {
                let _ = write!(place, ", sheet {}", f.sheet);
            }
            if f.row > 0 {
                let _ = write!(place, ", row {}", f.row);
            }
            if !f.column.is_empty() {
                let _ = write!(place, ", column {}", quoted(&f.column));
            }
            let value = if f.value.is_empty() {
                String::new()
            } else {
                format!(" \"{}\":", f.value)
            };
            let _ = writeln!(out, "    {place}:{value} {}", f.message);
        }
        // Rows not printed: beyond the first five, and beyond what was kept (without
        // `--all`, the first FINDINGS_LISTED of a kind per table).
        let hidden = listed.len() - shown + uncounted;
        if hidden > 0 {
            let _ = writeln!(out, "    and {hidden} more (friday check --all lists them)");
        }
    }
}

/// A header as `check` prints it: quoted when it holds a comma or a quote, so a list of
/// headers reads unambiguously ("Deal Value, $" is one header).
fn quoted(header: &str) -> String {
    if header.contains([',', '"']) {
        format!("\"{}\"", header.replace('"', "\"\""))
    } else {
        header.to_string()
    }
}

/// Runs `friday check`: prints what it understood; exit 1 when nothing usable was found.
///
/// # Errors
/// A config file that cannot be read.
pub(crate) fn run(
    inputs: &[std::path::PathBuf],
    config: Option<&std::path::Path>,
    all: bool,
) -> anyhow::Result<std::process::ExitCode> {
    let config = super::load_config(config)?;
    let inputs: Vec<Input> = inputs.iter().map(|p| Input::new(p)).collect();
    if all {
        crate::ingest::quality::list_every_finding();
    }
    let (text, usable) = check(&inputs, &config, all);
    print!("{text}");
    Ok(if usable {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    })
}
