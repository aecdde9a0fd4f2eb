//! The stage's own URL keys, joined to the layer's: `step` (steps completed), `seed` (which
//! numbers), `gran` (`element` or `mac`), `view` (`flat` or `stacked`), `values` (`int` or
//! `real`), `preset` (spatial separable kernels), `present` (`1`: presentation mode, the
//! stage alone and large) and `embed` (`1`: the stage alone, fitted to an iframe, for course
//! pages). Pure; tested natively.

use crate::config::format::abridged;
use crate::config::query::parse_pairs;
use crate::render::layout::View;
use crate::timeline::{Granularity, SeparablePreset, ValueKind};

/// How the stage is set up, apart from the layer itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StageSettings {
    /// Steps completed, when a link names a frame.
    pub step: Option<u64>,
    /// Seed of the numbers on the stage.
    pub seed: u64,
    /// One element or one multiply-add per step.
    pub granularity: Granularity,
    /// Flat or stacked planes.
    pub view: View,
    /// Integer or real weights.
    pub values: ValueKind,
    /// The spatial separable kernels.
    pub preset: SeparablePreset,
    /// Presentation mode: only the stage, large, its keys page-wide.
    pub present: bool,
    /// Embedded in another page: only the stage, fitted to the frame, with a link to the full
    /// page.
    pub embed: bool,
}

impl Default for StageSettings {
    fn default() -> Self {
        StageSettings {
            step: None,
            seed: 1,
            granularity: Granularity::Element,
            view: View::Flat,
            values: ValueKind::Integers,
            preset: SeparablePreset::Random,
            present: false,
            embed: false,
        }
    }
}

impl StageSettings {
    /// Reads the stage keys of a query string; a value that names nothing is reported in words
    /// and the default kept.
    pub fn from_query(query: &str) -> (StageSettings, Vec<String>) {
        let mut s = StageSettings::default();
        let mut problems = Vec::new();
        for (key, value) in parse_pairs(query) {
            let ok = match key.as_str() {
                "step" => value.parse().map(|n| s.step = Some(n)).is_ok(),
                "seed" => value.parse().map(|n| s.seed = n).is_ok(),
                "gran" => Granularity::from_key(&value)
                    .map(|g| s.granularity = g)
                    .is_some(),
                "view" => View::from_key(&value).map(|v| s.view = v).is_some(),
                "values" => ValueKind::from_key(&value).map(|v| s.values = v).is_some(),
                "preset" => SeparablePreset::from_key(&value)
                    .map(|p| s.preset = p)
                    .is_some(),
                "present" => flag(&value).map(|on| s.present = on).is_some(),
                "embed" => flag(&value).map(|on| s.embed = on).is_some(),
                _ => true,
            };
            if !ok {
                let value = abridged(&value);
                problems.push(match key.as_str() {
                    "step" | "seed" => {
                        format!("The link's {key} “{value}” is not a whole number; it was ignored.")
                    }
                    _ => format!(
                        "The link's {key} “{value}” is not one of the choices; it was ignored."
                    ),
                });
            }
        }
        (s, problems)
    }

    /// The stage keys of the query string (without `?` or a leading `&`); defaults are left out.
    pub fn to_query(&self) -> String {
        let d = StageSettings::default();
        let mut parts = Vec::new();
        if let Some(step) = self.step {
            parts.push(format!("step={step}"));
        }
        if self.seed != d.seed {
            parts.push(format!("seed={}", self.seed));
        }
        if self.granularity != d.granularity {
            parts.push(format!("gran={}", self.granularity.key()));
        }
        if self.view != d.view {
            parts.push(format!("view={}", self.view.key()));
        }
        if self.values != d.values {
            parts.push(format!("values={}", self.values.key()));
        }
        if self.preset != d.preset {
            parts.push(format!("preset={}", self.preset.key()));
        }
        if self.present {
            parts.push("present=1".to_string());
        }
        if self.embed {
            parts.push("embed=1".to_string());
        }
        parts.join("&")
    }
}

/// A switch's value: `1` on, `0` off.
fn flag(value: &str) -> Option<bool> {
    match value {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = StageSettings {
            step: Some(1296),
            seed: 42,
            granularity: Granularity::Mac,
            view: View::Stacked,
            values: ValueKind::Reals,
            preset: SeparablePreset::SobelX,
            present: true,
            embed: true,
        };
        let q = s.to_query();
        assert_eq!(
            q,
            "step=1296&seed=42&gran=mac&view=stacked&values=real&preset=sobel-x&present=1&embed=1"
        );
        assert_eq!(
            StageSettings::from_query(&format!("mode=standard&{q}")),
            (s, vec![])
        );
        assert_eq!(StageSettings::default().to_query(), "");
    }

    #[test]
    fn bad_values_are_named_and_ignored() {
        let (s, problems) =
            StageSettings::from_query("step=-3&view=sideways&preset=sobel-x&present=yes&embed=0");
        assert_eq!(s.step, None);
        assert!(!s.present);
        assert!(!s.embed);
        assert_eq!(s.view, View::Flat);
        assert_eq!(s.preset, SeparablePreset::SobelX);
        assert_eq!(problems.len(), 3);
        assert!(problems[0].contains("step “-3”"));
    }

    #[test]
    fn a_long_bad_value_is_quoted_in_part() {
        let long = "z".repeat(100_000);
        let (_, problems) = StageSettings::from_query(&format!("view={long}&seed={long}"));
        let quoted = format!("“{}…”", "z".repeat(39));
        assert_eq!(
            problems,
            [
                format!("The link's view {quoted} is not one of the choices; it was ignored."),
                format!("The link's seed {quoted} is not a whole number; it was ignored."),
            ]
        );
    }
}
