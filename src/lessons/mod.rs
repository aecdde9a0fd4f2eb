//! Guided lessons as data: one lesson per method (standard, spatial separable, depthwise
//! separable, grouped), each a sequence of short chapters that set the stage and explain it with
//! figures computed live by the engine; and the pure models of the lessons' panels: the kernel
//! editor, connection matrices, channel shuffle and groups as devices. Pure Rust: no web crates.
//!
//! - [`kernel_text`]: the `kernel=` URL value, read and written.
//! - [`editor`]: the kernel editor's presets and live separability analysis.
//! - [`connection`]: which output channel reads which input channel, composed over two layers.
//! - [`devices`]: a grouped layer split across devices, beside data parallelism.
//! - [`prose`]: paragraphs of text pieces and live figures.
//! - [`content`]: the four lessons, chapter by chapter.
//! - [`route`]: the `lesson=` and `chapter=` URL keys.
//! - [`sight`]: when a chapter's "what to watch" is seen, counted on its layer's timeline.

pub mod connection;
pub mod content;
pub mod devices;
pub mod editor;
pub mod kernel_text;
pub mod prose;
pub mod route;
pub mod sight;

pub use connection::{ConnectionMatrix, Reach, StackedGroups};
pub use content::{all_lessons, lesson, Chapter, Lesson, Panel, Stage};
pub use devices::{split_by_data, split_by_groups, DataSplit, DeviceLoad, GroupSplit, NextLayer};
pub use editor::{EditorAnalysis, EditorPreset, KernelEditor, PassCost};
pub use kernel_text::{format_kernel, parse_kernel, KernelTextError};
pub use prose::{About, Figure, Paragraph, Piece, Value};
pub use route::{LessonProblem, LessonRef};
pub use sight::{Sight, WATCH_SECS};
