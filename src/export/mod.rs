//! Taking the stage out of the page: the plan of an export (format, frames, file name, the
//! words it carries, the embed snippet) and the file formats the browser does not write
//! itself. Pure Rust, tested natively; the export dialog (`ui::export`, a part of its own)
//! paints the frames and hands them here.

pub mod plan;
pub mod png;
pub mod webm;
