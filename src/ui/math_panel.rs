//! The kernel math panel: the current step's arithmetic written out (`w₁·x₁ + … = y`, weights
//! and inputs marked apart, with a legend), which channel, group and phase it belongs to; and
//! the live counters above the canvas — MACs done of this method's total, and what a standard
//! convolution needs for the outputs written so far.

use yew::prelude::*;

use crate::config::format::thousands;
use crate::render::scene::cell_text;
use crate::timeline::{Step, StepDetail, TensorId};

/// The panel's properties.
#[derive(Properties, PartialEq)]
pub struct MathPanelProps {
    /// The current step's numbers, when the layer has numbers and a step is done.
    pub detail: Option<StepDetail>,
    /// The current step without numbers (for large layers).
    pub step: Option<Step>,
    /// Groups of the layer, for naming grouped phases.
    pub groups: usize,
    /// Intermediate maps per input channel (the depth multiplier, or the separable passes).
    #[prop_or(1)]
    pub maps_per_channel: usize,
}

/// "Output channel 2, row 3, column 4" (1-based, as people count). With `maps_per_channel`
/// maps per input channel, an intermediate channel also says whose map it is.
pub fn element_name(step: &Step, maps_per_channel: usize) -> String {
    let (c, y, x) = step.element;
    let what = match step.writes {
        TensorId::Output => "Output",
        TensorId::Intermediate => "Intermediate",
        TensorId::Input => "Input",
    };
    let k = maps_per_channel.max(1);
    let whose = if step.writes == TensorId::Intermediate && k > 1 {
        format!(" (input channel {}, map {} of {k})", c / k + 1, c % k + 1)
    } else {
        String::new()
    };
    format!(
        "{what} channel {}{whose}, row {}, column {}",
        c + 1,
        y + 1,
        x + 1
    )
}

/// A number in a sum: negatives in parentheses, so `(−2)·(−3)` reads unambiguously.
fn operand(v: f32) -> String {
    let text = cell_text(v);
    if v < 0.0 {
        format!("({text})")
    } else {
        text
    }
}

fn term(weight: f32, input: f32) -> String {
    format!("{}·{}", operand(weight), operand(input))
}

/// One term with its weight and its input marked apart (the legend names the marks).
fn term_html(weight: f32, input: f32) -> Html {
    html! {
        <><span class="w">{ operand(weight) }</span>{ "·" }<span class="x">{ operand(input) }</span></>
    }
}

/// The step's arithmetic, weights and inputs marked: the same text as [`arithmetic`].
fn arithmetic_html(detail: &StepDetail) -> Html {
    let text = arithmetic(detail);
    let shown = detail.taps.iter().take(detail.taps_done);
    // Everything after the listed terms (" + … (n more terms)", the bias, "= y") as text.
    let listed: Vec<String> = shown.clone().map(|t| term(t.weight, t.input)).collect();
    let head_len: usize = listed.iter().map(|t| t.len()).sum::<usize>()
        + listed.len().saturating_sub(1) * " + ".len();
    let rest = text.get(head_len..).unwrap_or_default().to_string();
    html! {
        <>
            { for shown.enumerate().map(|(i, t)| html! {
                <>{ if i > 0 { " + " } else { "" } }{ term_html(t.weight, t.input) }</>
            }) }
            { rest }
        </>
    }
}

/// The step's arithmetic as one line.
pub fn arithmetic(detail: &StepDetail) -> String {
    let shown: Vec<String> = detail
        .taps
        .iter()
        .take(detail.taps_done)
        .map(|t| term(t.weight, t.input))
        .collect();
    let mut line = shown.join(" + ");
    let listed = shown.len();
    if detail.taps_done > listed {
        line.push_str(&format!(
            " + … ({} more terms)",
            thousands((detail.taps_done - listed) as u64)
        ));
    }
    if detail.is_complete() {
        match detail.bias {
            Some(b) => format!(
                "{line} + {} (bias) = {}",
                cell_text(b),
                cell_text(detail.value)
            ),
            None => format!("{line} = {}", cell_text(detail.value)),
        }
    } else {
        format!("{line} = {} so far", cell_text(detail.partial_sum))
    }
}

/// The kernel math panel.
#[component(MathPanel)]
pub fn math_panel(props: &MathPanelProps) -> Html {
    let step = props.detail.as_ref().map(|d| d.step).or(props.step);
    let heading = match step {
        Some(s) => {
            format!(
                "{} — {}",
                element_name(&s, props.maps_per_channel),
                s.phase.describe(props.groups)
            )
        }
        None => "Nothing computed yet: press Play or Step forward.".to_string(),
    };
    let sum = props.detail.as_ref().map(arithmetic_html);
    let taps = step.map(|s| s.macs);
    let per_element = props.detail.as_ref().map(|d| d.tap_count);
    html! {
        <section class="math-panel" aria-label="Kernel math">
            <p class="math-heading">{ heading }</p>
            if let Some(sum) = sum {
                <p class="math-sum"><code>{ sum }</code></p>
                <p class="math-legend muted">
                    <span class="w">{ "weight" }</span>{ " · " }<span class="x">{ "input value" }</span>
                    { " — the kernel's weights are tagged on the window's cells." }
                </p>
            } else if step.is_some() {
                <p class="math-sum muted">{ "This layer is too large to carry numbers; the stage shows positions and counts." }</p>
            }
            if let (Some(n), Some(total)) = (taps, per_element) {
                <p class="muted">{ format!("This step: {} multiply-add{} of the {} this element needs.", thousands(n), if n == 1 { "" } else { "s" }, thousands(total as u64)) }</p>
            }
        </section>
    }
}

/// The live counters' properties.
#[derive(Properties, PartialEq)]
pub struct CountersProps {
    /// MACs of all completed steps.
    pub macs_done: u64,
    /// Total MACs of the method.
    pub macs_total: u64,
    /// MACs a standard convolution needs for the final outputs written so far.
    pub standard_for_outputs: u64,
    /// Total MACs of the standard convolution.
    pub standard_total: u64,
    /// The first of two phases is running: it writes no outputs yet.
    #[prop_or_default]
    pub before_outputs: Option<&'static str>,
}

/// The live counters: MACs done by this method, and a standard convolution's MACs for the
/// same outputs.
#[component(Counters)]
pub fn counters(props: &CountersProps) -> Html {
    html! {
        <div class="live-counts">
            <dl class="counters">
                <div>
                    <dt>{ "MACs done, this method" }</dt>
                    <dd>
                        <span data-metric="macs-done" data-value={props.macs_done.to_string()}>{ thousands(props.macs_done) }</span>
                        { " of " }{ thousands(props.macs_total) }
                    </dd>
                </div>
                <div>
                    <dt>{ "Standard convolution, for the same outputs" }</dt>
                    <dd>
                        { thousands(props.standard_for_outputs) }{ " of " }{ thousands(props.standard_total) }
                        if let Some(what) = props.before_outputs {
                            <span class="counter-note">{ format!(" — no outputs yet: the {what} writes the intermediate") }</span>
                        }
                    </dd>
                </div>
            </dl>
            <progress max={props.macs_total.max(1).to_string()} value={props.macs_done.to_string()} aria-label="MACs done"></progress>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negatives_are_parenthesised() {
        assert_eq!(term(-2.0, -3.0), "(−2)·(−3)");
        assert_eq!(term(1.5, 2.0), "1.50·2");
        assert_eq!(operand(0.0), "0");
        assert_eq!(cell_text(-2.5), "−2.50");
        assert_eq!(cell_text(-0.001), "0.00");
    }

    #[test]
    fn intermediate_maps_say_whose_they_are() {
        use crate::timeline::Phase;
        let step = Step {
            index: 0,
            stage: 0,
            phase: Phase::Column,
            writes: TensorId::Intermediate,
            element: (3, 0, 6),
            tap: None,
            macs: 3,
            macs_done: 3,
        };
        assert_eq!(
            element_name(&step, 2),
            "Intermediate channel 4 (input channel 2, map 2 of 2), row 1, column 7"
        );
        assert_eq!(
            element_name(&step, 1),
            "Intermediate channel 4, row 1, column 7"
        );
        let out = Step {
            writes: TensorId::Output,
            ..step
        };
        assert_eq!(element_name(&out, 2), "Output channel 4, row 1, column 7");
    }
}
