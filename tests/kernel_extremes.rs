//! No `inf` or `NaN` reaches the page from the kernel editor: for random and extreme kernels
//! within the editor's bound (±1,000,000, zeros, the smallest subnormals, sizes up to 15×15),
//! read through their `kernel=` text, every text the editor writes (factors, the best rank-1
//! approximation, the passes, the errors) and every number the stage runs in single precision
//! (the passes' weights, every tensor, the largest difference from the full kernel) is finite
//! and written as a number. Values past the bound are refused with a message.
#![cfg(not(target_arch = "wasm32"))]

use convlab::config::format::{kernel_value, scientific};
use convlab::config::{Field, Form};
use convlab::engine::Method;
use convlab::lessons::kernel_text::{format_value, MAX_KERNEL_VALUE};
use convlab::lessons::{parse_kernel, EditorAnalysis, KernelTextError, Value};
use convlab::timeline::{Granularity, LayerData, Timeline, ValueKind};
use proptest::prelude::*;

const LIMIT: f64 = MAX_KERNEL_VALUE as f64;

/// A kernel value: the limits, zero, the smallest magnitudes, whole numbers, or anything
/// finite within the bound.
fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(LIMIT),
        2 => Just(-LIMIT),
        2 => Just(0.0),
        1 => Just(f64::from_bits(1)),
        1 => Just(-f64::MIN_POSITIVE),
        1 => Just(1e-300),
        2 => (-3i32..=3).prop_map(f64::from),
        2 => -LIMIT..=LIMIT,
        1 => any::<u64>()
            .prop_map(f64::from_bits)
            .prop_filter("within the bound", |v| v.is_finite() && v.abs() <= LIMIT),
    ]
}

/// A kernel of any editable size, mostly small, as its `kernel=` text.
fn any_kernel_text() -> impl Strategy<Value = (usize, usize, String)> {
    prop_oneof![4 => 1usize..=5, 1 => 6usize..=15]
        .prop_flat_map(|kh| (Just(kh), prop_oneof![4 => 1usize..=5, 1 => 6usize..=15]))
        .prop_flat_map(|(kh, kw)| {
            prop::collection::vec(any_value(), kh * kw).prop_map(move |values| {
                let text = values.iter().map(|&v| format_value(v)).collect::<Vec<_>>();
                (kh, kw, text.join(","))
            })
        })
}

/// Whether a text shows something that is not a number.
fn shows_no_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("inf") || lower.contains("nan") || lower.contains("not a number")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_editor_and_the_stage_show_only_finite_numbers((kh, kw, text) in any_kernel_text(), seed in 0u64..1000) {
        let kernel = parse_kernel(&text, kh, kw).expect("within the bound");
        let a = EditorAnalysis::of(&kernel);

        let mut texts = vec![
            Value::Real(a.rank1_error.max_abs).text(),
            Value::Real(a.passes_error.max_abs).text(),
            Value::Vector(a.best_rank1.column.clone()).text(),
            Value::Vector(a.best_rank1.row.clone()).text(),
        ];
        if let Some(f) = &a.factors {
            texts.push(Value::Vector(f.column.clone()).text());
            texts.push(Value::Vector(f.row.clone()).text());
        }
        for p in &a.passes {
            texts.push(Value::Vector(p.factors.column.clone()).text());
            texts.push(Value::Vector(p.factors.row.clone()).text());
        }
        for t in &texts {
            prop_assert!(!shows_no_number(t), "{} in {}", t, text);
        }

        // The stage: the kernel's passes in single precision on a layer that fits it.
        let stage_kernel = a.stage_kernel();
        for v in stage_kernel.passes.iter().flat_map(|p| p.column.iter().chain(&p.row)).chain(&stage_kernel.kernel) {
            prop_assert!(v.is_finite(), "weight {} for {}", v, text);
            prop_assert!(!shows_no_number(&kernel_value(*v)));
        }
        let mut form = Form { method: Method::SpatialSeparable, ..Form::default() };
        form.set(Field::InChannels, "2");
        form.set(Field::Height, (kh + 1).to_string());
        form.set(Field::Width, (kw + 1).to_string());
        form.set(Field::KernelH, kh.to_string());
        form.set(Field::KernelW, kw.to_string());
        let config = stage_kernel.layer(form.validate().expect("a layer that fits the kernel"));
        let timeline = Timeline::new(&config, Granularity::Element).expect("timeline");
        for kind in [ValueKind::Integers, ValueKind::Reals] {
            let data = LayerData::generate_with_kernel(&timeline, seed, kind, &stage_kernel)
                .expect("the stage's numbers");
            for stage in &data.stages {
                prop_assert!(stage.output.data().iter().all(|v| v.is_finite()), "{}", text);
            }
            let difference = data.separable_difference.expect("spatial separable");
            prop_assert!(difference.is_finite(), "{}", text);
            prop_assert!(!shows_no_number(&scientific(f64::from(difference))));
        }
    }

    #[test]
    fn values_past_the_bound_are_refused(value in any::<u64>().prop_map(f64::from_bits)) {
        prop_assume!(value.is_finite() && value.abs() > LIMIT);
        let text = format_value(value);
        let refused = parse_kernel(&text, 1, 1);
        prop_assert!(matches!(refused, Err(KernelTextError::OutOfRange { .. })), "{} → {:?}", text, refused);
    }
}

/// The issue's link: values past what a 32-bit float holds are refused with the rule, not
/// shown as `inf`.
#[test]
fn the_issue_s_kernel_is_refused_with_the_rule() {
    let err = parse_kernel("1e40,1e40,1e40,1e40,-1e40,1e40,1e40,1e40,1e40", 3, 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kernel= value 1: “1e40” is beyond the limit: use a number from −1,000,000 to 1,000,000"
    );
}
