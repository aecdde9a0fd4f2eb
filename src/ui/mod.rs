//! The Yew application: the page's components, its one state and the browser glue.
//! Components hold UI state; everything they show comes from [`crate::config`] and
//! [`crate::engine`]. The cost explorer and the lessons are Cargo features, so the main page and
//! the lessons page each ship only their own part (both are on in native builds and tests).

mod app;
pub mod browser;
mod config_panel;
mod cost_table;
#[cfg(feature = "explorer")]
mod explorer;
mod hooks;
#[cfg(feature = "lessons")]
pub mod lessons;
mod math_panel;
mod method_tabs;
mod seed_note;
mod stage;
mod stage_controls;
pub mod stage_settings;
pub mod state;

pub use app::App;

/// Mounts the app on the page's `<main id="app">` (or the body when it is missing).
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
