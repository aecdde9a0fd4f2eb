//! Drawing: the stage's layout in pure arithmetic (`layout`), and the one module that calls the
//! browser's canvas API (`canvas`, wasm32 only). Draws only what it is given.

pub mod layout;
