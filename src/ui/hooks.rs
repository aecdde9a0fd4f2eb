//! Hooks shared by the page's components.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The width of the element behind `node`, in CSS pixels, kept up to date on resize.
#[hook]
pub fn use_element_width(node: NodeRef) -> f64 {
    let width = use_state(|| 0.0f64);
    {
        let node = node.clone();
        let width = width.clone();
        use_effect(move || {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let w = f64::from(el.client_width());
                if (w - *width).abs() >= 1.0 {
                    width.set(w);
                }
            }
        });
    }
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    width.set(f64::from(el.client_width()));
                }
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "resize",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    *width
}
