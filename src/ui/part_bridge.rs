//! The contract between the main page and the cost explorer, which is a bundle of its own
//! (`convlab-explorer`, built from `www/parts/explorer/`) fetched when the reader nears it or
//! asks for it. The two wasm modules share nothing at run time but one element: the main page
//! writes the layer's query into its `data-query` attribute and sends [`LAYER_EVENT`]; the part
//! answers with [`READY_EVENT`] once mounted and [`LOAD_EVENT`] when a preset or a chart point
//! asks for a layer. Layers cross as query strings ([`crate::config::LayerConfig::to_query`]),
//! so the engine stays the one source of every figure on both sides.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// The id of the element the part mounts into.
pub const ROOT_ID: &str = "explorer-root";
/// The id of the explorer's heading, which takes the focus when the reader asked for the part.
pub const HEADING_ID: &str = "explorer-heading";
/// The root's attribute holding the main page's layer (`Form::to_query`).
pub const QUERY_ATTR: &str = "data-query";
/// Main page → part: the layer in [`QUERY_ATTR`] changed.
pub const LAYER_EVENT: &str = "convlab-layer";
/// Part → main page: a preset or chart point asks for a layer; `detail` is its query.
pub const LOAD_EVENT: &str = "convlab-load";
/// Part → main page: the part has mounted.
pub const READY_EVENT: &str = "convlab-part-ready";
/// Loader → main page: the part could not be fetched or started; `detail` says why.
pub const ERROR_EVENT: &str = "convlab-part-error";
/// The part's loader, relative to the main page (`www/parts/explorer/boot.js`).
pub const LOADER_PATH: &str = "parts/explorer/boot.js";
/// This build's identity (set by `scripts/build`): the loader and the part's files are asked
/// for with it, so a new deploy never pairs a page with an old part.
pub const BUILD: &str = match option_env!("CONVLAB_BUILD") {
    Some(build) => build,
    None => "dev",
};

/// Sends `name` from `target`, bubbling, with `detail` when there is one.
pub fn send(target: &Element, name: &str, detail: Option<&str>) -> Result<(), String> {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    if let Some(detail) = detail {
        init.set_detail(&JsValue::from_str(detail));
    }
    let event = CustomEvent::new_with_event_init_dict(name, &init)
        .map_err(|_| format!("the browser would not make the {name} event"))?;
    target
        .dispatch_event(&event)
        .map(|_| ())
        .map_err(|_| format!("the browser would not send the {name} event"))
}

/// The text an event carries in `detail`, when it is a [`CustomEvent`] with a string.
pub fn detail_text(event: &web_sys::Event) -> Option<String> {
    use wasm_bindgen::JsCast;
    event.dyn_ref::<CustomEvent>()?.detail().as_string()
}
