//! What one table says about another: owners given as user ids are named through a users
//! table (Salesforce's `User.csv`, Zoho's `Users.csv`, any users or owners table with an id
//! and a name), and deals that carry no lead id are linked to the lead that was converted
//! into them (Salesforce's `ConvertedOpportunityId` on the lead); activities and deals that
//! name their lead instead of giving its id (Dynamics 365's "Regarding" and "Originating
//! Lead") are tied to the lead of that name.

use foldhash::{HashMap, HashMapExt, HashSet};

use anyhow::Result;
use polars::prelude::*;

use super::canonical::Tables;
use super::grid::{CellRef, RawTable};
use super::header::normalise;

/// The normalised headers a users table is read by: its id (best first: "id", "userid",
/// "ownerid", "recordid"), a full name ("name", "fullname"), first and last names.
pub(crate) const USERS_HEADERS: [&str; 8] = [
    "id",
    "userid",
    "ownerid",
    "recordid",
    "name",
    "fullname",
    "firstname",
    "lastname",
];

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
        let Some(id) = find(&USERS_HEADERS[..4]) else {
            return false;
        };
        // A login ("Username") is not a name.
        let full = find(&USERS_HEADERS[4..6]);
        let parts = (find(&USERS_HEADERS[6..7]), find(&USERS_HEADERS[7..8]));
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

/// An activity or deal that names a lead several leads share (and the same rep owns): it is
/// tied to none of them.
#[derive(Debug)]
pub(crate) struct SharedName {
    pub table: u32,
    pub row: u64,
    pub name: String,
    pub leads: usize,
}

/// Ties activities and deals whose lead id is not a lead's id but a lead's name (Dynamics 365
/// writes the "Regarding" and "Originating Lead" lookups as the lead's name) to the lead of
/// that name; when several leads have it, to the one the same rep owns. A name still shared
/// is tied to none and returned.
///
/// # Errors
/// Polars failures.
pub(crate) fn link_by_name(tables: &mut Tables) -> Result<Vec<SharedName>> {
    let mut shared = Vec::new();
    let Some(leads) = &tables.leads else {
        return Ok(shared);
    };
    let known: HashSet<&str> = leads.column("lead_id")?.str()?.iter().flatten().collect();
    // Name → each lead with that name, built only when some id is unknown.
    let mut by_name: Option<HashMap<&str, Vec<Namesake>>> = None;
    for (frame, at) in [
        (&mut tables.activities, "at_ms"),
        (&mut tables.opportunities, "created_ms"),
    ] {
        let Some(frame) = frame else {
            continue;
        };
        let named = frame.column("lead_id")?.str()?;
        if named.iter().flatten().all(|id| known.contains(id)) {
            continue;
        }
        let by_name = match &mut by_name {
            Some(map) => map,
            None => by_name.insert(namesakes(leads)?),
        };
        let owners = frame.column("owner")?.str()?;
        let times = frame.column(at)?.i64()?;
        let (table, row) = (frame.column("table")?.u32()?, frame.column("row")?.u64()?);
        let linked: StringChunked = named
            .iter()
            .zip(owners.iter().zip(times.iter()))
            .enumerate()
            .map(|(i, (lead, (owner, at)))| {
                let lead = lead?;
                if known.contains(lead) {
                    return Some(lead.to_string());
                }
                let Some(candidates) = by_name.get(lead.trim()) else {
                    // An unknown id: the data-quality checks name it.
                    return Some(lead.to_string());
                };
                if let Some(id) = which(candidates, owner, at) {
                    return Some(id.to_string());
                }
                shared.push(SharedName {
                    table: table.get(i).unwrap_or(0),
                    row: row.get(i).unwrap_or(0),
                    name: lead.to_string(),
                    leads: candidates.len(),
                });
                None
            })
            .collect();
        frame.with_column(linked.with_name("lead_id".into()).into_column())?;
    }
    Ok(shared)
}

/// A lead as a name finds it.
struct Namesake<'a> {
    id: &'a str,
    owner: Option<&'a str>,
    created_ms: Option<i64>,
}

/// Each lead by its name.
fn namesakes(leads: &DataFrame) -> Result<HashMap<&str, Vec<Namesake<'_>>>> {
    let mut map: HashMap<&str, Vec<Namesake>> = HashMap::new();
    let (names, ids) = (
        leads.column("name")?.str()?,
        leads.column("lead_id")?.str()?,
    );
    let (owners, created) = (
        leads.column("owner")?.str()?,
        leads.column("created_ms")?.i64()?,
    );
    for (((name, id), owner), created_ms) in names
        .iter()
        .zip(ids.iter())
        .zip(owners.iter())
        .zip(created.iter())
    {
        if let (Some(name), Some(id)) = (name, id) {
            map.entry(name.trim()).or_default().push(Namesake {
                id,
                owner,
                created_ms,
            });
        }
    }
    Ok(map)
}

/// The one lead of `candidates` (leads sharing a name) a row owned by `owner` at `at` can
/// mean: the only one; else the only one of that rep's; else the only one of those that
/// existed by then. `None` when still more than one (or none) is left.
fn which<'a>(candidates: &[Namesake<'a>], owner: Option<&str>, at: Option<i64>) -> Option<&'a str> {
    let only = |left: Vec<&Namesake<'a>>| match left[..] {
        [one] => Some(one.id),
        _ => None,
    };
    let all: Vec<&Namesake> = candidates.iter().collect();
    if all.len() == 1 {
        return only(all);
    }
    let mine: Vec<&Namesake> = all.iter().copied().filter(|c| c.owner == owner).collect();
    let mine = if mine.is_empty() { all } else { mine };
    if mine.len() == 1 {
        return only(mine);
    }
    let at = at?;
    only(
        mine.into_iter()
            .filter(|c| c.created_ms.is_some_and(|created| created <= at))
            .collect(),
    )
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
        // The rows of each spelling, then the spellings of each key: the keys are worked out
        // once per spelling, not once per row.
        let mut rows: HashMap<&str, u64> = HashMap::new();
        for frame in &frames {
            for value in frame.column(column)?.str()?.iter().flatten() {
                *rows.entry(value).or_default() += 1;
            }
        }
        let mut spellings: HashMap<String, Vec<(&str, u64)>> = HashMap::new();
        for (spelling, count) in rows {
            spellings
                .entry(spelling_key(spelling))
                .or_default()
                .push((spelling, count));
        }
        // spelling → the spelling most rows of its key use
        let chosen: HashMap<String, String> = spellings
            .into_values()
            .filter(|by_spelling| by_spelling.len() > 1)
            .flat_map(|by_spelling| {
                let best = by_spelling
                    .iter()
                    .min_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)))
                    .map(|(spelling, _)| (*spelling).to_string())
                    .unwrap_or_default();
                by_spelling
                    .into_iter()
                    .map(move |(spelling, _)| (spelling.to_string(), best.clone()))
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
                            .get(value)
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
    fn a_lead_named_instead_of_given_by_id_is_found_by_its_name() {
        let leads = df!(
            "lead_id" => ["g1", "g2", "g3", "g4", "g5"],
            "name" => ["Jo Park", "Ann Lee", "Ann Lee", "Max Roe", "Max Roe"],
            "owner" => ["Bo", "Bo", "Cy", "Bo", "Bo"],
            "created_ms" => [0i64, 0, 0, 100, 200],
        )
        .unwrap();
        let activities = df!(
            "lead_id" => [Some("g1"), Some("Jo Park"), Some("Ann Lee"), Some("Ann Lee"), Some("Ann Lee"), Some("Max Roe"), Some("Max Roe"), Some("Nobody"), None],
            "owner" => ["Bo", "Bo", "Cy", "Bo", "Di", "Bo", "Bo", "Bo", "Bo"],
            "at_ms" => [0i64, 0, 0, 0, 0, 150, 250, 0, 0],
            "table" => [1u32; 9],
            "row" => [2u64, 3, 4, 5, 6, 7, 8, 9, 10],
        )
        .unwrap();
        let mut tables = Tables {
            leads: Some(leads),
            activities: Some(activities),
            opportunities: None,
        };
        let shared = link_by_name(&mut tables).unwrap();
        let ids: Vec<Option<&str>> = tables.activities.as_ref().unwrap()["lead_id"]
            .str()
            .unwrap()
            .iter()
            .collect();
        // An id stays; a unique name is its lead; a shared name goes to the rep's own lead,
        // then to the only one created by then (at 150 only g4 exists; at 250 both do).
        assert_eq!(
            ids,
            [
                Some("g1"),
                Some("g1"),
                Some("g3"),
                Some("g2"),
                None,
                Some("g4"),
                None,
                Some("Nobody"),
                None
            ]
        );
        let shared: Vec<(u64, &str, usize)> = shared
            .iter()
            .map(|s| (s.row, s.name.as_str(), s.leads))
            .collect();
        assert_eq!(shared, [(6, "Ann Lee", 2), (8, "Max Roe", 2)]);
    }

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
