//! Canonical tables: mapped columns converted to typed polars columns, one frame per kind.
//!
//! Times are stored as Int64 milliseconds since the Unix epoch, in UTC (`*_ms` columns).
//! Every row keeps `table` (index into the table list) and `row` (sheet row or CSV line) so a
//! finding can name where it came from.
//!
//! Longer than most modules (~550 lines): one `FrameBuilder` converts every kind of column
//! (text, dates, ranks, yes/no, amounts) of one table, and the conversions share its table,
//! row numbering and findings; split across files they would pass all of that around. The
//! columns derived from others once the frame is built (full name, activity type, outcome)
//! are in `derived.rs`.

mod derived;

use super::grid::{CellRef, RawTable};
use super::header::{Field, TableKind};
use super::quality;
use super::sheet::column_letters;
use super::values::{
    DateOrder, ValueError, infer_date_order, number_to_stamp, parse_amount, parse_bool,
    parse_date_text, parse_rank, rank_from_number, to_utc,
};
use super::{Kept, TableInfo};
use crate::config::Config;
use crate::report::Finding;
use anyhow::{Result, bail};
use polars::prelude::*;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// The rep of every lead of a leads table that has no rep column.
pub(crate) const NO_OWNER: &str = "(no owner)";

/// True for a leads table with no owner column: none among its headers, or `owner = ""`
/// under `[columns.leads]` (the export has none, on purpose).
pub(crate) fn no_owner_column(kind: TableKind, mapping: &[(usize, Field)]) -> bool {
    kind == TableKind::Leads && !mapping.iter().any(|(_, f)| *f == Field::Owner)
}

/// The canonical tables; each is `None` when no input held that kind.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub leads: Option<DataFrame>,
    pub activities: Option<DataFrame>,
    pub opportunities: Option<DataFrame>,
}

impl Tables {
    /// Each table with the column that dates its rows (a lead's or deal's creation, an
    /// activity's time) and the field that column was read from.
    pub(crate) fn dated(&self) -> [(Option<&DataFrame>, &'static str, Field); 3] {
        [
            (self.leads.as_ref(), "created_ms", Field::CreatedAt),
            (self.activities.as_ref(), "at_ms", Field::ActivityAt),
            (self.opportunities.as_ref(), "created_ms", Field::CreatedAt),
        ]
    }
}

/// Converts mapped raw tables into canonical frames, and describes each table.
///
/// # Errors
/// A date column whose day/month order cannot be told without `[input] date-order`, and
/// polars failures.
///
/// Given the tables themselves (not references), each raw table is freed as soon as its frame
/// is built, so the cells of a table and its frame are not held longer than that together.
pub(crate) fn build_tables<K: std::borrow::Borrow<Kept> + Send>(
    kept: Vec<K>,
    config: &Config,
    findings: &mut Vec<Finding>,
) -> Result<(Tables, Vec<TableInfo>)> {
    let tz = config.timezone()?;
    let kinds: Vec<TableKind> = kept.iter().map(|k| k.borrow().kind).collect();
    // Tables are converted side by side; their frames, descriptions and findings are then
    // taken in the order the tables were found.
    let built: Vec<Result<(DataFrame, TableInfo, Vec<Finding>)>> = kept
        .into_par_iter()
        .enumerate()
        .map(|(index, kept)| build_table(index, kept.borrow(), config, tz))
        .collect();
    let mut frames: [Vec<DataFrame>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut infos = Vec::new();
    for (kind, built) in kinds.into_iter().zip(built) {
        let (frame, info, own) = built?;
        findings.extend(own);
        infos.push(info);
        frames[kind as usize].push(frame);
    }
    let [leads, activities, opportunities] = frames.map(concat);
    Ok((
        Tables {
            leads: leads?,
            activities: activities?,
            opportunities: opportunities?,
        },
        infos,
    ))
}

/// One table's canonical frame, its description and the findings of its values.
fn build_table(
    index: usize,
    kept: &Kept,
    config: &Config,
    tz: chrono_tz::Tz,
) -> Result<(DataFrame, TableInfo, Vec<Finding>)> {
    let Kept {
        table,
        kind,
        mapping,
        csv,
        ..
    } = kept;
    let index = u32::try_from(index).unwrap_or(u32::MAX);
    let mut findings = Vec::new();
    let mut builder = FrameBuilder::new(table, index, config, tz, &mut findings);
    let mut stage_values = Vec::new();
    let mut status_values = Vec::new();
    // The fields are converted side by side, each with findings of its own; columns and
    // findings are then taken in field order, so the frame and the messages are the same
    // whatever finished first.
    let fields: Vec<(Field, Option<usize>)> = kind
        .fields()
        .iter()
        .map(|&field| {
            let col = mapping.iter().find(|(_, f)| *f == field).map(|(c, _)| *c);
            (field, col)
        })
        .collect();
    let converted: Vec<Result<(Column, Vec<Finding>)>> = fields
        .par_iter()
        .map(|&(field, col)| {
            if no_owner_column(*kind, mapping) && field == Field::Owner {
                // No rep column at all (and none named in friday.toml): every lead is one
                // rep's.
                let n = table.len();
                let column = Column::new(column_name(field).into(), vec![Some(NO_OWNER); n]);
                return Ok((column, Vec::new()));
            }
            let mut own = Vec::new();
            let column =
                FrameBuilder::new(table, index, config, tz, &mut own).column(field, col)?;
            Ok((column, own))
        })
        .collect();
    for (&(field, col), converted) in fields.iter().zip(converted) {
        let (column, own) = converted?;
        builder.columns.push(column);
        builder.findings.extend(own);
        if let Some(col) = col {
            if field == Field::Stage {
                stage_values = distinct_values(table, col);
            } else if field == Field::Status {
                status_values = distinct_values(table, col);
            }
        }
    }
    let frame = builder.finish(*kind, mapping)?;
    let mapped_cols: BTreeSet<usize> = mapping.iter().map(|(c, _)| *c).collect();
    let info = TableInfo {
        trimmed: table.trimmed,
        dialect: super::dialect::recognise(&table.headers, table.trimmed),
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        header_row: table.header_row,
        kind: *kind,
        rows: table.len(),
        mapped: mapping
            .iter()
            .map(|(c, f)| (table.headers[*c].clone(), *f))
            .collect(),
        unmapped: table
            .headers
            .iter()
            .enumerate()
            .filter(|(c, _)| !mapped_cols.contains(c))
            .map(|(_, h)| h.clone())
            .collect(),
        // A lead's converted deal is an optional link, not a column the export lacks.
        missing: kind
            .fields()
            .iter()
            .filter(|f| !(*kind == TableKind::Leads && **f == Field::OpportunityId))
            .filter(|f| !mapping.iter().any(|(_, m)| m == *f))
            .copied()
            .collect(),
        stage_values,
        status_values,
        csv: csv.clone(),
    };
    Ok((frame, info, findings))
}

fn concat(frames: Vec<DataFrame>) -> Result<Option<DataFrame>> {
    let mut iter = frames.into_iter();
    let Some(mut first) = iter.next() else {
        return Ok(None);
    };
    for frame in iter {
        first.vstack_mut_owned(frame)?;
    }
    first.rechunk_mut();
    Ok(Some(first))
}

/// Up to 50 distinct non-empty text values of a column, sorted.
fn distinct_values(table: &RawTable, col: usize) -> Vec<String> {
    let mut seen = BTreeSet::new();
    table.for_each_cell(col, |_, cell| {
        if seen.len() < 50 && !cell.is_blank() {
            seen.insert(cell_text(cell).map(Cow::into_owned).unwrap_or_default());
        }
    });
    seen.into_iter().collect()
}

/// A cell as text: trimmed, in Unicode NFC (so "Zoë" typed as e + combining diaeresis is the
/// same rep as "Zoë"), whole numbers without ".0"; `None` when blank.
fn cell_text(cell: CellRef<'_>) -> Option<Cow<'_, str>> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match cell {
        CellRef::Empty => None,
        CellRef::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                None
            } else if t.is_ascii() || is_nfc_quick(t.chars()) == IsNormalized::Yes {
                // Almost every cell: borrowed as it is, no copy.
                Some(Cow::Borrowed(t))
            } else {
                Some(Cow::Owned(t.nfc().collect()))
            }
        }
        #[allow(clippy::cast_possible_truncation)]
        CellRef::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            Some(Cow::Owned((n as i64).to_string()))
        }
        CellRef::Number(n) => Some(Cow::Owned(n.to_string())),
        CellRef::Date(d) => Some(Cow::Owned(d.to_string())),
        CellRef::Bool(b) => Some(Cow::Owned(b.to_string())),
        CellRef::Error(_) => None,
    }
}

struct FrameBuilder<'a> {
    table: &'a RawTable,
    index: u32,
    config: &'a Config,
    tz: chrono_tz::Tz,
    findings: &'a mut Vec<Finding>,
    columns: Vec<Column>,
}

impl<'a> FrameBuilder<'a> {
    fn new(
        table: &'a RawTable,
        index: u32,
        config: &'a Config,
        tz: chrono_tz::Tz,
        findings: &'a mut Vec<Finding>,
    ) -> Self {
        Self {
            table,
            index,
            config,
            tz,
            findings,
            columns: Vec::new(),
        }
    }

    fn finding(&mut self, kind: &str, row: usize, col: usize, value: String, message: String) {
        let finding = quality::value_finding(self.table, kind, (row, col), value, message);
        self.findings.push(finding);
    }

    fn findings_for_column(&mut self, kind: &str, col: usize, bad: Vec<(usize, String, String)>) {
        let findings = quality::column_findings(self.table, kind, col, bad);
        self.findings.extend(findings);
    }

    /// The canonical column of `field`, from column `col` of the table (or empty without).
    fn column(&mut self, field: Field, col: Option<usize>) -> Result<Column> {
        let name = column_name(field);
        let n = self.table.len();
        let column = match (field, col) {
            (f, None) if f.is_date() => Column::new(name.into(), vec![None::<i64>; n]),
            (Field::Rank, None) => Column::new(name.into(), vec![None::<i32>; n]),
            (Field::Converted, None) => Column::new(name.into(), vec![None::<bool>; n]),
            (Field::Amount, None) => Column::new(name.into(), vec![None::<f64>; n]),
            (_, None) => Column::new(name.into(), vec![None::<&str>; n]),
            (f, Some(col)) if f.is_date() => Column::new(name.into(), self.dates(col)?),
            (Field::Rank, Some(col)) => Column::new(name.into(), self.ranks(col)),
            (Field::Converted, Some(col)) => Column::new(name.into(), self.bools(col)),
            (Field::Amount, Some(col)) => Column::new(name.into(), self.amounts(col)),
            (_, Some(col)) => {
                let texts = self.texts(col);
                let cells: Vec<Option<&str>> = texts.iter().map(|t| t.as_deref()).collect();
                Column::new(name.into(), cells)
            }
        };
        Ok(column)
    }

    /// The cells of `col` as trimmed NFC text, borrowed from the table where they already
    /// are.
    fn texts(&mut self, col: usize) -> Vec<Option<Cow<'a, str>>> {
        let mut out = Vec::with_capacity(self.table.len());
        let mut bad = Vec::new();
        self.table.for_each_cell(col, |row, cell| {
            if let CellRef::Error(e) = cell {
                bad.push((row, e.to_string(), "error cell read as empty".to_string()));
            }
            out.push(cell_text(cell));
        });
        self.findings_for_column("error cell", col, bad);
        out
    }

    fn dates(&mut self, col: usize) -> Result<Vec<Option<i64>>> {
        let order = match self.config.input.date_order {
            Some(order) => Some(order),
            None => self.inferred_order(col)?,
        };
        let tz = self.tz;
        let mut out = Vec::with_capacity(self.table.len());
        let mut bad = Vec::new();
        let mut ambiguous: Option<(usize, String)> = None;
        self.table.for_each_cell(col, |row, cell| {
            let stamp = match cell {
                CellRef::Empty => {
                    out.push(None);
                    return;
                }
                CellRef::Text(s) if s.trim().is_empty() => {
                    out.push(None);
                    return;
                }
                CellRef::Date(d) => Ok(super::values::Stamp::Naive(d)),
                CellRef::Number(n) => number_to_stamp(n, false),
                CellRef::Text(s) => parse_date_text(s.trim(), order, false),
                CellRef::Bool(_) | CellRef::Error(_) => Err(ValueError::NotADate),
            };
            match stamp {
                Ok(stamp) => out.push(Some(to_utc(stamp, tz).timestamp_millis())),
                Err(ValueError::AmbiguousOrder) => {
                    if ambiguous.is_none() {
                        ambiguous = Some((row, cell.display()));
                    }
                    out.push(None);
                }
                Err(_) => {
                    bad.push((
                        row,
                        cell.display(),
                        "not a date or time friday can read".to_string(),
                    ));
                    out.push(None);
                }
            }
        });
        if let Some((row, value)) = ambiguous {
            bail!(
                "{}, row {}, column {} ({}): \"{value}\" could be day/month or month/day and no value in the column tells which; add `date-order = \"dmy\"` (or \"mdy\") under [input] in friday.toml",
                self.table.location(),
                self.table.row_number(row),
                column_letters(u32::try_from(col).unwrap_or(0)),
                self.table.headers[col],
            );
        }
        let parsed = out.iter().filter(|v| v.is_some()).count();
        if !bad.is_empty() && bad.len() > parsed {
            // Mostly not dates: the header matched but the column means something else
            // (X Education's "Last Activity" holds "Email Opened"). Ignore it whole.
            let (row, example, _) = &bad[0];
            self.finding(
                "not a date column",
                *row,
                col,
                example.clone(),
                format!(
                    "{} of {} values are not dates, so the column is ignored; name the right column in [columns] of friday.toml",
                    bad.len(),
                    bad.len() + parsed
                ),
            );
            return Ok(vec![None; out.len()]);
        }
        self.findings_for_column("unparseable date", col, bad);
        Ok(out)
    }

    /// The day/month order the text values of a date column prove, if any.
    fn inferred_order(&self, col: usize) -> Result<Option<DateOrder>> {
        let mut texts = Vec::new();
        self.table.for_each_cell(col, |_, cell| {
            if let CellRef::Text(s) = cell {
                texts.push(s.trim().to_string());
            }
        });
        match infer_date_order(texts.iter().map(String::as_str)) {
            Ok(order) => Ok(order),
            Err(why) => bail!(
                "{}, column {}: day/month order contradicts itself ({why}); fix the column or set `date-order` under [input] in friday.toml",
                self.table.location(),
                self.table.headers[col]
            ),
        }
    }

    fn ranks(&mut self, col: usize) -> Vec<Option<i32>> {
        let mut out = Vec::with_capacity(self.table.len());
        let mut bad = Vec::new();
        let ratings = &self.config.input.ratings;
        let rating = |text: &str| {
            ratings
                .iter()
                .find(|(word, _)| word.eq_ignore_ascii_case(text.trim()))
                .map(|(_, rank)| *rank)
        };
        self.table.for_each_cell(col, |row, cell| {
            let rank = match cell {
                CellRef::Empty => Ok(None),
                CellRef::Number(n) => rank_from_number(n).map(Some),
                CellRef::Text(s) => rating(s).map_or_else(|| parse_rank(s), |rank| Ok(Some(rank))),
                _ => Err(ValueError::NotARank),
            };
            match rank {
                Ok(r) => out.push(r.map(i32::from)),
                Err(_) => {
                    bad.push((
                        row,
                        cell.display(),
                        "not a rank from 1 to 7 nor a rating named in [input] ratings".to_string(),
                    ));
                    out.push(None);
                }
            }
        });
        self.findings_for_column("bad rank", col, bad);
        out
    }

    fn bools(&mut self, col: usize) -> Vec<Option<bool>> {
        let mut out = Vec::with_capacity(self.table.len());
        let mut bad = Vec::new();
        self.table.for_each_cell(col, |row, cell| {
            let value = match cell {
                CellRef::Empty => Ok(None),
                CellRef::Bool(b) => Ok(Some(b)),
                CellRef::Number(n) if n == 0.0 || n == 1.0 => Ok(Some(n == 1.0)),
                CellRef::Text(s) => parse_bool(s),
                _ => Err(ValueError::NotABool),
            };
            match value {
                Ok(v) => out.push(v),
                Err(_) => {
                    bad.push((row, cell.display(), "not yes/no".to_string()));
                    out.push(None);
                }
            }
        });
        self.findings_for_column("bad yes/no", col, bad);
        out
    }

    fn amounts(&mut self, col: usize) -> Vec<Option<f64>> {
        let mut out = Vec::with_capacity(self.table.len());
        let mut bad = Vec::new();
        self.table.for_each_cell(col, |row, cell| {
            let value = match cell {
                CellRef::Empty => Ok(None),
                CellRef::Number(n) => Ok(Some(n)),
                CellRef::Text(s) => parse_amount(s),
                _ => Err(ValueError::NotAnAmount),
            };
            match value {
                Ok(v) => out.push(v),
                Err(_) => {
                    bad.push((row, cell.display(), "not an amount".to_string()));
                    out.push(None);
                }
            }
        });
        self.findings_for_column("unparseable amount", col, bad);
        out
    }

    /// Adds `table`, `row`, the composed `name` and `outcome`, and builds the frame.
    fn finish(mut self, kind: TableKind, mapping: &[(usize, Field)]) -> Result<DataFrame> {
        let n = self.table.len();
        let rows: Vec<u64> = (0..n).map(|r| self.table.row_number(r)).collect();
        self.columns
            .push(Column::new("table".into(), vec![self.index; n]));
        self.columns.push(Column::new("row".into(), rows));
        let mut frame = DataFrame::new(n, std::mem::take(&mut self.columns))?;
        if kind == TableKind::Leads && !mapping.iter().any(|(_, f)| *f == Field::Name) {
            derived::compose_name(&mut frame)?;
        }
        if kind == TableKind::Activities {
            if !mapping.iter().any(|(_, f)| *f == Field::ActivityType) {
                let name = format!("{} {}", self.table.file, self.table.sheet);
                if let Some(kind) = derived::activity_kind_from_name(&name) {
                    frame.replace("type", Column::new("type".into(), vec![kind; n]))?;
                }
            }
        } else {
            derived::add_outcome(&mut frame, self.config)?;
        }
        Ok(frame)
    }
}

/// The canonical column name of a field.
#[must_use]
pub(crate) fn column_name(field: Field) -> &'static str {
    match field {
        Field::LeadId => "lead_id",
        Field::OpportunityId => "opportunity_id",
        Field::Name => "name",
        Field::FirstName => "first_name",
        Field::LastName => "last_name",
        Field::Company => "company",
        Field::Email => "email",
        Field::Phone => "phone",
        Field::Source => "source",
        Field::Offer => "offer",
        Field::Owner => "owner",
        Field::CreatedAt => "created_ms",
        Field::FirstTouchAt => "first_touch_ms",
        Field::LastTouchAt => "last_touch_ms",
        Field::Status => "status",
        Field::Rank => "rank",
        Field::Converted => "converted",
        Field::ConvertedAt => "converted_ms",
        Field::TrialEndAt => "trial_end_ms",
        Field::Stage => "stage",
        Field::ClosedAt => "closed_ms",
        Field::WonAt => "won_ms",
        Field::Amount => "amount",
        Field::ActivityType => "type",
        Field::ActivityAt => "at_ms",
    }
}

#[cfg(test)]
mod tests;
