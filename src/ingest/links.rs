//! What one table says about another: owners given as user ids are named through a users
//! table (Salesforce's `User.csv`, Zoho's `Users.csv`, any users or owners table with an id
//! and a name), and deals that carry no lead id are linked to the lead that was converted
//! into them (Salesforce's `ConvertedOpportunityId` on the lead).

use std::collections::HashMap;

use anyhow::Result;
use polars::prelude::*;

use super::canonical::Tables;
use super::grid::{CellRef, RawTable};
use super::header::normalise;

/// User id → name, from every users table given.
#[derive(Debug, Default)]
pub(crate) struct Users {
    names: HashMap<String, String>,
    /// Where they came from ("User.csv"), for `check` and `init`.
    pub sources: Vec<String>,
}

impl Users {
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// The name of user `id`. Salesforce ids are written with 18 characters or 15 (the
    /// case-sensitive form, the first 15 of the 18), so either finds the other.
    fn name(&self, id: &str) -> Option<&str> {
        self.names
            .get(id)
            .or_else(|| {
                id.get(..15)
                    .filter(|_| id.len() == 18)
                    .and_then(|short| self.names.get(short))
            })
            .map(String::as_str)
    }

    /// Reads `table` as a users table when its file or sheet name says users or owners and it
    /// has an id column and a name (a full name, or first and last names); `None` otherwise.
    pub(crate) fn read(&mut self, table: &RawTable) -> bool {
        let place = format!("{} {}", table.file, table.sheet).to_lowercase();
        if !["user", "owner"].iter().any(|word| place.contains(word)) {
            return false;
        }
        let headers: Vec<String> = table.headers.iter().map(|h| normalise(h)).collect();
        // The first of `names` (best first) among the headers.
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|name| headers.iter().position(|h| h == name))
        };
        let Some(id) = find(&["id", "userid", "ownerid", "recordid"]) else {
            return false;
        };
        // A login ("Username") is not a name.
        let full = find(&["name", "fullname"]);
        let parts = (find(&["firstname"]), find(&["lastname"]));
        if full.is_none() && parts.1.is_none() {
            return false;
        }
        let text = |row: usize, col: Option<usize>| match col.map(|c| table.cell(row, c)) {
            Some(CellRef::Text(text)) => text.trim().to_string(),
            Some(CellRef::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        for row in 0..table.len() {
            let id = text(row, Some(id));
            if id.is_empty() {
                continue;
            }
            let mut name = text(row, full);
            if name.is_empty() {
                name = format!("{} {}", text(row, parts.0), text(row, parts.1))
                    .trim()
                    .to_string();
            }
            if !name.is_empty() {
                self.names.insert(id, name);
            }
        }
        self.sources.push(table.location());
        true
    }
}

/// An owner written as an id rather than a name: one word with a digit in it.
fn looks_like_id(owner: &str) -> bool {
    !owner.contains(char::is_whitespace) && owner.chars().any(|c| c.is_ascii_digit())
}

/// Replaces owner ids by user names in every table; returns (table, row, id) of each owner
/// that looks like an id but has no user row (it stays the id).
///
/// # Errors
/// Polars failures.
pub(crate) fn name_owners(tables: &mut Tables, users: &Users) -> Result<Vec<(u32, u64, String)>> {
    let mut unknown = Vec::new();
    if users.is_empty() {
        return Ok(unknown);
    }
    for frame in [
        &mut tables.leads,
        &mut tables.activities,
        &mut tables.opportunities,
    ]
    .into_iter()
    .flatten()
    {
        let owners = frame.column("owner")?.str()?;
        let (table, row) = (frame.column("table")?.u32()?, frame.column("row")?.u64()?);
        let named: StringChunked = owners
            .iter()
            .enumerate()
            .map(|(i, owner)| {
                owner.map(|owner| match users.name(owner) {
                    Some(name) => name.to_string(),
                    None => {
                        if looks_like_id(owner) {
                            unknown.push((
                                table.get(i).unwrap_or(0),
                                row.get(i).unwrap_or(0),
                                owner.to_string(),
                            ));
                        }
                        owner.to_string()
                    }
                })
            })
            .collect();
        frame.with_column(named.with_name("owner".into()).into_column())?;
    }
    Ok(unknown)
}

/// Gives each deal with no lead id the lead converted into it, when the leads name their
/// converted deal.
///
/// # Errors
/// Polars failures.
pub(crate) fn link_converted_deals(tables: &mut Tables) -> Result<()> {
    let (Some(leads), Some(opps)) = (&tables.leads, &mut tables.opportunities) else {
        return Ok(());
    };
    let converted = leads.column("opportunity_id")?.str()?;
    if converted.null_count() == converted.len() {
        return Ok(());
    }
    let lead_ids = leads.column("lead_id")?.str()?;
    let by_deal: HashMap<&str, &str> = converted
        .iter()
        .zip(lead_ids.iter())
        .filter_map(|(deal, lead)| Some((deal?, lead?)))
        .collect();
    let deal_ids = opps.column("opportunity_id")?.str()?;
    let linked: StringChunked = opps
        .column("lead_id")?
        .str()?
        .iter()
        .zip(deal_ids.iter())
        .map(|(lead, deal)| {
            lead.or_else(|| {
                let deal = deal?;
                by_deal
                    .get(deal)
                    .or_else(|| deal.get(..15).and_then(|short| by_deal.get(short)))
                    .copied()
            })
            .map(str::to_string)
        })
        .collect();
    opps.with_column(linked.with_name("lead_id".into()).into_column())?;
    Ok(())
}

/// The key two spellings of one name share: letters and digits only, lower case ("Google",
/// "google " and "G.oogle" are one; "Ann Lee" and "ann lee" are one rep).
fn spelling_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Writes every rep, source and offer in the spelling most of its rows use (ties: the one
/// first in sort order), across all tables, so "Google" and "google" are one source.
///
/// # Errors
/// Polars failures.
pub(crate) fn unify_spellings(tables: &mut Tables) -> Result<()> {
    for column in ["owner", "source", "offer"] {
        let frames: Vec<&mut DataFrame> = [
            &mut tables.leads,
            &mut tables.activities,
            &mut tables.opportunities,
        ]
        .into_iter()
        .flatten()
        .filter(|frame| frame.column(column).is_ok())
        .collect();
        // key → spelling → rows
        let mut spellings: HashMap<String, HashMap<String, u64>> = HashMap::new();
        for frame in &frames {
            for value in frame.column(column)?.str()?.iter().flatten() {
                let by_key = spellings.entry(spelling_key(value)).or_default();
                match by_key.get_mut(value) {
                    Some(count) => *count += 1,
                    None => {
                        by_key.insert(value.to_string(), 1);
                    }
                }
            }
        }
        let chosen: HashMap<String, String> = spellings
            .into_iter()
            .filter(|(_, by_spelling)| by_spelling.len() > 1)
            .map(|(key, by_spelling)| {
                let best = by_spelling
                    .into_iter()
                    .min_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)))
                    .map(|(spelling, _)| spelling)
                    .unwrap_or_default();
                (key, best)
            })
            .collect();
        if chosen.is_empty() {
            continue;
        }
        for frame in frames {
            let unified: StringChunked = frame
                .column(column)?
                .str()?
                .iter()
                .map(|value| {
                    value.map(|value| {
                        chosen
                            .get(&spelling_key(value))
                            .map_or_else(|| value.to_string(), Clone::clone)
                    })
                })
                .collect();
            frame.with_column(unified.with_name(column.into()).into_column())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_in_its_most_used_spelling_across_tables() {
        let leads = df!(
            "owner" => [Some("Ann Lee"), Some("ann lee"), Some("Ann Lee"), Some("Bo")],
            "source" => [Some("Google"), Some("google"), Some("Web"), None],
            "offer" => [Some("Trial"), Some("trial"), Some("White Paper"), Some("white-paper")],
        )
        .unwrap();
        let opps = df!("owner" => ["ANN LEE", "bo"], "source" => ["google", "Web"]).unwrap();
        let mut tables = Tables {
            leads: Some(leads),
            activities: None,
            opportunities: Some(opps),
        };
        unify_spellings(&mut tables).unwrap();
        let column = |frame: &Option<DataFrame>, name: &str| -> Vec<Option<String>> {
            frame.as_ref().unwrap()[name]
                .str()
                .unwrap()
                .iter()
                .map(|v| v.map(str::to_string))
                .collect()
        };
        let some = |values: &[&str]| -> Vec<Option<String>> {
            values.iter().map(|v| Some((*v).to_string())).collect()
        };
        assert_eq!(
            column(&tables.leads, "owner"),
            some(&["Ann Lee", "Ann Lee", "Ann Lee", "Bo"])
        );
        assert_eq!(
            column(&tables.opportunities, "owner"),
            some(&["Ann Lee", "Bo"])
        );
        // "google" twice (a lead and a deal), "Google" once: the more used spelling wins.
        assert_eq!(
            column(&tables.leads, "source"),
            [
                Some("google".to_string()),
                Some("google".to_string()),
                Some("Web".to_string()),
                None
            ]
        );
        // One each: the first in sort order.
        assert_eq!(
            column(&tables.leads, "offer"),
            some(&["Trial", "Trial", "White Paper", "White Paper"])
        );
    }
}
