//! The cost explorer's four charts, drawn with plotters on any `DrawingBackend` (the page's
//! canvas, an SVG string), each returning the pixel position of every plotted point so the
//! page can map the mouse back to the nearest one.
//!
//! The data comes from [`crate::explorer::series`]; nothing here computes a cost. Axes and the
//! frame are plotters' mesh; lines, markers, the current-layer ring and the legend are drawn in
//! backend pixels from the positions the chart's coordinates give, so hit-testing uses exactly
//! what was drawn.

use std::ops::Range;

use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::config::format::thousands;
use crate::engine::Method;
use crate::explorer::series::{si, CountChart, PointRef, SavingChart};

/// The size the page and the downloads use, in pixels.
pub const CHART_SIZE: (u32, u32) = (720, 440);
/// Caption text size.
const TITLE_PX: f64 = 16.0;
/// Tick-label, axis and legend text size.
const LABEL_PX: f64 = 13.0;
/// Radius of a plotted point's marker.
const MARKER_PX: i32 = 4;
/// Radius of the ring around the current layer's point.
pub const MARK_RING_PX: i32 = 9;
/// Width of series lines and of the ring.
const LINE_PX: u32 = 2;
/// Space around the plot.
const MARGIN_PX: u32 = 12;
/// Height of the x tick labels and axis title.
const X_LABEL_AREA_PX: u32 = 44;
/// Width of the y tick labels and axis title.
const Y_LABEL_AREA_PX: u32 = 72;
/// Length of a legend entry's line sample.
const SWATCH_PX: i32 = 26;
/// Height of one legend row.
const LEGEND_ROW_PX: i32 = 22;
/// Space between legend entries.
const LEGEND_GAP_PX: i32 = 18;
/// Least space per x tick label, so labels never run together on a narrow chart.
const X_LABEL_SPACING_PX: u32 = 46;
/// The most x tick labels a chart asks for.
const MAX_X_LABELS: usize = 14;
/// Number of tick labels along a linear y axis, and along a log one spanning many decades.
const Y_LABELS: usize = 8;
/// Ticks per decade on a log axis spanning less than [`FEW_DECADES`]: grid lines at every
/// 1…9 × 10ⁿ, labels at 1, 2 and 5 × 10ⁿ.
const TICKS_PER_DECADE: usize = 10;
/// Below this many decades a log axis has ticks between the powers of ten.
const FEW_DECADES: f64 = 3.0;

/// Colours of one theme: the page's surface, ink and grid, and one colour per method, the same
/// as `www/style.css` (Okabe–Ito hues, lightened for the dark theme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Chart background (`--surface`).
    pub background: RGBColor,
    /// Text, axes and the closed-form curve (`--ink`).
    pub ink: RGBColor,
    /// Secondary text (`--muted`).
    pub muted: RGBColor,
    /// Grid lines (`--line`).
    pub grid: RGBColor,
    /// `--standard`.
    pub standard: RGBColor,
    /// `--spatial-separable`.
    pub spatial_separable: RGBColor,
    /// `--depthwise-separable`.
    pub depthwise_separable: RGBColor,
    /// `--grouped`.
    pub grouped: RGBColor,
}

impl Theme {
    /// The light theme.
    pub const LIGHT: Theme = Theme {
        background: RGBColor(0xff, 0xff, 0xff),
        ink: RGBColor(0x1b, 0x1f, 0x24),
        muted: RGBColor(0x57, 0x60, 0x6a),
        grid: RGBColor(0xd0, 0xd7, 0xde),
        standard: RGBColor(0x00, 0x72, 0xb2),
        spatial_separable: RGBColor(0x00, 0x7a, 0x5a),
        depthwise_separable: RGBColor(0xb3, 0x47, 0x00),
        grouped: RGBColor(0xa8, 0x45, 0x7f),
    };
    /// The dark theme (`prefers-color-scheme: dark`).
    pub const DARK: Theme = Theme {
        background: RGBColor(0x16, 0x1b, 0x22),
        ink: RGBColor(0xe6, 0xed, 0xf3),
        muted: RGBColor(0x9d, 0xa7, 0xb3),
        grid: RGBColor(0x30, 0x36, 0x3d),
        standard: RGBColor(0x56, 0xb4, 0xe9),
        spatial_separable: RGBColor(0x3f, 0xcf, 0x9f),
        depthwise_separable: RGBColor(0xf0, 0xa3, 0x5e),
        grouped: RGBColor(0xe2, 0x9c, 0xc6),
    };

    /// The colour of `method`.
    pub fn method(&self, method: Method) -> RGBColor {
        match method {
            Method::Standard => self.standard,
            Method::SpatialSeparable => self.spatial_separable,
            Method::DepthwiseSeparable => self.depthwise_separable,
            Method::Grouped => self.grouped,
        }
    }
}

/// `#rrggbb` for a colour, as `www/style.css` writes it.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// One plotted point and where it was drawn, in backend pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlottedPoint {
    /// Which point of the chart's data.
    pub point: PointRef,
    /// Its centre, in backend pixels from the top-left corner.
    pub px: (i32, i32),
}

/// Where a chart put things, for hover and click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartGeometry {
    /// The backend's size in pixels.
    pub size: (u32, u32),
    /// The plot's rectangle: left, top, right, bottom pixels.
    pub plot: (i32, i32, i32, i32),
    /// Every plotted data point.
    pub points: Vec<PlottedPoint>,
    /// The centre of the current-layer ring, when drawn.
    pub marked: Option<(i32, i32)>,
}

impl ChartGeometry {
    /// The point drawn nearest to `at` (backend pixels), if one lies within `max_distance_px`.
    /// A page whose canvas is scaled by CSS converts the mouse position to backend pixels first.
    pub fn nearest(&self, at: (i32, i32), max_distance_px: i32) -> Option<PointRef> {
        let limit = i64::from(max_distance_px).pow(2);
        self.points
            .iter()
            .map(|p| {
                let dx = i64::from(p.px.0) - i64::from(at.0);
                let dy = i64::from(p.px.1) - i64::from(at.1);
                (dx * dx + dy * dy, p.point)
            })
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, r)| r)
    }
}

fn text<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn font(px: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, px, FontStyle::Normal)
}

fn text_style(colour: RGBColor, px: f64) -> TextStyle<'static> {
    TextStyle {
        font: font(px),
        color: colour.to_backend_color(),
        pos: Pos::default(),
    }
}

/// The marker shape of each method, so series differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    Triangle,
    Square,
    Cross,
}

fn marker_of(method: Method) -> Marker {
    match method {
        Method::Standard => Marker::Circle,
        Method::SpatialSeparable => Marker::Triangle,
        Method::DepthwiseSeparable => Marker::Square,
        Method::Grouped => Marker::Cross,
    }
}

fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    marker: Marker,
    colour: RGBColor,
    radius: i32,
) -> Result<(), String> {
    let filled = ShapeStyle::from(&colour).filled();
    let stroked = ShapeStyle::from(&colour).stroke_width(LINE_PX);
    let (x, y) = at;
    match marker {
        Marker::Circle => area.draw(&Circle::new(at, radius, filled)),
        Marker::Triangle => {
            // An upward triangle from fixed offsets (no trigonometry in the bundle).
            let r = radius + 1;
            let half_base = r * 7 / 8;
            area.draw(&Polygon::new(
                vec![
                    (x, y - r),
                    (x + half_base, y + r / 2),
                    (x - half_base, y + r / 2),
                ],
                filled,
            ))
        }
        Marker::Square => area.draw(&Rectangle::new(
            [(x - radius, y - radius), (x + radius, y + radius)],
            filled,
        )),
        Marker::Cross => area.draw(&Cross::new(at, radius, stroked)),
    }
    .map_err(text)
}

fn draw_ring<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    theme: &Theme,
) -> Result<(), String> {
    let ring = ShapeStyle::from(&theme.ink).stroke_width(LINE_PX);
    area.draw(&Circle::new(at, MARK_RING_PX, ring))
        .map_err(text)
}

/// One legend entry.
struct LegendItem {
    label: String,
    colour: RGBColor,
    line: bool,
    marker: Option<Marker>,
    ring: bool,
}

/// Positions of legend entries in rows that fit `width`, and the rows' total height.
fn layout_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> Result<(Vec<(i32, i32)>, i32), String> {
    let width = area.dim_in_pixel().0 as i32;
    let style = text_style(RGBColor(0, 0, 0), LABEL_PX);
    let left = Y_LABEL_AREA_PX as i32 + MARGIN_PX as i32;
    let (mut x, mut row) = (left, 0);
    let mut slots = Vec::with_capacity(items.len());
    for item in items {
        let (w, _) = area.estimate_text_size(&item.label, &style).map_err(text)?;
        let entry = SWATCH_PX + 6 + w as i32;
        if x > left && x + entry > width - MARGIN_PX as i32 {
            x = left;
            row += 1;
        }
        slots.push((x, row * LEGEND_ROW_PX + LEGEND_ROW_PX / 2));
        x += entry + LEGEND_GAP_PX;
    }
    let rows = if items.is_empty() { 0 } else { row + 1 };
    Ok((slots, rows * LEGEND_ROW_PX + MARGIN_PX as i32 / 2))
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    slots: &[(i32, i32)],
    theme: &Theme,
) -> Result<(), String> {
    let style = text_style(theme.ink, LABEL_PX).pos(Pos::new(HPos::Left, VPos::Center));
    for (item, &(x, y)) in items.iter().zip(slots) {
        let mid = (x + SWATCH_PX / 2, y);
        if item.line {
            let line = ShapeStyle::from(&item.colour).stroke_width(LINE_PX);
            area.draw(&PathElement::new(vec![(x, y), (x + SWATCH_PX, y)], line))
                .map_err(text)?;
        }
        if let Some(marker) = item.marker {
            draw_marker(area, mid, marker, item.colour, MARKER_PX)?;
        }
        if item.ring {
            draw_ring(area, mid, theme)?;
        }
        area.draw_text(&item.label, &style, (x + SWATCH_PX + 6, y))
            .map_err(text)?;
    }
    Ok(())
}

/// What the axes say.
struct Axes<'f> {
    x_desc: &'f str,
    y_desc: &'f str,
    x_format: &'f dyn Fn(&f64) -> String,
    y_format: &'f dyn Fn(&f64) -> String,
    x_labels: usize,
    y_labels: usize,
}

/// Where the frame put the plot, and the requested coordinates in backend pixels.
struct Frame {
    plot: (i32, i32, i32, i32),
    px: Vec<(i32, i32)>,
}

/// A linear or logarithmic axis chosen at run time, so the frame below is compiled once for
/// every chart (plotters' mesh is generic over both axes' types, and each pair costs bundle
/// size).
enum Axis {
    Linear(RangedCoordf64),
    Log(LogCoord<f64>),
}

impl Axis {
    fn linear(range: Range<f64>) -> Axis {
        Axis::Linear(range.into())
    }

    /// A logarithmic axis with ticks at powers of `base`.
    fn log(range: Range<f64>, base: f64) -> Axis {
        Axis::Log(range.log_scale().base(base).into())
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        match self {
            Axis::Linear(a) => a.map(value, limit),
            Axis::Log(a) => a.map(value, limit),
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        match self {
            Axis::Linear(a) => a.key_points(hint),
            Axis::Log(a) => a.key_points(hint),
        }
    }

    fn range(&self) -> Range<f64> {
        match self {
            Axis::Linear(a) => a.range(),
            Axis::Log(a) => a.range(),
        }
    }
}

/// Draws the axes, grid and labels over `x`×`y` and maps `coords` to backend pixels.
fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: Axis,
    y: Axis,
    axes: &Axes<'_>,
    theme: &Theme,
    coords: &[(f64, f64)],
) -> Result<Frame, String> {
    let mut chart = ChartBuilder::on(area)
        .margin(MARGIN_PX)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d(x, y)
        .map_err(text)?;
    chart
        .configure_mesh()
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .x_label_formatter(axes.x_format)
        .y_label_formatter(axes.y_format)
        .x_labels(axes.x_labels)
        .y_labels(axes.y_labels)
        .axis_style(theme.muted)
        .bold_line_style(theme.grid)
        .light_line_style(TRANSPARENT)
        .label_style(text_style(theme.ink, LABEL_PX))
        .axis_desc_style(text_style(theme.ink, LABEL_PX))
        .draw()
        .map_err(text)?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    Ok(Frame {
        plot: (xs.start, ys.start, xs.end, ys.end),
        px: coords.iter().map(|c| chart.backend_coord(c)).collect(),
    })
}

/// A tick on a count axis: whole numbers with separators, blank between whole numbers.
fn whole_tick(v: &f64) -> String {
    let r = v.round();
    if (v - r).abs() > 1e-6 * r.abs().max(1.0) || r < 1.0 {
        String::new()
    } else if r < 1e6 {
        thousands(r as u64)
    } else {
        si(r)
    }
}

fn si_tick(v: &f64) -> String {
    si(*v)
}

/// A tick on a log count axis: 1, 2 and 5 × 10ⁿ with SI suffixes; the other ticks keep their
/// grid line but no label, so labels never crowd.
fn log_tick(v: &f64) -> String {
    if *v <= 0.0 {
        return String::new();
    }
    let mantissa = v / 10f64.powf(v.log10().floor());
    let m = mantissa.round();
    let whole = (mantissa - m).abs() < 1e-6 || (mantissa - 10.0).abs() < 1e-6;
    if whole && matches!(m as u64, 1 | 2 | 5 | 10) {
        si(*v)
    } else {
        String::new()
    }
}

/// How many x tick labels fit a chart `width` pixels wide.
fn x_label_count(width: u32) -> usize {
    let plot = width.saturating_sub(Y_LABEL_AREA_PX + 2 * MARGIN_PX);
    ((plot / X_LABEL_SPACING_PX) as usize).clamp(2, MAX_X_LABELS)
}

/// `(lo, hi)` widened by a factor on a log axis so points sit inside the frame.
fn log_span((lo, hi): (u64, u64), factor: f64) -> std::ops::Range<f64> {
    let lo = (lo.max(1) as f64) / factor;
    let hi = (hi.max(1) as f64) * factor;
    lo..hi
}

/// Draws a count chart (MACs against output channels or kernel size, parameters against
/// groups; [`crate::explorer::series::ChartKind`]): one line per method with a marker per
/// point, the current layer ringed, a legend under the plot.
pub fn draw_count_chart<DB: DrawingBackend>(
    backend: DB,
    chart: &CountChart,
    theme: &Theme,
) -> Result<ChartGeometry, String> {
    let root = backend.into_drawing_area();
    let size = root.dim_in_pixel();
    root.fill(&theme.background).map_err(text)?;
    let body = root
        .titled(&chart.title, text_style(theme.ink, TITLE_PX))
        .map_err(text)?;

    let mut items: Vec<LegendItem> = chart
        .series
        .iter()
        .filter(|s| !s.points.is_empty())
        .map(|s| LegendItem {
            label: s.label.clone(),
            colour: theme.method(s.method),
            line: s.points.len() > 1,
            marker: Some(marker_of(s.method)),
            ring: false,
        })
        .collect();
    let current = chart.current_point();
    if let Some(p) = current {
        items.push(LegendItem {
            label: format!(
                "Current layer: {} = {}, {} {}",
                chart.x_symbol,
                thousands(p.x),
                thousands(p.y),
                chart.y_unit
            ),
            colour: theme.ink,
            line: false,
            marker: None,
            ring: true,
        });
    }
    let (slots, legend_h) = layout_legend(&body, &items)?;
    let body_h = body.dim_in_pixel().1 as i32;
    let (plot_area, legend_area) = body.split_vertically(body_h - legend_h);

    let mut refs = Vec::new();
    let mut coords = Vec::new();
    for (si_, s) in chart.series.iter().enumerate() {
        for (pi, p) in s.points.iter().enumerate() {
            refs.push(PointRef {
                series: si_,
                point: pi,
            });
            coords.push((p.x as f64, p.y as f64));
        }
    }
    if let Some(p) = current {
        coords.push((p.x as f64, p.y as f64));
    }
    let ((x0, x1), (y0, y1)) = chart.bounds().unwrap_or(((1, 1), (1, 1)));
    let axes = Axes {
        x_desc: chart.x_label,
        y_desc: chart.y_label,
        x_format: &whole_tick,
        y_format: &log_tick,
        x_labels: x_label_count(size.0),
        y_labels: Y_LABELS,
    };
    let y_span = log_span((y0, y1), 1.5);
    // plotters puts sub-decade ticks only above the first power of ten in range, so the range
    // starts at one.
    let y_span = 10f64.powf(y_span.start.log10().floor())..y_span.end;
    // plotters ticks only powers of ten unless asked for about ten ticks per decade.
    let decades = (y_span.end / y_span.start).log10();
    let y_labels = if decades < FEW_DECADES {
        TICKS_PER_DECADE * (decades.floor() as usize).max(1)
    } else {
        Y_LABELS
    };
    let axes = Axes { y_labels, ..axes };
    let y_range = Axis::log(y_span, 10.0);
    let x_range = if chart.x_log {
        Axis::log(log_span((x0, x1), 1.5), 2.0)
    } else {
        Axis::linear((x0 as f64 - 0.5)..(x1 as f64 + 0.5))
    };
    let framed = frame(&plot_area, x_range, y_range, &axes, theme, &coords)?;

    let mut points = Vec::with_capacity(refs.len());
    let mut next = framed.px.iter().copied();
    for (s, series) in chart.series.iter().enumerate() {
        let colour = theme.method(series.method);
        let px: Vec<(i32, i32)> = next.by_ref().take(series.points.len()).collect();
        if px.len() > 1 {
            let line = ShapeStyle::from(&colour).stroke_width(LINE_PX);
            root.draw(&PathElement::new(px.clone(), line))
                .map_err(text)?;
        }
        for (i, &at) in px.iter().enumerate() {
            draw_marker(&root, at, marker_of(series.method), colour, MARKER_PX)?;
            points.push(PlottedPoint {
                point: PointRef {
                    series: s,
                    point: i,
                },
                px: at,
            });
        }
    }
    let marked = if current.is_some() {
        let at = next.next();
        if let Some(at) = at {
            draw_ring(&root, at, theme)?;
        }
        at
    } else {
        None
    };
    draw_legend(&legend_area, &items, &slots, theme)?;
    root.present().map_err(text)?;
    Ok(ChartGeometry {
        size,
        plot: framed.plot,
        points,
        marked,
    })
}

/// Chart 3: the saving standard ÷ depthwise separable against output channels, measured points
/// on the closed-form curve, the current layer ringed
/// ([`crate::explorer::series::saving_ratio`]). Geometry points use series 0.
pub fn draw_saving_ratio<DB: DrawingBackend>(
    backend: DB,
    chart: &SavingChart,
    theme: &Theme,
) -> Result<ChartGeometry, String> {
    let root = backend.into_drawing_area();
    let size = root.dim_in_pixel();
    root.fill(&theme.background).map_err(text)?;
    let body = root
        .titled(&chart.title, text_style(theme.ink, TITLE_PX))
        .map_err(text)?;
    let colour = theme.method(Method::DepthwiseSeparable);
    let mut items = vec![
        LegendItem {
            label: "Measured: standard ÷ depthwise separable MACs".to_string(),
            colour,
            line: false,
            marker: Some(Marker::Square),
            ring: false,
        },
        LegendItem {
            label: chart.formula.clone(),
            colour: theme.ink,
            line: true,
            marker: None,
            ring: false,
        },
    ];
    let current = chart.current_point();
    if let Some(p) = current {
        items.push(LegendItem {
            label: format!(
                "Current layer: N = {}, {:.2}×",
                thousands(p.n),
                p.ratio.as_f64()
            ),
            colour: theme.ink,
            line: false,
            marker: None,
            ring: true,
        });
    }
    let (slots, legend_h) = layout_legend(&body, &items)?;
    let body_h = body.dim_in_pixel().1 as i32;
    let (plot_area, legend_area) = body.split_vertically(body_h - legend_h);

    let mut coords: Vec<(f64, f64)> = chart
        .points
        .iter()
        .map(|p| (p.n as f64, p.ratio.as_f64()))
        .collect();
    coords.extend(chart.curve.iter().copied());
    if let Some(p) = current {
        coords.push((p.n as f64, p.ratio.as_f64()));
    }
    let n_lo = chart.points.iter().map(|p| p.n).min().unwrap_or(1);
    let n_hi = chart.points.iter().map(|p| p.n).max().unwrap_or(1);
    let (x_lo, x_hi) = chart
        .curve
        .iter()
        .fold((n_lo as f64, n_hi as f64), |(lo, hi), &(n, _)| {
            (lo.min(n), hi.max(n))
        });
    let y_hi = coords
        .iter()
        .map(|&(_, r)| r)
        .filter(|r| r.is_finite())
        .fold(1.0f64, f64::max);
    let axes = Axes {
        x_desc: chart.x_label,
        y_desc: chart.y_label,
        x_format: &whole_tick,
        y_format: &si_tick,
        x_labels: x_label_count(size.0),
        y_labels: Y_LABELS,
    };
    let x_range = Axis::log((x_lo / 1.5)..(x_hi * 1.5), 2.0);
    let y_range = Axis::linear(0.0..y_hi * 1.1);
    let framed = frame(&plot_area, x_range, y_range, &axes, theme, &coords)?;

    let measured = chart.points.len();
    let curve_px: Vec<(i32, i32)> = framed.px[measured..measured + chart.curve.len()].to_vec();
    if curve_px.len() > 1 {
        let line = ShapeStyle::from(&theme.ink).stroke_width(LINE_PX);
        root.draw(&PathElement::new(curve_px, line)).map_err(text)?;
    }
    let mut points = Vec::with_capacity(measured);
    for (i, &at) in framed.px[..measured].iter().enumerate() {
        draw_marker(&root, at, Marker::Square, colour, MARKER_PX)?;
        points.push(PlottedPoint {
            point: PointRef {
                series: 0,
                point: i,
            },
            px: at,
        });
    }
    let marked = if current.is_some() {
        let at = framed.px.last().copied();
        if let Some(at) = at {
            draw_ring(&root, at, theme)?;
        }
        at
    } else {
        None
    };
    draw_legend(&legend_area, &items, &slots, theme)?;
    root.present().map_err(text)?;
    Ok(ChartGeometry {
        size,
        plot: framed.plot,
        points,
        marked,
    })
}

/// One of the four charts' data, so a caller can draw whichever it holds on any backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Chart<'a> {
    /// A count chart (MACs vs channels, MACs vs kernel, parameters vs groups).
    Count(&'a CountChart),
    /// The saving-ratio chart.
    Saving(&'a SavingChart),
}

impl Chart<'_> {
    /// Draws the chart on `backend` with its own drawing function.
    pub fn draw<DB: DrawingBackend>(
        self,
        backend: DB,
        theme: &Theme,
    ) -> Result<ChartGeometry, String> {
        match self {
            Chart::Count(chart) => draw_count_chart(backend, chart, theme),
            Chart::Saving(chart) => draw_saving_ratio(backend, chart, theme),
        }
    }
}

/// Renders one chart to an SVG document: pass a closure that draws on the backend it is given,
/// e.g. `|b| draw_saving_ratio(b, &data, &Theme::LIGHT)`. Used by the SVG download and by
/// native tests.
pub fn to_svg<F>(size: (u32, u32), draw: F) -> Result<(String, ChartGeometry), String>
where
    F: for<'a> FnOnce(SVGBackend<'a>) -> Result<ChartGeometry, String>,
{
    let mut svg = String::new();
    let geometry = draw(SVGBackend::with_string(&mut svg, size))?;
    Ok((svg, geometry))
}

/// What a point's ring looks like in an SVG from [`to_svg`]: the `<circle>` attributes that
/// start it, for tests and tools that look for the current layer's mark.
pub fn ring_svg_prefix(at: (i32, i32)) -> String {
    format!(
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
        at.0, at.1, MARK_RING_PX
    )
}
