//! File names made from rep and source names: ASCII slugs with a short hash of the exact name,
//! so they are never empty, never leave the output folder and never collide ("Zoë" and "Zoe",
//! "../../x", "CON" all get distinct, harmless names). Letters of any alphabet are
//! transliterated by the `deunicode` crate, so "Дмитрий Иванов" is "dmitrii-ivanov-…".

use std::collections::HashSet;

/// The longest readable part kept from a name.
const MAX_READABLE: usize = 40;

/// FNV-1a, 64 bits: stable across runs, platforms and Rust versions (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The slug of one name: lowercase ASCII letters and digits joined by single hyphens, at most
/// 40 characters, "x" when nothing is left, then "-" and 8 hex digits of the hash of the exact
/// name. Letters outside ASCII are transliterated by `deunicode` ("Zoë" → "zoe", "Дмитрий" →
/// "dmitrii", "王伟" → "wang-wei"); everything else (punctuation, symbols, emoji, other digits)
/// is a separator. Example: "Zoë Ng" → "zoe-ng-f79ed10a".
#[must_use]
pub(crate) fn slug(name: &str) -> String {
    let mut readable = String::new();
    for c in name.chars().flat_map(ascii) {
        if c.is_ascii_alphanumeric() {
            if readable.len() >= MAX_READABLE {
                break;
            }
            readable.push(c.to_ascii_lowercase());
        } else if !readable.is_empty() && !readable.ends_with('-') {
            readable.push('-');
        }
    }
    let readable = readable.trim_end_matches('-');
    let readable = if readable.is_empty() { "x" } else { readable };
    format!("{readable}-{:08x}", fnv1a(name.as_bytes()) >> 32)
}

/// `c` in ASCII: itself when it is ASCII; when it is a letter of another alphabet, the
/// letters, digits and spaces of its transliteration ("ß" → "ss", "Ж" → "Zh", "ь" → "" rather
/// than "'", "王" → "Wang "); anything else, a space.
fn ascii(c: char) -> impl Iterator<Item = char> {
    let text = if c.is_ascii() || c.is_alphabetic() {
        deunicode::deunicode_char(c).unwrap_or(" ")
    } else {
        " "
    };
    text.chars()
        .filter(move |t| c.is_ascii() || t.is_ascii_alphanumeric() || *t == ' ')
}

/// Slugs for a list of names, in order, made unique: a name seen twice maps to the same slug,
/// and should two different names ever share a hash, the later one gets "-2", "-3"...
#[must_use]
pub(crate) fn unique_slugs<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut out: Vec<(String, String)> = Vec::new();
    for name in names {
        if out.iter().any(|(seen, _)| seen == name) {
            continue;
        }
        let base = slug(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.push((name.to_string(), candidate));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(slug: &str) -> &str {
        &slug[..slug.len() - 9]
    }

    #[test]
    fn slugs_are_ascii_lowercase_with_a_hash() {
        let s = slug("Ann Lee");
        assert_eq!(readable(&s), "ann-lee");
        assert_eq!(s.len(), "ann-lee".len() + 9);
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        assert_eq!(s, slug("Ann Lee"), "stable");
    }

    #[test]
    fn accented_and_plain_names_do_not_collide() {
        let accented = slug("Zoë");
        let plain = slug("Zoe");
        assert_eq!(readable(&accented), "zoe");
        assert_eq!(readable(&plain), "zoe");
        assert_ne!(accented, plain);
    }

    #[test]
    fn hostile_names_stay_inside_the_folder_and_are_never_empty() {
        assert_eq!(readable(&slug("../../x")), "x");
        assert_eq!(readable(&slug("")), "x");
        assert_eq!(readable(&slug("///")), "x");
        assert_eq!(
            readable(&slug("<script>alert(1)</script>")),
            "script-alert-1-script"
        );
        assert_ne!(slug("CON").to_ascii_lowercase(), "con");
        assert!(slug("CON").starts_with("con-"));
        assert_ne!(slug(""), slug("///"));
    }

    #[test]
    fn long_names_are_cut_to_forty_characters() {
        let s = slug(&"a".repeat(200));
        assert_eq!(readable(&s), "a".repeat(40));
    }

    #[test]
    fn latin_letters_fold_as_before() {
        assert_eq!(
            readable(&slug("àáâãäå ç èéêë ìíîï ñ")),
            "aaaaaa-c-eeee-iiii-n"
        );
        assert_eq!(
            readable(&slug("òóôõöø ùúûü ýÿ ß æ")),
            "oooooo-uuuu-yy-ss-ae"
        );
        assert_eq!(
            readable(&slug("ÀÁÂÃÄÅ Ç ÈÉÊË ÌÍÎÏ Ñ")),
            "aaaaaa-c-eeee-iiii-n"
        );
        assert_eq!(readable(&slug("ÒÓÔÕÖØ ÙÚÛÜ")), "oooooo-uuuu");
        assert_eq!(readable(&slug("Zoë Ng")), "zoe-ng");
        assert_eq!(slug("Zoë Ng"), "zoe-ng-f79ed10a");
        assert_eq!(readable(&slug("Tomáš Łukasz")), "tomas-lukasz");
    }

    #[test]
    fn other_alphabets_are_transliterated() {
        assert_eq!(readable(&slug("Дмитрий Иванов")), "dmitrii-ivanov");
        assert_eq!(readable(&slug("Γιώργος")), "giorgos");
        assert_eq!(readable(&slug("王伟")), "wang-wei");
        // The soft sign's apostrophe is dropped, not a break in the word.
        assert_eq!(readable(&slug("Ольга Кузьмина")), "olga-kuzmina");
        // The hash is still of the exact name.
        let cyrillic = slug("Дмитрий Иванов");
        let hash = fnv1a("Дмитрий Иванов".as_bytes()) >> 32;
        assert!(cyrillic.ends_with(&format!("-{hash:08x}")));
        assert_ne!(cyrillic, slug("Dmitrii Ivanov"));
    }

    #[test]
    fn symbols_and_emoji_are_still_separators() {
        assert_eq!(readable(&slug("José 🦄 Ruiz")), "jose-ruiz");
        assert_eq!(readable(&slug("A×B™")), "a-b");
        assert_eq!(readable(&slug("O'Brien")), "o-brien");
    }

    #[test]
    fn unique_slugs_keep_one_slug_per_name() {
        let slugs = unique_slugs(["Zoe", "Zoë", "Zoe"]);
        assert_eq!(slugs.len(), 2);
        assert_ne!(slugs[0].1, slugs[1].1);
    }
}
