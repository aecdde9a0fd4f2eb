//! Renders the page's first screen (the app with the default layer) to HTML with Yew's server
//! renderer and prints it, for `scripts/build` to put in the built page: the reader sees the
//! layer, its exact figures and the controls before the wasm arrives, and the app replaces
//! them with the same markup when it mounts. Built with the page's own feature, so it renders
//! that page's app.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("convlab-prerender: no runtime to render with: {err}");
            std::process::exit(1);
        }
    };
    let renderer = yew::ServerRenderer::<convlab::ui::App>::new().hydratable(false);
    let html = runtime.block_on(renderer.render());
    println!("{html}");
}

#[cfg(target_arch = "wasm32")]
fn main() {}
