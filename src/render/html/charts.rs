//! Charts as inline SVG drawn with plotters: rates over cohorts with their 95% interval as a
//! shaded band, and Kaplan–Meier curves. Each chart carries a `<title>` and a description, and
//! every series has its own marker shape, so color is never the only way to tell lines apart.
//! The numbers are the Report's; only their drawing happens here.

use anyhow::{Result, anyhow};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use serde::Serialize;

use crate::report::{Interval, KmStep};

const WIDTH: u32 = 720;
const HEIGHT: u32 = 340;

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
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .build_cartesian_2d(-0.3_f64..last + 0.3, 0.0_f64..top)?;
    let label = |x: &f64| {
        let index = x.round();
        if (x - index).abs() > 0.01 || index < 0.0 {
            return String::new();
        }
        cohorts.get(index as usize).cloned().unwrap_or_default()
    };
    chart
        .configure_mesh()
        .x_labels(cohorts.len().max(2))
        .y_labels(6)
        .x_label_formatter(&label)
        .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(225, 225, 225))
        .label_style(("sans-serif", 13))
        .draw()?;
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
        let marks: Vec<(f64, f64)> = curve
            .steps
            .iter()
            .filter(|s| s.events > 0)
            .map(|s| (s.time, s.survival))
            .collect();
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
}
