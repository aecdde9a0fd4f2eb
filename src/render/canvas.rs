//! The one file that paints the stage's [`Scene`] onto a canvas's 2-D context: rectangles,
//! grids, texts, lines, and each plane's values as an image of one pixel per cell, scaled up
//! and clipped to the cells already written. Plane images are cached per layer and scheme, so a
//! frame only copies them and paints the shapes around them. It decides nothing: what a frame
//! shows comes from [`Scene::new`].

use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::colors::{value_colour, Rgb, Scheme};
use super::layout::Rect;
use super::scene::{
    grid_segments, Align, Baseline, Font, Paint, PlaneFill, Scene, Shape, SCENE_MARGIN, STROKE_DASH,
};
use crate::engine::tensor::Tensor;
use crate::timeline::{LayerData, TensorId};

/// Cached plane images of one layer's numbers in one scheme.
#[derive(Default)]
pub struct PlaneCache {
    generation: u64,
    /// Each plane's image by (tensor, channel): a list, as a stage shows a few dozen planes at
    /// most (a map would cost the page more code than the search costs time).
    images: Vec<((u8, usize), HtmlCanvasElement)>,
}

impl PlaneCache {
    /// Forgets every image when the numbers or the scheme change (`generation` names both).
    pub fn reset_if_changed(&mut self, generation: u64) {
        if generation != self.generation {
            self.images.clear();
            self.generation = generation;
        }
    }
}

fn tensor_key(t: TensorId) -> u8 {
    match t {
        TensorId::Input => 0,
        TensorId::Intermediate => 1,
        TensorId::Output => 2,
    }
}

fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// A canvas of one pixel per cell holding the colours of channel `c`.
fn plane_image(
    t: &Tensor,
    c: usize,
    scale: f32,
    scheme: Scheme,
) -> Result<HtmlCanvasElement, JsValue> {
    let shape = t.shape();
    let values = t
        .channel(c)
        .ok_or_else(|| JsValue::from_str("no such channel"))?;
    let mut rgba = Vec::with_capacity(values.len() * 4);
    for v in values {
        let Rgb(r, g, b) = value_colour(scheme, *v, scale);
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
    let image = ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(&rgba),
        shape.w as u32,
        shape.h as u32,
    )?;
    let canvas: HtmlCanvasElement = document()?.create_element("canvas")?.dyn_into()?;
    canvas.set_width(shape.w as u32);
    canvas.set_height(shape.h as u32);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    ctx.put_image_data(&image, 0.0, 0.0)?;
    Ok(canvas)
}

/// The CSS font of `font`.
fn css_font(font: Font) -> String {
    format!(
        "{}{}px {}",
        if font.bold { "600 " } else { "" },
        crate::config::format::fixed(font.px, 1),
        if font.mono {
            "ui-monospace, monospace"
        } else {
            "system-ui, sans-serif"
        }
    )
}

/// Sizes `canvas` for `scene` at device-pixel ratio `dpr` (its CSS size is the scene's) and
/// returns its context, scaled so that one unit is one CSS pixel from the scene's origin.
pub fn prepare(
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    dpr: f64,
) -> Option<CanvasRenderingContext2d> {
    let dpr = dpr.max(1.0);
    let (w, h) = (scene.width, scene.height);
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let (w, h) = (
        crate::config::format::fixed(w, 3),
        crate::config::format::fixed(h, 3),
    );
    let _ = canvas.set_attribute("style", &format!("width:{w}px;height:{h}px"));
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, SCENE_MARGIN * dpr, SCENE_MARGIN * dpr);
    Some(ctx)
}

/// Clips to the first `done` cells of a `cols`-wide plane in row-major order.
fn clip_to_done(ctx: &CanvasRenderingContext2d, r: &Rect, cols: usize, cell_h: f64, done: u64) {
    let cols = cols.max(1) as u64;
    let cell_w = r.w / cols as f64;
    let full_rows = done / cols;
    let rest = done % cols;
    ctx.begin_path();
    ctx.rect(r.x, r.y, r.w, full_rows as f64 * cell_h);
    if rest > 0 {
        ctx.rect(
            r.x,
            r.y + full_rows as f64 * cell_h,
            rest as f64 * cell_w,
            cell_h,
        );
    }
    ctx.clip();
}

/// Strokes straight segments `[x0, y0, x1, y1]` as one path.
fn stroke_segments(
    ctx: &CanvasRenderingContext2d,
    segments: impl Iterator<Item = [f64; 4]>,
    paint: Paint,
    width: f64,
) {
    ctx.set_stroke_style_str(&paint.css());
    ctx.set_line_width(width);
    ctx.begin_path();
    for [x0, y0, x1, y1] in segments {
        ctx.move_to(x0, y0);
        ctx.line_to(x1, y1);
    }
    ctx.stroke();
}

/// Paints `scene`; `ctx` comes from [`prepare`]. A plane's values come from `data`.
pub fn paint_scene(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    data: Option<&LayerData>,
    cache: &mut PlaneCache,
) -> Result<(), JsValue> {
    ctx.set_image_smoothing_enabled(false);
    ctx.set_line_dash(&js_sys::Array::new())?;
    for shape in &scene.shapes {
        match shape {
            Shape::Fill { rect, paint } => {
                ctx.set_fill_style_str(&paint.css());
                ctx.fill_rect(rect.x, rect.y, rect.w, rect.h);
            }
            Shape::Stroke {
                rect,
                paint,
                width,
                dashed,
            } => {
                ctx.set_stroke_style_str(&paint.css());
                ctx.set_line_width(*width);
                if *dashed {
                    let [dash, gap] = STROKE_DASH;
                    let dash = js_sys::Array::of2(&JsValue::from(dash), &JsValue::from(gap));
                    ctx.set_line_dash(&dash)?;
                }
                ctx.stroke_rect(rect.x, rect.y, rect.w, rect.h);
                if *dashed {
                    ctx.set_line_dash(&js_sys::Array::new())?;
                }
            }
            Shape::Grid {
                rect,
                rows,
                cols,
                paint,
            } => stroke_segments(ctx, grid_segments(*rect, *rows, *cols), *paint, 1.0),
            Shape::Plane {
                rect,
                rows,
                cols,
                done,
                fill,
            } => {
                ctx.save();
                clip_to_done(ctx, rect, *cols, rect.h / *rows.max(&1) as f64, *done);
                match fill {
                    PlaneFill::Values {
                        tensor,
                        channel,
                        scale,
                    } => {
                        if let Some(t) = data.and_then(|d| d.tensor(*tensor)) {
                            let key = (tensor_key(*tensor), *channel);
                            let index = match cache.images.iter().position(|(k, _)| *k == key) {
                                Some(index) => index,
                                None => {
                                    let image = plane_image(t, *channel, *scale, scene.scheme)?;
                                    cache.images.push((key, image));
                                    cache.images.len() - 1
                                }
                            };
                            let image = &cache.images[index].1;
                            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                                image, rect.x, rect.y, rect.w, rect.h,
                            )?;
                        }
                    }
                    PlaneFill::Flat(rgb) => {
                        ctx.set_fill_style_str(&rgb.css());
                        ctx.fill_rect(rect.x, rect.y, rect.w, rect.h);
                    }
                }
                ctx.restore();
            }
            Shape::Lines {
                segments,
                paint,
                width,
            } => stroke_segments(ctx, segments.iter().copied(), *paint, *width),
            Shape::Text {
                x,
                y,
                text,
                font,
                paint,
                align,
                baseline,
                max_width,
            } => {
                ctx.set_font(&css_font(*font));
                ctx.set_fill_style_str(&paint.css());
                ctx.set_text_align(match align {
                    Align::Left => "left",
                    Align::Center => "center",
                });
                ctx.set_text_baseline(match baseline {
                    Baseline::Top => "top",
                    Baseline::Middle => "middle",
                    Baseline::Bottom => "bottom",
                });
                match max_width {
                    Some(w) => ctx.fill_text_with_max_width(text, *x, *y, *w)?,
                    None => ctx.fill_text(text, *x, *y)?,
                }
            }
        }
    }
    Ok(())
}
