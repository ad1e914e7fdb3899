//! Tests of the canonical tables: outcomes, non-date columns, names, amounts and dates.
use super::*;
use crate::ingest::{Input, discover};

/// Builds the canonical tables of one CSV text.
fn tables_of(name: &str, text: &str) -> (Tables, Vec<Finding>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let config = Config::default();
    let mut found = discover(&[Input::new(&path)], &config);
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    let (tables, _) =
        build_tables(found.kept.iter().collect(), &config, &mut found.findings).unwrap();
    (tables, found.findings)
}

fn strings(frame: &DataFrame, column: &str) -> Vec<Option<String>> {
    frame
        .column(column)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(ToString::to_string))
        .collect()
}

#[test]
fn outcome_takes_won_or_lost_from_stage_or_status() {
    let (tables, _) = tables_of(
        "deals.csv",
        "Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Won time\n\
         A,Ann,Proposal Made,won,2026-01-05\n\
         B,Ann,Proposal Made,lost,\n\
         C,Ann,Closed Won,open,\n\
         D,Ann,Qualified,open,\n\
         E,Ann,,,2026-01-06\n\
         F,Ann,,,\n",
    );
    let deals = tables.opportunities.unwrap();
    assert_eq!(
        strings(&deals, "outcome"),
        [
            Some("won"),
            Some("lost"),
            Some("won"),
            Some("open"),
            Some("won"),
            None
        ]
        .map(|o| o.map(String::from))
    );
}

#[test]
fn a_column_of_non_dates_is_ignored_with_one_finding() {
    let (tables, findings) = tables_of(
        "leads.csv",
        "Lead ID,Lead Owner,Created Date,Last Activity Date\n\
         L1,Ann,2026-01-05,Email Opened\n\
         L2,Ann,2026-01-06,Page Visited\n\
         L3,Ann,2026-01-07,2026-01-08\n",
    );
    let leads = tables.leads.unwrap();
    assert_eq!(leads.column("last_touch_ms").unwrap().null_count(), 3);
    assert_eq!(leads.column("created_ms").unwrap().null_count(), 0);
    assert_eq!(
        findings,
        vec![Finding {
            kind: "not a date column".to_string(),
            file: findings[0].file.clone(),
            sheet: String::new(),
            row: 2,
            column: "Last Activity Date".to_string(),
            value: "Email Opened".to_string(),
            message: "2 of 3 values are not dates, so the column is ignored; name the right column in [columns] of friday.toml".to_string(),
        }]
    );
}

#[test]
fn first_and_last_names_make_the_name_and_amounts_parse() {
    let (tables, findings) = tables_of(
        "leads.csv",
        "Lead ID,First Name,Last Name,Lead Owner,Created Date,Amount\n\
         L1,Ann,Lee,Bo,2026-01-05 09:30,\"$22,700.00\"\n\
         L2,,Ray,Bo,15 Apr 2021 00:03:00,$342.09K\n\
         L3,Cy,,Bo,1618444980000,abc\n",
    );
    let leads = tables.leads.unwrap();
    assert_eq!(
        strings(&leads, "name"),
        vec![
            Some("Ann Lee".to_string()),
            Some("Ray".to_string()),
            Some("Cy".to_string())
        ]
    );
    let amounts: Vec<Option<f64>> = leads
        .column("amount")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(amounts, vec![Some(22_700.0), Some(342_090.0), None]);
    let created: Vec<Option<i64>> = leads
        .column("created_ms")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    // 2026-01-05T09:30Z, 2021-04-15T00:03Z, and epoch milliseconds as given.
    assert_eq!(
        created,
        vec![
            Some(1_767_605_400_000),
            Some(1_618_444_980_000),
            Some(1_618_444_980_000)
        ]
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (
            findings[0].kind.as_str(),
            findings[0].row,
            findings[0].value.as_str()
        ),
        ("unparseable amount", 4, "abc")
    );
}

#[test]
fn cell_text_joins_nfc_and_nfd_spellings_of_one_name() {
    let nfc = cell_text(CellRef::Text(" Zo\u{eb} ")).unwrap();
    let nfd = cell_text(CellRef::Text("Zoe\u{308}")).unwrap();
    assert_eq!(nfc, "Zo\u{eb}");
    assert_eq!(nfd, "Zo\u{eb}");
    assert_eq!(cell_text(CellRef::Text("  ")), None);
}
