//! Separability analysis of a `KH×KW` kernel: its singular values (a one-sided Jacobi SVD in
//! f64), its numerical rank, the best rank-1 factors (a column and a row), and rank-k
//! approximations with their errors. A kernel is spatially separable when its rank is at most 1.

use super::error::ConvError;
use super::geometry::MAX_KERNEL;
use super::tensor::Weights;

/// A singular value counts toward the rank when it exceeds this fraction of the largest one.
///
/// Kernels typed as integers or fractions are exact in f64, and the Jacobi SVD recovers their
/// zero singular values to about `1e-15` relative. A rank-1 kernel rounded to f32 carries
/// perturbations of at most `2⁻²⁴ ≈ 6e-8` relative, so `1e-6` calls it rank 1 while any
/// change a student can type (a digit in the sixth place) raises the rank.
pub const RANK_TOLERANCE: f64 = 1e-6;

/// Jacobi sweeps stop once every column pair is orthogonal to this relative precision.
const ORTHOGONALITY: f64 = 1e-15;
/// Jacobi converges quadratically; 15×15 needs well under 20 sweeps. This bounds the loop.
const MAX_SWEEPS: usize = 64;
/// Factor entries below this fraction of their vector's largest entry are set to zero.
const FACTOR_ZERO: f64 = 1e-12;

/// A `rows × cols` kernel of f64, row-major. Sizes are `1..=15` and entries are finite.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelMatrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl KernelMatrix {
    /// A kernel from row-major data of `rows · cols` finite values.
    pub fn new(rows: usize, cols: usize, data: Vec<f64>) -> Result<KernelMatrix, ConvError> {
        for (field, value) in [("kernel height", rows), ("kernel width", cols)] {
            if value < 1 {
                return Err(ConvError::BelowMinimum {
                    field,
                    value: value as u64,
                    min: 1,
                });
            }
            if value > MAX_KERNEL {
                return Err(ConvError::AboveLimit {
                    field,
                    value: value as u64,
                    max: MAX_KERNEL as u64,
                });
            }
        }
        if data.len() != rows * cols {
            return Err(ConvError::ShapeMismatch {
                what: "the kernel",
                expected: vec![rows, cols],
                found: vec![data.len()],
            });
        }
        if let Some(k) = data.iter().position(|v| !v.is_finite()) {
            return Err(ConvError::Malformed {
                what: "the kernel",
                detail: format!(
                    "the value in row {}, column {} is not a finite number",
                    k / cols + 1,
                    k % cols + 1
                ),
            });
        }
        Ok(KernelMatrix { rows, cols, data })
    }

    /// A kernel from its rows, which must all have the same length.
    pub fn from_rows<R: AsRef<[f64]>>(rows: &[R]) -> Result<KernelMatrix, ConvError> {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(rows.len() * cols);
        for (i, r) in rows.iter().enumerate() {
            let r = r.as_ref();
            if r.len() != cols {
                return Err(ConvError::Malformed {
                    what: "the kernel",
                    detail: format!("row {} has {} numbers but row 1 has {cols}", i + 1, r.len()),
                });
            }
            data.extend_from_slice(r);
        }
        KernelMatrix::new(rows.len(), cols, data)
    }

    /// Reads a kernel typed as text: rows on separate lines (or separated by `;`), numbers
    /// separated by spaces or commas. A number may be a fraction such as `1/16`.
    pub fn parse(text: &str) -> Result<KernelMatrix, ConvError> {
        let mut rows: Vec<Vec<f64>> = Vec::new();
        for line in text.split(['\n', ';']) {
            let mut row = Vec::new();
            for token in line
                .split(|ch: char| ch == ',' || ch.is_whitespace())
                .filter(|t| !t.is_empty())
            {
                row.push(parse_number(token)?);
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
        if rows.is_empty() {
            return Err(ConvError::Malformed {
                what: "the kernel",
                detail: "it has no numbers".into(),
            });
        }
        KernelMatrix::from_rows(&rows)
    }

    /// The `KH×KW` kernel of filter `o` on input channel `ci` of a weight tensor.
    pub fn from_weights(weights: &Weights, o: usize, ci: usize) -> Result<KernelMatrix, ConvError> {
        let [o_n, c_n, kh, kw] = weights.shape();
        let kernel = weights
            .kernel(o, ci)
            .ok_or_else(|| ConvError::ShapeMismatch {
                what: "the kernel's filter and channel",
                expected: vec![o_n, c_n],
                found: vec![o, ci],
            })?;
        KernelMatrix::new(kh, kw, kernel.iter().map(|&v| f64::from(v)).collect())
    }

    /// Number of rows `KH`.
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Number of columns `KW`.
    pub fn cols(&self) -> usize {
        self.cols
    }
    /// All entries, row-major.
    pub fn data(&self) -> &[f64] {
        &self.data
    }
    /// The entry at row `i`, column `j`, or `None` outside.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        (i < self.rows && j < self.cols)
            .then(|| self.data.get(i * self.cols + j).copied())
            .flatten()
    }
    /// The entries rounded to f32, row-major, as a convolution uses them.
    pub fn to_f32(&self) -> Vec<f32> {
        self.data.iter().map(|&v| v as f32).collect()
    }
}

fn parse_number(token: &str) -> Result<f64, ConvError> {
    let bad = || ConvError::Malformed {
        what: "the kernel",
        detail: format!("\"{token}\" is not a number"),
    };
    let value = match token.split_once('/') {
        Some((num, den)) => {
            let num: f64 = num.trim().parse().map_err(|_| bad())?;
            let den: f64 = den.trim().parse().map_err(|_| bad())?;
            if den == 0.0 {
                return Err(ConvError::Malformed {
                    what: "the kernel",
                    detail: format!("\"{token}\" divides by zero"),
                });
            }
            num / den
        }
        None => token.parse().map_err(|_| bad())?,
    };
    if value.is_finite() {
        Ok(value)
    } else {
        Err(bad())
    }
}

/// A singular value decomposition `A = Σ σₖ · uₖ · vₖᵀ`, largest singular value first.
#[derive(Debug, Clone, PartialEq)]
pub struct Svd {
    /// `min(rows, cols)` singular values, descending, all `≥ 0`.
    pub sigma: Vec<f64>,
    /// Left singular vectors (length `rows`), one per singular value; unit length, or zero
    /// where the singular value is zero.
    pub u: Vec<Vec<f64>>,
    /// Right singular vectors (length `cols`), one per singular value; unit length.
    pub v: Vec<Vec<f64>>,
}

/// The SVD of a kernel by one-sided Jacobi rotations in f64 (Hestenes' method): columns of the
/// matrix are rotated in pairs until all are orthogonal; their lengths are the singular values.
pub fn svd(kernel: &KernelMatrix) -> Svd {
    let (m, n) = (kernel.rows, kernel.cols);
    // Scale to a largest entry of 1 so squared norms can neither overflow nor underflow.
    let scale = kernel.data.iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
    let at = |i: usize, j: usize| kernel.data[i * n + j] / scale;
    if scale == 0.0 {
        let k = m.min(n);
        return Svd {
            sigma: vec![0.0; k],
            u: vec![vec![0.0; m]; k],
            v: (0..k).map(|i| unit(n, i)).collect(),
        };
    }
    // Work on the orientation with at least as many rows as columns.
    let tall = m >= n;
    let (rows, cols) = if tall { (m, n) } else { (n, m) };
    let mut a: Vec<Vec<f64>> = (0..cols)
        .map(|j| {
            (0..rows)
                .map(|i| if tall { at(i, j) } else { at(j, i) })
                .collect()
        })
        .collect();
    let mut v: Vec<Vec<f64>> = (0..cols).map(|j| unit(cols, j)).collect();
    for _ in 0..MAX_SWEEPS {
        let mut rotated = false;
        for p in 0..cols {
            for q in p + 1..cols {
                let alpha = dot(&a[p], &a[p]);
                let beta = dot(&a[q], &a[q]);
                let gamma = dot(&a[p], &a[q]);
                if gamma == 0.0 || gamma.abs() <= ORTHOGONALITY * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + 1.0f64.hypot(zeta));
                let c = 1.0 / 1.0f64.hypot(t);
                let s = c * t;
                rotate(&mut a, p, q, c, s);
                rotate(&mut v, p, q, c, s);
            }
        }
        if !rotated {
            break;
        }
    }
    let mut terms: Vec<(f64, Vec<f64>, Vec<f64>)> = a
        .into_iter()
        .zip(v)
        .map(|(mut col, vcol)| {
            let norm = dot(&col, &col).sqrt();
            if norm > 0.0 {
                col.iter_mut().for_each(|x| *x /= norm);
            }
            (norm * scale, col, vcol)
        })
        .collect();
    terms.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut out = Svd {
        sigma: Vec::with_capacity(cols),
        u: Vec::with_capacity(cols),
        v: Vec::with_capacity(cols),
    };
    for (sigma, left, right) in terms {
        out.sigma.push(sigma);
        // For a wide matrix we decomposed the transpose: its U is our V and vice versa.
        if tall {
            out.u.push(left);
            out.v.push(right);
        } else {
            out.u.push(right);
            out.v.push(left);
        }
    }
    out
}

fn unit(n: usize, i: usize) -> Vec<f64> {
    (0..n).map(|k| if k == i { 1.0 } else { 0.0 }).collect()
}

fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

fn rotate(cols: &mut [Vec<f64>], p: usize, q: usize, c: f64, s: f64) {
    // `p < q`, so column `p` is left of the split and column `q` starts the right part.
    let (left, right) = cols.split_at_mut(q);
    let (Some(cp), Some(cq)) = (left.get_mut(p), right.first_mut()) else {
        return;
    };
    for (x, y) in cp.iter_mut().zip(cq.iter_mut()) {
        let (xp, xq) = (*x, *y);
        *x = c * xp - s * xq;
        *y = s * xp + c * xq;
    }
}

/// A kernel written as one column times one row: `K[i][j] ≈ column[i] · row[j]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors {
    /// `KH` values: the vertical (column) pass.
    pub column: Vec<f64>,
    /// `KW` values: the horizontal (row) pass.
    pub row: Vec<f64>,
}

impl Factors {
    /// The outer product `column · rowᵀ`, row-major `KH·KW`.
    pub fn outer(&self) -> Vec<f64> {
        self.column
            .iter()
            .flat_map(|&c| self.row.iter().map(move |&r| c * r))
            .collect()
    }
}

/// How far an approximation is from the kernel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ApproxError {
    /// The largest absolute difference of one entry.
    pub max_abs: f64,
    /// The Frobenius norm of the difference, `sqrt(Σ (K − A)²)`.
    pub frobenius: f64,
}

/// A rank-k approximation of a kernel: the sum of its `k` largest SVD terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Approximation {
    /// The number of terms used (at most `min(KH, KW)`).
    pub k: usize,
    /// The approximation, row-major `KH·KW`.
    pub matrix: Vec<f64>,
    /// Its distance from the kernel.
    pub error: ApproxError,
}

/// What the separability analysis says about a kernel.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelAnalysis {
    /// The kernel analysed.
    pub kernel: KernelMatrix,
    /// The number of singular values above `threshold`.
    pub rank: usize,
    /// The absolute threshold used: the relative tolerance times the largest singular value.
    pub threshold: f64,
    /// The singular values, largest first.
    pub singular_values: Vec<f64>,
    /// The best rank-1 factors (in the least-squares sense), scaled for reading: the column's
    /// smallest non-zero entry is `1` in magnitude and its first non-zero entry is positive
    /// (Sobel X gives column `[1, 2, 1]`, row `[−1, 0, 1]`). All zero for a zero kernel.
    pub best_rank1: Factors,
    /// The same factors when the kernel is separable (rank ≤ 1), else `None`.
    pub rank1: Option<Factors>,
    /// The error of `best_rank1` against the kernel (zero up to rounding when separable).
    pub rank1_error: ApproxError,
    /// The decomposition behind all of this.
    pub svd: Svd,
}

impl KernelAnalysis {
    /// Whether the kernel factors into a column pass and a row pass (rank ≤ 1).
    pub fn is_separable(&self) -> bool {
        self.rank <= 1
    }

    /// The sum of the `k` largest SVD terms (`k` is capped at `min(KH, KW)`), with its error.
    pub fn approximation(&self, k: usize) -> Approximation {
        let (m, n) = (self.kernel.rows, self.kernel.cols);
        let mut matrix = vec![0.0; m * n];
        let terms = self.svd.sigma.iter().zip(&self.svd.u).zip(&self.svd.v);
        let mut used = 0;
        // Zipped and bounded, so even an edited `svd` cannot index out of range.
        for ((s, u), v) in terms.take(k) {
            for (row, ui) in matrix.chunks_exact_mut(n).zip(u) {
                for (x, vj) in row.iter_mut().zip(v) {
                    *x += s * ui * vj;
                }
            }
            used += 1;
        }
        let k = used;
        let error = error_of(&self.kernel.data, &matrix);
        Approximation { k, matrix, error }
    }
}

fn error_of(kernel: &[f64], approx: &[f64]) -> ApproxError {
    let (mut max_abs, mut sum_sq) = (0.0f64, 0.0f64);
    for (a, b) in kernel.iter().zip(approx) {
        let d = (a - b).abs();
        max_abs = max_abs.max(d);
        sum_sq += d * d;
    }
    ApproxError {
        max_abs,
        frobenius: sum_sq.sqrt(),
    }
}

/// Analyses a kernel with the default [`RANK_TOLERANCE`].
pub fn analyze_kernel(kernel: &KernelMatrix) -> KernelAnalysis {
    analyze_kernel_with_tolerance(kernel, RANK_TOLERANCE)
}

/// Analyses a kernel, counting singular values above `relative_tolerance · σ₁` toward the rank.
/// A negative or NaN tolerance is taken as zero.
pub fn analyze_kernel_with_tolerance(
    kernel: &KernelMatrix,
    relative_tolerance: f64,
) -> KernelAnalysis {
    let svd = svd(kernel);
    let tol = if relative_tolerance > 0.0 {
        relative_tolerance
    } else {
        0.0
    };
    let largest = svd.sigma.first().copied().unwrap_or(0.0);
    let threshold = tol * largest;
    let rank = svd.sigma.iter().filter(|&&s| s > threshold).count();
    let best_rank1 = readable_factors(&svd, kernel.rows, kernel.cols);
    let rank1_error = error_of(&kernel.data, &best_rank1.outer());
    KernelAnalysis {
        kernel: kernel.clone(),
        rank,
        threshold,
        singular_values: svd.sigma.clone(),
        rank1: (rank <= 1).then(|| best_rank1.clone()),
        best_rank1,
        rank1_error,
        svd,
    }
}

/// `σ₁ · u₁ · v₁ᵀ` as a column and a row, rescaled so the column reads naturally.
fn readable_factors(svd: &Svd, rows: usize, cols: usize) -> Factors {
    let (Some(&s), Some(u), Some(v)) = (svd.sigma.first(), svd.u.first(), svd.v.first()) else {
        return Factors {
            column: vec![0.0; rows],
            row: vec![0.0; cols],
        };
    };
    if s == 0.0 {
        return Factors {
            column: vec![0.0; rows],
            row: vec![0.0; cols],
        };
    }
    readable_term(u, v, s)
}

/// One SVD term `σ·u·vᵀ` as a column and a row, rescaled so the column reads naturally: its
/// smallest non-zero entry is 1 in magnitude and its first non-zero entry is positive (the row
/// takes the scale). Entries below 10⁻¹² of their vector's largest are zero.
pub fn readable_term(u: &[f64], v: &[f64], s: f64) -> Factors {
    let mut column = u.to_vec();
    let mut row: Vec<f64> = v.iter().map(|x| x * s).collect();
    snap_zeros(&mut column);
    snap_zeros(&mut row);
    let smallest = column
        .iter()
        .map(|x| x.abs())
        .filter(|&x| x > 0.0)
        .fold(f64::INFINITY, f64::min);
    let first_sign = column
        .iter()
        .find(|&&x| x != 0.0)
        .map_or(1.0, |x| x.signum());
    let k = first_sign * smallest;
    if k.is_finite() && k != 0.0 {
        column.iter_mut().for_each(|x| *x /= k);
        row.iter_mut().for_each(|x| *x *= k);
    }
    Factors { column, row }
}

fn snap_zeros(xs: &mut [f64]) {
    let largest = xs.iter().fold(0.0f64, |acc, x| acc.max(x.abs()));
    for x in xs {
        if x.abs() <= FACTOR_ZERO * largest {
            *x = 0.0;
        }
    }
}

/// Kernels students know, for the separability panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamedKernel {
    /// Horizontal gradient: `[1 2 1]ᵀ · [−1 0 1]`.
    SobelX,
    /// Vertical gradient: `[−1 0 1]ᵀ · [1 2 1]`.
    SobelY,
    /// Scharr horizontal gradient: `[3 10 3]ᵀ · [−1 0 1]`.
    ScharrX,
    /// 3×3 Gaussian blur: `[1 2 1]ᵀ · [1 2 1] / 16`.
    Gaussian3,
    /// 5×5 Gaussian blur: `[1 4 6 4 1]ᵀ · [1 4 6 4 1] / 256`.
    Gaussian5,
    /// 3×3 box blur: all `1/9`.
    Box3,
    /// Sharpen: `5` in the centre, `−1` at the four neighbours. Rank 2.
    Sharpen,
    /// Laplacian: `−4` in the centre, `1` at the four neighbours. Rank 2.
    Laplacian,
    /// Emboss: `[[−2 −1 0] [−1 1 1] [0 1 2]]`. Rank 3.
    Emboss,
}

impl NamedKernel {
    /// Every named kernel, in the order the page lists them.
    pub const ALL: [NamedKernel; 9] = [
        NamedKernel::SobelX,
        NamedKernel::SobelY,
        NamedKernel::ScharrX,
        NamedKernel::Gaussian3,
        NamedKernel::Gaussian5,
        NamedKernel::Box3,
        NamedKernel::Sharpen,
        NamedKernel::Laplacian,
        NamedKernel::Emboss,
    ];

    /// The name shown on screen.
    pub fn label(self) -> &'static str {
        match self {
            NamedKernel::SobelX => "Sobel X",
            NamedKernel::SobelY => "Sobel Y",
            NamedKernel::ScharrX => "Scharr X",
            NamedKernel::Gaussian3 => "Gaussian 3×3",
            NamedKernel::Gaussian5 => "Gaussian 5×5",
            NamedKernel::Box3 => "Box 3×3",
            NamedKernel::Sharpen => "Sharpen",
            NamedKernel::Laplacian => "Laplacian",
            NamedKernel::Emboss => "Emboss",
        }
    }

    /// The kernel's entries.
    pub fn matrix(self) -> KernelMatrix {
        let outer = |c: &[f64], r: &[f64], scale: f64| -> Vec<Vec<f64>> {
            c.iter()
                .map(|&a| r.iter().map(|&b| a * b * scale).collect())
                .collect()
        };
        let rows: Vec<Vec<f64>> = match self {
            NamedKernel::SobelX => outer(&[1.0, 2.0, 1.0], &[-1.0, 0.0, 1.0], 1.0),
            NamedKernel::SobelY => outer(&[-1.0, 0.0, 1.0], &[1.0, 2.0, 1.0], 1.0),
            NamedKernel::ScharrX => outer(&[3.0, 10.0, 3.0], &[-1.0, 0.0, 1.0], 1.0),
            NamedKernel::Gaussian3 => outer(&[1.0, 2.0, 1.0], &[1.0, 2.0, 1.0], 1.0 / 16.0),
            NamedKernel::Gaussian5 => {
                let g = [1.0, 4.0, 6.0, 4.0, 1.0];
                outer(&g, &g, 1.0 / 256.0)
            }
            NamedKernel::Box3 => vec![vec![1.0 / 9.0; 3]; 3],
            NamedKernel::Sharpen => vec![
                vec![0.0, -1.0, 0.0],
                vec![-1.0, 5.0, -1.0],
                vec![0.0, -1.0, 0.0],
            ],
            NamedKernel::Laplacian => vec![
                vec![0.0, 1.0, 0.0],
                vec![1.0, -4.0, 1.0],
                vec![0.0, 1.0, 0.0],
            ],
            NamedKernel::Emboss => vec![
                vec![-2.0, -1.0, 0.0],
                vec![-1.0, 1.0, 1.0],
                vec![0.0, 1.0, 2.0],
            ],
        };
        // Every preset is 3×3 or 5×5 with finite entries.
        KernelMatrix::from_rows(&rows).unwrap_or(KernelMatrix {
            rows: 1,
            cols: 1,
            data: vec![0.0],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reconstruct(svd: &Svd, m: usize, n: usize) -> Vec<f64> {
        let mut out = vec![0.0; m * n];
        for ((s, u), v) in svd.sigma.iter().zip(&svd.u).zip(&svd.v) {
            for i in 0..m {
                for j in 0..n {
                    out[i * n + j] += s * u[i] * v[j];
                }
            }
        }
        out
    }

    #[test]
    fn svd_reconstructs_tall_and_wide() {
        for (m, n) in [(3, 3), (5, 2), (2, 5), (1, 4), (4, 1), (7, 7)] {
            let data: Vec<f64> = (0..m * n)
                .map(|k| ((k * 37 + 11) % 17) as f64 - 8.0)
                .collect();
            let kernel = KernelMatrix::new(m, n, data.clone()).unwrap();
            let d = svd(&kernel);
            assert_eq!(d.sigma.len(), m.min(n));
            assert!(d.sigma.windows(2).all(|w| w[0] >= w[1]));
            for (a, b) in reconstruct(&d, m, n).iter().zip(&data) {
                assert!((a - b).abs() < 1e-12, "{m}×{n}: {a} vs {b}");
            }
            for (k, vk) in d.v.iter().enumerate() {
                for (l, vl) in d.v.iter().enumerate() {
                    let want = if k == l { 1.0 } else { 0.0 };
                    assert!((dot(vk, vl) - want).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn diagonal_singular_values() {
        let k = KernelMatrix::from_rows(&[[0.0, 3.0], [-4.0, 0.0]]).unwrap();
        let d = svd(&k);
        assert!((d.sigma[0] - 4.0).abs() < 1e-15);
        assert!((d.sigma[1] - 3.0).abs() < 1e-15);
    }

    #[test]
    fn parse_reads_rows_and_fractions() {
        let k = KernelMatrix::parse("1 2 1\n 0, 0, 0; -1 -2 1/2").unwrap();
        assert_eq!((k.rows(), k.cols()), (3, 3));
        assert_eq!(k.get(2, 2), Some(0.5));
        assert_eq!(
            KernelMatrix::parse("1 2\n3").unwrap_err().to_string(),
            "the kernel: row 2 has 1 numbers but row 1 has 2"
        );
        assert_eq!(
            KernelMatrix::parse("1 x").unwrap_err().to_string(),
            "the kernel: \"x\" is not a number"
        );
        assert!(KernelMatrix::parse("1/0").is_err());
        assert!(KernelMatrix::parse("inf").is_err());
        assert!(KernelMatrix::parse("  ").is_err());
    }

    #[test]
    fn zero_kernel_is_rank_zero() {
        let a = analyze_kernel(&KernelMatrix::new(3, 3, vec![0.0; 9]).unwrap());
        assert_eq!(a.rank, 0);
        assert!(a.is_separable());
        assert_eq!(a.rank1_error.max_abs, 0.0);
    }
}
