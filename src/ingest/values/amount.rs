//! Money amounts written as text: currency symbols and codes, either thousands convention,
//! K/M/B suffixes and accounting negatives.

use super::ValueError;

/// Currency symbols recognised before or after the number.
const SYMBOLS: [char; 22] = [
    '$', '€', '£', '¥', '￥', '₹', '₽', '₩', '₺', '₪', '₫', '₴', '₦', '₱', '₲', '₵', '₸', '฿', '¢',
    '₡', '₼', '₾',
];

/// Longest number (digits and separators) read; longer text is not an amount.
const MAX_DIGITS: usize = 48;

/// Parses a money amount.
///
/// Accepted: `22700`, `-50`, `$22,700.00`, `1,234.50`, `1.234,50`, `€ 1 234,50` (spaces,
/// no-break spaces U+00A0/U+202F, thin spaces and apostrophes group thousands), `1,5` (1.5),
/// `12,34,567` (Indian grouping), `1.5E+06`; a currency symbol (`$ € £ ¥ ₹` and others), an
/// ISO code (`USD 900`, `900 EUR`), `US$`/`R$`/`CA$`-style prefixes, `Rs`, `kr`; a scale suffix
/// `K` (thousand), `M`/`MM`/`Mn`/`Mio` (million), `B`/`Bn`/`Mrd` (billion), `Tsd` (thousand),
/// in any case (`$342.09K` is 342,090); negatives as `-50`, `−50`, `$-50`, `-$50`, `50-` or
/// `(1,234.00)`.
///
/// When a number has both `.` and `,`, the last one is the decimal separator. A single `.` or
/// `,` followed by exactly three digits, after one to three digits not starting with 0, is a
/// thousands separator (`1,234` and `1.234` are 1234), unless a scale suffix follows (`1.234K`
/// is 1234) or spaces already group the thousands (`1 234,567` is 1234.567). Any other single
/// separator is the decimal one (`1,5`, `0,125`, `1234.567`). A separator repeated is a
/// thousands separator (`1.234.567`).
///
/// Empty or blank text is `Ok(None)`. A dash on its own (`-`, `$ -`) is `Ok(Some(0.0))`: that
/// is how Excel's accounting format writes zero.
///
/// # Errors
///
/// [`ValueError::NotAnAmount`] for anything else: words, percentages, misplaced separators
/// (`1,23,4`, `1..5`), unbalanced parentheses, two signs.
pub fn parse_amount(s: &str) -> Result<Option<f64>, ValueError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(value) = plain_decimal(s) {
        return Ok(Some(value));
    }
    decorated(s).map(Some)
}

/// `-?[0-9]+(\.[0-9]+)?` that is not a `1.234` thousands form, parsed directly.
fn plain_decimal(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    let unsigned = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let int_len = unsigned.iter().take_while(|b| b.is_ascii_digit()).count();
    if int_len == 0 {
        return None;
    }
    let rest = &unsigned[int_len..];
    if !rest.is_empty() {
        let fraction = rest.strip_prefix(b".")?;
        if fraction.is_empty()
            || !fraction.iter().all(u8::is_ascii_digit)
            || groups_thousands(&unsigned[..int_len], fraction.len())
        {
            return None;
        }
    }
    s.parse().ok()
}

/// Whether a lone separator between `before` and `after_len` digits groups thousands.
fn groups_thousands(before: &[u8], after_len: usize) -> bool {
    after_len == 3 && (1..=3).contains(&before.len()) && before[0] != b'0'
}

/// An amount with currency, sign, scale or separators around or in the number.
fn decorated(s: &str) -> Result<f64, ValueError> {
    let mut rest = s;
    let (mut sign, mut open, mut close, mut currency) = (None, false, false, false);
    let mut scale = 0;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('(').filter(|_| !open) {
            open = true;
            rest = after;
        } else if let Some((after, negative)) = strip_sign(rest).filter(|_| sign.is_none()) {
            sign = Some(negative);
            rest = after;
        } else if let Some(after) = currency_prefix(rest).filter(|_| !currency) {
            currency = true;
            rest = after;
        } else {
            break;
        }
    }
    if rest.is_empty() {
        // A lone dash, as Excel's accounting format writes zero.
        return if sign == Some(true) && !open {
            Ok(0.0)
        } else {
            Err(ValueError::NotAnAmount)
        };
    }
    loop {
        rest = rest.trim_end();
        if let Some(before) = rest.strip_suffix(')').filter(|_| !close) {
            close = true;
            rest = before;
        } else if let Some(before) = rest.strip_suffix(['-', '−']).filter(|_| sign.is_none()) {
            sign = Some(true);
            rest = before;
        } else if let Some(before) = currency_suffix(rest).filter(|_| !currency) {
            currency = true;
            rest = before;
        } else if let Some((before, exponent)) = scale_suffix(rest).filter(|_| scale == 0) {
            scale = exponent;
            rest = before;
        } else {
            break;
        }
    }
    if open != close || (open && sign.is_some()) {
        return Err(ValueError::NotAnAmount);
    }
    let value = number(rest, scale)?;
    Ok(if open || sign == Some(true) {
        -value
    } else {
        value
    })
}

/// A leading `-`, `−` (U+2212) or `+`: the rest and whether it was a minus.
fn strip_sign(s: &str) -> Option<(&str, bool)> {
    if let Some(rest) = s.strip_prefix(['-', '−']) {
        Some((rest, true))
    } else {
        s.strip_prefix('+').map(|rest| (rest, false))
    }
}

/// `$`, `USD`, `US$`, `R$`, `Rs.`, `kr` at the start: the rest.
fn currency_prefix(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_prefix(SYMBOLS) {
        return Some(rest);
    }
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (word, rest) = s.split_at(letters);
    match letters {
        1 | 2 if word.bytes().all(|b| b.is_ascii_uppercase()) => rest.strip_prefix('$'),
        2 if is_local_currency(word) => Some(rest.strip_prefix('.').unwrap_or(rest)),
        3 if scale_exponent(word).is_none() => Some(rest),
        _ => None,
    }
}

/// `€`, `EUR`, `kr` at the end: what comes before.
fn currency_suffix(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_suffix(SYMBOLS) {
        return Some(rest);
    }
    let (rest, word) = trailing_word(s);
    let is_currency = match word.len() {
        2 => is_local_currency(word),
        3 => scale_exponent(word).is_none(),
        _ => false,
    };
    is_currency.then_some(rest)
}

fn is_local_currency(word: &str) -> bool {
    word.eq_ignore_ascii_case("rs") || word.eq_ignore_ascii_case("kr")
}

/// `K`, `M`, `bn`, `Mio.` at the end: what comes before and the power of ten.
fn scale_suffix(s: &str) -> Option<(&str, i32)> {
    let (rest, word) = trailing_word(s);
    scale_exponent(word).map(|exponent| (rest, exponent))
}

fn scale_exponent(word: &str) -> Option<i32> {
    const SCALES: [(&str, i32); 10] = [
        ("k", 3),
        ("tsd", 3),
        ("m", 6),
        ("mm", 6),
        ("mn", 6),
        ("mio", 6),
        ("b", 9),
        ("bn", 9),
        ("bln", 9),
        ("mrd", 9),
    ];
    SCALES
        .iter()
        .find(|(name, _)| word.eq_ignore_ascii_case(name))
        .map(|&(_, exponent)| exponent)
}

/// Splits off a trailing run of ASCII letters, with an abbreviation dot after it.
fn trailing_word(s: &str) -> (&str, &str) {
    let body = s.strip_suffix('.').unwrap_or(s);
    let letters = body
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 {
        return (s, "");
    }
    body.split_at(body.len() - letters)
}

fn is_group_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\'' | '\u{2019}'
    )
}

/// The bare number, times ten to `scale`.
fn number(s: &str, scale: i32) -> Result<f64, ValueError> {
    if s.contains(['e', 'E']) {
        return scientific(s, scale);
    }
    let decimal = decimal_separator(s, scale)?;
    // Digits with `.` as the decimal point, then the scale as an exponent: the standard
    // parser then rounds once, so `342.09K` is exactly 342090.
    let mut buf = [0u8; MAX_DIGITS + 4];
    let mut len = 0;
    let mut push = |byte: u8| -> Result<(), ValueError> {
        *buf.get_mut(len).ok_or(ValueError::NotAnAmount)? = byte;
        len += 1;
        Ok(())
    };
    let (mut group_len, mut groups, mut in_fraction) = (0, 0, false);
    for c in s.chars() {
        if c.is_ascii_digit() {
            push(c as u8)?;
            group_len += 1;
        } else if Some(c) == decimal {
            if in_fraction || (groups > 0 && group_len != 3) {
                return Err(ValueError::NotAnAmount);
            }
            if group_len == 0 {
                push(b'0')?;
            }
            push(b'.')?;
            in_fraction = true;
            group_len = 0;
        } else {
            // A thousands separator: after one to three digits, then two or three (Indian
            // grouping has pairs), never inside the fraction.
            let ok_group = if groups == 0 { 1..=3 } else { 2..=3 };
            if in_fraction || !ok_group.contains(&group_len) {
                return Err(ValueError::NotAnAmount);
            }
            groups += 1;
            group_len = 0;
        }
    }
    let complete = if in_fraction {
        group_len > 0
    } else {
        group_len > 0 && (groups == 0 || group_len == 3)
    };
    if !complete {
        return Err(ValueError::NotAnAmount);
    }
    if scale > 0 {
        push(b'e')?;
        push(b'0' + u8::try_from(scale).map_err(|_| ValueError::NotAnAmount)?)?;
    }
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|digits| digits.parse::<f64>().ok())
        .filter(|value| value.is_finite())
        .ok_or(ValueError::NotAnAmount)
}

/// Which of `.` and `,` is the decimal separator, after checking every character is a digit
/// or a separator.
fn decimal_separator(s: &str, scale: i32) -> Result<Option<char>, ValueError> {
    let (mut dots, mut commas, mut spaced, mut last) = (0, 0, false, None);
    for c in s.chars() {
        match c {
            '0'..='9' => {}
            '.' => {
                dots += 1;
                last = Some(c);
            }
            ',' => {
                commas += 1;
                last = Some(c);
            }
            c if is_group_space(c) => spaced = true,
            _ => return Err(ValueError::NotAnAmount),
        }
    }
    Ok(match (dots, commas) {
        (0, 0) => None,
        (1, 0) | (0, 1) => {
            let separator = last.ok_or(ValueError::NotAnAmount)?;
            let (before, after) = s.split_once(separator).ok_or(ValueError::NotAnAmount)?;
            let thousands =
                scale == 0 && !spaced && groups_thousands(before.as_bytes(), after.len());
            (!thousands).then_some(separator)
        }
        (_, 0) | (0, _) => None,
        _ => last,
    })
}

/// `1.5E+06`: digits with at most one `.`, an exponent, nothing else.
fn scientific(s: &str, scale: i32) -> Result<f64, ValueError> {
    let (mantissa, exponent) = s.split_once(['e', 'E']).ok_or(ValueError::NotAnAmount)?;
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, fraction)) => plain(int) && plain(fraction),
        None => plain(mantissa),
    };
    if scale != 0 || !mantissa_ok || !plain(exponent) {
        return Err(ValueError::NotAnAmount);
    }
    s.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .ok_or(ValueError::NotAnAmount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(s: &str) -> Result<Option<f64>, ValueError> {
        parse_amount(s)
    }

    #[test]
    fn blank_is_none() {
        assert_eq!(amount(""), Ok(None));
        assert_eq!(amount("  \t "), Ok(None));
        assert_eq!(amount("\u{a0}"), Ok(None));
    }

    #[test]
    fn reads_plain_numbers() {
        assert_eq!(amount("22700"), Ok(Some(22700.0)));
        assert_eq!(amount("22700.00"), Ok(Some(22700.0)));
        assert_eq!(amount("-50"), Ok(Some(-50.0)));
        assert_eq!(amount(" 0.5 "), Ok(Some(0.5)));
        assert_eq!(amount("1234.567"), Ok(Some(1234.567)));
        assert_eq!(amount("647.17999999999995"), Ok(Some(647.18)));
        assert_eq!(amount("1.5E+06"), Ok(Some(1_500_000.0)));
    }

    #[test]
    fn reads_zoho_dollar_amounts() {
        assert_eq!(amount("$22,700.00"), Ok(Some(22700.0)));
        assert_eq!(amount("$342.09K"), Ok(Some(342_090.0)));
    }

    #[test]
    fn reads_both_thousands_conventions() {
        assert_eq!(amount("1,234.50"), Ok(Some(1234.5)));
        assert_eq!(amount("1.234,50"), Ok(Some(1234.5)));
        assert_eq!(amount("1,234,567.89"), Ok(Some(1_234_567.89)));
        assert_eq!(amount("1.234.567,89"), Ok(Some(1_234_567.89)));
        assert_eq!(amount("1.234.567"), Ok(Some(1_234_567.0)));
        assert_eq!(amount("1'234.50"), Ok(Some(1234.5)));
        assert_eq!(amount("12,34,567"), Ok(Some(1_234_567.0)));
    }

    #[test]
    fn single_separator_before_three_digits_groups_thousands() {
        assert_eq!(amount("1,234"), Ok(Some(1234.0)));
        assert_eq!(amount("1.234"), Ok(Some(1234.0)));
        assert_eq!(amount("999,000"), Ok(Some(999_000.0)));
        assert_eq!(amount("0,125"), Ok(Some(0.125)));
        assert_eq!(amount("1234,567"), Ok(Some(1234.567)));
        assert_eq!(amount("1.234K"), Ok(Some(1234.0)));
    }

    #[test]
    fn single_separator_otherwise_is_decimal() {
        assert_eq!(amount("1,5"), Ok(Some(1.5)));
        assert_eq!(amount("12,50"), Ok(Some(12.5)));
        assert_eq!(amount(",5"), Ok(Some(0.5)));
        assert_eq!(amount("1 234,567"), Ok(Some(1234.567)));
    }

    #[test]
    fn spaces_group_thousands() {
        assert_eq!(amount("€ 1 234,50"), Ok(Some(1234.5)));
        assert_eq!(amount("€\u{a0}1\u{a0}234,50"), Ok(Some(1234.5)));
        assert_eq!(amount("1\u{202f}234,50 €"), Ok(Some(1234.5)));
        assert_eq!(amount("1\u{2009}234\u{2009}567"), Ok(Some(1_234_567.0)));
    }

    #[test]
    fn reads_scale_suffixes() {
        assert_eq!(amount("12.5M"), Ok(Some(12_500_000.0)));
        assert_eq!(amount("12,5 Mio."), Ok(Some(12_500_000.0)));
        assert_eq!(amount("3k"), Ok(Some(3000.0)));
        assert_eq!(amount("1.2bn"), Ok(Some(1_200_000_000.0)));
        assert_eq!(amount("$4.5MM"), Ok(Some(4_500_000.0)));
        assert_eq!(amount("12.5M USD"), Ok(Some(12_500_000.0)));
    }

    #[test]
    fn reads_accounting_and_other_negatives() {
        assert_eq!(amount("(1,234.00)"), Ok(Some(-1234.0)));
        assert_eq!(amount("($1,234.00)"), Ok(Some(-1234.0)));
        assert_eq!(amount("$(1,234.00)"), Ok(Some(-1234.0)));
        assert_eq!(amount("-$50"), Ok(Some(-50.0)));
        assert_eq!(amount("$-50"), Ok(Some(-50.0)));
        assert_eq!(amount("−50"), Ok(Some(-50.0)));
        assert_eq!(amount("50-"), Ok(Some(-50.0)));
        assert_eq!(amount("+50"), Ok(Some(50.0)));
    }

    #[test]
    fn lone_dash_is_accounting_zero() {
        assert_eq!(amount("-"), Ok(Some(0.0)));
        assert_eq!(amount(" $ -   "), Ok(Some(0.0)));
    }

    #[test]
    fn reads_currency_symbols_and_codes() {
        assert_eq!(amount("USD 900"), Ok(Some(900.0)));
        assert_eq!(amount("900 EUR"), Ok(Some(900.0)));
        assert_eq!(amount("900eur"), Ok(Some(900.0)));
        assert_eq!(amount("£12"), Ok(Some(12.0)));
        assert_eq!(amount("¥1000"), Ok(Some(1000.0)));
        assert_eq!(amount("1.234,50 €"), Ok(Some(1234.5)));
        assert_eq!(amount("US$ 1,000"), Ok(Some(1000.0)));
        assert_eq!(amount("R$ 1.000,00"), Ok(Some(1000.0)));
        assert_eq!(amount("Rs. 1,500"), Ok(Some(1500.0)));
        assert_eq!(amount("₹12,34,567"), Ok(Some(1_234_567.0)));
        assert_eq!(amount("1 500 kr"), Ok(Some(1500.0)));
    }

    #[test]
    fn rejects_text_that_is_not_an_amount() {
        for bad in [
            "abc",
            "$",
            "USD",
            "N/A",
            "50%",
            "1,23,4",
            "1..5",
            "1,,234",
            "1.2.3,4.5",
            "12.",
            "(50",
            "50)",
            "(-50)",
            "--50",
            "1e",
            "1.5E+06K",
            "1 2",
            "$ 5 $",
            "5 apples",
            "inf",
            "NaN",
        ] {
            assert_eq!(amount(bad), Err(ValueError::NotAnAmount), "{bad:?}");
        }
    }
}
