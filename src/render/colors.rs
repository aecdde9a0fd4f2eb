//! Colours of the stage, as pure functions: a diverging, colour-blind-safe map for values
//! (blue for negative, white for zero, orange for positive) and a categorical palette for
//! groups and channels (Okabe–Ito).

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
    /// Whether dark text reads on this background (relative luminance above ½).
    pub fn is_light(self) -> bool {
        let l = 0.2126 * self.0 as f64 + 0.7152 * self.1 as f64 + 0.0722 * self.2 as f64;
        l > 140.0
    }
}

const NEGATIVE: Rgb = Rgb(0x21, 0x66, 0xac);
const ZERO: Rgb = Rgb(0xf7, 0xf7, 0xf7);
const POSITIVE: Rgb = Rgb(0xb3, 0x58, 0x06);

fn lerp(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let t = t.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour of `value` on a scale symmetric about zero reaching `max_abs`.
pub fn diverging(value: f32, max_abs: f32) -> Rgb {
    if !value.is_finite() || max_abs <= 0.0 || !max_abs.is_finite() {
        return ZERO;
    }
    let t = (value / max_abs) as f64;
    if t < 0.0 {
        lerp(ZERO, NEGATIVE, -t)
    } else {
        lerp(ZERO, POSITIVE, t)
    }
}

/// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
pub const CATEGORICAL: [Rgb; 7] = [
    Rgb(0x00, 0x72, 0xb2),
    Rgb(0xe6, 0x9f, 0x00),
    Rgb(0x00, 0x9e, 0x73),
    Rgb(0xcc, 0x79, 0xa7),
    Rgb(0xd5, 0x5e, 0x00),
    Rgb(0x56, 0xb4, 0xe9),
    Rgb(0x7a, 0x6a, 0x00),
];

/// The colour of group (or channel) `k`.
pub fn category(k: usize) -> Rgb {
    CATEGORICAL[k % CATEGORICAL.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_white_at_zero_and_saturates() {
        assert_eq!(diverging(0.0, 9.0), ZERO);
        assert_eq!(diverging(9.0, 9.0), POSITIVE);
        assert_eq!(diverging(-20.0, 9.0), NEGATIVE);
        assert_eq!(diverging(f32::NAN, 9.0), ZERO);
        assert_eq!(diverging(3.0, 0.0), ZERO);
        assert!(diverging(1.0, 9.0).is_light());
        assert!(!POSITIVE.is_light());
        assert_eq!(category(7), category(0));
        assert_eq!(Rgb(0, 114, 178).css(), "#0072b2");
    }
}
