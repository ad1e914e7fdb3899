//! Small coded values: lead ranks 1–7 and yes/no flags.

use super::ValueError;

/// Parses a lead rank from 1 to 7: `7`, ` 2 `, `#7`, `7.0`, `Rank 3`, `rank: 3`,
/// `7 - Inactive`, `7. Inactive`, `1 (hot)`. After the number only a non-alphanumeric
/// character may follow (then anything: the label). Empty or blank text is `Ok(None)`.
///
/// # Errors
///
/// [`ValueError::NotARank`] for anything else: `0`, `8`, `7.5`, `7a`, `abc`, `Rank`.
pub fn parse_rank(s: &str) -> Result<Option<u8>, ValueError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let mut rest = s;
    if let Some(word) = rest
        .get(..4)
        .filter(|word| word.eq_ignore_ascii_case("rank"))
    {
        rest = rest[word.len()..].trim_start();
        rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    }
    rest = rest.strip_prefix('#').unwrap_or(rest).trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, mut after) = rest.split_at(digits);
    if let Some(fraction) = after.strip_prefix('.') {
        after = fraction.trim_start_matches('0');
    }
    let label_follows = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
    match number.parse::<u8>() {
        Ok(rank @ 1..=7) if label_follows => Ok(Some(rank)),
        _ => Err(ValueError::NotARank),
    }
}

/// Reads a numeric cell as a rank: a whole number from 1 to 7 (`7.0` is 7).
///
/// # Errors
///
/// [`ValueError::NotARank`] for a fraction, a number outside 1–7, or a non-finite number.
pub fn rank_from_number(n: f64) -> Result<u8, ValueError> {
    match n {
        1.0 | 2.0 | 3.0 | 4.0 | 5.0 | 6.0 | 7.0 => {
            // One of seven whole numbers, so the cast is exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let rank = n as u8;
            Ok(rank)
        }
        _ => Err(ValueError::NotARank),
    }
}

const YES: [&str; 8] = ["yes", "y", "true", "t", "1", "1.0", "converted", "x"];
const NO: [&str; 7] = ["no", "n", "false", "f", "0", "0.0", "not converted"];

/// Parses a yes/no flag, in any case: `yes`/`no`, `y`/`n`, `true`/`false`, `t`/`f`,
/// `1`/`0` (also `1.0`/`0.0`), `converted`/`not converted`, and `x` (a ticked box) for yes.
/// Empty or blank text is `Ok(None)`.
///
/// # Errors
///
/// [`ValueError::NotABool`] for any other text.
pub fn parse_bool(s: &str) -> Result<Option<bool>, ValueError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let is = |words: &[&str]| words.iter().any(|word| s.eq_ignore_ascii_case(word));
    if is(&YES) {
        Ok(Some(true))
    } else if is(&NO) {
        Ok(Some(false))
    } else {
        Err(ValueError::NotABool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rank_forms() {
        for (text, rank) in [
            ("7", 7),
            (" 2 ", 2),
            ("#7", 7),
            ("# 4", 4),
            ("7.0", 7),
            ("7.", 7),
            ("Rank 3", 3),
            ("rank:3", 3),
            ("RANK #1", 1),
            ("7 - Inactive", 7),
            ("7-Inactive", 7),
            ("7 – Inactive", 7),
            ("7. Inactive", 7),
            ("1 (hot)", 1),
        ] {
            assert_eq!(parse_rank(text), Ok(Some(rank)), "{text:?}");
        }
    }

    #[test]
    fn blank_rank_is_none() {
        assert_eq!(parse_rank(""), Ok(None));
        assert_eq!(parse_rank("   "), Ok(None));
    }

    #[test]
    fn rejects_what_is_not_a_rank() {
        for bad in [
            "0",
            "8",
            "17",
            "7.5",
            "7.05",
            "7a",
            "7th",
            "abc",
            "Rank",
            "#",
            "-1",
            "Inactive 7",
        ] {
            assert_eq!(parse_rank(bad), Err(ValueError::NotARank), "{bad:?}");
        }
    }

    #[test]
    fn rank_from_whole_numbers_only() {
        assert_eq!(rank_from_number(1.0), Ok(1));
        assert_eq!(rank_from_number(7.0), Ok(7));
        for bad in [0.0, 8.0, 6.5, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(rank_from_number(bad), Err(ValueError::NotARank), "{bad}");
        }
    }

    #[test]
    fn reads_yes_no_forms_in_any_case() {
        for yes in ["yes", "Yes", "Y", "TRUE", "t", "1", "1.0", "Converted", "x"] {
            assert_eq!(parse_bool(yes), Ok(Some(true)), "{yes:?}");
        }
        for no in [
            "no",
            "NO",
            "n",
            "False",
            "F",
            "0",
            "0.0",
            "Not Converted",
            " no ",
        ] {
            assert_eq!(parse_bool(no), Ok(Some(false)), "{no:?}");
        }
    }

    #[test]
    fn blank_flag_is_none() {
        assert_eq!(parse_bool(""), Ok(None));
        assert_eq!(parse_bool(" "), Ok(None));
    }

    #[test]
    fn rejects_what_is_not_yes_or_no() {
        for bad in ["maybe", "2", "yes!", "Select", "not"] {
            assert_eq!(parse_bool(bad), Err(ValueError::NotABool), "{bad:?}");
        }
    }
}
