//! The one file that calls the canvas API: draws a [`StageScene`] — planes, padding, values,
//! the kernel window of the current step, the cells it writes, the receptive field under the
//! pointer — onto a 2-D context. Plane images are cached per layer, so a frame only copies
//! them and draws the overlays that changed.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::colors::{diverging, Rgb};
use super::layout::{PlaneLayout, Rect, StageLayout, View};
use crate::config::format::{fixed, with_minus};
use crate::engine::conv::Tap;
use crate::engine::tensor::Tensor;
use crate::timeline::{CellRef, LayerData, TensorId};

/// Everything one frame shows.
pub struct StageScene<'a> {
    /// Where things go.
    pub layout: &'a StageLayout,
    /// The numbers, when the layer is small enough to have them.
    pub data: Option<&'a LayerData>,
    /// Finished elements of the intermediate tensor (when there is one).
    pub intermediate_done: u64,
    /// Finished elements of the output tensor.
    pub output_done: u64,
    /// The tensor the current step reads, its taps, and the taps done so far.
    pub window: Option<(TensorId, &'a [Tap], usize)>,
    /// The element the current step writes.
    pub writing: Option<(TensorId, usize, usize, usize)>,
    /// Colour of the current filter (its group or channel).
    pub filter_colour: Rgb,
    /// Colour of a plane's frame: by group or channel, per tensor and channel.
    pub frame_colour: &'a dyn Fn(TensorId, usize) -> Option<Rgb>,
    /// The receptive field under the pointer.
    pub hover: &'a [CellRef],
    /// The planes of the filter in focus (its inputs and its output), outlined and tinted.
    pub lit: &'a [(TensorId, usize)],
    /// Titles of the columns, left to right.
    pub titles: &'a [String],
}

/// Cached plane images of one layer's numbers.
#[derive(Default)]
pub struct PlaneCache {
    generation: u64,
    images: HashMap<(u8, usize), HtmlCanvasElement>,
}

impl PlaneCache {
    /// Forgets every image when the numbers change (`generation` names the data).
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

/// Planes narrower than this go without their "channel n" label (it would overlap the next).
const MIN_LABEL_WIDTH: f64 = 64.0;
const BACKGROUND: &str = "#ffffff";
const PADDING: &str = "#e4e6eb";
const PENDING: &str = "#f3f4f6";
const GRID: &str = "rgba(0,0,0,0.12)";
const INK: &str = "#1b1f24";
const MUTED: &str = "#57606a";
const HOVER: &str = "rgba(204,121,167,0.45)";
const LIT_TINT: &str = "rgba(204,121,167,0.14)";
const WRITE: &str = "#111111";

fn max_abs(t: &Tensor) -> f32 {
    t.data().iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// A canvas of one pixel per cell holding the colours of channel `c`.
fn plane_image(t: &Tensor, c: usize, scale: f32) -> Result<HtmlCanvasElement, JsValue> {
    let shape = t.shape();
    let values = t
        .channel(c)
        .ok_or_else(|| JsValue::from_str("no such channel"))?;
    let mut rgba = Vec::with_capacity(values.len() * 4);
    for v in values {
        let Rgb(r, g, b) = diverging(*v, scale);
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

/// A value as printed in a cell and in the math line: integers plainly, reals to two
/// decimals, negatives with the minus sign (−).
pub fn cell_text(v: f32) -> String {
    with_minus(if v.fract() == 0.0 && v.abs() < 1e6 {
        format!("{}", v as i64)
    } else {
        fixed(f64::from(v), 2)
    })
}

/// Draws the scene. `ctx` is already scaled so that one unit is one CSS pixel.
pub fn draw_stage(
    ctx: &CanvasRenderingContext2d,
    scene: &StageScene,
    cache: &mut PlaneCache,
) -> Result<(), JsValue> {
    let layout = scene.layout;
    ctx.set_fill_style_str(BACKGROUND);
    ctx.fill_rect(-2.0, -2.0, layout.width + 4.0, layout.height + 4.0);
    ctx.set_image_smoothing_enabled(false);
    for (i, column) in layout.columns.iter().enumerate() {
        ctx.set_fill_style_str(INK);
        ctx.set_font("600 14px system-ui, sans-serif");
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        if let Some(title) = scene.titles.get(i) {
            for (k, line) in title.lines().enumerate() {
                if k == 1 {
                    ctx.set_font("13px system-ui, sans-serif");
                    ctx.set_fill_style_str(MUTED);
                }
                ctx.fill_text(
                    line,
                    column.title_at.0,
                    column.title_at.1 + 2.0 + 17.0 * k as f64,
                )?;
            }
        }
        let tensor = scene.data.and_then(|d| d.tensor(column.tensor));
        let scale = tensor.map(max_abs).unwrap_or(1.0);
        for plane in &column.planes {
            draw_plane(ctx, scene, cache, plane, tensor, scale)?;
        }
        if layout.view == View::Stacked {
            draw_depth_links(ctx, scene, column.tensor)?;
        }
    }
    // The focused filter's planes, outlined over everything else.
    ctx.set_stroke_style_str(INK);
    ctx.set_line_width(3.0);
    for plane in layout.columns.iter().flat_map(|c| &c.planes) {
        if scene.lit.contains(&(plane.tensor, plane.channel)) {
            let r = plane.rect;
            ctx.stroke_rect(r.x - 3.5, r.y - 3.5, r.w + 7.0, r.h + 7.0);
        }
    }
    Ok(())
}

fn done_elements(scene: &StageScene, t: TensorId) -> Option<u64> {
    match t {
        TensorId::Input => None,
        TensorId::Intermediate => Some(scene.intermediate_done),
        TensorId::Output => Some(scene.output_done),
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_plane(
    ctx: &CanvasRenderingContext2d,
    scene: &StageScene,
    cache: &mut PlaneCache,
    plane: &PlaneLayout,
    tensor: Option<&Tensor>,
    scale: f32,
) -> Result<(), JsValue> {
    let layout = scene.layout;
    let cell = layout.cell;
    let r = plane.rect;
    let data_rect = Rect {
        x: r.x + plane.padding.w as f64 * cell,
        y: r.y + plane.padding.h as f64 * cell,
        w: plane.cols as f64 * cell,
        h: plane.rows as f64 * cell,
    };
    // Label above the plane.
    ctx.set_fill_style_str(MUTED);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_align("left");
    ctx.set_text_baseline("bottom");
    let label = format!("channel {}", plane.channel + 1);
    let label_fits = r.w >= MIN_LABEL_WIDTH;
    if label_fits
        && (layout.view == View::Flat || plane.channel == front_channel(layout, plane.tensor))
    {
        ctx.fill_text(&label, r.x, r.y - 2.0)?;
    }
    // Padding ring, then the data area.
    ctx.set_fill_style_str(PADDING);
    ctx.fill_rect(r.x, r.y, r.w, r.h);
    let plane_len = (plane.rows * plane.cols) as u64;
    let done_in_plane = done_elements(scene, plane.tensor)
        .map(|done| {
            done.saturating_sub(plane.channel as u64 * plane_len)
                .min(plane_len)
        })
        .unwrap_or(plane_len);
    ctx.set_fill_style_str(PENDING);
    ctx.fill_rect(data_rect.x, data_rect.y, data_rect.w, data_rect.h);
    if let Some(t) = tensor {
        if done_in_plane > 0 {
            let key = (tensor_key(plane.tensor), plane.channel);
            let image = match cache.images.entry(key) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(v) => v.insert(plane_image(t, plane.channel, scale)?),
            };
            {
                ctx.save();
                clip_to_done(ctx, &data_rect, plane.cols, cell, done_in_plane);
                ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                    image,
                    data_rect.x,
                    data_rect.y,
                    data_rect.w,
                    data_rect.h,
                )?;
                ctx.restore();
            }
        }
    } else if done_in_plane > 0 {
        // No numbers for a layer this size: shade what is done.
        ctx.save();
        clip_to_done(ctx, &data_rect, plane.cols, cell, done_in_plane);
        ctx.set_fill_style_str("#c9dcef");
        ctx.fill_rect(data_rect.x, data_rect.y, data_rect.w, data_rect.h);
        ctx.restore();
    }
    if cell >= 6.0 {
        draw_grid(
            ctx,
            &r,
            plane.rows + 2 * plane.padding.h,
            plane.cols + 2 * plane.padding.w,
            cell,
        );
    }
    let in_front =
        layout.view == View::Flat || plane.channel == front_channel(layout, plane.tensor);
    if layout.shows_numbers() && in_front {
        draw_numbers(ctx, layout, plane, tensor, scale, done_in_plane)?;
    }
    // Frame by group or channel.
    if let Some(c) = (scene.frame_colour)(plane.tensor, plane.channel) {
        ctx.set_stroke_style_str(&c.css());
        ctx.set_line_width(3.0);
        ctx.stroke_rect(r.x - 1.5, r.y - 1.5, r.w + 3.0, r.h + 3.0);
    }
    if scene.lit.contains(&(plane.tensor, plane.channel)) {
        ctx.set_fill_style_str(LIT_TINT);
        ctx.fill_rect(r.x, r.y, r.w, r.h);
    }
    draw_hover(ctx, layout, plane, scene.hover);
    draw_window(ctx, scene, plane);
    if let Some((t, c, y, x)) = scene.writing {
        if t == plane.tensor && c == plane.channel {
            let cell_rect = layout.screen_from_grid(plane, y as isize, x as isize);
            ctx.set_stroke_style_str(WRITE);
            ctx.set_line_width(if cell >= 8.0 { 3.0 } else { 2.0 });
            let pad = if cell >= 8.0 { 0.0 } else { 2.0 };
            ctx.stroke_rect(
                cell_rect.x - pad,
                cell_rect.y - pad,
                cell_rect.w + 2.0 * pad,
                cell_rect.h + 2.0 * pad,
            );
        }
    }
    Ok(())
}

/// The channel drawn in front: the last plane listed.
fn front_channel(layout: &StageLayout, t: TensorId) -> usize {
    layout
        .columns
        .iter()
        .find(|c| c.tensor == t)
        .and_then(|c| c.planes.last())
        .map_or(0, |p| p.channel)
}

/// Clips to the first `done` cells of a plane in row-major order.
fn clip_to_done(ctx: &CanvasRenderingContext2d, r: &Rect, cols: usize, cell: f64, done: u64) {
    let cols = cols.max(1) as u64;
    let full_rows = done / cols;
    let rest = done % cols;
    ctx.begin_path();
    ctx.rect(r.x, r.y, r.w, full_rows as f64 * cell);
    if rest > 0 {
        ctx.rect(r.x, r.y + full_rows as f64 * cell, rest as f64 * cell, cell);
    }
    ctx.clip();
}

fn draw_grid(ctx: &CanvasRenderingContext2d, r: &Rect, rows: usize, cols: usize, cell: f64) {
    ctx.set_stroke_style_str(GRID);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for i in 0..=rows {
        let y = r.y + i as f64 * cell;
        ctx.move_to(r.x, y);
        ctx.line_to(r.x + r.w, y);
    }
    for j in 0..=cols {
        let x = r.x + j as f64 * cell;
        ctx.move_to(x, r.y);
        ctx.line_to(x, r.y + r.h);
    }
    ctx.stroke();
}

fn draw_numbers(
    ctx: &CanvasRenderingContext2d,
    layout: &StageLayout,
    plane: &PlaneLayout,
    tensor: Option<&Tensor>,
    scale: f32,
    done: u64,
) -> Result<(), JsValue> {
    let cell = layout.cell;
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_font(&format!(
        "{}px ui-monospace, monospace",
        (cell * 0.42).clamp(9.0, 16.0).round() as u32
    ));
    let (ph, pw) = (plane.padding.h as isize, plane.padding.w as isize);
    for row in -ph..(plane.rows as isize + ph) {
        for col in -pw..(plane.cols as isize + pw) {
            let inside =
                row >= 0 && col >= 0 && (row as usize) < plane.rows && (col as usize) < plane.cols;
            let r = layout.screen_from_grid(plane, row, col);
            let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
            if !inside {
                ctx.set_fill_style_str("#8b929a");
                ctx.fill_text("0", cx, cy)?;
                continue;
            }
            let index = row as u64 * plane.cols as u64 + col as u64;
            if index >= done {
                continue;
            }
            if let Some(v) = tensor.and_then(|t| t.get(plane.channel, row as usize, col as usize)) {
                let bg = diverging(v, scale);
                ctx.set_fill_style_str(if bg.is_light() { INK } else { "#ffffff" });
                // Long values (reals, large sums) are narrowed to their cell, never overlap.
                ctx.fill_text_with_max_width(&cell_text(v), cx, cy, r.w * 0.92)?;
            }
        }
    }
    Ok(())
}

fn draw_hover(
    ctx: &CanvasRenderingContext2d,
    layout: &StageLayout,
    plane: &PlaneLayout,
    hover: &[CellRef],
) {
    ctx.set_fill_style_str(HOVER);
    for cell in hover
        .iter()
        .filter(|c| c.tensor == plane.tensor && c.channel == plane.channel)
    {
        let r = layout.screen_from_grid(plane, cell.row, cell.col);
        ctx.fill_rect(r.x, r.y, r.w, r.h);
    }
}

/// The bounding box of the taps a plane shows of the current window, in screen space.
fn window_box(layout: &StageLayout, plane: &PlaneLayout, taps: &[Tap]) -> Option<Rect> {
    let mut bounds: Option<(f64, f64, f64, f64)> = None;
    for tap in taps.iter().filter(|t| t.input_channel == plane.channel) {
        let r = layout.screen_from_grid(plane, tap.y, tap.x);
        bounds = Some(match bounds {
            None => (r.x, r.y, r.x + r.w, r.y + r.h),
            Some((x0, y0, x1, y1)) => (
                x0.min(r.x),
                y0.min(r.y),
                x1.max(r.x + r.w),
                y1.max(r.y + r.h),
            ),
        });
    }
    bounds.map(|(x0, y0, x1, y1)| Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    })
}

fn draw_window(ctx: &CanvasRenderingContext2d, scene: &StageScene, plane: &PlaneLayout) {
    let Some((tensor, taps, done)) = scene.window else {
        return;
    };
    if tensor != plane.tensor {
        return;
    }
    let layout = scene.layout;
    let colour = scene.filter_colour.css();
    // Each tap: a tinted cell; taps already multiplied (multiply-add steps) more strongly.
    for tap in taps.iter().filter(|t| t.input_channel == plane.channel) {
        let r = layout.screen_from_grid(plane, tap.y, tap.x);
        ctx.set_global_alpha(if tap.step < done { 0.35 } else { 0.15 });
        ctx.set_fill_style_str(&colour);
        ctx.fill_rect(r.x, r.y, r.w, r.h);
    }
    ctx.set_global_alpha(1.0);
    if let Some(b) = window_box(layout, plane, taps) {
        ctx.set_stroke_style_str(&colour);
        ctx.set_line_width(3.0);
        ctx.stroke_rect(b.x, b.y, b.w, b.h);
    }
    // The tap being multiplied now.
    if done < taps.len() || taps.len() == 1 {
        if let Some(tap) = done.checked_sub(1).and_then(|i| taps.get(i)) {
            if tap.input_channel == plane.channel {
                let r = layout.screen_from_grid(plane, tap.y, tap.x);
                ctx.set_stroke_style_str(WRITE);
                ctx.set_line_width(2.0);
                ctx.stroke_rect(r.x + 1.0, r.y + 1.0, r.w - 2.0, r.h - 2.0);
            }
        }
    }
}

/// In the stacked view, lines joining the window's corners from the front plane to the back
/// one: the kernel visibly reaching through the depth it uses.
fn draw_depth_links(
    ctx: &CanvasRenderingContext2d,
    scene: &StageScene,
    tensor: TensorId,
) -> Result<(), JsValue> {
    let Some((t, taps, _)) = scene.window else {
        return Ok(());
    };
    if t != tensor {
        return Ok(());
    }
    let layout = scene.layout;
    let Some(column) = layout.columns.iter().find(|c| c.tensor == tensor) else {
        return Ok(());
    };
    let boxes: Vec<Rect> = column
        .planes
        .iter()
        .filter_map(|p| window_box(layout, p, taps))
        .collect();
    if let (Some(back), Some(front)) = (boxes.first(), boxes.last()) {
        ctx.set_stroke_style_str(&scene.filter_colour.css());
        ctx.set_line_width(1.5);
        ctx.begin_path();
        for (dx, dy) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
            ctx.move_to(back.x + dx * back.w, back.y + dy * back.h);
            ctx.line_to(front.x + dx * front.w, front.y + dy * front.h);
        }
        ctx.stroke();
    }
    Ok(())
}
