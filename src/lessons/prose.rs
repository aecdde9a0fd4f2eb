//! Lesson prose as data: a paragraph is a list of pieces — plain text, proper names, formulas
//! and live figures. A figure carries its value (computed by the engine when the lesson is
//! built), the metric it shows (the page's `data-metric`) and what it is about, so a test can
//! recompute it. Plain text never holds a digit: every number is a figure, and the only digits
//! outside figures are in the listed [`NAMES`] and [`FORMULAS`].

use crate::config::format::thousands;
use crate::config::LayerConfig;
use crate::engine::{NamedKernel, Pair, Ratio, Shape3};

use super::kernel_text::format_value;

/// Proper names that contain digits, allowed in prose as [`Piece::Name`].
pub const NAMES: [&str; 6] = [
    "MobileNet v1",
    "Inception v3",
    "ResNeXt-50",
    "ShuffleNet v1",
    "AlexNet conv2",
    "AlexNet conv3",
];

/// Formulas that contain digits, allowed in prose as [`Piece::Formula`].
pub const FORMULAS: [&str; 4] = [
    "1/N + 1/K²",
    "K²·C·H·W + C·N·H·W",
    "K²·C·N·H·W",
    "2·(d−1)·P",
];

/// What a figure is about: where a test recomputes it from.
#[derive(Debug, Clone, PartialEq)]
pub enum About {
    /// A layer, costed by `engine::cost`.
    Layer(LayerConfig),
    /// A named kernel, analysed by `engine::rank`.
    Kernel(NamedKernel),
    /// An architecture preset of the explorer, by id.
    Preset(&'static str),
    /// Two grouped layers stacked, `channels → channels → channels` in `groups` groups, with
    /// or without a channel shuffle between them.
    Stack {
        /// Channels of every tensor.
        channels: usize,
        /// Groups of both layers.
        groups: usize,
        /// Whether a shuffle sits between them.
        shuffled: bool,
    },
    /// A fact whose metric names it uniquely (a figure printed in the seed, a count of the
    /// lesson panels' models); tests list each one with its arithmetic.
    Fact,
}

/// A figure's value, and how it is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An exact count, written with thousands separators: `28,311,552`.
    Count(u64),
    /// How many times more: `2304/265 ≈ 8.69×`, or `4×` when whole.
    Times(Ratio),
    /// A fraction: `265/2304`.
    Fraction(Ratio),
    /// A percentage of a ratio to two decimals: `1.90 %`.
    Percent(Ratio),
    /// A decimal in hundredths, as a figure printed with two decimals: `9.24`.
    Hundredths(u64),
    /// A real number to three decimals (an approximation error).
    Real(f64),
    /// A kernel size `KH×KW`: `3×3`.
    Size(Pair),
    /// A tensor or filter shape written height × width × channels: `7×7×3`.
    Shape(Shape3),
    /// A vector of kernel factors: `[1, 2, 1]`.
    Vector(Vec<f64>),
}

impl Value {
    /// The value as shown in the page.
    pub fn text(&self) -> String {
        match self {
            Value::Count(n) => thousands(*n),
            Value::Times(r) => crate::config::format::ratio(*r),
            Value::Fraction(r) => format!("{}/{}", r.num, r.den),
            Value::Percent(r) => {
                if r.den == 0 {
                    "—".to_string()
                } else {
                    format!(
                        "{} %",
                        crate::config::format::decimal(
                            u128::from(r.num) * 100,
                            u128::from(r.den),
                            2
                        )
                    )
                }
            }
            Value::Hundredths(h) => format!("{}.{:02}", thousands(h / 100), h % 100),
            Value::Real(x) => {
                if *x == 0.0 {
                    "0".to_string()
                } else {
                    crate::config::format::fixed(*x, 3)
                }
            }
            Value::Size(p) => format!("{}×{}", p.h, p.w),
            Value::Shape(s) => format!("{}×{}×{}", s.h, s.w, s.c),
            Value::Vector(v) => format!(
                "[{}]",
                v.iter()
                    .map(|&x| readable_number(x))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// The `data-value` attribute: digits only for counts, `num/den` for ratios, the text
    /// otherwise.
    pub fn data_value(&self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Times(r) | Value::Fraction(r) | Value::Percent(r) => {
                format!("{}/{}", r.num, r.den)
            }
            Value::Hundredths(h) => h.to_string(),
            other => other.text(),
        }
    }
}

/// Largest denominator [`readable_number`] writes as a fraction.
const READABLE_DENOMINATOR: u64 = 256;

/// A computed real number for reading: a whole number or a fraction with a small denominator
/// when it is one up to rounding (`0.0625000000001` → `1/16`), else three decimals.
pub fn readable_number(x: f64) -> String {
    if x.abs() < 1e-12 {
        return "0".to_string();
    }
    for den in 1..=READABLE_DENOMINATOR {
        let num = x * den as f64;
        let near = num.round();
        if (num - near).abs() <= 1e-9 * num.abs().max(1.0) && near.abs() < 1e12 {
            return format_value(near / den as f64);
        }
    }
    crate::config::format::fixed(x, 3)
}

/// A number in the prose, computed by the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The page's `data-metric`: what is measured (`standard-macs`, `kernel-rank`, …).
    pub metric: &'static str,
    /// What it is measured on.
    pub about: About,
    /// The value.
    pub value: Value,
}

/// One piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Plain text: never a digit.
    Text(&'static str),
    /// A proper name with digits in it, from [`NAMES`].
    Name(&'static str),
    /// A formula with digits in it, from [`FORMULAS`].
    Formula(&'static str),
    /// A live figure.
    Figure(Figure),
}

impl Piece {
    /// The piece as shown.
    pub fn text(&self) -> String {
        match self {
            Piece::Text(t) | Piece::Name(t) | Piece::Formula(t) => (*t).to_string(),
            Piece::Figure(f) => f.value.text(),
        }
    }
}

/// A paragraph: pieces shown in order with nothing added between them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph(pub Vec<Piece>);

impl Paragraph {
    /// The paragraph as plain text.
    pub fn plain(&self) -> String {
        self.0.iter().map(Piece::text).collect()
    }
    /// Its figures, in order.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.0.iter().filter_map(|p| match p {
            Piece::Figure(f) => Some(f),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_for_reading() {
        assert_eq!(Value::Count(28_311_552).text(), "28,311,552");
        assert_eq!(
            Value::Times(Ratio::new(2304, 265)).text(),
            "2304/265 ≈ 8.69×"
        );
        assert_eq!(Value::Fraction(Ratio::new(265, 2304)).text(), "265/2304");
        assert_eq!(Value::Percent(Ratio::new(19, 1000)).text(), "1.90 %");
        assert_eq!(Value::Hundredths(924).text(), "9.24");
        assert_eq!(Value::Hundredths(5).text(), "0.05");
        assert_eq!(Value::Size(Pair::new(7, 1)).text(), "7×1");
        assert_eq!(Value::Shape(Shape3::new(3, 7, 5)).text(), "7×5×3");
        assert_eq!(Value::Vector(vec![1.0, -0.5, 0.0]).text(), "[1, -1/2, 0]");
        assert_eq!(Value::Real(0.123456).text(), "0.123");
        assert_eq!(
            Value::Vector(vec![0.062_500_000_000_1, -2.000_000_000_01, 0.3]).text(),
            "[1/16, -2, 3/10]"
        );
        assert_eq!(readable_number(std::f64::consts::PI), "3.142");
        assert_eq!(Value::Count(9).data_value(), "9");
    }
}
