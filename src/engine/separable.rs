//! Spatial separable convolution: per channel, a `KH×1` column pass (padding `[PH, 0]`, no
//! bias) then a `1×KW` row pass (padding `[0, PW]`, bias added here), keeping the intermediate
//! map; and the full `KH×KW` kernel the two factors stand for.

use super::conv::{conv2d, conv2d_reference, ConvOutput};
use super::cost::spatial_separable as separable_cost;
use super::error::ConvError;
use super::geometry::{ConvParams, ConvSpec, Pair, Shape3};
use super::tensor::{Tensor, Weights};

/// Both passes of a spatial separable convolution.
#[derive(Debug, Clone, PartialEq)]
pub struct SeparableOutput {
    /// The column pass, without bias: `[C, H+2PH−KH+1, W]`.
    pub intermediate: Tensor,
    /// The row pass, bias included: `[C, OH, OW]`.
    pub output: Tensor,
    /// MACs the column pass performed: `C·MH·W·KH`.
    pub macs_column: u64,
    /// MACs the row pass performed: `C·MH·OW·KW`.
    pub macs_row: u64,
}

impl SeparableOutput {
    /// MACs of both passes.
    pub fn macs(&self) -> u64 {
        self.macs_column + self.macs_row
    }
}

/// The validated specs of a spatial separable layer: both passes, and the full-kernel
/// depthwise convolution (`groups = C`) they are equivalent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeparableSpecs {
    /// `KH×1`, padding `[PH, 0]`, no bias.
    pub column: ConvSpec,
    /// `1×KW` over the column pass's output, padding `[0, PW]`, with the layer's bias.
    pub row: ConvSpec,
    /// `KH×KW`, padding `[PH, PW]`, with the layer's bias.
    pub full: ConvSpec,
}

/// The specs for an input of shape `input`, a `kernel` of `KH×KW`, symmetric `padding` and an
/// optional bias. Stride and dilation are 1, `groups = C`, and the output has `C` channels.
pub fn separable_specs(
    input: Shape3,
    kernel: Pair,
    padding: Pair,
    bias: bool,
) -> Result<SeparableSpecs, ConvError> {
    let cost = separable_cost(ConvParams {
        in_channels: input.c,
        input: Pair::new(input.h, input.w),
        out_channels: input.c,
        kernel,
        stride: Pair::square(1),
        padding,
        dilation: Pair::square(1),
        groups: input.c,
        bias,
    })?;
    match cost.stages.as_slice() {
        [column, row] => Ok(SeparableSpecs {
            column: column.spec,
            row: row.spec,
            full: cost.standard.spec,
        }),
        _ => Err(ConvError::Unsupported {
            what: "spatial separable",
            rule: "the method has exactly two passes".into(),
        }),
    }
}

/// Reads `KH` and `KW` from the factors and checks they are `[C, 1, KH, 1]` and `[C, 1, 1, KW]`.
fn factor_kernel(c: usize, column: &Weights, row: &Weights) -> Result<Pair, ConvError> {
    let kh = column.shape()[2];
    let kw = row.shape()[3];
    let checks = [
        ("the column factors", column.shape(), [c, 1, kh, 1]),
        ("the row factors", row.shape(), [c, 1, 1, kw]),
    ];
    for (what, found, expected) in checks {
        if found != expected {
            return Err(ConvError::ShapeMismatch {
                what,
                expected: expected.to_vec(),
                found: found.to_vec(),
            });
        }
    }
    Ok(Pair::new(kh, kw))
}

/// Spatial separable convolution on the fast path: `column` is `[C, 1, KH, 1]`, `row` is
/// `[C, 1, 1, KW]`, `bias` has `C` values or is `None`.
pub fn spatial_separable(
    input: &Tensor,
    column: &Weights,
    row: &Weights,
    padding: Pair,
    bias: Option<&[f32]>,
) -> Result<SeparableOutput, ConvError> {
    run(conv2d, input, column, row, padding, bias)
}

/// Spatial separable convolution with both passes on the naive reference loop.
pub fn spatial_separable_reference(
    input: &Tensor,
    column: &Weights,
    row: &Weights,
    padding: Pair,
    bias: Option<&[f32]>,
) -> Result<SeparableOutput, ConvError> {
    run(conv2d_reference, input, column, row, padding, bias)
}

type ConvFn = fn(&ConvSpec, &Tensor, &Weights, Option<&[f32]>) -> Result<ConvOutput, ConvError>;

fn run(
    conv: ConvFn,
    input: &Tensor,
    column: &Weights,
    row: &Weights,
    padding: Pair,
    bias: Option<&[f32]>,
) -> Result<SeparableOutput, ConvError> {
    let kernel = factor_kernel(input.shape().c, column, row)?;
    let specs = separable_specs(input.shape(), kernel, padding, bias.is_some())?;
    specs.row.check_allocatable()?;
    let first = conv(&specs.column, input, column, None)?;
    let second = conv(&specs.row, &first.tensor, row, bias)?;
    Ok(SeparableOutput {
        intermediate: first.tensor,
        output: second.tensor,
        macs_column: first.macs,
        macs_row: second.macs,
    })
}

/// The full kernel the factors stand for: `[C, 1, KH, KW]` with
/// `w[c, 0, i, j] = column[c, 0, i, 0] · row[c, 0, 0, j]` (one rounded f32 product).
pub fn outer_product_kernel(column: &Weights, row: &Weights) -> Result<Weights, ConvError> {
    let c = column.shape()[0];
    let Pair { h: kh, w: kw } = factor_kernel(c, column, row)?;
    Weights::from_fn([c, 1, kh, kw], |ch, _, i, j| {
        // In bounds: the shapes were checked just above.
        column.data()[ch * kh + i] * row.data()[ch * kw + j]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_equal_the_full_kernel() {
        let input = Tensor::from_fn(Shape3::new(2, 5, 6), |c, y, x| {
            ((c * 7 + y * 3 + x) % 5) as f32 - 2.0
        })
        .unwrap();
        let column = Weights::from_vec([2, 1, 3, 1], vec![1.0, 2.0, 1.0, -1.0, 0.0, 1.0]).unwrap();
        let row = Weights::from_vec([2, 1, 1, 3], vec![-1.0, 0.0, 1.0, 1.0, 2.0, 1.0]).unwrap();
        let bias = [0.5, -0.5];
        let padding = Pair::square(1);
        let sep = spatial_separable(&input, &column, &row, padding, Some(&bias)).unwrap();
        let slow =
            spatial_separable_reference(&input, &column, &row, padding, Some(&bias)).unwrap();
        assert_eq!(sep, slow);
        let full_w = outer_product_kernel(&column, &row).unwrap();
        assert_eq!(full_w.kernel(0, 0).unwrap()[..3], [-1.0, 0.0, 1.0]);
        let specs = separable_specs(input.shape(), Pair::square(3), padding, true).unwrap();
        let full = conv2d(&specs.full, &input, &full_w, Some(&bias)).unwrap();
        // Small integers: both routes are exact.
        assert_eq!(sep.output, full.tensor);
        assert_eq!(sep.macs_column, 2 * 5 * 6 * 3);
        assert_eq!(sep.macs_row, 2 * 5 * 6 * 3);
        assert_eq!(full.macs, 2 * 5 * 6 * 9);
    }

    #[test]
    fn factors_must_match_the_input() {
        let input = Tensor::zeros(Shape3::new(2, 5, 5)).unwrap();
        let column = Weights::zeros([2, 1, 3, 1]).unwrap();
        let row = Weights::zeros([1, 1, 1, 3]).unwrap();
        let err = spatial_separable(&input, &column, &row, Pair::square(0), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the row factors should have shape [2, 1, 1, 3] but has [1, 1, 1, 3]"
        );
    }
}
