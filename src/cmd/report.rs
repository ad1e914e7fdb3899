//! `friday report`: read the inputs, compute the Report, write the workbook, the site (and
//! the single file and the JSON when asked) side by side, then the history; `--send` goes on
//! to `friday send`.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::ReportOptions;
use crate::config::Config;
use crate::ingest::{self, Input};
use crate::metrics::{self, AsOf};
use crate::render::atomic::{persist, write_temporary};
use crate::{history, progress, render, report};

/// Runs `friday report`: writes the report and prints what it wrote and the headline line;
/// with `send`, goes on as `friday send`.
///
/// # Errors
/// Bad settings, ingest, metrics and write failures.
pub fn run(options: &ReportOptions, send: bool, dry_run: Option<&Path>) -> Result<ExitCode> {
    let config = super::load_config(options.config.as_deref())?;
    let as_of = super::resolve_as_of(options.as_of.as_deref(), &config)?;
    let outputs = Outputs::new(options, &config);
    if send {
        return super::send::send(&options.inputs, &config, as_of, &outputs, dry_run);
    }
    let (report, written) = write_report(&options.inputs, &config, as_of, &outputs)?;
    for path in written {
        println!("wrote {}", path.display());
    }
    println!("{}", headline(&report));
    Ok(ExitCode::SUCCESS)
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

impl<'a> Outputs<'a> {
    /// The outputs `options` ask for; the templates folder from `--templates`, else
    /// `[site] templates`.
    #[must_use]
    pub fn new(options: &'a ReportOptions, config: &Config) -> Self {
        Outputs {
            out: &options.out,
            json: options.json.as_deref(),
            site: render::html::SiteOptions {
                templates: options
                    .templates
                    .clone()
                    .or_else(|| config.site.templates.clone()),
            },
            single_file: options.single_file,
            history: options
                .history
                .clone()
                .unwrap_or_else(|| options.out.join("history")),
            timings: options.timings,
        }
    }
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
    // The settings of the run, resolved once before any input is read.
    let settings = metrics::Context::new(config, as_of)?;
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
    let (report, snapshot) = metrics::compute(&data, settings, &names, Some(&earlier))?;
    let as_of = report.as_of;
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
pub(crate) fn headline(report: &report::Report) -> String {
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
