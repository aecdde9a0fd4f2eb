//! The four lessons as data — standard (the baseline), spatial separable, depthwise separable
//! and grouped — each a list of short chapters. A chapter sets the stage (method, sizes,
//! kernel, step, and the panel to show), says what to watch, and explains it in paragraphs
//! whose every number is a live figure computed here by the engine. Each chapter opens on a
//! step, granularity and layer where what it says to watch happens within a few seconds of
//! pressing Play ([`Sight`], tested). Where a widely copied explanation is wrong or loose, the
//! chapter says what is true beside it; the correction of its arithmetic is an aside.

use std::fmt;

use crate::config::seed::{self, quoted, SeedFigures};
use crate::config::{Form, LayerConfig};
use crate::engine::{
    ConvError, ConvParams, KernelMatrix, Method, NamedKernel, Pair, Ratio, Shape3,
};
use crate::explorer::presets::{self, LayerOp, Preset, Variant};
use crate::timeline::{Granularity, SeparablePreset, Timeline};

pub use super::sight::Sight;

use super::connection::{ConnectionError, StackedGroups};
use super::devices::{alexnet_conv2, alexnet_two_gpus, split_by_data, SplitError};
use super::editor::{EditorAnalysis, EditorPreset, PassCost};
use super::kernel_text::format_kernel;
use super::prose::{About, Figure, Paragraph, Piece, Value};
use super::route::LessonRef;

/// Why a lesson could not be built (a bug in the content, shown rather than panicking).
#[derive(Debug, Clone, PartialEq)]
pub enum ContentError {
    /// A layer the content uses does not validate.
    Invalid(String),
    /// The engine refused a layer.
    Conv(ConvError),
    /// A connection matrix could not be built.
    Connection(ConnectionError),
    /// A device split could not be made.
    Split(SplitError),
    /// The content asks for a metric nobody computes.
    UnknownMetric(&'static str),
    /// The content names a preset the explorer does not have.
    UnknownPreset(&'static str),
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentError::Invalid(m) => write!(f, "a lesson's layer is invalid: {m}"),
            ContentError::Conv(e) => write!(f, "a lesson's layer is refused: {e}"),
            ContentError::Connection(e) => write!(f, "a lesson's connection matrix: {e}"),
            ContentError::Split(e) => write!(f, "a lesson's device split: {e}"),
            ContentError::UnknownMetric(m) => write!(f, "no lesson metric is called “{m}”"),
            ContentError::UnknownPreset(p) => write!(f, "no preset is called “{p}”"),
        }
    }
}

impl std::error::Error for ContentError {}

impl From<ConvError> for ContentError {
    fn from(e: ConvError) -> Self {
        ContentError::Conv(e)
    }
}
impl From<ConnectionError> for ContentError {
    fn from(e: ConnectionError) -> Self {
        ContentError::Connection(e)
    }
}
impl From<SplitError> for ContentError {
    fn from(e: SplitError) -> Self {
        ContentError::Split(e)
    }
}

type Built<T> = Result<T, ContentError>;

/// The panel a chapter shows beside the stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The animated stage and its cost table only.
    Stage,
    /// The kernel editor, showing the stage's `kernel`.
    KernelEditor,
    /// The connection matrix of the stage's layer.
    Connections,
    /// Two grouped layers stacked, composed, with or without a shuffle.
    Shuffle {
        /// Channels of every tensor.
        channels: usize,
        /// Groups of both layers.
        groups: usize,
        /// Whether the shuffle is on.
        shuffled: bool,
    },
    /// The stage's grouped layer split across devices, beside data parallelism.
    Devices {
        /// Devices.
        devices: usize,
        /// Images in the batch.
        batch: u64,
    },
}

/// What a chapter sets up.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The layer and method, as the configuration panel shows them.
    pub form: Form,
    /// Steps completed when the chapter opens (`None`: the start), at `granularity`.
    pub step: Option<u64>,
    /// One output value or one multiply-add per step.
    pub granularity: Granularity,
    /// What the watch line points at, so when it is seen after Play.
    pub sight: Sight,
    /// The spatial separable stage's kernels, when the chapter picks them.
    pub preset: Option<SeparablePreset>,
    /// The kernel editor's kernel, when the chapter shows the editor.
    pub kernel: Option<KernelMatrix>,
    /// The panel beside the stage.
    pub panel: Panel,
}

impl Stage {
    /// The validated layer (every chapter's validates; tested).
    pub fn config(&self) -> Result<LayerConfig, ContentError> {
        self.form.validate().map_err(|problems| {
            ContentError::Invalid(
                problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
    }

    /// The layer and stage keys of the URL this chapter sets (without the lesson keys):
    /// the form's keys, then `step=`, `gran=`, `preset=` and `kernel=` when set.
    pub fn query(&self) -> String {
        let mut q = self.form.to_query();
        if let Some(step) = self.step {
            q.push_str(&format!("&step={step}"));
        }
        if self.granularity != Granularity::Element {
            q.push_str(&format!("&gran={}", self.granularity.key()));
        }
        if let Some(preset) = self.preset {
            q.push_str(&format!("&preset={}", preset.key()));
        }
        if let Some(kernel) = &self.kernel {
            q.push_str(&format!("&kernel={}", format_kernel(kernel)));
        }
        q
    }
}

/// One chapter: a title, the stage it sets, what to watch, and a few paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// The chapter's title.
    pub title: &'static str,
    /// What it sets up.
    pub stage: Stage,
    /// One sentence pointing at what to watch on the stage or panel.
    pub watch: Paragraph,
    /// The explanation.
    pub body: Vec<Paragraph>,
    /// A side note off the main path, shown folded.
    pub aside: Option<Aside>,
}

/// A side note of a chapter: a title and its paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Aside {
    /// What it is about.
    pub title: &'static str,
    /// Its paragraphs.
    pub body: Vec<Paragraph>,
}

impl Chapter {
    /// Every paragraph of the chapter: the body, the watch line, then the aside's.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.body
            .iter()
            .chain([&self.watch])
            .chain(self.aside.iter().flat_map(|a| a.body.iter()))
    }

    /// Every figure of the chapter (body, watch line and aside), in order.
    pub fn figures(&self) -> Vec<&Figure> {
        self.paragraphs().flat_map(Paragraph::figures).collect()
    }
}

/// One lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The `lesson=` value: `standard`, `spatial-separable`, `depthwise-separable`, `grouped`.
    pub id: &'static str,
    /// The method it teaches.
    pub method: Method,
    /// The title.
    pub title: &'static str,
    /// The chapters, in order.
    pub chapters: Vec<Chapter>,
}

impl Lesson {
    /// The chapter `r` points at, when `r` is about this lesson.
    pub fn chapter(&self, r: &LessonRef) -> Option<&Chapter> {
        (r.lesson == self.id)
            .then(|| self.chapters.get(r.chapter))
            .flatten()
    }
}

/// Every lesson, in menu order.
pub fn all_lessons() -> Result<Vec<Lesson>, ContentError> {
    Ok(vec![
        standard_lesson()?,
        spatial_lesson()?,
        depthwise_lesson()?,
        grouped_lesson()?,
    ])
}

/// The lesson with `id`.
pub fn lesson(id: &str) -> Result<Option<Lesson>, ContentError> {
    Ok(all_lessons()?.into_iter().find(|l| l.id == id))
}

// ---------------------------------------------------------------------------------------------
// Figures.

/// A layer figure's value: what `metric` measures on `config`, through `engine::cost`.
pub fn measure(metric: &'static str, config: &LayerConfig) -> Built<Value> {
    let cost = config.cost()?;
    let p = config.params;
    let first = cost.stages.first().copied().unwrap_or(cost.standard);
    let second = cost.stages.get(1).copied();
    let stage2 = |f: fn(&crate::engine::StageCost) -> Value| {
        second
            .map(|s| f(&s))
            .ok_or(ContentError::UnknownMetric(metric))
    };
    let out = cost.output();
    let count = |n: usize| Value::Count(n as u64);
    let filter_of = |s: &crate::engine::StageCost| {
        let [_, cg, kh, kw] = s.spec.weight_shape();
        Value::Shape(Shape3::new(cg, kh, kw))
    };
    Ok(match metric {
        "input-shape" => Value::Shape(Shape3::new(p.in_channels, p.input.h, p.input.w)),
        "input-size" => Value::Size(p.input),
        "output-shape" => Value::Shape(out),
        "output-size" => Value::Size(Pair::new(out.h, out.w)),
        "intermediate-shape" => match second {
            Some(_) => Value::Shape(first.output()),
            None => return Err(ContentError::UnknownMetric(metric)),
        },
        "stage1-plane" => Value::Shape(Shape3::new(1, first.output().h, first.output().w)),
        "stage2-plane" => stage2(|s| Value::Shape(Shape3::new(1, s.output().h, s.output().w)))?,
        "kernel" => Value::Size(p.kernel),
        "column-kernel" => Value::Size(Pair::new(p.kernel.h, 1)),
        "row-kernel" => Value::Size(Pair::new(1, p.kernel.w)),
        "filter" => filter_of(&first),
        "standard-filter" => filter_of(&cost.standard),
        "pointwise-filter" => stage2(filter_of)?,
        "in-channels" => count(p.in_channels),
        "out-channels" => count(out.c),
        "pointwise-in-channels" => stage2(|s| Value::Count(s.spec.input_shape().c as u64))?,
        "groups" => count(p.groups),
        "channels-per-group" => count(p.in_channels / p.groups.max(1)),
        "outputs-per-group" => count(p.out_channels / p.groups.max(1)),
        "multiplier" => count(config.multiplier),
        "macs" => Value::Count(cost.macs()),
        "params" => Value::Count(cost.params()),
        "standard-macs" => Value::Count(cost.standard.macs),
        "standard-params" => Value::Count(cost.standard.params),
        "stage1-macs" => Value::Count(first.macs),
        "stage1-params" => Value::Count(first.params),
        "stage2-macs" => stage2(|s| Value::Count(s.macs))?,
        "stage2-params" => stage2(|s| Value::Count(s.params))?,
        "mac-ratio" => Value::Times(cost.mac_ratio()),
        "mac-ratio-inverse" => Value::Fraction(Ratio::new(cost.macs(), cost.standard.macs)),
        "taps-per-output" => {
            let [_, cg, kh, kw] = first.spec.weight_shape();
            count(cg * kh * kw)
        }
        "standard-taps-per-output" => {
            let [_, cg, kh, kw] = cost.standard.spec.weight_shape();
            count(cg * kh * kw)
        }
        "separable-taps" => count(p.kernel.h + p.kernel.w),
        "full-taps" => count(p.kernel.h * p.kernel.w),
        "break-even-rank" => count(PassCost::new(p.kernel.h, p.kernel.w, 1).break_even_passes()),
        _ => return Err(ContentError::UnknownMetric(metric)),
    })
}

/// A kernel figure's value: what `metric` measures on the named kernel, through the editor's
/// analysis (which is the engine's).
pub fn measure_kernel(metric: &'static str, kernel: NamedKernel) -> Built<Value> {
    let a = EditorAnalysis::of(&kernel.matrix());
    let (kh, kw) = (a.cost.kh, a.cost.kw);
    Ok(match metric {
        "kernel-rank" => Value::Count(a.rank as u64),
        "kernel-size" => Value::Size(Pair::new(kh, kw)),
        "column-factor" => Value::Vector(a.best_rank1.column.clone()),
        "row-factor" => Value::Vector(a.best_rank1.row.clone()),
        "rank1-error" => Value::Real(a.rank1_error.max_abs),
        "full-taps" => Value::Count(a.cost.full),
        "separable-taps" => Value::Count(a.cost.per_pass),
        "rank-taps" => Value::Count(a.cost.separable),
        "break-even-rank" => Value::Count(a.cost.break_even_passes() as u64),
        _ => return Err(ContentError::UnknownMetric(metric)),
    })
}

fn preset(id: &'static str) -> Built<Preset> {
    presets::by_id(id).ok_or(ContentError::UnknownPreset(id))
}

/// A preset figure's value: the explorer's exact totals for the preset `id`.
pub fn measure_preset(metric: &'static str, id: &'static str) -> Built<Value> {
    let p = preset(id)?;
    let built = p.totals(Variant::AsBuilt)?;
    let standard = p.totals(Variant::AllStandard)?;
    Ok(match metric {
        "built-macs" => Value::Count(built.macs),
        "standard-macs" => Value::Count(standard.macs),
        "mac-ratio" => Value::Times(Ratio::new(standard.macs, built.macs)),
        "load-groups" => Value::Count(p.load.params.groups as u64),
        "first-layer-share" => {
            let first = p
                .built
                .first()
                .ok_or(ContentError::UnknownMetric(metric))?
                .cost()?;
            Value::Percent(Ratio::new(first.macs, built.macs))
        }
        _ => return Err(ContentError::UnknownMetric(metric)),
    })
}

/// A stack figure's value: the composed reach of two grouped layers.
pub fn measure_stack(
    metric: &'static str,
    channels: usize,
    groups: usize,
    shuffled: bool,
) -> Built<Value> {
    let s = StackedGroups::new(channels, groups, shuffled)?;
    Ok(match metric {
        "reach-fewest" => Value::Count(s.reach.fewest as u64),
        "reach-most" => Value::Count(s.reach.most as u64),
        "groups" => Value::Count(groups as u64),
        _ => return Err(ContentError::UnknownMetric(metric)),
    })
}

fn t(text: &'static str) -> Piece {
    Piece::Text(text)
}
fn name(text: &'static str) -> Piece {
    Piece::Name(text)
}
fn formula(text: &'static str) -> Piece {
    Piece::Formula(text)
}
/// Builds a lesson's figures: each is computed when written, and the first that cannot be is
/// kept and returned by [`Prose::done`] (one check per lesson, not one per figure).
#[derive(Default)]
struct Prose {
    error: Option<ContentError>,
}

impl Prose {
    fn figure(&mut self, metric: &'static str, about: About, value: Built<Value>) -> Piece {
        match value {
            Ok(value) => Piece::Figure(Figure {
                metric,
                about,
                value,
            }),
            Err(e) => {
                self.error.get_or_insert(e);
                Piece::Text("")
            }
        }
    }
    fn lf(&mut self, metric: &'static str, config: &LayerConfig) -> Piece {
        self.figure(metric, About::Layer(*config), measure(metric, config))
    }
    fn kf(&mut self, metric: &'static str, kernel: NamedKernel) -> Piece {
        self.figure(
            metric,
            About::Kernel(kernel),
            measure_kernel(metric, kernel),
        )
    }
    fn pf(&mut self, metric: &'static str, id: &'static str) -> Piece {
        self.figure(metric, About::Preset(id), measure_preset(metric, id))
    }
    fn sf(
        &mut self,
        metric: &'static str,
        channels: usize,
        groups: usize,
        shuffled: bool,
    ) -> Piece {
        let about = About::Stack {
            channels,
            groups,
            shuffled,
        };
        self.figure(
            metric,
            about,
            measure_stack(metric, channels, groups, shuffled),
        )
    }
    /// The lesson, or the first figure that could not be computed.
    fn done(self, lesson: Lesson) -> Built<Lesson> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(lesson),
        }
    }
}
fn fact(metric: &'static str, value: Value) -> Piece {
    Piece::Figure(Figure {
        metric,
        about: About::Fact,
        value,
    })
}
fn para(pieces: Vec<Piece>) -> Paragraph {
    Paragraph(pieces)
}

/// A layer as the configuration panel would validate it.
fn layer(method: Method, params: ConvParams, multiplier: usize) -> Built<LayerConfig> {
    Form::from_layer(method, params, multiplier)
        .validate()
        .map_err(|problems| {
            ContentError::Invalid(
                problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
}

/// A square layer: `size×size×c → o`, a square kernel `k`, padding `pad`, `groups`.
fn square(
    method: Method,
    (c, o, groups): (usize, usize, usize),
    size: usize,
    k: usize,
    pad: usize,
) -> Built<LayerConfig> {
    layer(
        method,
        ConvParams {
            in_channels: c,
            input: Pair::square(size),
            out_channels: o,
            kernel: Pair::square(k),
            padding: Pair::square(pad),
            groups,
            ..ConvParams::default()
        },
        1,
    )
}

/// The widely copied example's channels and kernels (padding 1) on an image small enough to
/// watch on the stage.
fn small_seed(method: Method) -> Built<LayerConfig> {
    layer(
        method,
        ConvParams {
            input: Pair::square(8),
            ..seed::layer(1)
        },
        1,
    )
}

/// A chapter's stage: the layer at its first step, one output value per step; what to watch
/// is on the panel unless the chapter says otherwise.
fn stage(config: &LayerConfig, panel: Panel) -> Stage {
    Stage {
        form: Form::from_layer(config.method, config.params, config.multiplier),
        step: None,
        granularity: Granularity::Element,
        sight: Sight::Panel,
        preset: None,
        kernel: None,
        panel,
    }
}

/// The stage alone, opening at `step` with `sight` to watch.
fn watch_stage(config: &LayerConfig, step: Option<u64>, sight: Sight) -> Stage {
    Stage {
        step,
        sight,
        ..stage(config, Panel::Stage)
    }
}

fn editor_stage(config: &LayerConfig, kernel: NamedKernel) -> Stage {
    Stage {
        kernel: Some(EditorPreset::Named(kernel).kernel(3, 3, 1)),
        ..stage(config, Panel::KernelEditor)
    }
}

impl Chapter {
    /// The chapter with a folded side note.
    fn with_aside(self, title: &'static str, body: Vec<Vec<Piece>>) -> Chapter {
        Chapter {
            aside: Some(Aside {
                title,
                body: body.into_iter().map(para).collect(),
            }),
            ..self
        }
    }
}

fn chapter(title: &'static str, stage: Stage, watch: Vec<Piece>, body: Vec<Vec<Piece>>) -> Chapter {
    Chapter {
        title,
        stage,
        watch: para(watch),
        body: body.into_iter().map(para).collect(),
        aside: None,
    }
}

/// The first step of a layer's second stage at `granularity` (the stage then shows the first
/// stage complete), less `before` steps.
fn second_stage_start(
    config: &LayerConfig,
    granularity: Granularity,
    before: u64,
) -> Built<Option<u64>> {
    let timeline = Timeline::new(config, granularity)?;
    Ok(timeline
        .stages()
        .get(1)
        .map(|s| s.first_step.saturating_sub(before)))
}

/// The step `before` output values before the end of the first output row (one value per
/// step).
fn before_row_end(config: &LayerConfig, before: u64) -> Built<Option<u64>> {
    let out = first_output(config)?;
    Ok(Some((out.w as u64).saturating_sub(before)))
}

/// The step `before` output values before the first output plane is done (one value per step).
fn before_plane_end(config: &LayerConfig, before: u64) -> Built<Option<u64>> {
    let out = first_output(config)?;
    Ok(Some(((out.h * out.w) as u64).saturating_sub(before)))
}

/// The output shape of a layer's first stage.
fn first_output(config: &LayerConfig) -> Built<Shape3> {
    let cost = config.cost()?;
    Ok(cost
        .stages
        .first()
        .copied()
        .unwrap_or(cost.standard)
        .output())
}

// ---------------------------------------------------------------------------------------------
// Standard.

fn standard_lesson() -> Built<Lesson> {
    let mut p = Prose::default();
    let one = square(Method::Standard, (3, 1, 1), 7, 3, 0)?;
    let many = square(Method::Standard, (3, 128, 1), 7, 3, 0)?;
    let seed_layer = layer(Method::Standard, seed::layer(1), 1)?;
    let seed_small = small_seed(Method::Standard)?;
    let lesson = Lesson {
        id: "standard",
        method: Method::Standard,
        title: "Standard convolution",
        chapters: vec![
            chapter(
                "One filter, one map",
                watch_stage(&one, None, Sight::RowEnd),
                vec![t("Watch the filter slide along a row of the input: at every position it reads all channels at once and writes a single number.")],
                vec![
                    vec![
                        t("The input is "), p.lf("input-shape", &one),
                        t(": height, width and channels. A standard filter is as deep as the input, so here it is "),
                        p.lf("filter", &one),
                        t(". At each position it multiplies every weight by the input value under it and adds the products: "),
                        p.lf("taps-per-output", &one),
                        t(" multiply-accumulates (MACs) for one output number."),
                    ],
                    vec![
                        t("Without padding the filter fits in "), p.lf("output-size", &one),
                        t(" positions, so one filter writes a "), p.lf("output-shape", &one),
                        t(" map for "), p.lf("macs", &one), t(" MACs in all."),
                    ],
                ],
            ),
            chapter(
                "Many filters, many channels",
                stage(&many, Panel::Connections),
                vec![t("Watch the connection matrix: every output channel reads every input channel, so the grid is full.")],
                vec![
                    vec![
                        t("Each output channel has its own filter. With "), p.lf("out-channels", &many),
                        t(" filters the output is "), p.lf("output-shape", &many),
                        t(", the layer holds "), p.lf("params", &many),
                        t(" weights and costs "), p.lf("macs", &many), t(" MACs."),
                    ],
                    vec![t("Every output channel reads every input channel at every position. That is the cost the other methods cut: spatial separable by splitting the kernel, depthwise separable by filtering each channel on its own before mixing, grouped by letting each filter see only part of the channels.")],
                ],
            ),
            chapter(
                "The cost formula",
                watch_stage(&seed_small, before_row_end(&seed_small, 3)?, Sight::BorderAndInterior),
                vec![
                    t("Watch the MAC counter as the filter leaves the top border for the middle of the image: it grows by "),
                    p.lf("taps-per-output", &seed_small), t(" at every position, at the border as in the middle."),
                ],
                vec![
                    vec![
                        t("A standard layer costs output height × output width × output channels × input channels × kernel height × kernel width MACs. For a "),
                        p.lf("input-shape", &seed_layer), t(" image, "), p.lf("out-channels", &seed_layer),
                        t(" filters of "), p.lf("kernel", &seed_layer),
                        t(" and padding that keeps the size, that is "), p.lf("macs", &seed_layer),
                        t(" MACs and "), p.lf("params", &seed_layer), t(" weights."),
                        t(" The stage runs the same filters on an image small enough to watch, "),
                        p.lf("input-shape", &seed_small), t(": the formula gives "), p.lf("macs", &seed_small),
                        t(", where its MAC counter ends."),
                    ],
                    vec![t("Kernel taps that land on the zero padding are multiplied like any other, so the count is exactly that product. The larger layer is the baseline the next lessons compare against.")],
                ],
            ),
        ],
    };
    p.done(lesson)
}

// ---------------------------------------------------------------------------------------------
// Spatial separable.

fn spatial_lesson() -> Built<Lesson> {
    let mut p = Prose::default();
    let same = square(Method::SpatialSeparable, (1, 1, 1), 7, 3, 1)?;
    let valid = square(Method::SpatialSeparable, (1, 1, 1), 7, 3, 0)?;
    let inception = preset("inception-v3-7x7")?;
    let seven = layer(Method::SpatialSeparable, inception.load.params, 1)?;
    // The stage shows its kernel and padding on one channel of a grid small enough to watch.
    let seven_one = layer(
        Method::SpatialSeparable,
        ConvParams {
            in_channels: 1,
            out_channels: 1,
            input: Pair::square(9),
            ..inception.load.params
        },
        1,
    )?;
    let row_conv = |n: usize| -> Built<LayerConfig> {
        match inception.built.get(n).map(|r| r.op) {
            Some(LayerOp::Conv(c)) => layer(c.method, c.params, c.multiplier),
            _ => Err(ContentError::UnknownPreset("inception-v3-7x7")),
        }
    };
    let (first_pass, second_pass) = (row_conv(0)?, row_conv(1)?);
    use NamedKernel::*;
    let lesson = Lesson {
        id: "spatial-separable",
        method: Method::SpatialSeparable,
        title: "Spatial separable convolution",
        chapters: vec![
            chapter(
                "A column, then a row",
                Stage {
                    preset: Some(SeparablePreset::SobelX),
                    ..watch_stage(
                        &same,
                        second_stage_start(&same, Granularity::Element, 5)?,
                        Sight::NextStage { then: 7 },
                    )
                },
                vec![t("Watch the column pass finish the intermediate map, then the row pass turn it into the output: the result equals the full kernel's.")],
                vec![
                    vec![
                        t("Some kernels are a column times a row. The Sobel kernel that finds vertical edges is the column "),
                        p.kf("column-factor", SobelX), t(" times the row "), p.kf("row-factor", SobelX),
                        t(": each entry is its row's column value times its column's row value."),
                    ],
                    vec![
                        t("So instead of one "), p.lf("kernel", &same),
                        t(" pass, the image is filtered twice: first with the "), p.lf("column-kernel", &same),
                        t(" column, then with the "), p.lf("row-kernel", &same),
                        t(" row. Per output that is "), p.lf("separable-taps", &same),
                        t(" multiplications instead of "), p.lf("full-taps", &same), t("."),
                    ],
                ],
            ),
            chapter(
                "Exact totals, borders included",
                Stage {
                    preset: Some(SeparablePreset::SobelX),
                    ..watch_stage(
                        &valid,
                        second_stage_start(&valid, Granularity::Element, 0)?,
                        Sight::RowEnd,
                    )
                },
                vec![t("Watch the intermediate map: without padding it is as wide as the input, wider than the output the row pass now writes.")],
                vec![
                    vec![
                        t("With padding that keeps the size, each pass computes one value per output: the column pass costs "),
                        p.lf("stage1-macs", &same), t(" MACs, the row pass "), p.lf("stage2-macs", &same),
                        t(", together "), p.lf("macs", &same), t(" against "), p.lf("standard-macs", &same),
                        t(" for the full kernel: "), p.lf("mac-ratio", &same), t(" fewer."),
                    ],
                    vec![
                        t("Without padding the saving is smaller. The output shrinks to "), p.lf("output-shape", &valid),
                        t(", but the column pass must still run across the full width, because the row pass needs those columns: it writes "),
                        p.lf("intermediate-shape", &valid), t(". The totals are "), p.lf("stage1-macs", &valid),
                        t(" + "), p.lf("stage2-macs", &valid), t(" = "), p.lf("macs", &valid),
                        t(" against "), p.lf("standard-macs", &valid), t(", only "), p.lf("mac-ratio", &valid),
                        t(" fewer."),
                    ],
                ],
            ),
            chapter(
                "Which kernels factor",
                editor_stage(&same, Gaussian3),
                vec![t("Pick a preset or change one entry: the rank and the factors update as you type.")],
                vec![
                    vec![
                        t("A kernel factors exactly when its rank is one: every row is a multiple of the same row. The editor finds the rank with a singular value decomposition. Sobel has rank "),
                        p.kf("kernel-rank", SobelX), t("; the Gaussian blur has rank "), p.kf("kernel-rank", Gaussian3),
                        t(", with column "), p.kf("column-factor", Gaussian3), t(" and row "), p.kf("row-factor", Gaussian3),
                        t("; the box blur has rank "), p.kf("kernel-rank", Box3), t("."),
                    ],
                    vec![
                        t("Larger blurs factor the same way. The "), p.kf("kernel-size", Gaussian5),
                        t(" Gaussian has rank "), p.kf("kernel-rank", Gaussian5), t(", so its "),
                        p.kf("full-taps", Gaussian5), t(" multiplications per output become "),
                        p.kf("separable-taps", Gaussian5), t("."),
                    ],
                ],
            ),
            chapter(
                "Kernels that do not factor",
                editor_stage(&same, Sharpen),
                vec![t("Watch the error of the single pass, then the decomposition below it: the passes add up to the kernel exactly.")],
                vec![
                    vec![
                        t("Sharpen has rank "),
                        p.kf("kernel-rank", Sharpen),
                        t(" and the Laplacian rank "),
                        p.kf("kernel-rank", Laplacian),
                        t(": no column and row multiply to either. The best single pass (best in the least-squares sense) is the first term of the decomposition; for sharpen it misses the kernel by up to "),
                        p.kf("rank1-error", Sharpen),
                        t(" in one entry. The emboss kernel has rank "),
                        p.kf("kernel-rank", Emboss), t("."),
                    ],
                    vec![t("Such a kernel is still a sum of separable passes, one per unit of rank: each pass is a column pass and a row pass over the same input, and their outputs are added.")],
                ],
            ),
            chapter(
                "When the passes stop paying",
                editor_stage(&same, Laplacian),
                vec![t("Watch the cost line under the decomposition: it turns from a saving into a loss as the rank grows.")],
                vec![
                    vec![
                        t("A pass costs KH+KW multiplications per output, so k passes cost k·(KH+KW) against KH·KW for the full kernel. For the Laplacian that is "),
                        p.kf("rank-taps", Laplacian), t(" against "), p.kf("full-taps", Laplacian),
                        t(": more, not less, so it is better applied whole."),
                    ],
                    vec![
                        t("The passes stop paying once k·(KH+KW) ≥ KH·KW. For a "), p.kf("kernel-size", SobelX),
                        t(" kernel that happens at rank "), p.kf("break-even-rank", SobelX),
                        t(", so only a separable kernel gains; for a "), p.kf("kernel-size", Gaussian5),
                        t(" kernel at rank "), p.kf("break-even-rank", Gaussian5),
                        t("; for a "), p.lf("kernel", &seven), t(" kernel at rank "), p.lf("break-even-rank", &seven),
                        t(". Below that rank, a sum of passes is cheaper than the full kernel."),
                    ],
                ],
            ),
            chapter(
                "Inception's factorized convolutions",
                watch_stage(
                    &seven_one,
                    second_stage_start(&seven_one, Granularity::Element, 5)?,
                    Sight::NextStage { then: 9 },
                ),
                vec![t("Watch the tall column kernel finish its pass, then the wide row kernel start. convlab filters each channel on its own; Inception's passes also mix the channels.")],
                vec![
                    vec![
                        name("Inception v3"), t(" replaces the "), p.lf("kernel", &seven),
                        t(" convolutions on its "), p.lf("input-size", &seven), t(" grid by a "),
                        p.lf("kernel", &first_pass), t(" convolution followed by a "), p.lf("kernel", &second_pass),
                        t(" one. Both passes read all "), p.lf("in-channels", &first_pass),
                        t(" channels; together they cost "), p.pf("built-macs", "inception-v3-7x7"),
                        t(" MACs against "), p.pf("standard-macs", "inception-v3-7x7"),
                        t(" for the full convolution: "), p.pf("mac-ratio", "inception-v3-7x7"), t(" fewer."),
                        t(" The stage shows the same kernel on one channel of a smaller grid, "), p.lf("input-shape", &seven_one),
                        t(", with the "), p.lf("kernel", &seven_one), t(" kernel split into a "),
                        p.lf("column-kernel", &seven_one), t(" column and a "), p.lf("row-kernel", &seven_one), t(" row."),
                    ],
                    vec![t("Unlike the editor's kernels, these pairs are learned as pairs, with a nonlinearity between the passes: the pair is a two-layer block, not a factored square kernel, and no kernel needs to factor. A widely copied explanation suggests such layers belong early in a network; the Inception authors report the opposite: the factorization worked poorly in early layers and well on medium-sized grids such as this one.")],
                ],
            ),
        ],
    };
    p.done(lesson)
}

// ---------------------------------------------------------------------------------------------
// Depthwise separable.

fn depthwise_lesson() -> Built<Lesson> {
    let mut p = Prose::default();
    let small = square(Method::DepthwiseSeparable, (3, 128, 3), 7, 3, 0)?;
    let seed_same = layer(Method::DepthwiseSeparable, seed::layer(1), 1)?;
    let seed_small = small_seed(Method::DepthwiseSeparable)?;
    let seed_valid = layer(Method::DepthwiseSeparable, seed::layer(0), 1)?;
    let doubled = layer(Method::DepthwiseSeparable, small.params, 2)?;
    let figures = SeedFigures::compute()?;
    let mobilenet = preset("mobilenet-v1")?;
    let stem = match mobilenet.built.first().map(|r| r.op) {
        Some(LayerOp::Conv(c)) => layer(c.method, c.params, c.multiplier)?,
        _ => return Err(ContentError::UnknownPreset("mobilenet-v1")),
    };
    let stem_separable = layer(Method::DepthwiseSeparable, stem.params, 1)?;
    // The stage shows the same kind of layer (kernel, stride, padding, colour channels) on an
    // image small enough to watch.
    let small_stem = layer(
        stem.method,
        ConvParams {
            input: Pair::square(9),
            out_channels: 4,
            ..stem.params
        },
        1,
    )?;
    let lesson = Lesson {
        id: "depthwise-separable",
        method: Method::DepthwiseSeparable,
        title: "Depthwise separable convolution",
        chapters: vec![
            chapter(
                "Step one: a kernel per channel",
                watch_stage(&small, before_plane_end(&small, 5)?, Sight::NextChannel { then: 4 }),
                vec![t("Watch the kernel finish one channel and move on to the next: each kernel stays on its own channel, and nothing is mixed in this step.")],
                vec![
                    vec![
                        t("Take a "), p.lf("input-shape", &small),
                        t(" input, the example of a widely copied explanation."),
                        t(" Instead of filters as deep as the input ("), p.lf("standard-filter", &small),
                        t(" each, as a standard convolution uses), the depthwise step gives each channel its own "),
                        p.lf("filter", &small), t(" kernel, "), p.lf("in-channels", &small),
                        t(" in all. Each slides over its own channel and writes a "), p.lf("stage1-plane", &small), t(" map."),
                    ],
                    vec![
                        t("Stacked, the maps form a "), p.lf("intermediate-shape", &small),
                        t(" tensor. The step costs "), p.lf("stage1-macs", &small), t(" MACs and holds "),
                        p.lf("stage1-params", &small), t(" weights. No channel has met another yet."),
                    ],
                ],
            ),
            chapter(
                "Step two: the pointwise mix",
                Stage {
                    granularity: Granularity::Mac,
                    ..watch_stage(
                        &small,
                        second_stage_start(&small, Granularity::Mac, 0)?,
                        Sight::Outputs(3),
                    )
                },
                vec![t("Watch a pointwise kernel, one multiply-add per step, read one value from every channel of the intermediate tensor at a single position.")],
                vec![
                    vec![
                        t("The pointwise step is a standard convolution with "), p.lf("pointwise-filter", &small),
                        t(" kernels: at each position one kernel weighs the "), p.lf("pointwise-in-channels", &small),
                        t(" values of the "), p.lf("intermediate-shape", &small), t(" tensor and adds them, writing a "),
                        p.lf("stage2-plane", &small), t(" map. With "), p.lf("out-channels", &small),
                        t(" such kernels the output is "), p.lf("output-shape", &small), t("."),
                    ],
                    vec![
                        t("This step costs "), p.lf("stage2-macs", &small), t(" MACs. Both steps together cost "),
                        p.lf("macs", &small), t(", while a standard layer with the same input and output costs "),
                        p.lf("standard-macs", &small), t(": "), p.lf("mac-ratio", &small), t(" fewer."),
                    ],
                ],
            ),
            chapter(
                "The cost formula",
                watch_stage(
                    &seed_small,
                    second_stage_start(&seed_small, Granularity::Element, 6)?,
                    Sight::NextStage { then: 4 },
                ),
                vec![
                    t("Watch the counters under the stage as the depthwise step ends and the pointwise step begins: each output then adds "),
                    p.lf("pointwise-in-channels", &seed_small), t(" MACs where a standard layer needs "),
                    p.lf("standard-taps-per-output", &seed_small), t("."),
                ],
                vec![
                    vec![
                        t("For C input channels, N output channels, K×K kernels and H×W outputs, the two steps cost "),
                        formula("K²·C·H·W + C·N·H·W"), t(" MACs and a standard layer "), formula("K²·C·N·H·W"),
                        t(". Their ratio is "), formula("1/N + 1/K²"),
                        t(": the more output channels and the larger the kernel, the larger the saving."),
                    ],
                    vec![
                        t("The widely copied example takes a "), p.lf("input-shape", &seed_same), t(" image to "),
                        p.lf("out-channels", &seed_same), t(" channels with "), p.lf("kernel", &seed_same),
                        t(" kernels. With padding that keeps the size, the depthwise step costs "),
                        p.lf("stage1-macs", &seed_same), t(" MACs and the pointwise step "),
                        p.lf("stage2-macs", &seed_same), t(", together "), p.lf("macs", &seed_same),
                        t(" against "), p.lf("standard-macs", &seed_same), t(". That is "),
                        p.lf("mac-ratio-inverse", &seed_same), t(" of the cost, exactly "),
                        formula("1/N + 1/K²"), t(": "), p.lf("mac-ratio", &seed_same), t(" fewer MACs."),
                    ],
                    vec![
                        t("The stage runs the same channels and kernels on an image small enough to watch, "),
                        p.lf("input-shape", &seed_small), t(": "), p.lf("macs", &seed_small), t(" MACs against "),
                        p.lf("standard-macs", &seed_small), t(", again "), p.lf("mac-ratio", &seed_small),
                        t(" fewer, because H×W appears in both counts and cancels."),
                    ],
                    vec![t("That is why the method is called a good choice for constrained hardware, and why MobileNet was built from it for phones. The time saved is smaller than the MAC ratio, though: a depthwise step does little arithmetic for each value it reads, so on real hardware memory traffic rather than multiplication often limits it. MobileNet's authors make the same point: few multiply-adds are not enough, the operations must also run well, which is why nearly all of its arithmetic sits in the pointwise steps, one dense matrix product each.")],
                ],
            )
            .with_aside(
                "A widely copied explanation's figures, corrected",
                vec![
                    vec![
                        t("A widely copied explanation of this example gives "), fact("quoted-standard", Value::Count(quoted::STANDARD)),
                        t(" MACs for the standard layer. That product leaves out the input channels: each filter is "),
                        p.lf("standard-filter", &seed_same), t(", so the count is "), p.lf("in-channels", &seed_same),
                        t(" times larger, "), p.lf("standard-macs", &seed_same), t(" with padding or "),
                        p.lf("standard-macs", &seed_valid), t(" without."),
                    ],
                    vec![
                        t("Its depthwise term, "), fact("quoted-depthwise", Value::Count(quoted::DEPTHWISE)),
                        t(", is one channel's worth at full size; all channels give "),
                        p.lf("stage1-macs", &seed_same), t(". Its pointwise term, "),
                        fact("quoted-pointwise", Value::Count(quoted::POINTWISE)),
                        t(", uses the unpadded "), p.lf("output-size", &seed_valid),
                        t(" outputs and again drops the input channels: the true figure at that size is "),
                        p.lf("stage2-macs", &seed_valid), t(". The text also mixes sizes: it writes "),
                        p.lf("output-size", &seed_valid), t(" outputs for the depthwise step but counts "),
                        p.lf("output-size", &seed_same), t(" positions."),
                    ],
                    vec![
                        t("Its sum is mis-added too: "), fact("quoted-depthwise", Value::Count(quoted::DEPTHWISE)),
                        t(" + "), fact("quoted-pointwise", Value::Count(quoted::POINTWISE)), t(" is "),
                        fact("quoted-terms-sum", Value::Count(figures.quoted_terms_sum)), t(", not "),
                        fact("quoted-total", Value::Count(quoted::TOTAL)), t(". Its ratio, "),
                        fact("quoted-ratio", Value::Hundredths(quoted::RATIO_HUNDREDTHS)),
                        t(", comes from the wrong figures. The true ratio is "),
                        p.lf("mac-ratio", &seed_valid),
                        t(" whether the layer is padded or not: padding changes H×W, and H×W cancels out."),
                    ],
                ],
            ),
            chapter(
                "The depth multiplier",
                stage(&doubled, Panel::Connections),
                vec![t("Watch the connection matrix of the depthwise step: each input channel feeds a band of outputs.")],
                vec![
                    vec![
                        t("The depthwise step can give each channel several kernels. With a depth multiplier of "),
                        p.lf("multiplier", &doubled), t(", each of the "), p.lf("in-channels", &doubled),
                        t(" channels gets that many kernels, and the intermediate tensor becomes "),
                        p.lf("intermediate-shape", &doubled), t(". The depthwise step costs "),
                        p.lf("stage1-macs", &doubled), t(" MACs, and the pointwise step, now reading "),
                        p.lf("pointwise-in-channels", &doubled), t(" channels, "), p.lf("stage2-macs", &doubled), t("."),
                    ],
                    vec![t("The multiplier gives the pointwise step more to mix, at a cost that grows with it. Keras calls it depth_multiplier; in PyTorch it is a convolution with groups equal to the input channels and a multiple of them as output channels.")],
                ],
            ),
            chapter(
                "Why the first layer stays standard",
                watch_stage(&small_stem, None, Sight::RowEnd),
                vec![t("Watch a first-layer filter stride along a row: at every position it reads the colour channels together, with its own pattern for each (the kernel math under the stage).")],
                vec![
                    vec![
                        name("MobileNet v1"), t(" uses depthwise separable blocks everywhere except its first layer, a standard "),
                        p.lf("kernel", &stem), t(" convolution from "), p.lf("input-shape", &stem), t(" to "),
                        p.lf("output-shape", &stem), t(". It costs "), p.lf("macs", &stem), t(" MACs, only "),
                        p.pf("first-layer-share", "mobilenet-v1"), t(" of the network's "),
                        p.pf("built-macs", "mobilenet-v1"), t("; made depthwise separable it would cost "),
                        p.lf("macs", &stem_separable), t(", a small saving in the network's total."),
                        t(" The stage shows the same kind of layer on an image small enough to watch: "),
                        p.lf("input-shape", &small_stem), t(" to "), p.lf("output-shape", &small_stem),
                        t(", with the same kernels, stride and padding."),
                    ],
                    vec![
                        t("The larger reason is what the layer can learn. With "), p.lf("in-channels", &stem_separable),
                        t(" input channels, the depthwise step would apply one shared spatial pattern to each colour, and the pointwise step could only weigh those few filtered maps: all "),
                        p.lf("out-channels", &stem_separable),
                        t(" outputs would see each colour through the same pattern, merely scaled. A standard first layer gives every filter its own pattern for every colour, and it is cheap precisely because the input has so few channels."),
                    ],
                ],
            ),
        ],
    };
    p.done(lesson)
}

// ---------------------------------------------------------------------------------------------
// Grouped.

fn grouped_lesson() -> Built<Lesson> {
    let mut p = Prose::default();
    let two = square(Method::Grouped, (8, 8, 2), 8, 3, 1)?;
    let four = square(Method::Grouped, (8, 8, 4), 8, 3, 1)?;
    let depthwise = square(Method::Grouped, (8, 8, 8), 8, 3, 1)?;
    let banded = square(Method::Grouped, (8, 16, 8), 8, 3, 1)?;
    let (stack_c, stack_g) = (12, 3);
    let stacked = square(Method::Grouped, (stack_c, stack_c, stack_g), 8, 1, 0)?;
    let alexnet = layer(Method::Grouped, alexnet_conv2(), 1)?;
    let gpus = alexnet_two_gpus()?;
    let gpu = gpus
        .devices
        .first()
        .copied()
        .ok_or(ContentError::UnknownPreset("alexnet-conv2"))?;
    let gpu_filters =
        (gpu.groups.1 - gpu.groups.0) * alexnet.params.out_channels / alexnet.params.groups;
    let batch = 128;
    let data = split_by_data(alexnet.params, gpus.devices.len(), batch)?;
    let data_gpu = data
        .devices
        .first()
        .copied()
        .ok_or(ContentError::UnknownPreset("alexnet-conv2"))?;
    let model =
        super::devices::split_by_groups(alexnet.params, gpus.devices.len(), batch, gpus.next)?;
    let model_gpu = model
        .devices
        .first()
        .copied()
        .ok_or(ContentError::UnknownPreset("alexnet-conv2"))?;
    let resnext = preset("resnext50-conv2")?;
    let resnext_layer = layer(Method::Grouped, resnext.load.params, 1)?;
    let devices_panel = |batch| Panel::Devices {
        devices: gpus.devices.len(),
        batch,
    };
    let lesson = Lesson {
        id: "grouped",
        method: Method::Grouped,
        title: "Grouped convolution",
        chapters: vec![
            chapter(
                "Filters that see part of the input",
                stage(&two, Panel::Connections),
                vec![t("Watch the connection matrix: the filled blocks sit on the diagonal, one per group.")],
                vec![
                    vec![
                        t("A grouped convolution splits the input channels into g groups and the filters into as many. Each filter reads only its own group: with "),
                        p.lf("in-channels", &two), t(" input channels in "), p.lf("groups", &two),
                        t(" groups, a filter is "), p.lf("filter", &two), t(" instead of "),
                        p.lf("standard-filter", &two), t(". The groups' outputs are stacked into one "),
                        p.lf("output-shape", &two), t(" tensor."),
                    ],
                    vec![t("That is all a grouped layer is: one layer whose filters are split by channel. A widely copied explanation describes it as several models run in parallel and joined at the end, which is looser than that; the groups are slices of one layer's input and output, in one place in the network.")],
                ],
            ),
            chapter(
                "Parameters and MACs divide by g",
                Stage {
                    sight: Sight::Outputs(3),
                    ..stage(&four, Panel::Connections)
                },
                vec![
                    t("Watch the two counters under the stage: each output adds "), p.lf("taps-per-output", &four),
                    t(" MACs, where the standard layer needs "), p.lf("standard-taps-per-output", &four), t("."),
                ],
                vec![
                    vec![
                        t("With "), p.lf("groups", &four), t(" groups each filter has "),
                        p.lf("taps-per-output", &four), t(" weights instead of "),
                        p.lf("standard-taps-per-output", &four), t(", so the layer holds "),
                        p.lf("params", &four), t(" weights instead of "), p.lf("standard-params", &four),
                        t(" and costs "), p.lf("macs", &four), t(" MACs instead of "),
                        p.lf("standard-macs", &four), t(": "), p.lf("mac-ratio", &four),
                        t(" fewer, the number of groups."),
                    ],
                    vec![t("The output keeps its size and its channels. What is given up is that a filter no longer sees every input channel.")],
                ],
            ),
            chapter(
                "One group per channel is depthwise",
                stage(&depthwise, Panel::Connections),
                vec![t("Watch the connection matrix shrink to its diagonal.")],
                vec![vec![
                    t("With as many groups as input channels, "), p.lf("groups", &depthwise),
                    t(" here, each filter reads a single channel: that is the depthwise convolution of the previous lesson, and the connection matrix is a diagonal. With "),
                    p.lf("out-channels", &banded), t(" outputs in "), p.lf("groups", &banded),
                    t(" groups, each input channel feeds "), p.lf("outputs-per-group", &banded),
                    t(" outputs: a depth multiplier, drawn as a band along the diagonal."),
                ]],
            ),
            chapter(
                "Channels never mix across groups",
                stage(&stacked, Panel::Shuffle { channels: stack_c, groups: stack_g, shuffled: false }),
                vec![t("Watch the composed matrix of the two layers: it is as block-diagonal as each layer alone.")],
                vec![
                    vec![
                        t("Stack two grouped layers with the same groups and follow one output back: it reads one group of the first layer's outputs, which read one group of the input. The composed matrix shows it: each output sees "),
                        p.sf("reach-most", stack_c, stack_g, false), t(" of the "),
                        p.sf("groups", stack_c, stack_g, false), t(" input groups."),
                    ],
                    vec![t("However many such layers are stacked, information from different groups never meets. That limits what the network can learn, so grouped layers are followed by something that mixes channels: a standard or pointwise layer, or a shuffle.")],
                ],
            ),
            chapter(
                "Channel shuffle",
                stage(&stacked, Panel::Shuffle { channels: stack_c, groups: stack_g, shuffled: true }),
                vec![t("Watch the composed matrix fill in when the shuffle is switched on.")],
                vec![
                    vec![t("ShuffleNet mixes the groups with no arithmetic. Between two grouped layers it writes the channels into a table with one row per group, reads the table column by column, and so deals each new group one channel from every old group. There are no MACs and no weights: only a new order.")],
                    vec![
                        t("With the shuffle each output sees "), p.sf("reach-fewest", stack_c, stack_g, true),
                        t(" of the "), p.sf("groups", stack_c, stack_g, true), t(" input groups. "),
                        name("ShuffleNet v1"), t(" places it between its grouped pointwise layers; with "),
                        p.pf("load-groups", "shufflenet-v1-g3"), t(" groups one of its units costs "),
                        p.pf("built-macs", "shufflenet-v1-g3"), t(" MACs, where the same unit without groups costs "),
                        p.pf("standard-macs", "shufflenet-v1-g3"), t("."),
                    ],
                ],
            ),
            chapter(
                "Groups as devices",
                stage(&alexnet, devices_panel(1)),
                vec![t("Watch the device panel: weights, activations and work split evenly, and traffic appears only between the layers.")],
                vec![
                    vec![
                        name("AlexNet conv2"), t(" is the historical case. The network did not fit in the memory of one GPU of its day, so its authors split each layer's filters between "),
                        p.lf("groups", &alexnet), t(" GPUs, and this layer became a grouped one: each GPU holds "),
                        fact("device-filters", Value::Count(gpu_filters as u64)), t(" filters of "),
                        p.lf("filter", &alexnet), t(", that is "), fact("device-params", Value::Count(gpu.params)),
                        t(" parameters, and computes "), fact("device-macs", Value::Count(gpu.macs)),
                        t(" of the layer's "), p.lf("macs", &alexnet), t(" MACs from its own share of the "),
                        p.lf("input-shape", &alexnet), t(" input."),
                    ],
                    vec![
                        t("Inside the layer nothing crosses between the GPUs: "),
                        fact("traffic-within", Value::Count(gpus.traffic_within)), t(" values. The next layer, "),
                        name("AlexNet conv3"), t(", reads every channel, so before it each GPU must receive the other's pooled maps: "),
                        fact("device-receives", Value::Count(gpu.receives)), t(" values each, "),
                        fact("traffic-before-next", Value::Count(gpus.traffic_before_next)), t(" in all."),
                    ],
                ],
            ),
            chapter(
                "Model and data parallelism",
                stage(&alexnet, devices_panel(batch)),
                vec![t("Watch both columns of the device panel: the same work, split two ways.")],
                vec![
                    vec![t("A widely copied explanation gives three reasons for groups: memory, width and parallel training. Memory: each device stores only its groups' weights and activations. Width: since the cost divides by g, more groups buy a wider layer for the same cost. Parallel training: the groups of a layer run on different devices at once, which is model parallelism.")],
                    vec![
                        t("Data parallelism splits the batch instead. With a batch of "), fact("batch", Value::Count(batch)),
                        t(" images, each of the "), fact("devices", Value::Count(data.devices.len() as u64)),
                        t(" devices holds all "), fact("data-device-params", Value::Count(data_gpu.params)),
                        t(" parameters and computes "), fact("data-device-macs", Value::Count(data_gpu.macs)),
                        t(" MACs for its share of the images. Split by groups, each holds "),
                        fact("model-device-params", Value::Count(model_gpu.params)),
                        t(" parameters and computes the same "), fact("model-device-macs", Value::Count(model_gpu.macs)),
                        t(" MACs for the whole batch. What moves differs: data-parallel devices add up their weight gradients after each training step, "),
                        fact("gradient-traffic", Value::Count(data.gradient_traffic)),
                        t(" values with a ring all-reduce, which sends "), formula("2·(d−1)·P"),
                        t(" in all for d devices and P parameters; the group split moves activations between layers instead."),
                    ],
                    vec![t("The same explanation also says that data parallelism means smaller batches and so noisier, slower training. With synchronous training that is not so: the devices' gradients are summed before the weights change, so each step equals one step on the whole batch. Only batch normalization, which computes its statistics on each device's share, sees the smaller batch.")],
                ],
            ),
            chapter(
                "Which networks use groups",
                stage(&resnext_layer, Panel::Connections),
                vec![t("Watch the connection matrix of this layer: many narrow blocks along the diagonal.")],
                vec![
                    vec![
                        t("Networks that use grouped convolutions: AlexNet, with "), p.lf("groups", &alexnet),
                        t(" groups for its GPUs; ResNeXt, whose "), name("ResNeXt-50"), t(" blocks use "),
                        p.lf("groups", &resnext_layer), t(" groups of "), p.lf("channels-per-group", &resnext_layer),
                        t(" channels (its “cardinality”); ShuffleNet, with grouped pointwise layers and the shuffle; MobileNet and Xception, whose depthwise layers are grouped convolutions with one group per channel."),
                    ],
                    vec![
                        t("In "), name("ResNeXt-50"), t(" this layer costs "), p.pf("built-macs", "resnext50-conv2"),
                        t(" MACs; as a standard layer it would cost "), p.pf("standard-macs", "resnext50-conv2"), t("."),
                    ],
                    vec![t("Not grouped: VGG uses standard convolutions only. Inception and GoogLeNet run parallel branches with different kernels and concatenate them, but every branch reads all the input channels: related to groups, not groups. ResNet uses standard convolutions too; that explanation's “RexNet” and “RexNeXt” most likely mean ResNet and ResNeXt, and only ResNeXt is grouped. (A network named ReXNet does exist: a later, different design, not the one meant here.) An ensemble combines whole trained models, and ENAS is a method for searching architectures: neither is a grouped convolution.")],
                ],
            ),
        ],
    };
    p.done(lesson)
}
