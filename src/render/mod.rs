//! Drawing: everything that turns convlab's data into pixels. The stage's layout in pure
//! arithmetic (`layout`), its colours (`colors`), the one module that calls the browser's
//! canvas API (`canvas`), and the explorer's charts (`charts`), written with plotters against
//! any `DrawingBackend` so the same code draws to the page and to an SVG string in tests. No UI framework
//! here; it draws only what it is given.

pub mod canvas;
pub mod charts;
pub mod colors;
pub mod layout;

pub use charts::{ChartGeometry, PlottedPoint, Theme};
