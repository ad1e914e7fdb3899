// Items are `pub` only where the binary, the tests under tests/ or the fuzz targets reach them.
#![warn(unreachable_pub)]
//! friday: turns a CRM export into the Friday report.
//!
//! ingest (files → canonical tables) → metrics (tables → [`report::Report`]) → render
//! (workbook, site, JSON, email bodies); `cmd` holds one file per command. See
//! ARCHITECTURE.md.

mod atomic;
pub mod cli;
mod cmd;
mod config;
mod demo;
mod history;
pub mod ingest;
pub mod lock;
mod metrics;
mod progress;
pub mod render;
pub mod report;
mod schema;
mod stop;
mod time;

use anyhow::Result;
use cli::{Cli, Command};
use std::process::ExitCode;

/// Runs one command.
///
/// # Errors
/// Any failure of the command, with context naming the file, sheet, row and column.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Report {
            options,
            send,
            dry_run,
            resend,
        } => cmd::report::run(
            &options,
            send.then_some(cmd::send::Mode::new(dry_run.as_deref(), resend)),
        ),
        Command::Send {
            options,
            dry_run,
            resend,
        } => cmd::send::run(&options, cmd::send::Mode::new(dry_run.as_deref(), resend)),
        Command::Check {
            inputs,
            config,
            all,
        } => cmd::check::run(&inputs, config.as_deref(), all),
        Command::Init { inputs, out, force } => cmd::init::run(&inputs, &out, force),
        Command::Templates { out, force } => cmd::templates::run(&out, force),
        Command::History { out, history } => cmd::history::run(&out, history),
        Command::Demo {
            leads,
            out,
            seed,
            as_of,
            csv,
            export_only,
            dialect,
        } => cmd::demo::run(&cmd::demo::DemoArgs {
            leads,
            out: &out,
            seed,
            as_of: as_of.as_deref(),
            csv,
            export_only,
            dialect,
        }),
    }
}
