//! Junk ("mickey mouse") leads: the fake names, test words, keyboard mashing and throwaway
//! addresses people type into web forms to get a white paper without being called.
//!
//! [`JunkRules::check`] gives the first reason a lead looks fake, or `None`. It runs once per
//! lead, so it lower-cases each field once, on the stack, and looks parts up in sets.

mod lists;
mod shape;
mod text;

use foldhash::{HashMap, HashMapExt, HashSet};
use shape::{impossible_phone, keyboard_mash, repeated_characters};
use text::{Lower, Parts};

pub(crate) use crate::config::JunkConfig;

/// The text of a lead that junk rules look at; any part may be missing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LeadText<'a> {
    /// The full name, first name first ("Mickey Mouse"); "Last, First" works too.
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub company: Option<&'a str>,
    /// The CRM's own status of the lead ("Junk Lead").
    pub status: Option<&'a str>,
}

/// Why a lead looks fake: a code from [`CODES`] and a sentence naming the value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct JunkReason {
    pub code: &'static str,
    pub detail: String,
}

/// Every reason code, in the order [`JunkRules::check`] tries them.
#[cfg(test)]
pub(crate) const CODES: [&str; 9] = [
    MARKED_JUNK,
    FAKE_NAME,
    TEST_WORD,
    KEYBOARD_MASH,
    REPEATED,
    MALFORMED_EMAIL,
    DISPOSABLE_EMAIL,
    IMPOSSIBLE_PHONE,
    PLACEHOLDER_COMPANY,
];

const MARKED_JUNK: &str = "marked junk in the CRM";
const FAKE_NAME: &str = "fake name";
const TEST_WORD: &str = "test word";
const KEYBOARD_MASH: &str = "keyboard mash";
const REPEATED: &str = "repeated characters";
const MALFORMED_EMAIL: &str = "malformed email";
const DISPOSABLE_EMAIL: &str = "disposable email";
const IMPOSSIBLE_PHONE: &str = "impossible phone";
const PLACEHOLDER_COMPANY: &str = "placeholder company";

/// The junk rules, compiled: built-in lists plus the `[junk]` extras, lower case.
#[derive(Debug, Clone)]
pub(crate) struct JunkRules {
    /// Fake names as parts, keyed by their first part ("mickey" → [["mickey", "mouse"]]).
    fake_names: HashMap<String, Vec<Vec<String>>>,
    test_words: HashSet<String>,
    /// Disposable domains with a dot, matched as the domain or a parent of it.
    disposable_domains: HashSet<String>,
    /// Disposable labels without a dot ("mailinator"), matched as any label of the domain.
    disposable_labels: HashSet<String>,
    no_email: HashSet<&'static str>,
    /// Placeholder companies with everything but letters and digits removed.
    placeholder_companies: HashSet<String>,
}

impl JunkRules {
    /// Compiles the built-in lists and the extras in `config`.
    #[must_use]
    pub(crate) fn new(config: &JunkConfig) -> JunkRules {
        let mut fake_names: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        let extra_names = config.fake_names.iter().map(String::as_str);
        for name in lists::FAKE_NAMES.iter().copied().chain(extra_names) {
            let lower = Lower::of(name);
            let parts = Parts::split(lower.as_str(), text::name_separator);
            let parts: Vec<String> = parts.as_slice().iter().map(|p| (*p).to_owned()).collect();
            if let Some(first) = parts.first() {
                fake_names.entry(first.clone()).or_default().push(parts);
            }
        }
        let lower_set = |builtin: &[&str], extra: &[String]| -> HashSet<String> {
            let extra = extra.iter().map(String::as_str);
            builtin
                .iter()
                .copied()
                .chain(extra)
                .map(|w| Lower::of(w).as_str().to_owned())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let domains = lower_set(lists::DISPOSABLE_DOMAINS, &config.disposable_domains);
        let (disposable_domains, disposable_labels) = domains
            .into_iter()
            .map(|d| d.trim_start_matches(['@', '.']).to_owned())
            .partition(|d| d.contains('.'));
        let extra_companies = config.placeholder_companies.iter().map(String::as_str);
        let placeholder_companies = lists::PLACEHOLDER_COMPANIES
            .iter()
            .copied()
            .chain(extra_companies)
            .map(|c| squash(&Lower::of(c)).as_str().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        JunkRules {
            fake_names,
            test_words: lower_set(lists::TEST_WORDS, &config.test_words),
            disposable_domains,
            disposable_labels,
            no_email: lists::NO_EMAIL.iter().copied().collect(),
            placeholder_companies,
        }
    }

    /// The first reason the lead looks fake, checked in this order: fake name, test word,
    /// keyboard mash, repeated characters, malformed email, disposable email, impossible
    /// phone, placeholder company. None for a plausible lead.
    #[must_use]
    pub(crate) fn check(&self, lead: &LeadText<'_>) -> Option<JunkReason> {
        let name_lower = present(lead.name).map(|text| (text, Lower::of(text)));
        let email_lower = present(lead.email).map(|text| (text, Lower::of(text)));
        let name = name_lower.as_ref().map(|(text, lower)| Name {
            text,
            parts: Parts::split(lower.as_str(), text::name_separator),
        });
        let email = email_lower.as_ref().map(|(text, lower)| {
            let address = Address::of(lower.as_str());
            Email {
                text,
                address,
                user_parts: Parts::split(address.local, text::local_separator),
            }
        });
        let (name, email) = (name.as_ref(), email.as_ref());
        present(lead.status)
            .and_then(marked_junk)
            .or_else(|| self.fake_name(name, email))
            .or_else(|| self.test_word(name, email))
            .or_else(|| keyboard_mash(name, email))
            .or_else(|| repeated_characters(name, email))
            .or_else(|| email.and_then(|e| self.malformed_email(e)))
            .or_else(|| email.and_then(|e| self.disposable_email(e)))
            .or_else(|| present(lead.phone).and_then(impossible_phone))
            .or_else(|| present(lead.company).and_then(|c| self.placeholder_company(c)))
    }

    /// The name, or an e-mail user of two parts or more ("mickey.mouse"), is a fake name.
    fn fake_name(&self, name: Option<&Name<'_>>, email: Option<&Email<'_>>) -> Option<JunkReason> {
        if let Some(name) = name.filter(|n| self.is_fake_name(&n.parts)) {
            return junk(
                FAKE_NAME,
                format!("name \"{}\" is a known fake name", name.text),
            );
        }
        let email = email.filter(|e| e.user_parts.len() > 1 && self.is_fake_name(&e.user_parts))?;
        junk(
            FAKE_NAME,
            format!("email \"{}\" is a known fake name", email.text),
        )
    }

    /// The name is or holds a test word, or has no letters at all ("-", "123"), or the e-mail
    /// user is a test word ("test1@").
    fn test_word(&self, name: Option<&Name<'_>>, email: Option<&Email<'_>>) -> Option<JunkReason> {
        if let Some(name) = name.filter(|n| !n.text.chars().any(char::is_alphabetic)) {
            return junk(TEST_WORD, format!("name \"{}\" has no letters", name.text));
        }
        if let Some((name, word)) = name.and_then(|n| Some((n, self.name_test_word(&n.parts)?))) {
            let detail = format!("name \"{}\" contains the test word \"{word}\"", name.text);
            return junk(TEST_WORD, detail);
        }
        let email = email?;
        let user = email
            .address
            .local
            .trim_end_matches(|c: char| c.is_ascii_digit());
        (user.chars().count() >= 3 && self.test_words.contains(user)).then(|| JunkReason {
            code: TEST_WORD,
            detail: format!("email \"{}\" is the test word \"{user}\"", email.text),
        })
    }

    /// The address is not one.
    fn malformed_email(&self, email: &Email<'_>) -> Option<JunkReason> {
        let why = self.malformed(&email.address)?;
        junk(
            MALFORMED_EMAIL,
            format!("email \"{}\" is malformed: {why}", email.text),
        )
    }

    /// The address is at a throwaway-mailbox service or a reserved example domain.
    fn disposable_email(&self, email: &Email<'_>) -> Option<JunkReason> {
        let domain = self.disposable(email.address.domain)?;
        let detail = format!(
            "email \"{}\" uses the disposable domain \"{domain}\"",
            email.text
        );
        junk(DISPOSABLE_EMAIL, detail)
    }

    /// The company names no company.
    fn placeholder_company(&self, company: &str) -> Option<JunkReason> {
        self.is_placeholder_company(company).then(|| JunkReason {
            code: PLACEHOLDER_COMPANY,
            detail: format!("company \"{company}\" is a placeholder"),
        })
    }

    /// Whether the parts, without titles and repeats, in either order when there are two,
    /// are a fake name.
    fn is_fake_name(&self, parts: &Parts<'_>) -> bool {
        let core = parts.core(lists::TITLES);
        let core = core.as_slice();
        let matches = |wanted: &[&str]| {
            wanted.first().is_some_and(|first| {
                self.fake_names
                    .get(*first)
                    .is_some_and(|names| names.iter().any(|n| same_parts(n, wanted)))
            })
        };
        matches(core) || (core.len() == 2 && matches(&[core[1], core[0]]))
    }

    /// The test word the name is, or holds as a part of three letters or more.
    fn name_test_word<'p>(&self, parts: &Parts<'p>) -> Option<&'p str> {
        let parts = parts.as_slice();
        let word = |part: &'p str| part.trim_end_matches(|c: char| c.is_ascii_digit());
        if let [only] = parts {
            let only = word(only);
            return self.test_words.contains(only).then_some(only);
        }
        let all_test = parts.iter().all(|p| self.test_words.contains(word(p)));
        parts
            .iter()
            .map(|p| word(p))
            .find(|w| self.test_words.contains(*w) && (all_test || w.chars().count() >= 3))
    }

    /// Why the address is not one, if it is not.
    fn malformed(&self, address: &Address<'_>) -> Option<String> {
        let Address {
            full,
            local,
            domain,
        } = *address;
        Some(if !full.contains('@') {
            "no \"@\"".to_owned()
        } else if full.chars().any(char::is_whitespace) {
            "it contains a space".to_owned()
        } else if domain.contains('@') {
            "more than one \"@\"".to_owned()
        } else if local.is_empty() {
            "nothing before \"@\"".to_owned()
        } else if self.no_email.contains(local) {
            format!("\"{local}\" means no address")
        } else if domain.is_empty() {
            "nothing after \"@\"".to_owned()
        } else if !domain.contains('.') {
            format!("the domain \"{domain}\" has no dot")
        } else if domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || domain.contains(|c: char| c.is_ascii_punctuation() && c != '.' && c != '-')
            || full.contains([',', ';', '<', '>', '(', ')', '[', ']', '"', '\\'])
        {
            format!("the domain \"{domain}\" is not a host name")
        } else {
            return None;
        })
    }

    /// The disposable domain or label the address's domain is or lies under.
    fn disposable<'d>(&self, domain: &'d str) -> Option<&'d str> {
        let mut rest = domain;
        loop {
            if self.disposable_domains.contains(rest) {
                return Some(rest);
            }
            let (label, parent) = rest.split_once('.').unwrap_or((rest, ""));
            if self.disposable_labels.contains(label) {
                return Some(label);
            }
            if parent.is_empty() {
                return None;
            }
            rest = parent;
        }
    }

    /// Whether the company, without punctuation, spaces or a trailing legal form, is a
    /// placeholder; a company of punctuation only ("-", ".") is one too.
    fn is_placeholder_company(&self, company: &str) -> bool {
        let lower = Lower::of(company);
        let whole = squash(&lower);
        if whole.as_str().is_empty() || self.placeholder_companies.contains(whole.as_str()) {
            return true;
        }
        let parts = Parts::split(lower.as_str(), |c: char| !c.is_alphanumeric());
        let mut parts = parts.as_slice();
        while let [rest @ .., last] = parts {
            if rest.is_empty() || !super::company::LEGAL_SUFFIXES.contains(last) {
                break;
            }
            parts = rest;
        }
        let mut stripped = Lower::new();
        for part in parts {
            stripped.push_str(part);
        }
        self.placeholder_companies.contains(stripped.as_str())
    }
}

/// The field trimmed, unless it is missing or blank.
fn present(field: Option<&str>) -> Option<&str> {
    field.map(str::trim).filter(|s| !s.is_empty())
}

/// The CRM itself calls the lead junk: a status with the word junk, spam or fake in it
/// (Zoho's "Junk Lead"). The team's own judgement beats any guess below.
fn marked_junk(status: &str) -> Option<JunkReason> {
    if !says_junk(status) {
        return None;
    }
    junk(MARKED_JUNK, format!("status \"{status}\" says so"))
}

/// True for a status with the word junk, spam or fake in it.
pub(crate) fn says_junk(status: &str) -> bool {
    status.split(|c: char| !c.is_alphanumeric()).any(|word| {
        ["junk", "spam", "fake"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w))
    })
}

fn junk(code: &'static str, detail: String) -> Option<JunkReason> {
    Some(JunkReason { code, detail })
}

/// A lead's name as typed, and its lower-case parts.
struct Name<'a> {
    text: &'a str,
    parts: Parts<'a>,
}

/// A lead's e-mail as typed, its lower-case address, and the parts of its user.
struct Email<'a> {
    text: &'a str,
    address: Address<'a>,
    user_parts: Parts<'a>,
}

/// An e-mail split at its first "@" (all of it is the local part when there is none).
#[derive(Clone, Copy)]
struct Address<'a> {
    full: &'a str,
    local: &'a str,
    domain: &'a str,
}

impl<'a> Address<'a> {
    fn of(full: &'a str) -> Address<'a> {
        let (local, domain) = full.split_once('@').unwrap_or((full, ""));
        Address {
            full,
            local,
            domain,
        }
    }
}

fn same_parts(a: &[String], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a == b)
}

/// Letters and digits only: "N/A" → "na", "No Company" → "nocompany".
fn squash(lower: &Lower) -> Lower {
    let mut out = Lower::new();
    for c in lower.as_str().chars().filter(|c| c.is_alphanumeric()) {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
