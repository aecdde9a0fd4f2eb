//! The kernel editor (spatial separable lesson): the kernel as a grid of inputs, edited cell by
//! cell (↑/↓/←/→ move between cells), presets, and the engine's live analysis — the rank; the
//! column and row factors when it is 1; otherwise the best rank-1 approximation with its error
//! and the kernel as k separable passes with their cost. The kernel lives in the page's state
//! and the URL (`kernel=`); a cell being typed keeps its text until it reads as a number.

use std::collections::HashMap;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::config::format::thousands;
use crate::engine::{KernelMatrix, NamedKernel};
use crate::lessons::kernel_text::{format_value, parse_entry};
use crate::lessons::{format_kernel, parse_kernel, EditorAnalysis, EditorPreset, Value};
use crate::ui::state::{Action, KernelText};

/// The editor's properties.
#[derive(Properties, PartialEq)]
pub struct KernelEditorProps {
    /// The kernel (the chapter's, the link's or the reader's).
    pub kernel: Option<KernelText>,
    /// Why the link's kernel was not used.
    #[prop_or_default]
    pub problem: Option<String>,
    /// Changes the page's state (`SetKernel`).
    pub on_action: Callback<Action>,
}

fn cell_id(i: usize, j: usize) -> String {
    format!("kernel-cell-{i}-{j}")
}

fn focus_cell(i: usize, j: usize) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&cell_id(i, j)))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(el) = el {
        // Focus fails only on a detached element; nothing to recover then.
        let _ = el.focus();
    }
}

fn vector(v: &[f64]) -> String {
    Value::Vector(v.to_vec()).text()
}

/// The kernel editor.
#[component(KernelEditorPanel)]
pub fn kernel_editor(props: &KernelEditorProps) -> Html {
    let kernel: KernelMatrix = props
        .kernel
        .as_ref()
        .and_then(|k| parse_kernel(&k.text, k.kh, k.kw).ok())
        .unwrap_or_else(|| NamedKernel::SobelX.matrix());
    let (kh, kw) = (kernel.rows(), kernel.cols());
    let drafts = use_state(HashMap::<(usize, usize), String>::new);
    let seed = use_state(|| 1u64);
    let analysis = use_memo(format_kernel(&kernel), |_| EditorAnalysis::of(&kernel));
    let current = EditorPreset::ALL
        .into_iter()
        .find(|p| matches!(p, EditorPreset::Named(n) if n.matrix() == kernel));

    let set_kernel = {
        let on_action = props.on_action.clone();
        move |k: &KernelMatrix| {
            on_action.emit(Action::SetKernel(k.rows(), k.cols(), format_kernel(k)));
        }
    };
    let presets = EditorPreset::ALL.into_iter().map(|preset| {
        let onclick = {
            let drafts = drafts.clone();
            let seed = seed.clone();
            let set_kernel = set_kernel.clone();
            Callback::from(move |_: MouseEvent| {
                let next_seed = if preset == EditorPreset::Random {
                    *seed + 1
                } else {
                    *seed
                };
                seed.set(next_seed);
                drafts.set(HashMap::new());
                set_kernel(&preset.kernel(kh, kw, next_seed));
            })
        };
        html! {
            <button
                type="button"
                class="preset"
                data-preset={preset.key()}
                aria-pressed={if current == Some(preset) { "true" } else { "false" }}
                {onclick}
            >
                { preset.label() }
            </button>
        }
    });

    let mut invalid: Vec<String> = Vec::new();
    let cells = (0..kh * kw).map(|n| {
        let (i, j) = (n / kw, n % kw);
        let value = kernel.data()[n];
        let draft = drafts.get(&(i, j)).cloned();
        let shown = draft.clone().unwrap_or_else(|| format_value(value));
        let mistake = draft.as_deref().and_then(|t| parse_entry(t).err());
        let bad = mistake.is_some();
        if let Some(reason) = mistake.and_then(|m| m.value_reason()) {
            invalid.push(format!("Row {}, column {}: {reason}.", i + 1, j + 1));
        }
        let oninput = {
            let drafts = drafts.clone();
            let set_kernel = set_kernel.clone();
            let kernel = kernel.clone();
            Callback::from(move |e: InputEvent| {
                let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                    return;
                };
                let text = input.value();
                let mut next = (*drafts).clone();
                next.insert((i, j), text.clone());
                drafts.set(next);
                if let Ok(v) = parse_entry(&text) {
                    let mut data = kernel.data().to_vec();
                    data[i * kw + j] = v;
                    if let Ok(k) = KernelMatrix::new(kh, kw, data) {
                        set_kernel(&k);
                    }
                }
            })
        };
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            let caret = e
                .target_dyn_into::<HtmlInputElement>()
                .map(|input| {
                    let len = input.value().chars().count() as u32;
                    let start = input.selection_start().ok().flatten().unwrap_or(0);
                    let end = input.selection_end().ok().flatten().unwrap_or(len);
                    (start == 0, end >= len)
                })
                .unwrap_or((true, true));
            let target = match e.key().as_str() {
                "ArrowUp" if i > 0 => (i - 1, j),
                "ArrowDown" if i + 1 < kh => (i + 1, j),
                "ArrowLeft" if j > 0 && caret.0 => (i, j - 1),
                "ArrowRight" if j + 1 < kw && caret.1 => (i, j + 1),
                _ => return,
            };
            e.prevent_default();
            focus_cell(target.0, target.1);
        });
        html! {
            <input
                id={cell_id(i, j)}
                class={classes!("kernel-cell", bad.then_some("invalid"), (value == 0.0 && !bad).then_some("zero"))}
                type="text"
                inputmode="decimal"
                autocomplete="off"
                spellcheck="false"
                aria-label={format!("Row {}, column {}", i + 1, j + 1)}
                aria-invalid={if bad { "true" } else { "false" }}
                value={shown}
                {oninput}
                {onkeydown}
            />
        }
    });
    let cells: Html = cells.collect();

    html! {
        <section class="lesson-panel kernel-editor" aria-label="Kernel editor">
            if let Some(problem) = &props.problem {
                <p class="kernel-problem">{ problem.clone() }</p>
            }
            <div class="presets" role="group" aria-label="Kernel presets">{ for presets }</div>
            <div class="editor-body">
                <fieldset class="kernel-fieldset">
                    <legend>{ format!("Kernel {kh}×{kw}") }</legend>
                    <div class="kernel-grid" style={format!("grid-template-columns: repeat({kw}, minmax(0, 3.6rem))")}>
                        { cells }
                    </div>
                    <p class="editor-help">{ "Type a number, a decimal or a fraction such as 1/16; ↑ ↓ ← → move between cells." }</p>
                    { for invalid.iter().map(|m| html! { <p class="cell-problem">{ m.clone() }</p> }) }
                </fieldset>
                { analysis_view(&analysis) }
            </div>
        </section>
    }
}

/// The live analysis: rank, factors or the best rank-1 approximation, and the passes' cost.
fn analysis_view(a: &EditorAnalysis) -> Html {
    let cost = a.cost;
    let rank = html! {
        <strong class="figure rank" data-metric="kernel-rank" data-value={a.rank.to_string()}>{ a.rank }</strong>
    };
    let per_output = |n: u64| {
        html! { <span class="figure">{ thousands(n) }</span> }
    };
    let verdict = match a.rank {
        0 => {
            html! { <p class="verdict">{ "Rank " }{ rank }{ ": the kernel is all zeros, so every output is 0." }</p> }
        }
        1 => {
            html! { <p class="verdict separable">{ "Rank " }{ rank }{ ": separable. One column pass and one row pass compute it exactly." }</p> }
        }
        _ => {
            html! { <p class="verdict not-separable">{ "Rank " }{ rank }{ ": not separable. No single column and row make this kernel." }</p> }
        }
    };
    let factors = match &a.factors {
        Some(f) if a.rank == 1 => html! {
            <div class="factors">
                <p><span class="factor-label">{ "Column" }</span><code data-metric="kernel-column" data-value={vector(&f.column)}>{ vector(&f.column) }</code></p>
                <p><span class="factor-label">{ "× Row" }</span><code data-metric="kernel-row" data-value={vector(&f.row)}>{ vector(&f.row) }</code></p>
                <p>
                    { format!("{}+{} = ", cost.kh, cost.kw) }{ per_output(cost.per_pass) }
                    { format!(" multiplications per output instead of {}·{} = ", cost.kh, cost.kw) }{ per_output(cost.full) }{ "." }
                </p>
            </div>
        },
        _ if a.rank >= 2 => {
            let b = &a.best_rank1;
            html! {
                <div class="factors">
                    <p class="sub">{ "Best rank-1 approximation (the closest single column × row):" }</p>
                    <p><span class="factor-label">{ "Column" }</span><code>{ vector(&b.column) }</code></p>
                    <p><span class="factor-label">{ "× Row" }</span><code>{ vector(&b.row) }</code></p>
                    <p>
                        { "Largest error on one entry: " }
                        <span class="figure" data-metric="kernel-rank1-error" data-value={Value::Real(a.rank1_error.max_abs).text()}>
                            { Value::Real(a.rank1_error.max_abs).text() }
                        </span>{ "." }
                    </p>
                    <p class="sub">{ format!("Exactly, as {} separable passes whose outputs add up:", a.rank) }</p>
                    <ol class="passes">
                        { for a.passes.iter().map(|p| html! {
                            <li>
                                <code>{ vector(&p.factors.column) }</code>{ " × " }<code>{ vector(&p.factors.row) }</code>
                            </li>
                        }) }
                    </ol>
                    <p>
                        { format!("{}·({}+{}) = ", a.rank, cost.kh, cost.kw) }
                        <span class="figure" data-metric="kernel-passes-cost" data-value={cost.separable.to_string()}>{ thousands(cost.separable) }</span>
                        { format!(" multiplications per output against {}·{} = ", cost.kh, cost.kw) }
                        <span class="figure" data-metric="kernel-full-cost" data-value={cost.full.to_string()}>{ thousands(cost.full) }</span>
                        { if cost.pays() { ": the passes still pay." } else { ": the passes no longer pay; the full kernel is cheaper or equal." } }
                        { format!(" They stop paying at {} passes.", cost.break_even_passes()) }
                    </p>
                </div>
            }
        }
        _ => Html::default(),
    };
    html! {
        <div class="kernel-analysis" aria-live="polite">
            { verdict }
            { factors }
        </div>
    }
}
