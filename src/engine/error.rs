//! Errors the engine answers with: every invalid spec or input becomes a value that names the
//! field and the rule in words a student understands.

use std::fmt;

/// Why a convolution spec, tensor or kernel was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvError {
    /// A field is below its minimum, e.g. `stride must be at least 1`.
    BelowMinimum {
        field: &'static str,
        value: u64,
        min: u64,
    },
    /// A field is above its limit, e.g. `size 100000 is above the limit 4096`.
    AboveLimit {
        field: &'static str,
        value: u64,
        max: u64,
    },
    /// `groups` does not divide a channel count.
    GroupsMustDivide {
        groups: usize,
        what: &'static str,
        channels: usize,
    },
    /// The (dilated) kernel does not fit in the padded input.
    KernelLargerThanInput {
        kernel: [usize; 2],
        dilated: [usize; 2],
        padded_input: [usize; 2],
    },
    /// A tensor would hold more elements than the engine allocates.
    TooLarge {
        what: &'static str,
        elements: u64,
        cap: u64,
    },
    /// A tensor's data does not match the shape it claims, or two shapes disagree.
    ShapeMismatch {
        what: &'static str,
        expected: Vec<usize>,
        found: Vec<usize>,
    },
    /// A method needs a setting it does not support (e.g. stride 2 in spatial separable mode).
    Unsupported { what: &'static str, rule: String },
    /// A kernel written as text could not be read.
    Malformed { what: &'static str, detail: String },
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvError::BelowMinimum { field, min, .. } => {
                write!(f, "{field} must be at least {min}")
            }
            ConvError::AboveLimit { field, value, max } => {
                write!(f, "{field} {value} is above the limit {max}")
            }
            ConvError::GroupsMustDivide {
                groups,
                what,
                channels,
            } => write!(f, "groups ({groups}) must divide {what} ({channels})"),
            ConvError::KernelLargerThanInput {
                kernel,
                dilated,
                padded_input,
            } => {
                if kernel == dilated {
                    write!(
                        f,
                        "kernel {}×{} is larger than the padded input {}×{}",
                        kernel[0], kernel[1], padded_input[0], padded_input[1]
                    )
                } else {
                    write!(
                        f,
                        "kernel {}×{} (dilated to {}×{}) is larger than the padded input {}×{}",
                        kernel[0],
                        kernel[1],
                        dilated[0],
                        dilated[1],
                        padded_input[0],
                        padded_input[1]
                    )
                }
            }
            ConvError::TooLarge {
                what,
                elements,
                cap,
            } => write!(
                f,
                "{what} would hold {elements} values, more than the {cap} this page computes"
            ),
            ConvError::ShapeMismatch {
                what,
                expected,
                found,
            } => write!(f, "{what} should have shape {expected:?} but has {found:?}"),
            ConvError::Unsupported { what, rule } => write!(f, "{what}: {rule}"),
            ConvError::Malformed { what, detail } => write!(f, "{what}: {detail}"),
        }
    }
}

impl std::error::Error for ConvError {}
