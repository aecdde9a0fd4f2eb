//! The playback controls: restart, step back, play/pause, step forward, go to end, a scrubber
//! over all steps, speed, granularity, view, weight kind, spatial separable presets, new
//! numbers, loop, presentation and export. Each control has an accessible name.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::stage_settings::StageSettings;
use crate::config::format::thousands;
use crate::engine::Method;
use crate::render::layout::View;
use crate::timeline::{Command, Granularity, SeparablePreset, ValueKind, SPEEDS};

/// The controls' properties.
#[derive(Properties, PartialEq)]
pub struct StageControlsProps {
    /// The method shown (presets are for spatial separable only).
    pub method: Method,
    /// Whether it is playing.
    pub playing: bool,
    /// Steps completed.
    pub completed: u64,
    /// Total steps.
    pub len: u64,
    /// Steps per second.
    pub speed: f64,
    /// Whether playback loops.
    pub looping: bool,
    /// The stage settings.
    pub settings: StageSettings,
    /// The passes of the kernel editor's kernel, when it sets the spatial separable kernel (the
    /// preset menu then gives way to a note).
    #[prop_or_default]
    pub edited_kernel: Option<usize>,
    /// Asks the cursor to do something.
    pub on_command: Callback<Command>,
    /// Changes a setting.
    pub on_settings: Callback<StageSettings>,
}

fn speed_label(speed: f64) -> String {
    if speed < 1.0 {
        "½ step/s".to_string()
    } else if speed == 1.0 {
        "1 step/s".to_string()
    } else {
        format!("{} steps/s", thousands(speed as u64))
    }
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// The playback controls.
#[component(StageControls)]
pub fn stage_controls(props: &StageControlsProps) -> Html {
    let cmd = |c: Command| props.on_command.reform(move |_: MouseEvent| c);
    let settings = props.settings;
    let set = props.on_settings.clone();
    let on_scrub = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                // A range input's value is a whole step (no float parsing: it would add its
                // tables to the first load).
                if let Ok(n) = input.value().parse::<u64>() {
                    on_command.emit(Command::Seek(n));
                }
            }
        })
    };
    let on_speed = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: Event| {
            // Each option's value is its index in SPEEDS.
            let speed = select_value(&e)
                .and_then(|v| v.parse::<usize>().ok())
                .and_then(|i| SPEEDS.get(i));
            if let Some(&speed) = speed {
                on_command.emit(Command::SetSpeed(speed));
            }
        })
    };
    let on_granularity = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            if let Some(g) = select_value(&e).as_deref().and_then(Granularity::from_key) {
                // No step: the stage keeps the element on screen, at the new step size.
                set.emit(StageSettings {
                    granularity: g,
                    step: None,
                    ..settings
                });
            }
        })
    };
    let on_view = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            if let Some(view) = select_value(&e).as_deref().and_then(View::from_key) {
                set.emit(StageSettings { view, ..settings });
            }
        })
    };
    let on_values = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            if let Some(values) = select_value(&e).as_deref().and_then(ValueKind::from_key) {
                set.emit(StageSettings { values, ..settings });
            }
        })
    };
    let on_preset = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            if let Some(preset) = select_value(&e)
                .as_deref()
                .and_then(SeparablePreset::from_key)
            {
                set.emit(StageSettings { preset, ..settings });
            }
        })
    };
    // Presentation mode: the stage alone, large, full screen where the browser allows it.
    let on_present = {
        let on_settings = props.on_settings.clone();
        Callback::from(move |_: MouseEvent| {
            let present = !settings.present;
            if present {
                super::browser::request_fullscreen();
            } else {
                super::browser::exit_fullscreen();
            }
            on_settings.emit(StageSettings {
                present,
                ..settings
            });
        })
    };
    // The export dialog is a part of its own, fetched on the first press (ui::part_bridge).
    let on_export = {
        let on_command = props.on_command.clone();
        let (playing, completed) = (props.playing, props.completed);
        Callback::from(move |_: MouseEvent| {
            if playing {
                on_command.emit(Command::TogglePlay);
            }
            // A refusal leaves the page as it is; the part's loader reports its own failures.
            let _ = super::part_bridge::open_export(completed);
        })
    };
    let on_new_numbers = {
        let set = set.clone();
        Callback::from(move |_: MouseEvent| {
            set.emit(StageSettings {
                seed: settings.seed.wrapping_add(1),
                ..settings
            });
        })
    };
    let on_loop = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_command.emit(Command::SetLoop(input.checked()));
            }
        })
    };
    let speed_index = SPEEDS
        .iter()
        .position(|s| (*s - props.speed).abs() < 1e-9)
        .unwrap_or(2);
    html! {
        <div class="stage-controls">
            <div class="transport" role="group" aria-label="Playback">
                <button type="button" class="icon" aria-label="Restart" title="Restart (Home)" onclick={cmd(Command::ToStart)}>{ "⇤" }</button>
                <button type="button" class="icon" aria-label="Step back" title="Step back (←)" onclick={cmd(Command::StepBack)}>{ "|◀" }</button>
                <button type="button" class="icon play" aria-label={if props.playing { "Pause" } else { "Play" }} title="Play or pause (Space)" onclick={cmd(Command::TogglePlay)}>
                    { if props.playing { "❚❚" } else { "▶" } }
                </button>
                <button type="button" class="icon" aria-label="Step forward" title="Step forward (→)" onclick={cmd(Command::StepForward)}>{ "▶|" }</button>
                <button type="button" class="icon" aria-label="Go to end" title="Go to end (End)" onclick={cmd(Command::ToEnd)}>{ "⇥" }</button>
                <span class="step-count">
                    { "Step " }
                    <span data-metric="step" data-value={props.completed.to_string()}>{ thousands(props.completed) }</span>
                    { " of " }
                    <span data-metric="steps" data-value={props.len.to_string()}>{ thousands(props.len) }</span>
                </span>
            </div>
            <input
                class="scrubber"
                type="range"
                aria-label="Step"
                min="0"
                max={props.len.to_string()}
                step="1"
                value={props.completed.to_string()}
                oninput={on_scrub}
            />
            <div class="stage-options">
                <label>{ "Speed " }
                    <select aria-label="Speed" onchange={on_speed}>
                        { for SPEEDS.iter().enumerate().map(|(i, s)| html! {
                            <option value={i.to_string()} selected={i == speed_index}>{ speed_label(*s) }</option>
                        }) }
                    </select>
                </label>
                <label>{ "Each step " }
                    <select aria-label="Step size" onchange={on_granularity}>
                        <option value="element" selected={settings.granularity == Granularity::Element}>{ "one output value" }</option>
                        <option value="mac" selected={settings.granularity == Granularity::Mac}>{ "one multiply-add" }</option>
                    </select>
                </label>
                <label>{ "View " }
                    <select aria-label="View" onchange={on_view}>
                        <option value="flat" selected={settings.view == View::Flat}>{ "flat" }</option>
                        <option value="stacked" selected={settings.view == View::Stacked}>{ "stacked" }</option>
                    </select>
                </label>
                <label>{ "Weights " }
                    <select aria-label="Weights" onchange={on_values}>
                        <option value="int" selected={settings.values == ValueKind::Integers}>{ "integers −2…2" }</option>
                        <option value="real" selected={settings.values == ValueKind::Reals}>{ "real numbers" }</option>
                    </select>
                </label>
                if let (Method::SpatialSeparable, Some(passes)) = (props.method, props.edited_kernel) {
                    <span class="edited-kernel">{ match passes {
                        1 => "Kernel: the kernel editor’s (one column ⊗ row pass)".to_string(),
                        n => format!("Kernel: the kernel editor’s, as {n} column ⊗ row passes"),
                    } }</span>
                } else if props.method == Method::SpatialSeparable {
                    <label>{ "Kernel " }
                        <select aria-label="Kernel preset" onchange={on_preset}>
                            { for SeparablePreset::ALL.iter().map(|p| html! {
                                <option value={p.key()} selected={*p == settings.preset}>{ p.label() }</option>
                            }) }
                        </select>
                    </label>
                }
                <label class="check"><input type="checkbox" checked={props.looping} onchange={on_loop} />{ " Loop" }</label>
                <button type="button" class="secondary" onclick={on_new_numbers}>{ "New numbers" }</button>
                <button type="button" class="secondary export-open" aria-haspopup="dialog" onclick={on_export}>{ "Export…" }</button>
                <button type="button" class="secondary present-toggle" aria-pressed={settings.present.to_string()} onclick={on_present}>
                    { if settings.present { "Exit presentation" } else { "Present" } }
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::speed_label;

    #[test]
    fn speeds_read_as_people_say_them() {
        assert_eq!(speed_label(0.5), "½ step/s");
        assert_eq!(speed_label(1.0), "1 step/s");
        assert_eq!(speed_label(2.0), "2 steps/s");
        assert_eq!(speed_label(100_000.0), "100,000 steps/s");
    }
}
