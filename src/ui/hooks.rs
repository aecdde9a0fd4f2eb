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

/// Calls `callback` with every `name` event on `target`, for as long as the component lives
/// (the latest callback; the listener is added once per target).
#[cfg(any(feature = "main-page", feature = "explorer", feature = "lessons"))]
#[hook]
pub fn use_dom_event(
    target: Option<web_sys::Element>,
    name: &'static str,
    callback: Callback<web_sys::Event>,
) {
    let latest = use_mut_ref(|| callback.clone());
    *latest.borrow_mut() = callback;
    use_effect_with(target, move |target| {
        let target = target.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
            move |event: web_sys::Event| latest.borrow().emit(event),
        );
        if let Some(t) = &target {
            let _ = t.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(t) = target {
                let _ =
                    t.remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            }
        }
    });
}
