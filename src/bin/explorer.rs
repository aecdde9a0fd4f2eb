//! The cost explorer's bundle: mounts the explorer into the main page's slot. The main page
//! fetches it (through `www/parts/explorer/boot.js`) when the reader nears the explorer.

#[cfg(target_arch = "wasm32")]
fn main() {
    convlab::ui::start_explorer_part();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the cost explorer runs in the browser, inside convlab's main page: start it with scripts/serve");
}
