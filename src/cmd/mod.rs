//! One file per command: `report`, `send`, `check`, `init`, `demo`, `templates`, `history`.
//! Each turns its parsed arguments into settings once and runs; only here is today's date
//! read (`friday report` without `--as-of` is measured now).

pub(crate) mod check;
pub(crate) mod demo;
pub(crate) mod history;
pub(crate) mod init;
pub(crate) mod report;
pub(crate) mod send;
pub(crate) mod templates;

use crate::config::Config;
use crate::metrics::AsOf;
use anyhow::Result;
use std::path::Path;

/// The config file given, or ./friday.toml when it exists, or the defaults.
pub(crate) fn load_config(path: Option<&Path>) -> Result<Config> {
    match path {
        Some(path) => Config::from_file(path),
        None if Path::new("friday.toml").exists() => Config::from_file(Path::new("friday.toml")),
        None => Ok(Config::default()),
    }
}

/// `--as-of` as given, or the moment of the run in `[input] timezone`.
pub(crate) fn resolve_as_of(text: Option<&str>, config: &Config) -> Result<AsOf> {
    match text {
        Some(text) => AsOf::parse(text),
        None => Ok(AsOf::now(chrono::Utc::now(), config.timezone()?)),
    }
}
