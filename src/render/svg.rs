//! A second painter of the stage's [`Scene`]: SVG text, in pure Rust. It paints the same shapes
//! the canvas paints, in the same order — a plane's finished cells as one `<rect>` each (class
//! `cell`), texts as `<text>` — so a frame can leave the page as a vector picture (slides, print,
//! the export dialog) or go into a page's HTML before its wasm. The output depends only on the
//! scene and the numbers: the same frame gives the same bytes.

use std::fmt::Write;

use super::colors::value_colour;
use super::scene::{
    grid_segments, Align, Baseline, Paint, PlaneFill, Scene, Shape, SCENE_MARGIN, STROKE_DASH,
};
use crate::config::format::fixed;
use crate::timeline::LayerData;

/// A coordinate or length, to a tenth of a pixel, without a trailing zero (`26`, `84.6`).
fn n(v: f64) -> String {
    let text = fixed(v, 1);
    match text.find('.') {
        Some(_) => text.trim_end_matches('0').trim_end_matches('.').to_string(),
        None => text,
    }
}

/// `text` with XML's special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// `fill="…"` or `stroke="…"` (`attribute`), and its opacity when translucent.
fn paint_attr(attribute: &str, paint: Paint) -> String {
    let mut out = format!("{attribute}=\"{}\"", paint.rgb.css());
    if paint.alpha != 255 {
        let opacity = fixed(f64::from(paint.alpha) / 255.0, 3);
        let _ = write!(out, " {attribute}-opacity=\"{opacity}\"");
    }
    out
}

/// Straight segments `[x0, y0, x1, y1]` as one stroked `<path>`.
fn stroke_path(
    out: &mut String,
    segments: impl Iterator<Item = [f64; 4]>,
    paint: Paint,
    width: f64,
) {
    let mut d = String::new();
    for [x0, y0, x1, y1] in segments {
        let _ = write!(d, "M{} {}L{} {}", n(x0), n(y0), n(x1), n(y1));
    }
    let _ = write!(
        out,
        "<path d=\"{d}\" fill=\"none\" {} stroke-width=\"{}\"/>",
        paint_attr("stroke", paint),
        n(width)
    );
}

/// The scene as an SVG document titled `title` and described by `desc` (what it shows and how
/// to reproduce it; no `<desc>` when empty). Plane values come from `data`, as on the canvas.
pub fn scene_svg(scene: &Scene, data: Option<&LayerData>, title: &str, desc: &str) -> String {
    scene_svg_at(scene, data, title, desc, scene.width)
}

/// [`scene_svg`] drawn `width` pixels wide (the height in proportion): the export's width,
/// whatever width the scene was laid out to.
pub fn scene_svg_at(
    scene: &Scene,
    data: Option<&LayerData>,
    title: &str,
    desc: &str,
    width: f64,
) -> String {
    let (w, h) = (n(scene.width), n(scene.height));
    let (shown_w, shown_h) = (n(width), n(scene.height * width / scene.width));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{shown_w}\" height=\"{shown_h}\" viewBox=\"0 0 {w} {h}\">\
         <title>{}</title>{}<g transform=\"translate({m} {m})\">",
        escape(title),
        if desc.is_empty() {
            String::new()
        } else {
            format!("<desc>{}</desc>", escape(desc))
        },
        m = n(SCENE_MARGIN)
    );
    // Consecutive texts of one style share a `<g>` carrying it (`run`: the open one's style).
    let mut run: Option<String> = None;
    for shape in &scene.shapes {
        let style = text_style(shape);
        if run.is_some() && style != run {
            out.push_str("</g>");
            run = None;
        }
        if let (None, Some(style)) = (&run, &style) {
            let _ = write!(out, "<g {style}>");
            run = Some(style.clone());
        }
        paint_shape(&mut out, scene, data, shape);
    }
    if run.is_some() {
        out.push_str("</g>");
    }
    out.push_str("</g></svg>");
    out
}

/// A text's style as the attributes of the `<g>` its run shares (`None` for other shapes).
fn text_style(shape: &Shape) -> Option<String> {
    let Shape::Text {
        font,
        paint,
        align,
        baseline,
        ..
    } = shape
    else {
        return None;
    };
    Some(format!(
        "font-size=\"{}\" font-family=\"{}\"{} {} text-anchor=\"{}\" dominant-baseline=\"{}\"",
        n(font.px),
        if font.mono {
            "ui-monospace, monospace"
        } else {
            "system-ui, sans-serif"
        },
        if font.bold {
            " font-weight=\"600\""
        } else {
            ""
        },
        paint_attr("fill", *paint),
        match align {
            Align::Left => "start",
            Align::Center => "middle",
        },
        match baseline {
            Baseline::Top => "hanging", // where a canvas puts `textBaseline = "top"` (compared side by side)
            Baseline::Middle => "central",
            Baseline::Bottom => "text-after-edge",
        },
    ))
}

fn paint_shape(out: &mut String, scene: &Scene, data: Option<&LayerData>, shape: &Shape) {
    match shape {
        Shape::Fill { rect, paint } => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}/>",
                n(rect.x),
                n(rect.y),
                n(rect.w),
                n(rect.h),
                paint_attr("fill", *paint)
            );
        }
        Shape::Stroke {
            rect,
            paint,
            width,
            dashed,
        } => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" {} stroke-width=\"{}\"{}/>",
                n(rect.x),
                n(rect.y),
                n(rect.w),
                n(rect.h),
                paint_attr("stroke", *paint),
                n(*width),
                if *dashed {
                    format!(
                        " stroke-dasharray=\"{} {}\"",
                        n(STROKE_DASH[0]),
                        n(STROKE_DASH[1])
                    )
                } else {
                    String::new()
                }
            );
        }
        Shape::Grid {
            rect,
            rows,
            cols,
            paint,
        } => stroke_path(out, grid_segments(*rect, *rows, *cols), *paint, 1.0),
        Shape::Plane {
            rect,
            rows,
            cols,
            done,
            fill: plane_fill,
        } => {
            let (rows, cols) = ((*rows).max(1), (*cols).max(1));
            let (cw, ch) = (rect.w / cols as f64, rect.h / rows as f64);
            let values = match plane_fill {
                PlaneFill::Values {
                    tensor, channel, ..
                } => data
                    .and_then(|d| d.tensor(*tensor))
                    .and_then(|t| t.channel(*channel)),
                PlaneFill::Flat(_) => None,
            };
            // Cells at the plane's own coordinates: every plane of a tensor writes the same
            // positions, which compresses well.
            let _ = write!(
                out,
                "<g class=\"plane\" transform=\"translate({} {})\">",
                n(rect.x),
                n(rect.y)
            );
            for k in 0..(*done).min((rows * cols) as u64) as usize {
                let colour = match (plane_fill, values) {
                    (PlaneFill::Values { scale, .. }, Some(vs)) => {
                        vs.get(k).map(|v| value_colour(scene.scheme, *v, *scale))
                    }
                    (PlaneFill::Flat(rgb), _) => Some(*rgb),
                    _ => None,
                };
                let Some(colour) = colour else { continue };
                let _ = write!(
                    out,
                    "<rect class=\"cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    n((k % cols) as f64 * cw),
                    n((k / cols) as f64 * ch),
                    n(cw),
                    n(ch),
                    colour.css()
                );
            }
            out.push_str("</g>");
        }
        Shape::Lines {
            segments,
            paint,
            width,
        } => stroke_path(out, segments.iter().copied(), *paint, *width),
        // Its style is on the `<g>` of its run (`text_style`).
        Shape::Text { x, y, text, .. } => {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                n(*x),
                n(*y),
                escape(text)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Form;
    use crate::engine::Method;
    use crate::render::colors::Scheme;
    use crate::render::layout::View;
    use crate::render::scene::SceneInput;
    use crate::timeline::{Granularity, SeparablePreset, Timeline, ValueKind};

    fn frame(method: Method, completed: u64) -> (Scene, LayerData) {
        // The page's small default layer (7×7×3 → 4, 3×3, padding 1) under `method`.
        let config = Form {
            method,
            ..Form::default()
        }
        .validate()
        .unwrap();
        let timeline = Timeline::new(&config, Granularity::Element).unwrap();
        let data = LayerData::generate(&timeline, 1, ValueKind::Integers, SeparablePreset::Random)
            .unwrap();
        let scene = Scene::new(&SceneInput {
            timeline: &timeline,
            data: Some(&data),
            multiplier: 1,
            completed,
            hover: None,
            focus: None,
            view: View::Flat,
            width: 1366.0,
            max_height: 620.0,
            scheme: Scheme::Light,
        });
        (scene, data)
    }

    /// Every tag closed in order (a small check of well-formedness: no attribute holds `<`).
    fn balanced(svg: &str) -> bool {
        let mut open: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let Some(len) = rest[start..].find('>') else {
                return false;
            };
            let tag = &rest[start + 1..start + len];
            rest = &rest[start + len + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if open.pop() != Some(name) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                open.push(tag.split_whitespace().next().unwrap_or(""));
            }
        }
        open.is_empty()
    }

    #[test]
    fn a_frame_is_well_formed_and_shows_every_cell_and_text() {
        for method in [
            Method::Standard,
            Method::SpatialSeparable,
            Method::DepthwiseSeparable,
            Method::Grouped,
        ] {
            let (scene, data) = frame(method, 30);
            let svg = scene_svg(&scene, Some(&data), "convlab & <stage>", "step 30");
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(balanced(&svg), "{method:?}");
            assert!(svg.contains("<title>convlab &amp; &lt;stage&gt;</title>"));
            // One rect per finished cell of every plane drawn.
            let cells: u64 = scene
                .shapes
                .iter()
                .map(|s| match s {
                    Shape::Plane {
                        rows, cols, done, ..
                    } => (*done).min((rows * cols) as u64),
                    _ => 0,
                })
                .sum();
            assert!(cells > 0);
            assert_eq!(svg.matches("<rect class=\"cell\"").count() as u64, cells);
            // The same texts as the canvas, in the same order.
            let texts: Vec<String> = scene.texts().map(|(t, _)| escape(t)).collect();
            let drawn: Vec<&str> = svg
                .split("<text ")
                .skip(1)
                .map(|t| {
                    let body = &t[t.find('>').unwrap() + 1..];
                    &body[..body.find("</text>").unwrap()]
                })
                .collect();
            assert_eq!(drawn, texts, "{method:?}");
        }
    }

    #[test]
    fn the_same_frame_gives_the_same_bytes() {
        let (a, data_a) = frame(Method::DepthwiseSeparable, 60);
        let (b, data_b) = frame(Method::DepthwiseSeparable, 60);
        assert_eq!(
            scene_svg(&a, Some(&data_a), "t", "d"),
            scene_svg(&b, Some(&data_b), "t", "d")
        );
        let (c, data_c) = frame(Method::DepthwiseSeparable, 61);
        assert_ne!(
            scene_svg(&a, Some(&data_a), "t", "d"),
            scene_svg(&c, Some(&data_c), "t", "d")
        );
    }
}
