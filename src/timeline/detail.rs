//! What one step reads and writes, with numbers: each tap's input value, weight and product,
//! the running sum, the bias and the value the engine wrote. This is what the kernel math
//! panel prints and what the stage highlights.

use super::data::LayerData;
use super::steps::{Step, TensorId, Timeline};
use crate::engine::conv::{output_taps, Tap};

/// The panel lists at most this many terms of a sum; longer sums are summarised.
pub const MAX_LISTED_TAPS: usize = 27;

/// One tap with its numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TapValue {
    /// Where it reads and which weight it uses.
    pub tap: Tap,
    /// The input value (0 on padding).
    pub input: f32,
    /// The weight.
    pub weight: f32,
    /// `weight × input`.
    pub product: f32,
}

/// A step with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDetail {
    /// The step.
    pub step: Step,
    /// The tensor the step reads.
    pub reads: TensorId,
    /// The first taps of the element (at most [`MAX_LISTED_TAPS`]), in summation order.
    pub taps: Vec<TapValue>,
    /// How many taps the element has in all.
    pub tap_count: usize,
    /// Taps done by this step: all of them at element granularity, up to the current one at
    /// multiply-add granularity.
    pub taps_done: usize,
    /// The sum of the products of the taps done, in the engine's order.
    pub partial_sum: f32,
    /// The bias of the output channel, when the layer has one.
    pub bias: Option<f32>,
    /// The value the engine wrote at this element (bias included).
    pub value: f32,
}

impl StepDetail {
    /// The numbers of step `index`, or `None` past the end or when `data` does not belong to
    /// `timeline`.
    pub fn of(timeline: &Timeline, data: &LayerData, index: u64) -> Option<StepDetail> {
        let step = timeline.step(index)?;
        let plan = timeline.stages().get(step.stage)?;
        let stage = data.stages.get(step.stage)?;
        let source = data.tensor(plan.reads)?;
        let (o, y, x) = step.element;
        let taps = output_taps(&plan.spec, o, y, x).ok()?;
        let tap_count = taps.total();
        let taps_done = step.tap.map_or(tap_count, |t| t + 1);
        let (xs, ws) = (source.data(), stage.weights.data());
        let mut listed = Vec::with_capacity(tap_count.min(MAX_LISTED_TAPS));
        let mut partial_sum = 0.0f32;
        for tap in taps.take(taps_done.max(MAX_LISTED_TAPS.min(tap_count))) {
            let input = tap
                .input_index
                .and_then(|k| xs.get(k).copied())
                .unwrap_or(0.0);
            let weight = ws.get(tap.weight_index).copied().unwrap_or(0.0);
            let product = weight * input;
            if tap.step < taps_done {
                partial_sum += product;
            }
            if listed.len() < MAX_LISTED_TAPS {
                listed.push(TapValue {
                    tap,
                    input,
                    weight,
                    product,
                });
            }
        }
        let bias = stage.bias.as_ref().and_then(|b| b.get(o).copied());
        let value = stage.output.get(o, y, x)?;
        Some(StepDetail {
            step,
            reads: plan.reads,
            taps: listed,
            tap_count,
            taps_done,
            partial_sum,
            bias,
            value,
        })
    }

    /// Whether every tap of the element is done.
    pub fn is_complete(&self) -> bool {
        self.taps_done == self.tap_count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Field, Form};
    use crate::engine::Method;
    use crate::timeline::data::{SeparablePreset, ValueKind};
    use crate::timeline::steps::Granularity;

    fn setup(method: Method, granularity: Granularity) -> (Timeline, LayerData) {
        let mut form = Form {
            method,
            ..Form::default()
        };
        form.set(Field::Bias, "1");
        form.set(Field::Groups, "1");
        let config = form.validate().unwrap();
        let t = Timeline::new(&config, granularity).unwrap();
        let d = LayerData::generate(&t, 3, ValueKind::Integers, SeparablePreset::Random).unwrap();
        (t, d)
    }

    #[test]
    fn every_step_writes_the_engine_value() {
        for method in Method::ALL {
            let (t, d) = setup(method, Granularity::Element);
            for index in 0..t.len() {
                let detail = StepDetail::of(&t, &d, index).unwrap();
                let with_bias = detail.partial_sum + detail.bias.unwrap_or(0.0);
                assert_eq!(with_bias, detail.value, "{method:?} step {index}");
                assert!(detail.is_complete());
            }
        }
    }

    #[test]
    fn mac_steps_build_the_sum_tap_by_tap() {
        let (t, d) = setup(Method::Standard, Granularity::Mac);
        // The first element has 3·3·3 = 27 taps.
        let first = StepDetail::of(&t, &d, 0).unwrap();
        assert_eq!((first.taps_done, first.tap_count), (1, 27));
        assert_eq!(first.partial_sum, first.taps[0].product);
        let last = StepDetail::of(&t, &d, 26).unwrap();
        assert!(last.is_complete());
        assert_eq!(last.partial_sum + last.bias.unwrap(), last.value);
        assert_eq!(StepDetail::of(&t, &d, 27).unwrap().step.element, (0, 0, 1));
    }
}
