//! The fields of the configuration panel: their URL keys, labels, limits, and which methods
//! use them.

use crate::engine::geometry::{MAX_DILATION, MAX_KERNEL, MAX_PADDING, MAX_SIZE, MAX_STRIDE};
use crate::engine::Method;

/// One input of the configuration panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Input height `H`.
    Height,
    /// Input width `W`.
    Width,
    /// Input channels `C`.
    InChannels,
    /// Output channels `O`.
    OutChannels,
    /// Kernel height `KH`.
    KernelH,
    /// Kernel width `KW`.
    KernelW,
    /// Vertical stride `SH`.
    StrideH,
    /// Horizontal stride `SW`.
    StrideW,
    /// Vertical padding `PH`.
    PadH,
    /// Horizontal padding `PW`.
    PadW,
    /// Vertical dilation `DH`.
    DilationH,
    /// Horizontal dilation `DW`.
    DilationW,
    /// Groups `G`.
    Groups,
    /// Depth multiplier `m`.
    Multiplier,
    /// Bias on (`1`) or off (`0`).
    Bias,
}

/// How a field's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number within `min..=max`.
    Number {
        /// Smallest allowed value.
        min: usize,
        /// Largest allowed value.
        max: usize,
    },
    /// `0` (off) or `1` (on).
    Toggle,
}

impl Field {
    /// Every field, in panel order.
    pub const ALL: [Field; 15] = [
        Field::Height,
        Field::Width,
        Field::InChannels,
        Field::OutChannels,
        Field::KernelH,
        Field::KernelW,
        Field::StrideH,
        Field::StrideW,
        Field::PadH,
        Field::PadW,
        Field::DilationH,
        Field::DilationW,
        Field::Groups,
        Field::Multiplier,
        Field::Bias,
    ];

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The query-string key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Height => "h",
            Field::Width => "w",
            Field::InChannels => "cin",
            Field::OutChannels => "cout",
            Field::KernelH => "kh",
            Field::KernelW => "kw",
            Field::StrideH => "sh",
            Field::StrideW => "sw",
            Field::PadH => "ph",
            Field::PadW => "pw",
            Field::DilationH => "dh",
            Field::DilationW => "dw",
            Field::Groups => "groups",
            Field::Multiplier => "mult",
            Field::Bias => "bias",
        }
    }

    /// The label shown beside the input.
    pub fn label(self) -> &'static str {
        match self {
            Field::Height => "Input height",
            Field::Width => "Input width",
            Field::InChannels => "Input channels",
            Field::OutChannels => "Output channels",
            Field::KernelH => "Kernel height",
            Field::KernelW => "Kernel width",
            Field::StrideH => "Stride (rows)",
            Field::StrideW => "Stride (columns)",
            Field::PadH => "Padding (rows)",
            Field::PadW => "Padding (columns)",
            Field::DilationH => "Dilation (rows)",
            Field::DilationW => "Dilation (columns)",
            Field::Groups => "Groups",
            Field::Multiplier => "Depth multiplier",
            Field::Bias => "Bias",
        }
    }

    /// How the field's text is read, with its limits.
    pub fn kind(self) -> FieldKind {
        let (min, max) = match self {
            Field::Height | Field::Width | Field::InChannels | Field::OutChannels => (1, MAX_SIZE),
            Field::KernelH | Field::KernelW => (1, MAX_KERNEL),
            Field::StrideH | Field::StrideW => (1, MAX_STRIDE),
            Field::PadH | Field::PadW => (0, MAX_PADDING),
            Field::DilationH | Field::DilationW => (1, MAX_DILATION),
            Field::Groups | Field::Multiplier => (1, MAX_SIZE),
            Field::Bias => return FieldKind::Toggle,
        };
        FieldKind::Number { min, max }
    }

    /// The rule in words, shown under a field whose value breaks it.
    pub fn rule(self) -> String {
        match self.kind() {
            FieldKind::Number { min, max } => format!("a whole number from {min} to {max}"),
            FieldKind::Toggle => "0 (off) or 1 (on)".to_string(),
        }
    }

    /// Why `method` does not use this field, or `None` when it does.
    pub fn unused_because(self, method: Method) -> Option<&'static str> {
        use Method::*;
        match (self, method) {
            (Field::OutChannels, SpatialSeparable) => {
                Some("equals the input channels: one column and one row kernel per channel")
            }
            (Field::StrideH | Field::StrideW, SpatialSeparable) => {
                Some("the two passes slide one cell at a time")
            }
            (Field::DilationH | Field::DilationW, SpatialSeparable) => {
                Some("the two passes use undilated kernels")
            }
            (Field::Groups, Standard) => Some("a standard convolution is one group"),
            (Field::Groups, SpatialSeparable) => Some("each channel is filtered on its own"),
            (Field::Groups, DepthwiseSeparable) => {
                Some("the depthwise step has one group per input channel")
            }
            (Field::Multiplier, Standard | SpatialSeparable | Grouped) => {
                Some("only the depthwise step has a depth multiplier")
            }
            _ => None,
        }
    }

    /// The limits ↑/↓ step within: the number's range, or `0..=1` for the toggle.
    pub fn step_limits(self) -> (usize, usize) {
        match self.kind() {
            FieldKind::Number { min, max } => (min, max),
            FieldKind::Toggle => (0, 1),
        }
    }

    /// The text after ↑/↓ (`delta` ±1) or PageUp/PageDown (±10) on `text`. A whole number
    /// within the limits moves by `delta` and stops at them; one outside them, however many
    /// digits it has, lands on the nearest limit whichever way the key points (5000 ↓ and
    /// 99999999999999999999999 ↑ or ↓ give the maximum, 0 ↑ a minimum of 1); text that is not
    /// a whole number steps from the minimum.
    pub fn stepped(self, text: &str, delta: i64) -> String {
        let (min, max) = self.step_limits();
        let clamp = |n: i128| n.clamp(min as i128, max as i128).to_string();
        match read_whole(text) {
            WholeText::Number(n) if n < min as i128 || n > max as i128 => clamp(n),
            WholeText::Number(n) => clamp(n + i128::from(delta)),
            WholeText::Huge { negative: false } => max.to_string(),
            WholeText::Huge { negative: true } => min.to_string(),
            WholeText::NotWhole => clamp(min as i128 + i128::from(delta)),
        }
    }

    /// The field with query key `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// A field's text read as a whole number of any length, for stepping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WholeText {
    /// A whole number that fits an `i128`.
    Number(i128),
    /// A whole number with too many digits for an `i128`, and its sign.
    Huge { negative: bool },
    /// Anything else.
    NotWhole,
}

/// Reads `text` (spaces around it ignored) as an optionally signed run of digits.
fn read_whole(text: &str) -> WholeText {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return WholeText::NotWhole;
    }
    match digits.parse::<i128>() {
        Ok(n) => WholeText::Number(if negative { -n } else { n }),
        Err(_) => WholeText::Huge { negative },
    }
}

/// The shorthand keys that set a vertical and a horizontal field at once (`k=3` is `kh=3&kw=3`).
pub const PAIR_KEYS: [(&str, Field, Field); 4] = [
    ("k", Field::KernelH, Field::KernelW),
    ("stride", Field::StrideH, Field::StrideW),
    ("pad", Field::PadH, Field::PadW),
    ("dil", Field::DilationH, Field::DilationW),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_follow_the_panel_order() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(Field::from_key(f.key()), Some(*f));
        }
    }

    #[test]
    fn arrows_step_within_the_limits() {
        assert_eq!(Field::KernelH.stepped("3", 1), "4");
        assert_eq!(Field::KernelH.stepped("15", 1), "15");
        assert_eq!(Field::KernelH.stepped("1", -10), "1");
        assert_eq!(Field::PadH.stepped(" 007 ", -1), "6");
        assert_eq!(Field::PadH.stepped("abc", 1), "1");
        assert_eq!(Field::PadH.stepped("abc", -1), "0");
        assert_eq!(Field::Bias.stepped("1", 1), "1");
        assert_eq!(Field::Bias.stepped("0", 1), "1");
    }

    #[test]
    fn arrows_on_values_out_of_range_land_on_the_nearest_limit() {
        for delta in [1, -1, 10, -10] {
            assert_eq!(
                Field::Height.stepped("5000", delta),
                "4096",
                "5000 by {delta}"
            );
            assert_eq!(Field::Height.stepped("4097", delta), "4096");
            for huge in [
                "99999999999999999999999",
                "999999999999999999999999999999999999999999999999999",
                "+99999999999999999999999",
            ] {
                assert_eq!(
                    Field::StrideW.stepped(huge, delta),
                    "8",
                    "{huge} by {delta}"
                );
                assert_eq!(Field::Height.stepped(huge, delta), "4096");
            }
            assert_eq!(Field::KernelH.stepped("0", delta), "1", "0 by {delta}");
            assert_eq!(Field::KernelH.stepped("-3", delta), "1");
            assert_eq!(
                Field::PadH.stepped("-99999999999999999999999999999999999999999", delta),
                "0"
            );
            assert_eq!(Field::Bias.stepped("7", delta), "1");
        }
    }

    #[test]
    fn only_depthwise_separable_uses_the_multiplier() {
        for m in Method::ALL {
            let used = Field::Multiplier.unused_because(m).is_none();
            assert_eq!(used, m == Method::DepthwiseSeparable);
        }
    }
}
