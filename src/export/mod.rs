//! Taking the stage out of the page: what leaves it as a file. [`plan`] says what an export
//! holds (its frames, file name, the words it carries, the embed snippet); [`png`] and [`webm`]
//! add what the browser's own files lack (text chunks, a duration); [`gif`] owns the animated
//! GIF — the fixed palette of everything a run of scenes can paint ([`gif::palette_for`]) and
//! the encoder that turns painted frames into a looping GIF of changed rectangles
//! ([`gif::GifEncoder`]), compiled with the `export` feature only so the pages' bundles never
//! carry it. Pure Rust, no web types, tested natively: the export dialog (`ui::export`, a part
//! of its own) paints the frames, and the GIF worker (`src/bin/gif_worker.rs`) encodes them off
//! the page's thread.

#[cfg(feature = "export")]
pub mod gif;
pub mod plan;
pub mod png;
pub mod webm;
