//! Junk rules that look at the shape of what was typed, not at word lists: keyboard
//! mashing, repeated characters, and phone numbers no one answers.

use super::lists::TOP_ROW_KEYS;
use super::text::{self, Digits};
use super::{Address, Email, IMPOSSIBLE_PHONE, JunkReason, KEYBOARD_MASH, Name, REPEATED, junk};

/// A keyboard run this long inside a name part or e-mail user is mashing ("asdfg"); shorter
/// runs occur in real names ("Doherty" holds "erty").
const MASH_RUN: usize = 5;
/// A whole name part this long that is one keyboard run is mashing ("asdf", "jkl;").
const MASH_PART: usize = 4;
/// Fewest digits of a callable number (a local number without area code).
const MIN_PHONE_DIGITS: usize = 7;
/// Most digits of a number (E.164).
const MAX_PHONE_DIGITS: usize = 15;
/// Consecutive digits, up or down, that no assigned number holds ("123456").
const PHONE_SEQUENCE: usize = 6;

/// A name part or the e-mail user is keyboard mashing.
pub(super) fn keyboard_mash(
    name: Option<&Name<'_>>,
    email: Option<&Email<'_>>,
) -> Option<JunkReason> {
    if let Some((name, mash)) = name.and_then(|n| Some((n, mashed_name(n.parts.as_slice())?))) {
        let detail = format!(
            "name \"{}\" looks like keyboard mash (\"{mash}\")",
            name.text
        );
        return junk(KEYBOARD_MASH, detail);
    }
    let (email, mash) = email.and_then(|e| Some((e, mashed(e.address.local)?)))?;
    let detail = format!(
        "email \"{}\" looks like keyboard mash (\"{mash}\")",
        email.text
    );
    junk(KEYBOARD_MASH, detail)
}

/// The name or the e-mail repeats characters, or the name is initials only.
pub(super) fn repeated_characters(
    name: Option<&Name<'_>>,
    email: Option<&Email<'_>>,
) -> Option<JunkReason> {
    if let Some((name, why)) = name.and_then(|n| Some((n, repeated_name(n.parts.as_slice())?))) {
        return junk(REPEATED, format!("name \"{}\" {why}", name.text));
    }
    let (email, why) = email.and_then(|e| Some((e, repeated_email(&e.address)?)))?;
    junk(REPEATED, format!("email \"{}\" {why}", email.text))
}

/// The mashed stretch of a name: a long keyboard run, a part that is one keyboard run, or a
/// part of consonants only.
fn mashed_name<'p>(parts: &[&'p str]) -> Option<&'p str> {
    parts
        .iter()
        .find_map(|part| mashed(part).or_else(|| text::lacks_vowels(part).then_some(*part)))
}

/// The keyboard run that gives `text` away: five keys or more, or all of it from four
/// unless those four are top-row keys.
fn mashed(text: &str) -> Option<&str> {
    let (run, start, end) = text::longest_key_run(text);
    let whole = run == text.chars().count()
        && run >= MASH_PART
        && !text.chars().all(|c| TOP_ROW_KEYS.contains(c));
    (run >= MASH_RUN || whole).then(|| &text[start..end])
}

/// Why a name is repeated characters: one letter over and over, or initials only.
fn repeated_name(parts: &[&str]) -> Option<String> {
    for part in parts {
        let (run, c) = text::longest_repeat(part);
        let length = part.chars().count();
        if run >= 3 || (run == length && length >= 2 && c.is_alphabetic()) {
            return Some(format!("repeats \"{c}\""));
        }
    }
    let letters = |p: &&str| p.chars().filter(|c| c.is_alphabetic()).count();
    if !parts.is_empty() && parts.iter().all(|p| letters(p) <= 1) {
        return Some("is single letters".to_owned());
    }
    None
}

/// Why an e-mail is repeated characters: a user of one letter over and over ("aaa@"), or
/// the same word before and after "@" ("a@a.com", "test@test.com").
fn repeated_email(address: &Address<'_>) -> Option<String> {
    let (run, c) = text::longest_repeat(address.local);
    if run >= 3 && run == address.local.chars().count() {
        return Some(format!("repeats \"{c}\""));
    }
    let host = address.domain.split('.').next().unwrap_or("");
    (!address.local.is_empty() && address.local == host)
        .then(|| format!("repeats \"{host}\" before and after \"@\""))
}

/// Why no one answers this number: too few or too many digits, one digit over and over,
/// or a run of consecutive digits.
pub(super) fn impossible_phone(phone: &str) -> Option<JunkReason> {
    let why = phone_problem(phone)?;
    junk(IMPOSSIBLE_PHONE, format!("phone \"{phone}\" {why}"))
}

/// What is impossible about a phone number.
fn phone_problem(phone: &str) -> Option<String> {
    let digits = Digits::of(phone);
    let count = digits.count();
    if count < MIN_PHONE_DIGITS {
        return Some(format!("has fewer than {MIN_PHONE_DIGITS} digits"));
    }
    if count > MAX_PHONE_DIGITS {
        return Some(format!("has more than {MAX_PHONE_DIGITS} digits"));
    }
    // One digit throughout, after a country code of up to three digits when one is given
    // ("+1 555 555 5555"); "+49 30 555 5555" is a real number.
    let country_code = if phone.starts_with('+') { 3 } else { 0 };
    let all = digits.as_slice();
    if (0..=country_code).any(|skip| all[skip..].iter().all(|&d| d == all[skip])) {
        return Some("repeats one digit".to_owned());
    }
    // The whole number (after a country code) is one run, like 1234567 or 987654321; a run
    // inside a number is common in real ones ("419-734-5678", "801-234-5794").
    if (0..=country_code).any(|skip| {
        let rest = &all[skip..];
        rest.len() >= PHONE_SEQUENCE && Digits::longest_run(rest) == rest.len()
    }) {
        return Some("is a run of consecutive digits".to_owned());
    }
    None
}
