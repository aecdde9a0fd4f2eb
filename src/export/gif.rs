//! Animated GIFs of the stage. A GIF carries at most 256 colours, and the stage paints few: flat
//! UI colours, the value map's colours of the layer's numbers, translucent overlays on them and
//! anti-aliased text. [`palette_for`] lists them from the scenes themselves, so every cell and
//! every fill maps to its exact colour; only edges and text blend to the nearest one.
//! [`GifEncoder`] maps painted RGBA frames onto that fixed palette (a cache makes the lookup
//! cheap) and writes each frame as the rectangle that changed since the previous one, so a run
//! of steps, which changes a few cells a frame, weighs little. Errors are values: no input
//! panics.

use std::collections::HashSet;

use crate::engine::tensor::Tensor;
use crate::render::colors::{value_colour, Rgb, Scheme};
use crate::render::layout::Rect;
use crate::render::scene::{Align, Baseline, Paint, Palette, PlaneFill, Scene, Shape};
use crate::timeline::{LayerData, TensorId};

/// The most colours a GIF's colour table holds.
pub const MAX_COLOURS: usize = 256;

/// The opacities of the blends between a text's ink and what it sits on (canvas text is
/// anti-aliased): a quarter, half and three quarters of the ink.
const TEXT_BLENDS: [u8; 3] = [64, 128, 191];

/// A GIF's colour table: 1 to 256 colours, index order kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GifPalette {
    colours: Vec<Rgb>,
}

impl GifPalette {
    /// A palette of `colours` (1 to [`MAX_COLOURS`] of them).
    pub fn new(colours: Vec<Rgb>) -> Result<GifPalette, String> {
        if colours.is_empty() || colours.len() > MAX_COLOURS {
            return Err(format!(
                "a GIF palette holds 1 to {MAX_COLOURS} colours, not {}",
                colours.len()
            ));
        }
        Ok(GifPalette { colours })
    }

    /// The colours, in index order.
    pub fn colours(&self) -> &[Rgb] {
        &self.colours
    }

    /// How many colours.
    pub fn len(&self) -> usize {
        self.colours.len()
    }

    /// Never: a palette has at least one colour.
    pub fn is_empty(&self) -> bool {
        self.colours.is_empty()
    }

    /// The colours as RGB triples, `[r, g, b, r, g, b, …]`.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.colours
            .iter()
            .flat_map(|&Rgb(r, g, b)| [r, g, b])
            .collect()
    }

    /// A palette from RGB triples, as [`GifPalette::to_bytes`] writes them.
    pub fn from_bytes(bytes: &[u8]) -> Result<GifPalette, String> {
        if !bytes.len().is_multiple_of(3) {
            return Err(format!(
                "a palette is RGB triples: {} bytes is not a multiple of 3",
                bytes.len()
            ));
        }
        GifPalette::new(
            bytes
                .chunks_exact(3)
                .map(|c| Rgb(c[0], c[1], c[2]))
                .collect(),
        )
    }

    /// The index of the colour nearest `rgb` (squared RGB distance; the first on a tie).
    pub fn nearest(&self, rgb: Rgb) -> u8 {
        let mut best = (u32::MAX, 0usize);
        for (i, &c) in self.colours.iter().enumerate() {
            let d = distance(c, rgb);
            if d < best.0 {
                best = (d, i);
                if d == 0 {
                    break;
                }
            }
        }
        best.1 as u8
    }
}

/// Squared RGB distance.
fn distance(a: Rgb, b: Rgb) -> u32 {
    let d = |x: u8, y: u8| {
        let v = i32::from(x) - i32::from(y);
        (v * v) as u32
    };
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// `paint` composited over the opaque `under` (source-over, rounded to the nearest level). A
/// painter that blends translucent shapes with this formula paints only palette colours.
pub fn over(paint: Paint, under: Rgb) -> Rgb {
    let a = u32::from(paint.alpha);
    let mix = |s: u8, d: u8| ((u32::from(s) * a + u32::from(d) * (255 - a) + 127) / 255) as u8;
    Rgb(
        mix(paint.rgb.0, under.0),
        mix(paint.rgb.1, under.1),
        mix(paint.rgb.2, under.2),
    )
}

/// The colours a run of scenes can paint, by priority: what [`palette_for`] keeps first when
/// they are more than a GIF holds. Each colour is listed once, in the first tier that has it,
/// in the order the scenes paint it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaletteTiers {
    /// Opaque colours of fills, strokes, lines and texts (the UI and the kernels' cells).
    pub flat: Vec<Rgb>,
    /// The value map's colours of every number the planes show.
    pub values: Vec<Rgb>,
    /// Translucent shapes over every colour they may sit on.
    pub composites: Vec<Rgb>,
    /// Blends of texts' ink and thin lines' edges with what is under them (anti-aliasing).
    pub anti_aliased: Vec<Rgb>,
}

impl PaletteTiers {
    /// Every colour, tier by tier.
    pub fn len(&self) -> usize {
        self.flat.len() + self.values.len() + self.composites.len() + self.anti_aliased.len()
    }

    /// No colour at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An insertion-ordered set of colours.
#[derive(Default)]
struct ColourSet {
    list: Vec<Rgb>,
    seen: HashSet<Rgb>,
}

impl ColourSet {
    fn of(c: Rgb) -> ColourSet {
        let mut set = ColourSet::default();
        set.add(c);
        set
    }
    fn add(&mut self, c: Rgb) {
        if self.seen.insert(c) {
            self.list.push(c);
        }
    }
    fn extend(&mut self, cs: impl IntoIterator<Item = Rgb>) {
        for c in cs {
            self.add(c);
        }
    }
}

/// Whether `a` and `b` share some area.
fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Whether `outer` holds all of `inner`.
fn covers(outer: Rect, inner: Rect) -> bool {
    outer.x <= inner.x
        && outer.y <= inner.y
        && outer.x + outer.w >= inner.x + inner.w
        && outer.y + outer.h >= inner.y + inner.h
}

/// Whether `shape`, painting within `area`, may paint inside `r`: a stroke only along its
/// band, lines only along their segments.
fn touches(shape: &Shape, area: Rect, r: Rect) -> bool {
    if !overlaps(area, r) {
        return false;
    }
    match shape {
        Shape::Stroke { rect, width, .. } => !covers(grown(*rect, -width / 2.0), r),
        Shape::Lines {
            segments, width, ..
        } => {
            let r = grown(r, width / 2.0 + 0.5);
            segments.iter().any(|s| crosses(*s, r))
        }
        _ => true,
    }
}

/// The rectangles a shape paints within its `area`: a stroke's four sides (not what they
/// enclose), the area itself for the others.
fn painted_areas(shape: &Shape, area: Rect) -> Vec<Rect> {
    let Shape::Stroke { width, .. } = shape else {
        return vec![area];
    };
    let w = width.min(area.w).min(area.h);
    vec![
        Rect { h: w, ..area },
        Rect {
            y: area.y + area.h - w,
            h: w,
            ..area
        },
        Rect { w, ..area },
        Rect {
            x: area.x + area.w - w,
            w,
            ..area
        },
    ]
}

/// Whether the segment `[x0, y0, x1, y1]` passes through `r` (clipped Liang–Barsky style).
fn crosses([x0, y0, x1, y1]: [f64; 4], r: Rect) -> bool {
    let (dx, dy) = (x1 - x0, y1 - y0);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, x0 - r.x),
        (dx, r.x + r.w - x0),
        (-dy, y0 - r.y),
        (dy, r.y + r.h - y0),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 <= t1
}

/// `r` grown by `d` on every side.
fn grown(r: Rect, d: f64) -> Rect {
    Rect {
        x: r.x - d,
        y: r.y - d,
        w: r.w + 2.0 * d,
        h: r.h + 2.0 * d,
    }
}

/// Where a text's glyphs may be, generously (a character is at most 0.65 em wide).
fn text_box(x: f64, y: f64, text: &str, px: f64, align: Align, baseline: Baseline) -> Rect {
    let w = text.chars().count() as f64 * px * 0.65;
    let h = px * 1.3;
    let left = match align {
        Align::Left => x,
        Align::Center => x - w / 2.0,
    };
    let top = match baseline {
        Baseline::Top => y,
        Baseline::Middle => y - h / 2.0,
        Baseline::Bottom => y - h,
    };
    grown(
        Rect {
            x: left,
            y: top,
            w,
            h,
        },
        1.0,
    )
}

/// Where a shape paints, and its paint (`None` for planes and texts, whose colours vary).
fn extent(shape: &Shape) -> (Rect, Option<Paint>) {
    match shape {
        Shape::Fill { rect, paint } => (*rect, Some(*paint)),
        Shape::Stroke {
            rect, paint, width, ..
        } => (grown(*rect, width / 2.0), Some(*paint)),
        Shape::Grid { rect, paint, .. } => (grown(*rect, 0.5), Some(*paint)),
        Shape::Plane { rect, .. } => (*rect, None),
        Shape::Lines {
            segments,
            paint,
            width,
        } => {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for s in segments {
                x0 = x0.min(s[0]).min(s[2]);
                y0 = y0.min(s[1]).min(s[3]);
                x1 = x1.max(s[0]).max(s[2]);
                y1 = y1.max(s[1]).max(s[3]);
            }
            let r = if segments.is_empty() {
                Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                }
            } else {
                Rect {
                    x: x0,
                    y: y0,
                    w: x1 - x0,
                    h: y1 - y0,
                }
            };
            (grown(r, width / 2.0 + 0.5), Some(*paint))
        }
        Shape::Text {
            x,
            y,
            text,
            font,
            paint,
            align,
            baseline,
            ..
        } => (
            text_box(*x, *y, text, font.px, *align, *baseline),
            Some(*paint),
        ),
    }
}

/// The numbers of a plane's channel, when `data` has them.
fn plane_values(data: Option<&LayerData>, tensor: TensorId, channel: usize) -> Option<&[f32]> {
    data.and_then(|d| d.tensor(tensor))
        .and_then(|t| t.channel(channel))
}

/// The colours of a plane's finished cells that lie in `r`.
#[allow(clippy::too_many_arguments)]
fn plane_colours_in(
    out: &mut ColourSet,
    r: Rect,
    rect: Rect,
    rows: usize,
    cols: usize,
    done: u64,
    fill: PlaneFill,
    scheme: Scheme,
    data: Option<&LayerData>,
) {
    let (rows, cols) = (rows.max(1), cols.max(1));
    let values = match fill {
        PlaneFill::Flat(rgb) => {
            out.add(rgb);
            return;
        }
        PlaneFill::Values {
            tensor, channel, ..
        } => match plane_values(data, tensor, channel) {
            Some(v) => v,
            None => return,
        },
    };
    let PlaneFill::Values { scale, .. } = fill else {
        return;
    };
    let (cw, ch) = (rect.w / cols as f64, rect.h / rows as f64);
    if !(cw > 0.0 && ch > 0.0) {
        return;
    }
    // The cells the rectangle overlaps (a hair less on each side: a rectangle on cell edges
    // overlaps only its own cells).
    let span = |lo: f64, len: f64, cell: f64, n: usize| {
        let first = (lo / cell + 1e-6).floor().clamp(0.0, n as f64) as usize;
        let last = ((lo + len) / cell - 1e-6).ceil().clamp(0.0, n as f64) as usize;
        (first, last)
    };
    let (r0, r1) = span(r.y - rect.y, r.h, ch, rows);
    let (c0, c1) = span(r.x - rect.x, r.w, cw, cols);
    for row in r0..r1 {
        for col in c0..c1 {
            let k = row * cols + col;
            if (k as u64) < done {
                if let Some(v) = values.get(k) {
                    out.add(value_colour(scheme, *v, scale));
                }
            }
        }
    }
}

/// Every colour that may show inside `r` once `shapes` are painted over `background`: a
/// superset, as shapes are tested by their bounding rectangles.
fn colours_under(
    shapes: &[Shape],
    r: Rect,
    background: Rgb,
    scheme: Scheme,
    data: Option<&LayerData>,
) -> ColourSet {
    let mut set = ColourSet::of(background);
    for shape in shapes {
        let (area, paint) = extent(shape);
        if !touches(shape, area, r) {
            continue;
        }
        match (shape, paint) {
            (
                Shape::Plane {
                    rect,
                    rows,
                    cols,
                    done,
                    fill,
                },
                _,
            ) => plane_colours_in(&mut set, r, *rect, *rows, *cols, *done, *fill, scheme, data),
            (Shape::Fill { .. }, Some(p)) if covers(area, r) => {
                let list = if p.alpha == 255 {
                    vec![p.rgb]
                } else {
                    set.list.iter().map(|&c| over(p, c)).collect()
                };
                set = ColourSet::default();
                set.extend(list);
            }
            (_, Some(p)) if p.alpha == 255 => set.add(p.rgb),
            (_, Some(p)) => {
                let blended: Vec<Rgb> = set.list.iter().map(|&c| over(p, c)).collect();
                set.extend(blended);
            }
            (_, None) => {}
        }
    }
    set
}

/// The tiers of colours `scenes` can paint, with plane values from `data` (see
/// [`PaletteTiers`]).
pub fn palette_tiers(scenes: &[&Scene], data: Option<&LayerData>) -> PaletteTiers {
    let (mut flat, mut values, mut composites, mut aa) = (
        ColourSet::default(),
        ColourSet::default(),
        ColourSet::default(),
        ColourSet::default(),
    );
    let mut schemes: Vec<Scheme> = Vec::new();
    let mut planes_seen: Vec<(TensorId, usize, u32, Scheme)> = Vec::new();
    for scene in scenes {
        let scheme = scene.scheme;
        if !schemes.contains(&scheme) {
            schemes.push(scheme);
        }
        let background = Palette::of(scheme).background;
        flat.add(background);
        for (i, shape) in scene.shapes.iter().enumerate() {
            let (area, paint) = extent(shape);
            match shape {
                Shape::Plane { fill, .. } => match *fill {
                    PlaneFill::Flat(rgb) => flat.add(rgb),
                    PlaneFill::Values {
                        tensor,
                        channel,
                        scale,
                    } => {
                        let key = (tensor, channel, scale.to_bits(), scheme);
                        if !planes_seen.contains(&key) {
                            planes_seen.push(key);
                            if let Some(vs) = plane_values(data, tensor, channel) {
                                values.extend(vs.iter().map(|v| value_colour(scheme, *v, scale)));
                            }
                        }
                    }
                },
                Shape::Text { paint, .. } => {
                    flat.add(paint.rgb);
                    let under = colours_under(&scene.shapes[..i], area, background, scheme, data);
                    for &c in &under.list {
                        aa.extend(
                            TEXT_BLENDS
                                .iter()
                                .map(|&a| over(Paint::with_alpha(paint.rgb, a), c)),
                        );
                    }
                }
                _ => {
                    let Some(p) = paint else { continue };
                    let thin = !matches!(shape, Shape::Fill { .. });
                    if p.alpha == 255 && !thin {
                        flat.add(p.rgb);
                        continue;
                    }
                    if p.alpha == 255 {
                        flat.add(p.rgb);
                    }
                    let mut under = ColourSet::default();
                    for band in painted_areas(shape, area) {
                        let found =
                            colours_under(&scene.shapes[..i], band, background, scheme, data);
                        under.extend(found.list);
                    }
                    if p.alpha < 255 {
                        composites.extend(under.list.iter().map(|&c| over(p, c)));
                    }
                    if thin {
                        // A line's edge pixels are partly covered.
                        let half = Paint::with_alpha(p.rgb, (p.alpha / 2).max(1));
                        aa.extend(under.list.iter().map(|&c| over(half, c)));
                    }
                }
            }
        }
    }
    if schemes.is_empty() {
        schemes.push(Scheme::default());
    }
    if let Some(d) = data {
        let mut tensors: Vec<&Tensor> = vec![&d.input];
        tensors.extend(d.stages.iter().map(|s| &s.output));
        for &scheme in &schemes {
            for t in &tensors {
                let scale = max_abs(t.data());
                values.extend(t.data().iter().map(|v| value_colour(scheme, *v, scale)));
            }
            for s in &d.stages {
                let w = s.weights.data();
                let scale = max_abs(w);
                values.extend(w.iter().map(|v| value_colour(scheme, *v, scale)));
            }
        }
    }
    // Each colour in its first tier only.
    let mut kept: HashSet<Rgb> = HashSet::new();
    let mut tier =
        |set: ColourSet| -> Vec<Rgb> { set.list.into_iter().filter(|c| kept.insert(*c)).collect() };
    PaletteTiers {
        flat: tier(flat),
        values: tier(values),
        composites: tier(composites),
        anti_aliased: tier(aa),
    }
}

/// The largest finite |value| (as the scene scales its value map).
fn max_abs(values: &[f32]) -> f32 {
    values.iter().fold(
        0.0f32,
        |m, v| if v.is_finite() { m.max(v.abs()) } else { m },
    )
}

/// At most `max` colours from `tiers`, taken whole while they fit: the flat colours, then the
/// values with the translucent blends, then the anti-aliasing blends. The first group that
/// does not fit gives the room left to its colours farthest from those already kept, one at a
/// time (so a long ramp of values keeps its ends and evenly spread steps, and each colour left
/// out maps to a near one); later groups are left out. Deterministic: ties go to the earlier
/// colour.
pub fn reduce(tiers: &PaletteTiers, max: usize) -> Vec<Rgb> {
    let mut out: Vec<Rgb> = Vec::new();
    let blended: Vec<Rgb> = tiers
        .values
        .iter()
        .chain(&tiers.composites)
        .copied()
        .collect();
    for group in [&tiers.flat, &blended, &tiers.anti_aliased] {
        let fresh: Vec<Rgb> = group.iter().copied().filter(|c| !out.contains(c)).collect();
        if out.len() + fresh.len() <= max {
            out.extend(fresh);
            continue;
        }
        let mut far: Vec<u32> = fresh
            .iter()
            .map(|&c| {
                out.iter()
                    .map(|&o| distance(c, o))
                    .min()
                    .unwrap_or(u32::MAX)
            })
            .collect();
        while out.len() < max {
            let Some((pick, _)) = far
                .iter()
                .enumerate()
                .filter(|(_, d)| **d > 0)
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
            else {
                break;
            };
            let chosen = fresh[pick];
            out.push(chosen);
            for (d, &c) in far.iter_mut().zip(&fresh) {
                *d = (*d).min(distance(c, chosen));
            }
        }
        break;
    }
    out
}

/// The fixed palette of everything `scenes` paint with plane values from `data`: the
/// [`palette_tiers`], [`reduce`]d to a GIF's 256 colours when they are more. The same scenes
/// give the same palette. Its cost grows with the scenes and their overlays: the seed layer's
/// (64×64×3 → 256, depthwise separable) 601 scenes take 0.35–0.7 s natively, a 4×4 layer's
/// few milliseconds; a caller on the page's thread may pass an even sample of a long range.
pub fn palette_for(scenes: &[&Scene], data: Option<&LayerData>) -> GifPalette {
    let mut colours = reduce(&palette_tiers(scenes, data), MAX_COLOURS);
    if colours.is_empty() {
        colours.push(Palette::of(Scheme::default()).background);
    }
    GifPalette { colours }
}

/// Entries of the colour cache (a power of two).
const CACHE_SIZE: usize = 1 << 14;
/// An empty cache slot (no RGB colour packs to it).
const EMPTY: u32 = u32::MAX;

/// An animated GIF being written: a fixed global palette, looping forever, one frame per
/// [`GifEncoder::push_frame`], each the rectangle that changed since the frame before.
pub struct GifEncoder {
    encoder: ::gif::Encoder<Vec<u8>>,
    width: usize,
    height: usize,
    palette: GifPalette,
    delay_cs: u16,
    /// The last frame's pixels as `0xRRGGBB` (empty before the first).
    previous: Vec<u32>,
    /// This frame's pixels.
    current: Vec<u32>,
    /// Palette indices of the rectangle being written.
    indices: Vec<u8>,
    /// A direct-mapped cache of `0xRRGGBB` → palette index.
    cache_keys: Vec<u32>,
    cache_indices: Vec<u8>,
    frames: usize,
}

impl GifEncoder {
    /// Starts a `width × height` GIF with `palette` as its global colour table, frames
    /// `delay_cs` hundredths of a second apart, looping forever, with `comment` (what it shows
    /// and where it comes from) as a comment extension.
    pub fn new(
        width: u16,
        height: u16,
        palette: &GifPalette,
        delay_cs: u16,
        comment: &str,
    ) -> Result<GifEncoder, String> {
        if width == 0 || height == 0 {
            return Err(format!(
                "a GIF needs at least one pixel, not {width}×{height}"
            ));
        }
        if palette.is_empty() {
            return Err("a GIF palette needs at least one colour".into());
        }
        let mut encoder = ::gif::Encoder::new(Vec::new(), width, height, &palette.to_bytes())
            .map_err(|e| format!("GIF header: {e}"))?;
        encoder
            .set_repeat(::gif::Repeat::Infinite)
            .map_err(|e| format!("GIF loop: {e}"))?;
        if !comment.is_empty() {
            encoder
                .write_raw_extension(
                    ::gif::AnyExtension(::gif::Extension::Comment as u8),
                    &[comment.as_bytes()],
                )
                .map_err(|e| format!("GIF comment: {e}"))?;
        }
        let (width, height) = (usize::from(width), usize::from(height));
        Ok(GifEncoder {
            encoder,
            width,
            height,
            palette: palette.clone(),
            delay_cs,
            previous: Vec::new(),
            current: Vec::with_capacity(width * height),
            indices: Vec::new(),
            cache_keys: vec![EMPTY; CACHE_SIZE],
            cache_indices: vec![0; CACHE_SIZE],
            frames: 0,
        })
    }

    /// Frames written so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// The palette index of `0xRRGGBB`, through the cache.
    fn index_of(&mut self, rgb: u32) -> u8 {
        let slot = (rgb.wrapping_mul(0x9E37_79B1) >> 18) as usize & (CACHE_SIZE - 1);
        if self.cache_keys[slot] == rgb {
            return self.cache_indices[slot];
        }
        let index = self
            .palette
            .nearest(Rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8));
        self.cache_keys[slot] = rgb;
        self.cache_indices[slot] = index;
        index
    }

    /// Adds a frame of `width × height` RGBA pixels, row by row (alpha is ignored: the stage is
    /// opaque). Each pixel becomes its nearest palette colour; only the rectangle that differs
    /// from the previous frame is written (a frame that changes nothing is one unchanged
    /// pixel, so every push is a frame).
    pub fn push_frame(&mut self, rgba: &[u8]) -> Result<(), String> {
        let expected = self.width * self.height * 4;
        if rgba.len() != expected {
            return Err(format!(
                "a {}×{} frame is {expected} bytes of RGBA, not {}",
                self.width,
                self.height,
                rgba.len()
            ));
        }
        self.current.clear();
        self.current.extend(
            rgba.chunks_exact(4)
                .map(|p| u32::from(p[0]) << 16 | u32::from(p[1]) << 8 | u32::from(p[2])),
        );
        let (left, top, w, h) = self.changed().unwrap_or((0, 0, 1, 1));
        self.indices.clear();
        self.indices.reserve(w * h);
        let mut last: Option<(u32, u8)> = None;
        for y in top..top + h {
            let start = y * self.width + left;
            for i in start..start + w {
                let rgb = self.current[i];
                let index = match last {
                    Some((c, index)) if c == rgb => index,
                    _ => self.index_of(rgb),
                };
                last = Some((rgb, index));
                self.indices.push(index);
            }
        }
        let frame = ::gif::Frame {
            delay: self.delay_cs,
            dispose: ::gif::DisposalMethod::Keep,
            left: left as u16,
            top: top as u16,
            width: w as u16,
            height: h as u16,
            buffer: std::borrow::Cow::Borrowed(&self.indices),
            ..::gif::Frame::default()
        };
        self.encoder
            .write_frame(&frame)
            .map_err(|e| format!("GIF frame {}: {e}", self.frames))?;
        std::mem::swap(&mut self.previous, &mut self.current);
        self.frames += 1;
        Ok(())
    }

    /// The rectangle `(left, top, width, height)` where this frame differs from the previous
    /// one: all of it for the first frame, `None` when nothing changed.
    fn changed(&self) -> Option<(usize, usize, usize, usize)> {
        let (w, h) = (self.width, self.height);
        if self.previous.len() != self.current.len() {
            return Some((0, 0, w, h));
        }
        let row = |y: usize| y * w..(y + 1) * w;
        let differs = |y: usize| self.previous[row(y)] != self.current[row(y)];
        let top = (0..h).find(|&y| differs(y))?;
        let bottom = (top..h).rev().find(|&y| differs(y)).unwrap_or(top);
        let (mut left, mut right) = (w, 0);
        for y in top..=bottom {
            let (a, b) = (&self.previous[row(y)], &self.current[row(y)]);
            if let Some(x) = (0..left).find(|&x| a[x] != b[x]) {
                left = x;
            }
            if let Some(x) = (right..w).rev().find(|&x| a[x] != b[x]) {
                right = x;
            }
        }
        if left > right {
            return None;
        }
        Some((left, top, right - left + 1, bottom - top + 1))
    }

    /// Ends the GIF and returns its bytes.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.encoder
            .into_inner()
            .map_err(|e| format!("GIF end: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_palette_round_trips_through_bytes_and_refuses_bad_ones() {
        let p = GifPalette::new(vec![Rgb(1, 2, 3), Rgb(250, 251, 252)]).unwrap();
        assert_eq!(p.to_bytes(), vec![1, 2, 3, 250, 251, 252]);
        assert_eq!(GifPalette::from_bytes(&p.to_bytes()).unwrap(), p);
        assert!(GifPalette::from_bytes(&[1, 2]).is_err());
        assert!(GifPalette::from_bytes(&[]).is_err());
        assert!(GifPalette::from_bytes(&[0; 3 * 257]).is_err());
        assert_eq!(GifPalette::from_bytes(&[7; 3 * 256]).unwrap().len(), 256);
        assert_eq!(p.nearest(Rgb(200, 200, 200)), 1);
        assert_eq!(p.nearest(Rgb(1, 2, 3)), 0);
    }

    #[test]
    fn over_blends_source_over() {
        let white = Rgb(255, 255, 255);
        assert_eq!(over(Paint::solid(Rgb(9, 8, 7)), white), Rgb(9, 8, 7));
        assert_eq!(over(Paint::with_alpha(Rgb(0, 0, 0), 0), white), white);
        assert_eq!(
            over(Paint::with_alpha(Rgb(0, 0, 0), 128), white),
            Rgb(127, 127, 127)
        );
    }

    #[test]
    fn a_tier_that_does_not_fit_keeps_its_farthest_colours() {
        let tiers = PaletteTiers {
            flat: vec![Rgb(0, 0, 0)],
            values: (0..=255).map(|v| Rgb(v, v, v)).collect(),
            composites: vec![],
            anti_aliased: vec![Rgb(1, 200, 3)],
        };
        let kept = reduce(&tiers, 4);
        assert_eq!(
            kept,
            vec![
                Rgb(0, 0, 0),
                Rgb(255, 255, 255),
                Rgb(127, 127, 127),
                Rgb(191, 191, 191)
            ]
        );
        // Black is in two tiers: listed once.
        assert_eq!(reduce(&tiers, 300).len(), 257);
    }

    #[test]
    fn frames_of_the_wrong_size_are_refused() {
        let p = GifPalette::new(vec![Rgb(0, 0, 0), Rgb(255, 255, 255)]).unwrap();
        assert!(GifEncoder::new(0, 5, &p, 10, "").is_err());
        let mut e = GifEncoder::new(2, 2, &p, 10, "").unwrap();
        assert!(e.push_frame(&[0; 15]).is_err());
        assert!(e.push_frame(&[]).is_err());
        assert_eq!(e.frames(), 0);
        e.push_frame(&[255; 16]).unwrap();
        e.push_frame(&[255; 16]).unwrap();
        assert_eq!(e.frames(), 2);
        let bytes = e.finish().unwrap();
        assert!(bytes.starts_with(b"GIF89a"));
        assert_eq!(bytes.last(), Some(&0x3b));
    }
}
