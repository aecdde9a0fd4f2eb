//! The cost explorer below the stage: four charts of how the methods' costs grow, the
//! architecture presets with the papers' figures, and the framework code for the current
//! layer. Its data comes from [`crate::explorer`]; the charts are drawn by [`crate::render`].
//! One file per component (`charts`, `presets`, `code`), the download and clipboard glue
//! (`export`), and the host that runs it as a bundle of its own inside the main page (`part`).

mod charts;
mod code;
mod export;
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

/// The cost explorer section.
#[component(Explorer)]
pub fn explorer(props: &ExplorerProps) -> Html {
    html! {
        <section class="explorer" aria-labelledby={HEADING_ID}>
            <h2 id={HEADING_ID} tabindex="-1">{ "Cost explorer" }</h2>
            if let Some(config) = props.config {
                <p class="explorer-intro">{ "How the cost of this layer grows with its channels, its kernel and its groups, for every method. Hover a point for its exact values, click it (or pick it from the list and press Enter) to load that layer." }</p>
                <ChartsPanel {config} groups={grouped_groups(&props.form, &config)} on_load={props.on_load.clone()} />
                <PresetsTable current={config} on_load={props.on_load.clone()} />
            } else {
                <p class="cost-hidden">{ "The charts and presets return as soon as every value is valid." }</p>
            }
            <CodePanel form={props.form.clone()} config={props.config} />
        </section>
    }
}
