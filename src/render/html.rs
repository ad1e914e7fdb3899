//! The static HTML site of the Friday report: index, a page per rep and per source, offers,
//! junk leads and data quality, definitions and an archive; or one self-contained page.
//!
//! The report's numbers are formatted into view models of strings ("41.7%", "—"); nothing is
//! computed. Templates are embedded and overridable by name; tera renders them with HTML
//! autoescaping on; the site is built in a temporary folder that replaces the old one whole.

mod archive;
mod charts;
pub(crate) mod format;
mod offers;
mod pages;
pub mod slug;
mod templates;
mod views;
mod week;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::render::atomic::{StagedDir, StagedFile};
use crate::render::atomic::{stage_dir, stage_file};
use crate::report::Report;
pub use pages::MAX_FINDINGS_SHOWN;
use pages::{Page, single_page, site_pages};
use templates::{ASSETS, Templates};
pub use templates::{DEFAULTS, write_defaults};

/// How the site is written.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// A folder whose files replace the embedded templates and assets of the same name.
    pub templates: Option<PathBuf>,
}

/// Renders every page of the site into a temporary folder beside `dir`, page by page, so
/// the whole site is never held in memory; [`StagedDir::commit`] then puts it in place of
/// `dir`. `out` is the output folder whose earlier reports the archive page lists;
/// `current_files` says whether this run writes its XLSX and its single HTML file there (they
/// may not exist yet).
///
/// # Errors
///
/// Fails when a template is missing, unreadable or fails to render, or when the parent of
/// `dir` is missing or not writable; the temporary folder is then removed and `dir` left as
/// it was.
pub fn stage_site(
    report: &Report,
    dir: &Path,
    out: &Path,
    current_files: (bool, bool),
    options: &SiteOptions,
) -> Result<StagedDir> {
    let templates = Templates::load(options.templates.as_deref())?;
    let tera = templates.tera()?;
    let archive = archive::scan(out, report.as_of, current_files);
    stage_dir(dir, |new| {
        for folder in ["reps", "sources"] {
            fs::create_dir(new.join(folder))
                .with_context(|| format!("creating {}", new.join(folder).display()))?;
        }
        site_pages(report, &archive, &mut |page| {
            let text = render_page(&tera, &page)?;
            let file = new.join(&page.path);
            fs::write(&file, text).with_context(|| format!("writing {}", file.display()))
        })?;
        for asset in ASSETS {
            let file = new.join(asset);
            fs::write(&file, templates.get(asset))
                .with_context(|| format!("writing {}", file.display()))?;
        }
        Ok(())
    })
}

/// Writes the site into `dir` (`dir/index.html` and the rest), replacing the folder `dir`
/// only once every page is written. The archive lists report files found beside `dir`.
///
/// # Errors
///
/// Fails when the parent of `dir` does not exist or is not writable, when a template is
/// missing, unreadable or fails to render; on failure an existing site is left as it was.
pub fn write_site(report: &Report, dir: &Path, options: &SiteOptions) -> Result<()> {
    let out = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let xlsx = out.join(format!("friday-{}.xlsx", report.as_of)).exists();
    let html = out.join(format!("friday-{}.html", report.as_of)).exists();
    stage_site(report, dir, out, (xlsx, html), options)?
        .commit()
        .map(|_| ())
}

/// Writes the report as one self-contained HTML file (styles, script and charts inline, no
/// links to other files), suitable as an email attachment.
///
/// # Errors
///
/// Fails when a template fails to render or the file cannot be written; an existing file is
/// then left as it was.
pub fn write_single_file(report: &Report, path: &Path, options: &SiteOptions) -> Result<()> {
    stage_single_file(report, path, options)?
        .commit()
        .map(|_| ())
}

/// Renders the single-file report into a temporary file beside `path`;
/// [`StagedFile::commit`] puts it in place.
///
/// # Errors
///
/// Fails when a template fails to render or the folder of `path` is not writable.
pub fn stage_single_file(
    report: &Report,
    path: &Path,
    options: &SiteOptions,
) -> Result<StagedFile> {
    let text = render_single(report, options)?;
    stage_file(path, |file| {
        use std::io::Write;
        file.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))
    })
}

/// The single-file report as text.
///
/// # Errors
///
/// Fails when a template is missing, unreadable or fails to render.
pub fn render_single(report: &Report, options: &SiteOptions) -> Result<String> {
    let templates = Templates::load(options.templates.as_deref())?;
    render_page(&templates.tera()?, &single_page(report)?)
}

fn render_page(tera: &tera::Tera, page: &Page) -> Result<String> {
    tera.render(page.template, &page.context).with_context(|| {
        format!(
            "rendering the {} template for {}",
            page.template,
            if page.path.is_empty() {
                "the single file"
            } else {
                &page.path
            }
        )
    })
}

#[cfg(test)]
mod tests;
