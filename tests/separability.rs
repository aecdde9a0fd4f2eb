//! Separability analysis: rank, rank-1 factors and the error of the best rank-1 approximation
//! for the kernels students meet (Sobel, Scharr, Gaussian, box, sharpen, Laplacian, emboss) and
//! for random integer kernels of known rank.
#![cfg(not(target_arch = "wasm32"))]

use convlab::engine::rank::{analyze_kernel, svd, Factors, KernelMatrix, NamedKernel};
use convlab::engine::Weights;
use proptest::prelude::*;

const EXACT: f64 = 1e-12;

fn analysis(k: NamedKernel) -> convlab::engine::KernelAnalysis {
    analyze_kernel(&k.matrix())
}

fn assert_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= tol, "{what}: {got:?} vs {want:?}");
    }
}

fn assert_factors(f: &Factors, column: &[f64], row: &[f64], what: &str) {
    assert_close(&f.column, column, EXACT, &format!("{what} column"));
    assert_close(&f.row, row, EXACT, &format!("{what} row"));
}

#[test]
fn sobel_x_is_one_two_one_times_minus_one_zero_one() {
    let a = analysis(NamedKernel::SobelX);
    assert_eq!(a.rank, 1);
    assert!(a.is_separable());
    assert_factors(
        a.rank1.as_ref().expect("separable"),
        &[1.0, 2.0, 1.0],
        &[-1.0, 0.0, 1.0],
        "Sobel X",
    );
    assert!(a.rank1_error.max_abs < EXACT);
    // σ₁ = |[1 2 1]| · |[−1 0 1]| = √6 · √2.
    assert!((a.singular_values[0] - 12f64.sqrt()).abs() < EXACT);
    assert!(a.singular_values[1] < EXACT && a.singular_values[2] < EXACT);
}

#[test]
fn sobel_y_is_the_transpose() {
    let a = analysis(NamedKernel::SobelY);
    assert_eq!(a.rank, 1);
    // The column reads with its first non-zero entry positive.
    assert_factors(
        &a.best_rank1,
        &[1.0, 0.0, -1.0],
        &[-1.0, -2.0, -1.0],
        "Sobel Y",
    );
    assert!(a.rank1_error.frobenius < EXACT);
}

#[test]
fn scharr_is_separable() {
    let a = analysis(NamedKernel::ScharrX);
    assert_eq!(a.rank, 1);
    assert_factors(
        &a.best_rank1,
        &[1.0, 10.0 / 3.0, 1.0],
        &[-3.0, 0.0, 3.0],
        "Scharr",
    );
    assert!(a.rank1_error.max_abs < EXACT);
}

#[test]
fn gaussians_and_box_factor_exactly() {
    let g3 = analysis(NamedKernel::Gaussian3);
    assert_eq!(g3.rank, 1);
    assert_factors(
        &g3.best_rank1,
        &[1.0, 2.0, 1.0],
        &[1.0 / 16.0, 2.0 / 16.0, 1.0 / 16.0],
        "Gaussian 3",
    );
    let g5 = analysis(NamedKernel::Gaussian5);
    assert_eq!(g5.rank, 1);
    let row: Vec<f64> = [1.0, 4.0, 6.0, 4.0, 1.0]
        .iter()
        .map(|v| v / 256.0)
        .collect();
    assert_factors(
        &g5.best_rank1,
        &[1.0, 4.0, 6.0, 4.0, 1.0],
        &row,
        "Gaussian 5",
    );
    let b = analysis(NamedKernel::Box3);
    assert_eq!(b.rank, 1);
    assert_factors(&b.best_rank1, &[1.0; 3], &[1.0 / 9.0; 3], "box");
    for a in [g3, g5, b] {
        assert!(a.rank1_error.max_abs < EXACT && a.rank1_error.frobenius < EXACT);
    }
}

/// Sharpen and the Laplacian are symmetric `[[0 a 0] [a b a] [0 a 0]]`. On `[1 x 1]` vectors
/// they act as `λ = a·x` with `λ² − bλ − 2a² = 0`; on `[1 0 −1]` as 0. So the singular values
/// are `|λ₁| > |λ₂|` and 0, and the best rank-1 error is the term `λ₂ · w wᵀ` with
/// `w = [1, λ₂/a, 1] / sqrt(2 + (λ₂/a)²)`. Returns `(σ₁, σ₂, largest |entry| of that term)`.
fn rank_two_cross(a: f64, b: f64) -> (f64, f64, f64) {
    let disc = (b * b + 8.0 * a * a).sqrt();
    let (l1, l2) = ((b + disc) / 2.0, (b - disc) / 2.0);
    let (big, small) = if l1.abs() >= l2.abs() {
        (l1, l2)
    } else {
        (l2, l1)
    };
    let x = small / a;
    let max_abs = small.abs() * 1f64.max(x.abs()).powi(2) / (2.0 + x * x);
    (big.abs(), small.abs(), max_abs)
}

#[test]
fn sharpen_is_rank_two_and_not_separable() {
    let a = analysis(NamedKernel::Sharpen);
    assert_eq!(a.rank, 2);
    assert!(!a.is_separable());
    assert!(a.rank1.is_none());
    let (s1, s2, max_abs) = rank_two_cross(-1.0, 5.0);
    // (5 ± √33)/2.
    assert!((s1 - (5.0 + 33f64.sqrt()) / 2.0).abs() < EXACT);
    assert!((a.singular_values[0] - s1).abs() < EXACT);
    assert!((a.singular_values[1] - s2).abs() < EXACT);
    assert!((a.rank1_error.frobenius - s2).abs() < 1e-10);
    assert!(
        (a.rank1_error.max_abs - max_abs).abs() < 1e-10,
        "{:?}",
        a.rank1_error
    );
    assert!((a.rank1_error.max_abs - 0.174_08).abs() < 1e-5);
}

#[test]
fn laplacian_is_rank_two_and_not_separable() {
    let a = analysis(NamedKernel::Laplacian);
    assert_eq!(a.rank, 2);
    assert!(a.rank1.is_none());
    let (s1, s2, max_abs) = rank_two_cross(1.0, -4.0);
    // 2 ± √6.
    assert!((s1 - (2.0 + 6f64.sqrt())).abs() < EXACT);
    assert!((s2 - (6f64.sqrt() - 2.0)).abs() < EXACT);
    assert!((a.singular_values[1] - s2).abs() < EXACT);
    assert!((a.rank1_error.frobenius - s2).abs() < 1e-10);
    assert!((a.rank1_error.max_abs - max_abs).abs() < 1e-10);
    // Two terms rebuild it exactly.
    assert!(a.approximation(2).error.max_abs < EXACT);
}

#[test]
fn emboss_is_full_rank() {
    let a = analysis(NamedKernel::Emboss);
    assert_eq!(a.rank, 3);
    assert!(a.rank1.is_none());
    // |det| = 4 = σ₁σ₂σ₃.
    let det: f64 = a.singular_values.iter().product();
    assert!((det - 4.0).abs() < 1e-10);
    let errors: Vec<f64> = (0..=3)
        .map(|k| a.approximation(k).error.frobenius)
        .collect();
    assert!(errors.windows(2).all(|w| w[0] >= w[1]));
    assert!(errors[3] < EXACT);
    assert!((errors[1] - a.rank1_error.frobenius).abs() < 1e-10);
}

#[test]
fn f32_rounded_rank_one_kernels_stay_rank_one() {
    // As a convolution stores them: column × row rounded to f32.
    let column = [0.3099521f32, -0.140_396_71, 0.971_702_1];
    let row = [-0.012_859_779f32, 0.635_658_9, -0.103_166_76];
    let w = Weights::from_fn([1, 1, 3, 3], |_, _, i, j| column[i] * row[j]).expect("weights");
    let a = analyze_kernel(&KernelMatrix::from_weights(&w, 0, 0).expect("kernel"));
    assert_eq!(a.rank, 1);
    assert!(a.rank1_error.max_abs < 1e-7);
    // A change in the fifth decimal place is a real second term.
    let mut bumped = w.clone();
    bumped.data_mut()[4] += 1e-4;
    let b = analyze_kernel(&KernelMatrix::from_weights(&bumped, 0, 0).expect("kernel"));
    assert_eq!(b.rank, 2);
}

/// Rank over the integers, exactly: Gaussian elimination modulo the prime 2⁶¹ − 1. Every
/// minor of these small kernels is far below the prime, so no non-zero minor vanishes.
fn exact_rank(rows: &[Vec<i64>]) -> usize {
    const P: u128 = (1 << 61) - 1;
    let modp = |v: i64| (v.rem_euclid(P as i64)) as u128;
    let pow = |mut b: u128, mut e: u128| {
        let mut r = 1u128;
        while e > 0 {
            if e & 1 == 1 {
                r = r * b % P;
            }
            b = b * b % P;
            e >>= 1;
        }
        r
    };
    let mut m: Vec<Vec<u128>> = rows
        .iter()
        .map(|r| r.iter().map(|&v| modp(v)).collect())
        .collect();
    let cols = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for c in 0..cols {
        let Some(p) = (rank..m.len()).find(|&r| m[r][c] != 0) else {
            continue;
        };
        m.swap(rank, p);
        let inv = pow(m[rank][c], P - 2);
        let pivot = m[rank].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != rank && row[c] != 0 {
                let f = row[c] * inv % P;
                for (x, &pv) in row.iter_mut().zip(&pivot) {
                    *x = (*x + P - f * pv % P) % P;
                }
            }
        }
        rank += 1;
    }
    rank
}

fn outer(c: &[i64], r: &[i64]) -> Vec<Vec<i64>> {
    c.iter()
        .map(|&a| r.iter().map(|&b| a * b).collect())
        .collect()
}

fn to_matrix(rows: &[Vec<i64>]) -> KernelMatrix {
    let f: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| r.iter().map(|&v| v as f64).collect())
        .collect();
    KernelMatrix::from_rows(&f).expect("kernel")
}

fn int_vec(len: usize) -> impl Strategy<Value = Vec<i64>> {
    proptest::collection::vec(-4i64..=4, len)
}

fn two_factor_pairs() -> impl Strategy<Value = (Vec<i64>, Vec<i64>, Vec<i64>, Vec<i64>)> {
    (1usize..=5, 1usize..=5)
        .prop_flat_map(|(kh, kw)| (int_vec(kh), int_vec(kw), int_vec(kh), int_vec(kw)))
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(128)
    })]

    #[test]
    fn random_integer_rank_one_kernels_factor_exactly((c, r, _, _) in two_factor_pairs()) {
        let rows = outer(&c, &r);
        let a = analyze_kernel(&to_matrix(&rows));
        prop_assert_eq!(a.rank, exact_rank(&rows));
        prop_assert!(a.rank <= 1);
        let f = a.rank1.as_ref().expect("rank ≤ 1 is separable");
        let scale = rows.iter().flatten().fold(1.0f64, |m, &v| m.max(v.abs() as f64));
        for (got, want) in f.outer().iter().zip(rows.iter().flatten()) {
            prop_assert!((got - *want as f64).abs() <= EXACT * scale);
        }
        prop_assert!(a.rank1_error.max_abs <= EXACT * scale);
    }

    #[test]
    fn random_integer_rank_two_kernels_report_their_rank_and_error(
        (c1, r1, c2, r2) in two_factor_pairs()
    ) {
        let (a1, a2) = (outer(&c1, &r1), outer(&c2, &r2));
        let rows: Vec<Vec<i64>> = a1
            .iter()
            .zip(&a2)
            .map(|(x, y)| x.iter().zip(y).map(|(p, q)| p + q).collect())
            .collect();
        let m = to_matrix(&rows);
        let a = analyze_kernel(&m);
        let want = exact_rank(&rows);
        prop_assert_eq!(a.rank, want);
        prop_assert_eq!(a.is_separable(), want <= 1);
        prop_assert_eq!(a.rank1.is_some(), want <= 1);
        let scale = rows.iter().flatten().fold(1.0f64, |m, &v| m.max(v.abs() as f64));
        // Eckart–Young: the best rank-1 error is the norm of the other singular values.
        let rest: f64 = a.singular_values.iter().skip(1).map(|s| s * s).sum::<f64>().sqrt();
        prop_assert!((a.rank1_error.frobenius - rest).abs() <= 1e-9 * scale);
        prop_assert!(a.approximation(2).error.max_abs <= 1e-9 * scale);
        // The SVD rebuilds the kernel.
        let d = svd(&m);
        prop_assert_eq!(d.sigma.len(), m.rows().min(m.cols()));
    }
}
