//! The animation as data: for a layer and a method, an indexable sequence of steps (one output
//! element, or one multiply-add, per step) computed from the index alone; the values each step
//! reads and writes; and a cursor driven by commands and a `dt_secs` passed in. Pure Rust: no
//! web crates, no clock.

pub mod cursor;
pub mod data;
pub mod detail;
pub mod keys;
pub mod receptive;
pub mod steps;

pub use cursor::{Command, Cursor, SPEEDS};
pub use data::{KernelPass, LayerData, SeparableKernel, SeparablePreset, ValueKind};
pub use detail::{StepDetail, TapValue};
pub use keys::{command_for_key, KEYS_HINT};
pub use receptive::{receptive_field, CellRef};
pub use steps::{FilterRef, Granularity, Phase, Step, TensorId, Timeline};
