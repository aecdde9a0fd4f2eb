//! The contract between a page and its parts, which are bundles of their own fetched when the
//! reader asks for them: the cost explorer (`convlab-explorer`, built from `www/parts/explorer/`)
//! and the export dialog (`convlab-export`, from `www/parts/export/`). The wasm modules share
//! nothing at run time but one element per part: the page writes the state's query into its
//! `data-query` attribute and sends an event ([`LAYER_EVENT`], [`EXPORT_EVENT`]); the explorer
//! answers with [`READY_EVENT`] once mounted and [`LOAD_EVENT`] when a preset or a chart point
//! asks for a layer. Layers cross as query strings ([`crate::config::LayerConfig::to_query`]),
//! so the engine stays the one source of every figure on both sides.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlScriptElement};

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
/// The id of the element the export dialog mounts into (the page adds it on the first export).
pub const EXPORT_ROOT_ID: &str = "export-root";
/// Page → export part: open the dialog for the state in [`QUERY_ATTR`].
pub const EXPORT_EVENT: &str = "convlab-export";
/// The export part's loader, relative to the page (`www/parts/export/boot.js`).
const EXPORT_LOADER_PATH: &str = if cfg!(all(feature = "lessons", not(feature = "main-page"))) {
    "../parts/export/boot.js"
} else {
    "parts/export/boot.js"
};
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

/// Adds a part's loader (`path`) to the page, try `attempt` (so a retry fetches afresh). A
/// loader that cannot be fetched is reported to `root` as [`ERROR_EVENT`].
pub fn insert_loader(path: &str, root: &Element, attempt: u32) -> Result<(), String> {
    let document = root.owner_document().ok_or("there is no document")?;
    let script: HtmlScriptElement = document
        .create_element("script")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .ok_or("the browser would not make a script element")?;
    script.set_type("module");
    let retry = if attempt == 0 {
        String::new()
    } else {
        format!("&try={attempt}")
    };
    script.set_src(&format!("{path}?v={BUILD}{retry}"));
    // The loader reports its own failures; this one is for the loader's own file.
    let root = root.clone();
    let on_error = Closure::once_into_js(move || {
        let _ = send(&root, ERROR_EVENT, Some("its loader could not be fetched"));
    });
    script.set_onerror(Some(on_error.unchecked_ref()));
    let head = document.head().ok_or("the page has no head")?;
    head.append_child(&script)
        .map(|_| ())
        .map_err(|_| "the browser would not add the script".to_string())
}

/// Opens the export dialog for the page's state at step `step`: the first time, fetches the
/// export part (which opens the dialog once it has started; its loader shows any failure in
/// the part's root); afterwards, asks the running part. A failed fetch is tried again.
pub fn open_export(step: u64) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("there is no document")?;
    let root = match document.get_element_by_id(EXPORT_ROOT_ID) {
        Some(root) => root,
        None => {
            let root = document
                .create_element("div")
                .map_err(|_| "the browser would not make an element")?;
            root.set_id(EXPORT_ROOT_ID);
            document
                .body()
                .ok_or("the page has no body")?
                .append_child(&root)
                .map_err(|_| "the browser would not add an element")?;
            root
        }
    };
    let query = super::browser::current_query();
    let query = format!("{}&step={step}", query.trim_start_matches('?'));
    let _ = root.set_attribute(QUERY_ATTR, &query);
    // `data-tries`: how many times the loader was inserted; the loader sets `data-failed`.
    let tries: u32 = root
        .get_attribute("data-tries")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if tries > 0 && root.get_attribute("data-failed").is_none() {
        return send(&root, EXPORT_EVENT, None);
    }
    let _ = root.remove_attribute("data-failed");
    let _ = root.set_attribute("data-tries", &(tries + 1).to_string());
    insert_loader(EXPORT_LOADER_PATH, &root, tries)
}
