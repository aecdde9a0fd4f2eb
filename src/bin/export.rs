//! The export dialog's bundle: mounts the dialog into the page's `#export-root` and opens it.
//! The stage's "Export…" button fetches it (through `www/parts/export/boot.js`) on its first
//! press.

#[cfg(target_arch = "wasm32")]
fn main() {
    convlab::ui::start_export_part();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "the export dialog runs in the browser, inside a convlab page: start it with scripts/serve"
    );
}
