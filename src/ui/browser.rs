//! The browser glue: reading and writing the page's query string, and moving the focus.
//! Failures are returned or ignored, not panicked on; the page keeps working without them.

/// The current `location.search`, or an empty string when there is no window (and natively,
/// where the first screen is rendered to HTML for the default layer).
pub fn current_query() -> String {
    if cfg!(not(target_arch = "wasm32")) {
        return String::new();
    }
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the query string without adding a history entry.
pub fn replace_query(query: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let history = window.history().map_err(|_| "no history")?;
    let path = window.location().pathname().unwrap_or_else(|_| "/".into());
    let url = format!("{path}?{query}");
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .map_err(|_| "the browser refused to update the address".to_string())
}

/// Moves the keyboard focus to the element with `id`, when there is one that can take it.
pub fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    if let Some(element) = element {
        // Focus fails only on a detached element; nothing to recover then.
        let _ = element.focus();
    }
}

/// Asks for the whole page full screen (the browser may refuse: the page stays as it is).
pub fn request_fullscreen() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.request_fullscreen();
    }
}

/// Leaves full screen, if the page is in it.
pub fn exit_fullscreen() {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        }
    }
}

/// Whether the page is full screen.
pub fn is_fullscreen() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.fullscreen_element().is_some())
}

/// Marks the page's root element with `class` (or unmarks it): page-wide modes the stylesheet
/// follows, such as presentation.
pub fn set_root_class(class: &str, on: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.class_list().toggle_with_force(class, on);
    }
}
