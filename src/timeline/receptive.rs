//! Receptive fields: which cells a cell depends on, back through both stages of a two-step
//! method (output → row window → column windows; output → pointwise weights → depthwise
//! windows). What the stage lights up under the pointer.

use std::collections::BTreeSet;

use super::steps::{TensorId, Timeline};
use crate::engine::conv::output_taps;

/// Receptive fields larger than this are cut short (only what fits on screen matters).
pub const MAX_FIELD_CELLS: usize = 20_000;

/// A cell of a tensor; rows and columns outside the tensor are padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// The tensor.
    pub tensor: TensorId,
    /// The channel.
    pub channel: usize,
    /// The row.
    pub row: isize,
    /// The column.
    pub col: isize,
}

fn tensor_rank(t: TensorId) -> u8 {
    match t {
        TensorId::Input => 0,
        TensorId::Intermediate => 1,
        TensorId::Output => 2,
    }
}

impl PartialOrd for TensorId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TensorId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        tensor_rank(*self).cmp(&tensor_rank(*other))
    }
}

/// The cells that `(channel, row, col)` of `tensor` reads, directly and through earlier stages,
/// padding cells included. Empty for input cells and for positions outside the tensor.
pub fn receptive_field(
    timeline: &Timeline,
    tensor: TensorId,
    channel: usize,
    row: usize,
    col: usize,
) -> Vec<CellRef> {
    let mut found = BTreeSet::new();
    let mut frontier = vec![(tensor, channel, row, col)];
    while let Some((t, c, y, x)) = frontier.pop() {
        let Some(plan) = timeline.stages().iter().find(|p| p.writes == t) else {
            continue;
        };
        let Ok(taps) = output_taps(&plan.spec, c, y, x) else {
            continue;
        };
        let shape = plan.spec.input_shape();
        for tap in taps {
            if found.len() >= MAX_FIELD_CELLS {
                return found.into_iter().collect();
            }
            let cell = CellRef {
                tensor: plan.reads,
                channel: tap.input_channel,
                row: tap.y,
                col: tap.x,
            };
            let inside =
                !tap.in_padding() && (tap.y as usize) < shape.h && (tap.x as usize) < shape.w;
            if found.insert(cell) && inside && plan.reads != TensorId::Input {
                frontier.push((
                    plan.reads,
                    tap.input_channel,
                    tap.y as usize,
                    tap.x as usize,
                ));
            }
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Field, Form};
    use crate::engine::Method;
    use crate::timeline::Granularity;

    fn timeline(method: Method) -> Timeline {
        let mut form = Form {
            method,
            ..Form::default()
        };
        form.set(Field::PadH, "0");
        form.set(Field::PadW, "0");
        Timeline::new(&form.validate().unwrap(), Granularity::Element).unwrap()
    }

    #[test]
    fn separable_field_is_the_full_kernel_window() {
        let t = timeline(Method::SpatialSeparable);
        let field = receptive_field(&t, TensorId::Output, 1, 2, 3);
        let inputs: Vec<_> = field
            .iter()
            .filter(|c| c.tensor == TensorId::Input)
            .collect();
        let middles = field
            .iter()
            .filter(|c| c.tensor == TensorId::Intermediate)
            .count();
        // Row window 1×3 on the intermediate; each reads a 3×1 column: a 3×3 block of input.
        assert_eq!(middles, 3);
        assert_eq!(inputs.len(), 9);
        assert!(inputs
            .iter()
            .all(|c| c.channel == 1 && (2..5).contains(&c.row) && (3..6).contains(&c.col)));
    }

    #[test]
    fn pointwise_reaches_every_channel_through_depthwise_windows() {
        let t = timeline(Method::DepthwiseSeparable);
        let field = receptive_field(&t, TensorId::Output, 0, 0, 0);
        let middles = field
            .iter()
            .filter(|c| c.tensor == TensorId::Intermediate)
            .count();
        let inputs = field.iter().filter(|c| c.tensor == TensorId::Input).count();
        assert_eq!(middles, 3);
        assert_eq!(inputs, 3 * 9);
    }

    #[test]
    fn input_cells_have_no_field() {
        let t = timeline(Method::Standard);
        assert!(receptive_field(&t, TensorId::Input, 0, 0, 0).is_empty());
        assert!(receptive_field(&t, TensorId::Output, 99, 0, 0).is_empty());
        assert_eq!(receptive_field(&t, TensorId::Output, 0, 0, 0).len(), 27);
    }
}
