//! Text helpers for the junk rules: lower-casing without allocating, name parts, and the
//! keyboard and digit patterns that give typed junk away.

use super::lists::KEY_ROWS;

/// Bytes kept on the stack before [`Lower`] falls back to a `String`.
const INLINE: usize = 96;

/// A short string built on the stack: the lower-cased field of one lead. Longer text moves
/// to the heap, so one check allocates nothing for ordinary names, e-mails and companies.
pub(super) struct Lower {
    inline: [u8; INLINE],
    len: usize,
    heap: Option<String>,
}

impl Lower {
    pub(super) fn new() -> Lower {
        Lower {
            inline: [0; INLINE],
            len: 0,
            heap: None,
        }
    }

    /// `text` lower-cased (Unicode rules, per character), surrounding whitespace trimmed.
    pub(super) fn of(text: &str) -> Lower {
        let text = text.trim();
        let mut out = Lower::new();
        // Most fields are ASCII: lower-cased a byte at a time, the same result as by character.
        if text.is_ascii() {
            out.push_ascii_lower(text.as_bytes());
            return out;
        }
        for c in text.chars().flat_map(char::to_lowercase) {
            out.push(c);
        }
        out
    }

    /// Appends ASCII `bytes`, lower-cased.
    fn push_ascii_lower(&mut self, bytes: &[u8]) {
        if self.heap.is_none() && self.len + bytes.len() <= INLINE {
            let end = self.len + bytes.len();
            self.inline[self.len..end].copy_from_slice(bytes);
            self.inline[self.len..end].make_ascii_lowercase();
            self.len = end;
        } else {
            for &b in bytes {
                self.push(char::from(b.to_ascii_lowercase()));
            }
        }
    }

    pub(super) fn push(&mut self, c: char) {
        if let Some(heap) = &mut self.heap {
            heap.push(c);
            return;
        }
        let width = c.len_utf8();
        if self.len + width <= INLINE {
            c.encode_utf8(&mut self.inline[self.len..]);
            self.len += width;
        } else {
            let mut heap = String::with_capacity(self.len * 2 + width);
            heap.push_str(self.as_str());
            heap.push(c);
            self.heap = Some(heap);
        }
    }

    pub(super) fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    pub(super) fn as_str(&self) -> &str {
        match &self.heap {
            Some(heap) => heap,
            // Only whole characters are ever written, so the bytes are UTF-8.
            None => std::str::from_utf8(&self.inline[..self.len]).unwrap_or_default(),
        }
    }
}

/// Most name parts one check looks at; further parts are ignored.
pub(super) const MAX_PARTS: usize = 12;

/// Up to [`MAX_PARTS`] parts of a name, on the stack.
pub(super) struct Parts<'a> {
    parts: [&'a str; MAX_PARTS],
    len: usize,
}

impl<'a> Parts<'a> {
    /// The parts of lower-cased `text` split at `is_separator`, each trimmed of surrounding
    /// punctuation other than `;` and `/` (kept for "jkl;" and "n/a"); empty parts dropped.
    pub(super) fn split(text: &'a str, is_separator: impl Fn(char) -> bool) -> Parts<'a> {
        let mut out = Parts {
            parts: [""; MAX_PARTS],
            len: 0,
        };
        for part in text.split(is_separator) {
            let part = part.trim_matches(|c: char| {
                (c.is_ascii_punctuation() && c != ';' && c != '/') || c.is_whitespace()
            });
            if !part.is_empty() && out.len < MAX_PARTS {
                out.parts[out.len] = part;
                out.len += 1;
            }
        }
        out
    }

    pub(super) fn as_slice(&self) -> &[&'a str] {
        &self.parts[..self.len]
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The parts with titles ("Mr", "Dr.") removed from the front and repeated neighbours
    /// merged ("asdf asdf" → "asdf").
    pub(super) fn core(&self, titles: &[&str]) -> Parts<'a> {
        let mut out = Parts {
            parts: [""; MAX_PARTS],
            len: 0,
        };
        let mut rest = self.as_slice();
        while rest.len() > 1 && titles.contains(&rest[0]) {
            rest = &rest[1..];
        }
        for &part in rest {
            if out.len == 0 || out.parts[out.len - 1] != part {
                out.parts[out.len] = part;
                out.len += 1;
            }
        }
        out
    }
}

/// Name separators: whitespace, commas, hyphens and underscores.
pub(super) fn name_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '-' | '_')
}

/// Separators inside an e-mail's local part: "mickey.mouse", "john_doe", "jane-doe+news".
pub(super) fn local_separator(c: char) -> bool {
    matches!(c, '.' | '_' | '-' | '+')
}

/// Marks a key missing from a row in [`KEY_POSITIONS`].
const NO_KEY: u8 = u8::MAX;

/// For each ASCII character, its position on each of [`KEY_ROWS`], or [`NO_KEY`].
static KEY_POSITIONS: [[u8; KEY_ROWS.len()]; 128] = key_positions();

#[allow(clippy::cast_possible_truncation)] // rows are ASCII and shorter than 255 keys
const fn key_positions() -> [[u8; KEY_ROWS.len()]; 128] {
    let mut table = [[NO_KEY; KEY_ROWS.len()]; 128];
    let mut r = 0;
    while r < KEY_ROWS.len() {
        let row = KEY_ROWS[r].as_bytes();
        let mut i = 0;
        while i < row.len() {
            table[row[i] as usize][r] = i as u8;
            i += 1;
        }
        r += 1;
    }
    table
}

/// Where `b` sits relative to `a` on some keyboard row: 1 to the right, 2 to the left,
/// 3 both (on different rows), 0 not beside it.
fn key_step(a: char, b: char) -> u8 {
    let (Some(a), Some(b)) = (KEY_POSITIONS.get(a as usize), KEY_POSITIONS.get(b as usize)) else {
        return 0;
    };
    let mut step = 0;
    for (&x, &y) in a.iter().zip(b) {
        if x != NO_KEY && y != NO_KEY {
            if y == x + 1 {
                step |= 1;
            }
            if x == y + 1 {
                step |= 2;
            }
        }
    }
    step
}

/// The longest run of keys next to each other on one keyboard row, in one direction, and
/// where it starts and ends (byte offsets): "qwerty" is 6, "asdfgh" 6, "jkl;" 4.
pub(super) fn longest_key_run(text: &str) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    let mut run = 0;
    let mut start = 0;
    let mut direction = 0u8;
    let mut previous: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        let step = previous.map_or(0, |(_, p)| key_step(p, c));
        if run > 0 && step & direction != 0 {
            run += 1;
            direction &= step;
        } else if step != 0 {
            run = 2;
            start = previous.map_or(i, |(j, _)| j);
            direction = step;
        } else {
            run = 1;
            start = i;
            direction = 3;
        }
        if run > best.0 {
            best = (run, start, i + c.len_utf8());
        }
        previous = Some((i, c));
    }
    best
}

/// Whether a name part looks like consonants only: more than four ASCII letters and none of
/// a, e, i, o, u, y. Parts with other letters (ü, ł, Cyrillic, Han) are left alone, since
/// vowels there are not these six.
pub(super) fn lacks_vowels(part: &str) -> bool {
    let mut letters = 0;
    for c in part.chars() {
        if c.is_ascii_alphabetic() {
            if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
                return false;
            }
            letters += 1;
        } else if c.is_alphabetic() {
            return false;
        }
    }
    letters > 4
}

/// The longest run of one repeated character in `text`, and that character.
pub(super) fn longest_repeat(text: &str) -> (usize, char) {
    let mut best = (0, ' ');
    let mut run = 0;
    let mut previous = None;
    for c in text.chars() {
        run = if previous == Some(c) { run + 1 } else { 1 };
        if run > best.0 {
            best = (run, c);
        }
        previous = Some(c);
    }
    best
}

/// The digits of a phone number up to any extension ("x12", "ext. 4"), at most 32.
pub(super) struct Digits {
    digits: [u8; 32],
    len: usize,
    /// Digits beyond the 32 kept.
    extra: usize,
}

impl Digits {
    pub(super) fn of(phone: &str) -> Digits {
        let mut out = Digits {
            digits: [0; 32],
            len: 0,
            extra: 0,
        };
        for c in phone.chars() {
            if let Some(d) = c.to_digit(10) {
                if out.len < out.digits.len() {
                    // to_digit(10) is below 10.
                    out.digits[out.len] = u8::try_from(d).unwrap_or(0);
                    out.len += 1;
                } else {
                    out.extra += 1;
                }
            } else if c.is_alphabetic() && out.len > 0 {
                break;
            }
        }
        out
    }

    pub(super) fn count(&self) -> usize {
        self.len + self.extra
    }

    pub(super) fn as_slice(&self) -> &[u8] {
        &self.digits[..self.len]
    }

    /// The longest run of consecutive digits, up or down ("1234567", "9876543", "7890123").
    pub(super) fn longest_run(digits: &[u8]) -> usize {
        let (mut best, mut up, mut down) = (usize::from(!digits.is_empty()), 1, 1);
        for pair in digits.windows(2) {
            up = if pair[1] == (pair[0] + 1) % 10 {
                up + 1
            } else {
                1
            };
            down = if pair[0] == (pair[1] + 1) % 10 {
                down + 1
            } else {
                1
            };
            best = best.max(up).max(down);
        }
        best
    }
}
