//! Pictures as the lab reads them: RGBA bytes (as a canvas gives them) turned into the engine's
//! `[3, H, W]` tensor (values 0 to 255), the built-in samples drawn by code, the size a picture is scaled to
//! (aspect ratio kept, long side limited), and what a file's first bytes say about it before
//! the browser is asked to decode it (its format and size; SVG and text are refused).

use crate::engine::{ConvError, Shape3, Tensor};
use crate::timeline::data::SplitMix64;

/// The long side a picture is scaled down to when it is larger.
pub const DEFAULT_LONG_SIDE: usize = 1024;
/// Pictures whose long side is above this, or with more than [`MAX_DECODE_PIXELS`], are not
/// decoded at all: decoding them could take the tab's memory.
pub const MAX_DECODE_SIDE: usize = 16_384;
/// The most pixels a picture may have to be decoded (40 megapixels, 160 MB as RGBA).
pub const MAX_DECODE_PIXELS: u64 = 40_000_000;
/// The most bytes a file may have to be read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A picture as RGBA bytes, row-major, 4 bytes a pixel (alpha is ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

impl Picture {
    /// A picture from `width × height × 4` RGBA bytes, or `None` when the sizes disagree or a
    /// side is zero.
    pub fn from_rgba(width: usize, height: usize, rgba: Vec<u8>) -> Option<Picture> {
        (width > 0 && height > 0 && rgba.len() == width.checked_mul(height)?.checked_mul(4)?)
            .then_some(Picture {
                width,
                height,
                rgba,
            })
    }
    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }
    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }
    /// The RGBA bytes.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }
    /// The picture as the engine's input: `[3, H, W]`, red, green and blue as their bytes,
    /// 0 to 255. Whole numbers keep the arithmetic exact: a kernel of rank 1 with dyadic
    /// factors (Sobel, Scharr, the Gaussians) gives the same bits as two passes as in one.
    pub fn to_tensor(&self) -> Result<Tensor, ConvError> {
        let (w, h) = (self.width, self.height);
        let mut data = vec![0.0f32; 3 * w * h];
        for (p, px) in self.rgba.chunks_exact(4).enumerate() {
            for c in 0..3 {
                data[c * w * h + p] = f32::from(px[c]);
            }
        }
        Tensor::from_vec(Shape3::new(3, h, w), data)
    }
}

/// The size a `width × height` picture is shown at: unchanged when its long side is within
/// `long_side`, else scaled so the long side is exactly `long_side` and the short side is the
/// nearest whole number to the same ratio (at least 1).
pub fn fit_long_side(width: usize, height: usize, long_side: usize) -> (usize, usize) {
    let long = width.max(height);
    if long <= long_side || long == 0 {
        return (width, height);
    }
    let short = width.min(height);
    // round(short · long_side / long) in integers.
    let scaled = ((short as u128 * long_side as u128 * 2 + long as u128) / (2 * long as u128))
        .max(1) as usize;
    if width >= height {
        (long_side, scaled)
    } else {
        (scaled, long_side)
    }
}

/// A built-in sample picture, drawn by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sample {
    /// A photo-like scene: sky, sun, a house, a tree, grass, and sensor noise.
    #[default]
    Scene,
    /// Squares of two colours.
    Checkerboard,
    /// An orange ring on grey.
    Ring,
    /// A dark-to-light gradient with a sharp vertical edge in the middle.
    Edge,
}

/// The samples' size: 3:2, like a photo.
pub const SAMPLE_SIZE: (usize, usize) = (384, 256);

impl Sample {
    /// Every sample, in menu order.
    pub const ALL: [Sample; 4] = [
        Sample::Scene,
        Sample::Checkerboard,
        Sample::Ring,
        Sample::Edge,
    ];
    /// The key in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Sample::Scene => "scene",
            Sample::Checkerboard => "checkerboard",
            Sample::Ring => "ring",
            Sample::Edge => "edge",
        }
    }
    /// The sample whose key is `key`.
    pub fn from_key(key: &str) -> Option<Sample> {
        Sample::ALL.into_iter().find(|s| s.key() == key)
    }
    /// The name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            Sample::Scene => "Scene (shapes and noise)",
            Sample::Checkerboard => "Checkerboard",
            Sample::Ring => "Ring",
            Sample::Edge => "Gradient with an edge",
        }
    }
    /// The sample at [`SAMPLE_SIZE`].
    pub fn picture(self) -> Picture {
        let (w, h) = SAMPLE_SIZE;
        self.picture_sized(w, h)
    }
    /// The sample drawn at `width × height` (each at least 1).
    pub fn picture_sized(self, width: usize, height: usize) -> Picture {
        let (w, h) = (width.max(1), height.max(1));
        let mut rgba = Vec::with_capacity(w * h * 4);
        let mut rng = SplitMix64::new(0x1a6e);
        for y in 0..h {
            for x in 0..w {
                // Coordinates from 0 to 1 across each side.
                let (u, v) = ((x as f32 + 0.5) / w as f32, (y as f32 + 0.5) / h as f32);
                let [r, g, b] = match self {
                    Sample::Checkerboard => {
                        let side = (w.min(h) / 8).max(1);
                        if (x / side + y / side) % 2 == 0 {
                            [30, 60, 120]
                        } else {
                            [240, 220, 150]
                        }
                    }
                    Sample::Ring => ring(x, y, w, h),
                    Sample::Edge => {
                        let left = u < 0.5;
                        let base = if left {
                            40.0 + 80.0 * u
                        } else {
                            190.0 + 60.0 * (u - 0.5)
                        };
                        let tint = 30.0 * v;
                        [base, base - tint * 0.5, base - tint].map(|c| c.clamp(0.0, 255.0))
                    }
                    .map(|c: f32| c as u8),
                    Sample::Scene => {
                        let noise = rng.int(-12, 12) as f32;
                        scene(u, v, w as f32 / h as f32)
                            .map(|c| (c + noise).clamp(0.0, 255.0) as u8)
                    }
                };
                rgba.extend_from_slice(&[r, g, b, 255]);
            }
        }
        Picture {
            width: w,
            height: h,
            rgba,
        }
    }
}

/// The ring sample's pixel: an orange annulus, its edges smoothed over one pixel.
fn ring(x: usize, y: usize, w: usize, h: usize) -> [u8; 3] {
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
    let r = (dx * dx + dy * dy).sqrt();
    let side = w.min(h) as f32;
    let (inner, outer) = (0.25 * side, 0.38 * side);
    let coverage = (r - inner + 0.5).clamp(0.0, 1.0) * (outer - r + 0.5).clamp(0.0, 1.0);
    let mix = |a: f32, b: f32| (a + (b - a) * coverage) as u8;
    [mix(128.0, 230.0), mix(128.0, 120.0), mix(128.0, 20.0)]
}

/// The scene sample's colour at `(u, v)` in `0..1` (before noise); `aspect` is width / height.
fn scene(u: f32, v: f32, aspect: f32) -> [f32; 3] {
    let x = u * aspect;
    let inside_circle = |cx: f32, cy: f32, r: f32| (x - cx).powi(2) + (v - cy).powi(2) < r * r;
    // The sun.
    if inside_circle(0.25 * aspect, 0.2, 0.09) {
        return [250.0, 210.0, 60.0];
    }
    // The tree: a crown and a trunk.
    if inside_circle(0.78 * aspect, 0.42, 0.14) {
        return [40.0, 130.0, 50.0];
    }
    if (0.76 * aspect..0.80 * aspect).contains(&x) && (0.5..0.78).contains(&v) {
        return [110.0, 70.0, 30.0];
    }
    // The house: a wall with a door, under a roof.
    let (left, right) = (0.3 * aspect, 0.6 * aspect);
    if (left..right).contains(&x) && (0.5..0.8).contains(&v) {
        let door = (0.42 * aspect..0.48 * aspect).contains(&x) && v > 0.62;
        return if door {
            [90.0, 50.0, 40.0]
        } else {
            [220.0, 215.0, 200.0]
        };
    }
    let mid = (left + right) / 2.0;
    let roof_half = (right - left) / 2.0 * (v - 0.32) / 0.18;
    if (0.32..0.5).contains(&v) && (x - mid).abs() < roof_half {
        return [170.0, 50.0, 40.0];
    }
    if v >= 0.78 {
        // Grass, darker towards the bottom.
        let t = (v - 0.78) / 0.22;
        [70.0 - 30.0 * t, 160.0 - 50.0 * t, 60.0 - 20.0 * t]
    } else {
        // Sky, lighter towards the horizon.
        let t = v / 0.78;
        [90.0 + 100.0 * t, 150.0 + 70.0 * t, 230.0]
    }
}

/// A picture format the lab lets the browser decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (its first frame).
    Gif,
    /// WebP.
    Webp,
    /// BMP.
    Bmp,
}

impl Format {
    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Bmp => "BMP",
        }
    }
}

/// What a file's first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// Its format.
    pub format: Format,
    /// Width in pixels, as the header says.
    pub width: usize,
    /// Height in pixels, as the header says.
    pub height: usize,
}

/// Why a file is not decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The file is empty.
    Empty,
    /// SVG (or other markup): never decoded here (an SVG can be made to take any time).
    Svg,
    /// Not a picture format the lab reads.
    Unknown,
    /// The header ends early or has no size.
    Truncated(Format),
    /// The header says it is larger than the lab decodes.
    TooLarge {
        /// Its format.
        format: Format,
        /// Its width.
        width: usize,
        /// Its height.
        height: usize,
    },
    /// The file has more bytes than the lab reads.
    FileTooLarge(u64),
}

impl Unreadable {
    /// The message shown in the page.
    pub fn message(&self) -> String {
        match self {
            Unreadable::Empty => "The file is empty.".into(),
            Unreadable::Svg => {
                "SVG and other text files are not read: the lab decodes PNG, JPEG, GIF, WebP and BMP pictures."
                    .into()
            }
            Unreadable::Unknown => {
                "This file is not a picture the lab can read: it decodes PNG, JPEG, GIF, WebP and BMP."
                    .into()
            }
            Unreadable::Truncated(f) => format!(
                "This {} file is damaged or cut short: its header is incomplete.",
                f.name()
            ),
            Unreadable::TooLarge {
                format,
                width,
                height,
            } => format!(
                "This {} picture is {}×{} pixels, too large to decode safely here: the lab decodes pictures up to {} pixels a side and {} megapixels.",
                format.name(),
                width,
                height,
                MAX_DECODE_SIDE,
                MAX_DECODE_PIXELS / 1_000_000
            ),
            Unreadable::FileTooLarge(bytes) => format!(
                "This file has {} MB; the lab reads files up to {} MB.",
                bytes / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        }
    }
}

fn be16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]) as usize)
}
fn le16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]) as usize)
}
fn be32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}
fn le24(b: &[u8], at: usize) -> Option<usize> {
    Some(*b.get(at)? as usize | (*b.get(at + 1)? as usize) << 8 | (*b.get(at + 2)? as usize) << 16)
}
fn le32_abs(b: &[u8], at: usize) -> Option<usize> {
    Some(i32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?).unsigned_abs() as usize)
}

/// Reads a picture's format and size from its first bytes (the whole header; for JPEG, up to
/// its frame header), or says why it is not decoded. `file_len` is the file's length.
pub fn sniff(bytes: &[u8], file_len: u64) -> Result<Sniffed, Unreadable> {
    if file_len == 0 || bytes.is_empty() {
        return Err(Unreadable::Empty);
    }
    if file_len > MAX_FILE_BYTES {
        return Err(Unreadable::FileTooLarge(file_len));
    }
    let (format, size) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let size = (bytes.get(12..16) == Some(b"IHDR"))
            .then(|| Some((be32(bytes, 16)?, be32(bytes, 20)?)))
            .flatten();
        (Format::Png, size)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        (Format::Gif, le16(bytes, 6).zip(le16(bytes, 8)))
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        (Format::Jpeg, jpeg_size(bytes))
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        (Format::Webp, webp_size(bytes))
    } else if bytes.starts_with(b"BM") {
        (Format::Bmp, le32_abs(bytes, 18).zip(le32_abs(bytes, 22)))
    } else {
        let text = bytes
            .iter()
            .skip_while(|b| b.is_ascii_whitespace() || **b == 0xef || **b == 0xbb || **b == 0xbf)
            .take(1)
            .next();
        return Err(if text == Some(&b'<') {
            Unreadable::Svg
        } else {
            Unreadable::Unknown
        });
    };
    let (width, height) = size
        .filter(|&(w, h)| w > 0 && h > 0)
        .ok_or(Unreadable::Truncated(format))?;
    if width.max(height) > MAX_DECODE_SIDE || (width as u64) * (height as u64) > MAX_DECODE_PIXELS {
        return Err(Unreadable::TooLarge {
            format,
            width,
            height,
        });
    }
    Ok(Sniffed {
        format,
        width,
        height,
    })
}

/// The size in a JPEG's first frame header (SOF0–SOF15 but DHT, JPG and DAC).
fn jpeg_size(b: &[u8]) -> Option<(usize, usize)> {
    let mut at = 2;
    loop {
        while *b.get(at)? != 0xff {
            at += 1;
        }
        while *b.get(at)? == 0xff {
            at += 1;
        }
        let marker = *b.get(at)?;
        at += 1;
        if (0xd0..=0xd9).contains(&marker) || marker == 0x01 {
            continue;
        }
        let len = be16(b, at)?;
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            return Some((be16(b, at + 5)?, be16(b, at + 3)?));
        }
        at += len.max(2);
    }
}

/// The size in a WebP's first chunk (lossy, lossless or extended).
fn webp_size(b: &[u8]) -> Option<(usize, usize)> {
    match b.get(12..16)? {
        b"VP8 " => Some((le16(b, 26)? & 0x3fff, le16(b, 28)? & 0x3fff)),
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?) as usize;
            Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_header_gives_its_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        let s = sniff(&png, png.len() as u64).unwrap();
        assert_eq!((s.format, s.width, s.height), (Format::Png, 640, 480));
        assert_eq!(
            sniff(&png[..20], 20),
            Err(Unreadable::Truncated(Format::Png))
        );
    }

    #[test]
    fn svg_text_and_huge_headers_are_refused() {
        assert_eq!(sniff(b"  <svg xmlns=", 12), Err(Unreadable::Svg));
        assert_eq!(sniff(b"hello, world", 12), Err(Unreadable::Unknown));
        let mut gif = b"GIF89a".to_vec();
        gif.extend_from_slice(&60000u16.to_le_bytes());
        gif.extend_from_slice(&60000u16.to_le_bytes());
        assert!(matches!(sniff(&gif, 10), Err(Unreadable::TooLarge { .. })));
    }

    #[test]
    fn samples_have_their_size() {
        for s in Sample::ALL {
            let p = s.picture();
            assert_eq!((p.width(), p.height()), SAMPLE_SIZE);
            assert_eq!(Sample::from_key(s.key()), Some(s));
        }
    }
}
