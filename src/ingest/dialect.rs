//! Which CRM wrote a table, told from its headers and trimmings, so `check` and `init` can
//! say what they recognised ("Salesforce Data Export") and what they did about it.

use super::trim::Trimmed;

/// The CRM export a table looks like, or `None` for a plain or hand-made sheet.
#[must_use]
pub(crate) fn recognise(headers: &[String], trimmed: Trimmed) -> Option<&'static str> {
    let has = |name: &str| headers.iter().any(|h| h.trim() == name);
    let prefixed = |prefix: &str| headers.iter().any(|h| h.trim().starts_with(prefix));
    if ["Deal - ", "Lead - ", "Person - ", "Organization - "]
        .iter()
        .any(|p| prefixed(p))
    {
        Some("Pipedrive export")
    } else if [
        "OwnerId",
        "IsConverted",
        "CreatedDate",
        "WhoId",
        "StageName",
    ]
    .iter()
    .any(|h| has(h))
    {
        Some("Salesforce Data Export")
    } else if has("Company / Account") || (trimmed.footer > 0 && has("Lead Owner")) {
        Some("Salesforce report export")
    } else if has("Record ID")
        && (has("Contact owner") || has("Lifecycle Stage") || has("Deal owner"))
    {
        Some("HubSpot export")
    } else if [
        "Status Reason",
        "Created On",
        "Regarding",
        "Originating Lead",
        "Actual End",
    ]
    .iter()
    .any(|h| has(h))
    {
        Some("Dynamics 365 export")
    } else if has("Created Time") && (has("Lead Owner") || has("Lead Status")) {
        Some("Zoho CRM export")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_string()).collect()
    }

    #[test]
    fn tells_each_crm_by_its_headers() {
        let none = Trimmed::default();
        let cases = [
            (
                &["Id", "OwnerId", "CreatedDate"][..],
                Some("Salesforce Data Export"),
            ),
            (
                &["Lead Owner", "Company / Account"],
                Some("Salesforce report export"),
            ),
            (
                &["Record ID", "Contact owner", "Create Date"],
                Some("HubSpot export"),
            ),
            (
                &["Name", "Status Reason", "Owner"],
                Some("Dynamics 365 export"),
            ),
            (&["Deal - Title", "Deal - Owner"], Some("Pipedrive export")),
            (
                &["Lead Owner", "Created Time", "Lead Status"],
                Some("Zoho CRM export"),
            ),
            (&["Lead ID", "Lead Owner", "Created Date"], None),
        ];
        for (names, dialect) in cases {
            assert_eq!(recognise(&headers(names), none), dialect, "{names:?}");
        }
        let footer = Trimmed {
            footer: 2,
            totals: 0,
        };
        assert_eq!(
            recognise(&headers(&["Lead Owner", "Email"]), footer),
            Some("Salesforce report export")
        );
    }
}
