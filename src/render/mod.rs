//! Drawing: everything that turns convlab's data into pixels. The stage's layout in pure
//! arithmetic (`layout`), its colours (`colors`), the image lab's maps as pixels (`lab_image`, pure), each frame as pure data (`scene`: every shape
//! and text, tested natively), the scene painted as SVG text (`svg`, pure), the module that
//! paints a scene with the browser's canvas API (`canvas`), the explorer's charts (`charts`),
//! written with plotters against any `DrawingBackend` so the same code draws to the page and to
//! an SVG string in tests, and the backend that puts them on the page's canvas
//! (`chart_canvas`). No UI framework here; it draws only what it is given.

pub mod canvas;
pub mod chart_canvas;
pub mod charts;
pub mod colors;
pub mod lab_image;
pub mod layout;
pub mod scene;
pub mod svg;

pub use charts::{Chart, ChartGeometry, PlottedPoint, Theme};
