//! The convolution engine: pure Rust, no web crates. Tensors, geometry, every convolution
//! method convlab teaches, separability analysis and exact costs.
//!
//! - [`geometry`]: the validated [`ConvSpec`] and the output-size law.
//! - [`tensor`]: `[C, H, W]` activations ([`Tensor`]) and `[O, C/G, KH, KW]` [`Weights`].
//! - [`conv`]: conv2d, a naive reference and the fast path, plus one element and its taps.
//! - [`separable`]: spatial separable passes (column then row) per channel.
//! - [`depthwise`]: depthwise step (with multiplier) then pointwise 1×1 step.
//! - [`rank`]: the rank of a kernel, its rank-1 factors and rank-k approximations (SVD).
//! - [`cost`]: exact MACs, parameters and activation memory.
//! - [`error`]: every refusal as a [`ConvError`] value.

pub mod conv;
pub mod cost;
pub mod depthwise;
pub mod error;
pub mod geometry;
pub mod rank;
pub mod separable;
pub(crate) mod simd;
pub mod tensor;

pub use conv::{
    check_operands, conv2d, conv2d_element, conv2d_reference, output_taps, ConvOutput, Tap, Taps,
};
pub use cost::{Method, MethodCost, Ratio, StageCost};
pub use depthwise::{
    depthwise_separable, depthwise_separable_reference, depthwise_separable_specs,
    DepthwiseSeparableOutput,
};
pub use error::ConvError;
pub use geometry::{ConvParams, ConvSpec, Pair, Shape3};
pub use rank::{analyze_kernel, KernelAnalysis, KernelMatrix, NamedKernel};
pub use separable::{
    outer_product_kernel, separable_specs, spatial_separable, spatial_separable_reference,
    SeparableOutput, SeparableSpecs,
};
pub use tensor::{Tensor, Weights};
