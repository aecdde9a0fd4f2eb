//! Colours of the stage, as pure functions: a diverging, colour-blind-safe map for values
//! (blue for negative, white for zero, orange for positive) and a categorical palette for
//! groups and channels (Okabe–Ito). Light and dark schemes, and the WCAG contrast ratio that
//! keeps text readable on both.

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    diverging_between([ZERO, NEGATIVE, POSITIVE], value, max_abs)
}

/// `value` on a map from `zero` to `negative` and `positive` at ±`max_abs` (`zero` for what
/// is not a number or has no scale).
fn diverging_between([zero, negative, positive]: [Rgb; 3], value: f32, max_abs: f32) -> Rgb {
    if !value.is_finite() || max_abs <= 0.0 || !max_abs.is_finite() {
        return zero;
    }
    let t = (value / max_abs) as f64;
    if t < 0.0 {
        lerp(zero, negative, -t)
    } else {
        lerp(zero, positive, t)
    }
}

/// Light or dark: the stage follows the page's `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scheme {
    /// Dark ink on white.
    #[default]
    Light,
    /// Light ink on a dark surface.
    Dark,
}

const DARK_ZERO: Rgb = Rgb(0x26, 0x2c, 0x34);
const DARK_NEGATIVE: Rgb = Rgb(0x5f, 0xa8, 0xe8);
const DARK_POSITIVE: Rgb = Rgb(0xf0, 0x9a, 0x4a);

/// The colour of `value` in `scheme`: the diverging map, from a dark zero in the dark scheme
/// (so the canvas is no white slab at night).
pub fn value_colour(scheme: Scheme, value: f32, max_abs: f32) -> Rgb {
    match scheme {
        Scheme::Light => diverging(value, max_abs),
        Scheme::Dark => {
            diverging_between([DARK_ZERO, DARK_NEGATIVE, DARK_POSITIVE], value, max_abs)
        }
    }
}

/// Relative luminance (WCAG 2).
fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
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

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb(9, 9, 9), Rgb(9, 9, 9)) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast(Rgb(0x76, 0x76, 0x76), Rgb(255, 255, 255)) - 4.54).abs() < 0.01);
    }

    #[test]
    fn the_dark_map_starts_dark() {
        assert_eq!(value_colour(Scheme::Dark, 0.0, 3.0), DARK_ZERO);
        assert_eq!(value_colour(Scheme::Dark, 3.0, 3.0), DARK_POSITIVE);
        assert_eq!(value_colour(Scheme::Light, -3.0, 3.0), NEGATIVE);
        assert!(contrast(value_colour(Scheme::Dark, 0.0, 1.0), Rgb(255, 255, 255)) > 4.5);
    }
}
