//! The numbers on the stage: a deterministic input (a recognisable shape in values 0–9) and
//! weights (integers −2…2, or reals) from a seed, and every tensor each stage writes, computed
//! once per layer by the engine's fast path.

use super::steps::{TensorId, Timeline};
use crate::config::LayerConfig;
use crate::engine::conv::conv2d;
use crate::engine::tensor::{Tensor, Weights};
use crate::engine::{ConvError, ConvParams, ConvSpec, Method, Pair};

/// Layers up to this many MACs get real numbers on the stage; larger ones animate positions
/// and counts only (computing them would stall the page).
pub const DATA_MAC_BUDGET: u64 = 64_000_000;

/// What kind of weights the stage shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ValueKind {
    /// Integer weights −2…2: the arithmetic reads at a glance.
    #[default]
    Integers,
    /// Real weights in [−1, 1], two decimals.
    Reals,
}

impl ValueKind {
    /// The `values=` key in the URL.
    pub fn key(self) -> &'static str {
        match self {
            ValueKind::Integers => "int",
            ValueKind::Reals => "real",
        }
    }
    /// The kind whose key is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "int" => Some(ValueKind::Integers),
            "real" => Some(ValueKind::Reals),
            _ => None,
        }
    }
}

/// The column and row kernels of the spatial separable stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SeparablePreset {
    /// Random integer column and row vectors from the seed, per channel.
    #[default]
    Random,
    /// Sobel X: column `[1, 2, 1]`, row `[1, 0, −1]`.
    SobelX,
    /// Sobel Y: column `[1, 0, −1]`, row `[1, 2, 1]`.
    SobelY,
    /// Gaussian 3×3 (unnormalised): `[1, 2, 1]` ⊗ `[1, 2, 1]`.
    Gaussian3,
    /// Gaussian 5×5 (unnormalised): `[1, 4, 6, 4, 1]` ⊗ `[1, 4, 6, 4, 1]`.
    Gaussian5,
    /// Box 3×3 (unnormalised): `[1, 1, 1]` ⊗ `[1, 1, 1]`.
    Box3,
}

impl SeparablePreset {
    /// Every preset, in menu order.
    pub const ALL: [SeparablePreset; 6] = [
        SeparablePreset::Random,
        SeparablePreset::SobelX,
        SeparablePreset::SobelY,
        SeparablePreset::Gaussian3,
        SeparablePreset::Gaussian5,
        SeparablePreset::Box3,
    ];
    /// The `preset=` key in the URL.
    pub fn key(self) -> &'static str {
        match self {
            SeparablePreset::Random => "random",
            SeparablePreset::SobelX => "sobel-x",
            SeparablePreset::SobelY => "sobel-y",
            SeparablePreset::Gaussian3 => "gaussian-3",
            SeparablePreset::Gaussian5 => "gaussian-5",
            SeparablePreset::Box3 => "box-3",
        }
    }
    /// The preset whose key is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        SeparablePreset::ALL.into_iter().find(|p| p.key() == key)
    }
    /// The name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            SeparablePreset::Random => "Random integers",
            SeparablePreset::SobelX => "Sobel X",
            SeparablePreset::SobelY => "Sobel Y",
            SeparablePreset::Gaussian3 => "Gaussian 3×3",
            SeparablePreset::Gaussian5 => "Gaussian 5×5",
            SeparablePreset::Box3 => "Box 3×3",
        }
    }
    /// The column and row vectors, or `None` for random ones.
    pub fn vectors(self) -> Option<(&'static [f32], &'static [f32])> {
        const SMOOTH3: [f32; 3] = [1.0, 2.0, 1.0];
        const DIFF3: [f32; 3] = [1.0, 0.0, -1.0];
        const SMOOTH5: [f32; 5] = [1.0, 4.0, 6.0, 4.0, 1.0];
        const ONES3: [f32; 3] = [1.0, 1.0, 1.0];
        match self {
            SeparablePreset::Random => None,
            SeparablePreset::SobelX => Some((&SMOOTH3, &DIFF3)),
            SeparablePreset::SobelY => Some((&DIFF3, &SMOOTH3)),
            SeparablePreset::Gaussian3 => Some((&SMOOTH3, &SMOOTH3)),
            SeparablePreset::Gaussian5 => Some((&SMOOTH5, &SMOOTH5)),
            SeparablePreset::Box3 => Some((&ONES3, &ONES3)),
        }
    }
    /// The kernel size the preset needs (`None` for random: any size).
    pub fn kernel_size(self) -> Option<usize> {
        self.vectors().map(|(c, _)| c.len())
    }
}

/// One column ⊗ row term of a spatial separable kernel. A kernel of rank k is the sum of k such
/// terms; the stage runs it as k column passes per channel whose row passes add up.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelPass {
    /// The `KH` column values, top to bottom.
    pub column: Vec<f32>,
    /// The `KW` row values, left to right.
    pub row: Vec<f32>,
}

/// A spatial separable kernel as the stage runs it: its passes, and the `KH×KW` kernel
/// (row-major) they add up to, which is the full kernel shown and the convolution the passes
/// are measured against.
#[derive(Debug, Clone, PartialEq)]
pub struct SeparableKernel {
    /// One column ⊗ row term per unit of rank (at least one).
    pub passes: Vec<KernelPass>,
    /// The kernel, row-major.
    pub kernel: Vec<f32>,
}

impl SeparableKernel {
    /// `config` as the stage runs it with this kernel: spatial separable with one column ⊗ row
    /// pass per term (the multiplier); other methods are left as they are.
    pub fn layer(&self, config: LayerConfig) -> LayerConfig {
        match config.method {
            Method::SpatialSeparable => LayerConfig {
                multiplier: self.passes.len().max(1),
                ..config
            },
            _ => config,
        }
    }
}

/// One pass's column and row values, borrowed.
type ColumnRow<'a> = (&'a [f32], &'a [f32]);

/// A small deterministic generator (SplitMix64): the same seed gives the same numbers on every
/// machine.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A whole number in `lo..=hi`.
    pub fn int(&mut self, lo: i32, hi: i32) -> i32 {
        let span = (hi - lo + 1).max(1) as u64;
        lo + (self.next_u64() % span) as i32
    }
    /// A weight of the given kind: an integer −2…2 or a real in [−1, 1] with two decimals.
    pub fn weight(&mut self, kind: ValueKind) -> f32 {
        match kind {
            ValueKind::Integers => self.int(-2, 2) as f32,
            ValueKind::Reals => self.int(-100, 100) as f32 / 100.0,
        }
    }
}

/// One stage's weights, bias and the tensor it writes.
#[derive(Debug, Clone, PartialEq)]
pub struct StageData {
    /// `[O, C/G, KH, KW]`.
    pub weights: Weights,
    /// One value per output channel, when the layer has a bias.
    pub bias: Option<Vec<f32>>,
    /// What the stage writes.
    pub output: Tensor,
}

/// Every number of one layer.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerData {
    /// The input `[C, H, W]`.
    pub input: Tensor,
    /// Per stage, in order.
    pub stages: Vec<StageData>,
    /// Spatial separable only: the full `KH×KW` kernel per channel (the sum of its column ⊗ row
    /// terms).
    pub full_kernel: Option<Weights>,
    /// Spatial separable only: max |the passes' output − the full kernel's convolution| (the
    /// full kernel is the sum of the terms, or the edited kernel they stand for).
    pub separable_difference: Option<f32>,
}

/// The input value at `(c, y, x)`: one of four shapes per channel (a ring like a zero, a
/// vertical edge, a diagonal edge, horizontal bars), 7–9 on the shape and 0–2 off it.
fn input_value(c: usize, y: usize, x: usize, h: usize, w: usize, rng: &mut SplitMix64) -> f32 {
    let (fy, fx) = ((y as f64 + 0.5) / h as f64, (x as f64 + 0.5) / w as f64);
    let on = match c % 4 {
        0 => {
            let (dy, dx) = ((fy - 0.5) / 0.42, (fx - 0.5) / 0.32);
            let r = (dy * dy + dx * dx).sqrt();
            (0.55..=1.0).contains(&r)
        }
        1 => fx >= 0.5,
        2 => fy + fx <= 1.0,
        _ => (fy * 4.0).floor() as i64 % 2 == 0,
    };
    let (lo, hi) = if on { (7, 9) } else { (0, 2) };
    rng.int(lo, hi) as f32
}

impl LayerData {
    /// Generates the numbers of `timeline`'s layer from `seed`, and computes every stage.
    /// Refuses layers over [`DATA_MAC_BUDGET`] and spatial separable presets whose size
    /// differs from the kernel.
    pub fn generate(
        timeline: &Timeline,
        seed: u64,
        kind: ValueKind,
        preset: SeparablePreset,
    ) -> Result<LayerData, ConvError> {
        let vectors = preset.vectors().map(|pair| [pair]);
        let kernel = vectors.as_ref().map(|v| (preset.label(), &v[..]));
        Self::generate_inner(timeline, seed, kind, kernel, None)
    }

    /// Like [`LayerData::generate`], with a spatial separable kernel given as its passes (the
    /// kernel editor's): the timeline's layer must have as many passes, of their size.
    pub fn generate_with_kernel(
        timeline: &Timeline,
        seed: u64,
        kind: ValueKind,
        kernel: &SeparableKernel,
    ) -> Result<LayerData, ConvError> {
        let pairs: Vec<ColumnRow> = kernel
            .passes
            .iter()
            .map(|t| (t.column.as_slice(), t.row.as_slice()))
            .collect();
        let named = Some(("the edited kernel", pairs.as_slice()));
        Self::generate_inner(timeline, seed, kind, named, Some(&kernel.kernel))
    }

    /// Generates the input and every weight from `seed`, except spatial separable kernels
    /// given as `(name, [(column, row), …])`, one pair per pass.
    fn generate_inner(
        timeline: &Timeline,
        seed: u64,
        kind: ValueKind,
        kernel: Option<(&str, &[ColumnRow])>,
        exact: Option<&[f32]>,
    ) -> Result<LayerData, ConvError> {
        if timeline.total_macs() > DATA_MAC_BUDGET {
            return Err(ConvError::TooLarge {
                what: "this layer",
                elements: timeline.total_macs(),
                cap: DATA_MAC_BUDGET,
            });
        }
        let plans = timeline.stages();
        let first = plans.first().ok_or(ConvError::Unsupported {
            what: "this layer",
            rule: "it has no stages".into(),
        })?;
        let shape = first.spec.input_shape();
        let mut rng = SplitMix64::new(seed);
        let input = Tensor::from_fn(shape, |c, y, x| {
            input_value(c, y, x, shape.h, shape.w, &mut rng)
        })?;
        let separable = timeline.method() == Method::SpatialSeparable;
        let kernel = kernel.filter(|_| separable);
        if let Some((name, passes)) = kernel {
            let p = first.spec.params();
            let kw = plans.get(1).map_or(0, |p| p.spec.params().kernel.w);
            let fits = passes
                .iter()
                .all(|(column, row)| column.len() == p.kernel.h && row.len() == kw);
            let (kh, kw_need) = passes
                .first()
                .map_or((0, 0), |(column, row)| (column.len(), row.len()));
            if !fits || passes.is_empty() {
                return Err(ConvError::Unsupported {
                    what: "kernel",
                    rule: format!(
                        "{name} is {kh}×{kw_need}; the layer's kernel is {}×{kw}",
                        p.kernel.h
                    ),
                });
            }
            if p.out_channels != p.in_channels * passes.len() {
                return Err(ConvError::Unsupported {
                    what: "kernel",
                    rule: format!(
                        "{name} is a sum of {} column ⊗ row terms; the stage was built for {}",
                        passes.len(),
                        p.out_channels / p.in_channels.max(1)
                    ),
                });
            }
        }
        let mut operands = Vec::with_capacity(plans.len());
        for (i, plan) in plans.iter().enumerate() {
            let shape = plan.spec.weight_shape();
            let weights = match (separable, kernel) {
                // Column pass: map c·k + t is channel c's column of term t; row pass: output c
                // reads its k maps, map t with term t's row.
                (true, Some((_, passes))) => Weights::from_fn(shape, |o, ci, a, b| {
                    let k = passes.len().max(1);
                    let value = if i == 0 {
                        passes.get(o % k).and_then(|(column, _)| column.get(a))
                    } else {
                        passes.get(ci).and_then(|(_, row)| row.get(b))
                    };
                    value.copied().unwrap_or(0.0)
                })?,
                (true, None) => {
                    let mut w = Weights::from_fn(shape, |_, _, _, _| rng.weight(kind))?;
                    // A vector of zeros would blank the picture: keep one tap per channel.
                    let taps = shape[2] * shape[3];
                    for chunk in w.data_mut().chunks_mut(taps.max(1)) {
                        if chunk.iter().all(|v| *v == 0.0) {
                            if let Some(mid) = chunk.get_mut(taps / 2) {
                                *mid = 1.0;
                            }
                        }
                    }
                    w
                }
                _ => Weights::from_fn(shape, |_, _, _, _| rng.weight(kind))?,
            };
            let bias = plan.spec.params().bias.then(|| {
                (0..shape[0])
                    .map(|_| rng.weight(kind))
                    .collect::<Vec<f32>>()
            });
            operands.push((weights, bias));
        }
        LayerData::compute_with(timeline, input, operands, exact)
    }

    /// Runs every stage of `timeline`'s layer on `input` with the given weights and biases
    /// (one pair per stage, in order), keeping what each stage writes.
    pub fn compute(
        timeline: &Timeline,
        input: Tensor,
        operands: Vec<(Weights, Option<Vec<f32>>)>,
    ) -> Result<LayerData, ConvError> {
        Self::compute_with(timeline, input, operands, None)
    }

    /// [`LayerData::compute`], measuring spatial separable passes against `exact` (a `KH×KW`
    /// kernel, row-major, for every channel) when given, else against the sum of their terms.
    fn compute_with(
        timeline: &Timeline,
        input: Tensor,
        operands: Vec<(Weights, Option<Vec<f32>>)>,
        exact: Option<&[f32]>,
    ) -> Result<LayerData, ConvError> {
        let plans = timeline.stages();
        if operands.len() != plans.len() {
            return Err(ConvError::ShapeMismatch {
                what: "the stages",
                expected: vec![plans.len()],
                found: vec![operands.len()],
            });
        }
        let mut stages: Vec<StageData> = Vec::with_capacity(plans.len());
        for (plan, (weights, bias)) in plans.iter().zip(operands) {
            let source = match stages.last() {
                Some(prev) => &prev.output,
                None => &input,
            };
            let output = conv2d(&plan.spec, source, &weights, bias.as_deref())?.tensor;
            stages.push(StageData {
                weights,
                bias,
                output,
            });
        }
        let (full_kernel, separable_difference) = match (timeline.method(), plans) {
            (Method::SpatialSeparable, [column, row]) => {
                Self::check_separable(column.spec, row.spec, &input, &stages, exact)?
            }
            _ => (None, None),
        };
        Ok(LayerData {
            input,
            stages,
            full_kernel,
            separable_difference,
        })
    }

    /// The full kernels of a spatial separable layer and how far the full convolution is from
    /// the two passes.
    fn check_separable(
        column: ConvSpec,
        row_spec: ConvSpec,
        input: &Tensor,
        stages: &[StageData],
        exact: Option<&[f32]>,
    ) -> Result<(Option<Weights>, Option<f32>), ConvError> {
        let (Some(col), Some(row)) = (stages.first(), stages.get(1)) else {
            return Ok((None, None));
        };
        // The full kernel of channel c: the sum over its k terms of column ⊗ row.
        let p = column.params();
        let c = p.in_channels;
        let k = (p.out_channels / c.max(1)).max(1);
        let (kh, kw) = (p.kernel.h, row_spec.params().kernel.w);
        let full = Weights::from_fn([c, 1, kh, kw], |ch, _, a, b| {
            if let Some(exact) = exact {
                return exact.get(a * kw + b).copied().unwrap_or(0.0);
            }
            (0..k)
                .map(|t| {
                    let column = col.weights.kernel(ch * k + t, 0).unwrap_or(&[]);
                    let row = row.weights.kernel(ch, t).unwrap_or(&[]);
                    column.get(a).copied().unwrap_or(0.0) * row.get(b).copied().unwrap_or(0.0)
                })
                .sum()
        })?;
        let spec = ConvSpec::new(ConvParams {
            out_channels: c,
            kernel: Pair::new(kh, kw),
            padding: Pair::new(p.padding.h, row_spec.params().padding.w),
            bias: row.bias.is_some(),
            ..*p
        })?;
        let direct = conv2d(&spec, input, &full, row.bias.as_deref())?.tensor;
        let difference = direct
            .data()
            .iter()
            .zip(row.output.data())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        Ok((Some(full), Some(difference)))
    }

    /// The tensor `id`, when the layer has it.
    pub fn tensor(&self, id: TensorId) -> Option<&Tensor> {
        match id {
            TensorId::Input => Some(&self.input),
            TensorId::Intermediate if self.stages.len() == 2 => {
                self.stages.first().map(|s| &s.output)
            }
            TensorId::Intermediate => None,
            TensorId::Output => self.stages.last().map(|s| &s.output),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{seed_example, Field, Form, LayerConfig};
    use crate::timeline::steps::Granularity;

    fn data_for(form: &Form, preset: SeparablePreset) -> Result<(Timeline, LayerData), ConvError> {
        let config = form.validate().expect("valid form");
        let t = Timeline::new(&config, Granularity::Element)?;
        let d = LayerData::generate(&t, 7, ValueKind::Integers, preset)?;
        Ok((t, d))
    }

    #[test]
    fn same_seed_same_numbers() {
        let form = Form::default();
        let (_, a) = data_for(&form, SeparablePreset::Random).unwrap();
        let (_, b) = data_for(&form, SeparablePreset::Random).unwrap();
        assert_eq!(a, b);
        assert!(a
            .input
            .data()
            .iter()
            .all(|v| (0.0..=9.0).contains(v) && v.fract() == 0.0));
        assert!(a.stages[0]
            .weights
            .data()
            .iter()
            .all(|v| (-2.0..=2.0).contains(v)));
    }

    #[test]
    fn a_rank_two_kernel_runs_as_two_passes_that_add_up() {
        // The Laplacian [[0,1,0],[1,−4,1],[0,1,0]] = [0,1,0]ᵀ⊗[1,−4,1] + [1,0,1]ᵀ⊗[0,1,0].
        let passes = [
            KernelPass {
                column: vec![0.0, 1.0, 0.0],
                row: vec![1.0, -4.0, 1.0],
            },
            KernelPass {
                column: vec![1.0, 0.0, 1.0],
                row: vec![0.0, 1.0, 0.0],
            },
        ];
        let mut form = Form {
            method: Method::SpatialSeparable,
            ..Form::default()
        };
        form.set(Field::Bias, "1");
        let one = form.validate().unwrap();
        let two = LayerConfig {
            multiplier: 2,
            ..one
        };
        let t = Timeline::new(&two, Granularity::Element).unwrap();
        let single = Timeline::new(&one, Granularity::Element).unwrap();
        assert_eq!(t.total_macs(), 2 * single.total_macs());
        let laplacian = SeparableKernel {
            passes: passes.to_vec(),
            kernel: vec![0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0],
        };
        assert_eq!(
            laplacian.layer(one),
            two,
            "the kernel's passes set the layer's"
        );
        let d = LayerData::generate_with_kernel(&t, 7, ValueKind::Integers, &laplacian).unwrap();
        let c = one.params.in_channels;
        assert_eq!(
            d.stages[0].output.shape().c,
            2 * c,
            "k column maps per channel"
        );
        assert_eq!(d.stages[1].output.shape().c, c);
        assert_eq!(
            d.full_kernel.unwrap().kernel(c - 1, 0).unwrap(),
            &[0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0]
        );
        assert_eq!(d.separable_difference, Some(0.0));
        // The passes must fit the layer: one pass is not enough for a two-pass timeline.
        let one_term = SeparableKernel {
            passes: passes[..1].to_vec(),
            ..laplacian.clone()
        };
        let err = LayerData::generate_with_kernel(&t, 7, ValueKind::Integers, &one_term);
        assert!(err
            .unwrap_err()
            .to_string()
            .contains("sum of 1 column ⊗ row terms; the stage was built for 2"));
        let err = LayerData::generate_with_kernel(&single, 7, ValueKind::Integers, &laplacian);
        assert!(err.is_err());
    }

    #[test]
    fn separable_presets_match_the_full_kernel() {
        let mut form = Form {
            method: Method::SpatialSeparable,
            ..Form::default()
        };
        form.set(Field::Bias, "1");
        for preset in [
            SeparablePreset::SobelX,
            SeparablePreset::Gaussian3,
            SeparablePreset::Random,
        ] {
            let (_, d) = data_for(&form, preset).unwrap();
            assert_eq!(d.separable_difference, Some(0.0), "{preset:?}");
        }
        let err = data_for(&form, SeparablePreset::Gaussian5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "kernel: Gaussian 5×5 is 5×5; the layer's kernel is 3×3"
        );
        let (_, d) = data_for(&form, SeparablePreset::SobelX).unwrap();
        let full = d.full_kernel.unwrap();
        // Sobel X = [1,2,1]ᵀ ⊗ [1,0,−1].
        assert_eq!(
            full.kernel(0, 0).unwrap(),
            &[1.0, 0.0, -1.0, 2.0, 0.0, -2.0, 1.0, 0.0, -1.0]
        );
    }

    #[test]
    fn the_seed_example_fits_the_budget_and_bigger_layers_do_not() {
        let (t, d) = data_for(&seed_example(Method::Standard), SeparablePreset::Random).unwrap();
        assert_eq!(
            d.tensor(TensorId::Output).unwrap().shape(),
            t.stages()[0].spec.output_shape()
        );
        let mut big = seed_example(Method::Standard);
        big.set(Field::Height, "256");
        big.set(Field::Width, "256");
        assert!(matches!(
            data_for(&big, SeparablePreset::Random),
            Err(ConvError::TooLarge { .. })
        ));
    }
}
