//! The cost explorer as plain data: the points behind each chart, the architecture presets with
//! their exact totals and the papers' figures, and the framework code that builds a layer.
//!
//! Everything here is pure Rust computed with [`crate::engine::cost`]; it never names a web
//! crate or the chart library. Drawing lives in [`crate::render`], the page in `ui`.

pub mod code;
pub mod presets;
pub mod series;

pub use presets::{Preset, PresetRow};
pub use series::{CountChart, PointRef, SavingChart, Series, SeriesPoint};
