//! Company and e-mail keys for de-duplication: "AMEX", "Amex" and "American Express Co." are
//! one company once aliases are applied; "Acme Logistics GmbH" and "Acme Logistics" are one
//! without any.

use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;

/// Legal forms dropped from the end of a company name ("Acme Logistics GmbH", "Litware,
/// Inc."), compared after punctuation is removed ("S.A." is "sa").
#[rustfmt::skip]
pub(crate) const LEGAL_SUFFIXES: &[&str] = &[
    "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company",
    "plc", "gmbh", "ag", "sa", "sas", "srl", "bv", "nv", "pty", "oy", "ab", "as", "kg",
    "llp", "lp", "pllc", "pte", "spa", "sarl", "se",
];

/// Lowercase, punctuation and "&"/"and" unified, accents kept, legal suffixes removed (inc,
/// incorporated, llc, ltd, limited, corp, corporation, co, company, plc, gmbh, ag, sa, sas,
/// srl, bv, nv, pty, oy, ab, as, kg; also llp, lp, pllc, pte, spa, sarl, se), whitespace
/// collapsed: "Acme Logistics GmbH" -> "acme logistics", "AT&T Inc." -> "at and t",
/// "The Home Depot, Inc." -> "the home depot".
///
/// Apostrophes go ("Margie's" is "margies"), and so do the dots of initials ("S.A." is
/// "sa", "A. Datum" is "a datum"); other punctuation separates words ("Amazon.com" is
/// "amazon com"). At least one word is kept: "Company" stays "company".
#[must_use]
pub(crate) fn normalise_company(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len() + 8);
    // Letters since the last separator or initial's dot: one letter before "." is an initial.
    let mut word_letters = 0;
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            '&' => {
                spaced.push_str(" and ");
                word_letters = 0;
            }
            '\'' | '’' | '`' => {}
            '.' if word_letters == 1 => word_letters = 0,
            c if c.is_alphanumeric() => {
                spaced.push(c);
                word_letters += 1;
            }
            _ => {
                spaced.push(' ');
                word_letters = 0;
            }
        }
    }
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    while let [rest @ .., last] = words.as_slice() {
        if rest.is_empty() || !LEGAL_SUFFIXES.contains(last) {
            break;
        }
        words.pop();
        // "Acme GmbH & Co. KG": drop the "and" that joined two legal forms.
        if words.len() > 1 && words.last() == Some(&"and") {
            words.pop();
        }
    }
    words.join(" ")
}

/// Company aliases from `[companies]` in friday.toml: alias = canonical name ("Amex" =
/// "American Express").
#[derive(Debug, Clone, Default)]
pub(crate) struct CompanyNames {
    /// Normalised alias (and normalised canonical name) → (canonical display name, its key).
    aliases: HashMap<String, (String, String)>,
}

impl CompanyNames {
    /// Compiles `aliases` (alias → canonical name); both sides may be spelled any way.
    #[must_use]
    pub(crate) fn new(aliases: &BTreeMap<String, String>) -> CompanyNames {
        let mut map = HashMap::new();
        for canonical in aliases.values() {
            let key = normalise_company(canonical);
            map.insert(key.clone(), (canonical.clone(), key));
        }
        for (alias, canonical) in aliases {
            let entry = (canonical.clone(), normalise_company(canonical));
            map.insert(normalise_company(alias), entry);
        }
        CompanyNames { aliases: map }
    }

    /// The key two spellings of one company share: the normalised canonical name ("AMEX",
    /// "Amex", "American Express Co." -> "american express" when Amex = American Express).
    #[must_use]
    pub(crate) fn key(&self, name: &str) -> String {
        let normal = normalise_company(name);
        match self.aliases.get(&normal) {
            Some((_, key)) => key.clone(),
            None => normal,
        }
    }

    /// The canonical name as configured ("American Express") when `name` is an alias or a
    /// spelling of a canonical name, else `None`.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn canonical(&self, name: &str) -> Option<&str> {
        self.aliases
            .get(&normalise_company(name))
            .map(|(display, _)| display.as_str())
    }
}

/// Email normalised for duplicate detection: trimmed, lowercased; None when empty or without
/// "@".
#[must_use]
pub(crate) fn normalise_email(email: &str) -> Option<std::borrow::Cow<'_, str>> {
    let email = email.trim();
    if email.is_empty() || !email.contains('@') {
        return None;
    }
    // Most addresses are lowercase ASCII already: borrow them rather than copy.
    Some(
        if !email.is_ascii() || email.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(email.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(email)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_documented_examples() {
        assert_eq!(normalise_company("Acme Logistics GmbH"), "acme logistics");
        assert_eq!(normalise_company("AT&T Inc."), "at and t");
        assert_eq!(normalise_company("The Home Depot, Inc."), "the home depot");
    }

    #[test]
    fn spellings_of_one_company_share_a_normal_form() {
        let cases = [
            ("Northwind Traders Inc.", "northwind traders"),
            ("Litware, Inc.", "litware"),
            ("Contoso Ltd", "contoso"),
            ("Initech LLC", "initech"),
            ("Globex Corporation", "globex"),
            ("Oceanic Freight Ltd", "oceanic freight"),
            ("Harbor & Finch LLP", "harbor and finch"),
            ("City Power & Light", "city power and light"),
            ("City Power and Light", "city power and light"),
            ("CP&L", "cp and l"),
            ("Margie's Travel", "margies travel"),
            ("Margies Travel", "margies travel"),
            ("A. Datum", "a datum"),
            ("A Datum Corp", "a datum"),
            ("Telefónica S.A.", "telefónica"),
            ("Société Générale SA", "société générale"),
            ("ACME GmbH & Co. KG", "acme"),
            ("Philips N.V.", "philips"),
            ("  Tailspin   Toys  ", "tailspin toys"),
            ("Acme-Logistics", "acme logistics"),
            ("Amazon.com, Inc.", "amazon com"),
            ("U.S. Steel", "us steel"),
            ("Company", "company"),
            ("Inc.", "inc"),
            ("", ""),
        ];
        for (name, expected) in cases {
            assert_eq!(normalise_company(name), expected, "{name}");
        }
    }

    #[test]
    fn legal_forms_are_only_dropped_at_the_end() {
        assert_eq!(normalise_company("Co-op Food Ltd"), "co op food");
        assert_eq!(normalise_company("AB InBev"), "ab inbev");
    }

    fn amex() -> CompanyNames {
        CompanyNames::new(&BTreeMap::from([
            ("Amex".to_owned(), "American Express".to_owned()),
            ("WWI".to_owned(), "Wide World Importers".to_owned()),
            (
                "Humongous Ins.".to_owned(),
                "Humongous Insurance".to_owned(),
            ),
        ]))
    }

    #[test]
    fn aliases_share_the_canonical_key() {
        let names = amex();
        for name in [
            "AMEX",
            "Amex",
            "amex.",
            "American Express Co.",
            "AMERICAN EXPRESS",
        ] {
            assert_eq!(names.key(name), "american express", "{name}");
        }
        assert_eq!(names.key("WWI"), "wide world importers");
        assert_eq!(names.key("Humongous Ins."), "humongous insurance");
        assert_eq!(names.key("Humongous Insurance"), "humongous insurance");
    }

    #[test]
    fn names_without_an_alias_keep_their_normal_form() {
        assert_eq!(amex().key("Contoso Ltd"), "contoso");
        assert_eq!(CompanyNames::default().key("Amex"), "amex");
    }

    #[test]
    fn canonical_gives_the_configured_spelling() {
        let names = amex();
        assert_eq!(names.canonical("AMEX"), Some("American Express"));
        assert_eq!(
            names.canonical("american express"),
            Some("American Express")
        );
        assert_eq!(names.canonical("Contoso"), None);
    }

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(
            normalise_email("  Nadia.Allen@Contoso.COM "),
            Some("nadia.allen@contoso.com".into())
        );
        assert_eq!(
            normalise_email("ZOË@MÜLLER.DE"),
            Some("zoë@müller.de".into())
        );
        assert_eq!(normalise_email(""), None);
        assert_eq!(normalise_email("   "), None);
        assert_eq!(normalise_email("no address"), None);
    }
}
