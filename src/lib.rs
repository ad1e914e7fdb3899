//! friday: turns a CRM export into the Friday report.
//!
//! ingest (files → canonical tables) → metrics (tables → [`report::Report`]) → render.

pub mod check;
pub mod cli;
pub mod config;
pub mod demo;
pub mod history;
pub mod ingest;
pub mod init;
pub mod metrics;
pub mod progress;
pub mod render;
pub mod report;
pub mod send;

use anyhow::{Context, Result, bail};
use cli::{Cli, Command};
use config::Config;
use ingest::Input;
use metrics::AsOf;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs one command. Only here is today's date read.
///
/// # Errors
/// Any failure of the command, with context naming the file, sheet, row and column.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Report {
            inputs,
            config,
            out,
            as_of,
            json,
            templates,
            single_file,
            history,
            send,
            dry_run,
            timings,
        } => {
            let config = load_config(config.as_deref())?;
            let as_of = resolve_as_of(as_of.as_deref(), &config)?;
            let outputs = Outputs {
                out: &out,
                json: json.as_deref(),
                site: render::html::SiteOptions {
                    templates: templates.or_else(|| config.site.templates.clone()),
                },
                single_file,
                history: history.unwrap_or_else(|| out.join("history")),
                timings,
            };
            if send {
                return send::run(&inputs, &config, as_of, &outputs, dry_run.as_deref());
            }
            let (written, headline) = report(&inputs, &config, as_of, &outputs)?;
            for path in written {
                println!("wrote {}", path.display());
            }
            println!("{headline}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Send {
            inputs,
            config,
            out,
            as_of,
            dry_run,
        } => {
            let config = load_config(config.as_deref())?;
            let as_of = resolve_as_of(as_of.as_deref(), &config)?;
            let outputs = Outputs {
                out: &out,
                json: None,
                site: render::html::SiteOptions {
                    templates: config.site.templates.clone(),
                },
                single_file: false,
                history: out.join("history"),
                timings: false,
            };
            send::run(&inputs, &config, as_of, &outputs, dry_run.as_deref())
        }
        Command::Check { inputs, config } => {
            let config = load_config(config.as_deref())?;
            let inputs: Vec<Input> = inputs.iter().map(|p| Input::new(p)).collect();
            let (text, usable) = check::check(&inputs, &config);
            print!("{text}");
            Ok(if usable {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Init { inputs, out, force } => {
            if out.exists() && !force {
                bail!("{} exists; use --force to replace it", out.display());
            }
            let inputs: Vec<Input> = inputs.iter().map(|p| Input::new(p)).collect();
            let text = init::init(&inputs)?;
            write_atomically(&out, text.as_bytes())?;
            println!("wrote {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Templates { out, force } => {
            for path in render::html::write_defaults(&out, force)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::History { out, history } => {
            let dir = history.unwrap_or_else(|| out.join("history"));
            let (entries, warnings) = history::Store::new(&dir).list();
            for warning in warnings {
                eprintln!("warning: {warning}");
            }
            if entries.is_empty() {
                println!("no reports recorded in {}", dir.display());
            }
            for entry in entries {
                println!(
                    "{}  {} leads, {} overdue",
                    entry.as_of, entry.leads, entry.overdue
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            leads,
            out,
            seed,
            as_of,
            csv,
            export_only,
        } => {
            let as_of = resolve_as_of(as_of.as_deref(), &Config::default())?;
            let export = demo::generate(&demo::DemoOptions {
                leads,
                seed,
                as_of: as_of.date(),
            });
            let path = out.join("export").join("demo-export.xlsx");
            std::fs::create_dir_all(out.join("export"))
                .with_context(|| format!("creating {}", out.display()))?;
            demo::write_xlsx(&export, &path)?;
            println!("wrote {}", path.display());
            if csv {
                demo::write_csv(&export, &out.join("export"))?;
                for name in ["leads.csv", "activities.csv", "opportunities.csv"] {
                    println!("wrote {}", out.join("export").join(name).display());
                }
            }
            if export_only {
                return Ok(ExitCode::SUCCESS);
            }
            let outputs = Outputs {
                out: &out,
                json: None,
                site: render::html::SiteOptions::default(),
                single_file: false,
                history: out.join("history"),
                timings: false,
            };
            let (written, headline) = report(&[path], &Config::default(), as_of, &outputs)?;
            for path in written {
                println!("wrote {}", path.display());
            }
            println!("{headline}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Where a report goes and in which forms.
pub struct Outputs<'a> {
    /// The output folder: friday-YYYY-MM-DD.xlsx and site/.
    pub out: &'a Path,
    /// Also the whole report as JSON here.
    pub json: Option<&'a Path>,
    pub site: render::html::SiteOptions,
    /// Also one self-contained HTML file, friday-YYYY-MM-DD.html.
    pub single_file: bool,
    /// The history folder: earlier snapshots are read from it, this one is added.
    pub history: PathBuf,
    /// Print the time of each phase on stderr.
    pub timings: bool,
}

/// Reads inputs, computes the report and writes the XLSX, the site and optionally JSON;
/// returns the files written and a one-line summary. Nothing is written unless everything
/// before rendering succeeded.
///
/// # Errors
/// Ingest, metrics and write failures.
pub fn report(
    inputs: &[PathBuf],
    config: &Config,
    as_of: AsOf,
    outputs: &Outputs<'_>,
) -> Result<(Vec<PathBuf>, String)> {
    let (report, written) = write_report(inputs, config, as_of, outputs)?;
    Ok((written, headline(&report)))
}

/// As [`report`], returning the Report itself and the files written.
///
/// # Errors
/// Ingest, metrics and write failures.
pub fn write_report(
    inputs: &[PathBuf],
    config: &Config,
    as_of: AsOf,
    outputs: &Outputs<'_>,
) -> Result<(report::Report, Vec<PathBuf>)> {
    let Outputs {
        out,
        json,
        site: site_options,
        single_file,
        history,
        timings,
    } = outputs;
    let progress = progress::Progress::new();
    let inputs: Vec<Input> = inputs.iter().map(|p| Input::new(p)).collect();
    progress.phase("read");
    let data = ingest::load(&inputs, config)?;
    progress.phase("compute");
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let store = history::Store::new(history);
    let (earlier, warnings) = store.load();
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    let (report, snapshot) = metrics::compute(&data, config, as_of, &names, Some(&earlier))?;
    let as_of = as_of.date();
    // The tables read are not needed past this point: free them before rendering.
    drop(data);
    drop(earlier);
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    // Everything that can fail on the data, the templates or a full disk happens before the
    // first file is replaced: each output is written beside its destination first. The site
    // and the workbook are written side by side.
    progress.phase("render");
    let xlsx = out.join(format!("friday-{as_of}.xlsx"));
    let site = out.join("site");
    let page = out.join(format!("friday-{as_of}.html"));
    let (staged_site, staged_xlsx) = std::thread::scope(|scope| {
        let workbook = scope.spawn(|| timed(|| render::xlsx::stage_xlsx(&report, &xlsx)));
        let html = timed(|| -> Result<_> {
            let site =
                render::html::stage_site(&report, &site, out, (true, *single_file), site_options)?;
            let single = if *single_file {
                Some(render::html::stage_single_file(
                    &report,
                    &page,
                    site_options,
                )?)
            } else {
                None
            };
            Ok((site, single))
        });
        let workbook = workbook
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (html, workbook)
    });
    progress.part("html", staged_site.1);
    progress.part("xlsx", staged_xlsx.1);
    let (staged_site, staged_single) = staged_site.0?;
    let staged_xlsx = staged_xlsx.0?;
    // The JSON goes to a temporary file beside its destination first, so an unwritable
    // --json folder fails before the workbook or the site is replaced.
    let json = match json {
        Some(json) => Some((
            json,
            write_temporary(json, &serde_json::to_vec_pretty(&report)?)?,
        )),
        None => None,
    };
    progress.phase("write");
    let mut written = vec![staged_xlsx.commit()?];
    if let Some(single) = staged_single {
        written.push(single.commit()?);
    }
    written.push(staged_site.commit()?.join("index.html"));
    if let Some((json, tmp)) = json {
        persist(tmp, json)?;
        written.push(json.to_path_buf());
    }
    if let Some(snapshot) = &snapshot {
        progress.phase("history");
        store.save(snapshot, &report)?;
    }
    progress.finish();
    if *timings {
        eprintln!("timings: {}", progress.timings());
    }
    Ok((report, written))
}

/// Runs `work` and says how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let start = std::time::Instant::now();
    let result = work();
    (result, start.elapsed())
}

/// One line saying what the report found, for the terminal: the report's headline figures.
fn headline(report: &report::Report) -> String {
    let mut parts: Vec<String> = report
        .headline
        .iter()
        .map(|figure| format!("{} {}", figure.label, figure.text))
        .collect();
    if !report.findings.is_empty() {
        parts.push(format!("{} data-quality findings", report.findings.len()));
    }
    format!(
        "as of {}: {}",
        report.as_of_time.format("%Y-%m-%d %H:%M"),
        parts.join(", ")
    )
}

/// The config file given, or ./friday.toml when it exists, or the defaults.
fn load_config(path: Option<&Path>) -> Result<Config> {
    match path {
        Some(path) => Config::from_file(path),
        None if Path::new("friday.toml").exists() => Config::from_file(Path::new("friday.toml")),
        None => Ok(Config::default()),
    }
}

/// `--as-of` as given, or the moment of the run in `[input] timezone`.
fn resolve_as_of(text: Option<&str>, config: &Config) -> Result<AsOf> {
    match text {
        Some(text) => AsOf::parse(text),
        None => Ok(AsOf::now(chrono::Utc::now(), config.timezone()?)),
    }
}

/// Writes a file through a temporary file in the same folder, renamed into place.
///
/// # Errors
/// When the folder is not writable.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    persist(write_temporary(path, bytes)?, path)
}

/// Writes `bytes` to a temporary file in the folder of `path`, to be persisted there later.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(tmp)
}

/// Renames a temporary file from [`write_temporary`] into place.
fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
