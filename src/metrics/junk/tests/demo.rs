//! The junk rules against the project's demo generator: its real prospects pass, its
//! "mickey mouse" leads are caught.

use super::{company, email, name, phone, rules};
use crate::demo::{self, DemoOptions, Value, names};
use crate::metrics::junk::LeadText;

#[test]
fn every_real_name_and_company_of_the_demo_generator_passes() {
    let rules = rules();
    for first in names::FIRST_NAMES {
        for last in names::LAST_NAMES {
            for full in [
                format!("{first} {last}"),
                format!("{} {}", first.to_lowercase(), last.to_uppercase()),
                format!("{last}, {first}"),
            ] {
                assert_eq!(rules.check(&name(&full)), None, "{full}");
            }
        }
    }
    for c in names::COMPANIES {
        for spelling in std::iter::once(&c.name).chain(c.variants) {
            let lead = LeadText {
                company: Some(spelling),
                email: Some(&format!("someone@{}", c.domain)),
                ..LeadText::default()
            };
            assert_eq!(rules.check(&lead), None, "{spelling}");
        }
    }
}

#[test]
fn every_fake_field_of_the_demo_generator_is_caught() {
    let rules = rules();
    for (first, last) in names::FAKE_NAMES {
        let full = format!("{first} {last}");
        assert!(rules.check(&name(&full)).is_some(), "{full}");
    }
    // "Disney" is a real company: a fake lead typing it is caught by its other fields.
    for c in names::FAKE_COMPANIES.iter().filter(|c| **c != "Disney") {
        assert!(rules.check(&company(c)).is_some(), "{c}");
    }
    for pattern in names::FAKE_EMAILS {
        let e = pattern.replace("{}", "mickey");
        assert!(rules.check(&email(&e)).is_some(), "{e}");
    }
    for p in names::FAKE_PHONES.iter().filter(|p| !p.is_empty()) {
        assert!(rules.check(&phone(p)).is_some(), "{p}");
    }
}

fn text(value: &Value) -> Option<&str> {
    match value {
        Value::Text(s) => Some(s),
        _ => None,
    }
}

#[test]
fn demo_export_has_no_false_positives_or_negatives() {
    let export = demo::generate(&DemoOptions {
        leads: 5000,
        seed: 11,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
    });
    let rules = rules();
    let (mut fakes, mut missed, mut reals, mut flagged) = (0, Vec::new(), 0, Vec::new());
    for row in &export.leads.rows {
        let (first, last) = (text(&row[1]).unwrap_or(""), text(&row[2]).unwrap_or(""));
        let full = format!("{first} {last}");
        let lead = LeadText {
            name: Some(&full),
            company: text(&row[3]),
            email: text(&row[4]),
            phone: text(&row[5]),
            status: None,
        };
        let found = rules.check(&lead);
        if names::FAKE_NAMES.contains(&(first, last)) {
            fakes += 1;
            if found.is_none() {
                missed.push(full);
            }
        } else {
            reals += 1;
            if let Some(found) = found {
                flagged.push(found.detail);
            }
        }
    }
    assert!(fakes > 500 && reals > 3500, "{fakes} fakes, {reals} real");
    assert_eq!(missed, Vec::<String>::new());
    assert_eq!(flagged, Vec::<String>::new());
}
