//! `OUT/sent-DATE.json`: what `friday send` delivered for one report date (message,
//! recipients, time, the server's reply), rewritten whole after each message, so that a rerun
//! sends only what is missing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::atomic::write_atomically;

/// Every message sent for one date, oldest first.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Record {
    pub as_of: Option<NaiveDate>,
    pub messages: Vec<Entry>,
}

/// One message as the server accepted it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    /// Which message: `friday-DATE` (the team's) or `friday-DATE-<rep>`, as the .eml files of a
    /// dry run are named.
    pub message: String,
    pub subject: String,
    /// The recipients the server accepted.
    pub recipients: Vec<String>,
    /// When the server accepted it, UTC, RFC 3339.
    pub sent_at: String,
    /// The server's reply to the message: "250 OK".
    pub reply: String,
}

/// The record file for `date` in the output folder `out`.
pub(crate) fn path(out: &Path, date: NaiveDate) -> PathBuf {
    out.join(format!("sent-{date}.json"))
}

impl Record {
    /// Reads the record at `path`; none yet is an empty record.
    ///
    /// # Errors
    /// A file that cannot be read or is not a record (the message says how to go on).
    pub(crate) fn load(path: &Path, date: NaiveDate) -> Result<Record> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Record {
                    as_of: Some(date),
                    messages: Vec::new(),
                });
            }
            Err(err) => {
                return Err(err).with_context(|| format!("reading {}", path.display()));
            }
        };
        serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{} is not a record of sent messages; move it away to send everything again",
                path.display()
            )
        })
    }

    /// The recipients `message` has already gone to, by any earlier send.
    pub(crate) fn sent_to(&self, message: &str) -> BTreeSet<&str> {
        self.messages
            .iter()
            .filter(|entry| entry.message == message)
            .flat_map(|entry| entry.recipients.iter().map(String::as_str))
            .collect()
    }

    /// When `message` last went out, if it did.
    pub(crate) fn last_sent(&self, message: &str) -> Option<&str> {
        self.messages
            .iter()
            .rev()
            .find(|entry| entry.message == message)
            .map(|entry| entry.sent_at.as_str())
    }

    /// Adds `entry` and writes the record whole in place of the old one.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub(crate) fn push(&mut self, entry: Entry, path: &Path) -> Result<()> {
        self.messages.push(entry);
        let mut text = serde_json::to_string_pretty(self).context("serialising the record")?;
        text.push('\n');
        write_atomically(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(message: &str, to: &[&str]) -> Entry {
        Entry {
            message: message.to_string(),
            subject: "s".to_string(),
            recipients: to.iter().map(|t| (*t).to_string()).collect(),
            sent_at: "2026-11-20T07:00:00Z".to_string(),
            reply: "250 OK".to_string(),
        }
    }

    #[test]
    fn records_each_message_and_reads_back_who_got_what() {
        let dir = tempfile::tempdir().unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let file = path(dir.path(), date);
        assert_eq!(file, dir.path().join("sent-2026-11-20.json"));
        let mut record = Record::load(&file, date).unwrap();
        assert_eq!(record.messages.len(), 0);
        record
            .push(entry("friday-2026-11-20", &["a@x.test"]), &file)
            .unwrap();
        record
            .push(entry("friday-2026-11-20", &["b@x.test"]), &file)
            .unwrap();
        let record = Record::load(&file, date).unwrap();
        assert_eq!(
            record
                .sent_to("friday-2026-11-20")
                .into_iter()
                .collect::<Vec<_>>(),
            ["a@x.test", "b@x.test"]
        );
        assert_eq!(record.sent_to("friday-2026-11-20-bruno").len(), 0);
        assert_eq!(
            record.last_sent("friday-2026-11-20"),
            Some("2026-11-20T07:00:00Z")
        );
        std::fs::write(&file, "{\"nope\": 1}").unwrap();
        let err = Record::load(&file, date).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{} is not a record of sent messages; move it away to send everything again",
                file.display()
            )
        );
    }
}
