//! The main page's place for the cost explorer, whose charts, presets and framework code are a
//! bundle of their own (`convlab-explorer`): nothing of it is fetched until the reader scrolls
//! near it or presses "Load the cost explorer". Until it has mounted the slot says so, and a
//! failed fetch is a message with a retry, never a blank.
//!
//! The part mounts into `#explorer-root`, which the page's HTML puts after the app's own
//! root (`#app`) and the note on the 9.24×, never inside it: each wasm module runs its own Yew, whose event delegation
//! on its root would otherwise take the other's events for its own. The slot is the app's last
//! element, so the explorer shows where the slot was.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverInit};
use yew::prelude::*;

use super::browser;
use super::hooks::use_dom_event;
use super::part_bridge::{
    detail_text, send, ERROR_EVENT, HEADING_ID, LAYER_EVENT, LOADER_PATH, LOAD_EVENT, QUERY_ATTR,
    READY_EVENT, ROOT_ID,
};
use crate::config::{Form, LayerConfig};

/// How far below the viewport (CSS pixels) the slot starts loading the part.
const NEAR_MARGIN: &str = "0px 0px 900px 0px";

/// Where the explorer's bundle is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PartStatus {
    /// Not asked for yet.
    Waiting,
    /// Asked for: try `n` (0 first).
    Loading(u32),
    /// Mounted and showing.
    Ready,
    /// Could not be fetched or started, after try `n`: why, in words.
    Failed(u32, String),
}

/// The slot's properties.
#[derive(Properties, PartialEq)]
pub struct ExplorerSlotProps {
    /// The main page's layer (`Form::to_query`), handed to the explorer.
    pub layer_query: String,
    /// Loads a whole layer (a preset or a chart point).
    pub on_load: Callback<LayerConfig>,
}

/// The element the part mounts into, when the page has one.
fn part_root() -> Option<web_sys::Element> {
    if cfg!(not(target_arch = "wasm32")) {
        return None; // Rendered to HTML natively: there is no page yet.
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ID))
}

/// Adds the part's loader to the page (try `attempt`, so a retry fetches afresh).
fn insert_loader(attempt: u32) -> Result<(), String> {
    let root = part_root().ok_or(format!("this page has no #{ROOT_ID} to show it in"))?;
    super::part_bridge::insert_loader(LOADER_PATH, &root, attempt)
}

/// The cost explorer's slot.
#[component(ExplorerSlot)]
pub fn explorer_slot(props: &ExplorerSlotProps) -> Html {
    let slot = use_node_ref();
    let root = use_memo((), |()| part_root());
    let status = use_state(|| PartStatus::Waiting);
    // Whether the reader pressed the button (then the focus follows into the explorer).
    let asked = use_mut_ref(|| false);

    let load = {
        let status = status.clone();
        Callback::from(move |()| {
            let attempt = match &*status {
                PartStatus::Waiting => 0,
                PartStatus::Failed(n, _) => n + 1,
                PartStatus::Loading(_) | PartStatus::Ready => return,
            };
            status.set(match insert_loader(attempt) {
                Ok(()) => PartStatus::Loading(attempt),
                Err(why) => PartStatus::Failed(attempt, why),
            });
        })
    };

    // Fetch the part when the slot comes within NEAR_MARGIN of the viewport.
    {
        let load = load.clone();
        use_effect_with(slot.clone(), move |slot| {
            let target = slot.cast::<web_sys::Element>();
            let callback = Closure::<dyn Fn(js_sys::Array, IntersectionObserver)>::new(
                move |entries: js_sys::Array, observer: IntersectionObserver| {
                    let near = entries.iter().any(|e| {
                        e.dyn_into::<web_sys::IntersectionObserverEntry>()
                            .is_ok_and(|e| e.is_intersecting())
                    });
                    if near {
                        observer.disconnect();
                        load.emit(());
                    }
                },
            );
            let options = IntersectionObserverInit::new();
            options.set_root_margin(NEAR_MARGIN);
            let observer =
                IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
                    .ok();
            if let (Some(observer), Some(target)) = (&observer, &target) {
                observer.observe(target);
            }
            move || {
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(callback);
            }
        });
    }

    {
        let status = status.clone();
        let asked = asked.clone();
        use_dom_event(
            (*root).clone(),
            READY_EVENT,
            Callback::from(move |_| {
                status.set(PartStatus::Ready);
                // The button that asked for it is gone: the focus follows into the explorer.
                if *asked.borrow() {
                    browser::focus_by_id(HEADING_ID);
                }
            }),
        );
    }
    {
        let status = status.clone();
        use_dom_event(
            (*root).clone(),
            ERROR_EVENT,
            Callback::from(move |event: web_sys::Event| {
                let attempt = match &*status {
                    PartStatus::Loading(n) | PartStatus::Failed(n, _) => *n,
                    PartStatus::Waiting | PartStatus::Ready => 0,
                };
                let why = detail_text(&event).unwrap_or_else(|| "it did not start".into());
                status.set(PartStatus::Failed(attempt, why));
            }),
        );
    }
    {
        let on_load = props.on_load.clone();
        use_dom_event(
            (*root).clone(),
            LOAD_EVENT,
            Callback::from(move |event: web_sys::Event| {
                let layer = detail_text(&event).and_then(|q| Form::from_query(&q).validate().ok());
                if let Some(config) = layer {
                    on_load.emit(config);
                }
            }),
        );
    }
    // Hand the part the layer, now and whenever it changes (it reads the attribute).
    {
        let root = root.clone();
        use_effect_with(props.layer_query.clone(), move |query| {
            if let Some(root) = &*root {
                // Nothing to tell the reader if the browser refuses: the part keeps its layer.
                let _ = root.set_attribute(QUERY_ATTR, query);
                let _ = send(root, LAYER_EVENT, None);
            }
        });
    }

    let on_click = load.reform(move |_: MouseEvent| *asked.borrow_mut() = true);
    let placeholder = match &*status {
        PartStatus::Ready => Html::default(),
        PartStatus::Waiting => html! {
            <button type="button" class="secondary" onclick={on_click}>{ "Load the cost explorer" }</button>
        },
        PartStatus::Loading(_) => html! {
            <p class="explorer-loading" role="status">{ "Loading the cost explorer…" }</p>
        },
        PartStatus::Failed(_, why) => html! {
            <>
                <p class="alert" role="alert">{ format!("The cost explorer could not be loaded: {why}. The rest of the page works without it.") }</p>
                <button type="button" onclick={on_click}>{ "Try again" }</button>
            </>
        },
    };
    let ready = *status == PartStatus::Ready;
    html! {
        <div ref={slot} class={classes!("explorer-slot", (!ready).then_some("explorer-pending"))}>
            if !ready {
                <div class="explorer-placeholder">
                    <h2>{ "Cost explorer" }</h2>
                    <p>{ "Charts of how this layer’s cost grows with its channels, kernel and groups for every method, the costs of real architectures, and the layer in PyTorch and Keras. They load when you scroll here." }</p>
                    { placeholder }
                </div>
            }
        </div>
    }
}
