//! Reps and Sources: one row per group, then the Total row in bold; only the columns the
//! export can fill. The same table, with data bars, sits on the Summary sheet.

use anyhow::{Context, Result};
use rust_xlsxwriter::{ConditionalFormat3ColorScale, ConditionalFormatDataBar, Worksheet};

use super::book::{Book, write_text};
use super::formats::Formats;
use super::headers::Headers;
use crate::render::columns::{GroupCell, GroupColumn, group_columns};
use crate::report::GroupRow;

/// A Reps or Sources sheet.
pub(super) fn write(
    book: &mut Book,
    name: &str,
    name_header: &str,
    groups: &[GroupRow],
) -> Result<()> {
    let report = book.report;
    let formats = book.formats.clone();
    let index = book.add_sheet(name, false, true)?;
    let sheet_name = book.name(index).to_string();
    let sheet = book.sheet(index)?;
    let table = Table {
        name_header,
        groups,
        totals: &report.totals,
        columns: group_columns(
            &report.coverage,
            report.settings.window_days,
            name == super::REPS,
        ),
    };
    let mut headers = Headers::new();
    let last = table
        .write(sheet, 0, &formats, &mut headers)
        .with_context(|| format!("writing sheet {sheet_name}"))?;
    headers.fit(sheet)?;
    if name == super::REPS && report.coverage.opportunities {
        write_text(
            sheet,
            last + 2,
            0,
            &crate::render::settings::deal_attribution_note(report),
            &formats.note,
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // The filter stops above the Total row, so sorting keeps Total at the bottom.
    sheet.autofilter(0, 0, (last - 1).max(1), table.last_col())?;
    Ok(())
}

/// A table of groups with its Total row.
pub(super) struct Table<'a> {
    pub name_header: &'a str,
    pub groups: &'a [GroupRow],
    pub totals: &'a GroupRow,
    pub columns: Vec<GroupColumn>,
}

impl Table<'_> {
    pub(super) fn last_col(&self) -> u16 {
        u16::try_from(self.columns.len()).unwrap_or(u16::MAX)
    }

    /// Writes the header at `first_row`, the groups, then Total; sets the column widths.
    /// Returns the Total row.
    pub(super) fn write(
        &self,
        sheet: &mut Worksheet,
        first_row: u32,
        formats: &Formats,
        headers: &mut Headers,
    ) -> Result<u32> {
        headers.write(sheet, first_row, 0, self.name_header, &formats.header)?;
        let longest = self
            .groups
            .iter()
            .map(|group| group.name.chars().count())
            .max()
            .unwrap_or(0);
        #[allow(clippy::cast_precision_loss)] // a name's length is small
        headers.set_width(sheet, 0, (longest.min(40) as f64 + 2.0).max(16.0))?;
        for (col, column) in (1u16..).zip(&self.columns) {
            let title = if column.is_duration() {
                format!("{} (days)", column.title())
            } else {
                column.title().to_string()
            };
            headers.write(sheet, first_row, col, &title, &formats.header)?;
            headers.set_width(sheet, col, column.width().max(11.0))?;
        }
        let mut row = first_row;
        for group in self.groups {
            row += 1;
            self.write_group(sheet, row, group, false, formats)
                .with_context(|| format!("row {}", row + 1))?;
        }
        row += 1;
        self.write_group(sheet, row, self.totals, true, formats)
            .with_context(|| format!("total row {}", row + 1))?;
        Ok(row)
    }

    /// Data bars on counts and a red–yellow–green scale on rates, over the group rows.
    pub(super) fn add_bars(&self, sheet: &mut Worksheet, first_row: u32) -> Result<()> {
        if self.groups.is_empty() {
            return Ok(());
        }
        let (top, bottom) = (first_row + 1, first_row + u32::try_from(self.groups.len())?);
        let bars = ConditionalFormatDataBar::new();
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum_color(0xF8_69_6B)
            .set_midpoint_color(0xFF_EB_84)
            .set_maximum_color(0x63_BE_7B);
        for (col, column) in (1u16..).zip(&self.columns) {
            match column.cell(self.totals) {
                GroupCell::Count(_) if *column != GroupColumn::Overdue => {
                    sheet.add_conditional_format(top, col, bottom, col, &bars)?;
                }
                GroupCell::Rate(_) => {
                    sheet.add_conditional_format(top, col, bottom, col, &scale)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn write_group(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        group: &GroupRow,
        is_total: bool,
        formats: &Formats,
    ) -> Result<()> {
        let (count, hours, percent, overdue) = if is_total {
            (
                &formats.total,
                &formats.total_hours,
                &formats.total_percent,
                &formats.total_overdue,
            )
        } else {
            (
                &formats.plain,
                &formats.hours,
                &formats.percent,
                &formats.overdue,
            )
        };
        let name = if is_total {
            "Total"
        } else {
            group.name.as_str()
        };
        write_text(sheet, row, 0, name, count)?;
        for (col, column) in (1u16..).zip(&self.columns) {
            match column.cell(group) {
                GroupCell::Count(value) => {
                    let format = if *column == GroupColumn::Overdue && value > 0 {
                        overdue
                    } else {
                        count
                    };
                    #[allow(clippy::cast_precision_loss)] // counts stay far below 2^53
                    sheet.write_number_with_format(row, col, value as f64, format)?;
                }
                GroupCell::Hours(Some(value)) => {
                    sheet.write_number_with_format(row, col, value / 24.0, hours)?;
                }
                GroupCell::Rate(Some(value)) => {
                    sheet.write_number_with_format(row, col, value, percent)?;
                }
                GroupCell::Hours(None) | GroupCell::Rate(None) => {
                    sheet.write_blank(row, col, count)?;
                }
            }
        }
        Ok(())
    }
}
