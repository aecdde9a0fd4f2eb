//! The engine's data: a `[C, H, W]` f32 activation tensor and a `[O, C/G, KH, KW]` weight
//! tensor, both row-major, both refusing sizes above [`MAX_TENSOR_ELEMENTS`].
//!
//! Fields are private so that `data.len()` always equals the product of the shape; the compute
//! paths rely on that invariant for in-bounds indexing.

use super::error::ConvError;
use super::geometry::{Shape3, MAX_TENSOR_ELEMENTS};

/// A `[C, H, W]` tensor of `f32`, row-major (`x` varies fastest).
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    shape: Shape3,
    data: Vec<f32>,
}

fn check_cap(what: &'static str, elements: u64) -> Result<usize, ConvError> {
    if elements > MAX_TENSOR_ELEMENTS {
        return Err(ConvError::TooLarge {
            what,
            elements,
            cap: MAX_TENSOR_ELEMENTS,
        });
    }
    // Below the cap, so it fits in `usize` on every target (the cap is 2^26).
    Ok(elements as usize)
}

fn elements4(shape: [usize; 4]) -> u64 {
    // Saturating: a product past `u64::MAX` is far above the cap anyway.
    shape
        .iter()
        .fold(1u64, |acc, &d| acc.saturating_mul(d as u64))
}

impl Tensor {
    /// A tensor of zeros; refused when it would hold more than [`MAX_TENSOR_ELEMENTS`] values.
    pub fn zeros(shape: Shape3) -> Result<Tensor, ConvError> {
        let n = check_cap("the tensor", shape.elements())?;
        Ok(Tensor {
            shape,
            data: vec![0.0; n],
        })
    }

    /// A tensor from row-major data, which must hold exactly `C·H·W` values.
    pub fn from_vec(shape: Shape3, data: Vec<f32>) -> Result<Tensor, ConvError> {
        check_cap("the tensor", shape.elements())?;
        if data.len() as u64 != shape.elements() {
            return Err(ConvError::ShapeMismatch {
                what: "the tensor's data",
                expected: vec![shape.c, shape.h, shape.w],
                found: vec![data.len()],
            });
        }
        Ok(Tensor { shape, data })
    }

    /// A tensor whose value at `(c, y, x)` is `f(c, y, x)`.
    pub fn from_fn(
        shape: Shape3,
        mut f: impl FnMut(usize, usize, usize) -> f32,
    ) -> Result<Tensor, ConvError> {
        let mut t = Tensor::zeros(shape)?;
        let mut k = 0;
        for c in 0..shape.c {
            for y in 0..shape.h {
                for x in 0..shape.w {
                    // `k < C·H·W = data.len()` by construction.
                    t.data[k] = f(c, y, x);
                    k += 1;
                }
            }
        }
        Ok(t)
    }

    /// The shape `[C, H, W]`.
    pub fn shape(&self) -> Shape3 {
        self.shape
    }

    /// All values, row-major.
    pub fn data(&self) -> &[f32] {
        &self.data
    }

    /// All values, row-major, writable (the length cannot change).
    pub fn data_mut(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// The values, giving up the shape.
    pub fn into_vec(self) -> Vec<f32> {
        self.data
    }

    /// The flat index of `(c, y, x)`, or `None` outside the tensor.
    pub fn index(&self, c: usize, y: usize, x: usize) -> Option<usize> {
        let s = self.shape;
        (c < s.c && y < s.h && x < s.w).then(|| (c * s.h + y) * s.w + x)
    }

    /// The value at `(c, y, x)`, or `None` outside the tensor.
    pub fn get(&self, c: usize, y: usize, x: usize) -> Option<f32> {
        self.index(c, y, x).and_then(|k| self.data.get(k).copied())
    }

    /// The value at `(c, y, x)` of the zero-padded input: `0.0` when `y` or `x` falls outside
    /// the tensor (in the padding), or when `c` is not a channel.
    pub fn at_padded(&self, c: usize, y: isize, x: isize) -> f32 {
        match (usize::try_from(y), usize::try_from(x)) {
            (Ok(y), Ok(x)) => self.get(c, y, x).unwrap_or(0.0),
            _ => 0.0,
        }
    }

    /// One channel as a row-major `H·W` slice, or `None` when `c` is not a channel.
    pub fn channel(&self, c: usize) -> Option<&[f32]> {
        let plane = self.shape.h * self.shape.w;
        self.data.get(c * plane..(c + 1) * plane)
    }
}

/// Convolution weights `[O, C/G, KH, KW]`, row-major (`j` varies fastest).
///
/// Spatial separable factors use the same type: a column is `[C, 1, KH, 1]` and a row is
/// `[C, 1, 1, KW]`; pointwise weights are `[O, C, 1, 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    shape: [usize; 4],
    data: Vec<f32>,
}

impl Weights {
    /// Weights of zeros; refused above [`MAX_TENSOR_ELEMENTS`] values.
    pub fn zeros(shape: [usize; 4]) -> Result<Weights, ConvError> {
        let n = check_cap("the weights", elements4(shape))?;
        Ok(Weights {
            shape,
            data: vec![0.0; n],
        })
    }

    /// Weights from row-major data, which must hold exactly `O·(C/G)·KH·KW` values.
    pub fn from_vec(shape: [usize; 4], data: Vec<f32>) -> Result<Weights, ConvError> {
        let n = check_cap("the weights", elements4(shape))?;
        if data.len() != n {
            return Err(ConvError::ShapeMismatch {
                what: "the weights' data",
                expected: shape.to_vec(),
                found: vec![data.len()],
            });
        }
        Ok(Weights { shape, data })
    }

    /// Weights whose value at `(o, ci, i, j)` is `f(o, ci, i, j)`.
    pub fn from_fn(
        shape: [usize; 4],
        mut f: impl FnMut(usize, usize, usize, usize) -> f32,
    ) -> Result<Weights, ConvError> {
        let mut w = Weights::zeros(shape)?;
        let [o_n, c_n, kh, kw] = shape;
        let mut k = 0;
        for o in 0..o_n {
            for ci in 0..c_n {
                for i in 0..kh {
                    for j in 0..kw {
                        // `k < O·C·KH·KW = data.len()` by construction.
                        w.data[k] = f(o, ci, i, j);
                        k += 1;
                    }
                }
            }
        }
        Ok(w)
    }

    /// The shape `[O, C/G, KH, KW]`.
    pub fn shape(&self) -> [usize; 4] {
        self.shape
    }

    /// All values, row-major.
    pub fn data(&self) -> &[f32] {
        &self.data
    }

    /// All values, row-major, writable (the length cannot change).
    pub fn data_mut(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// The flat index of `(o, ci, i, j)`, or `None` outside the weights.
    pub fn index(&self, o: usize, ci: usize, i: usize, j: usize) -> Option<usize> {
        let [o_n, c_n, kh, kw] = self.shape;
        (o < o_n && ci < c_n && i < kh && j < kw).then(|| ((o * c_n + ci) * kh + i) * kw + j)
    }

    /// The weight at `(o, ci, i, j)`, or `None` outside the weights.
    pub fn get(&self, o: usize, ci: usize, i: usize, j: usize) -> Option<f32> {
        self.index(o, ci, i, j)
            .and_then(|k| self.data.get(k).copied())
    }

    /// The `KH·KW` kernel of filter `o` on its input channel `ci`, row-major, or `None`.
    pub fn kernel(&self, o: usize, ci: usize) -> Option<&[f32]> {
        let start = self.index(o, ci, 0, 0)?;
        self.data.get(start..start + self.shape[2] * self.shape[3])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexing_is_row_major() {
        let t = Tensor::from_fn(Shape3::new(2, 3, 4), |c, y, x| {
            (c * 100 + y * 10 + x) as f32
        })
        .unwrap();
        assert_eq!(t.get(1, 2, 3), Some(123.0));
        assert_eq!(t.data()[t.index(1, 2, 3).unwrap()], 123.0);
        assert_eq!(t.get(2, 0, 0), None);
        assert_eq!(t.at_padded(0, -1, 0), 0.0);
        assert_eq!(t.at_padded(0, 1, 4), 0.0);
        assert_eq!(t.at_padded(1, 1, 1), 111.0);
        assert_eq!(t.channel(1).unwrap()[0], 100.0);
        let w = Weights::from_fn([2, 3, 2, 2], |o, c, i, j| {
            (o * 1000 + c * 100 + i * 10 + j) as f32
        })
        .unwrap();
        assert_eq!(w.get(1, 2, 1, 0), Some(1210.0));
        assert_eq!(w.kernel(1, 2).unwrap(), &[1200.0, 1201.0, 1210.0, 1211.0]);
        assert_eq!(w.get(0, 3, 0, 0), None);
    }

    #[test]
    fn sizes_are_checked() {
        assert!(matches!(
            Tensor::from_vec(Shape3::new(1, 2, 2), vec![0.0; 3]),
            Err(ConvError::ShapeMismatch { .. })
        ));
        assert!(matches!(
            Tensor::zeros(Shape3::new(4096, 4096, 4096)),
            Err(ConvError::TooLarge { .. })
        ));
        assert!(matches!(
            Weights::zeros([usize::MAX, usize::MAX, 2, 2]),
            Err(ConvError::TooLarge { .. })
        ));
    }
}
