//! The image lab's pipelines against the engine's naive reference, on random small pictures:
//! every step of every method, computed in bands of rows (the lab's row-direct path), equals the reference
//! convolution of the whole picture bit for bit; the separable passes equal the full kernel
//! exactly for a rank-1 kernel; the MACs are `engine::cost`'s. And the scaled size keeps the
//! aspect ratio within a pixel and the long side within the limit.

// Native only: proptest has no wasm32 randomness here.
#![cfg(not(target_arch = "wasm32"))]

use convlab::engine::{
    conv2d_reference, depthwise_separable_reference, ConvParams, KernelMatrix, Method, NamedKernel,
    Pair, Shape3, Tensor,
};
use convlab::lab::pipeline::shuffle_order;
use convlab::lab::{fit_long_side, Choice, Job, Mix, Op, Plan, Sample};
use proptest::prelude::*;

fn picture(h: usize, w: usize, seed: u64) -> Tensor {
    let mut state = seed | 1;
    Tensor::from_fn(Shape3::new(3, h, w), |_, _, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 256) as f32
    })
    .unwrap()
}

fn choice(kernel: KernelMatrix, groups: usize, shuffle: bool) -> Choice {
    Choice {
        kernel,
        mixes: vec![
            Mix::Luminance,
            Mix::RedGreen,
            Mix::Custom([0.25, 0.5, -1.0]),
        ],
        groups,
        shuffle,
    }
}

/// Runs the plan with small bands (a few rows each), so band edges are exercised.
fn run_banded(plan: Plan, input: Tensor) -> convlab::lab::Computed {
    let mut job = Job::new(plan, input).unwrap();
    while !job.advance(50).unwrap() {}
    job.finish()
}

/// Every convolution step equals the reference on the tensor it reads; differences and
/// shuffles are what they say.
fn check_against_reference(method: Method, choice: &Choice, input: &Tensor) {
    let plan = Plan::new(method, choice, input.shape()).unwrap();
    let computed = run_banded(plan.clone(), input.clone());
    assert_eq!(computed.tensors.len(), plan.steps.len() + 1);
    for (i, step) in plan.steps.iter().enumerate() {
        let read = &computed.tensors[step.input];
        let wrote = &computed.tensors[i + 1];
        match &step.op {
            Op::Conv { spec, weights, .. } => {
                let reference = conv2d_reference(spec, read, weights, None).unwrap();
                assert_eq!(
                    reference.tensor.data(),
                    wrote.data(),
                    "{method:?} step {}",
                    step.name
                );
            }
            Op::Difference { a, b } => {
                let (ta, tb) = (&computed.tensors[*a], &computed.tensors[*b]);
                for ((d, x), y) in wrote.data().iter().zip(ta.data()).zip(tb.data()) {
                    assert_eq!(*d, x - y);
                }
            }
            Op::Shuffle { groups } => {
                let s = read.shape();
                for (o, from) in shuffle_order(s.c, *groups).into_iter().enumerate() {
                    assert_eq!(wrote.channel(o), read.channel(from));
                }
            }
        }
    }
    // The MACs shown are engine::cost's, and the plan's method steps perform exactly them.
    let method_macs: u64 = plan
        .steps
        .iter()
        .zip(plan.step_macs())
        .filter(|(s, _)| s.role == convlab::lab::Role::Method)
        .map(|(_, m)| m)
        .sum();
    assert_eq!(method_macs, plan.macs());
}

fn kernel_strategy() -> impl Strategy<Value = KernelMatrix> {
    prop_oneof![
        (0..NamedKernel::ALL.len()).prop_map(|i| NamedKernel::ALL[i].matrix()),
        (1usize..=5, 1usize..=5, any::<u64>()).prop_map(|(kh, kw, seed)| {
            let mut s = seed | 1;
            let data = (0..kh * kw)
                .map(|_| {
                    s = s
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((s >> 33) % 7) as f64 - 3.0
                })
                .collect();
            KernelMatrix::new(kh, kw, data).unwrap()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_method_equals_the_reference(
        h in 1usize..14,
        w in 1usize..14,
        seed in any::<u64>(),
        kernel in kernel_strategy(),
        groups in prop_oneof![Just(1usize), Just(3usize)],
        shuffle in any::<bool>(),
    ) {
        let input = picture(h, w, seed);
        let c = choice(kernel, groups, shuffle);
        for method in Method::ALL {
            check_against_reference(method, &c, &input);
        }
    }

    #[test]
    fn scaling_keeps_the_aspect_ratio_and_the_limit(
        w in 1usize..20_000,
        h in 1usize..20_000,
        limit in 16usize..4097,
    ) {
        let (sw, sh) = fit_long_side(w, h, limit);
        prop_assert!(sw.max(sh) <= limit.max(w.max(h).min(limit)));
        if w.max(h) <= limit {
            prop_assert_eq!((sw, sh), (w, h));
        } else {
            prop_assert_eq!(sw.max(sh), limit);
            // The short side is the nearest whole number to the exact ratio (at least 1).
            let exact = w.min(h) as f64 * limit as f64 / w.max(h) as f64;
            prop_assert!((sw.min(sh) as f64 - exact.max(1.0)).abs() <= 0.5 + 1e-9);
            prop_assert_eq!(sw >= sh, w >= h);
        }
    }
}

#[test]
fn depthwise_separable_equals_the_engines_own_two_steps() {
    let input = picture(9, 11, 7);
    let c = choice(NamedKernel::Sharpen.matrix(), 3, false);
    let plan = Plan::new(Method::DepthwiseSeparable, &c, input.shape()).unwrap();
    let computed = Job::new(plan.clone(), input.clone())
        .unwrap()
        .run()
        .unwrap();
    let (Op::Conv { weights: dw, .. }, Op::Conv { weights: pw, .. }) =
        (&plan.steps[0].op, &plan.steps[1].op)
    else {
        panic!("two convolutions")
    };
    let params = ConvParams {
        in_channels: 3,
        input: Pair::new(9, 11),
        out_channels: 3,
        kernel: Pair::square(3),
        padding: Pair::square(1),
        ..ConvParams::default()
    };
    let engine = depthwise_separable_reference(params, 1, &input, dw, None, pw, None).unwrap();
    assert_eq!(computed.tensors[1], engine.intermediate);
    assert_eq!(computed.tensors[2], engine.output);
    assert_eq!(plan.macs(), engine.macs());
}

#[test]
fn a_rank_one_kernel_separates_exactly_and_a_rank_two_one_takes_two_passes() {
    let input = Sample::Scene.picture_sized(40, 30).to_tensor().unwrap();
    for (kernel, passes) in [
        (NamedKernel::SobelX, 1),
        (NamedKernel::ScharrX, 1),
        (NamedKernel::Gaussian3, 1),
        (NamedKernel::Gaussian5, 1),
        (NamedKernel::Box3, 1),
        (NamedKernel::Laplacian, 2),
        (NamedKernel::Emboss, 3),
    ] {
        let c = choice(kernel.matrix(), 3, false);
        let plan = Plan::new(Method::SpatialSeparable, &c, input.shape()).unwrap();
        assert_eq!(plan.passes, passes, "{kernel:?}");
        let computed = Job::new(plan, input.clone()).unwrap().run().unwrap();
        let diff = computed.max_abs(4);
        // Relative to the values: single-precision rounding only.
        let scale = computed.max_abs(3);
        let dyadic = [
            NamedKernel::SobelX,
            NamedKernel::Gaussian3,
            NamedKernel::Gaussian5,
        ];
        if dyadic.contains(&kernel) {
            // Factors that are binary fractions on whole-number pixels: every product and sum
            // is exact, so the passes equal the full kernel bit for bit.
            assert_eq!(
                diff, 0.0,
                "{kernel:?}: a rank-1 kernel's passes equal the full kernel"
            );
        } else {
            // Scharr's factors hold 10/3 and the box's 1/9: the two orders of summation round
            // differently, by a few units in the last place.
            assert!(diff <= scale * 1e-6, "{kernel:?}: {diff} of {scale}");
        }
    }
}

#[test]
fn sobel_x_lights_a_vertical_edge_and_nothing_else() {
    // Black on the left, white from column 8 on.
    let (h, w) = (6, 16);
    let input = Tensor::from_fn(
        Shape3::new(3, h, w),
        |_, _, x| if x >= 8 { 1.0 } else { 0.0 },
    )
    .unwrap();
    let c = choice(NamedKernel::SobelX.matrix(), 3, false);
    let plan = Plan::new(Method::Standard, &c, input.shape()).unwrap();
    let out = Job::new(plan, input).unwrap().run().unwrap();
    let t = &out.tensors[1];
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let v = t.get(0, y, x).unwrap();
            if x == 7 || x == 8 {
                assert!((v - 4.0).abs() < 1e-5, "({y}, {x}) = {v}");
            } else {
                assert_eq!(v, 0.0, "({y}, {x})");
            }
        }
    }
    // The math line's numbers add up to the value shown.
    let d = out.detail(0, 0, 2, 8).unwrap();
    assert_eq!(d.tap_count, 27);
    assert_eq!(d.value, t.get(0, 2, 8).unwrap());
}

#[test]
fn a_512_picture_fits_and_every_method_has_a_plan() {
    assert_eq!(fit_long_side(4000, 3000, 1024), (1024, 768));
    assert_eq!(fit_long_side(3000, 4000, 1024), (768, 1024));
    assert_eq!(fit_long_side(512, 512, 1024), (512, 512));
    let c = choice(NamedKernel::SobelX.matrix(), 3, true);
    for method in Method::ALL {
        let plan = Plan::new(method, &c, Shape3::new(3, 512, 512)).unwrap();
        assert!(plan.macs() > 0);
    }
}
