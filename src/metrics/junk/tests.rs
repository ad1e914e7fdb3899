//! The junk rules against hand-written leads: one test per rule and per way a real lead must
//! not be flagged. Long because each rule has its look-alikes that must pass.

use super::*;

mod demo;
mod status;

fn rules() -> JunkRules {
    JunkRules::new(&JunkConfig::default())
}

fn name(name: &str) -> LeadText<'_> {
    LeadText {
        name: Some(name),
        ..LeadText::default()
    }
}

fn email(email: &str) -> LeadText<'_> {
    LeadText {
        email: Some(email),
        ..LeadText::default()
    }
}

fn phone(phone: &str) -> LeadText<'_> {
    LeadText {
        phone: Some(phone),
        ..LeadText::default()
    }
}

fn company(company: &str) -> LeadText<'_> {
    LeadText {
        company: Some(company),
        ..LeadText::default()
    }
}

fn reason(code: &'static str, detail: &str) -> Option<JunkReason> {
    Some(JunkReason {
        code,
        detail: detail.to_owned(),
    })
}

/// Each case: the lead and the reason expected, as "code: detail".
fn assert_reasons(cases: &[(LeadText<'_>, &str)]) {
    let rules = rules();
    for (lead, expected) in cases {
        let found = rules
            .check(lead)
            .map(|r| format!("{}: {}", r.code, r.detail));
        assert_eq!(found.as_deref(), Some(*expected), "{lead:?}");
    }
}

#[test]
#[rustfmt::skip]
fn fake_names_are_matched_on_the_whole_normalised_name() {
    assert_reasons(&[
        (name("Mickey Mouse"), r#"fake name: name "Mickey Mouse" is a known fake name"#),
        (name("  DONALD   duck "), r#"fake name: name "DONALD   duck" is a known fake name"#),
        (name("Doe, John"), r#"fake name: name "Doe, John" is a known fake name"#),
        (name("Mr. Homer Simpson"), r#"fake name: name "Mr. Homer Simpson" is a known fake name"#),
        (name("Jane Doe"), r#"fake name: name "Jane Doe" is a known fake name"#),
        (name("asdf asdf"), r#"fake name: name "asdf asdf" is a known fake name"#),
        (name("Spider-Man"), r#"fake name: name "Spider-Man" is a known fake name"#),
        (email("mickey.mouse@gmail.com"), r#"fake name: email "mickey.mouse@gmail.com" is a known fake name"#),
    ]);
}

#[test]
fn a_fake_name_is_the_whole_name_not_a_part_of_it() {
    let rules = rules();
    for real in [
        "Mickey Rourke",
        "John Doerr",
        "Donald Duckworth",
        "Homer Hickam",
        "Jane Doerr",
    ] {
        assert_eq!(rules.check(&name(real)), None, "{real}");
    }
}

#[test]
#[rustfmt::skip]
fn test_words_are_caught_as_a_name_or_a_name_part() {
    assert_reasons(&[
        (name("Test"), r#"test word: name "Test" contains the test word "test""#),
        (name("test user"), r#"test word: name "test user" contains the test word "test""#),
        (name("Nadia Testing"), r#"test word: name "Nadia Testing" contains the test word "testing""#),
        (name("N/A"), r#"test word: name "N/A" contains the test word "n/a""#),
        (name("na"), r#"test word: name "na" contains the test word "na""#),
        (name("NULL"), r#"test word: name "NULL" contains the test word "null""#),
        (name("Sample Lead"), r#"test word: name "Sample Lead" contains the test word "sample""#),
        (name("xxx xxx"), r#"test word: name "xxx xxx" contains the test word "xxx""#),
        (name("-"), r#"test word: name "-" has no letters"#),
        (name("12345"), r#"test word: name "12345" has no letters"#),
        (name("Test1"), r#"test word: name "Test1" contains the test word "test""#),
        (email("test@contoso.com"), r#"test word: email "test@contoso.com" is the test word "test""#),
    ]);
}

#[test]
fn short_test_words_count_only_as_the_whole_name() {
    let rules = rules();
    for real in ["Li Na", "Na Li", "Ng Wei", "Jo Ann", "Ok Kim"] {
        assert_eq!(rules.check(&name(real)), None, "{real}");
    }
}

#[test]
#[rustfmt::skip]
fn keyboard_mash_is_a_run_along_a_row_or_a_part_without_vowels() {
    assert_reasons(&[
        (name("Asdfgh Jones"), r#"keyboard mash: name "Asdfgh Jones" looks like keyboard mash ("asdfgh")"#),
        (name("jkl; smith"), r#"keyboard mash: name "jkl; smith" looks like keyboard mash ("jkl;")"#),
        (name("Zxcv Brown"), r#"keyboard mash: name "Zxcv Brown" looks like keyboard mash ("zxcv")"#),
        (name("Lkjhg"), r#"keyboard mash: name "Lkjhg" looks like keyboard mash ("lkjhg")"#),
        (name("Qwertz Meier"), r#"keyboard mash: name "Qwertz Meier" looks like keyboard mash ("qwertz")"#),
        (name("Bcdfg Hklm"), r#"keyboard mash: name "Bcdfg Hklm" looks like keyboard mash ("bcdfg")"#),
        (email("sdfghj@gmail.com"), r#"keyboard mash: email "sdfghj@gmail.com" looks like keyboard mash ("sdfghj")"#),
    ]);
}

#[test]
fn short_runs_and_consonant_clusters_in_real_names_are_not_mash() {
    let rules = rules();
    for real in [
        "Nguyen",
        "Lynn Nguyen",
        "Sven Wright",
        "Kate Doherty",
        "Brian Flaherty",
        "Ewert Liberty",
        "Ng",
        "Schmidt",
        "Tre Poi",
        "Krzysztof Wrzesniewski",
        "Antony Trew",
        "Zach Ertz",
        "Azer Aliyev",
        "Max Wertheimer",
        "Kai Dewert",
        "Mkrtchyan",
        "Wynn Glyn",
        "Zbigniew Brzęczyszczykiewicz",
        "Владимир Кузнецов",
        "王伟",
        "Dwyer Rhys",
        "Glynn Llwyd",
    ] {
        assert_eq!(rules.check(&name(real)), None, "{real}");
    }
}

#[test]
#[rustfmt::skip]
fn repeated_characters_and_single_letters_are_caught() {
    assert_reasons(&[
        (name("aaaa"), r#"repeated characters: name "aaaa" repeats "a""#),
        (name("Jooohn Smith"), r#"repeated characters: name "Jooohn Smith" repeats "o""#),
        (name("xx xx"), r#"repeated characters: name "xx xx" repeats "x""#),
        (name("a a"), r#"repeated characters: name "a a" is single letters"#),
        (name("A B"), r#"repeated characters: name "A B" is single letters"#),
        (name("J. K."), r#"repeated characters: name "J. K." is single letters"#),
        (email("zzzz@contoso.com"), r#"repeated characters: email "zzzz@contoso.com" repeats "z""#),
        (email("a@a.com"), r#"repeated characters: email "a@a.com" repeats "a" before and after "@""#),
    ]);
}

#[test]
#[rustfmt::skip]
fn malformed_emails_say_what_is_wrong() {
    assert_reasons(&[
        (email("nadia.allen"), r#"malformed email: email "nadia.allen" is malformed: no "@""#),
        (email("john.smith@"), r#"malformed email: email "john.smith@" is malformed: nothing after "@""#),
        (email("@contoso.com"), r#"malformed email: email "@contoso.com" is malformed: nothing before "@""#),
        (email("nadia@contoso"), r#"malformed email: email "nadia@contoso" is malformed: the domain "contoso" has no dot"#),
        (email("nadia allen@contoso.com"), r#"malformed email: email "nadia allen@contoso.com" is malformed: it contains a space"#),
        (email("a@b@contoso.com"), r#"malformed email: email "a@b@contoso.com" is malformed: more than one "@""#),
        (email("noemail@none"), r#"malformed email: email "noemail@none" is malformed: "noemail" means no address"#),
        (email("nadia@contoso..com"), r#"malformed email: email "nadia@contoso..com" is malformed: the domain "contoso..com" is not a host name"#),
        (email("nadia@contoso,com"), r#"malformed email: email "nadia@contoso,com" is malformed: the domain "contoso,com" has no dot"#),
    ]);
}

#[test]
#[rustfmt::skip]
fn disposable_domains_match_subdomains_and_any_top_level_domain() {
    assert_reasons(&[
        (email("nadia@mailinator.com"), r#"disposable email: email "nadia@mailinator.com" uses the disposable domain "mailinator""#),
        (email("Nadia@YOPMAIL.FR"), r#"disposable email: email "Nadia@YOPMAIL.FR" uses the disposable domain "yopmail""#),
        (email("nadia@sharklasers.com"), r#"disposable email: email "nadia@sharklasers.com" uses the disposable domain "sharklasers.com""#),
        (email("nadia@guerrillamail.net"), r#"disposable email: email "nadia@guerrillamail.net" uses the disposable domain "guerrillamail""#),
        (email("nadia@example.com"), r#"disposable email: email "nadia@example.com" uses the disposable domain "example.com""#),
        (email("nadia@mail.example.org"), r#"disposable email: email "nadia@mail.example.org" uses the disposable domain "example.org""#),
        (email("nadia.allen@test.com"), r#"disposable email: email "nadia.allen@test.com" uses the disposable domain "test.com""#),
        (email("nadia@contoso.test"), r#"disposable email: email "nadia@contoso.test" uses the disposable domain "test""#),
        (email("nadia@10minutemail.co.uk"), r#"disposable email: email "nadia@10minutemail.co.uk" uses the disposable domain "10minutemail""#),
    ]);
    let rules = rules();
    for real in [
        "nadia@notexample.com",
        "nadia@contest.com",
        "nadia@mailinator-review.com",
    ] {
        assert_eq!(rules.check(&email(real)), None, "{real}");
    }
}

#[test]
#[rustfmt::skip]
fn impossible_phones_are_caught() {
    assert_reasons(&[
        (phone("000-000-0000"), r#"impossible phone: phone "000-000-0000" repeats one digit"#),
        (phone("1111111"), r#"impossible phone: phone "1111111" repeats one digit"#),
        (phone("555-5555"), r#"impossible phone: phone "555-5555" repeats one digit"#),
        (phone("+1 999 999 9999"), r#"impossible phone: phone "+1 999 999 9999" repeats one digit"#),
        (phone("(555) 555-5555"), r#"impossible phone: phone "(555) 555-5555" repeats one digit"#),
        (phone("123"), r#"impossible phone: phone "123" has fewer than 7 digits"#),
        (phone("0"), r#"impossible phone: phone "0" has fewer than 7 digits"#),
        (phone("none"), r#"impossible phone: phone "none" has fewer than 7 digits"#),
        (phone("123456"), r#"impossible phone: phone "123456" has fewer than 7 digits"#),
        (phone("1234567"), r#"impossible phone: phone "1234567" is a run of consecutive digits"#),
        (phone("1234567890"), r#"impossible phone: phone "1234567890" is a run of consecutive digits"#),
        (phone("+49 987654321"), r#"impossible phone: phone "+49 987654321" is a run of consecutive digits"#),
        (phone("+1 212 555 0123 4567 8901 23"), r#"impossible phone: phone "+1 212 555 0123 4567 8901 23" has more than 15 digits"#),
    ]);
}

#[test]
fn real_phone_formats_pass_with_extensions_and_fictional_ranges() {
    let rules = rules();
    for real in [
        "+1 212 555 0142",
        "(415) 555-0199",
        "+44 20 7946 0018",
        "+49 30 555 4821",
        "+1 617-253-1000 ext. 12345",
        "020 7946 0958",
        "+33 1 42 68 53 00",
        "+81 3-3581-2111",
        "555 0100",
        "+1 (303) 555-0123 x4",
        "+49 30 555 5555",
        "+1 212 999 9999",
        // Real numbers from the Zoho sample export with a run inside them.
        "419-734-5678",
        "801-234-5794",
    ] {
        assert_eq!(rules.check(&phone(real)), None, "{real}");
    }
}

#[test]
#[rustfmt::skip]
fn placeholder_companies_are_caught_with_punctuation_and_legal_forms_ignored() {
    assert_reasons(&[
        (company("N/A"), r#"placeholder company: company "N/A" is a placeholder"#),
        (company("n.a."), r#"placeholder company: company "n.a." is a placeholder"#),
        (company("None"), r#"placeholder company: company "None" is a placeholder"#),
        (company("-"), r#"placeholder company: company "-" is a placeholder"#),
        (company("."), r#"placeholder company: company "." is a placeholder"#),
        (company("Self-employed"), r#"placeholder company: company "Self-employed" is a placeholder"#),
        (company("No Company"), r#"placeholder company: company "No Company" is a placeholder"#),
        (company("Test Inc."), r#"placeholder company: company "Test Inc." is a placeholder"#),
        (company("PRIVATE"), r#"placeholder company: company "PRIVATE" is a placeholder"#),
        (company("Home"), r#"placeholder company: company "Home" is a placeholder"#),
        (company("student"), r#"placeholder company: company "student" is a placeholder"#),
    ]);
}

#[test]
fn the_first_reason_in_rule_order_is_given() {
    let lead = LeadText {
        name: Some("Nadia Allen"),
        email: Some("nadia@mailinator.com"),
        phone: Some("000-000-0000"),
        company: Some("N/A"),
        status: Some("Open"),
    };
    assert_eq!(
        rules().check(&lead),
        reason(
            "disposable email",
            r#"email "nadia@mailinator.com" uses the disposable domain "mailinator""#
        )
    );
    let lead = LeadText {
        name: Some("Mickey Mouse"),
        email: Some("test@test.com"),
        ..lead
    };
    assert_eq!(rules().check(&lead).map(|r| r.code), Some("fake name"));
}

#[test]
fn missing_and_blank_fields_are_not_junk() {
    let rules = rules();
    assert_eq!(rules.check(&LeadText::default()), None);
    let blank = LeadText {
        name: Some(" "),
        email: Some(""),
        phone: Some(""),
        company: Some("  "),
        status: Some(" "),
    };
    assert_eq!(rules.check(&blank), None);
}

#[test]
fn plausible_leads_pass() {
    let rules = rules();
    let leads = [
        (
            "Nadia Allen",
            "nadia.allen@contoso.com",
            "+44 20 7946 0321",
            "Contoso Ltd",
        ),
        (
            "Sven Wright",
            "swright@northwindtraders.com",
            "+1 212 555 0101",
            "Northwind Traders Inc.",
        ),
        (
            "Lynn Nguyen",
            "lynn.nguyen@fabrikam.com",
            "",
            "Fabrikam Inc.",
        ),
        (
            "Ng Wei",
            "ng.wei@wideworldimporters.com",
            "+1 415 555 0178",
            "WWI",
        ),
        (
            "O'Brien",
            "obrien@woodgrovebank.com",
            "+44 20 7946 0999",
            "Woodgrove Bank",
        ),
        (
            "Zoë Müller",
            "zoe.mueller@acme-logistics.de",
            "+49 30 555 0042",
            "Acme Logistics GmbH",
        ),
        (
            "Li Na",
            "li.na@relecloud.com",
            "+86 10 6552 9988",
            "Relecloud",
        ),
        (
            "Jo Ann",
            "joann@cohowinery.com",
            "+1 303 555 0150",
            "Coho Winery",
        ),
        (
            "Liam O'Connor",
            "liam.oconnor@oceanicfreight.co.uk",
            "020 7946 0123",
            "Oceanic Freight Ltd",
        ),
        (
            "Hiroshi Tanaka",
            "h.tanaka@aexp.com",
            "+1 646 555 0111",
            "AMEX",
        ),
        (
            "Kwame Okonkwo",
            "kokonkwo@cpandl.com",
            "+1 713 555 0190",
            "CP&L",
        ),
        (
            "Aisha Haddad",
            "aisha.haddad@adatum.com",
            "+1 404 555 0133",
            "A. Datum",
        ),
        (
            "Pierre Dubois",
            "pierre.dubois@litwareinc.com",
            "+33 1 42 68 53 00",
            "Litware, Inc.",
        ),
        (
            "Ingrid Berg",
            "ingrid.berg@treyresearch.net",
            "+44 20 7946 0456",
            "Trey Research",
        ),
        (
            "María José García",
            "mj.garcia@margiestravel.com",
            "+34 91 398 45 00",
            "Margie's Travel",
        ),
        (
            "Søren Kierkegaard",
            "soren@bellowscollege.edu",
            "+45 33 63 73 00",
            "Bellows College",
        ),
        (
            "Chloe Lee",
            "c.lee@summitridge.io",
            "(212) 555-0147",
            "Summit Ridge Software",
        ),
        (
            "Wei Chen",
            "wei.chen@hooli-analytics.com",
            "+1 206 555 0166",
            "Hooli Analytics",
        ),
        (
            "Björn Larsen",
            "bjorn@harborfinch.com",
            "+44 20 7946 0777",
            "Harbor & Finch LLP",
        ),
        (
            "Fatima Patel",
            "fpatel@brightlinehealth.com",
            "512-555-0102",
            "Brightline Health",
        ),
        (
            "MARY SMITH",
            "MARY.SMITH@INITECH.COM",
            "+1 312 555 0120",
            "Initech LLC",
        ),
        (
            "james JOHNSON",
            "james.johnson@globex.com",
            "+1 617 555 0188",
            "Globex",
        ),
        (
            "Yuki Nakamura",
            "yuki@tailspintoys.com",
            "+1 512 555 0109",
            "Tailspin Toys",
        ),
        (
            "Olga Kowalski",
            "olga.kowalski@proseware.com",
            "+1 617 555 0175",
            "Proseware, Inc.",
        ),
        (
            "Tariq Rossi",
            "tariq.rossi@vandelay.com",
            "+1 212 555 0104",
            "Vandelay Ind.",
        ),
        (
            "Ahmed Silva",
            "asilva@cascademfg.com",
            "+1 303 555 0161",
            "Cascade Mfg",
        ),
        (
            "Claire Jensen",
            "claire.jensen@lucernepublishing.com",
            "+44 20 7946 0500",
            "Lucerne Publishing",
        ),
        (
            "Lars Weber",
            "lars.weber@alpineskihouse.com",
            "+1 415 555 0119",
            "Alpine Ski House",
        ),
        (
            "Raj Kim",
            "raj.kim@evergreenutil.com",
            "+1 206 555 0100",
            "Evergreen Utilities",
        ),
        (
            "Mei Wang",
            "mei.wang@piedpiperdata.com",
            "+1 646 555 0128",
            "Pied Piper Data",
        ),
        (
            "Anita Fischer",
            "anita@humongousinsurance.com",
            "+1 404 555 0197",
            "Humongous Ins.",
        ),
        (
            "Carlos Lopez",
            "carlos.lopez@gmail.com",
            "+52 55 5250 7380",
            "Self Storage Partners",
        ),
    ];
    for (name, email, phone, company) in leads {
        let lead = LeadText {
            name: Some(name),
            email: Some(email),
            phone: Some(phone),
            company: Some(company),
            status: Some("Contacted"),
        };
        assert_eq!(rules.check(&lead), None, "{lead:?}");
    }
}

#[test]
fn config_extras_add_to_the_built_in_lists() {
    let config = JunkConfig {
        fake_names: vec!["Max  Mustermann".to_owned()],
        test_words: vec!["Demo".to_owned()],
        disposable_domains: vec!["@Burner.Example.NET".to_owned(), "spamhole".to_owned()],
        placeholder_companies: vec!["Acme Test".to_owned()],
        exclude: true,
    };
    let rules = JunkRules::new(&config);
    let code = |lead: LeadText<'_>| rules.check(&lead).map(|r| r.code);
    assert_eq!(code(name("max mustermann")), Some("fake name"));
    assert_eq!(code(name("Mickey Mouse")), Some("fake name"));
    assert_eq!(code(name("Demo Lead")), Some("test word"));
    assert_eq!(
        code(email("a.b@burner.example.net")),
        Some("disposable email")
    );
    assert_eq!(code(email("a.b@spamhole.io")), Some("disposable email"));
    assert_eq!(code(company("ACME-TEST Ltd")), Some("placeholder company"));
    assert_eq!(code(company("Acme Logistics")), None);
}

#[test]
fn junk_config_reads_kebab_case_toml_with_defaults() {
    let config: JunkConfig = toml::from_str(
        "fake-names = [\"Max Mustermann\"]\ndisposable-domains = [\"spamhole.io\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config,
        JunkConfig {
            fake_names: vec!["Max Mustermann".to_owned()],
            disposable_domains: vec!["spamhole.io".to_owned()],
            ..JunkConfig::default()
        }
    );
    assert!(config.exclude);
    assert!(toml::from_str::<JunkConfig>("fake-name = []").is_err());
}

#[test]
fn codes_are_listed_in_check_order() {
    assert_eq!(
        CODES,
        [
            "marked junk in the CRM",
            "fake name",
            "test word",
            "keyboard mash",
            "repeated characters",
            "malformed email",
            "disposable email",
            "impossible phone",
            "placeholder company",
        ]
    );
}
