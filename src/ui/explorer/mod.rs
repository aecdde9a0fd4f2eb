//! The cost explorer below the stage: four charts of how the methods' costs grow, the
//! architecture presets with the papers' figures, and the framework code for the current
//! layer. Its data comes from [`crate::explorer`]; the charts are drawn by [`crate::render`].
//! One file per component (`charts`, `presets`, `code`), the download and clipboard glue
//! (`export`), and the host that runs it as a bundle of its own inside the main page (`part`).

mod charts;
mod code;
mod part;
mod presets;

pub use part::start as start_part;

use yew::prelude::*;

use crate::config::{Form, LayerConfig};
use crate::explorer::series::grouped_groups;
use crate::ui::part_bridge::HEADING_ID;
use charts::ChartsPanel;
use code::CodePanel;
use presets::PresetsTable;

/// The explorer's properties.
#[derive(Properties, PartialEq)]
pub struct ExplorerProps {
    /// The configuration panel's values.
    pub form: Form,
    /// The layer, when every value is valid.
    pub config: Option<LayerConfig>,
    /// Loads a whole layer (a preset or a chart point).
    pub on_load: Callback<LayerConfig>,
}

/// Windows narrower than this open the explorer with its parts folded (phones).
const FOLDED_BELOW_PX: f64 = 700.0;

/// The explorer's three parts, each a fold that starts open on wide screens.
#[derive(Clone, Copy, PartialEq)]
enum PartFold {
    Charts,
    Presets,
    Code,
}

/// The cost explorer section.
#[component(Explorer)]
pub fn explorer(props: &ExplorerProps) -> Html {
    let open = use_state(|| {
        let wide = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .is_none_or(|w| w >= FOLDED_BELOW_PX);
        [wide; 3]
    });
    // A part's contents are built while it is open (the charts measure their width then).
    let fold = |part: PartFold, summary: &'static str, body: Html| {
        let index = part as usize;
        let ontoggle = {
            let open = open.clone();
            Callback::from(move |e: Event| {
                let now = e
                    .target_dyn_into::<web_sys::Element>()
                    .is_some_and(|d| d.has_attribute("open"));
                if open[index] != now {
                    let mut next = *open;
                    next[index] = now;
                    open.set(next);
                }
            })
        };
        html! {
            <details class="explorer-part" open={open[index]} {ontoggle}>
                <summary><h3>{ summary }</h3></summary>
                if open[index] {
                    { body }
                }
            </details>
        }
    };
    html! {
        <section class="explorer" aria-labelledby={HEADING_ID}>
            <h2 id={HEADING_ID} tabindex="-1">{ "Cost explorer" }</h2>
            if let Some(config) = props.config {
                <p class="explorer-intro">{ "How the cost of this layer grows with its channels, its kernel and its groups, for every method. Hover a point for its exact values, click it (or pick it from the list and press Enter) to load that layer." }</p>
                { fold(PartFold::Charts, "Charts: the cost as the layer grows", html! {
                    <ChartsPanel {config} groups={grouped_groups(&props.form, &config)} on_load={props.on_load.clone()} />
                }) }
                { fold(PartFold::Presets, "Architecture presets", html! {
                    <PresetsTable current={config} on_load={props.on_load.clone()} />
                }) }
            } else {
                <p class="cost-hidden">{ "The charts and presets return as soon as every value is valid." }</p>
            }
            { fold(PartFold::Code, "The same layer in PyTorch and Keras", html! {
                <CodePanel form={props.form.clone()} config={props.config} />
            }) }
        </section>
    }
}
