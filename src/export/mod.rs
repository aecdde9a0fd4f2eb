//! Exporting the stage: what leaves the page as a file. [`gif`] owns the animated GIF — the
//! fixed palette of everything a run of scenes can paint ([`gif::palette_for`]) and the encoder
//! that turns painted frames into a looping GIF of changed rectangles ([`gif::GifEncoder`]).
//! Pure Rust, no web types: the GIF worker (`src/bin/gif_worker.rs`) runs it off the page's
//! thread, and native tests decode what it writes. Compiled with the `export` feature only, so
//! the pages' bundles never carry it.

pub mod gif;
