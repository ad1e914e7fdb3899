//! Word lists for the demo export: reps, prospects, companies and the junk people type into forms.

/// The ten sales reps, in the order of `REP_DILIGENCE` in `mod.rs`.
pub(crate) const REPS: [&str; 10] = [
    "Dana Whitfield",
    "Priya Raman",
    "Marcus Oyelaran",
    "Elena Kovacs",
    "Jordan Price",
    "Sofia Marchetti",
    "Ben Okafor",
    "Grace Lindqvist",
    "Tom Brennan",
    "Kevin Hale",
];

/// First names of plausible prospects.
#[rustfmt::skip]
pub(crate) const FIRST_NAMES: &[&str] = &[
    "James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "William",
    "Elizabeth", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen",
    "Matthew", "Nancy", "Anthony", "Lisa", "Mark", "Sandra", "Steven", "Ashley", "Andrew", "Emily",
    "Kenneth", "Michelle", "Brian", "Amanda", "Kevin", "Melissa", "Raj", "Anita", "Wei", "Mei",
    "Hiroshi", "Yuki", "Carlos", "Lucia", "Ahmed", "Fatima", "Olga", "Sven", "Ingrid", "Pierre",
    "Claire", "Lars", "Aisha", "Kwame", "Nadia", "Tariq", "Chloe", "Liam",
];

/// Last names of plausible prospects (one has an apostrophe, as real data does).
#[rustfmt::skip]
pub(crate) const LAST_NAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King",
    "Wright", "Scott", "Nguyen", "Patel", "Kim", "Chen", "Wang", "Schmidt", "Fischer", "Weber",
    "Novak", "Dubois", "Rossi", "Jensen", "Nakamura", "Tanaka", "Okonkwo", "Haddad", "O'Connor",
    "Murphy", "Kowalski", "Silva", "Berg", "Larsen",
];

/// Where a company's phone numbers live (US and UK numbers use ranges reserved for fiction).
#[derive(Clone, Copy)]
pub(crate) enum Country {
    /// `+1 AAA 555 01NN`.
    Us,
    /// `+44 20 7946 0NNN`.
    Uk,
    /// `+49 30 555 NNNN`.
    De,
}

/// A company prospects work for: name, e-mail domain, country, and spellings reps also type.
pub(crate) struct Company {
    pub(crate) name: &'static str,
    pub(crate) domain: &'static str,
    pub(crate) country: Country,
    pub(crate) variants: &'static [&'static str],
}

const fn company(
    name: &'static str,
    domain: &'static str,
    country: Country,
    variants: &'static [&'static str],
) -> Company {
    Company {
        name,
        domain,
        country,
        variants,
    }
}

/// Companies of real prospects; `variants` make the same company appear under other names.
pub(crate) const COMPANIES: &[Company] = &[
    company(
        "Northwind Traders",
        "northwindtraders.com",
        Country::Us,
        &["Northwind Traders Inc.", "Northwind"],
    ),
    company(
        "Acme Logistics GmbH",
        "acme-logistics.de",
        Country::De,
        &["Acme Logistics"],
    ),
    company(
        "American Express",
        "aexp.com",
        Country::Us,
        &["Amex", "AMEX"],
    ),
    company("Contoso Ltd", "contoso.com", Country::Uk, &["Contoso"]),
    company("Fabrikam Inc.", "fabrikam.com", Country::Us, &["Fabrikam"]),
    company("Tailspin Toys", "tailspintoys.com", Country::Us, &[]),
    company(
        "Wide World Importers",
        "wideworldimporters.com",
        Country::Us,
        &["WWI"],
    ),
    company(
        "Adventure Works Cycles",
        "adventure-works.com",
        Country::Us,
        &["Adventure Works"],
    ),
    company("Litware, Inc.", "litwareinc.com", Country::Us, &["Litware"]),
    company("Proseware, Inc.", "proseware.com", Country::Us, &[]),
    company(
        "Woodgrove Bank",
        "woodgrovebank.com",
        Country::Uk,
        &["Woodgrove"],
    ),
    company(
        "Blue Yonder Airlines",
        "blueyonderairlines.com",
        Country::Us,
        &[],
    ),
    company("Coho Winery", "cohowinery.com", Country::Us, &[]),
    company("Alpine Ski House", "alpineskihouse.com", Country::Us, &[]),
    company(
        "Margie's Travel",
        "margiestravel.com",
        Country::Us,
        &["Margies Travel"],
    ),
    company("Trey Research", "treyresearch.net", Country::Uk, &[]),
    company(
        "Lucerne Publishing",
        "lucernepublishing.com",
        Country::Uk,
        &[],
    ),
    company(
        "Humongous Insurance",
        "humongousinsurance.com",
        Country::Us,
        &["Humongous Ins."],
    ),
    company(
        "Graphic Design Institute",
        "graphicdesigninstitute.com",
        Country::Us,
        &[],
    ),
    company(
        "City Power & Light",
        "cpandl.com",
        Country::Us,
        &["City Power and Light", "CP&L"],
    ),
    company("Southridge Video", "southridgevideo.com", Country::Us, &[]),
    company("Fourth Coffee", "fourthcoffee.com", Country::Us, &[]),
    company("Wingtip Toys", "wingtiptoys.com", Country::Uk, &[]),
    company("Bellows College", "bellowscollege.edu", Country::Us, &[]),
    company("Relecloud", "relecloud.com", Country::Us, &[]),
    company(
        "Datum Corporation",
        "adatum.com",
        Country::Us,
        &["A. Datum", "A Datum Corp"],
    ),
    company("Initech", "initech.com", Country::Us, &["Initech LLC"]),
    company("Globex Corporation", "globex.com", Country::Us, &["Globex"]),
    company(
        "Stark Industrial Supply",
        "starkindustrial.com",
        Country::Us,
        &[],
    ),
    company("Hooli Analytics", "hooli-analytics.com", Country::Us, &[]),
    company(
        "Vandelay Industries",
        "vandelay.com",
        Country::Us,
        &["Vandelay Ind."],
    ),
    company("Pied Piper Data", "piedpiperdata.com", Country::Us, &[]),
    company(
        "Oceanic Freight Ltd",
        "oceanicfreight.co.uk",
        Country::Uk,
        &["Oceanic Freight"],
    ),
    company(
        "Brightline Health",
        "brightlinehealth.com",
        Country::Us,
        &[],
    ),
    company(
        "Cascade Manufacturing",
        "cascademfg.com",
        Country::Us,
        &["Cascade Mfg"],
    ),
    company("Harbor & Finch LLP", "harborfinch.com", Country::Uk, &[]),
    company("Summit Ridge Software", "summitridge.io", Country::Us, &[]),
    company("Evergreen Utilities", "evergreenutil.com", Country::Us, &[]),
];

/// US area codes used with the fictional `555 01NN` exchange.
#[rustfmt::skip]
pub(crate) const AREA_CODES: &[&str] = &[
    "212", "312", "415", "512", "617", "646", "206", "303", "404", "713",
];

/// First and last names of fake ("mickey mouse") leads.
pub(crate) const FAKE_NAMES: &[(&str, &str)] = &[
    ("Mickey", "Mouse"),
    ("Donald", "Duck"),
    ("asdf", "asdf"),
    ("Test", "Test"),
    ("xxx", "xxx"),
    ("Bugs", "Bunny"),
    ("qwerty", "qwerty"),
    ("test", "user"),
    ("John", "Doe"),
    ("Homer", "Simpson"),
    ("a", "a"),
];

/// Companies typed by fake leads.
#[rustfmt::skip]
pub(crate) const FAKE_COMPANIES: &[&str] = &[
    "Disney", "test", "asdf", "N/A", "none", "xxx", "Home", "Student", "self",
];

/// E-mails typed by fake leads; `{}` is replaced with a lower-case first name.
pub(crate) const FAKE_EMAILS: &[&str] = &[
    "test@test.com",
    "a@a.com",
    "{}@mailinator.com",
    "john.doe@",
    "asdf@asdf.com",
    "{}123@mailinator.com",
    "noemail@none",
    "{}@example.com",
];

/// Phones typed by fake leads (an empty string means the field was left blank).
pub(crate) const FAKE_PHONES: &[&str] = &["000-000-0000", "123", "1234567890", "555-5555", "", "0"];
