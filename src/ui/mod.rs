//! The Yew application: the page's components, its one state and the browser glue.
//! Components hold UI state; everything they show comes from [`crate::config`] and
//! [`crate::engine`]. The main page, the cost explorer and the lessons are Cargo features, so
//! each bundle ships only its own part: the main page's slot fetches the explorer's bundle when
//! the reader nears it ([`part_bridge`]); a build with every feature (native builds and tests)
//! shows the explorer directly.

mod app;
pub mod browser;
mod config_panel;
pub mod cost_table;
#[cfg(any(feature = "explorer", feature = "export"))]
pub mod download;
#[cfg(feature = "explorer")]
mod explorer;
#[cfg(all(feature = "main-page", not(feature = "explorer")))]
mod explorer_slot;
#[cfg(feature = "export")]
pub mod export;
mod hooks;
#[cfg(feature = "lab")]
pub mod lab;
#[cfg(feature = "lessons")]
pub mod lessons;
mod math_panel;
mod method_tabs;
pub mod part_bridge;
pub mod playback;
pub mod seed_note;
mod stage;
mod stage_controls;
pub mod stage_settings;
pub mod state;

pub use app::App;

/// Mounts the app on the page's `#app` (or the body when it is missing), replacing the first
/// screen the HTML painted before the wasm arrived (prerendered by `convlab-prerender`, or the
/// static shell) and making it live. Yew renders the first frame in a
/// microtask of this same task, so no frame shows the page empty between the two.
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            // Nothing to recover if the attribute cannot be removed; the app is mounted anyway.
            let _ = root.remove_attribute("aria-busy");
            let _ = root.remove_attribute("inert");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// Mounts the image lab on its page's `#app`.
#[cfg(feature = "lab")]
pub fn start_lab() {
    lab::start();
}

/// Mounts the cost explorer's bundle into the main page's slot (`#explorer-root`).
#[cfg(feature = "explorer")]
pub fn start_explorer_part() {
    explorer::start_part();
}

/// Mounts the export dialog into the page's `#export-root` (the `convlab-export` bundle, which
/// the stage's "Export…" button fetches) and opens it.
#[cfg(feature = "export")]
pub fn start_export_part() {
    export::start();
}
