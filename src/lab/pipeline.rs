//! The four methods on a picture, as a plan of steps the engine computes: each step is a
//! convolution (row by row with the engine's SIMD lanes, in bands of rows so the page can
//! yield between them; see [`conv_rows`]), a difference of two tensors, or a channel shuffle.
//! Every convolution's spec comes from `engine::cost`, so the MACs the page shows are the
//! ones computed. The banded convolution
//! gives the same bits as the engine's reference on the whole picture: each band reads its rows
//! with the padding written as zeros, in the engine's summation order.

use crate::engine::conv::output_taps;
use crate::engine::cost::{self, MethodCost, StageCost};
use crate::engine::simd::{Lanes, F4, LANES};
use crate::engine::{ConvError, ConvParams, ConvSpec, KernelMatrix, Method, Pair, Shape3};
use crate::engine::{Tensor, Weights};
use crate::lessons::editor::EditorAnalysis;
use crate::timeline::{Phase, Step, StepDetail, TapValue, TensorId};

/// A pointwise mix: the weights of one 1×1×3 kernel over red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mix {
    /// Luminance (Rec. 601): `0.299 R + 0.587 G + 0.114 B`.
    Luminance,
    /// Red minus green.
    RedGreen,
    /// Blue minus the mean of red and green.
    BlueYellow,
    /// The reader's own weights.
    Custom([f32; 3]),
}

impl Mix {
    /// The mixes offered by name.
    pub const NAMED: [Mix; 3] = [Mix::Luminance, Mix::RedGreen, Mix::BlueYellow];
    /// The weights over R, G, B.
    pub fn weights(self) -> [f32; 3] {
        match self {
            Mix::Luminance => [0.299, 0.587, 0.114],
            Mix::RedGreen => [1.0, -1.0, 0.0],
            Mix::BlueYellow => [-0.5, -0.5, 1.0],
            Mix::Custom(w) => w,
        }
    }
    /// The key in the URL (`lum`, `rg`, `by`), or `None` for own weights.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Mix::Luminance => Some("lum"),
            Mix::RedGreen => Some("rg"),
            Mix::BlueYellow => Some("by"),
            Mix::Custom(_) => None,
        }
    }
    /// The name shown.
    pub fn label(self) -> String {
        match self {
            Mix::Luminance => "luminance".into(),
            Mix::RedGreen => "red − green".into(),
            Mix::BlueYellow => "blue − yellow".into(),
            Mix::Custom([r, g, b]) => format!(
                "own mix {} R, {} G, {} B",
                crate::lessons::kernel_text::format_value(f64::from(r)),
                crate::lessons::kernel_text::format_value(f64::from(g)),
                crate::lessons::kernel_text::format_value(f64::from(b))
            ),
        }
    }
}

/// What the reader chose for the pipelines (besides the method).
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The kernel (at most 15×15).
    pub kernel: KernelMatrix,
    /// The depthwise separable method's pointwise mixes (at least one).
    pub mixes: Vec<Mix>,
    /// The grouped method's groups: 1 or 3 (they divide the 3 colour channels).
    pub groups: usize,
    /// Whether the grouped layer's outputs are shuffled before the following grouped layer.
    pub shuffle: bool,
}

/// The grouped method's output channels: two filters (the kernel and its transpose) for each
/// of three colours, whatever the groups, so the groups divide the same layer's work.
pub const GROUPED_OUTPUTS: usize = 6;

/// Whether a step is part of the method or a check beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A step of the method; its MACs count.
    Method,
    /// A check: the full kernel, the difference, a shuffle (no MACs).
    Check,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A convolution of tensor `input` with `weights` (no bias), on the fast path.
    Conv {
        /// Its validated spec (stride 1, dilation 1).
        spec: ConvSpec,
        /// Its weights.
        weights: Weights,
        /// The timeline's phase its math line names.
        phase: Phase,
    },
    /// Tensor `a` minus tensor `b` (same shapes).
    Difference {
        /// Index of the minuend.
        a: usize,
        /// Index of the subtrahend.
        b: usize,
    },
    /// Channel shuffle of tensor `input` across `groups` groups.
    Shuffle {
        /// Groups.
        groups: usize,
    },
}

/// One step of a plan: it reads tensor `input` (0 is the picture; step `i` writes tensor
/// `i + 1`) and writes one tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    /// Its title, e.g. "column pass".
    pub name: String,
    /// The tensor it reads.
    pub input: usize,
    /// What it does.
    pub op: Op,
    /// Part of the method or a check.
    pub role: Role,
    /// Each output channel's name ("R", "luminance", "group 2 · Sobel X on G").
    pub channel_names: Vec<String>,
    /// The group each output channel belongs to (for tints), when the step is grouped.
    pub channel_groups: Option<Vec<usize>>,
}

/// A method's plan on a picture of a given size.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The method.
    pub method: Method,
    /// The picture's `[3, H, W]`.
    pub input: Shape3,
    /// The steps in order.
    pub steps: Vec<PlanStep>,
    /// The method's costs, from `engine::cost` (for grouped, the grouped layer and the layer
    /// after it, in order).
    pub costs: Vec<MethodCost>,
    /// Spatial separable: the column ⊗ row passes the kernel takes (its rank, at least 1).
    pub passes: usize,
}

const RGB: [&str; 3] = ["R", "G", "B"];

impl Plan {
    /// The plan of `method` with `choice` on a `[3, H, W]` picture.
    pub fn new(method: Method, choice: &Choice, input: Shape3) -> Result<Plan, ConvError> {
        let k = &choice.kernel;
        let kernel = Pair::new(k.rows(), k.cols());
        let params = ConvParams {
            in_channels: input.c,
            input: Pair::new(input.h, input.w),
            out_channels: input.c,
            kernel,
            padding: Pair::new(kernel.h / 2, kernel.w / 2),
            ..ConvParams::default()
        };
        let kf = k.to_f32();
        let c = input.c;
        let per_channel = |what: &str| -> Vec<String> {
            (0..c)
                .map(|ch| format!("{what} {}", RGB.get(ch).unwrap_or(&"?")))
                .collect()
        };
        let conv = |name: &str, stage: &StageCost, input, weights, phase, role, names| PlanStep {
            name: name.into(),
            input,
            op: Op::Conv {
                spec: stage.spec,
                weights,
                phase,
            },
            role,
            channel_names: names,
            channel_groups: None,
        };
        let mut passes = 1;
        let (steps, costs) = match method {
            Method::Standard => {
                let cost = cost::standard(ConvParams {
                    out_channels: 1,
                    ..params
                })?;
                // One K×K×3 filter: the kernel on each channel, averaged over the three.
                let kk = kf.len();
                let weights = Weights::from_fn([1, c, kernel.h, kernel.w], |_, _, i, j| {
                    kf[i * kernel.w + j] / c as f32
                })?;
                debug_assert_eq!(weights.data().len(), c * kk);
                let step = conv(
                    "output",
                    &cost.stages[0],
                    0,
                    weights,
                    Phase::Standard,
                    Role::Method,
                    vec!["the kernel on R, G and B, averaged".into()],
                );
                (vec![step], vec![cost])
            }
            Method::SpatialSeparable => {
                let stage_kernel = EditorAnalysis::of(k).stage_kernel();
                let kp = stage_kernel.passes;
                passes = kp.len().max(1);
                let cost = cost::spatial_separable_passes(params, passes)?;
                let column = Weights::from_fn([c * passes, 1, kernel.h, 1], |o, _, i, _| {
                    kp[o % passes].column.get(i).copied().unwrap_or(0.0)
                })?;
                let row = Weights::from_fn([c, passes, 1, kernel.w], |_, p, _, j| {
                    kp[p].row.get(j).copied().unwrap_or(0.0)
                })?;
                let full = Weights::from_fn([c, 1, kernel.h, kernel.w], |_, _, i, j| {
                    kf[i * kernel.w + j]
                })?;
                let column_names = (0..c * passes)
                    .map(|o| {
                        let ch = RGB.get(o / passes).unwrap_or(&"?");
                        if passes == 1 {
                            format!("column pass {ch}")
                        } else {
                            format!("column pass {} of {passes}, {ch}", o % passes + 1)
                        }
                    })
                    .collect();
                let steps = vec![
                    conv(
                        "column pass",
                        &cost.stages[0],
                        0,
                        column,
                        Phase::Column,
                        Role::Method,
                        column_names,
                    ),
                    conv(
                        "row pass",
                        &cost.stages[1],
                        1,
                        row,
                        Phase::Row,
                        Role::Method,
                        per_channel("row pass"),
                    ),
                    conv(
                        "full kernel",
                        &cost.standard,
                        0,
                        full,
                        Phase::Standard,
                        Role::Check,
                        per_channel("full kernel"),
                    ),
                    PlanStep {
                        name: "difference".into(),
                        input: 2,
                        op: Op::Difference { a: 2, b: 3 },
                        role: Role::Check,
                        channel_names: per_channel("passes − full kernel"),
                        channel_groups: None,
                    },
                ];
                (steps, vec![cost])
            }
            Method::DepthwiseSeparable => {
                let mixes = &choice.mixes;
                let cost = cost::depthwise_separable_with_biases(
                    ConvParams {
                        out_channels: mixes.len().max(1),
                        ..params
                    },
                    1,
                    false,
                    false,
                )?;
                let dw = Weights::from_fn([c, 1, kernel.h, kernel.w], |_, _, i, j| {
                    kf[i * kernel.w + j]
                })?;
                let pw = Weights::from_fn([mixes.len().max(1), c, 1, 1], |o, ci, _, _| {
                    mixes
                        .get(o)
                        .map_or(0.0, |m| m.weights().get(ci).copied().unwrap_or(0.0))
                })?;
                let steps = vec![
                    conv(
                        "depthwise",
                        &cost.stages[0],
                        0,
                        dw,
                        Phase::Depthwise,
                        Role::Method,
                        per_channel("depthwise"),
                    ),
                    conv(
                        "pointwise",
                        &cost.stages[1],
                        1,
                        pw,
                        Phase::Pointwise,
                        Role::Method,
                        mixes.iter().map(|m| m.label()).collect(),
                    ),
                ];
                (steps, vec![cost])
            }
            Method::Grouped => {
                let g = choice.groups;
                let o = GROUPED_OUTPUTS;
                let layer = ConvParams {
                    out_channels: o,
                    groups: g,
                    ..params
                };
                let first = cost::grouped(layer)?;
                let cg = c / g.max(1);
                let og = o / g.max(1);
                // Filter `f` of a group: the kernel (even `f`) or its transpose (odd `f`) on
                // each of its group's channels, weighted by one colour mix when the group has
                // all three channels (grey, red − green, blue − yellow), by 1 when it has one.
                let transposed = kernel.h == kernel.w;
                let weights = Weights::from_fn([o, cg, kernel.h, kernel.w], |oi, ci, i, j| {
                    let f = oi % og;
                    let tap = if f % 2 == 1 && transposed {
                        kf[j * kernel.w + i]
                    } else {
                        kf[i * kernel.w + j]
                    };
                    let scale = if cg == 1 {
                        1.0
                    } else {
                        let mix = [[1.0 / 3.0; 3], [1.0, -1.0, 0.0], [-0.5, -0.5, 1.0]];
                        mix[(f / 2) % 3].get(ci).copied().unwrap_or(0.0)
                    };
                    tap * scale
                })?;
                let kind = |f: usize| {
                    if f % 2 == 1 && transposed {
                        "kernel transposed"
                    } else {
                        "kernel"
                    }
                };
                let names: Vec<String> = (0..o)
                    .map(|oi| {
                        let (group, f) = (oi / og, oi % og);
                        let reads = if cg == 1 {
                            RGB.get(group).unwrap_or(&"?").to_string()
                        } else {
                            ["grey", "red − green", "blue − yellow"][(f / 2) % 3].to_string()
                        };
                        format!("group {} · {} on {reads}", group + 1, kind(f))
                    })
                    .collect();
                let groups_of: Vec<usize> = (0..o).map(|oi| oi / og).collect();
                let second_params = ConvParams {
                    in_channels: o,
                    out_channels: o,
                    kernel: Pair::square(1),
                    padding: Pair::square(0),
                    groups: g,
                    input: Pair::new(first.output().h, first.output().w),
                    ..ConvParams::default()
                };
                let second = cost::grouped(second_params)?;
                // The following grouped 1×1 layer: each output takes its own input and half of
                // each other input of its group.
                let c2 = o / g.max(1);
                let mixer = Weights::from_fn(
                    [o, c2, 1, 1],
                    |oi, ci, _, _| {
                        if ci == oi % c2 {
                            1.0
                        } else {
                            0.5
                        }
                    },
                )?;
                let mut steps = vec![PlanStep {
                    channel_groups: Some(groups_of.clone()),
                    ..conv(
                        "grouped convolution",
                        &first.stages[0],
                        0,
                        weights,
                        Phase::Group(0),
                        Role::Method,
                        names.clone(),
                    )
                }];
                let mut read = 1;
                if choice.shuffle {
                    let order = shuffle_order(o, g);
                    steps.push(PlanStep {
                        name: "channel shuffle".into(),
                        input: 1,
                        op: Op::Shuffle { groups: g },
                        role: Role::Check,
                        channel_names: order.iter().map(|&from| names[from].clone()).collect(),
                        channel_groups: Some(order.iter().map(|&from| groups_of[from]).collect()),
                    });
                    read = 2;
                }
                steps.push(PlanStep {
                    channel_groups: Some(groups_of.clone()),
                    ..conv(
                        "following grouped 1×1 layer",
                        &second.stages[0],
                        read,
                        mixer,
                        Phase::Group(0),
                        Role::Method,
                        (0..o)
                            .map(|oi| format!("group {} · output {}", oi / og + 1, oi % og + 1))
                            .collect(),
                    )
                });
                (steps, vec![first, second])
            }
        };
        Ok(Plan {
            method,
            input,
            steps,
            costs,
            passes,
        })
    }

    /// The exact MACs of the method's steps on this picture, from `engine::cost`.
    pub fn macs(&self) -> u64 {
        self.costs.iter().map(|c| c.macs()).sum()
    }

    /// The MACs a standard convolution with the same kernel would take (spatial separable: the
    /// full kernel per channel; depthwise separable: K×K×3 filters per output).
    pub fn standard_macs(&self) -> u64 {
        self.costs.iter().map(|c| c.standard.macs).sum()
    }

    /// The MACs every step performs, checks included.
    pub fn step_macs(&self) -> Vec<u64> {
        self.steps
            .iter()
            .map(|s| match &s.op {
                Op::Conv { spec, .. } => StageCost::of("", *spec).macs,
                _ => 0,
            })
            .collect()
    }
}

/// Where each output channel of a shuffle comes from: output `i·G + g` is input `g·(C/G) + i`
/// (ShuffleNet's reshape to `[G, C/G]`, transpose, flatten).
pub fn shuffle_order(channels: usize, groups: usize) -> Vec<usize> {
    let g = groups.max(1);
    let per = channels / g;
    (0..channels).map(|o| (o % g) * per + o / g).collect()
}

/// A plan being computed, one band of rows at a time.
#[derive(Debug, Clone)]
pub struct Job {
    plan: Plan,
    tensors: Vec<Tensor>,
    step: usize,
    row: usize,
    done_macs: u64,
    total_macs: u64,
}

/// Rows at least this many MACs are done per band (when a whole row is not larger).
pub const BAND_MACS: u64 = 1_500_000;

impl Job {
    /// A job computing `plan` on `input` (whose shape must be the plan's).
    pub fn new(plan: Plan, input: Tensor) -> Result<Job, ConvError> {
        if input.shape() != plan.input {
            return Err(ConvError::ShapeMismatch {
                what: "the picture",
                expected: vec![plan.input.c, plan.input.h, plan.input.w],
                found: vec![input.shape().c, input.shape().h, input.shape().w],
            });
        }
        let total_macs = plan.step_macs().iter().map(|m| m.max(&1)).sum();
        Ok(Job {
            plan,
            tensors: vec![input],
            step: 0,
            row: 0,
            done_macs: 0,
            total_macs,
        })
    }

    /// Computes the next band of at least `budget_macs` MACs (at least one row); returns
    /// whether the whole plan is done.
    pub fn advance(&mut self, budget_macs: u64) -> Result<bool, ConvError> {
        // A step's weights are at most 15×15×6 values: cloning them per band is cheap, and
        // leaves the job free to write its tensors.
        let Some(step) = self.plan.steps.get(self.step).cloned() else {
            return Ok(true);
        };
        let step_macs = match &step.op {
            Op::Conv { spec, .. } => StageCost::of("", *spec).macs,
            _ => 0,
        };
        match step.op {
            Op::Conv { spec, weights, .. } => {
                let out_shape = spec.output_shape();
                if self.row == 0 {
                    self.tensors.push(Tensor::zeros(out_shape)?);
                }
                let row_macs = (step_macs / out_shape.h.max(1) as u64).max(1);
                let rows = (budget_macs / row_macs).max(1) as usize;
                let y1 = (self.row + rows).min(out_shape.h);
                let last = self.tensors.len() - 1;
                let (done, rest) = self.tensors.split_at_mut(last);
                let input = done.get(step.input).ok_or(ConvError::Unsupported {
                    what: "the plan",
                    rule: "a step reads a tensor written before it".into(),
                })?;
                conv_rows(&spec, &weights, input, self.row, y1, &mut rest[0])?;
                self.done_macs += row_macs * (y1 - self.row) as u64;
                self.row = y1;
                if self.row >= out_shape.h {
                    self.finish_step();
                }
            }
            Op::Difference { a, b } => {
                let (ta, tb) = (&self.tensors[a], &self.tensors[b]);
                let data = ta
                    .data()
                    .iter()
                    .zip(tb.data())
                    .map(|(x, y)| x - y)
                    .collect();
                let t = Tensor::from_vec(ta.shape(), data)?;
                self.tensors.push(t);
                self.finish_step();
            }
            Op::Shuffle { groups } => {
                let t = &self.tensors[step.input];
                let s = t.shape();
                let plane = s.h * s.w;
                let order = shuffle_order(s.c, groups);
                let mut data = Vec::with_capacity(t.data().len());
                for &from in &order {
                    data.extend_from_slice(&t.data()[from * plane..(from + 1) * plane]);
                }
                let t = Tensor::from_vec(s, data)?;
                self.tensors.push(t);
                self.finish_step();
            }
        }
        Ok(self.step >= self.plan.steps.len())
    }

    fn finish_step(&mut self) {
        // The progress counts a step of no MACs as one.
        self.done_macs = self.plan.step_macs()[..=self.step]
            .iter()
            .map(|m| m.max(&1))
            .sum();
        self.step += 1;
        self.row = 0;
    }

    /// Runs the whole plan.
    pub fn run(mut self) -> Result<Computed, ConvError> {
        while !self.advance(u64::MAX)? {}
        Ok(self.finish())
    }

    /// Whether every step is done.
    pub fn is_done(&self) -> bool {
        self.step >= self.plan.steps.len()
    }

    /// Progress as (done, total), in MACs (a step without MACs counts one).
    pub fn progress(&self) -> (u64, u64) {
        (self.done_macs.min(self.total_macs), self.total_macs)
    }

    /// The plan and its tensors (the picture first), once done.
    pub fn finish(self) -> Computed {
        Computed {
            plan: self.plan,
            tensors: self.tensors,
        }
    }
}

/// A computed plan: tensor 0 is the picture, tensor `i + 1` what step `i` wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// The plan.
    pub plan: Plan,
    /// The tensors.
    pub tensors: Vec<Tensor>,
}

impl Computed {
    /// The arithmetic behind the value at `(channel, y, x)` of what step `step` wrote, as the
    /// stage's math line takes it; `None` for steps that are not convolutions or outside.
    pub fn detail(&self, step: usize, channel: usize, y: usize, x: usize) -> Option<StepDetail> {
        let plan_step = self.plan.steps.get(step)?;
        let Op::Conv {
            spec,
            weights,
            phase,
        } = &plan_step.op
        else {
            return None;
        };
        let source = self.tensors.get(plan_step.input)?;
        let value = self.tensors.get(step + 1)?.get(channel, y, x)?;
        let taps = output_taps(spec, channel, y, x).ok()?;
        let tap_count = taps.total();
        let (xs, ws) = (source.data(), weights.data());
        let mut listed = Vec::new();
        let mut sum = 0.0f32;
        for tap in taps {
            let input = tap.input_index.map_or(0.0, |i| xs[i]);
            let weight = ws[tap.weight_index];
            let product = weight * input;
            sum += product;
            if listed.len() < crate::timeline::detail::MAX_LISTED_TAPS {
                listed.push(TapValue {
                    tap,
                    input,
                    weight,
                    product,
                });
            }
        }
        let phase = match phase {
            Phase::Group(_) => Phase::Group(spec.group_of_output(channel)),
            p => *p,
        };
        Some(StepDetail {
            step: Step {
                index: 0,
                stage: step,
                phase,
                writes: TensorId::Output,
                element: (channel, y, x),
                tap: None,
                macs: tap_count as u64,
                macs_done: 0,
            },
            reads: TensorId::Input,
            taps: listed,
            tap_count,
            taps_done: tap_count,
            partial_sum: sum,
            bias: None,
            value,
        })
    }

    /// The largest absolute value of tensor `t` (0 for an empty or missing one).
    pub fn max_abs(&self, t: usize) -> f32 {
        self.tensors
            .get(t)
            .map_or(0.0, |t| t.data().iter().fold(0.0f32, |m, v| m.max(v.abs())))
    }
}

/// Outputs per register block of the row-direct convolution: four lane vectors.
const BLOCK: usize = 4 * LANES;

/// Lane vector `k` (0 to 3) of a block.
#[inline(always)]
fn lanes(block: &[f32; BLOCK], k: usize) -> &[f32; LANES] {
    let (chunks, _) = block.as_chunks::<LANES>();
    &chunks[k]
}

/// Rows `y0..y1` of the convolution `spec` of `input` with `weights` (no bias; stride 1,
/// dilation 1), written into `out`, and the MACs done. The band's input rows are copied with
/// the padding written as zeros; each output row is then accumulated in registers, 16 outputs
/// at a time with the engine's SIMD lanes, over the taps in the engine's summation order
/// `(ci, i, j)` with every product and sum rounded apart: the values are the reference's, bit
/// for bit (`tests/lab.rs`). The engine's im2col path is built for many output channels; the
/// lab's layers have one to six, where unrolling the input would cost as much as the MACs.
pub fn conv_rows(
    spec: &ConvSpec,
    weights: &Weights,
    input: &Tensor,
    y0: usize,
    y1: usize,
    out: &mut Tensor,
) -> Result<u64, ConvError> {
    let p = *spec.params();
    if p.stride != Pair::square(1) || p.dilation != Pair::square(1) {
        return Err(ConvError::Unsupported {
            what: "banded convolution",
            rule: "stride and dilation are 1".into(),
        });
    }
    let s = input.shape();
    let out_shape = spec.output_shape();
    if y1 <= y0 || y1 > out_shape.h || out.shape() != out_shape || s != spec.input_shape() {
        return Err(ConvError::Unsupported {
            what: "banded convolution",
            rule: "the band is within the output and the tensors have the spec's shapes".into(),
        });
    }
    let (kh, kw) = (p.kernel.h, p.kernel.w);
    let (ph, pw) = (p.padding.h, p.padding.w);
    let rows = y1 - y0 + kh - 1;
    // The band's input rows with the padding written as zeros, on every side.
    let bw = s.w + 2 * pw;
    let plane = s.h * s.w;
    let mut band = vec![0.0f32; s.c * rows * bw];
    for c in 0..s.c {
        for r in 0..rows {
            let iy = (y0 + r) as isize - ph as isize;
            if iy >= 0 && (iy as usize) < s.h {
                let from = c * plane + iy as usize * s.w;
                let to = (c * rows + r) * bw + pw;
                band[to..to + s.w].copy_from_slice(&input.data()[from..from + s.w]);
            }
        }
    }
    let (oh, ow) = (out_shape.h, out_shape.w);
    let groups = p.groups.max(1);
    let (cg, og) = (s.c / groups, out_shape.c / groups);
    let w = weights.data();
    let taps = cg * kh * kw;
    let data = out.data_mut();
    for o in 0..out_shape.c {
        let group = o / og.max(1);
        let filter = &w[o * taps..(o + 1) * taps];
        for oy in y0..y1 {
            let r = oy - y0;
            let out_row = &mut data[(o * oh + oy) * ow..(o * oh + oy + 1) * ow];
            // Rows of the band each tap reads, in the summation order (ci, i, j).
            let row_of = |ci: usize, i: usize| ((group * cg + ci) * rows + r + i) * bw;
            let mut x0 = 0;
            while x0 + BLOCK <= ow {
                // Four named accumulators, no loop over them: a size-optimised build keeps them
                // in registers (see `engine::simd`).
                let (mut a0, mut a1, mut a2, mut a3) =
                    (F4::zero(), F4::zero(), F4::zero(), F4::zero());
                let mut t = 0;
                for ci in 0..cg {
                    for i in 0..kh {
                        let row = row_of(ci, i) + x0;
                        for j in 0..kw {
                            let wv = F4::splat(filter[t]);
                            t += 1;
                            let Some(src) = band[row + j..].first_chunk::<BLOCK>() else {
                                continue;
                            };
                            a0 = a0.mul_add(wv, F4::load(lanes(src, 0)));
                            a1 = a1.mul_add(wv, F4::load(lanes(src, 1)));
                            a2 = a2.mul_add(wv, F4::load(lanes(src, 2)));
                            a3 = a3.mul_add(wv, F4::load(lanes(src, 3)));
                        }
                    }
                }
                if let Some(dst) = out_row[x0..].first_chunk_mut::<BLOCK>() {
                    let (d0, rest) = dst.split_at_mut(LANES);
                    let (d1, rest) = rest.split_at_mut(LANES);
                    let (d2, d3) = rest.split_at_mut(LANES);
                    for (a, d) in [(a0, d0), (a1, d1), (a2, d2), (a3, d3)] {
                        if let Some(d) = d.first_chunk_mut::<LANES>() {
                            a.store(d);
                        }
                    }
                }
                x0 += BLOCK;
            }
            for (x, y) in out_row.iter_mut().enumerate().skip(x0) {
                let mut acc = 0.0f32;
                let mut t = 0;
                for ci in 0..cg {
                    for i in 0..kh {
                        let row = row_of(ci, i) + x;
                        for j in 0..kw {
                            acc += filter[t] * band[row + j];
                            t += 1;
                        }
                    }
                }
                *y = acc;
            }
        }
    }
    Ok(out_shape.c as u64 * (y1 - y0) as u64 * ow as u64 * taps as u64)
}
