//! Command-line arguments (clap derive only: no I/O, no logic).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// friday turns a CRM export into the Friday report: every lead a rep has not followed up,
/// in red, and the numbers that say which sources and offers make customers.
#[derive(Debug, Parser)]
#[command(name = "friday", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the Friday report (XLSX and HTML site) for one or more export files.
    #[command(
        after_help = "Example:\n  friday report export.xlsx -c friday.toml -o reports --as-of 2026-11-20\n  friday report leads.csv calls.csv deals.csv"
    )]
    Report {
        #[command(flatten)]
        options: ReportOptions,
        /// Then email the report to the recipients under [email] in friday.toml.
        #[arg(long)]
        send: bool,
        /// With --send: write the messages as .eml files into DIR instead of sending them.
        #[arg(long, value_name = "DIR", requires = "send")]
        dry_run: Option<PathBuf>,
        /// With --send: send every message again, even those OUT/sent-DATE.json records as sent.
        #[arg(long, requires = "send", conflicts_with = "dry_run")]
        resend: bool,
    },
    /// Write the Friday report and email it: the XLSX attached, a short summary in the body
    /// ([email] in friday.toml; the SMTP password from the environment variable it names).
    #[command(
        after_help = "Example:\n  FRIDAY_SMTP_PASSWORD=... friday send export.xlsx -c friday.toml\n  friday send export.xlsx --as-of 2026-11-20 --dry-run outbox\n  friday send export.xlsx --as-of 2026-11-20 --resend"
    )]
    Send {
        #[command(flatten)]
        options: ReportOptions,
        /// Write the messages as .eml files into DIR instead of sending them.
        #[arg(long, value_name = "DIR")]
        dry_run: Option<PathBuf>,
        /// Send every message again, even those OUT/sent-DATE.json records as sent (a rerun
        /// for the same date otherwise sends only what is missing).
        #[arg(long, conflicts_with = "dry_run")]
        resend: bool,
    },
    /// Show what friday understands in an export: tables, column mapping, row counts, problems.
    #[command(
        after_help = "Example:\n  friday check export.xlsx\n  friday check leads.csv activities.csv -c friday.toml"
    )]
    Check {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Configuration file (default: ./friday.toml when it exists).
        #[arg(short, long)]
        config: Option<PathBuf>,
        /// List every problem row, not only the first five of each kind.
        #[arg(long)]
        all: bool,
    },
    /// Write a commented friday.toml describing what was recognised in an export.
    #[command(
        after_help = "Example:\n  friday init export.xlsx\n  friday init Leads.csv Calls.csv Potentials.csv -o zoho.toml"
    )]
    Init {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the configuration.
        #[arg(short, long, default_value = "friday.toml")]
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write the embedded site templates and assets to a folder, to edit and pass as --templates.
    #[command(
        after_help = "Example:\n  friday templates -o my-templates\n  friday report export.xlsx --templates my-templates"
    )]
    Templates {
        /// Folder to write the templates into.
        #[arg(short, long, default_value = "templates")]
        out: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
    /// List the reports kept in the history (one snapshot per as-of date).
    #[command(
        after_help = "Example:\n  friday history\n  friday history -o reports\n  friday history --history /srv/friday/history"
    )]
    History {
        /// The report output folder whose history to list (its history/ folder).
        #[arg(short, long, default_value = "friday-report")]
        out: PathBuf,
        /// A history folder kept elsewhere (as given to `friday report --history`).
        #[arg(long)]
        history: Option<PathBuf>,
    },
    /// Generate a realistic demo export and run the report on it.
    #[command(
        after_help = "Example:\n  friday demo\n  friday demo --leads 100000 -o demo --as-of 2026-11-20"
    )]
    Demo {
        /// Number of leads to generate.
        #[arg(long, default_value_t = 2500)]
        leads: usize,
        /// Output folder: receives export/ (the generated export) and the report.
        #[arg(short, long, default_value = "friday-demo")]
        out: PathBuf,
        /// Random seed: the same seed and as-of date give the same export.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Date the export ends on (YYYY-MM-DD); default today.
        #[arg(long)]
        as_of: Option<String>,
        /// Also write the export as CSV files (export/leads.csv, activities.csv, opportunities.csv).
        #[arg(long)]
        csv: bool,
        /// Only write the export; do not run the report on it.
        #[arg(long)]
        export_only: bool,
        /// Write the export as this CRM writes it (files under export/), and report on those.
        #[arg(long, value_enum)]
        dialect: Option<Dialect>,
    },
}

/// What `friday report` and `friday send` share: the inputs, the settings and the outputs.
#[derive(Debug, clap::Args)]
pub struct ReportOptions {
    /// Export files: .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt (leads, activities, opportunities).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Configuration file (default: ./friday.toml when it exists).
    #[arg(short, long)]
    pub config: Option<PathBuf>,
    /// Output folder: receives friday-YYYY-MM-DD.xlsx and site/.
    #[arg(short, long, default_value = "friday-report")]
    pub out: PathBuf,
    /// Measure ages and deadlines at this instant instead of now: a date (2026-11-20: the
    /// end of that day) or a date and time (2026-11-20T17:00), in [input] timezone.
    /// Makes a run reproducible.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Also write the whole report as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Keep the week-over-week history here instead of OUT/history.
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Print how long each phase took (read, compute, render: html and xlsx, history, write)
    /// on stderr.
    #[arg(long)]
    pub timings: bool,
    /// Folder of site templates and assets overriding the embedded ones by file name
    /// (start from `friday templates`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also write the report as one self-contained page, OUT/friday-YYYY-MM-DD.html,
    /// for an email attachment.
    #[arg(long)]
    pub single_file: bool,
    /// When another run is writing to the output folder (or the history folder), wait up to
    /// SECONDS for it to finish instead of stopping at once with exit code 4.
    #[arg(long, value_name = "SECONDS")]
    pub wait: Option<u64>,
}

/// A CRM's way of writing an export, for `friday demo --dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// Salesforce's weekly Data Export: Lead.csv, Task.csv, Opportunity.csv, User.csv.
    SalesforceExport,
    /// Salesforce report exports ("Details Only" CSV), one per object, with closing lines.
    SalesforceReport,
    /// HubSpot's contacts, activities and deals exports.
    Hubspot,
    /// Pipedrive's leads, activities and deals exports ("Deal - …" headers).
    Pipedrive,
    /// Zoho CRM's Leads.csv, Calls.csv and Potentials.csv.
    Zoho,
    /// Dynamics 365 "Export to Excel" of the Leads, Activities and Opportunities views.
    Dynamics,
}
