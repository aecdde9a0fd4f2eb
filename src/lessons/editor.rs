//! The kernel editor's model (spatial separable lesson): a kernel chosen from presets or typed
//! in, and its live separability analysis as plain data: the rank; the column and row factors
//! when the rank is 1; otherwise the best rank-1 approximation with its error and the rank-k
//! decomposition as k separable passes, with the exact per-output cost `k·(KH+KW)` against
//! `KH·KW` and where the passes stop paying.

use crate::engine::cost::spatial_separable;
use crate::engine::rank::{readable_term, ApproxError, Factors};
use crate::engine::{analyze_kernel, ConvError, ConvParams, KernelAnalysis, KernelMatrix};
use crate::engine::{NamedKernel, Pair};
use crate::timeline::data::{KernelPass, SeparableKernel, SplitMix64};

use super::kernel_text::{format_kernel, parse_kernel, KernelTextError, MAX_KERNEL_VALUE};

/// Entries of a random preset kernel are whole numbers in `-RANDOM_SPAN..=RANDOM_SPAN`.
pub const RANDOM_SPAN: i32 = 2;

/// Entries of the vectors behind a random rank-k kernel are in `-FACTOR_SPAN..=FACTOR_SPAN`.
const FACTOR_SPAN: i32 = 3;

/// How many draws [`random_rank_k`] makes before it falls back to a construction whose rank
/// is known.
const RANK_DRAWS: usize = 64;

/// A kernel the editor's menu offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditorPreset {
    /// One of the engine's named kernels.
    Named(NamedKernel),
    /// Whole numbers from a seed, at the size the layer sets.
    Random,
}

impl EditorPreset {
    /// Every preset, in menu order: the named kernels, then random.
    pub const ALL: [EditorPreset; 10] = [
        EditorPreset::Named(NamedKernel::SobelX),
        EditorPreset::Named(NamedKernel::SobelY),
        EditorPreset::Named(NamedKernel::ScharrX),
        EditorPreset::Named(NamedKernel::Gaussian3),
        EditorPreset::Named(NamedKernel::Gaussian5),
        EditorPreset::Named(NamedKernel::Box3),
        EditorPreset::Named(NamedKernel::Sharpen),
        EditorPreset::Named(NamedKernel::Laplacian),
        EditorPreset::Named(NamedKernel::Emboss),
        EditorPreset::Random,
    ];

    /// The key used in the page (`data-preset`) and the URL.
    pub fn key(self) -> &'static str {
        match self {
            EditorPreset::Named(k) => match k {
                NamedKernel::SobelX => "sobel-x",
                NamedKernel::SobelY => "sobel-y",
                NamedKernel::ScharrX => "scharr-x",
                NamedKernel::Gaussian3 => "gaussian-3",
                NamedKernel::Gaussian5 => "gaussian-5",
                NamedKernel::Box3 => "box-3",
                NamedKernel::Sharpen => "sharpen",
                NamedKernel::Laplacian => "laplacian",
                NamedKernel::Emboss => "emboss",
            },
            EditorPreset::Random => "random",
        }
    }

    /// The preset whose key is `key`.
    pub fn from_key(key: &str) -> Option<EditorPreset> {
        EditorPreset::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            EditorPreset::Named(k) => k.label(),
            EditorPreset::Random => "Random",
        }
    }

    /// The preset's kernel. Named kernels have their own size; random ones are `kh×kw`
    /// (clamped to what the engine accepts) from `seed`.
    pub fn kernel(self, kh: usize, kw: usize, seed: u64) -> KernelMatrix {
        match self {
            EditorPreset::Named(k) => k.matrix(),
            EditorPreset::Random => random_kernel(seed, kh, kw),
        }
    }
}

/// A `kh×kw` kernel of whole numbers in `-RANDOM_SPAN..=RANDOM_SPAN` from `seed` (sizes are
/// clamped to `1..=15`). Almost always of full rank: the case the lesson calls "does not
/// factor".
pub fn random_kernel(seed: u64, kh: usize, kw: usize) -> KernelMatrix {
    let (kh, kw) = (clamp_side(kh), clamp_side(kw));
    let mut rng = SplitMix64::new(seed);
    let data = (0..kh * kw)
        .map(|_| f64::from(rng.int(-RANDOM_SPAN, RANDOM_SPAN)))
        .collect();
    matrix_or_zero(kh, kw, data)
}

/// A `kh×kw` integer kernel of rank exactly `min(k, kh, kw)`: the sum of that many outer
/// products of integer vectors drawn from `seed`, redrawn until the exact (integer) rank is
/// right. Used to test the analysis on kernels whose answer is known.
pub fn random_rank_k(seed: u64, kh: usize, kw: usize, k: usize) -> KernelMatrix {
    let (kh, kw) = (clamp_side(kh), clamp_side(kw));
    let k = k.min(kh).min(kw);
    let mut rng = SplitMix64::new(seed);
    for _ in 0..RANK_DRAWS {
        let mut data = vec![0i64; kh * kw];
        for _ in 0..k {
            let col: Vec<i64> = (0..kh)
                .map(|_| i64::from(rng.int(-FACTOR_SPAN, FACTOR_SPAN)))
                .collect();
            let row: Vec<i64> = (0..kw)
                .map(|_| i64::from(rng.int(-FACTOR_SPAN, FACTOR_SPAN)))
                .collect();
            for (i, c) in col.iter().enumerate() {
                for (j, r) in row.iter().enumerate() {
                    data[i * kw + j] += c * r;
                }
            }
        }
        if integer_rank(&data, kh, kw) == k {
            return matrix_or_zero(kh, kw, data.iter().map(|&v| v as f64).collect());
        }
    }
    // A diagonal of ones has rank exactly k.
    let data = (0..kh * kw)
        .map(|n| {
            if n / kw == n % kw && n / kw < k {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    matrix_or_zero(kh, kw, data)
}

/// The exact rank of an integer matrix (row-major), by fraction-free (Bareiss) elimination in
/// `i128`. Entries must be small enough that products of `min(rows, cols) + 1` of them fit,
/// which holds for the editor's kernels.
pub fn integer_rank(data: &[i64], rows: usize, cols: usize) -> usize {
    let mut a: Vec<Vec<i128>> = (0..rows)
        .map(|i| {
            (0..cols)
                .map(|j| i128::from(data.get(i * cols + j).copied().unwrap_or(0)))
                .collect()
        })
        .collect();
    let mut rank = 0;
    let mut prev = 1i128;
    for col in 0..cols {
        let Some(pivot) = (rank..rows).find(|&r| a[r][col] != 0) else {
            continue;
        };
        a.swap(rank, pivot);
        for r in rank + 1..rows {
            for c in col + 1..cols {
                a[r][c] = (a[r][c] * a[rank][col] - a[r][col] * a[rank][c]) / prev;
            }
            a[r][col] = 0;
        }
        prev = a[rank][col];
        rank += 1;
        if rank == rows {
            break;
        }
    }
    rank
}

fn clamp_side(n: usize) -> usize {
    n.clamp(1, crate::engine::geometry::MAX_KERNEL)
}

fn matrix_or_zero(kh: usize, kw: usize, data: Vec<f64>) -> KernelMatrix {
    // Sizes are clamped and the data has kh·kw finite entries, so this cannot fail; a 1×1 zero
    // stands in rather than a panic.
    KernelMatrix::new(kh, kw, data)
        .or_else(|_| KernelMatrix::new(1, 1, vec![0.0]))
        .unwrap_or_else(|_| NamedKernel::Box3.matrix())
}

/// One separable pass of a rank-k decomposition: a `KH×1` column then a `1×KW` row, whose
/// outer product is one SVD term `σ·u·vᵀ`.
#[derive(Debug, Clone, PartialEq)]
pub struct SeparablePass {
    /// The singular value `σ` of this term.
    pub sigma: f64,
    /// The column and row; the column is scaled so its smallest non-zero entry is 1 in
    /// magnitude and its first non-zero entry is positive, as the engine writes factors.
    pub factors: Factors,
}

/// Per output element, the multiplications of the full kernel and of `k` separable passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassCost {
    /// Kernel height `KH`.
    pub kh: usize,
    /// Kernel width `KW`.
    pub kw: usize,
    /// Passes `k`.
    pub passes: usize,
    /// `KH·KW`: the full kernel.
    pub full: u64,
    /// `KH+KW`: one column pass and one row pass.
    pub per_pass: u64,
    /// `k·(KH+KW)`.
    pub separable: u64,
}

impl PassCost {
    /// The per-output cost of `passes` separable passes of a `kh×kw` kernel.
    pub fn new(kh: usize, kw: usize, passes: usize) -> PassCost {
        let per_pass = (kh + kw) as u64;
        PassCost {
            kh,
            kw,
            passes,
            full: (kh * kw) as u64,
            per_pass,
            separable: passes as u64 * per_pass,
        }
    }
    /// Whether the passes cost fewer multiplications than the full kernel:
    /// `k·(KH+KW) < KH·KW`. They stop paying once `k·(KH+KW) ≥ KH·KW`.
    pub fn pays(&self) -> bool {
        self.separable < self.full
    }
    /// The smallest `k` with `k·(KH+KW) ≥ KH·KW`: from this many passes on, the full kernel
    /// is no more expensive.
    pub fn break_even_passes(&self) -> usize {
        self.full.div_ceil(self.per_pass) as usize
    }
}

/// The exact MACs of a whole layer computed as `k` separable passes, borders included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerPassCost {
    /// Passes `k`.
    pub passes: usize,
    /// MACs of one column pass plus one row pass over the layer.
    pub per_pass: u64,
    /// `k` times that.
    pub separable: u64,
    /// MACs of the full kernel over the same layer.
    pub full: u64,
}

/// Everything the editor shows about its kernel.
#[derive(Debug, Clone, PartialEq)]
pub struct EditorAnalysis {
    /// The engine's analysis (singular values, threshold, rank-k approximations).
    pub analysis: KernelAnalysis,
    /// The numerical rank (shown with `data-metric="kernel-rank"`).
    pub rank: usize,
    /// The column and row factors when the rank is at most 1.
    pub factors: Option<Factors>,
    /// The best rank-1 approximation (equal to `factors` when separable).
    pub best_rank1: Factors,
    /// How far the best rank-1 approximation is from the kernel.
    pub rank1_error: ApproxError,
    /// The kernel as `rank` separable passes (empty for the zero kernel).
    pub passes: Vec<SeparablePass>,
    /// How far the sum of the passes is from the kernel (rounding only).
    pub passes_error: ApproxError,
    /// Per-output cost of the passes against the full kernel.
    pub cost: PassCost,
}

impl EditorAnalysis {
    /// Analyses `kernel` through the engine.
    pub fn of(kernel: &KernelMatrix) -> EditorAnalysis {
        let analysis = analyze_kernel(kernel);
        let rank = analysis.rank;
        let svd = &analysis.svd;
        let passes: Vec<SeparablePass> = svd
            .sigma
            .iter()
            .zip(&svd.u)
            .zip(&svd.v)
            .take(rank)
            .enumerate()
            .map(|(n, ((&sigma, u), v))| SeparablePass {
                sigma,
                factors: if n == 0 {
                    analysis.best_rank1.clone()
                } else {
                    readable_term(u, v, sigma)
                },
            })
            .collect();
        let passes_error = analysis.approximation(rank).error;
        EditorAnalysis {
            rank,
            factors: analysis.rank1.clone(),
            best_rank1: analysis.best_rank1.clone(),
            rank1_error: analysis.rank1_error,
            passes,
            passes_error,
            cost: PassCost::new(kernel.rows(), kernel.cols(), rank),
            analysis,
        }
    }

    /// The kernel as the stage runs it, in single precision: one column ⊗ row pass per unit of
    /// rank (the zero kernel: one pass of zeros), and the kernel they add up to.
    pub fn stage_kernel(&self) -> SeparableKernel {
        let to_pass = |f: &Factors| KernelPass {
            column: f.column.iter().map(|&v| v as f32).collect(),
            row: f.row.iter().map(|&v| v as f32).collect(),
        };
        let passes = if self.passes.is_empty() {
            vec![to_pass(&self.best_rank1)]
        } else {
            self.passes.iter().map(|p| to_pass(&p.factors)).collect()
        };
        SeparableKernel {
            passes,
            kernel: self.analysis.kernel.to_f32(),
        }
    }

    /// Whether the kernel factors into one column pass and one row pass.
    pub fn is_separable(&self) -> bool {
        self.rank <= 1
    }

    /// The exact MACs of a layer (the kernel's size, `channels` channels, an `h×w` input and
    /// the given padding) computed with this kernel's passes and with the full kernel, through
    /// `engine::cost::spatial_separable`.
    pub fn layer_cost(
        &self,
        channels: usize,
        input: Pair,
        padding: Pair,
    ) -> Result<LayerPassCost, ConvError> {
        let cost = spatial_separable(ConvParams {
            in_channels: channels,
            out_channels: channels,
            groups: channels,
            input,
            kernel: Pair::new(self.cost.kh, self.cost.kw),
            padding,
            ..ConvParams::default()
        })?;
        let per_pass = cost.macs();
        Ok(LayerPassCost {
            passes: self.rank,
            per_pass,
            separable: per_pass * self.rank as u64,
            full: cost.standard.macs,
        })
    }
}

/// The editor: the kernel being edited, the preset it came from (if unchanged), the seed of the
/// random preset, and its analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelEditor {
    kernel: KernelMatrix,
    preset: Option<EditorPreset>,
    seed: u64,
    analysis: EditorAnalysis,
}

impl KernelEditor {
    /// The editor showing a preset (`kh×kw` and `seed` are used by the random preset only).
    pub fn with_preset(preset: EditorPreset, kh: usize, kw: usize, seed: u64) -> KernelEditor {
        let kernel = preset.kernel(kh, kw, seed);
        KernelEditor {
            analysis: EditorAnalysis::of(&kernel),
            kernel,
            preset: Some(preset),
            seed,
        }
    }

    /// The editor showing `kernel`, typed or loaded.
    pub fn with_kernel(kernel: KernelMatrix) -> KernelEditor {
        let preset = EditorPreset::ALL
            .into_iter()
            .find(|p| matches!(p, EditorPreset::Named(n) if n.matrix() == kernel));
        KernelEditor {
            analysis: EditorAnalysis::of(&kernel),
            kernel,
            preset,
            seed: 1,
        }
    }

    /// Reads a `kernel=` value for a `kh×kw` kernel; a mistake comes back as a value to show.
    pub fn from_text(text: &str, kh: usize, kw: usize) -> Result<KernelEditor, KernelTextError> {
        parse_kernel(text, kh, kw).map(KernelEditor::with_kernel)
    }

    /// Sets entry `(i, j)` (from 0) and re-analyses; a position outside the kernel or a value
    /// that is not finite or beyond ±[`MAX_KERNEL_VALUE`] is ignored and `false` returned.
    pub fn set_entry(&mut self, i: usize, j: usize, value: f64) -> bool {
        let (rows, cols) = (self.kernel.rows(), self.kernel.cols());
        let within = value.is_finite() && value.abs() <= MAX_KERNEL_VALUE as f64;
        if i >= rows || j >= cols || !within {
            return false;
        }
        let mut data = self.kernel.data().to_vec();
        data[i * cols + j] = value;
        match KernelMatrix::new(rows, cols, data) {
            Ok(kernel) => {
                *self = KernelEditor::with_kernel(kernel);
                true
            }
            Err(_) => false,
        }
    }

    /// The kernel.
    pub fn kernel(&self) -> &KernelMatrix {
        &self.kernel
    }
    /// The preset the kernel equals, if any (random stays random until edited).
    pub fn preset(&self) -> Option<EditorPreset> {
        self.preset
    }
    /// The seed of the random preset.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// The live analysis.
    pub fn analysis(&self) -> &EditorAnalysis {
        &self.analysis
    }
    /// The `kernel=` value of the kernel.
    pub fn to_text(&self) -> String {
        format_kernel(&self.kernel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_rank_is_exact() {
        assert_eq!(integer_rank(&[0; 9], 3, 3), 0);
        assert_eq!(integer_rank(&[1, 2, 3, 2, 4, 6, -1, -2, -3], 3, 3), 1);
        assert_eq!(integer_rank(&[0, -1, 0, -1, 5, -1, 0, -1, 0], 3, 3), 2);
        assert_eq!(integer_rank(&[-2, -1, 0, -1, 1, 1, 0, 1, 2], 3, 3), 3);
        assert_eq!(integer_rank(&[1, 2, 3, 4, 5, 6], 2, 3), 2);
        assert_eq!(integer_rank(&[0, 1, 0, 2, 0, 3], 3, 2), 1);
        assert_eq!(integer_rank(&[0, 0, 1, 0, 0, 2], 3, 2), 2);
    }

    #[test]
    fn pass_costs_and_break_even() {
        let c = PassCost::new(3, 3, 1);
        assert_eq!((c.full, c.separable), (9, 6));
        assert!(c.pays());
        assert!(!PassCost::new(3, 3, 2).pays()); // 12 ≥ 9
        assert_eq!(c.break_even_passes(), 2);
        assert_eq!(PassCost::new(5, 5, 1).break_even_passes(), 3); // 30 ≥ 25 > 20
        assert_eq!(PassCost::new(7, 7, 1).break_even_passes(), 4); // 56 ≥ 49 > 42
        assert_eq!(PassCost::new(1, 5, 1).break_even_passes(), 1); // 6 ≥ 5
    }

    #[test]
    fn editing_an_entry_re_analyses() {
        let mut e = KernelEditor::with_preset(EditorPreset::Named(NamedKernel::SobelX), 3, 3, 1);
        assert_eq!(e.analysis().rank, 1);
        assert!(e.set_entry(1, 1, 1.0));
        assert_eq!(e.analysis().rank, 2);
        assert_eq!(e.preset(), None);
        assert!(!e.set_entry(3, 0, 1.0));
        assert!(!e.set_entry(0, 0, f64::NAN));
        assert!(!e.set_entry(0, 0, 1e40));
        assert!(!e.set_entry(0, 0, -1_000_001.0));
        assert!(e.set_entry(0, 0, -1e6));
        assert!(e.set_entry(0, 0, -1.0));
        assert!(e.set_entry(1, 1, 0.0));
        assert_eq!(e.preset(), Some(EditorPreset::Named(NamedKernel::SobelX)));
    }

    #[test]
    fn preset_keys_round_trip() {
        for p in EditorPreset::ALL {
            assert_eq!(EditorPreset::from_key(p.key()), Some(p));
        }
        assert_eq!(EditorPreset::from_key("blur"), None);
    }
}
