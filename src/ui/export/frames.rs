//! The export's frames: the state a link describes (the same layer, numbers, kernel, view and
//! step size the stage shows), the scene of any step at an export's width, and painting it on
//! a canvas that is not on the page. Every export paints these scenes, so a file shows what
//! the stage shows.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::config::LayerConfig;
use crate::render::canvas::{paint_scene, PlaneCache};
use crate::render::colors::Scheme;
use crate::render::scene::{Scene, SceneInput, SCENE_MARGIN};
use crate::timeline::{Granularity, LayerData, Timeline};
use crate::ui::playback::stage_layer;
use crate::ui::stage_settings::StageSettings;
use crate::ui::state::AppState;

/// The planes' height at most, as a share of the frame's width (a 16:10 frame, roughly, with
/// the titles and kernels around them).
const PLANES_HEIGHT_PER_WIDTH: f64 = 0.5;

/// What a link shows on the stage, ready to be painted at any step.
pub struct Exportable {
    /// The page's state as the link has it.
    pub state: AppState,
    /// The layer the stage runs (a rank-k kernel as k passes).
    pub config: LayerConfig,
    /// The stage's settings (view, step size, seed…).
    pub settings: StageSettings,
    /// The steps.
    pub timeline: Rc<Timeline>,
    /// The numbers, when the layer is small enough to carry them.
    pub data: Option<LayerData>,
    /// The step the stage was at.
    pub completed: u64,
}

impl Exportable {
    /// The state `query` describes, or why the stage cannot show it.
    pub fn from_query(query: &str) -> Result<Exportable, String> {
        let state = AppState::from_query(query);
        let config = state.form.validate().map_err(|problems| {
            let first = problems.first().map_or("", |p| p.message.as_str());
            format!("the layer is not valid ({first})")
        })?;
        let (config, kernel) = stage_layer(config, state.stage_kernel());
        let settings = state.stage;
        let timeline = Timeline::new(&config, settings.granularity)
            .map_err(|e| format!("this layer cannot be animated: {e}"))?;
        // The numbers, made exactly as the stage makes them.
        let data = Timeline::new(&config, Granularity::Element)
            .and_then(|t| match &kernel {
                Some(kernel) => {
                    LayerData::generate_with_kernel(&t, settings.seed, settings.values, kernel)
                }
                None => LayerData::generate(&t, settings.seed, settings.values, settings.preset),
            })
            .ok();
        let completed = settings.step.unwrap_or(0).min(timeline.len());
        Ok(Exportable {
            state,
            config,
            settings,
            timeline: Rc::new(timeline),
            data,
            completed,
        })
    }

    /// The scene after `completed` steps, laid out for a frame `width` pixels wide (light
    /// scheme: slides and paper).
    pub fn scene(&self, completed: u64, width: u32) -> Scene {
        let width = f64::from(width);
        Scene::new(&SceneInput {
            timeline: &self.timeline,
            data: self.data.as_ref(),
            multiplier: self.config.multiplier,
            completed,
            hover: None,
            focus: None,
            view: self.settings.view,
            width,
            max_height: width * PLANES_HEIGHT_PER_WIDTH,
            scheme: Scheme::Light,
        })
    }

    /// The page's query for this state at `step` completed steps, as a full page (not
    /// embedded, not presenting).
    pub fn query_at(&self, step: u64) -> String {
        let mut state = self.state.clone();
        state.stage.step = Some(step);
        state.stage.embed = false;
        state.stage.present = false;
        state.to_query()
    }
}

/// A canvas off the page that frames are painted on, `width` pixels wide and as tall as the
/// first scene it is sized for; a scene wider or narrower than the frame is scaled to it.
pub struct FrameCanvas {
    /// The canvas.
    pub canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    cache: PlaneCache,
    /// Frame width in pixels.
    pub width: u32,
    /// Frame height in pixels.
    pub height: u32,
}

impl FrameCanvas {
    /// A canvas for frames of `scene`'s proportions, `width` pixels wide.
    pub fn new(scene: &Scene, width: u32) -> Result<FrameCanvas, String> {
        let canvas: HtmlCanvasElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|c| c.dyn_into().ok())
            .ok_or("the browser would not make a canvas")?;
        let height = ((scene.height * f64::from(width) / scene.width).round() as u32).max(1);
        canvas.set_width(width);
        canvas.set_height(height);
        // Frames are read back one after another: keep the canvas in memory, not on the GPU.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &options,
            &JsValue::from_str("willReadFrequently"),
            &JsValue::TRUE,
        );
        let ctx = canvas
            .get_context_with_context_options("2d", &options)
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or("the browser would not draw on a canvas")?;
        Ok(FrameCanvas {
            canvas,
            ctx,
            cache: PlaneCache::default(),
            width,
            height,
        })
    }

    /// Paints `scene` (numbers from `data`) over the whole frame.
    pub fn paint(&mut self, scene: &Scene, data: Option<&LayerData>) -> Result<(), String> {
        let scale = f64::from(self.width) / scene.width;
        let failed = |_: JsValue| "the browser could not paint the frame".to_string();
        self.ctx
            .set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            .map_err(failed)?;
        self.ctx
            .clear_rect(0.0, 0.0, f64::from(self.width), f64::from(self.height));
        self.ctx
            .set_transform(
                scale,
                0.0,
                0.0,
                scale,
                SCENE_MARGIN * scale,
                SCENE_MARGIN * scale,
            )
            .map_err(failed)?;
        paint_scene(&self.ctx, scene, data, &mut self.cache).map_err(failed)
    }

    /// The frame's pixels, RGBA row by row.
    pub fn pixels(&self) -> Result<js_sys::Uint8ClampedArray, String> {
        let image = self
            .ctx
            .get_image_data(0.0, 0.0, f64::from(self.width), f64::from(self.height))
            .map_err(|_| "the browser would not read the frame back".to_string())?;
        // The array itself, not a copy (`ImageData::data` would copy it into Rust).
        js_sys::Reflect::get(&image, &JsValue::from_str("data"))
            .ok()
            .and_then(|d| d.dyn_into().ok())
            .ok_or_else(|| "the browser would not read the frame back".to_string())
    }

    /// The frame as PNG bytes, compressed by the browser.
    pub async fn png(&self) -> Result<Vec<u8>, String> {
        let canvas = self.canvas.clone();
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            if canvas.to_blob(&resolve).is_err() {
                let _ = reject.call0(&JsValue::NULL);
            }
        });
        let refused = |_| "the browser would not write the frame as PNG".to_string();
        let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(refused)?
            .dyn_into()
            .map_err(refused)?;
        let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
            .await
            .map_err(refused)?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

/// Waits `ms` milliseconds (0: until the browser has run what is waiting), so a long export
/// never holds the page.
pub async fn pause(ms: u32) {
    yew::platform::time::sleep(std::time::Duration::from_millis(u64::from(ms))).await;
}
