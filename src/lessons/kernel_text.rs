//! The `kernel=` URL value: a kernel written row-major as comma-separated numbers (`1,2,1,…`),
//! read against the `kh×kw` size the layer sets, and written back so that reading it again
//! gives the same kernel. Integers, decimals and fractions such as `1/16` are accepted, each
//! within ±[`MAX_KERNEL_VALUE`]; every other value is answered with a [`KernelTextError`] that
//! says what is wrong.

use std::fmt;

use crate::config::format::abridged;
use crate::engine::geometry::MAX_KERNEL;
use crate::engine::KernelMatrix;

/// The query key the kernel is stored under.
pub const KERNEL_KEY: &str = "kernel";

/// The largest magnitude of a kernel value. Far below what a 32-bit float holds (about
/// 3.4·10³⁸), so the stage's single-precision passes, their products and sums stay finite:
/// nothing on the page can read `inf` or `NaN`.
pub const MAX_KERNEL_VALUE: u64 = 1_000_000;

/// Largest denominator tried when a value is written back as a fraction (`1/256` for the
/// 5×5 Gaussian).
const MAX_DENOMINATOR: u64 = 1024;

/// What is wrong with a `kernel=` value. Positions count from 1, as a reader counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelTextError {
    /// The value has no numbers at all.
    Empty {
        /// Kernel height the layer asks for.
        kh: usize,
        /// Kernel width the layer asks for.
        kw: usize,
    },
    /// A position between two commas is blank.
    Blank {
        /// Which value (from 1).
        position: usize,
    },
    /// A value does not read as a number.
    NotANumber {
        /// Which value (from 1).
        position: usize,
        /// The text as written.
        text: String,
    },
    /// A fraction has a zero denominator.
    DividesByZero {
        /// Which value (from 1).
        position: usize,
        /// The text as written.
        text: String,
    },
    /// A value is infinite or not a number (`inf`, `NaN`, `1e999`).
    NotFinite {
        /// Which value (from 1).
        position: usize,
        /// The text as written.
        text: String,
    },
    /// A value is finite but beyond ±[`MAX_KERNEL_VALUE`].
    OutOfRange {
        /// Which value (from 1).
        position: usize,
        /// The text as written.
        text: String,
    },
    /// The value has the wrong number of entries for the kernel size.
    WrongCount {
        /// Values found.
        found: usize,
        /// Kernel height.
        kh: usize,
        /// Kernel width.
        kw: usize,
    },
    /// The kernel size itself is outside `1..=15`.
    BadSize {
        /// Kernel height.
        kh: usize,
        /// Kernel width.
        kw: usize,
    },
}

impl fmt::Display for KernelTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KernelTextError::Empty { kh, kw } => write!(
                f,
                "kernel= is empty; a {kh}×{kw} kernel needs {} values",
                kh * kw
            ),
            KernelTextError::Blank { position } => {
                write!(f, "kernel= value {position} is blank")
            }
            KernelTextError::NotANumber { position, .. }
            | KernelTextError::DividesByZero { position, .. }
            | KernelTextError::NotFinite { position, .. }
            | KernelTextError::OutOfRange { position, .. } => {
                let reason = self.value_reason().unwrap_or_default();
                write!(f, "kernel= value {position}: {reason}")
            }
            KernelTextError::WrongCount { found, kh, kw } => {
                let noun = if *found == 1 { "value" } else { "values" };
                write!(
                    f,
                    "kernel= has {found} {noun}; a {kh}×{kw} kernel needs {}",
                    kh * kw
                )
            }
            KernelTextError::BadSize { kh, kw } => write!(
                f,
                "a {kh}×{kw} kernel cannot be edited: each side must be from 1 to {MAX_KERNEL}"
            ),
        }
    }
}

impl std::error::Error for KernelTextError {}

/// The rule every kernel value follows, in words ([`MAX_KERNEL_VALUE`] written out).
pub const VALUE_RULE: &str = "use a number from −1,000,000 to 1,000,000";

/// What a reader may type in a kernel value.
const VALUE_HINT: &str = "(write 2, -0.5 or 1/16)";

impl KernelTextError {
    /// What is wrong with one value, as the link's message and the message under its cell say
    /// it (`None` for mistakes about the whole kernel).
    pub fn value_reason(&self) -> Option<String> {
        let quoted = |text: &str| format!("“{}”", abridged(text));
        match self {
            KernelTextError::Blank { .. } => Some(format!("empty {VALUE_HINT}")),
            KernelTextError::NotANumber { text, .. } => {
                Some(format!("{} is not a number {VALUE_HINT}", quoted(text)))
            }
            KernelTextError::DividesByZero { text, .. } => {
                Some(format!("{} divides by zero", quoted(text)))
            }
            KernelTextError::NotFinite { text, .. } => Some(format!(
                "{} is not a finite number: {VALUE_RULE}",
                quoted(text)
            )),
            KernelTextError::OutOfRange { text, .. } => Some(format!(
                "{} is beyond the limit: {VALUE_RULE}",
                quoted(text)
            )),
            KernelTextError::Empty { .. }
            | KernelTextError::WrongCount { .. }
            | KernelTextError::BadSize { .. } => None,
        }
    }
}

/// Reads one number: an integer, a decimal, or a fraction `a/b` of two such numbers, within
/// ±[`MAX_KERNEL_VALUE`].
fn parse_value(position: usize, raw: &str) -> Result<f64, KernelTextError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(KernelTextError::Blank { position });
    }
    let not_a_number = || KernelTextError::NotANumber {
        position,
        text: text.to_string(),
    };
    // Rust's float parser also takes `inf` and `NaN`; say they are not finite rather than
    // "not a number" only when they are written as numbers would be.
    let number = |part: &str| -> Result<f64, KernelTextError> {
        let part = part.trim();
        let looks_numeric = !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
        if !looks_numeric {
            let lower = part.to_ascii_lowercase();
            let name = lower.trim_start_matches(['+', '-']);
            if matches!(name, "inf" | "infinity" | "nan") {
                return Err(KernelTextError::NotFinite {
                    position,
                    text: text.to_string(),
                });
            }
            return Err(not_a_number());
        }
        part.parse::<f64>().map_err(|_| not_a_number())
    };
    let value = match text.split_once('/') {
        Some((num, den)) => {
            let num = number(num)?;
            let den = number(den)?;
            if den == 0.0 {
                return Err(KernelTextError::DividesByZero {
                    position,
                    text: text.to_string(),
                });
            }
            num / den
        }
        None => number(text)?,
    };
    if !value.is_finite() {
        return Err(KernelTextError::NotFinite {
            position,
            text: text.to_string(),
        });
    }
    if value.abs() > MAX_KERNEL_VALUE as f64 {
        return Err(KernelTextError::OutOfRange {
            position,
            text: text.to_string(),
        });
    }
    Ok(value)
}

/// Reads one entry as typed in the kernel editor's cell: a number, a decimal or a fraction
/// within ±[`MAX_KERNEL_VALUE`], or what is wrong with it.
pub fn parse_entry(text: &str) -> Result<f64, KernelTextError> {
    parse_value(1, text)
}

/// Reads a `kernel=` value for a `kh×kw` kernel: exactly `kh·kw` numbers within
/// ±[`MAX_KERNEL_VALUE`], row-major, separated by commas (spaces around them are ignored).
pub fn parse_kernel(text: &str, kh: usize, kw: usize) -> Result<KernelMatrix, KernelTextError> {
    if !(1..=MAX_KERNEL).contains(&kh) || !(1..=MAX_KERNEL).contains(&kw) {
        return Err(KernelTextError::BadSize { kh, kw });
    }
    if text.trim().is_empty() {
        return Err(KernelTextError::Empty { kh, kw });
    }
    let parts: Vec<&str> = text.split(',').collect();
    // Count first, so a wrong length is reported as such even when a value is also bad.
    if parts.len() != kh * kw {
        return Err(KernelTextError::WrongCount {
            found: parts.len(),
            kh,
            kw,
        });
    }
    let values = parts
        .iter()
        .enumerate()
        .map(|(i, raw)| parse_value(i + 1, raw))
        .collect::<Result<Vec<f64>, _>>()?;
    // The size and count are checked above, and every value is finite.
    KernelMatrix::new(kh, kw, values).map_err(|_| KernelTextError::BadSize { kh, kw })
}

/// Writes one value so that [`parse_kernel`] reads back exactly the same `f64`: an integer,
/// else a fraction with a small denominator, else the shortest decimal that round-trips.
pub fn format_value(value: f64) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    for den in 2..=MAX_DENOMINATOR {
        let num = value * den as f64;
        if num.fract() == 0.0 && num.abs() < 1e15 && (num / den as f64) == value {
            return format!("{}/{den}", num as i64);
        }
    }
    shortest_decimal(value)
}

/// The shortest decimal that reads back as `value` — up to 17 places, else a mantissa of up to
/// 17 significant digits and a power of ten — written with integer arithmetic only (no float
/// formatting code on the page).
fn shortest_decimal(value: f64) -> String {
    use crate::config::format::fixed;
    let reads_back = |text: &str| text.parse::<f64>() == Ok(value);
    if value.abs() < 1e17 {
        for places in 1..=17 {
            let text = fixed(value, places);
            if reads_back(&text) {
                return text;
            }
        }
    }
    // Far from 1: `m·10^e` with 1 ≤ |m| < 10, trying the neighbours of the rounded m too.
    let (mut m, e) = crate::config::format::decade(value);
    // Repeated scaling leaves m some ulps off: correct it by what its text reads back as.
    let magnitude = value.abs();
    for _ in 0..4 {
        let back = format!("{}e{e}", fixed(m, 16))
            .parse::<f64>()
            .unwrap_or(magnitude);
        if back == magnitude || back == 0.0 || !back.is_finite() {
            break;
        }
        m *= magnitude / back;
    }
    let sign = if value < 0.0 { "-" } else { "" };
    // n significant digits as an integer D (m ≈ D·10^(1−n)), and its neighbours: m is off
    // by some ulps, which reach the last digits.
    let mut last = String::new();
    for n in 1..=17u32 {
        let Ok(digits) = fixed(m, n - 1).replace('.', "").parse::<i128>() else {
            continue;
        };
        let reach: i128 = if n < 16 { 2 } else { 40 };
        for delta in (0..=reach).flat_map(|d| [d, -d]) {
            let d = digits + delta;
            if d <= 0 {
                continue;
            }
            let text = d.to_string();
            // A carry (9.99 → 10.0) moves the point; the exponent follows.
            let (lead, rest, exp) = if text.len() as u32 > n {
                (
                    &text[..1],
                    text[1..text.len() - 1].trim_end_matches('0'),
                    e + 1,
                )
            } else {
                (&text[..1], text[1..].trim_end_matches('0'), e)
            };
            last = if rest.is_empty() {
                format!("{sign}{lead}e{exp}")
            } else {
                format!("{sign}{lead}.{rest}e{exp}")
            };
            if reads_back(&last) {
                return last;
            }
        }
    }
    last
}

/// The `kernel=` value of a kernel: its entries row-major, joined by commas.
pub fn format_kernel(kernel: &KernelMatrix) -> String {
    kernel
        .data()
        .iter()
        .map(|&v| format_value(v))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::NamedKernel;

    #[test]
    fn reads_integers_decimals_and_fractions() {
        let k = parse_kernel("1, -2 ,0.5,1/16,-3/4,+2,1e1,0,.25", 3, 3).unwrap();
        assert_eq!(
            k.data(),
            &[1.0, -2.0, 0.5, 0.0625, -0.75, 2.0, 10.0, 0.0, 0.25]
        );
        let wide = parse_kernel("1,2,3", 1, 3).unwrap();
        assert_eq!((wide.rows(), wide.cols()), (1, 3));
    }

    #[test]
    fn every_mistake_is_named() {
        let cases = [
            (
                "1,2,3,4,5,6,7,8",
                "kernel= has 8 values; a 3×3 kernel needs 9",
            ),
            ("1", "kernel= has 1 value; a 3×3 kernel needs 9"),
            ("", "kernel= is empty; a 3×3 kernel needs 9 values"),
            ("1,2,,4,5,6,7,8,9", "kernel= value 3 is blank"),
            (
                "1,2,3,x,5,6,7,8,9",
                "kernel= value 4: “x” is not a number (write 2, -0.5 or 1/16)",
            ),
            (
                "1,2,3,4,1/0,6,7,8,9",
                "kernel= value 5: “1/0” divides by zero",
            ),
            (
                "1,2,3,4,5,inf,7,8,9",
                "kernel= value 6: “inf” is not a finite number: use a number from −1,000,000 to 1,000,000",
            ),
            (
                "1,2,3,4,5,6,NaN,8,9",
                "kernel= value 7: “NaN” is not a finite number: use a number from −1,000,000 to 1,000,000",
            ),
            (
                "1,2,3,4,5,6,7,1e999,9",
                "kernel= value 8: “1e999” is not a finite number: use a number from −1,000,000 to 1,000,000",
            ),
            (
                "1,2,3,4,5,6,7,8,1e40",
                "kernel= value 9: “1e40” is beyond the limit: use a number from −1,000,000 to 1,000,000",
            ),
            (
                "1,2,3,4,5,6,7,8,-1000001",
                "kernel= value 9: “-1000001” is beyond the limit: use a number from −1,000,000 to 1,000,000",
            ),
            (
                "1,2,3,4,5,6,7,8,3000000/2",
                "kernel= value 9: “3000000/2” is beyond the limit: use a number from −1,000,000 to 1,000,000",
            ),
            (
                "1,2,3,4,5,6,7,8,1/2/3",
                "kernel= value 9: “1/2/3” is not a number (write 2, -0.5 or 1/16)",
            ),
            (
                "1,2,3,4,5,6,7,8,--1",
                "kernel= value 9: “--1” is not a number (write 2, -0.5 or 1/16)",
            ),
        ];
        for (text, message) in cases {
            let err = parse_kernel(text, 3, 3).unwrap_err();
            assert_eq!(err.to_string(), message, "{text}");
        }
        assert_eq!(
            parse_kernel("1", 16, 1).unwrap_err().to_string(),
            "a 16×1 kernel cannot be edited: each side must be from 1 to 15"
        );
        assert!(parse_kernel("1", 0, 1).is_err());
        // The limits themselves are values.
        let k = parse_kernel("1000000,-1000000,2000000/2,1e6", 2, 2).unwrap();
        assert_eq!(k.data(), &[1e6, -1e6, 1e6, 1e6]);
        // A long value is quoted in part.
        let long = "7".repeat(300);
        let message = parse_kernel(&long, 1, 1).unwrap_err().to_string();
        assert_eq!(
            message,
            format!(
                "kernel= value 1: “{}…” is beyond the limit: use a number from −1,000,000 to 1,000,000",
                "7".repeat(39)
            )
        );
    }

    #[test]
    fn each_cell_says_what_is_wrong_with_it() {
        let reason = |text: &str| parse_entry(text).unwrap_err().value_reason();
        assert_eq!(
            reason("1e40").as_deref(),
            Some("“1e40” is beyond the limit: use a number from −1,000,000 to 1,000,000")
        );
        assert_eq!(
            reason("1e999").as_deref(),
            Some("“1e999” is not a finite number: use a number from −1,000,000 to 1,000,000")
        );
        assert_eq!(
            reason("x").as_deref(),
            Some("“x” is not a number (write 2, -0.5 or 1/16)")
        );
        assert_eq!(reason("1/0").as_deref(), Some("“1/0” divides by zero"));
        assert_eq!(
            reason(" ").as_deref(),
            Some("empty (write 2, -0.5 or 1/16)")
        );
        assert_eq!(parse_entry("-1/16"), Ok(-0.0625));
        let max = crate::config::format::thousands(MAX_KERNEL_VALUE);
        assert_eq!(VALUE_RULE, format!("use a number from −{max} to {max}"));
    }

    #[test]
    fn presets_round_trip_exactly() {
        for named in NamedKernel::ALL {
            let k = named.matrix();
            let text = format_kernel(&k);
            let back = parse_kernel(&text, k.rows(), k.cols()).unwrap();
            assert_eq!(back, k, "{}: {text}", named.label());
        }
        assert_eq!(
            format_kernel(&NamedKernel::Gaussian3.matrix()),
            "1/16,1/8,1/16,1/8,1/4,1/8,1/16,1/8,1/16"
        );
        assert_eq!(
            format_kernel(&NamedKernel::Box3.matrix()),
            "1/9,1/9,1/9,1/9,1/9,1/9,1/9,1/9,1/9"
        );
        assert_eq!(
            format_kernel(&NamedKernel::SobelX.matrix()),
            "-1,0,1,-2,0,2,-1,0,1"
        );
    }

    #[test]
    fn awkward_values_round_trip_exactly() {
        for v in [
            0.1,
            -1.0 / 3.0,
            std::f64::consts::PI,
            1e-300,
            123456.789,
            -0.0,
            7.0 / 1023.0,
        ] {
            let text = format_value(v);
            assert_eq!(parse_value(1, &text).unwrap(), v, "{v} → {text}");
        }
        // The shortest form: what Rust's own shortest formatting gives, where it writes no
        // exponent.
        for v in [
            0.1,
            0.125,
            123456.789,
            -2.5e-5,
            1.0 / 3.0,
            4503599627370495.5,
        ] {
            assert_eq!(shortest_decimal(v), format!("{v}"), "{v}");
        }
    }

    // Property tests run natively only (proptest has no wasm32 backend here).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn every_finite_value_round_trips(bits in proptest::prelude::any::<u64>()) {
            let v = f64::from_bits(bits);
            proptest::prop_assume!(v.is_finite());
            let text = format_value(v);
            if v.abs() <= MAX_KERNEL_VALUE as f64 {
                proptest::prop_assert_eq!(parse_value(1, &text).unwrap().to_bits(), (v + 0.0).to_bits(), "{} → {}", v, text);
            } else {
                let refused = matches!(parse_value(1, &text), Err(KernelTextError::OutOfRange { .. }));
                proptest::prop_assert!(refused, "{} → {}", v, text);
            }
        }

        #[test]
        fn ordinary_values_are_written_as_rust_writes_them(v in -1e6f64..1e6) {
            proptest::prop_assume!(v.fract() != 0.0);
            proptest::prop_assert_eq!(shortest_decimal(v), format!("{v}"));
        }
    }
}
