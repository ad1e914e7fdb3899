//! Header rows tall enough for their titles. A title wraps within its column; its row is given
//! the height of its longest title, so no title runs into the first row of data. LibreOffice
//! does not grow a row for wrapped text it opens, and Excel keeps a height it is given, so the
//! height is set for every header row the workbook writes, and for rows with wrapped text (a
//! definition, a finding's message, a junk lead's detail).

use std::collections::BTreeMap;

use anyhow::Result;
use rust_xlsxwriter::{Format, Worksheet};

use super::book::write_text;

/// The height of one line of 11-point Calibri (the workbook's font) in points: Excel's default
/// row height.
pub(super) const LINE_HEIGHT: f64 = 15.0;
/// The width of a column no one has set, in characters (Excel's default).
const DEFAULT_WIDTH: f64 = 8.43;

/// The lines `text` takes wrapped at spaces within a column `width` characters wide; a word
/// longer than a line is broken, as Excel and LibreOffice break it.
///
/// A column width counts digits of the default font. Bold titles in a wider font (LibreOffice
/// without Calibri shows DejaVu Sans) take up to about one more character per line, so a line
/// holds one character fewer than the width: a row may come out a line taller than it needs,
/// never shorter.
pub(super) fn wrapped_lines(text: &str, width: f64) -> usize {
    // Widths are small positive numbers of characters.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_line = (width - 1.0).floor().max(1.0) as usize;
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 0;
            // Characters on the last line so far; 0 before the first word.
            let mut used = 0;
            for word in paragraph.split_whitespace() {
                let len = word.chars().count();
                if used > 0 && used + 1 + len <= per_line {
                    used += 1 + len;
                } else {
                    let taken = len.div_ceil(per_line);
                    lines += taken;
                    used = len - (taken - 1) * per_line;
                }
            }
            lines.max(1)
        })
        .sum()
}

/// The height in points of a row with these (wrapped text, column width) cells: its longest
/// text, at least one line.
pub(super) fn wrapped_height<'t>(cells: impl IntoIterator<Item = (&'t str, f64)>) -> f64 {
    let lines = cells
        .into_iter()
        .map(|(text, width)| wrapped_lines(text, width))
        .max()
        .unwrap_or(1);
    // A header has a handful of lines.
    #[allow(clippy::cast_precision_loss)]
    let lines = lines as f64;
    lines * LINE_HEIGHT
}

/// The column widths and header rows of a sheet that is not a list (the Summary, Reps,
/// Sources, Offers over time, Definitions), where several tables share columns and a width
/// is settled only once every table is written: each header row's height is set at the end,
/// by [`Headers::fit`], from the widths its columns end with.
pub(super) struct Headers {
    widths: Vec<Option<f64>>,
    /// Each header row's titles by column.
    rows: BTreeMap<u32, Vec<(u16, String)>>,
}

impl Headers {
    pub(super) fn new() -> Self {
        Self {
            widths: Vec::new(),
            rows: BTreeMap::new(),
        }
    }

    /// Sets the width of `col` (a later width replaces an earlier one).
    pub(super) fn set_width(&mut self, sheet: &mut Worksheet, col: u16, width: f64) -> Result<()> {
        sheet.set_column_width(col, width)?;
        let col = usize::from(col);
        if self.widths.len() <= col {
            self.widths.resize(col + 1, None);
        }
        self.widths[col] = Some(width);
        Ok(())
    }

    /// Writes a header title (as [`write_text`]) and remembers it for its row's height.
    pub(super) fn write(
        &mut self,
        sheet: &mut Worksheet,
        row: u32,
        col: u16,
        title: &str,
        format: &Format,
    ) -> Result<()> {
        write_text(sheet, row, col, title, format)?;
        self.rows
            .entry(row)
            .or_default()
            .push((col, title.to_string()));
        Ok(())
    }

    fn width(&self, col: u16) -> f64 {
        self.widths
            .get(usize::from(col))
            .copied()
            .flatten()
            .unwrap_or(DEFAULT_WIDTH)
    }

    /// Gives every header row written the height of its longest title at the widths set.
    pub(super) fn fit(&self, sheet: &mut Worksheet) -> Result<()> {
        for (row, titles) in &self.rows {
            let height = wrapped_height(
                titles
                    .iter()
                    .map(|(col, title)| (title.as_str(), self.width(*col))),
            );
            sheet.set_row_height(*row, height)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_wraps_at_spaces_one_character_short_of_the_width() {
        // Width 11 holds 10 characters a line.
        assert_eq!(wrapped_lines("Overdue", 11.0), 1);
        assert_eq!(wrapped_lines("Overdue now", 11.0), 2); // 11 characters
        assert_eq!(wrapped_lines("Overdue now", 12.0), 1);
        // "Overdue" / "last" / "Friday": "Overdue last" is 12, "last Friday" 11.
        assert_eq!(wrapped_lines("Overdue last Friday", 11.0), 3);
        // Width 34 holds 33: "Median first touch (days)" is 25.
        assert_eq!(wrapped_lines("Median first touch (days)", 34.0), 1);
        // Width 12 holds 11: "Median" / "first touch" / "(days)".
        assert_eq!(wrapped_lines("Median first touch (days)", 12.0), 3);
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_and_explicit_breaks_count() {
        // Width 10 holds 9: "Registration" (12) takes 2 lines, after "Webinar" on its own.
        assert_eq!(wrapped_lines("Webinar Registration", 10.0), 3);
        // 2026-11-20 (10) in a column never set (8.43 holds 7).
        assert_eq!(wrapped_lines("2026-11-20", DEFAULT_WIDTH), 2);
        assert_eq!(wrapped_lines("Rep\nName", 20.0), 2);
        assert_eq!(wrapped_lines("", 20.0), 1);
    }

    #[test]
    fn a_row_is_as_tall_as_its_longest_wrapped_text() {
        assert_eq!(wrapped_height([("Rep", 14.0), ("Rank", 6.0)]), 15.0);
        // "Since" / "touch" / "(days)" at width 10 (9 a line): three lines of 15 points.
        assert_eq!(
            wrapped_height([("Rep", 14.0), ("Since touch (days)", 10.0)]),
            45.0
        );
        assert_eq!(wrapped_height([]), 15.0);
    }
}
