//! A second export shape for `bench/run`, made by a generator other than `friday demo`:
//! a Salesforce-style report of wide leads (22 columns, long company names, emails and a
//! free-text description the metrics never read), 2.3 activities per lead on average and a
//! deal for one lead in five (the "Closed - Converted" ones). Written as one XLSX (Leads,
//! Activities, Opportunities; sheets past Excel's 1,048,576 rows continue on
//! "Activities (2)") and as three CSV files.
//!
//! `cargo run --release --example wide_export -- LEADS DIR [--csv-only]`; with `--csv-only`
//! only the CSV files are written (an export past what one workbook holds: 10M leads).

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Excel's last row, header included.
const SHEET_ROWS: u32 = 1_048_576;

/// A small deterministic generator (xorshift64*), so the export is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }
}

const FIRST: [&str; 16] = [
    "Olivia", "Liam", "Amara", "Noah", "Mei", "Mateo", "Zara", "Ethan", "Ines", "Kwame", "Sofia",
    "Arjun", "Hana", "Lucas", "Yara", "Tomasz",
];
const LAST: [&str; 16] = [
    "Okafor",
    "Lindqvist",
    "Fernández",
    "Nakamura",
    "Schmidt",
    "O'Brien",
    "Kowalczyk",
    "Haddad",
    "Dubois",
    "Mensah",
    "Rossi",
    "Chen",
    "Novak",
    "Silva",
    "Iyer",
    "Andersen",
];
const COMPANY_A: [&str; 12] = [
    "Northwind",
    "Bluestone",
    "Harbourview",
    "Silverline",
    "Crescent",
    "Ironbridge",
    "Meadowlark",
    "Redwood",
    "Summit Ridge",
    "Lakeshore",
    "Granite Peak",
    "Oakhurst",
];
const COMPANY_B: [&str; 10] = [
    "Logistics",
    "Health Partners",
    "Manufacturing",
    "Financial Services",
    "Engineering Group",
    "Retail Holdings",
    "Software Solutions",
    "Energy Systems",
    "Property Management",
    "Foods",
];
const SUFFIX: [&str; 5] = ["Ltd.", "Inc.", "GmbH", "LLC", "S.A."];
const SOURCES: [&str; 7] = [
    "Web",
    "Google AdWords",
    "Partner Referral",
    "Trade Show",
    "LinkedIn",
    "Cold Call",
    "Purchased List",
];
const OFFERS: [&str; 4] = [
    "White Paper",
    "Trial Download",
    "Webinar Registration",
    "Contact Us",
];
const STATUSES: [&str; 5] = [
    "Open - Not Contacted",
    "Working - Contacted",
    "Closed - Converted",
    "Closed - Not Converted",
    "Nurturing",
];
const OWNERS: [&str; 24] = [
    "Grace Hopper",
    "Alan Turing",
    "Ada Lovelace",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Frances Allen",
    "Ken Thompson",
    "Margaret Hamilton",
    "Dennis Ritchie",
    "Radia Perlman",
    "John McCarthy",
    "Shafi Goldwasser",
    "Tony Hoare",
    "Karen Spärck Jones",
    "Niklaus Wirth",
    "Leslie Lamport",
    "Sophie Wilson",
    "Guido van Rossum",
    "Anita Borg",
    "Butler Lampson",
    "Jean Sammet",
    "Robin Milner",
    "Adele Goldberg",
];
const INDUSTRIES: [&str; 8] = [
    "Manufacturing",
    "Healthcare",
    "Finance",
    "Retail",
    "Technology",
    "Energy",
    "Education",
    "Government",
];
const CITIES: [&str; 8] = [
    "Chicago",
    "Toronto",
    "Manchester",
    "Lyon",
    "Rotterdam",
    "Austin",
    "Kraków",
    "Porto",
];
const TYPES: [&str; 4] = ["Call", "Email", "Meeting", "Task"];
const STAGES: [&str; 6] = [
    "Prospecting",
    "Qualification",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
];

const LEAD_HEADERS: [&str; 22] = [
    "Lead ID",
    "First Name",
    "Last Name",
    "Title",
    "Company",
    "Email",
    "Phone",
    "Mobile",
    "Lead Source",
    "Content Offer",
    "Lead Status",
    "Rating",
    "Lead Owner",
    "Created Date",
    "Last Modified Date",
    "Street",
    "City",
    "Country",
    "Industry",
    "No. of Employees",
    "Annual Revenue",
    "Description",
];
const ACTIVITY_HEADERS: [&str; 7] = [
    "Activity ID",
    "Lead ID",
    "Subject",
    "Type",
    "Assigned To",
    "Activity Date",
    "Status",
];
const DEAL_HEADERS: [&str; 7] = [
    "Opportunity ID",
    "Lead ID",
    "Opportunity Name",
    "Stage",
    "Amount",
    "Close Date",
    "Opportunity Owner",
];

/// One cell of a row: text, a number or a date-time (minutes since 2024-01-01 00:00).
enum Value {
    Text(String),
    Number(f64),
    Minutes(u64),
}

/// Minutes from 2024-01-01 to 2026-11-20 08:00, the end of the export.
const SPAN_MINUTES: u64 = 1054 * 24 * 60 + 8 * 60;

fn timestamp(minutes: u64) -> (u16, u8, u8, u8, u8) {
    use chrono::{Datelike, Timelike};
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let at = start + chrono::Duration::minutes(i64::try_from(minutes).unwrap_or(0));
    (
        u16::try_from(at.year()).unwrap_or(2024),
        u8::try_from(at.month()).unwrap_or(1),
        u8::try_from(at.day()).unwrap_or(1),
        u8::try_from(at.hour()).unwrap_or(0),
        u8::try_from(at.minute()).unwrap_or(0),
    )
}

fn csv_value(value: &Value, out: &mut String) {
    match value {
        Value::Text(text) if text.contains([',', '"', '\n']) => {
            let _ = write!(out, "\"{}\"", text.replace('"', "\"\""));
        }
        Value::Text(text) => out.push_str(text),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Minutes(m) => {
            let (y, mo, d, h, mi) = timestamp(*m);
            let _ = write!(out, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}");
        }
    }
}

/// A table written both as sheets of the workbook and as a CSV file.
struct Table<'w> {
    workbook: &'w mut Workbook,
    name: &'static str,
    headers: &'static [&'static str],
    sheet: Option<Worksheet>,
    part: u32,
    row: u32,
    csv: BufWriter<std::fs::File>,
    line: String,
    date: Format,
}

impl<'w> Table<'w> {
    fn new(
        workbook: &'w mut Workbook,
        name: &'static str,
        headers: &'static [&'static str],
        dir: &Path,
    ) -> std::io::Result<Self> {
        let mut csv = BufWriter::new(std::fs::File::create(
            dir.join(format!("{}.csv", name.to_lowercase())),
        )?);
        writeln!(csv, "{}", headers.join(","))?;
        Ok(Self {
            workbook,
            name,
            headers,
            sheet: None,
            part: 0,
            row: SHEET_ROWS,
            csv,
            line: String::new(),
            date: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        })
    }

    fn push(&mut self, values: &[Value]) -> Result<(), XlsxError> {
        if self.row == SHEET_ROWS && !csv_only() {
            self.finish_sheet();
            self.part += 1;
            let mut sheet = self.workbook.new_worksheet_with_constant_memory()?;
            let name = if self.part == 1 {
                self.name.to_string()
            } else {
                format!("{} ({})", self.name, self.part)
            };
            sheet.set_name(name)?;
            for (col, header) in self.headers.iter().enumerate() {
                sheet.write_string(0, u16::try_from(col).unwrap_or(0), *header)?;
            }
            self.sheet = Some(sheet);
            self.row = 1;
        }
        self.line.clear();
        for (col, value) in values.iter().enumerate() {
            let col16 = u16::try_from(col).unwrap_or(0);
            if col > 0 {
                self.line.push(',');
            }
            csv_value(value, &mut self.line);
            let Some(sheet) = self.sheet.as_mut() else {
                continue;
            };
            match value {
                Value::Text(text) if text.is_empty() => {}
                Value::Text(text) => {
                    sheet.write_string(self.row, col16, text)?;
                }
                Value::Number(n) => {
                    sheet.write_number(self.row, col16, *n)?;
                }
                Value::Minutes(m) => {
                    let (y, mo, d, h, mi) = timestamp(*m);
                    let at = ExcelDateTime::from_ymd(y, mo, d)?.and_hms(u16::from(h), mi, 0)?;
                    sheet.write_datetime_with_format(self.row, col16, &at, &self.date)?;
                }
            }
        }
        self.line.push('\n');
        self.csv
            .write_all(self.line.as_bytes())
            .map_err(XlsxError::IoError)?;
        self.row += 1;
        Ok(())
    }

    fn finish_sheet(&mut self) {
        if let Some(sheet) = self.sheet.take() {
            self.workbook.push_worksheet(sheet);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(leads), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: wide_export LEADS DIR");
        std::process::exit(2);
    };
    let leads: u64 = leads.parse()?;
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut workbook = Workbook::new();
    // Leads are drawn first, keeping what activities and deals need of each.
    let mut kept: Vec<(u64, u8, bool)> = Vec::new(); // (created minute, owner, has a deal)
    {
        let mut table = Table::new(&mut workbook, "Leads", &LEAD_HEADERS, dir)?;
        for i in 0..leads {
            let first = rng.pick(&FIRST);
            let last = rng.pick(&LAST);
            let company = format!(
                "{} {} {}",
                rng.pick(&COMPANY_A),
                rng.pick(&COMPANY_B),
                rng.pick(&SUFFIX)
            );
            let domain: String = company
                .split(' ')
                .take(2)
                .collect::<String>()
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let created = rng.below(SPAN_MINUTES);
            let owner = u8::try_from(rng.below(OWNERS.len() as u64)).unwrap_or(0);
            let status = rng.pick(&STATUSES);
            let deal = status == "Closed - Converted";
            kept.push((created, owner, deal));
            let city = rng.pick(&CITIES);
            let row = [
                Value::Text(format!("00Q{:012}", i + 1)),
                Value::Text(first.to_string()),
                Value::Text(last.to_string()),
                Value::Text(
                    rng.pick(&["Head of Operations", "CFO", "IT Manager", "Buyer", ""])
                        .to_string(),
                ),
                Value::Text(company),
                Value::Text(format!(
                    "{}.{}{}@{domain}.com",
                    first.to_lowercase(),
                    last.to_lowercase().replace('\'', ""),
                    i % 997
                )),
                Value::Text(format!("+1 312 555 {:04}", rng.below(10_000))),
                Value::Text(if rng.below(3) == 0 {
                    String::new()
                } else {
                    format!("+44 7700 9{:05}", rng.below(100_000))
                }),
                Value::Text(rng.pick(&SOURCES).to_string()),
                Value::Text(rng.pick(&OFFERS).to_string()),
                Value::Text(status.to_string()),
                Value::Number(f64::from(u8::try_from(rng.below(7)).unwrap_or(0) + 1)),
                Value::Text(OWNERS[usize::from(owner)].to_string()),
                Value::Minutes(created),
                Value::Minutes((created + rng.below(60 * 24 * 30)).min(SPAN_MINUTES)),
                Value::Text(format!("{} {} Street", rng.below(900) + 1, rng.pick(&LAST))),
                Value::Text(city.to_string()),
                Value::Text(
                    rng.pick(&["United States", "Canada", "United Kingdom", "Germany"])
                        .to_string(),
                ),
                Value::Text(rng.pick(&INDUSTRIES).to_string()),
                #[allow(clippy::cast_precision_loss)]
                Value::Number((rng.below(5000) + 5) as f64),
                #[allow(clippy::cast_precision_loss)]
                Value::Number((rng.below(900) * 100_000) as f64),
                Value::Text(format!(
                    "Met at the {city} roadshow; asked about pricing for {} seats and an \
                     integration with their ERP. Prefers email, follow up after the quarter end.",
                    rng.below(400) + 5
                )),
            ];
            table.push(&row)?;
        }
        table.finish_sheet();
    }
    {
        let mut table = Table::new(&mut workbook, "Activities", &ACTIVITY_HEADERS, dir)?;
        let mut id = 0u64;
        for (i, &(created, owner, _)) in kept.iter().enumerate() {
            // 0 to 5 activities, 2.3 on average.
            let count = [0, 1, 2, 2, 3, 3, 3, 4, 2, 3][usize::try_from(rng.below(10)).unwrap_or(0)];
            let mut at = created;
            for _ in 0..count {
                at = (at + 30 + rng.below(60 * 24 * 6)).min(SPAN_MINUTES);
                id += 1;
                let kind = rng.pick(&TYPES);
                table.push(&[
                    Value::Text(format!("00T{id:012}")),
                    Value::Text(format!("00Q{:012}", i + 1)),
                    Value::Text(format!(
                        "{kind}: follow-up on the {} request",
                        rng.pick(&OFFERS)
                    )),
                    Value::Text(kind.to_string()),
                    Value::Text(OWNERS[usize::from(owner)].to_string()),
                    Value::Minutes(at),
                    Value::Text("Completed".to_string()),
                ])?;
            }
        }
        table.finish_sheet();
    }
    {
        let mut table = Table::new(&mut workbook, "Opportunities", &DEAL_HEADERS, dir)?;
        let mut id = 0u64;
        for (i, &(created, owner, deal)) in kept.iter().enumerate() {
            if !deal {
                continue;
            }
            id += 1;
            let stage = rng.pick(&STAGES);
            #[allow(clippy::cast_precision_loss)]
            let amount = (rng.below(200) * 500 + 1000) as f64;
            table.push(&[
                Value::Text(format!("006{id:012}")),
                Value::Text(format!("00Q{:012}", i + 1)),
                Value::Text(format!("Deal {id}")),
                Value::Text(stage.to_string()),
                Value::Number(amount),
                Value::Minutes((created + 60 * 24 * (20 + rng.below(60))).min(SPAN_MINUTES)),
                Value::Text(OWNERS[usize::from(owner)].to_string()),
            ])?;
        }
        table.finish_sheet();
    }
    if !csv_only() {
        workbook.save(dir.join("wide-export.xlsx"))?;
    }
    Ok(())
}

/// True when `--csv-only` was given.
fn csv_only() -> bool {
    std::env::args().nth(3).as_deref() == Some("--csv-only")
}
