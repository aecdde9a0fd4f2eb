//! Animations out of the page. GIF: each frame is painted here, one per task, and its pixels
//! go to the encoder worker (`convlab-gif-worker`, fetched on the first GIF), which packs them
//! with a fixed palette from [`crate::export::gif`]; at most [`FRAMES_IN_FLIGHT`] frames wait
//! there at a time. WebM: the browser's `MediaRecorder` records a canvas stream that is fed
//! one painted frame per frame interval. Both stop when cancelled, and report their progress.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobEvent, CanvasCaptureMediaStreamTrack, MediaRecorder, MediaRecorderOptions,
    MessageEvent, Worker,
};

use super::frames::{pause, Exportable, FrameCanvas};
use crate::export::plan::FramePlan;

/// Frames painted and sent but not yet encoded, at most: enough to keep the worker busy,
/// few enough that a long animation never piles up in memory.
const FRAMES_IN_FLIGHT: usize = 3;

/// One export in progress: the Cancel button (and closing the dialog) sets `cancelled`.
#[derive(Clone, Default)]
pub struct Job {
    /// Set by the Cancel button.
    pub cancelled: Rc<Cell<bool>>,
}

/// The encoder worker's URL, which the part's loader writes on the part's root (it knows
/// where the part's files are: `www/parts/export/boot.js`).
fn worker_url() -> Result<String, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(crate::ui::part_bridge::EXPORT_ROOT_ID))
        .and_then(|root| root.get_attribute("data-worker"))
        .ok_or_else(|| "the page does not say where the encoder is".to_string())
}

/// Messages from a worker, waited for one at a time.
#[derive(Default)]
struct Mailbox {
    queue: RefCell<VecDeque<JsValue>>,
    waiting: RefCell<Option<js_sys::Function>>,
}

impl Mailbox {
    fn deliver(&self, message: JsValue) {
        self.queue.borrow_mut().push_back(message);
        if let Some(wake) = self.waiting.borrow_mut().take() {
            let _ = wake.call0(&JsValue::NULL);
        }
    }

    async fn next(&self) -> JsValue {
        loop {
            if let Some(message) = self.queue.borrow_mut().pop_front() {
                return message;
            }
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                *self.waiting.borrow_mut() = Some(resolve);
            });
            let _ = JsFuture::from(promise).await;
        }
    }
}

fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn message(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// What the worker said, when it is not what was expected: its error in words.
fn worker_error(reply: &JsValue) -> String {
    match field(reply, "kind").as_string().as_deref() {
        Some("error") => field(reply, "message")
            .as_string()
            .unwrap_or_else(|| "the encoder failed".to_string()),
        _ => "the encoder answered out of turn".to_string(),
    }
}

/// The encoder worker, started and ready.
struct Encoder {
    worker: Worker,
    mailbox: Rc<Mailbox>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Encoder {
    async fn start() -> Result<Encoder, String> {
        let worker = Worker::new(&worker_url()?)
            .map_err(|_| "the browser would not start the encoder".to_string())?;
        let mailbox = Rc::new(Mailbox::default());
        let on_message = {
            let mailbox = mailbox.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| mailbox.deliver(e.data()))
        };
        let on_error = {
            let mailbox = mailbox.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
                e.prevent_default();
                mailbox.deliver(message(&[
                    ("kind", "error".into()),
                    (
                        "message",
                        "the encoder could not be fetched or started".into(),
                    ),
                ]));
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let encoder = Encoder {
            worker,
            mailbox,
            _on_message: on_message,
            _on_error: on_error,
        };
        let reply = encoder.mailbox.next().await;
        if field(&reply, "kind").as_string().as_deref() != Some("ready") {
            encoder.worker.terminate();
            return Err(worker_error(&reply));
        }
        Ok(encoder)
    }

    /// Waits for the worker's next progress report: frames encoded so far.
    async fn progress(&self) -> Result<usize, String> {
        let reply = self.mailbox.next().await;
        match field(&reply, "kind").as_string().as_deref() {
            Some("progress") => Ok(field(&reply, "frames").as_f64().unwrap_or(0.0) as usize),
            _ => Err(worker_error(&reply)),
        }
    }

    fn post(&self, message: &JsValue, transfer: Option<&JsValue>) -> Result<(), String> {
        let sent = match transfer {
            Some(t) => self
                .worker
                .post_message_with_transfer(message, &js_sys::Array::of1(t)),
            None => self.worker.post_message(message),
        };
        sent.map_err(|_| "the encoder could not be reached".to_string())
    }
}

impl Drop for Encoder {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The GIF of `plan`'s frames, `width` pixels wide at `fps` frames per second, carrying
/// `comment`; `None` when cancelled. `progress(done)` after each encoded frame.
pub async fn gif(
    ex: &Exportable,
    plan: &FramePlan,
    width: u32,
    fps: u32,
    comment: &str,
    job: &Job,
    progress: &dyn Fn(usize),
) -> Result<Option<Vec<u8>>, String> {
    let (first, last) = match (plan.frames.first(), plan.frames.last()) {
        (Some(&f), Some(&l)) => (ex.scene(f, width), ex.scene(l, width)),
        _ => return Err("there are no frames to export".to_string()),
    };
    let palette = crate::export::gif::palette_for(&[&first, &last], ex.data.as_ref());
    let mut canvas = FrameCanvas::new(&first, width)?;
    let encoder = Encoder::start().await?;
    let delay = (100.0 / f64::from(fps.max(1))).round().max(1.0);
    encoder.post(
        &message(&[
            ("kind", "start".into()),
            ("width", canvas.width.into()),
            ("height", canvas.height.into()),
            (
                "palette",
                js_sys::Uint8Array::from(palette.to_bytes().as_slice()).into(),
            ),
            ("delay", delay.into()),
            ("comment", comment.into()),
        ]),
        None,
    )?;
    let mut encoded = 0usize;
    for (sent, &step) in plan.frames.iter().enumerate() {
        if job.cancelled.get() {
            return Ok(None);
        }
        let scene = ex.scene(step, width);
        canvas.paint(&scene, ex.data.as_ref())?;
        let pixels = canvas.pixels()?;
        let buffer = pixels.buffer();
        encoder.post(
            &message(&[("kind", "frame".into()), ("rgba", buffer.clone().into())]),
            Some(&buffer.into()),
        )?;
        while sent + 1 - encoded >= FRAMES_IN_FLIGHT {
            encoded = encoder.progress().await?;
            progress(encoded);
        }
        // One frame per task: the page stays responsive however long the animation.
        pause(0).await;
    }
    while encoded < plan.frames.len() {
        if job.cancelled.get() {
            return Ok(None);
        }
        encoded = encoder.progress().await?;
        progress(encoded);
    }
    encoder.post(&message(&[("kind", "finish".into())]), None)?;
    let reply = encoder.mailbox.next().await;
    match field(&reply, "kind").as_string().as_deref() {
        Some("done") => Ok(Some(
            js_sys::Uint8Array::new(&field(&reply, "bytes")).to_vec(),
        )),
        _ => Err(worker_error(&reply)),
    }
}

/// The video types to ask for, best first.
const WEBM_TYPES: [&str; 3] = [
    "video/webm;codecs=vp9",
    "video/webm;codecs=vp8",
    "video/webm",
];

/// A WebM of `plan`'s frames at `fps` frames per second, `width` pixels wide, recorded by the
/// browser in real time (a frame per interval); `None` when cancelled.
pub async fn webm(
    ex: &Exportable,
    plan: &FramePlan,
    width: u32,
    fps: u32,
    job: &Job,
    progress: &dyn Fn(usize),
) -> Result<Option<Vec<u8>>, String> {
    let first = match plan.frames.first() {
        Some(&f) => ex.scene(f, width),
        None => return Err("there are no frames to export".to_string()),
    };
    let mut canvas = FrameCanvas::new(&first, width)?;
    canvas.paint(&first, ex.data.as_ref())?;
    let mime = WEBM_TYPES
        .into_iter()
        .find(|t| MediaRecorder::is_type_supported(t))
        .ok_or("this browser cannot record WebM video")?;
    let stream = canvas
        .canvas
        .capture_stream_with_frame_request_rate(0.0)
        .map_err(|_| "the browser would not record the canvas")?;
    let track: CanvasCaptureMediaStreamTrack = stream
        .get_video_tracks()
        .get(0)
        .dyn_into()
        .map_err(|_| "the browser gave no video track to record")?;
    let options = MediaRecorderOptions::new();
    options.set_mime_type(mime);
    let recorder =
        MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options)
            .map_err(|_| "the browser would not record WebM video")?;
    let parts = js_sys::Array::new();
    let on_data = {
        let parts = parts.clone();
        Closure::<dyn Fn(BlobEvent)>::new(move |e: BlobEvent| {
            if let Some(blob) = e.data() {
                parts.push(&blob);
            }
        })
    };
    recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
    let stopped = js_sys::Promise::new(&mut |resolve, _| {
        recorder.set_onstop(Some(&resolve));
    });
    recorder
        .start()
        .map_err(|_| "the browser would not start recording")?;
    let interval = (1000 / fps.max(1)).max(1);
    for (done, &step) in plan.frames.iter().enumerate() {
        if job.cancelled.get() {
            let _ = recorder.stop();
            return Ok(None);
        }
        let scene = ex.scene(step, width);
        canvas.paint(&scene, ex.data.as_ref())?;
        track.request_frame();
        progress(done + 1);
        pause(interval).await;
    }
    recorder
        .stop()
        .map_err(|_| "the browser would not finish the recording")?;
    let _ = JsFuture::from(stopped).await;
    drop(on_data);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("video/webm");
    let blob = Blob::new_with_blob_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser would not put the video together")?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| "the browser would not hand the video over")?;
    let video = js_sys::Uint8Array::new(&buffer).to_vec();
    // The recorder writes a live stream, without a length: write it in, so players show one
    // (a file this cannot change safely still plays as it is).
    let length_ms = f64::from(interval) * plan.frames.len() as f64;
    Ok(Some(
        crate::export::webm::with_duration(&video, length_ms).unwrap_or(video),
    ))
}
