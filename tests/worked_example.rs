//! The seed's worked example, computed through the engine: a 64×64×3 input, 256 output
//! channels, 3×3 kernels, as a standard and as a depthwise separable convolution.
//!
//! Correct figures (padding 1 keeps 64×64; valid padding gives 62×62):
//!
//! | | padding 1 | valid |
//! |---|---|---|
//! | standard `O·OH·OW·C·9` | 28,311,552 | 26,569,728 |
//! | depthwise `C·OH·OW·9` | 110,592 | 103,788 |
//! | pointwise `O·C·OH·OW` | 3,145,728 | 2,952,192 |
//! | depthwise separable | 3,256,320 | 3,055,980 |
//! | ratio | 2304/265 ≈ 8.69 | 2304/265 ≈ 8.69 |
//!
//! The ratio is the same in both because `OH·OW` cancels: `O·C·9 / (C·9 + O·C) = 9·256/265`.
//!
//! The seed says 9,437,184 / 1,020,910 ≈ 9.24. Those figures drop the ×3 input channels
//! everywhere (9,437,184 = 64·64·256·9), mix a 64×64 output for the depthwise step
//! (36,864 = 64·64·9) with a 62×62 output for the pointwise step (984,064 = 62·62·256), and then
//! mis-add: 36,864 + 984,064 = 1,020,928, not 1,020,910.
//!
//! Each test also runs the convolution on the fast path (the one the page uses) and checks the
//! MACs it counted while computing.

use convlab::engine::conv::conv2d_element;
use convlab::engine::cost::{self, Ratio};
use convlab::engine::{
    conv2d, depthwise_separable, depthwise_separable_specs, ConvParams, ConvSpec, Tensor, Weights,
};

/// The seed's layer (`config::seed::layer`), with a bias so the checks cover it too.
fn seed(padding: usize) -> ConvParams {
    ConvParams {
        bias: true,
        ..convlab::config::seed::layer(padding)
    }
}

/// Small dyadic values, so every sum is exact in f32.
fn value(k: usize) -> f32 {
    ((k * 2_654_435_761) % 9) as f32 * 0.25 - 1.0
}

fn run_standard(padding: usize) -> u64 {
    let params = seed(padding);
    let spec = ConvSpec::new(params).expect("the worked example is a valid layer");
    let input =
        Tensor::from_fn(spec.input_shape(), |c, y, x| value(c * 4096 + y * 64 + x)).expect("input");
    let weights = Weights::from_fn(spec.weight_shape(), |o, c, i, j| {
        value(o * 27 + c * 9 + i * 3 + j + 7)
    })
    .expect("weights");
    let bias: Vec<f32> = (0..256).map(|o| value(o + 3)).collect();
    let out = conv2d(&spec, &input, &weights, Some(&bias)).expect("fast path");
    let shape = out.tensor.shape();
    let side = if padding == 1 { 64 } else { 62 };
    assert_eq!((shape.c, shape.h, shape.w), (256, side, side));
    // Corners, edges and the middle agree with the one-element path (the reference's order).
    for (o, y, x) in [
        (0, 0, 0),
        (255, side - 1, side - 1),
        (17, 0, 31),
        (128, 30, 0),
    ] {
        let e = conv2d_element(&spec, &input, &weights, Some(&bias), o, y, x).expect("element");
        assert_eq!(out.tensor.get(o, y, x), Some(e), "element ({o},{y},{x})");
    }
    out.macs
}

fn run_depthwise_separable(padding: usize) -> (u64, u64) {
    let params = seed(padding);
    let (dw, pw) = depthwise_separable_specs(params, 1, true, true).expect("valid");
    let input =
        Tensor::from_fn(dw.input_shape(), |c, y, x| value(c + y * 5 + x * 3)).expect("input");
    let dww = Weights::from_fn(dw.weight_shape(), |o, _, i, j| value(o * 9 + i * 3 + j))
        .expect("depthwise weights");
    let pww = Weights::from_fn(pw.weight_shape(), |o, c, _, _| value(o * 3 + c + 1))
        .expect("pointwise weights");
    let out = depthwise_separable(
        params,
        1,
        &input,
        &dww,
        Some(&[0.5; 3]),
        &pww,
        Some(&[0.25; 256]),
    )
    .expect("fast path");
    let side = if padding == 1 { 64 } else { 62 };
    let (i, o) = (out.intermediate.shape(), out.output.shape());
    assert_eq!((i.c, i.h, i.w), (3, side, side));
    assert_eq!((o.c, o.h, o.w), (256, side, side));
    (out.macs_depthwise, out.macs_pointwise)
}

#[test]
fn standard_with_padding_one() {
    let closed = cost::standard(seed(1)).expect("valid");
    assert_eq!(closed.macs(), 64 * 64 * 256 * 3 * 9);
    assert_eq!(closed.macs(), 28_311_552);
    assert_eq!(run_standard(1), 28_311_552);
}

#[test]
fn standard_valid() {
    let closed = cost::standard(seed(0)).expect("valid");
    assert_eq!(closed.macs(), 62 * 62 * 256 * 3 * 9);
    assert_eq!(closed.macs(), 26_569_728);
    assert_eq!(run_standard(0), 26_569_728);
}

#[test]
fn depthwise_separable_with_padding_one() {
    let closed = cost::depthwise_separable(seed(1), 1).expect("valid");
    assert_eq!(closed.stages[0].macs, 110_592);
    assert_eq!(closed.stages[1].macs, 3_145_728);
    assert_eq!(closed.macs(), 3_256_320);
    let (dw, pw) = run_depthwise_separable(1);
    assert_eq!((dw, pw, dw + pw), (110_592, 3_145_728, 3_256_320));
}

#[test]
fn depthwise_separable_valid() {
    let closed = cost::depthwise_separable(seed(0), 1).expect("valid");
    assert_eq!(closed.stages[0].macs, 103_788);
    assert_eq!(closed.stages[1].macs, 2_952_192);
    assert_eq!(closed.macs(), 3_055_980);
    let (dw, pw) = run_depthwise_separable(0);
    assert_eq!((dw, pw, dw + pw), (103_788, 2_952_192, 3_055_980));
}

#[test]
fn ratio_is_2304_over_265_with_either_padding() {
    for padding in [0, 1] {
        let closed = cost::depthwise_separable(seed(padding), 1).expect("valid");
        let ratio = closed.mac_ratio();
        assert_eq!(
            ratio,
            Ratio {
                num: 2304,
                den: 265
            }
        );
        assert_eq!(format!("{:.2}", ratio.as_f64()), "8.69");
    }
}

#[test]
fn why_the_seed_figures_are_wrong() {
    let same = cost::depthwise_separable(seed(1), 1).expect("valid");
    let valid = cost::depthwise_separable(seed(0), 1).expect("valid");
    let channels = 3;
    // 9,437,184 is the padding-1 standard count without the ×3 input channels.
    let seed_standard = same.standard.macs / channels;
    assert_eq!(seed_standard, 9_437_184);
    // 36,864 is the depthwise step on a 64×64 output without the ×3 …
    let seed_depthwise = same.stages[0].macs / channels;
    assert_eq!(seed_depthwise, 36_864);
    // … and 984,064 the pointwise step on a 62×62 output without the ×3.
    let seed_pointwise = valid.stages[1].macs / channels;
    assert_eq!(seed_pointwise, 984_064);
    // The two mixed terms add to 1,020,928; the seed wrote 1,020,910.
    assert_eq!(seed_depthwise + seed_pointwise, 1_020_928);
    assert_ne!(seed_depthwise + seed_pointwise, 1_020_910);
    // Its 9.24 is 9,437,184 / 1,020,910; the right ratio is 8.69 with either padding.
    assert_eq!(format!("{:.2}", 9_437_184.0 / 1_020_910.0), "9.24");
    assert_eq!(format!("{:.2}", same.mac_ratio().as_f64()), "8.69");
    assert_eq!(format!("{:.2}", valid.mac_ratio().as_f64()), "8.69");
}
