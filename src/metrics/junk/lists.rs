//! The built-in lists behind the junk rules: famous fake names, test words, disposable e-mail
//! domains, placeholder companies, and the keyboard rows that mashing runs along.
//!
//! Entries are lower case. `[junk]` in friday.toml adds to these lists; it never replaces them.

/// Names people type instead of their own: cartoon and film characters, the legal
/// placeholders, and form-filler phrases. Matched on the whole normalised name.
#[rustfmt::skip]
pub(super) const FAKE_NAMES: &[&str] = &[
    // legal and form placeholders
    "john doe", "jane doe", "john q public", "jane q public", "joe bloggs", "fred bloggs",
    "joe blow", "joe schmoe", "richard roe", "first last", "firstname lastname",
    "first name last name", "your name", "my name", "no name", "name name", "asdf", "qwerty",
    "testy mctestface", "foo bar",
    // cartoons
    "mickey mouse", "minnie mouse", "donald duck", "daisy duck", "daffy duck", "goofy",
    "bugs bunny", "porky pig", "elmer fudd", "road runner", "wile e coyote", "tweety bird",
    "homer simpson", "bart simpson", "fred flintstone", "barney rubble", "scooby doo",
    "spongebob squarepants", "winnie the pooh", "snow white",
    // film, comics and legend
    "darth vader", "luke skywalker", "harry potter", "james bond", "bruce wayne", "batman",
    "clark kent", "superman", "peter parker", "spider man", "spiderman", "tony stark",
    "iron man", "sherlock holmes", "mr bean", "santa claus", "easter bunny", "mary poppins",
];

/// Words that stand in for a name. Words of three letters or more count as a name part
/// ("Test User"); shorter ones only as the whole name, since "Na" and "Li" are real names.
#[rustfmt::skip]
pub(super) const TEST_WORDS: &[&str] = &[
    "test", "testing", "tester", "xxx", "xxxx", "asdf", "qwerty", "none", "n/a", "na", "null",
    "nil", "sample", "dummy", "fake", "foo", "foobar", "blah", "unknown", "anonymous", "anon",
    "noname", "nobody", "nothing", "abc", "abcd", "xyz", "tbd", "spam", "junk", "delete",
    "ignore", "firstname", "lastname", "fname", "lname", "ok", "no", "x",
];

/// Throwaway-mailbox services and reserved example domains; subdomains match too.
/// An entry without a dot ("mailinator") matches that label under any top-level domain.
#[rustfmt::skip]
pub(super) const DISPOSABLE_DOMAINS: &[&str] = &[
    "mailinator", "guerrillamail", "guerrillamailblock.com", "sharklasers.com", "grr.la",
    "pokemail.net", "spam4.me", "10minutemail", "20minutemail", "tempmail", "temp-mail.org",
    "tempmailo.com", "tempail.com", "yopmail", "trashmail", "dispostable.com", "getnada.com",
    "maildrop.cc", "mailnesia.com", "mintemail.com", "throwawaymail.com", "fakeinbox.com",
    "mohmal.com", "emailondeck.com", "spamgourmet.com", "mytemp.email", "tempr.email",
    "discard.email", "burnermail.io", "mailcatch.com", "jetable.org", "spambox.us",
    "example.com", "example.org", "example.net", "test.com", "test.org", "test.net",
    // reserved top-level domains (RFC 2606): never a real mailbox
    "test", "example", "invalid", "localhost",
];

/// Local parts that say "no address" ("noemail@none").
#[rustfmt::skip]
pub(super) const NO_EMAIL: &[&str] = &[
    "noemail", "nomail", "no-email", "no_email", "no.email", "none", "na", "n/a", "null",
    "unknown", "noreply", "no-reply", "donotreply",
];

/// Company values that name no company, compared with punctuation and spaces removed
/// ("N/A" is "na", "no company" is "nocompany"); a value of only punctuation ("-", ".")
/// counts too.
#[rustfmt::skip]
pub(super) const PLACEHOLDER_COMPANIES: &[&str] = &[
    "none", "na", "notapplicable", "nil", "null", "unknown", "self", "selfemployed", "myself",
    "student", "home", "homeuser", "test", "testing", "testcompany", "xxx", "asdf", "qwerty",
    "nocompany", "nocompanyname", "company", "companyname", "mycompany", "yourcompany",
    "private", "privat", "personal", "individual", "retired", "unemployed", "no", "tbd",
    "dummy", "sample", "fake",
];

/// Keyboard rows (QWERTY, QWERTZ, AZERTY, with their punctuation keys): mashing runs along
/// one row, left to right or right to left.
pub(super) const KEY_ROWS: &[&str] = &[
    "qwertyuiop[]",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "qwertzuiop",
    "yxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
];

/// Keys of the top letter row in QWERTY, QWERTZ and AZERTY. Its vowels make real names
/// along it ("Trew", "Ertz", "Azer"), so a whole name part on these keys alone needs a run
/// of five to count as mashing.
pub(super) const TOP_ROW_KEYS: &str = "qwertyuiopaz";

/// Titles dropped before a name is compared with the fake names.
pub(super) const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"];
