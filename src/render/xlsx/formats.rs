//! The cell formats of the workbook, made once: headers, dates, hours, percentages, and the
//! red and amber fills that must survive any spreadsheet program (real fills, not only
//! conditional formats).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use super::{MISSING_TOUCH_RED, STALE_AMBER};

/// The light red behind a non-zero Overdue count.
const OVERDUE_LIGHT_RED: u32 = 0xFF_C7_CE;
const OVERDUE_DARK_RED: u32 = 0x9C_00_06;
/// The light amber behind a non-zero Stale count.
const STALE_LIGHT_AMBER: u32 = 0xFF_EB_9C;
const STALE_DARK_AMBER: u32 = 0x9C_57_00;
const HEADER_GREY: u32 = 0xD9_E1_F2;

#[derive(Clone)]
pub(super) struct Formats {
    pub title: Format,
    pub header: Format,
    pub plain: Format,
    pub bold: Format,
    pub date: Format,
    pub datetime: Format,
    pub hours: Format,
    pub days: Format,
    pub percent: Format,
    pub count: Format,
    pub red: Format,
    pub amber_datetime: Format,
    pub overdue_state: Format,
    pub stale_state: Format,
    pub overdue: Format,
    pub stale: Format,
    pub total: Format,
    pub total_hours: Format,
    pub total_percent: Format,
    pub total_overdue: Format,
    pub wrap: Format,
    pub note: Format,
    /// A hot lead's row (overdue at the hot rank or better): vibrant red across the row.
    pub hot: Format,
    pub hot_datetime: Format,
    pub hot_hours: Format,
    /// A rank 1–7, centred so it does not run into the lead id beside it.
    pub rank: Format,
    pub hot_rank: Format,
    pub red_centred: Format,
}

/// A duration stored in days (a number Excel can sort and sum), shown as people read it:
/// under an hour in minutes ("40 min"), under 48 hours in hours ("36 h"), beyond that in days
/// with one decimal under a header that says "(days)". `[m]` and `[h]` count elapsed time.
pub(super) const DURATION: &str = "[<0.0416666666666667][m]\" min\";[<2][h]\" h\";0.0";

impl Formats {
    /// Every format, in a fixed order: the workbook registers them in this order before its
    /// sheets are written side by side, so the styles, and the file, are the same from run
    /// to run whichever sheet first uses a format.
    pub(super) fn all(&self) -> [&Format; 28] {
        // Taken apart whole, so a format added to the struct must be added here too.
        let Formats {
            title,
            header,
            plain,
            bold,
            date,
            datetime,
            hours,
            days,
            percent,
            count,
            red,
            amber_datetime,
            overdue_state,
            stale_state,
            overdue,
            stale,
            total,
            total_hours,
            total_percent,
            total_overdue,
            wrap,
            note,
            hot,
            hot_datetime,
            hot_hours,
            rank,
            hot_rank,
            red_centred,
        } = self;
        [
            title,
            header,
            plain,
            bold,
            date,
            datetime,
            hours,
            days,
            percent,
            count,
            red,
            amber_datetime,
            overdue_state,
            stale_state,
            overdue,
            stale,
            total,
            total_hours,
            total_percent,
            total_overdue,
            wrap,
            note,
            hot,
            hot_datetime,
            hot_hours,
            rank,
            hot_rank,
            red_centred,
        ]
    }

    pub(super) fn new() -> Self {
        let hours = Format::new().set_num_format(DURATION);
        let percent = Format::new().set_num_format("0.0%");
        let overdue = Format::new()
            .set_background_color(Color::RGB(OVERDUE_LIGHT_RED))
            .set_font_color(Color::RGB(OVERDUE_DARK_RED));
        let stale = Format::new()
            .set_background_color(Color::RGB(STALE_LIGHT_AMBER))
            .set_font_color(Color::RGB(STALE_DARK_AMBER));
        let hot = Format::new()
            .set_background_color(Color::RGB(MISSING_TOUCH_RED))
            .set_font_color(Color::White)
            .set_bold();
        Self {
            hot_datetime: hot.clone().set_num_format("yyyy-mm-dd hh:mm"),
            hot_hours: hot.clone().set_num_format(DURATION),
            hot_rank: hot.clone().set_align(FormatAlign::Center),
            rank: Format::new().set_align(FormatAlign::Center),
            red_centred: Format::new()
                .set_background_color(Color::RGB(MISSING_TOUCH_RED))
                .set_font_color(Color::White)
                .set_bold()
                .set_align(FormatAlign::Center),
            hot,
            title: Format::new().set_bold().set_font_size(16),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(HEADER_GREY))
                .set_border_bottom(FormatBorder::Thin),
            plain: Format::new(),
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            days: Format::new().set_num_format("0.0"),
            count: Format::new().set_num_format("#,##0"),
            red: Format::new()
                .set_background_color(Color::RGB(MISSING_TOUCH_RED))
                .set_font_color(Color::White)
                .set_bold(),
            amber_datetime: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_background_color(Color::RGB(STALE_AMBER))
                .set_bold(),
            overdue_state: Format::new()
                .set_font_color(Color::RGB(OVERDUE_DARK_RED))
                .set_bold(),
            stale_state: Format::new()
                .set_font_color(Color::RGB(STALE_DARK_AMBER))
                .set_bold(),
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            total_hours: hours.clone().set_bold().set_border_top(FormatBorder::Thin),
            total_percent: percent
                .clone()
                .set_bold()
                .set_border_top(FormatBorder::Thin),
            total_overdue: overdue
                .clone()
                .set_bold()
                .set_border_top(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x59_59_59)),
            hours,
            percent,
            overdue,
            stale,
        }
    }
}
