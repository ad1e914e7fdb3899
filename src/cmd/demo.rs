//! `friday demo`: generate a realistic export with the project's generator and, unless
//! `--export-only`, run the report on it.

use anyhow::{Context, Result};
use std::path::Path;
use std::process::ExitCode;

use super::report::{Outputs, headline, write_report};
use crate::config::Config;
use crate::demo;
use crate::render::Layout;

/// The arguments of `friday demo`.
pub(crate) struct DemoArgs<'a> {
    pub leads: usize,
    pub out: &'a Path,
    pub seed: u64,
    pub as_of: Option<&'a str>,
    pub csv: bool,
    pub export_only: bool,
    pub dialect: Option<crate::cli::Dialect>,
}

/// Runs `friday demo`.
///
/// # Errors
/// A bad `--as-of`, an unwritable folder, and the report's own failures.
pub(crate) fn run(args: &DemoArgs<'_>) -> Result<ExitCode> {
    let DemoArgs {
        leads,
        out,
        seed,
        as_of,
        csv,
        export_only,
        dialect,
    } = *args;
    let as_of = super::resolve_as_of(as_of, &Config::default())?;
    // The folder is this run's before the export is written into it.
    let outputs = Outputs::open(
        Layout::new(out, as_of.date(), false, None, None),
        None,
        false,
        None,
    )?;
    let export = demo::generate(&demo::DemoOptions {
        leads,
        seed,
        as_of: as_of.date(),
    });
    std::fs::create_dir_all(out.join("export"))
        .with_context(|| format!("creating {}", out.display()))?;
    let inputs = match dialect {
        Some(dialect) => demo::dialect::write(&export, dialect, &out.join("export"))?,
        None => {
            let path = out.join("export").join("demo-export.xlsx");
            demo::write_xlsx(&export, &path)?;
            vec![path]
        }
    };
    for path in &inputs {
        println!("wrote {}", path.display());
    }
    if csv {
        demo::write_csv(&export, &out.join("export"))?;
        for name in ["leads.csv", "activities.csv", "opportunities.csv"] {
            println!("wrote {}", out.join("export").join(name).display());
        }
    }
    if export_only {
        return Ok(ExitCode::SUCCESS);
    }
    let (report, written) = write_report(&inputs, &Config::default(), as_of, &outputs)?;
    for path in written {
        println!("wrote {}", path.display());
    }
    println!("{}", headline(&report));
    Ok(ExitCode::SUCCESS)
}
