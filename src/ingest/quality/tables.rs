//! Data-quality checks across the canonical tables: duplicate lead ids, leads with no owner,
//! activities dated before their lead, and references to leads that are not in the export.

use super::{Sink, show};
use crate::ingest::TableInfo;
use crate::ingest::canonical::Tables;
use crate::ingest::links::SharedName;
use crate::report::Finding;
use crate::schema::Field;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;

/// Appends the cross-table findings.
pub(crate) fn check(
    tables: &Tables,
    infos: &[TableInfo],
    tz: chrono_tz::Tz,
    findings: &mut Vec<Finding>,
) {
    let mut sink = Sink::new(infos, findings);
    // Whether each table has an owner column.
    let owner_mapped: Vec<bool> = infos
        .iter()
        .map(|info| info.mapped.iter().any(|(_, f)| *f == Field::Owner))
        .collect();
    let lead_ids = tables.leads.as_ref().map(|f| str_col(f, "lead_id"));
    // lead id → (table, row, created_ms)
    let mut leads: HashMap<&str, (u32, u64, Option<i64>)> = HashMap::new();
    if let Some(frame) = &tables.leads
        && let (Some(Ok(ids)), Ok(owners), Ok(created), Ok(table), Ok(row)) = (
            &lead_ids,
            str_col(frame, "owner"),
            frame.column("created_ms").and_then(|c| c.i64().cloned()),
            frame.column("table").and_then(|c| c.u32().cloned()),
            frame.column("row").and_then(|c| c.u64().cloned()),
        )
    {
        leads.reserve(frame.height());
        // Row by row through iterators: `get(i)` would look up the chunk of every cell.
        let rows = ids.iter().zip(owners.iter()).zip(created.iter());
        for (((id, owner), created), (t, r)) in rows.zip(table.iter().zip(row.iter())) {
            let (t, r) = (t.unwrap_or(0), r.unwrap_or(0));
            if owner_mapped[t as usize] && owner.is_none() {
                sink.push(
                    "lead without owner",
                    (t, r),
                    &[Field::Owner],
                    "",
                    "no rep is assigned to this lead".to_string(),
                );
            }
            let Some(id) = id else { continue };
            if let Some((ft, fr, _)) = leads.get(id) {
                let first = &infos[*ft as usize];
                sink.push(
                    "duplicate lead id",
                    (t, r),
                    &[Field::LeadId],
                    id,
                    format!("the same lead id is on row {fr} of {}", location(first)),
                );
            } else {
                leads.insert(id, (t, r, created));
            }
        }
    }
    let have_leads = tables.leads.is_some();
    if let Some(frame) = &tables.activities
        && let (Ok(ids), Ok(at), Ok(table), Ok(row)) = (
            str_col(frame, "lead_id"),
            frame.column("at_ms").and_then(|c| c.i64().cloned()),
            frame.column("table").and_then(|c| c.u32().cloned()),
            frame.column("row").and_then(|c| c.u64().cloned()),
        )
    {
        let rows = ids.iter().zip(at.iter());
        for ((id, at), (t, r)) in rows.zip(table.iter().zip(row.iter())) {
            let (t, r) = (t.unwrap_or(0), r.unwrap_or(0));
            let Some(id) = id else { continue };
            match leads.get(id) {
                None if have_leads => sink.push(
                    "activity for unknown lead",
                    (t, r),
                    &[Field::LeadId],
                    id,
                    "no lead with this id in the leads table".to_string(),
                ),
                Some((_, _, Some(created))) if at.is_some_and(|a| a < *created) => sink.push(
                    "activity before lead created",
                    (t, r),
                    &[Field::ActivityAt],
                    &show(at.unwrap_or(0), tz),
                    format!(
                        "lead {id} was created later, at {}; not counted as a touch",
                        show(*created, tz)
                    ),
                ),
                _ => {}
            }
        }
    }
    if let (Some(frame), true) = (&tables.opportunities, have_leads)
        && let (Ok(ids), Ok(table), Ok(row)) = (
            str_col(frame, "lead_id"),
            frame.column("table").and_then(|c| c.u32().cloned()),
            frame.column("row").and_then(|c| c.u64().cloned()),
        )
    {
        for i in 0..frame.height() {
            let (t, r) = (table.get(i).unwrap_or(0), row.get(i).unwrap_or(0));
            if let Some(id) = ids.get(i)
                && !leads.contains_key(id)
            {
                sink.push(
                    "opportunity for unknown lead",
                    (t, r),
                    &[Field::LeadId],
                    id,
                    "no lead with this id in the leads table".to_string(),
                );
            }
        }
    }
    sink.finish();
}

fn str_col(frame: &DataFrame, name: &str) -> PolarsResult<StringChunked> {
    frame.column(name)?.str().cloned()
}

fn location(info: &TableInfo) -> String {
    if info.sheet.is_empty() {
        info.file.clone()
    } else {
        format!("{}, sheet {}", info.file, info.sheet)
    }
}

/// Findings for owners written as user ids that no users table names: they stay the id.
pub(crate) fn unknown_owners(
    infos: &[TableInfo],
    unknown: Vec<(u32, u64, String)>,
    users: &str,
    findings: &mut Vec<Finding>,
) {
    let mut sink = Sink::new(infos, findings);
    for (table, row, id) in unknown {
        sink.push(
            "owner id without a user",
            (table, row),
            &[Field::Owner],
            &id,
            format!("no user with this id in {users}; the rep is shown as the id"),
        );
    }
    sink.finish();
}

/// Findings for activities and deals that name their lead by a name several leads share:
/// they are tied to none.
pub(crate) fn shared_names(
    infos: &[TableInfo],
    shared: Vec<SharedName>,
    findings: &mut Vec<Finding>,
) {
    let mut sink = Sink::new(infos, findings);
    for s in shared {
        sink.push(
            "lead named by a shared name",
            (s.table, s.row),
            &[Field::LeadId],
            &s.name,
            format!(
                "{} leads have this name and neither the rep nor the date tells which one is meant, so the row is tied to none",
                s.leads
            ),
        );
    }
    sink.finish();
}
