//! The image lab's maps as pixels (pure): one channel of a tensor as RGBA bytes on the
//! stage's diverging colour map, symmetric about zero and reaching the tensor's largest
//! absolute value, through a lookup table so a megapixel map costs one table read a pixel.

use super::colors::{value_colour, Scheme};

/// Steps on each side of zero in the lookup table.
const LEVELS: usize = 255;

/// The diverging map as a table: entry `LEVELS + k` is the colour of `k / LEVELS` of the
/// largest value (negative `k` below zero).
#[derive(Debug, Clone)]
pub struct DivergingLut {
    rgba: Vec<[u8; 4]>,
}

impl DivergingLut {
    /// The table for `scheme`.
    pub fn new(scheme: Scheme) -> DivergingLut {
        let rgba = (0..=2 * LEVELS)
            .map(|i| {
                let t = i as f32 - LEVELS as f32;
                let c = value_colour(scheme, t, LEVELS as f32);
                [c.0, c.1, c.2, 255]
            })
            .collect();
        DivergingLut { rgba }
    }

    /// The colour of `value` on a scale reaching `max_abs` (zero's colour when the scale is
    /// empty or the value is not a number).
    pub fn colour(&self, value: f32, max_abs: f32) -> [u8; 4] {
        let t = if max_abs > 0.0 && max_abs.is_finite() && value.is_finite() {
            (value / max_abs).clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let i = (t * LEVELS as f32).round() as isize + LEVELS as isize;
        self.rgba[i.clamp(0, 2 * LEVELS as isize) as usize]
    }

    /// A plane of values as RGBA bytes, row-major.
    pub fn plane_rgba(&self, values: &[f32], max_abs: f32) -> Vec<u8> {
        let mut out = Vec::with_capacity(values.len() * 4);
        for &v in values {
            out.extend_from_slice(&self.colour(v, max_abs));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::colors::diverging;

    #[test]
    fn the_table_matches_the_stage_map_at_its_ends_and_zero() {
        let lut = DivergingLut::new(Scheme::Light);
        for v in [-2.0f32, 0.0, 2.0] {
            let c = diverging(v, 2.0);
            assert_eq!(lut.colour(v, 2.0), [c.0, c.1, c.2, 255]);
        }
        assert_eq!(lut.colour(f32::NAN, 2.0), lut.colour(0.0, 2.0));
        assert_eq!(lut.colour(9.0, 0.0), lut.colour(0.0, 1.0));
        assert_eq!(lut.plane_rgba(&[1.0, -1.0], 1.0).len(), 8);
    }
}
