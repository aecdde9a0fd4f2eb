//! The image lab as data (pure Rust): pictures (samples drawn by code, RGBA to the engine's
//! tensor, the scaled size, what a file's header says), the four methods on a picture as plans
//! the engine computes in bands of rows, and the lab's URL state.
//!
//! - [`picture`]: [`Picture`], the [`Sample`]s, [`fit_long_side`] and [`sniff`].
//! - [`pipeline`]: [`Plan`] of each method, [`Job`] that computes it band by band, and the
//!   math line's numbers for one pixel.
//! - [`settings`]: [`LabSettings`] and its query string.

pub mod picture;
pub mod pipeline;
pub mod settings;

pub use picture::{fit_long_side, sniff, Picture, Sample, Sniffed, Unreadable, DEFAULT_LONG_SIDE};
pub use pipeline::{Choice, Computed, Job, Mix, Op, Plan, PlanStep, Role};
pub use settings::LabSettings;
