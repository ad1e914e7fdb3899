//! Ingest: reads every input (workbooks and CSV files), finds its tables, maps their columns
//! to canonical fields and produces the canonical leads, activities and opportunities tables.

pub(crate) mod canonical;
mod columns;
pub mod csv;
mod dialect;
pub(crate) mod grid;
pub(crate) mod guard;
mod guess;
pub mod header;
mod links;
pub(crate) mod quality;
pub(crate) mod sheet;
mod stamp;
mod trim;
pub mod values;

use crate::config::{Config, KindRule};
use crate::report::Finding;
use anyhow::{Context, Result, bail};
use canonical::{Tables, build_tables};
use grid::{Backing, RawTable};
use header::{Field, TableKind, guess_kind, map_headers, normalise};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One input file as given on the command line.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    pub path: PathBuf,
    /// The file name, for messages, findings and the report (never the folders above it).
    pub name: String,
    /// Lowercase extension without the dot.
    pub extension: String,
    /// The file as it was when named, to tell whether it changed while it was read.
    pub stamp: Option<stamp::Stamp>,
}

impl Input {
    /// Describes a path given on the command line.
    #[must_use]
    pub(crate) fn new(path: &Path) -> Input {
        Input {
            path: path.to_path_buf(),
            // The file name only: the report is emailed and published, and the folders of
            // the machine that ran it are nobody's business.
            name: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            extension: path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default(),
            stamp: stamp::Stamp::of(path),
        }
    }
}

/// A sheet or file that holds no usable table, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Skipped {
    pub file: String,
    pub sheet: String,
    pub reason: String,
}

impl Skipped {
    #[must_use]
    pub(crate) fn new(file: &str, sheet: &str, reason: &str) -> Skipped {
        Skipped {
            file: file.to_string(),
            sheet: sheet.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// A table that was read: where it is, what kind, and how its columns were mapped.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct TableInfo {
    pub file: String,
    pub sheet: String,
    pub header_row: u32,
    pub kind: TableKind,
    pub rows: usize,
    /// (header, field) for each mapped column, in column order.
    pub mapped: Vec<(String, Field)>,
    /// Headers not mapped to any field.
    pub unmapped: Vec<String>,
    /// Fields of this kind that no column provides.
    pub missing: Vec<Field>,
    /// Distinct stage and status values seen (for `friday init`), at most 50 each.
    pub stage_values: Vec<String>,
    pub status_values: Vec<String>,
    /// CSV encoding and delimiter, when the table is a CSV file.
    pub csv: Option<CsvFormat>,
    /// Footer lines and totals rows taken out of the data.
    pub trimmed: trim::Trimmed,
    /// The CRM export it looks like ("Salesforce Data Export"), if any.
    pub dialect: Option<&'static str>,
}

/// Everything ingest produced.
pub(crate) struct Dataset {
    pub tables: Vec<TableInfo>,
    pub canonical: Tables,
    pub findings: Vec<Finding>,
}

/// Column index → field, sorted by column.
pub(crate) type Mapping = Vec<(usize, Field)>;

/// A CSV file's encoding and delimiter.
pub(crate) type CsvFormat = (String, char);

/// A table kept for the canonical tables.
pub(crate) struct Kept {
    pub table: RawTable,
    pub kind: TableKind,
    pub mapping: Mapping,
    /// Encoding and delimiter, for CSV files.
    pub csv: Option<CsvFormat>,
    /// The kind was set by a `[[tables]]` rule rather than guessed.
    pub by_rule: bool,
}

/// What the inputs hold, before conversion: usable tables, skipped sheets, findings so far,
/// and the errors that stop a report (each naming its file).
#[derive(Default)]
pub(crate) struct Discovery {
    pub kept: Vec<Kept>,
    pub skipped: Vec<Skipped>,
    /// Owner ids and the names they stand for, from users tables.
    pub users: links::Users,
    pub findings: Vec<Finding>,
    pub errors: Vec<anyhow::Error>,
}

/// Reads all inputs into canonical tables.
///
/// # Errors
/// Unreadable or hostile files, a leads table with no owner column, ambiguous date columns,
/// config overrides naming headers that do not exist, inputs with no usable table at all, and
/// an input that changed while it was read.
pub(crate) fn load(inputs: &[Input], config: &Config) -> Result<Dataset> {
    let loaded = load_tables(inputs, config);
    crate::stop::at("read");
    // A file that changed under the read is the error, whatever the read made of it.
    for input in inputs {
        if let Some(before) = &input.stamp {
            stamp::check_unchanged(&input.path, before)?;
        }
    }
    loaded
}

/// [`load`] without the check that the inputs did not change while they were read.
fn load_tables(inputs: &[Input], config: &Config) -> Result<Dataset> {
    // Skipped sheets are named by `friday check`; the report reads what was kept.
    let Discovery {
        kept,
        skipped: _,
        users,
        mut findings,
        errors,
    } = discover(inputs, config);
    if let Some(err) = errors.into_iter().next() {
        return Err(err);
    }
    if kept.is_empty() {
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        bail!(
            "no leads, activities or opportunities table found in {}; `friday check` lists what each sheet holds",
            names.join(", ")
        );
    }
    if let Some(empty) = kept.iter().find(|k| k.table.is_empty()) {
        bail!(
            "{}: the {} table has a header row but no data rows; export it again with its rows, or leave it out with a [[tables]] rule (kind = \"ignore\")",
            empty.table.location(),
            empty.kind.key()
        );
    }
    let (canonical, tables) = build(kept, &users, config, &mut findings)?;
    Ok(Dataset {
        tables,
        canonical,
        findings,
    })
}

/// A table read from an input, with the encoding and delimiter of a CSV file.
type RawRead = (RawTable, Option<CsvFormat>);

/// Reads every input and decides what each table is, collecting errors instead of stopping.
#[must_use]
pub(crate) fn discover(inputs: &[Input], config: &Config) -> Discovery {
    let known_headers: HashSet<String> = config
        .columns
        .values()
        .flat_map(|m| m.values())
        .filter(|h| !h.is_empty())
        .map(|h| normalise(h))
        .collect();
    let mut found = Discovery::default();
    // Files are read side by side; what each gave is then taken in the order given, so
    // messages and tables come out the same whatever finished first.
    let reads: Vec<(Result<Vec<RawRead>>, Discovery, u64)> = inputs
        .par_iter()
        .map(|input| {
            let mut own = Discovery::default();
            let mut cells = 0u64;
            let raw = read_input(input, config, &known_headers, &mut cells, &mut own);
            (raw, own, cells)
        })
        .collect();
    let mut cells = 0u64;
    for (input, (raw, own, file_cells)) in inputs.iter().zip(reads) {
        found.skipped.extend(own.skipped);
        found.findings.extend(own.findings);
        cells += file_cells;
        if cells > config.limits.max_cells {
            found.errors.push(anyhow::anyhow!(
                "{}: the inputs hold more than {} cells; raise [limits] max-cells if they are genuine",
                input.name,
                config.limits.max_cells
            ));
            continue;
        }
        let raw = match raw {
            Ok(raw) => raw,
            Err(err) => {
                found.errors.push(err);
                continue;
            }
        };
        for (table, csv) in raw {
            match classify(&table, config) {
                Ok(Ok((kind, mut mapping))) => {
                    let doubts = guess::reconsider(&table, kind, &mut mapping, config);
                    found.findings.extend(doubts);
                    // Unless friday.toml says the export has no rep column (`owner = ""`).
                    if canonical::no_owner_column(kind, &mapping)
                        && config.column(kind, Field::Owner).is_none()
                    {
                        found.findings.push(quality::no_owner_column(&table));
                    }
                    found.kept.push(Kept {
                        by_rule: config.kind_rule(&table.file, &table.sheet).is_some(),
                        table,
                        kind,
                        mapping,
                        csv,
                    });
                }
                Ok(Err(_)) if found.users.read(&table) => found.skipped.push(Skipped::new(
                    &table.file,
                    &table.sheet,
                    "users table: owners given as user ids are shown by name",
                )),
                Ok(Err(reason)) => {
                    found
                        .skipped
                        .push(Skipped::new(&table.file, &table.sheet, &reason))
                }
                Err(err) => found.errors.push(err),
            }
        }
    }
    set_aside_contacts(&mut found);
    found
}

/// The canonical tables of the kept tables, owners named through `users`, deals linked to
/// the leads converted into them, and the data-quality checks across them.
///
/// # Errors
/// As [`build_tables`], and polars failures.
pub(crate) fn build(
    kept: Vec<Kept>,
    users: &links::Users,
    config: &Config,
    findings: &mut Vec<Finding>,
) -> Result<(Tables, Vec<TableInfo>)> {
    let (mut canonical, tables) = build_tables(kept, config, findings)?;
    links::link_converted_deals(&mut canonical)?;
    let shared = links::link_by_name(&mut canonical)?;
    quality::shared_names(&tables, shared, findings);
    let unknown = links::name_owners(&mut canonical, users)?;
    links::unify_spellings(&mut canonical)?;
    quality::unknown_owners(&tables, unknown, &users.sources.join(", "), findings);
    quality::check(&canonical, &tables, config.timezone()?, findings);
    Ok((canonical, tables))
}

/// Zoho, Salesforce and Dynamics export contacts (converted leads, with their own ids) beside
/// leads; HubSpot exports only contacts, and they are its leads. A contacts table is set aside
/// when a leads table is also given, unless a `[[tables]]` rule named it.
fn set_aside_contacts(found: &mut Discovery) {
    let named = |k: &Kept, word: &str| {
        format!("{} {}", k.table.file, k.table.sheet)
            .to_lowercase()
            .contains(word)
    };
    let has_leads = found
        .kept
        .iter()
        .any(|k| k.kind == TableKind::Leads && named(k, "lead"));
    if !has_leads {
        return;
    }
    let (contacts, kept): (Vec<Kept>, Vec<Kept>) =
        std::mem::take(&mut found.kept).into_iter().partition(|k| {
            k.kind == TableKind::Leads && named(k, "contact") && !named(k, "lead") && !k.by_rule
        });
    found.kept = kept;
    for k in contacts {
        found.skipped.push(Skipped::new(
            &k.table.file,
            &k.table.sheet,
            "contacts beside a leads table (contacts are converted leads with ids of their own); add a [[tables]] rule with kind = \"leads\" to count them as leads",
        ));
    }
}

/// Reads one input file into raw tables (sheets that hold none go to `found.skipped`).
fn read_input(
    input: &Input,
    config: &Config,
    known_headers: &HashSet<String>,
    cells: &mut u64,
    found: &mut Discovery,
) -> Result<Vec<RawRead>> {
    let bytes = std::fs::read(&input.path).with_context(|| format!("reading {}", input.name))?;
    if input.extension == "zip" {
        let mut raw = Vec::new();
        for (entry, bytes) in zipped_exports(input, &bytes, &config.limits)? {
            raw.extend(read_bytes(
                &entry,
                bytes,
                config,
                known_headers,
                cells,
                found,
            )?);
        }
        return Ok(raw);
    }
    read_bytes(input, bytes, config, known_headers, cells, found)
}

/// The exports inside a zip (Salesforce's weekly Data Export arrives as `WE_00D….zip`): each
/// file with an extension friday reads, named "archive.zip/Lead.csv", in archive order.
/// Folders, macOS resource forks and other files are passed over.
///
/// # Errors
/// A file that is not a zip, or an entry larger than `[limits] max-uncompressed-mib`.
fn zipped_exports(
    input: &Input,
    bytes: &[u8],
    limits: &crate::config::Limits,
) -> Result<Vec<(Input, Vec<u8>)>> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .with_context(|| format!("{}: not a zip archive", input.name))?;
    let limit = limits.max_uncompressed_mib.saturating_mul(1024 * 1024);
    let mut out = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .with_context(|| format!("{}: entry {index}", input.name))?;
        let path = entry
            .name()
            .with_context(|| format!("{}: entry {index} has no readable name", input.name))?
            .into_owned();
        let file = path.rsplit('/').next().unwrap_or("").to_string();
        let extension = file
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        if entry.is_dir()
            || path.starts_with("__MACOSX/")
            || file.starts_with('.')
            || !matches!(
                extension.as_str(),
                "csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
            )
        {
            continue;
        }
        let name = format!("{}/{file}", input.name);
        if entry.size() > limit {
            bail!(
                "{name}: {} MiB uncompressed, more than [limits] max-uncompressed-mib = {}",
                entry.size() / (1024 * 1024),
                limits.max_uncompressed_mib
            );
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut data)
            .with_context(|| format!("reading {name}"))?;
        if data.len() as u64 > limit {
            bail!(
                "{name}: more than [limits] max-uncompressed-mib = {} uncompressed",
                limits.max_uncompressed_mib
            );
        }
        out.push((
            Input {
                path: input.path.clone(),
                name,
                extension,
                // The zip itself is checked.
                stamp: None,
            },
            data,
        ));
    }
    if out.is_empty() {
        bail!(
            "{}: the zip holds no .csv, .xlsx, .xls or .ods file",
            input.name
        );
    }
    Ok(out)
}

/// Reads one export already in memory into raw tables.
fn read_bytes(
    input: &Input,
    bytes: Vec<u8>,
    config: &Config,
    known_headers: &HashSet<String>,
    cells: &mut u64,
    found: &mut Discovery,
) -> Result<Vec<RawRead>> {
    match input.extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            let (tables, skip) =
                sheet::read_workbook(input, bytes, &config.limits, known_headers, cells)?;
            found.skipped.extend(skip);
            Ok(tables
                .into_iter()
                .map(|mut table| {
                    table.trimmed = trim::trim(&mut table).0;
                    (table, None)
                })
                .collect())
        }
        "csv" | "tsv" | "txt" => {
            let keep = |i: usize, header: &str| header::may_be_read(i, header, known_headers);
            let table = csv::read_csv_columns(&input.name, &bytes, &keep)
                .with_context(|| format!("reading {}", input.name))?;
            // The line above the first record (the first row's 0-based line).
            let header_row = table.cells.rows.first().map_or(1, |&l| l.max(1));
            let mut raw = RawTable {
                file: input.name.clone(),
                sheet: String::new(),
                header_row,
                headers: table.headers,
                backing: Backing::Columns(table.cells),
                trimmed: trim::Trimmed::default(),
            };
            let (trimmed, dropped) = trim::trim(&mut raw);
            raw.trimmed = trimmed;
            let dropped: HashSet<u64> = dropped.into_iter().collect();
            // A closing line is one field: not a ragged row once it is known for what it is.
            for ragged in table
                .ragged
                .iter()
                .filter(|r| !dropped.contains(&u64::from(r.line)))
            {
                found
                    .findings
                    .push(quality::ragged_row(&input.name, ragged));
            }
            Ok(vec![(
                raw,
                Some((table.encoding.to_string(), char::from(table.delimiter))),
            )])
        }
        "" => bail!(
            "{}: no file extension; friday reads .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt .zip",
            input.name
        ),
        other => bail!(
            "{}: unsupported file type .{other}; friday reads .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt .zip",
            input.name
        ),
    }
}

/// Decides a table's kind and mapping: `Ok(Err(reason))` when it is to be skipped.
fn classify(table: &RawTable, config: &Config) -> Result<Result<(TableKind, Mapping), String>> {
    let kind = match config.kind_rule(&table.file, &table.sheet) {
        Some(KindRule::Ignore) => {
            return Ok(Err("ignored by [[tables]] in friday.toml".to_string()));
        }
        Some(KindRule::Kind(kind)) => kind,
        None => {
            let name = format!("{} {}", table.file, table.sheet);
            let Some(kind) = guess_kind(&table.headers, &name) else {
                return Ok(Err("reference data (accounts, users, products, teams or campaigns), not leads, activities or opportunities".to_string()));
            };
            kind
        }
    };
    let mapping = mapping_for(table, kind, config)?;
    if let Some(reason) = unusable(kind, &mapping) {
        return Ok(Err(reason));
    }
    Ok(Ok((kind, mapping)))
}

/// The column mapping of a table: built-in aliases, then `[columns.<kind>]` overrides.
fn mapping_for(table: &RawTable, kind: TableKind, config: &Config) -> Result<Mapping> {
    let mut mapping = map_headers(&table.headers, kind);
    for &field in kind.fields() {
        let Some(header) = config.column(kind, field) else {
            continue;
        };
        mapping.retain(|(_, f)| *f != field);
        if header.is_empty() {
            continue;
        }
        let wanted = normalise(header);
        let Some(col) = table.headers.iter().position(|h| normalise(h) == wanted) else {
            bail!(
                "{}: [columns.{kind}] {} = \"{header}\" in friday.toml, but row {} has no such header (headers: {})",
                table.location(),
                field.key(),
                table.header_row,
                table.headers.join(", ")
            );
        };
        mapping.retain(|(c, _)| *c != col);
        mapping.push((col, field));
    }
    mapping.sort_unstable();
    Ok(mapping)
}

/// Why a table of this kind cannot be used with this mapping, if it cannot.
fn unusable(kind: TableKind, mapping: &[(usize, Field)]) -> Option<String> {
    let has = |f: Field| mapping.iter().any(|(_, m)| *m == f);
    match kind {
        TableKind::Leads if !has(Field::LeadId) && !has(Field::CreatedAt) => {
            Some("looks like leads but has no lead id and no created date column".to_string())
        }
        TableKind::Activities if !has(Field::LeadId) => Some(
            "activities without a lead id column: their touches cannot be tied to leads"
                .to_string(),
        ),
        TableKind::Activities if !has(Field::ActivityAt) => {
            Some("activities without a date column".to_string())
        }
        TableKind::Opportunities
            if !has(Field::Stage) && !has(Field::WonAt) && !has(Field::LeadId) =>
        {
            Some("opportunities without a stage, won date or lead id column".to_string())
        }
        _ => None,
    }
}
