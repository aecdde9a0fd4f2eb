//! Getting things out of the page (the explorer's charts and code, the stage's exports):
//! downloading a data URL, a text or bytes as a file, and copying text to the clipboard.
//! Every failure is a sentence to show.

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

/// How long a download's object URL is kept before it is released.
const OBJECT_URL_LIFETIME: Duration = Duration::from_secs(60);

fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "there is no document to download from".to_string())
}

/// Starts the download of `href` as `filename` through a temporary `<a download>`.
pub fn download_href(href: &str, filename: &str) -> Result<(), String> {
    let document = document()?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into().ok())
        .ok_or("the browser would not make a link")?;
    anchor.set_href(href);
    anchor.set_download(filename);
    anchor.set_hidden(true);
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&anchor)
        .map_err(|_| "the browser would not add the link".to_string())?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// Downloads what `canvas` shows as a PNG file.
pub fn download_canvas_png(canvas: &HtmlCanvasElement, filename: &str) -> Result<(), String> {
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|_| "the browser would not export the chart as PNG".to_string())?;
    download_href(&url, filename)
}

/// Downloads `text` as a file of type `mime`.
pub fn download_text(text: &str, mime: &str, filename: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser would not make the file".to_string())?;
    download_blob(&blob, filename)
}

/// Downloads `bytes` as a file of type `mime`.
#[cfg(feature = "export")]
pub fn download_bytes(bytes: &[u8], mime: &str, filename: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser would not make the file".to_string())?;
    download_blob(&blob, filename)
}

/// Downloads `blob` as `filename` through an object URL, released a minute later.
fn download_blob(blob: &Blob, filename: &str) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob)
        .map_err(|_| "the browser would not make a link to the file".to_string())?;
    let result = download_href(&url, filename);
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(OBJECT_URL_LIFETIME).await;
        let _ = Url::revoke_object_url(&url);
    });
    result
}

/// Puts `text` on the clipboard.
pub async fn copy_text(text: String) -> Result<(), String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() {
        return Err("this browser has no clipboard here (it needs a secure page)".to_string());
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused the clipboard".to_string())
}
