//! The page: header, introduction, method tabs, configuration panel, cost table, stage, the
//! seed note and the cost explorer (or its slot). Owns the one [`AppState`] and mirrors it into the URL.

use yew::prelude::*;

use super::browser;
use super::config_panel::ConfigPanel;
use super::cost_table::CostTable;
use super::method_tabs::{tab_id, MethodTabs, PANEL_ID};
use super::stage::Stage;
use super::state::{Action, AppState};
use crate::config::why::saving_reason;
use crate::config::Problem;
use crate::engine::Method;
use crate::timeline::FilterRef;

/// The header's tagline: the lessons page says what it is.
const TAGLINE: &str = if cfg!(feature = "main-page") {
    "See what a convolution costs — and how the separable and grouped variants cut it."
} else {
    "Guided lessons: separable and grouped convolutions, step by step."
};

/// How the introduction ends: what to do on this page.
const INTRO_END: &str = if cfg!(feature = "main-page") {
    " Pick a method, set the layer, and read the exact counts."
} else {
    " Pick a lesson: each chapter sets up the layer and the stage below, says what to watch, and explains it with exact counts."
};

/// The footer's counting rules.
const COUNTING_RULES: &str = "Counting rules: one multiply-accumulate (MAC) per kernel tap per output value, taps on zero padding included; bias additions are not MACs; parameters are weights plus biases; activation memory counts every tensor a method writes, as 4-byte floats.";

/// One sentence on what each method does, shown under the tabs.
fn method_summary(method: Method) -> &'static str {
    match method {
        Method::Standard => "Every output channel has one K×K×C filter that reads all input channels at once. This is the baseline the other methods are measured against.",
        Method::SpatialSeparable => "Each channel's K×K kernel is split into a K×1 column kernel and a 1×K row kernel, applied one after the other: K + K multiplications per output instead of K·K, when the kernel has rank 1.",
        Method::DepthwiseSeparable => "A depthwise step filters each input channel with its own K×K×1 kernel, then a pointwise step mixes the channels with 1×1×C kernels, one per output channel.",
        Method::Grouped => "The channels are split into groups; each filter reads only its own group's slice of the input channels, so weights and work divide by the number of groups.",
    }
}

/// The alert naming every problem with the current values.
fn problems_alert(problems: &[Problem], unknown_mode: Option<&str>, link: &[String]) -> Html {
    let mut lines: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    lines.extend(link.iter().cloned());
    if let Some(mode) = unknown_mode {
        let known = Method::ALL.map(|m| m.key()).join(", ");
        let mode = crate::config::format::abridged(mode);
        lines.insert(0, format!("The link asks for mode “{mode}”, which convlab does not know; showing Standard. Modes: {known}."));
    }
    if lines.is_empty() {
        return Html::default();
    }
    html! {
        <div class="alert" role="alert">
            <p><strong>{ if problems.is_empty() { "Note" } else { "Please fix this to see the costs" } }</strong></p>
            <ul>{ for lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
        </div>
    }
}

/// The convlab page.
#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_query(&browser::current_query()));
    {
        let query = state.to_query();
        use_effect_with(query, |query| {
            // Without URL state the page still works; there is nothing to tell the reader.
            let _ = browser::replace_query(query);
        });
    }
    let form = &state.form;
    let validation = form.validate();
    let problems: Vec<Problem> = validation.clone().err().unwrap_or_default();
    let config = validation.ok();

    let dispatch = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let on_select = dispatch.reform(Action::SelectMethod);
    let on_change = dispatch.reform(|(field, text)| Action::SetField(field, text));
    let on_seed = dispatch.reform(|()| Action::LoadSeed);
    // The note on the often-quoted 9.24× is in each page's HTML (see `ui::seed_note`).
    let on_reset = dispatch.reform(|_: MouseEvent| Action::Reset);
    let on_stage = dispatch.reform(Action::SetStage);
    let on_seed_click = on_seed.reform(|_: MouseEvent| ());
    let method = form.method;
    let on_filter_focus = dispatch.reform(Action::FocusFilter);
    // The kernel editor's kernel, as the stage runs it; the lesson panels see the layer the
    // stage shows (a rank-k kernel is k passes).
    let kernel = state.stage_kernel();
    let stage_config = config.map(|c| kernel.as_ref().map_or(c, |k| k.layer(c)));
    // The cost table counts the layer the stage runs, so both show the same totals.
    let cost = stage_config.and_then(|config| config.cost().ok());

    if state.stage.embed {
        return embedded(&state, config, kernel, &dispatch, &problems);
    }

    html! {
        <>
            <header class="site-header">
                <h1>{ "convlab" }</h1>
                <p class="tagline">{ TAGLINE }</p>
                { other_page_link(&state) }
            </header>
            <section class="intro" aria-label="Introduction">
                <p>
                    { "A convolution slides small kernels over an image’s channels. Three ideas make it cheaper: split a kernel into a column and a row (" }
                    <em>{ "spatial separable" }</em>{ "), filter each channel alone and then mix them with 1×1 kernels (" }
                    <em>{ "depthwise separable" }</em>{ "), or let each filter see only a slice of the channels (" }
                    <em>{ "grouped" }</em>{ ")." }{ INTRO_END }
                </p>
            </section>
            { lessons_section(&state, stage_config, &dispatch, &on_filter_focus) }
            <MethodTabs selected={method} on_select={on_select} />
            <section
                id={PANEL_ID}
                class={classes!("method-panel", format!("method-{}", method.key()))}
                role="tabpanel"
                aria-labelledby={tab_id(method)}
            >
                <p class="method-summary">{ method_summary(method) }</p>
                if let Some(config) = config {
                    <Stage key={state.loads} {config} settings={state.stage} on_settings={on_stage} {kernel} filter_focus={state.filter_focus} {on_filter_focus} />
                } else {
                    <p id="stage" class="stage-waits" role="status" tabindex="-1">{ "The stage returns as soon as every value of the layer below is valid." }</p>
                }
                <h2 class="layer-heading" id="layer-heading">{ "The layer and its cost" }</h2>
                <div class="workbench">
                    <div class="config-column">
                        <div class="actions">
                            <button type="button" onclick={on_seed_click}>{ "Seed example" }</button>
                            <button type="button" class="secondary" onclick={on_reset}>{ "Small example" }</button>
                        </div>
                        <ConfigPanel form={form.clone()} problems={problems.clone()} on_change={on_change} />
                    </div>
                    <div class="cost-column" aria-live="polite">
                        { problems_alert(&problems, form.unknown_mode.as_deref(), &state.link_problems) }
                        if let (Some(cost), Some(config)) = (cost, stage_config) {
                            <CostTable cost={cost.clone()} />
                            <p class="saving-why">{ saving_reason(&config, &cost) }</p>
                        } else {
                            <p class="cost-hidden">{ "The cost table returns as soon as every value is valid." }</p>
                        }
                    </div>
                </div>
            </section>
            if !cfg!(feature = "prerender") {
                { explorer_section(&state, config, &dispatch) }
            }
            // The main page's footer is in its HTML, after the explorer's root (see
            // `ui::explorer_slot`), with these same words (the end-to-end suite compares them).
            if cfg!(not(all(feature = "main-page", not(feature = "explorer")))) {
                <footer class="site-footer">
                    <p>{ COUNTING_RULES }</p>
                </footer>
            }
        </>
    }
}

/// The page in another page's iframe (`embed=1`): the stage alone, and a link to the whole
/// page with the same state. (`www/head.js` marks the root before the app mounts, so the
/// stylesheet shows only the stage from the first paint.)
fn embedded(
    state: &AppState,
    config: Option<crate::config::LayerConfig>,
    kernel: Option<std::rc::Rc<crate::timeline::SeparableKernel>>,
    dispatch: &Callback<Action>,
    problems: &[Problem],
) -> Html {
    let mut whole = state.clone();
    whole.stage.embed = false;
    let href = format!("./?{}", whole.to_query());
    html! {
        <>
            <h1 class="visually-hidden">{ format!("convlab: {}", state.form.method.label()) }</h1>
            if let Some(config) = config {
                <Stage key={state.loads} {config} settings={state.stage} on_settings={dispatch.reform(Action::SetStage)} {kernel} />
            } else {
                { problems_alert(problems, state.form.unknown_mode.as_deref(), &state.link_problems) }
            }
            <a class="open-full" {href} target="_blank" rel="noopener">{ "Open in convlab ↗" }</a>
        </>
    }
}

/// The guided lessons, on the page built with them.
#[cfg(feature = "lessons")]
fn lessons_section(
    state: &AppState,
    config: Option<crate::config::LayerConfig>,
    dispatch: &Callback<Action>,
    on_filter_focus: &Callback<Option<FilterRef>>,
) -> Html {
    html! {
        <super::lessons::Lessons
            lesson={state.lesson}
            kernel={state.kernel.clone()}
            kernel_problem={state.kernel_problem.clone()}
            {config}
            on_action={dispatch.clone()}
            filter_focus={state.filter_focus}
            on_filter_focus={on_filter_focus.clone()}
        />
    }
}

#[cfg(not(feature = "lessons"))]
fn lessons_section(
    _: &AppState,
    _: Option<crate::config::LayerConfig>,
    _: &Callback<Action>,
    _: &Callback<Option<FilterRef>>,
) -> Html {
    Html::default()
}

/// The cost explorer, on a build that has it (native builds and tests: every part in one).
#[cfg(feature = "explorer")]
fn explorer_section(
    state: &AppState,
    config: Option<crate::config::LayerConfig>,
    dispatch: &Callback<Action>,
) -> Html {
    html! {
        <super::explorer::Explorer
            form={state.form.clone()}
            {config}
            on_load={dispatch.reform(Action::LoadLayer)}
        />
    }
}

/// The main page's slot, which fetches the cost explorer's bundle when the reader nears it.
#[cfg(all(feature = "main-page", not(feature = "explorer")))]
fn explorer_section(
    state: &AppState,
    _: Option<crate::config::LayerConfig>,
    dispatch: &Callback<Action>,
) -> Html {
    html! {
        <super::explorer_slot::ExplorerSlot
            layer_query={state.form.to_query()}
            on_load={dispatch.reform(Action::LoadLayer)}
        />
    }
}

#[cfg(not(any(feature = "main-page", feature = "explorer")))]
fn explorer_section(
    _: &AppState,
    _: Option<crate::config::LayerConfig>,
    _: &Callback<Action>,
) -> Html {
    Html::default()
}

/// The links to the other pages (the lessons from the main page, the cost explorer from the
/// lessons, and the image lab from both), carrying the layer and the stage. A page built with
/// both parts needs no link between them.
fn other_page_link(state: &AppState) -> Html {
    let layer = state.layer_query();
    let (href, text, lab) = if cfg!(not(feature = "lessons")) {
        (format!("lessons/?{layer}"), "Guided lessons →", "lab/")
    } else if cfg!(not(feature = "main-page")) {
        (
            format!("../?{layer}"),
            "← Explainer and cost explorer",
            "../lab/",
        )
    } else {
        return Html::default();
    };
    html! {
        <>
            <a class="page-link" {href}>{ text }</a>
            <a class="page-link lab-link" href={format!("{lab}?{layer}")}>{ "Image lab" }</a>
        </>
    }
}
