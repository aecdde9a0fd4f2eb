//! The browser glue: reading and writing the page's query string. Failures are returned, not
//! panicked on; the page keeps working without URL state.

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
