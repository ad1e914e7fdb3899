//! Charts as inline SVG drawn with plotters: rates over cohorts with their 95% interval as a
//! shaded band, and Kaplan–Meier curves. Each chart carries a `<title>` and a description, and
//! every series has its own marker shape, so color is never the only way to tell lines apart.
//! The numbers are the Report's; only their drawing happens here.
//!
//! The x axis of a rate chart labels as many cohorts as fit its length without two labels
//! touching: every k-th, counted back from the newest, the others marked by a tick only.

use anyhow::{Result, anyhow};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use crate::report::{Interval, KmStep};

const WIDTH: u32 = 720;
const HEIGHT: u32 = 340;
/// Margin around the plot; the right one leaves room for half the newest cohort's label.
const MARGIN: u32 = 14;
const RIGHT_MARGIN: u32 = 28;
/// Text size as plotters is given it; it writes `font-size` as this ÷ 1.24.
const FONT: u32 = 13;
/// The size the SVG's text is drawn at, in viewBox pixels.
const TEXT_PX: f64 = FONT as f64 / 1.24;
/// Space left free between two x-axis labels, in viewBox pixels.
const LABEL_GAP: f64 = 4.0;
/// Room left of the first cohort and right of the last, in cohorts.
const PAD: f64 = 0.3;

/// Okabe–Ito colors: distinguishable with the common color-vision deficiencies.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(120, 94, 0),
];

/// One drawn chart, ready to place in a page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Chart {
    /// Unique within a page; used to tie the SVG to its title.
    pub id: String,
    pub title: String,
    /// One sentence saying what the chart shows, for screen readers and the caption.
    pub description: String,
    /// The SVG markup. Made by plotters, which escapes every text it draws; the title and
    /// description are escaped here. The only value a template may print unescaped.
    pub svg: String,
}

/// One line of a rate chart: a value (0–1) and an optional interval per x position.
pub(super) struct RateSeries<'a> {
    pub name: &'a str,
    pub points: Vec<Option<(f64, Option<Interval>)>>,
}

/// One Kaplan–Meier curve.
pub(super) struct Curve<'a> {
    pub name: &'a str,
    pub steps: &'a [KmStep],
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Adds role, a `<title>` and a `<desc>` to plotters' SVG, and drops its fixed size so the
/// chart scales to the page (the viewBox keeps its proportions).
fn finish(id: &str, title: &str, description: &str, svg: &str) -> Chart {
    let body = svg.find('>').map_or(svg, |end| &svg[end + 1..]);
    let svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        escape(title),
        escape(description),
        body.trim_start()
    );
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        description: description.to_string(),
        svg,
    }
}

type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws one series: its line (labelled in the legend with line and marker) and a marker of
/// the series' own shape at each of `marks`.
fn draw_line<'a, 'b: 'a>(
    chart: &mut Plot<'a, 'b>,
    index: usize,
    name: &str,
    line: Vec<(f64, f64)>,
    marks: &[(f64, f64)],
) -> Result<(), Box<dyn std::error::Error>> {
    let color = PALETTE[index % PALETTE.len()];
    let style = color.filled();
    let stroke = color.stroke_width(2);
    let drawn = chart
        .draw_series(LineSeries::new(line, stroke))?
        .label(name.to_string());
    let path = move |x: i32, y: i32| {
        EmptyElement::at((x, y)) + PathElement::new(vec![(0, 0), (20, 0)], stroke)
    };
    match index % 5 {
        0 => {
            drawn.legend(move |(x, y)| path(x, y) + Circle::new((10, 0), 4, style));
            chart.draw_series(marks.iter().map(|at| Circle::new(*at, 4, style)))?;
        }
        1 => {
            drawn.legend(move |(x, y)| path(x, y) + TriangleMarker::new((10, 0), 5, style));
            chart.draw_series(marks.iter().map(|at| TriangleMarker::new(*at, 5, style)))?;
        }
        2 => {
            drawn.legend(move |(x, y)| path(x, y) + Cross::new((10, 0), 4, stroke));
            chart.draw_series(marks.iter().map(|at| Cross::new(*at, 4, stroke)))?;
        }
        _ => {
            drawn.legend(move |(x, y)| path(x, y) + Rectangle::new([(6, -4), (14, 4)], style));
            chart.draw_series(
                marks
                    .iter()
                    .map(|at| EmptyElement::at(*at) + Rectangle::new([(-4, -4), (4, 4)], style)),
            )?;
        }
    }
    Ok(())
}

/// How wide `text` is drawn at most, in viewBox pixels: the advance widths of DejaVu Sans,
/// the widest of the usual sans-serif fonts (Arial and Helvetica are narrower), 1 em for
/// anything but digits, `-` and `*` (a cohort label is "2026-11", "2026-W47" or "2026-Q4",
/// with a `*` when young).
fn label_width(text: &str) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            '0'..='9' => 0.636,
            '-' => 0.361,
            '*' => 0.5,
            _ => 1.0,
        })
        .sum();
    ems * TEXT_PX
}

/// Which of `labels`, one per cohort `spacing` pixels apart, the x axis shows: every k-th,
/// counted back from the last (the newest cohort is always labelled), k the smallest step
/// that leaves the widest label and a gap between two labelled cohorts.
fn labelled(labels: &[String], spacing: f64) -> Vec<usize> {
    let widest = labels.iter().map(|l| label_width(l)).fold(0.0, f64::max);
    let step = if labels.len() < 2 {
        1
    } else {
        ((widest + LABEL_GAP) / spacing).ceil().max(1.0) as usize
    };
    (0..labels.len())
        .filter(|index| (labels.len() - 1 - index).is_multiple_of(step))
        .collect()
}

/// A chart of rates (0–1) over cohorts, one line per series, with interval bands.
///
/// # Errors
/// When plotters fails to draw (it writes to a string, so only on a drawing bug).
pub(super) fn rate_chart(
    id: &str,
    title: &str,
    description: &str,
    cohorts: &[String],
    series: &[RateSeries<'_>],
) -> Result<Chart> {
    let mut svg = String::new();
    draw_rates(&mut svg, cohorts, series)
        .map_err(|err| anyhow!("drawing the chart {title}: {err}"))?;
    Ok(finish(id, title, description, &svg))
}

fn draw_rates(
    svg: &mut String,
    cohorts: &[String],
    series: &[RateSeries<'_>],
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let top = series
        .iter()
        .flat_map(|s| s.points.iter().flatten())
        .map(|(value, interval)| interval.as_ref().map_or(*value, |i| i.high.max(*value)))
        .fold(0.0_f64, f64::max);
    let top = ((top * 10.0).ceil() / 10.0).clamp(0.1, 1.0);
    let last = cohorts.len().max(1) as f64 - 1.0;
    let mut chart = ChartBuilder::on(&root)
        .margin(MARGIN)
        .margin_right(RIGHT_MARGIN)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .build_cartesian_2d(-PAD..last + PAD, 0.0_f64..top)?;
    chart
        .configure_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(225, 225, 225))
        .label_style(("sans-serif", FONT))
        .draw()?;
    let (x_pixels, _) = chart.plotting_area().get_pixel_range();
    let spacing = f64::from(x_pixels.end - x_pixels.start) / (last + 2.0 * PAD);
    let shown = labelled(cohorts, spacing);
    let label_style = ("sans-serif", FONT)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (index, cohort) in cohorts.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(index as f64, 0.0));
        let tick = if shown.contains(&index) { 5 } else { 3 };
        root.draw(&PathElement::new(vec![(x, y), (x, y + tick)], BLACK))?;
        if shown.contains(&index) {
            root.draw(&Text::new(cohort.clone(), (x, y + 11), label_style.clone()))?;
        }
    }
    for (index, line) in series.iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        let mut band_top = Vec::new();
        let mut band_bottom = Vec::new();
        for (x, point) in line.points.iter().enumerate() {
            if let Some((_, Some(interval))) = point {
                band_top.push((x as f64, interval.high));
                band_bottom.push((x as f64, interval.low));
            }
        }
        if band_top.len() > 1 {
            band_bottom.reverse();
            band_top.extend(band_bottom);
            chart.draw_series(std::iter::once(Polygon::new(band_top, color.mix(0.13))))?;
        }
        let points: Vec<(f64, f64)> = line
            .points
            .iter()
            .enumerate()
            .filter_map(|(x, p)| p.as_ref().map(|(v, _)| (x as f64, *v)))
            .collect();
        draw_line(&mut chart, index, line.name, points.clone(), &points)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}

/// Kaplan–Meier curves: the share of opportunities not yet won against days since creation.
///
/// # Errors
/// When plotters fails to draw.
pub(super) fn survival_chart(
    id: &str,
    title: &str,
    description: &str,
    curves: &[Curve<'_>],
) -> Result<Chart> {
    let mut svg = String::new();
    draw_survival(&mut svg, curves).map_err(|err| anyhow!("drawing the chart {title}: {err}"))?;
    Ok(finish(id, title, description, &svg))
}

/// The most markers a survival curve draws across the axis: at a million leads a curve
/// has thousands of event times, and a marker on each made a 7.8 MB chart.
const MAX_MARKS: f64 = 120.0;

/// Where a curve marks its events: at the first event time, then at the next event at least
/// 1/`MAX_MARKS` of the axis (`right` days) further on; marks closer than that overlap.
fn event_marks(steps: &[KmStep], right: f64) -> Vec<(f64, f64)> {
    let gap = right / MAX_MARKS;
    let mut marks: Vec<(f64, f64)> = Vec::new();
    for step in steps.iter().filter(|s| s.events > 0) {
        if marks.last().is_none_or(|last| step.time - last.0 >= gap) {
            marks.push((step.time, step.survival));
        }
    }
    marks
}

fn draw_survival(svg: &mut String, curves: &[Curve<'_>]) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let right = curves
        .iter()
        .flat_map(|c| c.steps.iter().map(|s| s.time))
        .fold(1.0_f64, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(0.0_f64..right, 0.0_f64..1.0)?;
    chart
        .configure_mesh()
        .x_desc("days since creation")
        .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(225, 225, 225))
        .label_style(("sans-serif", 13))
        .draw()?;
    for (index, curve) in curves.iter().enumerate() {
        let mut path = vec![(0.0, 1.0)];
        let mut level = 1.0;
        for step in curve.steps {
            path.push((step.time, level));
            path.push((step.time, step.survival));
            level = step.survival;
        }
        path.push((right, level));
        let marks = event_marks(curve.steps, right);
        draw_line(&mut chart, index, curve.name, path, &marks)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(time: f64, events: u64, survival: f64) -> KmStep {
        KmStep {
            time,
            at_risk: 100,
            events,
            censored: 0,
            survival,
        }
    }

    #[test]
    fn a_survival_curve_marks_events_no_closer_than_a_120th_of_the_axis() {
        // Axis of 120 days: marks at least 1 day apart. 0.5 is too close to 0.2; 1.0 is
        // 0.8 after 0.2, still too close; 1.2 is the next; 1.5 is censoring only.
        let steps = [
            step(0.2, 1, 0.99),
            step(0.5, 2, 0.97),
            step(1.0, 1, 0.96),
            step(1.2, 1, 0.95),
            step(1.5, 0, 0.95),
            step(3.0, 1, 0.90),
        ];
        assert_eq!(
            event_marks(&steps, 120.0),
            vec![(0.2, 0.99), (1.2, 0.95), (3.0, 0.90)]
        );
    }

    #[test]
    fn chart_svg_has_a_title_and_escapes_series_names() {
        let cohorts = vec!["2026-10".to_string(), "2026-11".to_string()];
        let series = [RateSeries {
            name: "<script>alert(1)</script>",
            points: vec![
                Some((
                    0.25,
                    Some(Interval {
                        low: 0.1,
                        high: 0.4,
                    }),
                )),
                Some((0.5, None)),
            ],
        }];
        let chart = rate_chart("c1", "Conversion <by> offer", "Lines.", &cohorts, &series).unwrap();
        assert!(
            chart
                .svg
                .starts_with("<svg class=\"chart\" viewBox=\"0 0 720 340\"")
        );
        assert!(
            chart
                .svg
                .contains("<title id=\"c1-title\">Conversion &lt;by&gt; offer</title>")
        );
        assert!(!chart.svg.contains("<script"));
        assert!(chart.svg.contains("&lt;script&gt;"));
        assert!(chart.svg.contains("2026-11"));
    }

    /// `n` monthly cohorts from 2022-01, every one mature.
    fn months(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{}-{:02}", 2022 + i / 12, i % 12 + 1))
            .collect()
    }

    /// The x-axis labels of a chart: the centred texts drawn below the plot, with their x.
    fn x_labels(svg: &str) -> Vec<(f64, String)> {
        svg.split("<text ")
            .skip(1)
            .filter(|t| t.contains("text-anchor=\"middle\""))
            .map(|t| {
                let x = t.split_once("x=\"").unwrap().1.split_once('"').unwrap().0;
                let text = t
                    .split_once('>')
                    .unwrap()
                    .1
                    .split_once("</text>")
                    .unwrap()
                    .0;
                (x.parse().unwrap(), text.trim().to_string())
            })
            .collect()
    }

    #[test]
    fn x_labels_are_thinned_to_what_the_axis_holds() {
        // The plot is 720 - 14 - 52 - 28 = 626 px wide and runs from cohort -0.3 to n - 0.7,
        // so cohorts are 626 / (n - 0.4) px apart. "2022-01" is 6 digits and a hyphen:
        // (6 × 0.636 + 0.361) em × 13 / 1.24 px = 43.79 px, 47.79 with the gap.
        //  6 cohorts: 111.79 px apart, every one labelled: 6;
        // 12 cohorts:  53.97 px apart, every one: 12;
        // 24 cohorts:  26.53 px apart, every 2nd (47.79 / 26.53 = 1.80): 12;
        // 60 cohorts:  10.50 px apart, every 5th (47.79 / 10.50 = 4.55): 12.
        for (n, step, first, count) in [
            (6, 1, "2022-01", 6),
            (12, 1, "2022-01", 12),
            (24, 2, "2022-02", 12),
            (60, 5, "2022-05", 12),
        ] {
            let cohorts = months(n);
            let series = [RateSeries {
                name: "Trial",
                points: vec![Some((0.2, None)); n],
            }];
            let chart = rate_chart("c", "Conversion", "Lines.", &cohorts, &series).unwrap();
            let drawn = x_labels(&chart.svg);
            let texts: Vec<&str> = drawn.iter().map(|(_, text)| text.as_str()).collect();
            let expected: Vec<&str> = cohorts
                .iter()
                .skip(step - 1)
                .step_by(step)
                .map(String::as_str)
                .collect();
            assert_eq!(texts, expected, "{n} cohorts");
            assert_eq!(
                (texts.len(), texts[0], *texts.last().unwrap()),
                (count, first, cohorts[n - 1].as_str()),
                "{n} cohorts"
            );
            // Neighbouring labels are further apart than a label is wide, with the gap; the
            // SVG rounds positions to whole pixels.
            let spacing = 626.0 / (n as f64 - 0.4) * step as f64;
            for pair in drawn.windows(2) {
                let apart = pair[1].0 - pair[0].0;
                assert!((apart - spacing).abs() <= 1.0, "{n} cohorts: {apart} px");
                assert!(apart >= 47.0, "{n} cohorts: {apart} px");
            }
            // The newest label ends inside the picture: its centre plus half its width.
            let (x, _) = drawn.last().unwrap();
            assert!(x + 43.79 / 2.0 <= 720.0, "{n} cohorts: last label at {x}");
        }
    }

    #[test]
    fn young_and_weekly_labels_take_more_room() {
        // "2026-W47*": (6 × 0.636 + 0.361 + 1 + 0.5) em = 5.677 em = 59.52 px, 63.52 with
        // the gap: 12 weekly cohorts, 53.97 px apart, get every 2nd label, the newest first.
        let weeks: Vec<String> = (36..48).map(|w| format!("2026-W{w}*")).collect();
        assert_eq!(labelled(&weeks, 626.0 / 11.6), [1, 3, 5, 7, 9, 11]);
        // Twelve months with the last two young ("2026-11*": 49.03 px + 4) still fit.
        let mut months = months(12);
        months[10].push('*');
        months[11].push('*');
        assert_eq!(labelled(&months, 626.0 / 11.6).len(), 12);
        // One cohort: its label, whatever the spacing.
        assert_eq!(labelled(&["2026-11".to_string()], f64::INFINITY), [0]);
    }
}
