//! The settings that shaped a report, as (label, value) rows for the Definitions sheet and page.

use crate::report::Report;

/// The settings of a run, in display order, as label and value text.
#[must_use]
pub(crate) fn settings_rows(report: &Report) -> Vec<(String, String)> {
    let s = &report.settings;
    let mut rows = vec![
        ("Time zone".to_string(), s.timezone.clone()),
        ("Business hours".to_string(), s.business_hours.clone()),
        ("SLA clock".to_string(), s.sla_clock.clone()),
        (
            "Default SLA (h)".to_string(),
            format!("{}", s.default_sla_hours),
        ),
    ];
    for (keyword, sla) in &s.offer_sla_hours {
        rows.push((
            format!("SLA (h) for offers or sources containing \"{keyword}\""),
            format!("{sla}"),
        ));
    }
    rows.extend([
        (
            "Stale after (days)".to_string(),
            format!("{}", s.stale_days),
        ),
        (
            "Cohorts".to_string(),
            format!("by {}, mature after {} days", s.cohort_unit, s.mature_days),
        ),
        (
            "Follow-up window".to_string(),
            match s.window_days {
                0 => "none: every lead".to_string(),
                days => format!("leads created within {days} days"),
            },
        ),
        (
            "Hot rank".to_string(),
            format!("rank {} or better", s.hot_rank),
        ),
        (
            "Junk leads in follow-up and conversion".to_string(),
            if s.junk_excluded {
                "left out"
            } else {
                "counted"
            }
            .to_string(),
        ),
        (
            "Grab-back".to_string(),
            format!(
                "rank {} or worse, no touch for {} days; never worked and older than the window",
                s.grab_back_rank, s.grab_back_days
            ),
        ),
        (
            "Deals count under".to_string(),
            match s.deal_attribution.as_str() {
                "lead-owner" => "the lead's owner (lead-owner)",
                _ => "the deal's owner (deal-owner)",
            }
            .to_string(),
        ),
        ("Won stages".to_string(), s.won_stages.join(", ")),
        ("Lost stages".to_string(), s.lost_stages.join(", ")),
        ("As of".to_string(), report.as_of.to_string()),
        (
            "Ages measured at".to_string(),
            report.as_of_time.format("%Y-%m-%d %H:%M").to_string(),
        ),
    ]);
    if let Some(url) = &s.base_url {
        rows.push(("Site published at".to_string(), url.clone()));
    }
    if let Some(email) = &s.email {
        rows.push((
            "Email sent over".to_string(),
            match email.security.as_str() {
                "starttls" => "SMTP upgraded with STARTTLS",
                "tls" => "SMTP over TLS",
                _ => "SMTP without encryption",
            }
            .to_string(),
        ));
        rows.push((
            "Email size limit (team message)".to_string(),
            format!(
                "{} MB; a larger workbook is mailed as its summary",
                email.max_attachment_mb
            ),
        ));
        if email.security != "none" {
            let file = email.ca_file.as_ref().map(|f| format!("ca-file {f}"));
            rows.push((
                "Email server certificates trusted".to_string(),
                match (email.system_roots, file) {
                    (true, Some(file)) => format!("the system's store and {file}"),
                    (true, None) => "the system's store".to_string(),
                    (false, Some(file)) => format!("{file} only"),
                    (false, None) => "none".to_string(),
                },
            ));
        }
    }
    for input in &report.inputs {
        rows.push(("Input".to_string(), input.clone()));
    }
    rows
}

/// Which rep deals count under, in words, for the Reps tables.
#[must_use]
pub(crate) fn deal_attribution_note(report: &Report) -> String {
    match report.settings.deal_attribution.as_str() {
        "lead-owner" => "Deals count under the owner of the lead they came from ([attribution] deals = \"lead-owner\").".to_string(),
        _ => "Deals count under the deal's own owner ([attribution] deals = \"deal-owner\").".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::EmailSettings;

    fn email_rows(email: Option<EmailSettings>) -> Vec<(String, String)> {
        let mut report = crate::render::fixture::report();
        report.settings.email = email;
        settings_rows(&report)
            .into_iter()
            .filter(|(label, _)| label.starts_with("Email"))
            .collect()
    }

    fn row(label: &str, value: &str) -> (String, String) {
        (label.to_string(), value.to_string())
    }

    #[test]
    fn the_published_site_is_listed_only_when_set() {
        let mut report = crate::render::fixture::report();
        let published = |report: &Report| {
            settings_rows(report)
                .into_iter()
                .filter(|(label, _)| label == "Site published at")
                .collect::<Vec<_>>()
        };
        assert_eq!(published(&report), []);
        report.settings.base_url = Some("https://intranet.example.com/friday/".to_string());
        assert_eq!(
            published(&report),
            [row(
                "Site published at",
                "https://intranet.example.com/friday/"
            )]
        );
    }

    #[test]
    fn email_settings_are_listed_only_when_the_report_is_mailed() {
        assert_eq!(email_rows(None), []);
        assert_eq!(
            email_rows(Some(EmailSettings {
                security: "starttls".to_string(),
                ca_file: Some("corp-ca.pem".to_string()),
                system_roots: true,
                max_attachment_mb: 20.0,
            })),
            [
                row("Email sent over", "SMTP upgraded with STARTTLS"),
                row(
                    "Email size limit (team message)",
                    "20 MB; a larger workbook is mailed as its summary"
                ),
                row(
                    "Email server certificates trusted",
                    "the system's store and ca-file corp-ca.pem"
                ),
            ]
        );
        assert_eq!(
            email_rows(Some(EmailSettings {
                security: "tls".to_string(),
                ca_file: Some("corp-ca.pem".to_string()),
                system_roots: false,
                max_attachment_mb: 7.5,
            })),
            [
                row("Email sent over", "SMTP over TLS"),
                row(
                    "Email size limit (team message)",
                    "7.5 MB; a larger workbook is mailed as its summary"
                ),
                row(
                    "Email server certificates trusted",
                    "ca-file corp-ca.pem only"
                ),
            ]
        );
        assert_eq!(
            email_rows(Some(EmailSettings {
                security: "none".to_string(),
                ca_file: None,
                system_roots: true,
                max_attachment_mb: 20.0,
            })),
            [
                row("Email sent over", "SMTP without encryption"),
                row(
                    "Email size limit (team message)",
                    "20 MB; a larger workbook is mailed as its summary"
                ),
            ]
        );
    }
}
