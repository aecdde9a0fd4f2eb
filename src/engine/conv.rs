//! 2-D convolution (cross-correlation, as in PyTorch `nn.Conv2d`) with stride, padding,
//! dilation, groups and bias: a deliberately naive reference loop, the fast path the page uses
//! (im2col panels times a register-blocked matrix multiply), one output element at a time, and
//! the list of taps that element reads. Every path counts the MACs it performs.
//!
//! Summation order is the same everywhere: for one output element, the accumulator starts at
//! `0.0`, adds `w · x` over the taps in `(ci, i, j)` order (input channel of the group, kernel
//! row, kernel column), and the bias is added last. Products and sums are rounded separately
//! (no fused multiply-add), so the reference, the fast path and [`conv2d_element`] return
//! bit-identical values.

use super::error::ConvError;
use super::geometry::{ConvSpec, Shape3, MAX_TENSOR_ELEMENTS};
use super::simd::{Lanes, F4, LANES};
use super::tensor::{Tensor, Weights};

/// The result of a convolution and the multiply-accumulates performed to get it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvOutput {
    /// The output `[O, OH, OW]`.
    pub tensor: Tensor,
    /// MACs the compute loops performed, counted as they ran. Equal to the closed form
    /// `O·OH·OW·(C/G)·KH·KW` of [`crate::engine::cost::StageCost`].
    pub macs: u64,
}

/// Checks that `input`, `weights` and `bias` have the shapes `spec` asks for, and that every
/// tensor of the spec fits under the memory cap.
///
/// The bias must be `Some` with `O` values exactly when the spec has `bias: true`.
pub fn check_operands(
    spec: &ConvSpec,
    input: &Tensor,
    weights: &Weights,
    bias: Option<&[f32]>,
) -> Result<(), ConvError> {
    spec.check_allocatable()?;
    let want = spec.input_shape();
    if input.shape() != want {
        return Err(ConvError::ShapeMismatch {
            what: "the input",
            expected: shape_vec(want),
            found: shape_vec(input.shape()),
        });
    }
    if weights.shape() != spec.weight_shape() {
        return Err(ConvError::ShapeMismatch {
            what: "the weights",
            expected: spec.weight_shape().to_vec(),
            found: weights.shape().to_vec(),
        });
    }
    let o = spec.params().out_channels;
    let expected_bias = if spec.params().bias { vec![o] } else { vec![] };
    let found_bias = bias.map(|b| vec![b.len()]).unwrap_or_default();
    if expected_bias != found_bias {
        return Err(ConvError::ShapeMismatch {
            what: "the bias",
            expected: expected_bias,
            found: found_bias,
        });
    }
    Ok(())
}

fn shape_vec(s: Shape3) -> Vec<usize> {
    vec![s.c, s.h, s.w]
}

/// The plain numbers of a validated spec, for the loops.
#[derive(Clone, Copy)]
struct Geometry {
    groups: usize,
    /// Input channels per group `C/G`.
    cg: usize,
    /// Output channels per group `O/G`.
    og: usize,
    h: usize,
    w: usize,
    kh: usize,
    kw: usize,
    sh: usize,
    sw: usize,
    ph: isize,
    pw: isize,
    dh: usize,
    dw: usize,
    oh: usize,
    ow: usize,
}

impl Geometry {
    fn of(spec: &ConvSpec) -> Geometry {
        let p = spec.params();
        let out = spec.output_shape();
        // Padding is at most `MAX_PADDING`, so the casts are exact.
        Geometry {
            groups: p.groups,
            cg: spec.channels_per_group(),
            og: spec.filters_per_group(),
            h: p.input.h,
            w: p.input.w,
            kh: p.kernel.h,
            kw: p.kernel.w,
            sh: p.stride.h,
            sw: p.stride.w,
            ph: p.padding.h as isize,
            pw: p.padding.w as isize,
            dh: p.dilation.h,
            dw: p.dilation.w,
            oh: out.h,
            ow: out.w,
        }
    }
    /// Taps per output element: `(C/G)·KH·KW`.
    fn taps(&self) -> usize {
        self.cg * self.kh * self.kw
    }
}

// ---------------------------------------------------------------------------------------------
// Taps and single elements: what the animation shows.

/// One kernel tap of one output element: which input value it reads and which weight
/// multiplies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tap {
    /// The position of this tap in the summation order, `0..(C/G)·KH·KW`.
    pub step: usize,
    /// Input channel read, in the whole input: `g·(C/G) + ci`.
    pub input_channel: usize,
    /// Input channel within the filter's group, `0..C/G` (the weight's second index).
    pub ci: usize,
    /// Kernel row `i`.
    pub ki: usize,
    /// Kernel column `j`.
    pub kj: usize,
    /// Input row read, `oy·SH + i·DH − PH`; negative or `≥ H` in the padding.
    pub y: isize,
    /// Input column read, `ox·SW + j·DW − PW`; negative or `≥ W` in the padding.
    pub x: isize,
    /// Flat index of the weight `(o, ci, i, j)` in [`Weights::data`].
    pub weight_index: usize,
    /// Flat index of the input value in [`Tensor::data`], or `None` when the tap lands on
    /// zero padding.
    pub input_index: Option<usize>,
}

impl Tap {
    /// Whether the tap lands on zero padding.
    pub fn in_padding(&self) -> bool {
        self.input_index.is_none()
    }
}

/// The taps of one output element, in summation order. Made by [`output_taps`].
#[derive(Debug, Clone)]
pub struct Taps {
    geo_h: usize,
    geo_w: usize,
    cg: usize,
    kh: usize,
    kw: usize,
    dh: usize,
    dw: usize,
    /// First input channel of the group.
    channel0: usize,
    /// First weight of filter `o`.
    weight0: usize,
    /// Input row and column of tap `(i, j) = (0, 0)`.
    y0: isize,
    x0: isize,
    next: usize,
}

impl Taps {
    /// How many taps there are: `(C/G)·KH·KW`.
    pub fn total(&self) -> usize {
        self.cg * self.kh * self.kw
    }

    /// Tap number `step`, or `None` past the end.
    pub fn get(&self, step: usize) -> Option<Tap> {
        if step >= self.total() {
            return None;
        }
        let per_channel = self.kh * self.kw;
        let ci = step / per_channel;
        let ki = (step / self.kw) % self.kh;
        let kj = step % self.kw;
        // All factors are bounded by the spec's limits, far inside `isize`.
        let y = self.y0 + (ki * self.dh) as isize;
        let x = self.x0 + (kj * self.dw) as isize;
        let input_channel = self.channel0 + ci;
        let inside = y >= 0 && x >= 0 && (y as usize) < self.geo_h && (x as usize) < self.geo_w;
        let input_index =
            inside.then(|| (input_channel * self.geo_h + y as usize) * self.geo_w + x as usize);
        Some(Tap {
            step,
            input_channel,
            ci,
            ki,
            kj,
            y,
            x,
            weight_index: self.weight0 + step,
            input_index,
        })
    }
}

impl Iterator for Taps {
    type Item = Tap;
    fn next(&mut self) -> Option<Tap> {
        let tap = self.get(self.next)?;
        self.next += 1;
        Some(tap)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.total().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Taps {}

fn check_output_position(spec: &ConvSpec, o: usize, oy: usize, ox: usize) -> Result<(), ConvError> {
    let out = spec.output_shape();
    for (field, value, len) in [
        ("output channel", o, out.c),
        ("output row", oy, out.h),
        ("output column", ox, out.w),
    ] {
        if value >= len {
            return Err(ConvError::AboveLimit {
                field,
                value: value as u64,
                max: len as u64 - 1,
            });
        }
    }
    Ok(())
}

/// The taps output element `(o, oy, ox)` reads, in the order the engine sums them:
/// `ci`, then kernel row `i`, then kernel column `j`. Taps on padding are included (they count
/// as MACs). Fails when the position is outside the output.
pub fn output_taps(spec: &ConvSpec, o: usize, oy: usize, ox: usize) -> Result<Taps, ConvError> {
    check_output_position(spec, o, oy, ox)?;
    let g = Geometry::of(spec);
    let group = spec.group_of_output(o);
    Ok(Taps {
        geo_h: g.h,
        geo_w: g.w,
        cg: g.cg,
        kh: g.kh,
        kw: g.kw,
        dh: g.dh,
        dw: g.dw,
        channel0: group * g.cg,
        weight0: o * g.taps(),
        y0: (oy * g.sh) as isize - g.ph,
        x0: (ox * g.sw) as isize - g.pw,
        next: 0,
    })
}

/// One output element `(o, oy, ox)`, computed exactly as [`conv2d_reference`] and [`conv2d`]
/// compute it (same order, same rounding), by walking [`output_taps`].
pub fn conv2d_element(
    spec: &ConvSpec,
    input: &Tensor,
    weights: &Weights,
    bias: Option<&[f32]>,
    o: usize,
    oy: usize,
    ox: usize,
) -> Result<f32, ConvError> {
    check_operands(spec, input, weights, bias)?;
    let taps = output_taps(spec, o, oy, ox)?;
    let (x, w) = (input.data(), weights.data());
    let mut acc = 0.0f32;
    for tap in taps {
        // The operands were checked against the spec, so both indices are in bounds.
        let v = tap.input_index.map_or(0.0, |k| x[k]);
        acc += w[tap.weight_index] * v;
    }
    if let Some(b) = bias {
        acc += b[o];
    }
    Ok(acc)
}

// ---------------------------------------------------------------------------------------------
// The reference.

/// The textbook convolution: seven nested loops (group, filter, output row, output column,
/// input channel, kernel row, kernel column) with a bounds check for padding on every tap.
/// Deliberately naive; the fast path is checked against it.
pub fn conv2d_reference(
    spec: &ConvSpec,
    input: &Tensor,
    weights: &Weights,
    bias: Option<&[f32]>,
) -> Result<ConvOutput, ConvError> {
    check_operands(spec, input, weights, bias)?;
    let g = Geometry::of(spec);
    let mut out = Tensor::zeros(spec.output_shape())?;
    let (x, w) = (input.data(), weights.data());
    let y_data = out.data_mut();
    let mut macs = 0u64;
    // Every index below is in bounds: the operands were checked against the spec, and the
    // padding test guards the input index.
    for group in 0..g.groups {
        for f in 0..g.og {
            let o = group * g.og + f;
            for oy in 0..g.oh {
                for ox in 0..g.ow {
                    let mut acc = 0.0f32;
                    for ci in 0..g.cg {
                        let c = group * g.cg + ci;
                        for i in 0..g.kh {
                            for j in 0..g.kw {
                                let iy = (oy * g.sh + i * g.dh) as isize - g.ph;
                                let ix = (ox * g.sw + j * g.dw) as isize - g.pw;
                                let inside = iy >= 0
                                    && ix >= 0
                                    && (iy as usize) < g.h
                                    && (ix as usize) < g.w;
                                let v = if inside {
                                    x[(c * g.h + iy as usize) * g.w + ix as usize]
                                } else {
                                    0.0
                                };
                                acc += w[((o * g.cg + ci) * g.kh + i) * g.kw + j] * v;
                                macs += 1;
                            }
                        }
                    }
                    if let Some(b) = bias {
                        acc += b[o];
                    }
                    y_data[(o * g.oh + oy) * g.ow + ox] = acc;
                }
            }
        }
    }
    Ok(ConvOutput { tensor: out, macs })
}

// ---------------------------------------------------------------------------------------------
// The fast path.

/// Lane vectors per panel row.
const NV: usize = 2;
/// Output columns per panel (and per register tile).
const NR: usize = NV * LANES;
/// Output channels per register tile.
const MR: usize = 4;
/// Target size of one im2col chunk, in floats (256 KiB: stays in L2).
const CHUNK_FLOATS: usize = 64 * 1024;
/// At most this many panels per chunk.
const MAX_CHUNK_PANELS: usize = 64;

/// One row of an im2col panel: `NR` output columns of one tap.
type PanelRow = [[f32; LANES]; NV];

/// The fast convolution the page uses: for each group, the input is unrolled chunk by chunk
/// into im2col panels (`NR` output positions × all `(C/G)·KH·KW` taps, padding written as
/// zeros), and each `MR × NR` block of outputs is accumulated in registers over the taps
/// (SIMD lanes across output positions). Same results as [`conv2d_reference`], bit for bit.
pub fn conv2d(
    spec: &ConvSpec,
    input: &Tensor,
    weights: &Weights,
    bias: Option<&[f32]>,
) -> Result<ConvOutput, ConvError> {
    conv2d_fast::<F4>(spec, input, weights, bias)
}

/// The fast path with the lane type `L`: the target's SIMD in [`conv2d`], the portable scalar
/// lanes in tests.
pub(crate) fn conv2d_fast<L: Lanes>(
    spec: &ConvSpec,
    input: &Tensor,
    weights: &Weights,
    bias: Option<&[f32]>,
) -> Result<ConvOutput, ConvError> {
    check_operands(spec, input, weights, bias)?;
    let g = Geometry::of(spec);
    let mut out = Tensor::zeros(spec.output_shape())?;
    let k = g.taps();
    let n = g.oh * g.ow;
    let panels_per_chunk = (CHUNK_FLOATS / (k * NR)).clamp(1, MAX_CHUNK_PANELS);
    let chunk = panels_per_chunk * NR;
    let col_len = panels_per_chunk * k;
    // `k ≤ 4096·15·15`, so `col_len·NR ≤ 8·921600`: well under the cap, checked anyway.
    if (col_len * NR) as u64 > MAX_TENSOR_ELEMENTS {
        return Err(ConvError::TooLarge {
            what: "the unrolled input",
            elements: (col_len * NR) as u64,
            cap: MAX_TENSOR_ELEMENTS,
        });
    }
    let mut col: Vec<PanelRow> = vec![[[0.0; LANES]; NV]; col_len];
    let mut wpack: Vec<[f32; MR]> = vec![[0.0; MR]; k];
    let (x, w) = (input.data(), weights.data());
    let y_data = out.data_mut();
    // The bias was checked to have `O` values.
    let bias_of = |o: usize| bias.map(|b| b[o]);
    let mut macs = 0u64;
    for group in 0..g.groups {
        let mut n0 = 0;
        while n0 < n {
            let ncur = chunk.min(n - n0);
            let panels = ncur.div_ceil(NR);
            let col = &mut col[..panels * k];
            im2col(&g, x, group, n0, ncur, col);
            let mut f0 = 0;
            while f0 < g.og {
                let o0 = group * g.og + f0;
                let mr = MR.min(g.og - f0);
                // Filters `o0..o0+mr` are whole rows of `k` weights (checked shapes).
                let rows = &w[o0 * k..(o0 + mr) * k];
                if mr == MR {
                    pack_rows(rows, k, &mut wpack);
                }
                for (p, panel) in col.chunks_exact(k).enumerate() {
                    let c0 = n0 + p * NR;
                    let nr = NR.min(n0 + ncur - c0);
                    if mr == MR && nr == NR {
                        let acc = kernel_4xnr::<L>(&wpack, panel);
                        for (r, acc_r) in acc.iter().enumerate() {
                            let start = (o0 + r) * n + c0;
                            store_row(acc_r, bias_of(o0 + r), &mut y_data[start..start + NR]);
                        }
                    } else if nr == NR {
                        for r in 0..mr {
                            let acc = kernel_1xnr::<L>(&rows[r * k..(r + 1) * k], panel);
                            let start = (o0 + r) * n + c0;
                            store_row(&acc, bias_of(o0 + r), &mut y_data[start..start + NR]);
                        }
                    } else {
                        for r in 0..mr {
                            let start = (o0 + r) * n + c0;
                            tile_scalar(
                                &rows[r * k..(r + 1) * k],
                                panel,
                                bias_of(o0 + r),
                                &mut y_data[start..start + nr],
                            );
                        }
                    }
                    macs += (mr * nr * k) as u64;
                }
                f0 += mr;
            }
            n0 += ncur;
        }
    }
    Ok(ConvOutput { tensor: out, macs })
}

/// Writes output columns `n0..n0+ncur` of group `group` as panels: `col[p·k + t][v][l]` is
/// tap `t` of output position `n0 + p·NR + v·LANES + l`. Lanes past `ncur` are left as they are.
fn im2col(g: &Geometry, x: &[f32], group: usize, n0: usize, ncur: usize, col: &mut [PanelRow]) {
    let k = g.taps();
    let plane = g.h * g.w;
    for (p, panel) in col.chunks_exact_mut(k).enumerate() {
        let lanes = NR.min(ncur - p * NR);
        for lane in 0..lanes {
            let pos = n0 + p * NR + lane;
            let (oy, ox) = (pos / g.ow, pos % g.ow);
            let y0 = (oy * g.sh) as isize - g.ph;
            let x0 = (ox * g.sw) as isize - g.pw;
            let (v, l) = (lane / LANES, lane % LANES);
            let mut t = 0;
            for ci in 0..g.cg {
                // The channel exists: `group·cg + ci < C` and the input has `C·H·W` values.
                let chan = &x[(group * g.cg + ci) * plane..][..plane];
                for i in 0..g.kh {
                    let iy = y0 + (i * g.dh) as isize;
                    let row_inside = iy >= 0 && (iy as usize) < g.h;
                    for j in 0..g.kw {
                        let ix = x0 + (j * g.dw) as isize;
                        let value = if row_inside && ix >= 0 && (ix as usize) < g.w {
                            chan[iy as usize * g.w + ix as usize]
                        } else {
                            0.0
                        };
                        panel[t][v][l] = value;
                        t += 1;
                    }
                }
            }
        }
    }
}

/// Interleaves `MR` weight rows of length `k`: `pack[t][r] = rows[r·k + t]`.
fn pack_rows(rows: &[f32], k: usize, pack: &mut [[f32; MR]]) {
    for (r, row) in rows.chunks_exact(k).enumerate().take(MR) {
        for (dst, &v) in pack.iter_mut().zip(row) {
            dst[r] = v;
        }
    }
}

/// `MR × NR` outputs: `acc[r][·] = Σ_t pack[t][r] · panel[t][·]`, summed in tap order.
#[inline(always)]
fn kernel_4xnr<L: Lanes>(pack: &[[f32; MR]], panel: &[PanelRow]) -> [[L; NV]; MR] {
    let (mut a00, mut a01, mut a10, mut a11) = (L::zero(), L::zero(), L::zero(), L::zero());
    let (mut a20, mut a21, mut a30, mut a31) = (L::zero(), L::zero(), L::zero(), L::zero());
    for (wt, c) in pack.iter().zip(panel) {
        let (c0, c1) = (L::load(&c[0]), L::load(&c[1]));
        let w0 = L::splat(wt[0]);
        a00 = a00.mul_add(w0, c0);
        a01 = a01.mul_add(w0, c1);
        let w1 = L::splat(wt[1]);
        a10 = a10.mul_add(w1, c0);
        a11 = a11.mul_add(w1, c1);
        let w2 = L::splat(wt[2]);
        a20 = a20.mul_add(w2, c0);
        a21 = a21.mul_add(w2, c1);
        let w3 = L::splat(wt[3]);
        a30 = a30.mul_add(w3, c0);
        a31 = a31.mul_add(w3, c1);
    }
    [[a00, a01], [a10, a11], [a20, a21], [a30, a31]]
}

/// `1 × NR` outputs of one filter row.
#[inline(always)]
fn kernel_1xnr<L: Lanes>(row: &[f32], panel: &[PanelRow]) -> [L; NV] {
    let (mut a0, mut a1) = (L::zero(), L::zero());
    for (&wt, c) in row.iter().zip(panel) {
        let w = L::splat(wt);
        a0 = a0.mul_add(w, L::load(&c[0]));
        a1 = a1.mul_add(w, L::load(&c[1]));
    }
    [a0, a1]
}

/// The outputs of a partial panel (fewer than `NR` columns), one at a time.
fn tile_scalar(row: &[f32], panel: &[PanelRow], bias: Option<f32>, out: &mut [f32]) {
    for (lane, y) in out.iter_mut().enumerate() {
        let (v, l) = (lane / LANES, lane % LANES);
        let mut acc = 0.0f32;
        for (&wt, c) in row.iter().zip(panel) {
            acc += wt * c[v][l];
        }
        if let Some(b) = bias {
            acc += b;
        }
        *y = acc;
    }
}

/// Writes `NR` accumulated outputs, adding the filter's bias (after the sum, as the reference
/// does).
#[inline(always)]
fn store_row<L: Lanes>(acc: &[L; NV], bias: Option<f32>, out: &mut [f32]) {
    let (chunks, _) = out.as_chunks_mut::<LANES>();
    for (a, dst) in acc.iter().zip(chunks) {
        let a = match bias {
            Some(b) => a.add(L::splat(b)),
            None => *a,
        };
        a.store(dst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::geometry::{ConvParams, Pair};
    use crate::engine::simd::scalar;

    fn spec(params: ConvParams) -> ConvSpec {
        ConvSpec::new(params).unwrap()
    }

    #[test]
    fn identity_kernel_copies_the_input() {
        let s = spec(ConvParams {
            input: Pair::new(3, 4),
            padding: Pair::square(1),
            ..ConvParams::default()
        });
        let input = Tensor::from_fn(s.input_shape(), |_, y, x| (y * 4 + x) as f32).unwrap();
        let w = Weights::from_fn(s.weight_shape(), |_, _, i, j| {
            (i == 1 && j == 1) as u8 as f32
        })
        .unwrap();
        for out in [
            conv2d_reference(&s, &input, &w, None).unwrap(),
            conv2d(&s, &input, &w, None).unwrap(),
        ] {
            assert_eq!(out.tensor, input);
            assert_eq!(out.macs, 12 * 9);
        }
    }

    #[test]
    fn scalar_lanes_equal_the_reference() {
        // Every tile shape: full 4×8 tiles, filter tails (1–3 rows), partial panels.
        for (c, o, hw, groups) in [(3, 7, 9, 1), (4, 6, 5, 2), (3, 3, 11, 3), (2, 9, 4, 1)] {
            let s = spec(ConvParams {
                in_channels: c,
                out_channels: o,
                input: Pair::square(hw),
                padding: Pair::square(1),
                groups,
                bias: true,
                ..ConvParams::default()
            });
            let input = Tensor::from_fn(s.input_shape(), |c, y, x| {
                ((c * 31 + y * 7 + x * 3) % 11) as f32 * 0.37 - 1.5
            })
            .unwrap();
            let w = Weights::from_fn(s.weight_shape(), |o, c, i, j| {
                ((o * 13 + c * 5 + i * 3 + j) % 7) as f32 * 0.29 - 0.8
            })
            .unwrap();
            let bias: Vec<f32> = (0..o).map(|k| k as f32 * 0.1).collect();
            let slow = conv2d_reference(&s, &input, &w, Some(&bias)).unwrap();
            let scalar = conv2d_fast::<scalar::F4>(&s, &input, &w, Some(&bias)).unwrap();
            let target = conv2d(&s, &input, &w, Some(&bias)).unwrap();
            assert_eq!(scalar, slow);
            assert_eq!(target, slow);
        }
    }

    #[test]
    fn taps_list_padding_and_indices() {
        let s = spec(ConvParams {
            in_channels: 2,
            out_channels: 2,
            groups: 2,
            input: Pair::new(3, 3),
            padding: Pair::square(1),
            ..ConvParams::default()
        });
        let taps: Vec<Tap> = output_taps(&s, 1, 0, 0).unwrap().collect();
        assert_eq!(taps.len(), 9);
        assert_eq!(taps[0].input_channel, 1);
        assert_eq!((taps[0].y, taps[0].x), (-1, -1));
        assert!(taps[0].in_padding());
        assert_eq!(taps[4].input_index, Some(9));
        assert_eq!(taps[4].weight_index, 9 + 4);
        assert_eq!(taps.iter().filter(|t| t.in_padding()).count(), 5);
        assert!(matches!(
            output_taps(&s, 2, 0, 0),
            Err(ConvError::AboveLimit {
                field: "output channel",
                ..
            })
        ));
    }

    #[test]
    fn mismatched_operands_are_refused() {
        let s = spec(ConvParams {
            bias: true,
            ..ConvParams::default()
        });
        let input = Tensor::zeros(s.input_shape()).unwrap();
        let w = Weights::zeros(s.weight_shape()).unwrap();
        let err = conv2d(&s, &input, &w, None).unwrap_err();
        assert_eq!(err.to_string(), "the bias should have shape [1] but has []");
        let small = Tensor::zeros(Shape3::new(1, 4, 5)).unwrap();
        let err = conv2d_reference(&s, &small, &w, Some(&[0.0])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the input should have shape [1, 5, 5] but has [1, 4, 5]"
        );
    }
}
