//! Properties of the engine on random specs: the fast path equals the naive reference, groups
//! decompose into independent convolutions, depthwise separable is depthwise then 1×1,
//! separable passes equal the full outer-product kernel (and k passes the sum of their terms),
//! instrumented MACs equal the closed forms, the output-size law holds, and no input — however
//! absurd — panics or allocates something huge.
//!
//! Values are small multiples of 1/4, so every sum in these tests is exact in f32 and routes
//! that sum in different orders still agree bit for bit.
#![cfg(not(target_arch = "wasm32"))]

use convlab::engine::conv::{conv2d_element, output_taps};
use convlab::engine::cost::{self, Method, StageCost};
use convlab::engine::geometry::{output_len, MAX_SIZE};
use convlab::engine::rank::{analyze_kernel, KernelMatrix};
use convlab::engine::{
    conv2d, conv2d_reference, depthwise_separable, depthwise_separable_reference,
    depthwise_separable_specs, outer_product_kernel, separable_specs, spatial_separable,
    spatial_separable_reference, ConvParams, ConvSpec, Pair, Shape3, Tensor, Weights,
};
use proptest::prelude::*;

/// Pseudo-random multiples of 1/4 in `[-2, 2]`, from a seed.
struct Values(u64);

impl Values {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % 17) as f32 * 0.25 - 2.0
    }
    fn tensor(&mut self, shape: Shape3) -> Tensor {
        Tensor::from_fn(shape, |_, _, _| self.next()).expect("small tensor")
    }
    fn weights(&mut self, shape: [usize; 4]) -> Weights {
        Weights::from_fn(shape, |_, _, _, _| self.next()).expect("small weights")
    }
    fn bias(&mut self, n: usize, on: bool) -> Option<Vec<f32>> {
        on.then(|| (0..n).map(|_| self.next()).collect())
    }
}

/// `cases` cases; shrunk failures are kept as named tests in this file, not in a side file.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

/// Small valid specs: the input is made large enough for the dilated kernel, so nothing is
/// rejected.
fn small_params() -> impl Strategy<Value = ConvParams> {
    (
        (1usize..=3, 1usize..=3, 1usize..=3),
        (1usize..=4, 1usize..=4, 1usize..=3, 1usize..=3),
        (0usize..=2, 0usize..=2, 1usize..=3, 1usize..=3),
        (0usize..=5, 0usize..=5, any::<bool>()),
    )
        .prop_map(
            |((groups, cg, og), (kh, kw, sh, sw), (ph, pw, dh, dw), (eh, ew, bias))| {
                let span =
                    |k: usize, d: usize, p: usize| (d * (k - 1) + 1).saturating_sub(2 * p).max(1);
                ConvParams {
                    in_channels: groups * cg,
                    input: Pair::new(span(kh, dh, ph) + eh, span(kw, dw, pw) + ew),
                    out_channels: groups * og,
                    kernel: Pair::new(kh, kw),
                    stride: Pair::new(sh, sw),
                    padding: Pair::new(ph, pw),
                    dilation: Pair::new(dh, dw),
                    groups,
                    bias,
                }
            },
        )
}

struct Operands {
    spec: ConvSpec,
    input: Tensor,
    weights: Weights,
    bias: Option<Vec<f32>>,
}

fn operands(params: ConvParams, seed: u64) -> Operands {
    let spec = ConvSpec::new(params).expect("small_params are valid");
    let mut v = Values(seed);
    Operands {
        spec,
        input: v.tensor(spec.input_shape()),
        weights: v.weights(spec.weight_shape()),
        bias: v.bias(params.out_channels, params.bias),
    }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn fast_path_equals_reference(params in small_params(), seed in any::<u64>()) {
        let op = operands(params, seed);
        let bias = op.bias.as_deref();
        let slow = conv2d_reference(&op.spec, &op.input, &op.weights, bias).expect("reference");
        let fast = conv2d(&op.spec, &op.input, &op.weights, bias).expect("fast");
        // Same order of summation, so bit-identical, not merely close.
        prop_assert_eq!(&slow, &fast);
        // One element, as the animation computes it.
        let out = op.spec.output_shape();
        let (o, y, x) = (seed as usize % out.c, (seed >> 8) as usize % out.h, (seed >> 16) as usize % out.w);
        let e = conv2d_element(&op.spec, &op.input, &op.weights, bias, o, y, x).expect("element");
        prop_assert_eq!(Some(e), fast.tensor.get(o, y, x));
    }

    #[test]
    fn instrumented_macs_equal_the_closed_form(params in small_params(), seed in any::<u64>()) {
        let op = operands(params, seed);
        let bias = op.bias.as_deref();
        let closed = StageCost::of("layer", op.spec).macs;
        prop_assert_eq!(closed, cost::grouped(params).expect("valid").macs());
        let slow = conv2d_reference(&op.spec, &op.input, &op.weights, bias).expect("reference");
        let fast = conv2d(&op.spec, &op.input, &op.weights, bias).expect("fast");
        prop_assert_eq!(slow.macs, closed);
        prop_assert_eq!(fast.macs, closed);
        // Taps per element times elements.
        let taps = output_taps(&op.spec, 0, 0, 0).expect("first element").len() as u64;
        prop_assert_eq!(taps * op.spec.output_shape().elements(), closed);
    }

    #[test]
    fn groups_are_independent_standard_convolutions(
        params in small_params(),
        seed in any::<u64>(),
    ) {
        let op = operands(params, seed);
        let grouped = conv2d(&op.spec, &op.input, &op.weights, op.bias.as_deref()).expect("fast");
        let (g, cg, og) = (params.groups, op.spec.channels_per_group(), op.spec.filters_per_group());
        let s = op.spec.input_shape();
        let per_group = ConvParams { in_channels: cg, out_channels: og, groups: 1, ..params };
        let spec1 = ConvSpec::new(per_group).expect("valid");
        let mut joined = Vec::new();
        for group in 0..g {
            let input = Tensor::from_fn(Shape3::new(cg, s.h, s.w), |c, y, x| {
                op.input.get(group * cg + c, y, x).unwrap_or(f32::NAN)
            }).expect("slice");
            let weights = Weights::from_fn(spec1.weight_shape(), |o, c, i, j| {
                op.weights.get(group * og + o, c, i, j).unwrap_or(f32::NAN)
            }).expect("slice");
            let bias = op.bias.as_ref().map(|b| b[group * og..(group + 1) * og].to_vec());
            let out = conv2d_reference(&spec1, &input, &weights, bias.as_deref()).expect("standard");
            joined.extend_from_slice(out.tensor.data());
        }
        prop_assert_eq!(grouped.tensor.data(), joined.as_slice());
        // With one group, the grouped cost is the standard cost.
        let one = ConvParams { groups: 1, ..params };
        prop_assert_eq!(cost::grouped(one).expect("valid"), {
            let mut standard = cost::standard(one).expect("valid");
            standard.method = Method::Grouped;
            standard.stages[0].name = "grouped convolution";
            standard.standard.name = "standard";
            standard
        });
    }

    #[test]
    fn depthwise_separable_is_depthwise_then_pointwise(
        params in small_params(),
        multiplier in 1usize..=3,
        out_channels in 1usize..=5,
        biases in any::<(bool, bool)>(),
        seed in any::<u64>(),
    ) {
        let params = ConvParams { out_channels, ..params };
        let (dw, pw) = depthwise_separable_specs(params, multiplier, biases.0, biases.1)
            .expect("valid");
        let mut v = Values(seed);
        let input = v.tensor(dw.input_shape());
        let dww = v.weights(dw.weight_shape());
        let pww = v.weights(pw.weight_shape());
        let dwb = v.bias(dw.output_shape().c, biases.0);
        let pwb = v.bias(out_channels, biases.1);
        let (dwb, pwb) = (dwb.as_deref(), pwb.as_deref());
        let fast = depthwise_separable(params, multiplier, &input, &dww, dwb, &pww, pwb).expect("fast");
        let slow = depthwise_separable_reference(params, multiplier, &input, &dww, dwb, &pww, pwb)
            .expect("reference");
        prop_assert_eq!(&fast, &slow);
        let step1 = conv2d_reference(&dw, &input, &dww, dwb).expect("depthwise");
        let step2 = conv2d_reference(&pw, &step1.tensor, &pww, pwb).expect("pointwise");
        prop_assert_eq!(&fast.intermediate, &step1.tensor);
        prop_assert_eq!(&fast.output, &step2.tensor);
        let closed = cost::depthwise_separable_with_biases(params, multiplier, biases.0, biases.1)
            .expect("valid");
        prop_assert_eq!(fast.macs_depthwise, closed.stages[0].macs);
        prop_assert_eq!(fast.macs_pointwise, closed.stages[1].macs);
        prop_assert_eq!(fast.macs(), closed.macs());
    }

    #[test]
    fn separable_passes_equal_the_outer_product_kernel(
        c in 1usize..=3,
        (kh, kw) in (1usize..=5, 1usize..=5),
        (ph, pw) in (0usize..=2, 0usize..=2),
        (eh, ew) in (0usize..=4, 0usize..=4),
        bias in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let h = kh.saturating_sub(2 * ph).max(1) + eh;
        let w = kw.saturating_sub(2 * pw).max(1) + ew;
        let mut v = Values(seed);
        let input = v.tensor(Shape3::new(c, h, w));
        let column = v.weights([c, 1, kh, 1]);
        let row = v.weights([c, 1, 1, kw]);
        let b = v.bias(c, bias);
        let padding = Pair::new(ph, pw);
        let specs = separable_specs(input.shape(), Pair::new(kh, kw), padding, bias).expect("valid");
        let fast = spatial_separable(&input, &column, &row, padding, b.as_deref()).expect("fast");
        let slow = spatial_separable_reference(&input, &column, &row, padding, b.as_deref())
            .expect("reference");
        prop_assert_eq!(&fast, &slow);
        let full_w = outer_product_kernel(&column, &row).expect("outer product");
        let full = conv2d_reference(&specs.full, &input, &full_w, b.as_deref()).expect("full");
        prop_assert_eq!(&fast.output, &full.tensor);
        let closed = cost::spatial_separable(ConvParams {
            in_channels: c,
            input: Pair::new(h, w),
            out_channels: c,
            kernel: Pair::new(kh, kw),
            padding,
            groups: c,
            bias,
            ..ConvParams::default()
        }).expect("valid");
        prop_assert_eq!(fast.macs_column, closed.stages[0].macs);
        prop_assert_eq!(fast.macs_row, closed.stages[1].macs);
        prop_assert_eq!(full.macs, closed.standard.macs);
        // The analysis finds each channel's kernel separable and recovers it.
        let a = analyze_kernel(&KernelMatrix::from_weights(&full_w, 0, 0).expect("kernel"));
        prop_assert!(a.rank <= 1);
        prop_assert!(a.rank1_error.max_abs <= 1e-12);
    }

    #[test]
    fn k_separable_passes_add_up_to_the_sum_of_their_terms(
        c in 1usize..=3,
        passes in 1usize..=3,
        (kh, kw) in (1usize..=4, 1usize..=4),
        (ph, pw) in (0usize..=2, 0usize..=2),
        (eh, ew) in (0usize..=3, 0usize..=3),
        bias in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let h = kh.saturating_sub(2 * ph).max(1) + eh;
        let w = kw.saturating_sub(2 * pw).max(1) + ew;
        let params = ConvParams {
            in_channels: c,
            input: Pair::new(h, w),
            out_channels: c,
            kernel: Pair::new(kh, kw),
            padding: Pair::new(ph, pw),
            groups: c,
            bias,
            ..ConvParams::default()
        };
        let cost = cost::spatial_separable_passes(params, passes).expect("valid");
        let one = cost::spatial_separable(params).expect("valid");
        prop_assert_eq!(cost.macs(), passes as u64 * one.macs());
        prop_assert_eq!(cost.standard.macs, one.standard.macs);
        let (column_spec, row_spec) = (cost.stages[0].spec, cost.stages[1].spec);
        let mut v = Values(seed);
        let input = v.tensor(Shape3::new(c, h, w));
        let column = v.weights(column_spec.weight_shape());
        let row = v.weights(row_spec.weight_shape());
        let b = v.bias(c, bias);
        let maps = conv2d_reference(&column_spec, &input, &column, None).expect("column pass");
        let out = conv2d_reference(&row_spec, &maps.tensor, &row, b.as_deref()).expect("row pass");
        // Channel ch's kernel: Σ over its passes t of column (map ch·k + t) ⊗ row (slot t).
        let full_w = Weights::from_fn([c, 1, kh, kw], |ch, _, a, bb| {
            (0..passes)
                .map(|t| {
                    column.kernel(ch * passes + t, 0).expect("column")[a]
                        * row.kernel(ch, t).expect("row")[bb]
                })
                .sum()
        })
        .expect("kernel");
        let full = conv2d_reference(&cost.standard.spec, &input, &full_w, b.as_deref()).expect("full");
        prop_assert_eq!(&out.tensor, &full.tensor);
        prop_assert_eq!(maps.macs + out.macs, cost.macs());
    }
}

/// The output length by counting positions: `o` is a position when the dilated kernel placed
/// at `o·s` ends inside the padded input.
fn count_positions(n: usize, k: usize, s: usize, p: usize, d: usize) -> Option<usize> {
    let padded = n + 2 * p;
    let span = d * (k - 1) + 1;
    let count = (0..).take_while(|o| o * s + span <= padded).count();
    (count > 0).then_some(count)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn output_size_law(
        n in 1usize..=64,
        k in 1usize..=15,
        s in 1usize..=8,
        p in 0usize..=15,
        d in 1usize..=8,
    ) {
        let want = count_positions(n, k, s, p, d);
        prop_assert_eq!(output_len(n, k, s, p, d), want);
        let params = ConvParams {
            input: Pair::new(n, n),
            kernel: Pair::new(k, k),
            stride: Pair::new(s, s),
            padding: Pair::new(p, p),
            dilation: Pair::new(d, d),
            ..ConvParams::default()
        };
        match (ConvSpec::new(params), want) {
            (Ok(spec), Some(len)) => prop_assert_eq!(spec.output_shape(), Shape3::new(1, len, len)),
            (Err(_), None) => {}
            (got, want) => prop_assert!(false, "spec {:?} but the law says {:?}", got, want),
        }
    }
}

/// Sizes from every corner: zero, small, around the limits, and far past them.
fn absurd() -> impl Strategy<Value = usize> {
    prop_oneof![
        3 => 0usize..=4,
        2 => 5usize..=40,
        1 => (MAX_SIZE - 2)..=(MAX_SIZE + 2),
        1 => Just(u32::MAX as usize),
        1 => Just(usize::MAX),
        1 => Just(usize::MAX / 2 + 1),
    ]
}

/// Writes `value` into field number `field` (0..14) of `params`.
fn set_field(mut p: ConvParams, field: usize, value: usize) -> ConvParams {
    match field {
        0 => p.in_channels = value,
        1 => p.input.h = value,
        2 => p.input.w = value,
        3 => p.out_channels = value,
        4 => p.kernel.h = value,
        5 => p.kernel.w = value,
        6 => p.stride.h = value,
        7 => p.stride.w = value,
        8 => p.padding.h = value,
        9 => p.padding.w = value,
        10 => p.dilation.h = value,
        11 => p.dilation.w = value,
        _ => p.groups = value,
    }
    p
}

/// Valid small layers with zero to three fields replaced by values from every corner, so both
/// the accepted and the refused paths are exercised.
fn absurd_params() -> impl Strategy<Value = ConvParams> {
    (
        small_params(),
        proptest::collection::vec((0usize..13, absurd()), 0..=3),
    )
        .prop_map(|(params, edits)| {
            edits
                .into_iter()
                .fold(params, |p, (field, value)| set_field(p, field, value))
        })
}

/// Small enough to compute in a debug test: tensors and work well under these.
const TEST_ELEMENTS: u64 = 200_000;
const TEST_MACS: u64 = 2_000_000;

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn no_input_panics(params in absurd_params(), multiplier in absurd(), seed in any::<u64>()) {
        // Costs of every method: a value either way.
        for method in Method::ALL {
            let _ = cost::method_cost(method, params, multiplier);
        }
        let tiny = Tensor::zeros(Shape3::new(1, 1, 1)).expect("tiny");
        let tiny_w = Weights::zeros([1, 1, 1, 1]).expect("tiny");
        let _ = Tensor::zeros(Shape3::new(params.in_channels, params.input.h, params.input.w));
        let _ = Weights::zeros([params.out_channels, params.in_channels, params.kernel.h, params.kernel.w]);
        let _ = depthwise_separable(params, multiplier, &tiny, &tiny_w, None, &tiny_w, None);
        let _ = spatial_separable(&tiny, &tiny_w, &tiny_w, params.padding, None);
        let _ = KernelMatrix::new(params.kernel.h, params.kernel.w, vec![1.0; 4]);
        let Ok(spec) = ConvSpec::new(params) else {
            return Ok(());
        };
        // Wrong operands are refused before anything is allocated.
        prop_assert!(conv2d(&spec, &tiny, &tiny_w, None).is_err() || spec.input_shape() == tiny.shape());
        let _ = output_taps(&spec, params.out_channels, 0, 0);
        if spec.check_allocatable().is_err() {
            return Ok(());
        }
        let cost = StageCost::of("layer", spec);
        let w_elems: u64 = spec.weight_shape().iter().map(|&d| d as u64).product();
        let small = spec.input_shape().elements() <= TEST_ELEMENTS
            && spec.output_shape().elements() <= TEST_ELEMENTS
            && w_elems <= TEST_ELEMENTS
            && cost.macs <= TEST_MACS;
        if small {
            let op = operands(params, seed);
            let fast = conv2d(&op.spec, &op.input, &op.weights, op.bias.as_deref()).expect("fast");
            prop_assert_eq!(fast.macs, cost.macs);
        }
    }
}

#[test]
fn absurd_values_are_refused_with_words() {
    let params = ConvParams {
        in_channels: usize::MAX,
        ..ConvParams::default()
    };
    let err = ConvSpec::new(params).expect_err("too many channels");
    assert_eq!(
        err.to_string(),
        format!("input channels {} is above the limit 4096", usize::MAX)
    );
    let err = Tensor::zeros(Shape3::new(usize::MAX, usize::MAX, 2)).expect_err("too big");
    assert!(err
        .to_string()
        .contains("more than the 67108864 this page computes"));
    let err = cost::depthwise_separable(ConvParams::default(), usize::MAX).expect_err("overflow");
    assert_eq!(
        err.to_string(),
        format!("depth multiplier {} is above the limit 4096", usize::MAX)
    );
}
