//! Times the fast convolution path against the naive reference on the shapes convlab shows, in
//! one single-threaded run, and prints a table of milliseconds and speed-ups.
//!
//! Run with `cargo bench --bench engine`. Each figure is the fastest of several runs.
// A benchmark measures wall time natively; the clippy ban on `Instant::now` guards the page.
#![allow(clippy::disallowed_methods)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use convlab::engine::{
    conv2d, conv2d_reference, depthwise_separable, depthwise_separable_reference,
    depthwise_separable_specs, ConvParams, ConvSpec, Pair, Tensor, Weights,
};

/// Pseudo-random values in `[-1, 1)`, the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
    fn tensor(&mut self, spec: &ConvSpec) -> Tensor {
        Tensor::from_fn(spec.input_shape(), |_, _, _| self.next()).expect("bench input")
    }
    fn weights(&mut self, shape: [usize; 4]) -> Weights {
        Weights::from_fn(shape, |_, _, _, _| self.next()).expect("bench weights")
    }
}

/// The fastest of `reps` runs of `f`, after one warm-up run.
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> Duration {
    black_box(f());
    (0..reps)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

struct Row {
    name: &'static str,
    macs: u64,
    reference: Duration,
    fast: Duration,
}

fn standard(name: &'static str, params: ConvParams, reps: usize) -> Row {
    let spec = ConvSpec::new(params).expect("bench spec");
    let mut rng = Lcg(7);
    let input = rng.tensor(&spec);
    let weights = rng.weights(spec.weight_shape());
    let bias: Vec<f32> = (0..params.out_channels).map(|_| rng.next()).collect();
    let bias = params.bias.then_some(bias.as_slice());
    let slow = conv2d_reference(&spec, &input, &weights, bias).expect("reference");
    let fast = conv2d(&spec, &input, &weights, bias).expect("fast");
    assert_eq!(
        slow, fast,
        "{name}: the fast path disagrees with the reference"
    );
    Row {
        name,
        macs: fast.macs,
        reference: time(reps, || conv2d_reference(&spec, &input, &weights, bias)),
        fast: time(reps * 4, || conv2d(&spec, &input, &weights, bias)),
    }
}

fn depthwise(name: &'static str, params: ConvParams, reps: usize) -> Row {
    let (dw, pw) = depthwise_separable_specs(params, 1, true, true).expect("bench spec");
    let mut rng = Lcg(11);
    let input = rng.tensor(&dw);
    let dww = rng.weights(dw.weight_shape());
    let pww = rng.weights(pw.weight_shape());
    let dwb: Vec<f32> = (0..params.in_channels).map(|_| rng.next()).collect();
    let pwb: Vec<f32> = (0..params.out_channels).map(|_| rng.next()).collect();
    let run_fast = || depthwise_separable(params, 1, &input, &dww, Some(&dwb), &pww, Some(&pwb));
    let run_slow =
        || depthwise_separable_reference(params, 1, &input, &dww, Some(&dwb), &pww, Some(&pwb));
    let fast = run_fast().expect("fast");
    assert_eq!(
        run_slow().expect("reference"),
        fast,
        "{name}: paths disagree"
    );
    Row {
        name,
        macs: fast.macs(),
        reference: time(reps, run_slow),
        fast: time(reps * 4, run_fast),
    }
}

fn main() {
    let layer = |c, hw, o, stride, padding| ConvParams {
        in_channels: c,
        input: Pair::square(hw),
        out_channels: o,
        kernel: Pair::square(3),
        stride: Pair::square(stride),
        padding: Pair::square(padding),
        bias: true,
        ..ConvParams::default()
    };
    let rows = [
        standard("56×56×64→64 3×3 pad 1", layer(64, 56, 64, 1, 1), 3),
        standard(
            "64×64×3→256 3×3 pad 1 (standard)",
            layer(3, 64, 256, 1, 1),
            5,
        ),
        depthwise(
            "64×64×3→256 3×3 pad 1 (depthwise separable)",
            layer(3, 64, 256, 1, 1),
            5,
        ),
        standard(
            "224×224×3→32 3×3 stride 2 pad 1",
            layer(3, 224, 32, 2, 1),
            5,
        ),
    ];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{:<46} {:>12} {:>14} {:>10} {:>9}",
        "shape", "MACs", "reference ms", "fast ms", "speed-up"
    );
    for r in &rows {
        println!(
            "{:<46} {:>12} {:>14.2} {:>10.2} {:>8.1}×",
            r.name,
            r.macs,
            ms(r.reference),
            ms(r.fast),
            r.reference.as_secs_f64() / r.fast.as_secs_f64().max(1e-12)
        );
    }
}
