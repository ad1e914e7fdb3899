//! The text of XLSX parts as calamine gives it: character and entity references replaced,
//! line ends normalised as XML 1.0 says, and Excel's own `_xHHHH_` escapes undone.

use super::Unsupported;

/// Appends the text content `raw` (between two tags) to `out`: `&amp;`-style and numeric
/// references replaced, "\r\n" and a lone "\r" read as "\n". A reference XML does not
/// define, or raw text that is not UTF-8, is [`Unsupported`].
pub(super) fn push_content(raw: &[u8], out: &mut String) -> Result<(), Unsupported> {
    let text = std::str::from_utf8(raw).map_err(|_| Unsupported("text that is not UTF-8"))?;
    let mut rest = text;
    while let Some(at) = rest.find(['&', '\r']) {
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'\r' {
            out.push('\n');
            rest = rest[at + 1..].strip_prefix('\n').unwrap_or(&rest[at + 1..]);
            continue;
        }
        let end = rest[at..]
            .find(';')
            .ok_or(Unsupported("an unterminated reference"))?;
        out.push(reference(&rest[at + 1..at + end])?);
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// The character a reference names: `amp`, `#38`, `#x26`.
fn reference(name: &str) -> Result<char, Unsupported> {
    let unknown = Unsupported("an unknown reference");
    let code = match name {
        "amp" => return Ok('&'),
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "quot" => return Ok('"'),
        "apos" => return Ok('\''),
        _ => match name.strip_prefix("#x") {
            Some(hex) => u32::from_str_radix(hex, 16).map_err(|_| unknown)?,
            None => name
                .strip_prefix('#')
                .ok_or(unknown)?
                .parse::<u32>()
                .map_err(|_| unknown)?,
        },
    };
    char::from_u32(code)
        .filter(|c| *c != '\0')
        .ok_or(Unsupported("a reference to no character"))
}

/// Undoes Excel's `_xHHHH_` escapes (UTF-16 code units, "_x000D_" for a carriage return), as
/// calamine does: a lone surrogate becomes U+FFFD.
pub(super) fn unescape_excel(text: &str) -> std::borrow::Cow<'_, str> {
    let Some((mut index, mut unit)) = find_escape(text, 0) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    loop {
        out.push_str(&text[copied..index]);
        index += ESCAPE_LEN;
        match unit {
            0xD800..=0xDBFF => match parse_escape(text, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += ESCAPE_LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find_escape(text, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

/// The length of "_xHHHH_".
const ESCAPE_LEN: usize = 7;

fn find_escape(text: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = text[start..].find('_') {
        let index = start + offset;
        if let Some(unit) = parse_escape(text, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(text: &str, index: usize) -> Option<u16> {
    let bytes = text.as_bytes().get(index..index + ESCAPE_LEN)?;
    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }
    let hex = std::str::from_utf8(&bytes[2..6]).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(raw: &str) -> Result<String, Unsupported> {
        let mut out = String::new();
        push_content(raw.as_bytes(), &mut out).map(|()| out)
    }

    #[test]
    fn references_and_line_ends_are_read_as_xml_says() {
        assert_eq!(
            content("Tom &amp; Jerry &lt;3&gt;").unwrap(),
            "Tom & Jerry <3>"
        );
        assert_eq!(content("&quot;a&apos; &#233;&#xE9;").unwrap(), "\"a' éé");
        assert_eq!(content("one\r\ntwo\rthree\n").unwrap(), "one\ntwo\nthree\n");
        // A carriage return written as a reference stays one.
        assert_eq!(content("a&#13;b").unwrap(), "a\rb");
        assert!(content("a &nbsp; b").is_err());
        assert!(content("a & b").is_err());
        assert!(content("&#0;").is_err());
    }

    #[test]
    fn excel_escapes_are_undone() {
        assert_eq!(unescape_excel("line_x000D_two"), "line\rtwo");
        assert_eq!(unescape_excel("_x0041__x0042_"), "AB");
        // A surrogate pair, and a lone surrogate.
        assert_eq!(unescape_excel("_xD83D__xDE00_"), "😀");
        assert_eq!(unescape_excel("_xD83D_x"), "\u{FFFD}x");
        // Not an escape: too short, not hex.
        assert_eq!(unescape_excel("_x00_ and _xZZZZ_"), "_x00_ and _xZZZZ_");
    }
}
