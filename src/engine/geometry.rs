//! Convolution geometry: the spec of one 2-D convolution layer (kernel, stride, padding,
//! dilation, groups, bias), its validation, and the output-size law.

use super::error::ConvError;

/// Largest height, width or channel count the engine accepts.
pub const MAX_SIZE: usize = 4096;
/// Largest kernel height or width.
pub const MAX_KERNEL: usize = 15;
/// Largest stride.
pub const MAX_STRIDE: usize = 8;
/// Largest padding on each side.
pub const MAX_PADDING: usize = 15;
/// Largest dilation.
pub const MAX_DILATION: usize = 8;
/// The largest height or width of a tensor one step of a layer writes and the next reads (the
/// depthwise step's output, the column pass's maps): the largest output of a layer within the
/// limits, an input of [`MAX_SIZE`] padded by [`MAX_PADDING`] on each side under a kernel of
/// one. The input limit is for what the reader types; a layer a standard convolution accepts
/// is accepted in two steps too.
pub const MAX_INTERMEDIATE: usize = MAX_SIZE + 2 * MAX_PADDING;
/// Largest number of elements in one tensor the engine will allocate (64 Mi f32 = 256 MiB).
pub const MAX_TENSOR_ELEMENTS: u64 = 64 * 1024 * 1024;

/// A `[vertical, horizontal]` pair, as in PyTorch's `(h, w)` tuples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Pair {
    /// Along the height (rows).
    pub h: usize,
    /// Along the width (columns).
    pub w: usize,
}

impl Pair {
    /// A pair with the same value in both directions.
    pub const fn square(n: usize) -> Self {
        Pair { h: n, w: n }
    }
    /// A pair from its vertical and horizontal parts.
    pub const fn new(h: usize, w: usize) -> Self {
        Pair { h, w }
    }
}

/// A `[C, H, W]` shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape3 {
    /// Channels.
    pub c: usize,
    /// Height (rows).
    pub h: usize,
    /// Width (columns).
    pub w: usize,
}

impl Shape3 {
    /// A shape from channels, height and width.
    pub const fn new(c: usize, h: usize, w: usize) -> Self {
        Shape3 { c, h, w }
    }
    /// Number of elements, exact; saturates at `u64::MAX` instead of overflowing (only
    /// unvalidated shapes can get there, and every cap refuses them).
    pub fn elements(&self) -> u64 {
        (self.c as u64)
            .saturating_mul(self.h as u64)
            .saturating_mul(self.w as u64)
    }
}

/// The unvalidated description of one convolution layer: plain data a form or a URL fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConvParams {
    /// Input channels `C`.
    pub in_channels: usize,
    /// Input height and width `H×W`.
    pub input: Pair,
    /// Output channels `O`.
    pub out_channels: usize,
    /// Kernel `KH×KW`.
    pub kernel: Pair,
    /// Stride `[SH, SW]`.
    pub stride: Pair,
    /// Symmetric zero padding `[PH, PW]`.
    pub padding: Pair,
    /// Dilation `[DH, DW]`.
    pub dilation: Pair,
    /// Groups `G`: `C` and `O` must both be divisible by it.
    pub groups: usize,
    /// Whether each output channel adds a bias.
    pub bias: bool,
}

impl Default for ConvParams {
    fn default() -> Self {
        ConvParams {
            in_channels: 1,
            input: Pair::square(5),
            out_channels: 1,
            kernel: Pair::square(3),
            stride: Pair::square(1),
            padding: Pair::square(0),
            dilation: Pair::square(1),
            groups: 1,
            bias: false,
        }
    }
}

/// A validated convolution spec with its output size. Only [`ConvSpec::new`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConvSpec {
    params: ConvParams,
    output: Pair,
}

fn check_range(field: &'static str, value: usize, min: usize, max: usize) -> Result<(), ConvError> {
    if value < min {
        return Err(ConvError::BelowMinimum {
            field,
            value: value as u64,
            min: min as u64,
        });
    }
    if value > max {
        return Err(ConvError::AboveLimit {
            field,
            value: value as u64,
            max: max as u64,
        });
    }
    Ok(())
}

/// The output length along one axis: `floor((n + 2p − d(k−1) − 1)/s) + 1`, or `None` when the
/// dilated kernel does not fit in the padded input (or the stride is zero).
pub fn output_len(
    n: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
    dilation: usize,
) -> Option<usize> {
    if kernel == 0 || stride == 0 || dilation == 0 {
        return None;
    }
    let padded = n.checked_add(padding.checked_mul(2)?)?;
    let span = dilation.checked_mul(kernel - 1)?.checked_add(1)?;
    if span > padded {
        return None;
    }
    Some((padded - span) / stride + 1)
}

impl ConvSpec {
    /// Validates `params`: every field within its limits, groups dividing both channel counts,
    /// the dilated kernel fitting in the padded input.
    pub fn new(params: ConvParams) -> Result<Self, ConvError> {
        ConvSpec::within(params, MAX_SIZE)
    }

    /// Validates a step that reads a tensor an earlier step of the same layer wrote (the
    /// pointwise step, the row pass): as [`ConvSpec::new`], except that its input height and
    /// width may be up to [`MAX_INTERMEDIATE`], as large as any output.
    pub fn reading_intermediate(params: ConvParams) -> Result<Self, ConvError> {
        ConvSpec::within(params, MAX_INTERMEDIATE)
    }

    /// Validates `params` with an input height and width of at most `max_input`.
    fn within(params: ConvParams, max_input: usize) -> Result<Self, ConvError> {
        let p = &params;
        check_range("input channels", p.in_channels, 1, MAX_SIZE)?;
        check_range("input height", p.input.h, 1, max_input)?;
        check_range("input width", p.input.w, 1, max_input)?;
        check_range("output channels", p.out_channels, 1, MAX_SIZE)?;
        check_range("kernel height", p.kernel.h, 1, MAX_KERNEL)?;
        check_range("kernel width", p.kernel.w, 1, MAX_KERNEL)?;
        check_range("stride", p.stride.h, 1, MAX_STRIDE)?;
        check_range("stride", p.stride.w, 1, MAX_STRIDE)?;
        check_range("padding", p.padding.h, 0, MAX_PADDING)?;
        check_range("padding", p.padding.w, 0, MAX_PADDING)?;
        check_range("dilation", p.dilation.h, 1, MAX_DILATION)?;
        check_range("dilation", p.dilation.w, 1, MAX_DILATION)?;
        check_range("groups", p.groups, 1, MAX_SIZE)?;
        if !p.in_channels.is_multiple_of(p.groups) {
            return Err(ConvError::GroupsMustDivide {
                groups: p.groups,
                what: "input channels",
                channels: p.in_channels,
            });
        }
        if !p.out_channels.is_multiple_of(p.groups) {
            return Err(ConvError::GroupsMustDivide {
                groups: p.groups,
                what: "output channels",
                channels: p.out_channels,
            });
        }
        let oh = output_len(p.input.h, p.kernel.h, p.stride.h, p.padding.h, p.dilation.h);
        let ow = output_len(p.input.w, p.kernel.w, p.stride.w, p.padding.w, p.dilation.w);
        match (oh, ow) {
            (Some(h), Some(w)) => Ok(ConvSpec {
                params,
                output: Pair::new(h, w),
            }),
            _ => Err(ConvError::KernelLargerThanInput {
                kernel: [p.kernel.h, p.kernel.w],
                dilated: [
                    p.dilation.h * (p.kernel.h - 1) + 1,
                    p.dilation.w * (p.kernel.w - 1) + 1,
                ],
                padded_input: [p.input.h + 2 * p.padding.h, p.input.w + 2 * p.padding.w],
            }),
        }
    }

    /// The parameters this spec was validated from.
    pub fn params(&self) -> &ConvParams {
        &self.params
    }
    /// Input shape `[C, H, W]`.
    pub fn input_shape(&self) -> Shape3 {
        Shape3::new(
            self.params.in_channels,
            self.params.input.h,
            self.params.input.w,
        )
    }
    /// Output shape `[O, OH, OW]`.
    pub fn output_shape(&self) -> Shape3 {
        Shape3::new(self.params.out_channels, self.output.h, self.output.w)
    }
    /// Weight shape `[O, C/G, KH, KW]`.
    pub fn weight_shape(&self) -> [usize; 4] {
        let p = &self.params;
        [
            p.out_channels,
            p.in_channels / p.groups,
            p.kernel.h,
            p.kernel.w,
        ]
    }
    /// Input channels each filter reads: `C/G`.
    pub fn channels_per_group(&self) -> usize {
        self.params.in_channels / self.params.groups
    }
    /// Output channels each group writes: `O/G`.
    pub fn filters_per_group(&self) -> usize {
        self.params.out_channels / self.params.groups
    }
    /// The group output channel `o` belongs to.
    pub fn group_of_output(&self, o: usize) -> usize {
        o / self.filters_per_group()
    }
    /// The kernel's extent once dilated: `D(K−1)+1` along each axis.
    pub fn dilated_kernel(&self) -> Pair {
        let p = &self.params;
        Pair::new(
            p.dilation.h * (p.kernel.h - 1) + 1,
            p.dilation.w * (p.kernel.w - 1) + 1,
        )
    }
    /// Refuses specs whose input, weight or output tensors exceed [`MAX_TENSOR_ELEMENTS`], so a
    /// caller can check before allocating.
    pub fn check_allocatable(&self) -> Result<(), ConvError> {
        let w = self.weight_shape();
        let checks = [
            ("the input", self.input_shape().elements()),
            ("the output", self.output_shape().elements()),
            ("the weights", w.iter().map(|&d| d as u64).product::<u64>()),
        ];
        for (what, elements) in checks {
            if elements > MAX_TENSOR_ELEMENTS {
                return Err(ConvError::TooLarge {
                    what,
                    elements,
                    cap: MAX_TENSOR_ELEMENTS,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intermediate_tensor_may_be_as_large_as_any_output() {
        let at = |size: usize| ConvParams {
            input: Pair::new(size, 1),
            kernel: Pair::square(1),
            padding: Pair::square(0),
            ..ConvParams::default()
        };
        // The largest output: 4096 rows padded by 15 on each side under a kernel of one.
        assert_eq!(
            output_len(MAX_SIZE, 1, 1, MAX_PADDING, 1),
            Some(MAX_INTERMEDIATE)
        );
        assert!(ConvSpec::reading_intermediate(at(MAX_INTERMEDIATE)).is_ok());
        assert_eq!(
            ConvSpec::reading_intermediate(at(MAX_INTERMEDIATE + 1)),
            Err(ConvError::AboveLimit {
                field: "input height",
                value: 4127,
                max: 4126,
            })
        );
        // What the reader types keeps the input limit.
        assert!(ConvSpec::new(at(MAX_SIZE)).is_ok());
        assert!(ConvSpec::new(at(MAX_SIZE + 1)).is_err());
    }

    #[test]
    fn output_len_follows_the_law() {
        // (n, k, s, p, d, expected)
        let table = [
            (5, 3, 1, 0, 1, Some(3)),
            (5, 3, 1, 1, 1, Some(5)),
            (7, 3, 2, 1, 1, Some(4)),
            (224, 3, 2, 1, 1, Some(112)),
            (64, 3, 1, 0, 1, Some(62)),
            (9, 3, 1, 0, 3, Some(3)),
            (8, 7, 1, 0, 2, None),
            (1, 3, 1, 1, 1, Some(1)),
            (1, 3, 1, 0, 1, None),
            (5, 3, 0, 0, 1, None),
        ];
        for (n, k, s, p, d, want) in table {
            assert_eq!(
                output_len(n, k, s, p, d),
                want,
                "n={n} k={k} s={s} p={p} d={d}"
            );
        }
    }

    #[test]
    fn errors_name_the_field_and_rule() {
        let base = ConvParams {
            in_channels: 4,
            out_channels: 4,
            input: Pair::square(8),
            ..ConvParams::default()
        };
        let cases = [
            (
                ConvParams { groups: 3, ..base },
                "groups (3) must divide input channels (4)",
            ),
            (
                ConvParams {
                    stride: Pair::new(0, 1),
                    ..base
                },
                "stride must be at least 1",
            ),
            (
                ConvParams {
                    kernel: Pair::square(7),
                    dilation: Pair::square(2),
                    ..base
                },
                "kernel 7×7 (dilated to 13×13) is larger than the padded input 8×8",
            ),
            (
                ConvParams {
                    input: Pair::new(100000, 8),
                    ..base
                },
                "input height 100000 is above the limit 4096",
            ),
        ];
        for (params, message) in cases {
            assert_eq!(ConvSpec::new(params).unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn huge_specs_are_valid_but_not_allocatable() {
        let params = ConvParams {
            in_channels: 4096,
            out_channels: 4096,
            input: Pair::square(4096),
            ..ConvParams::default()
        };
        let spec = ConvSpec::new(params).expect("within limits");
        assert!(matches!(
            spec.check_allocatable(),
            Err(ConvError::TooLarge { .. })
        ));
    }
}
