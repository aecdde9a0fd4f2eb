//! Drawing: render owns everything that turns convlab's data into pixels. Charts are written
//! with `plotters` against any `DrawingBackend`, so the same code draws to the page's canvas
//! and to an SVG string in native tests and downloads. No Yew here; the page mounts the
//! backends and feeds mouse positions back through the returned geometry.

pub mod charts;

pub use charts::{ChartGeometry, PlottedPoint, Theme};
