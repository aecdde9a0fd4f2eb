//! convlab: an interactive, in-browser visual explainer of convolutions.
//!
//! The layers point one way (see `ARCHITECTURE.md`):
//!
//! - [`engine`]: tensors, convolutions, decompositions and exact costs (pure Rust).
//! - [`config`]: the layer a user chose, its validation and its query-string form (pure Rust).
//! - [`timeline`]: the animation as indexable data, a cursor and the numbers of each step
//!   (pure Rust).
//! - [`explorer`]: the cost explorer as data: chart series, architecture presets, framework
//!   code (pure Rust).
//! - [`lessons`]: the guided lessons as data, with live figures, and the pure models of their
//!   panels: kernel editor, connection matrices, channel shuffle, groups as devices (pure Rust).
//! - [`export`]: what an export holds (frames, file name, metadata) and the file formats the
//!   browser does not write itself (pure Rust).
//! - [`lab`]: the image lab as data: pictures, samples, the four methods on a picture as plans
//!   the engine computes in bands, and its URL state (pure Rust).
//! - [`render`]: drawing: stage layout arithmetic (pure), the canvas stage, and the explorer's
//!   charts with plotters on any backend.
//! - [`export`]: the stage leaving the page as a file: the GIF palette and encoder (pure
//!   Rust, with the `export` feature).
//! - [`ui`]: the Yew application that shows it all.

pub mod config;
pub mod engine;
pub mod explorer;
pub mod export;
pub mod heap;
pub mod lab;
pub mod lessons;
pub mod render;
pub mod timeline;
pub mod ui;

/// Every bundle allocates from [`heap`]: O(1), and about 8 KB less code than the standard
/// allocator.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: heap::PageHeap = heap::PageHeap::new();
