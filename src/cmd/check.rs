//! `friday check`: says what friday understood in the inputs, and every row it could not read.

use crate::config::Config;
use crate::ingest::{Discovery, Input, TableInfo, build, discover};
use std::fmt::Write;

/// The check report as text, and whether anything usable was found.
#[must_use]
pub(crate) fn check(inputs: &[Input], config: &Config) -> (String, bool) {
    let Discovery {
        kept,
        skipped,
        users,
        mut findings,
        mut errors,
    } = discover(inputs, config);
    let mut out = String::new();
    let mut usable = false;
    if !kept.is_empty() {
        match build(&kept, &users, config, &mut findings) {
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
    let _ = writeln!(out, "\nProblems in the data ({})", findings.len());
    if findings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for f in &findings {
        let mut place = f.file.clone();
        if !f.sheet.is_empty() {
            let _ = write!(place, ", sheet {}", f.sheet);
        }
        if f.row > 0 {
            let _ = write!(place, ", row {}", f.row);
        }
        if !f.column.is_empty() {
            let _ = write!(place, ", column {}", f.column);
        }
        let value = if f.value.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", f.value)
        };
        let _ = writeln!(out, "  {place}: {}{value}: {}", f.kind, f.message);
    }
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
    if kept.is_empty() && errors.is_empty() {
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
        let _ = writeln!(out, "    {header} -> {}", field.key());
    }
    if !t.unmapped.is_empty() {
        let _ = writeln!(out, "    not used: {}", t.unmapped.join(", "));
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

/// Runs `friday check`: prints what it understood; exit 1 when nothing usable was found.
///
/// # Errors
/// A config file that cannot be read.
pub(crate) fn run(
    inputs: &[std::path::PathBuf],
    config: Option<&std::path::Path>,
) -> anyhow::Result<std::process::ExitCode> {
    let config = super::load_config(config)?;
    let inputs: Vec<Input> = inputs.iter().map(|p| Input::new(p)).collect();
    let (text, usable) = check(&inputs, &config);
    print!("{text}");
    Ok(if usable {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    })
}
