//! Depthwise separable convolution: a depthwise step (each input channel convolved with its own
//! `multiplier` filters, `groups = C`) then a pointwise 1×1 step mixing channels, with the
//! intermediate map kept so the page can show it.

use super::conv::{conv2d, conv2d_reference, ConvOutput};
use super::cost::depthwise_separable_with_biases;
use super::error::ConvError;
use super::geometry::{ConvParams, ConvSpec};
use super::tensor::{Tensor, Weights};

/// Both steps of a depthwise separable convolution.
#[derive(Debug, Clone, PartialEq)]
pub struct DepthwiseSeparableOutput {
    /// The depthwise output, its bias included: `[C·multiplier, OH, OW]`.
    pub intermediate: Tensor,
    /// The pointwise output, its bias included: `[O, OH, OW]`.
    pub output: Tensor,
    /// MACs the depthwise step performed: `C·m·OH·OW·KH·KW`.
    pub macs_depthwise: u64,
    /// MACs the pointwise step performed: `O·C·m·OH·OW`.
    pub macs_pointwise: u64,
}

impl DepthwiseSeparableOutput {
    /// MACs of both steps.
    pub fn macs(&self) -> u64 {
        self.macs_depthwise + self.macs_pointwise
    }
}

/// The two validated specs: the depthwise step (`groups = C`, `C·multiplier` outputs, the
/// layer's kernel, stride, padding and dilation) and the pointwise step (1×1 from
/// `C·multiplier` to `O` channels). `params.groups` and `params.bias` are ignored: each step's
/// bias is given by its own switch.
pub fn depthwise_separable_specs(
    params: ConvParams,
    multiplier: usize,
    depthwise_bias: bool,
    pointwise_bias: bool,
) -> Result<(ConvSpec, ConvSpec), ConvError> {
    let cost = depthwise_separable_with_biases(params, multiplier, depthwise_bias, pointwise_bias)?;
    match cost.stages.as_slice() {
        [depthwise, pointwise] => Ok((depthwise.spec, pointwise.spec)),
        _ => Err(ConvError::Unsupported {
            what: "depthwise separable",
            rule: "the method has exactly two steps".into(),
        }),
    }
}

/// Depthwise separable convolution on the fast path.
///
/// `dw_weights` is `[C·multiplier, 1, KH, KW]` (filter `c·m + k` reads channel `c`),
/// `dw_bias` has `C·multiplier` values or is `None`, `pw_weights` is `[O, C·multiplier, 1, 1]`
/// and `pw_bias` has `O` values or is `None`. `params` gives `C`, `H×W`, `O`, the kernel, stride,
/// padding and dilation; its `groups` and `bias` are ignored.
pub fn depthwise_separable(
    params: ConvParams,
    multiplier: usize,
    input: &Tensor,
    dw_weights: &Weights,
    dw_bias: Option<&[f32]>,
    pw_weights: &Weights,
    pw_bias: Option<&[f32]>,
) -> Result<DepthwiseSeparableOutput, ConvError> {
    let weights = StepWeights {
        dw_weights,
        dw_bias,
        pw_weights,
        pw_bias,
    };
    run(conv2d, params, multiplier, input, weights)
}

/// Depthwise separable convolution with both steps on the naive reference loop.
pub fn depthwise_separable_reference(
    params: ConvParams,
    multiplier: usize,
    input: &Tensor,
    dw_weights: &Weights,
    dw_bias: Option<&[f32]>,
    pw_weights: &Weights,
    pw_bias: Option<&[f32]>,
) -> Result<DepthwiseSeparableOutput, ConvError> {
    let weights = StepWeights {
        dw_weights,
        dw_bias,
        pw_weights,
        pw_bias,
    };
    run(conv2d_reference, params, multiplier, input, weights)
}

type ConvFn = fn(&ConvSpec, &Tensor, &Weights, Option<&[f32]>) -> Result<ConvOutput, ConvError>;

struct StepWeights<'a> {
    dw_weights: &'a Weights,
    dw_bias: Option<&'a [f32]>,
    pw_weights: &'a Weights,
    pw_bias: Option<&'a [f32]>,
}

fn run(
    conv: ConvFn,
    params: ConvParams,
    multiplier: usize,
    input: &Tensor,
    w: StepWeights<'_>,
) -> Result<DepthwiseSeparableOutput, ConvError> {
    let (dw_spec, pw_spec) =
        depthwise_separable_specs(params, multiplier, w.dw_bias.is_some(), w.pw_bias.is_some())?;
    // Check both steps before computing either, so a bad pointwise weight costs nothing.
    pw_spec.check_allocatable()?;
    if w.pw_weights.shape() != pw_spec.weight_shape() {
        return Err(ConvError::ShapeMismatch {
            what: "the pointwise weights",
            expected: pw_spec.weight_shape().to_vec(),
            found: w.pw_weights.shape().to_vec(),
        });
    }
    if w.dw_weights.shape() != dw_spec.weight_shape() {
        return Err(ConvError::ShapeMismatch {
            what: "the depthwise weights",
            expected: dw_spec.weight_shape().to_vec(),
            found: w.dw_weights.shape().to_vec(),
        });
    }
    let depthwise = conv(&dw_spec, input, w.dw_weights, w.dw_bias)?;
    let pointwise = conv(&pw_spec, &depthwise.tensor, w.pw_weights, w.pw_bias)?;
    Ok(DepthwiseSeparableOutput {
        intermediate: depthwise.tensor,
        output: pointwise.tensor,
        macs_depthwise: depthwise.macs,
        macs_pointwise: pointwise.macs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::geometry::Pair;

    #[test]
    fn multiplier_two_feeds_pointwise_with_two_maps_per_channel() {
        let params = ConvParams {
            in_channels: 2,
            out_channels: 3,
            input: Pair::square(4),
            padding: Pair::square(1),
            ..ConvParams::default()
        };
        let (dw, pw) = depthwise_separable_specs(params, 2, true, false).unwrap();
        assert_eq!(dw.weight_shape(), [4, 1, 3, 3]);
        assert_eq!(pw.weight_shape(), [3, 4, 1, 1]);
        let input = Tensor::from_fn(dw.input_shape(), |c, y, x| (c + y + x) as f32).unwrap();
        let dww = Weights::from_fn(dw.weight_shape(), |o, _, i, j| (o + i * j) as f32).unwrap();
        let pww = Weights::from_fn(pw.weight_shape(), |o, c, _, _| (o * 4 + c) as f32).unwrap();
        let bias = [1.0, 2.0, 3.0, 4.0];
        let fast = depthwise_separable(params, 2, &input, &dww, Some(&bias), &pww, None).unwrap();
        let slow = depthwise_separable_reference(params, 2, &input, &dww, Some(&bias), &pww, None)
            .unwrap();
        assert_eq!(fast, slow);
        assert_eq!(fast.macs_depthwise, 4 * 16 * 9);
        assert_eq!(fast.macs_pointwise, 3 * 4 * 16);
        assert_eq!(fast.intermediate.shape().c, 4);
    }

    #[test]
    fn wrong_pointwise_weights_are_named() {
        let params = ConvParams {
            in_channels: 2,
            out_channels: 3,
            ..ConvParams::default()
        };
        let input = Tensor::zeros(crate::engine::Shape3::new(2, 5, 5)).unwrap();
        let dww = Weights::zeros([2, 1, 3, 3]).unwrap();
        let pww = Weights::zeros([3, 3, 1, 1]).unwrap();
        let err = depthwise_separable(params, 1, &input, &dww, None, &pww, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the pointwise weights should have shape [3, 2, 1, 1] but has [3, 3, 1, 1]"
        );
    }
}
