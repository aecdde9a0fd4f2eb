//! convlab: an interactive, in-browser visual explainer of convolutions.
//!
//! The layers point one way (see `ARCHITECTURE.md`):
//!
//! - [`engine`]: tensors, convolutions, decompositions and exact costs (pure Rust).

pub mod engine;
