//! The static HTML site of the Friday report: index, a page per rep and per source, offers,
//! junk leads and data quality, definitions and an archive; or one self-contained page.
//!
//! The report's numbers are formatted into view models of strings ("41.7%", "—"); nothing is
//! computed. Templates are embedded and overridable by name; tera renders them with HTML
//! autoescaping on; the site is built in a temporary folder that replaces the old one whole.

mod charts;
pub(crate) mod format;
mod grab_back;
mod offers;
mod pages;
pub(crate) mod slug;
mod views;
mod week;

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::RenderContext;
use super::templates::ASSETS;
use crate::atomic::{StagedDir, StagedFile};
use crate::atomic::{stage_dir, stage_file};
use pages::{Page, single_page, site_pages};

/// Renders every page of the site into a temporary folder beside `dir`, page by page, so
/// the whole site is never held in memory; [`StagedDir::commit`] then puts it in place of
/// `dir`. The archive page lists `cx.archive`.
///
/// # Errors
///
/// Fails when a template fails to render, or when the parent of `dir` is missing or not
/// writable; the temporary folder is then removed and `dir` left as it was.
pub(crate) fn stage_site(cx: &RenderContext<'_>, dir: &Path) -> Result<StagedDir> {
    let tera = cx.templates.tera();
    stage_dir(dir, |new| {
        for folder in ["reps", "sources"] {
            fs::create_dir(new.join(folder))
                .with_context(|| format!("creating {}", new.join(folder).display()))?;
        }
        site_pages(cx.report, &cx.archive, &mut |page| {
            let text = render_page(tera, &page)?;
            let file = new.join(&page.path);
            fs::write(&file, text).with_context(|| format!("writing {}", file.display()))
        })?;
        for asset in ASSETS {
            let file = new.join(asset);
            fs::write(&file, cx.templates.get(asset))
                .with_context(|| format!("writing {}", file.display()))?;
        }
        Ok(())
    })
}

/// Renders the report as one self-contained HTML file (styles, script and charts inline, no
/// links to other files, suitable as an email attachment) into a temporary file beside
/// `path`; [`StagedFile::commit`] puts it in place.
///
/// # Errors
///
/// Fails when a template fails to render or the folder of `path` is not writable.
pub(crate) fn stage_single_file(cx: &RenderContext<'_>, path: &Path) -> Result<StagedFile> {
    let text = render_single(cx)?;
    stage_file(path, |file| {
        use std::io::Write;
        file.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))
    })
}

/// The path of `rep`'s page within the site ("reps/ann-lee-1a2b3c4d.html"), as the site's
/// links give it; `None` for a rep without a page.
pub(crate) fn rep_page(report: &crate::report::Report, rep: &str) -> Option<String> {
    Some(pages::Links::new(report, false).rep(rep)).filter(|path| !path.is_empty())
}

/// The single-file report as text.
///
/// # Errors
///
/// Fails when a template fails to render.
pub(crate) fn render_single(cx: &RenderContext<'_>) -> Result<String> {
    render_page(cx.templates.tera(), &single_page(cx.report)?)
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
