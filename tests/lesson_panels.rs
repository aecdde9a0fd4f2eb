//! The lessons' panel models: connection matrices (block structure for every divisor of the
//! groups, shuffle reachability), device accounting that adds up to the engine's totals, and
//! the kernel editor's rank, factors and errors for every preset and for random rank-1 and
//! rank-2 integer kernels.

use convlab::engine::cost::grouped;
use convlab::engine::{ConvParams, NamedKernel, Pair};
use convlab::lessons::connection::{shuffle_order, ConnectionMatrix, StackedGroups};
use convlab::lessons::devices::{split_by_data, split_by_groups, NextLayer};
use convlab::lessons::editor::{integer_rank, random_kernel, random_rank_k, EditorAnalysis};
use convlab::lessons::{EditorPreset, KernelEditor};

fn divisors(n: usize) -> Vec<usize> {
    (1..=n).filter(|d| n.is_multiple_of(*d)).collect()
}

#[test]
fn grouped_matrices_are_block_diagonal_for_every_divisor() {
    for (c_in, c_out) in [(1, 1), (6, 6), (12, 24), (16, 8), (30, 30), (24, 48)] {
        for g in divisors(c_in).into_iter().filter(|g| c_out % g == 0) {
            let m = ConnectionMatrix::grouped(c_in, c_out, g).expect("valid");
            let (pi, po) = (c_in / g, c_out / g);
            for o in 0..c_out {
                for i in 0..c_in {
                    assert_eq!(
                        m.connected(o, i),
                        o / po == i / pi,
                        "{c_in}→{c_out}, g={g}, ({o},{i})"
                    );
                }
            }
            assert_eq!(m.count(), (c_out * c_in / g) as u64);
            assert_eq!(m.is_full(), g == 1);
            if g == c_in {
                assert_eq!(
                    m,
                    ConnectionMatrix::depthwise(c_in, c_out / c_in).expect("valid")
                );
            }
        }
        assert_eq!(
            ConnectionMatrix::standard(c_in, c_out).expect("valid"),
            ConnectionMatrix::grouped(c_in, c_out, 1).expect("valid")
        );
    }
}

#[test]
fn depthwise_is_diagonal_or_banded() {
    for c in [1, 3, 8] {
        for m in [1, 2, 3] {
            let d = ConnectionMatrix::depthwise(c, m).expect("valid");
            for o in 0..c * m {
                assert_eq!(d.inputs_of(o), vec![o / m]);
            }
        }
    }
}

#[test]
fn shuffle_is_a_permutation_dealing_one_channel_from_every_group() {
    for (c, g) in [(6, 2), (6, 3), (12, 3), (12, 4), (16, 4), (240, 3), (9, 9)] {
        let order = shuffle_order(c, g).expect("valid");
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..c).collect::<Vec<_>>());
        let per = c / g;
        // The first `g` positions take channel 0 of every group.
        for (j, &i) in order.iter().take(g).enumerate() {
            assert_eq!(i, j * per);
        }
    }
}

#[test]
fn without_a_shuffle_each_output_sees_one_group_and_with_one_every_group() {
    for (c, g) in [
        (4, 2),
        (6, 2),
        (9, 3),
        (12, 3),
        (16, 4),
        (24, 4),
        (18, 3),
        (8, 8),
    ] {
        let plain = StackedGroups::new(c, g, false).expect("valid");
        assert_eq!(
            (plain.reach.fewest, plain.reach.most),
            (1, 1),
            "C={c}, g={g}"
        );
        assert_eq!(
            plain.composed,
            ConnectionMatrix::grouped(c, c, g).expect("valid")
        );
        let mixed = StackedGroups::new(c, g, true).expect("valid");
        // Each second-layer group reads C/g shuffled channels, from min(g, C/g) old groups.
        let want = g.min(c / g);
        assert_eq!(
            (mixed.reach.fewest, mixed.reach.most),
            (want, want),
            "C={c}, g={g}"
        );
        if c / g >= g {
            assert!(mixed.composed.is_full(), "C={c}, g={g}");
        }
    }
}

fn layer(c: usize, o: usize, g: usize, size: usize, k: usize, bias: bool) -> ConvParams {
    ConvParams {
        in_channels: c,
        out_channels: o,
        groups: g,
        input: Pair::square(size),
        kernel: Pair::square(k),
        padding: Pair::square(k / 2),
        bias,
        ..ConvParams::default()
    }
}

#[test]
fn device_accounting_adds_up_to_the_layer_totals() {
    let layers = [
        layer(96, 256, 2, 27, 5, true),
        layer(12, 24, 6, 9, 3, false),
        layer(128, 128, 32, 14, 3, false),
        layer(8, 8, 8, 7, 3, true),
    ];
    for params in layers {
        let cost = grouped(params).expect("valid");
        let inputs = (params.in_channels * params.input.h * params.input.w) as u64;
        let outputs = cost.output().elements();
        for devices in divisors(params.groups) {
            for batch in [1u64, 3, 8] {
                let next = NextLayer {
                    out_channels: params.out_channels,
                    groups: 1,
                    shuffle: false,
                    input: Pair::square(params.input.h),
                };
                let m = split_by_groups(params, devices, batch, Some(next)).expect("valid");
                let sum = |f: fn(&convlab::lessons::DeviceLoad) -> u64| -> u64 {
                    m.devices.iter().map(f).sum()
                };
                assert_eq!(sum(|d| d.params), cost.params());
                assert_eq!(sum(|d| d.macs), batch * cost.macs());
                assert_eq!(sum(|d| d.input_elements), batch * inputs);
                assert_eq!(sum(|d| d.output_elements), batch * outputs);
                assert_eq!(m.traffic_within, 0);
                // Before a standard layer each device needs every channel it does not hold.
                let plane = (params.input.h * params.input.w) as u64;
                let d = devices as u64;
                assert_eq!(
                    m.traffic_before_next,
                    batch * (d - 1) * params.out_channels as u64 * plane
                );
                // The groups are dealt out whole and in order.
                let mut next_group = 0;
                for dev in &m.devices {
                    assert_eq!(dev.groups.0, next_group);
                    next_group = dev.groups.1;
                }
                assert_eq!(next_group, params.groups);

                let data = split_by_data(params, devices, batch).expect("valid");
                assert!(data.devices.iter().all(|d| d.params == cost.params()));
                assert_eq!(
                    data.devices.iter().map(|d| d.macs).sum::<u64>(),
                    batch * cost.macs()
                );
                assert_eq!(
                    data.devices.iter().map(|d| d.output_elements).sum::<u64>(),
                    batch * outputs
                );
                assert_eq!(data.gradient_traffic, 2 * (d - 1) * cost.params());
            }
        }
    }
}

fn assert_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (a, b) in got.iter().zip(want) {
        assert!(
            (a - b).abs() <= tol * b.abs().max(1.0),
            "{what}: {a} vs {b}"
        );
    }
}

fn reconstruct(a: &EditorAnalysis) -> Vec<f64> {
    let n = a.passes.first().map_or(0, |p| p.factors.outer().len());
    let mut sum = vec![0.0; n.max(a.analysis.kernel.data().len())];
    for p in &a.passes {
        for (s, x) in sum.iter_mut().zip(p.factors.outer()) {
            *s += x;
        }
    }
    sum
}

#[test]
fn every_preset_has_its_rank_factors_and_error() {
    let expected_rank = |k: NamedKernel| match k {
        NamedKernel::Sharpen | NamedKernel::Laplacian => 2,
        NamedKernel::Emboss => 3,
        _ => 1,
    };
    for preset in EditorPreset::ALL {
        let editor = KernelEditor::with_preset(preset, 3, 3, 7);
        let a = editor.analysis();
        let kernel = editor.kernel().data().to_vec();
        let ints: Vec<i64> = match preset {
            EditorPreset::Named(k) => {
                assert_eq!(a.rank, expected_rank(k), "{}", k.label());
                Vec::new()
            }
            EditorPreset::Random => kernel.iter().map(|&v| v as i64).collect(),
        };
        if !ints.is_empty() {
            assert_eq!(a.rank, integer_rank(&ints, 3, 3), "random preset");
        }
        assert_eq!(a.passes.len(), a.rank);
        assert_close(&reconstruct(a), &kernel, 1e-9, preset.label());
        assert!(a.passes_error.max_abs < 1e-9, "{}", preset.label());
        assert_eq!(a.cost.separable, (a.rank * (a.cost.kh + a.cost.kw)) as u64);
        if a.rank == 1 {
            let f = a.factors.as_ref().expect("separable kernels have factors");
            assert_close(&f.outer(), &kernel, 1e-9, preset.label());
            assert!(a.rank1_error.max_abs < 1e-9);
            assert!(a.cost.pays());
        } else {
            assert!(a.factors.is_none());
            // Eckart–Young: the best rank-1 error is the norm of the other singular values.
            let rest: f64 = a.analysis.singular_values[1..].iter().map(|s| s * s).sum();
            assert!(
                (a.rank1_error.frobenius - rest.sqrt()).abs() < 1e-9,
                "{}",
                preset.label()
            );
            assert!(a.rank1_error.max_abs > 1e-3);
            assert!(!a.cost.pays());
        }
    }
    // Known factors, as the engine scales them.
    let sobel = EditorAnalysis::of(&NamedKernel::SobelX.matrix());
    let f = sobel.factors.expect("separable");
    assert_close(&f.column, &[1.0, 2.0, 1.0], 1e-12, "Sobel column");
    assert_close(&f.row, &[-1.0, 0.0, 1.0], 1e-12, "Sobel row");
}

#[test]
fn random_rank_one_and_two_integer_kernels() {
    for seed in 0..40u64 {
        for (kh, kw) in [(3, 3), (5, 5), (3, 5), (7, 2)] {
            for k in [1, 2] {
                let kernel = random_rank_k(seed, kh, kw, k);
                let ints: Vec<i64> = kernel.data().iter().map(|&v| v as i64).collect();
                assert_eq!(integer_rank(&ints, kh, kw), k);
                let what = format!("seed {seed}, {kh}×{kw}, rank {k}");
                let editor = KernelEditor::with_kernel(kernel.clone());
                let a = editor.analysis();
                assert_eq!(a.rank, k, "{what}");
                assert_close(&reconstruct(a), kernel.data(), 1e-9, &what);
                if k == 1 {
                    let f = a.factors.as_ref().expect("rank 1 factors");
                    assert_close(&f.outer(), kernel.data(), 1e-9, &what);
                    assert!(a.rank1_error.max_abs < 1e-9, "{what}");
                } else {
                    assert!(a.factors.is_none(), "{what}");
                    let s = &a.analysis.singular_values;
                    assert!((a.rank1_error.frobenius - s[1]).abs() < 1e-9, "{what}");
                    assert!(a.rank1_error.max_abs > 0.0, "{what}");
                }
                // Passes pay while k·(KH+KW) < KH·KW.
                assert_eq!(a.cost.pays(), k * (kh + kw) < kh * kw, "{what}");
                // The layer totals, borders included, are k times one pass.
                let totals = a
                    .layer_cost(2, Pair::new(9, 11), Pair::new(kh / 2, kw / 2))
                    .expect("valid layer");
                assert_eq!(totals.separable, k as u64 * totals.per_pass);
            }
        }
    }
}

#[test]
fn the_random_preset_is_repeatable_and_integer() {
    let a = random_kernel(5, 3, 3);
    assert_eq!(a, random_kernel(5, 3, 3));
    assert_ne!(a, random_kernel(6, 3, 3));
    assert!(a.data().iter().all(|v| v.fract() == 0.0 && v.abs() <= 2.0));
    assert_eq!(random_kernel(1, 99, 0).rows(), 15);
}

#[test]
fn kernel_text_errors_reach_the_editor_as_messages() {
    let err = KernelEditor::from_text("1,2,3,4,5,6,7,8", 3, 3).expect_err("short");
    assert_eq!(
        err.to_string(),
        "kernel= has 8 values; a 3×3 kernel needs 9"
    );
    let e = KernelEditor::from_text("-1,0,1,-2,0,2,-1,0,1", 3, 3).expect("Sobel");
    assert_eq!(e.preset(), Some(EditorPreset::Named(NamedKernel::SobelX)));
    assert_eq!(e.to_text(), "-1,0,1,-2,0,2,-1,0,1");
    assert_eq!(e.analysis().rank, 1);
}

#[test]
fn the_stage_runs_the_edited_kernel_as_its_passes() {
    use convlab::config::{Field, Form};
    use convlab::engine::Method;
    use convlab::timeline::{Granularity, LayerData, Timeline, ValueKind};

    let mut form = Form {
        method: Method::SpatialSeparable,
        ..Form::default()
    };
    for preset in EditorPreset::ALL {
        let editor = KernelEditor::with_preset(preset, 3, 3, 11);
        let a = editor.analysis();
        form.set(Field::KernelH, editor.kernel().rows().to_string());
        form.set(Field::KernelW, editor.kernel().cols().to_string());
        let one_pass = form.validate().expect("a valid layer");
        let kernel = a.stage_kernel();
        let passes = &kernel.passes;
        assert_eq!(passes.len(), a.rank.max(1), "{}", preset.label());
        let config = convlab::config::LayerConfig {
            multiplier: passes.len(),
            ..one_pass
        };
        let timeline = Timeline::new(&config, Granularity::Element).expect("a timeline");
        // k passes cost k times one pass, borders included.
        let single = Timeline::new(&one_pass, Granularity::Element).expect("a timeline");
        assert_eq!(
            timeline.total_macs(),
            passes.len() as u64 * single.total_macs()
        );
        let data = LayerData::generate_with_kernel(&timeline, 5, ValueKind::Integers, &kernel)
            .expect("numbers for the stage");
        // The passes add up to the edited kernel: every channel's full kernel is it, and the
        // passes' output is its convolution's up to single-precision rounding.
        let mut sum = vec![0.0f64; want_len(&editor)];
        for t in passes.iter() {
            for (n, s) in sum.iter_mut().enumerate() {
                let (i, j) = (n / t.row.len(), n % t.row.len());
                *s += t.column[i] as f64 * t.row[j] as f64;
            }
        }
        assert_close(&sum, editor.kernel().data(), 1e-5, preset.label());
        let full = data.full_kernel.as_ref().expect("a full kernel");
        let want: Vec<f64> = editor.kernel().data().to_vec();
        for c in 0..one_pass.params.in_channels {
            let got: Vec<f64> = full
                .kernel(c, 0)
                .unwrap()
                .iter()
                .map(|&v| v as f64)
                .collect();
            assert_close(&got, &want, 1e-5, preset.label());
        }
        let diff = data.separable_difference.expect("a difference");
        assert!(diff < 1e-3, "{}: {diff}", preset.label());
    }
}

fn want_len(editor: &KernelEditor) -> usize {
    editor.kernel().rows() * editor.kernel().cols()
}
