//! `friday report`: read the inputs, compute the Report, write the workbook, the site (and
//! the single file and the JSON when asked) side by side, then the history; `--send` goes on
//! to `friday send`.

use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cli::ReportOptions;
use crate::config::Config;
use crate::ingest::{self, Input};
use crate::lock::{self, Lock};
use crate::metrics::{self, AsOf};
use crate::render::{Layout, RenderContext, Templates};
use crate::{atomic, history, progress, render, report};

/// Runs `friday report`: writes the report and prints what it wrote and the headline line;
/// with `send` (`--send`), goes on as `friday send`.
///
/// # Errors
/// Bad settings, ingest, metrics and write failures.
pub(crate) fn run(
    options: &ReportOptions,
    send: Option<super::send::Mode<'_>>,
) -> Result<ExitCode> {
    let config = super::load_config(options.config.as_deref())?;
    let as_of = super::resolve_as_of(options.as_of.as_deref(), &config)?;
    let outputs = Outputs::new(options, &config, as_of)?;
    if let Some(mode) = send {
        return super::send::send(&options.inputs, &config, as_of, &outputs, mode);
    }
    let (report, written) = write_report(&options.inputs, &config, as_of, &outputs)?;
    for path in written {
        println!("wrote {}", path.display());
    }
    println!("{}", headline(&report));
    // The run ends here: its outputs are in place and its locks are released when `outputs`
    // drops. The Report's lists (a million leads' worth of strings) are left for the system
    // to reclaim with the process, which takes it no time, instead of freed one by one.
    drop(outputs);
    std::mem::forget(report);
    Ok(ExitCode::SUCCESS)
}

/// Where a report goes, in which forms, and with which templates: resolved once from the
/// options and `friday.toml` before any input is read. It holds the output folder (and the
/// history folder) for this run: no other run writes there until it is dropped.
pub(crate) struct Outputs {
    pub layout: Layout,
    /// The site and email templates, loaded (and checked) before any work.
    pub templates: Templates,
    /// Print the time of each phase on stderr.
    pub timings: bool,
    /// The lock of the history folder (dropped before `_out_lock`: the history folder may be
    /// inside the output folder).
    history_lock: Lock,
    /// The lock of the output folder, held to the end of the run.
    _out_lock: Lock,
}

impl Outputs {
    /// The outputs `options` ask for; the templates folder from `--templates`, else
    /// `[site] templates`.
    ///
    /// # Errors
    /// As [`Outputs::open`].
    pub(crate) fn new(options: &ReportOptions, config: &Config, as_of: AsOf) -> Result<Self> {
        let templates = options
            .templates
            .as_deref()
            .or(config.site.templates.as_deref());
        Outputs::open(
            Layout::new(
                &options.out,
                as_of.date(),
                options.single_file,
                options.json.as_deref(),
                options.history.as_deref(),
            ),
            templates,
            options.timings,
            options.wait.map(Duration::from_secs),
        )
    }

    /// Takes the output folder of `layout` and its history folder for this run (waiting up
    /// to `wait` for another run to finish), removes what runs that did not finish left
    /// there (saying so in one line on stderr), and loads the templates.
    ///
    /// # Errors
    /// Another run writing to either folder ([`lock::Busy`]); an output or history folder
    /// that cannot be made or written to; a missing templates folder, or a template that
    /// cannot be read or does not parse.
    pub(crate) fn open(
        layout: Layout,
        templates: Option<&Path>,
        timings: bool,
        wait: Option<Duration>,
    ) -> Result<Self> {
        let started = Instant::now();
        let out_lock = lock::take(
            &layout.out,
            lock::OUT_LOCK,
            &format!("to {}", layout.out.display()),
            wait,
        )?;
        atomic::check_writable(&layout.out)?;
        let history_lock = lock::take(
            &layout.history,
            lock::HISTORY_LOCK,
            &format!("the history in {}", layout.history.display()),
            wait.map(|wait| wait.saturating_sub(started.elapsed())),
        )?;
        atomic::check_writable(&layout.history)?;
        let mut removed = atomic::remove_leftovers(&layout.out)?;
        removed.extend(atomic::remove_leftovers(&layout.history)?);
        if !removed.is_empty() {
            let names: Vec<String> = removed.iter().map(|p| p.display().to_string()).collect();
            eprintln!(
                "removed what a run that did not finish left behind: {}",
                names.join(", ")
            );
        }
        Ok(Outputs {
            layout,
            templates: Templates::load(templates)?,
            timings,
            history_lock,
            _out_lock: out_lock,
        })
    }
}

/// Reads the inputs, computes the Report and writes every output `outputs` asks for: each
/// is rendered beside its destination first and only then put in place, so a failure
/// leaves the earlier report as it was. Returns the Report itself and the files written.
///
/// # Errors
/// Ingest, metrics and write failures.
pub(crate) fn write_report(
    inputs: &[PathBuf],
    config: &Config,
    as_of: AsOf,
    outputs: &Outputs,
) -> Result<(report::Report, Vec<PathBuf>)> {
    let layout = &outputs.layout;
    // The settings of the run, resolved once before any input is read.
    let settings = metrics::Context::new(config, as_of)?;
    let progress = progress::Progress::new();
    let inputs: Vec<Input> = inputs.iter().map(|p| Input::new(p)).collect();
    progress.phase("read");
    let data = ingest::load(&inputs, config)?;
    progress.phase("compute");
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let store = history::Store::new(&layout.history);
    let (earlier, warnings) = store.load();
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    // compute frees the tables read once it no longer needs them.
    let (report, snapshot) = metrics::compute(data, settings, &names, Some(&earlier))?;
    drop(earlier);
    // Everything that can fail on the data, the templates or a full disk happens before the
    // first file is replaced: each output is staged beside its destination first. The
    // workbook's sheets are written side by side on every core; the site, the JSON and the
    // history record are made while the workbook is compressed, which takes one core.
    progress.phase("render");
    let cx = RenderContext::new(&report, layout, &outputs.templates);
    let (others, workbook) = std::thread::scope(|scope| {
        let (written, sheets_written) = std::sync::mpsc::channel();
        let workbook = scope.spawn(|| {
            timed(|| {
                render::xlsx::stage_xlsx(&cx, &layout.xlsx, move || {
                    let _ = written.send(());
                })
            })
        });
        // The sender is gone without a word when the workbook failed: its error is reported.
        let _ = sheets_written.recv();
        let html = timed(|| -> Result<_> {
            let site = render::html::stage_site(&cx, &layout.site)?;
            let single = match &layout.single_file {
                Some(path) => Some(render::html::stage_single_file(&cx, path)?),
                None => None,
            };
            Ok((site, single))
        });
        // An unwritable --json folder fails here, before the workbook or the site is replaced.
        let json = layout
            .json
            .as_ref()
            .map(|path| render::json::stage_json(&cx, path))
            .transpose();
        let record = snapshot
            .as_ref()
            .map(|snapshot| history::Record::new(snapshot, &report))
            .transpose();
        let others = (html, json, record);
        let workbook = workbook
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (others, workbook)
    });
    let (html, staged_json, record) = others;
    progress.part("html", html.1);
    progress.part("xlsx", workbook.1);
    let (staged_site, staged_single) = html.0?;
    let staged_xlsx = workbook.0?;
    let (staged_json, record) = (staged_json?, record?);
    crate::stop::at("rendered");
    // Then into place: the history, the dated files, and last the site, which links to
    // them, swapped in whole. A run killed on the way leaves every output either as it was
    // or complete; the next run removes its temporary files.
    if let Some(record) = &record {
        progress.phase("history");
        store.save(&outputs.history_lock, record)?;
        crate::stop::at("history");
    }
    progress.phase("write");
    let mut written = vec![staged_xlsx.commit()?];
    crate::stop::at("xlsx");
    if let Some(single) = staged_single {
        written.push(single.commit()?);
        crate::stop::at("single-file");
    }
    let json = match staged_json {
        Some(json) => Some(json.commit()?),
        None => None,
    };
    crate::stop::at("json");
    written.push(staged_site.commit()?.join("index.html"));
    written.extend(json);
    crate::stop::at("site");
    progress.finish();
    if outputs.timings {
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
