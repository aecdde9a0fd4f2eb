//! The GIF export against real scenes: each step of a layer's animation painted to a bitmap
//! (the test painter in `common/raster.rs`), encoded with `GifEncoder` on `palette_for`'s
//! palette, decoded back with the `gif` crate's decoder (sub-frames composed onto the canvas):
//! one frame per step, the logical size, the palette, and every pixel of frame k equal to the
//! painted step k. Also the comment extension, the loop, determinism, refused buffers and the
//! palette's reduction when a layer paints more than 256 colours.

use convlab::config::Form;
use convlab::export::gif::{palette_for, palette_tiers, GifEncoder, GifPalette, MAX_COLOURS};
use convlab::render::colors::{Rgb, Scheme};
use convlab::render::layout::{CellHit, View};
use convlab::render::scene::{Scene, SceneInput};
use convlab::timeline::{
    FilterRef, Granularity, LayerData, SeparablePreset, TensorId, Timeline, ValueKind,
};

#[path = "common/raster.rs"]
mod raster;
use raster::Bitmap;

/// A layer from the page's query, with its numbers.
fn layer(query: &str, values: ValueKind) -> (Timeline, LayerData, usize) {
    let config = Form::from_query(query).validate().expect("a valid layer");
    let timeline = Timeline::new(&config, Granularity::Element).expect("a timeline");
    let data = LayerData::generate(&timeline, 7, values, SeparablePreset::Random).expect("data");
    (timeline, data, config.multiplier)
}

/// What a frame shows besides its step.
#[derive(Clone, Copy)]
struct Look {
    width: f64,
    scheme: Scheme,
    hover: Option<CellHit>,
    focus: Option<FilterRef>,
}

const PLAIN: Look = Look {
    width: 640.0,
    scheme: Scheme::Light,
    hover: None,
    focus: None,
};

/// The scene of every step from 0 to the end.
fn scenes(t: &Timeline, d: &LayerData, multiplier: usize, look: Look) -> Vec<Scene> {
    (0..=t.len())
        .map(|completed| {
            Scene::new(&SceneInput {
                timeline: t,
                data: Some(d),
                multiplier,
                completed,
                hover: look.hover,
                focus: look.focus,
                view: View::Flat,
                width: look.width,
                max_height: 480.0,
                scheme: look.scheme,
            })
        })
        .collect()
}

fn encode(bitmaps: &[Bitmap], palette: &GifPalette, comment: &str) -> Vec<u8> {
    let (w, h) = (bitmaps[0].width as u16, bitmaps[0].height as u16);
    let mut encoder = GifEncoder::new(w, h, palette, 8, comment).expect("an encoder");
    for b in bitmaps {
        encoder.push_frame(&b.rgba()).expect("a frame");
    }
    assert_eq!(encoder.frames(), bitmaps.len());
    encoder.finish().expect("a GIF")
}

/// What the decoder reads back.
struct Decoded {
    width: usize,
    height: usize,
    palette: Vec<u8>,
    repeat: gif::Repeat,
    /// Each frame composed onto the canvas, as colours.
    frames: Vec<Vec<Rgb>>,
    /// Each frame's rectangle, in pixels.
    areas: Vec<usize>,
    delays: Vec<u16>,
}

fn decode(bytes: &[u8]) -> Decoded {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(bytes).expect("a GIF header");
    let (width, height) = (usize::from(decoder.width()), usize::from(decoder.height()));
    let palette = decoder.global_palette().expect("a global palette").to_vec();
    let mut canvas = vec![0u8; width * height];
    let (mut frames, mut areas, mut delays) = (Vec::new(), Vec::new(), Vec::new());
    while let Some(frame) = decoder.read_next_frame().expect("a frame") {
        assert_eq!(frame.dispose, gif::DisposalMethod::Keep);
        assert!(frame.palette.is_none(), "frames use the global palette");
        let (left, top) = (usize::from(frame.left), usize::from(frame.top));
        let (fw, fh) = (usize::from(frame.width), usize::from(frame.height));
        assert!(left + fw <= width && top + fh <= height);
        for y in 0..fh {
            let row = &frame.buffer[y * fw..(y + 1) * fw];
            canvas[(top + y) * width + left..(top + y) * width + left + fw].copy_from_slice(row);
        }
        frames.push(
            canvas
                .iter()
                .map(|&i| {
                    let i = usize::from(i) * 3;
                    Rgb(palette[i], palette[i + 1], palette[i + 2])
                })
                .collect(),
        );
        areas.push(fw * fh);
        delays.push(frame.delay);
    }
    Decoded {
        width,
        height,
        palette,
        repeat: decoder.repeat(),
        frames,
        areas,
        delays,
    }
}

/// The texts of every comment extension, read from the GIF's blocks directly.
fn comments(bytes: &[u8]) -> Vec<Vec<u8>> {
    let sub_blocks = |at: &mut usize| -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let len = usize::from(bytes[*at]);
            *at += 1;
            if len == 0 {
                return out;
            }
            out.extend_from_slice(&bytes[*at..*at + len]);
            *at += len;
        }
    };
    let table = |flags: u8| {
        if flags & 0x80 != 0 {
            3 << ((flags & 7) + 1)
        } else {
            0
        }
    };
    assert_eq!(&bytes[..6], b"GIF89a");
    let mut at = 13 + table(bytes[10]);
    let mut found = Vec::new();
    loop {
        match bytes[at] {
            0x21 => {
                let label = bytes[at + 1];
                at += 2;
                let data = sub_blocks(&mut at);
                if label == 0xfe {
                    found.push(data);
                }
            }
            0x2c => {
                at += 10 + table(bytes[at + 9]) + 1;
                sub_blocks(&mut at);
            }
            0x3b => return found,
            other => panic!("unexpected block {other:#x} at {at}"),
        }
    }
}

/// Encodes every step of a layer and checks the decoded frames against the painted ones.
fn round_trip(query: &str, look: Look) {
    let (t, d, multiplier) = layer(query, ValueKind::Integers);
    let scenes = scenes(&t, &d, multiplier, look);
    let refs: Vec<&Scene> = scenes.iter().collect();
    let palette = palette_for(&refs, Some(&d));
    // The premise of exact pixels: every flat, value and blended colour has its entry (only
    // text's anti-aliasing blends may be left out).
    let tiers = palette_tiers(&refs, Some(&d));
    let needed = tiers.flat.len() + tiers.values.len() + tiers.composites.len();
    assert!(
        needed <= palette.len() && palette.len() <= MAX_COLOURS,
        "{query}: {needed}"
    );
    let bitmaps: Vec<Bitmap> = scenes.iter().map(|s| raster::paint(s, Some(&d))).collect();
    let bytes = encode(&bitmaps, &palette, "convlab test");
    let gif = decode(&bytes);
    assert_eq!(
        gif.frames.len() as u64,
        t.len() + 1,
        "{query}: one frame per step"
    );
    assert_eq!(
        (gif.width, gif.height),
        (bitmaps[0].width, bitmaps[0].height)
    );
    // The global table is the palette, padded to a power of two.
    let ours = palette.to_bytes();
    assert_eq!(&gif.palette[..ours.len()], &ours[..], "{query}");
    assert!(gif.palette[ours.len()..].iter().all(|&b| b == 0));
    assert_eq!(gif.repeat, gif::Repeat::Infinite);
    assert!(gif.delays.iter().all(|&d| d == 8));
    for (k, (frame, bitmap)) in gif.frames.iter().zip(&bitmaps).enumerate() {
        if let Some(i) = frame.iter().zip(&bitmap.pixels).position(|(a, b)| a != b) {
            panic!(
                "{query}: frame {k} pixel ({}, {}) is {:?}, painted {:?}",
                i % gif.width,
                i / gif.width,
                frame[i],
                bitmap.pixels[i]
            );
        }
    }
    // After the first, a frame is the rectangle that changed: a step moves the window, writes a
    // cell and joins them to the kernel, so far less than the whole.
    let whole = gif.width * gif.height;
    assert_eq!(gif.areas[0], whole);
    let later = &gif.areas[1..];
    assert!(later.iter().all(|&a| a < whole), "{query}: {:?}", gif.areas);
    assert!(
        later.iter().sum::<usize>() < later.len() * whole * 2 / 3,
        "{query}: {:?}",
        gif.areas
    );
}

#[test]
fn every_step_of_a_standard_layer_decodes_to_its_painting() {
    round_trip("mode=standard&h=4&w=4&cin=1&cout=1&k=3", PLAIN);
}

#[test]
fn every_step_of_a_depthwise_separable_layer_decodes_to_its_painting_in_both_schemes() {
    let query = "mode=depthwise-separable&h=4&w=4&cin=2&cout=2&k=3";
    round_trip(query, PLAIN);
    round_trip(
        query,
        Look {
            scheme: Scheme::Dark,
            width: 720.0,
            ..PLAIN
        },
    );
}

#[test]
fn hover_and_a_lit_filter_blend_to_palette_colours() {
    round_trip(
        "mode=grouped&h=4&w=4&cin=4&cout=4&k=3&groups=2",
        Look {
            hover: Some(CellHit {
                tensor: TensorId::Input,
                channel: 1,
                row: 1,
                col: 2,
            }),
            focus: Some(FilterRef {
                stage: 0,
                filter: 3,
            }),
            ..PLAIN
        },
    );
}

#[test]
fn the_same_frames_give_the_same_bytes_and_the_comment_is_kept() {
    let (t, d, m) = layer(
        "mode=standard&h=4&w=4&cin=1&cout=1&k=3",
        ValueKind::Integers,
    );
    let scenes = scenes(&t, &d, m, PLAIN);
    let refs: Vec<&Scene> = scenes.iter().collect();
    assert_eq!(palette_for(&refs, Some(&d)), palette_for(&refs, Some(&d)));
    let palette = palette_for(&refs, Some(&d));
    let bitmaps: Vec<Bitmap> = scenes.iter().map(|s| raster::paint(s, Some(&d))).collect();
    // Longer than one 255-byte sub-block, and not ASCII.
    let comment = format!(
        "convlab: standard 4×4×1 → 1, k3, steps 0–{} · {}",
        t.len(),
        "https://example.org/convlab/?mode=standard&h=4&w=4&cin=1&cout=1&k=3".repeat(5)
    );
    let a = encode(&bitmaps, &palette, &comment);
    let b = encode(&bitmaps, &palette, &comment);
    assert_eq!(a, b);
    assert_eq!(comments(&a), vec![comment.as_bytes().to_vec()]);
    assert!(comments(&encode(&bitmaps, &palette, "")).is_empty());
    // A different frame changes the bytes.
    let mut other = bitmaps.clone();
    other.swap(1, 2);
    assert_ne!(encode(&other, &palette, &comment), a);
}

#[test]
fn repeated_frames_still_count_and_buffers_of_the_wrong_size_are_refused() {
    let palette = GifPalette::new(vec![Rgb(255, 255, 255), Rgb(0, 0, 0)]).unwrap();
    let mut e = GifEncoder::new(3, 2, &palette, 5, "x").unwrap();
    for _ in 0..3 {
        e.push_frame(&[255; 24]).unwrap();
    }
    let err = e.push_frame(&[255; 23]).unwrap_err();
    assert!(err.contains("24 bytes"), "{err}");
    assert!(e.push_frame(&[0; 25]).is_err());
    assert!(e.push_frame(&[]).is_err());
    assert_eq!(e.frames(), 3);
    let gif = decode(&e.finish().unwrap());
    assert_eq!(gif.frames.len(), 3);
    assert_eq!(gif.areas, vec![6, 1, 1]);
    assert!(gif
        .frames
        .iter()
        .all(|f| f.iter().all(|&c| c == Rgb(255, 255, 255))));
    // Colours not in the palette go to the nearest.
    let mut e = GifEncoder::new(1, 1, &palette, 5, "").unwrap();
    e.push_frame(&[20, 30, 10, 255]).unwrap();
    assert_eq!(decode(&e.finish().unwrap()).frames[0], vec![Rgb(0, 0, 0)]);
}

#[test]
fn a_layer_with_more_colours_than_a_gif_keeps_256_the_same_way_each_time() {
    let (t, d, m) = layer("mode=standard&h=12&w=12&cin=3&cout=4&k=3", ValueKind::Reals);
    let mut scenes = scenes(&t, &d, m, PLAIN);
    scenes.extend(self::scenes(
        &t,
        &d,
        m,
        Look {
            scheme: Scheme::Dark,
            ..PLAIN
        },
    ));
    let refs: Vec<&Scene> = scenes.iter().step_by(7).collect();
    let tiers = palette_tiers(&refs, Some(&d));
    assert!(tiers.len() > MAX_COLOURS, "{} colours", tiers.len());
    let palette = palette_for(&refs, Some(&d));
    assert_eq!(palette.len(), MAX_COLOURS);
    assert_eq!(palette, palette_for(&refs, Some(&d)));
    // The flat colours come first and all stay; no colour twice.
    assert!(tiers.flat.len() < MAX_COLOURS);
    assert_eq!(&palette.colours()[..tiers.flat.len()], &tiers.flat[..]);
    let mut seen = palette.colours().to_vec();
    seen.sort_by_key(|c| (c.0, c.1, c.2));
    seen.dedup();
    assert_eq!(seen.len(), MAX_COLOURS);
    // Every colour left out maps to a near one.
    for c in tiers.values.iter().chain(&tiers.composites) {
        let near = palette.colours()[usize::from(palette.nearest(*c))];
        let d2: i32 = [(c.0, near.0), (c.1, near.1), (c.2, near.2)]
            .iter()
            .map(|&(a, b)| (i32::from(a) - i32::from(b)).pow(2))
            .sum();
        assert!(d2 <= 3 * 24 * 24, "{c:?} → {near:?}");
    }
}
