//! The architecture presets table: real layers and whole networks, our exact totals beside the
//! figures their papers print, each row loading its layer with one click, and the table copied
//! as Markdown or CSV.

use yew::prelude::*;

use crate::config::format::thousands;
use crate::config::LayerConfig;
use crate::explorer::presets::{self, Metric, Preset, PresetRow, Totals, Variant};
use crate::ui::download::copy_text;

/// The presets table's properties.
#[derive(Properties, PartialEq)]
pub struct PresetsTableProps {
    /// The layer shown now; the preset that loads it is marked.
    pub current: Option<LayerConfig>,
    /// Loads a preset's layer.
    pub on_load: Callback<LayerConfig>,
}

/// Every preset with its row, or why the table cannot be made.
type Table = Result<Vec<(Preset, PresetRow)>, String>;

fn table() -> Table {
    let all = presets::all();
    let rows = presets::rows(&all).map_err(|e| e.to_string())?;
    Ok(all.into_iter().zip(rows).collect())
}

/// One exact total with its metric name, and whether it rounds to the paper's figure.
fn total(preset: &Preset, metric: Metric, variant: Variant, totals: &Totals) -> Html {
    let value = match metric {
        Metric::Macs => totals.macs,
        Metric::Params => totals.params,
    };
    let scope = if preset.whole_network {
        "network"
    } else {
        "preset"
    };
    let what = match metric {
        Metric::Macs => "macs",
        Metric::Params => "params",
    };
    let name = match variant {
        Variant::AsBuilt => format!("{scope}-{what}"),
        Variant::AllStandard => format!("{scope}-{what}-standard"),
    };
    let unit = match metric {
        Metric::Macs => "MACs",
        Metric::Params => "params",
    };
    let agreement = preset
        .paper_figure(variant, metric)
        .and_then(|f| Some((f.agrees(value)?, f.text())))
        .map(|(agrees, text)| {
            if agrees {
                html! { <span class="agrees" title={format!("Rounds to the paper's {text}")}>{ " ✓" }<span class="visually-hidden">{ " matches the paper" }</span></span> }
            } else {
                html! { <span class="differs" title={format!("Differs from the paper's {text}; see the notes")}>{ " ≠" }<span class="visually-hidden">{ " differs from the paper; see the notes" }</span></span> }
            }
        })
        .unwrap_or_default();
    html! {
        <span class="preset-figure">
            <span class="figure" data-metric={name} data-value={value.to_string()}>{ thousands(value) }</span>
            { " " }<span class="unit">{ unit }</span>{ agreement }
        </span>
    }
}

fn row(preset: &Preset, r: &PresetRow, current: bool, on_load: &Callback<LayerConfig>) -> Html {
    let load = preset.load;
    let onclick = on_load.reform(move |_: MouseEvent| load);
    let reference = if preset.reference.url.is_empty() {
        html! { <span class="reference">{ preset.reference.citation }</span> }
    } else {
        html! { <a class="reference" href={preset.reference.url} rel="noopener noreferrer">{ preset.reference.citation }</a> }
    };
    html! {
        <tr data-preset={preset.id} class={classes!(current.then_some("current"))} aria-current={current.then_some("true")}>
            <th scope="row">
                <span class="preset-name">{ preset.name }</span>
                <span class="preset-kind">{ if preset.whole_network { "whole network" } else { "one layer" } }</span>
                { reference }
                if !preset.notes.is_empty() {
                    <details>
                        <summary>{ "How it is counted" }</summary>
                        <ul>{ for preset.notes.iter().map(|n| html! { <li>{ *n }</li> }) }</ul>
                    </details>
                }
            </th>
            <td data-label="Loads">
                <button type="button" class={classes!("load-preset", format!("method-{}", r.method.key()))} {onclick}>
                    { "Load" }<span class="visually-hidden">{ format!(" {}", preset.name) }</span>
                </button>
                <span class="preset-layer">{ r.layer.clone() }</span>
            </td>
            <td data-label="Ours, as built">
                { total(preset, Metric::Macs, Variant::AsBuilt, &r.built) }
                { total(preset, Metric::Params, Variant::AsBuilt, &r.built) }
            </td>
            <td data-label="Paper, as built" class="paper">{ r.paper_built.clone() }</td>
            <td data-label="Ours, all standard">
                { total(preset, Metric::Macs, Variant::AllStandard, &r.standard) }
                { total(preset, Metric::Params, Variant::AllStandard, &r.standard) }
            </td>
            <td data-label="Paper, all standard" class="paper">{ r.paper_standard.clone() }</td>
        </tr>
    }
}

/// The presets table with its copy buttons.
#[component(PresetsTable)]
pub fn presets_table(props: &PresetsTableProps) -> Html {
    let table = use_memo((), |_| table());
    let status = use_state(|| None::<(bool, String)>);
    let copy = |format: &'static str| {
        let table = table.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let Ok(rows) = table.as_ref() else {
                return;
            };
            let rows: Vec<PresetRow> = rows.iter().map(|(_, r)| r.clone()).collect();
            let text = match format {
                "CSV" => presets::csv(&rows),
                _ => presets::markdown(&rows),
            };
            let status = status.clone();
            yew::platform::spawn_local(async move {
                status.set(Some(match copy_text(text).await {
                    Ok(()) => (true, format!("Copied the presets table as {format}.")),
                    Err(e) => (false, format!("Nothing copied: {e}.")),
                }));
            });
        })
    };
    let body = match table.as_ref() {
        Ok(rows) => rows
            .iter()
            .map(|(p, r)| row(p, r, props.current == Some(p.load), &props.on_load))
            .collect::<Html>(),
        Err(e) => {
            return html! { <p class="alert" role="alert">{ format!("The presets could not be counted: {e}.") }</p> }
        }
    };
    html! {
        <div class="presets">
            <p class="muted">{ "Real layers and whole networks. Our totals are exact counts from the same cost functions as the table above; beside them, the figure each paper prints. ✓ means ours rounds to the paper's figure; ≠ is explained under “How it is counted”. Load puts the layer into the charts and the stage." }</p>
            <div class="presets-scroll">
                <table class="presets-table" aria-label="Architecture presets">
                    <thead>
                        <tr>
                            <th scope="col">{ "Preset" }</th>
                            <th scope="col">{ "Loads" }</th>
                            <th scope="col">{ "Ours, as built" }</th>
                            <th scope="col">{ "Paper, as built" }</th>
                            <th scope="col">{ "Ours, all standard" }</th>
                            <th scope="col">{ "Paper, all standard" }</th>
                        </tr>
                    </thead>
                    <tbody>{ body }</tbody>
                </table>
            </div>
            <div class="actions">
                <button type="button" class="secondary" data-copy="markdown" onclick={copy("Markdown")}>{ "Copy table as Markdown" }</button>
                <button type="button" class="secondary" data-copy="csv" onclick={copy("CSV")}>{ "Copy table as CSV" }</button>
            </div>
            if let Some((ok, text)) = &*status {
                <p class={classes!("export-status", (!ok).then_some("error"))} role="status">{ text.clone() }</p>
            }
        </div>
    }
}
