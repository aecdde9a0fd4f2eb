//! The lab's browser glue for pictures: a file's first bytes read for its header
//! (`lab::sniff`), the browser's own decoder (`createImageBitmap`) and a canvas to scale it and
//! read its pixels (`getImageData`). Nothing is sent anywhere; failures come back as messages.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

use crate::config::format::thousands;
use crate::lab::picture::{fit_long_side, sniff, Picture, DEFAULT_LONG_SIDE};

/// Bytes read for the header: a JPEG's frame header can sit after a large EXIF block.
const HEADER_BYTES: f64 = 1024.0 * 1024.0;

/// A decoded picture and, when it was scaled, the message saying from what to what.
pub struct Decoded {
    /// The picture, at most [`DEFAULT_LONG_SIDE`] on its long side.
    pub picture: Picture,
    /// "Scaled from … to …", when it was.
    pub scaled: Option<String>,
}

async fn header(blob: &Blob) -> Result<Vec<u8>, String> {
    let part = blob
        .slice_with_f64_and_f64(0.0, HEADER_BYTES.min(blob.size()))
        .map_err(|_| "The browser could not read the file.".to_string())?;
    let buffer = JsFuture::from(part.array_buffer())
        .await
        .map_err(|_| "The browser could not read the file.".to_string())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Reads, checks, decodes and scales a picture file (or a pasted or dropped one).
pub async fn decode(blob: Blob) -> Result<Decoded, String> {
    let bytes = header(&blob).await?;
    let sniffed = sniff(&bytes, blob.size() as u64).map_err(|e| e.message())?;
    let window = web_sys::window().ok_or("There is no window to decode in.")?;
    let undecodable = || {
        format!(
            "The browser could not decode this {} file: it is damaged, cut short or not really a {} picture.",
            sniffed.format.name(),
            sniffed.format.name()
        )
    };
    let promise = window
        .create_image_bitmap_with_blob(&blob)
        .map_err(|_| undecodable())?;
    let bitmap: ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| undecodable())?
        .dyn_into()
        .map_err(|_| undecodable())?;
    let (w0, h0) = (bitmap.width() as usize, bitmap.height() as usize);
    let (w, h) = fit_long_side(w0, h0, DEFAULT_LONG_SIDE);
    let pixels = draw(&bitmap, w, h);
    bitmap.close();
    let picture = pixels.ok_or_else(undecodable)?;
    let scaled = ((w, h) != (w0, h0)).then(|| {
        format!(
            "Scaled from {}×{} to {}×{} pixels: the lab works on pictures up to {} pixels on the long side.",
            thousands(w0 as u64),
            thousands(h0 as u64),
            thousands(w as u64),
            thousands(h as u64),
            thousands(DEFAULT_LONG_SIDE as u64)
        )
    });
    Ok(Decoded { picture, scaled })
}

/// The bitmap drawn at `w × h` on a canvas of its own, read back as RGBA.
fn draw(bitmap: &ImageBitmap, w: usize, h: usize) -> Option<Picture> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w as f64, h as f64)
        .ok()?;
    let data = ctx.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?;
    Picture::from_rgba(w, h, data.data().0)
}

/// Paints RGBA bytes of `w × h` on `canvas` (resized to them).
pub fn paint_rgba(canvas: &HtmlCanvasElement, w: usize, h: usize, rgba: &[u8]) {
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
    let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(rgba),
        w as u32,
        h as u32,
    );
    if let (Some(ctx), Ok(image)) = (ctx, image) {
        let _ = ctx.put_image_data(&image, 0.0, 0.0);
    }
}

/// The first file of a file list, a drop or a paste.
pub fn first_file(files: Option<web_sys::FileList>) -> Option<Blob> {
    files?.get(0).map(|f| {
        let v: &JsValue = f.as_ref();
        v.clone().unchecked_into::<Blob>()
    })
}

/// Milliseconds on the page's clock (`performance.now()`), 0 when there is none.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
