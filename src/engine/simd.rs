//! Four `f32` lanes for the fast path's inner loop: `simd128` on `wasm32` when that target
//! feature is enabled, SSE on `x86_64` (always present there), plain arrays elsewhere.
//!
//! Every lane computes `acc + a * b` as a rounded multiply then a rounded add (never fused), so
//! the fast path rounds exactly as the reference loop does.

/// The number of lanes in [`F4`].
pub(crate) const LANES: usize = 4;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

    #[derive(Clone, Copy)]
    pub(crate) struct F4(v128);

    impl F4 {
        #[inline(always)]
        pub(crate) fn splat(v: f32) -> F4 {
            F4(f32x4_splat(v))
        }
        #[inline(always)]
        pub(crate) fn load(a: &[f32; 4]) -> F4 {
            // SAFETY: `a` is 16 readable bytes; `v128_load` has no alignment requirement.
            F4(unsafe { v128_load(a.as_ptr().cast::<v128>()) })
        }
        #[inline(always)]
        pub(crate) fn store(self, out: &mut [f32; 4]) {
            // SAFETY: `out` is 16 writable bytes; `v128_store` has no alignment requirement.
            unsafe { v128_store(out.as_mut_ptr().cast::<v128>(), self.0) }
        }
        #[inline(always)]
        pub(crate) fn add(self, b: F4) -> F4 {
            F4(f32x4_add(self.0, b.0))
        }
        #[inline(always)]
        pub(crate) fn mul_add(self, a: F4, b: F4) -> F4 {
            F4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::{
        __m128, _mm_add_ps, _mm_loadu_ps, _mm_mul_ps, _mm_set1_ps, _mm_storeu_ps,
    };

    #[derive(Clone, Copy)]
    pub(crate) struct F4(__m128);

    impl F4 {
        #[inline(always)]
        pub(crate) fn splat(v: f32) -> F4 {
            // SAFETY: SSE is part of the x86_64 baseline, so the feature is always present.
            F4(unsafe { _mm_set1_ps(v) })
        }
        #[inline(always)]
        pub(crate) fn load(a: &[f32; 4]) -> F4 {
            // SAFETY: `a` is 16 readable bytes; `_mm_loadu_ps` has no alignment requirement.
            F4(unsafe { _mm_loadu_ps(a.as_ptr()) })
        }
        #[inline(always)]
        pub(crate) fn store(self, out: &mut [f32; 4]) {
            // SAFETY: `out` is 16 writable bytes; `_mm_storeu_ps` has no alignment requirement.
            unsafe { _mm_storeu_ps(out.as_mut_ptr(), self.0) }
        }
        #[inline(always)]
        pub(crate) fn add(self, b: F4) -> F4 {
            // SAFETY: SSE is part of the x86_64 baseline, so the feature is always present.
            F4(unsafe { _mm_add_ps(self.0, b.0) })
        }
        #[inline(always)]
        pub(crate) fn mul_add(self, a: F4, b: F4) -> F4 {
            // SAFETY: SSE is part of the x86_64 baseline, so the feature is always present.
            F4(unsafe { _mm_add_ps(self.0, _mm_mul_ps(a.0, b.0)) })
        }
    }
}

#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
mod imp {
    #[derive(Clone, Copy)]
    pub(crate) struct F4([f32; 4]);

    impl F4 {
        #[inline(always)]
        pub(crate) fn splat(v: f32) -> F4 {
            F4([v; 4])
        }
        #[inline(always)]
        pub(crate) fn load(a: &[f32; 4]) -> F4 {
            F4(*a)
        }
        #[inline(always)]
        pub(crate) fn store(self, out: &mut [f32; 4]) {
            *out = self.0;
        }
        #[inline(always)]
        pub(crate) fn add(self, b: F4) -> F4 {
            let mut r = self.0;
            for (r, b) in r.iter_mut().zip(b.0) {
                *r += b;
            }
            F4(r)
        }
        #[inline(always)]
        pub(crate) fn mul_add(self, a: F4, b: F4) -> F4 {
            let mut r = self.0;
            for ((r, a), b) in r.iter_mut().zip(a.0).zip(b.0) {
                *r += a * b;
            }
            F4(r)
        }
    }
}

pub(crate) use imp::F4;

impl F4 {
    /// All lanes zero.
    #[inline(always)]
    pub(crate) fn zero() -> F4 {
        F4::splat(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_multiply_then_add() {
        let acc = F4::load(&[1.0, 2.0, 3.0, 4.0]);
        let r = acc.mul_add(F4::splat(2.0), F4::load(&[0.5, -1.0, 0.25, 0.0]));
        let mut out = [0.0; LANES];
        r.store(&mut out);
        assert_eq!(out, [2.0, 0.0, 3.5, 4.0]);
        r.add(F4::splat(1.0)).store(&mut out);
        assert_eq!(out, [3.0, 1.0, 4.5, 5.0]);
        F4::zero().store(&mut out);
        assert_eq!(out, [0.0; 4]);
    }
}
