//! The cost explorer as a bundle of its own: a host that mounts [`Explorer`] into the main
//! page's slot, reads the main page's layer from the slot and hands loaded layers back (see
//! [`crate::ui::part_bridge`]).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::Explorer;
use crate::config::{Form, LayerConfig};
use crate::ui::part_bridge::{send, LAYER_EVENT, LOAD_EVENT, QUERY_ATTR, READY_EVENT, ROOT_ID};

/// The host's properties: the slot it lives in.
#[derive(Properties, PartialEq)]
pub struct PartHostProps {
    /// The main page's `#explorer-root`.
    pub root: Element,
}

/// The explorer, fed by the main page's layer.
#[component(PartHost)]
pub fn part_host(props: &PartHostProps) -> Html {
    let read = |root: &Element| root.get_attribute(QUERY_ATTR).unwrap_or_default();
    let query = use_state(|| read(&props.root));
    {
        let query = query.clone();
        use_effect_with(props.root.clone(), move |root| {
            let source = root.clone();
            let listener = Closure::<dyn Fn()>::new(move || query.set(read(&source)));
            let _ = root
                .add_event_listener_with_callback(LAYER_EVENT, listener.as_ref().unchecked_ref());
            // The main page waits for this before it hides its placeholder.
            let _ = send(root, READY_EVENT, None);
            let root = root.clone();
            move || {
                let _ = root.remove_event_listener_with_callback(
                    LAYER_EVENT,
                    listener.as_ref().unchecked_ref(),
                );
            }
        });
    }
    let form = Form::from_query(&query);
    let config = form.validate().ok();
    let on_load = {
        let root = props.root.clone();
        Callback::from(move |config: LayerConfig| {
            // Nothing to tell the reader if the browser refuses: the layer simply stays.
            let _ = send(&root, LOAD_EVENT, Some(&config.to_query()));
        })
    };
    html! { <Explorer {form} {config} {on_load} /> }
}

/// Mounts the explorer into the main page's slot; without a slot (the part's file opened on
/// its own) there is nothing to do.
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ID));
    if let Some(root) = root {
        yew::Renderer::<PartHost>::with_root_and_props(root.clone(), PartHostProps { root })
            .render();
    }
}
