//! How figures are written on screen: exact integers with thousands separators, byte counts,
//! and exact ratios with their decimal value; and how a message quotes what the reader wrote.

use crate::engine::Ratio;

/// The most characters of a value a message quotes (an alert, a field's note).
pub const QUOTED_MAX_CHARS: usize = 40;

/// A value as a message quotes it: whole when it has at most [`QUOTED_MAX_CHARS`] characters,
/// otherwise its first `QUOTED_MAX_CHARS − 1` and an ellipsis, so a 100 KB value in a link
/// cannot fill the page.
pub fn abridged(text: &str) -> String {
    match text.char_indices().nth(QUOTED_MAX_CHARS) {
        None => text.to_string(),
        Some(_) => {
            let cut = text
                .char_indices()
                .nth(QUOTED_MAX_CHARS - 1)
                .map_or(text.len(), |(i, _)| i);
            format!("{}…", &text[..cut])
        }
    }
}

/// `28311552` → `28,311,552`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `num / den` written with `places` decimals, rounded exactly (ties to even, as Rust's `{:.N}`
/// rounds a value it holds exactly). Integer arithmetic only: the page's first load carries no
/// float formatting code. `den` must not be 0.
pub fn decimal(num: u128, den: u128, places: u32) -> String {
    let scale = 10u128.pow(places);
    let scaled = num * scale;
    let (mut q, rem) = (scaled / den, scaled % den);
    if 2 * rem > den || (2 * rem == den && q % 2 == 1) {
        q += 1;
    }
    let (whole, frac) = (q / scale, q % scale);
    let mut out = digits(whole, 1);
    if places > 0 {
        out.push('.');
        out.push_str(&digits(frac, places as usize));
    }
    out
}

/// `value`'s decimal digits, zero-padded to at least `width` (written by hand: the page carries
/// no 128-bit formatting code).
fn digits(mut value: u128, width: usize) -> String {
    let mut reversed = Vec::new();
    while value > 0 || reversed.len() < width {
        reversed.push(b'0' + (value % 10) as u8);
        value /= 10;
    }
    reversed.iter().rev().map(|&d| char::from(d)).collect()
}

/// A float written with `places` decimals (at most 17), like `{:.N}`, without Rust's float
/// formatting: an `f32` or `f64` is a whole number times a power of two, so the value is
/// rounded exactly (below 2⁻⁴⁷, bits under 2⁻¹⁰⁰ are dropped first: they cannot reach the 17th
/// decimal). Values beyond ±10¹⁸ and non-finite ones fall back to [`scientific`].
pub fn fixed(value: f64, places: u32) -> String {
    let places = places.min(17);
    if !value.is_finite() || value.abs() >= 1e18 {
        return scientific(value);
    }
    let bits = value.abs().to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = u128::from(bits & ((1 << 52) - 1));
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    };
    let text = if power >= 0 {
        // |value| < 10¹⁸ < 2⁶⁰ and 10¹⁷ < 2⁵⁷, so the shifted mantissa and its scaled copy fit.
        decimal(mantissa << power, 1, places)
    } else if power >= -100 {
        decimal(mantissa, 1u128 << -power, places)
    } else {
        // Below 2⁻⁴⁷: zero at six decimals or fewer; 17 decimals see at most its top bits.
        decimal(mantissa >> (-power - 100).min(127), 1u128 << 100, places)
    };
    let zero = text.bytes().all(|b| b == b'0' || b == b'.');
    if value < 0.0 && !zero {
        format!("-{text}")
    } else {
        text
    }
}

/// `|x|` as `m·10^e` with 1 ≤ m < 10, by repeated scaling (so m may be some ulps off). `x` must
/// be finite and not zero.
pub fn decade(x: f64) -> (f64, i32) {
    let (mut m, mut e) = (x.abs(), 0i32);
    while m >= 10.0 {
        m /= 10.0;
        e += 1;
    }
    while m < 1.0 {
        m *= 10.0;
        e -= 1;
    }
    (m, e)
}

/// A byte count in the nearest binary unit with one decimal, e.g. `4,243,456` → `4.0 MiB`.
pub fn binary_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut unit = 0;
    while bytes >= 1024u64.pow(unit as u32 + 1) && unit + 1 < UNITS.len() {
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        let value = decimal(u128::from(bytes), 1024u128.pow(unit as u32), 1);
        format!("{value} {}", UNITS[unit])
    }
}

/// `2304/265` → `2304/265 ≈ 8.69×`; whole ratios are written `4×`.
pub fn ratio(r: Ratio) -> String {
    if r.den == 1 {
        format!("{}×", thousands(r.num))
    } else if r.den == 0 {
        "—".to_string()
    } else {
        let value = decimal(u128::from(r.num), u128::from(r.den), 2);
        format!("{}/{} ≈ {value}×", r.num, r.den)
    }
}

/// Input channels as people count them: "3", "1–4", "1, 5, 9" (from 1).
pub fn channel_list(inputs: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < inputs.len() {
        let mut j = i;
        while j + 1 < inputs.len() && inputs[j + 1] == inputs[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", inputs[i] + 1, inputs[j] + 1)
        } else {
            format!("{}", inputs[i] + 1)
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// A number in scientific notation with three significant digits, as people write it:
/// `1.14 × 10⁻⁵`, `−2.50 × 10³`, `0`. Needs no float formatting machinery.
pub fn scientific(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x == 0.0 {
            "0".into()
        } else {
            "not a number".into()
        };
    }
    let (m, mut e) = decade(x);
    let mut digits = (m * 100.0).round() as u64;
    if digits >= 1000 {
        digits /= 10;
        e += 1;
    }
    const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut power: String = e
        .unsigned_abs()
        .to_string()
        .bytes()
        .map(|b| SUPERSCRIPT[usize::from(b - b'0')])
        .collect();
    if e < 0 {
        power.insert(0, '⁻');
    }
    let sign = if x < 0.0 { "−" } else { "" };
    format!("{sign}{}.{:02} × 10{power}", digits / 100, digits % 100)
}

/// A number as the page writes it: a negative one with the minus sign (−), not a hyphen.
pub fn with_minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

/// A kernel value for a small table: whole numbers as they are, others with three significant
/// digits (`0.028`, `−0.124`, `4.12`, `−12.4`).
pub fn kernel_value(v: f32) -> String {
    let places = if v.fract() == 0.0 && v.abs() < 1e6 {
        return with_minus(format!("{}", v as i64));
    } else if v.abs() >= 10.0 {
        1
    } else if v.abs() >= 1.0 {
        2
    } else {
        3
    };
    with_minus(fixed(f64::from(v), places))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_abridged_to_forty_characters() {
        assert_eq!(abridged("5000"), "5000");
        let forty = "x".repeat(40);
        assert_eq!(abridged(&forty), forty);
        let long = "9".repeat(100_000);
        let quoted = abridged(&long);
        assert_eq!(quoted.chars().count(), 40);
        assert_eq!(quoted, format!("{}…", "9".repeat(39)));
        // Cut on a character, never inside one.
        let wide = "é".repeat(41);
        assert_eq!(abridged(&wide), format!("{}…", "é".repeat(39)));
    }

    #[test]
    fn decimals_round_exactly_with_ties_to_even() {
        assert_eq!(decimal(2304, 265, 2), "8.69");
        assert_eq!(decimal(1, 8, 2), "0.12");
        assert_eq!(decimal(3, 8, 2), "0.38");
        assert_eq!(decimal(5, 2, 0), "2");
        assert_eq!(decimal(7, 2, 0), "4");
        assert_eq!(decimal(1, 3, 6), "0.333333");
        assert_eq!(decimal(4_243_456, 1024 * 1024, 1), "4.0");
        assert_eq!(binary_size(4_243_456), "4.0 MiB");
        assert_eq!(binary_size(1023), "1023 B");
        assert_eq!(binary_size(1536), "1.5 KiB");
        assert_eq!(
            ratio(Ratio {
                num: 2304,
                den: 265
            }),
            "2304/265 ≈ 8.69×"
        );
    }

    #[test]
    fn fixed_writes_what_rusts_float_formatting_writes() {
        let values = [
            0.0,
            0.125,
            0.375,
            2.5,
            3.5,
            -2.675,
            1.005,
            0.0625,
            -0.0625,
            123.456,
            1e-7,
            9.9999,
            0.995,
            -12.345,
            4.2e12,
            1e17,
            5e-324,
            0.1 + 0.2,
        ];
        for v in values {
            for places in 0..=6 {
                let rust = format!("{v:.*}", places as usize);
                // Where Rust writes a negative zero ("-0.00"), the page writes zero.
                let expected = match rust.strip_prefix('-') {
                    Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest,
                    _ => &rust,
                };
                assert_eq!(fixed(v, places), expected, "{v} at {places}");
            }
        }
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-0.0, 1), "0.0");
        assert_eq!(fixed(f64::NAN, 2), "not a number");
    }

    #[test]
    fn scientific_notation_has_three_significant_digits() {
        assert_eq!(scientific(1.14e-5), "1.14 × 10⁻⁵");
        assert_eq!(scientific(0.000_011_44), "1.14 × 10⁻⁵");
        assert_eq!(scientific(-2500.0), "−2.50 × 10³");
        assert_eq!(scientific(9.999e-7), "1.00 × 10⁻⁶");
        assert_eq!(scientific(3.0), "3.00 × 10⁰");
        assert_eq!(scientific(4.2e12), "4.20 × 10¹²");
        assert_eq!(scientific(0.0), "0");
        assert_eq!(scientific(f64::NAN), "not a number");
    }

    #[test]
    fn kernel_values_keep_three_significant_digits() {
        assert_eq!(kernel_value(-8.0), "−8");
        assert_eq!(kernel_value(1.0 / 36.0), "0.028");
        assert_eq!(kernel_value(-0.1237), "−0.124");
        assert_eq!(kernel_value(4.1231), "4.12");
        assert_eq!(kernel_value(-12.44), "−12.4");
        // A value that rounds to zero is written without a sign.
        assert_eq!(kernel_value(-0.0001), "0.000");
    }

    #[test]
    fn channel_lists_read_as_ranges() {
        assert_eq!(channel_list(&[0, 1, 2, 3]), "1–4");
        assert_eq!(channel_list(&[0, 4, 8]), "1, 5, 9");
        assert_eq!(channel_list(&[2]), "3");
    }

    #[test]
    fn thousands_separators() {
        let table = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (110_592, "110,592"),
            (28_311_552, "28,311,552"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ];
        for (n, s) in table {
            assert_eq!(thousands(n), s);
        }
    }

    #[test]
    fn sizes_and_ratios() {
        assert_eq!(binary_size(1000), "1000 B");
        assert_eq!(binary_size(4 * 1024 * 1024), "4.0 MiB");
        assert_eq!(ratio(Ratio::new(28_311_552, 3_256_320)), "2304/265 ≈ 8.69×");
        assert_eq!(ratio(Ratio::new(8, 2)), "4×");
    }
}

/// The factors of a stage's MACs, `O × OH × OW × (C/G) × KH × KW`, written out with `×`.
pub fn mac_formula(stage: &crate::engine::StageCost) -> String {
    let out = stage.output();
    let [_, cg, kh, kw] = stage.spec.weight_shape();
    [out.c, out.h, out.w, cg, kh, kw]
        .iter()
        .map(|n| thousands(*n as u64))
        .collect::<Vec<_>>()
        .join(" × ")
}

/// The factors of a stage's parameters, `O × (C/G) × KH × KW (+ O)`.
pub fn param_formula(stage: &crate::engine::StageCost) -> String {
    let [o, cg, kh, kw] = stage.spec.weight_shape();
    let weights = [o, cg, kh, kw]
        .iter()
        .map(|n| thousands(*n as u64))
        .collect::<Vec<_>>()
        .join(" × ");
    if stage.spec.params().bias {
        format!("{weights} + {}", thousands(o as u64))
    } else {
        weights
    }
}

/// A shape written `C × H × W`.
pub fn shape(s: crate::engine::Shape3) -> String {
    format!(
        "{} × {} × {}",
        thousands(s.c as u64),
        thousands(s.h as u64),
        thousands(s.w as u64)
    )
}

#[cfg(test)]
mod formula_tests {
    use super::*;
    use crate::config::seed;
    use crate::engine::cost::depthwise_separable;

    #[test]
    fn formulas_multiply_to_the_figures() {
        let cost = depthwise_separable(seed::layer(1), 1).unwrap();
        assert_eq!(mac_formula(&cost.standard), "256 × 64 × 64 × 3 × 3 × 3");
        assert_eq!(mac_formula(&cost.stages[0]), "3 × 64 × 64 × 1 × 3 × 3");
        assert_eq!(mac_formula(&cost.stages[1]), "256 × 64 × 64 × 3 × 1 × 1");
        assert_eq!(param_formula(&cost.stages[1]), "256 × 3 × 1 × 1");
        for stage in cost.stages.iter().chain([&cost.standard]) {
            let product: u64 = mac_formula(stage)
                .split(" × ")
                .map(|f| f.replace(',', "").parse::<u64>().unwrap())
                .product();
            assert_eq!(product, stage.macs);
        }
    }
}
