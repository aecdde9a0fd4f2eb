//! The lab's state in the URL, except the picture itself: `sample`, `method` (or the other
//! pages' `mode`), `kernel` (a preset's key, or `K·K` values as the kernel editor writes them;
//! the main page's `preset` is read too), `mix` (the pointwise mixes: `lum`, `rg`, `by` or
//! three numbers joined by `_`), `groups` (1 or 3), `shuffle` (0 or 1) and `picture=own` when
//! the reader's own picture was shown. Reading never fails: a wrong value is named in a note
//! and the default is used.

use super::picture::Sample;
use super::pipeline::{Choice, Mix};
use crate::config::query::parse_pairs;
use crate::engine::{KernelMatrix, Method, NamedKernel};
use crate::lessons::editor::EditorPreset;
use crate::lessons::kernel_text::{format_kernel, format_value, parse_entry, parse_kernel};

/// Everything the lab's address says.
#[derive(Debug, Clone, PartialEq)]
pub struct LabSettings {
    /// The sample shown when there is no own picture.
    pub sample: Sample,
    /// The method shown.
    pub method: Method,
    /// The named kernel, when the kernel is one.
    pub preset: Option<NamedKernel>,
    /// The kernels, the mixes, the groups and the shuffle.
    pub choice: Choice,
    /// Whether the page shows the reader's own picture (written as `picture=own`).
    pub own_picture: bool,
}

impl Default for LabSettings {
    fn default() -> Self {
        LabSettings {
            sample: Sample::default(),
            method: Method::Standard,
            preset: Some(NamedKernel::SobelX),
            choice: Choice {
                kernel: NamedKernel::SobelX.matrix(),
                mixes: Mix::NAMED.to_vec(),
                groups: 3,
                shuffle: false,
            },
            own_picture: false,
        }
    }
}

/// At most this many pointwise mixes.
pub const MAX_MIXES: usize = 6;

/// The named kernels' keys in the URL (the kernel editor's).
pub fn preset_key(kernel: NamedKernel) -> &'static str {
    EditorPreset::Named(kernel).key()
}

/// The named kernel whose key is `key`.
pub fn preset_from_key(key: &str) -> Option<NamedKernel> {
    match EditorPreset::from_key(key)? {
        EditorPreset::Named(k) => Some(k),
        EditorPreset::Random => None,
    }
}

/// Reads a kernel as typed: a preset's key, or `K·K` comma-separated values of a square
/// kernel (numbers, decimals or fractions, as in the kernel editor).
pub fn parse_lab_kernel(text: &str) -> Result<(Option<NamedKernel>, KernelMatrix), String> {
    let text = text.trim();
    if let Some(k) = preset_from_key(text) {
        return Ok((Some(k), k.matrix()));
    }
    let count = text.split(',').count();
    let side = (1..=15).find(|s| s * s == count).ok_or_else(|| {
        format!("a kernel needs K×K values for K from 1 to 15 (1, 4, 9, 16, 25 …); this one has {count}")
    })?;
    let matrix = parse_kernel(text, side, side).map_err(|e| e.to_string())?;
    let named = NamedKernel::ALL.into_iter().find(|k| k.matrix() == matrix);
    Ok((named, matrix))
}

/// Reads one mix: `lum`, `rg`, `by`, or three numbers joined by `_`.
pub fn parse_mix(text: &str) -> Result<Mix, String> {
    if let Some(m) = Mix::NAMED.into_iter().find(|m| m.key() == Some(text)) {
        return Ok(m);
    }
    let parts: Vec<&str> = text.split('_').collect();
    if parts.len() != 3 {
        return Err(format!(
            "a mix is lum, rg, by or three weights joined by “_”, not “{}”",
            crate::config::format::abridged(text)
        ));
    }
    let mut w = [0.0f32; 3];
    for (slot, part) in w.iter_mut().zip(&parts) {
        *slot = parse_entry(part).map_err(|e| e.to_string())? as f32;
    }
    Ok(Mix::Custom(w))
}

/// A mix as the URL writes it.
pub fn mix_text(mix: Mix) -> String {
    match mix.key() {
        Some(k) => k.to_string(),
        None => mix.weights().map(|v| format_value(f64::from(v))).join("_"),
    }
}

impl LabSettings {
    /// Reads the settings from a query string, with a note for each value it could not use.
    pub fn from_query(query: &str) -> (LabSettings, Vec<String>) {
        let mut s = LabSettings::default();
        let mut notes = Vec::new();
        let abridged = crate::config::format::abridged;
        let mut own_link = false;
        for (key, value) in parse_pairs(query) {
            match key.as_str() {
                "sample" => match Sample::from_key(&value) {
                    Some(sample) => s.sample = sample,
                    None => notes.push(format!(
                        "The link asks for sample “{}”, which the lab does not have; showing {}.",
                        abridged(&value),
                        s.sample.label()
                    )),
                },
                "method" | "mode" => match Method::from_key(&value) {
                    Some(m) => s.method = m,
                    None => notes.push(format!(
                        "The link asks for method “{}”, which the lab does not know; showing {}.",
                        abridged(&value),
                        s.method.label()
                    )),
                },
                "kernel" | "preset" => match parse_lab_kernel(&value) {
                    Ok((named, matrix)) => {
                        s.preset = named;
                        s.choice.kernel = matrix;
                    }
                    Err(e) => {
                        // The main page's `preset=random` has no kernel to carry: keep the default.
                        if !(key == "preset" && value == "random") {
                            notes.push(format!("The link's kernel is not used: {e}."));
                        }
                    }
                },
                "mix" => {
                    let mixes: Result<Vec<Mix>, String> = value
                        .split(',')
                        .filter(|m| !m.is_empty())
                        .map(parse_mix)
                        .collect();
                    match mixes {
                        Ok(m) if !m.is_empty() && m.len() <= MAX_MIXES => s.choice.mixes = m,
                        Ok(_) => notes.push(format!(
                            "The link's mixes are not used: give from 1 to {MAX_MIXES}."
                        )),
                        Err(e) => notes.push(format!("The link's mixes are not used: {e}.")),
                    }
                }
                "groups" => match value.as_str() {
                    "1" => s.choice.groups = 1,
                    "3" => s.choice.groups = 3,
                    _ => notes.push(format!(
                        "The link asks for {} groups; the three colour channels split into 1 or 3. Showing 3.",
                        abridged(&value)
                    )),
                },
                "shuffle" => s.choice.shuffle = value == "1",
                "picture" if value == "own" => own_link = true,
                _ => {}
            }
        }
        // The note names the sample the link ends up with.
        if own_link {
            notes.push(format!(
                "This link was made with a picture of its own, which never left the machine it was opened on; showing the sample “{}” instead. Drop your picture here to see it.",
                s.sample.label()
            ));
        }
        (s, notes)
    }

    /// The query string (without `?`).
    pub fn to_query(&self) -> String {
        let kernel = match self.preset {
            Some(k) => preset_key(k).to_string(),
            None => format_kernel(&self.choice.kernel),
        };
        let mixes: Vec<String> = self.choice.mixes.iter().map(|&m| mix_text(m)).collect();
        let mut q = format!(
            "sample={}&method={}&kernel={}&mix={}&groups={}&shuffle={}",
            self.sample.key(),
            self.method.key(),
            kernel.replace(' ', ""),
            mixes.join(","),
            self.choice.groups,
            u8::from(self.choice.shuffle)
        );
        if self.own_picture {
            q.push_str("&picture=own");
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_round_trips() {
        let mut s = LabSettings {
            method: Method::Grouped,
            sample: Sample::Ring,
            ..LabSettings::default()
        };
        s.choice.shuffle = true;
        s.choice.groups = 1;
        s.choice.mixes = vec![Mix::RedGreen, Mix::Custom([0.5, -0.25, 1.0])];
        let (back, notes) = LabSettings::from_query(&s.to_query());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
        s.preset = None;
        s.choice.kernel = KernelMatrix::from_rows(&[[1.0, 2.0], [0.5, -3.0]]).unwrap();
        let (back, _) = LabSettings::from_query(&s.to_query());
        assert_eq!(back, s);
    }

    #[test]
    fn an_own_picture_link_says_so_and_wrong_values_are_named() {
        let (s, notes) =
            LabSettings::from_query("picture=own&sample=ring&method=nope&groups=2&kernel=1,2");
        assert_eq!(s.sample, Sample::Ring);
        assert!(!s.own_picture);
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("“Ring”")));
    }
}
