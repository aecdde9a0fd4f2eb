//! When a chapter's "what to watch" can be seen: on its panel as soon as the chapter opens, or
//! on the stage some steps after the step the chapter opens on. The steps are counted on the
//! layer's own [`Timeline`], so a test can hold every chapter to what a reader sees after
//! pressing Play: at the stage's opening speed the thing happens within [`WATCH_SECS`].

use crate::engine::conv::output_taps;
use crate::timeline::{Step, Timeline};

/// How long, in seconds of playing at the stage's opening speed, a reader should wait for what
/// a chapter says to watch.
pub const WATCH_SECS: f64 = 10.0;

/// What a chapter's watch line points at, as something the timeline can find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// The chapter's panel (kernel editor, connection matrix, shuffle, devices): it shows at
    /// once, without playing.
    Panel,
    /// The window sliding to the end of an output row.
    RowEnd,
    /// The window moving on from the output channel it starts on to the next, then `then`
    /// more steps.
    NextChannel {
        /// Steps watched after the move.
        then: u64,
    },
    /// The next stage (the row pass, the pointwise step) beginning, then `then` more steps.
    NextStage {
        /// Steps watched after it begins.
        then: u64,
    },
    /// This many more output values of the current stage written.
    Outputs(u64),
    /// The window both on the border (some taps on the zero padding) and inside the image.
    BorderAndInterior,
}

impl Sight {
    /// Steps played from `opening` (steps completed when the chapter opens) until the thing
    /// has been seen; `None` when the layer never shows it from there.
    pub fn steps_to_see(self, timeline: &Timeline, opening: u64) -> Option<u64> {
        let start = timeline.step(opening);
        // Steps until the first step from `opening` on that satisfies `pred` is done.
        let until = |pred: &dyn Fn(&Step) -> bool| -> Option<u64> {
            (opening..timeline.len())
                .find(|&i| timeline.step(i).is_some_and(|s| pred(&s)))
                .map(|i| i + 1 - opening)
        };
        match self {
            Sight::Panel => Some(0),
            Sight::RowEnd => until(&|s| {
                let width = timeline
                    .stages()
                    .get(s.stage)
                    .map_or(0, |p| p.spec.output_shape().w);
                s.element.2 + 1 == width && s.tap.is_none_or(|t| t + 1 == taps_of(timeline, s))
            }),
            Sight::NextChannel { then } => {
                let start = start?;
                until(&|s| s.stage != start.stage || s.element.0 != start.element.0)
                    .map(|n| n + then)
            }
            Sight::NextStage { then } => {
                let start = start?;
                until(&|s| s.stage > start.stage).map(|n| n + then)
            }
            Sight::Outputs(n) => {
                let stage = start?.stage;
                let before = timeline.elements_done(stage, opening);
                (opening + 1..=timeline.len())
                    .find(|&c| timeline.elements_done(stage, c) >= before + n)
                    .map(|c| c - opening)
            }
            Sight::BorderAndInterior => {
                let border = until(&|s| reads_padding(timeline, s) == Some(true))?;
                let interior = until(&|s| reads_padding(timeline, s) == Some(false))?;
                Some(border.max(interior))
            }
        }
    }
}

/// Taps of one output value of `step`'s stage.
fn taps_of(timeline: &Timeline, step: &Step) -> usize {
    timeline
        .stages()
        .get(step.stage)
        .map_or(1, |p| p.taps as usize)
}

/// Whether the window of `step` has a tap on the zero padding.
fn reads_padding(timeline: &Timeline, step: &Step) -> Option<bool> {
    let plan = timeline.stages().get(step.stage)?;
    let (o, y, x) = step.element;
    let taps = output_taps(&plan.spec, o, y, x).ok()?;
    Some(
        (0..taps.total())
            .filter_map(|k| taps.get(k))
            .any(|t| t.in_padding()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Form, LayerConfig};
    use crate::engine::{ConvParams, Method, Pair};
    use crate::timeline::Granularity;

    fn layer(method: Method, c: usize, o: usize, size: usize, pad: usize) -> LayerConfig {
        let params = ConvParams {
            in_channels: c,
            input: Pair::square(size),
            out_channels: o,
            kernel: Pair::square(3),
            padding: Pair::square(pad),
            ..ConvParams::default()
        };
        Form::from_layer(method, params, 1)
            .validate()
            .expect("a valid layer")
    }

    #[test]
    fn rows_channels_and_stages_are_counted_from_the_opening() {
        // 5×5×2 → 2 depthwise separable, no padding: 3×3 depthwise outputs per channel.
        let config = layer(Method::DepthwiseSeparable, 2, 2, 5, 0);
        let t = Timeline::new(&config, Granularity::Element).unwrap();
        // From the start the first row ends after 3 steps; from step 1, after 2.
        assert_eq!(Sight::RowEnd.steps_to_see(&t, 0), Some(3));
        assert_eq!(Sight::RowEnd.steps_to_see(&t, 1), Some(2));
        // Channel 1 starts at step 9: from step 7, two steps to finish channel 0, one into 1.
        assert_eq!(Sight::NextChannel { then: 0 }.steps_to_see(&t, 7), Some(3));
        assert_eq!(Sight::NextChannel { then: 2 }.steps_to_see(&t, 7), Some(5));
        // The pointwise step starts after 18 depthwise steps.
        assert_eq!(Sight::NextStage { then: 1 }.steps_to_see(&t, 15), Some(5));
        assert_eq!(Sight::NextStage { then: 0 }.steps_to_see(&t, 18), None);
        assert_eq!(Sight::Outputs(4).steps_to_see(&t, 0), Some(4));
        assert_eq!(Sight::Panel.steps_to_see(&t, 5), Some(0));
    }

    #[test]
    fn outputs_and_rows_at_one_multiply_add_per_step() {
        // 4×4×3 → 1 standard, no padding: 2×2 outputs of 27 multiply-adds each.
        let config = layer(Method::Standard, 3, 1, 4, 0);
        let t = Timeline::new(&config, Granularity::Mac).unwrap();
        assert_eq!(Sight::Outputs(1).steps_to_see(&t, 0), Some(27));
        assert_eq!(Sight::Outputs(2).steps_to_see(&t, 10), Some(44));
        // The first row (two outputs) ends with the last tap of the second output.
        assert_eq!(Sight::RowEnd.steps_to_see(&t, 0), Some(54));
        assert_eq!(Sight::Outputs(5).steps_to_see(&t, 0), None);
    }

    #[test]
    fn border_and_interior_need_both() {
        // 5×5 with padding 1: the first row reads the top padding; (1, 1) is the first window
        // inside the image, step 7.
        let config = layer(Method::Standard, 1, 1, 5, 1);
        let t = Timeline::new(&config, Granularity::Element).unwrap();
        assert_eq!(Sight::BorderAndInterior.steps_to_see(&t, 0), Some(7));
        assert_eq!(Sight::BorderAndInterior.steps_to_see(&t, 3), Some(4));
        // Without padding no window reads it.
        let valid = layer(Method::Standard, 1, 1, 5, 0);
        let t = Timeline::new(&valid, Granularity::Element).unwrap();
        assert_eq!(Sight::BorderAndInterior.steps_to_see(&t, 0), None);
    }
}
