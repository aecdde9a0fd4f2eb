//! Four `f32` lanes for the fast path's inner loop: `simd128` on `wasm32` when that target
//! feature is enabled, SSE on `x86_64` (always present there), and a portable scalar version
//! everywhere else (always compiled, so native tests check it too).
//!
//! Every lane computes `acc + a * b` as a rounded multiply then a rounded add (never fused), so
//! the fast path rounds exactly as the reference loop does.

/// The number of lanes in a [`Lanes`] value.
pub(crate) const LANES: usize = 4;

/// Four `f32` lanes and the few operations the fast path needs.
pub(crate) trait Lanes: Copy {
    /// Every lane `v`.
    fn splat(v: f32) -> Self;
    /// Four consecutive values.
    fn load(a: &[f32; LANES]) -> Self;
    /// Writes the four lanes.
    fn store(self, out: &mut [f32; LANES]);
    /// Lane-wise `self + b`.
    fn add(self, b: Self) -> Self;
    /// Lane-wise `self + a · b`, multiply and add each rounded.
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Every lane zero.
    #[inline(always)]
    fn zero() -> Self {
        Self::splat(0.0)
    }
}

/// The lanes the fast path uses on this target.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) type F4 = wasm::F4;
/// The lanes the fast path uses on this target.
#[cfg(target_arch = "x86_64")]
pub(crate) type F4 = sse::F4;
/// The lanes the fast path uses on this target.
#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
pub(crate) type F4 = scalar::F4;

// Only tests use the scalar lanes on targets with SIMD lanes.
#[cfg_attr(
    any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ),
    allow(dead_code)
)]
pub(crate) mod scalar {
    use super::{Lanes, LANES};

    /// Four named lanes: straight-line code with no loops, so that even a size-optimised build
    /// keeps every lane in a register (a `[f32; 4]` updated in a loop stays in memory there).
    #[derive(Clone, Copy)]
    pub(crate) struct F4 {
        a: f32,
        b: f32,
        c: f32,
        d: f32,
    }

    impl Lanes for F4 {
        #[inline(always)]
        fn splat(v: f32) -> F4 {
            F4 {
                a: v,
                b: v,
                c: v,
                d: v,
            }
        }
        #[inline(always)]
        fn load(x: &[f32; LANES]) -> F4 {
            let [a, b, c, d] = *x;
            F4 { a, b, c, d }
        }
        #[inline(always)]
        fn store(self, out: &mut [f32; LANES]) {
            *out = [self.a, self.b, self.c, self.d];
        }
        #[inline(always)]
        fn add(self, y: F4) -> F4 {
            F4 {
                a: self.a + y.a,
                b: self.b + y.b,
                c: self.c + y.c,
                d: self.d + y.d,
            }
        }
        #[inline(always)]
        fn mul_add(self, x: F4, y: F4) -> F4 {
            F4 {
                a: self.a + x.a * y.a,
                b: self.b + x.b * y.b,
                c: self.c + x.c * y.c,
                d: self.d + x.d * y.d,
            }
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    use super::{Lanes, LANES};
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

    #[derive(Clone, Copy)]
    pub(crate) struct F4(v128);

    impl Lanes for F4 {
        #[inline(always)]
        fn splat(v: f32) -> F4 {
            F4(f32x4_splat(v))
        }
        #[inline(always)]
        fn load(a: &[f32; LANES]) -> F4 {
            // SAFETY: `a` is 16 readable bytes; `v128_load` has no alignment requirement.
            F4(unsafe { v128_load(a.as_ptr().cast::<v128>()) })
        }
        #[inline(always)]
        fn store(self, out: &mut [f32; LANES]) {
            // SAFETY: `out` is 16 writable bytes; `v128_store` has no alignment requirement.
            unsafe { v128_store(out.as_mut_ptr().cast::<v128>(), self.0) }
        }
        #[inline(always)]
        fn add(self, b: F4) -> F4 {
            F4(f32x4_add(self.0, b.0))
        }
        #[inline(always)]
        fn mul_add(self, a: F4, b: F4) -> F4 {
            F4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod sse {
    use super::{Lanes, LANES};
    use core::arch::x86_64::{
        __m128, _mm_add_ps, _mm_loadu_ps, _mm_mul_ps, _mm_set1_ps, _mm_storeu_ps,
    };

    #[derive(Clone, Copy)]
    pub(crate) struct F4(__m128);

    impl Lanes for F4 {
        #[inline(always)]
        fn splat(v: f32) -> F4 {
            // SAFETY: SSE is part of the x86_64 baseline, so the feature is always present.
            F4(unsafe { _mm_set1_ps(v) })
        }
        #[inline(always)]
        fn load(a: &[f32; LANES]) -> F4 {
            // SAFETY: `a` is 16 readable bytes; `_mm_loadu_ps` has no alignment requirement.
            F4(unsafe { _mm_loadu_ps(a.as_ptr()) })
        }
        #[inline(always)]
        fn store(self, out: &mut [f32; LANES]) {
            // SAFETY: `out` is 16 writable bytes; `_mm_storeu_ps` has no alignment requirement.
            unsafe { _mm_storeu_ps(out.as_mut_ptr(), self.0) }
        }
        #[inline(always)]
        fn add(self, b: F4) -> F4 {
            // SAFETY: SSE is part of the x86_64 baseline, so the feature is always present.
            F4(unsafe { _mm_add_ps(self.0, b.0) })
        }
        #[inline(always)]
        fn mul_add(self, a: F4, b: F4) -> F4 {
            // SAFETY: SSE is part of the x86_64 baseline, so the feature is always present.
            F4(unsafe { _mm_add_ps(self.0, _mm_mul_ps(a.0, b.0)) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lanes_multiply_then_add<L: Lanes>() {
        let acc = L::load(&[1.0, 2.0, 3.0, 4.0]);
        let r = acc.mul_add(L::splat(2.0), L::load(&[0.5, -1.0, 0.25, 0.0]));
        let mut out = [0.0; LANES];
        r.store(&mut out);
        assert_eq!(out, [2.0, 0.0, 3.5, 4.0]);
        r.add(L::splat(1.0)).store(&mut out);
        assert_eq!(out, [3.0, 1.0, 4.5, 5.0]);
        L::zero().store(&mut out);
        assert_eq!(out, [0.0; LANES]);
    }

    #[test]
    fn target_lanes_multiply_then_add() {
        lanes_multiply_then_add::<F4>();
    }

    #[test]
    fn scalar_lanes_multiply_then_add() {
        lanes_multiply_then_add::<scalar::F4>();
    }
}
