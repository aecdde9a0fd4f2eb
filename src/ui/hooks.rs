//! Hooks shared by the page's components.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The width of the element behind `node` and the viewport's height (`innerHeight`), in CSS
/// pixels, kept up to date on resize.
#[hook]
pub fn use_element_size(node: NodeRef) -> (f64, f64) {
    fn viewport_height() -> f64 {
        // Rendered to HTML natively (`convlab-prerender`) there is no window: 0, "not known".
        if !cfg!(target_arch = "wasm32") {
            return 0.0;
        }
        web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0)
    }
    let size = use_state(|| (0.0f64, viewport_height()));
    {
        let node = node.clone();
        let size = size.clone();
        use_effect(move || {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let w = f64::from(el.client_width());
                if (w - size.0).abs() >= 1.0 {
                    size.set((w, size.1));
                }
            }
        });
    }
    {
        let size = size.clone();
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let w = node
                    .cast::<web_sys::Element>()
                    .map_or(0.0, |el| f64::from(el.client_width()));
                size.set((w, viewport_height()));
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
    *size
}

/// The page's colour scheme (`prefers-color-scheme`), kept up to date when it changes.
#[hook]
pub fn use_color_scheme() -> crate::render::colors::Scheme {
    use crate::render::colors::Scheme;
    fn query() -> Option<web_sys::MediaQueryList> {
        // Rendered to HTML natively (`convlab-prerender`): no window, the light scheme.
        if !cfg!(target_arch = "wasm32") {
            return None;
        }
        web_sys::window()?
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
    }
    let scheme_of = |q: &Option<web_sys::MediaQueryList>| {
        if q.as_ref().is_some_and(|q| q.matches()) {
            Scheme::Dark
        } else {
            Scheme::Light
        }
    };
    let scheme = use_state(|| scheme_of(&query()));
    {
        let scheme = scheme.clone();
        use_effect_with((), move |_| {
            let list = query();
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new({
                let list = list.clone();
                move || scheme.set(scheme_of(&list))
            });
            if let Some(l) = &list {
                let _ =
                    l.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(l) = list {
                    let _ = l.remove_event_listener_with_callback(
                        "change",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    *scheme
}

/// Calls `callback` with every `name` event on `target`, for as long as the component lives
/// (the latest callback; the listener is added once per target).
#[cfg(any(
    feature = "main-page",
    feature = "explorer",
    feature = "lessons",
    feature = "export"
))]
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
