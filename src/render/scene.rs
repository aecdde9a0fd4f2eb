//! The stage's frame as data: from a timeline, its numbers, the position and what the pointer
//! touches, [`Scene::new`] decides everything one frame shows — where each plane, kernel and
//! title goes, which window and filter are lit, every colour and every text — as a list of
//! [`Shape`]s in CSS pixels. Painters only paint it: `canvas` onto the page, and any other
//! painter (SVG, GIF frames) the same shapes. Pure Rust: no web types, tested natively.

use super::colors::{category, value_colour, Rgb, Scheme};
use super::layout::{
    text_scale, CellHit, KernelColumn, KernelView, PlaneLayout, Rect, StageLayout, TensorView,
    View, MIN_CELL_FOR_NUMBERS,
};
use crate::config::format::{fixed, thousands, with_minus};
use crate::engine::conv::{output_taps, Tap};
use crate::engine::tensor::Tensor;
use crate::engine::{Method, Shape3};
use crate::timeline::steps::StagePlan;
use crate::timeline::{
    receptive_field, CellRef, FilterRef, LayerData, Phase, Step, TensorId, Timeline,
};

/// A dashed stroke's pattern: dash and gap lengths, in CSS pixels.
pub const STROKE_DASH: [f64; 2] = [6.0, 4.0];

/// Room around the drawing so plane frames are not cut at the canvas edge, in CSS pixels.
pub const SCENE_MARGIN: f64 = 4.0;
/// Planes narrower than this go without their "channel n" label (it would overlap the next).
const MIN_LABEL_WIDTH: f64 = 64.0;

/// A colour with an opacity (0 transparent, 255 opaque).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paint {
    /// The colour.
    pub rgb: Rgb,
    /// Its opacity.
    pub alpha: u8,
}

impl Paint {
    /// An opaque colour.
    pub const fn solid(rgb: Rgb) -> Paint {
        Paint { rgb, alpha: 255 }
    }
    /// The colour at opacity `alpha`.
    pub const fn with_alpha(rgb: Rgb, alpha: u8) -> Paint {
        Paint { rgb, alpha }
    }
    /// As CSS: `#rrggbb`, or `rgba(r,g,b,a)` when translucent.
    pub fn css(self) -> String {
        if self.alpha == 255 {
            self.rgb.css()
        } else {
            let Rgb(r, g, b) = self.rgb;
            format!(
                "rgba({r},{g},{b},{})",
                fixed(f64::from(self.alpha) / 255.0, 3)
            )
        }
    }
}

/// The colours of one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Behind everything.
    pub background: Rgb,
    /// Zero-padding cells.
    pub padding: Rgb,
    /// Cells not yet written.
    pub pending: Rgb,
    /// Cell grid lines.
    pub grid: Paint,
    /// Titles and values.
    pub ink: Rgb,
    /// Labels and shapes.
    pub muted: Rgb,
    /// The zeros printed in padding cells.
    pub padding_text: Rgb,
    /// The receptive field under the pointer.
    pub hover: Paint,
    /// The tint of the planes of the filter in focus.
    pub lit_tint: Paint,
    /// The cell being written and the tap being multiplied.
    pub write: Rgb,
    /// Finished cells of a layer too large to carry numbers.
    pub done_shade: Rgb,
}

impl Palette {
    /// The palette of `scheme`.
    pub const fn of(scheme: Scheme) -> Palette {
        match scheme {
            Scheme::Light => Palette {
                background: Rgb(0xff, 0xff, 0xff),
                padding: Rgb(0xe4, 0xe6, 0xeb),
                pending: Rgb(0xf3, 0xf4, 0xf6),
                grid: Paint::with_alpha(Rgb(0, 0, 0), 31),
                ink: Rgb(0x1b, 0x1f, 0x24),
                muted: Rgb(0x57, 0x60, 0x6a),
                padding_text: Rgb(0x57, 0x5e, 0x66),
                hover: Paint::with_alpha(Rgb(204, 121, 167), 115),
                lit_tint: Paint::with_alpha(Rgb(204, 121, 167), 36),
                write: Rgb(0x11, 0x11, 0x11),
                done_shade: Rgb(0xc9, 0xdc, 0xef),
            },
            Scheme::Dark => Palette {
                background: Rgb(0x16, 0x1b, 0x22),
                padding: Rgb(0x2a, 0x31, 0x3a),
                pending: Rgb(0x1f, 0x25, 0x2d),
                grid: Paint::with_alpha(Rgb(255, 255, 255), 36),
                ink: Rgb(0xe6, 0xed, 0xf3),
                muted: Rgb(0x9d, 0xa7, 0xb3),
                padding_text: Rgb(0xb1, 0xba, 0xc4),
                hover: Paint::with_alpha(Rgb(204, 121, 167), 115),
                lit_tint: Paint::with_alpha(Rgb(204, 121, 167), 46),
                write: Rgb(0xff, 0xff, 0xff),
                done_shade: Rgb(0x2d, 0x4a, 0x66),
            },
        }
    }
}

/// A font: size in CSS pixels, bold or not, monospace (numbers) or not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Size in CSS pixels.
    pub px: f64,
    /// Semi-bold.
    pub bold: bool,
    /// Monospace digits (values), or the UI face (titles, labels).
    pub mono: bool,
}

/// Where a text's `x` is: its left edge or its centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// `x` is the left edge.
    Left,
    /// `x` is the centre.
    Center,
}

/// Where a text's `y` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// `y` is the top.
    Top,
    /// `y` is the middle.
    Middle,
    /// `y` is the bottom.
    Bottom,
}

/// What a plane's finished cells show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlaneFill {
    /// The values of a tensor's channel on the diverging map reaching `scale`.
    Values {
        /// The tensor.
        tensor: TensorId,
        /// Its channel.
        channel: usize,
        /// The largest |value| of the tensor (the map's ends).
        scale: f32,
    },
    /// One colour (a layer too large to carry numbers).
    Flat(Rgb),
}

/// One thing drawn, in CSS pixels from the scene's top-left corner (inside [`SCENE_MARGIN`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle.
    Fill {
        /// Where.
        rect: Rect,
        /// Colour.
        paint: Paint,
    },
    /// A rectangle's outline, centred on its edge.
    Stroke {
        /// Where.
        rect: Rect,
        /// Colour.
        paint: Paint,
        /// Line width.
        width: f64,
        /// Dashed, as [`STROKE_DASH`] (a window that has not run yet).
        dashed: bool,
    },
    /// Grid lines over `rows × cols` equal cells of `rect`.
    Grid {
        /// Where.
        rect: Rect,
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
        /// Colour.
        paint: Paint,
    },
    /// The first `done` cells (row-major) of a `rows × cols` plane filling `rect`.
    Plane {
        /// The data area.
        rect: Rect,
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
        /// Cells finished.
        done: u64,
        /// What they show.
        fill: PlaneFill,
    },
    /// Straight segments `[x0, y0, x1, y1]`.
    Lines {
        /// The segments.
        segments: Vec<[f64; 4]>,
        /// Colour.
        paint: Paint,
        /// Line width.
        width: f64,
    },
    /// One line of text.
    Text {
        /// Anchor x.
        x: f64,
        /// Anchor y.
        y: f64,
        /// What it says.
        text: String,
        /// Face and size.
        font: Font,
        /// Colour.
        paint: Paint,
        /// Horizontal anchor.
        align: Align,
        /// Vertical anchor.
        baseline: Baseline,
        /// Narrowed to this width if longer.
        max_width: Option<f64>,
    },
}

/// The lines of a `rows × cols` grid over `rect` as `[x0, y0, x1, y1]`: the rows' edges across,
/// then the columns' edges down (what [`Shape::Grid`] draws, for every painter).
pub fn grid_segments(rect: Rect, rows: usize, cols: usize) -> impl Iterator<Item = [f64; 4]> {
    let (ch, cw) = (rect.h / rows.max(1) as f64, rect.w / cols.max(1) as f64);
    let across = (0..=rows).map(move |i| {
        let y = rect.y + i as f64 * ch;
        [rect.x, y, rect.x + rect.w, y]
    });
    let down = (0..=cols).map(move |j| {
        let x = rect.x + j as f64 * cw;
        [x, rect.y, x, rect.y + rect.h]
    });
    across.chain(down)
}

/// The kernels of the current phase, in figures and in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelFigures {
    /// Kernels (filters) of the phase.
    pub filters: usize,
    /// Weights in one of them.
    pub taps: usize,
    /// What they are, between the two figures: "filters, each 3×3×3".
    pub what: String,
}

impl KernelFigures {
    /// The whole sentence: "4 filters, each 3×3×3 = 27 weights".
    pub fn sentence(&self) -> String {
        format!(
            "{} {} = {}",
            thousands(self.filters as u64),
            self.what,
            plural(self.taps, "weight", "weights")
        )
    }
}

/// Everything a frame depends on.
#[derive(Debug, Clone, Copy)]
pub struct SceneInput<'a> {
    /// The steps.
    pub timeline: &'a Timeline,
    /// The numbers, when the layer is small enough to have them.
    pub data: Option<&'a LayerData>,
    /// Intermediate maps per input channel (the depth multiplier, or the separable passes).
    pub multiplier: usize,
    /// Steps completed (0: nothing yet; the first window is shown where it will sit).
    pub completed: u64,
    /// The cell under the pointer.
    pub hover: Option<CellHit>,
    /// The filter in focus (from the connection matrix or the pointer).
    pub focus: Option<FilterRef>,
    /// Flat or stacked.
    pub view: View,
    /// The canvas's width in CSS pixels, margin included.
    pub width: f64,
    /// The most the planes may take vertically.
    pub max_height: f64,
    /// Light or dark.
    pub scheme: Scheme,
}

/// One frame of the stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Where planes and kernels are (for hit-testing: subtract [`SCENE_MARGIN`] first).
    pub layout: StageLayout,
    /// The canvas size in CSS pixels, margin included.
    pub width: f64,
    /// Height, margin included.
    pub height: f64,
    /// Light or dark.
    pub scheme: Scheme,
    /// What to draw, back to front.
    pub shapes: Vec<Shape>,
    /// The kernels of the current phase.
    pub kernels: KernelFigures,
}

/// The step whose window the frame shows, and whether it has not run yet (step 0).
fn shown_step(timeline: &Timeline, completed: u64) -> Option<(Step, bool)> {
    match completed.checked_sub(1) {
        Some(i) => timeline.step(i).map(|s| (s, false)),
        None => timeline.step(0).map(|s| (s, true)),
    }
}

/// The stage that reads `tensor`.
fn reader(timeline: &Timeline, tensor: TensorId) -> Option<(usize, &StagePlan)> {
    timeline
        .stages()
        .iter()
        .enumerate()
        .find(|(_, p)| p.reads == tensor)
}

/// A tensor's name as a column title.
pub fn tensor_title(method: Method, id: TensorId) -> String {
    let mut title = tensor_noun(method, id).to_string();
    title[..1].make_ascii_uppercase();
    title
}

/// A tensor's name inside a sentence.
pub fn tensor_noun(method: Method, id: TensorId) -> &'static str {
    match (method, id) {
        (_, TensorId::Input) => "input",
        (Method::SpatialSeparable, TensorId::Intermediate) => "column-pass map",
        (_, TensorId::Intermediate) => "depthwise output",
        (_, TensorId::Output) => "output",
    }
}

/// Colours of plane frames: by group (grouped), by channel (depthwise and spatial separable).
pub fn frame_colour(
    method: Method,
    groups: usize,
    multiplier: usize,
    plan_out: usize,
    in_channels: usize,
    t: TensorId,
    c: usize,
) -> Option<Rgb> {
    match method {
        Method::Standard => None,
        Method::Grouped if groups > 1 => {
            let per = match t {
                TensorId::Output => plan_out / groups,
                _ => in_channels / groups,
            };
            Some(category(c / per.max(1)))
        }
        Method::Grouped => None,
        Method::DepthwiseSeparable => match t {
            TensorId::Input => Some(category(c)),
            TensorId::Intermediate => Some(category(c / multiplier.max(1))),
            TensorId::Output => None,
        },
        // With k passes the column-pass map c·k + t belongs to channel c.
        Method::SpatialSeparable => match t {
            TensorId::Intermediate => Some(category(c / multiplier.max(1))),
            _ => Some(category(c)),
        },
    }
}

/// The colour of the kernel that reads channel `c` in phase `phase`.
fn kernel_colour(method: Method, phase: Phase, multiplier: usize, c: usize, ink: Rgb) -> Rgb {
    match (method, phase) {
        (Method::Grouped, Phase::Group(g)) => category(g),
        (Method::DepthwiseSeparable, Phase::Depthwise)
        | (Method::SpatialSeparable, Phase::Column) => category(c),
        // The row pass reads column-pass maps: map c·k + t belongs to channel c.
        (Method::SpatialSeparable, _) => category(c / multiplier.max(1)),
        (Method::DepthwiseSeparable, Phase::Pointwise) => ink,
        _ => category(0),
    }
}

/// A value as printed in a cell and in the math line: integers plainly, reals to two
/// decimals, negatives with the minus sign (−).
pub fn cell_text(v: f32) -> String {
    with_minus(if v.fract() == 0.0 && v.abs() < 1e6 {
        format!("{}", v as i64)
    } else {
        fixed(f64::from(v), 2)
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

/// The kernels of stage `stage` in figures and words.
pub fn kernel_figures(timeline: &Timeline, stage: usize, multiplier: usize) -> KernelFigures {
    let Some(plan) = timeline.stages().get(stage) else {
        return KernelFigures {
            filters: 0,
            taps: 0,
            what: String::new(),
        };
    };
    let spec = &plan.spec;
    let k = spec.params().kernel;
    let (o, cg, groups) = (
        spec.output_shape().c,
        spec.channels_per_group(),
        spec.params().groups,
    );
    let m = multiplier.max(1);
    let noun = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    // " (2 per channel)" where a channel has more than one.
    let per_channel = |n: usize| {
        if n > 1 {
            format!(" ({n} per channel)")
        } else {
            String::new()
        }
    };
    let (filters, taps, what) = match (timeline.method(), stage) {
        (Method::SpatialSeparable, 0) => (
            o,
            k.h,
            format!(
                "{}{}, each {}×1",
                noun(o, "column kernel", "column kernels"),
                per_channel(m),
                k.h
            ),
        ),
        (Method::SpatialSeparable, _) => (
            o * cg,
            k.w,
            format!(
                "{}{}, each 1×{}",
                noun(o * cg, "row kernel", "row kernels"),
                per_channel(cg),
                k.w
            ),
        ),
        (Method::DepthwiseSeparable, 0) => (
            o,
            k.h * k.w,
            format!(
                "{}, {m} per channel, each {}×{}×1",
                noun(o, "kernel", "kernels"),
                k.h,
                k.w
            ),
        ),
        (Method::DepthwiseSeparable, _) => (
            o,
            cg * k.h * k.w,
            format!(
                "{}, each {}×{}×{cg}",
                noun(o, "pointwise kernel", "pointwise kernels"),
                k.h,
                k.w
            ),
        ),
        _ => (
            o,
            cg * k.h * k.w,
            format!(
                "{}{}, each {}×{}×{cg}",
                noun(o, "filter", "filters"),
                if groups > 1 {
                    format!(" in {groups} groups")
                } else {
                    String::new()
                },
                k.h,
                k.w
            ),
        ),
    };
    KernelFigures {
        filters,
        taps,
        what,
    }
}

/// The taps of `step`'s element that fall on the planes `first..first + count`, in summation
/// order.
fn visible_taps(timeline: &Timeline, step: &Step, first: usize, count: usize) -> Vec<Tap> {
    let Some(plan) = timeline.stages().get(step.stage) else {
        return Vec::new();
    };
    let (o, y, x) = step.element;
    let Ok(taps) = output_taps(&plan.spec, o, y, x) else {
        return Vec::new();
    };
    taps.filter(|t| t.input_channel >= first && t.input_channel < first + count)
        .collect()
}

fn max_abs(values: &[f32]) -> f32 {
    values.iter().fold(
        0.0f32,
        |m, v| if v.is_finite() { m.max(v.abs()) } else { m },
    )
}

/// The bounding box of the taps a plane shows of the current window.
fn window_box(layout: &StageLayout, plane: &PlaneLayout, taps: &[Tap]) -> Option<Rect> {
    let mut bounds: Option<(f64, f64, f64, f64)> = None;
    for tap in taps.iter().filter(|t| t.input_channel == plane.channel) {
        let r = layout.screen_from_grid(plane, tap.y, tap.x);
        bounds = Some(match bounds {
            None => (r.x, r.y, r.x + r.w, r.y + r.h),
            Some((x0, y0, x1, y1)) => (
                x0.min(r.x),
                y0.min(r.y),
                x1.max(r.x + r.w),
                y1.max(r.y + r.h),
            ),
        });
    }
    bounds.map(|(x0, y0, x1, y1)| Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    })
}

/// The frame's window: the tensor it reads, its visible taps, how many are done, its colour
/// and the weights' values (by weight index) when the layer has numbers.
struct Window<'a> {
    reads: TensorId,
    taps: Vec<Tap>,
    done: usize,
    preview: bool,
    colour: Rgb,
    weights: Option<&'a [f32]>,
}

/// Collects shapes; sizes follow the layout's text scale.
struct Builder {
    shapes: Vec<Shape>,
    palette: Palette,
    scheme: Scheme,
    scale: f64,
}

impl Builder {
    fn fill(&mut self, rect: Rect, paint: Paint) {
        self.shapes.push(Shape::Fill { rect, paint });
    }
    fn stroke(&mut self, rect: Rect, paint: Paint, width: f64, dashed: bool) {
        self.shapes.push(Shape::Stroke {
            rect,
            paint,
            width,
            dashed,
        });
    }
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f64,
        y: f64,
        text: String,
        font: Font,
        paint: Rgb,
        align: Align,
        baseline: Baseline,
        max_width: Option<f64>,
    ) {
        self.shapes.push(Shape::Text {
            x,
            y,
            text,
            font,
            paint: Paint::solid(paint),
            align,
            baseline,
            max_width,
        });
    }
    fn ui(&self, px: f64, bold: bool) -> Font {
        Font {
            px: px * self.scale,
            bold,
            mono: false,
        }
    }
    /// A two-line column title: the name, then the shape.
    fn title(&mut self, at: (f64, f64), lines: [&str; 2], max_width: f64) {
        let (first, second) = (self.ui(15.0, true), self.ui(14.0, false));
        let (ink, muted) = (self.palette.ink, self.palette.muted);
        self.text(
            at.0,
            at.1 + 2.0,
            lines[0].to_string(),
            first,
            ink,
            Align::Left,
            Baseline::Top,
            Some(max_width),
        );
        self.text(
            at.0,
            at.1 + 2.0 + first.px + 3.0,
            lines[1].to_string(),
            second,
            muted,
            Align::Left,
            Baseline::Top,
            Some(max_width),
        );
    }
    /// A value centred in `r`, in ink that reads on `bg`.
    fn value(&mut self, r: Rect, v: f32, bg: Rgb, px: f64, dy: f64) {
        let ink = readable_on(bg, self.palette);
        self.text(
            r.x + r.w / 2.0,
            r.y + r.h / 2.0 + dy,
            cell_text(v),
            Font {
                px,
                bold: false,
                mono: true,
            },
            ink,
            Align::Center,
            Baseline::Middle,
            Some(r.w * 0.92),
        );
    }
}

/// The scheme's ink or background, whichever reads on `bg`: the darker of the two on a light
/// cell, the lighter on a dark one.
fn readable_on(bg: Rgb, palette: Palette) -> Rgb {
    let (ink, back) = (palette.ink, palette.background);
    let (dark, light) = if ink.is_light() {
        (back, ink)
    } else {
        (ink, back)
    };
    if bg.is_light() {
        dark
    } else {
        light
    }
}

/// The size of values printed in cells of `cell` pixels.
fn value_px(cell: f64, scale: f64) -> f64 {
    // max and min, not clamp: clamp's check of its bounds would pull float formatting into the
    // page (its panic message).
    (cell * 0.48).max(9.0).min(18.0 * scale).round()
}

impl Scene {
    /// The frame for `input`.
    pub fn new(input: &SceneInput) -> Scene {
        let timeline = input.timeline;
        let method = timeline.method();
        let stages = timeline.stages();
        let shown = shown_step(timeline, input.completed);
        let current = shown.map(|(s, _)| s);
        let preview = shown.is_some_and(|(_, p)| p);
        let lit = input
            .focus
            .map(|f| timeline.filter_planes(f))
            .unwrap_or_default();
        // The channel the current step reads first, for keeping it in view.
        let focus_read = current.and_then(|s| {
            let plan = stages.get(s.stage)?;
            let (o, y, x) = s.element;
            let taps = output_taps(&plan.spec, o, y, x).ok()?;
            taps.get(s.tap.unwrap_or(0))
                .map(|t| (plan.reads, t.input_channel))
        });
        let focus = |id: TensorId| -> usize {
            if let Some(&(_, c)) = lit.iter().find(|(t, _)| *t == id) {
                return c;
            }
            match (current, focus_read) {
                (Some(s), _) if s.writes == id => s.element.0,
                (_, Some((t, c))) if t == id => c,
                _ => 0,
            }
        };
        // Titles get room for their widest text (the largest numbers they can show), so the
        // layout does not move while the numbers change.
        let kernel_of = |id: TensorId| {
            reader(timeline, id).map(|(stage, plan)| {
                let p = plan.spec.params();
                let out = plan.spec.output_shape().c;
                let per_group = out / p.groups.max(1);
                let name = kernel_name(method, stage, out.saturating_sub(1), out);
                let line = kernel_figures_for(method, stage, plan);
                KernelView {
                    kh: p.kernel.h,
                    kw: p.kernel.w,
                    cards: per_group.saturating_sub(1),
                    title_chars: (name.chars().count(), line.chars().count()),
                }
            })
        };
        let title_chars = |id: TensorId, shape: Shape3| {
            let shown = crate::render::layout::planes_shown(shape);
            let widest = tensor_subtitle(shape, shape.c.saturating_sub(shown), shown);
            (
                tensor_title(method, id).chars().count(),
                widest.chars().count(),
            )
        };
        let mut tensors = Vec::with_capacity(3);
        if let (Some(first), Some(last)) = (stages.first(), stages.last()) {
            tensors.push(TensorView {
                id: TensorId::Input,
                shape: first.spec.input_shape(),
                padding: first.spec.params().padding,
                focus_channel: focus(TensorId::Input),
                kernel: kernel_of(TensorId::Input),
                title_chars: title_chars(TensorId::Input, first.spec.input_shape()),
            });
            if stages.len() == 2 {
                tensors.push(TensorView {
                    id: TensorId::Intermediate,
                    shape: first.spec.output_shape(),
                    padding: last.spec.params().padding,
                    focus_channel: focus(TensorId::Intermediate),
                    kernel: kernel_of(TensorId::Intermediate),
                    title_chars: title_chars(TensorId::Intermediate, first.spec.output_shape()),
                });
            }
            tensors.push(TensorView {
                id: TensorId::Output,
                shape: last.spec.output_shape(),
                padding: Default::default(),
                focus_channel: focus(TensorId::Output),
                kernel: None,
                title_chars: title_chars(TensorId::Output, last.spec.output_shape()),
            });
        }
        let width = (input.width - 2.0 * SCENE_MARGIN).max(1.0);
        let layout = StageLayout::new(
            &tensors,
            input.view,
            width,
            input.max_height,
            text_scale(width),
        );
        let palette = Palette::of(input.scheme);
        let mut b = Builder {
            shapes: Vec::new(),
            palette,
            scheme: input.scheme,
            scale: layout.scale,
        };
        b.fill(
            Rect {
                x: -SCENE_MARGIN,
                y: -SCENE_MARGIN,
                w: layout.width + 2.0 * SCENE_MARGIN,
                h: layout.height + 2.0 * SCENE_MARGIN,
            },
            Paint::solid(palette.background),
        );

        let window = current.and_then(|s| {
            let plan = stages.get(s.stage)?;
            let column = layout.columns.iter().find(|c| c.tensor == plan.reads)?;
            let taps = visible_taps(timeline, &s, column.first_channel, column.planes.len());
            let first_channel = focus_read.map_or(0, |(_, c)| c);
            Some(Window {
                reads: plan.reads,
                done: if preview {
                    0
                } else {
                    s.tap.map_or(usize::MAX, |t| t + 1)
                },
                preview,
                colour: kernel_colour(
                    method,
                    s.phase,
                    input.multiplier,
                    first_channel,
                    palette.ink,
                ),
                weights: input
                    .data
                    .and_then(|d| d.stages.get(s.stage))
                    .map(|d| d.weights.data()),
                taps,
            })
        });
        let hover_field: Vec<CellRef> = match input.hover {
            Some(h) if h.tensor != TensorId::Input && h.row >= 0 && h.col >= 0 => receptive_field(
                timeline,
                h.tensor,
                h.channel,
                h.row as usize,
                h.col as usize,
            ),
            _ => Vec::new(),
        };
        let done_of = |t: TensorId| -> Option<u64> {
            let stage = stages.iter().position(|p| p.writes == t)?;
            Some(timeline.elements_done(stage, input.completed))
        };
        let writing = if preview { None } else { current };
        let (groups, in_channels) = stages
            .first()
            .map_or((1, 1), |p| (p.spec.params().groups, p.spec.input_shape().c));
        let out_channels = stages.last().map_or(1, |p| p.spec.output_shape().c);

        for column in &layout.columns {
            let shape = column.shape;
            let subtitle = tensor_subtitle(shape, column.first_channel, column.planes.len());
            let name = tensor_title(method, column.tensor);
            let right = column
                .planes
                .iter()
                .map(|p| p.rect.x + p.rect.w)
                .chain(
                    column
                        .kernel
                        .iter()
                        .flat_map(|k| k.slots.iter().map(|r| r.x + r.w)),
                )
                .fold(column.title_at.0, f64::max);
            // The layout gives each title its room: the tensor's ends where the kernels' begins.
            let kernel_title_x = column.kernel.as_ref().map(|k| k.title_at.0);
            let title_w = match kernel_title_x {
                Some(x) => x - column.title_at.0 - 10.0,
                None => (right - column.title_at.0).max(130.0 * layout.scale),
            };
            b.title(column.title_at, [&name, &subtitle], title_w);
            let tensor = input.data.and_then(|d| d.tensor(column.tensor));
            let scale = tensor.map_or(1.0, |t| max_abs(t.data()));
            let front = column.planes.last().map_or(0, |p| p.channel);
            for plane in &column.planes {
                let in_front = layout.view == View::Flat || plane.channel == front;
                let frame = frame_colour(
                    method,
                    groups,
                    input.multiplier,
                    out_channels,
                    in_channels,
                    plane.tensor,
                    plane.channel,
                );
                draw_plane(
                    &mut b,
                    &layout,
                    plane,
                    PlaneInput {
                        tensor,
                        scale,
                        done: done_of(plane.tensor),
                        in_front,
                        frame,
                        lit: lit.contains(&(plane.tensor, plane.channel)),
                        hover: &hover_field,
                        window: window.as_ref().filter(|w| w.reads == plane.tensor),
                        writing: writing
                            .filter(|s| s.writes == plane.tensor && s.element.0 == plane.channel)
                            .map(|s| (s.element.1, s.element.2)),
                    },
                );
            }
            if layout.view == View::Stacked {
                if let Some(w) = window.as_ref().filter(|w| w.reads == column.tensor) {
                    let boxes: Vec<Rect> = column
                        .planes
                        .iter()
                        .filter_map(|p| window_box(&layout, p, &w.taps))
                        .collect();
                    if let (Some(back), Some(front)) = (boxes.first(), boxes.last()) {
                        let segments = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                            .map(|(dx, dy)| {
                                [
                                    back.x + dx * back.w,
                                    back.y + dy * back.h,
                                    front.x + dx * front.w,
                                    front.y + dy * front.h,
                                ]
                            })
                            .to_vec();
                        b.shapes.push(Shape::Lines {
                            segments,
                            paint: Paint::solid(w.colour),
                            width: 1.5,
                        });
                    }
                }
            }
            if let (Some(kernels), Some((stage, plan)), Some(title_x)) = (
                &column.kernel,
                reader(timeline, column.tensor),
                kernel_title_x,
            ) {
                draw_kernels(
                    &mut b,
                    &layout,
                    column.planes.as_slice(),
                    kernels,
                    KernelInput {
                        method,
                        stage,
                        plan,
                        multiplier: input.multiplier,
                        current,
                        focus: input.focus,
                        data: input.data,
                        window: window.as_ref().filter(|w| w.reads == column.tensor),
                        title: (title_x, right),
                    },
                );
            }
        }
        // The focused filter's planes, outlined over everything else.
        for plane in layout.columns.iter().flat_map(|c| &c.planes) {
            if lit.contains(&(plane.tensor, plane.channel)) {
                let r = plane.rect;
                b.stroke(
                    Rect {
                        x: r.x - 3.5,
                        y: r.y - 3.5,
                        w: r.w + 7.0,
                        h: r.h + 7.0,
                    },
                    Paint::solid(palette.ink),
                    3.0,
                    false,
                );
            }
        }
        let kernels = kernel_figures(timeline, current.map_or(0, |s| s.stage), input.multiplier);
        Scene {
            width: layout.width.max(1.0) + 2.0 * SCENE_MARGIN,
            height: layout.height.max(1.0) + 2.0 * SCENE_MARGIN,
            layout,
            scheme: b.scheme,
            shapes: b.shapes,
            kernels,
        }
    }

    /// The cell under a point given in canvas CSS pixels (margin included).
    pub fn hit_test(&self, px: f64, py: f64) -> Option<CellHit> {
        self.layout.hit_test(px - SCENE_MARGIN, py - SCENE_MARGIN)
    }

    /// Every text drawn, in order (for tests and for the accessible description).
    pub fn texts(&self) -> impl Iterator<Item = (&str, f64)> {
        self.shapes.iter().filter_map(|s| match s {
            Shape::Text { text, font, .. } => Some((text.as_str(), font.px)),
            _ => None,
        })
    }
}

/// What one plane needs besides its geometry.
struct PlaneInput<'a> {
    tensor: Option<&'a Tensor>,
    scale: f32,
    /// Finished elements of the tensor (none for the input: all there).
    done: Option<u64>,
    in_front: bool,
    frame: Option<Rgb>,
    lit: bool,
    hover: &'a [CellRef],
    window: Option<&'a Window<'a>>,
    writing: Option<(usize, usize)>,
}

fn draw_plane(b: &mut Builder, layout: &StageLayout, plane: &PlaneLayout, p: PlaneInput) {
    let cell = layout.cell;
    let r = plane.rect;
    let palette = b.palette;
    let data_rect = Rect {
        x: r.x + plane.padding.w as f64 * cell,
        y: r.y + plane.padding.h as f64 * cell,
        w: plane.cols as f64 * cell,
        h: plane.rows as f64 * cell,
    };
    if r.w >= MIN_LABEL_WIDTH && p.in_front {
        let font = b.ui(13.0, false);
        b.text(
            r.x,
            r.y - 2.0,
            format!("channel {}", plane.channel + 1),
            font,
            palette.muted,
            Align::Left,
            Baseline::Bottom,
            None,
        );
    }
    b.fill(r, Paint::solid(palette.padding));
    b.fill(data_rect, Paint::solid(palette.pending));
    let plane_len = (plane.rows * plane.cols) as u64;
    let done = p
        .done
        .map(|d| {
            d.saturating_sub(plane.channel as u64 * plane_len)
                .min(plane_len)
        })
        .unwrap_or(plane_len);
    if done > 0 {
        let fill = match p.tensor {
            Some(_) => PlaneFill::Values {
                tensor: plane.tensor,
                channel: plane.channel,
                scale: p.scale,
            },
            None => PlaneFill::Flat(palette.done_shade),
        };
        b.shapes.push(Shape::Plane {
            rect: data_rect,
            rows: plane.rows,
            cols: plane.cols,
            done,
            fill,
        });
    }
    if cell >= 6.0 {
        b.shapes.push(Shape::Grid {
            rect: r,
            rows: plane.rows + 2 * plane.padding.h,
            cols: plane.cols + 2 * plane.padding.w,
            paint: palette.grid,
        });
    }
    // Cells the window covers: (row, col) → the weight that multiplies them.
    let weighted: Vec<(isize, isize, Option<f32>)> = p
        .window
        .map(|w| {
            w.taps
                .iter()
                .filter(|t| t.input_channel == plane.channel)
                .map(|t| {
                    (
                        t.y,
                        t.x,
                        w.weights.and_then(|ws| ws.get(t.weight_index).copied()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if layout.shows_numbers() && p.in_front {
        let px = value_px(cell, b.scale);
        let (ph, pw) = (plane.padding.h as isize, plane.padding.w as isize);
        for row in -ph..(plane.rows as isize + ph) {
            for col in -pw..(plane.cols as isize + pw) {
                let rc = layout.screen_from_grid(plane, row, col);
                // A cell under the window makes room for its weight's tag.
                let tagged = weighted
                    .iter()
                    .any(|&(y, x, w)| y == row && x == col && w.is_some());
                let (px, dy) = if tagged {
                    ((cell * 0.42).min(px), cell * 0.24)
                } else {
                    (px, 0.0)
                };
                let inside = row >= 0
                    && col >= 0
                    && (row as usize) < plane.rows
                    && (col as usize) < plane.cols;
                if !inside {
                    b.text(
                        rc.x + rc.w / 2.0,
                        rc.y + rc.h / 2.0 + dy,
                        "0".into(),
                        Font {
                            px,
                            bold: false,
                            mono: true,
                        },
                        palette.padding_text,
                        Align::Center,
                        Baseline::Middle,
                        None,
                    );
                    continue;
                }
                if row as u64 * plane.cols as u64 + col as u64 >= done {
                    continue;
                }
                if let Some(v) = p
                    .tensor
                    .and_then(|t| t.get(plane.channel, row as usize, col as usize))
                {
                    b.value(rc, v, value_colour(b.scheme, v, p.scale), px, dy);
                }
            }
        }
    }
    if let Some(c) = p.frame {
        b.stroke(
            Rect {
                x: r.x - 1.5,
                y: r.y - 1.5,
                w: r.w + 3.0,
                h: r.h + 3.0,
            },
            Paint::solid(c),
            3.0,
            false,
        );
    }
    if p.lit {
        b.fill(r, palette.lit_tint);
    }
    for c in p
        .hover
        .iter()
        .filter(|c| c.tensor == plane.tensor && c.channel == plane.channel)
    {
        let rc = layout.screen_from_grid(plane, c.row, c.col);
        b.fill(rc, palette.hover);
    }
    if let Some(w) = p.window {
        draw_window(b, layout, plane, w, &weighted, p.in_front);
    }
    if let Some((y, x)) = p.writing {
        let rc = layout.screen_from_grid(plane, y as isize, x as isize);
        let pad = if cell >= 8.0 { 0.0 } else { 2.0 };
        b.stroke(
            Rect {
                x: rc.x - pad,
                y: rc.y - pad,
                w: rc.w + 2.0 * pad,
                h: rc.h + 2.0 * pad,
            },
            Paint::solid(palette.write),
            if cell >= 8.0 { 3.0 } else { 2.0 },
            false,
        );
    }
}

fn draw_window(
    b: &mut Builder,
    layout: &StageLayout,
    plane: &PlaneLayout,
    w: &Window,
    weighted: &[(isize, isize, Option<f32>)],
    in_front: bool,
) {
    let colour = w.colour;
    // Each tap a tinted cell; taps already multiplied (multiply-add steps) more strongly.
    for tap in w.taps.iter().filter(|t| t.input_channel == plane.channel) {
        let r = layout.screen_from_grid(plane, tap.y, tap.x);
        let alpha = if w.preview {
            20
        } else if tap.step < w.done {
            89
        } else {
            38
        };
        b.fill(r, Paint::with_alpha(colour, alpha));
    }
    if let Some(bx) = window_box(layout, plane, &w.taps) {
        b.stroke(bx, Paint::solid(colour), 3.0, w.preview);
    }
    // Each cell under the window shows the weight that multiplies it: a tag in the kernel's
    // colour, top left, so w·x reads at a glance.
    if layout.shows_numbers() && in_front {
        let cell = layout.cell;
        let text = readable_on(colour, b.palette);
        for &(y, x, weight) in weighted {
            let Some(weight) = weight else { continue };
            let r = layout.screen_from_grid(plane, y, x);
            let tag = Rect {
                x: r.x + 1.5,
                y: r.y + 1.5,
                w: r.w * 0.7,
                h: r.h * 0.46,
            };
            b.fill(tag, Paint::solid(colour));
            b.text(
                tag.x + tag.w / 2.0,
                tag.y + tag.h / 2.0,
                cell_text(weight),
                Font {
                    px: (cell * 0.4).round().max(8.0),
                    bold: true,
                    mono: true,
                },
                text,
                Align::Center,
                Baseline::Middle,
                Some(tag.w * 0.94),
            );
        }
    }
    // The tap being multiplied now.
    if w.done < w.taps.len() || w.taps.len() == 1 {
        if let Some(tap) = w.done.checked_sub(1).and_then(|i| w.taps.get(i)) {
            if tap.input_channel == plane.channel {
                let r = layout.screen_from_grid(plane, tap.y, tap.x);
                b.stroke(
                    Rect {
                        x: r.x + 1.0,
                        y: r.y + 1.0,
                        w: r.w - 2.0,
                        h: r.h - 2.0,
                    },
                    Paint::solid(b.palette.write),
                    2.0,
                    false,
                );
            }
        }
    }
}

/// What the kernels beside one tensor need.
struct KernelInput<'a> {
    method: Method,
    /// The stage that reads the tensor.
    stage: usize,
    plan: &'a StagePlan,
    multiplier: usize,
    current: Option<Step>,
    focus: Option<FilterRef>,
    data: Option<&'a LayerData>,
    /// The window on this tensor, when the current step reads it.
    window: Option<&'a Window<'a>>,
    /// Where the kernels' title starts, and the column's right edge.
    title: (f64, f64),
}

/// The kernels that read a tensor, one slot beside each plane shown: the weights of the
/// filter that multiplies that channel, cards behind for the other filters of its group, the
/// ones in use lit and joined to the window.
fn draw_kernels(
    b: &mut Builder,
    layout: &StageLayout,
    planes: &[PlaneLayout],
    k: &KernelColumn,
    input: KernelInput,
) {
    let palette = b.palette;
    let spec = &input.plan.spec;
    let out = spec.output_shape().c;
    let groups = spec.params().groups.max(1);
    let cg = spec.channels_per_group().max(1);
    let per_group = (out / groups).max(1);
    let active = input.current.is_some_and(|s| s.stage == input.stage);
    // The filter shown: the one in focus, else the current step's, else the first.
    let shown = match (input.focus, input.current) {
        (Some(f), _) if f.stage == input.stage => f.filter,
        (_, Some(s)) if s.stage == input.stage => s.element.0,
        _ => 0,
    };
    let shown_group = shown / per_group;
    let phase = input.current.filter(|_| active).map_or_else(
        || match (input.method, input.stage) {
            (Method::SpatialSeparable, 0) => Phase::Column,
            (Method::SpatialSeparable, _) => Phase::Row,
            (Method::DepthwiseSeparable, 0) => Phase::Depthwise,
            (Method::DepthwiseSeparable, _) => Phase::Pointwise,
            (Method::Grouped, _) => Phase::Group(shown_group),
            _ => Phase::Standard,
        },
        |s| s.phase,
    );
    let figures_stage = kernel_figures_for(input.method, input.stage, input.plan);
    let name = kernel_name(input.method, input.stage, shown, out);
    let (title_x, right) = input.title;
    let room = crate::render::layout::title_width(
        (name.chars().count(), figures_stage.chars().count()),
        layout.scale,
    );
    b.title(
        (title_x, k.title_at.1),
        [&name, &figures_stage],
        (right - title_x).max(room).max(92.0 * layout.scale),
    );
    let weights = input
        .data
        .and_then(|d| d.stages.get(input.stage))
        .map(|d| &d.weights);
    let scale = weights.map_or(1.0, |w| max_abs(w.data()));
    let numbers = k.cell >= MIN_CELL_FOR_NUMBERS;
    for (plane, slot) in planes.iter().zip(&k.slots) {
        let c = plane.channel;
        let group = c / cg;
        let filter = group * per_group + shown % per_group;
        let ci = c % cg;
        let in_use = active && group == shown_group;
        let colour = kernel_colour(input.method, phase, input.multiplier, c, palette.ink);
        // The other filters of the group, as cards behind.
        for n in (1..=k.cards).rev() {
            let off = n as f64 * crate::render::layout::CARD_OFFSET;
            let card = Rect {
                x: slot.x + off,
                y: slot.y - off,
                w: slot.w,
                h: slot.h,
            };
            b.fill(card, Paint::solid(palette.padding));
            b.stroke(card, Paint::solid(palette.muted), 1.0, false);
        }
        b.fill(*slot, Paint::solid(palette.pending));
        let values = weights.and_then(|w| w.kernel(filter, ci));
        for i in 0..k.kh {
            for j in 0..k.kw {
                let r = Rect {
                    x: slot.x + j as f64 * k.cell,
                    y: slot.y + i as f64 * k.cell,
                    w: k.cell,
                    h: k.cell,
                };
                if let Some(v) = values.and_then(|vs| vs.get(i * k.kw + j)).copied() {
                    let bg = value_colour(b.scheme, v, scale);
                    b.fill(r, Paint::solid(bg));
                    if numbers {
                        b.value(r, v, bg, value_px(k.cell, b.scale), 0.0);
                    }
                }
            }
        }
        b.shapes.push(Shape::Grid {
            rect: *slot,
            rows: k.kh,
            cols: k.kw,
            paint: palette.grid,
        });
        if in_use {
            b.stroke(
                Rect {
                    x: slot.x - 1.5,
                    y: slot.y - 1.5,
                    w: slot.w + 3.0,
                    h: slot.h + 3.0,
                },
                Paint::solid(colour),
                3.0,
                false,
            );
        } else {
            // Kernels not in use now are veiled.
            b.fill(*slot, Paint::with_alpha(palette.background, 150));
            b.stroke(*slot, Paint::solid(colour), 1.0, false);
        }
        // The kernel in use is joined to its window on the plane it multiplies.
        if let Some(w) = input.window.filter(|_| in_use) {
            let front = layout.view == View::Flat || planes.last().is_some_and(|p| p.channel == c);
            if let Some(bx) = window_box(layout, plane, &w.taps).filter(|_| front) {
                b.shapes.push(Shape::Lines {
                    segments: vec![[
                        bx.x + bx.w,
                        bx.y + bx.h / 2.0,
                        slot.x - 1.5,
                        slot.y + slot.h / 2.0,
                    ]],
                    paint: Paint::solid(colour),
                    width: 1.5,
                });
            }
        }
    }
}

/// The first line of a kernel column's title: "Filter 2 of 4", "Kernels", "Row kernels".
fn kernel_name(method: Method, stage: usize, shown: usize, out: usize) -> String {
    match (method, stage) {
        (Method::SpatialSeparable, 0) => "Column kernels".into(),
        (Method::SpatialSeparable, _) => "Row kernels".into(),
        (Method::DepthwiseSeparable, 0) => "Kernels".into(),
        (Method::DepthwiseSeparable, _) => format!("Kernel {} of {}", shown + 1, out),
        _ => format!("Filter {} of {}", shown + 1, out),
    }
}

/// A tensor column's subtitle: its shape, and which channels are shown when not all are.
fn tensor_subtitle(shape: Shape3, first: usize, shown: usize) -> String {
    let mut subtitle = format!("{} × {} × {}", shape.c, shape.h, shape.w);
    if shown < shape.c {
        subtitle.push_str(&format!(" · showing {}–{}", first + 1, first + shown));
    }
    subtitle
}

/// The second line of a kernel column's title: "4 × 3×3×3".
fn kernel_figures_for(method: Method, stage: usize, plan: &StagePlan) -> String {
    let spec = &plan.spec;
    let k = spec.params().kernel;
    let (o, cg) = (spec.output_shape().c, spec.channels_per_group());
    match (method, stage) {
        (Method::SpatialSeparable, 0) => format!("{} × {}×1", thousands(o as u64), k.h),
        (Method::SpatialSeparable, _) => format!("{} × 1×{}", thousands((o * cg) as u64), k.w),
        _ => format!("{} × {}×{}×{}", thousands(o as u64), k.h, k.w, cg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LayerConfig;
    use crate::engine::{ConvParams, Pair};
    use crate::render::colors::contrast;
    use crate::timeline::{Granularity, SeparablePreset, ValueKind};

    /// The page's default stage layer: 3×7×7 → 4, 3×3, padding 1, under `method`.
    fn layer(method: Method, groups: usize, multiplier: usize) -> LayerConfig {
        let params = ConvParams {
            in_channels: if method == Method::Grouped { 4 } else { 3 },
            input: Pair::square(7),
            out_channels: 4,
            kernel: Pair::square(3),
            padding: Pair::square(1),
            groups,
            ..ConvParams::default()
        };
        let mut config = LayerConfig::implied(method, params, multiplier);
        // The form gives spatial separable one pass; a kernel of rank k runs k.
        config.multiplier = multiplier;
        config
    }

    fn scene_at(
        config: &LayerConfig,
        completed: u64,
        width: f64,
        scheme: Scheme,
    ) -> (Scene, Timeline) {
        sized(config, completed, width, 620.0, scheme)
    }

    fn sized(
        config: &LayerConfig,
        completed: u64,
        width: f64,
        max_height: f64,
        scheme: Scheme,
    ) -> (Scene, Timeline) {
        let timeline = Timeline::new(config, Granularity::Element).unwrap();
        let data = LayerData::generate(&timeline, 1, ValueKind::Integers, SeparablePreset::Random)
            .unwrap();
        let scene = Scene::new(&SceneInput {
            timeline: &timeline,
            data: Some(&data),
            multiplier: config.multiplier,
            completed,
            hover: None,
            focus: None,
            view: View::Flat,
            width,
            max_height,
            scheme,
        });
        (scene, timeline)
    }

    #[test]
    fn kernel_figures_count_the_phase_kernels() {
        let cases = [
            // (method, groups, multiplier, stage, filters, taps)
            (Method::Standard, 1, 1, 0, 4, 27),
            (Method::Grouped, 2, 1, 0, 4, 18),
            (Method::DepthwiseSeparable, 1, 1, 0, 3, 9),
            (Method::DepthwiseSeparable, 1, 2, 0, 6, 9),
            (Method::DepthwiseSeparable, 1, 2, 1, 4, 6),
            (Method::SpatialSeparable, 1, 1, 0, 3, 3),
            (Method::SpatialSeparable, 1, 2, 0, 6, 3),
            (Method::SpatialSeparable, 1, 2, 1, 6, 3),
        ];
        for (method, groups, m, stage, filters, taps) in cases {
            let config = layer(method, groups, m);
            let timeline = Timeline::new(&config, Granularity::Element).unwrap();
            let k = kernel_figures(&timeline, stage, m);
            assert_eq!(
                (k.filters, k.taps),
                (filters, taps),
                "{method:?} m={m} stage {stage}"
            );
            assert!(
                k.sentence().starts_with(&filters.to_string()),
                "{}",
                k.sentence()
            );
            assert!(
                k.sentence().ends_with(&format!("= {taps} weights")),
                "{}",
                k.sentence()
            );
        }
        let standard = kernel_figures(
            &Timeline::new(&layer(Method::Standard, 1, 1), Granularity::Element).unwrap(),
            0,
            1,
        );
        assert_eq!(standard.sentence(), "4 filters, each 3×3×3 = 27 weights");
        let pointwise = kernel_figures(
            &Timeline::new(
                &layer(Method::DepthwiseSeparable, 1, 1),
                Granularity::Element,
            )
            .unwrap(),
            1,
            1,
        );
        assert_eq!(
            pointwise.sentence(),
            "4 pointwise kernels, each 1×1×3 = 3 weights"
        );
    }

    #[test]
    fn standard_filters_stand_beside_the_planes_they_multiply() {
        let (scene, _) = scene_at(&layer(Method::Standard, 1, 1), 0, 1366.0, Scheme::Light);
        let input = &scene.layout.columns[0];
        let k = input
            .kernel
            .as_ref()
            .expect("the input has its filters beside it");
        assert_eq!(k.slots.len(), input.planes.len());
        assert_eq!(
            (k.kh, k.kw, k.cards),
            (3, 3, 2),
            "4 filters: the front one and 2 cards"
        );
        for (plane, slot) in input.planes.iter().zip(&k.slots) {
            assert!(slot.x >= plane.rect.x + plane.rect.w, "right of its plane");
            let (pc, sc) = (plane.rect.y + plane.rect.h / 2.0, slot.y + slot.h / 2.0);
            assert!((pc - sc).abs() < 1e-9, "level with its plane: {pc} vs {sc}");
            assert!((slot.w - 3.0 * k.cell).abs() < 1e-9);
        }
        // The output column comes after the kernels, and has none of its own.
        let output = scene.layout.columns.last().unwrap();
        assert!(output.kernel.is_none());
        assert!(output.title_at.0 > k.slots[0].x + k.slots[0].w);
        assert_eq!(scene.kernels.filters, 4);
    }

    #[test]
    fn depthwise_and_pointwise_kernels_are_separate_objects() {
        let config = layer(Method::DepthwiseSeparable, 1, 1);
        let (scene, timeline) = scene_at(&config, 1, 1366.0, Scheme::Light);
        let [input, intermediate, output] = &scene.layout.columns[..] else {
            panic!("three tensors");
        };
        let dw = input.kernel.as_ref().unwrap();
        assert_eq!(
            (dw.kh, dw.kw, dw.cards),
            (3, 3, 0),
            "one 3×3×1 kernel per channel, alone"
        );
        let pw = intermediate.kernel.as_ref().unwrap();
        assert_eq!(
            (pw.kh, pw.kw, pw.cards),
            (1, 1, 2),
            "4 pointwise kernels: cards behind"
        );
        assert!(output.kernel.is_none());
        assert_eq!((scene.kernels.filters, scene.kernels.taps), (3, 9));
        // In the pointwise step the figures follow the phase.
        let pointwise_start = timeline.stages()[1].first_step;
        let (scene, _) = scene_at(&config, pointwise_start + 1, 1366.0, Scheme::Light);
        assert_eq!((scene.kernels.filters, scene.kernels.taps), (4, 3));
        assert!(scene.texts().any(|(t, _)| t == "Kernel 1 of 4"));
    }

    #[test]
    fn spatial_separable_shows_column_then_row_kernels() {
        let config = layer(Method::SpatialSeparable, 1, 1);
        let (scene, _) = scene_at(&config, 0, 1366.0, Scheme::Light);
        let col = scene.layout.columns[0].kernel.as_ref().unwrap();
        let row = scene.layout.columns[1].kernel.as_ref().unwrap();
        assert_eq!((col.kh, col.kw), (3, 1));
        assert_eq!((row.kh, row.kw), (1, 3));
        assert!(scene.texts().any(|(t, _)| t == "Column kernels"));
        assert!(scene.texts().any(|(t, _)| t == "Row kernels"));
    }

    #[test]
    fn step_zero_shows_where_the_first_window_will_sit() {
        let (scene, _) = scene_at(&layer(Method::Standard, 1, 1), 0, 1366.0, Scheme::Light);
        let dashed: Vec<&Rect> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Stroke {
                    rect, dashed: true, ..
                } => Some(rect),
                _ => None,
            })
            .collect();
        // One dashed window on each input plane shown: the 3×3 block at the top-left corner,
        // padding included.
        assert_eq!(dashed.len(), 3);
        let plane = &scene.layout.columns[0].planes[0];
        let corner = scene.layout.screen_from_grid(plane, -1, -1);
        assert!((dashed[0].x - corner.x).abs() < 1e-9 && (dashed[0].y - corner.y).abs() < 1e-9);
        assert!((dashed[0].w - 3.0 * scene.layout.cell).abs() < 1e-9);
        // Nothing is written yet, so no cell is outlined as written.
        let (after, _) = scene_at(&layer(Method::Standard, 1, 1), 1, 1366.0, Scheme::Light);
        assert!(after
            .shapes
            .iter()
            .all(|s| !matches!(s, Shape::Stroke { dashed: true, .. })));
    }

    #[test]
    fn window_cells_carry_their_weights() {
        let config = layer(Method::Standard, 1, 1);
        let (scene, _) = scene_at(&config, 9, 1366.0, Scheme::Light);
        assert!(scene.layout.shows_numbers());
        // Every weight of the current filter's visible slices is printed twice: in its kernel
        // slot and in the window cell it multiplies.
        let bold_weights = scene
            .shapes
            .iter()
            .filter(|s| {
                matches!(
                    s,
                    Shape::Text {
                        font: Font {
                            bold: true,
                            mono: true,
                            ..
                        },
                        ..
                    }
                )
            })
            .count();
        assert_eq!(bold_weights, 27);
    }

    #[test]
    fn text_grows_with_the_width() {
        // A 1920×1080 screen: the stage may take about 1,900 × 880 px.
        let standard = layer(Method::Standard, 1, 1);
        let (wide, _) = sized(&standard, 5, 1900.0, 880.0, Scheme::Light);
        let small: Vec<_> = wide.texts().filter(|(_, px)| *px < 14.0).collect();
        assert!(small.is_empty(), "cell {}: {small:?}", wide.layout.cell);
        // Five columns (depthwise separable) leave smaller cells: the words stay at 14 px or
        // more, the values at 12 px or more.
        let depthwise = layer(Method::DepthwiseSeparable, 1, 1);
        let (five, _) = sized(&depthwise, 5, 1900.0, 880.0, Scheme::Light);
        for s in &five.shapes {
            if let Shape::Text { text, font, .. } = s {
                let least = if font.mono { 12.0 } else { 14.0 };
                assert!(font.px >= least, "{text:?} at {} px", font.px);
            }
        }
        let (laptop, _) = scene_at(&standard, 5, 1300.0, Scheme::Light);
        let title = |s: &Scene| {
            s.texts()
                .find(|(t, _)| *t == "Input")
                .map(|(_, px)| px)
                .unwrap()
        };
        assert!(title(&wide) > title(&laptop));
        assert!(wide.width <= 1900.0 + 1e-9 && laptop.width <= 1300.0 + 1e-9);
    }

    #[test]
    fn both_schemes_keep_text_readable() {
        for scheme in [Scheme::Light, Scheme::Dark] {
            let p = Palette::of(scheme);
            for ink in [p.ink, p.muted] {
                assert!(contrast(ink, p.background) >= 4.5, "{scheme:?} {ink:?}");
            }
            assert!(
                contrast(p.padding_text, p.padding) >= 4.5,
                "{scheme:?} padding zeros"
            );
            let (scene, _) = scene_at(&layer(Method::Grouped, 2, 1), 3, 1366.0, scheme);
            assert!(
                matches!(scene.shapes[0], Shape::Fill { paint, .. } if paint.rgb == p.background)
            );
            // Values are printed in whichever of ink and background reads on their cell.
            for s in &scene.shapes {
                if let Shape::Text {
                    paint,
                    font:
                        Font {
                            mono: true,
                            bold: false,
                            ..
                        },
                    text,
                    ..
                } = s
                {
                    assert!(
                        paint.rgb == p.ink
                            || paint.rgb == p.background
                            || paint.rgb == p.padding_text,
                        "{text}"
                    );
                }
            }
        }
        assert!(!Palette::of(Scheme::Dark).background.is_light());
    }

    #[test]
    fn hit_tests_go_through_the_margin() {
        let (scene, _) = scene_at(&layer(Method::Standard, 1, 1), 0, 1366.0, Scheme::Light);
        let plane = scene.layout.columns[1].planes[0];
        let r = scene.layout.screen_from_grid(&plane, 2, 3);
        let hit = scene
            .hit_test(
                r.x + r.w / 2.0 + SCENE_MARGIN,
                r.y + r.h / 2.0 + SCENE_MARGIN,
            )
            .unwrap();
        assert_eq!(
            (hit.tensor, hit.channel, hit.row, hit.col),
            (TensorId::Output, 0, 2, 3)
        );
    }

    #[test]
    fn titles_have_room_and_do_not_move_while_playing() {
        // Depthwise separable to 128 channels in half a laptop's width (the lessons' stage).
        let mut config = layer(Method::DepthwiseSeparable, 1, 1);
        config.params.out_channels = 128;
        for width in [660.0, 1000.0, 1900.0] {
            let (a, timeline) = scene_at(&config, 1, width, Scheme::Light);
            // Every title line starts where the one before it (left to right) ends, by the
            // estimate the layout gave it room for.
            // (row, x, width) of every title's first line: a row of titles per row of tensors.
            let mut titles: Vec<(u64, f64, f64)> = a
                .shapes
                .iter()
                .filter_map(|s| match s {
                    Shape::Text {
                        x, y, text, font, ..
                    } if font.bold && !font.mono => Some((
                        y.round() as u64,
                        *x,
                        crate::render::layout::title_width(
                            (text.chars().count(), 0),
                            a.layout.scale,
                        ),
                    )),
                    _ => None,
                })
                .collect();
            titles.sort_by(|p, q| p.0.cmp(&q.0).then(p.1.total_cmp(&q.1)));
            assert_eq!(
                titles.len(),
                5,
                "three tensors and two kernel columns: {titles:?}"
            );
            for pair in titles.windows(2).filter(|p| p[0].0 == p[1].0) {
                assert!(pair[0].1 + pair[0].2 <= pair[1].1, "{width}: {pair:?}");
            }
            // Later in the pointwise step (another filter, other channels shown) nothing moves.
            let later = timeline.stages()[1].first_step + 4000;
            let (b, _) = scene_at(&config, later.min(timeline.len()), width, Scheme::Light);
            let xs = |s: &Scene| {
                s.layout
                    .columns
                    .iter()
                    .map(|c| c.title_at.0)
                    .collect::<Vec<_>>()
            };
            assert_eq!(xs(&a), xs(&b), "{width}");
        }
    }
}
