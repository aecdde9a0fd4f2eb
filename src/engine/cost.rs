//! Exact costs of each method, in integers: multiply-accumulates (MACs), parameters and
//! activation memory, per stage and beside the standard convolution each method replaces.
//!
//! Counting rules (those of `tests/fixtures/conv/FORMAT.md`): every kernel tap counts, taps on
//! zero padding included; bias additions are not MACs; parameters are weights plus biases;
//! activation memory is the elements of every tensor a method writes (intermediate and output).

use super::error::ConvError;
use super::geometry::{ConvParams, ConvSpec, Pair, Shape3, MAX_SIZE};

/// Bytes of one `f32` activation.
pub const F32_BYTES: u64 = 4;

/// The cost of one convolution stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageCost {
    /// What the stage is called on screen: "convolution", "column pass", "depthwise", …
    pub name: &'static str,
    /// The validated spec of the stage.
    pub spec: ConvSpec,
    /// Multiply-accumulates: `O·OH·OW·(C/G)·KH·KW`.
    pub macs: u64,
    /// Weights plus biases: `O·(C/G)·KH·KW (+O)`.
    pub params: u64,
}

impl StageCost {
    /// The cost of one convolution spec.
    pub fn of(name: &'static str, spec: ConvSpec) -> Self {
        let out = spec.output_shape();
        let [o, cg, kh, kw] = spec.weight_shape().map(|d| d as u64);
        let taps = cg * kh * kw;
        let bias = if spec.params().bias { o } else { 0 };
        StageCost {
            name,
            spec,
            macs: out.elements() * taps,
            params: o * taps + bias,
        }
    }
    /// The tensor the stage writes.
    pub fn output(&self) -> Shape3 {
        self.spec.output_shape()
    }
}

/// The four ways convlab computes a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// One `KH×KW×C` filter per output channel.
    Standard,
    /// Per channel, a `KH×1` column pass then a `1×KW` row pass.
    SpatialSeparable,
    /// A depthwise `KH×KW×1` step per channel, then a pointwise `1×1×C` step.
    DepthwiseSeparable,
    /// Filters that each see only their group's `C/G` channels.
    Grouped,
}

impl Method {
    /// Every method, in the order the page shows them.
    pub const ALL: [Method; 4] = [
        Method::Standard,
        Method::SpatialSeparable,
        Method::DepthwiseSeparable,
        Method::Grouped,
    ];
    /// The name shown on the tab.
    pub fn label(self) -> &'static str {
        match self {
            Method::Standard => "Standard",
            Method::SpatialSeparable => "Spatial separable",
            Method::DepthwiseSeparable => "Depthwise separable",
            Method::Grouped => "Grouped",
        }
    }
    /// The `mode=` value in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Method::Standard => "standard",
            Method::SpatialSeparable => "spatial-separable",
            Method::DepthwiseSeparable => "depthwise-separable",
            Method::Grouped => "grouped",
        }
    }
    /// The method whose `mode=` value is `key`.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// What a method costs, stage by stage, beside the standard convolution it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodCost {
    /// The method costed.
    pub method: Method,
    /// Its stages in the order they run (one or two).
    pub stages: Vec<StageCost>,
    /// The standard convolution from the same input to the same output channels.
    pub standard: StageCost,
}

impl MethodCost {
    /// Total MACs of all stages.
    pub fn macs(&self) -> u64 {
        self.stages.iter().map(|s| s.macs).sum()
    }
    /// Total parameters of all stages.
    pub fn params(&self) -> u64 {
        self.stages.iter().map(|s| s.params).sum()
    }
    /// Elements of every tensor the method writes (intermediate and output).
    pub fn activation_elements(&self) -> u64 {
        self.stages.iter().map(|s| s.output().elements()).sum()
    }
    /// The shape of the final output.
    pub fn output(&self) -> Shape3 {
        self.stages
            .last()
            .map(StageCost::output)
            .unwrap_or_else(|| self.standard.output())
    }
    /// How many times fewer MACs than the standard convolution.
    pub fn mac_ratio(&self) -> Ratio {
        Ratio::new(self.standard.macs, self.macs())
    }
    /// How many times fewer parameters than the standard convolution.
    pub fn param_ratio(&self) -> Ratio {
        Ratio::new(self.standard.params, self.params())
    }
}

/// An exact ratio `num/den` in lowest terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    /// Numerator.
    pub num: u64,
    /// Denominator (never zero unless both were zero).
    pub den: u64,
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ratio {
    /// `num/den` reduced to lowest terms.
    pub fn new(num: u64, den: u64) -> Self {
        let g = gcd(num, den).max(1);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }
    /// The ratio as a float, for display to two decimals.
    pub fn as_f64(self) -> f64 {
        if self.den == 0 {
            f64::INFINITY
        } else {
            self.num as f64 / self.den as f64
        }
    }
}

/// Standard convolution: `params.groups` is ignored and taken as 1.
pub fn standard(params: ConvParams) -> Result<MethodCost, ConvError> {
    let spec = ConvSpec::new(ConvParams {
        groups: 1,
        ..params
    })?;
    let stage = StageCost::of("convolution", spec);
    Ok(MethodCost {
        method: Method::Standard,
        stages: vec![stage],
        standard: stage,
    })
}

/// Grouped convolution with `params.groups` groups.
pub fn grouped(params: ConvParams) -> Result<MethodCost, ConvError> {
    let spec = ConvSpec::new(params)?;
    let standard = StageCost::of(
        "standard",
        ConvSpec::new(ConvParams {
            groups: 1,
            ..params
        })?,
    );
    Ok(MethodCost {
        method: Method::Grouped,
        stages: vec![StageCost::of("grouped convolution", spec)],
        standard,
    })
}

/// Spatial separable convolution: per channel a `KH×1` column pass with padding `[PH, 0]`
/// (no bias), then a `1×KW` row pass with padding `[0, PW]` (bias here). Output channels equal
/// input channels; stride and dilation must be 1. The standard it replaces is the full
/// `KH×KW` kernel per channel.
pub fn spatial_separable(params: ConvParams) -> Result<MethodCost, ConvError> {
    spatial_separable_passes(params, 1)
}

/// Spatial separable convolution of a kernel of rank `passes`: the kernel is a sum of `passes`
/// column ⊗ row terms, so each channel gets `passes` column kernels (the column pass writes
/// `C·passes` maps) and each output channel sums its `passes` row passes (the row pass reads
/// them in `C` groups). One pass is [`spatial_separable`]; `passes` times its MACs in all.
pub fn spatial_separable_passes(
    params: ConvParams,
    passes: usize,
) -> Result<MethodCost, ConvError> {
    if passes == 0 {
        return Err(ConvError::Unsupported {
            what: "separable passes",
            rule: "a kernel needs at least one column and row pass".into(),
        });
    }
    if params.stride != Pair::square(1) {
        return Err(ConvError::Unsupported {
            what: "stride",
            rule: "spatial separable passes use stride 1".into(),
        });
    }
    if params.dilation != Pair::square(1) {
        return Err(ConvError::Unsupported {
            what: "dilation",
            rule: "spatial separable passes use dilation 1".into(),
        });
    }
    let c = params.in_channels;
    let per_channel = ConvParams {
        out_channels: c,
        groups: c,
        ..params
    };
    let full = ConvSpec::new(per_channel)?;
    // The column pass writes `passes` maps per channel, which the row pass reads: name them,
    // not the layer's channels, when there are too many.
    let maps = c.saturating_mul(passes);
    if maps > MAX_SIZE {
        return Err(ConvError::Unsupported {
            what: "column-pass maps",
            rule: format!(
                "{c} channels × {passes} passes = {maps} maps, above the limit {MAX_SIZE}; use fewer channels or a kernel of lower rank"
            ),
        });
    }
    let column = ConvSpec::new(ConvParams {
        out_channels: c.saturating_mul(passes),
        kernel: Pair::new(params.kernel.h, 1),
        padding: Pair::new(params.padding.h, 0),
        bias: false,
        ..per_channel
    })?;
    let row = ConvSpec::reading_intermediate(ConvParams {
        in_channels: c.saturating_mul(passes),
        input: Pair::new(column.output_shape().h, params.input.w),
        kernel: Pair::new(1, params.kernel.w),
        padding: Pair::new(0, params.padding.w),
        ..per_channel
    })?;
    Ok(MethodCost {
        method: Method::SpatialSeparable,
        stages: vec![
            StageCost::of("column pass", column),
            StageCost::of("row pass", row),
        ],
        standard: StageCost::of("full kernel", full),
    })
}

/// Depthwise separable convolution: a depthwise step (groups = C, `multiplier` filters per
/// channel, the layer's kernel, stride, padding and dilation) then a pointwise 1×1 step from
/// `C·multiplier` to `O` channels. With bias, both steps add one.
pub fn depthwise_separable(params: ConvParams, multiplier: usize) -> Result<MethodCost, ConvError> {
    depthwise_separable_with_biases(params, multiplier, params.bias, params.bias)
}

/// Depthwise separable convolution where each step has its own bias switch (`params.bias` is
/// ignored): the depthwise step adds `C·multiplier` biases when `depthwise_bias`, the pointwise
/// step `O` when `pointwise_bias`, and the standard convolution it replaces has a bias when
/// either does.
pub fn depthwise_separable_with_biases(
    params: ConvParams,
    multiplier: usize,
    depthwise_bias: bool,
    pointwise_bias: bool,
) -> Result<MethodCost, ConvError> {
    let c = params.in_channels;
    if multiplier == 0 {
        return Err(ConvError::BelowMinimum {
            field: "depth multiplier",
            value: 0,
            min: 1,
        });
    }
    // `C·multiplier` channels must stay within the limit; name the multiplier when it is the
    // cause (an invalid `C` is reported by the spec below).
    let max_size = MAX_SIZE;
    if (1..=max_size).contains(&c) && multiplier > max_size / c {
        return Err(ConvError::AboveLimit {
            field: "depth multiplier",
            value: multiplier as u64,
            max: (max_size / c) as u64,
        });
    }
    let mid = c.saturating_mul(multiplier);
    let depthwise = ConvSpec::new(ConvParams {
        out_channels: mid,
        groups: c,
        bias: depthwise_bias,
        ..params
    })?;
    let out = depthwise.output_shape();
    let pointwise = ConvSpec::reading_intermediate(ConvParams {
        in_channels: mid,
        input: Pair::new(out.h, out.w),
        kernel: Pair::square(1),
        stride: Pair::square(1),
        padding: Pair::square(0),
        dilation: Pair::square(1),
        groups: 1,
        bias: pointwise_bias,
        ..params
    })?;
    let standard = ConvSpec::new(ConvParams {
        groups: 1,
        bias: depthwise_bias || pointwise_bias,
        ..params
    })?;
    Ok(MethodCost {
        method: Method::DepthwiseSeparable,
        stages: vec![
            StageCost::of("depthwise", depthwise),
            StageCost::of("pointwise", pointwise),
        ],
        standard: StageCost::of("standard", standard),
    })
}

/// The cost of `method` for a layer. `multiplier` is the depth multiplier of depthwise
/// separable and the number of column ⊗ row passes of spatial separable (1 for a kernel of
/// rank 1); the other methods ignore it.
pub fn method_cost(
    method: Method,
    params: ConvParams,
    multiplier: usize,
) -> Result<MethodCost, ConvError> {
    match method {
        Method::Standard => standard(params),
        Method::SpatialSeparable => spatial_separable_passes(params, multiplier),
        Method::DepthwiseSeparable => depthwise_separable(params, multiplier),
        Method::Grouped => grouped(params),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(padding: usize) -> ConvParams {
        ConvParams {
            in_channels: 3,
            input: Pair::square(64),
            out_channels: 256,
            kernel: Pair::square(3),
            padding: Pair::square(padding),
            ..ConvParams::default()
        }
    }

    #[test]
    fn too_many_column_pass_maps_are_named_as_such() {
        // 4096 channels under a rank-2 kernel: 8192 maps between the passes, not "input
        // channels 8192".
        let params = ConvParams {
            in_channels: 4096,
            out_channels: 4096,
            ..seed(1)
        };
        assert!(spatial_separable_passes(params, 1).is_ok());
        let err = spatial_separable_passes(params, 2).unwrap_err().to_string();
        assert_eq!(
            err,
            "column-pass maps: 4096 channels × 2 passes = 8192 maps, above the limit 4096; use fewer channels or a kernel of lower rank"
        );
        assert!(spatial_separable_passes(
            ConvParams {
                in_channels: 2048,
                out_channels: 2048,
                ..params
            },
            2
        )
        .is_ok());
    }

    #[test]
    fn worked_example_with_padding_one() {
        // 64·64·256·3·3·3 = 28,311,552; depthwise 64·64·3·9 = 110,592; pointwise 64·64·3·256.
        let cost = depthwise_separable(seed(1), 1).unwrap();
        assert_eq!(cost.standard.macs, 28_311_552);
        assert_eq!(cost.stages[0].macs, 110_592);
        assert_eq!(cost.stages[1].macs, 3_145_728);
        assert_eq!(cost.macs(), 3_256_320);
        assert_eq!(
            cost.mac_ratio(),
            Ratio {
                num: 2304,
                den: 265
            }
        );
    }

    #[test]
    fn worked_example_valid() {
        // 62·62·256·27 = 26,569,728; 62·62·3·9 = 103,788; 62·62·3·256 = 2,952,192.
        let cost = depthwise_separable(seed(0), 1).unwrap();
        assert_eq!(cost.standard.macs, 26_569_728);
        assert_eq!(cost.stages[0].macs, 103_788);
        assert_eq!(cost.stages[1].macs, 2_952_192);
        assert_eq!(cost.macs(), 3_055_980);
        assert_eq!(
            cost.mac_ratio(),
            Ratio {
                num: 2304,
                den: 265
            }
        );
        // Written: the 62×62×3 intermediate and the 62×62×256 output.
        assert_eq!(cost.activation_elements(), 62 * 62 * 3 + 62 * 62 * 256);
    }

    #[test]
    fn spatial_separable_three_by_three_is_six_per_output() {
        let params = ConvParams {
            in_channels: 2,
            input: Pair::new(6, 7),
            out_channels: 2,
            ..ConvParams::default()
        };
        let cost = spatial_separable(params).unwrap();
        // MH = 4, W = 7, OW = 5.
        assert_eq!(cost.stages[0].macs, 2 * 4 * 7 * 3);
        assert_eq!(cost.stages[1].macs, 2 * 4 * 5 * 3);
        assert_eq!(cost.standard.macs, 2 * 4 * 5 * 9);
        assert_eq!(cost.params(), 2 * 6);
        assert_eq!(cost.standard.params, 2 * 9);
    }

    #[test]
    fn depth_multiplier_errors_name_the_multiplier() {
        let params = ConvParams {
            in_channels: 64,
            out_channels: 64,
            ..ConvParams::default()
        };
        let err = depthwise_separable(params, 65).unwrap_err();
        assert_eq!(err.to_string(), "depth multiplier 65 is above the limit 64");
        let err = depthwise_separable(params, 0).unwrap_err();
        assert_eq!(err.to_string(), "depth multiplier must be at least 1");
        assert!(depthwise_separable(params, 64).is_ok());
    }

    #[test]
    fn separate_bias_switches_count_each_step() {
        let params = ConvParams {
            in_channels: 4,
            out_channels: 8,
            padding: Pair::square(1),
            input: Pair::square(6),
            ..ConvParams::default()
        };
        let cost = depthwise_separable_with_biases(params, 1, false, true).unwrap();
        assert_eq!(cost.stages[0].params, 36);
        assert_eq!(cost.stages[1].params, 40);
        assert_eq!(cost.standard.params, 8 * 4 * 9 + 8);
    }

    #[test]
    fn grouped_divides_by_groups() {
        let params = ConvParams {
            in_channels: 8,
            out_channels: 8,
            groups: 4,
            padding: Pair::square(1),
            ..ConvParams::default()
        };
        let cost = grouped(params).unwrap();
        assert_eq!(cost.standard.macs, cost.macs() * 4);
        assert_eq!(cost.mac_ratio(), Ratio { num: 4, den: 1 });
    }
}
