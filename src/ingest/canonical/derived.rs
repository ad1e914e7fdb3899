//! Columns derived from others once a table's frame is built: a lead's full name from its
//! first and last names, an activity type from the file or sheet name, and a deal's or
//! lead's outcome from its stage, status and won date.

use super::super::values::{Outcome, outcome};
use crate::config::Config;
use anyhow::Result;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;

/// The activity type a file or sheet name implies ("Calls.csv" holds calls), for tables
/// without a type column.
pub(super) fn activity_kind_from_name(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    [
        ("call", "Call"),
        ("mail", "Email"),
        ("meeting", "Meeting"),
        ("event", "Meeting"),
        ("task", "Task"),
    ]
    .into_iter()
    .find(|(word, _)| lower.contains(word))
    .map(|(_, kind)| kind)
}

/// `name` = first name + " " + last name, when the export has no full-name column.
pub(super) fn compose_name(frame: &mut DataFrame) -> Result<()> {
    let first = frame.column("first_name")?.str()?.clone();
    let last = frame.column("last_name")?.str()?.clone();
    let names: Vec<Option<String>> = first
        .iter()
        .zip(last.iter())
        .map(|(f, l)| match (f, l) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (Some(x), None) | (None, Some(x)) => Some(x.to_string()),
            (None, None) => None,
        })
        .collect();
    frame.replace("name", Column::new("name".into(), names))?;
    Ok(())
}

/// `outcome` ("open", "won", "lost", or null when nothing says): won or lost when the stage
/// or the status says so (Pipedrive keeps the pipeline stage and a won/lost status apart),
/// won when only a won date is given, open when a stage or status says neither.
pub(super) fn add_outcome(frame: &mut DataFrame, config: &Config) -> Result<()> {
    let won = &config.stages.won;
    let lost = &config.stages.lost;
    let stage = frame.column("stage")?.str()?.clone();
    let status = frame.column("status")?.str()?.clone();
    let won_ms = frame.column("won_ms")?.i64()?.clone();
    // A stage or status is judged once per distinct text: an export has a handful of them.
    let mut known: HashMap<&str, Outcome> = HashMap::new();
    let rows = stage.iter().zip(status.iter()).zip(won_ms.iter());
    let outcomes: Vec<Option<&'static str>> = rows
        .map(|((stage, status), won_at)| {
            let judged = [stage, status].map(|text| {
                text.map(|text| {
                    *known
                        .entry(text)
                        .or_insert_with(|| outcome(text, won, lost))
                })
            });
            let decided = judged
                .iter()
                .flatten()
                .find(|o| **o != Outcome::Open)
                .copied();
            match decided {
                Some(o) => Some(outcome_name(o)),
                None if won_at.is_some() => Some("won"),
                None if judged.iter().any(Option::is_some) => Some("open"),
                None => None,
            }
        })
        .collect();
    frame.with_column(Column::new("outcome".into(), outcomes))?;
    Ok(())
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Open => "open",
        Outcome::Won => "won",
        Outcome::Lost => "lost",
    }
}
