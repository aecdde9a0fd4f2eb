//! The convolution engine: pure Rust, no web crates. Tensors, geometry, every convolution
//! method convlab teaches, separability analysis and exact costs.

pub mod cost;
pub mod error;
pub mod geometry;

pub use cost::{Method, MethodCost, Ratio, StageCost};
pub use error::ConvError;
pub use geometry::{ConvParams, ConvSpec, Pair, Shape3};
