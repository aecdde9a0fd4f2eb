//! The configuration's query-string form: `?mode=grouped&h=8&w=8&cin=4&cout=4&k=3&groups=2`.
//! Reading never fails: every value is kept as text for the form to validate.

use super::field::{Field, PAIR_KEYS};
use super::Form;
use crate::engine::Method;

/// The longest field value the query carries as typed. A longer value is written as its number
/// when it is valid (`000…07` as `7`) and left out when it is not: mirrored into the address it
/// would make the link unusable (a 100 KB `h=`), and the page still shows it in its field.
pub const MIRRORED_MAX_CHARS: usize = 64;

/// Decodes `%XX` escapes and `+` (a space) in one query component.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escapes what is not safe in a query value.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `key=value` pairs of a query string, decoded, in order (a leading `?` is skipped).
pub fn parse_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

impl Form {
    /// Reads a form from a query string, starting from `base` for keys that are absent.
    /// Shorthand keys (`k`, `stride`, `pad`, `dil`) set both directions; a specific key
    /// (`kh`) wins over its shorthand wherever it stands. Unknown keys are ignored.
    pub fn from_query_over(base: &Form, query: &str) -> Form {
        let pairs = parse_pairs(query);
        let mut form = base.clone();
        for (key, value) in &pairs {
            if key == "mode" {
                match Method::from_key(value) {
                    Some(m) => {
                        form.method = m;
                        form.unknown_mode = None;
                    }
                    None => form.unknown_mode = Some(value.clone()),
                }
            } else if let Some((_, h, w)) = PAIR_KEYS.iter().find(|(k, _, _)| k == key) {
                form.set(*h, value.clone());
                form.set(*w, value.clone());
            }
        }
        for (key, value) in &pairs {
            if let Some(field) = Field::from_key(key) {
                form.set(field, value.clone());
            }
        }
        form
    }

    /// Reads a form from a query string over the default layer.
    pub fn from_query(query: &str) -> Form {
        Form::from_query_over(&Form::default(), query)
    }

    /// The canonical query string (without `?`): every field, pairs folded into their
    /// shorthand when both directions agree; a value over [`MIRRORED_MAX_CHARS`] characters
    /// is written as its number, or left out when it is invalid.
    pub fn to_query(&self) -> String {
        let mut parts = vec![format!("mode={}", self.method.key())];
        let mut push = |key: &str, text: Option<String>| {
            if let Some(text) = text {
                parts.push(format!("{key}={}", percent_encode(&text)));
            }
        };
        push("h", self.mirrored(Field::Height));
        push("w", self.mirrored(Field::Width));
        push("cin", self.mirrored(Field::InChannels));
        push("cout", self.mirrored(Field::OutChannels));
        for (short, h, w) in PAIR_KEYS {
            let (vertical, horizontal) = (self.mirrored(h), self.mirrored(w));
            if vertical == horizontal {
                push(short, vertical);
            } else {
                push(h.key(), vertical);
                push(w.key(), horizontal);
            }
        }
        push("groups", self.mirrored(Field::Groups));
        push("mult", self.mirrored(Field::Multiplier));
        push("bias", self.mirrored(Field::Bias));
        parts.join("&")
    }

    /// The value of `field` as the query carries it: as typed up to [`MIRRORED_MAX_CHARS`]
    /// characters, else its number when valid, else nothing.
    fn mirrored(&self, field: Field) -> Option<String> {
        let text = self.value(field);
        if text.chars().count() <= MIRRORED_MAX_CHARS {
            Some(text.to_string())
        } else {
            self.read(field).ok().map(|n| n.to_string())
        }
    }
}

impl super::LayerConfig {
    /// The layer as a query string that reads back ([`Form::from_query`], then
    /// [`Form::validate`]) to this same layer: how a layer crosses from one bundle of the page to
    /// another (the cost explorer's point or preset to the main page's stage).
    pub fn to_query(&self) -> String {
        Form::from_layer(self.method, self.params, self.multiplier).to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Pair;

    #[test]
    fn shorthand_and_specific_keys() {
        let form = Form::from_query("?kh=5&k=3&stride=2&sw=1&pad=1&dil=2");
        assert_eq!(form.value(Field::KernelH), "5");
        assert_eq!(form.value(Field::KernelW), "3");
        assert_eq!(form.value(Field::StrideH), "2");
        assert_eq!(form.value(Field::StrideW), "1");
        assert_eq!(form.value(Field::PadW), "1");
        assert_eq!(form.value(Field::DilationH), "2");
    }

    #[test]
    fn seed_url_is_costed() {
        let form = Form::from_query("mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=1");
        let config = form.validate().unwrap();
        assert_eq!(config.params.input, Pair::square(64));
        assert_eq!(config.cost().unwrap().macs(), 3_256_320);
    }

    #[test]
    fn round_trip_keeps_every_field_even_invalid_text() {
        let mut form = Form {
            method: Method::Grouped,
            ..Form::default()
        };
        form.set(Field::KernelH, "5");
        form.set(Field::Height, "a b&c=%");
        form.set(Field::Bias, "1");
        let back = Form::from_query(&form.to_query());
        assert_eq!(back, form);
        assert!(form.to_query().contains("kh=5&kw=3"));
        assert!(form.to_query().contains("h=a%20b%26c%3D%25"));
    }

    #[test]
    fn long_values_never_reach_the_address() {
        let huge = "9".repeat(100_000);
        let form = Form::from_query(&format!("mode=grouped&h={huge}&w=8&kh={huge}&kw={huge}"));
        let query = form.to_query();
        assert_eq!(
            query,
            "mode=grouped&w=8&cin=3&cout=4&stride=1&pad=1&dil=1&groups=1&mult=1&bias=0"
        );
        // The form itself keeps the value, so the field still shows it.
        assert_eq!(form.value(Field::Height), huge);
        // Reading the mirrored query back gives the default for what was left out.
        assert_eq!(Form::from_query(&query).value(Field::Height), "7");

        // Exactly 64 characters are kept as typed, even when invalid; 65 are not.
        let at_limit = "x".repeat(MIRRORED_MAX_CHARS);
        let mut form = Form::default();
        form.set(Field::Height, at_limit.clone());
        assert!(form.to_query().contains(&format!("&h={at_limit}&")));
        form.set(Field::Height, "x".repeat(MIRRORED_MAX_CHARS + 1));
        assert!(!form.to_query().contains("&h="));

        // A valid value that is long only for its leading zeros is written as its number.
        let (twelve, five) = (
            format!("{}12", "0".repeat(100)),
            format!("{}5", "0".repeat(100)),
        );
        let form = Form::from_query(&format!("h={twelve}&k={five}"));
        assert!(form.validate().is_ok());
        let query = form.to_query();
        assert!(
            query.contains("&h=12&") && query.contains("&k=5&"),
            "{query}"
        );
    }

    #[test]
    fn unknown_mode_is_kept_to_explain() {
        let form = Form::from_query("mode=diagonal&h=9");
        assert_eq!(form.method, Method::Standard);
        assert_eq!(form.unknown_mode.as_deref(), Some("diagonal"));
        assert_eq!(form.value(Field::Height), "9");
    }

    #[test]
    fn malformed_escapes_are_kept_literally() {
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz1"), "%zz1");
        assert_eq!(percent_decode("%41+b"), "A b");
        assert_eq!(
            parse_pairs("?a&=&b=1=2"),
            vec![
                ("a".into(), "".into()),
                ("".into(), "".into()),
                ("b".into(), "1=2".into()),
            ]
        );
    }
}
