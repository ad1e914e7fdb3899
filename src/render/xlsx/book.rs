//! The workbook being built: adding sheets with print setup, and writing lists row by row
//! with safe text, column widths that fit, an autofilter, a print area, and continuation
//! sheets when a list outgrows a worksheet.

use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use chrono::NaiveDateTime;
use rust_xlsxwriter::{Format, Url, Workbook, Worksheet};

use super::cells::{excel_datetime, fit_cell, linkable_email, needs_quote_prefix, sheet_name};
use super::formats::Formats;
use super::headers::{LINE_HEIGHT, wrapped_height};
use crate::report::{Lead, Report};

/// Excel keeps at most this many hyperlinks on one worksheet; later emails are plain text.
const MAX_LINKS: u32 = 65_530;
/// The widest a column is made to fit its content.
const MAX_WIDTH: usize = 60;
/// The last row of a worksheet (0-based): a print area of whole columns ends there.
const LAST_ROW: u32 = 1_048_575;
/// Page margins in inches: Excel's "Narrow" (left, right, top, bottom, header, footer), which
/// leaves a landscape page 10.5 inches of width on Letter and 11.2 on A4.
const MARGINS: (f64, f64, f64, f64, f64, f64) = (0.25, 0.25, 0.75, 0.75, 0.3, 0.3);

/// One cell of a list row.
pub(super) enum Cell<'a> {
    Text(&'a str),
    Styled(&'a str, &'a Format),
    /// Long text, wrapped within its column so it does not spill across the page.
    Wrapped(&'a str),
    Number(f64, &'a Format),
    Count(u64),
    Time(&'a NaiveDateTime, &'a Format),
    /// An email address, as a `mailto:` link when it is a plain address.
    Email(&'a str),
    Blank,
    /// No value, but a fill (a row that stands out as a whole).
    Fill(&'a Format),
}

impl<'a> Cell<'a> {
    /// The cells of a lead's identity, in the order every lead list has them: Rep, Lead ID,
    /// Lead, Company, Email, Source, Offer. With `style` (a hot row) every cell carries it and
    /// the email is plain text.
    pub(super) fn lead(lead: &'a Lead, style: Option<&'a Format>) -> [Cell<'a>; 7] {
        let text = |value: &'a str| match style {
            Some(format) => Cell::Styled(value, format),
            None => Cell::Text(value),
        };
        [
            text(&lead.owner),
            text(&lead.lead_id),
            text(&lead.name),
            text(&lead.company),
            style.map_or(Cell::Email(&lead.email), |format| {
                Cell::Styled(&lead.email, format)
            }),
            text(&lead.source),
            text(&lead.offer),
        ]
    }
}

/// Some sheets of a workbook, in order, and the report they show. Several books can fill
/// sheets of one workbook side by side: the workbook, shared, makes their constant-memory
/// sheets (each with its temporary file and the workbook's table of formats), and
/// [`Book::into_sheets`] hands the sheets over to be added in order.
pub(super) struct Book<'r> {
    workbook: &'r Mutex<Workbook>,
    pub report: &'r Report,
    /// Shared, so a list can hold the formats while it writes to the workbook.
    pub formats: Arc<Formats>,
    max_rows: u32,
    sheets: Vec<Worksheet>,
    names: Vec<String>,
}

impl<'r> Book<'r> {
    pub(super) fn new(
        workbook: &'r Mutex<Workbook>,
        report: &'r Report,
        formats: Arc<Formats>,
        max_rows: u32,
    ) -> Self {
        Self {
            workbook,
            report,
            formats,
            max_rows,
            sheets: Vec::new(),
            names: Vec::new(),
        }
    }

    /// The sheets written, in order, named.
    pub(super) fn into_sheets(self) -> Vec<Worksheet> {
        self.sheets
    }

    /// Adds a sheet named after `wanted` (cleaned and made unique), with print setup: landscape,
    /// one page wide, narrow margins, the first row on every page when `repeat`, and a footer
    /// with the as-of date and page numbers. Returns its index.
    pub(super) fn add_sheet(
        &mut self,
        wanted: &str,
        constant_memory: bool,
        repeat: bool,
    ) -> Result<usize> {
        let name = sheet_name(wanted, &self.names);
        let as_of = self.report.as_of;
        let mut sheet = if constant_memory {
            self.workbook
                .lock()
                .map_err(|_| anyhow::anyhow!("another sheet failed while it was being made"))?
                .new_worksheet_with_constant_memory()
                .context("creating a temporary file for a large sheet")?
        } else {
            Worksheet::new()
        };
        sheet.set_name(&name)?;
        let (left, right, top, bottom, header, footer) = MARGINS;
        sheet
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_margins(left, right, top, bottom, header, footer)
            .set_footer(format!("&LFriday report as of {as_of}&C&A&RPage &P of &N"));
        if repeat {
            sheet.set_repeat_rows(0, 0)?;
        }
        self.sheets.push(sheet);
        self.names.push(name);
        Ok(self.names.len() - 1)
    }

    pub(super) fn sheet(&mut self, index: usize) -> Result<&mut Worksheet> {
        self.sheets
            .get_mut(index)
            .with_context(|| format!("no sheet {index} in the workbook"))
    }

    /// The index of the sheet named `name`.
    pub(super) fn index_of(&self, name: &str) -> usize {
        self.names.iter().position(|n| n == name).unwrap_or(0)
    }

    /// The name the sheet at `index` was given.
    pub(super) fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    /// Starts a list sheet named `name` with a header row of `columns` (title, least width),
    /// every column printed.
    pub(super) fn list<'b>(
        &'b mut self,
        name: &str,
        columns: &[(&str, f64)],
        constant_memory: bool,
    ) -> Result<List<'b, 'r>> {
        let columns = columns
            .iter()
            .map(|(title, least)| Column::fitted(title, *least))
            .collect();
        self.start_list(name, columns, None, constant_memory)
    }

    /// Starts a list sheet whose print area is its first columns, `printed` (title, least and
    /// most width, so the printed width is bounded whatever the content), followed by the
    /// `detail` columns (title, least width), which are shown on screen only.
    pub(super) fn printed_list<'b>(
        &'b mut self,
        name: &str,
        printed: &[(&str, f64, f64)],
        detail: &[(&str, f64)],
        constant_memory: bool,
    ) -> Result<List<'b, 'r>> {
        let columns = printed
            .iter()
            .map(|(title, least, most)| Column::bounded(title, *least, *most))
            .chain(
                detail
                    .iter()
                    .map(|(title, least)| Column::fitted(title, *least)),
            )
            .collect();
        let printed = u16::try_from(printed.len()).context("too many columns")?;
        self.start_list(name, columns, Some(printed), constant_memory)
    }

    fn start_list<'b>(
        &'b mut self,
        name: &str,
        columns: Vec<Column>,
        printed: Option<u16>,
        constant_memory: bool,
    ) -> Result<List<'b, 'r>> {
        let mut list = List {
            book: self,
            name: name.to_string(),
            columns,
            printed,
            constant_memory,
            index: 0,
            row: 0,
            links: 0,
            widths: Vec::new(),
        };
        list.start_sheet()?;
        Ok(list)
    }
}

/// A column of a list: its title and the least and most width it is given; in between, the
/// width its content needs.
#[derive(Clone)]
struct Column {
    title: String,
    least: f64,
    most: f64,
}

impl Column {
    /// A column at least `least` wide, wider as its content needs up to [`MAX_WIDTH`].
    fn fitted(title: &str, least: f64) -> Self {
        #[allow(clippy::cast_precision_loss)] // a small width
        let widest = MAX_WIDTH as f64 + 2.0;
        Self::bounded(title, least, widest)
    }

    /// A column from `least` to `most` wide (`least` when `most` is smaller).
    fn bounded(title: &str, least: f64, most: f64) -> Self {
        Self {
            title: title.to_string(),
            least,
            most: most.max(least),
        }
    }

    /// The width for content `content` characters wide: two more, within the bounds.
    fn fit(&self, content: usize) -> f64 {
        #[allow(clippy::cast_precision_loss)] // widths are small
        let wanted = content.min(MAX_WIDTH) as f64 + 2.0;
        wanted.clamp(self.least, self.most)
    }
}

/// Writes `text` to a cell: cut to fit, with a quote prefix when it looks like a formula.
pub(super) fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<()> {
    put_text(sheet, row, col, text, Some(format))
}

/// As [`write_text`] in the default format, which spares the workbook a format lookup per
/// cell.
fn write_plain_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<()> {
    put_text(sheet, row, col, text, None)
}

fn put_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: Option<&Format>,
) -> Result<()> {
    let text = fit_cell(text);
    if needs_quote_prefix(&text) {
        let quoted = format.cloned().unwrap_or_default().set_quote_prefix();
        sheet.write_string_with_format(row, col, text.as_ref(), &quoted)?;
    } else if let Some(format) = format {
        sheet.write_string_with_format(row, col, text.as_ref(), format)?;
    } else {
        sheet.write_string(row, col, text.as_ref())?;
    }
    Ok(())
}

/// A list being written: one header row, then data rows; past the sheet's limit the list
/// continues on "Name (2)" with the same header.
pub(super) struct List<'b, 'r> {
    book: &'b mut Book<'r>,
    name: String,
    columns: Vec<Column>,
    /// How many of the first columns are printed; `None`: all of them.
    printed: Option<u16>,
    constant_memory: bool,
    index: usize,
    /// The last row written on the current sheet (0 = the header).
    row: u32,
    links: u32,
    widths: Vec<usize>,
}

impl List<'_, '_> {
    /// The current sheet's name.
    pub(super) fn sheet_name(&self) -> &str {
        self.book.name(self.index)
    }

    /// The sheet row (0-based) written last, or being written when a write failed.
    pub(super) fn last_row(&self) -> u32 {
        self.row
    }

    fn start_sheet(&mut self) -> Result<()> {
        self.index = self
            .book
            .add_sheet(&self.name, self.constant_memory, true)?;
        self.row = 0;
        self.links = 0;
        self.widths = self.columns.iter().map(|_| 0).collect();
        let header = self.book.formats.header.clone();
        let columns = self.columns.clone();
        let printed = self.printed;
        let sheet = self.book.sheet(self.index)?;
        for (col, column) in (0u16..).zip(&columns) {
            sheet.set_column_width(col, column.least)?;
            write_text(sheet, 0, col, &column.title, &header)?;
        }
        // Widths only grow from the least, so the header fits at the widths the list ends with.
        let titles = columns.iter().map(|c| (c.title.as_str(), c.least));
        sheet.set_row_height(0, wrapped_height(titles))?;
        sheet.set_freeze_panes(1, 0)?;
        if let Some(printed) = printed {
            sheet.set_print_area(0, 0, LAST_ROW, printed - 1)?;
        }
        Ok(())
    }

    /// Sets the filter and the column widths of the current sheet.
    fn finish_sheet(&mut self) -> Result<()> {
        let last_col = u16::try_from(self.columns.len() - 1).context("too many columns")?;
        let (rows, widths, columns) = (self.row, self.widths.clone(), self.columns.clone());
        let sheet = self.book.sheet(self.index)?;
        sheet.autofilter(0, 0, rows.max(1), last_col)?;
        for (col, (column, content)) in (0u16..).zip(columns.iter().zip(widths)) {
            sheet.set_column_width(col, column.fit(content))?;
        }
        Ok(())
    }

    /// Ends the list: the filter and widths of its last sheet.
    pub(super) fn finish(mut self) -> Result<()> {
        self.finish_sheet()
    }

    /// Writes one line of text (e.g. "No overdue leads") as the next row.
    pub(super) fn note(&mut self, text: &str) -> Result<()> {
        let format = self.book.formats.note.clone();
        self.write_row(&[Cell::Styled(text, &format)]).map(|_| ())
    }

    /// Writes the next row; returns its sheet row number.
    ///
    /// # Errors
    ///
    /// Fails when a value cannot be stored (e.g. a date before 1900).
    pub(super) fn write_row(&mut self, cells: &[Cell]) -> Result<u32> {
        if self.row == self.book.max_rows {
            self.finish_sheet()?;
            self.start_sheet()?;
        }
        self.row += 1;
        let row = self.row;
        self.fit_height(row, cells)?;
        let formats = Arc::clone(&self.book.formats);
        for (col, cell) in (0u16..).zip(cells) {
            let width = self.write_cell(row, col, cell, &formats)?;
            let slot = &mut self.widths[usize::from(col)];
            *slot = (*slot).max(width);
        }
        Ok(row)
    }

    /// Makes `row` tall enough for its wrapped cells, at the least width their columns end with
    /// (a column is at least as wide as it is made for each of its cells).
    fn fit_height(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        let wrapped: Vec<(&str, f64)> = cells
            .iter()
            .zip(&self.columns)
            .filter_map(|(cell, column)| match cell {
                Cell::Wrapped(text) => Some((*text, column.fit(text.chars().count()))),
                _ => None,
            })
            .collect();
        let height = wrapped_height(wrapped);
        if height > LINE_HEIGHT {
            self.book.sheet(self.index)?.set_row_height(row, height)?;
        }
        Ok(())
    }

    /// Writes one cell; returns the width its content needs.
    fn write_cell(&mut self, row: u32, col: u16, cell: &Cell, formats: &Formats) -> Result<usize> {
        let count = &formats.count;
        let links = self.links;
        let sheet = self.book.sheet(self.index)?;
        let width = match cell {
            Cell::Text(text) => {
                write_plain_text(sheet, row, col, text)?;
                text.chars().count()
            }
            Cell::Styled(text, format) => {
                write_text(sheet, row, col, text, format)?;
                text.chars().count()
            }
            Cell::Wrapped(text) => {
                write_text(sheet, row, col, text, &formats.wrap)?;
                text.chars().count()
            }
            Cell::Number(value, format) => {
                sheet.write_number_with_format(row, col, *value, format)?;
                8
            }
            Cell::Count(value) => {
                #[allow(clippy::cast_precision_loss)] // counts stay far below 2^53
                sheet.write_number_with_format(row, col, *value as f64, count)?;
                value.to_string().len() + 1
            }
            Cell::Time(at, format) => {
                sheet.write_datetime_with_format(row, col, &excel_datetime(at)?, format)?;
                16
            }
            Cell::Email(email) => {
                if links < MAX_LINKS && linkable_email(email) {
                    let url = Url::new(format!("mailto:{email}")).set_text(*email);
                    sheet.write_url(row, col, url)?;
                    self.links += 1;
                } else {
                    write_plain_text(sheet, row, col, email)?;
                }
                email.chars().count()
            }
            Cell::Blank => 0,
            Cell::Fill(format) => {
                sheet.write_blank(row, col, format)?;
                0
            }
        };
        Ok(width)
    }
}
