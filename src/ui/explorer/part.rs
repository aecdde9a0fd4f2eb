//! The cost explorer as a bundle of its own: a host that mounts [`Explorer`] into the main
//! page's slot, reads the main page's layer from the slot and hands loaded layers back (see
//! [`crate::ui::part_bridge`]).

use web_sys::Element;
use yew::prelude::*;

use super::Explorer;
use crate::config::{Form, LayerConfig};
use crate::ui::hooks::use_dom_event;
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
        let root = props.root.clone();
        use_dom_event(
            Some(props.root.clone()),
            LAYER_EVENT,
            Callback::from(move |_| query.set(read(&root))),
        );
    }
    // The main page waits for this before it hides its placeholder (after the listener above
    // is in place: effects run in hook order).
    use_effect_with(props.root.clone(), |root| {
        let _ = send(root, READY_EVENT, None);
    });
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
