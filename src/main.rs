//! The wasm entry point: mount the app. Nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    convlab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("convlab runs in the browser: start it with scripts/serve");
}
