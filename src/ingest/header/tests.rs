//! Tests of header recognition: aliases of each CRM, kinds, reference tables.
use super::*;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

#[test]
fn normalise_ignores_case_spaces_and_punctuation() {
    assert_eq!(normalise("Lead Owner"), "leadowner");
    assert_eq!(normalise("lead_owner"), "leadowner");
    assert_eq!(normalise(" LEAD-OWNER "), "leadowner");
    assert_eq!(normalise("Deal Value, $"), "dealvalue");
}

#[test]
fn maps_zoho_leads_headers() {
    let headers = strings(&[
        "LEADID",
        "Last Name",
        "Company",
        "Lead Owner",
        "Email",
        "Mobile",
        "Website",
        "Industry",
        "Lead Source",
        "Lead Status",
        "Created Time",
        "CONVERTED",
        "month_Created Time1",
    ]);
    assert_eq!(guess_kind(&headers, "Leads.csv"), Some(TableKind::Leads));
    assert_eq!(
        map_headers(&headers, TableKind::Leads),
        vec![
            (0, Field::LeadId),
            (1, Field::LastName),
            (2, Field::Company),
            (3, Field::Owner),
            (4, Field::Email),
            (5, Field::Phone),
            (8, Field::Source),
            (9, Field::Status),
            (10, Field::CreatedAt),
            (11, Field::Converted),
        ]
    );
}

#[test]
fn maps_maven_pipeline_as_opportunities() {
    let headers = strings(&[
        "opportunity_id",
        "sales_agent",
        "product",
        "account",
        "deal_stage",
        "engage_date",
        "close_date",
        "close_value",
    ]);
    assert_eq!(
        guess_kind(&headers, "sales_pipeline.csv"),
        Some(TableKind::Opportunities)
    );
    assert_eq!(
        map_headers(&headers, TableKind::Opportunities),
        vec![
            (0, Field::OpportunityId),
            (1, Field::Owner),
            (2, Field::Offer),
            (4, Field::Stage),
            (5, Field::CreatedAt),
            (6, Field::ClosedAt),
            (7, Field::Amount),
        ]
    );
}

#[test]
fn recognises_zoho_calls_as_activities() {
    let headers = strings(&[
        "TASKID",
        "Call Start Time",
        "Call Duration (in seconds)",
        "Call Owner",
        "Call Owner Id",
        "Subject",
        "Call Type",
        "Created Time",
        "POTENTIALID",
        "LEADID",
    ]);
    assert_eq!(
        guess_kind(&headers, "Calls.csv"),
        Some(TableKind::Activities)
    );
    assert_eq!(
        map_headers(&headers, TableKind::Activities),
        vec![
            (1, Field::ActivityAt),
            (3, Field::Owner),
            (9, Field::LeadId)
        ]
    );
}

#[test]
fn owner_aliases_of_every_crm_map_to_owner() {
    for header in [
        "Lead Owner",
        "Contact owner",
        "Owner",
        "Assigned To",
        "Potential Owner",
        "sales_agent",
        "Deal owner",
    ] {
        assert_eq!(
            map_headers(&strings(&[header]), TableKind::Leads),
            vec![(0, Field::Owner)],
            "{header}"
        );
    }
}

#[test]
fn maps_salesforce_hubspot_pipedrive_and_dynamics_exports() {
    let salesforce = strings(&[
        "Lead ID",
        "First Name",
        "Last Name",
        "Company / Account",
        "Email",
        "Lead Source",
        "Lead Status",
        "Lead Owner",
        "Create Date",
        "Converted Date",
    ]);
    assert_eq!(
        guess_kind(&salesforce, "report1700.csv"),
        Some(TableKind::Leads)
    );
    assert_eq!(
        map_headers(&salesforce, TableKind::Leads),
        vec![
            (0, Field::LeadId),
            (1, Field::FirstName),
            (2, Field::LastName),
            (3, Field::Company),
            (4, Field::Email),
            (5, Field::Source),
            (6, Field::Status),
            (7, Field::Owner),
            (8, Field::CreatedAt),
            (9, Field::ConvertedAt),
        ]
    );
    let hubspot_deals = strings(&[
        "Record ID",
        "Deal Name",
        "Deal Stage",
        "Amount",
        "Close Date",
        "Create Date",
        "Deal owner",
        "Associated Contact IDs",
    ]);
    assert_eq!(
        guess_kind(&hubspot_deals, "hubspot-crm-exports-all-deals.csv"),
        Some(TableKind::Opportunities)
    );
    // "Record ID" is the deal's own id: the lead id is the associated contact.
    assert_eq!(
        map_headers(&hubspot_deals, TableKind::Opportunities),
        vec![
            (1, Field::OpportunityId),
            (2, Field::Stage),
            (3, Field::Amount),
            (4, Field::ClosedAt),
            (5, Field::CreatedAt),
            (6, Field::Owner),
            (7, Field::LeadId),
        ]
    );
    let pipedrive = strings(&[
        "Deal - Title",
        "Deal - Owner",
        "Deal - Value",
        "Deal - Stage",
        "Deal - Status",
        "Deal - Deal created",
        "Deal - Won time",
        "Deal - Lost time",
    ]);
    assert_eq!(
        guess_kind(&pipedrive, "deals-export.csv"),
        Some(TableKind::Opportunities)
    );
    assert_eq!(
        map_headers(&pipedrive, TableKind::Opportunities),
        vec![
            (0, Field::OpportunityId),
            (1, Field::Owner),
            (2, Field::Amount),
            (3, Field::Stage),
            (4, Field::Status),
            (5, Field::CreatedAt),
            (6, Field::WonAt),
            (7, Field::ClosedAt),
        ]
    );
    let dynamics = strings(&[
        "Topic",
        "Name",
        "Company Name",
        "Business Phone",
        "Email",
        "Status Reason",
        "Lead Source",
        "Owner",
        "Created On",
    ]);
    assert_eq!(
        guess_kind(&dynamics, "Leads.xlsx Leads"),
        Some(TableKind::Leads)
    );
    assert_eq!(
        map_headers(&dynamics, TableKind::Leads),
        vec![
            (1, Field::Name),
            (2, Field::Company),
            (3, Field::Phone),
            (4, Field::Email),
            (5, Field::Status),
            (6, Field::Source),
            (7, Field::Owner),
            (8, Field::CreatedAt),
        ]
    );
}

#[test]
fn reference_tables_are_not_guessed_as_leads() {
    let headers = strings(&["sales_agent", "manager", "regional_office"]);
    assert_eq!(guess_kind(&headers, "sales_teams.csv"), None);
    let headers = strings(&["USER_ID", "First Name", "Last Name", "Email"]);
    assert_eq!(guess_kind(&headers, "Users.csv"), None);
}
