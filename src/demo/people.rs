//! Who the leads say they are: plausible prospects and "mickey mouse" junk.

use super::names::{self, Company, Country};
use super::rng::SplitMix64;

/// Who a lead says they are.
#[derive(Clone, Default)]
pub(crate) struct Person {
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) company: String,
    pub(crate) email: String,
    /// Empty when the field was left blank.
    pub(crate) phone: String,
}

pub(crate) fn real_person(rng: &mut SplitMix64) -> Person {
    let first = *rng.pick(names::FIRST_NAMES);
    let last = *rng.pick(names::LAST_NAMES);
    let company: &Company = rng.pick(names::COMPANIES);
    let company_name = if !company.variants.is_empty() && rng.chance(0.2) {
        *rng.pick(company.variants)
    } else {
        company.name
    };
    let local = if rng.chance(0.85) {
        format!("{}.{}", slug(first), slug(last))
    } else {
        format!(
            "{}{}",
            slug(first).chars().next().unwrap_or('x'),
            slug(last)
        )
    };
    let phone = if rng.chance(0.08) {
        String::new()
    } else {
        match company.country {
            Country::Us => format!(
                "+1 {} 555 01{:02}",
                rng.pick(names::AREA_CODES),
                rng.range(0, 99)
            ),
            Country::Uk => format!("+44 20 7946 0{:03}", rng.range(0, 999)),
            Country::De => format!("+49 30 555 {:04}", rng.range(0, 9999)),
        }
    };
    // Real exports are not tidy: some names typed in lower or upper case.
    let first = if rng.chance(0.04) {
        first.to_lowercase()
    } else {
        first.to_owned()
    };
    let last = if rng.chance(0.03) {
        last.to_uppercase()
    } else {
        last.to_owned()
    };
    Person {
        first,
        last,
        company: company_name.to_owned(),
        email: format!("{local}@{}", company.domain),
        phone,
    }
}

pub(crate) fn fake_person(rng: &mut SplitMix64) -> Person {
    let (first, last) = *rng.pick(names::FAKE_NAMES);
    Person {
        first: first.to_owned(),
        last: last.to_owned(),
        company: (*rng.pick(names::FAKE_COMPANIES)).to_owned(),
        email: rng.pick(names::FAKE_EMAILS).replace("{}", &slug(first)),
        phone: (*rng.pick(names::FAKE_PHONES)).to_owned(),
    }
}

/// Lower-case ASCII letters of a name, for an e-mail address ("O'Connor" → "oconnor").
fn slug(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
