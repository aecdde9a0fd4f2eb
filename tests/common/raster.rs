//! A small reference painter of the stage's `Scene` into an RGBA bitmap, one pixel per CSS
//! pixel, for tests of exports: fills, strokes (dashes drawn solid), grids, lines and plane
//! cells, each pixel painted by the shapes whose area holds its centre. A translucent shape is
//! blended once per pixel with `export::gif::over`, the formula the GIF palette assumes. Texts
//! are left out (their glyphs need a font).

use convlab::export::gif::over;
use convlab::render::colors::{value_colour, Rgb};
use convlab::render::layout::Rect;
use convlab::render::scene::{grid_segments, Palette, PlaneFill, Scene, Shape, SCENE_MARGIN};
use convlab::timeline::LayerData;

/// An opaque RGB bitmap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Row-major colours.
    pub pixels: Vec<Rgb>,
}

impl Bitmap {
    /// `[r, g, b, 255, …]`, as a canvas's `getImageData` gives them.
    pub fn rgba(&self) -> Vec<u8> {
        self.pixels
            .iter()
            .flat_map(|&Rgb(r, g, b)| [r, g, b, 255])
            .collect()
    }
}

/// Whether `(x, y)` lies in `r`, left and top edges included.
fn inside(r: Rect, x: f64, y: f64) -> bool {
    r.x <= x && x < r.x + r.w && r.y <= y && y < r.y + r.h
}

fn grown(r: Rect, d: f64) -> Rect {
    Rect {
        x: r.x - d,
        y: r.y - d,
        w: r.w + 2.0 * d,
        h: r.h + 2.0 * d,
    }
}

/// Distance from `(x, y)` to the segment `[x0, y0, x1, y1]`.
fn to_segment(s: [f64; 4], x: f64, y: f64) -> f64 {
    let (dx, dy) = (s[2] - s[0], s[3] - s[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((x - s[0]) * dx + (y - s[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (s[0] + t * dx - x, s[1] + t * dy - y);
    (px * px + py * py).sqrt()
}

/// Paints `scene` (plane values from `data`).
pub fn paint(scene: &Scene, data: Option<&LayerData>) -> Bitmap {
    let (width, height) = (scene.width.ceil() as usize, scene.height.ceil() as usize);
    let background = Palette::of(scene.scheme).background;
    let mut pixels = vec![background; width * height];
    // The pixels whose centres may lie in `area`, with those centres in the scene's
    // coordinates.
    let pixels_in = move |area: Rect| {
        let span = |lo: f64, len: f64, n: usize| {
            let first = (lo + SCENE_MARGIN - 1.0).floor().clamp(0.0, n as f64) as usize;
            let last = (lo + len + SCENE_MARGIN + 1.0).ceil().clamp(0.0, n as f64) as usize;
            first..last
        };
        let (cols, rows) = (span(area.x, area.w, width), span(area.y, area.h, height));
        rows.flat_map(move |py| {
            cols.clone().map(move |px| {
                (
                    py * width + px,
                    px as f64 + 0.5 - SCENE_MARGIN,
                    py as f64 + 0.5 - SCENE_MARGIN,
                )
            })
        })
    };
    let blend = |pixels: &mut Vec<Rgb>, area: Rect, covered: &dyn Fn(f64, f64) -> bool, paint| {
        for (i, x, y) in pixels_in(area) {
            if covered(x, y) {
                pixels[i] = over(paint, pixels[i]);
            }
        }
    };
    for shape in &scene.shapes {
        match shape {
            Shape::Fill { rect, paint } => {
                blend(&mut pixels, *rect, &|x, y| inside(*rect, x, y), *paint)
            }
            Shape::Stroke {
                rect, paint, width, ..
            } => {
                let (outer, inner) = (grown(*rect, width / 2.0), grown(*rect, -width / 2.0));
                blend(
                    &mut pixels,
                    outer,
                    &|x, y| inside(outer, x, y) && !inside(inner, x, y),
                    *paint,
                )
            }
            Shape::Grid {
                rect,
                rows,
                cols,
                paint,
            } => {
                let lines: Vec<[f64; 4]> = grid_segments(*rect, *rows, *cols).collect();
                let area = grown(*rect, 0.5);
                blend(
                    &mut pixels,
                    area,
                    &|x, y| {
                        inside(area, x, y)
                            && lines.iter().any(|s| {
                                if s[0] == s[2] {
                                    s[0] - 0.5 <= x && x < s[0] + 0.5
                                } else {
                                    s[1] - 0.5 <= y && y < s[1] + 0.5
                                }
                            })
                    },
                    *paint,
                )
            }
            Shape::Lines {
                segments,
                paint,
                width,
            } => {
                let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                for s in segments {
                    (x0, y0) = (x0.min(s[0]).min(s[2]), y0.min(s[1]).min(s[3]));
                    (x1, y1) = (x1.max(s[0]).max(s[2]), y1.max(s[1]).max(s[3]));
                }
                if segments.is_empty() {
                    continue;
                }
                let area = grown(
                    Rect {
                        x: x0,
                        y: y0,
                        w: x1 - x0,
                        h: y1 - y0,
                    },
                    width / 2.0,
                );
                blend(
                    &mut pixels,
                    area,
                    &|x, y| segments.iter().any(|s| to_segment(*s, x, y) <= width / 2.0),
                    *paint,
                )
            }
            Shape::Plane {
                rect,
                rows,
                cols,
                done,
                fill,
            } => {
                let (rows, cols) = ((*rows).max(1), (*cols).max(1));
                let (cw, ch) = (rect.w / cols as f64, rect.h / rows as f64);
                for (i, x, y) in pixels_in(*rect) {
                    let p = &mut pixels[i];
                    if !inside(*rect, x, y) {
                        continue;
                    }
                    let row = (((y - rect.y) / ch) as usize).min(rows - 1);
                    let col = (((x - rect.x) / cw) as usize).min(cols - 1);
                    let k = row * cols + col;
                    if k as u64 >= *done {
                        continue;
                    }
                    match fill {
                        PlaneFill::Flat(rgb) => *p = *rgb,
                        PlaneFill::Values {
                            tensor,
                            channel,
                            scale,
                        } => {
                            if let Some(v) = data
                                .and_then(|d| d.tensor(*tensor))
                                .and_then(|t| t.channel(*channel))
                                .and_then(|vs| vs.get(k))
                            {
                                *p = value_colour(scene.scheme, *v, *scale);
                            }
                        }
                    }
                }
            }
            Shape::Text { .. } => {}
        }
    }
    Bitmap {
        width,
        height,
        pixels,
    }
}
