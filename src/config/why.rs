//! Why a method costs what it does: one sentence with the layer's own figures, shown under the
//! cost table. The figures come from the layer and agree with the engine's counts (tested).

use super::format::{ratio, thousands};
use super::LayerConfig;
use crate::engine::{Method, MethodCost, Ratio};

/// Below this many output channels, a depthwise separable layer is told how much more it would
/// save with as many as MobileNet-sized layers have.
const FEW_OUTPUTS: usize = 64;

/// The sentence for `config`, whose cost is `cost`.
pub fn saving_reason(config: &LayerConfig, cost: &MethodCost) -> String {
    let p = &config.params;
    let (kh, kw) = (p.kernel.h as u64, p.kernel.w as u64);
    let k2 = kh * kw;
    let (c, o) = (p.in_channels as u64, p.out_channels as u64);
    let per_output = k2 * c;
    match config.method {
        Method::Standard => format!(
            "Every one of the {} output values reads a {kh}×{kw}×{c} window: {} multiply-adds each. The other methods are measured against this.",
            thousands(cost.output().elements()),
            thousands(per_output)
        ),
        Method::Grouped if p.groups == 1 => format!(
            "With one group every filter reads all {c} input channels: {kh}·{kw}·{c} = {} multiply-adds per output value, the same as the standard convolution. More groups divide the work and the weights by their number.",
            thousands(per_output)
        ),
        Method::Grouped => {
            let g = p.groups as u64;
            format!(
                "Each filter reads only its group's {} of the {c} input channels, so each output value takes {kh}·{kw}·{} = {} multiply-adds instead of {}: exactly 1/{g} of the work and of the weights.",
                c / g,
                c / g,
                thousands(per_output / g),
                thousands(per_output)
            )
        }
        Method::DepthwiseSeparable => {
            let m = config.multiplier as u64;
            let maps = c * m;
            let saving = depthwise_saving(k2, o, m);
            let mut text = format!(
                "The standard convolution spends {kh}·{kw}·{c} = {} multiply-adds on each output value. Depthwise separable filters each of its {maps} map{} once per position ({k2} each), then mixes them with {maps} multiply-add{} per output value, so it needs {}(1/{o} + 1/{k2}) of the work: {} less.",
                thousands(per_output),
                plural(maps),
                plural(maps),
                if m == 1 { String::new() } else { format!("{m}·") },
                ratio(saving)
            );
            if p.out_channels < FEW_OUTPUTS {
                text.push_str(&format!(
                    " With only {o} output channels the 1/{o} term dominates; with 256, as in MobileNet's later layers, the same kernel would save {}.",
                    ratio(depthwise_saving(k2, 256, m))
                ));
            }
            text
        }
        Method::SpatialSeparable => {
            let sum = kh + kw;
            let ideal = Ratio::new(k2, sum);
            let mut text = format!(
                "Each channel's {kh}×{kw} kernel runs as a {kh}×1 column pass and a 1×{kw} row pass: {kh} + {kw} = {sum} multiply-adds per output value instead of {kh}·{kw} = {k2}"
            );
            if cost.mac_ratio() == ideal {
                text.push_str(&format!(", so {} less work.", ratio(ideal)));
            } else {
                text.push_str(&format!(
                    ". The column pass also fills the columns the row pass reads beyond the output's edges, so this layer saves {}, not the full {}.",
                    ratio(cost.mac_ratio()),
                    ratio(ideal)
                ));
            }
            text
        }
    }
}

/// How many times fewer MACs depthwise separable needs than the standard convolution:
/// 1 / (m·(1/O + 1/K²)) = O·K² / (m·(K² + O)).
fn depthwise_saving(k2: u64, o: u64, m: u64) -> Ratio {
    Ratio::new(o * k2, m * (k2 + o))
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{seed_example, Form};

    fn reason(query: &str) -> String {
        let config = Form::from_query(query).validate().expect("a valid layer");
        saving_reason(&config, &config.cost().expect("a cost"))
    }

    #[test]
    fn each_method_says_where_its_saving_comes_from() {
        assert_eq!(
            reason("mode=standard&h=7&w=7&cin=3&cout=4&k=3&pad=1"),
            "Every one of the 196 output values reads a 3×3×3 window: 27 multiply-adds each. The other methods are measured against this."
        );
        assert_eq!(
            reason("mode=grouped&h=8&w=8&cin=4&cout=4&k=3&pad=1&groups=2"),
            "Each filter reads only its group's 2 of the 4 input channels, so each output value takes 3·3·2 = 18 multiply-adds instead of 36: exactly 1/2 of the work and of the weights."
        );
        assert!(reason("mode=grouped&h=8&w=8&cin=4&cout=4&k=3&pad=1&groups=1")
            .starts_with("With one group every filter reads all 4 input channels: 3·3·4 = 36 multiply-adds per output value, the same as the standard convolution."));
        assert_eq!(
            reason("mode=depthwise-separable&h=7&w=7&cin=3&cout=4&k=3&pad=1"),
            "The standard convolution spends 3·3·3 = 27 multiply-adds on each output value. Depthwise separable filters each of its 3 maps once per position (9 each), then mixes them with 3 multiply-adds per output value, so it needs (1/4 + 1/9) of the work: 36/13 ≈ 2.77× less. With only 4 output channels the 1/4 term dominates; with 256, as in MobileNet's later layers, the same kernel would save 2304/265 ≈ 8.69×."
        );
        assert_eq!(
            reason("mode=spatial-separable&h=7&w=7&cin=3&cout=3&k=3&pad=1"),
            "Each channel's 3×3 kernel runs as a 3×1 column pass and a 1×3 row pass: 3 + 3 = 6 multiply-adds per output value instead of 3·3 = 9, so 3/2 ≈ 1.50× less work."
        );
        assert!(reason("mode=spatial-separable&h=7&w=7&cin=3&cout=3&k=3&pad=0")
            .contains("The column pass also fills the columns the row pass reads beyond the output's edges, so this layer saves"));
    }

    #[test]
    fn the_seed_layer_needs_no_hint_about_few_outputs() {
        let config = seed_example(Method::DepthwiseSeparable)
            .validate()
            .expect("valid");
        let text = saving_reason(&config, &config.cost().expect("a cost"));
        assert!(text.contains("2304/265 ≈ 8.69× less."), "{text}");
        assert!(!text.contains("dominates"), "{text}");
    }

    #[test]
    fn the_depthwise_formula_is_the_engines_ratio() {
        for (k, o, m) in [(3, 4, 1), (3, 256, 1), (5, 32, 2), (1, 7, 3), (7, 1, 1)] {
            let query =
                format!("mode=depthwise-separable&h=9&w=9&cin=3&cout={o}&k={k}&pad=0&mult={m}");
            let config = Form::from_query(&query).validate().expect("valid");
            let cost = config.cost().expect("a cost");
            assert_eq!(depthwise_saving(k * k, o, m), cost.mac_ratio(), "{query}");
        }
    }
}
