//! The wasm entry point: mount the app. Nothing else.

fn main() {
    eprintln!("convlab runs in the browser: start it with scripts/serve");
}
