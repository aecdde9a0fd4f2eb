//! The image lab's bundle: mounts the lab at `/lab/` (`www/lab/index.html`).

#[cfg(target_arch = "wasm32")]
fn main() {
    convlab::ui::start_lab();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the image lab runs in the browser: start it with scripts/serve and open /lab/");
}
