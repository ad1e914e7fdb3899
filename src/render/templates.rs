//! The templates and assets of the site and the email bodies, loaded once per run: embedded
//! defaults, overridden by name from a user folder (the user's files win, the embedded ones
//! fill the rest), and written out on request (`friday templates`) as a starting point.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use tera::Tera;

/// Every template and asset, by file name, with its embedded default.
pub(crate) const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("rep.html", include_str!("../../templates/rep.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("offers.html", include_str!("../../templates/offers.html")),
    ("quality.html", include_str!("../../templates/quality.html")),
    (
        "definitions.html",
        include_str!("../../templates/definitions.html"),
    ),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("single.html", include_str!("../../templates/single.html")),
    (
        "_index_body.html",
        include_str!("../../templates/_index_body.html"),
    ),
    (
        "_offers_body.html",
        include_str!("../../templates/_offers_body.html"),
    ),
    (
        "_quality_body.html",
        include_str!("../../templates/_quality_body.html"),
    ),
    (
        "_definitions_body.html",
        include_str!("../../templates/_definitions_body.html"),
    ),
    (
        "_group_table.html",
        include_str!("../../templates/_group_table.html"),
    ),
    (
        "_follow_up.html",
        include_str!("../../templates/_follow_up.html"),
    ),
    ("_chart.html", include_str!("../../templates/_chart.html")),
    ("_gaps.html", include_str!("../../templates/_gaps.html")),
    (
        "grab-back.html",
        include_str!("../../templates/grab-back.html"),
    ),
    ("email.html", include_str!("../../templates/email.html")),
    ("email.txt", include_str!("../../templates/email.txt")),
    ("style.css", include_str!("../../templates/style.css")),
    ("sort.js", include_str!("../../templates/sort.js")),
];

/// Files copied into the site as they are (after any override).
pub(super) const ASSETS: &[&str] = &["style.css", "sort.js"];

/// The templates in use, each the default or the user's file of the same name, parsed once
/// for the site and the email bodies.
pub struct Templates {
    files: Vec<(&'static str, String)>,
    tera: Tera,
}

impl Templates {
    /// The embedded defaults, each replaced by `dir/<name>` when that file exists, parsed with
    /// HTML autoescaping on for every `.html` template.
    ///
    /// # Errors
    /// When `dir` is given but is not a folder, a file in it cannot be read, or a template
    /// does not parse (the message names it).
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            bail!("templates folder {} does not exist", dir.display());
        }
        let mut files = Vec::with_capacity(DEFAULTS.len());
        for (name, default) in DEFAULTS {
            let text = match dir.map(|dir| dir.join(name)).filter(|path| path.is_file()) {
                Some(path) => fs::read_to_string(&path)
                    .with_context(|| format!("reading the template {}", path.display()))?,
                None => (*default).to_string(),
            };
            files.push((*name, text));
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_templates(files.iter().map(|(name, text)| (*name, text.as_str())))
            .context("parsing the templates")?;
        Ok(Self { files, tera })
    }

    /// The text of one template or asset.
    #[must_use]
    pub(crate) fn get(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, text)| text.as_str())
    }

    /// Every template, parsed.
    #[must_use]
    pub(crate) fn tera(&self) -> &Tera {
        &self.tera
    }
}

/// Writes every default template and asset into `dir` (created if missing) so a user can edit
/// them. Existing files are kept unless `force`.
///
/// # Errors
/// When a file exists and `force` is off, or the folder is not writable.
pub(crate) fn write_defaults(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    if !force {
        for (name, _) in DEFAULTS {
            let path = dir.join(name);
            if path.exists() {
                bail!("{} exists; use --force to replace it", path.display());
            }
        }
    }
    let mut written = Vec::new();
    for (name, text) in DEFAULTS {
        let path = dir.join(name);
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
