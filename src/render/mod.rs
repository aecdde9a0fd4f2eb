//! Drawing: the stage's layout in pure arithmetic (`layout`), its colours (`colors`), and the
//! one module that calls the browser's canvas API (`canvas`). Draws only what it is given.

pub mod canvas;
pub mod colors;
pub mod layout;
