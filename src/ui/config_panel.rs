//! The configuration panel: one labelled input per field, grouped as the layer reads (input,
//! output, kernel, stride, padding, dilation, groups, bias), each showing its rule when wrong
//! and why it is disabled when the method does not use it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::config::{Field, Form, Problem};
use crate::engine::Method;

/// The panel's properties.
#[derive(Properties, PartialEq)]
pub struct ConfigPanelProps {
    /// The values shown.
    pub form: Form,
    /// The problems of the current values (empty when valid).
    pub problems: Vec<Problem>,
    /// A field's text changed.
    pub on_change: Callback<(Field, String)>,
}

/// The element id of a field's input.
pub fn input_id(field: Field) -> String {
    format!("field-{}", field.key())
}

/// What a disabled field shows: the value the method implies.
fn implied_value(form: &Form, field: Field) -> String {
    match field {
        Field::OutChannels | Field::Groups
            if matches!(form.method, Method::SpatialSeparable)
                || (field == Field::Groups && form.method == Method::DepthwiseSeparable) =>
        {
            form.value(Field::InChannels).to_string()
        }
        _ => "1".to_string(),
    }
}

#[derive(Properties, PartialEq)]
struct NumberFieldProps {
    field: Field,
    form: Form,
    problem: Option<String>,
    on_change: Callback<(Field, String)>,
}

#[component(NumberField)]
fn number_field(props: &NumberFieldProps) -> Html {
    let field = props.field;
    let (min, max) = field.step_limits();
    let unused = field.unused_because(props.form.method);
    let text = match unused {
        Some(_) => implied_value(&props.form, field),
        None => props.form.value(field).to_string(),
    };
    let id = input_id(field);
    let note_id = format!("{id}-note");
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_change.emit((field, input.value()));
            }
        })
    };
    let onkeydown = {
        let on_change = props.on_change.clone();
        let text = text.clone();
        Callback::from(move |e: KeyboardEvent| {
            let delta = match e.key().as_str() {
                "ArrowUp" => 1,
                "ArrowDown" => -1,
                "PageUp" => 10,
                "PageDown" => -10,
                _ => return,
            };
            e.prevent_default();
            on_change.emit((field, field.stepped(&text, delta)));
        })
    };
    let invalid = props.problem.is_some();
    let note = match (&props.problem, unused) {
        (Some(_), _) => {
            Some(html! { <span class="rule">{ format!("Use {}.", field.rule()) }</span> })
        }
        (None, Some(why)) => {
            Some(html! { <span class="why">{ format!("Not used: {why}.") }</span> })
        }
        (None, None) => None,
    };
    let valuenow = text.trim().parse::<usize>().ok().map(|n| n.to_string());
    html! {
        <div class={classes!("field", invalid.then_some("invalid"), unused.map(|_| "unused"))}>
            <label for={id.clone()}>{ field.label() }</label>
            <input
                id={id}
                name={field.key()}
                type="text"
                inputmode="numeric"
                autocomplete="off"
                role="spinbutton"
                aria-valuemin={min.to_string()}
                aria-valuemax={max.to_string()}
                aria-valuenow={valuenow}
                aria-invalid={if invalid { "true" } else { "false" }}
                aria-describedby={note.as_ref().map(|_| note_id.clone())}
                disabled={unused.is_some()}
                value={text}
                {oninput}
                {onkeydown}
            />
            if let Some(note) = note {
                <p class="field-note" id={note_id}>{ note }</p>
            }
        </div>
    }
}

/// Divisors of both channel counts, when both read as numbers (for the groups hint).
fn common_divisors(form: &Form) -> Option<Vec<usize>> {
    let c = form.read(Field::InChannels).ok()?;
    let o = form.read(Field::OutChannels).ok()?;
    Some(
        (1..=c.min(o))
            .filter(|g| c % g == 0 && o % g == 0)
            .collect(),
    )
}

/// The configuration panel.
#[component(ConfigPanel)]
pub fn config_panel(props: &ConfigPanelProps) -> Html {
    let problem_of = |field: Field| -> Option<String> {
        props
            .problems
            .iter()
            .find(|p| p.fields.contains(&field))
            .map(|p| p.message.clone())
    };
    let number = |field: Field| {
        html! {
            <NumberField
                {field}
                form={props.form.clone()}
                problem={problem_of(field)}
                on_change={props.on_change.clone()}
            />
        }
    };
    let group = |legend: &'static str, fields: &[Field]| {
        html! {
            <fieldset>
                <legend>{ legend }</legend>
                <div class="fields">{ for fields.iter().map(|&f| number(f)) }</div>
            </fieldset>
        }
    };
    let bias_on = props.form.is_on(Field::Bias);
    let bias_problem = problem_of(Field::Bias);
    let on_bias = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let text = if input.checked() { "1" } else { "0" };
                on_change.emit((Field::Bias, text.to_string()));
            }
        })
    };
    let groups_hint = match (props.form.method, common_divisors(&props.form)) {
        (Method::Grouped, Some(divisors)) => Some(format!(
            "Groups must divide both channel counts: {}.",
            divisors
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => None,
    };
    html! {
        <form class="config-panel" aria-label="Layer configuration" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { group("Input", &[Field::Height, Field::Width, Field::InChannels]) }
            { group("Output", &[Field::OutChannels]) }
            { group("Kernel", &[Field::KernelH, Field::KernelW]) }
            { group("Stride", &[Field::StrideH, Field::StrideW]) }
            { group("Padding", &[Field::PadH, Field::PadW]) }
            { group("Dilation", &[Field::DilationH, Field::DilationW]) }
            <fieldset>
                <legend>{ "Groups" }</legend>
                <div class="fields">
                    { number(Field::Groups) }
                    { number(Field::Multiplier) }
                </div>
                if let Some(hint) = groups_hint {
                    <p class="hint">{ hint }</p>
                }
            </fieldset>
            <fieldset>
                <legend>{ "Bias" }</legend>
                <div class={classes!("field", "toggle", bias_problem.is_some().then_some("invalid"))}>
                    <input
                        id={input_id(Field::Bias)}
                        name="bias"
                        type="checkbox"
                        checked={bias_on}
                        aria-invalid={if bias_problem.is_some() { "true" } else { "false" }}
                        onchange={on_bias}
                    />
                    <label for={input_id(Field::Bias)}>{ "Add a bias to each output channel" }</label>
                    if bias_problem.is_some() {
                        <p class="field-note"><span class="rule">{ format!("Use {}.", Field::Bias.rule()) }</span></p>
                    }
                </div>
            </fieldset>
        </form>
    }
}
