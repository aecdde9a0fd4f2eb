//! The animation timeline against every public fixture: the last step's cumulative MACs equal
//! the fixture's (and the engine's) total; every step writes the value the fixture expects and
//! its arithmetic adds up exactly; stepping, seeking and phase jumps agree with each other.

use convlab::config::LayerConfig;
use convlab::engine::{ConvParams, Method, Pair};
use convlab::timeline::{Command, Cursor, Granularity, LayerData, StepDetail, TensorId, Timeline};
use serde_json::Value;

mod common;
use common::fixtures::{field, optional_floats, pair, public_cases, tensor3, u64_field, weights4};

/// What the timeline needs of a fixture: the layer, its operands and its figures.
struct Case {
    config: LayerConfig,
    operands: Vec<(convlab::engine::Weights, Option<Vec<f32>>)>,
    input: convlab::engine::Tensor,
    expected: convlab::engine::Tensor,
    intermediate: Option<convlab::engine::Tensor>,
    macs: u64,
    tolerance: f64,
}

fn case_of(v: &Value) -> Case {
    let input = tensor3(v, "input").unwrap();
    let shape = input.shape();
    let tolerance = field(v, "tolerance").unwrap().as_f64().unwrap();
    let expected = tensor3(v, "expected").unwrap();
    let base = ConvParams {
        in_channels: shape.c,
        input: Pair::new(shape.h, shape.w),
        padding: pair(v, "padding").unwrap(),
        stride: pair(v, "stride").unwrap(),
        dilation: pair(v, "dilation").unwrap(),
        ..ConvParams::default()
    };
    match field(v, "op").unwrap().as_str().unwrap() {
        "conv2d" => {
            let w = weights4(v, "weight").unwrap();
            let [o, _, kh, kw] = w.shape();
            let bias = optional_floats(v, "bias").unwrap();
            let params = ConvParams {
                out_channels: o,
                kernel: Pair::new(kh, kw),
                groups: u64_field(v, "groups").unwrap() as usize,
                bias: bias.is_some(),
                ..base
            };
            Case {
                config: LayerConfig {
                    method: Method::Grouped,
                    params,
                    multiplier: 1,
                },
                operands: vec![(w, bias)],
                input,
                expected,
                intermediate: None,
                macs: u64_field(v, "macs").unwrap(),
                tolerance,
            }
        }
        "separable2d" => {
            let column = weights4(v, "column").unwrap();
            let row = weights4(v, "row").unwrap();
            let bias = optional_floats(v, "bias").unwrap();
            let params = ConvParams {
                out_channels: shape.c,
                kernel: Pair::new(column.shape()[2], row.shape()[3]),
                groups: shape.c,
                bias: bias.is_some(),
                ..base
            };
            let mode = field(v, "padding_mode")
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            let macs = field(field(v, "macs").unwrap(), &mode).unwrap();
            Case {
                config: LayerConfig {
                    method: Method::SpatialSeparable,
                    params,
                    multiplier: 1,
                },
                operands: vec![(column, None), (row, bias)],
                input,
                expected,
                intermediate: Some(tensor3(v, "intermediate").unwrap()),
                macs: u64_field(macs, "separable_total").unwrap(),
                tolerance,
            }
        }
        "depthwise_separable" => {
            let dw = weights4(v, "depthwise_weight").unwrap();
            let pw = weights4(v, "pointwise_weight").unwrap();
            let (dw_bias, pw_bias) = (
                optional_floats(v, "depthwise_bias").unwrap(),
                optional_floats(v, "pointwise_bias").unwrap(),
            );
            let bias = dw_bias.is_some() || pw_bias.is_some();
            // One bias switch covers both steps; a step without one adds zeros.
            let zeros = |n: usize| bias.then(|| vec![0.0; n]);
            let [m, _, kh, kw] = dw.shape();
            let o = pw.shape()[0];
            let params = ConvParams {
                out_channels: o,
                kernel: Pair::new(kh, kw),
                groups: shape.c,
                bias,
                ..base
            };
            Case {
                config: LayerConfig {
                    method: Method::DepthwiseSeparable,
                    params,
                    multiplier: m / shape.c,
                },
                operands: vec![
                    (dw, dw_bias.or_else(|| zeros(m))),
                    (pw, pw_bias.or_else(|| zeros(o))),
                ],
                input,
                expected,
                intermediate: Some(tensor3(v, "intermediate").unwrap()),
                macs: u64_field(field(v, "macs").unwrap(), "total").unwrap(),
                tolerance,
            }
        }
        other => panic!("unknown kind {other}"),
    }
}

fn within(a: f32, e: f32, tol: f64) -> bool {
    (f64::from(a) - f64::from(e)).abs() <= tol * f64::from(e).abs().max(1.0)
}

#[test]
fn cumulative_macs_reach_each_fixture_total() {
    let cases = public_cases();
    assert!(!cases.is_empty());
    for (name, v) in &cases {
        let case = case_of(v);
        let engine_total = case.config.cost().unwrap().macs();
        assert_eq!(engine_total, case.macs, "{name}: engine cost");
        for g in [Granularity::Element, Granularity::Mac] {
            let t = Timeline::new(&case.config, g).unwrap();
            let last = t.step(t.len() - 1).unwrap();
            assert_eq!(last.macs_done, case.macs, "{name} {g:?}");
            assert_eq!(t.macs_through(t.len()), case.macs, "{name} {g:?}");
            assert_eq!(t.macs_through(0), 0);
        }
    }
}

#[test]
fn every_step_writes_the_fixture_value() {
    for (name, v) in public_cases() {
        let case = case_of(&v);
        let t = Timeline::new(&case.config, Granularity::Element).unwrap();
        let data = LayerData::compute(&t, case.input, case.operands).unwrap();
        for index in 0..t.len() {
            let d = StepDetail::of(&t, &data, index).unwrap();
            // The arithmetic shown adds up to the value written, exactly.
            assert_eq!(
                d.partial_sum + d.bias.unwrap_or(0.0),
                d.value,
                "{name} step {index}"
            );
            let (c, y, x) = d.step.element;
            let want = match d.step.writes {
                TensorId::Output => case.expected.get(c, y, x),
                _ => case.intermediate.as_ref().and_then(|m| m.get(c, y, x)),
            };
            let want = want.unwrap_or_else(|| panic!("{name}: no expected value at {c},{y},{x}"));
            // Intermediates of separable fixtures carry no bias; depthwise ones do.
            assert!(
                within(d.value, want, case.tolerance),
                "{name} step {index}: {} vs {want}",
                d.value
            );
        }
    }
}

#[test]
fn stepping_seeking_and_phases_agree() {
    for (name, v) in public_cases() {
        let case = case_of(&v);
        let t = Timeline::new(&case.config, Granularity::Mac).unwrap();
        let mut cursor = Cursor::new(t.len(), 0);
        let mut walked = Cursor::new(t.len(), 0);
        let target = t.len() / 3;
        for _ in 0..target {
            walked.apply(Command::StepForward, &t);
        }
        cursor.apply(Command::Seek(target), &t);
        assert_eq!(cursor, walked, "{name}");
        cursor.apply(Command::StepForward, &t);
        cursor.apply(Command::StepBack, &t);
        assert_eq!(cursor.completed(), target, "{name}");
        // Phase starts are step boundaries where the phase changes.
        let mut at = 0;
        while at < t.len() {
            let next = t.next_phase_start(at);
            assert!(next > at, "{name}");
            if next < t.len() {
                let before = t.step(next - 1).unwrap().phase;
                let after = t.step(next).unwrap().phase;
                assert_ne!(before, after, "{name} at {next}");
            }
            assert_eq!(t.previous_phase_start(next), at, "{name}");
            at = next;
        }
    }
}
