//! friday.toml: how to read the export and how to judge follow-up.
//!
//! `Config::parse` does the work so tests need no files; `Config::from_file` only reads.

mod cadence;
mod email;
mod hours;
mod junk;

pub(crate) use cadence::{CadenceConfig, StepConfig};
pub(crate) use email::{Email, Security, Smtp};
pub(crate) use hours::{DAY_KEYS, HoursConfig};
pub(crate) use junk::JunkConfig;

use crate::schema::{Field, TableKind};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The whole configuration. Every section is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    pub input: Input,
    /// Working days, hours and holidays: the clock SLAs run on.
    pub hours: HoursConfig,
    pub sla: Sla,
    pub follow_up: FollowUp,
    pub cadence: CadenceConfig,
    pub stages: Stages,
    pub junk: JunkConfig,
    /// Company aliases: alias = canonical name ("Amex" = "American Express").
    pub companies: BTreeMap<String, String>,
    pub cohorts: Cohorts,
    pub offers: Offers,
    pub grab_back: GrabBack,
    pub attribution: Attribution,
    pub site: Site,
    /// `[email]`: who gets the report and through which SMTP server.
    pub email: Email,
    /// `[columns.leads]`, `[columns.activities]`, `[columns.opportunities]`: field → header.
    /// An empty header means "this export has no such column".
    pub columns: BTreeMap<TableKind, BTreeMap<Field, String>>,
    /// Kind overrides for particular files or sheets.
    pub tables: Vec<TableRule>,
    pub limits: Limits,
}

/// How values are read.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Input {
    /// Time zone of timestamps that carry no offset (IANA name, e.g. "Europe/Berlin").
    pub timezone: String,
    /// Day/month order of numeric dates such as 03/04/2021: "dmy" or "mdy".
    pub date_order: Option<DateOrder>,
    /// Ratings written as words (Salesforce and Dynamics "Rating": Hot, Warm, Cold) and the
    /// rank 1–7 each stands for; compared without case.
    pub ratings: BTreeMap<String, u8>,
}

impl Default for Input {
    fn default() -> Self {
        Input {
            timezone: "UTC".to_string(),
            date_order: None,
            ratings: default_ratings(),
        }
    }
}

/// Hot is the best rank, Cold the worst, Warm between.
fn default_ratings() -> BTreeMap<String, u8> {
    [("hot", 1), ("warm", 4), ("cold", 7)]
        .into_iter()
        .map(|(word, rank)| (word.to_string(), rank))
        .collect()
}

/// Follow-up deadlines.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Sla {
    /// Hours a lead may wait for its first touch when no offer rule matches.
    pub default_hours: f64,
    /// Offer keyword → hours; matched case-insensitively against the offer, else the source.
    pub offers: BTreeMap<String, f64>,
    /// "working-days" (default: around the clock on the working days of `[hours]`),
    /// "business" (only inside the `[hours]` window) or "calendar" hours.
    pub clock: SlaClock,
}

impl Default for Sla {
    fn default() -> Self {
        Sla {
            default_hours: 72.0,
            offers: BTreeMap::from([("trial".to_string(), 24.0)]),
            clock: SlaClock::WorkingDays,
        }
    }
}

/// Which hours an SLA and the cadence's hour steps count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum SlaClock {
    /// Time runs around the clock on working days and stops on days off and holidays:
    /// 24 h from Friday 16:00 is Monday 16:00.
    WorkingDays,
    /// Only the hours inside the `[hours]` window count ("4 business hours").
    Business,
    /// Every hour counts.
    Calendar,
}

impl SlaClock {
    /// The name as written in friday.toml.
    #[must_use]
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::WorkingDays => "working-days",
            Self::Business => "business",
            Self::Calendar => "calendar",
        }
    }
}

/// Which leads the follow-up lists hold, and when a contacted lead goes stale.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct FollowUp {
    /// An open, contacted lead whose last touch is older than this many days is stale (amber).
    pub stale_days: f64,
    /// The red and amber lists hold leads created within this many days before as-of;
    /// older ones are counted per rep (never worked, gone quiet). 0: no window.
    pub window_days: u32,
    /// An overdue lead at this rank or better (1 is best) is a hot lead: its whole row is red.
    pub hot_rank: i32,
}

impl Default for FollowUp {
    fn default() -> Self {
        FollowUp {
            stale_days: 14.0,
            window_days: 90,
            hot_rank: 3,
        }
    }
}

/// Under which rep deals count.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Attribution {
    /// "deal-owner" (default: the opportunity's own owner) or "lead-owner" (the owner of the
    /// lead it came from gets the opportunity, its win and its loss).
    pub deals: DealOwner,
}

/// Who a deal counts under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DealOwner {
    #[default]
    DealOwner,
    LeadOwner,
}

impl DealOwner {
    /// The name as written in friday.toml.
    #[must_use]
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::DealOwner => "deal-owner",
            Self::LeadOwner => "lead-owner",
        }
    }
}

/// Cohorts of lead creation for conversion over time.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Cohorts {
    /// "week" (ISO weeks, Monday first) or "month".
    pub by: CohortUnit,
    /// A cohort whose last day is fewer than this many days before as-of is immature: too
    /// young to judge its conversion.
    pub mature_days: i64,
}

impl Default for Cohorts {
    fn default() -> Self {
        Cohorts {
            by: CohortUnit::Month,
            mature_days: 30,
        }
    }
}

/// The length of a cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum CohortUnit {
    Week,
    Month,
}

/// Which two offers the significance test compares.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Offers {
    /// Two offer names (as in the export, any case). Default: the offers containing
    /// "white paper" and "trial" when both exist, else the two with the most leads.
    pub compare: Vec<String>,
}

/// The HTML site.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Site {
    /// A folder whose templates and assets replace the embedded ones of the same name
    /// (`friday templates` writes the defaults as a starting point); `--templates` wins.
    pub templates: Option<std::path::PathBuf>,
    /// The most rows a list on a page shows (follow-ups, grab-back, junk leads); the page
    /// gives the total and the workbook sheet that holds them all. 0 shows every row.
    pub rows_per_list: usize,
    /// Where the site is published ("https://intranet.example.com/friday/"): the per-rep
    /// messages link to each rep's page under it.
    pub base_url: Option<String>,
}

/// Rows a site list shows by default: a page a browser opens at once at a million leads.
pub(crate) const ROWS_PER_LIST: usize = 500;

impl Default for Site {
    fn default() -> Self {
        Site {
            templates: None,
            rows_per_list: ROWS_PER_LIST,
            base_url: None,
        }
    }
}

/// Rank-7 leads handed back to marketing.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct GrabBack {
    /// Leads at this rank or worse (higher) qualify.
    pub rank: i32,
    /// ... when nobody has touched them for this many days.
    pub days: f64,
}

impl Default for GrabBack {
    fn default() -> Self {
        GrabBack {
            rank: 7,
            days: 30.0,
        }
    }
}

/// Day/month order for numeric dates like 03/04/2021.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first: 03/04/2021 is 3 April.
    Dmy,
    /// Month first: 03/04/2021 is 4 March.
    Mdy,
}

/// Stage words that mean won: `won` (Salesforce/Zoho `Closed Won`, Pipedrive and Dynamics
/// `Won`), `closedwon` (HubSpot's internal deal stage) and `customer` (lifecycle stages and
/// lead statuses such as `Customer`). `closed` alone is left out: it is both won and lost.
#[must_use]
pub fn default_won_stages() -> Vec<String> {
    ["won", "closedwon", "customer"].map(String::from).to_vec()
}

/// Stage words that mean lost: `lost` (`Closed Lost`, `Lost Lead`), `closedlost` (HubSpot),
/// `disqualified`, `unqualified`, `not qualified`, `junk` (`Junk Lead`), `rejected`,
/// `closed not converted` (Salesforce's `Closed - Not Converted`), `no longer interested`,
/// `canceled`, `cancelled` and `out sold` (Dynamics), `dead`.
#[must_use]
pub fn default_lost_stages() -> Vec<String> {
    [
        "lost",
        "closedlost",
        "disqualified",
        "unqualified",
        "not qualified",
        "rejected",
        "closed not converted",
        "no longer interested",
        "canceled",
        "cancelled",
        "out sold",
        "dead",
    ]
    .map(String::from)
    .to_vec()
}

/// Which stage or status values mean won and lost (whole words, case-insensitive).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Stages {
    pub won: Vec<String>,
    pub lost: Vec<String>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            won: default_won_stages(),
            lost: default_lost_stages(),
        }
    }
}

/// Says what kind of table a file (or one sheet of it) holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TableRule {
    /// File name as given, or its last component.
    pub file: String,
    /// Sheet name; all sheets when absent.
    pub sheet: Option<String>,
    /// "leads", "activities", "opportunities", or "ignore".
    pub kind: RuleKind,
}

/// What a `[[tables]]` rule says a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RuleKind {
    Leads,
    Activities,
    Opportunities,
    Ignore,
}

/// Guards against hostile or absurd inputs, checked before any sheet is parsed.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Limits {
    /// Largest total uncompressed size of a workbook's parts, in MiB.
    pub max_uncompressed_mib: u64,
    /// Largest uncompressed ÷ compressed ratio of any part of a workbook.
    pub max_compression_ratio: u64,
    /// Largest number of cells over all sheets of all inputs.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_uncompressed_mib: 4096,
            max_compression_ratio: 1000,
            max_cells: 200_000_000,
        }
    }
}

/// What a `[[tables]]` rule decides for one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KindRule {
    Kind(TableKind),
    Ignore,
}

impl Config {
    /// Parses and checks friday.toml text.
    ///
    /// # Errors
    /// TOML syntax errors, unknown keys, an unknown time zone, field or table kind.
    pub(crate) fn parse(text: &str) -> Result<Config> {
        let config: Config = toml::from_str(text)?;
        config.validate()?;
        Ok(config)
    }

    /// Reads and parses a config file.
    ///
    /// # Errors
    /// When the file cannot be read or does not parse (see [`Config::parse`]).
    pub(crate) fn from_file(path: &Path) -> Result<Config> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Config::parse(&text).with_context(|| format!("in {}", path.display()))
    }

    fn validate(&self) -> Result<()> {
        self.timezone()?;
        // Unknown kinds and fields are refused by serde; a field of another kind here.
        for (kind, fields) in &self.columns {
            for field in fields.keys() {
                if !kind.fields().contains(field) {
                    bail!(
                        "[columns.{kind}]: `{field}` is not a field of {kind} tables; {kind} fields are: {}",
                        kind.fields()
                            .iter()
                            .map(|f| f.key())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
            }
        }
        if let Some((word, rank)) = self
            .input
            .ratings
            .iter()
            .find(|(_, r)| !(1..=7).contains(*r))
        {
            bail!("[input] ratings: \"{word}\" = {rank}: use a rank from 1 to 7");
        }
        if self.sla.default_hours <= 0.0 || self.sla.offers.values().any(|h| *h <= 0.0) {
            bail!("[sla]: hours must be positive");
        }
        if !self.follow_up.stale_days.is_finite() || self.follow_up.stale_days <= 0.0 {
            bail!("[follow-up] stale-days must be a positive number of days");
        }
        if !(1..=7).contains(&self.follow_up.hot_rank) {
            bail!(
                "[follow-up] hot-rank = {}: use a rank from 1 to 7",
                self.follow_up.hot_rank
            );
        }
        if !self.offers.compare.is_empty() && self.offers.compare.len() != 2 {
            bail!(
                "[offers] compare: name exactly two offers, e.g. compare = [\"White Paper\", \"Trial Download\"]"
            );
        }
        // `[hours]` and `[cadence]` are checked where they are built, once per run
        // (`metrics::Context::new`), before any input is read.
        Ok(())
    }

    /// The configured time zone.
    ///
    /// # Errors
    /// When the name is not an IANA time zone.
    pub(crate) fn timezone(&self) -> Result<chrono_tz::Tz> {
        self.input.timezone.parse().map_err(|_| {
            anyhow::anyhow!(
                "[input] timezone = \"{}\" is not a time zone name such as \"Europe/Berlin\" or \"America/New_York\"",
                self.input.timezone
            )
        })
    }

    /// The header the user named for `field` in tables of `kind`: `Some("")` means "none".
    #[must_use]
    pub(crate) fn column(&self, kind: TableKind, field: Field) -> Option<&str> {
        self.columns
            .get(&kind)
            .and_then(|m| m.get(&field))
            .map(String::as_str)
    }

    /// The `[[tables]]` rule for a file and sheet, if any (a sheet rule beats a file rule).
    #[must_use]
    pub(crate) fn kind_rule(&self, file: &str, sheet: &str) -> Option<KindRule> {
        let base = Path::new(file)
            .file_name()
            .map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
        let matches_file = |r: &&TableRule| r.file == file || r.file == base;
        let rule = self
            .tables
            .iter()
            .filter(matches_file)
            .find(|r| r.sheet.as_deref() == Some(sheet))
            .or_else(|| {
                self.tables
                    .iter()
                    .filter(matches_file)
                    .find(|r| r.sheet.is_none())
            })?;
        Some(match rule.kind {
            RuleKind::Leads => KindRule::Kind(TableKind::Leads),
            RuleKind::Activities => KindRule::Kind(TableKind::Activities),
            RuleKind::Opportunities => KindRule::Kind(TableKind::Opportunities),
            RuleKind::Ignore => KindRule::Ignore,
        })
    }

    /// SLA in hours for a lead with this offer and source.
    #[must_use]
    pub(crate) fn sla_hours(&self, offer: &str, source: &str) -> f64 {
        let pick = |text: &str| {
            let lower = text.to_lowercase();
            self.sla
                .offers
                .iter()
                .find(|(keyword, _)| lower.contains(&keyword.to_lowercase()))
                .map(|(_, hours)| *hours)
        };
        if offer.is_empty() {
            pick(source)
        } else {
            pick(offer)
        }
        .unwrap_or(self.sla.default_hours)
    }
}

#[cfg(test)]
mod tests;
