//! What every renderer gets: the finished Report, where each output goes, the earlier reports
//! in the output folder (for the archive page) and the templates, all decided before the
//! first renderer runs. A renderer takes a [`RenderContext`] and a destination and nothing
//! else (mdBook's `RenderContext` is the model).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::archive::{self, ArchiveEntry};
use super::templates::Templates;
use crate::report::Report;

/// Where the outputs of one run go, decided once from the output folder, the as-of date and
/// the options.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    /// The output folder.
    pub out: PathBuf,
    /// `OUT/friday-DATE.xlsx`.
    pub xlsx: PathBuf,
    /// `OUT/site`.
    pub site: PathBuf,
    /// `OUT/friday-DATE.html` when the single file is asked for.
    pub single_file: Option<PathBuf>,
    /// The whole report as JSON, when asked for.
    pub json: Option<PathBuf>,
    /// The history folder: `OUT/history` unless given.
    pub history: PathBuf,
}

impl Layout {
    /// The layout of a run into `out` for the report of `date`.
    #[must_use]
    pub fn new(
        out: &Path,
        date: NaiveDate,
        single_file: bool,
        json: Option<&Path>,
        history: Option<&Path>,
    ) -> Layout {
        Layout {
            out: out.to_path_buf(),
            xlsx: out.join(format!("friday-{date}.xlsx")),
            site: out.join("site"),
            single_file: single_file.then(|| out.join(format!("friday-{date}.html"))),
            json: json.map(Path::to_path_buf),
            history: history.map_or_else(|| out.join("history"), Path::to_path_buf),
        }
    }
}

/// One run's input to every renderer.
#[derive(Serialize)]
pub struct RenderContext<'a> {
    pub report: &'a Report,
    pub layout: &'a Layout,
    /// The reports kept in the output folder, this run's included, newest first.
    pub archive: Vec<ArchiveEntry>,
    /// The site and email templates, loaded and parsed once per run.
    #[serde(skip)]
    pub templates: &'a Templates,
}

impl<'a> RenderContext<'a> {
    /// The context of `report`, with the earlier reports found in `layout.out`.
    #[must_use]
    pub fn new(
        report: &'a Report,
        layout: &'a Layout,
        templates: &'a Templates,
    ) -> RenderContext<'a> {
        RenderContext {
            report,
            layout,
            archive: archive::scan(
                &layout.out,
                report.as_of,
                (true, layout.single_file.is_some()),
            ),
            templates,
        }
    }
}
