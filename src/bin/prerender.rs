//! Renders the page's first screen (the app with the default layer) to HTML with Yew's server
//! renderer and prints it, for `scripts/build` to put in the built page: the reader sees the
//! layer, its exact figures and the controls before the wasm arrives, and the app replaces
//! them with the same markup when it mounts. Built with the page's own feature, so it renders
//! that page's app. `convlab-prerender seed-note PAGE` prints the note on the often-quoted
//! 9.24× instead (static in the main page: no wasm carries it), its link opening the worked
//! example on `PAGE` (`./` for the main page itself).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("convlab-prerender: no runtime to render with: {err}");
            std::process::exit(1);
        }
    };
    let html = match args.as_slice() {
        [what, page] if what == "seed-note" => {
            let seed = convlab::config::seed_example(convlab::engine::Method::DepthwiseSeparable);
            let href = format!("{page}?{}", seed.to_query());
            let renderer =
                yew::ServerRenderer::<convlab::ui::seed_note::SeedNote>::with_props(move || {
                    convlab::ui::seed_note::SeedNoteProps { href: href.into() }
                })
                .hydratable(false);
            runtime.block_on(renderer.render())
        }
        [] => {
            let renderer = yew::ServerRenderer::<convlab::ui::App>::new().hydratable(false);
            runtime.block_on(renderer.render())
        }
        _ => {
            eprintln!("usage: convlab-prerender [seed-note PAGE]");
            std::process::exit(2);
        }
    };
    println!("{html}");
}

#[cfg(target_arch = "wasm32")]
fn main() {}
