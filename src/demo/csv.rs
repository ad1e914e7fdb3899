//! Writes a demo [`Export`] as three CSV files, one per table.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::{Export, Table, Value};

/// Writes `leads.csv`, `activities.csv` and `opportunities.csv` into `dir`, creating it if
/// missing: comma-separated UTF-8 without BOM, `\n` line ends, fields quoted when they hold a
/// comma, quote or newline; datetimes as `YYYY-MM-DD HH:MM:SS`, dates as `YYYY-MM-DD`,
/// amounts as plain numbers with two decimals (`12500.00`).
///
/// # Errors
///
/// Fails when the directory cannot be created or a file cannot be written; the error names
/// the path.
pub(crate) fn write_csv(export: &Export, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating directory {}", dir.display()))?;
    for table in [&export.leads, &export.activities, &export.opportunities] {
        let path = dir.join(format!("{}.csv", table.name.to_lowercase()));
        write_table(table, &path).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn write_table(table: &Table, path: &Path) -> Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    let headers: Vec<String> = table.headers.iter().map(|h| quote(h)).collect();
    writeln!(out, "{}", headers.join(","))?;
    for row in &table.rows {
        let fields: Vec<String> = row.iter().map(field).collect();
        writeln!(out, "{}", fields.join(","))?;
    }
    out.flush()?;
    Ok(())
}

/// One value as a CSV field.
fn field(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(s) => quote(s),
        Value::Amount(x) => format!("{x:.2}"),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// `s` as is, or in double quotes with inner quotes doubled when it holds `,`, `"` or a newline.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn quote_leaves_plain_text_and_quotes_comma_quote_and_newline() {
        assert_eq!(quote("Northwind Traders"), "Northwind Traders");
        assert_eq!(quote("Litware, Inc."), "\"Litware, Inc.\"");
        assert_eq!(quote("the \"big\" one"), "\"the \"\"big\"\" one\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn field_formats_each_value_kind() {
        let day = NaiveDate::from_ymd_opt(2025, 6, 13).unwrap();
        assert_eq!(field(&Value::Empty), "");
        assert_eq!(field(&Value::Amount(12_500.0)), "12500.00");
        assert_eq!(field(&Value::Date(day)), "2025-06-13");
        let at = day.and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(field(&Value::DateTime(at)), "2025-06-13 09:05:00");
    }
}
