//! The GIF worker's bundle: [`convlab::export::gif::GifEncoder`] in a dedicated Web Worker, so
//! encoding an animation never blocks the page. The page starts it as a classic worker with
//! `new Worker("/parts/gif-worker/worker.js?v=BUILD")` the first time a reader exports a GIF
//! (`www/parts/gif-worker/worker.js` loads this bundle; see ARCHITECTURE.md, "The GIF
//! worker"), and they talk in plain objects:
//!
//! - page → worker: `{kind: "start", width, height, palette, delay, comment}` (`palette` a
//!   `Uint8Array` of RGB triples, `delay` in hundredths of a second), then `{kind: "frame",
//!   rgba}` per frame (an `ArrayBuffer` of `width·height·4` bytes, transferred), then `{kind:
//!   "finish"}`. A new `start` drops any GIF not finished.
//! - worker → page: `{kind: "ready"}` once started, `{kind: "progress", frames}` after each
//!   frame, `{kind: "done", bytes}` (an `ArrayBuffer`, transferred) after `finish`, and `{kind:
//!   "error", message}` for anything it cannot do. It never panics on a message.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::rc::Rc;

    use convlab::export::gif::{GifEncoder, GifPalette};
    use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// What the worker holds between messages.
    #[derive(Default)]
    struct State {
        /// The GIF being written, between `start` and `finish`.
        encoder: Option<GifEncoder>,
        /// The frame's bytes, copied out of the page's buffer (kept to reuse its memory).
        frame: Vec<u8>,
    }

    /// `{kind, …fields}` as a JS object.
    fn message(kind: &str, fields: &[(&str, &JsValue)]) -> JsValue {
        let object = Object::new();
        let _ = Reflect::set(&object, &"kind".into(), &kind.into());
        for (name, value) in fields {
            let _ = Reflect::set(&object, &(*name).into(), value);
        }
        object.into()
    }

    fn post(scope: &DedicatedWorkerGlobalScope, value: &JsValue) {
        // Posting a plain object to the page cannot fail but for a closing worker.
        let _ = scope.post_message(value);
    }

    fn field(data: &JsValue, name: &str) -> JsValue {
        Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED)
    }

    /// A whole number from 1 to 65,535 (a GIF's sizes), or what is wrong with it.
    fn size(data: &JsValue, name: &str) -> Result<u16, String> {
        match field(data, name).as_f64() {
            Some(v) if v.fract() == 0.0 && (1.0..=65_535.0).contains(&v) => Ok(v as u16),
            _ => Err(format!(
                "start: `{name}` must be a whole number from 1 to 65535"
            )),
        }
    }

    /// The bytes of an `ArrayBuffer` or a typed array's view, copied into `out`.
    fn bytes_into(value: &JsValue, out: &mut Vec<u8>) -> bool {
        let array = if value.is_instance_of::<ArrayBuffer>() {
            Uint8Array::new(value)
        } else if ArrayBuffer::is_view(value) {
            let buffer = field(value, "buffer");
            let offset = field(value, "byteOffset").as_f64().unwrap_or(0.0) as u32;
            let length = field(value, "byteLength").as_f64().unwrap_or(0.0) as u32;
            if !buffer.is_instance_of::<ArrayBuffer>() {
                return false;
            }
            Uint8Array::new_with_byte_offset_and_length(&buffer, offset, length)
        } else {
            return false;
        };
        out.resize(array.length() as usize, 0);
        array.copy_to(out);
        true
    }

    fn handle(
        scope: &DedicatedWorkerGlobalScope,
        state: &mut State,
        data: &JsValue,
    ) -> Result<(), String> {
        let kind = field(data, "kind").as_string().unwrap_or_default();
        match kind.as_str() {
            "start" => {
                state.encoder = None;
                let (width, height) = (size(data, "width")?, size(data, "height")?);
                let mut palette = Vec::new();
                if !bytes_into(&field(data, "palette"), &mut palette) {
                    return Err("start: `palette` must be a Uint8Array of RGB triples".into());
                }
                let palette = GifPalette::from_bytes(&palette)?;
                let delay = match field(data, "delay").as_f64() {
                    Some(v) if v.fract() == 0.0 && (0.0..=65_535.0).contains(&v) => v as u16,
                    _ => {
                        return Err(
                            "start: `delay` must be whole hundredths of a second, 0 to 65535"
                                .into(),
                        )
                    }
                };
                let comment = field(data, "comment").as_string().unwrap_or_default();
                state.encoder = Some(GifEncoder::new(width, height, &palette, delay, &comment)?);
                Ok(())
            }
            "frame" => {
                let Some(encoder) = state.encoder.as_mut() else {
                    return Err("frame: no GIF started (send `start` first)".into());
                };
                if !bytes_into(&field(data, "rgba"), &mut state.frame) {
                    return Err("frame: `rgba` must be an ArrayBuffer of RGBA pixels".into());
                }
                encoder.push_frame(&state.frame)?;
                let frames = JsValue::from(encoder.frames() as f64);
                post(scope, &message("progress", &[("frames", &frames)]));
                Ok(())
            }
            "finish" => {
                let Some(encoder) = state.encoder.take() else {
                    return Err("finish: no GIF started (send `start` first)".into());
                };
                let gif = encoder.finish()?;
                let buffer = Uint8Array::from(gif.as_slice()).buffer();
                let done = message("done", &[("bytes", &buffer)]);
                scope
                    .post_message_with_transfer(&done, &Array::of1(&buffer))
                    .map_err(|_| "finish: the GIF could not be sent to the page".to_string())
            }
            other => Err(format!(
                "unknown message kind {other:?} (start, frame or finish)"
            )),
        }
    }

    /// Listens for the page's messages and says it is ready.
    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let state = Rc::new(RefCell::new(State::default()));
        let on_message = {
            let scope = scope.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let Ok(mut state) = state.try_borrow_mut() else {
                    return;
                };
                if let Err(text) = handle(&scope, &mut state, &event.data()) {
                    post(&scope, &message("error", &[("message", &text.into())]));
                }
            })
        };
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The worker lives as long as its handler.
        on_message.forget();
        post(&scope, &message("ready", &[]));
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the GIF worker runs in the browser, started by the export dialog: build it with scripts/build");
}
